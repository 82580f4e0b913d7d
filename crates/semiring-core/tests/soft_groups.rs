//! The soft group rule ([`semiring_core::soft_groups`]): its reverse mode against central
//! differences, its agreement with the hard group rules on 0/1 inputs, the batched path bit for
//! bit, and what it does for soft propagation on Sudoku.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use semiring_core::batch::BatchProgram;
use semiring_core::grad::{Memory, Real, SoftGrad};
use semiring_core::groups::{Grouped, Groups};
use semiring_core::soft_groups::{Rules, SoftGroups};
use semiring_core::soft_groups_batch::GroupedBatch;
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

/// Any choice of rules (ablations).
fn random_rules(r: &mut ChaCha8Rng) -> Rules {
    Rules { hidden_singles: r.gen(), pigeonhole: r.gen(), intersections: r.gen(), naked_singles: r.gen() }
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
        if case % 3 == 2 {
            sg = sg.with_rules(random_rules(&mut r));
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
fn uniform_start(p: &Program, puzzle: &str, q: f64) -> Domains<Prob<f64>> {
    let given: Vec<Option<usize>> =
        puzzle.chars().map(|c| c.to_digit(10).filter(|&d| d > 0).map(|d| d as usize - 1)).collect();
    Domains::from_probs(&p.widths, |v, a| match given[v] {
        Some(x) => f64::from(u8::from(x == a)),
        None => q,
    })
}

/// Mean figures over puzzles after `k` rounds from `q`-uniform free cells: pairwise arcs alone,
/// the program with the group rule, and the residual program with the group rule and naked
/// singles; each `[share, mass, accuracy]` (see `solution_figures`); and, for scale, the hard
/// `Grouped` fixpoint from the givens read as 0/1 domains; and the residual with naked singles
/// alone (the ablation).
fn solution_table(file: &str, n: usize, q: f64, k: usize) -> [[f64; 3]; 5] {
    let ps = puzzles(file, n);
    let mut fig = [[0.0; 3]; 5];
    for (puzzle, sol) in &ps {
        let p = sudoku(puzzle).compile().unwrap();
        let groups = Groups::detect(&p);
        let sg = SoftGroups::new(&p, &groups);
        let (residual, naked) = SoftGroups::residual_with_naked_singles(&p);
        assert_eq!(naked, SoftGroups::new(&p, &groups).with_naked_singles());
        let only = Rules { hidden_singles: false, pigeonhole: false, intersections: false, naked_singles: true };
        let naked_only = SoftGroups::new(&p, &groups).with_rules(only);
        let d0 = uniform_start(&p, puzzle, q);
        let mut hard = sudoku(puzzle).initial_domains();
        Grouped::new(Jacobi { program: &p, max_rounds: 1000 }, &groups).propagate(&mut hard).unwrap();
        let runs = [
            SoftGrad::new(&p).forward(&d0, k, Memory::Full).unwrap().output,
            SoftGrad::with_groups(&p, &sg).unwrap().forward(&d0, k, Memory::Full).unwrap().output,
            SoftGrad::with_groups(&residual, &naked).unwrap().forward(&d0, k, Memory::Full).unwrap().output,
            hard.to_soft(),
            SoftGrad::with_groups(&residual, &naked_only).unwrap().forward(&d0, k, Memory::Full).unwrap().output,
        ];
        for (f, d) in fig.iter_mut().zip(&runs) {
            for (x, y) in f.iter_mut().zip(solution_figures(d, puzzle, sol)) {
                *x += y / ps.len() as f64;
            }
        }
    }
    fig
}

/// The point of the rule: from givens one-hot and free cells uniform (1/9), the pairwise
/// noisy-OR collapses within a few rounds (the solution's values keep no mass, f64 underflows
/// by K = 4), while the residual program with the group rule (naked singles in place of the
/// arcs) keeps mass on the solution and ranks it first in more cells. Printed with
/// `--nocapture`: the figures of the report.
#[test]
fn group_rule_keeps_the_solution_mass_on_sudoku() {
    for file in ["tdoku_17_clue.solved.txt", "tdoku_forum_hardest_1905_11plus.solved.txt"] {
        for k in [1, 2, 4, 8] {
            let [pair, with, naked, hard, only] = solution_table(file, 20, 1.0 / 9.0, k);
            let f = |x: [f64; 3]| format!("{:.3} {:.2e} {:.3}", x[0], x[1], x[2]);
            eprintln!(
                "{file} K={k} [share, mass, accuracy]: pairwise {} | program + groups {} | residual + groups + naked {} | residual + naked only {} | hard Grouped fixpoint {}",
                f(pair),
                f(with),
                f(naked),
                f(only),
                f(hard)
            );
            if k >= 2 {
                assert!(
                    naked[1] > 1e-3 && naked[1] > 1e6 * pair[1],
                    "K={k}: solution mass {} vs pairwise {}",
                    naked[1],
                    pair[1]
                );
                assert!(naked[2] > 0.3, "K={k}: accuracy {}", naked[2]);
            }
            if k >= 4 {
                assert!(naked[0] > pair[0] + 0.2 && naked[2] > pair[2] + 0.3, "K={k}: {naked:?} vs {pair:?}");
            }
        }
    }
}

/// The group structure of a test case: groups (covering, `values` values each), their
/// overlaps `(a_only, b_only, values)`, written from the hard rules' definitions.
struct Hard {
    groups: Vec<Vec<usize>>,
    overlaps: Vec<(Vec<usize>, Vec<usize>, usize)>,
    widths: Vec<usize>,
}

impl Hard {
    fn new(groups: &Groups, widths: &[usize]) -> Hard {
        let groups: Vec<Vec<usize>> = (0..groups.len()).map(|g| groups.group(g).collect()).collect();
        let mut overlaps = Vec::new();
        for a in 0..groups.len() {
            for b in a + 1..groups.len() {
                let shared: Vec<usize> = groups[a].iter().copied().filter(|v| groups[b].contains(v)).collect();
                if shared.len() >= 2 {
                    let only = |g: &Vec<usize>| g.iter().copied().filter(|v| !shared.contains(v)).collect();
                    let values = shared.iter().map(|&v| widths[v]).max().unwrap();
                    overlaps.push((only(&groups[a]), only(&groups[b]), values));
                }
            }
        }
        Hard { groups, overlaps, widths: widths.to_vec() }
    }

    /// One Jacobi pass of the hard group rules on one-word domains `d`: every rule reads `d`,
    /// the values they remove are removed together. Pigeonhole (a value no member can take)
    /// empties the group; a hidden single (a value only one member holds) narrows that member to
    /// it, two of them empty it; the intersection rule removes from B's own part a value that A
    /// holds only in the shared part; with `naked`, a fixed variable's value leaves its peers.
    fn pass(&self, d: &[u64], naked: bool) -> Vec<u64> {
        let mut keep = vec![u64::MAX; d.len()];
        for g in &self.groups {
            let all = (1u64 << self.widths[g[0]].max(g.len())) - 1;
            let (mut once, mut twice) = (0u64, 0u64);
            for &v in g {
                twice |= once & d[v];
                once |= d[v];
            }
            for &v in g {
                if once & all != all {
                    keep[v] = 0;
                }
                let h = d[v] & once & !twice;
                if h != 0 {
                    keep[v] &= if h.is_power_of_two() { h } else { 0 };
                }
                if naked {
                    for &u in g {
                        if u != v && d[u].is_power_of_two() {
                            keep[v] &= !d[u];
                        }
                    }
                }
            }
        }
        for (a_only, b_only, values) in &self.overlaps {
            let all = (1u64 << values) - 1;
            let or = |vs: &Vec<usize>| vs.iter().fold(0, |acc, &v| acc | d[v]);
            let (lock_a, lock_b) = (all & !or(a_only), all & !or(b_only));
            for &v in b_only {
                keep[v] &= !lock_a;
            }
            for &v in a_only {
                keep[v] &= !lock_b;
            }
        }
        d.iter().zip(&keep).map(|(x, k)| x & k).collect()
    }
}

/// Random hard domains: each variable keeps each value with a probability drawn per case;
/// with `near`, the solution's value is always kept (the rules then mostly narrow instead of
/// wiping out).
fn random_hard(r: &mut ChaCha8Rng, widths: &[usize], near: Option<&[usize]>) -> Domains<Boolean> {
    let p = r.gen_range(0.1..0.9);
    let bits: Vec<Vec<bool>> = widths.iter().map(|&w| (0..w).map(|_| r.gen_bool(p)).collect()).collect();
    Domains::from_fn(widths, |v, a| bits[v][a] || near.is_some_and(|s| s[v] == a))
}

fn as_words(d: &Domains<Boolean>) -> Vec<u64> {
    assert_eq!(d.stride(), 1);
    d.cells.clone()
}

/// One soft step on 0/1 domains equals one pass of the hard rules, cell for cell.
fn check_one_step(p: &Program, groups: &Groups, d: &Domains<Boolean>, naked: bool) -> bool {
    let mut sg = SoftGroups::new(p, groups);
    if naked {
        sg = sg.with_naked_singles();
    }
    let hard = Hard::new(groups, &p.widths);
    let soft = d.to_soft::<f64>();
    let mut out = soft.clone();
    sg.step(&soft, &mut out);
    assert!(out.cells.iter().all(|&x| x == 0.0 || x == 1.0), "0/1 in, 0/1 out");
    let expect = hard.pass(&as_words(d), naked);
    assert_eq!(as_words(&out.support()), expect);
    expect != as_words(d)
}

#[test]
fn one_step_equals_one_hard_pass_on_01_inputs() {
    let mut r = rng(2);
    let mut narrowed = 0;
    let (sol_puzzle, sol) = &puzzles("tdoku_forum_hardest_1905_11plus.solved.txt", 1)[0];
    let p = sudoku(sol_puzzle).compile().unwrap();
    let groups = Groups::detect(&p);
    for case in 0..300 {
        let d = random_hard(&mut r, &p.widths, (case % 2 == 0).then_some(&sol[..]));
        narrowed += usize::from(check_one_step(&p, &groups, &d, case % 3 == 0));
    }
    for case in 0..300 {
        let (p, gs) = random_groups(&mut r);
        let groups = Groups::new(&p, &gs).unwrap();
        let d = random_hard(&mut r, &p.widths, None);
        narrowed += usize::from(check_one_step(&p, &groups, &d, case % 2 == 0));
    }
    assert!(narrowed > 300, "the cases must exercise the rules ({narrowed} of 600 narrowed)");
}

/// Program rounds and group steps alternated on 0/1 domains until nothing changes (or a domain
/// empties) reach the fixpoint of the hard `Grouped` propagation: the same domains, or a
/// wipeout on both sides. With naked singles, over the residual program, likewise.
fn check_fixpoint(p: &Program, groups: &Groups, d0: &Domains<Boolean>, naked: bool) -> FixpointOutcome {
    let prog = if naked { groups.residual(p) } else { p.clone() };
    let mut sg = SoftGroups::new(p, groups);
    if naked {
        sg = sg.with_naked_singles();
    }
    let grad = SoftGrad::with_groups(&prog, &sg).unwrap();
    let mut soft = d0.to_soft::<f64>();
    let mut empty = false;
    for _ in 0..1000 {
        let next = grad.forward(&soft, 1, Memory::Full).unwrap().output;
        let stable = next == soft;
        soft = next;
        empty = soft.support().first_empty().is_some();
        if stable || empty {
            break;
        }
    }
    let mut hard = d0.clone();
    let fp = Grouped::new(Jacobi { program: &prog, max_rounds: 100_000 }, groups).propagate(&mut hard).unwrap();
    match fp.outcome {
        FixpointOutcome::Wipeout(_) => assert!(empty, "hard wipeout, soft fixpoint {:?}", soft.support()),
        FixpointOutcome::Stable => {
            assert!(!empty, "soft wipeout, hard fixpoint");
            assert_eq!(soft.support(), hard);
            assert_eq!(soft, hard.to_soft::<f64>());
        }
        FixpointOutcome::RoundLimit => unreachable!(),
    }
    fp.outcome
}

#[test]
fn rounds_and_steps_reach_the_grouped_fixpoint_on_01_inputs() {
    let mut r = rng(3);
    let mut outcomes = [0usize; 2];
    for (file, n) in [("tdoku_17_clue.solved.txt", 10), ("tdoku_forum_hardest_1905_11plus.solved.txt", 10)] {
        for (i, (puzzle, sol)) in puzzles(file, n).iter().enumerate() {
            let net = sudoku(puzzle);
            let p = net.compile().unwrap();
            let groups = Groups::detect(&p);
            // The puzzle as given, and with random values removed (the solution's kept or not).
            let removed = random_hard(&mut r, &p.widths, (i % 2 == 0).then_some(&sol[..]));
            let init = net.initial_domains();
            let cut = Domains::from_fn(&p.widths, |v, a| init.contains(v, a) && removed.contains(v, a));
            for d0 in [init, cut] {
                for naked in [false, true] {
                    let o = check_fixpoint(&p, &groups, &d0, naked);
                    outcomes[usize::from(o == FixpointOutcome::Stable)] += 1;
                }
            }
        }
    }
    for case in 0..300 {
        let (p, gs) = random_groups(&mut r);
        let groups = Groups::new(&p, &gs).unwrap();
        let d0 = random_hard(&mut r, &p.widths, None);
        let o = check_fixpoint(&p, &groups, &d0, case % 2 == 0);
        outcomes[usize::from(o == FixpointOutcome::Stable)] += 1;
    }
    assert!(outcomes.iter().all(|&n| n >= 40), "both outcomes must occur: {outcomes:?}");
}

fn bits<T: Real>(x: &[T]) -> Vec<u64> {
    // f32 -> f64 is exact, so equal f64 bit patterns are equal T bit patterns (-0 != +0 too).
    x.iter().map(|v| v.to_f64().to_bits()).collect()
}

/// The batched path (both engines) against `SoftGrad::with_groups`, bit for bit.
fn check_batch<T: Real>(
    p: &Program,
    sg: &SoftGroups,
    inputs: &[Domains<Prob<T>>],
    ups: &[Vec<T>],
    k: usize,
    threads: usize,
) {
    let grad = SoftGrad::with_groups(p, sg).unwrap();
    for bp in [BatchProgram::new(p), BatchProgram::new(p).batch_chunks_only()] {
        let gb = GroupedBatch::new(&bp, sg).unwrap();
        let engine = bp.engine(inputs.len(), threads);
        let (outs, grads) = gb.value_and_grad(inputs, k, threads, |i, _, g| g.copy_from_slice(&ups[i])).unwrap();
        let fwd = gb.forward(inputs, k, threads).unwrap();
        assert_eq!(outs.len(), inputs.len());
        for (i, d) in inputs.iter().enumerate() {
            let (o, g) = grad.value_and_grad(d, k, Memory::Full, &ups[i]).unwrap();
            let what = format!("instance {i} of {}, k={k}, {threads} threads, {engine}", inputs.len());
            assert_eq!(bits(&outs[i].cells), bits(&o.cells), "{what}: output");
            assert_eq!(bits(&fwd[i].cells), bits(&o.cells), "{what}: forward");
            assert_eq!(bits(&grads[i]), bits(&g), "{what}: gradient");
        }
    }
}

fn to_t<T: Real>(d: &Domains<Prob<f64>>) -> Domains<Prob<T>> {
    Domains::from_probs(&d.widths, |v, a| T::from_f64(d.var(v)[a]))
}

fn batch_case<T: Real>(seed: u64) {
    let mut r = rng(seed);
    for case in 0..40 {
        let (p, gs) = random_groups(&mut r);
        let groups = Groups::new(&p, &gs).unwrap();
        let (prog, mut sg) = if case % 2 == 0 {
            (p.clone(), SoftGroups::new(&p, &groups))
        } else {
            (groups.residual(&p), SoftGroups::new(&p, &groups).with_naked_singles())
        };
        if case % 3 == 2 {
            sg = sg.with_rules(random_rules(&mut r));
        }
        let batch = [1, 2, 3, 5, 8, 13, 17, 33][r.gen_range(0..8)];
        let inputs: Vec<Domains<Prob<T>>> = (0..batch).map(|_| to_t(&random_soft(&mut r, &p.widths))).collect();
        let ups: Vec<Vec<T>> = inputs
            .iter()
            .map(|d| random_upstream(&mut r, &to_f64(d)).iter().map(|&x| T::from_f64(x)).collect())
            .collect();
        check_batch(&prog, &sg, &inputs, &ups, r.gen_range(0..5), r.gen_range(1..=3));
    }
}

fn to_f64<T: Real>(d: &Domains<Prob<T>>) -> Domains<Prob<f64>> {
    Domains::from_probs(&d.widths, |v, a| d.var(v)[a].to_f64())
}

#[test]
fn batched_equals_per_instance_on_random_groups_f32() {
    batch_case::<f32>(4);
}

#[test]
fn batched_equals_per_instance_on_random_groups_f64() {
    batch_case::<f64>(5);
}

/// Sudoku: givens one-hot, free cells random (exact 0 and 1 among them), K = 4; batches of
/// 1, 6 and 37 on 2 threads; the full program with the group rule and the residual with naked
/// singles; f32 and f64.
#[test]
fn batched_equals_per_instance_on_sudoku() {
    let mut r = rng(6);
    let ps = puzzles("tdoku_forum_hardest_1905_11plus.solved.txt", 37);
    let p = sudoku(&ps[0].0).compile().unwrap();
    let groups = Groups::detect(&p);
    let residual = groups.residual(&p);
    let sg = SoftGroups::new(&p, &groups);
    let naked = SoftGroups::new(&p, &groups).with_naked_singles();
    for batch in [1, 6, 37] {
        let inputs: Vec<Domains<Prob<f64>>> = ps[..batch]
            .iter()
            .map(|(puzzle, _)| {
                let d = uniform_start(&p, puzzle, 0.0);
                let free: Vec<f64> = (0..729).map(|_| [0.0, 1.0, r.gen_range(0.0..1.0)][r.gen_range(0..3)]).collect();
                Domains::from_probs(
                    &p.widths,
                    |v, a| if puzzle.as_bytes()[v] == b'.' { free[v * 9 + a] } else { d.var(v)[a] },
                )
            })
            .collect();
        let ups: Vec<Vec<f64>> = inputs.iter().map(|d| random_upstream(&mut r, d)).collect();
        for (prog, sg) in [(&p, &sg), (&residual, &naked)] {
            check_batch(prog, sg, &inputs, &ups, 4, 2);
            let in32: Vec<Domains<Prob<f32>>> = inputs.iter().map(to_t).collect();
            let up32: Vec<Vec<f32>> = ups.iter().map(|u| u.iter().map(|&x| x as f32).collect()).collect();
            check_batch(prog, sg, &in32, &up32, 4, 2);
        }
    }
}

/// Reverse mode against central differences on Sudoku (K = 2, every cell): the program with
/// the group rule, and the residual with naked singles; inputs from a puzzle's givens, free
/// cells random with exact 0s and 1s.
#[test]
fn gradient_matches_central_differences_on_sudoku() {
    let mut r = rng(7);
    let (puzzle, _) = &puzzles("tdoku_17_clue.solved.txt", 1)[0];
    let p = sudoku(puzzle).compile().unwrap();
    let groups = Groups::detect(&p);
    let given = uniform_start(&p, puzzle, 0.0);
    let free: Vec<f64> =
        (0..729).map(|_| [0.0, 1.0, r.gen_range(0.0..1.0), r.gen_range(0.9..1.0)][r.gen_range(0..4)]).collect();
    let d0 =
        Domains::from_probs(
            &p.widths,
            |v, a| if puzzle.as_bytes()[v] == b'.' { free[v * 9 + a] } else { given.var(v)[a] },
        );
    let up = random_upstream(&mut r, &d0);
    let sg = SoftGroups::new(&p, &groups);
    assert_eq!((sg.len(), sg.num_overlaps(), sg.skipped()), (27, 54, 0));
    assert_eq!(check_fd(&p, &sg, &d0, 2, &up, "sudoku"), 729);
    let naked = SoftGroups::new(&p, &groups).with_naked_singles();
    assert_eq!(check_fd(&groups.residual(&p), &naked, &d0, 2, &up, "sudoku naked"), 729);
}

/// At 0/1 points (the straight-through estimator's), forward and backward stay finite, in f32
/// and f64, K up to 6, wipeouts included.
#[test]
fn finite_at_01_points() {
    let mut r = rng(8);
    let ps = puzzles("tdoku_forum_hardest_1905_11plus.solved.txt", 4);
    for (puzzle, sol) in &ps {
        let p = sudoku(puzzle).compile().unwrap();
        let groups = Groups::detect(&p);
        let residual = groups.residual(&p);
        let sg = SoftGroups::new(&p, &groups);
        let naked = SoftGroups::new(&p, &groups).with_naked_singles();
        for case in 0..6 {
            let d = random_hard(&mut r, &p.widths, (case % 2 == 0).then_some(&sol[..])).to_soft::<f64>();
            let up = random_upstream(&mut r, &d);
            for (prog, sg) in [(&p, &sg), (&residual, &naked)] {
                let grad = SoftGrad::with_groups(prog, sg).unwrap();
                let (o, g) = grad.value_and_grad(&d, case, Memory::Full, &up).unwrap();
                assert!(o.cells.iter().chain(&g).all(|x| x.is_finite()));
                let d32: Domains<Prob<f32>> = to_t(&d);
                let up32: Vec<f32> = up.iter().map(|&x| x as f32).collect();
                let (o, g) = grad.value_and_grad(&d32, case, Memory::Full, &up32).unwrap();
                assert!(o.cells.iter().chain(&g).all(|x| x.is_finite()));
            }
        }
    }
}

/// Checkpointed memory gives the gradients of the full mode bit for bit with the group rule too.
#[test]
fn checkpointing_with_groups_is_bit_identical() {
    let mut r = rng(9);
    for _ in 0..20 {
        let (p, gs) = random_groups(&mut r);
        let sg = SoftGroups::new(&p, &Groups::new(&p, &gs).unwrap());
        let grad = SoftGrad::with_groups(&p, &sg).unwrap();
        let d0 = random_soft(&mut r, &p.widths);
        let up = random_upstream(&mut r, &d0);
        let k = r.gen_range(0..12);
        let (o, g) = grad.value_and_grad(&d0, k, Memory::Full, &up).unwrap();
        for mem in [Memory::sqrt(k), Memory::Checkpoint { every: 3 }] {
            let (o2, g2) = grad.value_and_grad(&d0, k, mem, &up).unwrap();
            assert_eq!(o, o2);
            assert_eq!(bits(&g), bits(&g2), "{mem:?} k={k}");
        }
    }
}
