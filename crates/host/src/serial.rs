//! A serial port (a USB-UART of a board, or the pseudo-terminal of `cargo xtask sim-board`) as a
//! [`protocol::Link`]: the device is opened read/write without becoming the controlling
//! terminal, put in raw 8N1 mode at the requested baud rate with no flow control, and read with
//! a reply timeout (termios `VMIN = 0`, `VTIME` in tenths of a second).
//!
//! termios through `rustix` keeps this small (no libudev, no port enumeration): the user names
//! the device path.

use protocol::client::LinkError;
use protocol::Link;
use rustix::termios::{self, ControlModes, OptionalActions, QueueSelector, SpecialCodeIndex};
use std::fs::File;
use std::io::{Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;
use thiserror::Error;

/// The protocol's default line speed (`hdl/PROTOCOL.md`).
pub const DEFAULT_BAUD: u32 = 115_200;
/// Default reply timeout: a READ of 32 words takes 12 ms on the wire at 115200 baud; the
/// simulated board is slower than a real one, and a lost reply only costs this once per retry.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(500);

#[derive(Debug, Error)]
pub enum SerialError {
    #[error("no board at {}: {source}", path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is not a serial port (termios: {source})", path.display())]
    NotATty {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: cannot set {baud} baud: {source}", path.display())]
    Baud {
        path: PathBuf,
        baud: u32,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: reply timeout {timeout:?} is outside 0.1 s ..= 25.5 s (termios VTIME)", path.display())]
    Timeout { path: PathBuf, timeout: Duration },
}

/// How to open a port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SerialConfig {
    pub path: PathBuf,
    pub baud: u32,
    /// How long `recv` waits for a byte before reporting a timeout to the client.
    pub timeout: Duration,
}

impl SerialConfig {
    pub fn new(path: impl Into<PathBuf>) -> SerialConfig {
        SerialConfig { path: path.into(), baud: DEFAULT_BAUD, timeout: DEFAULT_TIMEOUT }
    }
}

/// An open serial port in raw mode.
pub struct SerialLink {
    port: File,
    path: PathBuf,
    buf: Vec<u8>,
    pos: usize,
}

impl SerialLink {
    /// Opens `cfg.path`, raw 8N1 at `cfg.baud`, no flow control, receive enabled, modem control
    /// lines ignored, and discards whatever was waiting in the buffers.
    pub fn open(cfg: &SerialConfig) -> Result<SerialLink, SerialError> {
        let path = cfg.path.clone();
        let deciseconds = (cfg.timeout.as_millis() as u64).div_ceil(100);
        if !(1..=255).contains(&deciseconds) {
            return Err(SerialError::Timeout { path, timeout: cfg.timeout });
        }
        let port = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(rustix::fs::OFlags::NOCTTY.bits() as i32)
            .open(&path)
            .map_err(|source| SerialError::Open { path: path.clone(), source })?;
        let mut t =
            termios::tcgetattr(&port).map_err(|e| SerialError::NotATty { path: path.clone(), source: e.into() })?;
        t.make_raw();
        t.control_modes &= !(ControlModes::CSTOPB | ControlModes::PARENB | ControlModes::CRTSCTS | ControlModes::HUPCL);
        t.control_modes |= ControlModes::CREAD | ControlModes::CLOCAL;
        t.special_codes[SpecialCodeIndex::VMIN] = 0;
        t.special_codes[SpecialCodeIndex::VTIME] = deciseconds as u8;
        t.set_speed(cfg.baud).map_err(|e| SerialError::Baud {
            path: path.clone(),
            baud: cfg.baud,
            source: e.into(),
        })?;
        termios::tcsetattr(&port, OptionalActions::Now, &t).map_err(|e| SerialError::Baud {
            path: path.clone(),
            baud: cfg.baud,
            source: e.into(),
        })?;
        // Stale bytes from before we opened the port would only be garbage for the decoder.
        let _ = termios::tcflush(&port, QueueSelector::IFlush);
        Ok(SerialLink { port, path, buf: Vec::with_capacity(512), pos: 0 })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Refills the receive buffer: waits up to the reply timeout for at least one byte.
    fn fill(&mut self) -> Result<bool, LinkError> {
        let cap = self.buf.capacity().max(512);
        self.buf.resize(cap, 0);
        loop {
            match self.port.read(&mut self.buf) {
                Ok(n) => {
                    self.buf.truncate(n);
                    self.pos = 0;
                    return Ok(n > 0);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(LinkError(format!("{}: read: {e}", self.path.display()))),
            }
        }
    }
}

impl Link for SerialLink {
    fn send(&mut self, bytes: &[u8]) -> Result<(), LinkError> {
        // One write per frame: the device times a frame out after 256 idle byte times.
        self.port.write_all(bytes).map_err(|e| LinkError(format!("{}: write: {e}", self.path.display())))
    }

    fn recv(&mut self) -> Result<Option<u8>, LinkError> {
        if self.pos >= self.buf.len() && !self.fill()? {
            return Ok(None);
        }
        let b = self.buf[self.pos];
        self.pos += 1;
        Ok(Some(b))
    }
}

/// Any link, with the bytes it carried counted (what the link speed of a real board implies).
pub struct Counted<L> {
    pub inner: L,
    pub sent: u64,
    pub received: u64,
}

impl<L> Counted<L> {
    pub fn new(inner: L) -> Counted<L> {
        Counted { inner, sent: 0, received: 0 }
    }
}

impl<L: Link> Link for Counted<L> {
    fn send(&mut self, bytes: &[u8]) -> Result<(), LinkError> {
        self.sent += bytes.len() as u64;
        self.inner.send(bytes)
    }
    fn recv(&mut self) -> Result<Option<u8>, LinkError> {
        let b = self.inner.recv()?;
        self.received += b.is_some() as u64;
        Ok(b)
    }
}

/// The serial options of `solve` and `train`.
#[derive(Clone, Debug, clap::Args)]
pub struct SerialArgs {
    /// Serial device of the board for `--backend serial` (e.g. /dev/ttyUSB1, or the pty that
    /// `cargo xtask sim-board` prints).
    #[arg(long, value_name = "PATH")]
    pub device: Option<PathBuf>,
    /// Line speed of the serial device.
    #[arg(long, default_value_t = DEFAULT_BAUD)]
    pub baud: u32,
    /// Reply timeout in milliseconds before a request is retried (100 ..= 25500).
    #[arg(long, default_value_t = DEFAULT_TIMEOUT.as_millis() as u64, value_name = "MS")]
    pub reply_timeout: u64,
}

impl SerialArgs {
    /// The port to open, when `--device` was given.
    pub fn config(&self) -> Option<SerialConfig> {
        self.device.as_ref().map(|path| SerialConfig {
            path: path.clone(),
            baud: self.baud,
            timeout: Duration::from_millis(self.reply_timeout),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_device_names_the_path() {
        let err = SerialLink::open(&SerialConfig::new("/dev/ttyUSB-softmask-missing")).err().expect("no such device");
        let text = err.to_string();
        assert!(text.starts_with("no board at /dev/ttyUSB-softmask-missing: "), "{text}");
        assert!(text.contains("No such file"), "{text}");
    }

    #[test]
    fn a_regular_file_is_not_a_serial_port() {
        let dir = std::env::temp_dir().join(format!("softmask-serial-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("not-a-tty");
        std::fs::write(&f, b"").unwrap();
        let err = SerialLink::open(&SerialConfig::new(&f)).err().expect("not a tty");
        assert!(matches!(err, SerialError::NotATty { .. }), "{err}");
        assert!(err.to_string().contains("is not a serial port"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn timeout_out_of_termios_range_is_refused() {
        let cfg = SerialConfig { timeout: Duration::from_secs(60), ..SerialConfig::new("/dev/null") };
        let err = SerialLink::open(&cfg).err().expect("too long");
        assert!(err.to_string().contains("outside 0.1 s ..= 25.5 s"), "{err}");
    }
}
