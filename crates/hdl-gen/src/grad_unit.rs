//! The straight-through gradient unit: the hardware form of
//! `semiring_core::st_fixed::st_backward_fixed`, bit for bit.
//!
//! It only routes and adds (no multiplier): Q16.16 gradients in `i32` with
//! saturating additions and a sticky `saturated` flag, backward over the
//! rounds `r = K-1 .. 0`, each round gated by the hard bitmask `d^r`.
//!
//! # Host interface
//!
//! The same bus as the engine (module `top`): `wr_en`/`wr_addr`/`wr_data`
//! (one word per clock, ignored while `busy`), `rd_addr` → `rd_data` one
//! clock later, a `start` pulse, `busy`. `wr_addr[15:13]` is the region,
//! `wr_addr[12:0]` the offset. `AB = clog2(D)`.
//!
//! | region | offset | data | contents |
//! |---|---|---|---|
//! | 0 | 0 | 16 bits | K: rounds to go back through, `0..=2^KB` (rw) |
//! | 0 | 1 | 16 bits | NUM_INSTR (rw) |
//! | 0 | 2 | 16 bits | NUM_VARS (rw) |
//! | 0 | 3 | 16 bits | WIDTH W, `1..=D` (rw) |
//! | 0 | 8 | bit 0 saturated, bit 1 config error, bit 4 busy | STATUS (r) |
//! | 0 | 9 | 32 bits | CYCLES of the last run (r) |
//! | 0 | 12 | `D \| VB<<8 \| PB<<12 \| RB<<16 \| AB<<20 \| KB<<24` | INFO (r) |
//! | 1 | instruction | `target \| source << VB \| relation << 2VB` | program (w) |
//! | 2 | `relation << AB \| a` | row bits `[D-1:0]` | relations (w; rows past the target width 0) |
//! | 3 | `r << VB \| variable` | mask `[D-1:0]` | hard round bitmask `d^r`, `r < K` (w) |
//! | 4 | `variable << AB \| value` | `i32` | gradient (rw): write the upstream `dL/d d^K`, read `dL/d d^0` after a run |
//!
//! Padding cells (value past the variable's own width, but `< W`) of the
//! upstream gradient must be written 0 (the model ignores them); the
//! relation rows and bitmasks have zeros there, so the result is 0 there too.
//! The gradient region always addresses the buffer that holds the current
//! gradient; a run starts from it and leaves the result in the other one
//! when K is odd, which the region then addresses.
//!
//! # What one backward round does, and its clocks
//!
//! 1. *Clear* the per-variable fail masks `f1` (at least one instruction
//!    fails the cell) and `f2` (at least two): `V` clocks.
//! 2. *Fails*: per instruction, one relation row per clock (`a < W`) ANDed
//!    with `d^r[src]`; unsupported values update `f1`/`f2[target]`:
//!    `W + 4` clocks per instruction, plus 1.
//! 3. *Direct*, one cell per clock: `gp = f1 ? 0 : gn` (this also clears
//!    `gp`): `V * W + 1` clocks.
//! 4. *Routing*, program order, value `a` ascending: read the row `R_i[a]`
//!    and `gn[t][a]` (2 clocks); when the cell routes (see
//!    `st_backward_fixed`), scan `b` upward over the routed set, one clock
//!    per `b` up to its highest bit plus 1 (seeing the set empty), and one
//!    more clock per addition (read, then saturating add and write back).
//!    Per instruction 5 clocks to fetch it and read `d^r[t]`, `f1/f2[t]`,
//!    `d^r[src]`; plus 1 at the end of the program.
//! 5. One clock to swap the buffers.
//!
//! [`GradConfig::round_cycles`] and [`GradConfig::routed_cycles`] give the
//! exact count (checked by the lockstep test).
//!
//! Const parameters (the dependent ones are passed explicitly and checked in
//! [`GradUnit::new`]): `D` width, `VB` variable bits, `PB` program bits,
//! `RB` relation bits, `KB` round-slot bits, `AB = clog2(D)`,
//! `CB = VB + AB` cell bits, `RAB = RB + AB`, `HB = KB + VB`, `PW = 2 VB + RB`.

use crate::spram::SpRam;
use crate::GenError;
use rust_hdl::prelude::*;

/// Generation parameters of the gradient unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GradConfig {
    /// Maximum domain width D.
    pub width: usize,
    pub var_bits: usize,
    pub prog_bits: usize,
    pub rel_bits: usize,
    /// Up to `2^round_bits` rounds (bitmasks `d^0 .. d^{K-1}`).
    pub round_bits: usize,
}

impl GradConfig {
    /// D = 16, 128 variables, 2048 instructions (Sudoku's 1620 fit), 64
    /// relations, K <= 8. Memories: program 2048x20, relations 1024x16,
    /// bitmasks 1024x16, fail masks 2x128x16 in EBR; the two 2048x32
    /// gradient buffers in SPRAM (single-port; each access is either a read
    /// or a write). Sized to fit a UP5K on its own, not next to the engine
    /// (which already uses all four SPRAMs).
    pub const DEFAULT: GradConfig = GradConfig { width: 16, var_bits: 7, prog_bits: 11, rel_bits: 6, round_bits: 3 };

