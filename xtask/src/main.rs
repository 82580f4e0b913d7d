//! Project tasks: `cargo xtask <task>`. With no task it lists them.

use anyhow::{bail, Result};

const TASKS: &[(&str, &str)] = &[
    ("test", "install missing tools (apt-get), then run the whole test suite"),
    ("deps", "install the external tools (verilator, yosys, nextpnr, icestorm, openFPGALoader)"),
    ("hdl", "regenerate hdl/generated/ (`--report`: verilator lint + yosys UP5K resources)"),
    ("sim", "build the Verilator simulator and run the engine-vs-semiring-core lockstep suite"),
    ("synth", "bitstream + resource/Fmax report for a board (`--board icebreaker|ulx3s`), or a spatial engine alone (`--spatial sudoku`)"),
    ("flash", "program a board (`--board icebreaker|ulx3s [--dry-run]`)"),
    ("sim-board", "the board top under Verilator with its UART on a pseudo-terminal"),
    (
        "bench",
        "run benchmarks side by side with their peers and print figures and ratios (`cargo xtask bench` lists them)",
    ),
    (
        "train-models",
        "retrain the shipped model models/sudoku.json (deterministic, ~40 min on 2 cores) and evaluate it",
    ),
    ("ci", "what CI runs: fmt check, clippy, `test` with the slow tests on, synth for both boards"),
];

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(task) = args.first() else {
        print_tasks();
        return Ok(());
    };
    let rest = &args[1..];
    match task.as_str() {
        "test" => test(),
        "deps" => deps::install(),
        "hdl" => hdl::run(rest),
        "sim" => sim::run(rest),
        "synth" => synth::run(rest),
        "flash" => flash::run(rest),
        "sim-board" => sim_board::run(rest),
        "bench" => bench::run(rest),
        "train-models" => train_models::run(rest),
        "ci" => ci(),
        other => {
            print_tasks();
            bail!("unknown task `{other}`")
        }
    }
}

mod bench;
mod bench_color;
mod bench_peers;
mod deps;
mod flash;
mod hdl;
mod sim;
mod sim_board;
mod synth;
mod train_models;

fn print_tasks() {
    println!("cargo xtask <task>\n\ntasks:");
    for (name, what) in TASKS {
        println!("  {name:<10} {what}");
    }
}

/// Runs a command, failing with its name when it fails or is missing.
pub fn run_cmd(cmd: &mut std::process::Command) -> Result<()> {
    let status = cmd.status().map_err(|e| anyhow::anyhow!("could not start {:?}: {e}", cmd.get_program()))?;
    if !status.success() {
        bail!("{:?} failed with {status}", cmd);
    }
    Ok(())
}

/// The README's test command: tools first, then every test of the workspace.
fn test() -> Result<()> {
    deps::install()?;
    run_cmd(std::process::Command::new("cargo").args(["test", "--workspace", "--release"]))
}

/// Everything CI checks: formatting, lints, the whole test suite with the
/// slow tests on, and both boards' synthesis flows (a failing flow fails CI).
fn ci() -> Result<()> {
    use std::process::Command;
    run_cmd(Command::new("cargo").args(["fmt", "--all", "--check"]))?;
    run_cmd(Command::new("cargo").args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;
    std::env::set_var("SOFTMASK_SLOW", "1");
    test()?;
    for board in ["icebreaker", "ulx3s"] {
        println!("ci: synthesizing for {board}");
        synth::run(&["--board".to_string(), board.to_string()])?;
    }
    Ok(())
}
