//! The propagation engine in rust-hdl: `L` parallel lanes ([`Lane`], each
//! with a [`HardPipe`] and a [`SoftSeq`]) under one round [`Sequencer`],
//! with the host registers and read port in [`HostRegs`], all inside
//! [`Engine`] (module `top`). The host interface is documented in the crate
//! doc (`lib.rs`); the cycle formulas are in [`crate::EngineConfig`].
//!
//! Const parameters (Rust const generics cannot derive one from another, so
//! the dependent ones are passed explicitly and checked in [`Engine::new`]):
//! `D` domain width, `VB` variable address bits, `PB` program address bits
//! (per lane), `RB` relation address bits, `AB = clog2(D)` value index bits,
//! `SB = VB + AB` soft domain address bits, `PW = 2 VB + RB` program word
//! bits, `L` lanes, `OWN = 1` when `L > 1` (the OWNER table exists) else 0.
//!
//! Why lanes can run side by side without talking to each other: the host
//! gives every target variable to exactly one lane (instructions are split
//! by target), so each lane reads prev (its own replica, written by the
//! sequencer's scan) and reads and writes next only for its own targets, in
//! its own bank. The per-target order of instructions stays the program's
//! order, which is the order in which semiring-core's soft rounds accumulate.
//! At the end of a round the sequencer's scan takes each variable's next
//! value from the bank of the lane that owns it (the OWNER table) and writes
//! it into every lane's prev replica.

use crate::spram::SpRam;
use rust_hdl::prelude::*;

/// Sequencer phases.
#[derive(Copy, Clone, Debug, PartialEq, LogicState)]
pub enum Phase {
    Idle,
    /// Hard: the lanes run their instruction pipelines.
    HRun,
    /// Hard: copy next -> prev per variable and look for empty domains.
    HScan,
    HScanLast,
    /// Hard: the stop rule of semiring-core (Wipeout, then Stable, then RoundLimit).
    HCheck,
    /// Soft: the lanes run their instructions.
    SRun,
    /// Soft: copy next -> prev per (variable, value).
    SScan,
    SScanLast,
    SCheck,
}

/// A lane's soft sequencer phases.
#[derive(Copy, Clone, Debug, PartialEq, LogicState)]
pub enum LanePhase {
    Idle,
    /// Fetch and decode one instruction.
    SFetch,
    SDecode,
    /// One noisy-OR factor per clock, ascending b.
    SB,
    SBLast,
    /// Soft AND of the support into the target cell.
    STMul,
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

/// A lane's hard pipeline: issues one instruction per clock while the
/// sequencer runs (the lane fetches and reads for it), then ANDs the support
/// into the target's next value and writes it back, forwarding the previous
/// write when it went to the same target.
#[derive(LogicBlock, Default)]
pub struct HardPipe<const D: usize, const VB: usize> {
    pub clock: Signal<In, Clock>,
    pub h_start: Signal<In, Bit>,
    pub h_run: Signal<In, Bit>,
    /// pc < NUM_INSTR.
    pub more: Signal<In, Bit>,
    pub f_tgt: Signal<In, Bits<VB>>,
    /// `next[target]` from the bank and the support, both for the instruction in the execute stage.
    pub next_tgt: Signal<In, Bits<D>>,
    pub support: Signal<In, Bits<D>>,
    /// An instruction is issued: pc advances.
    pub issue: Signal<Out, Bit>,
    pub write: Signal<Out, Bit>,
    pub write_tgt: Signal<Out, Bits<VB>>,
    pub write_val: Signal<Out, Bits<D>>,
    /// An instruction of this round changed its target.
    pub changed: Signal<Out, Bit>,
    /// No instruction left to issue and the pipeline is empty.
    pub done: Signal<Out, Bit>,
    r_valid: DFF<Bit>,
    x_valid: DFF<Bit>,
    x_tgt: DFF<Bits<VB>>,
    lw_valid: DFF<Bit>,
    lw_tgt: DFF<Bits<VB>>,
    lw_val: DFF<Bits<D>>,
    chg: DFF<Bit>,
    cur: Signal<Local, Bits<D>>,
    newv: Signal<Local, Bits<D>>,
}

impl<const D: usize, const VB: usize> Logic for HardPipe<D, VB> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, r_valid, x_valid, x_tgt, lw_valid, lw_tgt, lw_val, chg);
        // Execute stage: support[a] = OR_b (R[a][b] & prev_src[b]) comes from the lane.
        self.cur.next = self.next_tgt.val();
        if self.lw_valid.q.val() & (self.lw_tgt.q.val() == self.x_tgt.q.val()) {
            // The previous instruction wrote this target in the cycle the RAM was read.
            self.cur.next = self.lw_val.q.val();
        }
        self.newv.next = self.cur.val() & self.support.val();

        // Fetch (pc), read (prev[source], next[target], all D rows), execute and write back.
        self.issue.next = self.h_run.val() & self.more.val();
        self.r_valid.d.next = self.issue.val();
        self.x_valid.d.next = self.r_valid.q.val();
        self.x_tgt.d.next = self.f_tgt.val();
        self.lw_valid.d.next = false;
        self.write.next = self.x_valid.q.val();
        self.write_tgt.next = self.x_tgt.q.val();
        self.write_val.next = self.newv.val();
        if self.x_valid.q.val() {
            self.lw_valid.d.next = true;
            self.lw_tgt.d.next = self.x_tgt.q.val();
            self.lw_val.d.next = self.newv.val();
            if self.newv.val() != self.cur.val() {
                self.chg.d.next = true;
            }
        }
        if self.h_start.val() {
            self.chg.d.next = false;
        }
        self.changed.next = self.chg.q.val();
        self.done.next = !self.more.val() & !self.r_valid.q.val() & !self.x_valid.q.val();
    }
}

