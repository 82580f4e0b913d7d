//! The frame layer: the protocol of `hdl/PROTOCOL.md` in RTL, between a UART
//! and the engine's host bus. `protocol::Device` is its software model; the
//! Verilator test in `tests/frame_rtl.rs` checks that both answer every byte
//! stream alike, corrupt frames included.
//!
//! A received frame is kept in a 256-byte buffer and acted on only after its
//! CRC checked, so a corrupt or truncated frame never reaches the engine. The
//! reply payload is built in a second buffer and kept there, so a duplicate
//! (the last sequence number again) is answered by sending it once more.
//! Bytes that arrive while a frame is being executed or a reply sent are
//! dropped (the protocol is one request, one reply).
//!
//! Engine bus (the engine's host interface, see `crate` docs): `wr_en`,
//! `wr_addr`, `wr_data`; `rd_addr` -> `rd_data` one clock later; `start`
//! pulse; `busy`.

use protocol::codec::{CRC32_RESIDUE, MAX_PAYLOAD, MAX_WORDS, SYNC, VERSION};
use rust_hdl::core::timing::TimingInfo;
use rust_hdl::prelude::*;

/// One byte of CRC-32/ISO-HDLC (reflected polynomial 0xEDB88320), combinational.
#[derive(LogicBlock, Default)]
pub struct Crc32Byte {
    pub crc_in: Signal<In, Bits<32>>,
    pub byte_in: Signal<In, Bits<8>>,
    pub crc_out: Signal<Out, Bits<32>>,
}

