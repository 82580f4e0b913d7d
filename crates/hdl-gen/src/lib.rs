//! hdl-gen: lowers the propagation program executor to Verilog with rust-hdl.
//!
//! The generated module `top` is a programmable propagation engine that runs
//! a [`semiring_core::Program`] on `L` parallel lanes exactly as
//! `semiring_core::interp` does:
//! hard rounds (`Boolean`) to a fixpoint with the stop rule of
//! `interp::hard_fixpoint` (after each round: Wipeout, else Stable, else
//! RoundLimit), or exactly K soft rounds in Q1.15 (`Fixed`), bit
//! for bit. Arithmetic is not defined here: the multiplier computes
//! `(a * b + 0x4000) >> 15` and complements are `0x8000 - a`, as in
//! `semiring_core::fixed`.
//!
//! # Host interface (all signals synchronous to `clock`)
//!
//! | port | dir | width | meaning |
//! |---|---|---|---|
//! | `wr_en`, `wr_addr`, `wr_data` | in | 1, 16, 32 | one word written per clock with `wr_en` high; ignored while `busy` |
//! | `rd_addr` → `rd_data` | in/out | 16, 32 | `rd_data` shows the word at the `rd_addr` of the previous clock |
//! | `start` | in | 1 | a one-clock pulse while idle starts a run with the current registers |
//! | `busy` | out | 1 | high from the clock after `start` until the run ends |
//!
//! Addresses are word addresses: `wr_addr[15:13]` selects a region and
//! `wr_addr[12:0]` is the offset in it. `AB = clog2(D)`.
//!
//! | region | offset | data | contents |
//! |---|---|---|---|
//! | 0 | 0 | bit 0 | MODE: 0 hard, 1 soft (rw) |
//! | 0 | 1 | 16 bits | ROUNDS: hard round limit / soft K (rw) |
//! | 0 | 2 | 16 bits | NUM_INSTR: instructions per round of lane LANE (rw) |
//! | 0 | 3 | 16 bits | NUM_VARS (rw) |
//! | 0 | 4 | 16 bits | WIDTH: the program's domain width W, 1..=D (rw) |
//! | 0 | 5 | 8 bits | LANE: the lane that NUM_INSTR and regions 1-4 address (rw; 0 after power-up) |
//! | 0 | 8 | bits 3:0 outcome, bit 4 busy | STATUS (r): 0 none, 1 Stable, 2 Wipeout, 3 RoundLimit, 4 soft done, 15 config error |
//! | 0 | 9 | 32 bits | CYCLES of the last run (r) |
//! | 0 | 10 | 16 bits | ROUNDS_DONE of the last run (r) |
//! | 0 | 11 | 16 bits | WIPEOUT_VAR: first empty variable, valid when STATUS is Wipeout (r) |
//! | 0 | 12 | D, VB<<8, PB<<12, RB<<16, AB<<20, (L-1)<<24 | INFO: generation parameters (r) |
//! | 1 | instruction index | `target \| source << VB \| relation << 2VB` | program memory of lane LANE |
//! | 2 | `relation << AB \| a` | row bits `[D-1:0]` | relation memory (write all D rows; rows past the target width are 0); writes go to every lane's copy, reads come from lane LANE's |
//! | 3 | variable | mask `[D-1:0]` | hard domains (writes set prev and next in every lane; reads return the result from lane LANE's replica) |
//! | 4 | `variable << AB \| value` | Q1.15 `[15:0]` | soft domains (same) |
//! | 5 | variable | lane `[3:0]` | OWNER (w): the lane whose instructions target the variable |
//!
//! Values past a variable's width must be written as 0 (hard and soft).
//!
//! Lanes: each lane runs its own program (region 1 and NUM_INSTR with LANE
//! set to it) and the lanes run side by side. The host splits the program
//! by target: every instruction whose target is `t` goes to lane
//! `OWNER[t]`, in program order. Then no two lanes write one variable, and
//! each target sees its instructions in program order, which is the order
//! in which `interp::round` accumulates soft values (hard values are an AND
//! and do not depend on it). At the end of a round the scan takes each
//! variable's next value from lane `OWNER[v]`. With one lane there is no
//! OWNER table (writes to region 5 are ignored) and LANE stays 0: the
//! single-lane interface is unchanged. A lane's next bank holds current
//! values only for the variables it owns, so after changing OWNER write the
//! domains again before the next run.
//!
//! A run leaves prev and next equal to the last round's result, so running
//! again with ROUNDS = 1 continues round by round (the lockstep tests use
//! this to compare every round).
//!
//! # Board address map
//!
//! On the boards this engine shares the frame layer's bus with the
//! straight-through gradient unit ([`grad_unit`]): the engine keeps regions
//! 0..=5 as above; the gradient unit's bitmasks, registers and gradient cells
//! and the board registers (BOARD_INFO, START_UNIT) sit in regions 6 and 7.
//! The full map and the backward flow are in [`board`] and `hdl/PROTOCOL.md`.
//!
//! # Timing
//!
//! See [`EngineConfig::hard_round_cycles`] and [`EngineConfig::soft_round_cycles`].
//! Every lane: the hard datapath is a three-stage pipeline that issues one instruction per clock (fetch,
//! read `prev[source]`, `next[target]` and all D relation rows, AND-OR and write back
//! with one-deep forwarding for back-to-back writes to one target), then a
//! scan copies next to prev and finds the first empty variable. Soft: one
//! multiplier per lane, one noisy-OR factor per clock in ascending `b` (every `b < W`
//! takes a clock whether or not `R[a][b]` is set), then one clock for the
//! soft AND into the target; a lane runs its instructions serially in
//! program order. A round's run phase lasts as long as its busiest lane.
//!
//! # How the generator uses rust-hdl, and where it does not
//!
//! * The engine is a tree of `#[derive(LogicBlock)]` structs with `#[hdl_gen]`
//!   update functions, each one named circuit: [`engine::Engine`] (host write
//!   decode, OWNER table, routing of the lanes' reports and read data) holds
//!   [`engine::HostRegs`] (registers and read port), [`engine::Sequencer`]
//!   (phases, stop rule, scan) and the [`engine::Lane`]s; a lane (memories
//!   and their ports, pc) holds [`engine::HardPipe`] and [`engine::SoftSeq`].
//!   The soft sequencer's arithmetic uses rust-hdl's 16x16 -> 32
//!   multiplier (`Bits<16> * Bits<16>`), which yosys maps to one iCE40
//!   `SB_MAC16` or ECP5 `MULT18X18D`. rust-hdl emits one Verilog module per
//!   block; yosys flattens them before mapping.
//! * Parameters are const generics. Rust cannot compute one const generic
//!   from another on stable (`VB + AB`, `2 VB + RB`), so the dependent ones
//!   are passed explicitly and each generated [`EngineConfig`] is one arm of
//!   the `match` in [`generate`] ([`EngineConfig::SUPPORTED`]). Other
//!   configurations are a typed error, not a silent fallback.
//! * Offsets inside `#[hdl_gen]` code must be signals or literals (a const
//!   generic name would be emitted verbatim), so they are `Constant`s.
//! * The relation memory is an array of `D` rust-hdl `RAM`s, one per row, so
//!   all rows of a relation are read in one clock (`D * D` bits).
//! * rust-hdl's `RAM` has separate read and write addresses, which yosys
//!   cannot put in the UP5K's SPRAM; the program and soft domain memories are
//!   therefore a small single-port block ([`spram::SpRam`]) whose Verilog
//!   body is a template in this crate, the way rust-hdl's own `RAM` is.
//! * Lanes are an array of a [`engine::Lane`] sub-block (rust-hdl emits one
//!   module per lane). A lane has its own program memory, prev replica, next
//!   bank, multiplier and its own copy of the `D` relation RAMs; at D = 16
//!   one lane takes 18 of the UP5K's 30 EBRs and all 4 SPRAMs, so a second
//!   lane does not fit and the multi-lane configuration
//!   ([`EngineConfig::LANES4`]) targets the ECP5.
//!   rust-hdl resolves array indices in `#[hdl_gen]` code only when they are
//!   a loop variable or a literal, which is why lanes are a sub-block rather
//!   than arrays of memories in one struct.