/// A lane's soft sequencer: per instruction and target value `a`, the
/// noisy-OR over `b` of the source's prev values where `R[a][b]`, then the
/// soft AND into `next[target][a]`, on one Q1.15 multiplier.
#[derive(LogicBlock)]
pub struct SoftSeq<const D: usize, const VB: usize, const RB: usize, const AB: usize, const SB: usize> {
    pub clock: Signal<In, Clock>,
    /// Start of a soft round (the lane sets pc to 0).
    pub s_start: Signal<In, Bit>,
    pub w8: Signal<In, Bits<8>>,
    /// pc < NUM_INSTR.
    pub more: Signal<In, Bit>,
    pub f_tgt: Signal<In, Bits<VB>>,
    pub f_src: Signal<In, Bits<VB>>,
    pub f_rel: Signal<In, Bits<RB>>,
    /// Row `value_a` of relation `rel`, read last clock.
    pub row: Signal<In, Bits<D>>,
    /// `prev[source][b]` and `next[target][a]`, read at `src_addr` and `tgt_addr` last clock.
    pub prev_src: Signal<In, Bits<16>>,
    pub next_tgt: Signal<In, Bits<16>>,
    pub rel: Signal<Out, Bits<RB>>,
    pub value_a: Signal<Out, Bits<8>>,
    pub src_addr: Signal<Out, Bits<SB>>,
    pub tgt_addr: Signal<Out, Bits<SB>>,
    /// Write `result` into `next[target][a]`.
    pub write: Signal<Out, Bit>,
    pub result: Signal<Out, Bits<16>>,
    /// The instruction is done: pc advances.
    pub next_instr: Signal<Out, Bit>,
    /// All instructions of this round are done.
    pub done: Signal<Out, Bit>,
    lphase: DFF<LanePhase>,
    ins_tgt: DFF<Bits<VB>>,
    ins_src: DFF<Bits<VB>>,
    ins_rel: DFF<Bits<RB>>,
    a: DFF<Bits<8>>,
    b: DFF<Bits<8>>,
    cb: DFF<Bits<8>>,
    cv: DFF<Bit>,
    keep: DFF<Bits<16>>,
    ma: Signal<Local, Bits<16>>,
    mb: Signal<Local, Bits<16>>,
    prod: Signal<Local, Bits<32>>,
    rnd: Signal<Local, Bits<32>>,
    mres: Signal<Local, Bits<16>>,
    k_ab: Constant<Bits<8>>,
}

impl<const D: usize, const VB: usize, const RB: usize, const AB: usize, const SB: usize> Default
    for SoftSeq<D, VB, RB, AB, SB>
{
    fn default() -> Self {
        Self {
            clock: Default::default(),
            s_start: Default::default(),
            w8: Default::default(),
            more: Default::default(),
            f_tgt: Default::default(),
            f_src: Default::default(),
            f_rel: Default::default(),
            row: Default::default(),
            prev_src: Default::default(),
            next_tgt: Default::default(),
            rel: Default::default(),
            value_a: Default::default(),
            src_addr: Default::default(),
            tgt_addr: Default::default(),
            write: Default::default(),
            result: Default::default(),
            next_instr: Default::default(),
            done: Default::default(),
            lphase: Default::default(),
            ins_tgt: Default::default(),
            ins_src: Default::default(),
            ins_rel: Default::default(),
            a: Default::default(),
            b: Default::default(),
            cb: Default::default(),
            cv: Default::default(),
            keep: Default::default(),
            ma: Default::default(),
            mb: Default::default(),
            prod: Default::default(),
            rnd: Default::default(),
            mres: Default::default(),
            k_ab: Constant::new((AB as u64).into()),
        }
    }
}

impl<const D: usize, const VB: usize, const RB: usize, const AB: usize, const SB: usize> Logic
    for SoftSeq<D, VB, RB, AB, SB>
{
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, lphase, ins_tgt, ins_src, ins_rel, a, b, cb, cv, keep);
        self.rel.next = self.ins_rel.q.val();
        self.value_a.next = self.a.q.val();
        // Soft domain addresses: variable << AB | value.
        self.src_addr.next =
            (bit_cast::<SB, VB>(self.ins_src.q.val()) << self.k_ab.val()) | bit_cast::<SB, 8>(self.b.q.val());
        self.tgt_addr.next =
            (bit_cast::<SB, VB>(self.ins_tgt.q.val()) << self.k_ab.val()) | bit_cast::<SB, 8>(self.a.q.val());

        // The Q1.15 multiplier: (ma * mb + 0x4000) >> 15, as semiring-core's Q15::mul.
        self.ma.next = self.keep.q.val();
        self.mb.next = 0x8000 - self.prev_src.val();
        if self.lphase.q.val() == LanePhase::STMul {
            self.ma.next = self.next_tgt.val();
            self.mb.next = 0x8000 - self.keep.q.val();
        }
        self.prod.next = self.ma.val() * self.mb.val();
        self.rnd.next = self.prod.val() + 0x4000;
        self.mres.next = self.rnd.val().get_bits::<16>(15);
        self.result.next = self.mres.val();
        self.write.next = false;
        self.next_instr.next = false;

        // Noisy-OR factor: keep *= 1 - prev_src[b] where R[a][b] (b = cb, one cycle after its read).
        self.cv.d.next = false;
        if self.cv.q.val() & self.row.val().get_bit(self.cb.q.val().index()) {
            self.keep.d.next = self.mres.val();
        }
        match self.lphase.q.val() {
            LanePhase::Idle => {}
            LanePhase::SFetch => {
                self.lphase.d.next = LanePhase::Idle;
                if self.more.val() {
                    self.lphase.d.next = LanePhase::SDecode;
                }
            }
            LanePhase::SDecode => {
                self.ins_tgt.d.next = self.f_tgt.val();
                self.ins_src.d.next = self.f_src.val();
                self.ins_rel.d.next = self.f_rel.val();
                self.a.d.next = 0.into();
                self.b.d.next = 0.into();
                self.keep.d.next = 0x8000.into();
                self.lphase.d.next = LanePhase::SB;
            }
            LanePhase::SB => {
                // The lane reads prev[src][b] at src_addr.
                self.cv.d.next = true;
                self.cb.d.next = self.b.q.val();
                self.b.d.next = self.b.q.val() + 1;
                if self.b.q.val() + 1 == self.w8.val() {
                    self.lphase.d.next = LanePhase::SBLast;
                }
            }
            LanePhase::SBLast => {
                // The lane reads next[tgt][a] at tgt_addr.
                self.lphase.d.next = LanePhase::STMul;
            }
            LanePhase::STMul => {
                self.write.next = true;
                self.a.d.next = self.a.q.val() + 1;
                self.b.d.next = 0.into();
                self.keep.d.next = 0x8000.into();
                self.lphase.d.next = LanePhase::SB;
                if self.a.q.val() + 1 == self.w8.val() {
                    self.next_instr.next = true;
                    self.lphase.d.next = LanePhase::SFetch;
                }
            }
        }
        if self.s_start.val() {
            self.lphase.d.next = LanePhase::SFetch;
        }
        self.done.next =
            (self.lphase.q.val() == LanePhase::Idle) | ((self.lphase.q.val() == LanePhase::SFetch) & !self.more.val());
    }
}

/// One lane: its program memory, its copy of the relation memory, its prev
/// replicas (hard and soft) and next banks, the hard pipeline ([`HardPipe`],
/// one instruction per clock) and the soft sequencer with its multiplier
/// ([`SoftSeq`]). The lane's own logic is the memories' port multiplexing
/// between the host, the sequencer's scan and the two datapaths, and the pc.
#[derive(LogicBlock)]
pub struct Lane<
    const D: usize,
    const VB: usize,
    const PB: usize,
    const RB: usize,
    const AB: usize,
    const SB: usize,
    const PW: usize,
