//! The soft group rule ([`semiring_core::soft_groups`]): its reverse mode against central
//! differences, its agreement with the hard group rules on 0/1 inputs, the batched path bit for
//! bit, and what it does for soft propagation on Sudoku.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use semiring_core::grad::{Memory, Real, SoftGrad};
use semiring_core::groups::{Grouped, Groups};
use semiring_core::soft_groups::SoftGroups;
use semiring_core::solver::{Jacobi, Propagator};
use semiring_core::{Boolean, Constraint, Domains, FixpointOutcome, Network, Prob, Program, RelationSpec};

fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// Sudoku: one `!=` constraint per pair of peers (1620 arcs), the givens as initial domains.
fn sudoku(puzzle: &str) -> Network {
    let mut net = Network::with_vars(81, 9);
    for (v, ch) in puzzle.chars().enumerate() {
        if let Some(d) = ch.to_digit(10).filter(|&d| d > 0) {
            net.variables[v].domain = Some(vec![d as usize - 1]);
        }
    }
    for i in 0..81usize {
        for j in i + 1..81 {
            let (ri, ci, rj, cj) = (i / 9, i % 9, j / 9, j % 9);
            if ri == rj || ci == cj || (ri / 3 == rj / 3 && ci / 3 == cj / 3) {
                net.constraints.push(Constraint::Binary { scope: [i, j], relation: RelationSpec::Ne });
            }
        }
    }
    net
}

/// A random network of covering all-different groups (`k` members, `k` values), overlapping
/// or not, variables outside them (some narrower, so padding cells occur), and a few `<` arcs.
fn random_groups(r: &mut ChaCha8Rng) -> (Program, Vec<Vec<usize>>) {
    let k = r.gen_range(2..=5);
    let n = r.gen_range(k..=k + 5);
    let mut net = Network::with_vars(n, k);
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for _ in 0..r.gen_range(1..=3) {
        let mut pool: Vec<usize> = (0..n).collect();
        let mut g = Vec::new();
        while g.len() < k {
            g.push(pool.swap_remove(r.gen_range(0..pool.len())));
        }
        g.sort_unstable();
        groups.push(g);
    }
    for v in 0..n {
        if k > 2 && !groups.iter().any(|g| g.contains(&v)) && r.gen_bool(0.5) {
            net.variables[v].size = k - 1;
        }
    }
    for g in &groups {
        net.constraints.push(Constraint::AllDifferent { vars: g.clone() });
    }
    for _ in 0..r.gen_range(0..3) {
        let (a, b) = (r.gen_range(0..n), r.gen_range(0..n));
        if a != b {
            net.constraints.push(Constraint::Binary { scope: [a, b], relation: RelationSpec::Lt });
        }
    }
    (net.compile().unwrap(), groups)
}

/// Random soft domains, a share of the cells exactly 0 or 1.
fn random_soft(r: &mut ChaCha8Rng, widths: &[usize]) -> Domains<Prob<f64>> {
    let vals: Vec<f64> = (0..widths.len() * 64)
        .map(|_| match r.gen_range(0..5) {
            0 => 0.0,
            1 => 1.0,
            _ => r.gen_range(0.0..1.0),
        })
        .collect();
    Domains::from_probs(widths, |v, a| vals[v * 64 + a])
}

fn loss(d: &Domains<Prob<f64>>, w: &[f64]) -> f64 {
    d.cells.iter().zip(w).map(|(x, y)| x * y).sum()
}

/// Upstream gradient on the non-padding cells.
fn random_upstream(r: &mut ChaCha8Rng, d: &Domains<Prob<f64>>) -> Vec<f64> {
    let s = d.stride();
    (0..d.cells.len()).map(|c| if c % s < d.widths[c / s] { r.gen_range(-1.0..1.0) } else { 0.0 }).collect()
}

/// `SoftGrad::with_groups` against central differences of its own forward, at every
/// non-padding cell; returns the number of cells checked.
fn check_fd(p: &Program, sg: &SoftGroups, d0: &Domains<Prob<f64>>, k: usize, up: &[f64], what: &str) -> usize {
    let grad = SoftGrad::with_groups(p, sg).unwrap();
    let (out, g) = grad.value_and_grad(d0, k, Memory::Full, up).unwrap();
    let f = |d: &Domains<Prob<f64>>| loss(&grad.forward(d, k, Memory::Full).unwrap().output, up);
    assert_eq!(loss(&out, up), f(d0));
    let s = d0.stride();
    let h = 1e-5;
    let mut checked = 0;
    for c in 0..d0.cells.len() {
        if c % s >= d0.widths[c / s] {
            assert_eq!(g[c], 0.0, "{what}: padding gradient");
            continue;
        }
        let (mut lo, mut hi) = (d0.clone(), d0.clone());
        lo.cells[c] -= h;
        hi.cells[c] += h;
        let fd = (f(&hi) - f(&lo)) / (2.0 * h);
        let err = (fd - g[c]).abs() / fd.abs().max(g[c].abs()).max(1.0);
        assert!(err < 1e-6, "{what} cell {c} x={}: fd {fd} vs grad {}", d0.cells[c], g[c]);
        checked += 1;
    }
    checked
}

