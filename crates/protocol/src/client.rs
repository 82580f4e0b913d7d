//! The host side of the protocol: one request at a time, retried with the same
//! sequence number until a reply passes every check.
//!
//! A reply is accepted only when its CRC is good, it is a reply frame, its
//! sequence number is the request's, its status is OK and its payload has the
//! shape the request implies (a READ echoes the address and carries exactly the
//! words asked for). Timeouts and framing-error replies are retried; a device
//! reset (NOT_OPEN) and every other refusal are returned as errors. Nothing
//! else is ever returned as data.

use crate::codec::{cmd, status, Decoded, Decoder, Frame, DEFAULT_TIMEOUT_BYTES, MAX_WORDS};
use thiserror::Error;

/// A byte transport with a reply timeout.
pub trait Link {
    /// Sends a whole request frame.
    fn send(&mut self, bytes: &[u8]) -> Result<(), LinkError>;
    /// The next received byte, or `None` when the reply timeout passes with none.
    fn recv(&mut self) -> Result<Option<u8>, LinkError>;
}

/// A transport failure (the port went away, ...), not a lost byte.
#[derive(Debug, Error)]
#[error("{0}")]
pub struct LinkError(pub String);

#[derive(Debug, Error)]
pub enum ClientError {
    #[error(
        "the device was reset (NOT_OPEN for seq {seq}): its engine state is lost; open a session with HELLO and reload"
    )]
    DeviceReset { seq: u8 },
    #[error("no valid reply to command {cmd:#04x} seq {seq} after {attempts} attempts (last: {last})")]
    NoReply { cmd: u8, seq: u8, attempts: u32, last: String },
    #[error("device refused command {cmd:#04x} seq {seq}: {} (status {status:#04x}, payload {payload:02x?})", status::name(*status))]
    Refused { cmd: u8, seq: u8, status: u8, payload: Vec<u8> },
    #[error("malformed reply to command {cmd:#04x} seq {seq}: {why}")]
    Malformed { cmd: u8, seq: u8, why: String },
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error(
        "this board has no gradient unit (BOARD_INFO {board_info:#x}): run the backward pass on a board top that has \
         one (ULX3S) or on the host"
    )]
    NoGradUnit { board_info: u32 },
    #[error("the {unit} rejected its configuration (STATUS {status:#x}): {what}")]
    ConfigRejected { unit: &'static str, status: u32, what: String },
    #[error("link: {0}")]
    Link(#[from] LinkError),
}

/// What HELLO reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hello {
    pub version: u8,
    pub max_words: u8,
    pub timeout_bytes: u16,
}

/// Counters of what the client had to cope with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClientStats {
    pub requests: u64,
    pub attempts: u64,
    pub timeouts: u64,
    pub framing_error_replies: u64,
    pub garbled_replies: u64,
    pub ignored_frames: u64,
}

pub struct Client<L> {
    link: L,
    seq: u8,
    max_attempts: u32,
    decoder: Decoder,
    pub stats: ClientStats,
}

impl<L: Link> Client<L> {
    /// A client that tries each request up to `max_attempts` times.
    pub fn new(link: L, max_attempts: u32) -> Client<L> {
        Client {
            link,
            seq: 0,
            max_attempts: max_attempts.max(1),
            decoder: Decoder::new(DEFAULT_TIMEOUT_BYTES),
            stats: ClientStats::default(),
        }
    }

    pub fn link(&self) -> &L {
        &self.link
    }
    pub fn link_mut(&mut self) -> &mut L {
        &mut self.link
    }

    /// Opens a session (needed after power-up and after every device reset).
    pub fn hello(&mut self) -> Result<Hello, ClientError> {
        // A fresh sequence number, so late replies to the previous one are ignored.
        self.seq = self.seq.wrapping_add(1);
        let r = self.transact(cmd::HELLO, vec![])?;
        match r.payload[..] {
            [version, max_words, t0, t1] => {
                Ok(Hello { version, max_words, timeout_bytes: u16::from_be_bytes([t0, t1]) })
            }
            _ => Err(self.malformed(cmd::HELLO, r.seq, format!("HELLO payload {:02x?}", r.payload))),
        }
    }

