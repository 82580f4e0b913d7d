//! `cargo xtask train-models [--out DIR]`: reproduces the shipped model `models/sudoku.json`
//! (and its `metrics.jsonl`, `curves.png`) with the exact `softmask train` command below, then
//! evaluates it on the held-out lines with `softmask eval` and writes `models/eval.txt`.
//!
//! The run is deterministic (fixed seeds; per-instance gradients summed in batch order, so
//! the thread count does not change the parameters): rerunning it rewrites the same model.
//! The training split and the held-out lines are documented in `models/README.md` and
//! `data/README.md`.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The shipped model's training command (after `softmask train`).
pub const TRAIN_ARGS: &[&str] = &[
    "--data",
    "data/sudoku/tdoku_forum_hardest_1905_11plus.solved.txt",
    "--limit",
    "1500",
    "--encoder",
    "rrn",
    "--hidden",
    "48",
    "--rrn-steps",
    "8",
    "--loss",
    "none",
    "--step-ce",
    "1",
    "--augment",
    "--batch",
    "16",
    "--steps",
    "3000",
    "--lr",
    "0.005",
    "--seed",
    "1",
    "--threads",
    "2",
    "--save-every",
    "250",
];

/// Held-out evaluations: (file, skip, limit), disjoint from the training lines.
pub const EVALS: &[(&str, usize, usize)] = &[
    ("data/sudoku/tdoku_forum_hardest_1905_11plus.solved.txt", 1500, 500),
    ("data/sudoku/tdoku_forum_hardest_1106.solved.txt", 0, 245),
    ("data/sudoku/tdoku_17_clue.solved.txt", 0, 500),
];

pub fn run(args: &[String]) -> Result<()> {
    let root = crate::synth::workspace_root();
    let mut out = root.join("models");
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" => out = PathBuf::from(it.next().context("--out DIR")?),
            other => anyhow::bail!("unknown option {other} (train-models [--out DIR])"),
        }
    }
    crate::run_cmd(
        Command::new("cargo").args(["build", "--release", "-p", "host", "--bin", "softmask"]).current_dir(&root),
    )?;
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let target = if target.is_absolute() { target } else { root.join(target) };
    let bin = target.join("release/softmask");
    let run_dir = std::env::temp_dir().join(format!("softmask-train-models-{}", std::process::id()));
    let start = std::time::Instant::now();
    crate::run_cmd(Command::new(&bin).arg("train").args(TRAIN_ARGS).arg("--out").arg(&run_dir).current_dir(&root))?;
    let minutes = start.elapsed().as_secs_f64() / 60.0;
    std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
    for (from, to) in
        [("checkpoint.json", "sudoku.json"), ("metrics.jsonl", "metrics.jsonl"), ("curves.png", "curves.png")]
    {
        copy(&run_dir.join(from), &out.join(to))?;
    }
    let mut report = format!("trained in {minutes:.1} min: softmask train {}\n", TRAIN_ARGS.join(" "));
    for (file, skip, limit) in EVALS {
        let o = Command::new(&bin)
            .args(["eval", "--checkpoint"])
            .arg(out.join("sudoku.json"))
            .args(["--data", file, "--skip", &skip.to_string(), "--limit", &limit.to_string(), "--json"])
            .current_dir(&root)
            .output()
            .context("running softmask eval")?;
        if !o.status.success() {
            anyhow::bail!("softmask eval on {file} failed: {}", String::from_utf8_lossy(&o.stderr));
        }
        report.push_str(&format!("\n{file} lines {skip}..{}:\n{}", skip + limit, String::from_utf8_lossy(&o.stdout)));
    }
    std::fs::write(out.join("eval.txt"), &report)?;
    println!("{report}");
    Ok(())
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to).with_context(|| format!("copying {} to {}", from.display(), to.display()))?;
    Ok(())
}