    pub const SUPPORTED: &'static [GradConfig] = &[GradConfig::DEFAULT];

    pub fn max_rounds(&self) -> usize {
        1 << self.round_bits
    }

    /// Clocks of one backward round with `n` instructions, program width `w`
    /// and `v` variables, not counting the routed cells: `v` (clear) +
    /// `n (w + 4) + 1` (fails) + `v w + 1` (direct) + `n (5 + 2 w) + 1`
    /// (routing reads) + 1 (swap). A run of K rounds takes the sum over its
    /// rounds plus [`GradConfig::routed_cycles`] of every routed cell.
    pub fn round_cycles(&self, n: usize, w: usize, v: usize) -> u64 {
        (v + n * (w + 4) + 1 + v * w + 1 + n * (5 + 2 * w) + 1 + 1) as u64
    }

    /// Extra clocks of one routed (instruction, target value) whose routed
    /// source values are the bits of `routed` (non-zero): the scan up to its
    /// highest bit, one clock to see it empty, one per addition.
    pub fn routed_cycles(routed: u64) -> u64 {
        (64 - routed.leading_zeros() as u64) + 1 + routed.count_ones() as u64
    }
}

/// Generates the gradient unit's Verilog (module `top`).
pub fn generate(cfg: &GradConfig) -> Result<String, GenError> {
    let body = match (cfg.width, cfg.var_bits, cfg.prog_bits, cfg.rel_bits, cfg.round_bits) {
        // D, VB, PB, RB, KB, AB, CB, RAB, HB, PW
        (16, 7, 11, 6, 3) => crate::verilog_of(GradUnit::<16, 7, 11, 6, 3, 4, 11, 10, 10, 20>::new())?,
        _ => return Err(GenError::UnsupportedGrad(*cfg, GradConfig::SUPPORTED)),
    };
    Ok(format!(
        "// Generated by hdl-gen (`cargo xtask hdl`); do not edit.\n\
         // softmask straight-through gradient unit, module `top`: D = {}, {} variables, {} instructions, \
         {} relations, K <= {}.\n\
         // Host interface and register map: crates/hdl-gen/src/grad_unit.rs (cargo doc -p hdl-gen).\n{body}",
        cfg.width,
        1 << cfg.var_bits,
        1 << cfg.prog_bits,
        1 << cfg.rel_bits,
        cfg.max_rounds()
    ))
}

#[derive(Copy, Clone, Debug, PartialEq, LogicState)]
pub enum GPhase {
    Idle,
    Clear,
    FFetch,
    FDec,
    FA,
    FALast,
    FUpd,
    Dir,
    DirLast,
    RFetch,
    RDec,
    RP1,
    RP2,
    RP3,
    RA,
    RAw,
    RScan,
    RAdd,
    REnd,
}

/// The host registers of region 0 and the read port (one clock of latency;
/// region 4 reads the current gradient buffer).
#[derive(LogicBlock)]
pub struct GradRegs {
    pub clock: Signal<In, Clock>,
    pub idle: Signal<In, Bit>,
    /// A host write to region 0.
    pub wr_reg: Signal<In, Bit>,
    pub wr_off: Signal<In, Bits<13>>,
    /// The written word's low half (every register is 16 bits wide).
    pub wr_data: Signal<In, Bits<16>>,
    pub rd_addr: Signal<In, Bits<16>>,
    pub saturated: Signal<In, Bit>,
    pub cfg_err: Signal<In, Bit>,
    pub cycles: Signal<In, Bits<32>>,
    /// The current gradient buffer's word at the previous clock's `rd_addr`.
    pub grad_data: Signal<In, Bits<32>>,
    pub k: Signal<Out, Bits<16>>,
    pub num_instr: Signal<Out, Bits<16>>,
    pub num_vars: Signal<Out, Bits<16>>,
    pub width: Signal<Out, Bits<16>>,
    pub rd_data: Signal<Out, Bits<32>>,
    rounds: DFF<Bits<16>>,
    instrs: DFF<Bits<16>>,
    vars: DFF<Bits<16>>,
    wid: DFF<Bits<16>>,
    rd_region: DFF<Bits<3>>,
    rd_reg: DFF<Bits<32>>,
    rd_off: Signal<Local, Bits<13>>,
    k_info: Constant<Bits<32>>,
}

impl GradRegs {
    /// `info` is the INFO register.
    pub fn new(info: u64) -> Self {
        Self {
            clock: Default::default(),
            idle: Default::default(),
            wr_reg: Default::default(),
            wr_off: Default::default(),
            wr_data: Default::default(),
            rd_addr: Default::default(),
            saturated: Default::default(),
            cfg_err: Default::default(),
            cycles: Default::default(),
            grad_data: Default::default(),
            k: Default::default(),
            num_instr: Default::default(),
            num_vars: Default::default(),
            width: Default::default(),
            rd_data: Default::default(),
            rounds: Default::default(),
            instrs: Default::default(),
            vars: Default::default(),
            wid: Default::default(),
            rd_region: Default::default(),
            rd_reg: Default::default(),
            rd_off: Default::default(),
            k_info: Constant::new(info.into()),
        }
    }
}

