//! Board top levels: clock, reset, UART pins, the frame layer and what sits
//! behind its bus.
//!
//! * [`FrameTestTop`]: UART + frame layer + an 8-word RAM as the bus target,
//!   with the engine's `busy` and `start` brought out as pins. It is the test
//!   fixture of the frame layer (the Verilator test drives `busy` and counts
//!   `start` pulses; `protocol::engine::MemEngine` is its software model) and
//!   a check of the frame layer alone. It is not a propagation engine.
//! * [`GradBoardTop`] ([`board_top`]): UART + frame layer + the propagation
//!   engine ([`crate::engine::Engine`], default configuration) + the
//!   straight-through gradient unit ([`crate::grad_unit::GradUnit`], default
//!   configuration) behind a unit select. The ULX3S design and the simulated
//!   board (`cargo xtask sim-board`); `tests/board_rtl.rs` drives it end to end
//!   with `protocol::Client`.
//! * [`BoardTop`] ([`engine_board_top`]): the same without the gradient unit,
//!   for the iCEBreaker, whose UP5K has the memory for one of the two but not
//!   both. Measured with yosys `synth_ice40 -dsp -spram`, `GradBoardTop`
//!   needs 3879 LUT4, 40 EBR and 8 SPRAM of the UP5K's 5280, 30 and 4 (the
//!   engine takes all 4 SPRAM; the unit's two 2048 x 32 gradient buffers
//!   alone are 4 SPRAM or 32 EBR, and the 10 EBR the engine-only board leaves
//!   cannot hold them for 128 variables of width 16).
//!
//! `cargo xtask synth` (nextpnr, this commit's tops): iCEBreaker
//! (`BoardTop`, 12 MHz) 3221/5280 logic cells, 20/30 EBR, 4/4 SPRAM, 1/8
//! DSP, Fmax 26.2 MHz; ULX3S (`GradBoardTop`, 25 MHz) 6106/83640 LUT4, 1600
//! FF, 33/208 DP16KD, 1/156 MULT18X18D, Fmax 47.7 MHz.
//!
//! # Board address map
//!
//! The normative table is in `protocol::board` (and `hdl/PROTOCOL.md`); in short,
//! with `region = addr[15:13]`:
//!
//! | address | goes to |
//! |---|---|
//! | regions 0..=5 (`0x0000..=0xBFFF`) | the engine, unchanged (region 5 is the multi-lane engine's OWNER table); writes to regions 1 and 2 (program, relations) also reach the gradient unit |
//! | `0xC000..=0xC3FF` | gradient unit bitmasks (its region 3, offset `addr[9:0]`, `2^HB` words), write-only, reads 0 |
//! | `0xD000..=0xD7FF` | gradient unit registers (its region 0, offset `addr[10:0]`) |
//! | `0xD800` | BOARD_INFO (r): bit 0 engine, bit 1 gradient unit |
//! | `0xD801` | START_UNIT (rw): 0 engine, 1 gradient unit; also set by writing a unit's registers (engine region 0, or `0xD000..=0xD7FF`) |
//! | `0xE000..=0xE7FF` | gradient unit gradient cells (its region 4, `2^CB` words) |
//!
//! START pulses the unit START_UNIT selects; the frame layer's `busy` is the
//! OR of both units' (so WRITE and START are refused while either runs).
//! Reads have the engine's one clock of latency: the source is decoded from
//! `rd_addr` into a register and the matching `rd_data` is selected a clock
//! later. [`BoardTop`] decodes the same map with no gradient unit:
//! BOARD_INFO = 1, START_UNIT reads 0 and START always reaches the engine,
//! the rest of `0xC000..=0xFFFF` reads 0. With a multi-lane engine the
//! program broadcast would no longer match (each lane has its own program);
//! the boards carry the one-lane engine.

use crate::engine::Engine;
use crate::frame::FrameLayer;
use crate::grad_unit::GradUnit;
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
    /// The read source of the previous clock: 0 engine, 2 board register (`rd_board`), 3 zero.
    rd_sel: DFF<Bits<2>>,
    rd_board: DFF<Bits<32>>,
    wr_region: Signal<Local, Bits<3>>,
    rd_region: Signal<Local, Bits<3>>,
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
            rd_sel: Default::default(),
            rd_board: Default::default(),
            wr_region: Default::default(),
            rd_region: Default::default(),
        }
    }
}

