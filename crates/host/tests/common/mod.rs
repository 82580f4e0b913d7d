//! What the host tests share: the conformance suite every backend runs, and running the
//! `softmask` binary from the workspace root.
// Each test binary includes this module and uses part of it.
#![allow(dead_code)]

use host::backend::{Backend, BackendPropagator};
use semiring_core::solver::{search, Ascending, Jacobi, SearchLimits};
use semiring_core::st_fixed::st_backward_fixed;
use semiring_core::testing::{
    first_difference, random_hard, random_program, random_soft, random_upstream, rng, Limits,
};
use semiring_core::{hard_fixpoint, hard_rounds, soft_rounds, Constraint, Fixed, Network, Q15};
use std::path::Path;
use std::process::{Command, Output};

/// The workspace root (`constraints/`, `data/` are relative to it).
pub const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// Runs `softmask ARGS` in the workspace root, without backtraces in its errors.
pub fn softmask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_softmask"))
        .args(args)
        .current_dir(ROOT)
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("run softmask")
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Hard fixpoints, soft fixed-point rounds and a search through `backend`
/// equal the reference on seeded random programs within `max_width` values.
pub fn conformance(backend: &mut dyn Backend, cases: u64, max_width: usize) {
    let name = backend.name();
    for seed in 0..cases {
        let mut r = rng(90_000 + seed);
        let p = random_program(&mut r, Limits::mixed(10, max_width));
        let d = random_hard(&mut r, &p.widths);
        let (mut expected, mut actual) = (d.clone(), d.clone());
        let want = hard_fixpoint(&p, &mut expected, 50);
        let got = backend.propagate_hard(&p, &mut actual, 50).unwrap_or_else(|e| panic!("{name} seed {seed}: {e}"));
        assert_eq!(got, want, "{name} seed {seed}: outcome or round count differs");
        assert_eq!(first_difference(&expected, &actual), None, "{name} seed {seed}: hard domains differ");
        let soft = random_soft::<Q15>(&mut r, &p.widths);
        let want = soft_rounds::<Fixed>(&p, &soft, 3).pop().expect("k + 1 vectors");
        let got = backend.run_soft_fixed(&p, &soft, 3).unwrap_or_else(|e| panic!("{name} seed {seed}: {e}"));
        assert_eq!(first_difference(&want, &got), None, "{name} seed {seed}: soft Q1.15 domains differ");
        // The straight-through pair: K single hard rounds kept, then the backward through them.
        let k = (seed % 4) as usize;
        let want = hard_rounds(&p, &d, k);
        let got = backend.hard_rounds(&p, &d, k).unwrap_or_else(|e| panic!("{name} seed {seed}: {e}"));
        assert_eq!(got, want, "{name} seed {seed}: hard round bitmasks differ (K = {k})");
        let upstream = random_upstream(&mut r, p.num_vars() * p.width());
        let want = st_backward_fixed(&p, &got, &upstream).expect("valid shapes");
        let got = backend.st_backward(&p, &got, &upstream).unwrap_or_else(|e| panic!("{name} seed {seed}: {e}"));
        assert_eq!(got, want, "{name} seed {seed}: straight-through gradients differ (K = {k})");
    }
    // Search with every propagation on the backend: the same solutions and node counts.
    let mut net = Network::with_vars(6, 4);
    net.constraints.push(Constraint::AllDifferent { vars: vec![0, 1, 2, 3] });
    net.constraints.push(Constraint::AllDifferent { vars: vec![2, 3, 4, 5] });
    let p = net.compile().expect("valid");
    let limits = SearchLimits { max_solutions: 10, ..Default::default() };
    let want = search(&mut Jacobi { program: &p, max_rounds: 1000 }, &mut Ascending, net.initial_domains(), &limits)
        .expect("infallible");
    let mut prop = BackendPropagator { backend, program: &p, max_rounds: 1000 };
    let got = search(&mut prop, &mut Ascending, net.initial_domains(), &limits).expect("backend search");
    assert_eq!(got.solutions, want.solutions, "{name}: search solutions differ");
    assert_eq!(got.stats.nodes, want.stats.nodes, "{name}: search node counts differ");
}

/// The summary of `softmask solve` on the bundled Sudoku puzzles (and stderr).
pub fn solve_summary(extra: &[&str]) -> (serde_json::Value, String) {
    let mut args = vec!["solve", "constraints/examples/sudoku.txt", "--json"];
    args.extend(extra);
    let out = softmask(&args);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "solve {extra:?}: {err}");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let last = stdout.lines().last().expect("summary").to_string();
    (serde_json::from_str::<serde_json::Value>(&last).unwrap()["summary"].clone(), err)
}

/// Runs `softmask train` on the solved Sudoku set with a small encoder (8 hidden units, one
/// layer) and `args`, into a fresh `CARGO_TARGET_TMPDIR/name`; returns the run's loss curve.
pub fn train_small(name: &str, args: &[&str]) -> Vec<serde_json::Value> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let mut all = vec!["train", "--data", "data/sudoku/tdoku_unbiased.solved.txt", "--hidden", "8", "--layers", "1"];
    all.extend(args);
    all.extend(["--out", dir.to_str().expect("utf-8 path")]);
    let out = softmask(&all);
    assert!(out.status.success(), "train {args:?}: {}", text(&out.stderr));
    eprintln!("train {args:?}: {}", text(&out.stdout));
    curve(&dir)
}

/// The loss curve of a training run in `dir`: every `metrics.jsonl` field except the timings,
/// which differ from run to run.
pub fn curve(dir: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(dir.join("metrics.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            for key in ["seconds", "step_seconds", "backend_seconds"] {
                v.as_object_mut().unwrap().remove(key);
            }
            v
        })
        .collect()
}
