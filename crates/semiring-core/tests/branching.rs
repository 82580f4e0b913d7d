//! Variable orders of the search: dom/wdeg keeps every solution, explores the same tree under
//! every propagator, and learns from failures where plain minimum remaining values does not;
//! dom/wdeg-conflict keeps every solution too (its gain is measured on real puzzles:
//! host's `sudoku_data` tests and `cargo xtask bench solve`).

use rand::Rng;
use semiring_core::groups::{Grouped, Groups};
use semiring_core::solver::{degrees, search, search_with, Ascending, Branching, Jacobi, SearchLimits, Worklist};
use semiring_core::testing::{random_hard, random_program, rng, sudoku, Limits};
use semiring_core::{Constraint, Network, Program, RelationSpec};

fn sorted(mut v: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
    v.sort();
    v
}

/// A random graph colouring: 10 to 13 vertices, 3 or 4 colours.
fn random_coloring(r: &mut rand_chacha::ChaCha8Rng) -> Program {
    let n = r.gen_range(10..14);
    let mut net = Network::with_vars(n, r.gen_range(3..5));
    let density = r.gen_range(0.2..0.5);
    for x in 0..n {
        for y in x + 1..n {
            if r.gen_bool(density) {
                net.constraints.push(Constraint::Binary { scope: [x, y], relation: RelationSpec::Ne });
            }
        }
    }
    net.compile().unwrap()
}

/// On 300 random searches (arbitrary relations and domains, and colourings), dom/wdeg
/// (from the degrees, and from all-equal weights) finds exactly the solutions of minimum
/// remaining values, and the incremental Worklist and the reference Jacobi rounds explore the
/// same tree under it (same nodes, failures, solution order).
#[test]
fn dom_wdeg_keeps_every_solution_and_the_tree_does_not_depend_on_the_propagator() {
    let all = SearchLimits { max_solutions: usize::MAX, ..Default::default() };
    let mut r = rng(5);
    let (mut differs, mut conflict_differs) = (0, 0);
    for case in 0..300 {
        let p = if case % 2 == 0 { random_program(&mut r, Limits::mixed(12, 6)) } else { random_coloring(&mut r) };
        let d = if case % 2 == 0 { random_hard(&mut r, &p.widths) } else { semiring_core::Domains::full_for(&p) };
        let mrv = search(&mut Worklist::new(&p), &mut Ascending, d.clone(), &all).unwrap();
        assert!(mrv.exhausted, "case {case}");
        for initial in [degrees(&p), Vec::new()] {
            let b = Branching::DomWdeg { initial };
            let w = search_with(&mut Worklist::new(&p), &mut Ascending, &b, d.clone(), &all).unwrap();
            let j = Jacobi { program: &p, max_rounds: usize::MAX };
            let jw = search_with(&mut { j }, &mut Ascending, &b, d.clone(), &all).unwrap();
            assert!(w.exhausted, "case {case}");
            assert_eq!(sorted(w.solutions.clone()), sorted(mrv.solutions.clone()), "case {case}: solutions");
            assert_eq!(
                (&w.solutions, w.stats.nodes, w.stats.failures),
                (&jw.solutions, jw.stats.nodes, jw.stats.failures),
                "case {case}: Worklist and Jacobi trees"
            );
            differs += usize::from(w.stats.nodes != mrv.stats.nodes);
        }
        // Weighing the emptied variable too: the same solutions (the tree may depend on the
        // propagator, so only the solution sets are compared), in another tree somewhere.
        let b = Branching::DomWdegConflict { initial: degrees(&p) };
        let plain = search_with(
            &mut Worklist::new(&p),
            &mut Ascending,
            &Branching::DomWdeg { initial: degrees(&p) },
            d.clone(),
            &all,
        )
        .unwrap();
        for conflict in [
            search_with(&mut Worklist::new(&p), &mut Ascending, &b, d.clone(), &all).unwrap(),
            search_with(&mut Jacobi { program: &p, max_rounds: usize::MAX }, &mut Ascending, &b, d.clone(), &all)
                .unwrap(),
        ] {
            assert!(conflict.exhausted, "case {case}");
            conflict_differs += usize::from(conflict.stats.nodes != plain.stats.nodes);
            assert_eq!(sorted(conflict.solutions), sorted(mrv.solutions.clone()), "case {case}: conflict solutions");
        }
    }
    // The weights do change the order somewhere (else this test would not test them).
    eprintln!("dom/wdeg changed the tree in {differs} of 600 searches");
    assert!(differs > 60, "dom/wdeg changed the tree in only {differs} of 600 searches");
    eprintln!("dom/wdeg-conflict changed dom/wdeg's tree in {conflict_differs} of 600 searches");
    // Small random networks rarely fail where the branched variable does not: a handful differ.
    assert!(conflict_differs > 0, "dom/wdeg-conflict never changed the tree");
}

