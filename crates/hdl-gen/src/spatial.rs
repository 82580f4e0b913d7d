//! The spatial engine: one *fixed* program lowered to a circuit that computes a whole hard
//! Jacobi round per clock.
//!
//! The instruction engine ([`crate::engine`]) reads a program from memory and issues one
//! `revise` per clock. Here the program is known at generation time: the domain bank
//! (`n` variables x `W` bits, one flat register) is replaced every clock by
//!
//! ```text
//! next[x][a] = D[x][a] AND (for every instruction (x, y, R): OR_b (R[a][b] AND D[y][b]))
//! ```
//!
//! with every relation folded into constant masks: an instruction contributes, for each
//! target value `a`, the support wire `|(D[y] & row_a(R))`. Support wires are shared by
//! every target that uses the same (source, row mask) pair (Sudoku: 729 wires of 8 inputs,
//! each `next` bit the AND of 20 of them), and a row with no support clears the bit. This
//! is `semiring_core::interp::round` for `Boolean` (an AND of supports does not depend on
//! the instruction order), and the stop rule after each round is `interp::hard_fixpoint`'s:
//! Wipeout (lowest empty variable) before Stable before RoundLimit, a limit of 0 runs no
//! round.
//!
//! # Why structural Verilog and not `#[hdl_gen]`
//!
//! rust-hdl compiles a fixed Rust function to a fixed Verilog body, with widths as const
//! generics chosen when this crate is compiled. The circuit here is a function of the
//! program, which is data known only when the generator runs: its wiring (which source
//! feeds which bit through which mask) would have to be a loop over an arc table indexed by
//! computed values, which `#[hdl_gen]` cannot express (it resolves indices only when they
//! are loop variables or literals), and every program would need its own const-generic
//! instantiation of the bank width (`n * W`). So [`generate`] writes the netlist as
//! Verilog text, the way rust-hdl's own memories are templates; the control (load, run,
//! stop rule, read back) is a few lines of fixed RTL around it.
//!
//! # Host interface
//!
//! The instruction engine's bus (ports `clock`, `wr_en`/`wr_addr[15:0]`/`wr_data[31:0]`,
//! `rd_addr[15:0]` -> `rd_data[31:0]` one clock later, `start`, `busy`; writes ignored
//! while busy) with the subset of its register map a fixed program needs:
//!
//! | region | offset | data | contents |
//! |---|---|---|---|
//! | 0 | 1 | 16 bits | ROUNDS: the hard round limit (rw) |
//! | 0 | 8 | bits 3:0 outcome, bit 4 busy | STATUS (r): 0 none, 1 Stable, 2 Wipeout, 3 RoundLimit |
//! | 0 | 9 | 32 bits | CYCLES: round clocks of the last run, the restore clock not counted (r) |
//! | 0 | 10 | 16 bits | ROUNDS_DONE of the last run (r) |
//! | 0 | 11 | 16 bits | WIPEOUT_VAR: first empty variable, valid when STATUS is Wipeout (r) |
//! | 0 | 12 | `W \| n << 8` | INFO (r): the generated width and number of variables |
//! | 0 | 13 | 32 bits | FINGERPRINT (r): [`fingerprint`] of the program this circuit computes |
//! | 3 | variable | mask `[W-1:0]` | hard domains (rw; bits past the variable's width are dropped) |
//!
//! # Timing
//!
//! The clock that sees `start` computes round 1; every busy clock then applies the stop rule
//! to the round held in `D` (against `Q`, the domains before it) while computing the next
//! round. While running, `D` takes the next round and `Q` the current one on every clock, so
//! the stop rule drives only a few control registers and never the bank's enable: the two
//! long paths are D -> support OR -> AND of a target's supports -> D, and D, Q -> empty and
//! change reductions -> the control. The round computed in the clock that stops is undone
//! in one restore clock (`D <= Q`; `busy` stays high). So a run of `r` rounds is busy for
//! `r + 1` clocks after `start`, of which CYCLES = ROUNDS_DONE = `r` are rounds: one round
//! per clock. The result is `Q` (what region 3 reads), and a run with ROUNDS = 1 after
//! another continues round by round.

use semiring_core::Program;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;
use thiserror::Error;

/// The widest domain the generator accepts: one bus word per variable.
pub const MAX_WIDTH: usize = 32;
/// Variable capacity of the 13-bit region offset.
pub const MAX_VARS: usize = 1 << 13;

const REGION_HARD: usize = 3 << 13;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum SpatialError {
    #[error("the program's domain width {0} is above the spatial engine's {MAX_WIDTH}")]
    TooWide(usize),
    #[error("the program has {0} variables; the spatial engine takes 1..={MAX_VARS}")]
    Vars(usize),
}

