//! Search on small networks whose answers are known by hand.

mod common;

use semiring_core::network::Variable;
use semiring_core::solver::{search, Ascending, ByScore, Jacobi, SearchLimits, Worklist};
use semiring_core::{Constraint, Network, RelationSpec};

fn clique(n: usize, colours: usize) -> Network {
    let mut net = Network::with_vars(n, colours);
    net.constraints.push(Constraint::AllDifferent { vars: (0..n).collect() });
    net
}

fn count(net: &Network, max_solutions: usize) -> (usize, bool) {
    let p = net.compile().unwrap();
    let limits = SearchLimits { max_solutions, ..Default::default() };
    let res = search(&mut Worklist::new(&p), &mut Ascending, net.initial_domains(), &limits).unwrap();
    for s in &res.solutions {
        net.check(s).unwrap();
    }
    // The reference propagator finds the same solutions in the same order.
    let jac =
        search(&mut Jacobi { program: &p, max_rounds: usize::MAX }, &mut Ascending, net.initial_domains(), &limits)
            .unwrap();
    assert_eq!(jac.solutions, res.solutions);
    assert_eq!(jac.stats.nodes, res.stats.nodes);
    (res.solutions.len(), res.exhausted)
}

#[test]
fn counts_solutions_of_cliques() {
    // K4 with 4 colours: 4! colourings; with 3 colours: none.
    assert_eq!(count(&clique(4, 4), 100), (24, true));
    assert_eq!(count(&clique(4, 3), 100), (0, true));
    assert_eq!(count(&clique(4, 4), 2), (2, false));
}

#[test]
fn order_relation_chain() {
    // x0 < x1 < x2 over 0..3 has exactly one solution, found by propagation alone.
    let mut net = Network::with_vars(3, 3);
    for i in 0..2 {
        net.constraints.push(Constraint::Binary { scope: [i, i + 1], relation: RelationSpec::Lt });
    }
    let p = net.compile().unwrap();
    let res = search(&mut Worklist::new(&p), &mut Ascending, net.initial_domains(), &SearchLimits::default()).unwrap();
    assert_eq!(res.solutions, vec![vec![0, 1, 2]]);
    assert_eq!(res.stats.nodes, 1);
}

#[test]
fn value_order_by_score_is_followed() {
    let net = clique(3, 3);
    let p = net.compile().unwrap();
    // Prefer the largest value for every variable: the first solution is then [2, 1, 0].
    let scores = vec![vec![0.1, 0.2, 0.9]; 3];
    let res =
        search(&mut Worklist::new(&p), &mut ByScore(scores), net.initial_domains(), &SearchLimits::default()).unwrap();
    assert_eq!(res.solutions, vec![vec![2, 1, 0]]);
}

#[test]
fn node_limit_ends_search_cleanly() {
    // Pigeonhole: 7 variables, 6 values, all different. Arc consistency
    // cannot see it, so the search must enumerate; a tiny limit stops it.
    let net = clique(7, 6);
    let p = net.compile().unwrap();
    let limits = SearchLimits { node_limit: Some(50), ..Default::default() };
    let res = search(&mut Worklist::new(&p), &mut Ascending, net.initial_domains(), &limits).unwrap();
    assert_eq!(res.limit, Some(semiring_core::solver::LimitHit::Nodes));
    assert!(!res.exhausted && res.solutions.is_empty());
    assert_eq!(res.stats.nodes, 50);
    let full = search(&mut Worklist::new(&p), &mut Ascending, net.initial_domains(), &SearchLimits::default()).unwrap();
    assert!(full.is_unsat());
}

#[test]
fn network_errors_are_specific() {
    let mut net = Network::with_vars(2, 3);
    net.constraints.push(Constraint::Binary { scope: [0, 5], relation: RelationSpec::Ne });
    assert_eq!(net.compile().unwrap_err().to_string(), "constraint 0: variable 5 does not exist (the network has 2)");
    let mut net = Network::with_vars(2, 3);
    net.constraints.push(Constraint::Binary { scope: [0, 1], relation: RelationSpec::Table(vec![[0, 3]]) });
    assert_eq!(
        net.compile().unwrap_err().to_string(),
        "constraint 0: table pair [0, 3] is outside the domains (3 x 3)"
    );
    let net = Network { variables: vec![Variable { name: None, size: 2, domain: Some(vec![2]) }], constraints: vec![] };
    assert_eq!(net.compile().unwrap_err().to_string(), "variable 0: initial value 2 is outside 0..2");
}

