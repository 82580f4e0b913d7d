//! The straight-through gradient unit against
//! `semiring_core::st_fixed::st_backward_fixed`, bit for bit (every gradient cell
//! and the saturated flag): seeded random networks with random hard inputs
//! and upstream gradients (large ones included, so additions saturate), and
//! Sudoku.

mod common;

use fpga_sim::grad::GradSim;
use fpga_sim::SimError;
use hdl_gen::GradConfig;
use rand::Rng;
use semiring_core::hard_rounds;
use semiring_core::st_fixed::st_backward_fixed;
use semiring_core::testing::{random_hard, random_program, random_upstream, rng, sudoku, Limits};
use semiring_core::{Boolean, Domains, Program};

fn sim_or_skip(test: &str) -> Option<GradSim> {
    common::started_or_skip(test, GradSim::new())
}

/// The clocks the unit must take: [`GradConfig::round_cycles`] per round plus
/// [`GradConfig::routed_cycles`] per routed cell. The incoming gradient of
/// round `r` is the model's gradient on `d^{r+1}`, i.e. `st_backward_fixed`
/// over `rounds[r+1..]`.
fn expected_cycles(p: &Program, rounds: &[Domains<Boolean>], up: &[i32]) -> u64 {
    let cfg = GradConfig::DEFAULT;
    let (n, w, v) = (p.instructions.len(), p.width(), p.num_vars());
    let mut total = 0;
    for r in 0..rounds.len() - 1 {
        let gn = st_backward_fixed(p, &rounds[r + 1..], up).unwrap().grad;
        let d = &rounds[r];
        let hits = |i: usize, a: usize| {
            let ins = p.instructions[i];
            (p.relations[ins.relation as usize].row(a)[0], d.var(ins.source as usize)[0])
        };
        let mut fails = vec![0usize; v * w];
        for (i, ins) in p.instructions.iter().enumerate() {
            for a in 0..p.widths[ins.target as usize] {
                let (row, src) = hits(i, a);
                fails[ins.target as usize * w + a] += (row & src == 0) as usize;
            }
        }
        total += cfg.round_cycles(n, w, v);
        for (i, ins) in p.instructions.iter().enumerate() {
            let t = ins.target as usize;
            for a in 0..p.widths[t] {
                let (row, src) = hits(i, a);
                let h = row & src;
                let cell = t * w + a;
                let ok = fails[cell] == 0 || (fails[cell] == 1 && h == 0);
                let route = if h == 0 {
                    row
                } else if h.count_ones() == 1 {
                    h
                } else {
                    0
                };
                if d.contains(t, a) && gn[cell] != 0 && ok && route != 0 {
                    total += GradConfig::routed_cycles(route);
                }
            }
        }
    }
    total
}

/// Runs both and panics at the first difference, naming the case.
fn check(sim: &mut GradSim, what: &str, p: &Program, rounds: &[Domains<Boolean>], up: &[i32]) -> (u64, bool) {
    let model = st_backward_fixed(p, rounds, up).expect("model");
    let hw = sim.backward(p, rounds, up).unwrap_or_else(|e| panic!("{what}: {e}"));
    let w = p.width();
    if let Some(c) = (0..model.grad.len()).find(|&c| model.grad[c] != hw.grad[c]) {
        panic!(
            "{what}: first difference at variable {} value {}: st_backward_fixed {} ({:#x}), hardware {} ({:#x}) \
             (K = {}, {} vars, {} instructions)",
            c / w,
            c % w,
            model.grad[c],
            model.grad[c],
            hw.grad[c],
            hw.grad[c],
            rounds.len() - 1,
            p.num_vars(),
            p.instructions.len()
        );
    }
    assert_eq!(hw.saturated, model.saturated, "{what}: saturated flag");
    assert_eq!(hw.cycles, expected_cycles(p, rounds, up), "{what}: cycles against GradConfig's formulas");
    (hw.cycles, model.saturated)
}