/// What [`generate`] built, for reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpatialShape {
    pub num_vars: usize,
    pub width: usize,
    /// Distinct (source, row mask) support wires.
    pub supports: usize,
    /// Support inputs over all `next` bits (after removing repeats per bit).
    pub terms: usize,
    /// `next` bits that no instruction clears outright (their row has some support).
    pub live_bits: usize,
}

/// A 32-bit FNV-1a digest of the program (widths, instructions, relation rows): the circuit
/// reports it in FINGERPRINT so a driver can check it simulates the program it means.
pub fn fingerprint(p: &Program) -> u32 {
    let mut h: u32 = 0x811c9dc5;
    let mut eat = |x: u64| {
        for b in x.to_le_bytes() {
            h ^= b as u32;
            h = h.wrapping_mul(0x01000193);
        }
    };
    eat(p.widths.len() as u64);
    p.widths.iter().for_each(|&w| eat(w as u64));
    eat(p.instructions.len() as u64);
    for i in &p.instructions {
        eat(i.target as u64 | (i.source as u64) << 32);
        let r = &p.relations[i.relation as usize];
        (0..r.rows()).for_each(|a| r.row(a).iter().for_each(|&w| eat(w)));
    }
    h
}

fn low_mask(w: usize) -> u64 {
    if w >= 64 {
        u64::MAX
    } else {
        (1 << w) - 1
    }
}

/// `x` zero-extended to 32 bits in Verilog.
fn zext32(expr: &str, bits: usize) -> String {
    if bits >= 32 {
        expr.to_string()
    } else {
        format!("{{{}'b0, {expr}}}", 32 - bits)
    }
}

/// The per-bit AND terms of one round: for each `next` bit, `None` when some instruction
/// leaves it no support, else the support wires it needs.
struct Netlist {
    supports: Vec<(usize, u64)>,
    bits: Vec<Option<BTreeSet<usize>>>,
}

fn netlist(p: &Program, w: usize) -> Netlist {
    let mut index: HashMap<(usize, u64), usize> = HashMap::new();
    let mut supports = Vec::new();
    let mut bits: Vec<Option<BTreeSet<usize>>> = vec![Some(BTreeSet::new()); p.num_vars() * w];
    for ins in &p.instructions {
        let (t, s) = (ins.target as usize, ins.source as usize);
        let rel = &p.relations[ins.relation as usize];
        for a in 0..p.widths[t] {
            let mask = rel.row(a)[0] & low_mask(p.widths[s]);
            let bit = &mut bits[t * w + a];
            if mask == 0 {
                *bit = None;
                continue;
            }
            let next = supports.len();
            let id = *index.entry((s, mask)).or_insert(next);
            if id == next {
                supports.push((s, mask));
            }
            if let Some(set) = bit {
                set.insert(id);
            }
        }
    }
    Netlist { supports, bits }
}

/// Emits the lowest set flag of `wipe_flags[lo..hi]` as a balanced tree of wires (log depth,
/// off the round's path); returns the (valid, index) names of the root. A valid only the
/// parent's valid would read is not emitted when that one is not (the root's is not:
/// WIPEOUT_VAR is read only when STATUS says Wipeout).
fn priority_tree(out: &mut String, lo: usize, hi: usize, need_valid: bool, counter: &mut usize) -> (String, String) {
    if hi - lo == 1 {
        return (format!("wipe_flags[{lo}]"), format!("16'd{lo}"));
    }
    let mid = lo + (hi - lo).div_ceil(2);
    let (vl, il) = priority_tree(out, lo, mid, true, counter);
    let (vr, ir) = priority_tree(out, mid, hi, need_valid, counter);
    let k = *counter;
    *counter += 1;
    if need_valid {
        let _ = writeln!(out, "  wire pv{k} = {vl} | {vr};");
    }
    let _ = writeln!(out, "  wire [15:0] pi{k} = {vl} ? {il} : {ir};");
    (format!("pv{k}"), format!("pi{k}"))
}

/// The shape [`generate`] would build for `p`.
pub fn shape(p: &Program) -> Result<SpatialShape, SpatialError> {
    let (n, w) = check(p)?;
    let net = netlist(p, w);
    let live = net.bits.iter().enumerate().filter(|(i, b)| b.is_some() && i % w < p.widths[i / w]);
    let (mut live_bits, mut terms) = (0, 0);
    for (_, b) in live {
        live_bits += 1;
        terms += b.as_ref().map_or(0, BTreeSet::len);
    }
    Ok(SpatialShape { num_vars: n, width: w, supports: net.supports.len(), terms, live_bits })
}

