//! Frame layout, CRC-32 and the incremental decoder (see `hdl/PROTOCOL.md`).
//!
//! ```text
//! SYNC(0xA5) LEN SEQ CODE PAYLOAD[LEN] CRC32[4, little endian]
//! ```
//!
//! The CRC is CRC-32/ISO-HDLC (the zlib/Ethernet CRC: reflected polynomial
//! 0xEDB88320, init and final XOR 0xFFFFFFFF; `crc32(b"123456789") == 0xCBF43926`)
//! over `LEN SEQ CODE PAYLOAD`. `CODE` is the command in a request (`< 0x80`) and
//! `0x80 | status` in a reply, so a looped-back request is never taken for a reply.

use thiserror::Error;

/// First byte of every frame.
pub const SYNC: u8 = 0xA5;
/// Protocol version reported by HELLO.
pub const VERSION: u8 = 1;
/// Most 32-bit words one WRITE carries or one READ returns.
pub const MAX_WORDS: usize = 32;
/// Largest payload: a WRITE's address (2 bytes) and `MAX_WORDS` words of 4 bytes.
pub const MAX_PAYLOAD: usize = 2 + 4 * MAX_WORDS;
/// Bytes around the payload: SYNC, LEN, SEQ, CODE and four CRC bytes.
pub const OVERHEAD: usize = 8;
/// Default inter-byte timeout inside a frame, in byte times (10 bit times at 8N1).
pub const DEFAULT_TIMEOUT_BYTES: u32 = 256;
/// CRC-32/ISO-HDLC of `"123456789"` (the catalogue check value).
pub const CRC32_CHECK: u32 = 0xCBF4_3926;

/// Request commands. Words are 32 bits, big endian; addresses are the engine's
/// 16-bit word addresses (region in bits 15:13), big endian.
pub mod cmd {
    /// Open a session; any sequence number; empty payload. Reply payload:
    /// version, max words, inter-byte timeout in byte times (2 bytes).
    pub const HELLO: u8 = 0x01;
    /// Payload `addr(2) word(4)+`; writes consecutive addresses; reply empty.
    /// Refused with BUSY while the engine runs.
    pub const WRITE: u8 = 0x10;
    /// Payload `addr(2) count(1)`, count in 1..=MAX_WORDS; reply `addr(2) word(4)*count`.
    pub const READ: u8 = 0x20;
    /// Empty payload: starts a run with the engine's current registers; reply
    /// empty. Refused with BUSY while the engine runs.
    pub const START: u8 = 0x30;
}

/// Reply status codes (the reply's CODE byte is `0x80 | status`).
pub mod status {
    pub const OK: u8 = 0x00;
    pub const BAD_CRC: u8 = 0x01;
    pub const OVERSIZE: u8 = 0x02;
    pub const TRUNCATED: u8 = 0x03;
    pub const UNKNOWN_CMD: u8 = 0x04;
    pub const BAD_LENGTH: u8 = 0x05;
    pub const BAD_SEQ: u8 = 0x06;
    pub const NOT_OPEN: u8 = 0x07;
    pub const BUSY: u8 = 0x08;

    /// The name used in error messages.
    pub fn name(s: u8) -> &'static str {
        match s {
            OK => "ok",
            BAD_CRC => "bad CRC",
            OVERSIZE => "oversized frame",
            TRUNCATED => "truncated frame (inter-byte timeout)",
            UNKNOWN_CMD => "unknown command",
            BAD_LENGTH => "bad payload length",
            BAD_SEQ => "bad sequence number",
            NOT_OPEN => "no session (device was reset; send HELLO)",
            BUSY => "engine busy (a run is in progress)",
            _ => "unknown status",
        }
    }
}

/// The CRC register after a whole frame, CRC bytes included (init all ones, no
/// final XOR): a receiver checks this constant instead of comparing the CRC.
pub const CRC32_RESIDUE: u32 = 0xDEBB_20E3;

/// CRC-32/ISO-HDLC register update by one byte (register convention: no final XOR).
#[inline]
pub fn crc32_update(reg: u32, byte: u8) -> u32 {
    let mut c = reg ^ byte as u32;
    for _ in 0..8 {
        c = if c & 1 != 0 { (c >> 1) ^ 0xEDB8_8320 } else { c >> 1 };
    }
    c
}

/// CRC-32/ISO-HDLC of `bytes`.
pub fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!0u32, |c, &b| crc32_update(c, b))
}

/// One frame: `code` is a command (request) or `0x80 | status` (reply).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    pub seq: u8,
    pub code: u8,
    pub payload: Vec<u8>,
}

