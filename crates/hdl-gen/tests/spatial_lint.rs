//! The spatial engine's Verilog passes `verilator --lint-only -Wall` with only the waivers of
//! `hdl/spatial_waivers.vlt` (the lockstep against semiring-core is fpga-sim's
//! `tests/spatial_lockstep.rs`). Needs Verilator; without it (and without env CI) it says so
//! and passes.

mod common;

use semiring_core::testing::{coloring, random_program, rng, sudoku_peers, Limits};
use semiring_core::Program;
use std::path::Path;
use std::process::Command;

fn lint(name: &str, p: &Program) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("spatial_lint");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("spatial_{name}.v"));
    std::fs::write(&file, hdl_gen::spatial::generate(p).unwrap()).unwrap();
    let out = Command::new("verilator")
        .args(["--lint-only", "-Wall", "--top-module", "top"])
        .arg(root.join("hdl/spatial_waivers.vlt"))
        .arg(&file)
        .output()
        .unwrap();
    let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success() && !log.contains("%Warning"), "{name}:\n{log}");
}

#[test]
fn generated_verilog_is_lint_clean() {
    if !common::verilator_available() {
        return;
    }
    lint("sudoku", &sudoku_peers("").compile().unwrap());
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/graph_coloring/myciel3.col"));
    lint("myciel3", &coloring(&text.unwrap(), 4).unwrap().compile().unwrap());
    // One variable, no instructions; full 32-bit width.
    lint("one", &Program::new(vec![32], vec![], vec![]).unwrap());
    let mut r = rng(7);
    for k in 0..3 {
        lint(&format!("random{k}"), &random_program(&mut r, Limits::mixed(10, 32)));
    }
}
