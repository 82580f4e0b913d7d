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
#include "Vtop.h"
#include "verilated.h"
#include "verilated_vcd_c.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Harness {
    std::unique_ptr<VerilatedContext> ctx;
    std::unique_ptr<Vtop> top;
    std::unique_ptr<VerilatedVcdC> vcd;
    uint64_t total_clocks = 0;
    uint64_t run_clocks = 0;
    double sim_seconds = 0.0;

    Harness() { build(); }

    void build() {
        close_vcd();
        top.reset();
        ctx = std::make_unique<VerilatedContext>();
        ctx->traceEverOn(true);
        top = std::make_unique<Vtop>(ctx.get());
        top->clock = 0;
        top->wr_en = 0;
        top->start = 0;
        top->wr_addr = 0;
        top->wr_data = 0;
        top->rd_addr = 0;
        top->eval();
    }

    void close_vcd() {
        if (vcd) {
            vcd->close();
            vcd.reset();
        }
    }

    void open_vcd(const std::string& path) {
        close_vcd();
        vcd = std::make_unique<VerilatedVcdC>();
        top->trace(vcd.get(), 99);
        vcd->open(path.c_str());
    }

    // One full clock: inputs are applied while the clock is low.
    void tick() {
        top->clock = 0;
        top->eval();
        if (vcd) vcd->dump(ctx->time());
        ctx->timeInc(1);
        top->clock = 1;
        top->eval();
        if (vcd) vcd->dump(ctx->time());
        ctx->timeInc(1);
        ++total_clocks;
    }

    void write(uint32_t addr, uint32_t data) {
        top->wr_en = 1;
        top->wr_addr = addr;
        top->wr_data = data;
        tick();
        top->wr_en = 0;
    }

    uint32_t read(uint32_t addr) {
        top->rd_addr = addr;
        tick();
        top->clock = 0;
        top->eval();
        return top->rd_data;
    }
};

}  // namespace

int main(int argc, char** argv) {
    Verilated::commandArgs(argc, argv);
    Harness h;
    std::ios::sync_with_stdio(false);
    std::string line;
    while (std::getline(std::cin, line)) {
        std::istringstream in(line);
        std::string cmd;
        in >> cmd;
        std::ostringstream out;
        if (cmd == "w") {
            uint32_t addr, data;
            in >> std::hex >> addr;
            while (in >> data) h.write(addr++, data);
            out << "ok";
        } else if (cmd == "r") {
            uint32_t addr;
            unsigned n;
            in >> std::hex >> addr >> std::dec >> n;
            out << "ok";
            for (unsigned i = 0; i < n; ++i) out << ' ' << std::hex << h.read(addr + i);
        } else if (cmd == "run") {
            uint64_t max_cycles = 0;
            in >> std::dec >> max_cycles;
            auto t0 = std::chrono::steady_clock::now();
            h.top->start = 1;
            h.tick();
            h.top->start = 0;
            uint64_t n = 0;
            while (h.top->busy && n < max_cycles) {
                h.tick();
                ++n;
            }
            h.run_clocks += n + 1;
            h.sim_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            if (h.top->busy) {
                out << "err timeout after " << std::dec << n << " cycles";
            } else {
                out << "ok " << std::hex << h.read(8) << ' ' << h.read(9);
            }
        } else if (cmd == "reset") {
            h.build();
            out << "ok";
        } else if (cmd == "vcd") {
            std::string path;
            in >> path;
            h.open_vcd(path);
            out << "ok";
        } else if (cmd == "vcdoff") {
            h.close_vcd();
            out << "ok";
        } else if (cmd == "stats") {
            out << "ok " << std::dec << h.run_clocks << ' ' << h.sim_seconds << ' ' << h.total_clocks;
        } else if (cmd == "quit") {
            break;
        } else {
            out << "err unknown command `" << cmd << "`";
        }
        std::cout << out.str() << '\n' << std::flush;
    }
    h.close_vcd();
    h.top->final();
    return 0;
}
