//! The resource policy end to end (`host::limits`): options out of range are refused at parse
//! time, never a panic; endless files are refused; networks are checked before they are built;
//! `--limit-time` covers compiling; large sparse problems run in small memory (measured under
//! an address-space cap); a closed output pipe ends the command quietly.

mod common;

use common::{text, ROOT};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn tmp_file(name: &str, contents: &str) -> PathBuf {
    let p = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&p, contents).unwrap();
    p
}

/// `softmask ARGS` under an address-space limit of `cap_mib` MiB (`ulimit -v` in a shell, so
/// the limit applies to the child only), with its wall time.
pub fn capped(cap_mib: u64, args: &[&str]) -> (Output, Duration) {
    let t = Instant::now();
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {} && exec \"$0\" \"$@\"", cap_mib * 1024))
        .arg(env!("CARGO_BIN_EXE_softmask"))
        .args(args)
        .current_dir(ROOT)
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("run softmask under sh");
    (out, t.elapsed())
}

/// A refusal: exit 1 or 2 (clap's usage error), no panic, and stderr containing `want`.
fn refused(out: &Output, want: &str) {
    let err = text(&out.stderr);
    assert!(matches!(out.status.code(), Some(1 | 2)), "status {:?}, stderr {err}", out.status);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains(want), "expected {want:?} in: {err}");
}

#[test]
fn solve_options_out_of_range_are_refused_at_parse_time() {
    for v in ["1e20", "nan", "inf", "-1"] {
        let (out, _) = capped(512, &["solve", "--queens", "4", &format!("--limit-time={v}")]);
        refused(&out, "--limit-time");
    }
    let cases: &[(&[&str], &str)] = &[
        (&["solve", "--queens", "100000"], "--queens"),
        (&["solve", "--queens", "4", "--count", "0"], "--count"),
        (&["solve", "--queens", "4", "--count", "1e9"], "--count"),
        (&["solve", "--queens", "4", "--limit-nodes", "0"], "--limit-nodes"),
        (&["solve", "constraints/examples/myciel3.col", "--k", "1000000"], "--k"),
        (&["solve", "--queens", "4", "--max-memory", "lots"], "--max-memory"),
    ];
    for (args, want) in cases {
        let (out, _) = capped(512, args);
        refused(&out, want);
    }
}

#[test]
fn train_and_eval_options_out_of_range_are_refused_at_parse_time() {
    let data = "constraints/examples/sudoku.txt";
    let cases: &[(&str, &str)] = &[
        ("--k", "1e9"),
        ("--k", "1000000000"),
        ("--hidden", "100000"),
        ("--layers", "100000"),
        ("--random-features", "1000000000"),
        ("--lr", "nan"),
        ("--lr", "inf"),
        ("--lr", "0"),
        ("--loss", "NaN*survival"),
        ("--loss", "survival+inf*ce"),
        ("--log-eps", "nan"),
        ("--schedule", "const:nan"),
        ("--batch", "0"),
        ("--threads", "0"),
        ("--save-every", "0"),
    ];
    for (opt, v) in cases {
        let (out, _) = capped(512, &["train", "--data", data, "--out", "/nonexistent/never-written", opt, v]);
        refused(&out, opt);
    }
    let (out, _) = capped(512, &["eval", "--checkpoint", "x.json", "--data", data, "--threads", "100000"]);
    refused(&out, "--threads");
}

#[test]
fn endless_and_oversized_files_are_refused() {
    let (out, t) = capped(1024, &["solve", "/dev/zero"]);
    refused(&out, "larger than the limit of 256.0 MiB on input files; raise it with SOFTMASK_MAX_FILE");
    assert!(t < Duration::from_secs(20), "{t:?}");
    let p = tmp_file("limits_big.txt", &format!("{}\n", "1".repeat(81)).repeat(20));
    let out = Command::new(env!("CARGO_BIN_EXE_softmask"))
        .args(["solve", p.to_str().unwrap()])
        .env("SOFTMASK_MAX_FILE", "1K")
        .output()
        .unwrap();
    refused(&out, "larger than the limit of 1.0 KiB");
}

