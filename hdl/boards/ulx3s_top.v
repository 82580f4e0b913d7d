// ULX3S pin wrapper around the generated board top (module `top`:
// UART, frame layer, propagation engine and straight-through gradient unit;
// hdl/boards/generated/board_ulx3s.v,
// 25 MHz, 115200 baud). Reset is the board's button (active low).
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
        .listening()
    );
endmodule
