//! Engines for the device model.
//!
//! * [`MemEngine`]: a plain word memory with a `busy` input the test sets and
//!   a count of start pulses. It is the bus target the RTL frame layer is
//!   tested against (the same fixture sits behind the RTL in the frame-layer
//!   test top), not a propagation engine.
//! * [`CoreEngine`]: semiring-core propagation behind the host interface of
//!   `hdl_gen`'s engine (register map in `crates/hdl-gen/src/lib.rs`), so the
//!   protocol is fault-tested on real work, including a command that is not
//!   idempotent (START of a soft run changes the domains again).

use crate::device::Engine;
use semiring_core::{
    hard_fixpoint, soft_rounds, Boolean, Domains, Fixed, FixpointOutcome, Program, Relation, Revise, Q15,
};

/// `2^addr_bits` words of memory; addresses wrap (the RTL fixture ignores the high bits).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemEngine {
    pub mem: Vec<u32>,
    pub busy: bool,
    pub starts: u64,
}

impl MemEngine {
    pub fn new(addr_bits: u32) -> MemEngine {
        MemEngine { mem: vec![0; 1 << addr_bits], busy: false, starts: 0 }
    }
    fn index(&self, addr: u16) -> usize {
        addr as usize & (self.mem.len() - 1)
    }
}

impl Engine for MemEngine {
    fn write(&mut self, addr: u16, word: u32) {
        let i = self.index(addr);
        self.mem[i] = word;
    }
    fn read(&mut self, addr: u16) -> u32 {
        self.mem[self.index(addr)]
    }
    fn start(&mut self) {
        self.starts += 1;
    }
    fn busy(&self) -> bool {
        self.busy
    }
    /// Like the block RAM of the RTL fixture, the memory keeps its contents
    /// through reset (only the session is lost, in the frame layer).
    fn reset(&mut self) {}
}

/// The engine's register map (region 0) and region numbers, as documented in
/// `crates/hdl-gen/src/lib.rs`.
pub mod reg {
    pub const MODE: u16 = 0;
    pub const ROUNDS: u16 = 1;
    pub const NUM_INSTR: u16 = 2;
    pub const NUM_VARS: u16 = 3;
    pub const WIDTH: u16 = 4;
    pub const STATUS: u16 = 8;
    pub const CYCLES: u16 = 9;
    pub const ROUNDS_DONE: u16 = 10;
    pub const WIPEOUT_VAR: u16 = 11;
    pub const INFO: u16 = 12;
    pub const REGION_PROGRAM: u16 = 1;
    pub const REGION_RELATIONS: u16 = 2;
    pub const REGION_HARD: u16 = 3;
    pub const REGION_SOFT: u16 = 4;
    /// Word address of `offset` in `region`.
    pub fn addr(region: u16, offset: u16) -> u16 {
        region << 13 | offset
    }
    /// STATUS outcome codes (bits 3:0); bit 4 is busy.
    pub const STABLE: u32 = 1;
    pub const WIPEOUT: u32 = 2;
    pub const ROUND_LIMIT: u32 = 3;
    pub const SOFT_DONE: u32 = 4;
    pub const CONFIG_ERROR: u32 = 15;
}

/// Generation parameters mirrored from `hdl_gen::EngineConfig`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoreConfig {
    pub d: usize,
    pub var_bits: usize,
    pub prog_bits: usize,
    pub rel_bits: usize,
}

impl CoreConfig {
    /// `hdl_gen::EngineConfig::DEFAULT`.
    pub const DEFAULT: CoreConfig = CoreConfig { d: 16, var_bits: 7, prog_bits: 13, rel_bits: 6 };
    pub fn value_bits(&self) -> usize {
        (usize::BITS - (self.d.max(1) - 1).leading_zeros()) as usize
    }
}

/// semiring-core behind the engine's bus. Runs complete within START (never
/// busy afterwards). Not modelled: CYCLES reads 0, and unmapped addresses
/// read 0 (the RTL's value there is unspecified).
#[derive(Clone, Debug)]
pub struct CoreEngine {
    cfg: CoreConfig,
    regs: [u32; 16],
    program: Vec<u32>,
    relations: Vec<u32>,
    hard: Vec<u32>,
    soft: Vec<u32>,
}

impl CoreEngine {
    pub fn new(cfg: CoreConfig) -> CoreEngine {
        assert!((1..=32).contains(&cfg.d), "D up to 32 (one data word)");
        let ab = cfg.value_bits();
        let mut e = CoreEngine {
            cfg,
            regs: [0; 16],
            program: vec![0; 1 << cfg.prog_bits],
            relations: vec![0; 1 << (cfg.rel_bits + ab)],
            hard: vec![0; 1 << cfg.var_bits],
            soft: vec![0; 1 << (cfg.var_bits + ab)],
        };
        e.reset();
        e
    }

