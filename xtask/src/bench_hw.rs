//! `cargo xtask bench hw`: the hardware model. Clocks per round of the generated propagation
//! engine (`hdl/generated/engine.v`, the engine of both board bitstreams) under Verilator on the
//! Sudoku network, hard and soft, each result checked bit for bit against semiring-core and each
//! clock count against the cycle formulas of `hdl_gen::EngineConfig`; then the implied throughput
//! at each board's clock and at the Fmax nextpnr reported for it (read from the log the last
//! `cargo xtask synth --board B` left in `target/synth/B/nextpnr.log`; when there is none, the
//! last measured figures below, marked as such).
//!
//! The engine holds one instance: an instance-round is a round, so instance-rounds/s equals
//! rounds/s (a batch runs one instance after another).
//!
//! Then the spatial engine (`hdl_gen::spatial`: the Sudoku network lowered to one hard round
//! per clock): clocks per round under Verilator on 17-clue puzzles run to their fixpoints
//! (each checked against `hard_fixpoint`), rounds/s at the Fmax of `cargo xtask synth --spatial
//! sudoku`, beside the CPU's hard Jacobi rounds on one core on the same puzzles in the same run
//! (`hard_fixpoint`, i.e. `interp::round` over `Boolean`: the only hard Jacobi formulation
//! semiring-core has; `fast/` is the soft path).

use super::{f, num, print_table, run_worker, MemLog, K};
use anyhow::Result;

/// Fmax of the last synthesis runs, for when no nextpnr log is present:
/// (board, MHz, where it was measured).
const LAST_MEASURED: &[(&str, f64, &str)] = &[
    ("icebreaker", 24.48, "cargo xtask synth --board icebreaker, 2026-11-27 03:45 UTC, engine-only top (nextpnr-ice40, UP5K sg48)"),
    ("ulx3s", 48.49, "cargo xtask synth --board ulx3s, 2026-11-27 03:47 UTC, engine + gradient unit (yowasp nextpnr-ecp5, 85k CABGA381)"),
];

/// Each board's Fmax and where it came from.
fn board_fmax() -> Vec<(&'static crate::synth::Board, f64, String)> {
    crate::synth::BOARDS
        .iter()
        .filter_map(|b| {
            let log = crate::synth::out_dir(b).join("nextpnr.log");
            if let Some(mhz) = std::fs::read_to_string(&log).ok().as_deref().and_then(crate::synth::fmax) {
                let when = std::fs::metadata(&log)
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .map(|d| format!(", written {:.1} h ago", d.as_secs_f64() / 3600.0))
                    .unwrap_or_default();
                return Some((b, mhz, format!("measured: {}{when}", log.display())));
            }
            let &(_, mhz, src) = LAST_MEASURED.iter().find(|(n, _, _)| *n == b.name)?;
            Some((b, mhz, format!("LAST MEASURED, no nextpnr log here: {src}")))
        })
        .collect()
}

/// Fmax of the four-lane engine, which is on no board top yet: place and route of the engine alone
/// (no pin constraints) on the ULX3S's FPGA.
const LANES4_FMAX: (f64, &str) = (
    46.6,
    "LAST MEASURED: yowasp nextpnr-ecp5 on engine_lanes4.v alone, LFE5U-85F, 2026-11-27 (no board top, no pins)",
);

/// Fmax of the spatial Sudoku engine when `target/synth/spatial-sudoku/nextpnr.log` is absent.
const SPATIAL_LAST_MEASURED: (f64, &str) = (
    70.27,
    "LAST MEASURED: cargo xtask synth --spatial sudoku, 2026-12-08 01:40 UTC (yowasp nextpnr-ecp5, LFE5U-85F, engine alone, no pins; 9,655 LUT4, 1,638 FF)",
);

/// Puzzles of the spatial row (the first ones of tdoku_17_clue.txt).
const SPATIAL_PUZZLES: usize = 200;

fn spatial_fmax() -> (f64, String) {
    let log = crate::synth::spatial_dir("sudoku").join("nextpnr.log");
    match std::fs::read_to_string(&log).ok().as_deref().and_then(crate::synth::fmax) {
        Some(mhz) => (mhz, format!("measured: {}", log.display())),
        None => (SPATIAL_LAST_MEASURED.0, format!("{}, no nextpnr log here", SPATIAL_LAST_MEASURED.1)),
    }
}

