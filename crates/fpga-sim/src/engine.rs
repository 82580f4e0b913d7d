//! The typed API over one simulator process (see `sim/harness.cpp` for the
//! line protocol and `hdl_gen`'s crate docs for the register map).

use crate::build::{build, SimPaths};
use crate::link::{parse_hex, HarnessLink};
use crate::SimError;
use semiring_core::{Boolean, Domains, Fixed, Fixpoint, FixpointOutcome, Program, Q15};
use std::path::Path;

const REGION_REGS: u32 = 0;
const REGION_PROG: u32 = 1 << 13;
const REGION_REL: u32 = 2 << 13;
pub(crate) const REGION_HARD: u32 = 3 << 13;
const REGION_SOFT: u32 = 4 << 13;
const REGION_OWNER: u32 = 5 << 13;
const REG_MODE: u32 = 0;
/// The round limit, the word after MODE.
pub(crate) const REG_ROUNDS: u32 = 1;
const REG_NUM_INSTR: u32 = 2;
const REG_NUM_VARS: u32 = 3;
const REG_LANE: u32 = 5;
pub(crate) const REG_INFO: u32 = 12;

/// Generation parameters, read from the engine's INFO register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EngineInfo {
    /// Maximum domain width D.
    pub width: usize,
    pub var_bits: usize,
    pub prog_bits: usize,
    pub rel_bits: usize,
    /// `clog2(D)`.
    pub value_bits: usize,
    /// Parallel lanes.
    pub lanes: usize,
}

impl EngineInfo {
    fn from_word(w: u32) -> EngineInfo {
        EngineInfo {
            width: (w & 0xff) as usize,
            var_bits: (w >> 8 & 0xf) as usize,
            prog_bits: (w >> 12 & 0xf) as usize,
            rel_bits: (w >> 16 & 0xf) as usize,
            value_bits: (w >> 20 & 0xf) as usize,
            lanes: (w >> 24 & 0xf) as usize + 1,
        }
    }
}

/// Result of a hard run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HardRun {
    pub fixpoint: Fixpoint,
    pub cycles: u64,
}

/// Result of a soft run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SoftRun {
    pub rounds: usize,
    pub cycles: u64,
}

#[derive(Clone, Debug)]
struct Loaded {
    num_vars: usize,
    /// Instructions per lane.
    lane_instr: Vec<usize>,
    width: usize,
}

/// A program split over lanes by target (see the register map in `hdl_gen`'s
/// crate docs): every instruction whose target is `t` goes to lane
/// `owner[t]`, and each lane keeps the program order of its instructions,
/// so every target sees its instructions in program order, as in
/// `semiring_core::interp::round`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaneSplit {
    /// The lane of each variable (0 for variables that are no target).
    pub owner: Vec<usize>,
    /// Per lane, the indices of its instructions in the program, ascending.
    pub lanes: Vec<Vec<usize>>,
}

impl LaneSplit {
    /// Balances the targets over `lanes` lanes: targets by decreasing
    /// instruction count (ties: lower variable first), each to the lane with
    /// the fewest instructions so far (ties: lower lane), the longest
    /// processing time first rule.
    pub fn balanced(program: &Program, lanes: usize) -> LaneSplit {
        let lanes = lanes.max(1);
        let mut count = vec![0usize; program.num_vars()];
        for ins in &program.instructions {
            count[ins.target as usize] += 1;
        }
        let mut targets: Vec<usize> = (0..count.len()).filter(|&v| count[v] > 0).collect();
        targets.sort_by_key(|&v| (std::cmp::Reverse(count[v]), v));
        let mut owner = vec![0usize; count.len()];
        let mut load = vec![0usize; lanes];
        for v in targets {
            let l = (0..lanes).min_by_key(|&l| (load[l], l)).unwrap_or(0);
            owner[v] = l;
            load[l] += count[v];
        }
        let mut per_lane = vec![Vec::new(); lanes];
        for (i, ins) in program.instructions.iter().enumerate() {
            per_lane[owner[ins.target as usize]].push(i);
        }
        LaneSplit { owner, lanes: per_lane }
    }

