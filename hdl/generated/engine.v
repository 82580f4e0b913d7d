

module top(clock,wr_en,wr_addr,wr_data,rd_addr,rd_data,start,busy);
    
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
    localparam  k_vb = 8'h7;
    localparam  k_vb2 = 8'he;
    localparam  k_ab = 8'h4;
    localparam  k_d = 16'h10;
    localparam  k_vcap = 16'h80;
    localparam  k_pcap = 16'h2000;
    localparam  k_info = 32'h46d710;
    localparam  k_amask = 8'hf;
    
    // Enums
    localparam Phase$Idle = 0;
    localparam Phase$HRun = 1;
    localparam Phase$HScan = 2;
    localparam Phase$HScanLast = 3;
    localparam Phase$HCheck = 4;
    localparam Phase$SFetch = 5;
    localparam Phase$SDecode = 6;
    localparam Phase$SB = 7;
    localparam Phase$SBLast = 8;
    localparam Phase$STMul = 9;
    localparam Phase$SScan = 10;
    localparam Phase$SScanLast = 11;
    localparam Phase$SCheck = 12;
    
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
    reg  mode_soft$d;
    wire  mode_soft$q;
    reg  mode_soft$clock;
    reg  [15:0] max_rounds$d;
    wire  [15:0] max_rounds$q;
    reg  max_rounds$clock;
    reg  [15:0] num_instr$d;
    wire  [15:0] num_instr$q;
    reg  num_instr$clock;
    reg  [15:0] num_vars$d;
    wire  [15:0] num_vars$q;
    reg  num_vars$clock;
    reg  [15:0] width$d;
    wire  [15:0] width$q;
    reg  width$clock;
    reg  [3:0] phase$d;
    wire  [3:0] phase$q;
    reg  phase$clock;
    reg  [3:0] outcome$d;
    wire  [3:0] outcome$q;
    reg  outcome$clock;
    reg  [31:0] cycles$d;
    wire  [31:0] cycles$q;
    reg  cycles$clock;
    reg  [15:0] rounds$d;
    wire  [15:0] rounds$q;
    reg  rounds$clock;
    reg  [15:0] wipe_var$d;
    wire  [15:0] wipe_var$q;
    reg  wipe_var$clock;
    reg  changed$d;
    wire  changed$q;
    reg  changed$clock;
    reg  any_empty$d;
    wire  any_empty$q;
    reg  any_empty$clock;
    reg  [15:0] pc$d;
    wire  [15:0] pc$q;
    reg  pc$clock;
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
    reg  [2:0] rd_region$d;
    wire  [2:0] rd_region$q;
    reg  rd_region$clock;
    reg  [7:0] rd_a$d;
    wire  [7:0] rd_a$q;
    reg  rd_a$clock;
    reg  [31:0] rd_reg$d;
    wire  [31:0] rd_reg$q;
    reg  rd_reg$clock;
    
    // Local signals
    reg  idle;
    reg  host_wr;
    reg  [2:0] wr_region;
    reg  [12:0] wr_off;
    reg  [2:0] rd_region_now;
    reg  [12:0] rd_off;
    reg  [6:0] f_tgt;
    reg  [6:0] f_src;
    reg  [5:0] f_rel;
    reg  [15:0] support;
    reg  [15:0] cur;
    reg  [15:0] newv;
    reg  [15:0] row;
    reg  [15:0] rd_row;
    reg  [7:0] w8;
    reg  [10:0] src_addr;
    reg  [10:0] tgt_addr;
    reg  [10:0] scan_addr;
    reg  [15:0] ma;
    reg  [15:0] mb;
    reg  [31:0] prod;
    reg  [31:0] rnd;
    reg  [15:0] mres;
    
    // Sub module instances
    top$prog prog(
        .clock(prog$clock),
        .address(prog$address),
        .write_data(prog$write_data),
        .write_enable(prog$write_enable),
        .read_data(prog$read_data)
    );
    top$rel$0 rel$0(
        .read_address(rel$0$read_address),
        .read_clock(rel$0$read_clock),
        .read_data(rel$0$read_data),
        .write_address(rel$0$write_address),
        .write_clock(rel$0$write_clock),
        .write_data(rel$0$write_data),
        .write_enable(rel$0$write_enable)
    );
    top$rel$1 rel$1(
        .read_address(rel$1$read_address),
        .read_clock(rel$1$read_clock),
        .read_data(rel$1$read_data),
        .write_address(rel$1$write_address),
        .write_clock(rel$1$write_clock),
        .write_data(rel$1$write_data),
        .write_enable(rel$1$write_enable)
    );
    top$rel$2 rel$2(
        .read_address(rel$2$read_address),
        .read_clock(rel$2$read_clock),
        .read_data(rel$2$read_data),
        .write_address(rel$2$write_address),
        .write_clock(rel$2$write_clock),
        .write_data(rel$2$write_data),
        .write_enable(rel$2$write_enable)
    );
    top$rel$3 rel$3(
        .read_address(rel$3$read_address),
        .read_clock(rel$3$read_clock),
        .read_data(rel$3$read_data),
        .write_address(rel$3$write_address),
        .write_clock(rel$3$write_clock),
        .write_data(rel$3$write_data),
        .write_enable(rel$3$write_enable)
    );
    top$rel$4 rel$4(
        .read_address(rel$4$read_address),
        .read_clock(rel$4$read_clock),
        .read_data(rel$4$read_data),
        .write_address(rel$4$write_address),
        .write_clock(rel$4$write_clock),
        .write_data(rel$4$write_data),
        .write_enable(rel$4$write_enable)
    );
    top$rel$5 rel$5(
        .read_address(rel$5$read_address),
        .read_clock(rel$5$read_clock),
        .read_data(rel$5$read_data),
        .write_address(rel$5$write_address),
        .write_clock(rel$5$write_clock),
        .write_data(rel$5$write_data),
        .write_enable(rel$5$write_enable)
    );
    top$rel$6 rel$6(
        .read_address(rel$6$read_address),
        .read_clock(rel$6$read_clock),
        .read_data(rel$6$read_data),
        .write_address(rel$6$write_address),
        .write_clock(rel$6$write_clock),
        .write_data(rel$6$write_data),
        .write_enable(rel$6$write_enable)
    );
    top$rel$7 rel$7(
        .read_address(rel$7$read_address),
        .read_clock(rel$7$read_clock),
        .read_data(rel$7$read_data),
        .write_address(rel$7$write_address),
        .write_clock(rel$7$write_clock),
        .write_data(rel$7$write_data),
        .write_enable(rel$7$write_enable)
    );
    top$rel$8 rel$8(
        .read_address(rel$8$read_address),
        .read_clock(rel$8$read_clock),
        .read_data(rel$8$read_data),
        .write_address(rel$8$write_address),
        .write_clock(rel$8$write_clock),
        .write_data(rel$8$write_data),
        .write_enable(rel$8$write_enable)
    );
    top$rel$9 rel$9(
        .read_address(rel$9$read_address),
        .read_clock(rel$9$read_clock),
        .read_data(rel$9$read_data),
        .write_address(rel$9$write_address),
        .write_clock(rel$9$write_clock),
        .write_data(rel$9$write_data),
        .write_enable(rel$9$write_enable)
    );
    top$rel$10 rel$10(
        .read_address(rel$10$read_address),
        .read_clock(rel$10$read_clock),
        .read_data(rel$10$read_data),
        .write_address(rel$10$write_address),
        .write_clock(rel$10$write_clock),
        .write_data(rel$10$write_data),
        .write_enable(rel$10$write_enable)
    );
    top$rel$11 rel$11(
        .read_address(rel$11$read_address),
        .read_clock(rel$11$read_clock),
        .read_data(rel$11$read_data),
        .write_address(rel$11$write_address),
        .write_clock(rel$11$write_clock),
        .write_data(rel$11$write_data),
        .write_enable(rel$11$write_enable)
    );
    top$rel$12 rel$12(
        .read_address(rel$12$read_address),
        .read_clock(rel$12$read_clock),
        .read_data(rel$12$read_data),
        .write_address(rel$12$write_address),
        .write_clock(rel$12$write_clock),
        .write_data(rel$12$write_data),
        .write_enable(rel$12$write_enable)
    );
    top$rel$13 rel$13(
        .read_address(rel$13$read_address),
        .read_clock(rel$13$read_clock),
        .read_data(rel$13$read_data),
        .write_address(rel$13$write_address),
        .write_clock(rel$13$write_clock),
        .write_data(rel$13$write_data),
        .write_enable(rel$13$write_enable)
    );
    top$rel$14 rel$14(
        .read_address(rel$14$read_address),
        .read_clock(rel$14$read_clock),
        .read_data(rel$14$read_data),
        .write_address(rel$14$write_address),
        .write_clock(rel$14$write_clock),
        .write_data(rel$14$write_data),
        .write_enable(rel$14$write_enable)
    );
    top$rel$15 rel$15(
        .read_address(rel$15$read_address),
        .read_clock(rel$15$read_clock),
        .read_data(rel$15$read_data),
        .write_address(rel$15$write_address),
        .write_clock(rel$15$write_clock),
        .write_data(rel$15$write_data),
        .write_enable(rel$15$write_enable)
    );
    top$hard_a hard_a(
        .read_address(hard_a$read_address),
        .read_clock(hard_a$read_clock),
        .read_data(hard_a$read_data),
        .write_address(hard_a$write_address),
        .write_clock(hard_a$write_clock),
        .write_data(hard_a$write_data),
        .write_enable(hard_a$write_enable)
    );
    top$hard_b hard_b(
        .read_address(hard_b$read_address),
        .read_clock(hard_b$read_clock),
        .read_data(hard_b$read_data),
        .write_address(hard_b$write_address),
        .write_clock(hard_b$write_clock),
        .write_data(hard_b$write_data),
        .write_enable(hard_b$write_enable)
    );
    top$soft_a soft_a(
        .clock(soft_a$clock),
        .address(soft_a$address),
        .write_data(soft_a$write_data),
        .write_enable(soft_a$write_enable),
        .read_data(soft_a$read_data)
    );
    top$soft_b soft_b(
        .clock(soft_b$clock),
        .address(soft_b$address),
        .write_data(soft_b$write_data),
        .write_enable(soft_b$write_enable),
        .read_data(soft_b$read_data)
    );
    top$mode_soft mode_soft(
        .d(mode_soft$d),
        .q(mode_soft$q),
        .clock(mode_soft$clock)
    );
    top$max_rounds max_rounds(
        .d(max_rounds$d),
        .q(max_rounds$q),
        .clock(max_rounds$clock)
    );
    top$num_instr num_instr(
        .d(num_instr$d),
        .q(num_instr$q),
        .clock(num_instr$clock)
    );
    top$num_vars num_vars(
        .d(num_vars$d),
        .q(num_vars$q),
        .clock(num_vars$clock)
    );
    top$width width(
        .d(width$d),
        .q(width$q),
        .clock(width$clock)
    );
    top$phase phase(
        .d(phase$d),
        .q(phase$q),
        .clock(phase$clock)
    );
    top$outcome outcome(
        .d(outcome$d),
        .q(outcome$q),
        .clock(outcome$clock)
    );
    top$cycles cycles(
        .d(cycles$d),
        .q(cycles$q),
        .clock(cycles$clock)
    );
    top$rounds rounds(
        .d(rounds$d),
        .q(rounds$q),
        .clock(rounds$clock)
    );
    top$wipe_var wipe_var(
        .d(wipe_var$d),
        .q(wipe_var$q),
        .clock(wipe_var$clock)
    );
    top$changed changed(
        .d(changed$d),
        .q(changed$q),
        .clock(changed$clock)
    );
    top$any_empty any_empty(
        .d(any_empty$d),
        .q(any_empty$q),
        .clock(any_empty$clock)
    );
    top$pc pc(
        .d(pc$d),
        .q(pc$q),
        .clock(pc$clock)
    );
    top$r_valid r_valid(
        .d(r_valid$d),
        .q(r_valid$q),
        .clock(r_valid$clock)
    );
    top$x_valid x_valid(
        .d(x_valid$d),
        .q(x_valid$q),
        .clock(x_valid$clock)
    );
    top$x_tgt x_tgt(
        .d(x_tgt$d),
        .q(x_tgt$q),
        .clock(x_tgt$clock)
    );
    top$lw_valid lw_valid(
        .d(lw_valid$d),
        .q(lw_valid$q),
        .clock(lw_valid$clock)
    );
    top$lw_tgt lw_tgt(
        .d(lw_tgt$d),
        .q(lw_tgt$q),
        .clock(lw_tgt$clock)
    );
    top$lw_val lw_val(
        .d(lw_val$d),
        .q(lw_val$q),
        .clock(lw_val$clock)
    );
    top$sv sv(
        .d(sv$d),
        .q(sv$q),
        .clock(sv$clock)
    );
    top$sa sa(
        .d(sa$d),
        .q(sa$q),
        .clock(sa$clock)
    );
    top$s_valid s_valid(
        .d(s_valid$d),
        .q(s_valid$q),
        .clock(s_valid$clock)
    );
    top$s_prev_v s_prev_v(
        .d(s_prev_v$d),
        .q(s_prev_v$q),
        .clock(s_prev_v$clock)
    );
    top$s_prev_addr s_prev_addr(
        .d(s_prev_addr$d),
        .q(s_prev_addr$q),
        .clock(s_prev_addr$clock)
    );
    top$ins_tgt ins_tgt(
        .d(ins_tgt$d),
        .q(ins_tgt$q),
        .clock(ins_tgt$clock)
    );
    top$ins_src ins_src(
        .d(ins_src$d),
        .q(ins_src$q),
        .clock(ins_src$clock)
    );
    top$ins_rel ins_rel(
        .d(ins_rel$d),
        .q(ins_rel$q),
        .clock(ins_rel$clock)
    );
    top$a a(
        .d(a$d),
        .q(a$q),
        .clock(a$clock)
    );
    top$b b(
        .d(b$d),
        .q(b$q),
        .clock(b$clock)
    );
    top$cb cb(
        .d(cb$d),
        .q(cb$q),
        .clock(cb$clock)
    );
    top$cv cv(
        .d(cv$d),
        .q(cv$q),
        .clock(cv$clock)
    );
    top$keep keep(
        .d(keep$d),
        .q(keep$q),
        .clock(keep$clock)
    );
    top$rd_region rd_region(
        .d(rd_region$d),
        .q(rd_region$q),
        .clock(rd_region$clock)
    );
    top$rd_a rd_a(
        .d(rd_a$d),
        .q(rd_a$q),
        .clock(rd_a$clock)
    );
    top$rd_reg rd_reg(
        .d(rd_reg$d),
        .q(rd_reg$q),
        .clock(rd_reg$clock)
    );
    
    // Update code
    always @(*) begin
        mode_soft$clock = clock;
        max_rounds$clock = clock;
        num_instr$clock = clock;
        num_vars$clock = clock;
        width$clock = clock;
        phase$clock = clock;
        outcome$clock = clock;
        cycles$clock = clock;
        rounds$clock = clock;
        wipe_var$clock = clock;
        changed$clock = clock;
        any_empty$clock = clock;
        pc$clock = clock;
        r_valid$clock = clock;
        x_valid$clock = clock;
        x_tgt$clock = clock;
        lw_valid$clock = clock;
        lw_tgt$clock = clock;
        lw_val$clock = clock;
        sv$clock = clock;
        sa$clock = clock;
        s_valid$clock = clock;
        s_prev_v$clock = clock;
        s_prev_addr$clock = clock;
        ins_tgt$clock = clock;
        ins_src$clock = clock;
        ins_rel$clock = clock;
        a$clock = clock;
        b$clock = clock;
        cb$clock = clock;
        cv$clock = clock;
        keep$clock = clock;
        rd_region$clock = clock;
        rd_a$clock = clock;
        rd_reg$clock = clock;
        mode_soft$d = mode_soft$q;
        max_rounds$d = max_rounds$q;
        num_instr$d = num_instr$q;
        num_vars$d = num_vars$q;
        width$d = width$q;
        phase$d = phase$q;
        outcome$d = outcome$q;
        cycles$d = cycles$q;
        rounds$d = rounds$q;
        wipe_var$d = wipe_var$q;
        changed$d = changed$q;
        any_empty$d = any_empty$q;
        pc$d = pc$q;
        r_valid$d = r_valid$q;
        x_valid$d = x_valid$q;
        x_tgt$d = x_tgt$q;
        lw_valid$d = lw_valid$q;
        lw_tgt$d = lw_tgt$q;
        lw_val$d = lw_val$q;
        sv$d = sv$q;
        sa$d = sa$q;
        s_valid$d = s_valid$q;
        s_prev_v$d = s_prev_v$q;
        s_prev_addr$d = s_prev_addr$q;
        ins_tgt$d = ins_tgt$q;
        ins_src$d = ins_src$q;
        ins_rel$d = ins_rel$q;
        a$d = a$q;
        b$d = b$q;
        cb$d = cb$q;
        cv$d = cv$q;
        keep$d = keep$q;
        rd_region$d = rd_region$q;
        rd_a$d = rd_a$q;
        rd_reg$d = rd_reg$q;
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
        idle = phase$q == Phase$Idle;
        busy = ~idle;
        host_wr = wr_en & idle;
        wr_region = wr_addr[(32'hd)+:(3)];
        wr_off = wr_addr[(32'h0)+:(13)];
        rd_region_now = rd_addr[(32'hd)+:(3)];
        rd_off = rd_addr[(32'h0)+:(13)];
        w8 = width$q[(32'h0)+:(8)];
        f_tgt = prog$read_data[(32'h0)+:(7)];
        f_src = prog$read_data[(k_vb)+:(7)];
        f_rel = prog$read_data[(k_vb2)+:(6)];
        src_addr = (((ins_src$q) & 11'h7ff) << k_ab) | ((b$q) & 11'h7ff);
        tgt_addr = (((ins_tgt$q) & 11'h7ff) << k_ab) | ((a$q) & 11'h7ff);
        scan_addr = (((sv$q) & 11'h7ff) << k_ab) | ((sa$q) & 11'h7ff);
        prog$address = ((pc$q) & 13'h1fff);
        prog$write_data = ((wr_data) & 20'hfffff);
        prog$write_enable = 1'b0;
        if (idle) begin
            prog$address = ((rd_addr) & 13'h1fff);
            if (host_wr & (wr_region == 32'h1)) begin
                prog$address = ((wr_addr) & 13'h1fff);
                prog$write_enable = 1'b1;
            end
        end
        rel$0$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$0$write_data = ((wr_data) & 16'hffff);
        rel$0$write_enable = host_wr & (wr_region == 32'h2) & (((wr_addr) & 4'hf) == 0);
        rel$0$read_address = f_rel;
        if (mode_soft$q) begin
            rel$0$read_address = ins_rel$q;
        end
        if (idle) begin
            rel$0$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$1$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$1$write_data = ((wr_data) & 16'hffff);
        rel$1$write_enable = host_wr & (wr_region == 32'h2) & (((wr_addr) & 4'hf) == 1);
        rel$1$read_address = f_rel;
        if (mode_soft$q) begin
            rel$1$read_address = ins_rel$q;
        end
        if (idle) begin
            rel$1$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$2$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$2$write_data = ((wr_data) & 16'hffff);
        rel$2$write_enable = host_wr & (wr_region == 32'h2) & (((wr_addr) & 4'hf) == 2);
        rel$2$read_address = f_rel;
        if (mode_soft$q) begin
            rel$2$read_address = ins_rel$q;
        end
        if (idle) begin
            rel$2$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$3$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$3$write_data = ((wr_data) & 16'hffff);
        rel$3$write_enable = host_wr & (wr_region == 32'h2) & (((wr_addr) & 4'hf) == 3);
        rel$3$read_address = f_rel;
        if (mode_soft$q) begin
            rel$3$read_address = ins_rel$q;
        end
        if (idle) begin
            rel$3$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$4$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$4$write_data = ((wr_data) & 16'hffff);
        rel$4$write_enable = host_wr & (wr_region == 32'h2) & (((wr_addr) & 4'hf) == 4);
        rel$4$read_address = f_rel;
        if (mode_soft$q) begin
            rel$4$read_address = ins_rel$q;
        end
        if (idle) begin
            rel$4$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$5$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$5$write_data = ((wr_data) & 16'hffff);
        rel$5$write_enable = host_wr & (wr_region == 32'h2) & (((wr_addr) & 4'hf) == 5);
        rel$5$read_address = f_rel;
        if (mode_soft$q) begin
            rel$5$read_address = ins_rel$q;
        end
        if (idle) begin
            rel$5$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$6$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$6$write_data = ((wr_data) & 16'hffff);
        rel$6$write_enable = host_wr & (wr_region == 32'h2) & (((wr_addr) & 4'hf) == 6);
        rel$6$read_address = f_rel;
        if (mode_soft$q) begin
            rel$6$read_address = ins_rel$q;
        end
        if (idle) begin
            rel$6$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$7$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$7$write_data = ((wr_data) & 16'hffff);
        rel$7$write_enable = host_wr & (wr_region == 32'h2) & (((wr_addr) & 4'hf) == 7);
        rel$7$read_address = f_rel;
        if (mode_soft$q) begin
            rel$7$read_address = ins_rel$q;
        end
        if (idle) begin
            rel$7$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$8$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$8$write_data = ((wr_data) & 16'hffff);
        rel$8$write_enable = host_wr & (wr_region == 32'h2) & (((wr_addr) & 4'hf) == 8);
        rel$8$read_address = f_rel;
        if (mode_soft$q) begin
            rel$8$read_address = ins_rel$q;
        end
        if (idle) begin
            rel$8$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$9$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$9$write_data = ((wr_data) & 16'hffff);
        rel$9$write_enable = host_wr & (wr_region == 32'h2) & (((wr_addr) & 4'hf) == 9);
        rel$9$read_address = f_rel;
        if (mode_soft$q) begin
            rel$9$read_address = ins_rel$q;
        end
        if (idle) begin
            rel$9$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$10$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$10$write_data = ((wr_data) & 16'hffff);
        rel$10$write_enable = host_wr & (wr_region == 32'h2) & (((wr_addr) & 4'hf) == 10);
        rel$10$read_address = f_rel;
        if (mode_soft$q) begin
            rel$10$read_address = ins_rel$q;
        end
        if (idle) begin
            rel$10$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$11$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$11$write_data = ((wr_data) & 16'hffff);
        rel$11$write_enable = host_wr & (wr_region == 32'h2) & (((wr_addr) & 4'hf) == 11);
        rel$11$read_address = f_rel;
        if (mode_soft$q) begin
            rel$11$read_address = ins_rel$q;
        end
        if (idle) begin
            rel$11$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$12$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$12$write_data = ((wr_data) & 16'hffff);
        rel$12$write_enable = host_wr & (wr_region == 32'h2) & (((wr_addr) & 4'hf) == 12);
        rel$12$read_address = f_rel;
        if (mode_soft$q) begin
            rel$12$read_address = ins_rel$q;
        end
        if (idle) begin
            rel$12$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$13$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$13$write_data = ((wr_data) & 16'hffff);
        rel$13$write_enable = host_wr & (wr_region == 32'h2) & (((wr_addr) & 4'hf) == 13);
        rel$13$read_address = f_rel;
        if (mode_soft$q) begin
            rel$13$read_address = ins_rel$q;
        end
        if (idle) begin
            rel$13$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$14$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$14$write_data = ((wr_data) & 16'hffff);
        rel$14$write_enable = host_wr & (wr_region == 32'h2) & (((wr_addr) & 4'hf) == 14);
        rel$14$read_address = f_rel;
        if (mode_soft$q) begin
            rel$14$read_address = ins_rel$q;
        end
        if (idle) begin
            rel$14$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        rel$15$write_address = ((wr_addr >> k_ab) & 6'h3f);
        rel$15$write_data = ((wr_data) & 16'hffff);
        rel$15$write_enable = host_wr & (wr_region == 32'h2) & (((wr_addr) & 4'hf) == 15);
        rel$15$read_address = f_rel;
        if (mode_soft$q) begin
            rel$15$read_address = ins_rel$q;
        end
        if (idle) begin
            rel$15$read_address = ((rd_addr >> k_ab) & 6'h3f);
        end
        row = 32'h0;
        rd_row = 32'h0;
        if (a$q == 0) begin
            row = rel$0$read_data;
        end
        if (rd_a$q == 0) begin
            rd_row = rel$0$read_data;
        end
        if (a$q == 1) begin
            row = rel$1$read_data;
        end
        if (rd_a$q == 1) begin
            rd_row = rel$1$read_data;
        end
        if (a$q == 2) begin
            row = rel$2$read_data;
        end
        if (rd_a$q == 2) begin
            rd_row = rel$2$read_data;
        end
        if (a$q == 3) begin
            row = rel$3$read_data;
        end
        if (rd_a$q == 3) begin
            rd_row = rel$3$read_data;
        end
        if (a$q == 4) begin
            row = rel$4$read_data;
        end
        if (rd_a$q == 4) begin
            rd_row = rel$4$read_data;
        end
        if (a$q == 5) begin
            row = rel$5$read_data;
        end
        if (rd_a$q == 5) begin
            rd_row = rel$5$read_data;
        end
        if (a$q == 6) begin
            row = rel$6$read_data;
        end
        if (rd_a$q == 6) begin
            rd_row = rel$6$read_data;
        end
        if (a$q == 7) begin
            row = rel$7$read_data;
        end
        if (rd_a$q == 7) begin
            rd_row = rel$7$read_data;
        end
        if (a$q == 8) begin
            row = rel$8$read_data;
        end
        if (rd_a$q == 8) begin
            rd_row = rel$8$read_data;
        end
        if (a$q == 9) begin
            row = rel$9$read_data;
        end
        if (rd_a$q == 9) begin
            rd_row = rel$9$read_data;
        end
        if (a$q == 10) begin
            row = rel$10$read_data;
        end
        if (rd_a$q == 10) begin
            rd_row = rel$10$read_data;
        end
        if (a$q == 11) begin
            row = rel$11$read_data;
        end
        if (rd_a$q == 11) begin
            rd_row = rel$11$read_data;
        end
        if (a$q == 12) begin
            row = rel$12$read_data;
        end
        if (rd_a$q == 12) begin
            rd_row = rel$12$read_data;
        end
        if (a$q == 13) begin
            row = rel$13$read_data;
        end
        if (rd_a$q == 13) begin
            rd_row = rel$13$read_data;
        end
        if (a$q == 14) begin
            row = rel$14$read_data;
        end
        if (rd_a$q == 14) begin
            rd_row = rel$14$read_data;
        end
        if (a$q == 15) begin
            row = rel$15$read_data;
        end
        if (rd_a$q == 15) begin
            rd_row = rel$15$read_data;
        end
        hard_a$read_address = f_src;
        hard_a$write_address = ((wr_addr) & 7'h7f);
        hard_a$write_data = ((wr_data) & 16'hffff);
        hard_a$write_enable = host_wr & (wr_region == 32'h3);
        hard_b$read_address = f_tgt;
        hard_b$write_address = ((wr_addr) & 7'h7f);
        hard_b$write_data = ((wr_data) & 16'hffff);
        hard_b$write_enable = host_wr & (wr_region == 32'h3);
        if (idle) begin
            hard_a$read_address = ((rd_addr) & 7'h7f);
        end
        soft_a$address = src_addr;
        soft_a$write_data = ((wr_data) & 16'hffff);
        soft_a$write_enable = 1'b0;
        soft_b$address = tgt_addr;
        soft_b$write_data = ((wr_data) & 16'hffff);
        soft_b$write_enable = 1'b0;
        if (idle) begin
            soft_a$address = ((rd_addr) & 11'h7ff);
            if (host_wr & (wr_region == 32'h4)) begin
                soft_a$address = ((wr_addr) & 11'h7ff);
                soft_a$write_enable = 1'b1;
                soft_b$address = ((wr_addr) & 11'h7ff);
                soft_b$write_enable = 1'b1;
            end
        end
        cur = hard_b$read_data;
        if (lw_valid$q & (lw_tgt$q == x_tgt$q)) begin
            cur = lw_val$q;
        end
        support = 32'h0;
        support = (support & ~(1 << (0)) | ((|(rel$0$read_data & hard_a$read_data)) << (0)));
        support = (support & ~(1 << (1)) | ((|(rel$1$read_data & hard_a$read_data)) << (1)));
        support = (support & ~(1 << (2)) | ((|(rel$2$read_data & hard_a$read_data)) << (2)));
        support = (support & ~(1 << (3)) | ((|(rel$3$read_data & hard_a$read_data)) << (3)));
        support = (support & ~(1 << (4)) | ((|(rel$4$read_data & hard_a$read_data)) << (4)));
        support = (support & ~(1 << (5)) | ((|(rel$5$read_data & hard_a$read_data)) << (5)));
        support = (support & ~(1 << (6)) | ((|(rel$6$read_data & hard_a$read_data)) << (6)));
        support = (support & ~(1 << (7)) | ((|(rel$7$read_data & hard_a$read_data)) << (7)));
        support = (support & ~(1 << (8)) | ((|(rel$8$read_data & hard_a$read_data)) << (8)));
        support = (support & ~(1 << (9)) | ((|(rel$9$read_data & hard_a$read_data)) << (9)));
        support = (support & ~(1 << (10)) | ((|(rel$10$read_data & hard_a$read_data)) << (10)));
        support = (support & ~(1 << (11)) | ((|(rel$11$read_data & hard_a$read_data)) << (11)));
        support = (support & ~(1 << (12)) | ((|(rel$12$read_data & hard_a$read_data)) << (12)));
        support = (support & ~(1 << (13)) | ((|(rel$13$read_data & hard_a$read_data)) << (13)));
        support = (support & ~(1 << (14)) | ((|(rel$14$read_data & hard_a$read_data)) << (14)));
        support = (support & ~(1 << (15)) | ((|(rel$15$read_data & hard_a$read_data)) << (15)));
        newv = cur & support;
        ma = keep$q;
        mb = 32'h8000 - soft_a$read_data;
        if (phase$q == Phase$STMul) begin
            ma = soft_b$read_data;
            mb = 32'h8000 - keep$q;
        end
        prod = ma * mb;
        rnd = prod + 32'h4000;
        mres = rnd[(32'hf)+:(16)];
        r_valid$d = 1'b0;
        x_valid$d = r_valid$q;
        x_tgt$d = f_tgt;
        lw_valid$d = 1'b0;
        cv$d = 1'b0;
        s_valid$d = 1'b0;
        if (~idle) begin
            cycles$d = cycles$q + 32'h1;
        end
        if (cv$q & row[cb$q]) begin
            keep$d = mres;
        end
        if (s_valid$q & ~mode_soft$q) begin
            hard_a$write_address = ((s_prev_v$q) & 7'h7f);
            hard_a$write_data = hard_b$read_data;
            hard_a$write_enable = 1'b1;
            if (~|hard_b$read_data & ~any_empty$q) begin
                any_empty$d = 1'b1;
                wipe_var$d = s_prev_v$q;
            end
        end
        if (s_valid$q & mode_soft$q) begin
            soft_a$address = s_prev_addr$q;
            soft_a$write_data = soft_b$read_data;
            soft_a$write_enable = 1'b1;
        end
        case (phase$q)
            Phase$Idle:
                begin
                    if (start) begin
                        cycles$d = 32'h0;
                        rounds$d = 32'h0;
                        outcome$d = 32'h0;
                        wipe_var$d = 32'h0;
                        pc$d = 32'h0;
                        changed$d = 1'b0;
                        any_empty$d = 1'b0;
                        if ((width$q == 32'h0) | (width$q > k_d) | (num_vars$q == 32'h0) | (num_vars$q > k_vcap) | (num_instr$q > k_pcap)) begin
                            outcome$d = 32'hf;
                        end
                        else if (max_rounds$q == 32'h0) begin
                            outcome$d = 32'h3;
                            if (mode_soft$q) begin
                                outcome$d = 32'h4;
                            end
                        end
                        else if (mode_soft$q) begin
                            phase$d = Phase$SFetch;
                        end
                        else begin
                            phase$d = Phase$HRun;
                        end
                    end
                end
            Phase$HRun:
                begin
                    if (pc$q < num_instr$q) begin
                        r_valid$d = 1'b1;
                        pc$d = pc$q + 32'h1;
                    end
                    else if (~r_valid$q & ~x_valid$q) begin
                        sv$d = 32'h0;
                        phase$d = Phase$HScan;
                    end
                    if (x_valid$q) begin
                        hard_b$write_address = x_tgt$q;
                        hard_b$write_data = newv;
                        hard_b$write_enable = 1'b1;
                        lw_valid$d = 1'b1;
                        lw_tgt$d = x_tgt$q;
                        lw_val$d = newv;
                        if (newv != cur) begin
                            changed$d = 1'b1;
                        end
                    end
                end
            Phase$HScan:
                begin
                    hard_b$read_address = ((sv$q) & 7'h7f);
                    s_valid$d = 1'b1;
                    s_prev_v$d = sv$q;
                    sv$d = sv$q + 32'h1;
                    if (sv$q + 32'h1 == num_vars$q) begin
                        phase$d = Phase$HScanLast;
                    end
                end
            Phase$HScanLast:
                begin
                    phase$d = Phase$HCheck;
                end
            Phase$HCheck:
                begin
                    rounds$d = rounds$q + 32'h1;
                    phase$d = Phase$Idle;
                    if (any_empty$q) begin
                        outcome$d = 32'h2;
                    end
                    else if (~changed$q) begin
                        outcome$d = 32'h1;
                    end
                    else if (rounds$q + 32'h1 == max_rounds$q) begin
                        outcome$d = 32'h3;
                    end
                    else begin
                        pc$d = 32'h0;
                        changed$d = 1'b0;
                        any_empty$d = 1'b0;
                        phase$d = Phase$HRun;
                    end
                end
            Phase$SFetch:
                begin
                    if (pc$q < num_instr$q) begin
                        phase$d = Phase$SDecode;
                    end
                    else begin
                        sv$d = 32'h0;
                        sa$d = 32'h0;
                        phase$d = Phase$SScan;
                    end
                end
            Phase$SDecode:
                begin
                    ins_tgt$d = f_tgt;
                    ins_src$d = f_src;
                    ins_rel$d = f_rel;
                    a$d = 32'h0;
                    b$d = 32'h0;
                    keep$d = 32'h8000;
                    phase$d = Phase$SB;
                end
            Phase$SB:
                begin
                    cv$d = 1'b1;
                    cb$d = b$q;
                    b$d = b$q + 32'h1;
                    if (b$q + 32'h1 == w8) begin
                        phase$d = Phase$SBLast;
                    end
                end
            Phase$SBLast:
                begin
                    phase$d = Phase$STMul;
                end
            Phase$STMul:
                begin
                    soft_b$write_data = mres;
                    soft_b$write_enable = 1'b1;
                    a$d = a$q + 32'h1;
                    b$d = 32'h0;
                    keep$d = 32'h8000;
                    phase$d = Phase$SB;
                    if (a$q + 32'h1 == w8) begin
                        pc$d = pc$q + 32'h1;
                        phase$d = Phase$SFetch;
                    end
                end
            Phase$SScan:
                begin
                    soft_b$address = scan_addr;
                    s_valid$d = 1'b1;
                    s_prev_addr$d = scan_addr;
                    sa$d = sa$q + 32'h1;
                    if (sa$q + 32'h1 == w8) begin
                        sa$d = 32'h0;
                        sv$d = sv$q + 32'h1;
                        if (sv$q + 32'h1 == num_vars$q) begin
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
                    rounds$d = rounds$q + 32'h1;
                    pc$d = 32'h0;
                    phase$d = Phase$SFetch;
                    if (rounds$q + 32'h1 == max_rounds$q) begin
                        outcome$d = 32'h4;
                        phase$d = Phase$Idle;
                    end
                end
        endcase
        if (host_wr & (wr_region == 32'h0)) begin
            if (wr_off == 32'h0) begin
                mode_soft$d = wr_data[32'h0];
            end
            if (wr_off == 32'h1) begin
                max_rounds$d = wr_data[(32'h0)+:(16)];
            end
            if (wr_off == 32'h2) begin
                num_instr$d = wr_data[(32'h0)+:(16)];
            end
            if (wr_off == 32'h3) begin
                num_vars$d = wr_data[(32'h0)+:(16)];
            end
            if (wr_off == 32'h4) begin
                width$d = wr_data[(32'h0)+:(16)];
            end
        end
        rd_region$d = rd_region_now;
        rd_a$d = ((rd_addr) & 8'hff) & k_amask;
        rd_reg$d = 32'h0;
        if (rd_off == 32'h0) begin
            rd_reg$d = ((mode_soft$q) & 32'hffffffff);
        end
        if (rd_off == 32'h1) begin
            rd_reg$d = ((max_rounds$q) & 32'hffffffff);
        end
        if (rd_off == 32'h2) begin
            rd_reg$d = ((num_instr$q) & 32'hffffffff);
        end
        if (rd_off == 32'h3) begin
            rd_reg$d = ((num_vars$q) & 32'hffffffff);
        end
        if (rd_off == 32'h4) begin
            rd_reg$d = ((width$q) & 32'hffffffff);
        end
        if (rd_off == 32'h8) begin
            rd_reg$d = ((outcome$q) & 32'hffffffff);
            if (~idle) begin
                rd_reg$d = ((outcome$q) & 32'hffffffff) | 32'h10;
            end
        end
        if (rd_off == 32'h9) begin
            rd_reg$d = cycles$q;
        end
        if (rd_off == 32'ha) begin
            rd_reg$d = ((rounds$q) & 32'hffffffff);
        end
        if (rd_off == 32'hb) begin
            rd_reg$d = ((wipe_var$q) & 32'hffffffff);
        end
        if (rd_off == 32'hc) begin
            rd_reg$d = k_info;
        end
        rd_data = rd_reg$q;
        if (rd_region$q == 32'h1) begin
            rd_data = ((prog$read_data) & 32'hffffffff);
        end
        if (rd_region$q == 32'h2) begin
            rd_data = ((rd_row) & 32'hffffffff);
        end
        if (rd_region$q == 32'h3) begin
            rd_data = ((hard_a$read_data) & 32'hffffffff);
        end
        if (rd_region$q == 32'h4) begin
            rd_data = ((soft_a$read_data) & 32'hffffffff);
        end
    end
    
endmodule // top


module top$a(d,q,clock);
    
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
          
endmodule // top$a


module top$any_empty(d,q,clock);
    
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
          
endmodule // top$any_empty


module top$b(d,q,clock);
    
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
          
endmodule // top$b


module top$cb(d,q,clock);
    
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
          
endmodule // top$cb


module top$changed(d,q,clock);
    
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
          
endmodule // top$changed


module top$cv(d,q,clock);
    
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
          
endmodule // top$cv


module top$cycles(d,q,clock);
    
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
          
endmodule // top$cycles


module top$hard_a(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
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
                
endmodule // top$hard_a


module top$hard_b(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
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
                
endmodule // top$hard_b


module top$ins_rel(d,q,clock);
    
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
          
endmodule // top$ins_rel


module top$ins_src(d,q,clock);
    
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
          
endmodule // top$ins_src


module top$ins_tgt(d,q,clock);
    
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
          
endmodule // top$ins_tgt


module top$keep(d,q,clock);
    
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
          
endmodule // top$keep


module top$lw_tgt(d,q,clock);
    
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
          
endmodule // top$lw_tgt


module top$lw_val(d,q,clock);
    
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
          
endmodule // top$lw_val


module top$lw_valid(d,q,clock);
    
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
          
endmodule // top$lw_valid


module top$max_rounds(d,q,clock);
    
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
          
endmodule // top$max_rounds


module top$mode_soft(d,q,clock);
    
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
          
endmodule // top$mode_soft


module top$num_instr(d,q,clock);
    
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
          
endmodule // top$num_instr


module top$num_vars(d,q,clock);
    
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
          
endmodule // top$num_vars


module top$outcome(d,q,clock);
    
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
          
endmodule // top$outcome


module top$pc(d,q,clock);
    
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
          
endmodule // top$pc


module top$phase(d,q,clock);
    
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
    localparam Phase$SFetch = 5;
    localparam Phase$SDecode = 6;
    localparam Phase$SB = 7;
    localparam Phase$SBLast = 8;
    localparam Phase$STMul = 9;
    localparam Phase$SScan = 10;
    localparam Phase$SScanLast = 11;
    localparam Phase$SCheck = 12;
    
    // Update code (custom)
    initial begin
       q = 64'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // top$phase


module top$prog(clock,address,write_data,write_enable,read_data);
    
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
endmodule // top$prog


module top$r_valid(d,q,clock);
    
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
          
endmodule // top$r_valid


module top$rd_a(d,q,clock);
    
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
          
endmodule // top$rd_a


module top$rd_reg(d,q,clock);
    
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
          
endmodule // top$rd_reg


module top$rd_region(d,q,clock);
    
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
          
endmodule // top$rd_region


module top$rel$0(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
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
                
endmodule // top$rel$0


module top$rel$1(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
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
                
endmodule // top$rel$1


module top$rel$10(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
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
                
endmodule // top$rel$10


module top$rel$11(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
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
                
endmodule // top$rel$11


module top$rel$12(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
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
                
endmodule // top$rel$12


module top$rel$13(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
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
                
endmodule // top$rel$13


module top$rel$14(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
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
                
endmodule // top$rel$14


module top$rel$15(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
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
                
endmodule // top$rel$15


module top$rel$2(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
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
                
endmodule // top$rel$2


module top$rel$3(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
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
                
endmodule // top$rel$3


module top$rel$4(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
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
                
endmodule // top$rel$4


module top$rel$5(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
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
                
endmodule // top$rel$5


module top$rel$6(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
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
                
endmodule // top$rel$6


module top$rel$7(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
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
                
endmodule // top$rel$7


module top$rel$8(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
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
                
endmodule // top$rel$8


module top$rel$9(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
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
                
endmodule // top$rel$9


module top$rounds(d,q,clock);
    
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
          
endmodule // top$rounds


module top$s_prev_addr(d,q,clock);
    
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
          
endmodule // top$s_prev_addr


module top$s_prev_v(d,q,clock);
    
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
          
endmodule // top$s_prev_v


module top$s_valid(d,q,clock);
    
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
          
endmodule // top$s_valid


module top$sa(d,q,clock);
    
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
          
endmodule // top$sa


module top$soft_a(clock,address,write_data,write_enable,read_data);
    
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
endmodule // top$soft_a


module top$soft_b(clock,address,write_data,write_enable,read_data);
    
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
endmodule // top$soft_b


module top$sv(d,q,clock);
    
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
          
endmodule // top$sv


module top$width(d,q,clock);
    
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
          
endmodule // top$width


module top$wipe_var(d,q,clock);
    
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
          
endmodule // top$wipe_var


module top$x_tgt(d,q,clock);
    
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
          
endmodule // top$x_tgt


module top$x_valid(d,q,clock);
    
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
          
endmodule // top$x_valid