impl Frame {
    pub fn new(seq: u8, code: u8, payload: Vec<u8>) -> Frame {
        Frame { seq, code, payload }
    }

    /// A reply with `status`.
    pub fn reply(seq: u8, status: u8, payload: Vec<u8>) -> Frame {
        Frame::new(seq, 0x80 | status, payload)
    }

    /// The wire bytes. Panics if the payload exceeds [`MAX_PAYLOAD`]: building
    /// such a frame is a bug in the caller, not a link fault.
    pub fn encode(&self) -> Vec<u8> {
        assert!(self.payload.len() <= MAX_PAYLOAD, "payload of {} bytes", self.payload.len());
        let mut out = Vec::with_capacity(self.payload.len() + OVERHEAD);
        out.extend([SYNC, self.payload.len() as u8, self.seq, self.code]);
        out.extend(&self.payload);
        let crc = crc32(&out[1..]);
        out.extend(crc.to_le_bytes());
        out
    }

    /// Is this a reply frame?
    pub fn is_reply(&self) -> bool {
        self.code & 0x80 != 0
    }

    /// The status of a reply frame.
    pub fn status(&self) -> u8 {
        self.code & 0x7f
    }
}

/// A frame that could not be received.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum FramingError {
    #[error("bad CRC (sequence byte as received: {seq})")]
    BadCrc { seq: u8 },
    #[error("oversized frame: length byte {len} exceeds {MAX_PAYLOAD}")]
    Oversize { len: u8 },
    #[error("truncated frame: no byte for {timeout} byte times after {received} bytes")]
    Truncated { received: usize, timeout: u32, seq: Option<u8> },
}

impl FramingError {
    /// The status code of the error reply a device sends for it.
    pub fn status(&self) -> u8 {
        match self {
            FramingError::BadCrc { .. } => status::BAD_CRC,
            FramingError::Oversize { .. } => status::OVERSIZE,
            FramingError::Truncated { .. } => status::TRUNCATED,
        }
    }
    /// The sequence number an error reply carries: as received, or 0 when the
    /// frame ended before its SEQ byte.
    pub fn reply_seq(&self) -> u8 {
        match *self {
            FramingError::BadCrc { seq } => seq,
            FramingError::Oversize { .. } => 0,
            FramingError::Truncated { seq, .. } => seq.unwrap_or(0),
        }
    }
}

/// What the decoder produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decoded {
    Frame(Frame),
    Error(FramingError),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Discarding bytes until SYNC.
    Hunt,
    Len,
    Seq,
    Code,
    Payload,
    Crc,
}

/// Incremental frame decoder, the same state machine as the RTL receiver.
///
/// Outside a frame every byte but SYNC is discarded silently (noise never
/// causes a reply storm). After a bad frame it hunts for the next SYNC, so it
/// resynchronises after garbage.
#[derive(Clone, Debug)]
pub struct Decoder {
    state: State,
    timeout: u32,
    idle: u32,
    len: u8,
    seq: u8,
    code: u8,
    payload: Vec<u8>,
    crc: [u8; 4],
    crc_n: usize,
    received: usize,
}

impl Decoder {
    /// A decoder whose frames time out after `timeout` idle byte times.
    pub fn new(timeout: u32) -> Decoder {
        Decoder {
            state: State::Hunt,
            timeout,
            idle: 0,
            len: 0,
            seq: 0,
            code: 0,
            payload: Vec::with_capacity(MAX_PAYLOAD),
            crc: [0; 4],
            crc_n: 0,
            received: 0,
        }
    }

    /// Is the decoder inside a frame?
    pub fn in_frame(&self) -> bool {
        self.state != State::Hunt
    }

    /// Drops any partial frame.
    pub fn reset(&mut self) {
        self.state = State::Hunt;
        self.idle = 0;
    }

    /// Feeds one byte.
    pub fn push(&mut self, b: u8) -> Option<Decoded> {
        self.idle = 0;
        if self.state != State::Hunt {
            self.received += 1;
        }
        match self.state {
            State::Hunt => {
                if b == SYNC {
                    self.state = State::Len;
                    self.received = 1;
                }
                None
            }
            State::Len => {
                if b as usize > MAX_PAYLOAD {
                    self.state = State::Hunt;
                    return Some(Decoded::Error(FramingError::Oversize { len: b }));
                }
                self.len = b;
                self.state = State::Seq;
                None
            }
            State::Seq => {
                self.seq = b;
                self.state = State::Code;
                None
            }
            State::Code => {
                self.code = b;
                self.payload.clear();
                self.crc_n = 0;
                self.state = if self.len == 0 { State::Crc } else { State::Payload };
                None
            }
            State::Payload => {
                self.payload.push(b);
                if self.payload.len() == self.len as usize {
                    self.state = State::Crc;
                }
                None
            }
            State::Crc => {
                self.crc[self.crc_n] = b;
                self.crc_n += 1;
                if self.crc_n < 4 {
                    return None;
                }
                self.state = State::Hunt;
                let mut reg = !0u32;
                for x in [self.len, self.seq, self.code].iter().chain(&self.payload) {
                    reg = crc32_update(reg, *x);
                }
                if !reg != u32::from_le_bytes(self.crc) {
                    return Some(Decoded::Error(FramingError::BadCrc { seq: self.seq }));
                }
                Some(Decoded::Frame(Frame::new(self.seq, self.code, self.payload.clone())))
            }
        }
    }