impl Logic for BoardTop {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, reset_sync, rd_sel, rd_board);
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
        self.wr_region.next = self.frame.wr_addr.val().get_bits::<3>(13);
        self.rd_region.next = self.frame.rd_addr.val().get_bits::<3>(13);
        self.engine.wr_en.next = self.frame.wr_en.val() & (self.wr_region.val() < 6);
        self.engine.wr_addr.next = self.frame.wr_addr.val();
        self.engine.wr_data.next = self.frame.wr_data.val();
        self.engine.rd_addr.next = self.frame.rd_addr.val();
        self.engine.start.next = self.frame.start.val();
        self.frame.busy.next = self.engine.busy.val();
        self.listening.next = self.frame.listening.val();
        // Reads: engine regions, BOARD_INFO = 1 (engine only), 0 elsewhere.
        self.rd_sel.d.next = 3.into();
        self.rd_board.d.next = 0.into();
        if self.rd_region.val() < 6 {
            self.rd_sel.d.next = 0.into();
        }
        if self.frame.rd_addr.val() == 0xD800 {
            self.rd_sel.d.next = 2.into();
            self.rd_board.d.next = 1.into();
        }
        self.frame.rd_data.next = 0.into();
        if self.rd_sel.q.val() == 0 {
            self.frame.rd_data.next = self.engine.rd_data.val();
        }
        if self.rd_sel.q.val() == 2 {
            self.frame.rd_data.next = self.rd_board.q.val();
        }
    }
}

/// The gradient unit configuration on the ULX3S: `GradConfig::DEFAULT`
/// (D = 16, 128 variables, 2048 instructions, 64 relations, K <= 8).
pub type BoardGrad = GradUnit<16, 7, 11, 6, 3, 4, 11, 10, 10, 20>;

#[derive(LogicBlock)]
pub struct GradBoardTop {
    pub clock: Signal<In, Clock>,
    /// Active-high reset: closes the protocol session and selects the engine
    /// for START (the memories keep their contents, but the host must HELLO
    /// and reload; see PROTOCOL.md).
    pub reset: Signal<In, Bit>,
    pub uart_rx: Signal<In, Bit>,
    pub uart_tx: Signal<Out, Bit>,
    /// The frame layer's `listening` (for testbenches; boards leave it open).
    pub listening: Signal<Out, Bit>,
    rx: UartRx,
    tx: UartTx,
    frame: FrameLayer,
    engine: BoardEngine,
    grad: BoardGrad,
    reset_sync: DFF<Bit>,
    /// START_UNIT: START goes to the gradient unit when high.
    start_grad: DFF<Bit>,
    /// The read source of the previous clock: 0 engine, 1 gradient unit, 2 board register (`rd_board`), 3 zero.
    rd_sel: DFF<Bits<2>>,
    rd_board: DFF<Bits<32>>,
    wr_region: Signal<Local, Bits<3>>,
    rd_region: Signal<Local, Bits<3>>,
    /// The write / read address is a gradient unit register (`0xD000..=0xD7FF`).
    wr_greg: Signal<Local, Bit>,
    rd_greg: Signal<Local, Bit>,
    /// The write address is a bitmask (`0xC000..=0xC3FF`).
    wr_mask: Signal<Local, Bit>,
    /// The write / read address is a gradient cell (`0xE000..=0xE7FF`).
    wr_cell: Signal<Local, Bit>,
    rd_cell: Signal<Local, Bit>,
}

impl GradBoardTop {
    pub fn new(cfg: &BoardConfig) -> GradBoardTop {
        let cpb = cfg.clocks_per_bit();
        GradBoardTop {
            clock: Default::default(),
            reset: Default::default(),
            uart_rx: Default::default(),
            uart_tx: Default::default(),
            listening: Default::default(),
            rx: UartRx::new(cpb),
            tx: UartTx::new(cpb),
            frame: FrameLayer::new(cfg.timeout_bytes, cpb),
            engine: BoardEngine::new(),
            grad: BoardGrad::new(),
            reset_sync: Default::default(),
            start_grad: Default::default(),
            rd_sel: Default::default(),
            rd_board: Default::default(),
            wr_region: Default::default(),
            rd_region: Default::default(),
            wr_greg: Default::default(),
            rd_greg: Default::default(),
            wr_mask: Default::default(),
            wr_cell: Default::default(),
            rd_cell: Default::default(),
        }
    }
}

