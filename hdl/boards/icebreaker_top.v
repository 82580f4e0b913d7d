// iCEBreaker pin wrapper around the generated board top (module `top`:
// UART, frame layer and propagation engine, no gradient unit: the UP5K's
// EBR/SPRAM hold one of the two, see hdl/PROTOCOL.md; hdl/boards/generated/board_icebreaker.v,
// 12 MHz, 115200 baud). Reset is the board's button (active low).
module icebreaker_top (
    input  wire CLK,
    input  wire BTN_N,
    input  wire RX,
    output wire TX
);
    top u_top (
        .clock(CLK),
        .reset(~BTN_N),
        .uart_rx(RX),
        .uart_tx(TX),
        .listening()
    );
endmodule
