//! Board top levels: clock, reset, UART pins, the frame layer and what sits
//! behind its bus.
//!
//! * [`FrameTestTop`]: UART + frame layer + an 8-word RAM as the bus target,
//!   with the engine's `busy` and `start` brought out as pins. It is the test
//!   fixture of the frame layer (the Verilator test drives `busy` and counts
//!   `start` pulses; `protocol::engine::MemEngine` is its software model) and
//!   a check of the frame layer alone. It is not a propagation engine.
//! * [`BoardTop`]: UART + frame layer + the propagation engine
//!   ([`crate::engine::Engine`] in the default configuration), the design
//!   that goes onto the boards and that `tests/board_rtl.rs` drives end to end
//!   with `protocol::Client`.

use crate::engine::Engine;
use crate::frame::FrameLayer;
use crate::uart::{clocks_per_bit, UartRx, UartTx};
use rust_hdl::prelude::*;
use thiserror::Error;

/// Board-level generation parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BoardConfig {
    pub clock_hz: u64,
    pub baud: u64,
    /// Inter-byte timeout inside a frame, in byte times.
    pub timeout_bytes: u16,
}

impl BoardConfig {
    pub const ICEBREAKER: BoardConfig = BoardConfig {
        clock_hz: 12_000_000,
        baud: 115_200,
        timeout_bytes: protocol::codec::DEFAULT_TIMEOUT_BYTES as u16,
    };
    pub const ULX3S: BoardConfig = BoardConfig {
        clock_hz: 25_000_000,
        baud: 115_200,
        timeout_bytes: protocol::codec::DEFAULT_TIMEOUT_BYTES as u16,
    };
    pub fn clocks_per_bit(&self) -> u64 {
        clocks_per_bit(self.clock_hz, self.baud)
    }
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum BoardError {
    #[error("rust-hdl rejected the board design: {0}")]
    Check(String),
}

#[derive(LogicBlock)]
pub struct FrameTestTop {
    pub clock: Signal<In, Clock>,
    /// Active-high synchronous reset of the frame layer (the RAM keeps its contents).
    pub reset: Signal<In, Bit>,
    pub uart_rx: Signal<In, Bit>,
    pub uart_tx: Signal<Out, Bit>,
    /// Stands in for the engine's busy output.
    pub busy_in: Signal<In, Bit>,
    /// The frame layer's start pulse.
    pub start_out: Signal<Out, Bit>,
    /// The frame layer's `listening` (the testbench waits for it, as a host waits for a reply).
    pub listening: Signal<Out, Bit>,
    rx: UartRx,
    tx: UartTx,
    frame: FrameLayer,
    mem: RAM<Bits<32>, 3>,
    reset_sync: DFF<Bit>,
}

impl FrameTestTop {
    pub fn new(cfg: &BoardConfig) -> FrameTestTop {
        let cpb = cfg.clocks_per_bit();
        FrameTestTop {
            clock: Default::default(),
            reset: Default::default(),
            uart_rx: Default::default(),
            uart_tx: Default::default(),
            busy_in: Default::default(),
            start_out: Default::default(),
            listening: Default::default(),
            rx: UartRx::new(cpb),
            tx: UartTx::new(cpb),
            frame: FrameLayer::new(cfg.timeout_bytes, cpb),
            mem: Default::default(),
            reset_sync: Default::default(),
        }
    }
}

impl Logic for FrameTestTop {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, reset_sync);
        clock!(self, clock, rx, tx, frame);
        self.mem.read_clock.next = self.clock.val();
        self.mem.write_clock.next = self.clock.val();
        self.reset_sync.d.next = self.reset.val();
        self.frame.reset.next = self.reset_sync.q.val();
        self.rx.rx.next = self.uart_rx.val();
        self.frame.rx_data.next = self.rx.data.val();
        self.frame.rx_valid.next = self.rx.valid.val();
        self.tx.data.next = self.frame.tx_data.val();
        self.tx.send.next = self.frame.tx_send.val();
        self.frame.tx_ready.next = self.tx.ready.val();
        self.uart_tx.next = self.tx.tx.val();
        self.mem.write_address.next = self.frame.wr_addr.val().get_bits::<3>(0);
        self.mem.write_data.next = self.frame.wr_data.val();
        self.mem.write_enable.next = self.frame.wr_en.val();
        self.mem.read_address.next = self.frame.rd_addr.val().get_bits::<3>(0);
        self.frame.rd_data.next = self.mem.read_data.val();
        self.frame.busy.next = self.busy_in.val();
        self.start_out.next = self.frame.start.val();
        self.listening.next = self.frame.listening.val();
    }
}

