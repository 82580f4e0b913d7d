//! Hard Jacobi rounds with shared supports: the same rounds and the same stop
//! rule as [`crate::hard_fixpoint`], bit for bit, in fewer word operations.
//!
//! A revise of target `x` by source `y` through relation `R` clears the values
//! `a` of `x` whose row `R[a]` meets no value of `y`. Which values are
//! supported depends only on `(y, R)`, not on the target, so each such *pair*
//! gets one support mask per round (`sup[a] = R[a] & D[y] != 0`) and every arc
//! of the pair is one AND into its target (Sudoku: 81 pairs, 1620 arcs). This
//! is the CPU's side of the hardware comparison in `cargo xtask bench hw`: the
//! fastest formulation of a hard round the project has.
//!
//! Domains of at most 64 values (one word per variable); [`HardRounds::new`]
//! returns `None` for wider programs.

use crate::{Boolean, Domains, Fixpoint, FixpointOutcome, Program};

/// A program compiled for shared-support hard rounds, with its scratch.
#[derive(Clone, Debug)]
pub struct HardRounds {
    /// Per pair: the source variable and the relation's rows, one word each.
    pairs: Vec<(u32, Vec<u64>)>,
    /// Per arc, in program order: (target, pair).
    arcs: Vec<(u32, u32)>,
    sup: Vec<u64>,
    next: Vec<u64>,
}

impl HardRounds {
    /// `None` when a domain or a relation is wider than 64 values.
    pub fn new(program: &Program) -> Option<HardRounds> {
        if program.widths.iter().any(|&w| w > 64) || program.relations.iter().any(|r| r.row_words() != 1) {
            return None;
        }
        let mut index = std::collections::HashMap::new();
        let mut pairs = Vec::new();
        let arcs = program
            .instructions
            .iter()
            .map(|ins| {
                let p = *index.entry((ins.source, ins.relation)).or_insert_with(|| {
                    let rel = &program.relations[ins.relation as usize];
                    pairs.push((ins.source, (0..rel.rows()).map(|a| rel.row(a)[0]).collect()));
                    pairs.len() as u32 - 1
                });
                (ins.target, p)
            })
            .collect();
        let sup = vec![0; pairs.len()];
        Some(HardRounds { pairs, arcs, sup, next: Vec::new() })
    }

    /// One round from `prev` into `next` (`prev`, `next`: one word per variable).
    fn round(&mut self, prev: &[u64], next: &mut [u64]) {
        for (s, (src, rows)) in self.sup.iter_mut().zip(&self.pairs) {
            let d = prev[*src as usize];
            let mut m = 0u64;
            for (a, &row) in rows.iter().enumerate() {
                m |= u64::from(row & d != 0) << a;
            }
            *s = m;
        }
        next.copy_from_slice(prev);
        for &(t, p) in &self.arcs {
            next[t as usize] &= self.sup[p as usize];
        }
    }

    /// [`crate::hard_fixpoint`]: rounds until a wipeout, a round that changes nothing, or
    /// `max_rounds`; `domains` ends as the last round's result.
    pub fn fixpoint(&mut self, domains: &mut Domains<Boolean>, max_rounds: usize) -> Fixpoint {
        let mut next = std::mem::take(&mut self.next);
        next.resize(domains.cells.len(), 0);
        let mut rounds = 0;
        let outcome = loop {
            if rounds == max_rounds {
                break FixpointOutcome::RoundLimit;
            }
            self.round(&domains.cells, &mut next);
            rounds += 1;
            std::mem::swap(&mut domains.cells, &mut next);
            if let Some(v) = domains.cells.iter().position(|&c| c == 0) {
                break FixpointOutcome::Wipeout(v);
            }
            if domains.cells == next {
                break FixpointOutcome::Stable;
            }
        };
        self.next = next;
        Fixpoint { outcome, rounds }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{hard_fixpoint, Relation};
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// A random program: `n` variables of widths up to `wmax`, random relations and arcs.
    fn random_program(rng: &mut ChaCha8Rng, wmax: usize) -> Program {
        let n = rng.gen_range(1..12);
        let widths: Vec<usize> = (0..n).map(|_| rng.gen_range(1..=wmax)).collect();
        let mut relations: Vec<Relation> = Vec::new();
        let mut instructions = Vec::new();
        for _ in 0..rng.gen_range(0..30) {
            let (x, y) = (rng.gen_range(0..n), rng.gen_range(0..n));
            // Half the arcs reuse an earlier relation of their shape, so pairs get shared.
            let same_shape = (0..relations.len())
                .find(|&r: &usize| relations[r].rows() == widths[x] && relations[r].cols() == widths[y]);
            let r = match same_shape {
                Some(r) if rng.gen_bool(0.5) => r,
                _ => {
                    let density = rng.gen_range(0.1..0.9);
                    let bits: Vec<bool> = (0..widths[x] * widths[y]).map(|_| rng.gen_bool(density)).collect();
                    relations.push(Relation::from_fn(widths[x], widths[y], |a, b| bits[a * widths[y] + b]));
                    relations.len() - 1
                }
            };
            instructions.push(crate::Revise { target: x as u32, source: y as u32, relation: r as u32 });
        }
        Program::new(widths, relations, instructions).expect("a valid program")
    }

    #[test]
    fn rounds_and_outcomes_are_hard_fixpoint_bit_for_bit() {
        let mut rng = ChaCha8Rng::seed_from_u64(17);
        let mut outcomes = std::collections::HashSet::new();
        for case in 0..400 {
            let p = random_program(&mut rng, if case % 4 == 0 { 64 } else { 9 });
            let mut fast = HardRounds::new(&p).expect("at most 64 values");
            for _ in 0..5 {
                let keep: Vec<bool> = (0..p.widths.len() * 64).map(|_| rng.gen_bool(0.7)).collect();
                let start = Domains::<Boolean>::from_fn(&p.widths, |v, a| keep[v * 64 + a]);
                for limit in [0, 1, 2, 1000] {
                    let (mut want, mut got) = (start.clone(), start.clone());
                    let w = hard_fixpoint(&p, &mut want, limit);
                    let g = fast.fixpoint(&mut got, limit);
                    assert_eq!((g, &got.cells), (w, &want.cells), "case {case}, limit {limit}");
                    outcomes.insert(std::mem::discriminant(&w.outcome));
                }
            }
        }
        assert_eq!(outcomes.len(), 3, "stable, wipe-out and round-limit runs were all compared");
    }

    #[test]
    fn wide_programs_are_declined() {
        let p = Program::new(vec![65], Vec::new(), Vec::new()).expect("a valid program");
        assert!(HardRounds::new(&p).is_none());
    }
}