pub mod board;
pub mod engine;
pub mod frame;
pub mod grad_unit;
pub mod spatial;
pub mod spram;
pub mod synth;
pub mod uart;

use rust_hdl::prelude::*;
use thiserror::Error;

/// The straight-through gradient unit's generator (module doc: [`grad_unit`]).
pub use grad_unit::{generate as generate_grad_unit, GradConfig};

/// Generation parameters of the engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EngineConfig {
    /// Maximum domain width D (values per variable).
    pub width: usize,
    /// Variable capacity `2^var_bits`.
    pub var_bits: usize,
    /// Program capacity `2^prog_bits` instructions.
    pub prog_bits: usize,
    /// Relation capacity `2^rel_bits`.
    pub rel_bits: usize,
    /// Parallel instruction lanes.
    pub lanes: usize,
}

impl EngineConfig {
    /// The default: fits an iCE40 UP5K (iCEBreaker). D = 16, 128 variables,
    /// 8192 instructions (Sudoku's 1620 fit), 64 relations, one lane.
    pub const DEFAULT: EngineConfig = EngineConfig { width: 16, var_bits: 7, prog_bits: 13, rel_bits: 6, lanes: 1 };

    /// A wider engine for bigger FPGAs (ECP5): D = 32, 256 variables, 4096
    /// instructions, 32 relations. Not checked in; the lockstep tests
    /// generate and simulate it to keep the generator honest about `D`.
    pub const WIDE: EngineConfig = EngineConfig { width: 32, var_bits: 8, prog_bits: 12, rel_bits: 5, lanes: 1 };

