//! Every Sudoku file of data/sudoku: puzzles with one solution are solved, checked by
//! the independent grid check and compared with the `.solved.txt` solution; the serg puzzles
//! are shown to have two or more solutions.
//!
//! By default the hard files (17-clue, magictour, forum hardest) are sampled deterministically
//! (every 20th puzzle) to keep the suite quick; `SOFTMASK_SLOW=1` (set in CI) runs every puzzle.
//! The easy files (Kaggle, unbiased, serg) always run in full.

use host::formats::check::sudoku_valid;
use host::formats::{read_file, Instance, Problem, ReadOptions};
use host::solve::{BranchingKind, PropagatorKind, SolveConfig, Solver, Status};
use semiring_core::solver::SearchLimits;
use std::path::{Path, PathBuf};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/sudoku");

fn slow() -> bool {
    std::env::var("SOFTMASK_SLOW").is_ok_and(|v| v == "1")
}

fn read(name: &str) -> Vec<Instance> {
    let path = PathBuf::from(DATA).join(name);
    read_file(&path, None, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn givens(inst: &Instance) -> &[Option<usize>] {
    match &inst.problem {
        Problem::Sudoku { givens, .. } => givens,
        p => panic!("{}: not a Sudoku: {p:?}", inst.name),
    }
}

fn config(max_solutions: usize) -> SolveConfig {
    SolveConfig { limits: SearchLimits { max_solutions, ..SearchLimits::default() }, ..SolveConfig::default() }
}

/// Solves the puzzles of `stem.txt` (every `stride`-th one unless SOFTMASK_SLOW=1) whose
/// `stem.solved.txt` count is 1 and checks them; returns how many were solved.
fn unique_file(stem: &str, stride: usize) -> usize {
    let plain = read(&format!("{stem}.txt"));
    let solved = read(&format!("{stem}.solved.txt"));
    assert_eq!(plain.len(), solved.len(), "{stem}: .txt and .solved.txt differ in length");
    let stride = if slow() { 1 } else { stride };
    let mut solver = Solver::new(config(1));
    let mut done = 0;
    for (i, (p, s)) in plain.iter().zip(&solved).enumerate() {
        assert_eq!(p.problem, s.problem, "{}: the puzzle differs from {}", p.name, s.name);
        if i % stride != 0 || s.known_count != Some(1) {
            continue;
        }
        let r = solver.solve(p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.status, Status::Sat, "{}", p.name);
        let grid = &r.solutions[0];
        sudoku_valid(grid, givens(p)).unwrap_or_else(|e| panic!("{}: {e}", p.name));
        assert_eq!(Some(grid), s.known_solution.as_ref(), "{}: not the .solved.txt solution", p.name);
        done += 1;
    }
    let expected = if slow() { plain.len() } else { plain.len().div_ceil(stride) };
    assert_eq!(done, expected, "{stem}: every (sampled) puzzle has one solution per the data README");
    eprintln!("{stem}: {done} puzzles solved and checked (stride {stride})");
    done
}

#[test]
fn kaggle_csv_all() {
    let insts = read("kaggle_bryanpark.csv");
    assert_eq!(insts.len(), 2000);
    // Two solutions asked: the search proves each puzzle unique.
    let mut solver = Solver::new(config(2));
    for inst in &insts {
        let r = solver.solve(inst).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((r.status, r.solutions.len()), (Status::AllFound, 1), "{}", inst.name);
        sudoku_valid(&r.solutions[0], givens(inst)).unwrap();
        assert_eq!(r.agrees_with_file, Some(true), "{}: differs from the CSV's solution", inst.name);
    }
}

#[test]
fn unbiased() {
    unique_file("tdoku_unbiased", 1);
}

#[test]
fn tdoku_17_clue() {
    unique_file("tdoku_17_clue", 20);
}

#[test]
fn royle_17_clue() {
    unique_file("royle_17_clue", 20);
}

#[test]
fn magictour_top1465() {
    unique_file("tdoku_magictour_top1465", 20);
}

#[test]
fn forum_hardest_1905_11plus() {
    unique_file("tdoku_forum_hardest_1905_11plus", 20);
}

#[test]
fn forum_hardest_1106() {
    unique_file("tdoku_forum_hardest_1106", 5);
}

#[test]
fn serg_puzzles_have_two_or_more_solutions() {
    let plain = read("tdoku_serg_benchmark.txt");
    let solved = read("tdoku_serg_benchmark.solved.txt");
    assert_eq!(plain.len(), 2000);
    let mut solver = Solver::new(config(2));
    for (p, s) in plain.iter().zip(&solved) {
        assert_eq!(s.known_count, Some(2), "{}", s.name);
        let r = solver.solve(p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((r.status, r.solutions.len()), (Status::Sat, 2), "{}: expected 2+ solutions", p.name);
        assert_ne!(r.solutions[0], r.solutions[1]);
        for g in &r.solutions {
            sudoku_valid(g, givens(p)).unwrap_or_else(|e| panic!("{}: {e}", p.name));
        }
        // The reader also cross-checks the file's count: solving the .solved.txt line with
        // two solutions asked must agree with its "2".
        assert!(solver.solve(s).is_ok());
    }
}

/// The incremental Worklist search and the reference Jacobi search explore the same tree
/// under dom/wdeg (dom/wdeg-conflict weighs the variable each propagator finds empty first,
/// which may differ).
#[test]
fn worklist_and_jacobi_search_agree() {
    let insts = read("tdoku_magictour_top1465.txt");
    for inst in insts.iter().step_by(97) {
        let mut results = Vec::new();
        for propagator in [PropagatorKind::Worklist, PropagatorKind::Jacobi] {
            let cfg = SolveConfig { propagator, branching: BranchingKind::DomWdeg, ..config(2) };
            let r = Solver::new(cfg).solve(inst).unwrap_or_else(|e| panic!("{e}"));
            results.push((r.solutions, r.stats.nodes, r.stats.failures));
        }
        assert_eq!(results[0], results[1], "{}", inst.name);
        assert_eq!(results[0].0.len(), 1, "{}", inst.name);
    }
}

/// On the hardest set (every fifth puzzle), each variable order finds the file's unique
/// solution, and weighing the emptied variables (the default) needs fewer nodes in total than
/// dom/wdeg, which needs fewer than minimum remaining values: the reason for the default.
#[test]
fn conflict_weights_shrink_the_hardest_searches() {
    let solved = read("tdoku_forum_hardest_1106.solved.txt");
    let mut totals = Vec::new();
    for branching in [BranchingKind::DomWdegConflict, BranchingKind::DomWdeg, BranchingKind::MinRemaining] {
        let mut solver = Solver::new(SolveConfig { branching, ..config(1) });
        let mut nodes = 0;
        for inst in solved.iter().step_by(5) {
            let r = solver.solve(inst).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(r.solutions.first(), inst.known_solution.as_ref(), "{branching:?} {}", inst.name);
            nodes += r.stats.nodes;
        }
        totals.push(nodes);
    }
    eprintln!("nodes over every fifth puzzle of 1106: dom/wdeg-conflict, dom/wdeg, min-remaining = {totals:?}");
    assert!(totals[0] < totals[1] && totals[1] < totals[2], "{totals:?}");
}

#[test]
fn data_dir_is_where_expected() {
    assert!(Path::new(DATA).is_dir(), "{DATA} is missing: the repository ships data/");
}