#[test]
fn json_round_trip() {
    let mut net = clique(3, 3);
    net.constraints.push(Constraint::Binary { scope: [0, 1], relation: RelationSpec::Table(vec![[0, 1], [2, 0]]) });
    net.variables[2].domain = Some(vec![1, 2]);
    let text = serde_json::to_string(&net).unwrap();
    let back: Network = serde_json::from_str(&text).unwrap();
    assert_eq!(back, net);
    let err = serde_json::from_str::<Network>(r#"{"variables":[{"size":2,"colour":1}],"constraints":[]}"#).unwrap_err();
    assert!(err.to_string().contains("unknown field `colour`"), "{err}");
}

// --- All-different group reasoning (semiring_core::groups) ---------------------------------

use rand::Rng;
use semiring_core::groups::{GroupError, Grouped, Groups};
use semiring_core::solver::Propagator;
use semiring_core::testing::{first_difference, rng, sudoku};
use semiring_core::FixpointOutcome;

#[test]
fn detect_finds_the_sudoku_units() {
    let net = sudoku("");
    let p = net.compile().unwrap();
    let g = Groups::detect(&p);
    let mut found: Vec<Vec<usize>> = (0..g.len()).map(|i| g.group(i).collect()).collect();
    found.sort();
    let mut units: Vec<Vec<usize>> = net
        .constraints
        .iter()
        .map(|c| match c {
            Constraint::AllDifferent { vars } => {
                let mut v = vars.clone();
                v.sort();
                v
            }
            Constraint::Binary { .. } => unreachable!(),
        })
        .collect();
    units.sort();
    assert_eq!(found, units);
    // Every box meets 3 rows and 3 columns in 3 cells each; rows and columns meet in one cell.
    assert_eq!(g.num_overlaps(), 54);
    // Explicit groups are accepted when the program keeps them different.
    assert_eq!(Groups::new(&p, &units).unwrap(), g);
}

#[test]
fn explicit_groups_are_checked() {
    let mut net = Network::with_vars(4, 3);
    net.constraints.push(Constraint::AllDifferent { vars: vec![0, 1, 2] });
    net.constraints.push(Constraint::Binary { scope: [2, 3], relation: RelationSpec::Lt });
    let p = net.compile().unwrap();
    let err = |g: Vec<usize>| Groups::new(&p, &[g]).unwrap_err();
    assert_eq!(
        err(vec![0, 1, 3]),
        GroupError::NotDifferent { group: 0, x: 0, y: 3 },
        "no != between 0 and 3 (2 < 3 is not !=)"
    );
    assert_eq!(err(vec![0, 1, 0]), GroupError::Repeated { group: 0, var: 0 });
    assert_eq!(err(vec![0, 7]).to_string(), "group 0: variable 7 does not exist (the program has 4)");
    let wide = clique(3, 65).compile().unwrap();
    assert_eq!(
        Groups::new(&wide, &[vec![0, 1, 2]]).unwrap_err().to_string(),
        "not implemented: group reasoning for domains of more than 64 values (the program's widest has 65)"
    );
    assert!(Groups::detect(&wide).is_empty());
    // A triangle of != is a group; the < arc is not.
    let g = Groups::detect(&p);
    assert_eq!(g.len(), 1);
    assert_eq!(g.group(0).collect::<Vec<_>>(), vec![0, 1, 2]);
}

#[test]
fn pigeonhole_is_a_wipeout_at_the_root() {
    // 7 variables, 6 values, all different: arc consistency alone enumerates (see
    // node_limit_ends_search_cleanly); the group sees 6 values for 7 variables at once.
    let net = clique(7, 6);
    let p = net.compile().unwrap();
    let g = Groups::detect(&p);
    let res = search(
        &mut Grouped::new(Worklist::new(&p), &g),
        &mut Ascending,
        net.initial_domains(),
        &SearchLimits::default(),
    )
    .unwrap();
    assert!(res.is_unsat());
    assert_eq!((res.stats.nodes, res.stats.failures), (1, 1));
}

#[test]
fn hidden_single_and_intersection_rules() {
    // Group {0, 1, 2} over 3 values: value 2 only fits variable 0, so 0 = 2.
    let mut net = clique(3, 3);
    net.variables[1].domain = Some(vec![0, 1]);
    net.variables[2].domain = Some(vec![0, 1]);
    let p = net.compile().unwrap();
    let g = Groups::detect(&p);
    let mut d = net.initial_domains();
    let fp = Grouped::new(Worklist::new(&p), &g).propagate(&mut d).unwrap();
    assert_eq!(fp.outcome, FixpointOutcome::Stable);
    assert_eq!(d.values(0), vec![2]);
    assert_eq!((d.values(1), d.values(2)), (vec![0, 1], vec![0, 1]));

    // Intersection: A = {0, 1, 2}, B = {1, 2, 3, 4}, over 3 values (B is not covering).
    // Value 0 is not in variable 0's domain, so A must place 0 in {1, 2} = A ∩ B: variables
    // 3 and 4 lose 0. Without groups nothing is pruned.
    let mut net = Network::with_vars(5, 5);
    for v in 0..3 {
        net.variables[v].size = 5;
        net.variables[v].domain = Some(vec![0, 1, 2]);
    }
    net.variables[0].domain = Some(vec![1, 2]);
    net.constraints.push(Constraint::AllDifferent { vars: vec![0, 1, 2] });
    net.constraints.push(Constraint::AllDifferent { vars: vec![1, 2, 3, 4] });
    let p = net.compile().unwrap();
    // Both groups have fewer variables than values: detection leaves them out, explicit
    // groups keep them.
    assert!(Groups::detect(&p).is_empty());
    let g = Groups::new(&p, &[vec![0, 1, 2], vec![1, 2, 3, 4]]).unwrap();
    assert_eq!((g.len(), g.num_overlaps()), (2, 1));
    let mut plain = net.initial_domains();
    Worklist::new(&p).propagate(&mut plain).unwrap();
    assert_eq!(plain.values(3), vec![0, 1, 2, 3, 4]);
    let mut d = net.initial_domains();
    let fp = Grouped::new(Worklist::new(&p), &g).propagate(&mut d).unwrap();
    assert_eq!(fp.outcome, FixpointOutcome::Stable);
    assert_eq!((d.values(3), d.values(4)), (vec![1, 2, 3, 4], vec![1, 2, 3, 4]));
    // Every solution survives: same solution sets with and without groups.
    let all = SearchLimits { max_solutions: usize::MAX, ..Default::default() };
    let a = search(&mut Worklist::new(&p), &mut Ascending, net.initial_domains(), &all).unwrap();
    let b = search(&mut Grouped::new(Worklist::new(&p), &g), &mut Ascending, net.initial_domains(), &all).unwrap();
    assert!(a.exhausted && b.exhausted);
    let (mut sa, mut sb) = (a.solutions.clone(), b.solutions.clone());
    sa.sort();
    sb.sort();
    assert_eq!(sa, sb);
    assert!(!a.solutions.is_empty());
}

/// A random network: a random graph of `!=` arcs (with dense patches, so cliques occur) plus
/// a few random table constraints and initial domains.
fn random_network(seed: u64) -> Network {
    let mut r = rng(seed);
    let n = r.gen_range(3..10);
    let k = r.gen_range(2..6);
    let mut net = Network::with_vars(n, k);
    let dense = r.gen_range(0.3..0.95);
    for x in 0..n {
        for y in x + 1..n {
            if r.gen_bool(dense) {
                net.constraints.push(Constraint::Binary { scope: [x, y], relation: RelationSpec::Ne });
            }
        }
    }
    for _ in 0..r.gen_range(0..3) {
        let (x, y) = (r.gen_range(0..n), r.gen_range(0..n));
        if x != y {
            let pairs = (0..k).flat_map(|a| (0..k).map(move |b| [a, b])).filter(|_| r.gen_bool(0.7)).collect();
            net.constraints.push(Constraint::Binary { scope: [x, y], relation: RelationSpec::Table(pairs) });
        }
    }
    for v in 0..n {
        if r.gen_bool(0.3) {
            let d: Vec<usize> = (0..k).filter(|_| r.gen_bool(0.6)).collect();
            net.variables[v].domain = Some(d);
        }
    }
    net
}

/// Group reasoning only prunes values no solution uses: on 400 random networks every search
/// finds exactly the solutions of plain arc consistency, and the kernel propagators under it
/// (incremental Worklist on the residual program, reference Jacobi on the whole program)
/// explore the same tree.
#[test]
fn groups_keep_every_solution() {
    let all = SearchLimits { max_solutions: usize::MAX, ..Default::default() };
    let (mut with_groups, mut fewer) = (0, 0);
    for seed in 0..400 {
        let net = random_network(seed);
        let p = net.compile().unwrap();
        let g = Groups::detect(&p);
        let plain = search(&mut Worklist::new(&p), &mut Ascending, net.initial_domains(), &all).unwrap();
        let residual = g.residual(&p);
        let grouped =
            search(&mut Grouped::new(Worklist::new(&residual), &g), &mut Ascending, net.initial_domains(), &all)
                .unwrap();
        let whole =
            search(&mut Grouped::new(Worklist::new(&p), &g), &mut Ascending, net.initial_domains(), &all).unwrap();
        assert_eq!((&whole.solutions, whole.stats.nodes), (&grouped.solutions, grouped.stats.nodes), "seed {seed}");
        let jacobi = Jacobi { program: &p, max_rounds: usize::MAX };
        let reference = search(&mut Grouped::new(jacobi, &g), &mut Ascending, net.initial_domains(), &all).unwrap();
        // The same solutions; the order may differ (MRV sees smaller domains).
        let sorted = |mut v: Vec<Vec<usize>>| {
            v.sort();
            v
        };
        assert_eq!(sorted(grouped.solutions.clone()), sorted(plain.solutions.clone()), "seed {seed}");
        for s in &grouped.solutions {
            net.check(s).unwrap();
        }
        assert_eq!(reference.solutions, grouped.solutions, "seed {seed}");
        assert_eq!(reference.stats.nodes, grouped.stats.nodes, "seed {seed}");
        assert!(grouped.stats.nodes <= plain.stats.nodes, "seed {seed}");
        with_groups += usize::from(!g.is_empty());
        fewer += usize::from(grouped.stats.nodes < plain.stats.nodes);
    }
    assert!(with_groups > 200 && fewer > 50, "{with_groups} networks with groups, {fewer} with smaller trees");
}

/// The worklist's two-operation revise of one-word `!=` arcs reaches the reference Jacobi
/// fixpoint (random networks of `!=` and table arcs; the kernel tests cover random relations).
#[test]
fn worklist_ne_arcs_reach_the_jacobi_fixpoint() {
    let (mut stable, mut wiped) = (0, 0);
    for seed in 0..400 {
        let net = random_network(1000 + seed);
        let p = net.compile().unwrap();
        let d = net.initial_domains();
        let (mut jac, mut wl) = (d.clone(), d.clone());
        let j = Jacobi { program: &p, max_rounds: usize::MAX }.propagate(&mut jac).unwrap();
        let w = Worklist::new(&p).propagate(&mut wl).unwrap();
        match j.outcome {
            FixpointOutcome::Stable => {
                stable += 1;
                assert_eq!(w.outcome, FixpointOutcome::Stable, "seed {seed}");
                assert_eq!(first_difference(&jac, &wl), None, "seed {seed}");
            }
            FixpointOutcome::Wipeout(_) => {
                wiped += 1;
                assert!(matches!(w.outcome, FixpointOutcome::Wipeout(_)), "seed {seed}");
            }
            FixpointOutcome::RoundLimit => unreachable!("no limit"),
        }
    }
    assert!(stable > 100 && wiped > 20, "{stable} stable, {wiped} wiped out");
}

#[test]
fn groups_shrink_a_hard_sudoku_search() {
    // Tdoku's 17-clue set, first puzzle (from data/sudoku/tdoku_17_clue.txt).
    let net = sudoku(PUZZLE_17);
    let p = net.compile().unwrap();
    let g = Groups::detect(&p);
    // Every arc of Sudoku lies inside a group.
    let residual = g.residual(&p);
    assert!(residual.instructions.is_empty());
    let limits = SearchLimits { max_solutions: 2, ..Default::default() };
    let plain = search(&mut Worklist::new(&p), &mut Ascending, net.initial_domains(), &limits).unwrap();
    let grouped =
        search(&mut Grouped::new(Worklist::new(&residual), &g), &mut Ascending, net.initial_domains(), &limits)
            .unwrap();
    assert!(plain.exhausted && grouped.exhausted);
    assert_eq!(plain.solutions.len(), 1);
    assert_eq!(grouped.solutions, plain.solutions);
    net.check(&grouped.solutions[0]).unwrap();
    assert!(
        grouped.stats.nodes * 20 < plain.stats.nodes,
        "groups: {} nodes, plain: {} nodes",
        grouped.stats.nodes,
        plain.stats.nodes
    );
}

const PUZZLE_17: &str = ".................1....23.4.........5..2.6..3...71.........74.6..5..8....91.......";

/// The incremental group sweep reaches the group fixpoint: after `propagate` (from scratch) and
/// after `propagate_changed` (a branch: only the assigned variable's groups start dirty), a
/// from-scratch pass over every group changes nothing more.
#[test]
fn incremental_group_sweep_is_closed() {
    let mut checked = 0;
    for seed in 0..400 {
        // Random networks, and Sudoku (from the empty grid and from a 17-clue puzzle).
        let net = match seed % 4 {
            0 => sudoku(""),
            1 => sudoku(PUZZLE_17),
            _ => random_network(5000 + seed),
        };
        let p = net.compile().unwrap();
        let g = Groups::detect(&p);
        if g.is_empty() {
            continue;
        }
        checked += common::walk_checking_fixpoints(&net, &g, &mut rng(seed), &format!("seed {seed}"));
    }
    assert!(checked > 500, "{checked} fixpoints checked");
}