> {
    pub clock: Signal<In, Clock>,
    // From the sequencer.
    /// The sequencer is idle: the host owns the memories.
    pub idle: Signal<In, Bit>,
    pub mode_soft: Signal<In, Bit>,
    pub w8: Signal<In, Bits<8>>,
    /// Start of a hard round: pc and the changed flag back to 0.
    pub h_start: Signal<In, Bit>,
    /// The sequencer is in its hard run phase: issue instructions.
    pub h_run: Signal<In, Bit>,
    /// Start of a soft round: fetch from pc = 0.
    pub s_start: Signal<In, Bit>,
    // Host bus, decoded by the sequencer.
    pub wr_addr: Signal<In, Bits<16>>,
    pub wr_data: Signal<In, Bits<32>>,
    pub rd_addr: Signal<In, Bits<16>>,
    /// Registered value index of a relation-row read.
    pub rd_a: Signal<In, Bits<8>>,
    pub wr_prog: Signal<In, Bit>,
    pub wr_ninstr: Signal<In, Bit>,
    pub wr_rel: Signal<In, Bit>,
    pub wr_hard: Signal<In, Bit>,
    pub wr_soft: Signal<In, Bit>,
    // The sequencer's scan: read next, write prev.
    pub h_scan: Signal<In, Bit>,
    pub scan_v: Signal<In, Bits<VB>>,
    pub h_copy: Signal<In, Bit>,
    pub copy_v: Signal<In, Bits<VB>>,
    pub copy_hard: Signal<In, Bits<D>>,
    pub s_scan: Signal<In, Bit>,
    pub scan_addr: Signal<In, Bits<SB>>,
    pub s_copy: Signal<In, Bit>,
    pub copy_addr: Signal<In, Bits<SB>>,
    pub copy_soft: Signal<In, Bits<16>>,
    // To the sequencer.
    pub num_instr: Signal<Out, Bits<16>>,
    /// Hard: no instruction left to issue and the pipeline is empty.
    pub h_done: Signal<Out, Bit>,
    /// Soft: the lane has run all its instructions of this round.
    pub s_done: Signal<Out, Bit>,
    /// Hard: an instruction of this round changed its target.
    pub changed: Signal<Out, Bit>,
    pub prog_data: Signal<Out, Bits<PW>>,
    pub rel_row: Signal<Out, Bits<D>>,
    pub prev_hard: Signal<Out, Bits<D>>,
    pub next_hard: Signal<Out, Bits<D>>,
    pub prev_soft: Signal<Out, Bits<16>>,
    pub next_soft: Signal<Out, Bits<16>>,
    // Memories.
    prog: SpRam<Bits<PW>, PB>,
    rel: [RAM<Bits<D>, RB>; D],
    hard_a: RAM<Bits<D>, VB>,
    hard_b: RAM<Bits<D>, VB>,
    soft_a: SpRam<Bits<16>, SB>,
    soft_b: SpRam<Bits<16>, SB>,
    // Datapaths.
    hard_pipe: HardPipe<D, VB>,
    soft_seq: SoftSeq<D, VB, RB, AB, SB>,
    // Registers.
    n_instr: DFF<Bits<16>>,
    pc: DFF<Bits<16>>,
    // Combinational values.
    more: Signal<Local, Bit>,
    f_tgt: Signal<Local, Bits<VB>>,
    f_src: Signal<Local, Bits<VB>>,
    f_rel: Signal<Local, Bits<RB>>,
    support: Signal<Local, Bits<D>>,
    row: Signal<Local, Bits<D>>,
    // Constants.
    k_vb: Constant<Bits<8>>,
    k_vb2: Constant<Bits<8>>,
    k_ab: Constant<Bits<8>>,
}

