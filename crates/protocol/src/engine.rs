//! Engines for the device model.
//!
//! * [`MemEngine`]: plain word memories per address space. It is the bus
//!   target the RTL frame layer is tested against (the same memory sits behind
//!   the RTL in the frame-layer test top), not a propagation engine.
//! * [`CoreEngine`]: hard and soft propagation by semiring-core behind the bus,
//!   with the memory layout described in `hdl/PROTOCOL.md` ("Software engine
//!   layout"). It lets the protocol be fault-tested on real work, including a
//!   command that is not idempotent (a soft run changes the domains again).

use crate::device::{BusError, Engine};
use semiring_core::{
    hard_fixpoint, soft_rounds, Boolean, Domains, Fixed, FixpointOutcome, Program, Relation, Revise, Q15,
};

/// Word memories, one per listed space; other spaces reject every access.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemEngine {
    spaces: Vec<(u8, Vec<u16>)>,
}

impl MemEngine {
    /// `sizes`: (space, number of words), all words zero.
    pub fn new(sizes: &[(u8, usize)]) -> MemEngine {
        MemEngine { spaces: sizes.iter().map(|&(s, n)| (s, vec![0; n])).collect() }
    }
    pub fn words(&self, space: u8) -> Option<&[u16]> {
        self.spaces.iter().find(|(s, _)| *s == space).map(|(_, m)| m.as_slice())
    }
    fn slot(&mut self, space: u8, addr: u16) -> Result<&mut u16, BusError> {
        self.spaces
            .iter_mut()
            .find(|(s, _)| *s == space)
            .and_then(|(_, m)| m.get_mut(addr as usize))
            .ok_or(BusError { space, addr })
    }
}

impl Engine for MemEngine {
    fn write(&mut self, space: u8, addr: u16, word: u16) -> Result<(), BusError> {
        *self.slot(space, addr)? = word;
        Ok(())
    }
    fn read(&mut self, space: u8, addr: u16) -> Result<u16, BusError> {
        Ok(*self.slot(space, addr)?)
    }
    fn reset(&mut self) {
        for (_, m) in &mut self.spaces {
            m.fill(0);
        }
    }
}

/// Control registers of [`CoreEngine`] (space 15).
pub mod ctrl {
    /// Number of variables (read/write).
    pub const NUM_VARS: u16 = 0;
    /// Number of instructions (read/write).
    pub const NUM_INSTRUCTIONS: u16 = 1;
    /// Round limit (hard) or number of rounds K (soft) (read/write).
    pub const ROUNDS: u16 = 2;
    /// Write [`GO_HARD`] or [`GO_SOFT`] to run; reads back the last mode.
    pub const GO: u16 = 3;
    /// 0 idle, 1 done, 2 error (program invalid).
    pub const STATE: u16 = 4;
    /// Hard runs: 0 stable, 1 wipeout, 2 round limit.
    pub const OUTCOME: u16 = 5;
    pub const ROUNDS_DONE: u16 = 6;
    /// The variable wiped out, for outcome 1.
    pub const WIPEOUT_VAR: u16 = 7;
    /// Generation parameters (read only): D, max variables, max instructions, max relations.
    pub const PARAM_D: u16 = 8;
    pub const GO_HARD: u16 = 1;
    pub const GO_SOFT: u16 = 2;
    pub const REGS: usize = 12;
}

/// semiring-core propagation behind the bus: every variable has `d` values.
#[derive(Clone, Debug)]
pub struct CoreEngine {
    d: usize,
    max_vars: usize,
    max_instr: usize,
    max_rel: usize,
    program: Vec<u16>,
    relations: Vec<u16>,
    domains: Vec<u16>,
    soft: Vec<u16>,
    regs: [u16; ctrl::REGS],
}

impl CoreEngine {
    pub fn new(d: usize, max_vars: usize, max_instr: usize, max_rel: usize) -> CoreEngine {
        assert!((1..=64).contains(&d), "CoreEngine supports 1..=64 values");
        let w = Self::words_per_mask(d);
        let mut e = CoreEngine {
            d,
            max_vars,
            max_instr,
            max_rel,
            program: vec![0; 3 * max_instr],
            relations: vec![0; max_rel * d * w],
            domains: vec![0; max_vars * w],
            soft: vec![0; max_vars * d],
            regs: [0; ctrl::REGS],
        };
        e.reset();
        e
    }

    /// 16-bit words per `d`-bit mask.
    pub fn words_per_mask(d: usize) -> usize {
        d.div_ceil(16)
    }