impl Logic for GradRegs {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, rounds, instrs, vars, wid, rd_region, rd_reg);
        self.k.next = self.rounds.q.val();
        self.num_instr.next = self.instrs.q.val();
        self.num_vars.next = self.vars.q.val();
        self.width.next = self.wid.q.val();
        if self.wr_reg.val() {
            if self.wr_off.val() == 0 {
                self.rounds.d.next = self.wr_data.val();
            }
            if self.wr_off.val() == 1 {
                self.instrs.d.next = self.wr_data.val();
            }
            if self.wr_off.val() == 2 {
                self.vars.d.next = self.wr_data.val();
            }
            if self.wr_off.val() == 3 {
                self.wid.d.next = self.wr_data.val();
            }
        }

        // Read port: one clock of latency.
        self.rd_off.next = self.rd_addr.val().get_bits::<13>(0);
        self.rd_region.d.next = self.rd_addr.val().get_bits::<3>(13);
        self.rd_reg.d.next = 0.into();
        if self.rd_off.val() == 0 {
            self.rd_reg.d.next = bit_cast::<32, 16>(self.rounds.q.val());
        }
        if self.rd_off.val() == 1 {
            self.rd_reg.d.next = bit_cast::<32, 16>(self.instrs.q.val());
        }
        if self.rd_off.val() == 2 {
            self.rd_reg.d.next = bit_cast::<32, 16>(self.vars.q.val());
        }
        if self.rd_off.val() == 3 {
            self.rd_reg.d.next = bit_cast::<32, 16>(self.wid.q.val());
        }
        if self.rd_off.val() == 8 {
            self.rd_reg.d.next =
                bit_cast::<32, 1>(self.saturated.val().into()) | (bit_cast::<32, 1>(self.cfg_err.val().into()) << 1);
            if !self.idle.val() {
                self.rd_reg.d.next = bit_cast::<32, 1>(self.saturated.val().into())
                    | (bit_cast::<32, 1>(self.cfg_err.val().into()) << 1)
                    | 16;
            }
        }
        if self.rd_off.val() == 9 {
            self.rd_reg.d.next = self.cycles.val();
        }
        if self.rd_off.val() == 12 {
            self.rd_reg.d.next = self.k_info.val();
        }
        self.rd_data.next = self.rd_reg.q.val();
        if self.rd_region.q.val() == 4 {
            self.rd_data.next = self.grad_data.val();
        }
    }
}

/// The two gradient buffers: `gn` (read only) is buffer `sel`, `gp`
/// (read-modify-write) the other; while idle the host reads and writes the
/// current one, `sel`.
#[derive(LogicBlock, Default)]
pub struct GradBuffers<const CB: usize> {
    pub clock: Signal<In, Clock>,
    pub sel: Signal<In, Bit>,
    pub idle: Signal<In, Bit>,
    pub gn_addr: Signal<In, Bits<CB>>,
    pub gp_addr: Signal<In, Bits<CB>>,
    pub gp_we: Signal<In, Bit>,
    pub gp_wd: Signal<In, Bits<32>>,
    pub host_rd_addr: Signal<In, Bits<CB>>,
    pub host_wr_addr: Signal<In, Bits<CB>>,
    pub host_we: Signal<In, Bit>,
    pub host_wd: Signal<In, Bits<32>>,
    pub gn_data: Signal<Out, Bits<32>>,
    pub gp_data: Signal<Out, Bits<32>>,
    /// The current buffer's read data, for the host.
    pub host_data: Signal<Out, Bits<32>>,
    g0: SpRam<Bits<32>, CB>,
    g1: SpRam<Bits<32>, CB>,
}

impl<const CB: usize> Logic for GradBuffers<CB> {
    #[hdl_gen]
    fn update(&mut self) {
        self.g0.clock.next = self.clock.val();
        self.g1.clock.next = self.clock.val();
        self.gn_data.next = self.g0.read_data.val();
        self.gp_data.next = self.g1.read_data.val();
        self.host_data.next = self.g0.read_data.val();
        if self.sel.val() {
            self.gn_data.next = self.g1.read_data.val();
            self.gp_data.next = self.g0.read_data.val();
            self.host_data.next = self.g1.read_data.val();
        }
        self.g0.address.next = self.gn_addr.val();
        self.g0.write_enable.next = false;
        self.g0.write_data.next = self.gp_wd.val();
        self.g1.address.next = self.gp_addr.val();
        self.g1.write_enable.next = self.gp_we.val();
        self.g1.write_data.next = self.gp_wd.val();
        if self.sel.val() {
            self.g0.address.next = self.gp_addr.val();
            self.g0.write_enable.next = self.gp_we.val();
            self.g1.address.next = self.gn_addr.val();
            self.g1.write_enable.next = false;
        }
        if self.idle.val() {
            self.g0.address.next = self.host_rd_addr.val();
            self.g1.address.next = self.host_rd_addr.val();
            self.g0.write_data.next = self.host_wd.val();
            self.g1.write_data.next = self.host_wd.val();
            if self.host_we.val() {
                if self.sel.val() {
                    self.g1.address.next = self.host_wr_addr.val();
                    self.g1.write_enable.next = true;
                } else {
                    self.g0.address.next = self.host_wr_addr.val();
                    self.g0.write_enable.next = true;
                }
            }
        }
    }
}