impl<
        const D: usize,
        const VB: usize,
        const PB: usize,
        const RB: usize,
        const AB: usize,
        const SB: usize,
        const PW: usize,
    > Default for Lane<D, VB, PB, RB, AB, SB, PW>
{
    fn default() -> Self {
        Self {
            clock: Default::default(),
            idle: Default::default(),
            mode_soft: Default::default(),
            w8: Default::default(),
            h_start: Default::default(),
            h_run: Default::default(),
            s_start: Default::default(),
            wr_addr: Default::default(),
            wr_data: Default::default(),
            rd_addr: Default::default(),
            rd_a: Default::default(),
            wr_prog: Default::default(),
            wr_ninstr: Default::default(),
            wr_rel: Default::default(),
            wr_hard: Default::default(),
            wr_soft: Default::default(),
            h_scan: Default::default(),
            scan_v: Default::default(),
            h_copy: Default::default(),
            copy_v: Default::default(),
            copy_hard: Default::default(),
            s_scan: Default::default(),
            scan_addr: Default::default(),
            s_copy: Default::default(),
            copy_addr: Default::default(),
            copy_soft: Default::default(),
            num_instr: Default::default(),
            h_done: Default::default(),
            s_done: Default::default(),
            changed: Default::default(),
            prog_data: Default::default(),
            rel_row: Default::default(),
            prev_hard: Default::default(),
            next_hard: Default::default(),
            prev_soft: Default::default(),
            next_soft: Default::default(),
            prog: Default::default(),
            rel: std::array::from_fn(|_| Default::default()),
            hard_a: Default::default(),
            hard_b: Default::default(),
            soft_a: Default::default(),
            soft_b: Default::default(),
            hard_pipe: Default::default(),
            soft_seq: Default::default(),
            n_instr: Default::default(),
            pc: Default::default(),
            more: Default::default(),
            f_tgt: Default::default(),
            f_src: Default::default(),
            f_rel: Default::default(),
            support: Default::default(),
            row: Default::default(),
            k_vb: Constant::new((VB as u64).into()),
            k_vb2: Constant::new((2 * VB as u64).into()),
            k_ab: Constant::new((AB as u64).into()),
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
    > Logic for Lane<D, VB, PB, RB, AB, SB, PW>
{
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, n_instr, pc);
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

        // The fetched instruction word: target | source << VB | relation << 2VB.
        self.f_tgt.next = self.prog.read_data.val().get_bits::<VB>(0);
        self.f_src.next = self.prog.read_data.val().get_bits::<VB>(self.k_vb.val().index());
        self.f_rel.next = self.prog.read_data.val().get_bits::<RB>(self.k_vb2.val().index());

        // Program memory and instruction count: the host owns them while idle, the lane while running.
        self.prog.address.next = bit_cast::<PB, 16>(self.pc.q.val());
        self.prog.write_data.next = bit_cast::<PW, 32>(self.wr_data.val());
        self.prog.write_enable.next = false;
        if self.idle.val() {
            self.prog.address.next = bit_cast::<PB, 16>(self.rd_addr.val());
            if self.wr_prog.val() {
                self.prog.address.next = bit_cast::<PB, 16>(self.wr_addr.val());
                self.prog.write_enable.next = true;
            }
        }
        if self.wr_ninstr.val() {
            self.n_instr.d.next = self.wr_data.val().get_bits::<16>(0);
        }
        self.more.next = self.pc.q.val() < self.n_instr.q.val();

        // Relation memory: one RAM per row a, all rows of a relation read at once.
        for i in 0..D {
            self.rel[i].write_address.next = bit_cast::<RB, 16>(self.wr_addr.val() >> self.k_ab.val());
            self.rel[i].write_data.next = bit_cast::<D, 32>(self.wr_data.val());
            self.rel[i].write_enable.next = self.wr_rel.val() & (bit_cast::<AB, 16>(self.wr_addr.val()).index() == i);
            self.rel[i].read_address.next = self.f_rel.val();
            if self.mode_soft.val() {
                self.rel[i].read_address.next = self.soft_seq.rel.val();
            }
            if self.idle.val() {
                self.rel[i].read_address.next = bit_cast::<RB, 16>(self.rd_addr.val() >> self.k_ab.val());
            }
        }
        // Row a of the soft instruction, the row the host reads back, and the hard support
        // support[a] = OR_b (R[a][b] & prev_src[b]).
        self.row.next = 0.into();
        self.rel_row.next = 0.into();
        self.support.next = 0.into();
        for i in 0..D {
            if self.soft_seq.value_a.val().index() == i {
                self.row.next = self.rel[i].read_data.val();
            }
            if self.rd_a.val().index() == i {
                self.rel_row.next = self.rel[i].read_data.val();
            }
            self.support.next =
                self.support.val().replace_bit(i, (self.rel[i].read_data.val() & self.hard_a.read_data.val()).any());
        }

        // Hard domains: A is this lane's replica of prev, B its bank of next.
        // Host writes go to both; the sequencer's scan writes prev, the pipeline next.
        self.hard_a.read_address.next = self.f_src.val();
        self.hard_a.write_address.next = bit_cast::<VB, 16>(self.wr_addr.val());
        self.hard_a.write_data.next = bit_cast::<D, 32>(self.wr_data.val());
        self.hard_a.write_enable.next = self.wr_hard.val();
        if self.idle.val() {
            self.hard_a.read_address.next = bit_cast::<VB, 16>(self.rd_addr.val());
        }
        if self.h_copy.val() {
            self.hard_a.write_address.next = self.copy_v.val();
            self.hard_a.write_data.next = self.copy_hard.val();
            self.hard_a.write_enable.next = true;
        }
        self.hard_b.read_address.next = self.f_tgt.val();
        if self.h_scan.val() {
            self.hard_b.read_address.next = self.scan_v.val();
        }
        self.hard_b.write_address.next = bit_cast::<VB, 16>(self.wr_addr.val());
        self.hard_b.write_data.next = bit_cast::<D, 32>(self.wr_data.val());
        self.hard_b.write_enable.next = self.wr_hard.val();
        if self.hard_pipe.write.val() {
            self.hard_b.write_address.next = self.hard_pipe.write_tgt.val();
            self.hard_b.write_data.next = self.hard_pipe.write_val.val();
            self.hard_b.write_enable.next = true;
        }

        // Soft domains (single port each): A is the replica of prev, B the bank of next.
        self.soft_a.address.next = self.soft_seq.src_addr.val();
        self.soft_a.write_data.next = bit_cast::<16, 32>(self.wr_data.val());
        self.soft_a.write_enable.next = false;
        self.soft_b.address.next = self.soft_seq.tgt_addr.val();
        self.soft_b.write_data.next = bit_cast::<16, 32>(self.wr_data.val());
        self.soft_b.write_enable.next = false;
        if self.idle.val() {
            self.soft_a.address.next = bit_cast::<SB, 16>(self.rd_addr.val());
            if self.wr_soft.val() {
                self.soft_a.address.next = bit_cast::<SB, 16>(self.wr_addr.val());
                self.soft_a.write_enable.next = true;
                self.soft_b.address.next = bit_cast::<SB, 16>(self.wr_addr.val());
                self.soft_b.write_enable.next = true;
            }
        }
        if self.s_scan.val() {
            self.soft_b.address.next = self.scan_addr.val();
        }
        if self.s_copy.val() {
            self.soft_a.address.next = self.copy_addr.val();
            self.soft_a.write_data.next = self.copy_soft.val();
            self.soft_a.write_enable.next = true;
        }
        if self.soft_seq.write.val() {
            self.soft_b.write_data.next = self.soft_seq.result.val();
            self.soft_b.write_enable.next = true;
        }

        // The two datapaths, and the pc they share.
        self.hard_pipe.clock.next = self.clock.val();
        self.hard_pipe.h_start.next = self.h_start.val();
        self.hard_pipe.h_run.next = self.h_run.val();
        self.hard_pipe.more.next = self.more.val();
        self.hard_pipe.f_tgt.next = self.f_tgt.val();
        self.hard_pipe.next_tgt.next = self.hard_b.read_data.val();
        self.hard_pipe.support.next = self.support.val();
        self.soft_seq.clock.next = self.clock.val();
        self.soft_seq.s_start.next = self.s_start.val();
        self.soft_seq.w8.next = self.w8.val();
        self.soft_seq.more.next = self.more.val();
        self.soft_seq.f_tgt.next = self.f_tgt.val();
        self.soft_seq.f_src.next = self.f_src.val();
        self.soft_seq.f_rel.next = self.f_rel.val();
        self.soft_seq.row.next = self.row.val();
        self.soft_seq.prev_src.next = self.soft_a.read_data.val();
        self.soft_seq.next_tgt.next = self.soft_b.read_data.val();
        if self.hard_pipe.issue.val() {
            self.pc.d.next = self.pc.q.val() + 1;
        }
        if self.h_start.val() {
            self.pc.d.next = 0.into();
        }
        if self.soft_seq.next_instr.val() {
            self.pc.d.next = self.pc.q.val() + 1;
        }
        if self.s_start.val() {
            self.pc.d.next = 0.into();
        }

        // To the sequencer.
        self.num_instr.next = self.n_instr.q.val();
        self.h_done.next = self.hard_pipe.done.val();
        self.s_done.next = self.soft_seq.done.val();
        self.changed.next = self.hard_pipe.changed.val();
        self.prog_data.next = self.prog.read_data.val();
        self.prev_hard.next = self.hard_a.read_data.val();
        self.next_hard.next = self.hard_b.read_data.val();
        self.prev_soft.next = self.soft_a.read_data.val();
        self.next_soft.next = self.soft_b.read_data.val();
    }
}

/// The round sequencer: the phases, the stop rule of semiring-core, the scan
/// that copies next to prev, and the status of the last run.
#[derive(LogicBlock)]
pub struct Sequencer<const AB: usize, const SB: usize> {
    pub clock: Signal<In, Clock>,
    pub start: Signal<In, Bit>,
    pub mode_soft: Signal<In, Bit>,
    pub max_rounds: Signal<In, Bits<16>>,
    pub num_vars: Signal<In, Bits<16>>,
    pub w8: Signal<In, Bits<8>>,
    /// The registers describe a run the engine cannot do (STATUS 15).
    pub bad_config: Signal<In, Bit>,
    pub all_h_done: Signal<In, Bit>,
    pub all_s_done: Signal<In, Bit>,
    pub any_changed: Signal<In, Bit>,
    /// The owning lane's next value of the variable the scan read last clock is empty.
    pub next_empty: Signal<In, Bit>,
    pub idle: Signal<Out, Bit>,
    pub h_start: Signal<Out, Bit>,
    pub s_start: Signal<Out, Bit>,
    pub h_run: Signal<Out, Bit>,
    pub h_scan: Signal<Out, Bit>,
    pub s_scan: Signal<Out, Bit>,
    /// The variable (hard) or cell (soft) the scan reads.
    pub scan_v: Signal<Out, Bits<16>>,
    pub scan_addr: Signal<Out, Bits<SB>>,
    /// The one read last clock, written into every lane's prev now.
    pub h_copy: Signal<Out, Bit>,
    pub s_copy: Signal<Out, Bit>,
    pub copy_v: Signal<Out, Bits<16>>,
    pub copy_addr: Signal<Out, Bits<SB>>,
    pub outcome: Signal<Out, Bits<4>>,
    pub cycles: Signal<Out, Bits<32>>,
    pub rounds: Signal<Out, Bits<16>>,
    pub wipe_var: Signal<Out, Bits<16>>,
    phase: DFF<Phase>,
    result: DFF<Bits<4>>,
    n_cycles: DFF<Bits<32>>,
    n_rounds: DFF<Bits<16>>,
    first_empty: DFF<Bits<16>>,
    any_empty: DFF<Bit>,
    sv: DFF<Bits<16>>,
    sa: DFF<Bits<8>>,
    s_valid: DFF<Bit>,
    s_prev_v: DFF<Bits<16>>,
    s_prev_addr: DFF<Bits<SB>>,
    k_ab: Constant<Bits<8>>,
}

impl<const AB: usize, const SB: usize> Default for Sequencer<AB, SB> {
    fn default() -> Self {
        Self {
            clock: Default::default(),
            start: Default::default(),
            mode_soft: Default::default(),
            max_rounds: Default::default(),
            num_vars: Default::default(),
            w8: Default::default(),
            bad_config: Default::default(),
            all_h_done: Default::default(),
            all_s_done: Default::default(),
            any_changed: Default::default(),
            next_empty: Default::default(),
            idle: Default::default(),
            h_start: Default::default(),
            s_start: Default::default(),
            h_run: Default::default(),
            h_scan: Default::default(),
            s_scan: Default::default(),
            scan_v: Default::default(),
            scan_addr: Default::default(),
            h_copy: Default::default(),
            s_copy: Default::default(),
            copy_v: Default::default(),
            copy_addr: Default::default(),
            outcome: Default::default(),
            cycles: Default::default(),
            rounds: Default::default(),
            wipe_var: Default::default(),
            phase: Default::default(),
            result: Default::default(),
            n_cycles: Default::default(),
            n_rounds: Default::default(),
            first_empty: Default::default(),
            any_empty: Default::default(),
            sv: Default::default(),
            sa: Default::default(),
            s_valid: Default::default(),
            s_prev_v: Default::default(),
            s_prev_addr: Default::default(),
            k_ab: Constant::new((AB as u64).into()),
        }
    }
}

impl<const AB: usize, const SB: usize> Logic for Sequencer<AB, SB> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self,
            clock,
            phase,
            result,
            n_cycles,
            n_rounds,
            first_empty,
            any_empty,
            sv,
            sa,
            s_valid,
            s_prev_v,
            s_prev_addr
        );
        self.idle.next = self.phase.q.val() == Phase::Idle;
        self.h_run.next = self.phase.q.val() == Phase::HRun;
        self.h_scan.next = self.phase.q.val() == Phase::HScan;
        self.s_scan.next = self.phase.q.val() == Phase::SScan;
        self.scan_v.next = self.sv.q.val();
        self.scan_addr.next =
            (bit_cast::<SB, 16>(self.sv.q.val()) << self.k_ab.val()) | bit_cast::<SB, 8>(self.sa.q.val());
        self.h_copy.next = self.s_valid.q.val() & !self.mode_soft.val();
        self.s_copy.next = self.s_valid.q.val() & self.mode_soft.val();
        self.copy_v.next = self.s_prev_v.q.val();
        self.copy_addr.next = self.s_prev_addr.q.val();
        self.outcome.next = self.result.q.val();
        self.cycles.next = self.n_cycles.q.val();
        self.rounds.next = self.n_rounds.q.val();
        self.wipe_var.next = self.first_empty.q.val();

        // Defaults.
        self.h_start.next = false;
        self.s_start.next = false;
        self.s_valid.d.next = false;
        if !self.idle.val() {
            self.n_cycles.d.next = self.n_cycles.q.val() + 1;
        }
        // Scan consumption: the next value read last cycle (copied into every lane's prev by the
        // lanes) is checked for an empty domain.
        if self.s_valid.q.val() & !self.mode_soft.val() & self.next_empty.val() & !self.any_empty.q.val() {
            self.any_empty.d.next = true;
            self.first_empty.d.next = self.s_prev_v.q.val();
        }

        match self.phase.q.val() {
            Phase::Idle => {
                if self.start.val() {
                    self.n_cycles.d.next = 0.into();
                    self.n_rounds.d.next = 0.into();
                    self.result.d.next = 0.into();
                    self.first_empty.d.next = 0.into();
                    self.any_empty.d.next = false;
                    self.h_start.next = true;
                    if self.bad_config.val() {
                        self.result.d.next = 15.into();
                    } else if self.max_rounds.val() == 0 {
                        self.result.d.next = 3.into();
                        if self.mode_soft.val() {
                            self.result.d.next = 4.into();
                        }
                    } else if self.mode_soft.val() {
                        self.s_start.next = true;
                        self.phase.d.next = Phase::SRun;
                    } else {
                        self.phase.d.next = Phase::HRun;
                    }
                }
            }
            Phase::HRun => {
                if self.all_h_done.val() {
                    self.sv.d.next = 0.into();
                    self.phase.d.next = Phase::HScan;
                }
            }
            Phase::HScan => {
                self.s_valid.d.next = true;
                self.s_prev_v.d.next = self.sv.q.val();
                self.sv.d.next = self.sv.q.val() + 1;
                if self.sv.q.val() + 1 == self.num_vars.val() {
                    self.phase.d.next = Phase::HScanLast;
                }
            }
            Phase::HScanLast => {
                self.phase.d.next = Phase::HCheck;
            }
            Phase::HCheck => {
                self.n_rounds.d.next = self.n_rounds.q.val() + 1;
                self.phase.d.next = Phase::Idle;
                if self.any_empty.q.val() {
                    self.result.d.next = 2.into();
                } else if !self.any_changed.val() {
                    self.result.d.next = 1.into();
                } else if self.n_rounds.q.val() + 1 == self.max_rounds.val() {
                    self.result.d.next = 3.into();
                } else {
                    self.h_start.next = true;
                    self.any_empty.d.next = false;
                    self.phase.d.next = Phase::HRun;
                }
            }
            Phase::SRun => {
                if self.all_s_done.val() {
                    self.sv.d.next = 0.into();
                    self.sa.d.next = 0.into();
                    self.phase.d.next = Phase::SScan;
                }
            }
            Phase::SScan => {
                self.s_valid.d.next = true;
                self.s_prev_addr.d.next = self.scan_addr.val();
                self.s_prev_v.d.next = self.sv.q.val();
                self.sa.d.next = self.sa.q.val() + 1;
                if self.sa.q.val() + 1 == self.w8.val() {
                    self.sa.d.next = 0.into();
                    self.sv.d.next = self.sv.q.val() + 1;
                    if self.sv.q.val() + 1 == self.num_vars.val() {
                        self.phase.d.next = Phase::SScanLast;
                    }
                }
            }
            Phase::SScanLast => {
                self.phase.d.next = Phase::SCheck;
            }
            Phase::SCheck => {
                self.n_rounds.d.next = self.n_rounds.q.val() + 1;
                self.phase.d.next = Phase::SRun;
                self.s_start.next = true;
                if self.n_rounds.q.val() + 1 == self.max_rounds.val() {
                    self.result.d.next = 4.into();
                    self.s_start.next = false;
                    self.phase.d.next = Phase::Idle;
                }
            }
        }
    }
}

