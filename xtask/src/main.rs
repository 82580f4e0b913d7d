//! Project tasks: `cargo xtask <task>`. With no task it lists them.

use anyhow::{bail, Result};

const TASKS: &[(&str, &str)] = &[
    ("bench", "run benchmarks and print figures (`cargo xtask bench solve`)"),
    ("ci", "what CI runs: fmt check, clippy, the test suite"),
];

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(task) = args.first() else {
        print_tasks();
        return Ok(());
    };
    let rest = &args[1..];
    match task.as_str() {
        "bench" => bench::run(rest),
        "ci" => ci(),
        other => {
            print_tasks();
            bail!("unknown task `{other}`")
        }
    }
}

mod bench;

fn print_tasks() {
    println!("cargo xtask <task>\n\ntasks:");
    for (name, what) in TASKS {
        println!("  {name:<10} {what}");
    }
}

/// Runs a command, failing with its name when it fails or is missing.
pub fn run_cmd(cmd: &mut std::process::Command) -> Result<()> {
    let status = cmd
        .status()
        .map_err(|e| anyhow::anyhow!("could not start {:?}: {e}", cmd.get_program()))?;
    if !status.success() {
        bail!("{:?} failed with {status}", cmd);
    }
    Ok(())
}

fn ci() -> Result<()> {
    use std::process::Command;
    run_cmd(Command::new("cargo").args(["fmt", "--all", "--check"]))?;
    run_cmd(Command::new("cargo").args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;
    run_cmd(Command::new("cargo").args(["test", "--workspace"]))?;
    Ok(())
}
