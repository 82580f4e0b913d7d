//! The board's address map (engine, gradient unit, board registers) and its
//! software model.
//!
//! The board top (`hdl_gen::board`) puts the propagation engine and, where it
//! fits, the straight-through gradient unit behind the one 16-bit word bus of
//! the frame layer. The engine keeps its addresses (regions 0..=5,
//! `addr[15:13]`, see [`crate::engine::reg`]; region 5 is reserved for the
//! multi-lane engine's OWNER table); the gradient unit and the board
//! registers use regions 6 and 7:
//!
//! | address | contents |
//! |---|---|
//! | `0x0000..=0xBFFF` | the engine (unchanged); writes to regions 1 (program) and 2 (relations) also go to the gradient unit, so one load serves both |
//! | `0xC000 + (r << VB \| v)` | hard bitmask `d^r` of variable `v` for the backward pass (w; reads 0), the `2^(KB+VB)` words from `0xC000` |
//! | `0xD000..=0xD00F` | gradient unit registers ([`map::GRAD_K`] .. [`map::GRAD_INFO`]) |
//! | `0xD800` | [`map::BOARD_INFO`] (r): bit 0 engine, bit 1 gradient unit |
//! | `0xD801` | [`map::START_UNIT`] (rw, bit 0): the unit START pulses (0 engine, 1 gradient unit); see below |
//! | `0xE000 + (v << AB \| a)` | the `2^(VB+AB)` words from `0xE000`: gradient cell `(v, a)`, `i32` Q16.16 (rw): the upstream gradient before a backward run, the input gradient after it |
//!
//! **START_UNIT** is set by writing it, and also implicitly: a write to the
//! engine's registers (region 0, `0x0000..=0x1FFF`) selects the engine, a write
//! to the gradient unit's registers (`0xD000..=0xD7FF`) selects the gradient
//! unit; reset selects the engine. Both runs write their unit's registers
//! right before START (the engine MODE and ROUNDS, the gradient unit K and the
//! sizes), so START always reaches the unit just configured, with no extra
//! frame, and a backward START that never arrived cannot redirect a later
//! engine run.
//!
//! Everything else in `0xC000..=0xFFFF` reads 0 and ignores writes. A board
//! without the gradient unit (iCEBreaker) answers BOARD_INFO = 1, ignores
//! START_UNIT and reads 0 in the rest of `0xC000..=0xFFFF`; a host checks
//! BOARD_INFO before a backward pass ([`crate::session::grad_config`]).
//!
//! [`BoardModel`] is this map over [`CoreEngine`] and [`GradEngine`] (the
//! gradient unit modelled by `semiring_core::st_fixed::st_backward_fixed`); the
//! RTL board top is checked against both through the same session calls.

use crate::device::Engine;
use crate::engine::{reg, CoreConfig, CoreEngine};
use semiring_core::st_fixed::st_backward_fixed;
use semiring_core::{Boolean, Domains, Program, Relation, Revise};

/// The board-level address map (see the module docs).
pub mod map {
    /// Gradient unit: rounds K to go back through, `0..=2^KB` (rw).
    pub const GRAD_K: u16 = 0xD000;
    /// Gradient unit: instructions per round (rw).
    pub const GRAD_NUM_INSTR: u16 = 0xD001;
    /// Gradient unit: variables (rw).
    pub const GRAD_NUM_VARS: u16 = 0xD002;
    /// Gradient unit: the program's uniform domain width W, `1..=D` (rw).
    pub const GRAD_WIDTH: u16 = 0xD003;
    /// Gradient unit STATUS (r): [`GRAD_SATURATED`], [`GRAD_CONFIG_ERROR`], [`BUSY`].
    pub const GRAD_STATUS: u16 = 0xD008;
    /// Gradient unit: clocks of the last backward run (r).
    pub const GRAD_CYCLES: u16 = 0xD009;
    /// Gradient unit INFO (r): `D | VB<<8 | PB<<12 | RB<<16 | AB<<20 | KB<<24`.
    pub const GRAD_INFO: u16 = 0xD00C;
    /// Which units the board has (r): [`HAS_ENGINE`] | [`HAS_GRAD`].
    pub const BOARD_INFO: u16 = 0xD800;
    /// The unit START pulses (rw): [`UNIT_ENGINE`] or [`UNIT_GRAD`]; also set by
    /// writing that unit's registers (module docs).
    pub const START_UNIT: u16 = 0xD801;
    /// Base of the hard round bitmasks: `+ (r << VB | v)`.
    pub const GRAD_MASKS: u16 = 0xC000;
    /// Base of the gradient cells: `+ (v << AB | a)`.
    pub const GRAD_CELLS: u16 = 0xE000;

