

module top(clock,reset,uart_rx,uart_tx,busy_in,start_out,listening);
    
    // Module arguments
    input wire  clock;
    input wire  reset;
    input wire  uart_rx;
    output reg  uart_tx;
    input wire  busy_in;
    output reg  start_out;
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
    reg  [2:0] mem$read_address;
    reg  mem$read_clock;
    wire  [31:0] mem$read_data;
    reg  [2:0] mem$write_address;
    reg  mem$write_clock;
    reg  [31:0] mem$write_data;
    reg  mem$write_enable;
    reg  reset_sync$d;
    wire  reset_sync$q;
    reg  reset_sync$clock;
    
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
    top$mem mem(
        .read_address(mem$read_address),
        .read_clock(mem$read_clock),
        .read_data(mem$read_data),
        .write_address(mem$write_address),
        .write_clock(mem$write_clock),
        .write_data(mem$write_data),
        .write_enable(mem$write_enable)
    );
    top$reset_sync reset_sync(
        .d(reset_sync$d),
        .q(reset_sync$q),
        .clock(reset_sync$clock)
    );
    
    // Update code
    always @(*) begin
        reset_sync$clock = clock;
        reset_sync$d = reset_sync$q;
        rx$clock = clock;
        tx$clock = clock;
        frame$clock = clock;
        mem$read_clock = clock;
        mem$write_clock = clock;
        reset_sync$d = reset;
        frame$reset = reset_sync$q;
        rx$rx = uart_rx;
        frame$rx_data = rx$data;
        frame$rx_valid = rx$valid;
        tx$data = frame$tx_data;
        tx$send = frame$tx_send;
        frame$tx_ready = tx$ready;
        uart_tx = tx$tx;
        mem$write_address = frame$wr_addr[(32'h0)+:(3)];
        mem$write_data = frame$wr_data;
        mem$write_enable = frame$wr_en;
        mem$read_address = frame$rd_addr[(32'h0)+:(3)];
        frame$rd_data = mem$read_data;
        frame$busy = busy_in;
        start_out = frame$start;
        listening = frame$listening;
    end
    
endmodule // top


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
    localparam St$TxStart = 17;
    localparam St$TxSync = 18;
    localparam St$TxLen = 19;
    localparam St$TxSeq = 20;
    localparam St$TxCode = 21;
    localparam St$TxPayAddr = 22;
    localparam St$TxPayData = 23;
    localparam St$TxCrc = 24;
    
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
    reg  [31:0] tx_crc$d;
    wire  [31:0] tx_crc$q;
    reg  tx_crc$clock;
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
    reg  [7:0] crc_byte;
    reg  in_rx;
    reg  [7:0] next_seq;
    reg  [7:0] tx_byte;
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
    top$frame$tx_crc tx_crc(
        .d(tx_crc$d),
        .q(tx_crc$q),
        .clock(tx_crc$clock)
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
        tx_crc$clock = clock;
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
        tx_crc$d = tx_crc$q;
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
        txbuf$read_address = cnt$q;
        crc_byte = rx_data;
        crcu$crc_in = crc$q;
        crcu$byte_in = crc_byte;
        tx_byte = k_sync;
        tx_data = tx_byte;
        tx_send = 1'b0;
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
            St$TxStart:
                begin
                    crc$d = 64'hffffffff;
                    cnt$d = 32'h0;
                    ccnt$d = 32'h0;
                    state$d = St$TxSync;
                end
            St$TxSync:
                begin
                    if (tx_ready) begin
                        tx_send = 1'b1;
                        state$d = St$TxLen;
                    end
                end
            St$TxLen:
                begin
                    tx_byte = r_len$q;
                    crc_byte = tx_byte;
                    if (tx_ready) begin
                        tx_send = 1'b1;
                        crc$d = crcu$crc_out;
                        state$d = St$TxSeq;
                    end
                end
            St$TxSeq:
                begin
                    tx_byte = r_seq$q;
                    crc_byte = tx_byte;
                    if (tx_ready) begin
                        tx_send = 1'b1;
                        crc$d = crcu$crc_out;
                        state$d = St$TxCode;
                    end
                end
            St$TxCode:
                begin
                    tx_byte = r_code$q;
                    crc_byte = tx_byte;
                    if (tx_ready) begin
                        tx_send = 1'b1;
                        crc$d = crcu$crc_out;
                        if (r_len$q == 32'h0) begin
                            tx_crc$d = ~crcu$crc_out;
                            state$d = St$TxCrc;
                        end
                        else begin
                            state$d = St$TxPayAddr;
                        end
                    end
                end
            St$TxPayAddr:
                begin
                    state$d = St$TxPayData;
                end
            St$TxPayData:
                begin
                    if (r_buf$q) begin
                        tx_byte = txbuf$read_data;
                    end
                    else begin
                        tx_byte = r_byte$q;
                    end
                    crc_byte = tx_byte;
                    if (tx_ready) begin
                        tx_send = 1'b1;
                        crc$d = crcu$crc_out;
                        cnt$d = cnt$q + 32'h1;
                        if (cnt$q + 32'h1 == r_len$q) begin
                            tx_crc$d = ~crcu$crc_out;
                            state$d = St$TxCrc;
                        end
                        else begin
                            state$d = St$TxPayAddr;
                        end
                    end
                end
            St$TxCrc:
                begin
                    tx_byte = tx_crc$q[(32'h0)+:(8)];
                    if (tx_ready) begin
                        tx_send = 1'b1;
                        tx_crc$d = tx_crc$q >> 32'h8;
                        ccnt$d = ccnt$q + 32'h1;
                        if (ccnt$q == 32'h3) begin
                            state$d = St$Hunt;
                        end
                    end
                end
            default:
                begin
                    state$d = St$Hunt;
                end
        endcase
        tx_data = tx_byte;
        crcu$byte_in = crc_byte;
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
            state$d = St$TxStart;
        end
        if (st_go) begin
            last_code$d = st_status | 32'h80;
            last_len$d = st_len;
            r_len$d = st_len;
            r_seq$d = seq$q;
            r_code$d = st_status | 32'h80;
            r_buf$d = 1'b1;
            state$d = St$TxStart;
        end
        if (rp_go) begin
            r_len$d = last_len$q;
            r_seq$d = last_seq$q;
            r_code$d = last_code$q;
            r_buf$d = 1'b1;
            state$d = St$TxStart;
        end
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
    localparam St$TxStart = 17;
    localparam St$TxSync = 18;
    localparam St$TxLen = 19;
    localparam St$TxSeq = 20;
    localparam St$TxCode = 21;
    localparam St$TxPayAddr = 22;
    localparam St$TxPayData = 23;
    localparam St$TxCrc = 24;
    
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


module top$frame$tx_crc(d,q,clock);
    
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
          
endmodule // top$frame$tx_crc


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


module top$mem(read_address,read_clock,read_data,write_address,write_clock,write_data,write_enable);
    
    // Module arguments
    input wire  [2:0] read_address;
    input wire  read_clock;
    output reg  [31:0] read_data;
    input wire  [2:0] write_address;
    input wire  write_clock;
    input wire  [31:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg[31:0] mem[7:0];
    
    
    
    always @(posedge read_clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge write_clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
                
endmodule // top$mem


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