impl Logic for Crc32Byte {
    fn update(&mut self) {
        let mut c = self.crc_in.val().index() as u32;
        let b = self.byte_in.val().index() as u8;
        c = protocol::codec::crc32_update(c, b);
        self.crc_out.next = (c as u64).into();
    }
    fn connect(&mut self) {
        self.crc_out.connect();
    }
    fn hdl(&self) -> Verilog {
        Verilog::Custom(
            "\
reg [31:0] c;
integer k;
always @(*) begin
   c = crc_in ^ {24'b0, byte_in};
   for (k = 0; k < 8; k = k + 1)
      c = c[0] ? ((c >> 1) ^ 32'hEDB88320) : (c >> 1);
   crc_out = c;
end
"
            .into(),
        )
    }
    fn timing(&self) -> Vec<TimingInfo> {
        vec![]
    }
}

#[derive(Copy, Clone, Debug, PartialEq, LogicState)]
enum St {
    Hunt,
    RxLen,
    RxSeq,
    RxCode,
    RxPay,
    RxCrc,
    Decide,
    WrRead,
    WrLatch,
    WrIssue,
    RdEcho0,
    RdEcho1,
    RdAddr,
    RdWait,
    RdCap,
    RdPut,
    Hello,
    /// The reply transmitter owns the UART until it reports `done`.
    Tx,
}

#[derive(LogicBlock)]
pub struct FrameLayer {
    pub clock: Signal<In, Clock>,
    /// Synchronous reset: closes the session and drops any partial frame.
    pub reset: Signal<In, Bit>,
    pub rx_data: Signal<In, Bits<8>>,
    pub rx_valid: Signal<In, Bit>,
    pub tx_data: Signal<Out, Bits<8>>,
    pub tx_send: Signal<Out, Bit>,
    pub tx_ready: Signal<In, Bit>,
    pub wr_en: Signal<Out, Bit>,
    pub wr_addr: Signal<Out, Bits<16>>,
    pub wr_data: Signal<Out, Bits<32>>,
    pub rd_addr: Signal<Out, Bits<16>>,
    pub rd_data: Signal<In, Bits<32>>,
    pub start: Signal<Out, Bit>,
    pub busy: Signal<In, Bit>,
    /// High while the layer is receiving (hunting or inside a frame), low while
    /// it executes a frame or sends a reply, when it drops received bytes.
    pub listening: Signal<Out, Bit>,
    rxbuf: RAM<Bits<8>, 8>,
    txbuf: RAM<Bits<8>, 8>,
    crcu: Crc32Byte,
    txu: ReplyTx,
    state: DFF<St>,
    open: DFF<Bit>,
    last_seq: DFF<Bits<8>>,
    last_code: DFF<Bits<8>>,
    last_len: DFF<Bits<8>>,
    len: DFF<Bits<8>>,
    seq: DFF<Bits<8>>,
    code: DFF<Bits<8>>,
    pay0: DFF<Bits<8>>,
    pay1: DFF<Bits<8>>,
    pay2: DFF<Bits<8>>,
    cnt: DFF<Bits<8>>,
    ccnt: DFF<Bits<2>>,
    crc: DFF<Bits<32>>,
    idle: DFF<Bits<32>>,
    r_len: DFF<Bits<8>>,
    r_seq: DFF<Bits<8>>,
    r_code: DFF<Bits<8>>,
    r_byte: DFF<Bits<8>>,
    r_buf: DFF<Bit>,
    addr: DFF<Bits<16>>,
    nwords: DFF<Bits<8>>,
    word: DFF<Bits<32>>,
    k: DFF<Bits<2>>,
    ptr: DFF<Bits<8>>,
    tptr: DFF<Bits<8>>,
    // Combinational helpers.
    in_rx: Signal<Local, Bit>,
    /// `last_seq + 1` truncated to 8 bits (Verilog would widen the sum in a compare).
    next_seq: Signal<Local, Bits<8>>,
    /// Send a reply that is not stored (framing errors, NOT_OPEN, BAD_SEQ, ...).
    sh_go: Signal<Local, Bit>,
    sh_status: Signal<Local, Bits<8>>,
    sh_seq: Signal<Local, Bits<8>>,
    sh_len: Signal<Local, Bits<8>>,
    sh_byte: Signal<Local, Bits<8>>,
    /// Store the executed frame's reply (payload already in txbuf) and send it.
    st_go: Signal<Local, Bit>,
    st_status: Signal<Local, Bits<8>>,
    st_len: Signal<Local, Bits<8>>,
    /// Send the stored reply again.
    rp_go: Signal<Local, Bit>,
    k_timeout: Constant<Bits<32>>,
    k_t_hi: Constant<Bits<8>>,
    k_t_lo: Constant<Bits<8>>,
    k_max_payload: Constant<Bits<8>>,
    k_max_words: Constant<Bits<8>>,
    k_version: Constant<Bits<8>>,
    k_sync: Constant<Bits<8>>,
    k_residue: Constant<Bits<32>>,
}

// Status codes are written as literals in `update` (hdl_gen takes no paths);
// they are `protocol::codec::status`, checked by the Verilator test.

impl FrameLayer {
    /// `timeout_bytes`: inter-byte timeout in byte times; `clocks_per_bit` of the UART.
    pub fn new(timeout_bytes: u16, clocks_per_bit: u64) -> FrameLayer {
        let timeout_clocks = timeout_bytes as u64 * 10 * clocks_per_bit;
        assert!(timeout_clocks < 1 << 32);
        FrameLayer {
            clock: Default::default(),
            reset: Default::default(),
            rx_data: Default::default(),
            rx_valid: Default::default(),
            tx_data: Default::default(),
            tx_send: Default::default(),
            tx_ready: Default::default(),
            wr_en: Default::default(),
            wr_addr: Default::default(),
            wr_data: Default::default(),
            rd_addr: Default::default(),
            rd_data: Default::default(),
            start: Default::default(),
            busy: Default::default(),
            listening: Default::default(),
            rxbuf: Default::default(),
            txbuf: Default::default(),
            crcu: Default::default(),
            txu: ReplyTx::new(),
            state: Default::default(),
            open: Default::default(),
            last_seq: Default::default(),
            last_code: Default::default(),
            last_len: Default::default(),
            len: Default::default(),
            seq: Default::default(),
            code: Default::default(),
            pay0: Default::default(),
            pay1: Default::default(),
            pay2: Default::default(),
            cnt: Default::default(),
            ccnt: Default::default(),
            crc: Default::default(),
            idle: Default::default(),
            r_len: Default::default(),
            r_seq: Default::default(),
            r_code: Default::default(),
            r_byte: Default::default(),
            r_buf: Default::default(),
            addr: Default::default(),
            nwords: Default::default(),
            word: Default::default(),
            k: Default::default(),
            ptr: Default::default(),
            tptr: Default::default(),
            in_rx: Default::default(),
            next_seq: Default::default(),
            sh_go: Default::default(),
            sh_status: Default::default(),
            sh_seq: Default::default(),
            sh_len: Default::default(),
            sh_byte: Default::default(),
            st_go: Default::default(),
            st_status: Default::default(),
            st_len: Default::default(),
            rp_go: Default::default(),
            k_timeout: Constant::new(timeout_clocks.into()),
            k_t_hi: Constant::new(((timeout_bytes >> 8) as u64).into()),
            k_t_lo: Constant::new(((timeout_bytes & 0xff) as u64).into()),
            k_max_payload: Constant::new((MAX_PAYLOAD as u64).into()),
            k_max_words: Constant::new((MAX_WORDS as u64).into()),
            k_version: Constant::new((VERSION as u64).into()),
            k_sync: Constant::new((SYNC as u64).into()),
            k_residue: Constant::new((CRC32_RESIDUE as u64).into()),
        }
    }
}

impl Logic for FrameLayer {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self, clock, state, open, last_seq, last_code, last_len, len, seq, code, pay0, pay1, pay2, cnt, ccnt, crc,
            idle, r_len, r_seq, r_code, r_byte, r_buf, addr, nwords, word, k, ptr, tptr
        );
        self.rxbuf.read_clock.next = self.clock.val();
        self.rxbuf.write_clock.next = self.clock.val();
        self.txbuf.read_clock.next = self.clock.val();
        self.txbuf.write_clock.next = self.clock.val();
        // Defaults.
        self.rxbuf.write_address.next = self.cnt.q.val();
        self.rxbuf.write_data.next = self.rx_data.val();
        self.rxbuf.write_enable.next = false;
        self.rxbuf.read_address.next = self.ptr.q.val();
        self.txbuf.write_address.next = self.tptr.q.val();
        self.txbuf.write_data.next = self.word.q.val().get_bits::<8>(24);
        self.txbuf.write_enable.next = false;
        self.txbuf.read_address.next = self.txu.buf_addr.val();
        self.crcu.crc_in.next = self.crc.q.val();
        self.crcu.byte_in.next = self.rx_data.val();
        self.txu.clock.next = self.clock.val();
        self.txu.reset.next = self.reset.val();
        self.txu.len.next = self.r_len.q.val();
        self.txu.seq.next = self.r_seq.q.val();
        self.txu.code.next = self.r_code.q.val();
        self.txu.one_byte.next = self.r_byte.q.val();
        self.txu.from_buf.next = self.r_buf.q.val();
        self.txu.tx_ready.next = self.tx_ready.val();
        self.txu.buf_data.next = self.txbuf.read_data.val();
        self.tx_data.next = self.txu.tx_data.val();
        self.tx_send.next = self.txu.tx_send.val();
        self.wr_en.next = false;
        self.wr_addr.next = self.addr.q.val();
        self.wr_data.next = self.word.q.val();
        self.rd_addr.next = self.addr.q.val();
        self.start.next = false;
        self.sh_go.next = false;
        self.sh_status.next = 0.into();
        self.sh_seq.next = self.seq.q.val();
        self.sh_len.next = 0.into();
        self.sh_byte.next = 0.into();
        self.st_go.next = false;
        self.st_status.next = 0.into();
        self.st_len.next = 0.into();
        self.rp_go.next = false;
        self.in_rx.next = false;
        self.next_seq.next = self.last_seq.q.val() + 1;
        match self.state.q.val() {
            St::Hunt => {
                if self.rx_valid.val() & (self.rx_data.val() == self.k_sync.val()) {
                    self.crc.d.next = 0xFFFF_FFFF_u64.into();
                    self.state.d.next = St::RxLen;
                }
            }
            St::RxLen => {
                self.in_rx.next = true;
                if self.rx_valid.val() {
                    if self.rx_data.val() > self.k_max_payload.val() {
                        self.sh_go.next = true;
                        self.sh_status.next = 2.into(); // OVERSIZE
                        self.sh_seq.next = 0.into();
                    } else {
                        self.len.d.next = self.rx_data.val();
                        self.crc.d.next = self.crcu.crc_out.val();
                        self.state.d.next = St::RxSeq;
                    }
                }
            }
            St::RxSeq => {
                self.in_rx.next = true;
                if self.rx_valid.val() {
                    self.seq.d.next = self.rx_data.val();
                    self.crc.d.next = self.crcu.crc_out.val();
                    self.state.d.next = St::RxCode;
                }
            }
            St::RxCode => {
                self.in_rx.next = true;
                if self.rx_valid.val() {
                    self.code.d.next = self.rx_data.val();
                    self.crc.d.next = self.crcu.crc_out.val();
                    self.cnt.d.next = 0.into();
                    self.ccnt.d.next = 0.into();
                    if self.len.q.val() == 0 {
                        self.state.d.next = St::RxCrc;
                    } else {
                        self.state.d.next = St::RxPay;
                    }
                }
            }
            St::RxPay => {
                self.in_rx.next = true;
                if self.rx_valid.val() {
                    self.rxbuf.write_enable.next = true;
                    self.crc.d.next = self.crcu.crc_out.val();
                    if self.cnt.q.val() == 0 {
                        self.pay0.d.next = self.rx_data.val();
                    }
                    if self.cnt.q.val() == 1 {
                        self.pay1.d.next = self.rx_data.val();
                    }
                    if self.cnt.q.val() == 2 {
                        self.pay2.d.next = self.rx_data.val();
                    }
                    self.cnt.d.next = self.cnt.q.val() + 1;
                    if self.cnt.q.val() + 1 == self.len.q.val() {
                        self.state.d.next = St::RxCrc;
                    }
                }
            }
            St::RxCrc => {
                self.in_rx.next = true;
                if self.rx_valid.val() {
                    self.crc.d.next = self.crcu.crc_out.val();
                    self.ccnt.d.next = self.ccnt.q.val() + 1;
                    if self.ccnt.q.val() == 3 {
                        self.state.d.next = St::Decide;
                    }
                }
            }
            St::Decide => {
                self.addr.d.next = (bit_cast::<16, 8>(self.pay0.q.val()) << 8) | bit_cast::<16, 8>(self.pay1.q.val());
                self.ptr.d.next = 2.into();
                self.tptr.d.next = 0.into();
                self.k.d.next = 0.into();
                if self.crc.q.val() != self.k_residue.val() {
                    self.sh_go.next = true;
                    self.sh_status.next = 1.into(); // BAD_CRC
                } else if self.code.q.val() == 0x01 {
                    if self.len.q.val() != 0 {
                        self.sh_go.next = true;
                        self.sh_status.next = 5.into(); // BAD_LENGTH
                    } else {
                        self.open.d.next = true;
                        self.last_seq.d.next = self.seq.q.val();
                        self.state.d.next = St::Hello;
                    }
                } else if !self.open.q.val() {
                    self.sh_go.next = true;
                    self.sh_status.next = 7.into(); // NOT_OPEN
                } else if self.seq.q.val() == self.last_seq.q.val() {
                    self.rp_go.next = true;
                } else if self.seq.q.val() != self.next_seq.val() {
                    self.sh_go.next = true;
                    self.sh_status.next = 6.into(); // BAD_SEQ
                    self.sh_len.next = 1.into();
                    self.sh_byte.next = self.next_seq.val();
                } else {
                    self.last_seq.d.next = self.seq.q.val();
                    if self.code.q.val() == 0x10 {
                        if (self.len.q.val() < 6) | (self.len.q.val().get_bits::<2>(0) != 2) {
                            self.st_go.next = true;
                            self.st_status.next = 5.into(); // BAD_LENGTH
                        } else if self.busy.val() {
                            self.st_go.next = true;
                            self.st_status.next = 8.into(); // BUSY
                        } else {
                            self.nwords.d.next = self.len.q.val() >> 2;
                            self.state.d.next = St::WrRead;
                        }
                    } else if self.code.q.val() == 0x20 {
                        if (self.len.q.val() != 3)
                            | (self.pay2.q.val() == 0)
                            | (self.pay2.q.val() > self.k_max_words.val())
                        {
                            self.st_go.next = true;
                            self.st_status.next = 5.into(); // BAD_LENGTH
                        } else {
                            self.nwords.d.next = self.pay2.q.val();
                            self.state.d.next = St::RdEcho0;
                        }
                    } else if self.code.q.val() == 0x30 {
                        if self.len.q.val() != 0 {
                            self.st_go.next = true;
                            self.st_status.next = 5.into(); // BAD_LENGTH
                        } else if self.busy.val() {
                            self.st_go.next = true;
                            self.st_status.next = 8.into(); // BUSY
                        } else {
                            self.start.next = true;
                            self.st_go.next = true;
                            self.st_status.next = 0.into(); // OK
                        }
                    } else {
                        self.st_go.next = true;
                        self.st_status.next = 4.into(); // UNKNOWN_CMD
                    }
                }
            }
            St::WrRead => {
                self.state.d.next = St::WrLatch;
            }
            St::WrLatch => {
                self.word.d.next = (self.word.q.val() << 8) | bit_cast::<32, 8>(self.rxbuf.read_data.val());
                self.ptr.d.next = self.ptr.q.val() + 1;
                self.k.d.next = self.k.q.val() + 1;
                if self.k.q.val() == 3 {
                    self.state.d.next = St::WrIssue;
                } else {
                    self.state.d.next = St::WrRead;
                }
            }
            St::WrIssue => {
                self.wr_en.next = true;
                self.addr.d.next = self.addr.q.val() + 1;
                self.nwords.d.next = self.nwords.q.val() - 1;
                if self.nwords.q.val() == 1 {
                    self.st_go.next = true;
                    self.st_status.next = 0.into(); // OK
                } else {
                    self.state.d.next = St::WrRead;
                }
            }
            St::RdEcho0 => {
                self.txbuf.write_enable.next = true;
                self.txbuf.write_data.next = self.pay0.q.val();
                self.tptr.d.next = self.tptr.q.val() + 1;
                self.state.d.next = St::RdEcho1;
            }
            St::RdEcho1 => {
                self.txbuf.write_enable.next = true;
                self.txbuf.write_data.next = self.pay1.q.val();
                self.tptr.d.next = self.tptr.q.val() + 1;
                self.state.d.next = St::RdAddr;
            }
            St::RdAddr => {
                self.state.d.next = St::RdWait;
            }
            St::RdWait => {
                self.state.d.next = St::RdCap;
            }
            St::RdCap => {
                self.word.d.next = self.rd_data.val();
                self.k.d.next = 0.into();
                self.state.d.next = St::RdPut;
            }
            St::RdPut => {
                self.txbuf.write_enable.next = true;
                self.word.d.next = self.word.q.val() << 8;
                self.tptr.d.next = self.tptr.q.val() + 1;
                self.k.d.next = self.k.q.val() + 1;
                if self.k.q.val() == 3 {
                    self.addr.d.next = self.addr.q.val() + 1;
                    self.nwords.d.next = self.nwords.q.val() - 1;
                    if self.nwords.q.val() == 1 {
                        self.st_go.next = true;
                        self.st_status.next = 0.into(); // OK
                        self.st_len.next = self.tptr.q.val() + 1;
                    } else {
                        self.state.d.next = St::RdAddr;
                    }
                }
            }
            St::Hello => {
                self.txbuf.write_enable.next = true;
                self.txbuf.write_address.next = bit_cast::<8, 2>(self.k.q.val());
                if self.k.q.val() == 0 {
                    self.txbuf.write_data.next = self.k_version.val();
                } else if self.k.q.val() == 1 {
                    self.txbuf.write_data.next = self.k_max_words.val();
                } else if self.k.q.val() == 2 {
                    self.txbuf.write_data.next = self.k_t_hi.val();
                } else {
                    self.txbuf.write_data.next = self.k_t_lo.val();
                }
                self.k.d.next = self.k.q.val() + 1;
                if self.k.q.val() == 3 {
                    self.st_go.next = true;
                    self.st_status.next = 0.into(); // OK
                    self.st_len.next = 4.into();
                }
            }
            St::Tx => {
                if self.txu.done.val() {
                    self.state.d.next = St::Hunt;
                }
            }
            _ => {
                self.state.d.next = St::Hunt;
            }
        }
        self.listening.next = self.in_rx.val() | (self.state.q.val() == St::Hunt);
        // Inter-byte timeout inside a frame.
        if self.in_rx.val() {
            if self.rx_valid.val() {
                self.idle.d.next = 0.into();
            } else {
                self.idle.d.next = self.idle.q.val() + 1;
                if self.idle.q.val() == self.k_timeout.val() {
                    self.sh_go.next = true;
                    self.sh_status.next = 3.into(); // TRUNCATED
                    if (self.state.q.val() == St::RxLen) | (self.state.q.val() == St::RxSeq) {
                        self.sh_seq.next = 0.into();
                    }
                }
            }
        } else {
            self.idle.d.next = 0.into();
        }
        // Reply selection.
        if self.sh_go.val() {
            self.r_len.d.next = self.sh_len.val();
            self.r_seq.d.next = self.sh_seq.val();
            self.r_code.d.next = self.sh_status.val() | 0x80;
            self.r_byte.d.next = self.sh_byte.val();
            self.r_buf.d.next = false;
            self.state.d.next = St::Tx;
        }
        if self.st_go.val() {
            self.last_code.d.next = self.st_status.val() | 0x80;
            self.last_len.d.next = self.st_len.val();
            self.r_len.d.next = self.st_len.val();
            // The executed frame's seq (last_seq is updated in this same clock by Decide).
            self.r_seq.d.next = self.seq.q.val();
            self.r_code.d.next = self.st_status.val() | 0x80;
            self.r_buf.d.next = true;
            self.state.d.next = St::Tx;
        }
        if self.rp_go.val() {
            self.r_len.d.next = self.last_len.q.val();
            self.r_seq.d.next = self.last_seq.q.val();
            self.r_code.d.next = self.last_code.q.val();
            self.r_buf.d.next = true;
            self.state.d.next = St::Tx;
        }
        self.txu.go.next = self.sh_go.val() | self.st_go.val() | self.rp_go.val();
        if self.reset.val() {
            self.open.d.next = false;
            self.state.d.next = St::Hunt;
        }
    }
}

