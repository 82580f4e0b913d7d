//! The propagation engine in rust-hdl: memories, hard and soft datapaths and
//! the round sequencer. The host interface is documented in the crate doc
//! (`lib.rs`); the cycle formulas are in [`crate::EngineConfig`].
//!
//! Const parameters (Rust const generics cannot derive one from another, so
//! the dependent ones are passed explicitly and checked in [`Engine::new`]):
//! `D` domain width, `VB` variable address bits, `PB` program address bits,
//! `RB` relation address bits, `AB = clog2(D)` value index bits,
//! `SB = VB + AB` soft domain address bits, `PW = 2 VB + RB` program word bits.

use crate::spram::SpRam;
use rust_hdl::prelude::*;

/// Sequencer phases.
#[derive(Copy, Clone, Debug, PartialEq, LogicState)]
pub enum Phase {
    Idle,
    /// Hard: the three-stage instruction pipeline (fetch, read, execute).
    HRun,
    /// Hard: copy next -> prev per variable and look for empty domains.
    HScan,
    HScanLast,
    /// Hard: the stop rule of semiring-core (Wipeout, then Stable, then RoundLimit).
    HCheck,
    /// Soft: fetch and decode one instruction.
    SFetch,
    SDecode,
    /// Soft: one noisy-OR factor per clock, ascending b.
    SB,
    SBLast,
    /// Soft: soft AND of the support into the target cell.
    STMul,
    /// Soft: copy next -> prev per (variable, value).
    SScan,
    SScanLast,
    SCheck,
}

/// Outcome codes in the STATUS register (bits 3:0).
pub mod outcome {
    pub const NONE: u64 = 0;
    pub const STABLE: u64 = 1;
    pub const WIPEOUT: u64 = 2;
    pub const ROUND_LIMIT: u64 = 3;
    pub const SOFT_DONE: u64 = 4;
    pub const CONFIG_ERROR: u64 = 15;
}

#[derive(LogicBlock)]
pub struct Engine<
    const D: usize,
    const VB: usize,
    const PB: usize,
    const RB: usize,
    const AB: usize,
    const SB: usize,
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
    prog: SpRam<Bits<PW>, PB>,
    rel: [RAM<Bits<D>, RB>; D],
    hard_a: RAM<Bits<D>, VB>,
    hard_b: RAM<Bits<D>, VB>,
    soft_a: SpRam<Bits<16>, SB>,
    soft_b: SpRam<Bits<16>, SB>,
    // Host registers.
    mode_soft: DFF<Bit>,
    max_rounds: DFF<Bits<16>>,
    num_instr: DFF<Bits<16>>,
    num_vars: DFF<Bits<16>>,
    width: DFF<Bits<16>>,
    // Status.
    phase: DFF<Phase>,
    outcome: DFF<Bits<4>>,
    cycles: DFF<Bits<32>>,
    rounds: DFF<Bits<16>>,
    wipe_var: DFF<Bits<16>>,
    changed: DFF<Bit>,
    any_empty: DFF<Bit>,
    // Hard pipeline.
    pc: DFF<Bits<16>>,
    r_valid: DFF<Bit>,
    x_valid: DFF<Bit>,
    x_tgt: DFF<Bits<VB>>,
    lw_valid: DFF<Bit>,
    lw_tgt: DFF<Bits<VB>>,
    lw_val: DFF<Bits<D>>,
    // Scans.
    sv: DFF<Bits<16>>,
    sa: DFF<Bits<8>>,
    s_valid: DFF<Bit>,
    s_prev_v: DFF<Bits<16>>,
    s_prev_addr: DFF<Bits<SB>>,
    // Soft sequencer.
    ins_tgt: DFF<Bits<VB>>,
    ins_src: DFF<Bits<VB>>,
    ins_rel: DFF<Bits<RB>>,
    a: DFF<Bits<8>>,
    b: DFF<Bits<8>>,
    cb: DFF<Bits<8>>,
    cv: DFF<Bit>,
    keep: DFF<Bits<16>>,
    // Read port.
    rd_region: DFF<Bits<3>>,
    rd_a: DFF<Bits<8>>,
    rd_reg: DFF<Bits<32>>,
    // Combinational values.
    idle: Signal<Local, Bit>,
    host_wr: Signal<Local, Bit>,
    wr_region: Signal<Local, Bits<3>>,
    wr_off: Signal<Local, Bits<13>>,
    rd_region_now: Signal<Local, Bits<3>>,
    rd_off: Signal<Local, Bits<13>>,
    f_tgt: Signal<Local, Bits<VB>>,
    f_src: Signal<Local, Bits<VB>>,
    f_rel: Signal<Local, Bits<RB>>,
    support: Signal<Local, Bits<D>>,
    cur: Signal<Local, Bits<D>>,
    newv: Signal<Local, Bits<D>>,
    row: Signal<Local, Bits<D>>,
    rd_row: Signal<Local, Bits<D>>,
    w8: Signal<Local, Bits<8>>,
    src_addr: Signal<Local, Bits<SB>>,
    tgt_addr: Signal<Local, Bits<SB>>,
    scan_addr: Signal<Local, Bits<SB>>,
    ma: Signal<Local, Bits<16>>,
    mb: Signal<Local, Bits<16>>,
    prod: Signal<Local, Bits<32>>,
    rnd: Signal<Local, Bits<32>>,
    mres: Signal<Local, Bits<16>>,
    // Constants.
    k_vb: Constant<Bits<8>>,
    k_vb2: Constant<Bits<8>>,
    k_ab: Constant<Bits<8>>,
    k_d: Constant<Bits<16>>,
    k_vcap: Constant<Bits<16>>,
    k_pcap: Constant<Bits<16>>,
    k_info: Constant<Bits<32>>,
    k_amask: Constant<Bits<8>>,
}