    /// Four lanes for the ECP5 (ULX3S): D = 16, 128 variables, 2048
    /// instructions per lane, 64 relations. Checked in as
    /// `hdl/generated/engine_lanes4.v`.
    pub const LANES4: EngineConfig = EngineConfig { width: 16, var_bits: 7, prog_bits: 11, rel_bits: 6, lanes: 4 };

    /// The configurations whose Verilog is checked in under `hdl/generated/`
    /// (`cargo xtask hdl` writes them; a test checks they are fresh).
    pub const CHECKED_IN: &'static [(EngineConfig, &'static str)] =
        &[(EngineConfig::DEFAULT, "engine.v"), (EngineConfig::LANES4, "engine_lanes4.v")];

    /// The generated configurations (Rust const generics need them at compile time).
    pub const SUPPORTED: &'static [EngineConfig] = &[EngineConfig::DEFAULT, EngineConfig::WIDE, EngineConfig::LANES4];

    pub fn max_vars(&self) -> usize {
        1 << self.var_bits
    }
    pub fn max_instructions(&self) -> usize {
        1 << self.prog_bits
    }
    pub fn max_relations(&self) -> usize {
        1 << self.rel_bits
    }
    /// `clog2(D)`: bits of a value index.
    pub fn value_bits(&self) -> usize {
        (usize::BITS - (self.width.max(1) - 1).leading_zeros()) as usize
    }

    /// Clocks of one hard round with `n` instructions in the busiest lane
    /// (all of them with one lane) over `v` variables:
    /// `n + 3` for the pipeline (issue, then two clocks to drain, then one to
    /// see it empty; 1 when `n = 0`), `v + 1` for the scan, 1 for the stop check.
    pub fn hard_round_cycles(&self, n: usize, v: usize) -> u64 {
        let run = if n == 0 { 1 } else { n + 3 };
        (run + v + 1 + 1) as u64
    }

    /// Clocks of one soft round with `n` instructions in the busiest lane, program width `w` and
    /// `v` variables: per instruction 2 (fetch, decode) + `w * (w + 2)`
    /// (`w` factor clocks, one to drain, one soft AND, per target value);
    /// then 1 to see the program end, `v * w + 1` for the scan and 1 for the
    /// round check.
    pub fn soft_round_cycles(&self, n: usize, w: usize, v: usize) -> u64 {
        (n * (2 + w * (w + 2)) + 1 + v * w + 1 + 1) as u64
    }
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig::DEFAULT
    }
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum GenError {
    #[error("configuration {0:?} is not one of the generated ones ({1:?}); add it to EngineConfig::SUPPORTED and the match in hdl_gen::generate")]
    Unsupported(EngineConfig, &'static [EngineConfig]),
    #[error("gradient unit configuration {0:?} is not one of the generated ones ({1:?}); add it to GradConfig::SUPPORTED and the match in grad_unit::generate")]
    UnsupportedGrad(GradConfig, &'static [GradConfig]),
    #[error("rust-hdl rejected the design: {0}")]
    Check(String),
}

fn verilog_of<U: Block>(mut uut: U) -> Result<String, GenError> {
    uut.connect_all();
    check_all(&uut).map_err(|e| GenError::Check(format!("{e:?}")))?;
    Ok(generate_verilog_unchecked(&uut))
}

/// Generates the engine's Verilog (module `top`) for `cfg`.
pub fn generate(cfg: &EngineConfig) -> Result<String, GenError> {
    let body = match (cfg.width, cfg.var_bits, cfg.prog_bits, cfg.rel_bits, cfg.lanes) {
        // D, VB, PB, RB, AB = clog2 D, SB = VB + AB, PW = 2 VB + RB, L, OWN = (L > 1)
        (16, 7, 13, 6, 1) => verilog_of(engine::Engine::<16, 7, 13, 6, 4, 11, 20, 1, 0>::new())?,
        (32, 8, 12, 5, 1) => verilog_of(engine::Engine::<32, 8, 12, 5, 5, 13, 21, 1, 0>::new())?,
        (16, 7, 11, 6, 4) => verilog_of(engine::Engine::<16, 7, 11, 6, 4, 11, 20, 4, 1>::new())?,
        _ => return Err(GenError::Unsupported(*cfg, EngineConfig::SUPPORTED)),
    };
    Ok(format!(
        "// Generated by hdl-gen (`cargo xtask hdl`); do not edit.\n\
         // softmask propagation engine, module `top`: D = {}, {} variables, {} instructions per lane, {} relations, {} lane(s).\n\
         // Host interface and register map: crates/hdl-gen/src/lib.rs (cargo doc -p hdl-gen).\n{body}",
        cfg.width,
        cfg.max_vars(),
        cfg.max_instructions(),
        cfg.max_relations(),
        cfg.lanes
    ))
}
