// ULX3S pin wrapper around the generated board top (module `top`,
// hdl/boards/generated/frame_ulx3s.v, 25 MHz, 115200 baud).
// The frame-layer test top has no engine yet: its `busy_in` is tied low and
// its `start_out` is left open (see hdl/PROTOCOL.md, "Status").
module ulx3s_top (
    input  wire clk_25mhz,
    input  wire btn_pwr_n,
    input  wire ftdi_txd,
    output wire ftdi_rxd
);
    top u_top (
        .clock(clk_25mhz),
        .reset(~btn_pwr_n),
        .uart_rx(ftdi_txd),
        .uart_tx(ftdi_rxd),
        .busy_in(1'b0),
        .start_out(),
        .listening()
    );
endmodule
