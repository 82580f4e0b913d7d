//! The typed API: errors, the Propagator, VCD output.

mod common;

use common::{data_dir, sim_or_skip};
use fpga_sim::{build, SimError, SimPaths, SimPropagator};
use semiring_core::solver::{search, Ascending, Jacobi, SearchLimits};
use semiring_core::testing::sudoku_peers;
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
    solve_on(sim);
}

/// The same search with propagation on the four-lane engine.
#[test]
fn solver_on_the_four_lane_engine_matches_the_cpu() {
    let b = match build(&SimPaths::engine("engine_lanes4.v")) {
        Ok(b) => b,
        Err(SimError::VerilatorMissing) if std::env::var_os("CI").is_none() => {
            eprintln!("skipping solver_on_the_four_lane_engine_matches_the_cpu: verilator not found; CI is unset");
            return;
        }
        Err(e) => panic!("{e}"),
    };
    let sim = fpga_sim::Sim::spawn(&b.exe).unwrap();
    assert_eq!(sim.info.lanes, 4);
    solve_on(sim);
}

fn solve_on(sim: fpga_sim::Sim) {
    let text = std::fs::read_to_string(data_dir().join("sudoku/tdoku_forum_hardest_1106.txt")).unwrap();
    let net = sudoku_peers(text.lines().next().unwrap());
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

/// The loader's split: by target, balanced, program order kept per lane.
#[test]
fn lane_split_is_by_target_balanced_and_ordered() {
    use fpga_sim::LaneSplit;
    // Targets 0..5 with 5, 4, 3, 2, 1 instructions, interleaved.
    let mut instructions = Vec::new();
    for round in 0..5u32 {
        for t in 0..5u32 {
            if round < 5 - t {
                instructions.push(Revise { target: t, source: (t + 1) % 6, relation: 0 });
            }
        }
    }
    let p = Program::new(vec![3; 6], vec![Relation::from_fn(3, 3, |a, b| a != b)], instructions).unwrap();
    let s = LaneSplit::balanced(&p, 2);
    // Longest first: t0 (5) -> lane 0, t1 (4) -> lane 1, t2 (3) -> lane 1, t3 (2) -> lane 0, t4 (1) -> lane 0;
    // variable 5 is no target.
    assert_eq!(s.owner, vec![0, 1, 1, 0, 0, 0]);
    assert_eq!(s.lanes.iter().map(Vec::len).collect::<Vec<_>>(), vec![8, 7]);
    assert_eq!(s.max_lane(), 8);
    for (l, idx) in s.lanes.iter().enumerate() {
        assert!(idx.windows(2).all(|w| w[0] < w[1]), "lane {l} keeps program order");
        assert!(idx.iter().all(|&k| s.owner[p.instructions[k].target as usize] == l));
    }
    let one = LaneSplit::balanced(&p, 1);
    assert_eq!(one.lanes, vec![(0..p.instructions.len()).collect::<Vec<_>>()]);
    // More lanes than targets leaves lanes empty.
    assert_eq!(LaneSplit::balanced(&p, 8).lanes.iter().filter(|l| l.is_empty()).count(), 3);
}

/// The four-lane engine: what the loader wrote is what each lane holds
/// (LANE selects the program, instruction count and copies read back), and a
/// program whose busiest lane overflows a lane's program memory is rejected.
#[test]
fn four_lane_engine_holds_the_split_program() {
    use fpga_sim::{LaneSplit, Sim};
    let b = match build(&SimPaths::engine("engine_lanes4.v")) {
        Ok(b) => b,
        Err(SimError::VerilatorMissing) if std::env::var_os("CI").is_none() => {
            eprintln!("skipping four_lane_engine_holds_the_split_program: verilator not found; CI is unset");
            return;
        }
        Err(e) => panic!("{e}"),
    };
    let mut sim = Sim::spawn(&b.exe).unwrap();
    assert_eq!((sim.info.lanes, sim.info.width, sim.info.prog_bits), (4, 16, 11));
    let text = std::fs::read_to_string(data_dir().join("sudoku/tdoku_17_clue.txt")).unwrap();
    let program = sudoku_peers(text.lines().next().unwrap()).compile().unwrap();
    sim.load_program(&program).unwrap();
    let split = LaneSplit::balanced(&program, 4);
    assert_eq!(sim.lane_instructions().unwrap(), &[420, 400, 400, 400]);
    let vb = sim.info.var_bits;
    for (l, idx) in split.lanes.iter().enumerate() {
        sim.write_words(5, &[l as u32]).unwrap(); // LANE
        assert_eq!(sim.read_words(5, 1).unwrap(), vec![l as u32]);
        assert_eq!(sim.read_words(2, 1).unwrap(), vec![idx.len() as u32], "lane {l} NUM_INSTR");
        let want: Vec<u32> = idx
            .iter()
            .map(|&k| &program.instructions[k])
            .map(|i| i.target | i.source << vb | i.relation << (2 * vb))
            .collect();
        assert_eq!(sim.read_words(1 << 13, want.len()).unwrap(), want, "lane {l} program memory");
        // Relation 0, row 1 of the `!=` relation over 9 values: every value but 1.
        assert_eq!(sim.read_words(2 << 13 | 1, 1).unwrap(), vec![0x1fd], "lane {l} relation copy");
    }
    sim.write_words(5, &[0]).unwrap();
    // One target with more instructions than a lane holds cannot be split.
    let d = 2;
    let long = Program::new(
        vec![d, d],
        vec![Relation::from_fn(d, d, |a, b| a != b)],
        vec![Revise { target: 0, source: 1, relation: 0 }; 2049],
    )
    .unwrap();
    let err = sim.load_program(&long).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the program does not fit the generated engine: the number of instructions in one lane is 2049, the engine has 2048"
    );
}
