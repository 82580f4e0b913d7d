//! A seeded lossy in-memory link between a [`Client`](crate::Client) and a
//! [`Device`], for fault-injection tests.
//!
//! Every byte in either direction may have a bit flipped, be dropped or be
//! duplicated; a request may be cut short (the device then sees the line go
//! quiet and times the frame out); the device may be reset before or in the
//! middle of a request. Time is simulated: after each request the line stays
//! quiet for longer than the device's inter-byte timeout, and `recv` returning
//! `None` stands for the host's reply timeout.

use crate::client::{Link, LinkError};
use crate::device::{Device, Engine};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::VecDeque;

/// Fault probabilities: per byte (`flip`, `drop`, `dup`) and per request
/// (`truncate`, `reset`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FaultConfig {
    pub flip: f64,
    pub drop: f64,
    pub dup: f64,
    pub truncate: f64,
    pub reset: f64,
}

/// How many faults were injected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FaultStats {
    pub flips: u64,
    pub drops: u64,
    pub dups: u64,
    pub truncations: u64,
    pub resets: u64,
}

impl FaultStats {
    pub fn total(&self) -> u64 {
        self.flips + self.drops + self.dups + self.truncations + self.resets
    }
}

pub struct LossyLink<E> {
    pub device: Device<E>,
    rng: ChaCha8Rng,
    pub config: FaultConfig,
    pub stats: FaultStats,
    timeout: u32,
    to_host: VecDeque<u8>,
}

impl<E: Engine> LossyLink<E> {
    /// `timeout`: the device's inter-byte timeout in byte times.
    pub fn new(device: Device<E>, timeout: u32, config: FaultConfig, seed: u64) -> LossyLink<E> {
        LossyLink {
            device,
            rng: ChaCha8Rng::seed_from_u64(seed),
            config,
            stats: FaultStats::default(),
            timeout,
            to_host: VecDeque::new(),
        }
    }

    /// The bytes a byte turns into on the wire (none, itself, flipped, twice).
    fn corrupt(&mut self, b: u8) -> Vec<u8> {
        let c = self.config;
        if self.rng.gen_bool(c.drop) {
            self.stats.drops += 1;
            return vec![];
        }
        let mut b = b;
        if self.rng.gen_bool(c.flip) {
            self.stats.flips += 1;
            b ^= 1 << self.rng.gen_range(0..8);
        }
        if self.rng.gen_bool(c.dup) {
            self.stats.dups += 1;
            return vec![b, b];
        }
        vec![b]
    }

    fn deliver_reply(&mut self, reply: Option<crate::Frame>) {
        if let Some(r) = reply {
            for b in r.encode() {
                let out = self.corrupt(b);
                self.to_host.extend(out);
            }
        }
    }
}

impl<E: Engine> Link for LossyLink<E> {
    fn send(&mut self, bytes: &[u8]) -> Result<(), LinkError> {
        let c = self.config;
        let mut n = bytes.len();
        if self.rng.gen_bool(c.truncate) {
            self.stats.truncations += 1;
            n = self.rng.gen_range(0..bytes.len());
        }
        let reset_at = if self.rng.gen_bool(c.reset) {
            self.stats.resets += 1;
            Some(self.rng.gen_range(0..=n))
        } else {
            None
        };
        for (i, &b) in bytes[..n].iter().enumerate() {
            if reset_at == Some(i) {
                self.device.reset();
            }
            for x in self.corrupt(b) {
                let r = self.device.receive(x);
                self.deliver_reply(r);
            }
        }
        if reset_at == Some(n) {
            self.device.reset();
        }
        // The line goes quiet for longer than the device's timeout.
        let r = self.device.idle(self.timeout);
        self.deliver_reply(r);
        Ok(())
    }

    fn recv(&mut self) -> Result<Option<u8>, LinkError> {
        Ok(self.to_host.pop_front())
    }
}

/// Fault injection around any transport (e.g. a pseudo-terminal to the
/// simulated board): flips, drops and duplicates bytes in both directions and
/// cuts requests short, with the probabilities of a [`FaultConfig`] (its
/// `reset` field is not used here; reset the device through its own means).
pub struct FaultyLink<L> {
    pub inner: L,
    rng: ChaCha8Rng,
    pub config: FaultConfig,
    pub stats: FaultStats,
    pending: VecDeque<u8>,
}

impl<L: Link> FaultyLink<L> {
    pub fn new(inner: L, config: FaultConfig, seed: u64) -> FaultyLink<L> {
        FaultyLink {
            inner,
            rng: ChaCha8Rng::seed_from_u64(seed),
            config,
            stats: FaultStats::default(),
            pending: VecDeque::new(),
        }
    }

    fn corrupt(&mut self, b: u8) -> Vec<u8> {
        let c = self.config;
        if self.rng.gen_bool(c.drop) {
            self.stats.drops += 1;
            return vec![];
        }
        let mut b = b;
        if self.rng.gen_bool(c.flip) {
            self.stats.flips += 1;
            b ^= 1 << self.rng.gen_range(0..8);
        }
        if self.rng.gen_bool(c.dup) {
            self.stats.dups += 1;
            return vec![b, b];
        }
        vec![b]
    }
}

impl<L: Link> Link for FaultyLink<L> {
    fn send(&mut self, bytes: &[u8]) -> Result<(), LinkError> {
        let mut n = bytes.len();
        if self.rng.gen_bool(self.config.truncate) {
            self.stats.truncations += 1;
            n = self.rng.gen_range(0..bytes.len());
        }
        let out: Vec<u8> = bytes[..n].iter().flat_map(|&b| self.corrupt(b)).collect();
        self.inner.send(&out)
    }

    fn recv(&mut self) -> Result<Option<u8>, LinkError> {
        loop {
            if let Some(b) = self.pending.pop_front() {
                return Ok(Some(b));
            }
            match self.inner.recv()? {
                None => return Ok(None),
                Some(b) => {
                    let out = self.corrupt(b);
                    self.pending.extend(out);
                }
            }
        }
    }
}
