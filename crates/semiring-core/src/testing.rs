//! The test kit, compiled for tests only (this crate's, and the other
//! crates' through the `testing` feature in their `[dev-dependencies]`):
//! seeded random programs, domains and upstream gradients within limits, a
//! central difference, a comparison that names the first difference, and the
//! Sudoku and graph-colouring fixtures. Every backend's conformance tests (CPU,
//! Verilator simulation, pseudo-terminal, board) draw from here, so each is
//! checked against the same cases and reports mismatches the same way.

use crate::domains::Domains;
use crate::network::{Constraint, Network, RelationSpec, Variable};
use crate::program::{Program, Relation, Revise};
use crate::semiring::{Boolean, Semiring, Soft, SoftValue};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The generator every conformance test uses (ChaCha8, seeded with `seed`).
pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// The shape of the random programs [`random_program`] draws.
#[derive(Clone, Copy, Debug)]
pub enum Limits {
    /// `1..=max_vars` variables of widths `1..=max_width`, up to `3 n` instructions, each
    /// with its own relation (density 0, 1 or uniform: empty and full rows included).
    Mixed { max_vars: usize, max_width: usize },
    /// `2..=max_vars` variables all of width `width` (what the board's uniform-width
    /// layout takes), `1..=max_instructions` instructions sharing a pool of 1 to 4
    /// relations (density 0.1 to 0.95), so several instructions read one relation.
    Uniform { width: usize, max_vars: usize, max_instructions: usize },
}

impl Limits {
    pub fn mixed(max_vars: usize, max_width: usize) -> Limits {
        Limits::Mixed { max_vars, max_width }
    }
    pub fn uniform(width: usize, max_vars: usize, max_instructions: usize) -> Limits {
        Limits::Uniform { width, max_vars, max_instructions }
    }
}

/// A random program within `lim`. Several instructions may share a target and a
/// target may be its own source, in both shapes.
pub fn random_program(r: &mut ChaCha8Rng, lim: Limits) -> Program {
    match lim {
        Limits::Mixed { max_vars, max_width } => {
            let n = r.gen_range(1..=max_vars);
            let widths: Vec<usize> = (0..n).map(|_| r.gen_range(1..=max_width)).collect();
            let num_ins = r.gen_range(0..=3 * n);
            let mut relations = Vec::new();
            let mut instructions = Vec::new();
            for _ in 0..num_ins {
                let (t, s) = (r.gen_range(0..n), r.gen_range(0..n));
                let density: f64 = match r.gen_range(0..10) {
                    0 => 0.0,
                    1 => 1.0,
                    _ => r.gen_range(0.0..1.0),
                };
                let cells: Vec<bool> = (0..widths[t] * widths[s]).map(|_| r.gen_bool(density)).collect();
                relations.push(Relation::from_fn(widths[t], widths[s], |a, b| cells[a * widths[s] + b]));
                instructions.push(Revise { target: t as u32, source: s as u32, relation: relations.len() as u32 - 1 });
            }
            Program::new(widths, relations, instructions).expect("valid by construction")
        }
        Limits::Uniform { width: w, max_vars, max_instructions } => {
            let n = r.gen_range(2..=max_vars);
            let nrel = r.gen_range(1..=4);
            let relations: Vec<Relation> = (0..nrel)
                .map(|_| {
                    let p = r.gen_range(0.1..0.95);
                    let bits: Vec<bool> = (0..w * w).map(|_| r.gen_bool(p)).collect();
                    Relation::from_fn(w, w, |a, b| bits[a * w + b])
                })
                .collect();
            let instructions = (0..r.gen_range(1..=max_instructions))
                .map(|_| Revise {
                    target: r.gen_range(0..n) as u32,
                    source: r.gen_range(0..n) as u32,
                    relation: r.gen_range(0..nrel) as u32,
                })
                .collect();
            Program::new(vec![w; n], relations, instructions).expect("valid by construction")
        }
    }
}

/// Upstream gradients in Q16.16, one per cell, in one of four moods drawn per call:
/// small; large (pairs of them saturate); extremes (`i32::MAX`, `i32::MIN`, 0, ±1);
/// sparse (mostly 0, the rest below 256 in magnitude).
pub fn random_upstream(r: &mut ChaCha8Rng, cells: usize) -> Vec<i32> {
    let mode = r.gen_range(0..4);
    (0..cells)
        .map(|_| match mode {
            0 => r.gen_range(-(1 << 20)..1 << 20),
            1 => r.gen_range(i32::MIN / 2..=i32::MAX / 2) * 2 + r.gen_range(0..2),
            2 => [i32::MAX, i32::MIN, 0, 1, -1, i32::MAX - 1][r.gen_range(0..6)],
            _ => {
                if r.gen_bool(0.2) {
                    r.gen_range(-(1 << 24)..1 << 24)
                } else {
                    0
                }
            }
        })
        .collect()
}

/// Central finite difference of `f` at `x` with step `h`.
pub fn central_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x - h)) / (2.0 * h)
}

/// Random hard domains; about one variable in eight is all-zero and one in
/// eight all-one.
pub fn random_hard(r: &mut ChaCha8Rng, widths: &[usize]) -> Domains<Boolean> {
    let p: f64 = r.gen_range(0.2..0.95);
    let bits: Vec<Vec<bool>> = widths
        .iter()
        .map(|&w| {
            let kind = r.gen_range(0..8);
            (0..w)
                .map(|_| {
                    if kind == 0 {
                        false
                    } else if kind == 1 {
                        true
                    } else {
                        r.gen_bool(p)
                    }
                })
                .collect()
        })
        .collect();
    Domains::from_fn(widths, |v, a| bits[v][a])
}