impl Logic for GradBoardTop {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, reset_sync, start_grad, rd_sel, rd_board);
        clock!(self, clock, rx, tx, frame, engine, grad);
        self.reset_sync.d.next = self.reset.val();
        self.frame.reset.next = self.reset_sync.q.val();
        self.rx.rx.next = self.uart_rx.val();
        self.frame.rx_data.next = self.rx.data.val();
        self.frame.rx_valid.next = self.rx.valid.val();
        self.tx.data.next = self.frame.tx_data.val();
        self.tx.send.next = self.frame.tx_send.val();
        self.frame.tx_ready.next = self.tx.ready.val();
        self.uart_tx.next = self.tx.tx.val();
        self.listening.next = self.frame.listening.val();
        self.wr_region.next = self.frame.wr_addr.val().get_bits::<3>(13);
        self.rd_region.next = self.frame.rd_addr.val().get_bits::<3>(13);
        // Exact decode (PROTOCOL.md): the unit has 2^HB = 1024 bitmask words at 0xC000 and
        // 2^CB = 2048 gradient cells at 0xE000; the rest of each range reads 0 and ignores
        // writes instead of aliasing onto them.
        self.wr_mask.next = (self.wr_region.val() == 6)
            & !self.frame.wr_addr.val().get_bit(12)
            & ((self.frame.wr_addr.val() & 0x0C00) == 0);
        self.wr_cell.next = (self.wr_region.val() == 7) & ((self.frame.wr_addr.val() & 0x1800) == 0);
        self.rd_cell.next = (self.rd_region.val() == 7) & ((self.frame.rd_addr.val() & 0x1800) == 0);
        self.wr_greg.next =
            (self.wr_region.val() == 6) & self.frame.wr_addr.val().get_bit(12) & !self.frame.wr_addr.val().get_bit(11);
        self.rd_greg.next =
            (self.rd_region.val() == 6) & self.frame.rd_addr.val().get_bit(12) & !self.frame.rd_addr.val().get_bit(11);

        // Engine: regions 0..=5, unchanged.
        self.engine.wr_en.next = self.frame.wr_en.val() & (self.wr_region.val() < 6);
        self.engine.wr_addr.next = self.frame.wr_addr.val();
        self.engine.wr_data.next = self.frame.wr_data.val();
        self.engine.rd_addr.next = self.frame.rd_addr.val();

        // Gradient unit: program and relations shared with the engine (regions
        // 1, 2), bitmasks at 0xC000, registers at 0xD000, gradients in region 7.
        self.grad.wr_data.next = self.frame.wr_data.val();
        self.grad.wr_addr.next = self.frame.wr_addr.val();
        self.grad.wr_en.next = self.frame.wr_en.val() & ((self.wr_region.val() == 1) | (self.wr_region.val() == 2));
        if self.wr_greg.val() {
            self.grad.wr_addr.next = self.frame.wr_addr.val() & 0x07FF;
            self.grad.wr_en.next = self.frame.wr_en.val();
        }
        if self.wr_mask.val() {
            self.grad.wr_addr.next = (self.frame.wr_addr.val() & 0x0FFF) | 0x6000;
            self.grad.wr_en.next = self.frame.wr_en.val();
        }
        if self.wr_cell.val() {
            self.grad.wr_addr.next = (self.frame.wr_addr.val() & 0x1FFF) | 0x8000;
            self.grad.wr_en.next = self.frame.wr_en.val();
        }
        self.grad.rd_addr.next = self.frame.rd_addr.val() & 0x07FF;
        if self.rd_cell.val() {
            self.grad.rd_addr.next = (self.frame.rd_addr.val() & 0x1FFF) | 0x8000;
        }

        // START_UNIT: written directly, or selected by writing a unit's registers.
        if self.frame.wr_en.val() {
            if self.frame.wr_addr.val() == 0xD801 {
                self.start_grad.d.next = self.frame.wr_data.val().get_bit(0);
            }
            if self.wr_region.val() == 0 {
                self.start_grad.d.next = false;
            }
            if self.wr_greg.val() {
                self.start_grad.d.next = true;
            }
        }
        if self.reset_sync.q.val() {
            self.start_grad.d.next = false;
        }
        self.engine.start.next = self.frame.start.val() & !self.start_grad.q.val();
        self.grad.start.next = self.frame.start.val() & self.start_grad.q.val();
        self.frame.busy.next = self.engine.busy.val() | self.grad.busy.val();

        // Reads: decoded now, selected one clock later (the units' latency).
        self.rd_sel.d.next = 3.into();
        self.rd_board.d.next = 0.into();
        if self.rd_region.val() < 6 {
            self.rd_sel.d.next = 0.into();
        }
        if self.rd_greg.val() | self.rd_cell.val() {
            self.rd_sel.d.next = 1.into();
        }
        if self.frame.rd_addr.val() == 0xD800 {
            self.rd_sel.d.next = 2.into();
            self.rd_board.d.next = 3.into();
        }
        if self.frame.rd_addr.val() == 0xD801 {
            self.rd_sel.d.next = 2.into();
            self.rd_board.d.next = bit_cast::<32, 1>(self.start_grad.q.val().into());
        }
        self.frame.rd_data.next = 0.into();
        if self.rd_sel.q.val() == 0 {
            self.frame.rd_data.next = self.engine.rd_data.val();
        }
        if self.rd_sel.q.val() == 1 {
            self.frame.rd_data.next = self.grad.rd_data.val();
        }
        if self.rd_sel.q.val() == 2 {
            self.frame.rd_data.next = self.rd_board.q.val();
        }
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

/// Verilog (module `top`) of the board top with the gradient unit: UART,
/// frame layer, engine and gradient unit (ULX3S, simulated board).
pub fn board_top(cfg: &BoardConfig) -> Result<String, BoardError> {
    verilog_of(GradBoardTop::new(cfg))
}

/// Verilog (module `top`) of the engine-only board top: UART, frame layer and
/// engine (iCEBreaker).
pub fn engine_board_top(cfg: &BoardConfig) -> Result<String, BoardError> {
    verilog_of(BoardTop::new(cfg))
}
