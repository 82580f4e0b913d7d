// iCEBreaker pin wrapper around the generated board top (module `top`,
// hdl/boards/generated/frame_icebreaker.v, 12 MHz, 115200 baud).
// The frame-layer test top has no engine yet: its `busy_in` is tied low and
// its `start_out` is left open (see hdl/PROTOCOL.md, "Status").
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
        .busy_in(1'b0),
        .start_out(),
        .listening()
    );
endmodule