#[test]
fn networks_are_checked_before_they_are_built() {
    let p = tmp_file("limits_mem.col", "p edge 30000 0\n");
    let (out, _) = capped(512, &["solve", p.to_str().unwrap(), "--k", "2", "--max-memory", "1M"]);
    refused(&out, "over the memory limit of 1.0 MiB; raise it with --max-memory SIZE or SOFTMASK_MAX_MEMORY=SIZE");
    // 2^20 + 1 vertices: over the variable limit, refused before any network is built.
    let p = tmp_file("limits_vars.col", "p edge 1048577 0\n");
    let (out, _) = capped(512, &["solve", p.to_str().unwrap(), "--k", "2"]);
    refused(&out, "1048577");
    // A domain of 5000 values in a JSON network.
    let p = tmp_file("limits_values.json", r#"{"variables":[{"size":5000}],"constraints":[]}"#);
    let (out, _) = capped(512, &["solve", p.to_str().unwrap()]);
    refused(&out, "4096");
    // An all-different over 10,000 variables is 50 million arcs: over the limit, not built.
    let vars: Vec<String> = (0..10_000).map(|i| i.to_string()).collect();
    let net = format!(
        r#"{{"variables":[{}],"constraints":[{{"type":"all_different","vars":[{}]}}]}}"#,
        vec![r#"{"size":2}"#; 10_000].join(","),
        vars.join(",")
    );
    let p = tmp_file("limits_arcs.json", &net);
    let (out, t) = capped(512, &["solve", p.to_str().unwrap()]);
    refused(&out, "over the limit of 33554432");
    assert!(t < Duration::from_secs(10), "{t:?}");
    // 500 variables of 4,096 values under one all-different: few arcs, but one propagation
    // round (not interruptible by --limit-time) would be ~6.5e10 word operations.
    let net = format!(
        r#"{{"variables":[{}],"constraints":[{{"type":"all_different","vars":[{}]}}]}}"#,
        vec![r#"{"size":4096}"#; 500].join(","),
        (0..500).map(|i| i.to_string()).collect::<Vec<_>>().join(",")
    );
    let p = tmp_file("limits_round.json", &net);
    let (out, t) = capped(512, &["solve", p.to_str().unwrap(), "--limit-time", "5"]);
    refused(&out, "one propagation round would take about");
    assert!(t < Duration::from_secs(10), "{t:?}");
}

/// Storage proportional to what the problem holds: 30,000 unconstrained two-valued variables
/// (a 15-byte graph file; a JSON network) used to take gigabytes (a copy of every domain per
/// search level); under a 1 GiB address-space cap they now solve.
#[test]
fn large_sparse_problems_run_in_small_memory() {
    let col = tmp_file("limits_30k.col", "p edge 30000 0\n");
    let (out, t) = capped(1024, &["solve", col.to_str().unwrap(), "--k", "2", "-q"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("1 instances: 1 sat"), "{}", text(&out.stdout));
    eprintln!("p edge 30000 0 --k 2 under a 1 GiB cap: {t:?}");
    let json = format!(r#"{{"variables":[{}],"constraints":[]}}"#, vec![r#"{"size":2}"#; 30_000].join(","));
    let p = tmp_file("limits_30k.json", &json);
    let (out, _) = capped(1024, &["solve", p.to_str().unwrap(), "-q"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

/// `--limit-time` covers compiling: 50 variables of 4,096 values under one all-different
/// (1,225 arcs of 4096 x 4096 relations) ran past 60 s with `--limit-time 5`.
#[test]
fn the_time_limit_covers_compiling() {
    let net = format!(
        r#"{{"variables":[{}],"constraints":[{{"type":"all_different","vars":[{}]}}]}}"#,
        vec![r#"{"size":4096}"#; 50].join(","),
        (0..50).map(|i| i.to_string()).collect::<Vec<_>>().join(",")
    );
    let p = tmp_file("limits_wide.json", &net);
    let (out, t) = capped(1024, &["solve", p.to_str().unwrap(), "--limit-time", "5", "-q"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(t < Duration::from_secs(15), "{t:?}");
    // A zero budget stops at compiling and reports the limit.
    let (out, _) = capped(1024, &["solve", p.to_str().unwrap(), "--limit-time", "0"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("LIMIT(time)"), "{}", text(&out.stdout));
}

/// `softmask solve ... | head -1`: the reader closes the pipe; softmask ends quietly.
#[test]
fn a_closed_pipe_ends_quietly() {
    let p = tmp_file("limits_pipe.queens", &"8\n".repeat(3000));
    let mut child = Command::new(env!("CARGO_BIN_EXE_softmask"))
        .args(["solve", p.to_str().unwrap(), "--count", "100"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.contains("queens 8"), "{first}");
    // The reader is dropped here: the pipe is closed with most of the output unwritten.
    let out = child.wait_with_output().unwrap();
    let err = text(&out.stderr);
    assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{err}");
    assert!(matches!(out.status.code(), Some(0 | 141)), "{:?}: {err}", out.status);
}