/// The routing decision for one (instruction, target value `a`) and the
/// saturating addition of the routing pass (combinational).
#[derive(LogicBlock)]
pub struct Router<const D: usize> {
    /// The row `R_i[a]`, and `d^r` of the instruction's source.
    pub row: Signal<In, Bits<D>>,
    pub psrc: Signal<In, Bits<D>>,
    /// `gp[src][b]` and the routed gradient `gv`.
    pub gp_data: Signal<In, Bits<32>>,
    pub gv: Signal<In, Bits<32>>,
    /// The source values that receive `gv`.
    pub route: Signal<Out, Bits<D>>,
    /// No source value supports `a`: this instruction fails the cell.
    pub nohit: Signal<Out, Bit>,
    /// `gp + gv`, saturated to the i32 range, and whether it saturated.
    pub sum: Signal<Out, Bits<32>>,
    pub ovf: Signal<Out, Bit>,
    hits: Signal<Local, Bits<D>>,
    onehit: Signal<Local, Bit>,
    raw: Signal<Local, Bits<32>>,
    k_max: Constant<Bits<32>>,
    k_min: Constant<Bits<32>>,
}

impl<const D: usize> Default for Router<D> {
    fn default() -> Self {
        Self {
            row: Default::default(),
            psrc: Default::default(),
            gp_data: Default::default(),
            gv: Default::default(),
            route: Default::default(),
            nohit: Default::default(),
            sum: Default::default(),
            ovf: Default::default(),
            hits: Default::default(),
            onehit: Default::default(),
            raw: Default::default(),
            k_max: Constant::new(0x7FFF_FFFFu64.into()),
            k_min: Constant::new(0x8000_0000u64.into()),
        }
    }
}

impl<const D: usize> Logic for Router<D> {
    #[hdl_gen]
    fn update(&mut self) {
        self.hits.next = self.row.val() & self.psrc.val();
        self.nohit.next = !self.hits.val().any();
        self.onehit.next = (self.hits.val() & (self.hits.val() - 1)) == 0;
        self.route.next = 0.into();
        if self.nohit.val() {
            self.route.next = self.row.val();
        } else if self.onehit.val() {
            self.route.next = self.hits.val();
        }

        self.raw.next = self.gp_data.val() + self.gv.val();
        self.ovf.next = (self.gp_data.val().get_bit(31) == self.gv.val().get_bit(31))
            & (self.raw.val().get_bit(31) != self.gv.val().get_bit(31));
        self.sum.next = self.raw.val();
        if self.ovf.val() {
            self.sum.next = self.k_max.val();
            if self.gv.val().get_bit(31) {
                self.sum.next = self.k_min.val();
            }
        }
    }
}

/// The gradient unit (module `top`): the host registers ([`GradRegs`]), the
/// program, relation, bitmask and fail-mask memories, the gradient buffers
/// ([`GradBuffers`]) and the backward sequencer with its [`Router`].
#[derive(LogicBlock)]
pub struct GradUnit<
    const D: usize,
    const VB: usize,
    const PB: usize,
    const RB: usize,
    const KB: usize,
    const AB: usize,
    const CB: usize,
    const RAB: usize,
    const HB: usize,
    const PW: usize,
> {
    pub clock: Signal<In, Clock>,
    pub wr_en: Signal<In, Bit>,
    pub wr_addr: Signal<In, Bits<16>>,
    pub wr_data: Signal<In, Bits<32>>,
    pub rd_addr: Signal<In, Bits<16>>,
    pub rd_data: Signal<Out, Bits<32>>,
    pub start: Signal<In, Bit>,
    pub busy: Signal<Out, Bit>,
    // Memories.
    prog: RAM<Bits<PW>, PB>,
    rel: RAM<Bits<D>, RAB>,
    hard: RAM<Bits<D>, HB>,
    fm1: RAM<Bits<D>, VB>,
    fm2: RAM<Bits<D>, VB>,
    bufs: GradBuffers<CB>,
    regs: GradRegs,
    router: Router<D>,
    // Status.
    phase: DFF<GPhase>,
    saturated: DFF<Bit>,
    cfg_err: DFF<Bit>,
    cycles: DFF<Bits<32>>,
    sel: DFF<Bit>,
    // Sequencer.
    r: DFF<Bits<8>>,
    pc: DFF<Bits<16>>,
    sv: DFF<Bits<16>>,
    sa: DFF<Bits<8>>,
    a: DFF<Bits<8>>,
    b: DFF<Bits<8>>,
    ins_tgt: DFF<Bits<VB>>,
    ins_src: DFF<Bits<VB>>,
    ins_rel: DFF<Bits<RB>>,
    c_valid: DFF<Bit>,
    ca: DFF<Bits<8>>,
    uns: DFF<Bits<D>>,
    d_valid: DFF<Bit>,
    d_addr: DFF<Bits<CB>>,
    d_a: DFF<Bits<8>>,
    ptgt: DFF<Bits<D>>,
    psrc: DFF<Bits<D>>,
    f1: DFF<Bits<D>>,
    f2: DFF<Bits<D>>,
    mask: DFF<Bits<D>>,
    gv: DFF<Bits<32>>,
    // Combinational values.
    idle: Signal<Local, Bit>,
    host_wr: Signal<Local, Bit>,
    wr_region: Signal<Local, Bits<3>>,
    wr_off: Signal<Local, Bits<13>>,
    w8: Signal<Local, Bits<8>>,
    f_tgt: Signal<Local, Bits<VB>>,
    f_src: Signal<Local, Bits<VB>>,
    f_rel: Signal<Local, Bits<RB>>,
    slot: Signal<Local, Bits<HB>>,
    gn_addr: Signal<Local, Bits<CB>>,
    gp_addr: Signal<Local, Bits<CB>>,
    gp_we: Signal<Local, Bit>,
    gp_wd: Signal<Local, Bits<32>>,
    ok_fail: Signal<Local, Bit>,
    // Constants.
    k_vb: Constant<Bits<8>>,
    k_vb2: Constant<Bits<8>>,
    k_ab: Constant<Bits<8>>,
    k_d: Constant<Bits<16>>,
    k_vcap: Constant<Bits<16>>,
    k_pcap: Constant<Bits<16>>,
    k_kcap: Constant<Bits<16>>,
}

