//! The kernel: semirings and Q1.15, domains, the instruction set, the
//! interpreter and networks. Everything else in the crate builds on it, and
//! the hardware is specified by it.

pub mod domains;
pub mod fixed;
pub mod interp;
pub mod network;
pub mod program;
pub mod semiring;
pub mod st_fixed;