#[derive(Copy, Clone, Debug, PartialEq, LogicState)]
enum TxSt {
    Idle,
    Start,
    Sync,
    Len,
    Seq,
    Code,
    PayAddr,
    PayData,
    Crc,
}

/// The reply transmitter: sends one frame (sync, header, payload, CRC) from
/// the header latched by the frame layer and a payload that is either the
/// reply buffer or one byte. It has its own CRC unit and counters so that the
/// receiver's state stays out of its ports (one more CRC unit and 32 more
/// flip-flops than a shared one). It enters `Start` in the clock the layer
/// decides to reply and reports `done` in the clock of the last byte, so the
/// layer's clocks per frame are those of the single state machine it was split
/// from.
#[derive(LogicBlock)]
pub struct ReplyTx {
    pub clock: Signal<In, Clock>,
    /// Synchronous reset: abandons a reply being sent.
    pub reset: Signal<In, Bit>,
    /// Pulse: send a reply with the header below (held stable while sending).
    pub go: Signal<In, Bit>,
    pub len: Signal<In, Bits<8>>,
    pub seq: Signal<In, Bits<8>>,
    pub code: Signal<In, Bits<8>>,
    /// The payload byte when `from_buf` is low (one-byte replies that are not stored).
    pub one_byte: Signal<In, Bits<8>>,
    /// The payload is in the reply buffer: `buf_addr` -> `buf_data` one clock later.
    pub from_buf: Signal<In, Bit>,
    pub buf_addr: Signal<Out, Bits<8>>,
    pub buf_data: Signal<In, Bits<8>>,
    pub tx_data: Signal<Out, Bits<8>>,
    pub tx_send: Signal<Out, Bit>,
    pub tx_ready: Signal<In, Bit>,
    /// High in the clock that hands the last CRC byte to the UART.
    pub done: Signal<Out, Bit>,
    crcu: Crc32Byte,
    state: DFF<TxSt>,
    crc: DFF<Bits<32>>,
    cnt: DFF<Bits<8>>,
    ccnt: DFF<Bits<2>>,
    tx_crc: DFF<Bits<32>>,
    tx_byte: Signal<Local, Bits<8>>,
    k_sync: Constant<Bits<8>>,
}

