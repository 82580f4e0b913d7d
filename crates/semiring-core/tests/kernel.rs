//! The kernel's properties: every semiring agrees with `Boolean` on 0/1
//! inputs; `Fixed` stays within its error bound of `Prob<f64>`; the fast
//! worklist propagator reaches the reference Jacobi fixpoint.

use rand::Rng;
use semiring_core::solver::{Jacobi, Propagator, Worklist};
use semiring_core::testing::{first_difference, random_hard, random_program, rng, Limits};
use semiring_core::{
    hard_fixpoint, hard_rounds, soft_rounds, Boolean, Domains, Fixed, FixpointOutcome, Prob, Program, SoftValue, Q15,
};

fn assert_soft_matches_boolean<V: SoftValue>(program: &Program, hard: &Domains<Boolean>, k: usize, seed: u64) {
    let hard_seq = hard_rounds(program, hard, k);
    let soft = soft_rounds(program, &hard.to_soft::<V>(), k);
    for r in 0..=k {
        let expected = hard_seq[r].to_soft::<V>();
        assert_eq!(soft[r], expected, "{} differs from boolean at round {r}, seed {seed}", V::NAME);
    }
}

#[test]
fn soft_semirings_equal_boolean_on_01_inputs() {
    for seed in 0..400 {
        let mut r = rng(seed);
        // Widths past 64 exercise the multi-word bitmask path.
        let max_width = if seed % 4 == 0 { 130 } else { 12 };
        let p = random_program(&mut r, Limits::mixed(8, max_width));
        let d = random_hard(&mut r, &p.widths);
        let k = r.gen_range(1..5);
        assert_soft_matches_boolean::<f64>(&p, &d, k, seed);
        assert_soft_matches_boolean::<f32>(&p, &d, k, seed);
        assert_soft_matches_boolean::<Q15>(&p, &d, k, seed);
    }
}

/// The bound of `fixed.rs`, applied round by round: with `m` instructions
/// into a target and at most `n` supports per row, an input error `e`
/// becomes at most `e (1 + m n) + m (n + 1) h` where `h = 2^-16`.
fn fixed_error_bound(program: &Program, k: usize) -> f64 {
    let h = 1.0 / 65536.0;
    let mut into = vec![0usize; program.num_vars()];
    for ins in &program.instructions {
        into[ins.target as usize] += 1;
    }
    let m = into.into_iter().max().unwrap_or(0) as f64;
    let n = program
        .relations
        .iter()
        .flat_map(|rel| (0..rel.rows()).map(move |a| rel.row(a).iter().map(|w| w.count_ones()).sum::<u32>()))
        .max()
        .unwrap_or(0) as f64;
    let mut e = 0.0;
    for _ in 0..k {
        e = e * (1.0 + m * n) + m * (n + 1.0) * h;
    }
    e
}

#[test]
fn fixed_within_bound_of_prob_f64() {
    let mut worst_ratio = 0.0f64;
    for seed in 0..300 {
        let mut r = rng(1000 + seed);
        let p = random_program(&mut r, Limits::mixed(6, 10));
        let k = r.gen_range(1..4);
        let probs: Vec<Vec<u16>> =
            p.widths.iter().map(|&w| (0..w).map(|_| r.gen_range(0..=0x8000)).collect()).collect();
        let fixed = Domains::<Fixed>::from_probs(&p.widths, |v, a| Q15(probs[v][a]));
        let exact = Domains::<Prob<f64>>::from_probs(&p.widths, |v, a| Q15(probs[v][a]).to_f64());
        let fr = soft_rounds(&p, &fixed, k);
        let er = soft_rounds(&p, &exact, k);
        let bound = fixed_error_bound(&p, k);
        for (f, e) in fr[k].cells.iter().zip(&er[k].cells) {
            assert!(f.in_range(), "seed {seed}: {f:?} out of [0, 0x8000]");
            let err = (f.to_f64() - e).abs();
            assert!(err <= bound + 1e-12, "seed {seed}: fixed {f:?} vs f64 {e}: error {err} > bound {bound}");
            if bound > 0.0 {
                worst_ratio = worst_ratio.max(err / bound);
            }
        }
    }
    println!("worst observed error / bound = {worst_ratio:.4}");
}

#[test]
fn worklist_reaches_the_jacobi_fixpoint() {
    let (mut stable, mut wiped) = (0, 0);
    for seed in 0..600 {
        let mut r = rng(5000 + seed);
        let max_width = if seed % 5 == 0 { 100 } else { 9 };
        let p = random_program(&mut r, Limits::mixed(9, max_width));
        let d = random_hard(&mut r, &p.widths);
        let mut jac = d.clone();
        let j = Jacobi { program: &p, max_rounds: usize::MAX }.propagate(&mut jac).unwrap();
        let mut wl = d.clone();
        let w = Worklist::new(&p).propagate(&mut wl).unwrap();
        match j.outcome {
            FixpointOutcome::Stable => {
                stable += 1;
                assert_eq!(w.outcome, FixpointOutcome::Stable, "seed {seed}");
                assert_eq!(first_difference(&jac, &wl), None, "seed {seed}: different fixpoints");
            }
            FixpointOutcome::Wipeout(_) => {
                wiped += 1;
                assert!(matches!(w.outcome, FixpointOutcome::Wipeout(_)), "seed {seed}: worklist missed a wipeout");
            }
            FixpointOutcome::RoundLimit => unreachable!("no limit"),
        }
    }
    assert!(stable > 50 && wiped > 50, "both outcomes exercised: {stable} stable, {wiped} wiped out");
}

#[test]
fn stop_rule_order_and_round_limit() {
    // x0 != x1 over {0, 1}: x0 = {0} forces x1 = {1} in round 1, round 2 is stable.
    let net = semiring_core::Network {
        variables: vec![
            semiring_core::network::Variable { name: None, size: 2, domain: Some(vec![0]) },
            semiring_core::network::Variable { name: None, size: 2, domain: None },
        ],
        constraints: vec![semiring_core::Constraint::Binary {
            scope: [0, 1],
            relation: semiring_core::RelationSpec::Ne,
        }],
    };
    let p = net.compile().unwrap();
    let mut d = net.initial_domains();
    assert_eq!(hard_fixpoint(&p, &mut d.clone(), 0).outcome, FixpointOutcome::RoundLimit);
    let f = hard_fixpoint(&p, &mut d, 10);
    assert_eq!((f.outcome, f.rounds), (FixpointOutcome::Stable, 2));
    assert_eq!(d.assignment(), Some(vec![0, 1]));
    // Both variables fixed to 0: both lose their only value in round 1.
    let mut d = Domains::<Boolean>::from_fn(&p.widths, |_, a| a == 0);
    let f = hard_fixpoint(&p, &mut d, 10);
    assert_eq!((f.outcome, f.rounds), (FixpointOutcome::Wipeout(0), 1));
    // An empty domain that nothing reads is still a wipeout, not `Stable`.
    let lonely = Program::new(vec![2], vec![], vec![]).unwrap();
    let mut d = Domains::<Boolean>::from_fn(&[2], |_, _| false);
    assert_eq!(hard_fixpoint(&lonely, &mut d, 10).outcome, FixpointOutcome::Wipeout(0));
}