    /// `byte_times` byte times pass with no byte. Inside a frame, reaching the
    /// timeout ends it as truncated.
    pub fn idle(&mut self, byte_times: u32) -> Option<Decoded> {
        if self.state == State::Hunt {
            return None;
        }
        self.idle = self.idle.saturating_add(byte_times);
        if self.idle < self.timeout {
            return None;
        }
        let seq = matches!(self.state, State::Code | State::Payload | State::Crc).then_some(self.seq);
        self.state = State::Hunt;
        self.idle = 0;
        Some(Decoded::Error(FramingError::Truncated { received: self.received, timeout: self.timeout, seq }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(d: &mut Decoder, bytes: &[u8]) -> Vec<Decoded> {
        bytes.iter().filter_map(|&b| d.push(b)).collect()
    }

    #[test]
    fn crc_catalogue_check_value() {
        assert_eq!(crc32(b"123456789"), CRC32_CHECK);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn residue_over_frame_and_crc_is_constant() {
        for len in [0usize, 1, 7, 130] {
            let f = Frame::new(len as u8, cmd::WRITE, vec![0x5a; len]).encode();
            assert_eq!(f[1..].iter().fold(!0u32, |c, &b| crc32_update(c, b)), CRC32_RESIDUE);
        }
    }

    #[test]
    fn round_trip_every_length() {
        let mut d = Decoder::new(DEFAULT_TIMEOUT_BYTES);
        for len in 0..=MAX_PAYLOAD {
            let f = Frame::new(len as u8, cmd::WRITE, (0..len).map(|i| (i * 37) as u8).collect());
            assert_eq!(decode_all(&mut d, &f.encode()), vec![Decoded::Frame(f)]);
        }
    }

    #[test]
    fn resynchronises_after_garbage() {
        let f = Frame::new(7, cmd::READ, vec![0, 0, 4]);
        // Garbage without SYNC is dropped silently; garbage with SYNC costs one error.
        let mut bytes = vec![0x00, 0x13, 0xff];
        bytes.extend(f.encode());
        let mut d = Decoder::new(DEFAULT_TIMEOUT_BYTES);
        assert_eq!(decode_all(&mut d, &bytes), vec![Decoded::Frame(f.clone())]);
        let mut bytes = vec![SYNC, 200];
        bytes.extend(f.encode());
        assert_eq!(
            decode_all(&mut d, &bytes),
            vec![Decoded::Error(FramingError::Oversize { len: 200 }), Decoded::Frame(f)]
        );
    }

    #[test]
    fn flipped_bit_is_bad_crc() {
        let f = Frame::new(9, cmd::WRITE, vec![0, 0, 0xde, 0xad, 0xbe, 0xef]);
        let enc = f.encode();
        for i in 4..enc.len() {
            for bit in 0..8 {
                let mut e = enc.clone();
                e[i] ^= 1 << bit;
                let mut d = Decoder::new(DEFAULT_TIMEOUT_BYTES);
                let got = decode_all(&mut d, &e);
                assert!(
                    matches!(got.as_slice(), [Decoded::Error(FramingError::BadCrc { .. })]),
                    "byte {i} bit {bit}: {got:?}"
                );
            }
        }
    }

    #[test]
    fn truncated_frame_times_out() {
        let f = Frame::new(3, cmd::HELLO, vec![]);
        let enc = f.encode();
        let mut d = Decoder::new(10);
        assert!(decode_all(&mut d, &enc[..5]).is_empty());
        assert_eq!(d.idle(9), None);
        assert_eq!(d.idle(1), Some(Decoded::Error(FramingError::Truncated { received: 5, timeout: 10, seq: Some(3) })));
        // Idle outside a frame is nothing.
        assert_eq!(d.idle(1000), None);
        assert_eq!(decode_all(&mut d, &enc), vec![Decoded::Frame(f)]);
    }
}
