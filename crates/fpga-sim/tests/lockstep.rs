//! The engine against semiring-core, bit for bit: seeded random networks,
//! Sudoku puzzles and graph-colouring instances, hard and soft, every round,
//! on every checked-in engine: the default one-lane engine (`engine.v`) and
//! the four-lane one (`engine_lanes4.v`), whose loader splits the program
//! over the lanes by target.

mod common;

use common::{data_dir, sim_or_skip, slow, vcd_dir};
use fpga_sim::lockstep::{check_hard, check_soft, random_case, Case, LockstepError, RandomLimits};
use fpga_sim::{build, Sim, SimError, SimPaths};
use hdl_gen::EngineConfig;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use semiring_core::testing::{coloring, sudoku_peers};
use semiring_core::{Domains, FixpointOutcome, Network, Q15};

const CFG: EngineConfig = EngineConfig::DEFAULT;

/// Every checked-in engine with a running simulator and a case-name prefix
/// (so that mismatch waveforms of different engines do not overwrite each
/// other); empty when verilator is missing and CI is unset.
fn engines(test: &str) -> Vec<(EngineConfig, Sim, &'static str)> {
    let mut out = Vec::new();
    for &(cfg, file) in EngineConfig::CHECKED_IN {
        let sim = if cfg == CFG {
            match sim_or_skip(test) {
                Some(s) => s,
                None => return Vec::new(),
            }
        } else {
            match build(&SimPaths::engine(file)) {
                Ok(b) => Sim::spawn(&b.exe).unwrap_or_else(|e| panic!("{test}: {file}: {e}")),
                Err(SimError::VerilatorMissing) if std::env::var_os("CI").is_none() => return Vec::new(),
                Err(e) => panic!("{test}: could not build {file}: {e}"),
            }
        };
        assert_eq!(sim.info.lanes, cfg.lanes, "{file}: INFO reports {:?}", sim.info);
        assert_eq!(sim.info.width, cfg.width, "{file}: INFO reports {:?}", sim.info);
        let prefix = if cfg == CFG { "" } else { "lanes4-" };
        out.push((cfg, sim, prefix));
    }
    out
}

fn named(mut case: Case, prefix: &str) -> Case {
    case.name = format!("{prefix}{}", case.name);
    case
}

fn pass(r: Result<fpga_sim::lockstep::Passed, LockstepError>) -> fpga_sim::lockstep::Passed {
    match r {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    }
}

/// Both modes, and the cycle counts against the formulas in hdl-gen, with
/// `n` the instruction count of the busiest lane.
fn check_case(cfg: &EngineConfig, sim: &mut Sim, case: &Case) {
    let dir = vcd_dir();
    let p = &case.program;
    let (v, w) = (p.num_vars(), p.width());
    let hard = pass(check_hard(sim, case, Some(&dir)));
    let n = sim.busiest_lane().unwrap();
    assert!(n * cfg.lanes >= p.instructions.len(), "{}: lanes hold {n} at most", case.name);
    assert_eq!(
        hard.cycles,
        hard.rounds as u64 * cfg.hard_round_cycles(n, v),
        "{}: hard cycles for {} rounds of {n} instructions (busiest lane) over {v} variables",
        case.name,
        hard.rounds
    );
    let soft = pass(check_soft(sim, case, Some(&dir)));
    assert_eq!(
        soft.cycles,
        soft.rounds as u64 * cfg.soft_round_cycles(n, w, v),
        "{}: soft cycles for {} rounds, n {n} (busiest lane), w {w}, v {v}",
        case.name,
        soft.rounds
    );
}

#[test]
fn random_networks_bit_exact() {
    for (cfg, mut sim, prefix) in engines("random_networks_bit_exact") {
        let small = RandomLimits { max_width: cfg.width, max_vars: 12, max_instructions: 24, max_relations: 8 };
        let mut outcomes = [0usize; 3];
        let mut idle_lanes = 0;
        let count = if slow() { 3000 } else { 1000 };
        for seed in 0..count {
            let case = named(random_case(seed, small), prefix);
            check_case(&cfg, &mut sim, &case);
            idle_lanes += sim.lane_instructions().unwrap().iter().filter(|&&n| n == 0).count();
            // Tally which stop rule ended the one-go hard run, to show all three are exercised.
            let mut d = case.hard.clone();
            match semiring_core::hard_fixpoint(&case.program, &mut d, case.max_rounds).outcome {
                FixpointOutcome::Stable => outcomes[0] += 1,
                FixpointOutcome::Wipeout(_) => outcomes[1] += 1,
                FixpointOutcome::RoundLimit => outcomes[2] += 1,
            }
            if seed % 100 == 99 {
                sim.reset().unwrap();
            }
        }
        assert!(outcomes.iter().all(|&c| c > 0), "{prefix}stop rules exercised (stable, wipeout, limit): {outcomes:?}");
        if cfg.lanes > 1 {
            // Programs with fewer targets than lanes leave lanes empty: that corner is covered too.
            assert!(idle_lanes > 0, "no case left a lane without instructions");
        }
    }
}

