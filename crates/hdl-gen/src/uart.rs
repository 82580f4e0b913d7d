//! UART receiver and transmitter, 8N1, LSB first, with the clocks per bit
//! fixed at generation time (`clock_hz / baud`, rounded).
//!
//! The receiver synchronises `rx` through two flip-flops, takes a falling edge
//! as a start bit, re-checks it half a bit later (a glitch returns to idle) and
//! samples every bit in its middle. A byte whose stop bit is low (a framing
//! error, e.g. a break or a baud mismatch) is discarded: the frame layer above
//! sees a missing byte, which its CRC and timeout catch.

use rust_hdl::prelude::*;

/// Clocks per bit for `clock_hz` and `baud`, checked to be usable (>= 8, so the
/// receiver's three clocks of input latency stay well inside half a bit).
pub fn clocks_per_bit(clock_hz: u64, baud: u64) -> u64 {
    let cpb = (clock_hz + baud / 2) / baud;
    assert!(cpb >= 8, "{clock_hz} Hz / {baud} baud = {cpb} clocks per bit; need at least 8");
    assert!(cpb < 1 << 16, "{cpb} clocks per bit does not fit the 16-bit bit timer");
    cpb
}

#[derive(Copy, Clone, Debug, PartialEq, LogicState)]
enum RxState {
    Idle,
    Start,
    Data,
    Stop,
}

/// UART receiver: `valid` pulses for one clock with the received `data`.
#[derive(LogicBlock)]
pub struct UartRx {
    pub clock: Signal<In, Clock>,
    pub rx: Signal<In, Bit>,
    pub data: Signal<Out, Bits<8>>,
    pub valid: Signal<Out, Bit>,
    sync1: DFF<Bit>,
    sync2: DFF<Bit>,
    state: DFF<RxState>,
    timer: DFF<Bits<16>>,
    nbit: DFF<Bits<4>>,
    shift: DFF<Bits<8>>,
    out: DFF<Bits<8>>,
    strobe: DFF<Bit>,
    /// Clocks per bit minus one.
    k_last: Constant<Bits<16>>,
    /// Clocks from the detected edge to the middle of the start bit.
    k_half: Constant<Bits<16>>,
}

impl UartRx {
    pub fn new(clocks_per_bit: u64) -> UartRx {
        UartRx {
            clock: Default::default(),
            rx: Default::default(),
            data: Default::default(),
            valid: Default::default(),
            sync1: Default::default(),
            sync2: Default::default(),
            state: Default::default(),
            timer: Default::default(),
            nbit: Default::default(),
            shift: Default::default(),
            out: Default::default(),
            strobe: Default::default(),
            k_last: Constant::new((clocks_per_bit - 1).into()),
            // The edge is seen three clocks late (two synchroniser stages, one state change).
            k_half: Constant::new((clocks_per_bit / 2 - 3).into()),
        }
    }
}

impl Logic for UartRx {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, sync1, sync2, state, timer, nbit, shift, out, strobe);
        self.sync1.d.next = self.rx.val();
        self.sync2.d.next = self.sync1.q.val();
        self.data.next = self.out.q.val();
        self.valid.next = self.strobe.q.val();
        self.strobe.d.next = false;
        self.timer.d.next = self.timer.q.val() + 1;
        match self.state.q.val() {
            RxState::Idle => {
                self.timer.d.next = 0.into();
                if !self.sync2.q.val() {
                    self.state.d.next = RxState::Start;
                }
            }
            RxState::Start => {
                if self.timer.q.val() == self.k_half.val() {
                    self.timer.d.next = 0.into();
                    self.nbit.d.next = 0.into();
                    if self.sync2.q.val() {
                        self.state.d.next = RxState::Idle;
                    } else {
                        self.state.d.next = RxState::Data;
                    }
                }
            }
            RxState::Data => {
                if self.timer.q.val() == self.k_last.val() {
                    self.timer.d.next = 0.into();
                    self.shift.d.next = (self.shift.q.val() >> 1) | (bit_cast::<8, 1>(self.sync2.q.val().into()) << 7);
                    self.nbit.d.next = self.nbit.q.val() + 1;
                    if self.nbit.q.val() == 7 {
                        self.state.d.next = RxState::Stop;
                    }
                }
            }
            RxState::Stop => {
                if self.timer.q.val() == self.k_last.val() {
                    if self.sync2.q.val() {
                        self.out.d.next = self.shift.q.val();
                        self.strobe.d.next = true;
                    }
                    self.state.d.next = RxState::Idle;
                }
            }
            _ => {
                self.state.d.next = RxState::Idle;
            }
        }
    }
}

/// UART transmitter: while `ready`, a one-clock `send` starts sending `data`.
#[derive(LogicBlock)]
pub struct UartTx {
    pub clock: Signal<In, Clock>,
    pub data: Signal<In, Bits<8>>,
    pub send: Signal<In, Bit>,
    pub ready: Signal<Out, Bit>,
    pub tx: Signal<Out, Bit>,
    busy: DFF<Bit>,
    shift: DFF<Bits<10>>,
    timer: DFF<Bits<16>>,
    nbit: DFF<Bits<4>>,
    k_last: Constant<Bits<16>>,
}

impl UartTx {
    pub fn new(clocks_per_bit: u64) -> UartTx {
        UartTx {
            clock: Default::default(),
            data: Default::default(),
            send: Default::default(),
            ready: Default::default(),
            tx: Default::default(),
            busy: Default::default(),
            shift: Default::default(),
            timer: Default::default(),
            nbit: Default::default(),
            k_last: Constant::new((clocks_per_bit - 1).into()),
        }
    }
}

impl Logic for UartTx {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, busy, shift, timer, nbit);
        self.ready.next = !self.busy.q.val();
        self.tx.next = true;
        if self.busy.q.val() {
            self.tx.next = self.shift.q.val().get_bit(0);
            self.timer.d.next = self.timer.q.val() + 1;
            if self.timer.q.val() == self.k_last.val() {
                self.timer.d.next = 0.into();
                self.shift.d.next = (self.shift.q.val() >> 1) | 0x200;
                self.nbit.d.next = self.nbit.q.val() + 1;
                if self.nbit.q.val() == 9 {
                    self.busy.d.next = false;
                }
            }
        } else if self.send.val() {
            // Start bit 0, data LSB first, stop bit 1.
            self.shift.d.next = (bit_cast::<10, 8>(self.data.val()) << 1) | 0x200;
            self.timer.d.next = 0.into();
            self.nbit.d.next = 0.into();
            self.busy.d.next = true;
        }
    }
}
