//! The spatial engine (`hdl_gen::spatial`, one Verilator build per program) against
//! semiring-core bit for bit: every round of every run, and whole runs to the stop rule.
//!
//! Needs Verilator; without it (and without env CI) each test says so and passes.

use fpga_sim::spatial::{build_spatial, SpatialSim};
use rand::Rng;
use semiring_core::testing::{coloring, first_difference, random_hard, random_program, rng, sudoku_peers, Limits};
use semiring_core::{hard_fixpoint, Boolean, Domains, FixpointOutcome, Program};
use std::path::Path;

fn verilator_available() -> bool {
    let found = std::process::Command::new("verilator").arg("--version").output().is_ok();
    if !found {
        assert!(std::env::var_os("CI").is_none(), "verilator is not installed (CI is set, so this fails)");
        eprintln!("skipping: verilator not installed (apt-get install verilator)");
    }
    found
}

fn sim_for(p: &Program) -> SpatialSim {
    let v = hdl_gen::spatial::generate(p).expect("generate");
    let b = build_spatial(&v).expect("verilator build");
    if !b.cached {
        eprintln!("built a spatial engine ({} vars) in {:.1} s", p.num_vars(), b.build_time.as_secs_f64());
    }
    let sim = SpatialSim::spawn(&b.exe).expect("spawn");
    assert_eq!(sim.info.num_vars, p.num_vars());
    assert_eq!(sim.info.width, p.width());
    assert_eq!(sim.info.fingerprint, hdl_gen::spatial::fingerprint(p), "the simulator is another program's");
    sim
}

/// Runs `init` round by round (ROUNDS = 1, each compared with one reference round and its
/// stop rule) until the stop rule ends it, then the whole run at once with `limit`.
/// Returns the reference's outcome of the whole run.
fn lockstep(sim: &mut SpatialSim, p: &Program, init: &Domains<Boolean>, limit: usize, what: &str) -> FixpointOutcome {
    let mut want = init.clone();
    sim.write_hard(init).unwrap();
    for round in 1..=limit {
        let fix = hard_fixpoint(p, &mut want, 1);
        let got = sim.run_hard(1).unwrap();
        let d = sim.read_hard(&p.widths).unwrap();
        if let Some(diff) = first_difference(&want, &d) {
            panic!("{what}: round {round} differs first at {diff:?}");
        }
        assert_eq!(got.fixpoint, fix, "{what}: round {round}'s stop rule");
        assert_eq!(got.cycles, 1, "{what}: one clock per round");
        if fix.outcome != FixpointOutcome::RoundLimit {
            break;
        }
    }
    let mut want = init.clone();
    let fix = hard_fixpoint(p, &mut want, limit);
    sim.write_hard(init).unwrap();
    let got = sim.run_hard(limit).unwrap();
    assert_eq!(got.fixpoint, fix, "{what}: whole run");
    assert_eq!(got.cycles, fix.rounds as u64, "{what}: clocks of the whole run");
    if let Some(diff) = first_difference(&want, &sim.read_hard(&p.widths).unwrap()) {
        panic!("{what}: whole run differs first at {diff:?}");
    }
    fix.outcome
}

fn data(path: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data").join(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn sudoku_puzzles_every_round() {
    if !verilator_available() {
        return;
    }
    let p = sudoku_peers("").compile().unwrap();
    let mut sim = sim_for(&p);
    let mut r = rng(18);
    let (mut cases, mut outcomes) = (0, [0usize; 3]);
    for file in ["sudoku/tdoku_17_clue.txt", "sudoku/tdoku_forum_hardest_1106.txt", "sudoku/tdoku_unbiased.txt"] {
        for (i, line) in data(file).lines().filter(|l| l.trim().len() == 81).take(12).enumerate() {
            let net = sudoku_peers(line.trim());
            assert_eq!(net.compile().unwrap(), p, "givens are domains, not constraints");
            let init = net.initial_domains();
            let o = lockstep(&mut sim, &p, &init, 100, &format!("{file}:{}", i + 1));
            // The same puzzle with three free cells given at random (wipeouts likely).
            let mut wrong = init.clone();
            for _ in 0..3 {
                let v = r.gen_range(0..81);
                if wrong.count(v) > 1 {
                    wrong.assign(v, r.gen_range(0..9));
                }
            }
            let o2 = lockstep(&mut sim, &p, &wrong, 100, &format!("{file}:{} with 3 random givens", i + 1));
            for o in [o, o2] {
                outcomes[match o {
                    FixpointOutcome::Stable => 0,
                    FixpointOutcome::Wipeout(_) => 1,
                    FixpointOutcome::RoundLimit => 2,
                }] += 1;
            }
            cases += 2;
        }
    }
    assert_eq!(cases, 72);
    assert!(outcomes[0] > 0 && outcomes[1] > 0, "stable and wipeout runs both seen: {outcomes:?}");
    // A limit one below the rounds the slowest of those puzzles needs ends in RoundLimit on both.
    let (rounds, init) = data("sudoku/tdoku_forum_hardest_1106.txt")
        .lines()
        .take(12)
        .map(|l| sudoku_peers(l.trim()).initial_domains())
        .map(|d| (hard_fixpoint(&p, &mut d.clone(), 100).rounds, d))
        .max_by_key(|(r, _)| *r)
        .unwrap();
    assert!(rounds >= 2, "the slowest puzzle needs {rounds} rounds");
    assert_eq!(lockstep(&mut sim, &p, &init, rounds - 1, "limit below"), FixpointOutcome::RoundLimit);
    // A limit of 0 runs no round.
    sim.write_hard(&init).unwrap();
    let got = sim.run_hard(0).unwrap();
    assert_eq!((got.fixpoint, got.cycles), (hard_fixpoint(&p, &mut init.clone(), 0), 0));
}

#[test]
fn coloring_graph_at_its_chromatic_number() {
    if !verilator_available() {
        return;
    }
    // myciel4: 23 vertices, 71 edges, chromatic number 5.
    let p = coloring(&data("graph_coloring/myciel4.col"), 5).unwrap().compile().unwrap();
    assert_eq!((p.num_vars(), p.instructions.len()), (23, 142));
    let mut sim = sim_for(&p);
    let mut r = rng(5);
    let mut wipeouts = 0;
    for case in 0..40 {
        let mut init = Domains::<Boolean>::full_for(&p);
        for _ in 0..r.gen_range(1..=8) {
            init.assign(r.gen_range(0..23), r.gen_range(0..5));
        }
        if case % 4 == 3 {
            init = random_hard(&mut r, &p.widths);
        }
        let o = lockstep(&mut sim, &p, &init, 100, &format!("myciel4 k=5 case {case}"));
        wipeouts += matches!(o, FixpointOutcome::Wipeout(_)) as usize;
    }
    assert!(wipeouts > 0, "some partial colourings wipe out");
}

#[test]
fn random_programs() {
    if !verilator_available() {
        return;
    }
    // Few programs (each one is a Verilator build), many domains each. Mixed widths, empty and
    // full relations, self-loops and repeated targets come from the generator.
    let mut r = rng(1806);
    for k in 0..4 {
        let p = loop {
            let p = random_program(&mut r, Limits::mixed(12, 32));
            if !p.instructions.is_empty() {
                break p;
            }
        };
        let mut sim = sim_for(&p);
        for case in 0..25 {
            let init = random_hard(&mut r, &p.widths);
            lockstep(&mut sim, &p, &init, 1 + case % 7, &format!("random program {k} case {case}"));
        }
    }
}