/// The spatial row: clocks per round from Verilator, rounds/s at the spatial build's Fmax, and
/// the CPU on one core, as a ratio.
fn spatial_table(mem: &mut MemLog) -> Result<()> {
    println!("\n## Spatial engine: the Sudoku network as one hard Jacobi round per clock (hdl_gen::spatial)");
    let r = run_worker(mem, "hw spatial sudoku", &["hw-spatial", "2"])?;
    let (mhz, src) = spatial_fmax();
    let rounds = f(&r["rounds"]);
    println!(
        "   {} puzzles of tdoku_17_clue.txt to their fixpoints: {} rounds ({:.2} per puzzle), every result equal to \
         semiring-core's hard_fixpoint; circuit: {} support wires, {} AND inputs",
        r["puzzles"],
        rounds,
        rounds / f(&r["puzzles"]),
        r["supports"],
        r["terms"]
    );
    let (cpu_interp, cpu_shared) = (f(&r["cpu_rounds_per_s"]), f(&r["cpu_shared_rounds_per_s"]));
    let cpu = cpu_interp.max(cpu_shared);
    println!(
        "   CPU, one core, same puzzles, this run: {} hard Jacobi rounds/s with shared supports \
         (semiring_core::fast::hard, the fastest CPU round the project has), {} with hard_fixpoint \
         (interp::round over Boolean); the ratios are against the faster",
        num(cpu_shared),
        num(cpu_interp)
    );
    let mut rows = Vec::new();
    for (what, clocks) in [
        ("rounds only (busy clocks)", f(&r["busy_clocks"])),
        ("+ the start and restore clocks of each run", f(&r["run_clocks"])),
        ("+ loading and reading the domains on the 32-bit bus", f(&r["total_clocks"])),
    ] {
        let cpr = clocks / rounds;
        let rps = mhz * 1e6 / cpr;
        rows.push(vec![what.to_string(), format!("{cpr:.2}"), num(rps), num(cpu), format!("{:.1}x", rps / cpu)]);
    }
    print_table(
        &["spatial sudoku at Fmax", "clocks/round", "rounds/s (ECP5)", "CPU rounds/s (1 core)", "ECP5 / CPU"],
        &rows,
    );
    println!("   ecp5 spatial sudoku: Fmax {mhz:.2} MHz, {src}");
    println!(
        "   One instance in flight; the load and read back of 81 words per instance dominate a run of a few rounds."
    );
    Ok(())
}

/// The `hw` table: one simulator run per checked-in engine (release worker), then the arithmetic
/// per board clock.
pub(super) fn table(mem: &mut MemLog) -> Result<()> {
    println!(
        "\n## Hardware model: the generated engines under Verilator, Sudoku network (81 vars, 1620 arcs, width 9)"
    );
    let mut rows = Vec::new();
    let mut sources = Vec::new();
    let mut per_round = Vec::new();
    for file in ["engine.v", "engine_lanes4.v"] {
        let r = run_worker(mem, &format!("hw sim {file}"), &["hw-sim", file])?;
        let e = &r["engine"];
        println!(
            "   engine: {} (D = {}, {} lane(s)), {}; busiest lane {} instructions",
            r["verilog"].as_str().unwrap_or("?"),
            e["width"],
            e["lanes"],
            r["verilator"].as_str().unwrap_or("?"),
            r["busiest_lane"]
        );
        let (h, s) = (&r["hard"], &r["soft"]);
        println!(
            "   hard: first puzzle of tdoku_17_clue.txt to its fixpoint, {} rounds ({}), {} clocks: {} per round; \
             formula n + v + 5 = {} (n = busiest lane); result equals semiring-core's hard_fixpoint",
            h["rounds"],
            h["outcome"].as_str().unwrap_or("?"),
            h["cycles"],
            h["cycles_per_round"],
            h["formula"]
        );
        println!(
            "   soft: the soft benchmark's first Sudoku input in Q1.15, K = {K} rounds, {} clocks: {} per round; \
             formula n (2 + W (W + 2)) + 1 + v W + 2 = {}; result equals semiring-core's Fixed soft_rounds bit for bit",
            s["cycles"], s["cycles_per_round"], s["formula"]
        );
        println!(
            "   Verilator speed: {} simulated clocks/s (not the board's speed)",
            num(f(&r["sim_clocks"]) / f(&r["sim_seconds"]).max(1e-12))
        );
        let (hard, soft) = (f(&h["cycles_per_round"]), f(&s["cycles_per_round"]));
        per_round.push((file, hard, soft));
        // (where, Fmax, board clock): both boards carry the one-lane engine; the four-lane one is measured alone.
        let targets: Vec<(String, f64, f64)> = if file == "engine.v" {
            board_fmax()
                .into_iter()
                .map(|(board, mhz, src)| {
                    sources.push(format!("   {}: Fmax {mhz:.2} MHz, {src}", board.name));
                    (board.name.to_string(), mhz, board.clock_mhz)
                })
                .collect()
        } else {
            sources.push(format!("   ecp5 4 lanes: Fmax {:.2} MHz, {}", LANES4_FMAX.0, LANES4_FMAX.1));
            vec![("ecp5 4 lanes (ulx3s clock)".to_string(), LANES4_FMAX.0, 25.0)]
        };
        for (target, fmax_mhz, clock_mhz) in targets {
            for (mode, cpr) in [("hard", hard), ("soft Q1.15", soft)] {
                for (clock, mhz) in
                    [(format!("Fmax {fmax_mhz:.2} MHz"), fmax_mhz), (format!("board {clock_mhz} MHz"), clock_mhz)]
                {
                    let rps = mhz * 1e6 / cpr;
                    rows.push(vec![
                        target.clone(),
                        mode.to_string(),
                        clock,
                        num(cpr),
                        num(rps),
                        num(rps),
                        format!("{:.3}", 1e3 / rps),
                    ]);
                }
            }
        }
    }
    print_table(
        &["engine / board", "mode", "clock", "clocks/round", "rounds/s", "instance-rounds/s (1 instance)", "ms/round"],
        &rows,
    );
    for s in sources {
        println!("{s}");
    }
    if let [(_, h1, s1), (_, h4, s4)] = per_round[..] {
        println!("   four lanes vs one: {:.2}x fewer clocks per hard round, {:.2}x per soft round", h1 / h4, s1 / s4);
    }
    println!("   Both boards carry the one-lane engine (hdl_gen::board::BoardEngine = EngineConfig::DEFAULT);");
    println!("   the soft datapath has one multiplier per lane, so a soft round costs about n W (W + 2) clocks.");
    spatial_table(mem)
}

