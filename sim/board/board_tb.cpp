// Verilator testbench for the board top (hdl-gen board::BoardTop: UART, frame
// layer, engine), driven interactively through its UART pins.
//
// Commands on stdin, one per line; every command but `q` answers one line:
//   b HH HH ...   send bytes (8N1, CPB clocks per bit); after a byte that makes
//                 the board reply, wait until the reply has been sent
//   i N           N idle clocks, then wait for any reply to finish
//   r             reset pulse (4 clocks)
//   q             quit
// Answer: "r <hex bytes received on uart_tx since the last answer> c <cycles>".
// A reply that does not finish within 100M clocks aborts with exit code 4.
// Usage: board_tb CPB
#include "Vtop.h"
#include "verilated.h"
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

static Vtop* top;
static long cpb;
static unsigned long long cycles = 0;
static std::vector<unsigned> received;

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
            if (line) { rxm.state = 0; break; }
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
            if (!line) { fprintf(stderr, "board_tb: tx stop bit low at cycle %llu\n", cycles); exit(3); }
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
    uart_monitor(top->uart_tx);
}

static void settle() {
    unsigned long long limit = cycles + 100000000ULL;
    while (!top->listening || rxm.state != 0) {
        tick();
        if (cycles > limit) { fprintf(stderr, "board_tb: no end of reply after 100M clocks\n"); exit(4); }
    }
}

static void send_byte(unsigned b) {
    unsigned frame = (b << 1) | 0x200;
    for (int i = 0; i < 10; i++) {
        top->uart_rx = (frame >> i) & 1;
        for (long c = 0; c < cpb; c++) tick();
    }
    top->uart_rx = 1;
    settle();
}

static void answer() {
    printf("r");
    for (unsigned b : received) printf(" %02x", b);
    printf(" c %llu\n", cycles);
    fflush(stdout);
    received.clear();
}

int main(int argc, char** argv) {
    if (argc < 2) { fprintf(stderr, "usage: board_tb CPB\n"); return 2; }
    cpb = atol(argv[1]);
    Verilated::commandArgs(argc, argv);
    top = new Vtop;
    top->uart_rx = 1;
    top->reset = 0;
    for (int i = 0; i < 8; i++) tick();
    std::string line;
    while (std::getline(std::cin, line)) {
        std::istringstream in(line);
        std::string op;
        in >> op;
        if (op == "b") {
            std::string h;
            while (in >> h) send_byte(strtoul(h.c_str(), nullptr, 16));
            answer();
        } else if (op == "i") {
            long n = 0;
            in >> n;
            for (long c = 0; c < n; c++) tick();
            settle();
            answer();
        } else if (op == "r") {
            top->reset = 1;
            for (int i = 0; i < 4; i++) tick();
            top->reset = 0;
            for (int i = 0; i < 4; i++) tick();
            answer();
        } else if (op == "q") {
            break;
        } else if (!op.empty()) {
            fprintf(stderr, "board_tb: unknown command '%s'\n", op.c_str());
            return 2;
        }
    }
    top->final();
    delete top;
    return 0;
}