#[test]
fn large_random_networks_bit_exact() {
    for (cfg, mut sim, prefix) in engines("large_random_networks_bit_exact") {
        let big = RandomLimits {
            max_width: cfg.width,
            max_vars: cfg.max_vars(),
            max_instructions: 400,
            max_relations: cfg.max_relations(),
        };
        for seed in 1_000_000..1_000_000 + if slow() { 40 } else { 10 } {
            let mut case = named(random_case(seed, big), prefix);
            case.k = 1;
            check_case(&cfg, &mut sim, &case);
        }
    }
}

fn sudoku_lines(file: &str, n: usize) -> Vec<String> {
    let path = data_dir().join("sudoku").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().take(n).map(str::to_string).collect()
}

fn sudoku_case(name: String, net: &Network, seed: u64, k: usize) -> Case {
    let program = net.compile().unwrap();
    let hard = net.initial_domains();
    // Soft start: givens 1.0, other values random probabilities (seeded).
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let random: Vec<u16> = (0..program.num_vars() * 9).map(|_| rng.gen_range(0..=0x8000)).collect();
    let soft = Domains::from_probs(&program.widths, |v, a| {
        if net.variables[v].domain.is_some() {
            if hard.contains(v, a) {
                Q15::ONE
            } else {
                Q15::ZERO
            }
        } else {
            Q15(random[v * 9 + a])
        }
    });
    Case { name, seed, program, hard, soft, max_rounds: 1000, k }
}

#[test]
fn sudoku_bit_exact() {
    for (cfg, mut sim, prefix) in engines("sudoku_bit_exact") {
        let dir = vcd_dir();
        let files = ["tdoku_17_clue.txt", "tdoku_forum_hardest_1106.txt", "royle_17_clue.txt"];
        let per_file = if slow() { 20 } else { 4 };
        // 81 targets of 20 instructions each: one lane runs 1620, four lanes 21, 20, 20, 20 targets.
        let busiest = if cfg.lanes == 1 { 1620 } else { 81usize.div_ceil(cfg.lanes) * 20 };
        for file in files {
            for (i, line) in sudoku_lines(file, per_file).iter().enumerate() {
                let net = sudoku_peers(line);
                let case = named(sudoku_case(format!("{file}:{}", i + 1), &net, i as u64, 1), prefix);
                assert_eq!(case.program.instructions.len(), 1620);
                let hard = pass(check_hard(&mut sim, &case, Some(&dir)));
                assert_eq!(sim.busiest_lane().unwrap(), busiest);
                assert_eq!(hard.cycles, hard.rounds as u64 * cfg.hard_round_cycles(busiest, 81));
            }
        }
        // Soft rounds are ~163k clocks each with one lane: two puzzles, two rounds.
        for (i, line) in sudoku_lines("tdoku_17_clue.txt", 2).iter().enumerate() {
            let net = sudoku_peers(line);
            let case = named(sudoku_case(format!("tdoku_17_clue.txt:{}", i + 1), &net, 100 + i as u64, 2), prefix);
            let soft = pass(check_soft(&mut sim, &case, Some(&dir)));
            assert_eq!(soft.cycles, 2 * cfg.soft_round_cycles(busiest, 9, 81));
        }
    }
}

#[test]
fn graph_coloring_bit_exact() {
    for (cfg, mut sim, prefix) in engines("graph_coloring_bit_exact") {
        graph_coloring_on(&cfg, &mut sim, prefix);
    }
}