    fn program(&self) -> Result<Program, semiring_core::ProgramError> {
        let (d, w) = (self.d, Self::words_per_mask(self.d));
        let n = self.regs[ctrl::NUM_VARS as usize] as usize;
        let bit = |mem: &[u16], base: usize, b: usize| mem[base + b / 16] >> (b % 16) & 1 == 1;
        let relations = (0..self.max_rel)
            .map(|r| Relation::from_fn(d, d, |a, b| bit(&self.relations, (r * d + a) * w, b)))
            .collect();
        let m = self.regs[ctrl::NUM_INSTRUCTIONS as usize] as usize;
        let instructions = (0..m)
            .map(|i| Revise {
                target: self.program[3 * i] as u32,
                source: self.program[3 * i + 1] as u32,
                relation: self.program[3 * i + 2] as u32,
            })
            .collect();
        Program::new(vec![d; n], relations, instructions)
    }

    fn run(&mut self, mode: u16) {
        let (d, w) = (self.d, Self::words_per_mask(self.d));
        let rounds = self.regs[ctrl::ROUNDS as usize] as usize;
        let n = self.regs[ctrl::NUM_VARS as usize] as usize;
        let program = match self.program() {
            Ok(p) if n <= self.max_vars && p.instructions.len() <= self.max_instr => p,
            _ => {
                self.regs[ctrl::STATE as usize] = 2;
                return;
            }
        };
        if mode == ctrl::GO_HARD {
            let mut dom: Domains<Boolean> =
                Domains::from_fn(&program.widths, |v, a| self.domains[v * w + a / 16] >> (a % 16) & 1 == 1);
            let fix = hard_fixpoint(&program, &mut dom, rounds);
            for v in 0..n {
                for k in 0..w {
                    self.domains[v * w + k] = (dom.var(v)[0] >> (16 * k)) as u16;
                }
            }
            let (outcome, var) = match fix.outcome {
                FixpointOutcome::Stable => (0, 0),
                FixpointOutcome::Wipeout(v) => (1, v as u16),
                FixpointOutcome::RoundLimit => (2, 0),
            };
            self.regs[ctrl::OUTCOME as usize] = outcome;
            self.regs[ctrl::WIPEOUT_VAR as usize] = var;
            self.regs[ctrl::ROUNDS_DONE as usize] = fix.rounds as u16;
        } else {
            let init: Domains<Fixed> = Domains::from_probs(&program.widths, |v, a| Q15(self.soft[v * d + a]));
            let out = soft_rounds(&program, &init, rounds);
            let last = out.last().expect("soft_rounds returns k + 1 domains");
            for v in 0..n {
                for a in 0..d {
                    self.soft[v * d + a] = last.var(v)[a].0;
                }
            }
            self.regs[ctrl::ROUNDS_DONE as usize] = rounds as u16;
        }
        self.regs[ctrl::STATE as usize] = 1;
    }

    fn mem(&mut self, space: u8) -> Option<&mut Vec<u16>> {
        use crate::codec::space as s;
        match space {
            s::PROGRAM => Some(&mut self.program),
            s::RELATIONS => Some(&mut self.relations),
            s::DOMAINS => Some(&mut self.domains),
            s::SOFT_DOMAINS => Some(&mut self.soft),
            _ => None,
        }
    }
}

impl Engine for CoreEngine {
    fn write(&mut self, space: u8, addr: u16, word: u16) -> Result<(), BusError> {
        let err = BusError { space, addr };
        if space == crate::codec::space::CONTROL {
            match addr {
                ctrl::NUM_VARS | ctrl::NUM_INSTRUCTIONS | ctrl::ROUNDS => self.regs[addr as usize] = word,
                ctrl::GO if word == ctrl::GO_HARD || word == ctrl::GO_SOFT => {
                    self.regs[ctrl::GO as usize] = word;
                    self.run(word);
                }
                _ => return Err(err),
            }
            return Ok(());
        }
        *self.mem(space).and_then(|m| m.get_mut(addr as usize)).ok_or(err)? = word;
        Ok(())
    }

    fn read(&mut self, space: u8, addr: u16) -> Result<u16, BusError> {
        let err = BusError { space, addr };
        if space == crate::codec::space::CONTROL {
            return self.regs.get(addr as usize).copied().ok_or(err);
        }
        self.mem(space).and_then(|m| m.get(addr as usize).copied()).ok_or(err)
    }

    fn reset(&mut self) {
        for m in [&mut self.program, &mut self.relations, &mut self.domains, &mut self.soft] {
            m.fill(0);
        }
        self.regs = [0; ctrl::REGS];
        self.regs[ctrl::PARAM_D as usize] = self.d as u16;
        self.regs[ctrl::PARAM_D as usize + 1] = self.max_vars as u16;
        self.regs[ctrl::PARAM_D as usize + 2] = self.max_instr as u16;
        self.regs[ctrl::PARAM_D as usize + 3] = self.max_rel as u16;
    }
}