pub(super) mod worker {
    //! The simulator side of `bench hw`, run in the release worker.

    use super::super::worker::{rate, soft_inputs, sudoku_program};
    use super::super::{SoftNet, K};
    use anyhow::{bail, Context, Result};
    use fpga_sim::build::{build, verilator_version, SimPaths};
    use fpga_sim::Sim;
    use hdl_gen::EngineConfig;
    use semiring_core::{hard_fixpoint, soft_rounds, Boolean, Domains, Fixed, Q15};
    use serde_json::{json, Value};

    /// The spatial Sudoku engine under Verilator and the CPU's hard Jacobi rounds (one thread)
    /// on the first `SPATIAL_PUZZLES` puzzles of tdoku_17_clue.txt, each to its fixpoint.
    pub fn hw_spatial(secs: f64) -> Result<Value> {
        use fpga_sim::spatial::{build_spatial, SpatialSim};
        use host::formats::{self, Format, Problem, ReadOptions};
        use std::hint::black_box;
        let p = sudoku_program()?;
        let file = super::super::data_dir().join("sudoku/tdoku_17_clue.txt");
        let insts = formats::read_file(&file, Some(Format::Sudoku), &ReadOptions::default())?;
        let starts = insts
            .iter()
            .take(super::SPATIAL_PUZZLES)
            .map(|i| match &i.problem {
                Problem::Sudoku { givens, .. } => {
                    Ok(Domains::<Boolean>::from_fn(&p.widths, |v, a| givens[v].is_none_or(|g| g == a)))
                }
                _ => bail!("{} is not a Sudoku", i.name),
            })
            .collect::<Result<Vec<_>>>()?;
        let shape = hdl_gen::spatial::shape(&p)?;
        let built = build_spatial(&hdl_gen::spatial::generate(&p)?)
            .context("building the spatial simulator (needs verilator)")?;
        let mut sim = SpatialSim::spawn(&built.exe)?;
        if sim.info.fingerprint != hdl_gen::spatial::fingerprint(&p) {
            bail!("the spatial simulator is not the Sudoku program's");
        }
        let (c0, _, t0) = sim.stats()?;
        let (mut rounds, mut busy) = (0usize, 0u64);
        for (k, start) in starts.iter().enumerate() {
            sim.write_hard(start)?;
            let got = sim.run_hard(1000)?;
            let mut want = start.clone();
            let fix = hard_fixpoint(&p, &mut want, 1000);
            if got.fixpoint != fix || sim.read_hard(&p.widths)? != want {
                bail!("puzzle {k}: spatial engine {:?}, semiring-core {fix:?}", got.fixpoint);
            }
            rounds += fix.rounds;
            busy += got.cycles;
        }
        let (c1, _, t1) = sim.stats()?;
        let cpu = rate(secs, rounds as f64, || {
            for start in &starts {
                let mut d = start.clone();
                black_box(hard_fixpoint(&p, &mut d, 1000));
            }
        });
        let mut shared = semiring_core::fast::hard::HardRounds::new(&p).context("Sudoku has 9 values")?;
        for (k, start) in starts.iter().enumerate() {
            let (mut want, mut got) = (start.clone(), start.clone());
            if shared.fixpoint(&mut got, 1000) != hard_fixpoint(&p, &mut want, 1000) || got != want {
                bail!("puzzle {k}: shared-support rounds differ from hard_fixpoint");
            }
        }
        let mut d = starts[0].clone();
        let cpu_shared = rate(secs, rounds as f64, || {
            for start in &starts {
                d.cells.copy_from_slice(&start.cells);
                black_box(shared.fixpoint(&mut d, 1000));
            }
        });
        Ok(json!({
            "puzzles": starts.len(),
            "rounds": rounds,
            "busy_clocks": busy,
            "run_clocks": c1 - c0,
            "total_clocks": t1 - t0,
            "supports": shape.supports,
            "terms": shape.terms,
            "cpu_rounds_per_s": cpu,
            "cpu_shared_rounds_per_s": cpu_shared,
        }))
    }

