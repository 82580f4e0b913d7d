//! What the `softmask` CLI tests share: running the binary from the workspace root.
// Each test binary includes this module and uses part of it.
#![allow(dead_code)]

use host::backend::Backend;
use rand::Rng;
use semiring_core::st_fixed::st_backward_fixed;
use semiring_core::testing::{random_hard, random_program, Limits};
use semiring_core::{hard_fixpoint, soft_rounds, Boolean};
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

/// One random network (up to `max_vars` variables of up to `max_width` values) through `backend`: its hard
/// fixpoint, its `k` straight-through round bitmasks and the backward pass of random Q16.16
/// upstream gradients all equal semiring-core's.
pub fn check_random_case(
    backend: &mut dyn Backend,
    r: &mut rand_chacha::ChaCha8Rng,
    (max_vars, max_width): (usize, usize),
    k: usize,
    case: usize,
) {
    let p = random_program(r, Limits::mixed(max_vars, max_width));
    let d = random_hard(r, &p.widths);
    let (mut want, mut got) = (d.clone(), d.clone());
    let fw = hard_fixpoint(&p, &mut want, 30);
    let fg = backend.propagate_hard(&p, &mut got, 30).expect("hard run");
    assert_eq!((fg, &got), (fw, &want), "case {case}: hard fixpoint");
    let rounds = backend.hard_rounds(&p, &d, k).expect("hard rounds");
    assert_eq!(rounds, soft_rounds::<Boolean>(&p, &d, k), "case {case}: round bitmasks");
    let up: Vec<i32> = (0..p.num_vars() * p.width()).map(|_| r.gen_range(-70_000..70_000)).collect();
    let g = backend.st_backward(&p, &rounds, &up).expect("backward");
    assert_eq!(g, st_backward_fixed(&p, &rounds, &up).unwrap(), "case {case}: gradients");
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