/// The host registers of region 0 and the read port (one clock of latency
/// for every region; regions 1-4 come from the lane LANE selects).
#[derive(LogicBlock)]
pub struct HostRegs<const D: usize, const AB: usize, const PW: usize> {
    pub clock: Signal<In, Clock>,
    pub idle: Signal<In, Bit>,
    /// A host write to region 0.
    pub wr_reg: Signal<In, Bit>,
    pub wr_off: Signal<In, Bits<13>>,
    /// The written word's low half (every register is at most 16 bits wide).
    pub wr_data: Signal<In, Bits<16>>,
    pub rd_addr: Signal<In, Bits<16>>,
    // The status of the last run.
    pub outcome: Signal<In, Bits<4>>,
    pub cycles: Signal<In, Bits<32>>,
    pub rounds: Signal<In, Bits<16>>,
    pub wipe_var: Signal<In, Bits<16>>,
    // The selected lane's read data.
    pub sel_ninstr: Signal<In, Bits<16>>,
    pub sel_prog: Signal<In, Bits<PW>>,
    pub sel_row: Signal<In, Bits<D>>,
    pub sel_hard: Signal<In, Bits<D>>,
    pub sel_soft: Signal<In, Bits<16>>,
    pub mode_soft: Signal<Out, Bit>,
    pub max_rounds: Signal<Out, Bits<16>>,
    pub num_vars: Signal<Out, Bits<16>>,
    pub width: Signal<Out, Bits<16>>,
    pub lane_sel: Signal<Out, Bits<8>>,
    /// Registered value index of a relation-row read.
    pub rd_a: Signal<Out, Bits<8>>,
    pub rd_data: Signal<Out, Bits<32>>,
    mode: DFF<Bit>,
    limit: DFF<Bits<16>>,
    vars: DFF<Bits<16>>,
    wid: DFF<Bits<16>>,
    lane: DFF<Bits<8>>,
    rd_region: DFF<Bits<3>>,
    row_a: DFF<Bits<8>>,
    rd_reg: DFF<Bits<32>>,
    rd_off: Signal<Local, Bits<13>>,
    k_info: Constant<Bits<32>>,
    k_amask: Constant<Bits<8>>,
}