impl<
        const D: usize,
        const VB: usize,
        const PB: usize,
        const RB: usize,
        const KB: usize,
        const AB: usize,
        const CB: usize,
        const RAB: usize,
        const HB: usize,
        const PW: usize,
    > GradUnit<D, VB, PB, RB, KB, AB, CB, RAB, HB, PW>
{
    /// Builds the unit; panics when the dependent parameters are inconsistent.
    pub fn new() -> Self {
        assert!((1..=32).contains(&D), "D must be 1..=32");
        assert!(1usize << AB >= D && (AB == 0 || 1usize << (AB - 1) < D), "AB = clog2(D)");
        assert_eq!(CB, VB + AB, "CB = VB + AB");
        assert_eq!(RAB, RB + AB, "RAB = RB + AB");
        assert_eq!(HB, KB + VB, "HB = KB + VB");
        assert_eq!(PW, 2 * VB + RB, "PW = 2 VB + RB");
        assert!(PB <= 13 && CB <= 13 && RAB <= 13 && HB <= 13, "address fields exceed the 13-bit offset");
        let info =
            D as u64 | (VB as u64) << 8 | (PB as u64) << 12 | (RB as u64) << 16 | (AB as u64) << 20 | (KB as u64) << 24;
        Self {
            clock: Default::default(),
            wr_en: Default::default(),
            wr_addr: Default::default(),
            wr_data: Default::default(),
            rd_addr: Default::default(),
            rd_data: Default::default(),
            start: Default::default(),
            busy: Default::default(),
            prog: Default::default(),
            rel: Default::default(),
            hard: Default::default(),
            fm1: Default::default(),
            fm2: Default::default(),
            bufs: Default::default(),
            regs: GradRegs::new(info),
            router: Default::default(),
            phase: Default::default(),
            saturated: Default::default(),
            cfg_err: Default::default(),
            cycles: Default::default(),
            sel: Default::default(),
            r: Default::default(),
            pc: Default::default(),
            sv: Default::default(),
            sa: Default::default(),
            a: Default::default(),
            b: Default::default(),
            ins_tgt: Default::default(),
            ins_src: Default::default(),
            ins_rel: Default::default(),
            c_valid: Default::default(),
            ca: Default::default(),
            uns: Default::default(),
            d_valid: Default::default(),
            d_addr: Default::default(),
            d_a: Default::default(),
            ptgt: Default::default(),
            psrc: Default::default(),
            f1: Default::default(),
            f2: Default::default(),
            mask: Default::default(),
            gv: Default::default(),
            idle: Default::default(),
            host_wr: Default::default(),
            wr_region: Default::default(),
            wr_off: Default::default(),
            w8: Default::default(),
            f_tgt: Default::default(),
            f_src: Default::default(),
            f_rel: Default::default(),
            slot: Default::default(),
            gn_addr: Default::default(),
            gp_addr: Default::default(),
            gp_we: Default::default(),
            gp_wd: Default::default(),
            ok_fail: Default::default(),
            k_vb: Constant::new((VB as u64).into()),
            k_vb2: Constant::new((2 * VB as u64).into()),
            k_ab: Constant::new((AB as u64).into()),
            k_d: Constant::new((D as u64).into()),
            k_vcap: Constant::new((1u64 << VB).into()),
            k_pcap: Constant::new((1u64 << PB).into()),
            k_kcap: Constant::new((1u64 << KB).into()),
        }
    }
}

