//! The device model: the frame state machine the RTL frame layer implements,
//! in front of an [`Engine`] reached through a word-wide bus.
//!
//! Rules (normative text in `hdl/PROTOCOL.md`), checked in this order for a
//! frame with a good CRC:
//!
//! 1. HELLO (empty payload) opens a session with any sequence number and is
//!    answered with the protocol parameters; with a payload it is BAD_LENGTH.
//! 2. Without a session (after power-up or reset) everything else is NOT_OPEN.
//! 3. The sequence number of the last executed frame is a duplicate: its stored
//!    reply is sent again and nothing is executed (a retried write or run is
//!    idempotent).
//! 4. Any sequence number other than last + 1 (mod 256) is BAD_SEQ, not executed.
//! 5. Otherwise the frame is executed, it becomes the last frame and its reply
//!    (OK, UNKNOWN_CMD, BAD_LENGTH or BUSY) is stored.
//!
//! Framing errors (bad CRC, oversized, truncated) get an error reply and change
//! nothing: no engine access, no sequence state, the stored reply stays.
//! A WRITE or START while the engine is busy is refused as a whole (BUSY).

use crate::codec::{cmd, status, Decoded, Decoder, Frame, MAX_WORDS, VERSION};

/// The engine's host interface as the frame layer sees it: the software view
/// of the bus of `hdl_gen`'s engine (`wr_en/wr_addr/wr_data`,
/// `rd_addr/rd_data`, `start`, `busy`).
pub trait Engine {
    /// One word written (the RTL engine ignores writes while busy; the frame
    /// layer never issues them then).
    fn write(&mut self, addr: u16, word: u32);
    fn read(&mut self, addr: u16) -> u32;
    /// The start pulse.
    fn start(&mut self);
    fn busy(&self) -> bool;
    /// The reset pin: back to the power-up state.
    fn reset(&mut self);
}

/// The frame layer of a device, fed byte by byte.
#[derive(Debug)]
pub struct Device<E> {
    engine: E,
    decoder: Decoder,
    timeout: u32,
    open: bool,
    last_seq: u8,
    last_reply: Frame,
}

impl<E: Engine> Device<E> {
    /// A device in its power-up state; frames time out after `timeout` idle byte times.
    pub fn new(engine: E, timeout: u32) -> Device<E> {
        Device {
            engine,
            decoder: Decoder::new(timeout),
            timeout,
            open: false,
            last_seq: 0,
            last_reply: Frame::reply(0, status::OK, vec![]),
        }
    }

    pub fn engine(&self) -> &E {
        &self.engine
    }
    pub fn engine_mut(&mut self) -> &mut E {
        &mut self.engine
    }

    /// The reset pin: engine and session back to power-up.
    pub fn reset(&mut self) {
        self.engine.reset();
        self.decoder.reset();
        self.open = false;
        self.last_seq = 0;
        self.last_reply = Frame::reply(0, status::OK, vec![]);
    }

    /// One received byte; returns the reply it completes, if any.
    pub fn receive(&mut self, b: u8) -> Option<Frame> {
        let d = self.decoder.push(b)?;
        Some(self.on_decoded(d))
    }

    /// `byte_times` byte times pass with no byte received.
    pub fn idle(&mut self, byte_times: u32) -> Option<Frame> {
        let d = self.decoder.idle(byte_times)?;
        Some(self.on_decoded(d))
    }

    fn on_decoded(&mut self, d: Decoded) -> Frame {
        match d {
            Decoded::Error(e) => Frame::reply(e.reply_seq(), e.status(), vec![]),
            Decoded::Frame(f) => self.handle(f),
        }
    }

    fn handle(&mut self, f: Frame) -> Frame {
        if f.code == cmd::HELLO {
            if !f.payload.is_empty() {
                return Frame::reply(f.seq, status::BAD_LENGTH, vec![]);
            }
            self.open = true;
            self.last_seq = f.seq;
            let t = self.timeout.min(0xffff) as u16;
            self.last_reply = Frame::reply(f.seq, status::OK, vec![VERSION, MAX_WORDS as u8, (t >> 8) as u8, t as u8]);
            return self.last_reply.clone();
        }
        if !self.open {
            return Frame::reply(f.seq, status::NOT_OPEN, vec![]);
        }
        if f.seq == self.last_seq {
            return self.last_reply.clone();
        }
        let expected = self.last_seq.wrapping_add(1);
        if f.seq != expected {
            return Frame::reply(f.seq, status::BAD_SEQ, vec![expected]);
        }
        self.last_seq = f.seq;
        self.last_reply = self.execute(&f);
        self.last_reply.clone()
    }

    fn execute(&mut self, f: &Frame) -> Frame {
        let p = &f.payload;
        let reply = |s, payload| Frame::reply(f.seq, s, payload);
        match f.code {
            cmd::WRITE => {
                if p.len() < 6 || !(p.len() - 2).is_multiple_of(4) {
                    return reply(status::BAD_LENGTH, vec![]);
                }
                if self.engine.busy() {
                    return reply(status::BUSY, vec![]);
                }
                let addr = u16::from_be_bytes([p[0], p[1]]);
                for (i, w) in p[2..].chunks(4).enumerate() {
                    let word = u32::from_be_bytes([w[0], w[1], w[2], w[3]]);
                    self.engine.write(addr.wrapping_add(i as u16), word);
                }
                reply(status::OK, vec![])
            }
            cmd::READ => {
                if p.len() != 3 || p[2] == 0 || p[2] as usize > MAX_WORDS {
                    return reply(status::BAD_LENGTH, vec![]);
                }
                let addr = u16::from_be_bytes([p[0], p[1]]);
                let mut out = vec![p[0], p[1]];
                for i in 0..p[2] {
                    out.extend(self.engine.read(addr.wrapping_add(i as u16)).to_be_bytes());
                }
                reply(status::OK, out)
            }
            cmd::START => {
                if !p.is_empty() {
                    return reply(status::BAD_LENGTH, vec![]);
                }
                if self.engine.busy() {
                    return reply(status::BUSY, vec![]);
                }
                self.engine.start();
                reply(status::OK, vec![])
            }
            _ => reply(status::UNKNOWN_CMD, vec![]),
        }
    }
}
