//! The typed API: errors, the Propagator, VCD output.

mod common;

use common::{data_dir, sim_or_skip};
use fpga_sim::instances::sudoku;
use fpga_sim::{build, SimError, SimPaths, SimPropagator};
use semiring_core::solver::{search, Ascending, Jacobi, SearchLimits};
use semiring_core::{Program, Relation, Revise};

#[test]
fn missing_verilator_is_a_typed_error() {
    let mut paths = SimPaths::workspace();
    paths.verilator = "/nonexistent/verilator".into();
    let err = build(&paths).unwrap_err();
    assert!(matches!(err, SimError::VerilatorMissing));
    assert_eq!(err.to_string(), "verilator not found: apt-get install verilator");
}

#[test]
fn programs_that_do_not_fit_are_rejected() {
    let Some(mut sim) = sim_or_skip("programs_that_do_not_fit_are_rejected") else { return };
    let d = sim.info.width + 1;
    let p = Program::new(
        vec![d, d],
        vec![Relation::from_fn(d, d, |a, b| a != b)],
        vec![Revise { target: 0, source: 1, relation: 0 }],
    )
    .unwrap();
    let err = sim.load_program(&p).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("the program does not fit the generated engine: the domain width is {d}, the engine has {}", d - 1)
    );
    let err = sim.run_hard(3).unwrap_err();
    assert!(matches!(err, SimError::NoProgram), "{err}");
}

#[test]
fn solver_on_the_simulated_engine_matches_the_cpu() {
    let Some(sim) = sim_or_skip("solver_on_the_simulated_engine_matches_the_cpu") else { return };
    let text = std::fs::read_to_string(data_dir().join("sudoku/tdoku_forum_hardest_1106.txt")).unwrap();
    let net = sudoku(text.lines().next().unwrap()).unwrap();
    let program = net.compile().unwrap();
    let limits = SearchLimits { max_solutions: 2, ..Default::default() };
    let cpu =
        search(&mut Jacobi { program: &program, max_rounds: 1000 }, &mut Ascending, net.initial_domains(), &limits)
            .unwrap();
    let mut prop = SimPropagator::new(sim, &program, 1000).unwrap();
    let hw = search(&mut prop, &mut Ascending, net.initial_domains(), &limits).unwrap();
    assert_eq!(hw.solutions, cpu.solutions);
    assert_eq!(hw.solutions.len(), 1, "a proper Sudoku has one solution");
    assert!(hw.exhausted);
    assert_eq!(
        (hw.stats.nodes, hw.stats.rounds, hw.stats.failures),
        (cpu.stats.nodes, cpu.stats.rounds, cpu.stats.failures)
    );
    net.check(&hw.solutions[0]).unwrap();
    assert!(prop.cycles > 0);
}

#[test]
fn vcd_waveform_is_written() {
    let Some(mut sim) = sim_or_skip("vcd_waveform_is_written") else { return };
    let p = Program::new(
        vec![2, 2],
        vec![Relation::from_fn(2, 2, |a, b| a != b)],
        vec![Revise { target: 1, source: 0, relation: 0 }, Revise { target: 0, source: 1, relation: 0 }],
    )
    .unwrap();
    let dir = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/softmask-sim/vcd"));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("api-test.vcd");
    let _ = std::fs::remove_file(&path);
    sim.vcd(&path).unwrap();
    sim.load_program(&p).unwrap();
    sim.write_hard(&semiring_core::Domains::from_fn(&[2, 2], |v, a| v == 1 || a == 0)).unwrap();
    let run = sim.run_hard(10).unwrap();
    sim.vcd_off().unwrap();
    assert_eq!(run.fixpoint.rounds, 2);
    let vcd = std::fs::read_to_string(&path).unwrap();
    assert!(vcd.contains("$enddefinitions") && vcd.contains("busy"), "not a VCD of the engine");
}