impl<const D: usize, const AB: usize, const PW: usize> HostRegs<D, AB, PW> {
    /// `info` is the INFO register.
    pub fn new(info: u64) -> Self {
        Self {
            clock: Default::default(),
            idle: Default::default(),
            wr_reg: Default::default(),
            wr_off: Default::default(),
            wr_data: Default::default(),
            rd_addr: Default::default(),
            outcome: Default::default(),
            cycles: Default::default(),
            rounds: Default::default(),
            wipe_var: Default::default(),
            sel_ninstr: Default::default(),
            sel_prog: Default::default(),
            sel_row: Default::default(),
            sel_hard: Default::default(),
            sel_soft: Default::default(),
            mode_soft: Default::default(),
            max_rounds: Default::default(),
            num_vars: Default::default(),
            width: Default::default(),
            lane_sel: Default::default(),
            rd_a: Default::default(),
            rd_data: Default::default(),
            mode: Default::default(),
            limit: Default::default(),
            vars: Default::default(),
            wid: Default::default(),
            lane: Default::default(),
            rd_region: Default::default(),
            row_a: Default::default(),
            rd_reg: Default::default(),
            rd_off: Default::default(),
            k_info: Constant::new(info.into()),
            k_amask: Constant::new(((1u64 << AB) - 1).into()),
        }
    }
}

