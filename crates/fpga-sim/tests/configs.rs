//! The generator is parametric: every other supported configuration (here
//! D = 32, 256 variables) is generated, built and checked in lockstep too.

mod common;

use common::slow;
use fpga_sim::lockstep::{check_hard, check_soft, random_case, RandomLimits};
use fpga_sim::{build, Sim, SimError, SimPaths};
use hdl_gen::EngineConfig;
use std::path::PathBuf;

#[test]
fn wide_engine_bit_exact() {
    let cfg = EngineConfig::WIDE;
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/softmask-sim/gen/wide"));
    std::fs::create_dir_all(&dir).unwrap();
    // Named engine.v so that hdl/verilator_waivers.vlt applies to it as well.
    let verilog = dir.join("engine.v");
    let text = hdl_gen::generate(&cfg).unwrap();
    if std::fs::read_to_string(&verilog).ok().as_deref() != Some(text.as_str()) {
        std::fs::write(&verilog, &text).unwrap();
    }
    let paths = SimPaths { verilog, ..SimPaths::workspace() };
    let b = match build(&paths) {
        Ok(b) => b,
        Err(SimError::VerilatorMissing) if std::env::var_os("CI").is_none() => {
            eprintln!("skipping wide_engine_bit_exact: verilator not found (apt-get install verilator); CI is unset");
            return;
        }
        Err(e) => panic!("{e}"),
    };
    let mut sim = Sim::spawn(&b.exe).unwrap();
    assert_eq!(sim.info.width, 32);
    assert_eq!(1 << sim.info.var_bits, cfg.max_vars());
    let lim =
        RandomLimits { max_width: cfg.width, max_vars: 20, max_instructions: 30, max_relations: cfg.max_relations() };
    for seed in 0..if slow() { 1000 } else { 200 } {
        let case = random_case(2_000_000 + seed, lim);
        let (n, v, w) = (case.program.instructions.len(), case.program.num_vars(), case.program.width());
        let hard = check_hard(&mut sim, &case, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(hard.cycles, hard.rounds as u64 * cfg.hard_round_cycles(n, v));
        let soft = check_soft(&mut sim, &case, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(soft.cycles, soft.rounds as u64 * cfg.soft_round_cycles(n, w, v));
    }
}
