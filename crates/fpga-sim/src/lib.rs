//! Verilator-based simulation backend (see issue 4).
