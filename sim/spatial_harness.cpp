// Verilator harness for the spatial engine (module `top` generated per program by
// hdl_gen::spatial). Driven by fpga-sim (fpga_sim::spatial) over stdin/stdout with the line
// protocol of sim/harness.cpp (w, r, run, reset, vcd, vcdoff, stats, quit); the spatial
// engine has the instruction engine's bus and the registers `run` reports.
#include "line_harness.h"

// `run` replies STATUS CYCLES ROUNDS WIPEVAR (registers 8-11).
int main(int argc, char** argv) { return softmask_sim::serve(argc, argv, {8, 9, 10, 11}); }
