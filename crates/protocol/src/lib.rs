//! protocol: the framed byte protocol between the host and the board, defined once.
//!
//! The normative description is `hdl/PROTOCOL.md`; this crate is its software view:
//!
//! * [`codec`]: frame layout, CRC-32, and the incremental [`codec::Decoder`] that
//!   resynchronises after garbage and reports bad CRC, oversized and truncated frames;
//! * [`device`]: the frame state machine the RTL frame layer implements (sequence
//!   numbers, replay of duplicates, error replies), in front of an [`device::Engine`];
//! * [`engine`]: engines for the device model: a plain memory ([`engine::MemEngine`]),
//!   the target the RTL frame layer is tested against, and [`engine::CoreEngine`], a
//!   semiring-core propagation engine behind the bus;
//! * [`board`]: the board's address map (engine, gradient unit behind a unit
//!   select, board registers) and its model [`board::BoardModel`] over
//!   [`engine::CoreEngine`] and [`board::GradEngine`] (`st_backward_fixed`);
//! * [`client`]: the host side, which retries with the same sequence number and never
//!   accepts a reply that fails its checks;
//! * [`faults`]: a seeded lossy in-memory link (flipped bits, dropped, duplicated
//!   bytes, truncated frames, device resets) for fault-injection tests.
//!
//! Architecture invariant: no IO. Transports implement [`client::Link`].

pub mod board;
pub mod client;
pub mod codec;
pub mod device;
pub mod engine;
pub mod faults;
pub mod session;

pub use client::{Client, ClientError, Link};
pub use codec::{crc32, Decoded, Decoder, Frame, FramingError};
pub use device::{Device, Engine};
