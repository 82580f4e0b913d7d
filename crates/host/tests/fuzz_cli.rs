//! Fuzzing the `softmask` command line as a user reaches it: random option values (numbers out
//! of range, NaN, infinities, garbage) on `solve`, `train` and `eval`, over mutated example
//! files and generated JSON networks (huge domains, huge all-different constraints, tens of
//! thousands of variables, bad indices), each run in a child process under an address-space
//! cap (`ulimit -v`). Every run must end by itself within the time bound with exit 0 (a result
//! the CLI verified independently), 1 (an `error: ...` message) or 2 (a usage error): never a
//! panic, an abort or a signal.
//!
//! `SOFTMASK_SLOW=1` runs ten times the cases. The run prints its figures (cases, time, peak
//! memory when `/usr/bin/time` is there) with `--nocapture`.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
/// The address-space cap of every run (MiB): the memory limit below plus the binary, the
/// allocator's arenas and the search thread's stack.
const CAP_MIB: u64 = 1536;
/// The `SOFTMASK_MAX_MEMORY` of every run: what a network may need under the cap.
const MAX_MEMORY: &str = "256M";
const TIME_BOUND: Duration = Duration::from_secs(40);

static PEAK_KIB: AtomicU64 = AtomicU64::new(0);

fn slow() -> u32 {
    if std::env::var_os("SOFTMASK_SLOW").is_some() {
        10
    } else {
        1
    }
}

fn tmp(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name)
}

/// Runs `softmask ARGS` under the cap; checks the outcome; returns (exit code, stderr).
fn run(args: &[String]) -> Result<(i32, String), TestCaseError> {
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let peak_file = tmp(&format!("fuzz_cli_peak_{}_{n}", std::process::id()));
    let timer = Path::new("/usr/bin/time").is_file();
    let script = if timer {
        format!("ulimit -v {} && exec /usr/bin/time -f %M -o {} \"$0\" \"$@\"", CAP_MIB * 1024, peak_file.display())
    } else {
        format!("ulimit -v {} && exec \"$0\" \"$@\"", CAP_MIB * 1024)
    };
    let t = Instant::now();
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_softmask"))
        .args(args)
        .current_dir(ROOT)
        .env("RUST_BACKTRACE", "0")
        .env("SOFTMASK_MAX_MEMORY", MAX_MEMORY)
        .output()
        .expect("run softmask");
    let took = t.elapsed();
    if let Ok(s) = std::fs::read_to_string(&peak_file) {
        // /usr/bin/time writes "Command exited with non-zero status N" first when it fails.
        if let Some(kib) = s.lines().last().and_then(|l| l.trim().parse::<u64>().ok()) {
            PEAK_KIB.fetch_max(kib, Ordering::Relaxed);
        }
        let _ = std::fs::remove_file(&peak_file);
    }
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code();
    let what = format!("softmask {}", args.join(" "));
    prop_assert!(took < TIME_BOUND, "{what}: took {took:?}");
    prop_assert!(!err.contains("panicked") && !err.contains("fatal runtime error"), "{what}: {err}");
    prop_assert!(!err.contains("memory allocation") && !err.contains("solver bug"), "{what}: {err}");
    // /usr/bin/time reports a child ended by a signal as "Command terminated by signal".
    prop_assert!(!err.contains("terminated by signal"), "{what}: {err}");
    prop_assert!(matches!(code, Some(0..=2)), "{what}: exit {:?}: {err}", out.status);
    if code == Some(1) {
        prop_assert!(err.contains("error: "), "{what}: exit 1 without an error message: {err}");
    }
    Ok((code.unwrap_or(-1), err))
}

/// Option values a user might type, or a fuzzer would.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => prop::sample::select(vec![
            "0", "1", "2", "3", "-1", "0.5", "1e20", "1e9", "nan", "NaN", "inf", "-inf", "4096", "4097", "64", "65",
            "100000", "1000000000", "18446744073709551616", "", " 7", "0x10", "abc", "1e-300",
        ])
        .prop_map(String::from),
        3 => (1u64..40).prop_map(|n| n.to_string()),
        1 => (0u64..2000).prop_map(|n| n.to_string()),
    ]
}

