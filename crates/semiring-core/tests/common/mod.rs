//! Seeded random programs and domains shared by the kernel tests.
#![allow(dead_code)]

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use semiring_core::{Boolean, Domains, Program, Relation, Revise};

pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// A random program: up to `max_vars` variables of widths `1..=max_width`,
/// random relations of random density, random instructions.
pub fn random_program(r: &mut ChaCha8Rng, max_vars: usize, max_width: usize) -> Program {
    let n = r.gen_range(1..=max_vars);
    let widths: Vec<usize> = (0..n).map(|_| r.gen_range(1..=max_width)).collect();
    let num_ins = r.gen_range(0..=3 * n);
    let mut relations = Vec::new();
    let mut instructions = Vec::new();
    for _ in 0..num_ins {
        let t = r.gen_range(0..n);
        let s = r.gen_range(0..n);
        let density: f64 = r.gen_range(0.0..1.0);
        let cells: Vec<bool> = (0..widths[t] * widths[s]).map(|_| r.gen_bool(density)).collect();
        let rel = Relation::from_fn(widths[t], widths[s], |a, b| cells[a * widths[s] + b]);
        relations.push(rel);
        instructions.push(Revise { target: t as u32, source: s as u32, relation: relations.len() as u32 - 1 });
    }
    Program::new(widths, relations, instructions).expect("valid by construction")
}

/// Random hard domains; some variables all-zero or all-one.
pub fn random_hard(r: &mut ChaCha8Rng, widths: &[usize]) -> Domains<Boolean> {
    let kinds: Vec<u8> = widths.iter().map(|_| r.gen_range(0..8)).collect();
    let p: f64 = r.gen_range(0.2..0.95);
    let bits: Vec<Vec<bool>> = widths
        .iter()
        .zip(&kinds)
        .map(|(&w, &k)| {
            (0..w)
                .map(|_| {
                    if k == 0 {
                        false
                    } else if k == 1 {
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