impl<
        const D: usize,
        const VB: usize,
        const PB: usize,
        const RB: usize,
        const AB: usize,
        const SB: usize,
        const PW: usize,
    > Engine<D, VB, PB, RB, AB, SB, PW>
{
    /// Builds the engine; panics when the dependent parameters are inconsistent
    /// (the caller, [`crate::generate`], checks them first and returns an error).
    pub fn new() -> Self {
        assert!((1..=32).contains(&D), "D must be 1..=32");
        assert!(1usize << AB >= D && (AB == 0 || 1usize << (AB - 1) < D), "AB = clog2(D)");
        assert_eq!(SB, VB + AB, "SB = VB + AB");
        assert_eq!(PW, 2 * VB + RB, "PW = 2 VB + RB");
        assert!(VB <= 12 && PB <= 13 && RB + AB <= 13 && SB <= 13, "address fields exceed the 13-bit offset");
        let info = D as u64 | (VB as u64) << 8 | (PB as u64) << 12 | (RB as u64) << 16 | (AB as u64) << 20;
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
            rel: std::array::from_fn(|_| Default::default()),
            hard_a: Default::default(),
            hard_b: Default::default(),
            soft_a: Default::default(),
            soft_b: Default::default(),
            mode_soft: Default::default(),
            max_rounds: Default::default(),
            num_instr: Default::default(),
            num_vars: Default::default(),
            width: Default::default(),
            phase: Default::default(),
            outcome: Default::default(),
            cycles: Default::default(),
            rounds: Default::default(),
            wipe_var: Default::default(),
            changed: Default::default(),
            any_empty: Default::default(),
            pc: Default::default(),
            r_valid: Default::default(),
            x_valid: Default::default(),
            x_tgt: Default::default(),
            lw_valid: Default::default(),
            lw_tgt: Default::default(),
            lw_val: Default::default(),
            sv: Default::default(),
            sa: Default::default(),
            s_valid: Default::default(),
            s_prev_v: Default::default(),
            s_prev_addr: Default::default(),
            ins_tgt: Default::default(),
            ins_src: Default::default(),
            ins_rel: Default::default(),
            a: Default::default(),
            b: Default::default(),
            cb: Default::default(),
            cv: Default::default(),
            keep: Default::default(),
            rd_region: Default::default(),
            rd_a: Default::default(),
            rd_reg: Default::default(),
            idle: Default::default(),
            host_wr: Default::default(),
            wr_region: Default::default(),
            wr_off: Default::default(),
            rd_region_now: Default::default(),
            rd_off: Default::default(),
            f_tgt: Default::default(),
            f_src: Default::default(),
            f_rel: Default::default(),
            support: Default::default(),
            cur: Default::default(),
            newv: Default::default(),
            row: Default::default(),
            rd_row: Default::default(),
            w8: Default::default(),
            src_addr: Default::default(),
            tgt_addr: Default::default(),
            scan_addr: Default::default(),
            ma: Default::default(),
            mb: Default::default(),
            prod: Default::default(),
            rnd: Default::default(),
            mres: Default::default(),
            k_vb: Constant::new((VB as u64).into()),
            k_vb2: Constant::new((2 * VB as u64).into()),
            k_ab: Constant::new((AB as u64).into()),
            k_d: Constant::new((D as u64).into()),
            k_vcap: Constant::new((1u64 << VB).into()),
            k_pcap: Constant::new((1u64 << PB).into()),
            k_info: Constant::new(info.into()),
            k_amask: Constant::new(((1u64 << AB) - 1).into()),
        }
    }
}