/// A JSON network as text: small random ones, and the shapes that once exhausted the machine.
fn network() -> impl Strategy<Value = String> {
    let small = (
        prop::collection::vec((1usize..10, prop::option::of(prop::collection::vec(0usize..12, 0..4))), 0..12),
        prop::collection::vec((0usize..14, 0usize..14, 0u8..6), 0..20),
    )
        .prop_map(|(vars, cons)| {
            let vs: Vec<String> = vars
                .iter()
                .map(|(size, dom)| match dom {
                    Some(d) => format!(r#"{{"size":{size},"domain":{d:?}}}"#),
                    None => format!(r#"{{"size":{size}}}"#),
                })
                .collect();
            let cs: Vec<String> = cons
                .iter()
                .map(|&(x, y, k)| match k {
                    0 => format!(r#"{{"type":"binary","scope":[{x},{y}],"relation":"ne"}}"#),
                    1 => format!(r#"{{"type":"binary","scope":[{x},{y}],"relation":"lt"}}"#),
                    2 => format!(r#"{{"type":"binary","scope":[{x},{y}],"relation":"eq"}}"#),
                    3 => format!(r#"{{"type":"binary","scope":[{x},{y}],"relation":{{"table":[[0,1],[1,{y}]]}}}}"#),
                    _ => format!(r#"{{"type":"all_different","vars":[{x},{y},{}]}}"#, (x + y) % 14),
                })
                .collect();
            format!(r#"{{"variables":[{}],"constraints":[{}]}}"#, vs.join(","), cs.join(","))
        });
    prop_oneof![4 => small, 1 => big_network()]
}

/// The shapes that once exhausted the machine, and degenerate sizes.
fn big_network() -> impl Strategy<Value = String> {
    prop_oneof![
        // Many unconstrained variables (dense variables x variables tables once took gigabytes).
        3 => (1usize..40_000)
            .prop_map(|n| format!(r#"{{"variables":[{}],"constraints":[]}}"#, vec![r#"{"size":2}"#; n].join(","))),
        // Wide domains under one all-different (the d^2 compile once outran --limit-time).
        3 => (1usize..60, prop::sample::select(vec![64usize, 1000, 4096, 4097, 100_000])).prop_map(|(n, d)| {
            let idx: Vec<String> = (0..n).map(|i| i.to_string()).collect();
            format!(
                r#"{{"variables":[{}],"constraints":[{{"type":"all_different","vars":[{}]}}]}}"#,
                vec![format!(r#"{{"size":{d}}}"#); n].join(","),
                idx.join(",")
            )
        }),
        // A huge all-different over few distinct indices or many.
        3 => (2usize..20_000).prop_map(|n| {
            let idx: Vec<String> = (0..n).map(|i| i.to_string()).collect();
            format!(
                r#"{{"variables":[{}],"constraints":[{{"type":"all_different","vars":[{}]}}]}}"#,
                vec![r#"{"size":3}"#; n].join(","),
                idx.join(",")
            )
        }),
        1 => Just(r#"{"variables":[{"size":0}],"constraints":[]}"#.to_string()),
        1 => Just(r#"{"variables":[{"size":3,"domain":[]}],"constraints":[]}"#.to_string()),
        1 => Just(r#"{"variables":[{"size":18446744073709551615}],"constraints":[]}"#.to_string()),
    ]
}

const EXAMPLES: &[&str] =
    &["sudoku.txt", "sudoku.solved.txt", "sudoku.csv", "sudoku16.txt", "myciel3.col", "queens.queens", "network.json"];

/// The input of a `solve` run: a mutated example, a generated network, a special file, or none.
fn input() -> impl Strategy<Value = Vec<u8>> {
    let mutated = (0..EXAMPLES.len(), prop::collection::vec((any::<usize>(), any::<u8>()), 0..4), any::<bool>())
        .prop_map(|(i, edits, bom)| {
            let mut b = std::fs::read(format!("{ROOT}/constraints/examples/{}", EXAMPLES[i])).unwrap();
            for (at, byte) in edits {
                if !b.is_empty() {
                    let n = b.len();
                    b[at % n] = byte;
                }
            }
            if bom {
                b.splice(0..0, "\u{feff}".bytes());
            }
            b
        });
    prop_oneof![mutated, network().prop_map(String::into_bytes)]
}

const SOLVE_OPTIONS: &[&str] = &[
    "--k",
    "--count",
    "--limit-nodes",
    "--limit-time",
    "--max-memory",
    "--queens",
    "--format",
    "--propagator",
    "--branching",
];

/// A `solve` case: the input bytes, its extension, options (index, value) and the flags.
type SolveCase = (Vec<u8>, u8, Vec<(usize, String)>, Vec<bool>);

fn solve_case() -> impl Strategy<Value = SolveCase> {
    (
        input(),
        0u8..4,
        prop::collection::vec((0..SOLVE_OPTIONS.len(), value()), 0..4),
        prop::collection::vec(any::<bool>(), 4),
    )
}

#[test]
fn solve_with_random_inputs_and_options_never_panics_hangs_or_exhausts_memory() {
    let t = Instant::now();
    let cases = 300 * slow();
    let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    let mut codes = [0u32; 3];
    let counts = std::cell::RefCell::new(&mut codes);
    runner
        .run(&solve_case(), |(bytes, ext, opts, flags)| {
            let ext = ["txt", "col", "json", "queens"][ext as usize];
            static K: AtomicU64 = AtomicU64::new(0);
            let path = tmp(&format!("fuzz_cli_{}_{}.{ext}", std::process::id(), K.fetch_add(1, Ordering::Relaxed)));
            std::fs::write(&path, &bytes).unwrap();
            let mut args = vec!["solve".to_string()];
            let mut seen = std::collections::HashSet::new();
            let mut queens = false;
            for (o, v) in opts {
                let name = SOLVE_OPTIONS[o];
                if !seen.insert(name) {
                    continue;
                }
                // Memory limits above the cap would be the user's choice to exceed it.
                let v = match name {
                    "--max-memory" if crate_size(&v).is_some_and(|b| b > 512 << 20) => "512M".to_string(),
                    "--format" => ["sudoku", "col", "queens", "json", "xml"][v.len() % 5].to_string(),
                    "--propagator" => ["worklist", "jacobi", "x"][v.len() % 3].to_string(),
                    "--branching" => ["dom-wdeg-conflict", "dom-wdeg", "min-remaining"][v.len() % 3].to_string(),
                    _ => v,
                };
                queens |= name == "--queens";
                args.push(format!("{name}={v}"));
            }
            if !seen.contains("--limit-time") {
                args.push("--limit-time=5".into());
            }
            if !seen.contains("--k") && ext == "col" {
                args.push("--k=3".into());
            }
            for (flag, on) in ["--no-groups", "--json", "-q", "--no-symmetry-breaking"].iter().zip(&flags) {
                if *on {
                    args.push(flag.to_string());
                }
            }
            if !queens {
                args.push(path.display().to_string());
            }
            let (code, _) = run(&args)?;
            counts.borrow_mut()[code as usize] += 1;
            let _ = std::fs::remove_file(&path);
            Ok(())
        })
        .unwrap();
    eprintln!(
        "solve fuzz: {cases} cases in {:.1} s (exit 0/1/2: {codes:?}); peak memory of a run {} MiB (cap {CAP_MIB} MiB)",
        t.elapsed().as_secs_f64(),
        PEAK_KIB.load(Ordering::Relaxed) / 1024
    );
}

/// Large networks with valid options: each must solve, hit the time limit, or be refused
/// with the limit named, within the cap.
#[test]
fn large_networks_are_solved_or_refused_within_the_cap() {
    let t = Instant::now();
    let cases = 16 * slow();
    let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    let mut codes = [0u32; 3];
    let counts = std::cell::RefCell::new(&mut codes);
    runner
        .run(&(big_network(), any::<bool>()), |(net, groups)| {
            static K: AtomicU64 = AtomicU64::new(0);
            let path = tmp(&format!("fuzz_big_{}_{}.json", std::process::id(), K.fetch_add(1, Ordering::Relaxed)));
            std::fs::write(&path, &net).unwrap();
            let mut args = vec!["solve".to_string(), "-q".into(), "--limit-time=5".into(), path.display().to_string()];
            if groups {
                args.push("--no-groups".into());
            }
            let (code, err) = run(&args)?;
            counts.borrow_mut()[code as usize] += 1;
            prop_assert!(code != 2, "usage error on valid options: {err}");
            if std::env::var_os("FUZZ_VERBOSE").is_some() {
                eprintln!("{code}: {}", err.lines().next().unwrap_or(""));
            }
            if code == 1 {
                prop_assert!(
                    err.contains("limit") || err.contains("invalid network") || err.contains("size must be"),
                    "{err}"
                );
            }
            let _ = std::fs::remove_file(&path);
            Ok(())
        })
        .unwrap();
    eprintln!(
        "large networks: {cases} cases in {:.1} s (exit 0/1/2: {codes:?}); peak memory of a run {} MiB (cap {CAP_MIB} MiB)",
        t.elapsed().as_secs_f64(),
        PEAK_KIB.load(Ordering::Relaxed) / 1024
    );
}

/// `host::limits::size` as the child sees it (for the cap above).
fn crate_size(s: &str) -> Option<u64> {
    host::limits::size(s).ok()
}

const TRAIN_OPTIONS: &[&str] = &[
    "--k",
    "--hidden",
    "--layers",
    "--random-features",
    "--lr",
    "--batch",
    "--threads",
    "--log-eps",
    "--checkpoint-every",
    "--save-every",
    "--skip",
];

/// Training steps for a fuzzed `train` run: 1, or 0 when the options ask for a step that is
/// legitimately long (a wide encoder on a big batch, many soft rounds). One step costs about
/// `batch * (hidden^2 * rrn steps + K * round)`; hidden 829 on the default batch of 16 takes
/// ~40 s here, the time bound. With 0 steps the run still parses and range-checks every option,
/// builds and allocates the model and writes the checkpoint, so panics and memory are still checked.
fn steps_within_bound(chosen: &[(&str, String)]) -> u64 {
    let get = |name: &str, default: u64| {
        chosen.iter().find(|(o, _)| *o == name).and_then(|(_, v)| v.parse::<u64>().ok()).unwrap_or(default)
    };
    let (batch, hidden, k) = (get("--batch", 16), get("--hidden", 32), get("--k", 1));
    let encoder = batch.saturating_mul(hidden.saturating_mul(hidden));
    let rounds = batch.saturating_mul(k);
    u64::from(encoder <= 1 << 21 && rounds <= 1 << 17)
}

#[test]
fn train_and_eval_with_random_options_never_panic_hang_or_exhaust_memory() {
    let t = Instant::now();
    let cases = 24 * slow();
    let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    let loss =
        prop::sample::select(vec!["survival", "survival+ce", "ce+0.5*conflicts", "nan*ce", "survival+inf*ce", "-1*ce"]);
    let schedule = prop::sample::select(vec![
        "const:0.3",
        "exp:1:0.002:0.2",
        "linear:1:0.1:10",
        "const:nan",
        "exp:1:inf:0.1",
        "const:0",
    ]);
    let strategy = (prop::collection::vec((0..TRAIN_OPTIONS.len(), value()), 0..3), loss, schedule);
    let mut codes = [0u32; 3];
    let counts = std::cell::RefCell::new(&mut codes);
    runner
        .run(&strategy, |(opts, loss, schedule)| {
            static K: AtomicU64 = AtomicU64::new(0);
            let out = tmp(&format!("fuzz_train_{}_{}", std::process::id(), K.fetch_add(1, Ordering::Relaxed)));
            let mut args: Vec<String> =
                ["train", "--data", "constraints/examples/sudoku.solved.txt"].iter().map(|s| s.to_string()).collect();
            args.extend(["--limit".into(), "2".into(), "--out".into(), out.display().to_string()]);
            args.push(format!("--loss={loss}"));
            args.push(format!("--schedule={schedule}"));
            let mut seen = std::collections::HashSet::new();
            let mut chosen = Vec::new();
            for (o, v) in opts {
                if seen.insert(o) {
                    args.push(format!("{}={v}", TRAIN_OPTIONS[o]));
                    chosen.push((TRAIN_OPTIONS[o], v));
                }
            }
            args.extend(["--steps".into(), steps_within_bound(&chosen).to_string()]);
            let (code, _) = run(&args)?;
            counts.borrow_mut()[code as usize] += 1;
            let _ = std::fs::remove_dir_all(&out);
            Ok(())
        })
        .unwrap();
    let mut runner = TestRunner::new(Config { cases: 8 * slow(), failure_persistence: None, ..Config::default() });
    runner
        .run(&(value(), value()), |(threads, nodes)| {
            let args: Vec<String> = [
                "eval",
                "--checkpoint",
                "no-such-checkpoint.json",
                "--data",
                "constraints/examples/sudoku.txt",
                &format!("--threads={threads}"),
                &format!("--node-limit={nodes}"),
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
            let (code, _) = run(&args)?;
            prop_assert!(code != 0, "eval without a checkpoint succeeded");
            Ok(())
        })
        .unwrap();
    eprintln!(
        "train/eval fuzz: {} cases in {:.1} s (train exit 0/1/2: {codes:?}); peak memory of a run {} MiB (cap {CAP_MIB} MiB)",
        cases + 8 * slow(),
        t.elapsed().as_secs_f64(),
        PEAK_KIB.load(Ordering::Relaxed) / 1024
    );
}
