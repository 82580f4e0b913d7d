//! The client side of the Verilator harnesses' line protocol (`sim/*.cpp`):
//! one command per line on stdin, `ok …` or `err …` back on stdout. Shared by
//! every simulated block ([`crate::engine::Sim`], [`crate::grad::GradSim`]).

use crate::SimError;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// Words per `w` (write) or `r` (read) command line.
const CHUNK: usize = 256;

/// A running harness process.
pub(crate) struct HarnessLink {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Drop for HarnessLink {
    fn drop(&mut self) {
        let _ = writeln!(self.stdin, "quit");
        let _ = self.stdin.flush();
        let _ = self.child.wait();
    }
}

pub(crate) fn parse_hex(s: &str) -> Result<u32, SimError> {
    u32::from_str_radix(s, 16).map_err(|_| SimError::Protocol(format!("bad number `{s}`")))
}

impl HarnessLink {
    /// Starts a built simulator binary.
    pub(crate) fn spawn(exe: &Path) -> Result<HarnessLink, SimError> {
        let mut child = Command::new(exe)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| SimError::io(format!("starting {}", exe.display()), e))?;
        let stdin = child.stdin.take().ok_or_else(|| SimError::Protocol("no stdin".into()))?;
        let stdout = BufReader::new(child.stdout.take().ok_or_else(|| SimError::Protocol("no stdout".into()))?);
        Ok(HarnessLink { child, stdin, stdout })
    }

    /// Sends one command and returns the text after `ok`.
    pub(crate) fn cmd(&mut self, line: &str) -> Result<String, SimError> {
        writeln!(self.stdin, "{line}").map_err(|e| SimError::io("writing to the simulator", e))?;
        self.stdin.flush().map_err(|e| SimError::io("writing to the simulator", e))?;
        let mut reply = String::new();
        let n = self.stdout.read_line(&mut reply).map_err(|e| SimError::io("reading from the simulator", e))?;
        if n == 0 {
            return Err(SimError::Protocol("the simulator exited".into()));
        }
        let reply = reply.trim_end();
        let short = || line.chars().take(60).collect::<String>();
        if let Some(rest) = reply.strip_prefix("ok") {
            Ok(rest.trim().to_string())
        } else if let Some(rest) = reply.strip_prefix("err") {
            Err(SimError::Harness { command: short(), reply: rest.trim().to_string() })
        } else {
            Err(SimError::Protocol(format!("unexpected reply `{reply}` to `{}`", short())))
        }
    }

    /// Writes consecutive words starting at `addr`.
    pub(crate) fn write_words(&mut self, addr: u32, words: &[u32]) -> Result<(), SimError> {
        for (i, chunk) in words.chunks(CHUNK).enumerate() {
            let mut line = format!("w {:x}", addr + (i * CHUNK) as u32);
            for w in chunk {
                line.push_str(&format!(" {w:x}"));
            }
            self.cmd(&line)?;
        }
        Ok(())
    }

    /// Reads `n` consecutive words starting at `addr`.
    pub(crate) fn read_words(&mut self, addr: u32, n: usize) -> Result<Vec<u32>, SimError> {
        let mut out = Vec::with_capacity(n);
        let mut done = 0;
        while done < n {
            let k = (n - done).min(CHUNK);
            let reply = self.cmd(&format!("r {:x} {k}", addr + done as u32))?;
            for t in reply.split_whitespace() {
                out.push(parse_hex(t)?);
            }
            done += k;
        }
        if out.len() != n {
            return Err(SimError::Protocol(format!("asked for {n} words, got {}", out.len())));
        }
        Ok(out)
    }
}