    /// Instructions in the busiest lane: what a round's run phase takes.
    pub fn max_lane(&self) -> usize {
        self.lanes.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// One simulator process.
pub struct Sim {
    link: HarnessLink,
    pub info: EngineInfo,
    loaded: Option<Loaded>,
}

impl Sim {
    /// Builds (or reuses) the workspace simulator and starts it.
    pub fn new() -> Result<Sim, SimError> {
        let b = build(&SimPaths::workspace())?;
        Sim::spawn(&b.exe)
    }

    /// Starts a built simulator binary.
    pub fn spawn(exe: &Path) -> Result<Sim, SimError> {
        let mut sim = Sim { link: HarnessLink::spawn(exe)?, info: EngineInfo::from_word(0), loaded: None };
        sim.info = EngineInfo::from_word(sim.read_words(REGION_REGS | REG_INFO, 1)?[0]);
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

    /// Rebuilds the model: all memories and registers back to zero.
    pub fn reset(&mut self) -> Result<(), SimError> {
        self.loaded = None;
        self.cmd("reset").map(drop)
    }

    /// Starts writing a VCD waveform to `path` (until [`Sim::vcd_off`] or reset).
    pub fn vcd(&mut self, path: &Path) -> Result<(), SimError> {
        self.cmd(&format!("vcd {}", path.display())).map(drop)
    }

    pub fn vcd_off(&mut self) -> Result<(), SimError> {
        self.cmd("vcdoff").map(drop)
    }

    /// Clocks simulated and wall-clock seconds spent in runs so far (loading
    /// and reading back excluded): the simulation speed.
    pub fn stats(&mut self) -> Result<(u64, f64), SimError> {
        let r = self.cmd("stats")?;
        let mut it = r.split_whitespace();
        let bad = || SimError::Protocol(format!("bad stats reply `{r}`"));
        let clocks = it.next().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
        let secs = it.next().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
        Ok((clocks, secs))
    }

    /// Checks that `program` fits and loads its instructions and relations,
    /// split over the lanes by [`LaneSplit::balanced`]. Write the domains
    /// after loading: with several lanes a lane's next bank is current only
    /// for the variables it owns.
    pub fn load_program(&mut self, program: &Program) -> Result<(), SimError> {
        let info = self.info;
        let fits = |what, need: usize, have: usize| {
            if need > have {
                Err(SimError::DoesNotFit { what, need, have })
            } else {
                Ok(())
            }
        };
        fits("the domain width", program.width(), info.width)?;
        fits("the number of variables", program.num_vars(), 1 << info.var_bits)?;
        let split = LaneSplit::balanced(program, info.lanes);
        let what =
            if info.lanes == 1 { "the number of instructions" } else { "the number of instructions in one lane" };
        fits(what, split.max_lane(), 1 << info.prog_bits)?;
        fits("the number of relations", program.relations.len(), 1 << info.rel_bits)?;
        let vb = info.var_bits;
        // Each lane's program and instruction count, selected by LANE.
        for (l, idx) in split.lanes.iter().enumerate() {
            let words: Vec<u32> = idx
                .iter()
                .map(|&k| &program.instructions[k])
                .map(|i| i.target | i.source << vb | i.relation << (2 * vb))
                .collect();
            self.write_words(REGION_REGS | REG_LANE, &[l as u32])?;
            self.write_words(REGION_PROG, &words)?;
            self.write_words(REGION_REGS | REG_NUM_INSTR, &[words.len() as u32])?;
        }
        self.write_words(REGION_REGS | REG_LANE, &[0])?;
        if info.lanes > 1 {
            let owner: Vec<u32> = split.owner.iter().map(|&l| l as u32).collect();
            self.write_words(REGION_OWNER, &owner)?;
        }
        let d = info.width;
        let mut rows = Vec::with_capacity(program.relations.len() * d);
        for r in &program.relations {
            for a in 0..d {
                rows.push(if a < r.rows() { r.row(a)[0] as u32 } else { 0 });
            }
        }
        // Rows of relation k are at k << AB; with D a power of two they are contiguous.
        if d == 1 << info.value_bits {
            self.write_words(REGION_REL, &rows)?;
        } else {
            for (k, chunk) in rows.chunks(d).enumerate() {
                self.write_words(REGION_REL | (k << info.value_bits) as u32, chunk)?;
            }
        }
        let (v, w) = (program.num_vars(), program.width());
        self.write_words(REGION_REGS | REG_NUM_VARS, &[v as u32, w as u32])?;
        let lane_instr = split.lanes.iter().map(Vec::len).collect();
        self.loaded = Some(Loaded { num_vars: v, lane_instr, width: w });
        Ok(())
    }

    /// Instructions per lane of the loaded program (`None` before a program is loaded).
    pub fn lane_instructions(&self) -> Option<&[usize]> {
        self.loaded.as_ref().map(|l| l.lane_instr.as_slice())
    }

    /// Instructions in the busiest lane of the loaded program: the `n` of the
    /// cycle formulas in `hdl_gen::EngineConfig`.
    pub fn busiest_lane(&self) -> Result<usize, SimError> {
        Ok(self.loaded()?.lane_instr.iter().copied().max().unwrap_or(0))
    }

    fn loaded(&self) -> Result<Loaded, SimError> {
        self.loaded.clone().ok_or(SimError::NoProgram)
    }

    pub fn write_hard(&mut self, d: &Domains<Boolean>) -> Result<(), SimError> {
        let l = self.loaded()?;
        if d.num_vars() != l.num_vars {
            return Err(SimError::Protocol(format!("{} domains for {} variables", d.num_vars(), l.num_vars)));
        }
        let words: Vec<u32> = (0..d.num_vars()).map(|v| d.var(v)[0] as u32).collect();
        self.write_words(REGION_HARD, &words)
    }

    pub fn read_hard(&mut self, widths: &[usize]) -> Result<Domains<Boolean>, SimError> {
        let words = self.read_words(REGION_HARD, widths.len())?;
        for (v, (&w, &word)) in widths.iter().zip(&words).enumerate() {
            if w < 32 && word >> w != 0 {
                return Err(SimError::Protocol(format!(
                    "the engine returned values past the width {w} of variable {v}: {word:#x}"
                )));
            }
        }
        Ok(Domains::from_fn(widths, |v, a| words[v] >> a & 1 == 1))
    }

    pub fn write_soft(&mut self, d: &Domains<Fixed>) -> Result<(), SimError> {
        let l = self.loaded()?;
        if d.num_vars() != l.num_vars {
            return Err(SimError::Protocol(format!("{} domains for {} variables", d.num_vars(), l.num_vars)));
        }
        let ab = self.info.value_bits;
        for v in 0..d.num_vars() {
            let words: Vec<u32> = d.var(v).iter().map(|q| q.0 as u32).collect();
            self.write_words(REGION_SOFT | (v << ab) as u32, &words)?;
        }
        Ok(())
    }

    pub fn read_soft(&mut self, widths: &[usize]) -> Result<Domains<Fixed>, SimError> {
        let ab = self.info.value_bits;
        let w = widths.iter().copied().max().unwrap_or(1);
        let mut vals = Vec::with_capacity(widths.len());
        for v in 0..widths.len() {
            let row = self.read_words(REGION_SOFT | (v << ab) as u32, w)?;
            if let Some(a) = (widths[v]..w).find(|&a| row[a] != 0) {
                return Err(SimError::Protocol(format!(
                    "the engine returned {:#x} for value {a} of variable {v}, past its width {}",
                    row[a], widths[v]
                )));
            }
            if let Some(a) = (0..w).find(|&a| row[a] > 0x8000) {
                return Err(SimError::Protocol(format!(
                    "the engine returned {:#x} for value {a} of variable {v}: not a Q1.15 probability",
                    row[a]
                )));
            }
            vals.push(row);
        }
        Ok(Domains::from_probs(widths, |v, a| Q15(vals[v][a] as u16)))
    }

    /// A generous cycle budget: the run is aborted (as an error) past it.
    fn budget(&self, l: &Loaded, rounds: usize, soft: bool) -> u64 {
        let per_instr = if soft { 2 + l.width * (l.width + 2) } else { 1 };
        let busiest = l.lane_instr.iter().copied().max().unwrap_or(0);
        let per_round = busiest * per_instr + l.num_vars * l.width + 16;
        (rounds as u64 + 1) * per_round as u64 * 2 + 1000
    }

    fn run(&mut self, soft: bool, rounds: usize) -> Result<(u32, u64, usize, usize), SimError> {
        let l = self.loaded()?;
        if rounds > u16::MAX as usize {
            return Err(SimError::DoesNotFit { what: "the round count", need: rounds, have: u16::MAX as usize });
        }
        self.write_words(REGION_REGS | REG_MODE, &[soft as u32, rounds as u32])?;
        let budget = self.budget(&l, rounds, soft);
        let reply = match self.cmd(&format!("run {budget}")) {
            Err(SimError::Harness { reply, .. }) if reply.starts_with("timeout") => {
                return Err(SimError::Timeout { cycles: budget })
            }
            r => r?,
        };
        let f: Vec<u32> = reply.split_whitespace().map(parse_hex).collect::<Result<_, _>>()?;
        if f.len() != 4 {
            return Err(SimError::Protocol(format!("bad run reply `{reply}`")));
        }
        if f[0] & 0xf == 15 {
            return Err(SimError::ConfigRejected);
        }
        Ok((f[0] & 0xf, f[1] as u64, f[2] as usize, f[3] as usize))
    }

    /// Hard propagation from the domains last written, up to `max_rounds` rounds.
    pub fn run_hard(&mut self, max_rounds: usize) -> Result<HardRun, SimError> {
        let (status, cycles, rounds, wipe) = self.run(false, max_rounds)?;
        Ok(HardRun { fixpoint: Fixpoint { outcome: hard_outcome(status, wipe)?, rounds }, cycles })
    }

    /// Exactly `k` soft rounds from the soft domains last written.
    pub fn run_soft(&mut self, k: usize) -> Result<SoftRun, SimError> {
        let (status, cycles, rounds, _) = self.run(true, k)?;
        if status != 4 {
            return Err(SimError::Protocol(format!("soft run ended with status {status}")));
        }
        Ok(SoftRun { rounds, cycles })
    }
}

/// The outcome a hard run's STATUS code stands for (the same codes on both engines).
pub(crate) fn hard_outcome(status: u32, wipe: usize) -> Result<FixpointOutcome, SimError> {
    match status {
        1 => Ok(FixpointOutcome::Stable),
        2 => Ok(FixpointOutcome::Wipeout(wipe)),
        3 => Ok(FixpointOutcome::RoundLimit),
        s => Err(SimError::Protocol(format!("hard run ended with status {s}"))),
    }
}
