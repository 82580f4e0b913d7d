//! Group reasoning ([`semiring_core::groups`]) against plain search on random networks, and the
//! word-by-word domain builders it relies on.

mod common;

use rand::Rng;
use semiring_core::groups::{Grouped, Groups};
use semiring_core::solver::{search, Ascending, Propagator, SearchLimits, Worklist};
use semiring_core::testing::rng;
use semiring_core::{Boolean, Constraint, Domains, FixpointOutcome, Network, RelationSpec};

/// `from_value_lists` (word by word) builds what `from_fn` (value by value) builds, over widths
/// of one to three words, values past a variable's width included; `assignment` reads it back.
#[test]
fn value_lists_match_from_fn() {
    for seed in 0..200 {
        let mut r = rng(seed);
        let n = r.gen_range(1..12);
        let widths: Vec<usize> = (0..n).map(|_| r.gen_range(0..150)).collect();
        let lists: Vec<Option<Vec<usize>>> = (0..n)
            .map(|_| r.gen_bool(0.6).then(|| (0..r.gen_range(0..6)).map(|_| r.gen_range(0..160)).collect()))
            .collect();
        let fast = Domains::from_value_lists(&widths[..], |v| lists[v].as_deref());
        let slow = Domains::<Boolean>::from_fn(&widths, |v, a| lists[v].as_ref().is_none_or(|l| l.contains(&a)));
        assert_eq!(fast, slow, "seed {seed}");
        assert_eq!(fast.stride(), slow.stride());
        let single = Domains::<Boolean>::from_fn(&widths, |v, a| a + 1 == widths[v]);
        let expect: Option<Vec<usize>> = widths.iter().map(|&w| w.checked_sub(1)).collect();
        assert_eq!(single.assignment(), expect, "seed {seed}");
    }
}

/// A random network with explicit all-different groups: widths up to 64 (one domain word),
/// initial domains inside a window of 2 to 6 values (so the solution sets stay small), groups of 2 to 6
/// variables that may overlap, share one variable or stand apart, variables in no group, and
/// `<` and table arcs between any variables (outside groups too).
fn grouped_network(seed: u64) -> (Network, Vec<Vec<usize>>) {
    let mut r = rng(seed);
    let n = r.gen_range(4..11);
    let k = r.gen_range(2..=64);
    let mut net = Network::with_vars(n, k);
    // Domains inside a window of a few values (anywhere in the width), so groups compete.
    let w = r.gen_range(2..7).min(k);
    let base = r.gen_range(0..=k - w);
    for v in 0..n {
        if r.gen_bool(0.9) {
            let d: Vec<usize> = (base..base + w).filter(|_| r.gen_bool(0.7)).collect();
            net.variables[v].domain = Some(d);
        }
    }
    let mut groups = Vec::new();
    for _ in 0..r.gen_range(1..5) {
        let mut g: Vec<usize> = (0..r.gen_range(2..7)).map(|_| r.gen_range(0..n)).collect();
        g.sort_unstable();
        g.dedup();
        if g.len() >= 2 {
            net.constraints.push(Constraint::AllDifferent { vars: g.clone() });
            groups.push(g);
        }
    }
    for _ in 0..r.gen_range(0..4) {
        let (x, y) = (r.gen_range(0..n), r.gen_range(0..n));
        if x != y {
            let relation = if r.gen_bool(0.5) {
                RelationSpec::Lt
            } else {
                RelationSpec::Table(
                    (0..k).flat_map(|a| (0..k).map(move |b| [a, b])).filter(|_| r.gen_bool(0.8)).collect(),
                )
            };
            net.constraints.push(Constraint::Binary { scope: [x, y], relation });
        }
    }
    (net, groups)
}

/// On 600 random networks with explicit groups (fewer variables than values included, where
/// hidden singles must not fire), search under group reasoning finds exactly the solutions of
/// plain arc consistency, in no more nodes; unsatisfiable ones are unsatisfiable under both;
/// whole program or residual under the groups makes no difference; and every `Stable` node
/// of the grouped search is a fixpoint of a fresh grouped propagation.
#[test]
fn explicit_groups_keep_every_solution() {
    // Networks with more solutions than this are skipped (counted below).
    let all = SearchLimits { max_solutions: 20_000, ..Default::default() };
    let sorted = |mut v: Vec<Vec<usize>>| {
        v.sort();
        v
    };
    let (mut sat, mut unsat, mut smaller, mut skipped) = (0, 0, 0, 0);
    for seed in 0..600 {
        let (net, groups) = grouped_network(seed);
        let p = net.compile().unwrap();
        let g = Groups::new(&p, &groups).unwrap();
        let plain = search(&mut Worklist::new(&p), &mut Ascending, net.initial_domains(), &all).unwrap();
        if !plain.exhausted {
            skipped += 1;
            continue;
        }
        let residual = g.residual(&p);
        let grouped =
            search(&mut Grouped::new(Worklist::new(&residual), &g), &mut Ascending, net.initial_domains(), &all)
                .unwrap();
        let whole =
            search(&mut Grouped::new(Worklist::new(&p), &g), &mut Ascending, net.initial_domains(), &all).unwrap();
        assert!(grouped.exhausted, "seed {seed}");
        assert_eq!(sorted(grouped.solutions.clone()), sorted(plain.solutions.clone()), "seed {seed}");
        assert_eq!((&whole.solutions, whole.stats.nodes), (&grouped.solutions, grouped.stats.nodes), "seed {seed}");
        assert!(grouped.stats.nodes <= plain.stats.nodes, "seed {seed}");
        for s in &grouped.solutions {
            net.check(s).unwrap();
        }
        if plain.solutions.is_empty() {
            unsat += 1;
        } else {
            sat += 1;
        }
        smaller += usize::from(grouped.stats.nodes < plain.stats.nodes);
        // The root fixpoint, reached from scratch and incrementally along a random branch.
        common::walk_checking_fixpoints(&net, &g, &mut rng(seed), &format!("seed {seed}"));
    }
    println!("{sat} satisfiable, {unsat} not, {smaller} smaller trees, {skipped} skipped");
    assert!(
        sat > 100 && unsat > 100 && smaller > 20 && skipped < 100,
        "{sat} sat, {unsat} not, {smaller} smaller, {skipped} skipped"
    );
}