fn graph_coloring_on(cfg: &EngineConfig, sim: &mut Sim, prefix: &str) {
    let dir = vcd_dir();
    // (file, colours): every graph here fits 128 vertices and 8192 instructions.
    let graphs = [
        ("myciel3.col", 4),
        ("myciel4.col", 5),
        ("myciel5.col", 6),
        ("queen5_5.col", 5),
        ("queen6_6.col", 7),
        ("1-FullIns_3.col", 4),
        ("2-Insertions_3.col", 4),
        ("huck.col", 11),
        ("jean.col", 10),
        ("david.col", 11),
        ("games120.col", 9),
        ("DSJC125.1.col", 5),
        ("mug100_1.col", 4),
        ("miles250.col", 8),
    ];
    let mut ran = 0;
    for (file, k) in graphs {
        let path = data_dir().join("graph_coloring").join(file);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let net = coloring(&text, k).unwrap();
        let program = net.compile().unwrap();
        assert!(program.num_vars() <= cfg.max_vars() && program.instructions.len() <= CFG.max_instructions());
        for trial in 0..3u64 {
            // Seeded partial colourings so that propagation has work to do.
            let mut rng = ChaCha8Rng::seed_from_u64(trial);
            let fixed: Vec<Option<usize>> =
                (0..program.num_vars()).map(|_| rng.gen_bool(0.2).then(|| rng.gen_range(0..k))).collect();
            let hard = Domains::from_fn(&program.widths, |v, a| fixed[v].is_none_or(|c| c == a));
            let random: Vec<u16> = (0..program.num_vars() * k).map(|_| rng.gen_range(0..=0x8000)).collect();
            let soft = Domains::from_probs(&program.widths, |v, a| match fixed[v] {
                Some(c) => {
                    if c == a {
                        Q15::ONE
                    } else {
                        Q15::ZERO
                    }
                }
                None => Q15(random[v * k + a]),
            });
            let case = Case {
                name: format!("{prefix}{file}-k{k}-t{trial}"),
                seed: trial,
                program: program.clone(),
                hard,
                soft,
                max_rounds: 1000,
                k: 1,
            };
            let hard = pass(check_hard(sim, &case, Some(&dir)));
            let n = sim.busiest_lane().unwrap();
            assert!(n <= cfg.max_instructions(), "{file}: {n} instructions in one lane");
            assert_eq!(hard.cycles, hard.rounds as u64 * cfg.hard_round_cycles(n, program.num_vars()));
            if trial == 0 {
                pass(check_soft(sim, &case, Some(&dir)));
            }
        }
        ran += 1;
    }
    assert!(ran >= 10, "only {ran} graph files were found under {}", data_dir().display());
}

/// Directed test of the one multiplier's rounding: with the identity relation
/// the support of value `a` is exactly `src[a]`, so each target cell becomes
/// `mul(tgt[a], src[a])`. The pairs are chosen so that the 30-bit product's
/// low 15 bits are exactly the rounding tie 0x4000 or one off it, plus the
/// extremes; random soft networks rarely hit a tie.
#[test]
fn soft_multiplier_rounding_ties() {
    for (cfg, mut sim, prefix) in engines("soft_multiplier_rounding_ties") {
        ties_on(&cfg, &mut sim, prefix);
    }
}

fn ties_on(cfg: &EngineConfig, sim: &mut Sim, prefix: &str) {
    use semiring_core::{Program, Relation, Revise};
    let half = cfg.max_vars() / 2;
    let w = cfg.width;
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut pairs: Vec<(u16, u16)> = vec![(0, 0), (0x8000, 0x8000), (1, 0x8000), (0x7fff, 0x7fff), (1, 1), (0x4000, 1)];
    while pairs.len() < half * w * 4 {
        let (a, b) = (rng.gen_range(0..=0x8000u32), rng.gen_range(0..=0x8000u32));
        if matches!((a * b) & 0x7fff, 0x3fff..=0x4001) {
            pairs.push((a as u16, b as u16));
        }
    }
    let instructions: Vec<Revise> =
        (0..half).map(|i| Revise { target: i as u32, source: (half + i) as u32, relation: 0 }).collect();
    let widths = vec![w; 2 * half];
    let program = Program::new(widths.clone(), vec![Relation::from_fn(w, w, |a, b| a == b)], instructions).unwrap();
    let mut ties = 0;
    for (chunk_no, chunk) in pairs.chunks(half * w).enumerate() {
        let cell = |v: usize, a: usize| chunk.get((v % half) * w + a).copied().unwrap_or((0, 0));
        let soft = Domains::from_probs(&widths, |v, a| Q15(if v < half { cell(v, a).0 } else { cell(v, a).1 }));
        ties += chunk.iter().filter(|&&(a, b)| (a as u32 * b as u32) & 0x7fff == 0x4000).count();
        let case = Case {
            name: format!("{prefix}mul-ties-{chunk_no}"),
            seed: 7,
            program: program.clone(),
            hard: Domains::full(&widths),
            soft,
            max_rounds: 1,
            k: 1,
        };
        pass(check_soft(sim, &case, Some(&vcd_dir())));
    }
    assert!(ties > 1000, "only {ties} exact rounding ties were exercised");
}