/// Six free variables (three values each, no constraints) before a core of four variables
/// that must differ pairwise but have three values: unsatisfiable, and arc consistency only
/// finds out deep in the core. Minimum remaining values branches on the free variables first
/// (lowest index) and refutes the core under each of their 729 assignments; dom/wdeg from
/// equal weights learns from the core's failures and moves it to the top of later subtrees.
#[test]
fn dom_wdeg_learns_where_the_conflict_is() {
    let mut net = Network::with_vars(10, 3);
    net.constraints.push(Constraint::AllDifferent { vars: vec![6, 7, 8, 9] });
    let p = net.compile().unwrap();
    let limits = SearchLimits::default();
    let mrv = search(&mut Worklist::new(&p), &mut Ascending, net.initial_domains(), &limits).unwrap();
    let b = Branching::DomWdeg { initial: Vec::new() };
    let wdeg = search_with(&mut Worklist::new(&p), &mut Ascending, &b, net.initial_domains(), &limits).unwrap();
    assert!(mrv.is_unsat() && wdeg.is_unsat());
    assert!(
        wdeg.stats.nodes * 20 < mrv.stats.nodes,
        "dom/wdeg {} nodes vs minimum remaining values {}",
        wdeg.stats.nodes,
        mrv.stats.nodes
    );
    // From the degrees the core (degree 3) comes first from the start.
    let from_degrees = Branching::DomWdeg { initial: degrees(&p) };
    let deg = search_with(&mut Worklist::new(&p), &mut Ascending, &from_degrees, net.initial_domains(), &limits);
    assert!(deg.unwrap().stats.nodes <= wdeg.stats.nodes);
}

#[test]
fn degrees_count_distinct_neighbours() {
    let mut net = Network::with_vars(4, 3);
    net.constraints.push(Constraint::AllDifferent { vars: vec![0, 1, 2] });
    net.constraints.push(Constraint::AllDifferent { vars: vec![1, 2] });
    let p = net.compile().unwrap();
    assert_eq!(degrees(&p), vec![2, 2, 2, 0]);
    let s = sudoku(&".".repeat(81)).compile().unwrap();
    assert!(degrees(&s).iter().all(|&d| d == 20), "every Sudoku cell has 20 peers");
}

/// Under group reasoning on a hard Sudoku, dom/wdeg finds the file's unique solution, as
/// minimum remaining values does.
#[test]
fn dom_wdeg_solves_a_hard_sudoku_under_groups() {
    let line = "4.....8.5.3..........7......2.....6.....8.4......1.......6.3.7.5..2.....1.4......";
    let net = sudoku(line);
    let p = net.compile().unwrap();
    let g = Groups::detect(&p);
    let residual = g.residual(&p);
    let limits = SearchLimits { max_solutions: 2, ..Default::default() };
    let b = Branching::DomWdeg { initial: degrees(&p) };
    let mrv = search(&mut Grouped::new(Worklist::new(&residual), &g), &mut Ascending, net.initial_domains(), &limits);
    let mut prop = Grouped::new(Worklist::new(&residual), &g);
    let wdeg = search_with(&mut prop, &mut Ascending, &b, net.initial_domains(), &limits).unwrap();
    let mrv = mrv.unwrap();
    assert_eq!(wdeg.solutions.len(), 1, "unique");
    assert!(wdeg.exhausted);
    assert_eq!(wdeg.solutions, mrv.solutions);
    net.check(&wdeg.solutions[0]).unwrap();
}
