// Verilator harness for the softmask straight-through gradient unit (module
// `top` from hdl/generated/grad_unit.v; register map in
// crates/hdl-gen/src/grad_unit.rs). The same protocol as sim/harness.cpp,
// except the `run` reply. Driven by the fpga-sim crate over stdin/stdout,
// one command per line, one reply line per command ("ok ..." or "err ...").
// Numbers are hexadecimal unless noted.
//
//   w ADDR DATA...     write consecutive words starting at ADDR (one clock each)
//   r ADDR N           read N consecutive words (N decimal); reply "ok d0 d1 ..."
//   run MAXCYCLES      pulse start, clock until busy drops (MAXCYCLES decimal);
//                      reply "ok STATUS CYCLES" or "err timeout ..."
//   reset              destroy and rebuild the model (all memories and registers cleared)
//   vcd PATH           start writing a VCD waveform to PATH (until reset or vcdoff)
//   vcdoff             stop writing the waveform
//   stats              reply "ok RUN_CLOCKS RUN_SECONDS TOTAL_CLOCKS" (decimal): clocks and wall time
//                      spent in `run` commands, and all clocks since the process started
//   quit               exit
#include "line_harness.h"

// `run` replies STATUS CYCLES (registers 8, 9).
int main(int argc, char** argv) { return softmask_sim::serve(argc, argv, {8, 9}); }