/// The engine configuration on the boards: `EngineConfig::DEFAULT`
/// (D = 16, 128 variables, 8192 instructions, 64 relations, one lane).
pub type BoardEngine = Engine<16, 7, 13, 6, 4, 11, 20>;

#[derive(LogicBlock)]
pub struct BoardTop {
    pub clock: Signal<In, Clock>,
    /// Active-high reset: closes the protocol session (the engine's memories
    /// keep their contents, but the host must HELLO and reload; see PROTOCOL.md).
    pub reset: Signal<In, Bit>,
    pub uart_rx: Signal<In, Bit>,
    pub uart_tx: Signal<Out, Bit>,
    /// The frame layer's `listening` (for testbenches; boards leave it open).
    pub listening: Signal<Out, Bit>,
    rx: UartRx,
    tx: UartTx,
    frame: FrameLayer,
    engine: BoardEngine,
    reset_sync: DFF<Bit>,
}

impl BoardTop {
    pub fn new(cfg: &BoardConfig) -> BoardTop {
        let cpb = cfg.clocks_per_bit();
        BoardTop {
            clock: Default::default(),
            reset: Default::default(),
            uart_rx: Default::default(),
            uart_tx: Default::default(),
            listening: Default::default(),
            rx: UartRx::new(cpb),
            tx: UartTx::new(cpb),
            frame: FrameLayer::new(cfg.timeout_bytes, cpb),
            engine: BoardEngine::new(),
            reset_sync: Default::default(),
        }
    }
}

impl Logic for BoardTop {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, reset_sync);
        clock!(self, clock, rx, tx, frame, engine);
        self.reset_sync.d.next = self.reset.val();
        self.frame.reset.next = self.reset_sync.q.val();
        self.rx.rx.next = self.uart_rx.val();
        self.frame.rx_data.next = self.rx.data.val();
        self.frame.rx_valid.next = self.rx.valid.val();
        self.tx.data.next = self.frame.tx_data.val();
        self.tx.send.next = self.frame.tx_send.val();
        self.frame.tx_ready.next = self.tx.ready.val();
        self.uart_tx.next = self.tx.tx.val();
        self.engine.wr_en.next = self.frame.wr_en.val();
        self.engine.wr_addr.next = self.frame.wr_addr.val();
        self.engine.wr_data.next = self.frame.wr_data.val();
        self.engine.rd_addr.next = self.frame.rd_addr.val();
        self.frame.rd_data.next = self.engine.rd_data.val();
        self.engine.start.next = self.frame.start.val();
        self.frame.busy.next = self.engine.busy.val();
        self.listening.next = self.frame.listening.val();
    }
}

fn verilog_of<U: Block>(mut uut: U) -> Result<String, BoardError> {
    uut.connect_all();
    check_all(&uut).map_err(|e| BoardError::Check(format!("{e:?}")))?;
    Ok(generate_verilog_unchecked(&uut))
}

/// Verilog (module `top`) of the frame-layer test top.
pub fn frame_test_top(cfg: &BoardConfig) -> Result<String, BoardError> {
    verilog_of(FrameTestTop::new(cfg))
}

/// Verilog (module `top`) of the board top: UART, frame layer and engine.
pub fn board_top(cfg: &BoardConfig) -> Result<String, BoardError> {
    verilog_of(BoardTop::new(cfg))
}
