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
//!    (OK or UNKNOWN_CMD / BAD_LENGTH / BUS_ERROR) is stored.
//!
//! Framing errors (bad CRC, oversized, truncated) get an error reply and change
//! nothing: no engine access, no sequence state, the stored reply stays.

use crate::codec::{cmd, status, Decoded, Decoder, Frame, MAX_WORDS, VERSION};
use thiserror::Error;

/// An engine refused a bus access (address out of range, read-only, busy...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
#[error("engine rejected access to space {space} address {addr:#06x}")]
pub struct BusError {
    pub space: u8,
    pub addr: u16,
}

/// The engine behind the frame layer: 16 address spaces of 16-bit words.
/// This is the software view of the bus the RTL frame layer drives.
pub trait Engine {
    fn write(&mut self, space: u8, addr: u16, word: u16) -> Result<(), BusError>;
    fn read(&mut self, space: u8, addr: u16) -> Result<u16, BusError>;
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
        let space = f.code & 0x0f;
        let p = &f.payload;
        let reply = |s, payload| Frame::reply(f.seq, s, payload);
        match f.code & 0xf0 {
            cmd::WRITE => {
                if p.len() < 4 || !p.len().is_multiple_of(2) {
                    return reply(status::BAD_LENGTH, vec![]);
                }
                let addr = u16::from_be_bytes([p[0], p[1]]);
                for (i, w) in p[2..].chunks(2).enumerate() {
                    let word = u16::from_be_bytes([w[0], w[1]]);
                    if self.engine.write(space, addr.wrapping_add(i as u16), word).is_err() {
                        return reply(status::BUS_ERROR, vec![i as u8]);
                    }
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
                    match self.engine.read(space, addr.wrapping_add(i as u16)) {
                        Ok(w) => out.extend(w.to_be_bytes()),
                        Err(_) => return reply(status::BUS_ERROR, vec![i]),
                    }
                }
                reply(status::OK, out)
            }
            _ => reply(status::UNKNOWN_CMD, vec![]),
        }
    }
}