    fn slot(&mut self, addr: u16) -> Option<(&mut u32, u32)> {
        let (region, off) = (addr >> 13, (addr & 0x1fff) as usize);
        let mask = |bits: usize| (1usize << bits) - 1;
        let ab = self.cfg.value_bits();
        let dmask = if self.cfg.d == 32 { u32::MAX } else { (1 << self.cfg.d) - 1 };
        let pw = 2 * self.cfg.var_bits + self.cfg.rel_bits;
        match region {
            0 => match off as u16 {
                reg::MODE => Some((&mut self.regs[off], 1)),
                reg::ROUNDS | reg::NUM_INSTR | reg::NUM_VARS | reg::WIDTH => Some((&mut self.regs[off], 0xffff)),
                _ => None,
            },
            1 => Some((&mut self.program[off & mask(self.cfg.prog_bits)], (1 << pw) - 1)),
            2 => Some((&mut self.relations[off & mask(self.cfg.rel_bits + ab)], dmask)),
            3 => Some((&mut self.hard[off & mask(self.cfg.var_bits)], dmask)),
            4 => Some((&mut self.soft[off & mask(self.cfg.var_bits + ab)], 0xffff)),
            _ => None,
        }
    }

    fn build(&self) -> Option<Program> {
        let c = self.cfg;
        let (ab, vb) = (c.value_bits(), c.var_bits);
        let w = self.regs[reg::WIDTH as usize] as usize;
        let n = self.regs[reg::NUM_VARS as usize] as usize;
        let m = self.regs[reg::NUM_INSTR as usize] as usize;
        if !(1..=c.d).contains(&w) || n > 1 << vb || m > 1 << c.prog_bits {
            return None;
        }
        let relations = (0..1usize << c.rel_bits)
            .map(|r| Relation::from_fn(w, w, |a, b| self.relations[r << ab | a] >> b & 1 == 1))
            .collect();
        let field = |word: u32, at: usize, bits: usize| (word >> at) & ((1 << bits) - 1);
        let instructions = self.program[..m]
            .iter()
            .map(|&p| Revise {
                target: field(p, 0, vb),
                source: field(p, vb, vb),
                relation: field(p, 2 * vb, c.rel_bits),
            })
            .collect();
        Program::new(vec![w; n], relations, instructions).ok()
    }

    fn run(&mut self) {
        let ab = self.cfg.value_bits();
        let rounds = self.regs[reg::ROUNDS as usize] as usize;
        let Some(p) = self.build() else {
            self.regs[reg::STATUS as usize] = reg::CONFIG_ERROR;
            return;
        };
        let n = p.num_vars();
        if self.regs[reg::MODE as usize] == 0 {
            let mut d: Domains<Boolean> = Domains::from_fn(&p.widths, |v, a| self.hard[v] >> a & 1 == 1);
            let fix = hard_fixpoint(&p, &mut d, rounds);
            for v in 0..n {
                self.hard[v] = d.var(v)[0] as u32;
            }
            let (status, var) = match fix.outcome {
                FixpointOutcome::Stable => (reg::STABLE, 0),
                FixpointOutcome::Wipeout(v) => (reg::WIPEOUT, v as u32),
                FixpointOutcome::RoundLimit => (reg::ROUND_LIMIT, 0),
            };
            self.regs[reg::STATUS as usize] = status;
            self.regs[reg::WIPEOUT_VAR as usize] = var;
            self.regs[reg::ROUNDS_DONE as usize] = fix.rounds as u32;
        } else {
            let init: Domains<Fixed> = Domains::from_probs(&p.widths, |v, a| Q15(self.soft[v << ab | a] as u16));
            let out = soft_rounds(&p, &init, rounds);
            let last = &out[rounds];
            for v in 0..n {
                for a in 0..p.widths[v] {
                    self.soft[v << ab | a] = last.var(v)[a].0 as u32;
                }
            }
            self.regs[reg::STATUS as usize] = reg::SOFT_DONE;
            self.regs[reg::ROUNDS_DONE as usize] = rounds as u32;
        }
    }
}

impl Engine for CoreEngine {
    fn write(&mut self, addr: u16, word: u32) {
        if let Some((slot, mask)) = self.slot(addr) {
            *slot = word & mask;
        }
    }
    fn read(&mut self, addr: u16) -> u32 {
        match addr {
            a if a == reg::STATUS || a == reg::ROUNDS_DONE || a == reg::WIPEOUT_VAR || a == reg::INFO => {
                self.regs[a as usize]
            }
            _ => self.slot(addr).map_or(0, |(w, _)| *w),
        }
    }
    fn start(&mut self) {
        self.run();
    }
    fn busy(&self) -> bool {
        false
    }
    fn reset(&mut self) {
        for m in [&mut self.program, &mut self.relations, &mut self.hard, &mut self.soft] {
            m.fill(0);
        }
        let c = self.cfg;
        self.regs = [0; 16];
        self.regs[reg::INFO as usize] =
            (c.d | c.var_bits << 8 | c.prog_bits << 12 | c.rel_bits << 16 | c.value_bits() << 20) as u32;
    }
}
