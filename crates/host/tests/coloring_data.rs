//! Graph colouring on data/graph_coloring: Mycielski graphs at their chromatic number
//! are coloured and one colour fewer is proved impossible; queen graphs are coloured at theirs.
//! Every colouring is checked edge by edge against the parsed edge list.

use host::formats::check::coloring_valid;
use host::formats::{read_file, Format, Instance, Problem, ReadOptions};
use host::solve::{SolveConfig, Solver, Status};
use std::path::PathBuf;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/graph_coloring");

fn load(name: &str, k: usize, symmetry_breaking: bool) -> Instance {
    let opts = ReadOptions { colors: Some(k), color_symmetry_breaking: symmetry_breaking };
    let mut v = read_file(&PathBuf::from(DATA).join(name), Some(Format::Col), &opts).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v.len(), 1);
    v.pop().unwrap()
}

fn solve(inst: &Instance) -> host::solve::Report {
    Solver::new(SolveConfig::default()).solve(inst).unwrap_or_else(|e| panic!("{e}"))
}

fn colourable(name: &str, k: usize, vertices: usize, edges: usize) {
    let inst = load(name, k, true);
    let Problem::Coloring { vertices: nv, edges: ref e, k: kk } = inst.problem else { panic!("not a colouring") };
    assert_eq!((nv, e.len(), kk), (vertices, edges, k), "{name}: graph size per the data README");
    let r = solve(&inst);
    assert_eq!(r.status, Status::Sat, "{name} with {k} colours");
    coloring_valid(nv, e, k, &r.solutions[0]).unwrap_or_else(|why| panic!("{name}: {why}"));
    // The same colouring is also valid for the network without symmetry breaking.
    load(name, k, false).network.check(&r.solutions[0]).unwrap();
}

fn impossible(name: &str, k: usize, symmetry_breaking: bool) {
    let r = solve(&load(name, k, symmetry_breaking));
    assert_eq!(r.status, Status::Unsat, "{name} with {k} colours must be impossible");
}

#[test]
fn myciel3() {
    colourable("myciel3.col", 4, 11, 20);
    impossible("myciel3.col", 3, true);
    impossible("myciel3.col", 3, false);
}

#[test]
fn myciel4() {
    colourable("myciel4.col", 5, 23, 71);
    impossible("myciel4.col", 4, true);
    impossible("myciel4.col", 4, false);
}

#[test]
fn myciel5() {
    colourable("myciel5.col", 6, 47, 236);
    // About a million nodes with symmetry breaking.
    impossible("myciel5.col", 5, true);
}

#[test]
fn queen5_5() {
    // The file lists every edge twice: 320 edge lines, 160 distinct edges.
    colourable("queen5_5.col", 5, 25, 160);
    impossible("queen5_5.col", 4, true);
}

#[test]
fn queen6_6() {
    colourable("queen6_6.col", 7, 36, 290);
    impossible("queen6_6.col", 6, true);
}