    pub const HAS_ENGINE: u32 = 1;
    pub const HAS_GRAD: u32 = 2;
    pub const UNIT_ENGINE: u32 = 0;
    pub const UNIT_GRAD: u32 = 1;
    /// STATUS bit: some addition saturated (sticky over the run).
    pub const GRAD_SATURATED: u32 = 1;
    /// STATUS bit: the size registers were out of range; nothing ran.
    pub const GRAD_CONFIG_ERROR: u32 = 2;
    /// STATUS bit: a run is in progress.
    pub const BUSY: u32 = 0x10;
}

/// Generation parameters of the gradient unit, mirrored from `hdl_gen::GradConfig`
/// (and readable from the unit's INFO register, [`GradConfig::from_info`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GradConfig {
    pub d: usize,
    pub var_bits: usize,
    pub prog_bits: usize,
    pub rel_bits: usize,
    /// Up to `2^round_bits` rounds.
    pub round_bits: usize,
}

impl GradConfig {
    /// `hdl_gen::GradConfig::DEFAULT`: D = 16, 128 variables, 2048 instructions, 64 relations, K <= 8.
    pub const DEFAULT: GradConfig = GradConfig { d: 16, var_bits: 7, prog_bits: 11, rel_bits: 6, round_bits: 3 };

    pub fn value_bits(&self) -> usize {
        (usize::BITS - (self.d.max(1) - 1).leading_zeros()) as usize
    }
    pub fn max_rounds(&self) -> usize {
        1 << self.round_bits
    }
    /// The INFO register word.
    pub fn info(&self) -> u32 {
        (self.d
            | self.var_bits << 8
            | self.prog_bits << 12
            | self.rel_bits << 16
            | self.value_bits() << 20
            | self.round_bits << 24) as u32
    }
    /// Decodes the INFO register word.
    pub fn from_info(w: u32) -> GradConfig {
        let f = |at: u32, mask: u32| ((w >> at) & mask) as usize;
        GradConfig {
            d: f(0, 0xff),
            var_bits: f(8, 0xf),
            prog_bits: f(12, 0xf),
            rel_bits: f(16, 0xf),
            round_bits: f(24, 0xf),
        }
    }
}

/// The gradient unit behind its own bus (unit-local addresses: region 0
/// registers K=0, NUM_INSTR=1, NUM_VARS=2, WIDTH=3, STATUS=8, CYCLES=9,
/// INFO=12; region 1 program, 2 relations, 3 bitmasks, 4 gradients; the
/// register map of `hdl_gen::grad_unit`). A run is
/// `semiring_core::st_fixed::st_backward_fixed` and completes within START.
/// Not modelled: CYCLES reads 0; instructions naming variables or relations
/// past NUM_VARS or the relation memory are a configuration error here and
/// unspecified in the RTL (the session never sends them).
#[derive(Clone, Debug)]
pub struct GradEngine {
    cfg: GradConfig,
    k: u32,
    num_instr: u32,
    num_vars: u32,
    width: u32,
    status: u32,
    program: Vec<u32>,
    relations: Vec<u32>,
    masks: Vec<u32>,
    grad: Vec<u32>,
}