/// When the inner propagator narrows nothing (an empty residual) the rules run alone and must
/// still report the wipeouts the inner propagator would: an empty domain outside every group
/// at the start, an empty changed variable, and a pigeonhole inside a group.
#[test]
fn rules_alone_report_wipeouts() {
    // Group {0, 1, 2} over 3 values; variable 3 is in no group and has no arcs.
    let mut net = Network::with_vars(4, 3);
    net.constraints.push(Constraint::AllDifferent { vars: vec![0, 1, 2] });
    let p = net.compile().unwrap();
    let g = Groups::detect(&p);
    let residual = g.residual(&p);
    assert!(residual.instructions.is_empty());
    assert!(Worklist::new(&residual).narrows_nothing() && !Worklist::new(&p).narrows_nothing());
    let wiped = |fp: semiring_core::interp::Fixpoint| matches!(fp.outcome, FixpointOutcome::Wipeout(_));
    for whole in [false, true] {
        let inner = Worklist::new(if whole { &p } else { &residual });
        let mut prop = Grouped::new(inner, &g);
        assert!(!prop.narrows_nothing(), "a group layer narrows");
        // Empty outside the groups, from scratch.
        let mut d = net.initial_domains();
        d.var_mut(3)[0] = 0;
        assert!(wiped(prop.propagate(&mut d).unwrap()), "whole program: {whole}");
        // Empty changed variable after a stable start.
        let mut d = net.initial_domains();
        assert_eq!(prop.propagate(&mut d).unwrap().outcome, FixpointOutcome::Stable);
        d.var_mut(3)[0] = 0;
        assert!(wiped(prop.propagate_changed(&mut d, &[3]).unwrap()), "whole program: {whole}");
        // Pigeonhole: three variables left with two values.
        let mut d = net.initial_domains();
        assert_eq!(prop.propagate(&mut d).unwrap().outcome, FixpointOutcome::Stable);
        d.remove(0, 2);
        d.remove(1, 2);
        d.remove(2, 2);
        assert!(wiped(prop.propagate_changed(&mut d, &[0, 1, 2]).unwrap()), "whole program: {whole}");
        // And the state is clean afterwards: a fresh start is stable again and assigns nothing.
        let mut d = net.initial_domains();
        assert_eq!(prop.propagate(&mut d).unwrap().outcome, FixpointOutcome::Stable);
        assert_eq!(d, net.initial_domains());
    }
}

/// The sweep stops as soon as every variable is fixed (see `Grouped`): it must still tell a
/// consistent full assignment (stable, unchanged) from one where two peers share a value
/// (wipeout), from scratch and when the last open variables are fixed by a branch.
#[test]
fn fully_fixed_assignments() {
    use semiring_core::testing::sudoku;
    // A valid grid: row r is the digits shifted by 3 (r % 3) + r / 3.
    let grid: Vec<usize> = (0..81).map(|i| (i / 9 * 3 + i / 27 + i % 9) % 9).collect();
    let line = |g: &[usize]| g.iter().map(|&v| char::from(b'1' + v as u8)).collect::<String>();
    let net = sudoku(&line(&grid));
    let p = net.compile().unwrap();
    let g = Groups::detect(&p);
    let residual = g.residual(&p);
    let mut prop = Grouped::new(Worklist::new(&residual), &g);
    let mut d = net.initial_domains();
    assert_eq!(prop.propagate(&mut d).unwrap().outcome, FixpointOutcome::Stable);
    assert_eq!(d.assignment(), Some(grid.clone()));
    for (a, b) in [(0, 1), (0, 9), (0, 10), (40, 80)] {
        let mut bad = grid.clone();
        bad[b] = bad[a];
        let mut d = sudoku(&line(&bad)).initial_domains();
        let fp = prop.propagate(&mut d).unwrap();
        assert!(matches!(fp.outcome, FixpointOutcome::Wipeout(_)), "cells {a} and {b} share a value: {fp:?}");
    }
    // One group over three values, the first variable fixed: branching the second fixes the
    // third (stable) or, onto the first one's value, wipes out.
    let mut net = Network::with_vars(3, 3);
    net.constraints.push(Constraint::AllDifferent { vars: vec![0, 1, 2] });
    net.variables[0].domain = Some(vec![0]);
    let p = net.compile().unwrap();
    let g = Groups::detect(&p);
    let residual = g.residual(&p);
    let mut prop = Grouped::new(Worklist::new(&residual), &g);
    let mut root = net.initial_domains();
    assert_eq!(prop.propagate(&mut root).unwrap().outcome, FixpointOutcome::Stable);
    assert_eq!((root.values(1), root.values(2)), (vec![1, 2], vec![1, 2]));
    let mut d = root.clone();
    d.assign(1, 1);
    assert_eq!(prop.propagate_changed(&mut d, &[1]).unwrap().outcome, FixpointOutcome::Stable);
    assert_eq!(d.assignment(), Some(vec![0, 1, 2]));
    let mut d = root.clone();
    d.assign(1, 0);
    assert!(matches!(prop.propagate_changed(&mut d, &[1]).unwrap().outcome, FixpointOutcome::Wipeout(_)));
}