impl<
        const D: usize,
        const VB: usize,
        const PB: usize,
        const RB: usize,
        const AB: usize,
        const SB: usize,
        const PW: usize,
    > Default for Engine<D, VB, PB, RB, AB, SB, PW>
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
        const AB: usize,
        const SB: usize,
        const PW: usize,
    > Logic for Engine<D, VB, PB, RB, AB, SB, PW>
{
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self,
            clock,
            mode_soft,
            max_rounds,
            num_instr,
            num_vars,
            width,
            phase,
            outcome,
            cycles,
            rounds,
            wipe_var,
            changed,
            any_empty,
            pc,
            r_valid,
            x_valid,
            x_tgt,
            lw_valid,
            lw_tgt,
            lw_val,
            sv,
            sa,
            s_valid,
            s_prev_v,
            s_prev_addr,
            ins_tgt,
            ins_src,
            ins_rel,
            a,
            b,
            cb,
            cv,
            keep,
            rd_region,
            rd_a,
            rd_reg
        );
        self.prog.clock.next = self.clock.val();
        self.soft_a.clock.next = self.clock.val();
        self.soft_b.clock.next = self.clock.val();
        self.hard_a.read_clock.next = self.clock.val();
        self.hard_a.write_clock.next = self.clock.val();
        self.hard_b.read_clock.next = self.clock.val();
        self.hard_b.write_clock.next = self.clock.val();
        for i in 0..D {
            self.rel[i].read_clock.next = self.clock.val();
            self.rel[i].write_clock.next = self.clock.val();
        }

        // Host address decode.
        self.idle.next = self.phase.q.val() == Phase::Idle;
        self.busy.next = !self.idle.val();
        self.host_wr.next = self.wr_en.val() & self.idle.val();
        self.wr_region.next = self.wr_addr.val().get_bits::<3>(13);
        self.wr_off.next = self.wr_addr.val().get_bits::<13>(0);
        self.rd_region_now.next = self.rd_addr.val().get_bits::<3>(13);
        self.rd_off.next = self.rd_addr.val().get_bits::<13>(0);
        self.w8.next = self.width.q.val().get_bits::<8>(0);

        // The fetched instruction word: target | source << VB | relation << 2VB.
        self.f_tgt.next = self.prog.read_data.val().get_bits::<VB>(0);
        self.f_src.next = self.prog.read_data.val().get_bits::<VB>(self.k_vb.val().index());
        self.f_rel.next = self.prog.read_data.val().get_bits::<RB>(self.k_vb2.val().index());

        // Soft domain addresses: variable << AB | value.
        self.src_addr.next =
            (bit_cast::<SB, VB>(self.ins_src.q.val()) << self.k_ab.val()) | bit_cast::<SB, 8>(self.b.q.val());
        self.tgt_addr.next =
            (bit_cast::<SB, VB>(self.ins_tgt.q.val()) << self.k_ab.val()) | bit_cast::<SB, 8>(self.a.q.val());
        self.scan_addr.next =
            (bit_cast::<SB, 16>(self.sv.q.val()) << self.k_ab.val()) | bit_cast::<SB, 8>(self.sa.q.val());

        // Program memory: the host owns it while idle, the pipeline while running.
        self.prog.address.next = bit_cast::<PB, 16>(self.pc.q.val());
        self.prog.write_data.next = bit_cast::<PW, 32>(self.wr_data.val());
        self.prog.write_enable.next = false;
        if self.idle.val() {
            self.prog.address.next = bit_cast::<PB, 16>(self.rd_addr.val());
            if self.host_wr.val() & (self.wr_region.val() == 1) {
                self.prog.address.next = bit_cast::<PB, 16>(self.wr_addr.val());
                self.prog.write_enable.next = true;
            }
        }

        // Relation memory: one RAM per row a, all rows of a relation read at once.
        for i in 0..D {
            self.rel[i].write_address.next = bit_cast::<RB, 16>(self.wr_addr.val() >> self.k_ab.val());
            self.rel[i].write_data.next = bit_cast::<D, 32>(self.wr_data.val());
            self.rel[i].write_enable.next = self.host_wr.val()
                & (self.wr_region.val() == 2)
                & (bit_cast::<AB, 16>(self.wr_addr.val()).index() == i);
            self.rel[i].read_address.next = self.f_rel.val();
            if self.mode_soft.q.val() {
                self.rel[i].read_address.next = self.ins_rel.q.val();
            }
            if self.idle.val() {
                self.rel[i].read_address.next = bit_cast::<RB, 16>(self.rd_addr.val() >> self.k_ab.val());
            }
        }
        // Row a of the soft instruction, and the row the host reads back.
        self.row.next = 0.into();
        self.rd_row.next = 0.into();
        for i in 0..D {
            if self.a.q.val().index() == i {
                self.row.next = self.rel[i].read_data.val();
            }
            if self.rd_a.q.val().index() == i {
                self.rd_row.next = self.rel[i].read_data.val();
            }
        }

        // Hard domains: bank A holds prev, bank B next. Host writes go to both.
        self.hard_a.read_address.next = self.f_src.val();
        self.hard_a.write_address.next = bit_cast::<VB, 16>(self.wr_addr.val());
        self.hard_a.write_data.next = bit_cast::<D, 32>(self.wr_data.val());
        self.hard_a.write_enable.next = self.host_wr.val() & (self.wr_region.val() == 3);
        self.hard_b.read_address.next = self.f_tgt.val();
        self.hard_b.write_address.next = bit_cast::<VB, 16>(self.wr_addr.val());
        self.hard_b.write_data.next = bit_cast::<D, 32>(self.wr_data.val());
        self.hard_b.write_enable.next = self.host_wr.val() & (self.wr_region.val() == 3);
        if self.idle.val() {
            self.hard_a.read_address.next = bit_cast::<VB, 16>(self.rd_addr.val());
        }

        // Soft domains (single port each): A holds prev, B next.
        self.soft_a.address.next = self.src_addr.val();
        self.soft_a.write_data.next = bit_cast::<16, 32>(self.wr_data.val());
        self.soft_a.write_enable.next = false;
        self.soft_b.address.next = self.tgt_addr.val();
        self.soft_b.write_data.next = bit_cast::<16, 32>(self.wr_data.val());
        self.soft_b.write_enable.next = false;
        if self.idle.val() {
            self.soft_a.address.next = bit_cast::<SB, 16>(self.rd_addr.val());
            if self.host_wr.val() & (self.wr_region.val() == 4) {
                self.soft_a.address.next = bit_cast::<SB, 16>(self.wr_addr.val());
                self.soft_a.write_enable.next = true;
                self.soft_b.address.next = bit_cast::<SB, 16>(self.wr_addr.val());
                self.soft_b.write_enable.next = true;
            }
        }

        // Hard datapath (execute stage): support[a] = OR_b (R[a][b] & prev_src[b]).
        self.cur.next = self.hard_b.read_data.val();
        if self.lw_valid.q.val() & (self.lw_tgt.q.val() == self.x_tgt.q.val()) {
            // The previous instruction wrote this target in the cycle the RAM was read.
            self.cur.next = self.lw_val.q.val();
        }
        self.support.next = 0.into();
        for i in 0..D {
            self.support.next =
                self.support.val().replace_bit(i, (self.rel[i].read_data.val() & self.hard_a.read_data.val()).any());
        }
        self.newv.next = self.cur.val() & self.support.val();

        // The one Q1.15 multiplier: (ma * mb + 0x4000) >> 15, as semiring-core's Q15::mul.
        self.ma.next = self.keep.q.val();
        self.mb.next = 0x8000 - self.soft_a.read_data.val();
        if self.phase.q.val() == Phase::STMul {
            self.ma.next = self.soft_b.read_data.val();
            self.mb.next = 0x8000 - self.keep.q.val();
        }
        self.prod.next = self.ma.val() * self.mb.val();
        self.rnd.next = self.prod.val() + 0x4000;
        self.mres.next = self.rnd.val().get_bits::<16>(15);

        // Pipeline and scan defaults.
        self.r_valid.d.next = false;
        self.x_valid.d.next = self.r_valid.q.val();
        self.x_tgt.d.next = self.f_tgt.val();
        self.lw_valid.d.next = false;
        self.cv.d.next = false;
        self.s_valid.d.next = false;
        if !self.idle.val() {
            self.cycles.d.next = self.cycles.q.val() + 1;
        }

        // Soft noisy-OR factor: keep *= 1 - prev_src[b] where R[a][b] (b = cb, one cycle after its read).
        if self.cv.q.val() & self.row.val().get_bit(self.cb.q.val().index()) {
            self.keep.d.next = self.mres.val();
        }
        // Scan consumption: the value read last cycle from B is copied into A.
        if self.s_valid.q.val() & !self.mode_soft.q.val() {
            self.hard_a.write_address.next = bit_cast::<VB, 16>(self.s_prev_v.q.val());
            self.hard_a.write_data.next = self.hard_b.read_data.val();
            self.hard_a.write_enable.next = true;
            if !self.hard_b.read_data.val().any() & !self.any_empty.q.val() {
                self.any_empty.d.next = true;
                self.wipe_var.d.next = self.s_prev_v.q.val();
            }
        }
        if self.s_valid.q.val() & self.mode_soft.q.val() {
            self.soft_a.address.next = self.s_prev_addr.q.val();
            self.soft_a.write_data.next = self.soft_b.read_data.val();
            self.soft_a.write_enable.next = true;
        }

        match self.phase.q.val() {
            Phase::Idle => {
                if self.start.val() {
                    self.cycles.d.next = 0.into();
                    self.rounds.d.next = 0.into();
                    self.outcome.d.next = 0.into();
                    self.wipe_var.d.next = 0.into();
                    self.pc.d.next = 0.into();
                    self.changed.d.next = false;
                    self.any_empty.d.next = false;
                    if (self.width.q.val() == 0)
                        | (self.width.q.val() > self.k_d.val())
                        | (self.num_vars.q.val() == 0)
                        | (self.num_vars.q.val() > self.k_vcap.val())
                        | (self.num_instr.q.val() > self.k_pcap.val())
                    {
                        self.outcome.d.next = 15.into();
                    } else if self.max_rounds.q.val() == 0 {
                        self.outcome.d.next = 3.into();
                        if self.mode_soft.q.val() {
                            self.outcome.d.next = 4.into();
                        }
                    } else if self.mode_soft.q.val() {
                        self.phase.d.next = Phase::SFetch;
                    } else {
                        self.phase.d.next = Phase::HRun;
                    }
                }
            }
            Phase::HRun => {
                if self.pc.q.val() < self.num_instr.q.val() {
                    self.r_valid.d.next = true;
                    self.pc.d.next = self.pc.q.val() + 1;
                } else if !self.r_valid.q.val() & !self.x_valid.q.val() {
                    self.sv.d.next = 0.into();
                    self.phase.d.next = Phase::HScan;
                }
                if self.x_valid.q.val() {
                    self.hard_b.write_address.next = self.x_tgt.q.val();
                    self.hard_b.write_data.next = self.newv.val();
                    self.hard_b.write_enable.next = true;
                    self.lw_valid.d.next = true;
                    self.lw_tgt.d.next = self.x_tgt.q.val();
                    self.lw_val.d.next = self.newv.val();
                    if self.newv.val() != self.cur.val() {
                        self.changed.d.next = true;
                    }
                }
            }
            Phase::HScan => {
                self.hard_b.read_address.next = bit_cast::<VB, 16>(self.sv.q.val());
                self.s_valid.d.next = true;
                self.s_prev_v.d.next = self.sv.q.val();
                self.sv.d.next = self.sv.q.val() + 1;
                if self.sv.q.val() + 1 == self.num_vars.q.val() {
                    self.phase.d.next = Phase::HScanLast;
                }
            }
            Phase::HScanLast => {
                self.phase.d.next = Phase::HCheck;
            }
            Phase::HCheck => {
                self.rounds.d.next = self.rounds.q.val() + 1;
                self.phase.d.next = Phase::Idle;
                if self.any_empty.q.val() {
                    self.outcome.d.next = 2.into();
                } else if !self.changed.q.val() {
                    self.outcome.d.next = 1.into();
                } else if self.rounds.q.val() + 1 == self.max_rounds.q.val() {
                    self.outcome.d.next = 3.into();
                } else {
                    self.pc.d.next = 0.into();
                    self.changed.d.next = false;
                    self.any_empty.d.next = false;
                    self.phase.d.next = Phase::HRun;
                }
            }
            Phase::SFetch => {
                if self.pc.q.val() < self.num_instr.q.val() {
                    self.phase.d.next = Phase::SDecode;
                } else {
                    self.sv.d.next = 0.into();
                    self.sa.d.next = 0.into();
                    self.phase.d.next = Phase::SScan;
                }
            }
            Phase::SDecode => {
                self.ins_tgt.d.next = self.f_tgt.val();
                self.ins_src.d.next = self.f_src.val();
                self.ins_rel.d.next = self.f_rel.val();
                self.a.d.next = 0.into();
                self.b.d.next = 0.into();
                self.keep.d.next = 0x8000.into();
                self.phase.d.next = Phase::SB;
            }
            Phase::SB => {
                // soft_a.address is src_addr (prev[src][b]) by default.
                self.cv.d.next = true;
                self.cb.d.next = self.b.q.val();
                self.b.d.next = self.b.q.val() + 1;
                if self.b.q.val() + 1 == self.w8.val() {
                    self.phase.d.next = Phase::SBLast;
                }
            }
            Phase::SBLast => {
                // soft_b.address is tgt_addr: read next[tgt][a].
                self.phase.d.next = Phase::STMul;
            }
            Phase::STMul => {
                self.soft_b.write_data.next = self.mres.val();
                self.soft_b.write_enable.next = true;
                self.a.d.next = self.a.q.val() + 1;
                self.b.d.next = 0.into();
                self.keep.d.next = 0x8000.into();
                self.phase.d.next = Phase::SB;
                if self.a.q.val() + 1 == self.w8.val() {
                    self.pc.d.next = self.pc.q.val() + 1;
                    self.phase.d.next = Phase::SFetch;
                }
            }
            Phase::SScan => {
                self.soft_b.address.next = self.scan_addr.val();
                self.s_valid.d.next = true;
                self.s_prev_addr.d.next = self.scan_addr.val();
                self.sa.d.next = self.sa.q.val() + 1;
                if self.sa.q.val() + 1 == self.w8.val() {
                    self.sa.d.next = 0.into();
                    self.sv.d.next = self.sv.q.val() + 1;
                    if self.sv.q.val() + 1 == self.num_vars.q.val() {
                        self.phase.d.next = Phase::SScanLast;
                    }
                }
            }
            Phase::SScanLast => {
                self.phase.d.next = Phase::SCheck;
            }
            Phase::SCheck => {
                self.rounds.d.next = self.rounds.q.val() + 1;
                self.pc.d.next = 0.into();
                self.phase.d.next = Phase::SFetch;
                if self.rounds.q.val() + 1 == self.max_rounds.q.val() {
                    self.outcome.d.next = 4.into();
                    self.phase.d.next = Phase::Idle;
                }
            }
        }

        // Host register writes.
        if self.host_wr.val() & (self.wr_region.val() == 0) {
            if self.wr_off.val() == 0 {
                self.mode_soft.d.next = self.wr_data.val().get_bit(0);
            }
            if self.wr_off.val() == 1 {
                self.max_rounds.d.next = self.wr_data.val().get_bits::<16>(0);
            }
            if self.wr_off.val() == 2 {
                self.num_instr.d.next = self.wr_data.val().get_bits::<16>(0);
            }
            if self.wr_off.val() == 3 {
                self.num_vars.d.next = self.wr_data.val().get_bits::<16>(0);
            }
            if self.wr_off.val() == 4 {
                self.width.d.next = self.wr_data.val().get_bits::<16>(0);
            }
        }

        // Read port: one cycle of latency for every region.
        self.rd_region.d.next = self.rd_region_now.val();
        self.rd_a.d.next = bit_cast::<8, 16>(self.rd_addr.val()) & self.k_amask.val();
        self.rd_reg.d.next = 0.into();
        if self.rd_off.val() == 0 {
            self.rd_reg.d.next = bit_cast::<32, 1>(self.mode_soft.q.val().into());
        }
        if self.rd_off.val() == 1 {
            self.rd_reg.d.next = bit_cast::<32, 16>(self.max_rounds.q.val());
        }
        if self.rd_off.val() == 2 {
            self.rd_reg.d.next = bit_cast::<32, 16>(self.num_instr.q.val());
        }
        if self.rd_off.val() == 3 {
            self.rd_reg.d.next = bit_cast::<32, 16>(self.num_vars.q.val());
        }
        if self.rd_off.val() == 4 {
            self.rd_reg.d.next = bit_cast::<32, 16>(self.width.q.val());
        }
        if self.rd_off.val() == 8 {
            self.rd_reg.d.next = bit_cast::<32, 4>(self.outcome.q.val());
            if !self.idle.val() {
                self.rd_reg.d.next = bit_cast::<32, 4>(self.outcome.q.val()) | 16;
            }
        }
        if self.rd_off.val() == 9 {
            self.rd_reg.d.next = self.cycles.q.val();
        }
        if self.rd_off.val() == 10 {
            self.rd_reg.d.next = bit_cast::<32, 16>(self.rounds.q.val());
        }
        if self.rd_off.val() == 11 {
            self.rd_reg.d.next = bit_cast::<32, 16>(self.wipe_var.q.val());
        }
        if self.rd_off.val() == 12 {
            self.rd_reg.d.next = self.k_info.val();
        }
        self.rd_data.next = self.rd_reg.q.val();
        if self.rd_region.q.val() == 1 {
            self.rd_data.next = bit_cast::<32, PW>(self.prog.read_data.val());
        }
        if self.rd_region.q.val() == 2 {
            self.rd_data.next = bit_cast::<32, D>(self.rd_row.val());
        }
        if self.rd_region.q.val() == 3 {
            self.rd_data.next = bit_cast::<32, D>(self.hard_a.read_data.val());
        }
        if self.rd_region.q.val() == 4 {
            self.rd_data.next = bit_cast::<32, 16>(self.soft_a.read_data.val());
        }
    }
}
