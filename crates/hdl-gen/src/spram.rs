//! A single-port synchronous RAM block (one address for read or write).
//!
//! rust-hdl's `RAM` widget has separate read and write addresses, which yosys
//! can only map to iCE40 block RAM (EBR). The engine's program and soft domain
//! memories are never read and written in the same cycle, so they use this
//! single-port shape instead, marked `ram_style = "huge"` so that
//! `synth_ice40 -spram` places them in the UP5K's 128 KB of SPRAM and leaves
//! the 30 EBRs to the wide relation and hard domain memories.
//!
//! Behaviour: on a rising clock edge, `write_enable` writes `write_data` at
//! `address`; otherwise `read_data` becomes `mem[address]` (one cycle of
//! read latency; `read_data` holds its value during a write).

use rust_hdl::core::timing::TimingInfo;
use rust_hdl::prelude::*;
use std::collections::BTreeMap;

#[derive(LogicBlock, Default)]
pub struct SpRam<D: Synth, const N: usize> {
    pub clock: Signal<In, Clock>,
    pub address: Signal<In, Bits<N>>,
    pub write_data: Signal<In, D>,
    pub write_enable: Signal<In, Bit>,
    pub read_data: Signal<Out, D>,
    /// Contents for rust-hdl's own simulator (the project simulates with Verilator).
    _sim: BTreeMap<Bits<N>, D>,
}

impl<D: Synth, const N: usize> Logic for SpRam<D, N> {
    fn update(&mut self) {
        if self.clock.pos_edge() {
            if self.write_enable.val() {
                self._sim.insert(self.address.val(), self.write_data.val());
            } else {
                self.read_data.next = self._sim.get(&self.address.val()).copied().unwrap_or_default();
            }
        }
    }

    fn connect(&mut self) {
        self.read_data.connect();
    }

    fn hdl(&self) -> Verilog {
        Verilog::Custom(format!(
            "\
(* ram_style = \"huge\" *) reg [{msb}:0] mem [0:{last}];

always @(posedge clock) begin
   if (write_enable) begin
      mem[address] <= write_data;
   end else begin
      read_data <= mem[address];
   end
end
",
            msb = D::BITS - 1,
            last = (1usize << N) - 1,
        ))
    }

    fn timing(&self) -> Vec<TimingInfo> {
        vec![TimingInfo {
            name: "spram".into(),
            clock: "clock".into(),
            inputs: vec!["address".into(), "write_data".into(), "write_enable".into()],
            outputs: vec!["read_data".into()],
        }]
    }
}