impl<const D: usize, const AB: usize, const PW: usize> Logic for HostRegs<D, AB, PW> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, mode, limit, vars, wid, lane, rd_region, row_a, rd_reg);
        self.mode_soft.next = self.mode.q.val();
        self.max_rounds.next = self.limit.q.val();
        self.num_vars.next = self.vars.q.val();
        self.width.next = self.wid.q.val();
        self.lane_sel.next = self.lane.q.val();
        self.rd_a.next = self.row_a.q.val();

        // Host register writes (NUM_INSTR lives in the lanes).
        if self.wr_reg.val() {
            if self.wr_off.val() == 0 {
                self.mode.d.next = self.wr_data.val().get_bit(0);
            }
            if self.wr_off.val() == 1 {
                self.limit.d.next = self.wr_data.val();
            }
            if self.wr_off.val() == 3 {
                self.vars.d.next = self.wr_data.val();
            }
            if self.wr_off.val() == 4 {
                self.wid.d.next = self.wr_data.val();
            }
            if self.wr_off.val() == 5 {
                self.lane.d.next = self.wr_data.val().get_bits::<8>(0);
            }
        }

        // Read port: one cycle of latency for every region.
        self.rd_off.next = self.rd_addr.val().get_bits::<13>(0);
        self.rd_region.d.next = self.rd_addr.val().get_bits::<3>(13);
        self.row_a.d.next = bit_cast::<8, 16>(self.rd_addr.val()) & self.k_amask.val();
        self.rd_reg.d.next = 0.into();
        if self.rd_off.val() == 0 {
            self.rd_reg.d.next = bit_cast::<32, 1>(self.mode.q.val().into());
        }
        if self.rd_off.val() == 1 {
            self.rd_reg.d.next = bit_cast::<32, 16>(self.limit.q.val());
        }
        if self.rd_off.val() == 2 {
            self.rd_reg.d.next = bit_cast::<32, 16>(self.sel_ninstr.val());
        }
        if self.rd_off.val() == 3 {
            self.rd_reg.d.next = bit_cast::<32, 16>(self.vars.q.val());
        }
        if self.rd_off.val() == 4 {
            self.rd_reg.d.next = bit_cast::<32, 16>(self.wid.q.val());
        }
        if self.rd_off.val() == 5 {
            self.rd_reg.d.next = bit_cast::<32, 8>(self.lane.q.val());
        }
        if self.rd_off.val() == 8 {
            self.rd_reg.d.next = bit_cast::<32, 4>(self.outcome.val());
            if !self.idle.val() {
                self.rd_reg.d.next = bit_cast::<32, 4>(self.outcome.val()) | 16;
            }
        }
        if self.rd_off.val() == 9 {
            self.rd_reg.d.next = self.cycles.val();
        }
        if self.rd_off.val() == 10 {
            self.rd_reg.d.next = bit_cast::<32, 16>(self.rounds.val());
        }
        if self.rd_off.val() == 11 {
            self.rd_reg.d.next = bit_cast::<32, 16>(self.wipe_var.val());
        }
        if self.rd_off.val() == 12 {
            self.rd_reg.d.next = self.k_info.val();
        }
        // Registers answer in region 0 only; region 5 (OWNER) is write-only and regions
        // 6 and 7 belong to the board, so every other address reads 0 (hdl/PROTOCOL.md).
        self.rd_data.next = 0.into();
        if self.rd_region.q.val() == 0 {
            self.rd_data.next = self.rd_reg.q.val();
        }
        if self.rd_region.q.val() == 1 {
            self.rd_data.next = bit_cast::<32, PW>(self.sel_prog.val());
        }
        if self.rd_region.q.val() == 2 {
            self.rd_data.next = bit_cast::<32, D>(self.sel_row.val());
        }
        if self.rd_region.q.val() == 3 {
            self.rd_data.next = bit_cast::<32, D>(self.sel_hard.val());
        }
        if self.rd_region.q.val() == 4 {
            self.rd_data.next = bit_cast::<32, 16>(self.sel_soft.val());
        }
    }
}

/// The engine (module `top`): the host registers and read port
/// ([`HostRegs`]), the OWNER table, the round sequencer with its scan
/// ([`Sequencer`]), and `L` [`Lane`]s. Its own logic decodes host writes and
/// routes the lanes' reports and read data.
#[derive(LogicBlock)]
pub struct Engine<
    const D: usize,
    const VB: usize,
    const PB: usize,
    const RB: usize,
    const AB: usize,
    const SB: usize,
    const PW: usize,
    const L: usize = 1,
    const OWN: usize = 0,
> {
    pub clock: Signal<In, Clock>,
    pub wr_en: Signal<In, Bit>,
    pub wr_addr: Signal<In, Bits<16>>,
    pub wr_data: Signal<In, Bits<32>>,
    pub rd_addr: Signal<In, Bits<16>>,
    pub rd_data: Signal<Out, Bits<32>>,
    pub start: Signal<In, Bit>,
    pub busy: Signal<Out, Bit>,
    regs: HostRegs<D, AB, PW>,
    seq: Sequencer<AB, SB>,
    lanes: [Lane<D, VB, PB, RB, AB, SB, PW>; L],
    /// The lane that owns each variable, read by the scan. `OWN` is 1 with
    /// several lanes and 0 with one (every variable is lane 0's: no table).
    owner: [RAM<Bits<4>, VB>; OWN],
    // Combinational values.
    idle: Signal<Local, Bit>,
    host_wr: Signal<Local, Bit>,
    wr_region: Signal<Local, Bits<3>>,
    wr_off: Signal<Local, Bits<13>>,
    w8: Signal<Local, Bits<8>>,
    all_h_done: Signal<Local, Bit>,
    all_s_done: Signal<Local, Bit>,
    any_changed: Signal<Local, Bit>,
    too_long: Signal<Local, Bit>,
    merged_hard: Signal<Local, Bits<D>>,
    merged_soft: Signal<Local, Bits<16>>,
    // Constants.
    k_d: Constant<Bits<16>>,
    k_vcap: Constant<Bits<16>>,
    k_pcap: Constant<Bits<16>>,
}