fn check(p: &Program) -> Result<(usize, usize), SpatialError> {
    let (n, w) = (p.num_vars(), p.width());
    if n == 0 || n > MAX_VARS {
        return Err(SpatialError::Vars(n));
    }
    if w > MAX_WIDTH {
        return Err(SpatialError::TooWide(w));
    }
    Ok((n, w))
}

/// The spatial engine for `p` as Verilog (module `top`).
pub fn generate(p: &Program) -> Result<String, SpatialError> {
    let (n, w) = check(p)?;
    let net = netlist(p, w);
    let nw = n * w;
    let mut v = String::new();
    let _ = writeln!(
        v,
        "// Generated by hdl-gen (hdl_gen::spatial); do not edit.\n\
         // softmask spatial engine, module `top`: one hard Jacobi round per clock of a fixed program,\n\
         // {n} variables of width {w}, {} instructions, {} support wires, fingerprint {:08x}.\n\
         // Host interface and register map: crates/hdl-gen/src/spatial.rs.",
        p.instructions.len(),
        net.supports.len(),
        fingerprint(p)
    );
    v.push_str(
        "module top(\n  input wire clock,\n  input wire wr_en,\n  input wire [15:0] wr_addr,\n  input wire [31:0] wr_data,\n  \
         input wire [15:0] rd_addr,\n  output reg [31:0] rd_data,\n  input wire start,\n  output wire busy\n);\n",
    );
    let _ = writeln!(
        v,
        "  reg [{}:0] d;\n  reg [{}:0] q;\n  wire [{}:0] nx;\n  wire [{}:0] empty;",
        nw - 1,
        nw - 1,
        nw - 1,
        n - 1
    );
    v.push_str(
        "  reg [15:0] limit;\n  reg [3:0] status;\n  reg [31:0] cycles;\n  reg [15:0] rounds_done;\n  \
         reg running;\n  reg restore;\n  assign busy = running | restore;\n",
    );
    let _ = writeln!(v, "  reg [{}:0] wipe_flags;", n - 1);
    let _ = writeln!(
        v,
        "  initial begin\n    running = 1'b0;\n    restore = 1'b0;\n    status = 4'd0;\n    limit = 16'd0;\n    cycles = 32'd0;\n    \
         rounds_done = 16'd0;\n    wipe_flags = {n}'d0;\n    d = {nw}'d0;\n    q = {nw}'d0;\n    rd_data = 32'd0;\n  end"
    );
    v.push_str("  // Support of (source, row mask): some value of the source the row allows.\n");
    for (k, &(s, mask)) in net.supports.iter().enumerate() {
        let _ = writeln!(v, "  wire s{k} = |(d[{}:{}] & {w}'h{mask:x});", s * w + w - 1, s * w);
    }
    v.push_str("  // One Jacobi round: each value keeps itself AND every support it needs.\n");
    for (i, bit) in net.bits.iter().enumerate() {
        let (x, a) = (i / w, i % w);
        let rhs = match bit {
            Some(set) if a < p.widths[x] => {
                let mut e = format!("d[{i}]");
                for id in set {
                    let _ = write!(e, " & s{id}");
                }
                e
            }
            _ => "1'b0".to_string(),
        };
        let _ = writeln!(v, "  assign nx[{i}] = {rhs};");
    }
    for x in 0..n {
        let _ = writeln!(v, "  assign empty[{x}] = ~|d[{}:{}];", x * w + w - 1, x * w);
    }
    v.push_str("  // The stop rule for the round that produced d (q: the domains before it).\n");
    v.push_str("  wire any_empty = |empty;\n  wire changed = |(d ^ q);\n");
    let mut counter = 0;
    let (_, wipe_var) = priority_tree(&mut v, 0, n, false, &mut counter);
    let _ = writeln!(v, "  wire [15:0] wipe_var = {wipe_var};");
    // While running, d takes the next round and q the last one unconditionally: the stop rule
    // drives only a few control registers, never the bank's enable. The round after the one
    // that stopped is computed anyway and undone in the restore clock (d <= q).
    v.push_str(
        r#"  always @(posedge clock) begin
    restore <= 1'b0;
    if (running) begin
      cycles <= cycles + 32'd1;
      d <= nx;
      q <= d;
      wipe_flags <= empty;
      if (any_empty) begin
        status <= 4'd2;
        running <= 1'b0;
        restore <= 1'b1;
      end else if (!changed) begin
        status <= 4'd1;
        running <= 1'b0;
        restore <= 1'b1;
      end else if (rounds_done == limit) begin
        status <= 4'd3;
        running <= 1'b0;
        restore <= 1'b1;
      end else begin
        rounds_done <= rounds_done + 16'd1;
      end
    end else if (restore) begin
      d <= q;
    end else if (start) begin
      cycles <= 32'd0;
      if (limit == 16'd0) begin
        status <= 4'd3;
        rounds_done <= 16'd0;
      end else begin
        d <= nx;
        q <= d;
        rounds_done <= 16'd1;
        status <= 4'd0;
        running <= 1'b1;
      end
    end else if (wr_en) begin
      case (wr_addr)
        16'h0001: limit <= wr_data[15:0];
"#,
    );
    for x in 0..n {
        let _ = writeln!(
            v,
            "        16'h{:04x}: begin\n          d[{hi}:{lo}] <= wr_data[{}:0] & {w}'h{m:x};\n          \
             q[{hi}:{lo}] <= wr_data[{}:0] & {w}'h{m:x};\n        end",
            REGION_HARD + x,
            w - 1,
            w - 1,
            hi = x * w + w - 1,
            lo = x * w,
            m = low_mask(p.widths[x])
        );
    }
    v.push_str("        default: ;\n      endcase\n    end\n  end\n");
    let info = w as u32 | (n as u32) << 8;
    v.push_str("  always @(posedge clock) begin\n    case (rd_addr)\n");
    let _ = writeln!(v, "      16'h0001: rd_data <= {};", zext32("limit", 16));
    let _ = writeln!(v, "      16'h0008: rd_data <= {};", zext32("{busy, status}", 5));
    v.push_str("      16'h0009: rd_data <= cycles;\n");
    let _ = writeln!(v, "      16'h000a: rd_data <= {};", zext32("rounds_done", 16));
    let _ = writeln!(v, "      16'h000b: rd_data <= {};", zext32("wipe_var", 16));
    let _ = writeln!(v, "      16'h000c: rd_data <= 32'h{info:08x};");
    let _ = writeln!(v, "      16'h000d: rd_data <= 32'h{:08x};", fingerprint(p));
    for x in 0..n {
        let _ = writeln!(
            v,
            "      16'h{:04x}: rd_data <= {};",
            REGION_HARD + x,
            zext32(&format!("q[{}:{}]", x * w + w - 1, x * w), w)
        );
    }
    v.push_str("      default: rd_data <= 32'd0;\n    endcase\n  end\nendmodule\n");
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use semiring_core::testing::sudoku_peers;

    #[test]
    fn sudoku_shape() {
        let p = sudoku_peers("").compile().unwrap();
        let s = shape(&p).unwrap();
        // 81 sources x 9 masks "every value but a"; every bit ANDs its 20 peers' supports.
        assert_eq!(s, SpatialShape { num_vars: 81, width: 9, supports: 729, terms: 729 * 20, live_bits: 729 });
        let v = generate(&p).unwrap();
        assert_eq!(v.matches("  wire s").count(), 729);
        // The support of "every value of cell 0 but the first".
        assert!(v.contains("= |(d[8:0] & 9'h1fe);"));
        assert_eq!(v.matches("assign nx[").count(), 729);
    }

    #[test]
    fn relations_fold_into_constants() {
        use semiring_core::{Relation, Revise};
        // x0 (3 values) from x1 (2 values): row 0 empty, row 1 = {1}, row 2 = both values.
        let r = Relation::from_fn(3, 2, |a, b| a == 2 || (a == 1 && b == 1));
        let ins = vec![Revise { target: 0, source: 1, relation: 0 }];
        let p = Program::new(vec![3, 2], vec![r], ins).unwrap();
        let v = generate(&p).unwrap();
        assert!(v.contains("assign nx[0] = 1'b0;"), "no support: the value goes");
        assert!(v.contains("wire s0 = |(d[5:3] & 3'h2);"));
        assert!(v.contains("wire s1 = |(d[5:3] & 3'h3);"));
        assert!(v.contains("assign nx[1] = d[1] & s0;") && v.contains("assign nx[2] = d[2] & s1;"));
        // x1 is no target: it keeps its values; its third bit is past its width.
        assert!(v.contains("assign nx[3] = d[3];") && v.contains("assign nx[5] = 1'b0;"));
        assert_eq!(shape(&p).unwrap().live_bits, 4);
    }

    #[test]
    fn rejects_what_does_not_fit() {
        let wide = semiring_core::Program::new(vec![33], vec![], vec![]).unwrap();
        assert_eq!(generate(&wide), Err(SpatialError::TooWide(33)));
        let none = semiring_core::Program::new(vec![], vec![], vec![]).unwrap();
        assert_eq!(generate(&none), Err(SpatialError::Vars(0)));
    }

    #[test]
    fn fingerprint_sees_relations() {
        let a = sudoku_peers("").compile().unwrap();
        let mut b = a.clone();
        let was = b.relations[0].get(0, 1);
        b.relations[0].set(0, 1, !was);
        assert_ne!(fingerprint(&a), fingerprint(&b));
        assert_eq!(fingerprint(&a), fingerprint(&a.clone()));
    }
}