/// The step is a polynomial in the cells, so central differences may step past 0 and 1.
#[test]
fn gradient_matches_central_differences_on_random_groups() {
    let mut r = rng(1);
    let (mut checked, mut nonzero) = (0, 0);
    for case in 0..80 {
        let (p, groups) = random_groups(&mut r);
        let mut sg = SoftGroups::new(&p, &Groups::new(&p, &groups).unwrap());
        assert_eq!(sg.skipped(), 0);
        let mut prog = p.clone();
        if case % 2 == 1 {
            sg = sg.with_naked_singles();
            prog = Groups::new(&p, &groups).unwrap().residual(&p);
        }
        let d0 = random_soft(&mut r, &p.widths);
        let up = random_upstream(&mut r, &d0);
        let k = r.gen_range(0..4);
        checked += check_fd(&prog, &sg, &d0, k, &up, &format!("case {case} k={k}"));
        let g = SoftGrad::with_groups(&prog, &sg).unwrap().value_and_grad(&d0, k, Memory::Full, &up).unwrap().1;
        nonzero += g.iter().filter(|&&x| x != 0.0).count();
    }
    assert!(checked > 1000 && nonzero > 500, "checked {checked}, nonzero {nonzero}");
}

/// The first `n` puzzles of a data file with their solutions (`puzzle:count:solution` lines).
fn puzzles(file: &str, n: usize) -> Vec<(String, Vec<usize>)> {
    let path = format!("{}/../../data/sudoku/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    (text.lines().take(n))
        .map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            (f[0].to_string(), f[2].bytes().map(|c| (c - b'1') as usize).collect())
        })
        .collect()
}

/// Mean over free cells: the solution value's share of its cell's mass, its mass, and whether
/// it has the largest mass (ties count as misses).
fn solution_figures(d: &Domains<Prob<f64>>, puzzle: &str, sol: &[usize]) -> [f64; 3] {
    let mut acc = [0.0; 3];
    let mut free = 0.0;
    for (v, ch) in puzzle.chars().enumerate() {
        if ch.is_ascii_digit() && ch != '0' {
            continue;
        }
        free += 1.0;
        let row = d.var(v);
        let sum: f64 = row.iter().sum();
        let s = row[sol[v]];
        acc[0] += if sum > 0.0 { s / sum } else { 0.0 };
        acc[1] += s;
        acc[2] += f64::from(row.iter().enumerate().all(|(b, &x)| b == sol[v] || x < s));
    }
    acc.map(|x| x / free)
}

/// Givens one-hot, free cells uniform (1/9 each), as a network relaxation starts.
fn uniform_start(p: &Program, puzzle: &str) -> Domains<Prob<f64>> {
    let given: Vec<Option<usize>> = puzzle.chars().map(|c| c.to_digit(10).filter(|&d| d > 0).map(|d| d as usize - 1)).collect();
    Domains::from_probs(&p.widths, |v, a| match given[v] {
        Some(x) => f64::from(u8::from(x == a)),
        None => 1.0 / 9.0,
    })
}

#[test]
fn sudoku_solution_mass_with_and_without_groups() {
    for file in ["tdoku_17_clue.solved.txt", "tdoku_forum_hardest_1905_11plus.solved.txt"] {
        let ps = puzzles(file, 20);
        for k in [1, 2, 4, 8] {
            let mut fig = [[0.0; 3]; 3];
            for (puzzle, sol) in &ps {
                let net = sudoku(puzzle);
                let p = net.compile().unwrap();
                let groups = Groups::detect(&p);
                assert_eq!(groups.len(), 27);
                let sg = SoftGroups::new(&p, &groups);
                let naked = SoftGroups::new(&p, &groups).with_naked_singles();
                let residual = groups.residual(&p);
                let d0 = uniform_start(&p, puzzle);
                let runs = [
                    SoftGrad::new(&p).forward(&d0, k, Memory::Full).unwrap().output,
                    SoftGrad::with_groups(&p, &sg).unwrap().forward(&d0, k, Memory::Full).unwrap().output,
                    SoftGrad::with_groups(&residual, &naked).unwrap().forward(&d0, k, Memory::Full).unwrap().output,
                ];
                for (f, d) in fig.iter_mut().zip(&runs) {
                    let x = solution_figures(d, puzzle, sol);
                    for i in 0..3 {
                        f[i] += x[i] / ps.len() as f64;
                    }
                }
            }
            eprintln!("{file} k={k}: pairwise {:?} | +groups {:?} | residual+groups+naked {:?}", fig[0], fig[1], fig[2]);
        }
    }
}
