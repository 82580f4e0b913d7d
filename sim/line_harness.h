// The line-protocol server shared by the Verilator harnesses of the blocks
// with the engine's host bus (module `top` with clock, wr_en/wr_addr/wr_data,
// rd_addr -> rd_data one clock later, start, busy): sim/harness.cpp (the
// propagation engine) and sim/grad_harness.cpp (the gradient unit). The
// protocol is described in those files; they differ only in what `run`
// replies. Header-only: each harness is one translation unit.
#pragma once

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

namespace softmask_sim {

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

// Serves the line protocol on stdin/stdout until `quit` or end of input.
// `run` replies with the registers at `run_reply` (word addresses in region 0), in hex.
inline int serve(int argc, char** argv, const std::vector<uint32_t>& run_reply) {
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
                out << "ok" << std::hex;
                for (uint32_t reg : run_reply) out << ' ' << h.read(reg);
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

}  // namespace softmask_sim