/// Random soft domains; some values exactly 0 or 1.
pub fn random_soft<V: SoftValue>(r: &mut ChaCha8Rng, widths: &[usize]) -> Domains<Soft<V>> {
    let probs: Vec<Vec<f64>> = widths
        .iter()
        .map(|&w| {
            (0..w)
                .map(|_| match r.gen_range(0..6) {
                    0 => 0.0,
                    1 => 1.0,
                    _ => r.gen_range(0.0..1.0),
                })
                .collect()
        })
        .collect();
    Domains::from_probs(widths, |v, a| V::from_f64(probs[v][a]))
}

/// Where two domain vectors first differ.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference<C> {
    pub variable: usize,
    /// Value index (for `Boolean`, the bit index).
    pub value: usize,
    pub expected: C,
    pub actual: C,
}

/// The first (variable, value) where `actual` differs from `expected`.
/// For `Boolean` domains the reported cells are the 0/1 bits.
pub fn first_difference<S: Semiring>(expected: &Domains<S>, actual: &Domains<S>) -> Option<Difference<u64>>
where
    S::Cell: Into<u64>,
{
    let stride = expected.stride();
    for (i, (e, a)) in expected.cells.iter().zip(&actual.cells).enumerate() {
        if e != a {
            let (variable, cell) = (i / stride, i % stride);
            let (e, a): (u64, u64) = ((*e).into(), (*a).into());
            if std::any::TypeId::of::<S>() == std::any::TypeId::of::<Boolean>() {
                let bit = (e ^ a).trailing_zeros() as usize;
                return Some(Difference {
                    variable,
                    value: cell * 64 + bit,
                    expected: e >> bit & 1,
                    actual: a >> bit & 1,
                });
            }
            return Some(Difference { variable, value: cell, expected: e, actual: a });
        }
    }
    None
}

/// The 9x9 Sudoku network as the conformance tests use it: 81 variables of 9 values, givens
/// (`1`-`9`; anything else is blank) as one-value domains, and row r, column r, box r as
/// all-different constraints in that order (1620 revise instructions once compiled).
pub fn sudoku(givens: &str) -> Network {
    let mut net = Network::with_vars(81, 9);
    for (i, ch) in givens.chars().enumerate() {
        if let Some(dg) = ch.to_digit(10).filter(|&d| d > 0) {
            net.variables[i].domain = Some(vec![dg as usize - 1]);
        }
    }
    for r in 0..9 {
        let (br, bc) = (r / 3 * 3, r % 3 * 3);
        net.constraints.push(Constraint::AllDifferent { vars: (0..9).map(|c| r * 9 + c).collect() });
        net.constraints.push(Constraint::AllDifferent { vars: (0..9).map(|c| c * 9 + r).collect() });
        net.constraints
            .push(Constraint::AllDifferent { vars: (0..9).map(|i| (br + i / 3) * 9 + bc + i % 3).collect() });
    }
    net
}

/// The 9x9 Sudoku with each pair of peers constrained once (810 `!=` constraints, 1620
/// revise instructions, 20 per target, all sources of a target distinct): the shape the
/// benchmarks and the engine lockstep tests use. Givens as in [`sudoku`].
pub fn sudoku_peers(givens: &str) -> Network {
    let mut net = sudoku(givens);
    net.constraints.clear();
    for x in 0..81usize {
        for y in x + 1..81 {
            let (rx, cx, ry, cy) = (x / 9, x % 9, y / 9, y % 9);
            if rx == ry || cx == cy || (rx / 3 == ry / 3 && cx / 3 == cy / 3) {
                net.constraints.push(Constraint::Binary { scope: [x, y], relation: RelationSpec::Ne });
            }
        }
    }
    net
}

/// A DIMACS `.col` graph (`p edge N M`, `e u v` 1-based) coloured with `k` colours: one
/// variable per vertex, one `!=` per distinct edge (self-loops dropped).
pub fn coloring(text: &str, k: usize) -> Result<Network, String> {
    let mut n = None;
    let mut edges = std::collections::BTreeSet::new();
    for (ln, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split_whitespace().collect();
        let num = |i: usize| f.get(i).and_then(|s| s.parse::<usize>().ok());
        match f.first().copied() {
            Some("p") => n = Some(num(2).ok_or(format!("line {}: bad problem line", ln + 1))?),
            Some("e") => match (num(1), num(2)) {
                (Some(u), Some(v)) if u >= 1 && v >= 1 => {
                    if u != v {
                        edges.insert((u.min(v) - 1, u.max(v) - 1));
                    }
                }
                _ => return Err(format!("line {}: bad edge line", ln + 1)),
            },
            _ => {}
        }
    }
    let n = n.ok_or("no `p edge` line")?;
    if let Some(&(_, v)) = edges.iter().find(|&&(_, v)| v >= n) {
        return Err(format!("edge to vertex {} but the graph has {n}", v + 1));
    }
    Ok(Network {
        variables: vec![Variable { name: None, size: k, domain: None }; n],
        constraints: edges
            .into_iter()
            .map(|(u, v)| Constraint::Binary { scope: [u, v], relation: RelationSpec::Ne })
            .collect(),
    })
}