impl GradEngine {
    pub fn new(cfg: GradConfig) -> GradEngine {
        assert!((1..=32).contains(&cfg.d), "D up to 32 (one data word)");
        let ab = cfg.value_bits();
        GradEngine {
            cfg,
            k: 0,
            num_instr: 0,
            num_vars: 0,
            width: 0,
            status: 0,
            program: vec![0; 1 << cfg.prog_bits],
            relations: vec![0; 1 << (cfg.rel_bits + ab)],
            masks: vec![0; 1 << (cfg.round_bits + cfg.var_bits)],
            grad: vec![0; 1 << (cfg.var_bits + ab)],
        }
    }

    fn dmask(&self) -> u32 {
        if self.cfg.d == 32 {
            u32::MAX
        } else {
            (1 << self.cfg.d) - 1
        }
    }

    fn run(&mut self) {
        let c = self.cfg;
        let (ab, vb) = (c.value_bits(), c.var_bits);
        let (k, n, m, w) = (self.k as usize, self.num_vars as usize, self.num_instr as usize, self.width as usize);
        self.status = 0;
        if !(1..=c.d).contains(&w) || !(1..=1 << vb).contains(&n) || m > 1 << c.prog_bits || k > c.max_rounds() {
            self.status = map::GRAD_CONFIG_ERROR;
            return;
        }
        if k == 0 {
            // The RTL does nothing: the gradient cells keep the upstream gradient.
            return;
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
        let Ok(program) = Program::new(vec![w; n], relations, instructions) else {
            self.status = map::GRAD_CONFIG_ERROR;
            return;
        };
        let rounds: Vec<Domains<Boolean>> = (0..=k)
            .map(|r| Domains::from_fn(&program.widths, |v, a| r < k && self.masks[r << vb | v] >> a & 1 == 1))
            .collect();
        let upstream: Vec<i32> = (0..n * w).map(|i| self.grad[((i / w) << ab) | (i % w)] as i32).collect();
        let st = st_backward_fixed(&program, &rounds, &upstream).expect("shapes built from the registers");
        for (i, g) in st.grad.iter().enumerate() {
            self.grad[((i / w) << ab) | (i % w)] = *g as u32;
        }
        if st.saturated {
            self.status = map::GRAD_SATURATED;
        }
    }
}

impl Engine for GradEngine {
    fn write(&mut self, addr: u16, word: u32) {
        let (region, off) = (addr >> 13, (addr & 0x1fff) as usize);
        let ab = self.cfg.value_bits();
        let mask = |bits: usize| (1usize << bits) - 1;
        let dmask = self.dmask();
        let pw = 2 * self.cfg.var_bits + self.cfg.rel_bits;
        match (region, off) {
            (0, 0) => self.k = word & 0xffff,
            (0, 1) => self.num_instr = word & 0xffff,
            (0, 2) => self.num_vars = word & 0xffff,
            (0, 3) => self.width = word & 0xffff,
            (1, _) => self.program[off & mask(self.cfg.prog_bits)] = word & ((1 << pw) - 1),
            (2, _) => self.relations[off & mask(self.cfg.rel_bits + ab)] = word & dmask,
            (3, _) => self.masks[off & mask(self.cfg.round_bits + self.cfg.var_bits)] = word & dmask,
            (4, _) => self.grad[off & mask(self.cfg.var_bits + ab)] = word,
            _ => {}
        }
    }
    fn read(&mut self, addr: u16) -> u32 {
        let (region, off) = (addr >> 13, (addr & 0x1fff) as usize);
        match (region, off) {
            (0, 0) => self.k,
            (0, 1) => self.num_instr,
            (0, 2) => self.num_vars,
            (0, 3) => self.width,
            (0, 8) => self.status,
            (0, 12) => self.cfg.info(),
            (4, _) => self.grad[off & ((1 << (self.cfg.var_bits + self.cfg.value_bits())) - 1)],
            _ => 0,
        }
    }
    fn start(&mut self) {
        self.run();
    }
    fn busy(&self) -> bool {
        false
    }
    fn reset(&mut self) {
        *self = GradEngine::new(self.cfg);
    }
}

/// The board top's bus: the engine, optionally the gradient unit, and the
/// board registers, decoded as in the module docs.
#[derive(Clone, Debug)]
pub struct BoardModel {
    pub engine: CoreEngine,
    pub grad: Option<GradEngine>,
    start_unit: u32,
}

impl BoardModel {
    /// The ULX3S board: engine and gradient unit.
    pub fn with_grad(engine: CoreConfig, grad: GradConfig) -> BoardModel {
        BoardModel { engine: CoreEngine::new(engine), grad: Some(GradEngine::new(grad)), start_unit: 0 }
    }
    /// The iCEBreaker board: the engine only.
    pub fn engine_only(engine: CoreConfig) -> BoardModel {
        BoardModel { engine: CoreEngine::new(engine), grad: None, start_unit: 0 }
    }
    /// The BOARD_INFO word.
    pub fn info(&self) -> u32 {
        map::HAS_ENGINE | if self.grad.is_some() { map::HAS_GRAD } else { 0 }
    }
}

/// Where a board address goes: the engine, or the gradient unit at a unit-local address.
enum Target {
    Engine,
    Grad(u16),
    BoardInfo,
    StartUnit,
    Nothing,
}

/// Decodes exactly: the bitmasks and gradient cells the unit has (`2^(KB+VB)` and
/// `2^(VB+AB)` words) and nothing past them, so no address aliases onto another.
fn decode(addr: u16, grad: Option<&GradConfig>) -> Target {
    let off = addr & 0x1fff;
    let (masks, cells) =
        grad.map_or((0, 0), |g| (1 << (g.round_bits + g.var_bits), 1 << (g.var_bits + g.value_bits())));
    match addr >> 13 {
        0..=5 => Target::Engine,
        6 if off < 0x1000 && usize::from(off) < masks => Target::Grad(3 << 13 | off),
        6 if off < 0x1000 => Target::Nothing,
        6 if off < 0x1800 => Target::Grad(off & 0x7ff),
        6 if addr == map::BOARD_INFO => Target::BoardInfo,
        6 if addr == map::START_UNIT => Target::StartUnit,
        7 if usize::from(off) < cells => Target::Grad(4 << 13 | off),
        _ => Target::Nothing,
    }
}

impl Engine for BoardModel {
    fn write(&mut self, addr: u16, word: u32) {
        match decode(addr, self.grad.as_ref().map(|g| &g.cfg)) {
            Target::Engine => {
                self.engine.write(addr, word);
                let region = addr >> 13;
                if region == 0 {
                    self.start_unit = map::UNIT_ENGINE;
                }
                if region == reg::REGION_PROGRAM || region == reg::REGION_RELATIONS {
                    if let Some(g) = &mut self.grad {
                        g.write(addr, word);
                    }
                }
            }
            Target::Grad(a) => {
                if let Some(g) = &mut self.grad {
                    g.write(a, word);
                    if a >> 13 == 0 {
                        self.start_unit = map::UNIT_GRAD;
                    }
                }
            }
            Target::StartUnit if self.grad.is_some() => self.start_unit = word & 1,
            _ => {}
        }
    }
    fn read(&mut self, addr: u16) -> u32 {
        let info = self.info();
        match decode(addr, self.grad.as_ref().map(|g| &g.cfg)) {
            Target::Engine => self.engine.read(addr),
            // The bitmasks are write-only (the board reads 0 there).
            Target::Grad(a) if a >> 13 == 3 => 0,
            Target::Grad(a) => self.grad.as_mut().map_or(0, |g| g.read(a)),
            Target::BoardInfo => info,
            Target::StartUnit => self.start_unit,
            Target::Nothing => 0,
        }
    }
    fn start(&mut self) {
        match (&mut self.grad, self.start_unit) {
            (Some(g), map::UNIT_GRAD) => g.start(),
            _ => self.engine.start(),
        }
    }
    fn busy(&self) -> bool {
        self.engine.busy() || self.grad.as_ref().is_some_and(|g| g.busy())
    }
    fn reset(&mut self) {
        self.engine.reset();
        if let Some(g) = &mut self.grad {
            g.reset();
        }
        self.start_unit = 0;
    }
}

/// What the documented map says a read of `addr` in `0xC000..=0xFFFF` returns after
/// [`check_address_map`]'s writes: the gradient cells and unit registers it wrote, the
/// read-only registers, and 0 everywhere else.
fn expected_word(addr: u16, grad: Option<&GradConfig>, cell_value: impl Fn(u16) -> u32) -> u32 {
    let Some(g) = grad else {
        return if addr == map::BOARD_INFO { map::HAS_ENGINE } else { 0 };
    };
    let cells = 1u32 << (g.var_bits + g.value_bits());
    match addr {
        map::GRAD_K..=map::GRAD_WIDTH => u32::from(addr - map::GRAD_K) + 1,
        map::GRAD_INFO => g.info(),
        map::BOARD_INFO => map::HAS_ENGINE | map::HAS_GRAD,
        // Written last by the sweep of the register block, which selects the gradient unit.
        map::START_UNIT => map::UNIT_GRAD,
        a if a >= map::GRAD_CELLS && u32::from(a - map::GRAD_CELLS) < cells => cell_value(a),
        _ => 0,
    }
}

/// Sweeps `0xC000..=0xFFFF` of a board (the model or the RTL behind `c`) against the
/// documented map: fills every gradient cell and the unit's size registers with distinct
/// values, then writes a marker to every other address of the range (the bitmasks, which are
/// write-only, included), then reads the whole range back. An address that aliases onto a
/// documented one shows as a clobbered cell or register; one that decodes to storage of its
/// own shows as a non-zero read. `grad` is the gradient unit the board has (`None`: engine only).
/// Returns the first mismatches, described.
pub fn check_address_map<L: crate::Link>(c: &mut crate::Client<L>, grad: Option<GradConfig>) -> Result<(), String> {
    let err = |e: crate::ClientError| format!("link: {e}");
    c.hello().map_err(err)?;
    let cell_value = |a: u16| 0x5a00_0000 | u32::from(a);
    let cells = grad.map_or(0, |g| 1usize << (g.var_bits + g.value_bits()));
    let values: Vec<u32> = (0..cells as u16).map(|i| cell_value(map::GRAD_CELLS + i)).collect();
    if cells > 0 {
        c.write(map::GRAD_CELLS, &values).map_err(err)?;
    }
    c.write(map::GRAD_K, &[1, 2, 3, 4]).map_err(err)?;
    // Markers everywhere else, in runs between the documented read/write words.
    let documented = |a: u16| {
        (map::GRAD_K..=map::GRAD_WIDTH).contains(&a)
            || a == map::BOARD_INFO
            || a == map::START_UNIT
            || (a >= map::GRAD_CELLS && usize::from(a - map::GRAD_CELLS) < cells)
    };
    let marker = |a: u16| 0xa500_0000 | u32::from(a);
    let mut a: u32 = 0xC000;
    while a <= 0xFFFF {
        if documented(a as u16) {
            a += 1;
            continue;
        }
        let start = a;
        while a <= 0xFFFF && !documented(a as u16) {
            a += 1;
        }
        let run: Vec<u32> = (start..a).map(|x| marker(x as u16)).collect();
        c.write(start as u16, &run).map_err(err)?;
    }
    let got = c.read(0xC000, 0x4000).map_err(err)?;
    let mut wrong = Vec::new();
    for (i, &w) in got.iter().enumerate() {
        let addr = 0xC000 + i as u16;
        let want = expected_word(addr, grad.as_ref(), cell_value);
        // The size registers hold 16 bits.
        let w = if (map::GRAD_K..=map::GRAD_WIDTH).contains(&addr) { w & 0xffff } else { w };
        if w != want {
            let alias = if w >> 24 == 0xa5 { format!(" (the marker of {:#06x})", w & 0xffff) } else { String::new() };
            wrong.push(format!("{addr:#06x} reads {w:#010x}{alias}, the map says {want:#010x}"));
        }
    }
    match wrong.len() {
        0 => Ok(()),
        n => Err(format!("{n} addresses disagree with the map: {}", wrong[..n.min(8)].join("; "))),
    }
}