    /// Writes `words` from word address `addr` on, in frames of at most `MAX_WORDS`.
    pub fn write(&mut self, addr: u16, words: &[u32]) -> Result<(), ClientError> {
        for (k, chunk) in words.chunks(MAX_WORDS).enumerate() {
            let a = addr.wrapping_add((k * MAX_WORDS) as u16);
            let mut p = a.to_be_bytes().to_vec();
            for w in chunk {
                p.extend(w.to_be_bytes());
            }
            self.transact(cmd::WRITE, p)?;
        }
        Ok(())
    }

    /// Reads `count` words from word address `addr` on.
    pub fn read(&mut self, addr: u16, count: usize) -> Result<Vec<u32>, ClientError> {
        let mut out = Vec::with_capacity(count);
        while out.len() < count {
            let n = (count - out.len()).min(MAX_WORDS);
            let a = addr.wrapping_add(out.len() as u16);
            let mut p = a.to_be_bytes().to_vec();
            p.push(n as u8);
            let r = self.transact(cmd::READ, p)?;
            if r.payload.len() != 2 + 4 * n || r.payload[..2] != a.to_be_bytes() {
                return Err(self.malformed(
                    cmd::READ,
                    r.seq,
                    format!("READ of {n} at {a:#06x}: payload {:02x?}", r.payload),
                ));
            }
            out.extend(r.payload[2..].chunks(4).map(|w| u32::from_be_bytes([w[0], w[1], w[2], w[3]])));
        }
        Ok(out)
    }

    /// Starts a run (refused with BUSY while one is in progress).
    pub fn start(&mut self) -> Result<(), ClientError> {
        self.transact(cmd::START, vec![]).map(|_| ())
    }

    fn malformed(&self, cmd: u8, seq: u8, why: String) -> ClientError {
        ClientError::Malformed { cmd, seq, why }
    }

    /// Sends one request until an OK reply with its sequence number arrives.
    pub fn transact(&mut self, code: u8, payload: Vec<u8>) -> Result<Frame, ClientError> {
        let seq = self.seq;
        let bytes = Frame::new(seq, code, payload).encode();
        self.stats.requests += 1;
        let mut last = String::from("nothing sent");
        for _ in 0..self.max_attempts {
            self.stats.attempts += 1;
            self.decoder.reset();
            self.link.send(&bytes)?;
            loop {
                let Some(b) = self.link.recv()? else {
                    self.stats.timeouts += 1;
                    last = "timeout".into();
                    break;
                };
                match self.decoder.push(b) {
                    None => {}
                    Some(Decoded::Error(e)) => {
                        // The reply was damaged on the way back: ask again.
                        self.stats.garbled_replies += 1;
                        last = format!("garbled reply: {e}");
                        break;
                    }
                    Some(Decoded::Frame(f)) => {
                        let st = f.status();
                        if !f.is_reply() {
                            self.stats.ignored_frames += 1;
                            continue;
                        }
                        if matches!(st, status::BAD_CRC | status::OVERSIZE | status::TRUNCATED) {
                            // The device got a damaged request (sequence number unreliable).
                            self.stats.framing_error_replies += 1;
                            last = format!("device: {}", status::name(st));
                            break;
                        }
                        if f.seq != seq {
                            self.stats.ignored_frames += 1;
                            continue;
                        }
                        return match st {
                            status::OK => {
                                self.seq = seq.wrapping_add(1);
                                Ok(f)
                            }
                            status::NOT_OPEN => Err(ClientError::DeviceReset { seq }),
                            _ => {
                                // The device consumed this sequence number (except for BAD_SEQ).
                                if st != status::BAD_SEQ {
                                    self.seq = seq.wrapping_add(1);
                                }
                                Err(ClientError::Refused { cmd: code, seq, status: st, payload: f.payload })
                            }
                        };
                    }
                }
            }
        }
        Err(ClientError::NoReply { cmd: code, seq, attempts: self.max_attempts, last })
    }
}