impl<
        const D: usize,
        const VB: usize,
        const PB: usize,
        const RB: usize,
        const AB: usize,
        const SB: usize,
        const PW: usize,
        const L: usize,
        const OWN: usize,
    > Engine<D, VB, PB, RB, AB, SB, PW, L, OWN>
{
    /// Builds the engine; panics when the dependent parameters are inconsistent
    /// (the caller, [`crate::generate`], checks them first and returns an error).
    pub fn new() -> Self {
        assert!((1..=32).contains(&D), "D must be 1..=32");
        assert!(1usize << AB >= D && (AB == 0 || 1usize << (AB - 1) < D), "AB = clog2(D)");
        assert_eq!(SB, VB + AB, "SB = VB + AB");
        assert_eq!(PW, 2 * VB + RB, "PW = 2 VB + RB");
        assert!(VB <= 12 && PB <= 13 && RB + AB <= 13 && SB <= 13, "address fields exceed the 13-bit offset");
        assert!((1..=16).contains(&L), "1..=16 lanes (the OWNER table holds 4 bits)");
        assert_eq!(OWN, usize::from(L > 1), "OWN = 1 with several lanes, 0 with one");
        let info = D as u64
            | (VB as u64) << 8
            | (PB as u64) << 12
            | (RB as u64) << 16
            | (AB as u64) << 20
            | ((L - 1) as u64) << 24;
        Self {
            clock: Default::default(),
            wr_en: Default::default(),
            wr_addr: Default::default(),
            wr_data: Default::default(),
            rd_addr: Default::default(),
            rd_data: Default::default(),
            start: Default::default(),
            busy: Default::default(),
            regs: HostRegs::new(info),
            seq: Default::default(),
            lanes: std::array::from_fn(|_| Default::default()),
            owner: std::array::from_fn(|_| Default::default()),
            idle: Default::default(),
            host_wr: Default::default(),
            wr_region: Default::default(),
            wr_off: Default::default(),
            w8: Default::default(),
            all_h_done: Default::default(),
            all_s_done: Default::default(),
            any_changed: Default::default(),
            too_long: Default::default(),
            merged_hard: Default::default(),
            merged_soft: Default::default(),
            k_d: Constant::new((D as u64).into()),
            k_vcap: Constant::new((1u64 << VB).into()),
            k_pcap: Constant::new((1u64 << PB).into()),
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
        const L: usize,
        const OWN: usize,
    > Default for Engine<D, VB, PB, RB, AB, SB, PW, L, OWN>
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
        const L: usize,
        const OWN: usize,
    > Logic for Engine<D, VB, PB, RB, AB, SB, PW, L, OWN>
{
    #[hdl_gen]
    fn update(&mut self) {
        // Host address decode.
        self.idle.next = self.seq.idle.val();
        self.busy.next = !self.idle.val();
        self.host_wr.next = self.wr_en.val() & self.idle.val();
        self.wr_region.next = self.wr_addr.val().get_bits::<3>(13);
        self.wr_off.next = self.wr_addr.val().get_bits::<13>(0);
        self.w8.next = self.regs.width.val().get_bits::<8>(0);

        // OWNER table: written by the host, read by the scan one variable ahead of its copy.
        for k in 0..OWN {
            self.owner[k].read_clock.next = self.clock.val();
            self.owner[k].write_clock.next = self.clock.val();
            self.owner[k].write_address.next = bit_cast::<VB, 16>(self.wr_addr.val());
            self.owner[k].write_data.next = self.wr_data.val().get_bits::<4>(0);
            self.owner[k].write_enable.next = self.host_wr.val() & (self.wr_region.val() == 5);
            self.owner[k].read_address.next = bit_cast::<VB, 16>(self.seq.scan_v.val());
        }

        // What the lanes report, and the next values the scan takes from the owning lane.
        self.all_h_done.next = true;
        self.all_s_done.next = true;
        self.any_changed.next = false;
        self.too_long.next = false;
        for l in 0..L {
            if !self.lanes[l].h_done.val() {
                self.all_h_done.next = false;
            }
            if !self.lanes[l].s_done.val() {
                self.all_s_done.next = false;
            }
            if self.lanes[l].changed.val() {
                self.any_changed.next = true;
            }
            if self.lanes[l].num_instr.val() > self.k_pcap.val() {
                self.too_long.next = true;
            }
        }
        self.merged_hard.next = self.lanes[0].next_hard.val();
        self.merged_soft.next = self.lanes[0].next_soft.val();
        for k in 0..OWN {
            for l in 1..L {
                if self.owner[k].read_data.val().index() == l {
                    self.merged_hard.next = self.lanes[l].next_hard.val();
                    self.merged_soft.next = self.lanes[l].next_soft.val();
                }
            }
        }

        // The sequencer.
        self.seq.clock.next = self.clock.val();
        self.seq.start.next = self.start.val();
        self.seq.mode_soft.next = self.regs.mode_soft.val();
        self.seq.max_rounds.next = self.regs.max_rounds.val();
        self.seq.num_vars.next = self.regs.num_vars.val();
        self.seq.w8.next = self.w8.val();
        self.seq.bad_config.next = (self.regs.width.val() == 0)
            | (self.regs.width.val() > self.k_d.val())
            | (self.regs.num_vars.val() == 0)
            | (self.regs.num_vars.val() > self.k_vcap.val())
            | self.too_long.val();
        self.seq.all_h_done.next = self.all_h_done.val();
        self.seq.all_s_done.next = self.all_s_done.val();
        self.seq.any_changed.next = self.any_changed.val();
        self.seq.next_empty.next = !self.merged_hard.val().any();

        // The registers and the read port; regions 1-4 read the lane LANE selects.
        self.regs.clock.next = self.clock.val();
        self.regs.idle.next = self.idle.val();
        self.regs.wr_reg.next = self.host_wr.val() & (self.wr_region.val() == 0);
        self.regs.wr_off.next = self.wr_off.val();
        self.regs.wr_data.next = self.wr_data.val().get_bits::<16>(0);
        self.regs.rd_addr.next = self.rd_addr.val();
        self.regs.outcome.next = self.seq.outcome.val();
        self.regs.cycles.next = self.seq.cycles.val();
        self.regs.rounds.next = self.seq.rounds.val();
        self.regs.wipe_var.next = self.seq.wipe_var.val();
        self.regs.sel_ninstr.next = self.lanes[0].num_instr.val();
        self.regs.sel_prog.next = self.lanes[0].prog_data.val();
        self.regs.sel_row.next = self.lanes[0].rel_row.val();
        self.regs.sel_hard.next = self.lanes[0].prev_hard.val();
        self.regs.sel_soft.next = self.lanes[0].prev_soft.val();
        for l in 1..L {
            if self.regs.lane_sel.val().index() == l {
                self.regs.sel_ninstr.next = self.lanes[l].num_instr.val();
                self.regs.sel_prog.next = self.lanes[l].prog_data.val();
                self.regs.sel_row.next = self.lanes[l].rel_row.val();
                self.regs.sel_hard.next = self.lanes[l].prev_hard.val();
                self.regs.sel_soft.next = self.lanes[l].prev_soft.val();
            }
        }
        self.rd_data.next = self.regs.rd_data.val();

        // The lanes' inputs.
        for l in 0..L {
            self.lanes[l].clock.next = self.clock.val();
            self.lanes[l].idle.next = self.idle.val();
            self.lanes[l].mode_soft.next = self.regs.mode_soft.val();
            self.lanes[l].w8.next = self.w8.val();
            self.lanes[l].h_start.next = self.seq.h_start.val();
            self.lanes[l].h_run.next = self.seq.h_run.val();
            self.lanes[l].s_start.next = self.seq.s_start.val();
            self.lanes[l].wr_addr.next = self.wr_addr.val();
            self.lanes[l].wr_data.next = self.wr_data.val();
            self.lanes[l].rd_addr.next = self.rd_addr.val();
            self.lanes[l].rd_a.next = self.regs.rd_a.val();
            self.lanes[l].wr_prog.next =
                self.host_wr.val() & (self.wr_region.val() == 1) & (self.regs.lane_sel.val().index() == l);
            self.lanes[l].wr_ninstr.next = self.host_wr.val()
                & (self.wr_region.val() == 0)
                & (self.wr_off.val() == 2)
                & (self.regs.lane_sel.val().index() == l);
            self.lanes[l].wr_rel.next = self.host_wr.val() & (self.wr_region.val() == 2);
            self.lanes[l].wr_hard.next = self.host_wr.val() & (self.wr_region.val() == 3);
            self.lanes[l].wr_soft.next = self.host_wr.val() & (self.wr_region.val() == 4);
            self.lanes[l].h_scan.next = self.seq.h_scan.val();
            self.lanes[l].scan_v.next = bit_cast::<VB, 16>(self.seq.scan_v.val());
            self.lanes[l].h_copy.next = self.seq.h_copy.val();
            self.lanes[l].copy_v.next = bit_cast::<VB, 16>(self.seq.copy_v.val());
            self.lanes[l].copy_hard.next = self.merged_hard.val();
            self.lanes[l].s_scan.next = self.seq.s_scan.val();
            self.lanes[l].scan_addr.next = self.seq.scan_addr.val();
            self.lanes[l].s_copy.next = self.seq.s_copy.val();
            self.lanes[l].copy_addr.next = self.seq.copy_addr.val();
            self.lanes[l].copy_soft.next = self.merged_soft.val();
        }
    }
}
