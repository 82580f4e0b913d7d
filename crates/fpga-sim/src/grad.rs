//! The typed API over the straight-through gradient unit in simulation
//! (`hdl/generated/grad_unit.v` driven through `sim/grad_harness.cpp`; the
//! register map is in `hdl_gen::grad_unit`). The result is what the hardware
//! computed, to be compared with `semiring_core::st_fixed::st_backward_fixed`.

use crate::build::{build, SimPaths};
use crate::link::{parse_hex, HarnessLink};
use crate::SimError;
use semiring_core::{Boolean, Domains, Program};
use std::path::Path;

const REGION_REGS: u32 = 0;
const REGION_PROG: u32 = 1 << 13;
const REGION_REL: u32 = 2 << 13;
const REGION_HARD: u32 = 3 << 13;
const REGION_GRAD: u32 = 4 << 13;
const REG_K: u32 = 0;
const REG_INFO: u32 = 12;

/// Generation parameters, read from the unit's INFO register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GradInfo {
    pub width: usize,
    pub var_bits: usize,
    pub prog_bits: usize,
    pub rel_bits: usize,
    pub value_bits: usize,
    /// Up to `2^round_bits` rounds.
    pub round_bits: usize,
}

impl GradInfo {
    fn from_word(w: u32) -> GradInfo {
        GradInfo {
            width: (w & 0xff) as usize,
            var_bits: (w >> 8 & 0xf) as usize,
            prog_bits: (w >> 12 & 0xf) as usize,
            rel_bits: (w >> 16 & 0xf) as usize,
            value_bits: (w >> 20 & 0xf) as usize,
            round_bits: (w >> 24 & 0xf) as usize,
        }
    }
}

/// What the unit returned for one backward pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GradRun {
    /// Gradient on `d^0`, Q16.16, layout `var * program.width() + value`.
    pub grad: Vec<i32>,
    /// The unit's sticky saturation flag.
    pub saturated: bool,
    /// Clocks from `start` to the end of the run (the CYCLES register).
    pub cycles: u64,
}

/// One gradient-unit simulator process.
pub struct GradSim {
    link: HarnessLink,
    pub info: GradInfo,
}

impl GradSim {
    /// Builds (or reuses) the gradient unit's simulator and starts it.
    pub fn new() -> Result<GradSim, SimError> {
        let b = build(&SimPaths::grad_unit())?;
        GradSim::spawn(&b.exe)
    }

    /// Starts a built simulator binary.
    pub fn spawn(exe: &Path) -> Result<GradSim, SimError> {
        let mut sim = GradSim { link: HarnessLink::spawn(exe)?, info: GradInfo::from_word(0) };
        sim.info = GradInfo::from_word(sim.read_words(REGION_REGS | REG_INFO, 1)?[0]);
        Ok(sim)
    }

    fn cmd(&mut self, line: &str) -> Result<String, SimError> {
        self.link.cmd(line)
    }

    /// Writes consecutive words starting at `addr`.
    pub fn write_words(&mut self, addr: u32, words: &[u32]) -> Result<(), SimError> {
        self.link.write_words(addr, words)
    }

    /// Reads `n` consecutive words starting at `addr`.
    pub fn read_words(&mut self, addr: u32, n: usize) -> Result<Vec<u32>, SimError> {
        self.link.read_words(addr, n)
    }

    /// Starts writing a VCD waveform to `path`.
    pub fn vcd(&mut self, path: &Path) -> Result<(), SimError> {
        self.cmd(&format!("vcd {}", path.display())).map(drop)
    }

    /// The straight-through backward pass in hardware: the same inputs as
    /// `semiring_core::st_fixed::st_backward_fixed` (`rounds[r] = d^r`, K =
    /// `rounds.len() - 1`; `upstream` is `dL/d d^K`, layout
    /// `var * program.width() + value`, padding ignored).
    pub fn backward(
        &mut self,
        program: &Program,
        rounds: &[Domains<Boolean>],
        upstream: &[i32],
    ) -> Result<GradRun, SimError> {
        let info = self.info;
        let fits = |what, need: usize, have: usize| {
            if need > have {
                Err(SimError::DoesNotFit { what, need, have })
            } else {
                Ok(())
            }
        };
        let (n, w) = (program.num_vars(), program.width());
        let k = rounds.len().checked_sub(1).ok_or_else(|| SimError::BadInput("no rounds (need d^0)".into()))?;
        fits("the domain width", w, info.width)?;
        fits("the number of variables", n, 1 << info.var_bits)?;
        fits("the number of instructions", program.instructions.len(), 1 << info.prog_bits)?;
        fits("the number of relations", program.relations.len(), 1 << info.rel_bits)?;
        fits("the number of rounds", k, 1 << info.round_bits)?;
        if let Some(r) = rounds.iter().position(|d| d.widths[..] != program.widths[..]) {
            return Err(SimError::BadInput(format!("round {r} has other variable widths than the program")));
        }
        if upstream.len() != n * w {
            return Err(SimError::BadInput(format!("upstream has {} cells, expected {}", upstream.len(), n * w)));
        }
        let (vb, ab, d) = (info.var_bits, info.value_bits, info.width);
        let prog: Vec<u32> =
            program.instructions.iter().map(|i| i.target | i.source << vb | i.relation << (2 * vb)).collect();
        self.write_words(REGION_PROG, &prog)?;
        let mut rows = vec![0u32; program.relations.len() << ab];
        for (ri, r) in program.relations.iter().enumerate() {
            for a in 0..r.rows().min(d) {
                rows[ri << ab | a] = r.row(a)[0] as u32;
            }
        }
        self.write_words(REGION_REL, &rows)?;
        for (r, dom) in rounds[..k].iter().enumerate() {
            let words: Vec<u32> = (0..n).map(|v| dom.var(v)[0] as u32).collect();
            self.write_words(REGION_HARD | (r << vb) as u32, &words)?;
        }
        let mut up = vec![0u32; n << ab];
        for v in 0..n {
            for a in 0..program.widths[v] {
                up[v << ab | a] = upstream[v * w + a] as u32;
            }
        }
        self.write_words(REGION_GRAD, &up)?;
        let ni = program.instructions.len();
        self.write_words(REGION_REGS | REG_K, &[k as u32, ni as u32, n as u32, w as u32])?;
        // Generous: every (instruction, value) routed to all W values.
        let per_round = n * (w + 1) + ni * (w * (3 * w + 4) + 10) + 16;
        let budget = (k as u64) * per_round as u64 + 1000;
        let reply = match self.cmd(&format!("run {budget}")) {
            Err(SimError::Harness { reply, .. }) if reply.starts_with("timeout") => {
                return Err(SimError::Timeout { cycles: budget })
            }
            r => r?,
        };
        let f: Vec<u32> = reply.split_whitespace().map(parse_hex).collect::<Result<_, _>>()?;
        if f.len() != 2 {
            return Err(SimError::Protocol(format!("bad run reply `{reply}`")));
        }
        if f[0] & 2 != 0 {
            return Err(SimError::ConfigRejected);
        }
        let words = self.read_words(REGION_GRAD, n << ab)?;
        let mut grad = vec![0i32; n * w];
        for v in 0..n {
            for a in 0..w {
                grad[v * w + a] = words[v << ab | a] as i32;
            }
        }
        Ok(GradRun { grad, saturated: f[0] & 1 != 0, cycles: f[1] as u64 })
    }
}
