//! Lowers the propagation program executor to Verilog (see issue 4).

pub mod board;
pub mod frame;
pub mod uart;
