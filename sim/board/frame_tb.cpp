// Verilator testbench for the frame-layer test top (hdl-gen board::FrameTestTop).
//
// Drives the UART rx pin bit by bit, decodes the UART tx pin, sets the busy
// input and counts start pulses. Commands on stdin, one per line:
//   b HH HH ...   send bytes (8N1, CPB clocks per bit); after a byte that
//                 makes the DUT reply, wait until the reply has been sent
//   i N           N idle clocks
//   y 0|1         set busy_in
//   r             reset pulse (4 clocks)
//   e             print "tx <hex bytes>", "starts N", "cycles N" and exit
// Usage: frame_tb CPB
#include "Vtop.h"
#include "verilated.h"
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

static Vtop* top;
static long cpb;
static unsigned long long cycles = 0;
static unsigned long long starts = 0;
static std::vector<unsigned> received;

// UART receiver on the tx pin, advanced once per clock.
static struct {
    int state = 0;  // 0 idle, 1 start, 2 data, 3 stop
    long timer = 0;
    int nbit = 0;
    unsigned shift = 0;
} rxm;

static void uart_monitor(int line) {
    switch (rxm.state) {
    case 0:
        if (!line) { rxm.state = 1; rxm.timer = 0; }
        break;
    case 1:
        if (++rxm.timer == cpb / 2) {
            if (line) { rxm.state = 0; break; }  // glitch
            rxm.state = 2; rxm.timer = 0; rxm.nbit = 0; rxm.shift = 0;
        }
        break;
    case 2:
        if (++rxm.timer == cpb) {
            rxm.timer = 0;
            rxm.shift |= (unsigned)line << rxm.nbit;
            if (++rxm.nbit == 8) rxm.state = 3;
        }
        break;
    case 3:
        if (++rxm.timer == cpb) {
            if (!line) { fprintf(stderr, "frame_tb: tx stop bit low at cycle %llu\n", cycles); exit(3); }
            received.push_back(rxm.shift);
            rxm.state = 0;
        }
        break;
    }
}

static void tick() {
    top->clock = 0;
    top->eval();
    top->clock = 1;
    top->eval();
    cycles++;
    if (top->start_out) starts++;
    uart_monitor(top->uart_tx);
}

static void send_byte(unsigned b) {
    unsigned frame = (b << 1) | 0x200;  // start 0, data LSB first, stop 1
    for (int i = 0; i < 10; i++) {
        top->uart_rx = (frame >> i) & 1;
        for (long c = 0; c < cpb; c++) tick();
    }
    top->uart_rx = 1;
    // A half-duplex host: if the byte completed a frame, wait for the whole reply.
    while (!top->listening || rxm.state != 0) tick();
}

int main(int argc, char** argv) {
    if (argc < 2) { fprintf(stderr, "usage: frame_tb CPB\n"); return 2; }
    cpb = atol(argv[1]);
    Verilated::commandArgs(argc, argv);
    top = new Vtop;
    top->uart_rx = 1;
    top->reset = 0;
    top->busy_in = 0;
    for (int i = 0; i < 8; i++) tick();
    std::string line;
    while (std::getline(std::cin, line)) {
        std::istringstream in(line);
        std::string op;
        in >> op;
        if (op == "b") {
            std::string h;
            while (in >> h) send_byte(strtoul(h.c_str(), nullptr, 16));
        } else if (op == "i") {
            long n = 0;
            in >> n;
            for (long c = 0; c < n; c++) tick();
            while (!top->listening || rxm.state != 0) tick();
        } else if (op == "y") {
            int v = 0;
            in >> v;
            top->busy_in = v;
        } else if (op == "r") {
            top->reset = 1;
            for (int i = 0; i < 4; i++) tick();
            top->reset = 0;
            for (int i = 0; i < 4; i++) tick();
        } else if (op == "e") {
            printf("tx");
            for (unsigned b : received) printf(" %02x", b);
            printf("\nstarts %llu\ncycles %llu\n", starts, cycles);
            fflush(stdout);
            break;
        } else if (!op.empty()) {
            fprintf(stderr, "frame_tb: unknown command '%s'\n", op.c_str());
            return 2;
        }
    }
    top->final();
    delete top;
    return 0;
}