impl<
        const D: usize,
        const VB: usize,
        const PB: usize,
        const RB: usize,
        const KB: usize,
        const AB: usize,
        const CB: usize,
        const RAB: usize,
        const HB: usize,
        const PW: usize,
    > Default for GradUnit<D, VB, PB, RB, KB, AB, CB, RAB, HB, PW>
{
    fn default() -> Self {
        Self::new()
    }
}

impl<
        const D: usize,
        const VB: usize,
        const PB: usize,
        const RB: usize,
        const KB: usize,
        const AB: usize,
        const CB: usize,
        const RAB: usize,
        const HB: usize,
        const PW: usize,
    > Logic for GradUnit<D, VB, PB, RB, KB, AB, CB, RAB, HB, PW>
{
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self, clock, phase, saturated, cfg_err, cycles, sel, r, pc, sv, sa, a, b, ins_tgt, ins_src, ins_rel,
            c_valid, ca, uns, d_valid, d_addr, d_a, ptgt, psrc, f1, f2, mask, gv
        );
        self.prog.read_clock.next = self.clock.val();
        self.prog.write_clock.next = self.clock.val();
        self.rel.read_clock.next = self.clock.val();
        self.rel.write_clock.next = self.clock.val();
        self.hard.read_clock.next = self.clock.val();
        self.hard.write_clock.next = self.clock.val();
        self.fm1.read_clock.next = self.clock.val();
        self.fm1.write_clock.next = self.clock.val();
        self.fm2.read_clock.next = self.clock.val();
        self.fm2.write_clock.next = self.clock.val();

        // Host address decode.
        self.idle.next = self.phase.q.val() == GPhase::Idle;
        self.busy.next = !self.idle.val();
        self.host_wr.next = self.wr_en.val() & self.idle.val();
        self.wr_region.next = self.wr_addr.val().get_bits::<3>(13);
        self.wr_off.next = self.wr_addr.val().get_bits::<13>(0);
        self.w8.next = self.regs.width.val().get_bits::<8>(0);

        // The fetched instruction word: target | source << VB | relation << 2VB.
        self.f_tgt.next = self.prog.read_data.val().get_bits::<VB>(0);
        self.f_src.next = self.prog.read_data.val().get_bits::<VB>(self.k_vb.val().index());
        self.f_rel.next = self.prog.read_data.val().get_bits::<RB>(self.k_vb2.val().index());
        // Bitmask address of round r: r << VB | variable.
        self.slot.next = bit_cast::<HB, 8>(self.r.q.val()) << self.k_vb.val();

        // Program, relation and bitmask memories: written by the host only.
        self.prog.write_address.next = bit_cast::<PB, 16>(self.wr_addr.val());
        self.prog.write_data.next = bit_cast::<PW, 32>(self.wr_data.val());
        self.prog.write_enable.next = self.host_wr.val() & (self.wr_region.val() == 1);
        self.prog.read_address.next = bit_cast::<PB, 16>(self.pc.q.val());
        self.rel.write_address.next = bit_cast::<RAB, 16>(self.wr_addr.val());
        self.rel.write_data.next = bit_cast::<D, 32>(self.wr_data.val());
        self.rel.write_enable.next = self.host_wr.val() & (self.wr_region.val() == 2);
        self.rel.read_address.next =
            (bit_cast::<RAB, RB>(self.ins_rel.q.val()) << self.k_ab.val()) | bit_cast::<RAB, 8>(self.a.q.val());
        self.hard.write_address.next = bit_cast::<HB, 16>(self.wr_addr.val());
        self.hard.write_data.next = bit_cast::<D, 32>(self.wr_data.val());
        self.hard.write_enable.next = self.host_wr.val() & (self.wr_region.val() == 3);
        self.hard.read_address.next = self.slot.val() | bit_cast::<HB, VB>(self.ins_src.q.val());

        // Fail masks.
        self.fm1.read_address.next = self.ins_tgt.q.val();
        self.fm2.read_address.next = self.ins_tgt.q.val();
        self.fm1.write_address.next = self.ins_tgt.q.val();
        self.fm2.write_address.next = self.ins_tgt.q.val();
        self.fm1.write_data.next = 0.into();
        self.fm2.write_data.next = 0.into();
        self.fm1.write_enable.next = false;
        self.fm2.write_enable.next = false;

        // Gradient buffers: gn (read) is buffer `sel`, gp (read-modify-write) the other.
        self.gn_addr.next =
            (bit_cast::<CB, VB>(self.ins_tgt.q.val()) << self.k_ab.val()) | bit_cast::<CB, 8>(self.a.q.val());
        self.gp_addr.next =
            (bit_cast::<CB, VB>(self.ins_src.q.val()) << self.k_ab.val()) | bit_cast::<CB, 8>(self.b.q.val());
        self.gp_we.next = false;
        self.gp_wd.next = 0.into();

        // Routing decision for (i, a), from the row R_i[a] and gn[t][a] read last clock, and the
        // saturating i32 addition gp[src][b] + gv.
        self.router.row.next = self.rel.read_data.val();
        self.router.psrc.next = self.psrc.q.val();
        self.router.gp_data.next = self.bufs.gp_data.val();
        self.router.gv.next = self.gv.q.val();
        // fails(t, a) = 0, or exactly 1 and it is this instruction (no hit).
        self.ok_fail.next = !self.f1.q.val().get_bit(self.a.q.val().index())
            | (!self.f2.q.val().get_bit(self.a.q.val().index()) & self.router.nohit.val());

        // Defaults.
        self.c_valid.d.next = false;
        self.d_valid.d.next = false;
        if !self.idle.val() {
            self.cycles.d.next = self.cycles.q.val() + 1;
        }
        // Fails consumption: the row and d^r[src] read last clock.
        if self.c_valid.q.val() {
            self.uns.d.next = self
                .uns
                .q
                .val()
                .replace_bit(self.ca.q.val().index(), !(self.rel.read_data.val() & self.hard.read_data.val()).any());
        }

        match self.phase.q.val() {
            GPhase::Idle => {
                if self.start.val() {
                    self.cycles.d.next = 0.into();
                    self.saturated.d.next = false;
                    self.cfg_err.d.next = false;
                    self.sv.d.next = 0.into();
                    if (self.regs.width.val() == 0)
                        | (self.regs.width.val() > self.k_d.val())
                        | (self.regs.num_vars.val() == 0)
                        | (self.regs.num_vars.val() > self.k_vcap.val())
                        | (self.regs.num_instr.val() > self.k_pcap.val())
                        | (self.regs.k.val() > self.k_kcap.val())
                    {
                        self.cfg_err.d.next = true;
                    } else if self.regs.k.val() != 0 {
                        self.r.d.next = bit_cast::<8, 16>(self.regs.k.val() - 1);
                        self.phase.d.next = GPhase::Clear;
                    }
                }
            }
            GPhase::Clear => {
                self.fm1.write_address.next = bit_cast::<VB, 16>(self.sv.q.val());
                self.fm2.write_address.next = bit_cast::<VB, 16>(self.sv.q.val());
                self.fm1.write_enable.next = true;
                self.fm2.write_enable.next = true;
                self.sv.d.next = self.sv.q.val() + 1;
                if self.sv.q.val() + 1 == self.regs.num_vars.val() {
                    self.pc.d.next = 0.into();
                    self.phase.d.next = GPhase::FFetch;
                }
            }
            GPhase::FFetch => {
                if self.pc.q.val() < self.regs.num_instr.val() {
                    self.phase.d.next = GPhase::FDec;
                } else {
                    self.sv.d.next = 0.into();
                    self.sa.d.next = 0.into();
                    self.phase.d.next = GPhase::Dir;
                }
            }
            GPhase::FDec => {
                self.ins_tgt.d.next = self.f_tgt.val();
                self.ins_src.d.next = self.f_src.val();
                self.ins_rel.d.next = self.f_rel.val();
                self.a.d.next = 0.into();
                self.uns.d.next = 0.into();
                self.phase.d.next = GPhase::FA;
            }
            GPhase::FA => {
                // rel reads row a, hard reads d^r[src] (the defaults).
                self.c_valid.d.next = true;
                self.ca.d.next = self.a.q.val();
                self.a.d.next = self.a.q.val() + 1;
                if self.a.q.val() + 1 == self.w8.val() {
                    self.phase.d.next = GPhase::FALast;
                }
            }
            GPhase::FALast => {
                // The last row is consumed; fm1/fm2 read f[target] (the defaults).
                self.phase.d.next = GPhase::FUpd;
            }
            GPhase::FUpd => {
                self.fm1.write_data.next = self.fm1.read_data.val() | self.uns.q.val();
                self.fm2.write_data.next = self.fm2.read_data.val() | (self.fm1.read_data.val() & self.uns.q.val());
                self.fm1.write_enable.next = true;
                self.fm2.write_enable.next = true;
                self.pc.d.next = self.pc.q.val() + 1;
                self.phase.d.next = GPhase::FFetch;
            }
            GPhase::Dir => {
                self.gn_addr.next =
                    (bit_cast::<CB, 16>(self.sv.q.val()) << self.k_ab.val()) | bit_cast::<CB, 8>(self.sa.q.val());
                self.fm1.read_address.next = bit_cast::<VB, 16>(self.sv.q.val());
                self.d_valid.d.next = true;
                self.d_addr.d.next = self.gn_addr.val();
                self.d_a.d.next = self.sa.q.val();
                self.sa.d.next = self.sa.q.val() + 1;
                if self.sa.q.val() + 1 == self.w8.val() {
                    self.sa.d.next = 0.into();
                    self.sv.d.next = self.sv.q.val() + 1;
                    if self.sv.q.val() + 1 == self.regs.num_vars.val() {
                        self.phase.d.next = GPhase::DirLast;
                    }
                }
            }
            GPhase::DirLast => {
                self.pc.d.next = 0.into();
                self.phase.d.next = GPhase::RFetch;
            }
            GPhase::RFetch => {
                if self.pc.q.val() < self.regs.num_instr.val() {
                    self.phase.d.next = GPhase::RDec;
                } else {
                    self.phase.d.next = GPhase::REnd;
                }
            }
            GPhase::RDec => {
                self.ins_tgt.d.next = self.f_tgt.val();
                self.ins_src.d.next = self.f_src.val();
                self.ins_rel.d.next = self.f_rel.val();
                self.a.d.next = 0.into();
                self.phase.d.next = GPhase::RP1;
            }
            GPhase::RP1 => {
                self.hard.read_address.next = self.slot.val() | bit_cast::<HB, VB>(self.ins_tgt.q.val());
                self.phase.d.next = GPhase::RP2;
            }
            GPhase::RP2 => {
                self.ptgt.d.next = self.hard.read_data.val();
                self.f1.d.next = self.fm1.read_data.val();
                self.f2.d.next = self.fm2.read_data.val();
                self.phase.d.next = GPhase::RP3;
            }
            GPhase::RP3 => {
                self.psrc.d.next = self.hard.read_data.val();
                self.phase.d.next = GPhase::RA;
            }
            GPhase::RA => {
                // rel reads row a, gn reads gn[t][a] (the defaults).
                self.phase.d.next = GPhase::RAw;
            }
            GPhase::RAw => {
                self.gv.d.next = self.bufs.gn_data.val();
                self.mask.d.next = self.router.route.val();
                self.b.d.next = 0.into();
                if self.ptgt.q.val().get_bit(self.a.q.val().index())
                    & self.bufs.gn_data.val().any()
                    & self.ok_fail.val()
                    & self.router.route.val().any()
                {
                    self.phase.d.next = GPhase::RScan;
                } else {
                    self.a.d.next = self.a.q.val() + 1;
                    self.phase.d.next = GPhase::RA;
                    if self.a.q.val() + 1 == self.w8.val() {
                        self.pc.d.next = self.pc.q.val() + 1;
                        self.phase.d.next = GPhase::RFetch;
                    }
                }
            }
            GPhase::RScan => {
                if !self.mask.q.val().any() {
                    self.a.d.next = self.a.q.val() + 1;
                    self.phase.d.next = GPhase::RA;
                    if self.a.q.val() + 1 == self.w8.val() {
                        self.pc.d.next = self.pc.q.val() + 1;
                        self.phase.d.next = GPhase::RFetch;
                    }
                } else if self.mask.q.val().get_bit(self.b.q.val().index()) {
                    // gp reads gp[src][b] (the default address).
                    self.phase.d.next = GPhase::RAdd;
                } else {
                    self.b.d.next = self.b.q.val() + 1;
                }
            }
            GPhase::RAdd => {
                self.gp_we.next = true;
                self.gp_wd.next = self.router.sum.val();
                if self.router.ovf.val() {
                    self.saturated.d.next = true;
                }
                self.mask.d.next = self.mask.q.val().replace_bit(self.b.q.val().index(), false);
                self.b.d.next = self.b.q.val() + 1;
                self.phase.d.next = GPhase::RScan;
            }
            GPhase::REnd => {
                self.sel.d.next = !self.sel.q.val();
                self.sv.d.next = 0.into();
                self.phase.d.next = GPhase::Idle;
                if self.r.q.val() != 0 {
                    self.r.d.next = self.r.q.val() - 1;
                    self.phase.d.next = GPhase::Clear;
                }
            }
        }

        // Direct pass consumption: gp[cell] = f1[t][a] ? 0 : gn[cell] (read last clock).
        if self.d_valid.q.val() {
            self.gp_addr.next = self.d_addr.q.val();
            self.gp_we.next = true;
            self.gp_wd.next = self.bufs.gn_data.val();
            if self.fm1.read_data.val().get_bit(self.d_a.q.val().index()) {
                self.gp_wd.next = 0.into();
            }
        }

        // Buffer ports; the host reads and writes the current buffer while idle.
        self.bufs.clock.next = self.clock.val();
        self.bufs.sel.next = self.sel.q.val();
        self.bufs.idle.next = self.idle.val();
        self.bufs.gn_addr.next = self.gn_addr.val();
        self.bufs.gp_addr.next = self.gp_addr.val();
        self.bufs.gp_we.next = self.gp_we.val();
        self.bufs.gp_wd.next = self.gp_wd.val();
        self.bufs.host_rd_addr.next = bit_cast::<CB, 16>(self.rd_addr.val());
        self.bufs.host_wr_addr.next = bit_cast::<CB, 16>(self.wr_addr.val());
        self.bufs.host_we.next = self.host_wr.val() & (self.wr_region.val() == 4);
        self.bufs.host_wd.next = self.wr_data.val();

        // Host registers and the read port.
        self.regs.clock.next = self.clock.val();
        self.regs.idle.next = self.idle.val();
        self.regs.wr_reg.next = self.host_wr.val() & (self.wr_region.val() == 0);
        self.regs.wr_off.next = self.wr_off.val();
        self.regs.wr_data.next = self.wr_data.val().get_bits::<16>(0);
        self.regs.rd_addr.next = self.rd_addr.val();
        self.regs.saturated.next = self.saturated.q.val();
        self.regs.cfg_err.next = self.cfg_err.q.val();
        self.regs.cycles.next = self.cycles.q.val();
        self.regs.grad_data.next = self.bufs.host_data.val();
        self.rd_data.next = self.regs.rd_data.val();
    }
}
