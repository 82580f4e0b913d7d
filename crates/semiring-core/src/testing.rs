//! Seeded random programs and domains, and a comparison that names the
//! first difference: the shared material of every backend's conformance
//! tests (CPU, Verilator simulation, board), so each backend is checked
//! against the same cases and reports mismatches the same way.

use crate::domains::Domains;
use crate::network::{Constraint, Network};
use crate::program::{Program, Relation, Revise};
use crate::semiring::{Boolean, Semiring, Soft, SoftValue};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The generator every conformance test uses (ChaCha8, seeded with `seed`).
pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// A random program: `1..=max_vars` variables of widths `1..=max_width`,
/// relations of random density (empty and full ones included), and up to
/// `3 n` random instructions (a target may also be its own source).
pub fn random_program(r: &mut ChaCha8Rng, max_vars: usize, max_width: usize) -> Program {
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
