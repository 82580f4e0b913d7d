//! `cargo xtask sim`: builds the Verilator simulator and runs the lockstep
//! suite (random networks, Sudoku, graph colouring), printing the figures:
//! build time, simulation speed, and cycles per round against the formulas.
//!
//! Options: `--seeds N` random networks (default 1000), `--puzzles N` Sudoku
//! puzzles (default 10), `--vcd DIR` where mismatch waveforms go, `--engine
//! FILE` which checked-in engine of `hdl/generated/` (default `engine.v`; the
//! four-lane one is `engine_lanes4.v`).

use anyhow::{bail, Context, Result};
use fpga_sim::lockstep::{check_hard, check_soft, random_case, Case, RandomLimits};
use fpga_sim::{build, Sim, SimPaths};
use hdl_gen::EngineConfig;
use host::formats::{read_file, Format, ReadOptions};
use semiring_core::{Domains, Q15};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")
}

pub fn run(args: &[String]) -> Result<()> {
    let (mut seeds, mut puzzles) = (1000u64, 10usize);
    let mut engine = "engine.v".to_string();
    let mut vcd = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/softmask-sim/vcd");
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut val = || it.next().with_context(|| format!("{a} needs a value"));
        match a.as_str() {
            "--seeds" => seeds = val()?.parse()?,
            "--puzzles" => puzzles = val()?.parse()?,
            "--vcd" => vcd = PathBuf::from(val()?),
            "--engine" => engine = val()?.clone(),
            _ => bail!("usage: cargo xtask sim [--seeds N] [--puzzles N] [--vcd DIR] [--engine FILE]"),
        }
    }
    let files: Vec<&str> = EngineConfig::CHECKED_IN.iter().map(|(_, f)| *f).collect();
    let Some(&(cfg, _)) = EngineConfig::CHECKED_IN.iter().find(|(_, f)| *f == engine) else {
        bail!("--engine {engine}: not a checked-in engine (one of {files:?})");
    };
    let paths = SimPaths::engine(&engine);
    let b = build(&paths)?;
    if b.cached {
        println!("simulator: cached build {}", b.exe.display());
    } else {
        println!("simulator: built {} in {:.1} s", b.exe.display(), b.build_time.as_secs_f64());
    }
    let mut sim = Sim::spawn(&b.exe)?;
    println!("engine: {:?}", sim.info);

    let t = Instant::now();
    let lim = RandomLimits { max_width: cfg.width, max_vars: 12, max_instructions: 24, max_relations: 8 };
    for seed in 0..seeds {
        let case = random_case(seed, lim);
        check_hard(&mut sim, &case, Some(&vcd))?;
        check_soft(&mut sim, &case, Some(&vcd))?;
    }
    println!("random networks: {seeds} bit-exact, hard and soft, every round ({:.1} s)", t.elapsed().as_secs_f64());

    let sudokus =
        read_file(&data().join("sudoku/tdoku_forum_hardest_1106.txt"), Some(Format::Sudoku), &ReadOptions::default())
            .context("reading the Sudoku data (data/sudoku)")?;
    let mut hard_rounds = 0;
    let mut hard_cycles = 0;
    let mut busiest = 0;
    for (i, net) in sudokus.into_iter().map(|inst| inst.network).take(puzzles).enumerate() {
        let program = net.compile()?;
        let hard = net.initial_domains();
        let soft = hard.to_soft::<Q15>();
        let case =
            Case { name: format!("sudoku-{}", i + 1), seed: i as u64, program, hard, soft, max_rounds: 1000, k: 1 };
        let p = check_hard(&mut sim, &case, Some(&vcd))?;
        hard_rounds += p.rounds;
        hard_cycles += p.cycles;
        busiest = sim.busiest_lane()?;
        if i == 0 {
            let s = check_soft(&mut sim, &case, Some(&vcd))?;
            println!(
                "sudoku soft: {} lane(s), instructions per lane {:?}; {} cycles per round, \
                 formula n(2 + w(w+2)) + v w + 3 with n = {busiest} (busiest lane) = {}",
                cfg.lanes,
                sim.lane_instructions().unwrap_or_default(),
                s.cycles,
                cfg.soft_round_cycles(busiest, 9, 81)
            );
        }
    }
    println!(
        "sudoku hard: {puzzles} puzzles bit-exact, {hard_rounds} rounds, {:.1} cycles per round, \
         formula n + v + 5 with n = {busiest} (busiest lane) = {}",
        hard_cycles as f64 / hard_rounds.max(1) as f64,
        cfg.hard_round_cycles(busiest, 81)
    );

    let mut graphs = 0;
    for (file, k) in [("myciel5.col", 6), ("queen6_6.col", 7), ("huck.col", 11), ("DSJC125.1.col", 5)] {
        let path = data().join("graph_coloring").join(file);
        if !path.exists() {
            continue;
        }
        let opts = ReadOptions { colors: Some(k), color_symmetry_breaking: false };
        let net = read_file(&path, Some(Format::Col), &opts)?.remove(0).network;
        let program = net.compile()?;
        let hard = Domains::from_fn(&program.widths, |v, a| v % 5 != 0 || a == v % k);
        let soft = hard.to_soft::<Q15>();
        let case = Case { name: file.into(), seed: 0, program, hard, soft, max_rounds: 1000, k: 1 };
        check_hard(&mut sim, &case, Some(&vcd))?;
        check_soft(&mut sim, &case, Some(&vcd))?;
        graphs += 1;
    }
    println!("graph colouring: {graphs} graphs bit-exact, hard and soft");
    let (clocks, secs) = sim.stats()?;
    println!(
        "simulation speed: {clocks} clocks in {secs:.2} s of runs = {:.2} M clocks/s",
        clocks as f64 / secs.max(1e-9) / 1e6
    );
    Ok(())
}
