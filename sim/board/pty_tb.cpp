// The simulated board: the board top (hdl-gen board::BoardTop) under Verilator
// with its UART on a pseudo-terminal, so a host opens it like a serial port.
//
// Prints "pty <slave path>" on stdout once ready, then runs until killed. Bytes written to the pty go to uart_rx bit by bit
// (8N1, CPB clocks per bit); bytes the board sends on uart_tx are written back.
// While nothing is happening it sleeps in poll() and advances simulated time in
// batches, so frame timeouts still fire.
// Usage: pty_tb CPB
#include "Vtop.h"
#include "verilated.h"
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

static Vtop* top;
static long cpb;

static struct {
    int state = 0;
    long timer = 0;
    int nbit = 0;
    unsigned shift = 0;
} rxm;

static int master_fd;

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
            if (line) {  // a byte with a low stop bit is not forwarded
                unsigned char b = rxm.shift;
                while (write(master_fd, &b, 1) < 0 && errno == EAGAIN) usleep(100);
            }
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
    uart_monitor(top->uart_tx);
}

int main(int argc, char** argv) {
    if (argc < 2) { fprintf(stderr, "usage: pty_tb CPB\n"); return 2; }
    cpb = atol(argv[1]);
    Verilated::commandArgs(argc, argv);
    int slave_fd;
    char name[256];
    if (openpty(&master_fd, &slave_fd, name, nullptr, nullptr) != 0) { perror("openpty"); return 1; }
    struct termios t;
    tcgetattr(slave_fd, &t);
    cfmakeraw(&t);
    tcsetattr(slave_fd, TCSANOW, &t);
    fcntl(master_fd, F_SETFL, fcntl(master_fd, F_GETFL) | O_NONBLOCK);
    top = new Vtop;
    top->uart_rx = 1;
    top->reset = 0;
    for (int i = 0; i < 8; i++) tick();
    printf("pty %s\n", name);
    fflush(stdout);
    std::deque<unsigned char> in;
    long bit = -1, bit_clock = 0;  // bit index of the byte being sent, -1 when idle
    unsigned frame = 0;
    struct pollfd fds[1] = {{master_fd, POLLIN, 0}};
    for (;;) {  // until killed
        bool idle = bit < 0 && in.empty() && rxm.state == 0 && top->listening;
        if (poll(fds, 1, idle ? 1 : 0) > 0) {
            if (fds[0].revents & POLLIN) {
                unsigned char buf[256];
                ssize_t n = read(master_fd, buf, sizeof buf);
                for (ssize_t i = 0; i < n; i++) in.push_back(buf[i]);
            }
        }
        // Advance: a batch of clocks, feeding uart_rx.
        for (int k = 0; k < (idle ? 20000 : 2000); k++) {
            if (bit < 0 && !in.empty()) {
                frame = ((unsigned)in.front() << 1) | 0x200;
                in.pop_front();
                bit = 0;
                bit_clock = 0;
            }
            if (bit >= 0) {
                top->uart_rx = (frame >> bit) & 1;
                if (++bit_clock == cpb) {
                    bit_clock = 0;
                    if (++bit == 10) { bit = -1; top->uart_rx = 1; }
                }
            }
            tick();
        }
    }
}
