//! Lowers the propagation program executor to Verilog (see issue 4).