#[test]
fn random_networks_match_the_model() {
    let Some(mut sim) = sim_or_skip("random_networks_match_the_model") else { return };
    let kmax = 1 << sim.info.round_bits;
    let (mut saturating, mut nonzero) = (0, 0);
    for seed in 0..300u64 {
        let mut r = rng(seed);
        let p = random_program(&mut r, Limits::mixed(8, 16));
        let d0 = random_hard(&mut r, &p.widths);
        let k = r.gen_range(0..=kmax);
        let rounds = hard_rounds(&p, &d0, k);
        let up = random_upstream(&mut r, p.num_vars() * p.width());
        let (_, sat) = check(&mut sim, &format!("seed {seed}"), &p, &rounds, &up);
        saturating += sat as usize;
        nonzero += st_backward_fixed(&p, &rounds, &up).unwrap().grad.iter().filter(|&&g| g != 0).count();
    }
    // The cases must exercise saturation and produce gradients at all.
    assert!(saturating >= 10, "only {saturating} saturating cases");
    assert!(nonzero >= 1000, "only {nonzero} nonzero gradient cells");
}

#[test]
fn sudoku_matches_the_model() {
    let Some(mut sim) = sim_or_skip("sudoku_matches_the_model") else { return };
    let path = common::data_dir().join("sudoku/tdoku_17_clue.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let line = text.lines().next().expect("a puzzle line").trim();
    let net = sudoku(line);
    let p = net.compile().unwrap();
    let mut r = rng(17);
    // The initial domains, and a full assignment that mostly wipes out
    // (exercising the "only failing instruction" routes).
    let assign: Domains<Boolean> = Domains::from_fn(&p.widths, |v, a| {
        net.variables[v].domain.as_ref().map_or(a == (v * 7 + 3) % 9, |d| d.contains(&a))
    });
    // A fixed figure: K = 4 from the givens with every upstream cell 1.0.
    let rounds = hard_rounds(&p, &net.initial_domains(), 4);
    let (cycles, _) = check(&mut sim, &format!("sudoku K=4 upstream 1.0 ({line})"), &p, &rounds, &[1 << 16; 81 * 9]);
    eprintln!("sudoku initial: K = 4, upstream all 1.0: {cycles} cycles");
    for (name, d0) in [("initial", net.initial_domains()), ("assignment", assign)] {
        for k in [1, 4, 8] {
            let rounds = hard_rounds(&p, &d0, k);
            let up = random_upstream(&mut r, 81 * 9);
            let (cycles, sat) = check(&mut sim, &format!("sudoku {name} K={k} ({line})"), &p, &rounds, &up);
            eprintln!(
                "sudoku {name}: K = {k}, {} instructions: {cycles} cycles, saturated {sat}",
                p.instructions.len()
            );
        }
    }
}

#[test]
fn inputs_that_do_not_fit_are_errors() {
    let Some(mut sim) = sim_or_skip("inputs_that_do_not_fit_are_errors") else { return };
    let mut r = rng(5);
    let p = random_program(&mut r, Limits::mixed(3, 4));
    let d0 = random_hard(&mut r, &p.widths);
    let kmax = 1 << sim.info.round_bits;
    let up = vec![0; p.num_vars() * p.width()];
    let err = sim.backward(&p, &hard_rounds(&p, &d0, kmax + 1), &up).unwrap_err();
    assert!(matches!(err, SimError::DoesNotFit { what: "the number of rounds", .. }), "{err}");
    let err = sim.backward(&p, &[], &up).unwrap_err();
    assert_eq!(err.to_string(), "bad input: no rounds (need d^0)");
    let err = sim.backward(&p, std::slice::from_ref(&d0), &up[1..]).unwrap_err();
    assert!(err.to_string().starts_with("bad input: upstream has"), "{err}");
    // The unit still works after refused inputs.
    let rounds = hard_rounds(&p, &d0, 2);
    check(&mut sim, "after errors", &p, &rounds, &vec![3 << 16; p.num_vars() * p.width()]);
}