impl ReplyTx {
    pub fn new() -> ReplyTx {
        ReplyTx {
            clock: Default::default(),
            reset: Default::default(),
            go: Default::default(),
            len: Default::default(),
            seq: Default::default(),
            code: Default::default(),
            one_byte: Default::default(),
            from_buf: Default::default(),
            buf_addr: Default::default(),
            buf_data: Default::default(),
            tx_data: Default::default(),
            tx_send: Default::default(),
            tx_ready: Default::default(),
            done: Default::default(),
            crcu: Default::default(),
            state: Default::default(),
            crc: Default::default(),
            cnt: Default::default(),
            ccnt: Default::default(),
            tx_crc: Default::default(),
            tx_byte: Default::default(),
            k_sync: Constant::new((SYNC as u64).into()),
        }
    }
}

impl Default for ReplyTx {
    fn default() -> Self {
        Self::new()
    }
}

impl Logic for ReplyTx {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, state, crc, cnt, ccnt, tx_crc);
        self.buf_addr.next = self.cnt.q.val();
        self.crcu.crc_in.next = self.crc.q.val();
        self.tx_byte.next = self.k_sync.val();
        self.tx_send.next = false;
        self.done.next = false;
        match self.state.q.val() {
            TxSt::Idle => {}
            TxSt::Start => {
                self.crc.d.next = 0xFFFF_FFFF_u64.into();
                self.cnt.d.next = 0.into();
                self.ccnt.d.next = 0.into();
                self.state.d.next = TxSt::Sync;
            }
            TxSt::Sync => {
                if self.tx_ready.val() {
                    self.tx_send.next = true;
                    self.state.d.next = TxSt::Len;
                }
            }
            TxSt::Len => {
                self.tx_byte.next = self.len.val();
                if self.tx_ready.val() {
                    self.tx_send.next = true;
                    self.crc.d.next = self.crcu.crc_out.val();
                    self.state.d.next = TxSt::Seq;
                }
            }
            TxSt::Seq => {
                self.tx_byte.next = self.seq.val();
                if self.tx_ready.val() {
                    self.tx_send.next = true;
                    self.crc.d.next = self.crcu.crc_out.val();
                    self.state.d.next = TxSt::Code;
                }
            }
            TxSt::Code => {
                self.tx_byte.next = self.code.val();
                if self.tx_ready.val() {
                    self.tx_send.next = true;
                    self.crc.d.next = self.crcu.crc_out.val();
                    if self.len.val() == 0 {
                        self.tx_crc.d.next = !self.crcu.crc_out.val();
                        self.state.d.next = TxSt::Crc;
                    } else {
                        self.state.d.next = TxSt::PayAddr;
                    }
                }
            }
            TxSt::PayAddr => {
                self.state.d.next = TxSt::PayData;
            }
            TxSt::PayData => {
                if self.from_buf.val() {
                    self.tx_byte.next = self.buf_data.val();
                } else {
                    self.tx_byte.next = self.one_byte.val();
                }
                if self.tx_ready.val() {
                    self.tx_send.next = true;
                    self.crc.d.next = self.crcu.crc_out.val();
                    self.cnt.d.next = self.cnt.q.val() + 1;
                    if self.cnt.q.val() + 1 == self.len.val() {
                        self.tx_crc.d.next = !self.crcu.crc_out.val();
                        self.state.d.next = TxSt::Crc;
                    } else {
                        self.state.d.next = TxSt::PayAddr;
                    }
                }
            }
            TxSt::Crc => {
                self.tx_byte.next = self.tx_crc.q.val().get_bits::<8>(0);
                if self.tx_ready.val() {
                    self.tx_send.next = true;
                    self.tx_crc.d.next = self.tx_crc.q.val() >> 8;
                    self.ccnt.d.next = self.ccnt.q.val() + 1;
                    if self.ccnt.q.val() == 3 {
                        self.done.next = true;
                        self.state.d.next = TxSt::Idle;
                    }
                }
            }
            _ => {
                self.state.d.next = TxSt::Idle;
            }
        }
        self.tx_data.next = self.tx_byte.val();
        self.crcu.byte_in.next = self.tx_byte.val();
        if self.go.val() {
            self.state.d.next = TxSt::Start;
        }
        if self.reset.val() {
            self.state.d.next = TxSt::Idle;
        }
    }
}