    /// `file` is one of `EngineConfig::CHECKED_IN` (`engine.v`, `engine_lanes4.v`).
    pub fn hw_sim(file: &str) -> Result<Value> {
        let p = sudoku_program()?;
        let (_, batch) = soft_inputs(SoftNet::Sudoku, 1)?;
        let cells = &batch[0];
        let &(cfg, _) = EngineConfig::CHECKED_IN
            .iter()
            .find(|(_, f)| *f == file)
            .with_context(|| format!("{file} is not a checked-in engine (EngineConfig::CHECKED_IN)"))?;
        let paths = SimPaths::engine(file);
        let built = build(&paths).context("building the engine simulator (needs verilator)")?;
        let mut sim = Sim::spawn(&built.exe)?;
        if sim.info.width != cfg.width || sim.info.lanes != cfg.lanes {
            bail!("{} is not {cfg:?}: {:?}", paths.verilog.display(), sim.info);
        }
        sim.load_program(&p)?;
        let n = sim.busiest_lane()?;
        let (v, w) = (p.num_vars(), p.width());

        // Hard: the puzzle's own domains (givens one-hot, free cells full) to the fixpoint.
        let hard0: Domains<Boolean> = Domains::from_fn(&p.widths, |var, a| cells[var * w + a] >= 0.5);
        sim.write_hard(&hard0)?;
        let hr = sim.run_hard(1000)?;
        let mut want = hard0.clone();
        let fix = hard_fixpoint(&p, &mut want, 1000);
        if hr.fixpoint != fix || sim.read_hard(&p.widths)? != want {
            bail!("hard run differs from semiring-core: engine {:?}, reference {fix:?}", hr.fixpoint);
        }
        let hard_formula = cfg.hard_round_cycles(n, v);
        if hr.cycles != hard_formula * fix.rounds as u64 {
            bail!("hard: {} clocks for {} rounds, formula {hard_formula} per round", hr.cycles, fix.rounds);
        }

        // Soft: the soft benchmark's first input in Q1.15, K rounds.
        let soft0: Domains<Fixed> = Domains::from_probs(&p.widths, |var, a| Q15::from_f64(cells[var * w + a] as f64));
        sim.write_soft(&soft0)?;
        let sr = sim.run_soft(K)?;
        if sim.read_soft(&p.widths)? != soft_rounds(&p, &soft0, K)[K] {
            bail!("soft run differs from semiring-core's Fixed soft_rounds");
        }
        let soft_formula = cfg.soft_round_cycles(n, w, v);
        if sr.cycles != soft_formula * K as u64 {
            bail!("soft: {} clocks for {K} rounds, formula {soft_formula} per round", sr.cycles);
        }
        let (clocks, secs) = sim.stats()?;
        Ok(json!({
            "verilog": paths.verilog.display().to_string(),
            "verilator": verilator_version(&paths.verilator).unwrap_or_else(|_| "?".into()),
            "engine": { "width": sim.info.width, "lanes": sim.info.lanes },
            "busiest_lane": n,
            "hard": {
                "rounds": fix.rounds,
                "outcome": format!("{:?}", fix.outcome),
                "cycles": hr.cycles,
                "cycles_per_round": hr.cycles as f64 / fix.rounds as f64,
                "formula": hard_formula,
            },
            "soft": {
                "k": K,
                "cycles": sr.cycles,
                "cycles_per_round": sr.cycles as f64 / K as f64,
                "formula": soft_formula,
            },
            "sim_clocks": clocks,
            "sim_seconds": secs,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_board_has_a_fallback_fmax() {
        for b in crate::synth::BOARDS {
            assert!(LAST_MEASURED.iter().any(|(n, _, _)| *n == b.name), "no last-measured Fmax for {}", b.name);
        }
        assert_eq!(board_fmax().len(), crate::synth::BOARDS.len());
        assert!(SPATIAL_LAST_MEASURED.0 > 0.0);
    }
}
