

module top(clock,reset,uart_rx,uart_tx,listening);
    
    // Module arguments
    input wire  clock;
    input wire  reset;
    input wire  uart_rx;
    output reg  uart_tx;
    output reg  listening;
    
    // Stub signals
    reg  rx$clock;
    reg  rx$rx;
    wire  [7:0] rx$data;
    wire  rx$valid;
    reg  tx$clock;
    reg  [7:0] tx$data;
    reg  tx$send;
    wire  tx$ready;
    wire  tx$tx;
    reg  frame$clock;
    reg  frame$reset;
    reg  [7:0] frame$rx_data;
    reg  frame$rx_valid;
    wire  [7:0] frame$tx_data;
    wire  frame$tx_send;
    reg  frame$tx_ready;
    wire  frame$wr_en;
    wire  [15:0] frame$wr_addr;
    wire  [31:0] frame$wr_data;
    wire  [15:0] frame$rd_addr;
    reg  [31:0] frame$rd_data;
    wire  frame$start;
    reg  frame$busy;
    wire  frame$listening;
    reg  engine$clock;
    reg  engine$wr_en;
    reg  [15:0] engine$wr_addr;
    reg  [31:0] engine$wr_data;
    reg  [15:0] engine$rd_addr;
    wire  [31:0] engine$rd_data;
    reg  engine$start;
    wire  engine$busy;
    reg  reset_sync$d;
    wire  reset_sync$q;
    reg  reset_sync$clock;
    reg  [1:0] rd_sel$d;
    wire  [1:0] rd_sel$q;
    reg  rd_sel$clock;
    reg  [31:0] rd_board$d;
    wire  [31:0] rd_board$q;
    reg  rd_board$clock;
    
    // Local signals
    reg  [2:0] wr_region;
    reg  [2:0] rd_region;
    
    // Sub module instances
    top$rx rx(
        .clock(rx$clock),
        .rx(rx$rx),
        .data(rx$data),
        .valid(rx$valid)
    );
    top$tx tx(
        .clock(tx$clock),
        .data(tx$data),
        .send(tx$send),
        .ready(tx$ready),
        .tx(tx$tx)
    );
    top$frame frame(
        .clock(frame$clock),
        .reset(frame$reset),
        .rx_data(frame$rx_data),
        .rx_valid(frame$rx_valid),
        .tx_data(frame$tx_data),
        .tx_send(frame$tx_send),
        .tx_ready(frame$tx_ready),
        .wr_en(frame$wr_en),
        .wr_addr(frame$wr_addr),
        .wr_data(frame$wr_data),
        .rd_addr(frame$rd_addr),
        .rd_data(frame$rd_data),
        .start(frame$start),
        .busy(frame$busy),
        .listening(frame$listening)
    );
    top$engine engine(
        .clock(engine$clock),
        .wr_en(engine$wr_en),
        .wr_addr(engine$wr_addr),
        .wr_data(engine$wr_data),
        .rd_addr(engine$rd_addr),
        .rd_data(engine$rd_data),
        .start(engine$start),
        .busy(engine$busy)
    );
    top$reset_sync reset_sync(
        .d(reset_sync$d),
        .q(reset_sync$q),
        .clock(reset_sync$clock)
    );
    top$rd_sel rd_sel(
        .d(rd_sel$d),
        .q(rd_sel$q),
        .clock(rd_sel$clock)
    );
    top$rd_board rd_board(
        .d(rd_board$d),
        .q(rd_board$q),
        .clock(rd_board$clock)
    );
    
    // Update code
    always @(*) begin
        reset_sync$clock = clock;
        rd_sel$clock = clock;
        rd_board$clock = clock;
        reset_sync$d = reset_sync$q;
        rd_sel$d = rd_sel$q;
        rd_board$d = rd_board$q;
        rx$clock = clock;
        tx$clock = clock;
        frame$clock = clock;
        engine$clock = clock;
        reset_sync$d = reset;
        frame$reset = reset_sync$q;
        rx$rx = uart_rx;
        frame$rx_data = rx$data;
        frame$rx_valid = rx$valid;
        tx$data = frame$tx_data;
        tx$send = frame$tx_send;
        frame$tx_ready = tx$ready;
        uart_tx = tx$tx;
        wr_region = frame$wr_addr[(32'hd)+:(3)];
        rd_region = frame$rd_addr[(32'hd)+:(3)];
        engine$wr_en = frame$wr_en & (wr_region < 32'h6);
        engine$wr_addr = frame$wr_addr;
        engine$wr_data = frame$wr_data;
        engine$rd_addr = frame$rd_addr;
        engine$start = frame$start;
        frame$busy = engine$busy;
        listening = frame$listening;
        rd_sel$d = 32'h3;
        rd_board$d = 32'h0;
        if (rd_region < 32'h6) begin
            rd_sel$d = 32'h0;
        end
        if (frame$rd_addr == 32'hd800) begin
            rd_sel$d = 32'h2;
            rd_board$d = 32'h1;
        end
        frame$rd_data = 32'h0;
        if (rd_sel$q == 32'h0) begin
            frame$rd_data = engine$rd_data;
        end
        if (rd_sel$q == 32'h2) begin
            frame$rd_data = rd_board$q;
        end
    end
    
endmodule // top


module top$engine(clock,wr_en,wr_addr,wr_data,rd_addr,rd_data,start,busy);
    
    // Module arguments
    input wire  clock;
    input wire  wr_en;
    input wire  [15:0] wr_addr;
    input wire  [31:0] wr_data;
    input wire  [15:0] rd_addr;
    output reg  [31:0] rd_data;
    input wire  start;
    output reg  busy;
    
    // Constant declarations
    localparam  k_d = 16'h10;
    localparam  k_vcap = 16'h80;
    localparam  k_pcap = 16'h2000;
    
    // Stub signals
    reg  regs$clock;
    reg  regs$idle;
    reg  regs$wr_reg;
    reg  [12:0] regs$wr_off;
    reg  [15:0] regs$wr_data;
    reg  [15:0] regs$rd_addr;
    reg  [3:0] regs$outcome;
    reg  [31:0] regs$cycles;
    reg  [15:0] regs$rounds;
    reg  [15:0] regs$wipe_var;
    reg  [15:0] regs$sel_ninstr;
    reg  [19:0] regs$sel_prog;
    reg  [15:0] regs$sel_row;
    reg  [15:0] regs$sel_hard;
    reg  [15:0] regs$sel_soft;
    wire  regs$mode_soft;
    wire  [15:0] regs$max_rounds;
    wire  [15:0] regs$num_vars;
    wire  [15:0] regs$width;
    wire  [7:0] regs$lane_sel;
    wire  [7:0] regs$rd_a;
    wire  [31:0] regs$rd_data;
    reg  seq$clock;
    reg  seq$start;
    reg  seq$mode_soft;
    reg  [15:0] seq$max_rounds;
    reg  [15:0] seq$num_vars;
    reg  [7:0] seq$w8;
    reg  seq$bad_config;
    reg  seq$all_h_done;
    reg  seq$all_s_done;
    reg  seq$any_changed;
    reg  seq$next_empty;
    wire  seq$idle;
    wire  seq$h_start;
    wire  seq$s_start;
    wire  seq$h_run;
    wire  seq$h_scan;
    wire  seq$s_scan;
    wire  [15:0] seq$scan_v;
    wire  [10:0] seq$scan_addr;
    wire  seq$h_copy;
    wire  seq$s_copy;
    wire  [15:0] seq$copy_v;
    wire  [10:0] seq$copy_addr;
    wire  [3:0] seq$outcome;
    wire  [31:0] seq$cycles;
    wire  [15:0] seq$rounds;
    wire  [15:0] seq$wipe_var;
    reg  lanes$0$clock;
    reg  lanes$0$idle;
    reg  lanes$0$mode_soft;
    reg  [7:0] lanes$0$w8;
    reg  lanes$0$h_start;
    reg  lanes$0$h_run;
    reg  lanes$0$s_start;
    reg  [15:0] lanes$0$wr_addr;
    reg  [31:0] lanes$0$wr_data;
    reg  [15:0] lanes$0$rd_addr;
    reg  [7:0] lanes$0$rd_a;
    reg  lanes$0$wr_prog;
    reg  lanes$0$wr_ninstr;
    reg  lanes$0$wr_rel;
    reg  lanes$0$wr_hard;
    reg  lanes$0$wr_soft;
    reg  lanes$0$h_scan;
    reg  [6:0] lanes$0$scan_v;
    reg  lanes$0$h_copy;
    reg  [6:0] lanes$0$copy_v;
    reg  [15:0] lanes$0$copy_hard;
    reg  lanes$0$s_scan;
    reg  [10:0] lanes$0$scan_addr;
    reg  lanes$0$s_copy;
    reg  [10:0] lanes$0$copy_addr;
    reg  [15:0] lanes$0$copy_soft;
    wire  [15:0] lanes$0$num_instr;
    wire  lanes$0$h_done;
    wire  lanes$0$s_done;
    wire  lanes$0$changed;
    wire  [19:0] lanes$0$prog_data;
    wire  [15:0] lanes$0$rel_row;
    wire  [15:0] lanes$0$prev_hard;
    wire  [15:0] lanes$0$next_hard;
    wire  [15:0] lanes$0$prev_soft;
    wire  [15:0] lanes$0$next_soft;
    
    // Local signals
    reg  idle;
    reg  host_wr;
    reg  [2:0] wr_region;
    reg  [12:0] wr_off;
    reg  [7:0] w8;
    reg  all_h_done;
    reg  all_s_done;
    reg  any_changed;
    reg  too_long;
    reg  [15:0] merged_hard;
    reg  [15:0] merged_soft;
    
    // Sub module instances
    top$engine$regs regs(
        .clock(regs$clock),
        .idle(regs$idle),
        .wr_reg(regs$wr_reg),
        .wr_off(regs$wr_off),
        .wr_data(regs$wr_data),
        .rd_addr(regs$rd_addr),
        .outcome(regs$outcome),
        .cycles(regs$cycles),
        .rounds(regs$rounds),
        .wipe_var(regs$wipe_var),
        .sel_ninstr(regs$sel_ninstr),
        .sel_prog(regs$sel_prog),
        .sel_row(regs$sel_row),
        .sel_hard(regs$sel_hard),
        .sel_soft(regs$sel_soft),
        .mode_soft(regs$mode_soft),
        .max_rounds(regs$max_rounds),
        .num_vars(regs$num_vars),
        .width(regs$width),
        .lane_sel(regs$lane_sel),
        .rd_a(regs$rd_a),
        .rd_data(regs$rd_data)
    );
    top$engine$seq seq(
        .clock(seq$clock),
        .start(seq$start),
        .mode_soft(seq$mode_soft),
        .max_rounds(seq$max_rounds),
        .num_vars(seq$num_vars),
        .w8(seq$w8),
        .bad_config(seq$bad_config),
        .all_h_done(seq$all_h_done),
        .all_s_done(seq$all_s_done),
        .any_changed(seq$any_changed),
        .next_empty(seq$next_empty),
        .idle(seq$idle),
        .h_start(seq$h_start),
        .s_start(seq$s_start),
        .h_run(seq$h_run),
        .h_scan(seq$h_scan),
        .s_scan(seq$s_scan),
        .scan_v(seq$scan_v),
        .scan_addr(seq$scan_addr),
        .h_copy(seq$h_copy),
        .s_copy(seq$s_copy),
        .copy_v(seq$copy_v),
        .copy_addr(seq$copy_addr),
        .outcome(seq$outcome),
        .cycles(seq$cycles),
        .rounds(seq$rounds),
        .wipe_var(seq$wipe_var)
    );
    top$engine$lanes$0 lanes$0(
        .clock(lanes$0$clock),
        .idle(lanes$0$idle),
        .mode_soft(lanes$0$mode_soft),
        .w8(lanes$0$w8),
        .h_start(lanes$0$h_start),
        .h_run(lanes$0$h_run),
        .s_start(lanes$0$s_start),
        .wr_addr(lanes$0$wr_addr),
        .wr_data(lanes$0$wr_data),
        .rd_addr(lanes$0$rd_addr),
        .rd_a(lanes$0$rd_a),
        .wr_prog(lanes$0$wr_prog),
        .wr_ninstr(lanes$0$wr_ninstr),
        .wr_rel(lanes$0$wr_rel),
        .wr_hard(lanes$0$wr_hard),
        .wr_soft(lanes$0$wr_soft),
        .h_scan(lanes$0$h_scan),
        .scan_v(lanes$0$scan_v),
        .h_copy(lanes$0$h_copy),
        .copy_v(lanes$0$copy_v),
        .copy_hard(lanes$0$copy_hard),
        .s_scan(lanes$0$s_scan),
        .scan_addr(lanes$0$scan_addr),
        .s_copy(lanes$0$s_copy),
        .copy_addr(lanes$0$copy_addr),
        .copy_soft(lanes$0$copy_soft),
        .num_instr(lanes$0$num_instr),
        .h_done(lanes$0$h_done),
        .s_done(lanes$0$s_done),
        .changed(lanes$0$changed),
        .prog_data(lanes$0$prog_data),
        .rel_row(lanes$0$rel_row),
        .prev_hard(lanes$0$prev_hard),
        .next_hard(lanes$0$next_hard),
        .prev_soft(lanes$0$prev_soft),
        .next_soft(lanes$0$next_soft)
    );
    
    // Update code
    always @(*) begin
        idle = seq$idle;
        busy = ~idle;
        host_wr = wr_en & idle;
        wr_region = wr_addr[(32'hd)+:(3)];
        wr_off = wr_addr[(32'h0)+:(13)];
        w8 = regs$width[(32'h0)+:(8)];
        all_h_done = 1'b1;
        all_s_done = 1'b1;
        any_changed = 1'b0;
        too_long = 1'b0;
        if (~lanes$0$h_done) begin
            all_h_done = 1'b0;
        end
        if (~lanes$0$s_done) begin
            all_s_done = 1'b0;
        end
        if (lanes$0$changed) begin
            any_changed = 1'b1;
        end
        if (lanes$0$num_instr > k_pcap) begin
            too_long = 1'b1;
        end
        merged_hard = lanes$0$next_hard;
        merged_soft = lanes$0$next_soft;
        seq$clock = clock;
        seq$start = start;
        seq$mode_soft = regs$mode_soft;
        seq$max_rounds = regs$max_rounds;
        seq$num_vars = regs$num_vars;
        seq$w8 = w8;
        seq$bad_config = (regs$width == 32'h0) | (regs$width > k_d) | (regs$num_vars == 32'h0) | (regs$num_vars > k_vcap) | too_long;
        seq$all_h_done = all_h_done;
        seq$all_s_done = all_s_done;
        seq$any_changed = any_changed;
        seq$next_empty = ~|merged_hard;
        regs$clock = clock;
        regs$idle = idle;
        regs$wr_reg = host_wr & (wr_region == 32'h0);
        regs$wr_off = wr_off;
        regs$wr_data = wr_data[(32'h0)+:(16)];
        regs$rd_addr = rd_addr;
        regs$outcome = seq$outcome;
        regs$cycles = seq$cycles;
        regs$rounds = seq$rounds;
        regs$wipe_var = seq$wipe_var;
        regs$sel_ninstr = lanes$0$num_instr;
        regs$sel_prog = lanes$0$prog_data;
        regs$sel_row = lanes$0$rel_row;
        regs$sel_hard = lanes$0$prev_hard;
        regs$sel_soft = lanes$0$prev_soft;
        rd_data = regs$rd_data;
        lanes$0$clock = clock;
        lanes$0$idle = idle;
        lanes$0$mode_soft = regs$mode_soft;
        lanes$0$w8 = w8;
        lanes$0$h_start = seq$h_start;
        lanes$0$h_run = seq$h_run;
        lanes$0$s_start = seq$s_start;
        lanes$0$wr_addr = wr_addr;
        lanes$0$wr_data = wr_data;
        lanes$0$rd_addr = rd_addr;
        lanes$0$rd_a = regs$rd_a;
        lanes$0$wr_prog = host_wr & (wr_region == 32'h1) & (regs$lane_sel == 0);
        lanes$0$wr_ninstr = host_wr & (wr_region == 32'h0) & (wr_off == 32'h2) & (regs$lane_sel == 0);
        lanes$0$wr_rel = host_wr & (wr_region == 32'h2);
        lanes$0$wr_hard = host_wr & (wr_region == 32'h3);
        lanes$0$wr_soft = host_wr & (wr_region == 32'h4);
        lanes$0$h_scan = seq$h_scan;
        lanes$0$scan_v = ((seq$scan_v) & 7'h7f);
        lanes$0$h_copy = seq$h_copy;
        lanes$0$copy_v = ((seq$copy_v) & 7'h7f);
        lanes$0$copy_hard = merged_hard;
        lanes$0$s_scan = seq$s_scan;
        lanes$0$scan_addr = seq$scan_addr;
        lanes$0$s_copy = seq$s_copy;
        lanes$0$copy_addr = seq$copy_addr;
        lanes$0$copy_soft = merged_soft;
    end
    
endmodule // top$engine


module top$engine$lanes$0(clock,idle,mode_soft,w8,h_start,h_run,s_start,wr_addr,wr_data,rd_addr,rd_a,wr_prog,wr_ninstr,wr_rel,wr_hard,wr_soft,h_scan,scan_v,h_copy,copy_v,copy_hard,s_scan,scan_addr,s_copy,copy_addr,copy_soft,num_instr,h_done,s_done,changed,prog_data,rel_row,prev_hard,next_hard,prev_soft,next_soft);
    
    // Module arguments
    input wire  clock;
    input wire  idle;
    input wire  mode_soft;
    input wire  [7:0] w8;
    input wire  h_start;
    input wire  h_run;
    input wire  s_start;
    input wire  [15:0] wr_addr;
    input wire  [31:0] wr_data;
    input wire  [15:0] rd_addr;
    input wire  [7:0] rd_a;
    input wire  wr_prog;
    input wire  wr_ninstr;
    input wire  wr_rel;
    input wire  wr_hard;
    input wire  wr_soft;
    input wire  h_scan;
    input wire  [6:0] scan_v;
    input wire  h_copy;
    input wire  [6:0] copy_v;
    input wire  [15:0] copy_hard;
    input wire  s_scan;
    input wire  [10:0] scan_addr;
    input wire  s_copy;
    input wire  [10:0] copy_addr;
    input wire  [15:0] copy_soft;
    output reg  [15:0] num_instr;
    output reg  h_done;
    output reg  s_done;
    output reg  changed;
    output reg  [19:0] prog_data;
    output reg  [15:0] rel_row;
    output reg  [15:0] prev_hard;
    output reg  [15:0] next_hard;
    output reg  [15:0] prev_soft;
    output reg  [15:0] next_soft;
    
    // Constant declarations
    localparam  k_vb = 8'h7;
    localparam  k_vb2 = 8'he;
    localparam  k_ab = 8'h4;
    
    // Stub signals
    reg  prog$clock;
    reg  [12:0] prog$address;
    reg  [19:0] prog$write_data;
    reg  prog$write_enable;
    wire  [19:0] prog$read_data;
    reg  [5:0] rel$0$read_address;
    reg  rel$0$read_clock;
    wire  [15:0] rel$0$read_data;
    reg  [5:0] rel$0$write_address;
    reg  rel$0$write_clock;
    reg  [15:0] rel$0$write_data;
    reg  rel$0$write_enable;
    reg  [5:0] rel$1$read_address;
    reg  rel$1$read_clock;
    wire  [15:0] rel$1$read_data;
    reg  [5:0] rel$1$write_address;
    reg  rel$1$write_clock;
    reg  [15:0] rel$1$write_data;
    reg  rel$1$write_enable;
    reg  [5:0] rel$2$read_address;
    reg  rel$2$read_clock;
    wire  [15:0] rel$2$read_data;
    reg  [5:0] rel$2$write_address;
    reg  rel$2$write_clock;
    reg  [15:0] rel$2$write_data;
    reg  rel$2$write_enable;
    reg  [5:0] rel$3$read_address;
    reg  rel$3$read_clock;
    wire  [15:0] rel$3$read_data;
    reg  [5:0] rel$3$write_address;
    reg  rel$3$write_clock;
    reg  [15:0] rel$3$write_data;
    reg  rel$3$write_enable;
    reg  [5:0] rel$4$read_address;
    reg  rel$4$read_clock;
    wire  [15:0] rel$4$read_data;
    reg  [5:0] rel$4$write_address;
    reg  rel$4$write_clock;
    reg  [15:0] rel$4$write_data;
    reg  rel$4$write_enable;
    reg  [5:0] rel$5$read_address;
    reg  rel$5$read_clock;
    wire  [15:0] rel$5$read_data;
    reg  [5:0] rel$5$write_address;
    reg  rel$5$write_clock;
    reg  [15:0] rel$5$write_data;
    reg  rel$5$write_enable;
    reg  [5:0] rel$6$read_address;
    reg  rel$6$read_clock;
    wire  [15:0] rel$6$read_data;
    reg  [5:0] rel$6$write_address;
    reg  rel$6$write_clock;
    reg  [15:0] rel$6$write_data;
    reg  rel$6$write_enable;
    reg  [5:0] rel$7$read_address;
    reg  rel$7$read_clock;
    wire  [15:0] rel$7$read_data;
    reg  [5:0] rel$7$write_address;
    reg  rel$7$write_clock;
    reg  [15:0] rel$7$write_data;
    reg  rel$7$write_enable;
    reg  [5:0] rel$8$read_address;
    reg  rel$8$read_clock;
    wire  [15:0] rel$8$read_data;
    reg  [5:0] rel$8$write_address;
    reg  rel$8$write_clock;
    reg  [15:0] rel$8$write_data;
    reg  rel$8$write_enable;
    reg  [5:0] rel$9$read_address;
    reg  rel$9$read_clock;
    wire  [15:0] rel$9$read_data;
    reg  [5:0] rel$9$write_address;
    reg  rel$9$write_clock;
    reg  [15:0] rel$9$write_data;
    reg  rel$9$write_enable;
    reg  [5:0] rel$10$read_address;
    reg  rel$10$read_clock;
    wire  [15:0] rel$10$read_data;
    reg  [5:0] rel$10$write_address;
    reg  rel$10$write_clock;
    reg  [15:0] rel$10$write_data;
    reg  rel$10$write_enable;
    reg  [5:0] rel$11$read_address;
    reg  rel$11$read_clock;
    wire  [15:0] rel$11$read_data;
    reg  [5:0] rel$11$write_address;
    reg  rel$11$write_clock;
    reg  [15:0] rel$11$write_data;
    reg  rel$11$write_enable;
    reg  [5:0] rel$12$read_address;
    reg  rel$12$read_clock;
    wire  [15:0] rel$12$read_data;
    reg  [5:0] rel$12$write_address;
    reg  rel$12$write_clock;
    reg  [15:0] rel$12$write_data;
    reg  rel$12$write_enable;
    reg  [5:0] rel$13$read_address;
    reg  rel$13$read_clock;
    wire  [15:0] rel$13$read_data;
    reg  [5:0] rel$13$write_address;
    reg  rel$13$write_clock;
    reg  [15:0] rel$13$write_data;
    reg  rel$13$write_enable;
    reg  [5:0] rel$14$read_address;
    reg  rel$14$read_clock;
    wire  [15:0] rel$14$read_data;
    reg  [5:0] rel$14$write_address;
    reg  rel$14$write_clock;
    reg  [15:0] rel$14$write_data;
    reg  rel$14$write_enable;
    reg  [5:0] rel$15$read_address;
    reg  rel$15$read_clock;
    wire  [15:0] rel$15$read_data;
    reg  [5:0] rel$15$write_address;
    reg  rel$15$write_clock;
    reg  [15:0] rel$15$write_data;
    reg  rel$15$write_enable;
    reg  [6:0] hard_a$read_address;
    reg  hard_a$read_clock;
    wire  [15:0] hard_a$read_data;
    reg  [6:0] hard_a$write_address;
    reg  hard_a$write_clock;
    reg  [15:0] hard_a$write_data;
    reg  hard_a$write_enable;
    reg  [6:0] hard_b$read_address;
    reg  hard_b$read_clock;
    wire  [15:0] hard_b$read_data;
    reg  [6:0] hard_b$write_address;
    reg  hard_b$write_clock;
    reg  [15:0] hard_b$write_data;
    reg  hard_b$write_enable;
    reg  soft_a$clock;
    reg  [10:0] soft_a$address;
    reg  [15:0] soft_a$write_data;
    reg  soft_a$write_enable;
    wire  [15:0] soft_a$read_data;
    reg  soft_b$clock;
    reg  [10:0] soft_b$address;
    reg  [15:0] soft_b$write_data;
    reg  soft_b$write_enable;
    wire  [15:0] soft_b$read_data;
    reg  hard_pipe$clock;
    reg  hard_pipe$h_start;
    reg  hard_pipe$h_run;
    reg  hard_pipe$more;
    reg  [6:0] hard_pipe$f_tgt;
    reg  [15:0] hard_pipe$next_tgt;
    reg  [15:0] hard_pipe$support;
    wire  hard_pipe$issue;
    wire  hard_pipe$write;
    wire  [6:0] hard_pipe$write_tgt;
    wire  [15:0] hard_pipe$write_val;
    wire  hard_pipe$changed;
    wire  hard_pipe$done;
    reg  soft_seq$clock;
    reg  soft_seq$s_start;
    reg  [7:0] soft_seq$w8;
    reg  soft_seq$more;
    reg  [6:0] soft_seq$f_tgt;
    reg  [6:0] soft_seq$f_src;
    reg  [5:0] soft_seq$f_rel;
    reg  [15:0] soft_seq$row;
    reg  [15:0] soft_seq$prev_src;
    reg  [15:0] soft_seq$next_tgt;
    wire  [5:0] soft_seq$rel;
    wire  [7:0] soft_seq$value_a;
    wire  [10:0] soft_seq$src_addr;
    wire  [10:0] soft_seq$tgt_addr;
    wire  soft_seq$write;
    wire  [15:0] soft_seq$result;
    wire  soft_seq$next_instr;
    wire  soft_seq$done;
    reg  [15:0] n_instr$d;
    wire  [15:0] n_instr$q;
    reg  n_instr$clock;
    reg  [15:0] pc$d;
    wire  [15:0] pc$q;
    reg  pc$clock;
    
    // Local signals
    reg  more;
    reg  [6:0] f_tgt;
    reg  [6:0] f_src;
    reg  [5:0] f_rel;
    reg  [15:0] support;
    reg  [15:0] row;
    
    // Sub module instances
    top$engine$lanes$0$prog prog(
        .clock(prog$clock),
        .address(prog$address),
        .write_data(prog$write_data),
        .write_enable(prog$write_enable),
        .read_data(prog$read_data)
    );
    top$engine$lanes$0$rel$0 rel$0(
        .read_address(rel$0$read_address),
        .read_clock(rel$0$read_clock),
        .read_data(rel$0$read_data),
        .write_address(rel$0$write_address),
        .write_clock(rel$0$write_clock),
        .write_data(rel$0$write_data),
        .write_enable(rel$0$write_enable)
    );
    top$engine$lanes$0$rel$1 rel$1(
        .read_address(rel$1$read_address),
        .read_clock(rel$1$read_clock),
        .read_data(rel$1$read_data),
        .write_address(rel$1$write_address),
        .write_clock(rel$1$write_clock),
        .write_data(rel$1$write_data),
        .write_enable(rel$1$write_enable)
    );
    top$engine$lanes$0$rel$2 rel$2(
        .read_address(rel$2$read_address),
        .read_clock(rel$2$read_clock),
        .read_data(rel$2$read_data),
        .write_address(rel$2$write_address),
        .write_clock(rel$2$write_clock),
        .write_data(rel$2$write_data),
        .write_enable(rel$2$write_enable)
    );
    top$engine$lanes$0$rel$3 rel$3(
        .read_address(rel$3$read_address),
        .read_clock(rel$3$read_clock),
        .read_data(rel$3$read_data),
        .write_address(rel$3$write_address),
        .write_clock(rel$3$write_clock),
        .write_data(rel$3$write_data),
        .write_enable(rel$3$write_enable)
    );
    top$engine$lanes$0$rel$4 rel$4(
        .read_address(rel$4$read_address),
        .read_clock(rel$4$read_clock),
        .read_data(rel$4$read_data),
        .write_address(rel$4$write_address),
        .write_clock(rel$4$write_clock),
        .write_data(rel$4$write_data),
        .write_enable(rel$4$write_enable)
    );
    top$engine$lanes$0$rel$5 rel$5(
        .read_address(rel$5$read_address),
        .read_clock(rel$5$read_clock),
        .read_data(rel$5$read_data),
        .write_address(rel$5$write_address),
        .write_clock(rel$5$write_clock),
        .write_data(rel$5$write_data),
        .write_enable(rel$5$write_enable)
    );
    top$engine$lanes$0$rel$6 rel$6(
        .read_address(rel$6$read_address),
        .read_clock(rel$6$read_clock),
        .read_data(rel$6$read_data),
        .write_address(rel$6$write_address),
        .write_clock(rel$6$write_clock),
        .write_data(rel$6$write_data),
        .write_enable(rel$6$write_enable)
    );
    top$engine$lanes$0$rel$7 rel$7(
        .read_address(rel$7$read_address),
        .read_clock(rel$7$read_clock),
        .read_data(rel$7$read_data),
        .write_address(rel$7$write_address),
        .write_clock(rel$7$write_clock),
        .write_data(rel$7$write_data),
        .write_enable(rel$7$write_enable)
    );
    top$engine$lanes$0$rel$8 rel$8(
        .read_address(rel$8$read_address),
        .read_clock(rel$8$read_clock),
        .read_data(rel$8$read_data),
        .write_address(rel$8$write_address),
        .write_clock(rel$8$write_clock),
        .write_data(rel$8$write_data),
        .write_enable(rel$8$write_enable)
    );
    top$engine$lanes$0$rel$9 rel$9(
        .read_address(rel$9$read_address),
        .read_clock(rel$9$read_clock),
        .read_data(rel$9$read_data),
        .write_address(rel$9$write_address),
        .write_clock(rel$9$write_clock),
        .write_data(rel$9$write_data),
        .write_enable(rel$9$write_enable)
    );
    top$engine$lanes$0$rel$10 rel$10(
        .read_address(rel$10$read_address),
        .read_clock(rel$10$read_clock),
        .read_data(rel$10$read_data),
        .write_address(rel$10$write_address),
        .write_clock(rel$10$write_clock),
        .write_data(rel$10$write_data),
        .write_enable(rel$10$write_enable)
    );
    top$engine$lanes$0$rel$11 rel$11(
        .read_address(rel$11$read_address),
        .read_clock(rel$11$read_clock),
        .read_data(rel$11$read_data),
        .write_address(rel$11$write_address),
        .write_clock(rel$11$write_clock),
        .write_data(rel$11$write_data),
        .write_enable(rel$11$write_enable)
    );
    top$engine$lanes$0$rel$12 rel$12(
        .read_address(rel$12$read_address),
        .read_clock(rel$12$read_clock),
        .read_data(rel$12$read_data),
        .write_address(rel$12$write_address),
        .write_clock(rel$12$write_clock),
        .write_data(rel$12$write_data),
        .write_enable(rel$12$write_enable)
    );
    top$engine$lanes$0$rel$13 rel$13(
        .read_address(rel$13$read_address),
        .read_clock(rel$13$read_clock),
        .read_data(rel$13$read_data),
        .write_address(rel$13$write_address),
        .write_clock(rel$13$write_clock),
        .write_data(rel$13$write_data),
        .write_enable(rel$13$write_enable)
    );
    top$engine$lanes$0$rel$14 rel$14(
        .read_address(rel$14$read_address),
        .read_clock(rel$14$read_clock),
        .read_data(rel$14$read_data),
        .write_address(rel$14$write_address),
        .write_clock(rel$14$write_clock),
        .write_data(rel$14$write_data),
        .write_enable(rel$14$write_enable)
    );
    top$engine$lanes$0$rel$15 rel$15(
        .read_address(rel$15$read_address),
        .read_clock(rel$15$read_clock),
        .read_data(rel$15$read_data),
        .write_address(rel$15$write_address),
        .write_clock(rel$15$write_clock),
        .write_data(rel$15$write_data),
        .write_enable(rel$15$write_enable)
    );
    top$engine$lanes$0$hard_a hard_a(
        .read_address(hard_a$read_address),
        .read_clock(hard_a$read_clock),
        .read_data(hard_a$read_data),
        .write_address(hard_a$write_address),
        .write_clock(hard_a$write_clock),
        .write_data(hard_a$write_data),
        .write_enable(hard_a$write_enable)
    );
    top$engine$lanes$0$hard_b hard_b(
        .read_address(hard_b$read_address),
        .read_clock(hard_b$read_clock),
        .read_data(hard_b$read_data),
        .write_address(hard_b$write_address),
        .write_clock(hard_b$write_clock),
        .write_data(hard_b$write_data),
        .write_enable(hard_b$write_enable)
    );
    top$engine$lanes$0$soft_a soft_a(
        .clock(soft_a$clock),
        .address(soft_a$address),
        .write_data(soft_a$write_data),
        .write_enable(soft_a$write_enable),
        .read_data(soft_a$read_data)
    );
    top$engine$lanes$0$soft_b soft_b(
        .clock(soft_b$clock),
        .address(soft_b$address),
        .write_data(soft_b$write_data),
        .write_enable(soft_b$write_enable),
        .read_data(soft_b$read_data)
    );
    top$engine$lanes$0$hard_pipe hard_pipe(
        .clock(hard_pipe$clock),
        .h_start(hard_pipe$h_start),
        .h_run(hard_pipe$h_run),
        .more(hard_pipe$more),
        .f_tgt(hard_pipe$f_tgt),
        .next_tgt(hard_pipe$next_tgt),
        .support(hard_pipe$support),
        .issue(hard_pipe$issue),
        .write(hard_pipe$write),
        .write_tgt(hard_pipe$write_tgt),
        .write_val(hard_pipe$write_val),
        .changed(hard_pipe$changed),
        .done(hard_pipe$done)
    );
    top$engine$lanes$0$soft_seq soft_seq(
        .clock(soft_seq$clock),
        .s_start(soft_seq$s_start),
        .w8(soft_seq$w8),
        .more(soft_seq$more),
        .f_tgt(soft_seq$f_tgt),
        .f_src(soft_seq$f_src),
        .f_rel(soft_seq$f_rel),
        .row(soft_seq$row),
        .prev_src(soft_seq$prev_src),
        .next_tgt(soft_seq$next_tgt),
        .rel(soft_seq$rel),
        .value_a(soft_seq$value_a),
        .src_addr(soft_seq$src_addr),
        .tgt_addr(soft_seq$tgt_addr),
        .write(soft_seq$write),
        .result(soft_seq$result),
        .next_instr(soft_seq$next_instr),
        .done(soft_seq$done)
    );
    top$engine$lanes$0$n_instr n_instr(
        .d(n_instr$d),
        .q(n_instr$q),
        .clock(n_instr$clock)
    );
    top$engine$lanes$0$pc pc(
        .d(pc$d),
        .q(pc$q),
        .clock(pc$clock)
    );
    
    // Update code
    always @(*) begin
        n_instr$clock = clock;
        pc$clock = clock;
        n_instr$d = n_instr$q;
        pc$d = pc$q;
        prog$clock = clock;
        soft_a$clock = clock;
        soft_b$clock = clock;
        hard_a$read_clock = clock;
        hard_a$write_clock = clock;
        hard_b$read_clock = clock;
        hard_b$write_clock = clock;
        rel$0$read_clock = clock;
        rel$0$write_clock = clock;
        rel$1$read_clock = clock;
        rel$1$write_clock = clock;
        rel$2$read_clock = clock;
        rel$2$write_clock = clock;
        rel$3$read_clock = clock;
        rel$3$write_clock = clock;
        rel$4$read_clock = clock;
        rel$4$write_clock = clock;
        rel$5$read_clock = clock;
        rel$5$write_clock = clock;
        rel$6$read_clock = clock;
        rel$6$write_clock = clock;
        rel$7$read_clock = clock;
        rel$7$write_clock = clock;
        rel$8$read_clock = clock;
        rel$8$write_clock = clock;
        rel$9$read_clock = clock;
        rel$9$write_clock = clock;
        rel$10$read_clock = clock;
        rel$10$write_clock = clock;
        rel$11$read_clock = clock;
        rel$11$write_clock = clock;
        rel$12$read_clock = clock;
        rel$12$write_clock = clock;
        rel$13$read_clock = clock;
        rel$13$write_clock = clock;
        rel$14$read_clock = clock;
        rel$14$write_clock = clock;
        rel$15$read_clock = clock;
        rel$15$write_clock = clock;
        f_tgt = prog$read_data[(32'h0)+:(7)];
        f_src = prog$read_data[(k_vb)+:(7)];
        f_rel = prog$read_data[(k_vb2)+:(6)];
        prog$address = ((pc$q) & 13'h1fff);
        prog$write_data = ((wr_data) & 20'hfffff);
        prog$write_enable = 1'b0;
        if (idle) begin
            prog$address = ((rd_addr) & 13'h1fff);
            if (wr_prog) begin
                prog$address = ((wr_addr) & 13'h1fff);
                prog$write_enable = 1'b1;
            end
        end
        if (wr_ninstr) begin
            n_instr$d = wr_data[(32'h0)+:(16)];
        end
        more = pc$q < n_instr$q;
        rel$0$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$0$write_data = ((wr_data) & 16'hffff);
        rel$0$write_enable = wr_rel & (((wr_addr) & 4'hf) == 0);
        rel$0$read_address = f_rel;
        if (mode_soft) begin
            rel$0$read_address = soft_seq$rel;
        end
        if (idle) begin
            rel$0$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$1$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$1$write_data = ((wr_data) & 16'hffff);
        rel$1$write_enable = wr_rel & (((wr_addr) & 4'hf) == 1);
        rel$1$read_address = f_rel;
        if (mode_soft) begin
            rel$1$read_address = soft_seq$rel;
        end
        if (idle) begin
            rel$1$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$2$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$2$write_data = ((wr_data) & 16'hffff);
        rel$2$write_enable = wr_rel & (((wr_addr) & 4'hf) == 2);
        rel$2$read_address = f_rel;
        if (mode_soft) begin
            rel$2$read_address = soft_seq$rel;
        end
        if (idle) begin
            rel$2$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$3$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$3$write_data = ((wr_data) & 16'hffff);
        rel$3$write_enable = wr_rel & (((wr_addr) & 4'hf) == 3);
        rel$3$read_address = f_rel;
        if (mode_soft) begin
            rel$3$read_address = soft_seq$rel;
        end
        if (idle) begin
            rel$3$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$4$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$4$write_data = ((wr_data) & 16'hffff);
        rel$4$write_enable = wr_rel & (((wr_addr) & 4'hf) == 4);
        rel$4$read_address = f_rel;
        if (mode_soft) begin
            rel$4$read_address = soft_seq$rel;
        end
        if (idle) begin
            rel$4$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$5$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$5$write_data = ((wr_data) & 16'hffff);
        rel$5$write_enable = wr_rel & (((wr_addr) & 4'hf) == 5);
        rel$5$read_address = f_rel;
        if (mode_soft) begin
            rel$5$read_address = soft_seq$rel;
        end
        if (idle) begin
            rel$5$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$6$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$6$write_data = ((wr_data) & 16'hffff);
        rel$6$write_enable = wr_rel & (((wr_addr) & 4'hf) == 6);
        rel$6$read_address = f_rel;
        if (mode_soft) begin
            rel$6$read_address = soft_seq$rel;
        end
        if (idle) begin
            rel$6$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$7$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$7$write_data = ((wr_data) & 16'hffff);
        rel$7$write_enable = wr_rel & (((wr_addr) & 4'hf) == 7);
        rel$7$read_address = f_rel;
        if (mode_soft) begin
            rel$7$read_address = soft_seq$rel;
        end
        if (idle) begin
            rel$7$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$8$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$8$write_data = ((wr_data) & 16'hffff);
        rel$8$write_enable = wr_rel & (((wr_addr) & 4'hf) == 8);
        rel$8$read_address = f_rel;
        if (mode_soft) begin
            rel$8$read_address = soft_seq$rel;
        end
        if (idle) begin
            rel$8$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$9$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$9$write_data = ((wr_data) & 16'hffff);
        rel$9$write_enable = wr_rel & (((wr_addr) & 4'hf) == 9);
        rel$9$read_address = f_rel;
        if (mode_soft) begin
            rel$9$read_address = soft_seq$rel;
        end
        if (idle) begin
            rel$9$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$10$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$10$write_data = ((wr_data) & 16'hffff);
        rel$10$write_enable = wr_rel & (((wr_addr) & 4'hf) == 10);
        rel$10$read_address = f_rel;
        if (mode_soft) begin
            rel$10$read_address = soft_seq$rel;
        end
        if (idle) begin
            rel$10$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$11$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$11$write_data = ((wr_data) & 16'hffff);
        rel$11$write_enable = wr_rel & (((wr_addr) & 4'hf) == 11);
        rel$11$read_address = f_rel;
        if (mode_soft) begin
            rel$11$read_address = soft_seq$rel;
        end
        if (idle) begin
            rel$11$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$12$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$12$write_data = ((wr_data) & 16'hffff);
        rel$12$write_enable = wr_rel & (((wr_addr) & 4'hf) == 12);
        rel$12$read_address = f_rel;
        if (mode_soft) begin
            rel$12$read_address = soft_seq$rel;
        end
        if (idle) begin
            rel$12$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$13$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$13$write_data = ((wr_data) & 16'hffff);
        rel$13$write_enable = wr_rel & (((wr_addr) & 4'hf) == 13);
        rel$13$read_address = f_rel;
        if (mode_soft) begin
            rel$13$read_address = soft_seq$rel;
        end
        if (idle) begin
            rel$13$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$14$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$14$write_data = ((wr_data) & 16'hffff);
        rel$14$write_enable = wr_rel & (((wr_addr) & 4'hf) == 14);
        rel$14$read_address = f_rel;
        if (mode_soft) begin
            rel$14$read_address = soft_seq$rel;
        end
        if (idle) begin
            rel$14$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$15$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$15$write_data = ((wr_data) & 16'hffff);
        rel$15$write_enable = wr_rel & (((wr_addr) & 4'hf) == 15);
        rel$15$read_address = f_rel;
        if (mode_soft) begin
            rel$15$read_address = soft_seq$rel;
        end
        if (idle) begin
            rel$15$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        row = 32'h0;
        rel_row = 32'h0;
        support = 32'h0;
        if (soft_seq$value_a == 0) begin
            row = rel$0$read_data;
        end
        if (rd_a == 0) begin
            rel_row = rel$0$read_data;
        end
        support = (support & ~(1 << (0)) | ((|(rel$0$read_data & hard_a$read_data)) << (0)));
        if (soft_seq$value_a == 1) begin
            row = rel$1$read_data;
        end
        if (rd_a == 1) begin
            rel_row = rel$1$read_data;
        end
        support = (support & ~(1 << (1)) | ((|(rel$1$read_data & hard_a$read_data)) << (1)));
        if (soft_seq$value_a == 2) begin
            row = rel$2$read_data;
        end
        if (rd_a == 2) begin
            rel_row = rel$2$read_data;
        end
        support = (support & ~(1 << (2)) | ((|(rel$2$read_data & hard_a$read_data)) << (2)));
        if (soft_seq$value_a == 3) begin
            row = rel$3$read_data;
        end
        if (rd_a == 3) begin
            rel_row = rel$3$read_data;
        end
        support = (support & ~(1 << (3)) | ((|(rel$3$read_data & hard_a$read_data)) << (3)));
        if (soft_seq$value_a == 4) begin
            row = rel$4$read_data;
        end
        if (rd_a == 4) begin
            rel_row = rel$4$read_data;
        end
        support = (support & ~(1 << (4)) | ((|(rel$4$read_data & hard_a$read_data)) << (4)));
        if (soft_seq$value_a == 5) begin
            row = rel$5$read_data;
        end
        if (rd_a == 5) begin
            rel_row = rel$5$read_data;
        end
        support = (support & ~(1 << (5)) | ((|(rel$5$read_data & hard_a$read_data)) << (5)));
        if (soft_seq$value_a == 6) begin
            row = rel$6$read_data;
        end
        if (rd_a == 6) begin
            rel_row = rel$6$read_data;
        end
        support = (support & ~(1 << (6)) | ((|(rel$6$read_data & hard_a$read_data)) << (6)));
        if (soft_seq$value_a == 7) begin
            row = rel$7$read_data;
        end
        if (rd_a == 7) begin
            rel_row = rel$7$read_data;
        end
        support = (support & ~(1 << (7)) | ((|(rel$7$read_data & hard_a$read_data)) << (7)));
        if (soft_seq$value_a == 8) begin
            row = rel$8$read_data;
        end
        if (rd_a == 8) begin
            rel_row = rel$8$read_data;
        end
        support = (support & ~(1 << (8)) | ((|(rel$8$read_data & hard_a$read_data)) << (8)));
        if (soft_seq$value_a == 9) begin
            row = rel$9$read_data;
        end
        if (rd_a == 9) begin
            rel_row = rel$9$read_data;
        end
        support = (support & ~(1 << (9)) | ((|(rel$9$read_data & hard_a$read_data)) << (9)));
        if (soft_seq$value_a == 10) begin
            row = rel$10$read_data;
        end
        if (rd_a == 10) begin
            rel_row = rel$10$read_data;
        end
        support = (support & ~(1 << (10)) | ((|(rel$10$read_data & hard_a$read_data)) << (10)));
        if (soft_seq$value_a == 11) begin
            row = rel$11$read_data;
        end
        if (rd_a == 11) begin
            rel_row = rel$11$read_data;
        end
        support = (support & ~(1 << (11)) | ((|(rel$11$read_data & hard_a$read_data)) << (11)));
        if (soft_seq$value_a == 12) begin
            row = rel$12$read_data;
        end
        if (rd_a == 12) begin
            rel_row = rel$12$read_data;
        end
        support = (support & ~(1 << (12)) | ((|(rel$12$read_data & hard_a$read_data)) << (12)));
        if (soft_seq$value_a == 13) begin
            row = rel$13$read_data;
        end
        if (rd_a == 13) begin
            rel_row = rel$13$read_data;
        end
        support = (support & ~(1 << (13)) | ((|(rel$13$read_data & hard_a$read_data)) << (13)));
        if (soft_seq$value_a == 14) begin
            row = rel$14$read_data;
        end
        if (rd_a == 14) begin
            rel_row = rel$14$read_data;
        end
        support = (support & ~(1 << (14)) | ((|(rel$14$read_data & hard_a$read_data)) << (14)));
        if (soft_seq$value_a == 15) begin
            row = rel$15$read_data;
        end
        if (rd_a == 15) begin
            rel_row = rel$15$read_data;
        end
        support = (support & ~(1 << (15)) | ((|(rel$15$read_data & hard_a$read_data)) << (15)));
        hard_a$read_address = f_src;
        hard_a$write_address = ((wr_addr) & 7'h7f);
        hard_a$write_data = ((wr_data) & 16'hffff);
        hard_a$write_enable = wr_hard;
        if (idle) begin
            hard_a$read_address = ((rd_addr) & 7'h7f);
        end
        if (h_copy) begin
            hard_a$write_address = copy_v;
            hard_a$write_data = copy_hard;
            hard_a$write_enable = 1'b1;
        end
        hard_b$read_address = f_tgt;
        if (h_scan) begin
            hard_b$read_address = scan_v;
        end
        hard_b$write_address = ((wr_addr) & 7'h7f);
        hard_b$write_data = ((wr_data) & 16'hffff);
        hard_b$write_enable = wr_hard;
        if (hard_pipe$write) begin
            hard_b$write_address = hard_pipe$write_tgt;
            hard_b$write_data = hard_pipe$write_val;
            hard_b$write_enable = 1'b1;
        end
        soft_a$address = soft_seq$src_addr;
        soft_a$write_data = ((wr_data) & 16'hffff);
        soft_a$write_enable = 1'b0;
        soft_b$address = soft_seq$tgt_addr;
        soft_b$write_data = ((wr_data) & 16'hffff);
        soft_b$write_enable = 1'b0;
        if (idle) begin
            soft_a$address = ((rd_addr) & 11'h7ff);
            if (wr_soft) begin
                soft_a$address = ((wr_addr) & 11'h7ff);
                soft_a$write_enable = 1'b1;
                soft_b$address = ((wr_addr) & 11'h7ff);
                soft_b$write_enable = 1'b1;
            end
        end
        if (s_scan) begin
            soft_b$address = scan_addr;
        end
        if (s_copy) begin
            soft_a$address = copy_addr;
            soft_a$write_data = copy_soft;
            soft_a$write_enable = 1'b1;
        end
        if (soft_seq$write) begin
            soft_b$write_data = soft_seq$result;
            soft_b$write_enable = 1'b1;
        end
        hard_pipe$clock = clock;
        hard_pipe$h_start = h_start;
        hard_pipe$h_run = h_run;
        hard_pipe$more = more;
        hard_pipe$f_tgt = f_tgt;
        hard_pipe$next_tgt = hard_b$read_data;
        hard_pipe$support = support;
        soft_seq$clock = clock;
        soft_seq$s_start = s_start;
        soft_seq$w8 = w8;
        soft_seq$more = more;
        soft_seq$f_tgt = f_tgt;
        soft_seq$f_src = f_src;
        soft_seq$f_rel = f_rel;
        soft_seq$row = row;
        soft_seq$prev_src = soft_a$read_data;
        soft_seq$next_tgt = soft_b$read_data;
        if (hard_pipe$issue) begin
            pc$d = pc$q + 32'h1;
        end
        if (h_start) begin
            pc$d = 32'h0;
        end
        if (soft_seq$next_instr) begin
            pc$d = pc$q + 32'h1;
        end
        if (s_start) begin
            pc$d = 32'h0;
        end
        num_instr = n_instr$q;
        h_done = hard_pipe$done;
        s_done = soft_seq$done;
        changed = hard_pipe$changed;
        prog_data = prog$read_data;
        prev_hard = hard_a$read_data;
        next_hard = hard_b$read_data;
        prev_soft = soft_a$read_data;
        next_soft = soft_b$read_data;
    end
    
endmodule // top$engine$lanes$0


module top$engine$lanes$0$hard_a(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
    // Module arguments
    input wire  [6:0] read_address;
    input wire  read_clock;
    output reg  [15:0] read_data;
    input wire  [6:0] write_address;
    input wire  write_clock;
    input wire  [15:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg[15:0] mem[127:0];
    
    
    
    always @(posedge read_clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge write_clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
                
endmodule // top$engine$lanes$0$hard_a


module top$engine$lanes$0$hard_b(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
    // Module arguments
    input wire  [6:0] read_address;
    input wire  read_clock;
    output reg  [15:0] read_data;
    input wire  [6:0] write_address;
    input wire  write_clock;
    input wire  [15:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg[15:0] mem[127:0];
    
    
    
    always @(posedge read_clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge write_clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
                
endmodule // top$engine$lanes$0$hard_b


module top$engine$lanes$0$hard_pipe(clock,h_start,h_run,more,f_tgt,next_tgt,support,issue,write,write_tgt,write_val,changed,done);
    
    // Module arguments
    input wire  clock;
    input wire  h_start;
    input wire  h_run;
    input wire  more;
    input wire  [6:0] f_tgt;
    input wire  [15:0] next_tgt;
    input wire  [15:0] support;
    output reg  issue;
    output reg  write;
    output reg  [6:0] write_tgt;
    output reg  [15:0] write_val;
    output reg  changed;
    output reg  done;
    
    // Stub signals
    reg  r_valid$d;
    wire  r_valid$q;
    reg  r_valid$clock;
    reg  x_valid$d;
    wire  x_valid$q;
    reg  x_valid$clock;
    reg  [6:0] x_tgt$d;
    wire  [6:0] x_tgt$q;
    reg  x_tgt$clock;
    reg  lw_valid$d;
    wire  lw_valid$q;
    reg  lw_valid$clock;
    reg  [6:0] lw_tgt$d;
    wire  [6:0] lw_tgt$q;
    reg  lw_tgt$clock;
    reg  [15:0] lw_val$d;
    wire  [15:0] lw_val$q;
    reg  lw_val$clock;
    reg  chg$d;
    wire  chg$q;
    reg  chg$clock;
    
    // Local signals
    reg  [15:0] cur;
    reg  [15:0] newv;
    
    // Sub module instances
    top$engine$lanes$0$hard_pipe$r_valid r_valid(
        .d(r_valid$d),
        .q(r_valid$q),
        .clock(r_valid$clock)
    );
    top$engine$lanes$0$hard_pipe$x_valid x_valid(
        .d(x_valid$d),
        .q(x_valid$q),
        .clock(x_valid$clock)
    );
    top$engine$lanes$0$hard_pipe$x_tgt x_tgt(
        .d(x_tgt$d),
        .q(x_tgt$q),
        .clock(x_tgt$clock)
    );
    top$engine$lanes$0$hard_pipe$lw_valid lw_valid(
        .d(lw_valid$d),
        .q(lw_valid$q),
        .clock(lw_valid$clock)
    );
    top$engine$lanes$0$hard_pipe$lw_tgt lw_tgt(
        .d(lw_tgt$d),
        .q(lw_tgt$q),
        .clock(lw_tgt$clock)
    );
    top$engine$lanes$0$hard_pipe$lw_val lw_val(
        .d(lw_val$d),
        .q(lw_val$q),
        .clock(lw_val$clock)
    );
    top$engine$lanes$0$hard_pipe$chg chg(
        .d(chg$d),
        .q(chg$q),
        .clock(chg$clock)
    );
    
    // Update code
    always @(*) begin
        r_valid$clock = clock;
        x_valid$clock = clock;
        x_tgt$clock = clock;
        lw_valid$clock = clock;
        lw_tgt$clock = clock;
        lw_val$clock = clock;
        chg$clock = clock;
        r_valid$d = r_valid$q;
        x_valid$d = x_valid$q;
        x_tgt$d = x_tgt$q;
        lw_valid$d = lw_valid$q;
        lw_tgt$d = lw_tgt$q;
        lw_val$d = lw_val$q;
        chg$d = chg$q;
        cur = next_tgt;
        if (lw_valid$q & (lw_tgt$q == x_tgt$q)) begin
            cur = lw_val$q;
        end
        newv = cur & support;
        issue = h_run & more;
        r_valid$d = issue;
        x_valid$d = r_valid$q;
        x_tgt$d = f_tgt;
        lw_valid$d = 1'b0;
        write = x_valid$q;
        write_tgt = x_tgt$q;
        write_val = newv;
        if (x_valid$q) begin
            lw_valid$d = 1'b1;
            lw_tgt$d = x_tgt$q;
            lw_val$d = newv;
            if (newv != cur) begin
                chg$d = 1'b1;
            end
        end
        if (h_start) begin
            chg$d = 1'b0;
        end
        changed = chg$q;
        done = ~more & ~r_valid$q & ~x_valid$q;
    end
    
endmodule // top$engine$lanes$0$hard_pipe


module top$engine$lanes$0$hard_pipe$chg(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$lanes$0$hard_pipe$chg


module top$engine$lanes$0$hard_pipe$lw_tgt(d,q,clock);
    
    // Module arguments
    input wire  [6:0] d;
    output reg  [6:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 7'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$lanes$0$hard_pipe$lw_tgt


module top$engine$lanes$0$hard_pipe$lw_val(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$lanes$0$hard_pipe$lw_val


module top$engine$lanes$0$hard_pipe$lw_valid(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$lanes$0$hard_pipe$lw_valid


module top$engine$lanes$0$hard_pipe$r_valid(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$lanes$0$hard_pipe$r_valid


module top$engine$lanes$0$hard_pipe$x_tgt(d,q,clock);
    
    // Module arguments
    input wire  [6:0] d;
    output reg  [6:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 7'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$lanes$0$hard_pipe$x_tgt


module top$engine$lanes$0$hard_pipe$x_valid(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$lanes$0$hard_pipe$x_valid


module top$engine$lanes$0$n_instr(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$lanes$0$n_instr


module top$engine$lanes$0$pc(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$lanes$0$pc


module top$engine$lanes$0$prog(clock,address,write_data,write_enable,read_data);
    
    // Module arguments
    input wire  clock;
    input wire  [12:0] address;
    input wire  [19:0] write_data;
    input wire  write_enable;
    output reg  [19:0] read_data;
    
    // Update code (custom)
    (* ram_style = "huge" *) reg [19:0] mem [0:8191];
    
    always @(posedge clock) begin
       if (write_enable) begin
          mem[address] <= write_data;
       end else begin
          read_data <= mem[address];
       end
    end
endmodule // top$engine$lanes$0$prog


module top$engine$lanes$0$rel$0(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
    // Module arguments
    input wire  [5:0] read_address;
    input wire  read_clock;
    output reg  [15:0] read_data;
    input wire  [5:0] write_address;
    input wire  write_clock;
    input wire  [15:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg[15:0] mem[63:0];
    
    
    
    always @(posedge read_clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge write_clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
                
endmodule // top$engine$lanes$0$rel$0


module top$engine$lanes$0$rel$1(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
    // Module arguments
    input wire  [5:0] read_address;
    input wire  read_clock;
    output reg  [15:0] read_data;
    input wire  [5:0] write_address;
    input wire  write_clock;
    input wire  [15:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg[15:0] mem[63:0];
    
    
    
    always @(posedge read_clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge write_clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
                
endmodule // top$engine$lanes$0$rel$1


module top$engine$lanes$0$rel$10(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
    // Module arguments
    input wire  [5:0] read_address;
    input wire  read_clock;
    output reg  [15:0] read_data;
    input wire  [5:0] write_address;
    input wire  write_clock;
    input wire  [15:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg[15:0] mem[63:0];
    
    
    
    always @(posedge read_clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge write_clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
                
endmodule // top$engine$lanes$0$rel$10


module top$engine$lanes$0$rel$11(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
    // Module arguments
    input wire  [5:0] read_address;
    input wire  read_clock;
    output reg  [15:0] read_data;
    input wire  [5:0] write_address;
    input wire  write_clock;
    input wire  [15:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg[15:0] mem[63:0];
    
    
    
    always @(posedge read_clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge write_clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
                
endmodule // top$engine$lanes$0$rel$11


module top$engine$lanes$0$rel$12(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
    // Module arguments
    input wire  [5:0] read_address;
    input wire  read_clock;
    output reg  [15:0] read_data;
    input wire  [5:0] write_address;
    input wire  write_clock;
    input wire  [15:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg[15:0] mem[63:0];
    
    
    
    always @(posedge read_clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge write_clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
                
endmodule // top$engine$lanes$0$rel$12


module top$engine$lanes$0$rel$13(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
    // Module arguments
    input wire  [5:0] read_address;
    input wire  read_clock;
    output reg  [15:0] read_data;
    input wire  [5:0] write_address;
    input wire  write_clock;
    input wire  [15:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg[15:0] mem[63:0];
    
    
    
    always @(posedge read_clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge write_clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
                
endmodule // top$engine$lanes$0$rel$13


module top$engine$lanes$0$rel$14(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
    // Module arguments
    input wire  [5:0] read_address;
    input wire  read_clock;
    output reg  [15:0] read_data;
    input wire  [5:0] write_address;
    input wire  write_clock;
    input wire  [15:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg[15:0] mem[63:0];
    
    
    
    always @(posedge read_clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge write_clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
                
endmodule // top$engine$lanes$0$rel$14


module top$engine$lanes$0$rel$15(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
    // Module arguments
    input wire  [5:0] read_address;
    input wire  read_clock;
    output reg  [15:0] read_data;
    input wire  [5:0] write_address;
    input wire  write_clock;
    input wire  [15:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg[15:0] mem[63:0];
    
    
    
    always @(posedge read_clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge write_clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
                
endmodule // top$engine$lanes$0$rel$15


module top$engine$lanes$0$rel$2(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
    // Module arguments
    input wire  [5:0] read_address;
    input wire  read_clock;
    output reg  [15:0] read_data;
    input wire  [5:0] write_address;
    input wire  write_clock;
    input wire  [15:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg[15:0] mem[63:0];
    
    
    
    always @(posedge read_clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge write_clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
                
endmodule // top$engine$lanes$0$rel$2


module top$engine$lanes$0$rel$3(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
    // Module arguments
    input wire  [5:0] read_address;
    input wire  read_clock;
    output reg  [15:0] read_data;
    input wire  [5:0] write_address;
    input wire  write_clock;
    input wire  [15:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg[15:0] mem[63:0];
    
    
    
    always @(posedge read_clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge write_clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
                
endmodule // top$engine$lanes$0$rel$3


module top$engine$lanes$0$rel$4(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
    // Module arguments
    input wire  [5:0] read_address;
    input wire  read_clock;
    output reg  [15:0] read_data;
    input wire  [5:0] write_address;
    input wire  write_clock;
    input wire  [15:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg[15:0] mem[63:0];
    
    
    
    always @(posedge read_clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge write_clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
                
endmodule // top$engine$lanes$0$rel$4


module top$engine$lanes$0$rel$5(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
    // Module arguments
    input wire  [5:0] read_address;
    input wire  read_clock;
    output reg  [15:0] read_data;
    input wire  [5:0] write_address;
    input wire  write_clock;
    input wire  [15:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg[15:0] mem[63:0];
    
    
    
    always @(posedge read_clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge write_clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
                
endmodule // top$engine$lanes$0$rel$5


module top$engine$lanes$0$rel$6(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
    // Module arguments
    input wire  [5:0] read_address;
    input wire  read_clock;
    output reg  [15:0] read_data;
    input wire  [5:0] write_address;
    input wire  write_clock;
    input wire  [15:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg[15:0] mem[63:0];
    
    
    
    always @(posedge read_clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge write_clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
                
endmodule // top$engine$lanes$0$rel$6


module top$engine$lanes$0$rel$7(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
    // Module arguments
    input wire  [5:0] read_address;
    input wire  read_clock;
    output reg  [15:0] read_data;
    input wire  [5:0] write_address;
    input wire  write_clock;
    input wire  [15:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg[15:0] mem[63:0];
    
    
    
    always @(posedge read_clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge write_clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
                
endmodule // top$engine$lanes$0$rel$7


module top$engine$lanes$0$rel$8(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
    // Module arguments
    input wire  [5:0] read_address;
    input wire  read_clock;
    output reg  [15:0] read_data;
    input wire  [5:0] write_address;
    input wire  write_clock;
    input wire  [15:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg[15:0] mem[63:0];
    
    
    
    always @(posedge read_clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge write_clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
                
endmodule // top$engine$lanes$0$rel$8


module top$engine$lanes$0$rel$9(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
    // Module arguments
    input wire  [5:0] read_address;
    input wire  read_clock;
    output reg  [15:0] read_data;
    input wire  [5:0] write_address;
    input wire  write_clock;
    input wire  [15:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg[15:0] mem[63:0];
    
    
    
    always @(posedge read_clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge write_clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
                
endmodule // top$engine$lanes$0$rel$9


module top$engine$lanes$0$soft_a(clock,address,write_data,write_enable,read_data);
    
    // Module arguments
    input wire  clock;
    input wire  [10:0] address;
    input wire  [15:0] write_data;
    input wire  write_enable;
    output reg  [15:0] read_data;
    
    // Update code (custom)
    (* ram_style = "huge" *) reg [15:0] mem [0:2047];
    
    always @(posedge clock) begin
       if (write_enable) begin
          mem[address] <= write_data;
       end else begin
          read_data <= mem[address];
       end
    end
endmodule // top$engine$lanes$0$soft_a


module top$engine$lanes$0$soft_b(clock,address,write_data,write_enable,read_data);
    
    // Module arguments
    input wire  clock;
    input wire  [10:0] address;
    input wire  [15:0] write_data;
    input wire  write_enable;
    output reg  [15:0] read_data;
    
    // Update code (custom)
    (* ram_style = "huge" *) reg [15:0] mem [0:2047];
    
    always @(posedge clock) begin
       if (write_enable) begin
          mem[address] <= write_data;
       end else begin
          read_data <= mem[address];
       end
    end
endmodule // top$engine$lanes$0$soft_b


module top$engine$lanes$0$soft_seq(clock,s_start,w8,more,f_tgt,f_src,f_rel,row,prev_src,next_tgt,rel,value_a,src_addr,tgt_addr,write,result,next_instr,done);
    
    // Module arguments
    input wire  clock;
    input wire  s_start;
    input wire  [7:0] w8;
    input wire  more;
    input wire  [6:0] f_tgt;
    input wire  [6:0] f_src;
    input wire  [5:0] f_rel;
    input wire  [15:0] row;
    input wire  [15:0] prev_src;
    input wire  [15:0] next_tgt;
    output reg  [5:0] rel;
    output reg  [7:0] value_a;
    output reg  [10:0] src_addr;
    output reg  [10:0] tgt_addr;
    output reg  write;
    output reg  [15:0] result;
    output reg  next_instr;
    output reg  done;
    
    // Constant declarations
    localparam  k_ab = 8'h4;
    
    // Enums
    localparam LanePhase$Idle = 0;
    localparam LanePhase$SFetch = 1;
    localparam LanePhase$SDecode = 2;
    localparam LanePhase$SB = 3;
    localparam LanePhase$SBLast = 4;
    localparam LanePhase$STMul = 5;
    
    // Stub signals
    reg  [2:0] lphase$d;
    wire  [2:0] lphase$q;
    reg  lphase$clock;
    reg  [6:0] ins_tgt$d;
    wire  [6:0] ins_tgt$q;
    reg  ins_tgt$clock;
    reg  [6:0] ins_src$d;
    wire  [6:0] ins_src$q;
    reg  ins_src$clock;
    reg  [5:0] ins_rel$d;
    wire  [5:0] ins_rel$q;
    reg  ins_rel$clock;
    reg  [7:0] a$d;
    wire  [7:0] a$q;
    reg  a$clock;
    reg  [7:0] b$d;
    wire  [7:0] b$q;
    reg  b$clock;
    reg  [7:0] cb$d;
    wire  [7:0] cb$q;
    reg  cb$clock;
    reg  cv$d;
    wire  cv$q;
    reg  cv$clock;
    reg  [15:0] keep$d;
    wire  [15:0] keep$q;
    reg  keep$clock;
    
    // Local signals
    reg  [15:0] ma;
    reg  [15:0] mb;
    reg  [31:0] prod;
    reg  [31:0] rnd;
    reg  [15:0] mres;
    
    // Sub module instances
    top$engine$lanes$0$soft_seq$lphase lphase(
        .d(lphase$d),
        .q(lphase$q),
        .clock(lphase$clock)
    );
    top$engine$lanes$0$soft_seq$ins_tgt ins_tgt(
        .d(ins_tgt$d),
        .q(ins_tgt$q),
        .clock(ins_tgt$clock)
    );
    top$engine$lanes$0$soft_seq$ins_src ins_src(
        .d(ins_src$d),
        .q(ins_src$q),
        .clock(ins_src$clock)
    );
    top$engine$lanes$0$soft_seq$ins_rel ins_rel(
        .d(ins_rel$d),
        .q(ins_rel$q),
        .clock(ins_rel$clock)
    );
    top$engine$lanes$0$soft_seq$a a(
        .d(a$d),
        .q(a$q),
        .clock(a$clock)
    );
    top$engine$lanes$0$soft_seq$b b(
        .d(b$d),
        .q(b$q),
        .clock(b$clock)
    );
    top$engine$lanes$0$soft_seq$cb cb(
        .d(cb$d),
        .q(cb$q),
        .clock(cb$clock)
    );
    top$engine$lanes$0$soft_seq$cv cv(
        .d(cv$d),
        .q(cv$q),
        .clock(cv$clock)
    );
    top$engine$lanes$0$soft_seq$keep keep(
        .d(keep$d),
        .q(keep$q),
        .clock(keep$clock)
    );
    
    // Update code
    always @(*) begin
        lphase$clock = clock;
        ins_tgt$clock = clock;
        ins_src$clock = clock;
        ins_rel$clock = clock;
        a$clock = clock;
        b$clock = clock;
        cb$clock = clock;
        cv$clock = clock;
        keep$clock = clock;
        lphase$d = lphase$q;
        ins_tgt$d = ins_tgt$q;
        ins_src$d = ins_src$q;
        ins_rel$d = ins_rel$q;
        a$d = a$q;
        b$d = b$q;
        cb$d = cb$q;
        cv$d = cv$q;
        keep$d = keep$q;
        rel = ins_rel$q;
        value_a = a$q;
        src_addr = (((ins_src$q) & 11'h7ff) << k_ab) | ((b$q) & 11'h7ff);
        tgt_addr = (((ins_tgt$q) & 11'h7ff) << k_ab) | ((a$q) & 11'h7ff);
        ma = keep$q;
        mb = 32'h8000 - prev_src;
        if (lphase$q == LanePhase$STMul) begin
            ma = next_tgt;
            mb = 32'h8000 - keep$q;
        end
        prod = ma * mb;
        rnd = prod + 32'h4000;
        mres = rnd[(32'hf)+:(16)];
        result = mres;
        write = 1'b0;
        next_instr = 1'b0;
        cv$d = 1'b0;
        if (cv$q & row[cb$q]) begin
            keep$d = mres;
        end
        case (lphase$q)
            LanePhase$Idle:
                begin
                end
            LanePhase$SFetch:
                begin
                    lphase$d = LanePhase$Idle;
                    if (more) begin
                        lphase$d = LanePhase$SDecode;
                    end
                end
            LanePhase$SDecode:
                begin
                    ins_tgt$d = f_tgt;
                    ins_src$d = f_src;
                    ins_rel$d = f_rel;
                    a$d = 32'h0;
                    b$d = 32'h0;
                    keep$d = 32'h8000;
                    lphase$d = LanePhase$SB;
                end
            LanePhase$SB:
                begin
                    cv$d = 1'b1;
                    cb$d = b$q;
                    b$d = b$q + 32'h1;
                    if (b$q + 32'h1 == w8) begin
                        lphase$d = LanePhase$SBLast;
                    end
                end
            LanePhase$SBLast:
                begin
                    lphase$d = LanePhase$STMul;
                end
            LanePhase$STMul:
                begin
                    write = 1'b1;
                    a$d = a$q + 32'h1;
                    b$d = 32'h0;
                    keep$d = 32'h8000;
                    lphase$d = LanePhase$SB;
                    if (a$q + 32'h1 == w8) begin
                        next_instr = 1'b1;
                        lphase$d = LanePhase$SFetch;
                    end
                end
        endcase
        if (s_start) begin
            lphase$d = LanePhase$SFetch;
        end
        done = (lphase$q == LanePhase$Idle) | ((lphase$q == LanePhase$SFetch) & ~more);
    end
    
endmodule // top$engine$lanes$0$soft_seq


module top$engine$lanes$0$soft_seq$a(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$lanes$0$soft_seq$a


module top$engine$lanes$0$soft_seq$b(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$lanes$0$soft_seq$b


module top$engine$lanes$0$soft_seq$cb(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$lanes$0$soft_seq$cb


module top$engine$lanes$0$soft_seq$cv(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$lanes$0$soft_seq$cv


module top$engine$lanes$0$soft_seq$ins_rel(d,q,clock);
    
    // Module arguments
    input wire  [5:0] d;
    output reg  [5:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 6'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$lanes$0$soft_seq$ins_rel


module top$engine$lanes$0$soft_seq$ins_src(d,q,clock);
    
    // Module arguments
    input wire  [6:0] d;
    output reg  [6:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 7'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$lanes$0$soft_seq$ins_src


module top$engine$lanes$0$soft_seq$ins_tgt(d,q,clock);
    
    // Module arguments
    input wire  [6:0] d;
    output reg  [6:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 7'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$lanes$0$soft_seq$ins_tgt


module top$engine$lanes$0$soft_seq$keep(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$lanes$0$soft_seq$keep


module top$engine$lanes$0$soft_seq$lphase(d,q,clock);
    
    // Module arguments
    input wire  [2:0] d;
    output reg  [2:0] q;
    input wire  clock;
    
    // Enums
    localparam LanePhase$Idle = 0;
    localparam LanePhase$SFetch = 1;
    localparam LanePhase$SDecode = 2;
    localparam LanePhase$SB = 3;
    localparam LanePhase$SBLast = 4;
    localparam LanePhase$STMul = 5;
    
    // Update code (custom)
    initial begin
       q = 64'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$lanes$0$soft_seq$lphase


module top$engine$regs(clock,idle,wr_reg,wr_off,wr_data,rd_addr,outcome,cycles,rounds,wipe_var,sel_ninstr,sel_prog,sel_row,sel_hard,sel_soft,mode_soft,max_rounds,num_vars,width,lane_sel,rd_a,rd_data);
    
    // Module arguments
    input wire  clock;
    input wire  idle;
    input wire  wr_reg;
    input wire  [12:0] wr_off;
    input wire  [15:0] wr_data;
    input wire  [15:0] rd_addr;
    input wire  [3:0] outcome;
    input wire  [31:0] cycles;
    input wire  [15:0] rounds;
    input wire  [15:0] wipe_var;
    input wire  [15:0] sel_ninstr;
    input wire  [19:0] sel_prog;
    input wire  [15:0] sel_row;
    input wire  [15:0] sel_hard;
    input wire  [15:0] sel_soft;
    output reg  mode_soft;
    output reg  [15:0] max_rounds;
    output reg  [15:0] num_vars;
    output reg  [15:0] width;
    output reg  [7:0] lane_sel;
    output reg  [7:0] rd_a;
    output reg  [31:0] rd_data;
    
    // Constant declarations
    localparam  k_info = 32'h46d710;
    localparam  k_amask = 8'hf;
    
    // Stub signals
    reg  mode$d;
    wire  mode$q;
    reg  mode$clock;
    reg  [15:0] limit$d;
    wire  [15:0] limit$q;
    reg  limit$clock;
    reg  [15:0] vars$d;
    wire  [15:0] vars$q;
    reg  vars$clock;
    reg  [15:0] wid$d;
    wire  [15:0] wid$q;
    reg  wid$clock;
    reg  [7:0] lane$d;
    wire  [7:0] lane$q;
    reg  lane$clock;
    reg  [2:0] rd_region$d;
    wire  [2:0] rd_region$q;
    reg  rd_region$clock;
    reg  [7:0] row_a$d;
    wire  [7:0] row_a$q;
    reg  row_a$clock;
    reg  [31:0] rd_reg$d;
    wire  [31:0] rd_reg$q;
    reg  rd_reg$clock;
    
    // Local signals
    reg  [12:0] rd_off;
    
    // Sub module instances
    top$engine$regs$mode mode(
        .d(mode$d),
        .q(mode$q),
        .clock(mode$clock)
    );
    top$engine$regs$limit limit(
        .d(limit$d),
        .q(limit$q),
        .clock(limit$clock)
    );
    top$engine$regs$vars vars(
        .d(vars$d),
        .q(vars$q),
        .clock(vars$clock)
    );
    top$engine$regs$wid wid(
        .d(wid$d),
        .q(wid$q),
        .clock(wid$clock)
    );
    top$engine$regs$lane lane(
        .d(lane$d),
        .q(lane$q),
        .clock(lane$clock)
    );
    top$engine$regs$rd_region rd_region(
        .d(rd_region$d),
        .q(rd_region$q),
        .clock(rd_region$clock)
    );
    top$engine$regs$row_a row_a(
        .d(row_a$d),
        .q(row_a$q),
        .clock(row_a$clock)
    );
    top$engine$regs$rd_reg rd_reg(
        .d(rd_reg$d),
        .q(rd_reg$q),
        .clock(rd_reg$clock)
    );
    
    // Update code
    always @(*) begin
        mode$clock = clock;
        limit$clock = clock;
        vars$clock = clock;
        wid$clock = clock;
        lane$clock = clock;
        rd_region$clock = clock;
        row_a$clock = clock;
        rd_reg$clock = clock;
        mode$d = mode$q;
        limit$d = limit$q;
        vars$d = vars$q;
        wid$d = wid$q;
        lane$d = lane$q;
        rd_region$d = rd_region$q;
        row_a$d = row_a$q;
        rd_reg$d = rd_reg$q;
        mode_soft = mode$q;
        max_rounds = limit$q;
        num_vars = vars$q;
        width = wid$q;
        lane_sel = lane$q;
        rd_a = row_a$q;
        if (wr_reg) begin
            if (wr_off == 32'h0) begin
                mode$d = wr_data[32'h0];
            end
            if (wr_off == 32'h1) begin
                limit$d = wr_data;
            end
            if (wr_off == 32'h3) begin
                vars$d = wr_data;
            end
            if (wr_off == 32'h4) begin
                wid$d = wr_data;
            end
            if (wr_off == 32'h5) begin
                lane$d = wr_data[(32'h0)+:(8)];
            end
        end
        rd_off = rd_addr[(32'h0)+:(13)];
        rd_region$d = rd_addr[(32'hd)+:(3)];
        row_a$d = ((rd_addr) & 8'hff) & k_amask;
        rd_reg$d = 32'h0;
        if (rd_off == 32'h0) begin
            rd_reg$d = ((mode$q) & 32'hffffffff);
        end
        if (rd_off == 32'h1) begin
            rd_reg$d = ((limit$q) & 32'hffffffff);
        end
        if (rd_off == 32'h2) begin
            rd_reg$d = ((sel_ninstr) & 32'hffffffff);
        end
        if (rd_off == 32'h3) begin
            rd_reg$d = ((vars$q) & 32'hffffffff);
        end
        if (rd_off == 32'h4) begin
            rd_reg$d = ((wid$q) & 32'hffffffff);
        end
        if (rd_off == 32'h5) begin
            rd_reg$d = ((lane$q) & 32'hffffffff);
        end
        if (rd_off == 32'h8) begin
            rd_reg$d = ((outcome) & 32'hffffffff);
            if (~idle) begin
                rd_reg$d = ((outcome) & 32'hffffffff) | 32'h10;
            end
        end
        if (rd_off == 32'h9) begin
            rd_reg$d = cycles;
        end
        if (rd_off == 32'ha) begin
            rd_reg$d = ((rounds) & 32'hffffffff);
        end
        if (rd_off == 32'hb) begin
            rd_reg$d = ((wipe_var) & 32'hffffffff);
        end
        if (rd_off == 32'hc) begin
            rd_reg$d = k_info;
        end
        rd_data = 32'h0;
        if (rd_region$q == 32'h0) begin
            rd_data = rd_reg$q;
        end
        if (rd_region$q == 32'h1) begin
            rd_data = ((sel_prog) & 32'hffffffff);
        end
        if (rd_region$q == 32'h2) begin
            rd_data = ((sel_row) & 32'hffffffff);
        end
        if (rd_region$q == 32'h3) begin
            rd_data = ((sel_hard) & 32'hffffffff);
        end
        if (rd_region$q == 32'h4) begin
            rd_data = ((sel_soft) & 32'hffffffff);
        end
    end
    
endmodule // top$engine$regs


module top$engine$regs$lane(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$regs$lane


module top$engine$regs$limit(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$regs$limit


module top$engine$regs$mode(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$regs$mode


module top$engine$regs$rd_reg(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 32'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$regs$rd_reg


module top$engine$regs$rd_region(d,q,clock);
    
    // Module arguments
    input wire  [2:0] d;
    output reg  [2:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 3'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$regs$rd_region


module top$engine$regs$row_a(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$regs$row_a


module top$engine$regs$vars(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$regs$vars


module top$engine$regs$wid(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$regs$wid


module top$engine$seq(clock,start,mode_soft,max_rounds,num_vars,w8,bad_config,all_h_done,all_s_done,any_changed,next_empty,idle,h_start,s_start,h_run,h_scan,s_scan,scan_v,scan_addr,h_copy,s_copy,copy_v,copy_addr,outcome,cycles,rounds,wipe_var);
    
    // Module arguments
    input wire  clock;
    input wire  start;
    input wire  mode_soft;
    input wire  [15:0] max_rounds;
    input wire  [15:0] num_vars;
    input wire  [7:0] w8;
    input wire  bad_config;
    input wire  all_h_done;
    input wire  all_s_done;
    input wire  any_changed;
    input wire  next_empty;
    output reg  idle;
    output reg  h_start;
    output reg  s_start;
    output reg  h_run;
    output reg  h_scan;
    output reg  s_scan;
    output reg  [15:0] scan_v;
    output reg  [10:0] scan_addr;
    output reg  h_copy;
    output reg  s_copy;
    output reg  [15:0] copy_v;
    output reg  [10:0] copy_addr;
    output reg  [3:0] outcome;
    output reg  [31:0] cycles;
    output reg  [15:0] rounds;
    output reg  [15:0] wipe_var;
    
    // Constant declarations
    localparam  k_ab = 8'h4;
    
    // Enums
    localparam Phase$Idle = 0;
    localparam Phase$HRun = 1;
    localparam Phase$HScan = 2;
    localparam Phase$HScanLast = 3;
    localparam Phase$HCheck = 4;
    localparam Phase$SRun = 5;
    localparam Phase$SScan = 6;
    localparam Phase$SScanLast = 7;
    localparam Phase$SCheck = 8;
    
    // Stub signals
    reg  [3:0] phase$d;
    wire  [3:0] phase$q;
    reg  phase$clock;
    reg  [3:0] result$d;
    wire  [3:0] result$q;
    reg  result$clock;
    reg  [31:0] n_cycles$d;
    wire  [31:0] n_cycles$q;
    reg  n_cycles$clock;
    reg  [15:0] n_rounds$d;
    wire  [15:0] n_rounds$q;
    reg  n_rounds$clock;
    reg  [15:0] first_empty$d;
    wire  [15:0] first_empty$q;
    reg  first_empty$clock;
    reg  any_empty$d;
    wire  any_empty$q;
    reg  any_empty$clock;
    reg  [15:0] sv$d;
    wire  [15:0] sv$q;
    reg  sv$clock;
    reg  [7:0] sa$d;
    wire  [7:0] sa$q;
    reg  sa$clock;
    reg  s_valid$d;
    wire  s_valid$q;
    reg  s_valid$clock;
    reg  [15:0] s_prev_v$d;
    wire  [15:0] s_prev_v$q;
    reg  s_prev_v$clock;
    reg  [10:0] s_prev_addr$d;
    wire  [10:0] s_prev_addr$q;
    reg  s_prev_addr$clock;
    
    // Sub module instances
    top$engine$seq$phase phase(
        .d(phase$d),
        .q(phase$q),
        .clock(phase$clock)
    );
    top$engine$seq$result result(
        .d(result$d),
        .q(result$q),
        .clock(result$clock)
    );
    top$engine$seq$n_cycles n_cycles(
        .d(n_cycles$d),
        .q(n_cycles$q),
        .clock(n_cycles$clock)
    );
    top$engine$seq$n_rounds n_rounds(
        .d(n_rounds$d),
        .q(n_rounds$q),
        .clock(n_rounds$clock)
    );
    top$engine$seq$first_empty first_empty(
        .d(first_empty$d),
        .q(first_empty$q),
        .clock(first_empty$clock)
    );
    top$engine$seq$any_empty any_empty(
        .d(any_empty$d),
        .q(any_empty$q),
        .clock(any_empty$clock)
    );
    top$engine$seq$sv sv(
        .d(sv$d),
        .q(sv$q),
        .clock(sv$clock)
    );
    top$engine$seq$sa sa(
        .d(sa$d),
        .q(sa$q),
        .clock(sa$clock)
    );
    top$engine$seq$s_valid s_valid(
        .d(s_valid$d),
        .q(s_valid$q),
        .clock(s_valid$clock)
    );
    top$engine$seq$s_prev_v s_prev_v(
        .d(s_prev_v$d),
        .q(s_prev_v$q),
        .clock(s_prev_v$clock)
    );
    top$engine$seq$s_prev_addr s_prev_addr(
        .d(s_prev_addr$d),
        .q(s_prev_addr$q),
        .clock(s_prev_addr$clock)
    );
    
    // Update code
    always @(*) begin
        phase$clock = clock;
        result$clock = clock;
        n_cycles$clock = clock;
        n_rounds$clock = clock;
        first_empty$clock = clock;
        any_empty$clock = clock;
        sv$clock = clock;
        sa$clock = clock;
        s_valid$clock = clock;
        s_prev_v$clock = clock;
        s_prev_addr$clock = clock;
        phase$d = phase$q;
        result$d = result$q;
        n_cycles$d = n_cycles$q;
        n_rounds$d = n_rounds$q;
        first_empty$d = first_empty$q;
        any_empty$d = any_empty$q;
        sv$d = sv$q;
        sa$d = sa$q;
        s_valid$d = s_valid$q;
        s_prev_v$d = s_prev_v$q;
        s_prev_addr$d = s_prev_addr$q;
        idle = phase$q == Phase$Idle;
        h_run = phase$q == Phase$HRun;
        h_scan = phase$q == Phase$HScan;
        s_scan = phase$q == Phase$SScan;
        scan_v = sv$q;
        scan_addr = (((sv$q) & 11'h7ff) << k_ab) | ((sa$q) & 11'h7ff);
        h_copy = s_valid$q & ~mode_soft;
        s_copy = s_valid$q & mode_soft;
        copy_v = s_prev_v$q;
        copy_addr = s_prev_addr$q;
        outcome = result$q;
        cycles = n_cycles$q;
        rounds = n_rounds$q;
        wipe_var = first_empty$q;
        h_start = 1'b0;
        s_start = 1'b0;
        s_valid$d = 1'b0;
        if (~idle) begin
            n_cycles$d = n_cycles$q + 32'h1;
        end
        if (s_valid$q & ~mode_soft & next_empty & ~any_empty$q) begin
            any_empty$d = 1'b1;
            first_empty$d = s_prev_v$q;
        end
        case (phase$q)
            Phase$Idle:
                begin
                    if (start) begin
                        n_cycles$d = 32'h0;
                        n_rounds$d = 32'h0;
                        result$d = 32'h0;
                        first_empty$d = 32'h0;
                        any_empty$d = 1'b0;
                        h_start = 1'b1;
                        if (bad_config) begin
                            result$d = 32'hf;
                        end
                        else if (max_rounds == 32'h0) begin
                            result$d = 32'h3;
                            if (mode_soft) begin
                                result$d = 32'h4;
                            end
                        end
                        else if (mode_soft) begin
                            s_start = 1'b1;
                            phase$d = Phase$SRun;
                        end
                        else begin
                            phase$d = Phase$HRun;
                        end
                    end
                end
            Phase$HRun:
                begin
                    if (all_h_done) begin
                        sv$d = 32'h0;
                        phase$d = Phase$HScan;
                    end
                end
            Phase$HScan:
                begin
                    s_valid$d = 1'b1;
                    s_prev_v$d = sv$q;
                    sv$d = sv$q + 32'h1;
                    if (sv$q + 32'h1 == num_vars) begin
                        phase$d = Phase$HScanLast;
                    end
                end
            Phase$HScanLast:
                begin
                    phase$d = Phase$HCheck;
                end
            Phase$HCheck:
                begin
                    n_rounds$d = n_rounds$q + 32'h1;
                    phase$d = Phase$Idle;
                    if (any_empty$q) begin
                        result$d = 32'h2;
                    end
                    else if (~any_changed) begin
                        result$d = 32'h1;
                    end
                    else if (n_rounds$q + 32'h1 == max_rounds) begin
                        result$d = 32'h3;
                    end
                    else begin
                        h_start = 1'b1;
                        any_empty$d = 1'b0;
                        phase$d = Phase$HRun;
                    end
                end
            Phase$SRun:
                begin
                    if (all_s_done) begin
                        sv$d = 32'h0;
                        sa$d = 32'h0;
                        phase$d = Phase$SScan;
                    end
                end
            Phase$SScan:
                begin
                    s_valid$d = 1'b1;
                    s_prev_addr$d = scan_addr;
                    s_prev_v$d = sv$q;
                    sa$d = sa$q + 32'h1;
                    if (sa$q + 32'h1 == w8) begin
                        sa$d = 32'h0;
                        sv$d = sv$q + 32'h1;
                        if (sv$q + 32'h1 == num_vars) begin
                            phase$d = Phase$SScanLast;
                        end
                    end
                end
            Phase$SScanLast:
                begin
                    phase$d = Phase$SCheck;
                end
            Phase$SCheck:
                begin
                    n_rounds$d = n_rounds$q + 32'h1;
                    phase$d = Phase$SRun;
                    s_start = 1'b1;
                    if (n_rounds$q + 32'h1 == max_rounds) begin
                        result$d = 32'h4;
                        s_start = 1'b0;
                        phase$d = Phase$Idle;
                    end
                end
        endcase
    end
    
endmodule // top$engine$seq


module top$engine$seq$any_empty(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$seq$any_empty


module top$engine$seq$first_empty(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$seq$first_empty


module top$engine$seq$n_cycles(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 32'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$seq$n_cycles


module top$engine$seq$n_rounds(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$seq$n_rounds


module top$engine$seq$phase(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Enums
    localparam Phase$Idle = 0;
    localparam Phase$HRun = 1;
    localparam Phase$HScan = 2;
    localparam Phase$HScanLast = 3;
    localparam Phase$HCheck = 4;
    localparam Phase$SRun = 5;
    localparam Phase$SScan = 6;
    localparam Phase$SScanLast = 7;
    localparam Phase$SCheck = 8;
    
    // Update code (custom)
    initial begin
       q = 64'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$seq$phase


module top$engine$seq$result(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 4'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$seq$result


module top$engine$seq$s_prev_addr(d,q,clock);
    
    // Module arguments
    input wire  [10:0] d;
    output reg  [10:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 11'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$seq$s_prev_addr


module top$engine$seq$s_prev_v(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$seq$s_prev_v


module top$engine$seq$s_valid(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$seq$s_valid


module top$engine$seq$sa(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$seq$sa


module top$engine$seq$sv(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$engine$seq$sv


module top$frame(clock,reset,rx_data,rx_valid,tx_data,tx_send,tx_ready,wr_en,wr_addr,wr_data,rd_addr,rd_data,start,busy,listening);
    
    // Module arguments
    input wire  clock;
    input wire  reset;
    input wire  [7:0] rx_data;
    input wire  rx_valid;
    output reg  [7:0] tx_data;
    output reg  tx_send;
    input wire  tx_ready;
    output reg  wr_en;
    output reg  [15:0] wr_addr;
    output reg  [31:0] wr_data;
    output reg  [15:0] rd_addr;
    input wire  [31:0] rd_data;
    output reg  start;
    input wire  busy;
    output reg  listening;
    
    // Constant declarations
    localparam  k_timeout = 32'h41000;
    localparam  k_t_hi = 8'h1;
    localparam  k_t_lo = 8'h0;
    localparam  k_max_payload = 8'h82;
    localparam  k_max_words = 8'h20;
    localparam  k_version = 8'h1;
    localparam  k_sync = 8'ha5;
    localparam  k_residue = 32'hdebb20e3;
    
    // Enums
    localparam St$Hunt = 0;
    localparam St$RxLen = 1;
    localparam St$RxSeq = 2;
    localparam St$RxCode = 3;
    localparam St$RxPay = 4;
    localparam St$RxCrc = 5;
    localparam St$Decide = 6;
    localparam St$WrRead = 7;
    localparam St$WrLatch = 8;
    localparam St$WrIssue = 9;
    localparam St$RdEcho0 = 10;
    localparam St$RdEcho1 = 11;
    localparam St$RdAddr = 12;
    localparam St$RdWait = 13;
    localparam St$RdCap = 14;
    localparam St$RdPut = 15;
    localparam St$Hello = 16;
    localparam St$Tx = 17;
    
    // Stub signals
    reg  [7:0] rxbuf$read_address;
    reg  rxbuf$read_clock;
    wire  [7:0] rxbuf$read_data;
    reg  [7:0] rxbuf$write_address;
    reg  rxbuf$write_clock;
    reg  [7:0] rxbuf$write_data;
    reg  rxbuf$write_enable;
    reg  [7:0] txbuf$read_address;
    reg  txbuf$read_clock;
    wire  [7:0] txbuf$read_data;
    reg  [7:0] txbuf$write_address;
    reg  txbuf$write_clock;
    reg  [7:0] txbuf$write_data;
    reg  txbuf$write_enable;
    reg  [31:0] crcu$crc_in;
    reg  [7:0] crcu$byte_in;
    wire  [31:0] crcu$crc_out;
    reg  txu$clock;
    reg  txu$reset;
    reg  txu$go;
    reg  [7:0] txu$len;
    reg  [7:0] txu$seq;
    reg  [7:0] txu$code;
    reg  [7:0] txu$one_byte;
    reg  txu$from_buf;
    wire  [7:0] txu$buf_addr;
    reg  [7:0] txu$buf_data;
    wire  [7:0] txu$tx_data;
    wire  txu$tx_send;
    reg  txu$tx_ready;
    wire  txu$done;
    reg  [4:0] state$d;
    wire  [4:0] state$q;
    reg  state$clock;
    reg  open$d;
    wire  open$q;
    reg  open$clock;
    reg  [7:0] last_seq$d;
    wire  [7:0] last_seq$q;
    reg  last_seq$clock;
    reg  [7:0] last_code$d;
    wire  [7:0] last_code$q;
    reg  last_code$clock;
    reg  [7:0] last_len$d;
    wire  [7:0] last_len$q;
    reg  last_len$clock;
    reg  [7:0] len$d;
    wire  [7:0] len$q;
    reg  len$clock;
    reg  [7:0] seq$d;
    wire  [7:0] seq$q;
    reg  seq$clock;
    reg  [7:0] code$d;
    wire  [7:0] code$q;
    reg  code$clock;
    reg  [7:0] pay0$d;
    wire  [7:0] pay0$q;
    reg  pay0$clock;
    reg  [7:0] pay1$d;
    wire  [7:0] pay1$q;
    reg  pay1$clock;
    reg  [7:0] pay2$d;
    wire  [7:0] pay2$q;
    reg  pay2$clock;
    reg  [7:0] cnt$d;
    wire  [7:0] cnt$q;
    reg  cnt$clock;
    reg  [1:0] ccnt$d;
    wire  [1:0] ccnt$q;
    reg  ccnt$clock;
    reg  [31:0] crc$d;
    wire  [31:0] crc$q;
    reg  crc$clock;
    reg  [31:0] idle$d;
    wire  [31:0] idle$q;
    reg  idle$clock;
    reg  [7:0] r_len$d;
    wire  [7:0] r_len$q;
    reg  r_len$clock;
    reg  [7:0] r_seq$d;
    wire  [7:0] r_seq$q;
    reg  r_seq$clock;
    reg  [7:0] r_code$d;
    wire  [7:0] r_code$q;
    reg  r_code$clock;
    reg  [7:0] r_byte$d;
    wire  [7:0] r_byte$q;
    reg  r_byte$clock;
    reg  r_buf$d;
    wire  r_buf$q;
    reg  r_buf$clock;
    reg  [15:0] addr$d;
    wire  [15:0] addr$q;
    reg  addr$clock;
    reg  [7:0] nwords$d;
    wire  [7:0] nwords$q;
    reg  nwords$clock;
    reg  [31:0] word$d;
    wire  [31:0] word$q;
    reg  word$clock;
    reg  [1:0] k$d;
    wire  [1:0] k$q;
    reg  k$clock;
    reg  [7:0] ptr$d;
    wire  [7:0] ptr$q;
    reg  ptr$clock;
    reg  [7:0] tptr$d;
    wire  [7:0] tptr$q;
    reg  tptr$clock;
    
    // Local signals
    reg  in_rx;
    reg  [7:0] next_seq;
    reg  sh_go;
    reg  [7:0] sh_status;
    reg  [7:0] sh_seq;
    reg  [7:0] sh_len;
    reg  [7:0] sh_byte;
    reg  st_go;
    reg  [7:0] st_status;
    reg  [7:0] st_len;
    reg  rp_go;
    
    // Sub module instances
    top$frame$rxbuf rxbuf(
        .read_address(rxbuf$read_address),
        .read_clock(rxbuf$read_clock),
        .read_data(rxbuf$read_data),
        .write_address(rxbuf$write_address),
        .write_clock(rxbuf$write_clock),
        .write_data(rxbuf$write_data),
        .write_enable(rxbuf$write_enable)
    );
    top$frame$txbuf txbuf(
        .read_address(txbuf$read_address),
        .read_clock(txbuf$read_clock),
        .read_data(txbuf$read_data),
        .write_address(txbuf$write_address),
        .write_clock(txbuf$write_clock),
        .write_data(txbuf$write_data),
        .write_enable(txbuf$write_enable)
    );
    top$frame$crcu crcu(
        .crc_in(crcu$crc_in),
        .byte_in(crcu$byte_in),
        .crc_out(crcu$crc_out)
    );
    top$frame$txu txu(
        .clock(txu$clock),
        .reset(txu$reset),
        .go(txu$go),
        .len(txu$len),
        .seq(txu$seq),
        .code(txu$code),
        .one_byte(txu$one_byte),
        .from_buf(txu$from_buf),
        .buf_addr(txu$buf_addr),
        .buf_data(txu$buf_data),
        .tx_data(txu$tx_data),
        .tx_send(txu$tx_send),
        .tx_ready(txu$tx_ready),
        .done(txu$done)
    );
    top$frame$state state(
        .d(state$d),
        .q(state$q),
        .clock(state$clock)
    );
    top$frame$open open(
        .d(open$d),
        .q(open$q),
        .clock(open$clock)
    );
    top$frame$last_seq last_seq(
        .d(last_seq$d),
        .q(last_seq$q),
        .clock(last_seq$clock)
    );
    top$frame$last_code last_code(
        .d(last_code$d),
        .q(last_code$q),
        .clock(last_code$clock)
    );
    top$frame$last_len last_len(
        .d(last_len$d),
        .q(last_len$q),
        .clock(last_len$clock)
    );
    top$frame$len len(
        .d(len$d),
        .q(len$q),
        .clock(len$clock)
    );
    top$frame$seq seq(
        .d(seq$d),
        .q(seq$q),
        .clock(seq$clock)
    );
    top$frame$code code(
        .d(code$d),
        .q(code$q),
        .clock(code$clock)
    );
    top$frame$pay0 pay0(
        .d(pay0$d),
        .q(pay0$q),
        .clock(pay0$clock)
    );
    top$frame$pay1 pay1(
        .d(pay1$d),
        .q(pay1$q),
        .clock(pay1$clock)
    );
    top$frame$pay2 pay2(
        .d(pay2$d),
        .q(pay2$q),
        .clock(pay2$clock)
    );
    top$frame$cnt cnt(
        .d(cnt$d),
        .q(cnt$q),
        .clock(cnt$clock)
    );
    top$frame$ccnt ccnt(
        .d(ccnt$d),
        .q(ccnt$q),
        .clock(ccnt$clock)
    );
    top$frame$crc crc(
        .d(crc$d),
        .q(crc$q),
        .clock(crc$clock)
    );
    top$frame$idle idle(
        .d(idle$d),
        .q(idle$q),
        .clock(idle$clock)
    );
    top$frame$r_len r_len(
        .d(r_len$d),
        .q(r_len$q),
        .clock(r_len$clock)
    );
    top$frame$r_seq r_seq(
        .d(r_seq$d),
        .q(r_seq$q),
        .clock(r_seq$clock)
    );
    top$frame$r_code r_code(
        .d(r_code$d),
        .q(r_code$q),
        .clock(r_code$clock)
    );
    top$frame$r_byte r_byte(
        .d(r_byte$d),
        .q(r_byte$q),
        .clock(r_byte$clock)
    );
    top$frame$r_buf r_buf(
        .d(r_buf$d),
        .q(r_buf$q),
        .clock(r_buf$clock)
    );
    top$frame$addr addr(
        .d(addr$d),
        .q(addr$q),
        .clock(addr$clock)
    );
    top$frame$nwords nwords(
        .d(nwords$d),
        .q(nwords$q),
        .clock(nwords$clock)
    );
    top$frame$word word(
        .d(word$d),
        .q(word$q),
        .clock(word$clock)
    );
    top$frame$k k(
        .d(k$d),
        .q(k$q),
        .clock(k$clock)
    );
    top$frame$ptr ptr(
        .d(ptr$d),
        .q(ptr$q),
        .clock(ptr$clock)
    );
    top$frame$tptr tptr(
        .d(tptr$d),
        .q(tptr$q),
        .clock(tptr$clock)
    );
    
    // Update code
    always @(*) begin
        state$clock = clock;
        open$clock = clock;
        last_seq$clock = clock;
        last_code$clock = clock;
        last_len$clock = clock;
        len$clock = clock;
        seq$clock = clock;
        code$clock = clock;
        pay0$clock = clock;
        pay1$clock = clock;
        pay2$clock = clock;
        cnt$clock = clock;
        ccnt$clock = clock;
        crc$clock = clock;
        idle$clock = clock;
        r_len$clock = clock;
        r_seq$clock = clock;
        r_code$clock = clock;
        r_byte$clock = clock;
        r_buf$clock = clock;
        addr$clock = clock;
        nwords$clock = clock;
        word$clock = clock;
        k$clock = clock;
        ptr$clock = clock;
        tptr$clock = clock;
        state$d = state$q;
        open$d = open$q;
        last_seq$d = last_seq$q;
        last_code$d = last_code$q;
        last_len$d = last_len$q;
        len$d = len$q;
        seq$d = seq$q;
        code$d = code$q;
        pay0$d = pay0$q;
        pay1$d = pay1$q;
        pay2$d = pay2$q;
        cnt$d = cnt$q;
        ccnt$d = ccnt$q;
        crc$d = crc$q;
        idle$d = idle$q;
        r_len$d = r_len$q;
        r_seq$d = r_seq$q;
        r_code$d = r_code$q;
        r_byte$d = r_byte$q;
        r_buf$d = r_buf$q;
        addr$d = addr$q;
        nwords$d = nwords$q;
        word$d = word$q;
        k$d = k$q;
        ptr$d = ptr$q;
        tptr$d = tptr$q;
        rxbuf$read_clock = clock;
        rxbuf$write_clock = clock;
        txbuf$read_clock = clock;
        txbuf$write_clock = clock;
        rxbuf$write_address = cnt$q;
        rxbuf$write_data = rx_data;
        rxbuf$write_enable = 1'b0;
        rxbuf$read_address = ptr$q;
        txbuf$write_address = tptr$q;
        txbuf$write_data = word$q[(32'h18)+:(8)];
        txbuf$write_enable = 1'b0;
        txbuf$read_address = txu$buf_addr;
        crcu$crc_in = crc$q;
        crcu$byte_in = rx_data;
        txu$clock = clock;
        txu$reset = reset;
        txu$len = r_len$q;
        txu$seq = r_seq$q;
        txu$code = r_code$q;
        txu$one_byte = r_byte$q;
        txu$from_buf = r_buf$q;
        txu$tx_ready = tx_ready;
        txu$buf_data = txbuf$read_data;
        tx_data = txu$tx_data;
        tx_send = txu$tx_send;
        wr_en = 1'b0;
        wr_addr = addr$q;
        wr_data = word$q;
        rd_addr = addr$q;
        start = 1'b0;
        sh_go = 1'b0;
        sh_status = 32'h0;
        sh_seq = seq$q;
        sh_len = 32'h0;
        sh_byte = 32'h0;
        st_go = 1'b0;
        st_status = 32'h0;
        st_len = 32'h0;
        rp_go = 1'b0;
        in_rx = 1'b0;
        next_seq = last_seq$q + 32'h1;
        case (state$q)
            St$Hunt:
                begin
                    if (rx_valid & (rx_data == k_sync)) begin
                        crc$d = 64'hffffffff;
                        state$d = St$RxLen;
                    end
                end
            St$RxLen:
                begin
                    in_rx = 1'b1;
                    if (rx_valid) begin
                        if (rx_data > k_max_payload) begin
                            sh_go = 1'b1;
                            sh_status = 32'h2;
                            sh_seq = 32'h0;
                        end
                        else begin
                            len$d = rx_data;
                            crc$d = crcu$crc_out;
                            state$d = St$RxSeq;
                        end
                    end
                end
            St$RxSeq:
                begin
                    in_rx = 1'b1;
                    if (rx_valid) begin
                        seq$d = rx_data;
                        crc$d = crcu$crc_out;
                        state$d = St$RxCode;
                    end
                end
            St$RxCode:
                begin
                    in_rx = 1'b1;
                    if (rx_valid) begin
                        code$d = rx_data;
                        crc$d = crcu$crc_out;
                        cnt$d = 32'h0;
                        ccnt$d = 32'h0;
                        if (len$q == 32'h0) begin
                            state$d = St$RxCrc;
                        end
                        else begin
                            state$d = St$RxPay;
                        end
                    end
                end
            St$RxPay:
                begin
                    in_rx = 1'b1;
                    if (rx_valid) begin
                        rxbuf$write_enable = 1'b1;
                        crc$d = crcu$crc_out;
                        if (cnt$q == 32'h0) begin
                            pay0$d = rx_data;
                        end
                        if (cnt$q == 32'h1) begin
                            pay1$d = rx_data;
                        end
                        if (cnt$q == 32'h2) begin
                            pay2$d = rx_data;
                        end
                        cnt$d = cnt$q + 32'h1;
                        if (cnt$q + 32'h1 == len$q) begin
                            state$d = St$RxCrc;
                        end
                    end
                end
            St$RxCrc:
                begin
                    in_rx = 1'b1;
                    if (rx_valid) begin
                        crc$d = crcu$crc_out;
                        ccnt$d = ccnt$q + 32'h1;
                        if (ccnt$q == 32'h3) begin
                            state$d = St$Decide;
                        end
                    end
                end
            St$Decide:
                begin
                    addr$d = (((pay0$q) & 16'hffff) << 32'h8) | ((pay1$q) & 16'hffff);
                    ptr$d = 32'h2;
                    tptr$d = 32'h0;
                    k$d = 32'h0;
                    if (crc$q != k_residue) begin
                        sh_go = 1'b1;
                        sh_status = 32'h1;
                    end
                    else if (code$q == 32'h1) begin
                        if (len$q != 32'h0) begin
                            sh_go = 1'b1;
                            sh_status = 32'h5;
                        end
                        else begin
                            open$d = 1'b1;
                            last_seq$d = seq$q;
                            state$d = St$Hello;
                        end
                    end
                    else if (~open$q) begin
                        sh_go = 1'b1;
                        sh_status = 32'h7;
                    end
                    else if (seq$q == last_seq$q) begin
                        rp_go = 1'b1;
                    end
                    else if (seq$q != next_seq) begin
                        sh_go = 1'b1;
                        sh_status = 32'h6;
                        sh_len = 32'h1;
                        sh_byte = next_seq;
                    end
                    else begin
                        last_seq$d = seq$q;
                        if (code$q == 32'h10) begin
                            if ((len$q < 32'h6) | (len$q[(32'h0)+:(2)] != 32'h2)) begin
                                st_go = 1'b1;
                                st_status = 32'h5;
                            end
                            else if (busy) begin
                                st_go = 1'b1;
                                st_status = 32'h8;
                            end
                            else begin
                                nwords$d = len$q >> 32'h2;
                                state$d = St$WrRead;
                            end
                        end
                        else if (code$q == 32'h20) begin
                            if ((len$q != 32'h3) | (pay2$q == 32'h0) | (pay2$q > k_max_words)) begin
                                st_go = 1'b1;
                                st_status = 32'h5;
                            end
                            else begin
                                nwords$d = pay2$q;
                                state$d = St$RdEcho0;
                            end
                        end
                        else if (code$q == 32'h30) begin
                            if (len$q != 32'h0) begin
                                st_go = 1'b1;
                                st_status = 32'h5;
                            end
                            else if (busy) begin
                                st_go = 1'b1;
                                st_status = 32'h8;
                            end
                            else begin
                                start = 1'b1;
                                st_go = 1'b1;
                                st_status = 32'h0;
                            end
                        end
                        else begin
                            st_go = 1'b1;
                            st_status = 32'h4;
                        end
                    end
                end
            St$WrRead:
                begin
                    state$d = St$WrLatch;
                end
            St$WrLatch:
                begin
                    word$d = (word$q << 32'h8) | ((rxbuf$read_data) & 32'hffffffff);
                    ptr$d = ptr$q + 32'h1;
                    k$d = k$q + 32'h1;
                    if (k$q == 32'h3) begin
                        state$d = St$WrIssue;
                    end
                    else begin
                        state$d = St$WrRead;
                    end
                end
            St$WrIssue:
                begin
                    wr_en = 1'b1;
                    addr$d = addr$q + 32'h1;
                    nwords$d = nwords$q - 32'h1;
                    if (nwords$q == 32'h1) begin
                        st_go = 1'b1;
                        st_status = 32'h0;
                    end
                    else begin
                        state$d = St$WrRead;
                    end
                end
            St$RdEcho0:
                begin
                    txbuf$write_enable = 1'b1;
                    txbuf$write_data = pay0$q;
                    tptr$d = tptr$q + 32'h1;
                    state$d = St$RdEcho1;
                end
            St$RdEcho1:
                begin
                    txbuf$write_enable = 1'b1;
                    txbuf$write_data = pay1$q;
                    tptr$d = tptr$q + 32'h1;
                    state$d = St$RdAddr;
                end
            St$RdAddr:
                begin
                    state$d = St$RdWait;
                end
            St$RdWait:
                begin
                    state$d = St$RdCap;
                end
            St$RdCap:
                begin
                    word$d = rd_data;
                    k$d = 32'h0;
                    state$d = St$RdPut;
                end
            St$RdPut:
                begin
                    txbuf$write_enable = 1'b1;
                    word$d = word$q << 32'h8;
                    tptr$d = tptr$q + 32'h1;
                    k$d = k$q + 32'h1;
                    if (k$q == 32'h3) begin
                        addr$d = addr$q + 32'h1;
                        nwords$d = nwords$q - 32'h1;
                        if (nwords$q == 32'h1) begin
                            st_go = 1'b1;
                            st_status = 32'h0;
                            st_len = tptr$q + 32'h1;
                        end
                        else begin
                            state$d = St$RdAddr;
                        end
                    end
                end
            St$Hello:
                begin
                    txbuf$write_enable = 1'b1;
                    txbuf$write_address = ((k$q) & 8'hff);
                    if (k$q == 32'h0) begin
                        txbuf$write_data = k_version;
                    end
                    else if (k$q == 32'h1) begin
                        txbuf$write_data = k_max_words;
                    end
                    else if (k$q == 32'h2) begin
                        txbuf$write_data = k_t_hi;
                    end
                    else begin
                        txbuf$write_data = k_t_lo;
                    end
                    k$d = k$q + 32'h1;
                    if (k$q == 32'h3) begin
                        st_go = 1'b1;
                        st_status = 32'h0;
                        st_len = 32'h4;
                    end
                end
            St$Tx:
                begin
                    if (txu$done) begin
                        state$d = St$Hunt;
                    end
                end
            default:
                begin
                    state$d = St$Hunt;
                end
        endcase
        listening = in_rx | (state$q == St$Hunt);
        if (in_rx) begin
            if (rx_valid) begin
                idle$d = 32'h0;
            end
            else begin
                idle$d = idle$q + 32'h1;
                if (idle$q == k_timeout) begin
                    sh_go = 1'b1;
                    sh_status = 32'h3;
                    if ((state$q == St$RxLen) | (state$q == St$RxSeq)) begin
                        sh_seq = 32'h0;
                    end
                end
            end
        end
        else begin
            idle$d = 32'h0;
        end
        if (sh_go) begin
            r_len$d = sh_len;
            r_seq$d = sh_seq;
            r_code$d = sh_status | 32'h80;
            r_byte$d = sh_byte;
            r_buf$d = 1'b0;
            state$d = St$Tx;
        end
        if (st_go) begin
            last_code$d = st_status | 32'h80;
            last_len$d = st_len;
            r_len$d = st_len;
            r_seq$d = seq$q;
            r_code$d = st_status | 32'h80;
            r_buf$d = 1'b1;
            state$d = St$Tx;
        end
        if (rp_go) begin
            r_len$d = last_len$q;
            r_seq$d = last_seq$q;
            r_code$d = last_code$q;
            r_buf$d = 1'b1;
            state$d = St$Tx;
        end
        txu$go = sh_go | st_go | rp_go;
        if (reset) begin
            open$d = 1'b0;
            state$d = St$Hunt;
        end
    end
    
endmodule // top$frame


module top$frame$addr(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$addr


module top$frame$ccnt(d,q,clock);
    
    // Module arguments
    input wire  [1:0] d;
    output reg  [1:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 2'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$ccnt


module top$frame$cnt(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$cnt


module top$frame$code(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$code


module top$frame$crc(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 32'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$crc


module top$frame$crcu(crc_in,byte_in,crc_out);
    
    // Module arguments
    input wire  [31:0] crc_in;
    input wire  [7:0] byte_in;
    output reg  [31:0] crc_out;
    
    // Update code (custom)
    reg [31:0] c;
    integer k;
    always @(*) begin
       c = crc_in ^ {24'b0, byte_in};
       for (k = 0; k < 8; k = k + 1)
          c = c[0] ? ((c >> 1) ^ 32'hEDB88320) : (c >> 1);
       crc_out = c;
    end
endmodule // top$frame$crcu


module top$frame$idle(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 32'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$idle


module top$frame$k(d,q,clock);
    
    // Module arguments
    input wire  [1:0] d;
    output reg  [1:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 2'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$k


module top$frame$last_code(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$last_code


module top$frame$last_len(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$last_len


module top$frame$last_seq(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$last_seq


module top$frame$len(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$len


module top$frame$nwords(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$nwords


module top$frame$open(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$open


module top$frame$pay0(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$pay0


module top$frame$pay1(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$pay1


module top$frame$pay2(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$pay2


module top$frame$ptr(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$ptr


module top$frame$r_buf(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$r_buf


module top$frame$r_byte(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$r_byte


module top$frame$r_code(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$r_code


module top$frame$r_len(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$r_len


module top$frame$r_seq(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$r_seq


module top$frame$rxbuf(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
    // Module arguments
    input wire  [7:0] read_address;
    input wire  read_clock;
    output reg  [7:0] read_data;
    input wire  [7:0] write_address;
    input wire  write_clock;
    input wire  [7:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg[7:0] mem[255:0];
    
    
    
    always @(posedge read_clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge write_clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
                
endmodule // top$frame$rxbuf


module top$frame$seq(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$seq


module top$frame$state(d,q,clock);
    
    // Module arguments
    input wire  [4:0] d;
    output reg  [4:0] q;
    input wire  clock;
    
    // Enums
    localparam St$Hunt = 0;
    localparam St$RxLen = 1;
    localparam St$RxSeq = 2;
    localparam St$RxCode = 3;
    localparam St$RxPay = 4;
    localparam St$RxCrc = 5;
    localparam St$Decide = 6;
    localparam St$WrRead = 7;
    localparam St$WrLatch = 8;
    localparam St$WrIssue = 9;
    localparam St$RdEcho0 = 10;
    localparam St$RdEcho1 = 11;
    localparam St$RdAddr = 12;
    localparam St$RdWait = 13;
    localparam St$RdCap = 14;
    localparam St$RdPut = 15;
    localparam St$Hello = 16;
    localparam St$Tx = 17;
    
    // Update code (custom)
    initial begin
       q = 64'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$state


module top$frame$tptr(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$tptr


module top$frame$txbuf(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
    // Module arguments
    input wire  [7:0] read_address;
    input wire  read_clock;
    output reg  [7:0] read_data;
    input wire  [7:0] write_address;
    input wire  write_clock;
    input wire  [7:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg[7:0] mem[255:0];
    
    
    
    always @(posedge read_clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge write_clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
                
endmodule // top$frame$txbuf


module top$frame$txu(clock,reset,go,len,seq,code,one_byte,from_buf,buf_addr,buf_data,tx_data,tx_send,tx_ready,done);
    
    // Module arguments
    input wire  clock;
    input wire  reset;
    input wire  go;
    input wire  [7:0] len;
    input wire  [7:0] seq;
    input wire  [7:0] code;
    input wire  [7:0] one_byte;
    input wire  from_buf;
    output reg  [7:0] buf_addr;
    input wire  [7:0] buf_data;
    output reg  [7:0] tx_data;
    output reg  tx_send;
    input wire  tx_ready;
    output reg  done;
    
    // Constant declarations
    localparam  k_sync = 8'ha5;
    
    // Enums
    localparam TxSt$Idle = 0;
    localparam TxSt$Start = 1;
    localparam TxSt$Sync = 2;
    localparam TxSt$Len = 3;
    localparam TxSt$Seq = 4;
    localparam TxSt$Code = 5;
    localparam TxSt$PayAddr = 6;
    localparam TxSt$PayData = 7;
    localparam TxSt$Crc = 8;
    
    // Stub signals
    reg  [31:0] crcu$crc_in;
    reg  [7:0] crcu$byte_in;
    wire  [31:0] crcu$crc_out;
    reg  [3:0] state$d;
    wire  [3:0] state$q;
    reg  state$clock;
    reg  [31:0] crc$d;
    wire  [31:0] crc$q;
    reg  crc$clock;
    reg  [7:0] cnt$d;
    wire  [7:0] cnt$q;
    reg  cnt$clock;
    reg  [1:0] ccnt$d;
    wire  [1:0] ccnt$q;
    reg  ccnt$clock;
    reg  [31:0] tx_crc$d;
    wire  [31:0] tx_crc$q;
    reg  tx_crc$clock;
    
    // Local signals
    reg  [7:0] tx_byte;
    
    // Sub module instances
    top$frame$txu$crcu crcu(
        .crc_in(crcu$crc_in),
        .byte_in(crcu$byte_in),
        .crc_out(crcu$crc_out)
    );
    top$frame$txu$state state(
        .d(state$d),
        .q(state$q),
        .clock(state$clock)
    );
    top$frame$txu$crc crc(
        .d(crc$d),
        .q(crc$q),
        .clock(crc$clock)
    );
    top$frame$txu$cnt cnt(
        .d(cnt$d),
        .q(cnt$q),
        .clock(cnt$clock)
    );
    top$frame$txu$ccnt ccnt(
        .d(ccnt$d),
        .q(ccnt$q),
        .clock(ccnt$clock)
    );
    top$frame$txu$tx_crc tx_crc(
        .d(tx_crc$d),
        .q(tx_crc$q),
        .clock(tx_crc$clock)
    );
    
    // Update code
    always @(*) begin
        state$clock = clock;
        crc$clock = clock;
        cnt$clock = clock;
        ccnt$clock = clock;
        tx_crc$clock = clock;
        state$d = state$q;
        crc$d = crc$q;
        cnt$d = cnt$q;
        ccnt$d = ccnt$q;
        tx_crc$d = tx_crc$q;
        buf_addr = cnt$q;
        crcu$crc_in = crc$q;
        tx_byte = k_sync;
        tx_send = 1'b0;
        done = 1'b0;
        case (state$q)
            TxSt$Idle:
                begin
                end
            TxSt$Start:
                begin
                    crc$d = 64'hffffffff;
                    cnt$d = 32'h0;
                    ccnt$d = 32'h0;
                    state$d = TxSt$Sync;
                end
            TxSt$Sync:
                begin
                    if (tx_ready) begin
                        tx_send = 1'b1;
                        state$d = TxSt$Len;
                    end
                end
            TxSt$Len:
                begin
                    tx_byte = len;
                    if (tx_ready) begin
                        tx_send = 1'b1;
                        crc$d = crcu$crc_out;
                        state$d = TxSt$Seq;
                    end
                end
            TxSt$Seq:
                begin
                    tx_byte = seq;
                    if (tx_ready) begin
                        tx_send = 1'b1;
                        crc$d = crcu$crc_out;
                        state$d = TxSt$Code;
                    end
                end
            TxSt$Code:
                begin
                    tx_byte = code;
                    if (tx_ready) begin
                        tx_send = 1'b1;
                        crc$d = crcu$crc_out;
                        if (len == 32'h0) begin
                            tx_crc$d = ~crcu$crc_out;
                            state$d = TxSt$Crc;
                        end
                        else begin
                            state$d = TxSt$PayAddr;
                        end
                    end
                end
            TxSt$PayAddr:
                begin
                    state$d = TxSt$PayData;
                end
            TxSt$PayData:
                begin
                    if (from_buf) begin
                        tx_byte = buf_data;
                    end
                    else begin
                        tx_byte = one_byte;
                    end
                    if (tx_ready) begin
                        tx_send = 1'b1;
                        crc$d = crcu$crc_out;
                        cnt$d = cnt$q + 32'h1;
                        if (cnt$q + 32'h1 == len) begin
                            tx_crc$d = ~crcu$crc_out;
                            state$d = TxSt$Crc;
                        end
                        else begin
                            state$d = TxSt$PayAddr;
                        end
                    end
                end
            TxSt$Crc:
                begin
                    tx_byte = tx_crc$q[(32'h0)+:(8)];
                    if (tx_ready) begin
                        tx_send = 1'b1;
                        tx_crc$d = tx_crc$q >> 32'h8;
                        ccnt$d = ccnt$q + 32'h1;
                        if (ccnt$q == 32'h3) begin
                            done = 1'b1;
                            state$d = TxSt$Idle;
                        end
                    end
                end
            default:
                begin
                    state$d = TxSt$Idle;
                end
        endcase
        tx_data = tx_byte;
        crcu$byte_in = tx_byte;
        if (go) begin
            state$d = TxSt$Start;
        end
        if (reset) begin
            state$d = TxSt$Idle;
        end
    end
    
endmodule // top$frame$txu


module top$frame$txu$ccnt(d,q,clock);
    
    // Module arguments
    input wire  [1:0] d;
    output reg  [1:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 2'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$txu$ccnt


module top$frame$txu$cnt(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$txu$cnt


module top$frame$txu$crc(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 32'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$txu$crc


module top$frame$txu$crcu(crc_in,byte_in,crc_out);
    
    // Module arguments
    input wire  [31:0] crc_in;
    input wire  [7:0] byte_in;
    output reg  [31:0] crc_out;
    
    // Update code (custom)
    reg [31:0] c;
    integer k;
    always @(*) begin
       c = crc_in ^ {24'b0, byte_in};
       for (k = 0; k < 8; k = k + 1)
          c = c[0] ? ((c >> 1) ^ 32'hEDB88320) : (c >> 1);
       crc_out = c;
    end
endmodule // top$frame$txu$crcu


module top$frame$txu$state(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Enums
    localparam TxSt$Idle = 0;
    localparam TxSt$Start = 1;
    localparam TxSt$Sync = 2;
    localparam TxSt$Len = 3;
    localparam TxSt$Seq = 4;
    localparam TxSt$Code = 5;
    localparam TxSt$PayAddr = 6;
    localparam TxSt$PayData = 7;
    localparam TxSt$Crc = 8;
    
    // Update code (custom)
    initial begin
       q = 64'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$txu$state


module top$frame$txu$tx_crc(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 32'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$txu$tx_crc


module top$frame$word(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 32'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$frame$word


module top$rd_board(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 32'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$rd_board


module top$rd_sel(d,q,clock);
    
    // Module arguments
    input wire  [1:0] d;
    output reg  [1:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 2'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$rd_sel


module top$reset_sync(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$reset_sync


module top$rx(clock,rx,data,valid);
    
    // Module arguments
    input wire  clock;
    input wire  rx;
    output reg  [7:0] data;
    output reg  valid;
    
    // Constant declarations
    localparam  k_last = 16'h67;
    localparam  k_half = 16'h31;
    
    // Enums
    localparam RxState$Idle = 0;
    localparam RxState$Start = 1;
    localparam RxState$Data = 2;
    localparam RxState$Stop = 3;
    
    // Stub signals
    reg  sync1$d;
    wire  sync1$q;
    reg  sync1$clock;
    reg  sync2$d;
    wire  sync2$q;
    reg  sync2$clock;
    reg  [1:0] state$d;
    wire  [1:0] state$q;
    reg  state$clock;
    reg  [15:0] timer$d;
    wire  [15:0] timer$q;
    reg  timer$clock;
    reg  [3:0] nbit$d;
    wire  [3:0] nbit$q;
    reg  nbit$clock;
    reg  [7:0] shift$d;
    wire  [7:0] shift$q;
    reg  shift$clock;
    reg  [7:0] out$d;
    wire  [7:0] out$q;
    reg  out$clock;
    reg  strobe$d;
    wire  strobe$q;
    reg  strobe$clock;
    
    // Sub module instances
    top$rx$sync1 sync1(
        .d(sync1$d),
        .q(sync1$q),
        .clock(sync1$clock)
    );
    top$rx$sync2 sync2(
        .d(sync2$d),
        .q(sync2$q),
        .clock(sync2$clock)
    );
    top$rx$state state(
        .d(state$d),
        .q(state$q),
        .clock(state$clock)
    );
    top$rx$timer timer(
        .d(timer$d),
        .q(timer$q),
        .clock(timer$clock)
    );
    top$rx$nbit nbit(
        .d(nbit$d),
        .q(nbit$q),
        .clock(nbit$clock)
    );
    top$rx$shift shift(
        .d(shift$d),
        .q(shift$q),
        .clock(shift$clock)
    );
    top$rx$out out(
        .d(out$d),
        .q(out$q),
        .clock(out$clock)
    );
    top$rx$strobe strobe(
        .d(strobe$d),
        .q(strobe$q),
        .clock(strobe$clock)
    );
    
    // Update code
    always @(*) begin
        sync1$clock = clock;
        sync2$clock = clock;
        state$clock = clock;
        timer$clock = clock;
        nbit$clock = clock;
        shift$clock = clock;
        out$clock = clock;
        strobe$clock = clock;
        sync1$d = sync1$q;
        sync2$d = sync2$q;
        state$d = state$q;
        timer$d = timer$q;
        nbit$d = nbit$q;
        shift$d = shift$q;
        out$d = out$q;
        strobe$d = strobe$q;
        sync1$d = rx;
        sync2$d = sync1$q;
        data = out$q;
        valid = strobe$q;
        strobe$d = 1'b0;
        timer$d = timer$q + 32'h1;
        case (state$q)
            RxState$Idle:
                begin
                    timer$d = 32'h0;
                    if (~sync2$q) begin
                        state$d = RxState$Start;
                    end
                end
            RxState$Start:
                begin
                    if (timer$q == k_half) begin
                        timer$d = 32'h0;
                        nbit$d = 32'h0;
                        if (sync2$q) begin
                            state$d = RxState$Idle;
                        end
                        else begin
                            state$d = RxState$Data;
                        end
                    end
                end
            RxState$Data:
                begin
                    if (timer$q == k_last) begin
                        timer$d = 32'h0;
                        shift$d = (shift$q >> 32'h1) | (((sync2$q) & 8'hff) << 32'h7);
                        nbit$d = nbit$q + 32'h1;
                        if (nbit$q == 32'h7) begin
                            state$d = RxState$Stop;
                        end
                    end
                end
            RxState$Stop:
                begin
                    if (timer$q == k_last) begin
                        if (sync2$q) begin
                            out$d = shift$q;
                            strobe$d = 1'b1;
                        end
                        state$d = RxState$Idle;
                    end
                end
            default:
                begin
                    state$d = RxState$Idle;
                end
        endcase
    end
    
endmodule // top$rx


module top$rx$nbit(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 4'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$rx$nbit


module top$rx$out(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$rx$out


module top$rx$shift(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$rx$shift


module top$rx$state(d,q,clock);
    
    // Module arguments
    input wire  [1:0] d;
    output reg  [1:0] q;
    input wire  clock;
    
    // Enums
    localparam RxState$Idle = 0;
    localparam RxState$Start = 1;
    localparam RxState$Data = 2;
    localparam RxState$Stop = 3;
    
    // Update code (custom)
    initial begin
       q = 64'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$rx$state


module top$rx$strobe(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$rx$strobe


module top$rx$sync1(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$rx$sync1


module top$rx$sync2(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$rx$sync2


module top$rx$timer(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$rx$timer


module top$tx(clock,data,send,ready,tx);
    
    // Module arguments
    input wire  clock;
    input wire  [7:0] data;
    input wire  send;
    output reg  ready;
    output reg  tx;
    
    // Constant declarations
    localparam  k_last = 16'h67;
    
    // Stub signals
    reg  busy$d;
    wire  busy$q;
    reg  busy$clock;
    reg  [9:0] shift$d;
    wire  [9:0] shift$q;
    reg  shift$clock;
    reg  [15:0] timer$d;
    wire  [15:0] timer$q;
    reg  timer$clock;
    reg  [3:0] nbit$d;
    wire  [3:0] nbit$q;
    reg  nbit$clock;
    
    // Sub module instances
    top$tx$busy busy(
        .d(busy$d),
        .q(busy$q),
        .clock(busy$clock)
    );
    top$tx$shift shift(
        .d(shift$d),
        .q(shift$q),
        .clock(shift$clock)
    );
    top$tx$timer timer(
        .d(timer$d),
        .q(timer$q),
        .clock(timer$clock)
    );
    top$tx$nbit nbit(
        .d(nbit$d),
        .q(nbit$q),
        .clock(nbit$clock)
    );
    
    // Update code
    always @(*) begin
        busy$clock = clock;
        shift$clock = clock;
        timer$clock = clock;
        nbit$clock = clock;
        busy$d = busy$q;
        shift$d = shift$q;
        timer$d = timer$q;
        nbit$d = nbit$q;
        ready = ~busy$q;
        tx = 1'b1;
        if (busy$q) begin
            tx = shift$q[32'h0];
            timer$d = timer$q + 32'h1;
            if (timer$q == k_last) begin
                timer$d = 32'h0;
                shift$d = (shift$q >> 32'h1) | 32'h200;
                nbit$d = nbit$q + 32'h1;
                if (nbit$q == 32'h9) begin
                    busy$d = 1'b0;
                end
            end
        end
        else if (send) begin
            shift$d = (((data) & 10'h3ff) << 32'h1) | 32'h200;
            timer$d = 32'h0;
            nbit$d = 32'h0;
            busy$d = 1'b1;
        end
    end
    
endmodule // top$tx


module top$tx$busy(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$tx$busy


module top$tx$nbit(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 4'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$tx$nbit


module top$tx$shift(d,q,clock);
    
    // Module arguments
    input wire  [9:0] d;
    output reg  [9:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 10'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$tx$shift


module top$tx$timer(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$tx$timer
