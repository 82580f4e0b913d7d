//! `cargo xtask bench soft|hard|gumbel|memory|all`: softmask side by side with the tools a
//! user would pick instead (JAX for soft propagation and Gumbel sampling, OR-Tools CP-SAT for
//! hard solving), on the same machine, in the same run, with ratios.
//!
//! The driver (this process, whatever profile `cargo xtask` was built in) only orchestrates:
//! it builds `xtask` in release, creates the peers' virtual environment
//! (`bench/peers/setup.sh`), and runs every softmask measurement in a child process
//! (`xtask bench peers-worker <job>`, release build) that prints one JSON document, its last
//! figure being the child's peak resident memory (`VmHWM`). The peers run as Python child
//! processes of `bench/peers/`. Soft results are compared with JAX's before either is timed;
//! a mismatch stops the benchmark.
//!
//! The benchmark loss (the only place it is defined on the Rust side; `soft_jax.py` is the
//! other) is the survival loss `L = -sum_batch sum_v ln(sum_{a < width_v} d^K[v][a] + EPS)`.

use anyhow::{bail, Context, Result};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Sub-benchmarks this module answers (`cargo xtask bench <name>`).
pub const SUBCOMMANDS: &[&str] = &["soft", "hard", "gumbel", "hw", "memory", "all"];
/// The hidden sub-command the driver runs its release children with.
const WORKER: &str = "peers-worker";

/// `EPS` of the survival loss.
const LOSS_EPS: f64 = 1e-6;
/// Soft rounds.
const K: usize = 8;
/// Seed of every random input (ChaCha8, one stream per instance).
const SEED: u64 = 0x5eed_0006;
/// Free Sudoku cells start uniform in `[SUDOKU_FREE_LO, 1)`. Less confident inputs make no
/// test: with 20 neighbours the soft Sudoku program's domains collapse super-exponentially (free
/// cells uniform in [0.9, 1) reach exactly 0.0 in f64 within 8 rounds on tdoku_17_clue's first
/// puzzle), and the loss and gradient would be constants.
const SUDOKU_FREE_LO: f32 = 0.99;
/// Correctness tolerances of the JAX check: the largest absolute gradient difference divided by
/// the largest absolute gradient (a max-norm relative error), and the relative loss difference.
const TOL_F64: f64 = 1e-9;
const TOL_F32: f64 = 1e-4;

/// Sudoku files of `data/sudoku` and the tdoku dataset (and tdoku's published
/// single-core puzzles/s on it, i7-1065G7, clang-11 -O3 -march=native, full file) each
/// corresponds to, from `data/README.md`.
pub(crate) const SUDOKU_FILES: &[(&str, &str, f64)] = &[
    ("kaggle_bryanpark.csv", "puzzles0_kaggle", 1_161_379.5),
    ("tdoku_unbiased.txt", "puzzles1_unbiased", 398_282.7),
    ("tdoku_17_clue.txt", "puzzles2_17_clue", 364_354.6),
    ("royle_17_clue.txt", "puzzles2_17_clue", 364_354.6),
    ("tdoku_magictour_top1465.txt", "puzzles3_magictour_top1465", 137_579.5),
    ("tdoku_forum_hardest_1905_11plus.txt", "puzzles5_forum_hardest_1905_11+", 24_001.7),
    ("tdoku_forum_hardest_1106.txt", "puzzles6_forum_hardest_1106", 15_383.8),
    ("tdoku_serg_benchmark.txt", "puzzles7_serg_benchmark", 506_901.5),
];

/// Colouring graphs timed at their chromatic number (README table of `graph_coloring/`).
const GRAPHS: &[(&str, usize)] = &[
    ("myciel5.col", 6),
    ("queen6_6.col", 7),
    ("queen7_7.col", 7),
    ("games120.col", 9),
    ("miles250.col", 8),
    ("anna.col", 11),
    ("DSJC125.1.col", 5),
    ("le450_5a.col", 5),
    ("le450_15a.col", 15),
    ("le450_15b.col", 15),
    ("le450_25a.col", 25),
    ("myciel6.col", 7),
    ("queen8_12.col", 12),
    ("DSJR500.1.col", 12),
    ("school1_nsh.col", 14),
    // Open for both solvers within 30 s (shows the limit).
    ("queen10_10.col", 11),
];

/// Soft-propagation cases: (network, batch sizes).
const SOFT_CASES: &[(SoftNet, &[usize])] = &[(SoftNet::Sudoku, &[1, 64, 256]), (SoftNet::Le450_15a, &[1, 64, 256])];
/// The first JAX peer (`gather`) runs only where batch x arcs is at most this (Sudoku at B = 256):
/// it materialises [B, I, W, W] and takes many seconds per call beyond (le450_15a: about 9
/// instance-rounds/s at B = 1, 200 times slower than the log-space forms).
const GATHER_MAX_WORK: usize = 256 * 1620;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SoftNet {
    Sudoku,
    Le450_15a,
}

impl SoftNet {
    fn name(self) -> &'static str {
        match self {
            SoftNet::Sudoku => "sudoku",
            SoftNet::Le450_15a => "le450_15a",
        }
    }
    fn parse(s: &str) -> Result<SoftNet> {
        match s {
            "sudoku" => Ok(SoftNet::Sudoku),
            "le450_15a" => Ok(SoftNet::Le450_15a),
            _ => bail!("unknown soft network `{s}` (sudoku, le450_15a)"),
        }
    }
}

/// The hook for `bench.rs`: `Some(result)` when `args[0]` names one of this module's
/// sub-benchmarks (or the worker), `None` otherwise.
pub fn dispatch(args: &[String]) -> Option<Result<()>> {
    let first = args.first()?.as_str();
    if first == WORKER {
        return Some(worker::run(&args[1..]));
    }
    if SUBCOMMANDS.contains(&first) {
        return Some(driver(first, &args[1..]));
    }
    None
}

/// One line per sub-benchmark, for `cargo xtask bench` help texts.
pub const HELP: &str =
    "  soft     soft propagation K=8 forward+backward (f32; Sudoku also with the soft group rule), forward (f32, Q1.15), straight-through; vs JAX
  hard     Sudoku files and colouring graphs at their chromatic number; vs OR-Tools CP-SAT, tdoku (published)
  gumbel   Gumbel-Softmax relaxed samples per second; vs JAX
  hw       hardware model: engine clocks/round under Verilator (Sudoku, hard and soft), throughput at Fmax
  memory   peak resident memory of each softmask benchmark (softmask side only, no peers)
  all      soft, hard, gumbel, hw, then the memory table of those runs
  options: --puzzles N (first N of each Sudoku file, default 100), --min-seconds S (timing loop, default 1),
           --graph-seconds S (time limit per colouring graph, default 30)";

#[derive(Clone, Debug)]
struct Opts {
    puzzles: usize,
    min_seconds: f64,
    graph_seconds: f64,
}

impl Opts {
    fn parse(args: &[String]) -> Result<Opts> {
        let mut o = Opts { puzzles: 100, min_seconds: 1.0, graph_seconds: 30.0 };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut val = || it.next().with_context(|| format!("{a} needs a value"));
            match a.as_str() {
                "--puzzles" => o.puzzles = val()?.parse().context("--puzzles")?,
                "--min-seconds" => o.min_seconds = val()?.parse().context("--min-seconds")?,
                "--graph-seconds" => o.graph_seconds = val()?.parse().context("--graph-seconds")?,
                _ => bail!("unknown option `{a}`\n{HELP}"),
            }
        }
        if o.puzzles == 0 {
            bail!("--puzzles must be at least 1");
        }
        Ok(o)
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits in the workspace").to_path_buf()
}

fn data_dir() -> PathBuf {
    root().join("data")
}

fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) => {
            let d = PathBuf::from(d);
            if d.is_absolute() {
                d
            } else {
                root().join(d)
            }
        }
        None => root().join("target"),
    }
}

fn venv_dir() -> PathBuf {
    std::env::var_os("SOFTMASK_PEERS_VENV").map(PathBuf::from).unwrap_or_else(|| root().join("target/peers-venv"))
}

fn work_dir() -> Result<PathBuf> {
    let d = target_dir().join("bench-peers");
    std::fs::create_dir_all(&d).with_context(|| format!("creating {}", d.display()))?;
    Ok(d)
}

/// Peak RSS of each softmask child, in the order run.
type MemLog = Vec<(String, u64)>;

fn driver(which: &str, args: &[String]) -> Result<()> {
    let opts = Opts::parse(args)?;
    let peers = !matches!(which, "memory" | "hw");
    println!("== cargo xtask bench {which} ==");
    build_release()?;
    if peers {
        setup_peers()?;
    }
    print_machine();
    let mut mem = MemLog::new();
    match which {
        "soft" => soft(&opts, peers, &mut mem)?,
        "hard" => hard(&opts, peers, &mut mem)?,
        "gumbel" => gumbel(&opts, peers, &mut mem)?,
        "hw" => hw::table(&mut mem)?,
        "memory" | "all" => {
            soft(&opts, peers, &mut mem)?;
            hard(&opts, peers, &mut mem)?;
            gumbel(&opts, peers, &mut mem)?;
            hw::table(&mut mem)?;
        }
        _ => unreachable!("dispatch checked the name"),
    }
    print_memory(&mem);
    Ok(())
}

fn build_release() -> Result<()> {
    println!("building xtask (release) for the softmask side ...");
    crate::run_cmd(Command::new("cargo").current_dir(root()).args(["build", "--release", "--quiet", "-p", "xtask"]))
}

fn setup_peers() -> Result<()> {
    crate::run_cmd(Command::new("sh").arg(root().join("bench/peers/setup.sh")).env("SOFTMASK_PEERS_VENV", venv_dir()))
        .context("creating the peers' Python environment (bench/peers/setup.sh; needs python3 >= 3.11 and PyPI)")
}

fn print_machine() {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "machine: {cpu}, {cores} cores available; load average {} (other processes share these cores: figures are noisy)",
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    );
    println!(
        "threads: softmask uses {} threads over the batch / puzzle list where marked `2T`; `1T` is one thread",
        cores.min(2)
    );
}

/// Runs a release worker job and returns its JSON output.
fn run_worker(mem: &mut MemLog, label: &str, job: &[&str]) -> Result<Value> {
    let bin = target_dir().join("release/xtask");
    let out = Command::new(&bin)
        .arg("bench")
        .arg(WORKER)
        .args(job)
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("starting {}", bin.display()))?;
    if !out.status.success() {
        bail!("softmask worker {job:?} failed with {}", out.status);
    }
    let v: Value = serde_json::from_slice(&out.stdout).with_context(|| format!("worker {job:?} output"))?;
    if let Some(kb) = v["peak_rss_kb"].as_u64() {
        mem.push((label.to_string(), kb));
    }
    Ok(v)
}

/// Runs a peer script with the venv's Python and returns its JSON output.
fn run_peer(script: &str, args: &[String]) -> Result<Value> {
    let py = venv_dir().join("bin/python");
    let out = Command::new(&py)
        .arg(root().join("bench/peers").join(script))
        .args(args)
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("starting {}", py.display()))?;
    if !out.status.success() {
        bail!("peer {script} {args:?} failed with {}", out.status);
    }
    serde_json::from_slice(&out.stdout).with_context(|| format!("peer {script} output"))
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

/// Number with thousands separators and a sensible number of decimals.
fn num(x: f64) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    let digits = if x >= 100.0 {
        0
    } else if x >= 1.0 {
        1
    } else {
        3
    };
    let s = format!("{x:.digits$}");
    let (int, frac) = s.split_once('.').map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(fr) = frac {
        out.push('.');
        out.push_str(fr);
    }
    out
}

fn ratio(a: f64, b: f64) -> String {
    if a.is_finite() && b.is_finite() && b > 0.0 {
        format!("{:.2}x", a / b)
    } else {
        "-".into()
    }
}

// ---------------------------------------------------------------------------------------------
// Soft propagation

/// This core's f32 peak, from /proc/cpuinfo: clock x f32 lanes per vector x FMA ports x 2 flops.
struct Peak {
    ghz: f64,
    lanes: usize,
    ports: usize,
    flops: f64,
}

impl Peak {
    fn detect() -> Peak {
        let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let ghz = info
            .lines()
            .find(|l| l.starts_with("cpu MHz"))
            .and_then(|l| l.split(':').nth(1)?.trim().parse::<f64>().ok())
            .map_or(f64::NAN, |mhz| mhz / 1000.0);
        let flags: Vec<&str> =
            info.lines().find(|l| l.starts_with("flags")).map(|l| l.split_whitespace().collect()).unwrap_or_default();
        let has = |f: &str| flags.contains(&f);
        // Two FMA pipes on every AVX2 / AVX-512 core of the kind (Xeon Scalable Gold/Platinum and
        // later, Zen); the /proc/cpuinfo flags cannot tell a one-port AVX-512 part.
        let (lanes, ports) = if has("avx512f") {
            (16, 2)
        } else if has("avx2") && has("fma") {
            (8, 2)
        } else {
            (4, 2)
        };
        Peak { ghz, lanes, ports, flops: ghz * 1e9 * lanes as f64 * ports as f64 * 2.0 }
    }

    fn describe(&self) -> String {
        format!(
            "{:.1} GFLOP/s per core ({:.2} GHz /proc/cpuinfo clock x {} f32 lanes x {} FMA ports x 2 flops)",
            self.flops * 1e-9,
            self.ghz,
            self.lanes,
            self.ports
        )
    }
}

fn soft(opts: &Opts, peers: bool, mem: &mut MemLog) -> Result<()> {
    let peak = Peak::detect();
    println!("\n## Soft propagation, K = {K}, survival loss -sum ln(sum_a d^K + {LOSS_EPS:e}); instance-rounds/s");
    println!("   inputs: ChaCha8 seed {SEED:#x}; Sudoku = first B puzzles of tdoku_17_clue.txt, givens one-hot, free");
    println!("   cells uniform f32 in [{SUDOKU_FREE_LO}, 1) (less confident inputs collapse to 0 within K rounds);");
    println!("   le450_15a (k = 15) = every cell uniform in [0, 1). The same f32-representable inputs on both sides.");
    let dir = work_dir()?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cpu_rows: Vec<Vec<String>> = Vec::new();
    let mut peer_rows: Vec<Vec<String>> = Vec::new();
    for &(net, batches) in SOFT_CASES {
        for &b in batches {
            let tag = format!("{}-b{b}", net.name());
            let input = dir.join(format!("soft-{tag}.json"));
            let ours = dir.join(format!("soft-{tag}.softmask.json"));
            let exp = run_worker(
                &mut Vec::new(),
                "export",
                &["soft-export", net.name(), &b.to_string(), &path_str(&input)?, &path_str(&ours)?],
            )?;
            let shape = format!("{} vars, {} arcs, width {}", exp["vars"], exp["instructions"], exp["width"]);
            let arcs = exp["instructions"].as_u64().unwrap_or(u64::MAX) as usize;
            let variant_args: Vec<String> = if b.saturating_mul(arcs) > GATHER_MAX_WORK {
                ["log-matmul", "log-segment"].iter().flat_map(|v| ["--variant".to_string(), v.to_string()]).collect()
            } else {
                Vec::new()
            };
            if peers {
                let mut args = vec!["--input".to_string(), path_str(&input)?];
                args.extend(variant_args.iter().cloned());
                let theirs = run_peer("soft_jax.py", &args)?;
                let ours_v: Value = serde_json::from_slice(&std::fs::read(&ours)?)?;
                let variants = theirs["check"].as_object().context("peer output without checks")?;
                if variants.is_empty() {
                    bail!("{tag}: the JAX peer checked no formulation");
                }
                for (variant, check) in variants {
                    let report = check_soft(&ours_v, check)
                        .with_context(|| format!("{tag}: softmask and JAX ({variant}) disagree"))?;
                    println!("   check {tag} ({shape}) JAX {variant}: {report}");
                }
            }
            let t = run_worker(
                mem,
                &format!("soft {tag}"),
                &["soft-time", net.name(), &b.to_string(), &opts.min_seconds.to_string()],
            )?;
            let jax = if peers {
                let mut args = vec![
                    "--input".into(),
                    path_str(&input)?,
                    "--time".into(),
                    "--min-seconds".into(),
                    opts.min_seconds.to_string(),
                ];
                args.extend(variant_args.iter().cloned());
                Some(run_peer("soft_jax.py", &args)?)
            } else {
                None
            };
            // Every JAX formulation's figures; the rows below compare with the fastest one.
            let timings: Vec<(String, Value)> = jax
                .as_ref()
                .and_then(|j| j["timing"].as_object())
                .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default();
            let best = |key: &str| -> (f64, String) {
                timings
                    .iter()
                    .map(|(name, t)| (f(&t[key]), name.clone()))
                    .filter(|(x, _)| x.is_finite())
                    .fold((f64::NAN, "-".to_string()), |acc, c| if acc.0.is_nan() || c.0 > acc.0 { c } else { acc })
            };
            let (jfb, jfb_name) = best("fwd_bwd_instance_rounds_per_s");
            let (jf, jf_name) = best("fwd_instance_rounds_per_s");
            let (jax_cpu, _) = best("fwd_bwd_instance_rounds_per_cpu_s");
            let threads = t["threads"].as_u64().unwrap_or(1);
            let bt = t["batch_threads"].as_u64().unwrap_or(1);
            let engine = t["engine"].as_str().unwrap_or("?").to_string();
            let lanes_engine = t["lanes_engine"].as_str().unwrap_or("?").to_string();
            let s = |k: &str| f(&t[k]);
            let arch = t["arch"].as_str().unwrap_or("?").to_string();
            let (flops_fb, flops_f) = (s("useful_flops_fwd_bwd"), s("useful_flops_fwd"));
            // `flops`: useful f32 operations per instance-round (None: integer rows); `cores`: threads used.
            let mut row = |what: String, key: &str, peer: f64, peer_name: &str, flops: Option<f64>, cores: u64| {
                let (gf, share) = match flops.filter(|_| s(key).is_finite()) {
                    Some(fl) => {
                        let rate = s(key) * fl;
                        (format!("{:.2}", rate * 1e-9), format!("{:.1}%", 100.0 * rate / (peak.flops * cores as f64)))
                    }
                    None => ("-".into(), "-".into()),
                };
                rows.push(vec![
                    tag.clone(),
                    what,
                    num(s(key)),
                    format!("{} ({peer_name})", num(peer)),
                    ratio(s(key), peer),
                    gf,
                    share,
                ]);
            };
            let (fb, fw) = (Some(flops_fb), Some(flops_f));
            let summed = format!(
                "pair-summed, grads within {:.1e} of SoftGrad, {}/{} cells' bits differ",
                f(&exp["pair_summed_max_rel_diff_f32"]),
                exp["pair_summed_cells_differ_f32"],
                exp["pair_summed_cells"]
            );
            row(format!("f32 fwd+bwd batched {bt}T ({engine}, {arch})"), "f32_fwd_bwd_mt", jfb, &jfb_name, fb, bt);
            if bt > 1 {
                row(format!("f32 fwd+bwd batched 1T ({engine}, {arch})"), "f32_fwd_bwd_1t", jfb, &jfb_name, fb, 1);
            }
            row(format!("f32 fwd+bwd batched {bt}T ({summed})"), "f32_fwd_bwd_summed_mt", jfb, &jfb_name, fb, bt);
            if bt > 1 {
                row("f32 fwd+bwd batched 1T (pair-summed)".into(), "f32_fwd_bwd_summed_1t", jfb, &jfb_name, fb, 1);
            }
            let portable = t["portable_arch"].as_str().unwrap_or("?");
            row(
                format!("f32 fwd+bwd batched {bt}T ({engine}, {portable})"),
                "f32_fwd_bwd_portable_mt",
                jfb,
                &jfb_name,
                fb,
                bt,
            );
            row(
                format!("f32 fwd+bwd {threads}T ({lanes_engine})"),
                "f32_fwd_bwd_lanes_mt",
                jfb,
                &jfb_name,
                fb,
                threads,
            );
            row(
                format!("f32 fwd+bwd per instance (SoftGrad) {threads}T"),
                "f32_fwd_bwd_ref_mt",
                jfb,
                &jfb_name,
                fb,
                threads,
            );
            if net == SoftNet::Sudoku {
                let what = "f32 fwd+bwd batched, soft group rule after each round";
                row(format!("{what} {bt}T (JAX: pairwise)"), "f32_fwd_bwd_groups_mt", jfb, &jfb_name, None, bt);
                row(
                    format!("{what}, residual + naked singles {bt}T (JAX: pairwise)"),
                    "f32_fwd_bwd_groups_naked_mt",
                    jfb,
                    &jfb_name,
                    None,
                    bt,
                );
            }
            row(format!("f32 fwd batched {bt}T"), "f32_fwd_mt", jf, &jf_name, fw, bt);
            row(format!("Q1.15 fwd batched {bt}T (JAX: f32 fwd)"), "fixed_fwd_mt", jf, &jf_name, None, bt);
            row(
                format!("ST hard fwd + Q16.16 bwd {threads}T (JAX: f32 fwd+bwd)"),
                "st_mt",
                jfb,
                &jfb_name,
                None,
                threads,
            );
            for (name, jt) in &timings {
                let (fb, fw) = (f(&jt["fwd_bwd_instance_rounds_per_s"]), f(&jt["fwd_instance_rounds_per_s"]));
                peer_rows.push(vec![
                    tag.clone(),
                    name.clone(),
                    num(fb),
                    num(fw),
                    num(f(&jt["fwd_bwd_instance_rounds_per_cpu_s"])),
                    format!("{:.1}", f(&jt["first_call_seconds"])),
                    ratio(s("f32_fwd_bwd_mt"), fb),
                ]);
            }
            let ours_cpu = s("f32_fwd_bwd_mt_per_cpu_s");
            let summed_cpu = s("f32_fwd_bwd_summed_mt_per_cpu_s");
            cpu_rows.push(vec![
                tag.clone(),
                format!("f32 fwd+bwd batched {bt}T (pair-summed)"),
                num(summed_cpu),
                num(jax_cpu),
                ratio(summed_cpu, jax_cpu),
            ]);
            cpu_rows.push(vec![
                tag.clone(),
                format!("f32 fwd+bwd batched {bt}T"),
                num(ours_cpu),
                num(jax_cpu),
                ratio(ours_cpu, jax_cpu),
            ]);
        }
    }
    print_table(
        &[
            "case",
            "softmask computation",
            "softmask inst-rounds/s",
            "fastest JAX inst-rounds/s",
            "softmask/JAX",
            "useful GFLOP/s",
            "of peak",
        ],
        &rows,
    );
    println!(
        "   useful GFLOP/s: the f32 multiplies, adds and subtractions of the least arithmetic known for the function"
    );
    println!(
        "   (pair-shared forward, pair-summed backward; padding lanes and repeated work not counted), the same count"
    );
    println!(
        "   for every fwd+bwd row of a case, times its instance-rounds/s; `of peak` divides by {} x the cores the row",
        peak.describe()
    );
    println!("   uses. No kernel may use FMA (it changes the rounding), so half the peak is the attainable ceiling.");
    println!(
        "   '-': not measured (the per-instance reference and batch chunks take minutes per call on the largest cases)."
    );
    println!(
        "   JAX: the fastest of its formulations below for each case and row (fwd+bwd and fwd chosen separately), jit,"
    );
    println!("   float32, CPU (XLA uses both cores). JAX has no Q1.15 or straight-through");
    println!("   version: those rows compare with JAX's float32 figure for the same shapes (its cost does not depend on values).");
    println!(
        "   1 instance-round = one Jacobi round of the whole program on one instance (fwd+bwd: forward and backward)."
    );
    println!("   batched = semiring_core::batch: up to 64 values per domain, value vectors (one instance at a time, a");
    println!("   domain's values as vector lanes, noisy-OR chains once per (source, relation) pair; instances over");
    println!("   threads); batch chunks = chunks of L instances side by side, kept as a row for comparison. Both are");
    println!(
        "   bit-identical to the per-instance SoftGrad / interp::round (checked on these inputs before the JAX check)."
    );
    println!(
        "\n   JAX formulations (bench/peers/soft_jax.py), each checked against softmask as above before it is timed:"
    );
    println!(
        "   gather = the first peer (dense [I, W, W] relation gather, products over axes, vmap); log-matmul = noisy-OR"
    );
    println!("   as 1 - exp(log(1 - d) R^T) and the per-target product as exp(A log s) with the [N, N] arc-count matrix A, both");
    println!("   matmuls over the whole batch; log-segment = the same with the per-target sum as a gather + segment_sum. Exact");
    println!("   zeros (d = 1, s = 0) are counted in a separate channel with the product's exact VJP (no clamp, no epsilon).");
    print_table(
        &[
            "case",
            "JAX formulation",
            "fwd+bwd inst-rounds/s",
            "fwd inst-rounds/s",
            "fwd+bwd inst-rounds/CPU-s",
            "first call s",
            "softmask batched fwd+bwd / it",
        ],
        &peer_rows,
    );
    println!("\n   The same forward+backward per CPU second (user + system of the whole process, all threads): work");
    println!("   per unit of CPU, which other processes on the machine do not stretch (the wall figures above do).");
    print_table(
        &["case", "softmask computation", "softmask inst-rounds/CPU-s", "JAX inst-rounds/CPU-s", "softmask/JAX"],
        &cpu_rows,
    );
    Ok(())
}

fn path_str(p: &Path) -> Result<String> {
    p.to_str().map(str::to_string).with_context(|| format!("non-UTF-8 path {}", p.display()))
}

/// Compares softmask's and one JAX formulation's loss and gradients in f64 and f32 (`theirs` is
/// that formulation's `check` object).
fn check_soft(ours: &Value, theirs: &Value) -> Result<String> {
    let mut parts = Vec::new();
    for (dt, tol) in [("f64", TOL_F64), ("f32", TOL_F32)] {
        let (a, b) = (&ours[dt], &theirs[dt]);
        let (la, lb) = (f(&a["loss"]), f(&b["loss"]));
        let lerr = (la - lb).abs() / la.abs().max(1e-30);
        let flat = |v: &Value| -> Vec<f64> {
            v.as_array().into_iter().flatten().flat_map(|r| r.as_array().into_iter().flatten().map(f)).collect()
        };
        let (ga, gb) = (flat(&a["grad"]), flat(&b["grad"]));
        if ga.len() != gb.len() || ga.is_empty() {
            bail!("{dt}: gradient sizes differ: softmask {} cells, JAX {}", ga.len(), gb.len());
        }
        let scale = ga.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        let (mut worst, mut at) = (0.0f64, 0);
        for (i, (x, y)) in ga.iter().zip(&gb).enumerate() {
            // A NaN difference counts as infinitely wrong.
            let d = if (x - y).is_nan() { f64::INFINITY } else { (x - y).abs() };
            if d > worst {
                worst = d;
                at = i;
            }
        }
        let gerr = worst / scale.max(1e-30);
        let nonzero = ga.iter().filter(|x| **x != 0.0).count();
        if nonzero == 0 {
            bail!("{dt}: softmask's gradient is all zero: the inputs make no test");
        }
        if !(lerr <= tol && gerr <= tol) {
            bail!(
                "{dt}: loss {la} vs {lb} (rel {lerr:.2e}); gradient max-norm rel error {gerr:.2e} at cell {at} \
                 ({} vs {}); tolerance {tol:e}",
                ga[at],
                gb[at]
            );
        }
        parts.push(format!(
            "{dt} loss {la:.6e} rel {lerr:.1e}, grad max-norm rel {gerr:.1e} (tol {tol:.0e}), {nonzero}/{} cells nonzero",
            ga.len()
        ));
    }
    Ok(format!("OK: {}", parts.join("; ")))
}

// ---------------------------------------------------------------------------------------------
// Hard solving

fn hard(opts: &Opts, peers: bool, mem: &mut MemLog) -> Result<()> {
    let n = opts.puzzles;
    println!("\n## Hard solving: Sudoku, first {n} puzzles of each file; puzzles/s (every solution checked)");
    println!(
        "   softmask: DFS (dom/wdeg-conflict) + arc consistency + all-different group reasoning (semiring_core::groups: pigeonhole,"
    );
    println!(
        "   hidden singles, intersections over groups detected as cliques of != arcs), compile once per file, first solution;"
    );
    println!("   'AC only' = the same search without group reasoning (softmask solve --no-groups).");
    println!("   CP-SAT: one model per puzzle (AllDifferent rows/cols/boxes + givens), model build + Solve timed.");
    let sud = data_dir().join("sudoku");
    let mut rows = Vec::new();
    let mut cps1 = None;
    let mut cps2 = None;
    if peers {
        let files: Vec<String> = SUDOKU_FILES.iter().map(|(f, _, _)| path_str(&sud.join(f))).collect::<Result<_>>()?;
        let mut a1 = vec!["sudoku".to_string(), "--workers".into(), "1".into(), "--limit".into(), n.to_string()];
        a1.extend(files.iter().cloned());
        cps1 = Some(run_peer("cpsat.py", &a1)?);
        let mut a2 = a1.clone();
        a2[2] = "2".into();
        cps2 = Some(run_peer("cpsat.py", &a2)?);
    }
    for (i, (file, tdoku_name, tdoku)) in SUDOKU_FILES.iter().enumerate() {
        let path = path_str(&sud.join(file))?;
        let one = run_worker(
            mem,
            &format!("hard sudoku {file} 1T"),
            &["hard-sudoku", &path, &n.to_string(), "1", &opts.min_seconds.to_string()],
        )?;
        let two = run_worker(
            mem,
            &format!("hard sudoku {file} 2T"),
            &["hard-sudoku", &path, &n.to_string(), "2", &opts.min_seconds.to_string()],
        )?;
        let ac = run_worker(
            mem,
            &format!("hard sudoku {file} 1T AC only"),
            &["hard-sudoku", &path, &n.to_string(), "1", &opts.min_seconds.to_string(), "ac"],
        )?;
        // tdoku's figures are for whole files: softmask on this whole file as well.
        let whole = run_worker(
            mem,
            &format!("hard sudoku {file} 1T whole file"),
            &["hard-sudoku", &path, &usize::MAX.to_string(), "1", &opts.min_seconds.to_string()],
        )?;
        let c1 = cps1.as_ref().map_or(f64::NAN, |c| f(&c["files"][i]["puzzles_per_s"]));
        let c2 = cps2.as_ref().map_or(f64::NAN, |c| f(&c["files"][i]["puzzles_per_s"]));
        let (s1, s2) = (f(&one["puzzles_per_s"]), f(&two["puzzles_per_s"]));
        rows.push(vec![
            file.trim_end_matches(".txt").trim_end_matches(".csv").to_string(),
            one["puzzles"].to_string(),
            num(f(&one["mean_nodes"])),
            num(s1),
            num(c1),
            ratio(s1, c1),
            num(s2),
            num(c2),
            ratio(s2, c2),
            format!("{} ({})", num(f(&whole["puzzles_per_s"])), whole["puzzles"]),
            format!("{} ({tdoku_name})", num(*tdoku)),
            ratio(f(&whole["puzzles_per_s"]), *tdoku),
            num(f(&ac["mean_nodes"])),
            num(f(&ac["puzzles_per_s"])),
        ]);
    }
    print_table(
        &[
            "file",
            "N",
            "mean nodes",
            "softmask 1T p/s",
            "CP-SAT 1w p/s",
            "ratio",
            "softmask 2T p/s",
            "CP-SAT 2w p/s",
            "ratio",
            "softmask 1T p/s whole file (N)",
            "tdoku p/s PUBLISHED, not measured",
            "whole file/tdoku",
            "AC only mean nodes",
            "AC only 1T p/s",
        ],
        &rows,
    );
    println!(
        "   tdoku: published single-core figures (i7-1065G7, clang-11 -O3 -march=native) on its FULL files, set against"
    );
    println!("   softmask on the whole file here (a sample of tdoku's; data/README.md). Not measured here, other");
    println!("   machine: the ratio is indicative only.");

    println!("\n## Hard solving: graph colouring at the chromatic number k; seconds to the first colouring (checked edge by edge)");
    println!("   time limit {} s per graph and solver; softmask: DFS (dom/wdeg-conflict from vertex degrees, ascending colours) + worklist AC + group reasoning on k-cliques (as softmask solve), no symmetry breaking", opts.graph_seconds);
    let gdir = data_dir().join("graph_coloring");
    let mut specs = Vec::new();
    for (g, k) in GRAPHS {
        specs.push(format!("{}:{k}", path_str(&gdir.join(g))?));
    }
    let cp = if peers {
        let mut a = vec![
            "color".to_string(),
            "--workers".into(),
            "1".into(),
            "--time-limit".into(),
            opts.graph_seconds.to_string(),
        ];
        a.extend(specs.iter().cloned());
        Some(run_peer("cpsat.py", &a)?)
    } else {
        None
    };
    let mut rows = Vec::new();
    for (i, (g, k)) in GRAPHS.iter().enumerate() {
        let path = path_str(&gdir.join(g))?;
        let r = run_worker(
            mem,
            &format!("hard colour {g}"),
            &["hard-color", &path, &k.to_string(), &opts.graph_seconds.to_string()],
        )?;
        let ours = if r["solved"].as_bool() == Some(true) { f(&r["seconds"]) } else { f64::NAN };
        let (theirs, cstatus) = match &cp {
            Some(c) => {
                let row = &c["graphs"][i];
                let t = if row["solved"].as_bool() == Some(true) { f(&row["seconds"]) } else { f64::NAN };
                (t, row["status"].as_str().unwrap_or("?").to_string())
            }
            None => (f64::NAN, "-".into()),
        };
        rows.push(vec![
            g.trim_end_matches(".col").to_string(),
            format!("{}/{}", r["vertices"], r["edges"]),
            k.to_string(),
            if r["solved"].as_bool() == Some(true) {
                format!("{:.4}", ours)
            } else {
                format!("timeout ({})", r["status"].as_str().unwrap_or(""))
            },
            r["nodes"].to_string(),
            if theirs.is_finite() { format!("{theirs:.4}") } else { cstatus },
            ratio(theirs, ours),
        ]);
    }
    print_table(
        &["graph", "V/E", "k", "softmask 1T s", "softmask nodes", "CP-SAT 1w s", "CP-SAT s / softmask s"],
        &rows,
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Gumbel sampling

fn gumbel(opts: &Opts, peers: bool, mem: &mut MemLog) -> Result<()> {
    println!("\n## Gumbel-Softmax relaxed samples: softmax((logits + Gumbel)/tau), tau = 0.5, Sudoku shape 81 x 9");
    println!("   one sample = one relaxed one-hot for every variable of one instance; samples/s");
    let mut rows = Vec::new();
    let mut arch = String::new();
    for b in [1usize, 64, 256] {
        let t = run_worker(
            mem,
            &format!("gumbel b{b}"),
            &["gumbel", &b.to_string(), "81", "9", &opts.min_seconds.to_string()],
        )?;
        let (j64, j32) = if peers {
            let args = |dt: &str| {
                vec![
                    "--gumbel".to_string(),
                    "--batch".into(),
                    b.to_string(),
                    "--vars".into(),
                    "81".into(),
                    "--width".into(),
                    "9".into(),
                    "--dtype".into(),
                    dt.into(),
                    "--min-seconds".into(),
                    opts.min_seconds.to_string(),
                ]
            };
            (
                f(&run_peer("soft_jax.py", &args("float64"))?["instances_per_s"]),
                f(&run_peer("soft_jax.py", &args("float32"))?["instances_per_s"]),
            )
        } else {
            (f64::NAN, f64::NAN)
        };
        let t32 = run_worker(
            mem,
            &format!("gumbel32 b{b}"),
            &["gumbel32", &b.to_string(), "81", "9", &opts.min_seconds.to_string()],
        )?;
        arch = t32["arch"].as_str().unwrap_or("?").to_string();
        let threads = t["threads"].as_u64().unwrap_or(1);
        let (s, s32) = (f(&t["instances_per_s"]), f(&t32["instances_per_s"]));
        rows.push(vec![
            format!("b{b}"),
            format!("{} ({threads}T)", num(s)),
            num(j64),
            ratio(s, j64),
            format!("{} ({threads}T)", num(s32)),
            num(j32),
            ratio(s32, j32),
        ]);
    }
    print_table(
        &[
            "batch",
            "softmask f64 samples/s",
            "JAX f64",
            "softmask/JAX f64",
            "softmask f32 vectorised",
            "JAX f32",
            "softmask f32/JAX f32",
        ],
        &rows,
    );
    println!("   softmask f64: semiring_core::relax::GumbelSoftmax::sample per variable (the reference: ChaCha8 noise, libm ln/exp).");
    println!("   softmask f32: semiring_core::gumbel::GumbelSoftmax32, all 81 rows of an instance per call, polynomial ln/exp");
    println!("   (rel. error < 2.5e-7) vectorised on {arch}; JAX: jax.random.gumbel + jax.nn.softmax, jit, same shape and tau.");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Output

fn print_memory(mem: &MemLog) {
    if mem.is_empty() {
        return;
    }
    println!("\n## Peak resident memory of each softmask benchmark process (VmHWM; includes inputs and the binary)");
    let rows: Vec<Vec<String>> =
        mem.iter().map(|(l, kb)| vec![l.clone(), format!("{:.1}", *kb as f64 / 1024.0)]).collect();
    print_table(&["softmask benchmark", "peak RSS MiB"], &rows);
}

fn print_table(header: &[&str], rows: &[Vec<String>]) {
    let mut w: Vec<usize> = header.iter().map(|h| h.len()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            w[i] = w[i].max(c.len());
        }
    }
    let line = |cells: Vec<String>| {
        let s: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| if i == 0 { format!("{c:<0$}", w[i]) } else { format!("{c:>0$}", w[i]) })
            .collect();
        println!("| {} |", s.join(" | "));
    };
    line(header.iter().map(|s| s.to_string()).collect());
    println!("|{}|", w.iter().map(|n| "-".repeat(n + 2)).collect::<Vec<_>>().join("|"));
    for r in rows {
        line(r.clone());
    }
}

#[path = "bench_hw.rs"]
mod hw;

pub(crate) mod worker {
    //! The softmask side of every measurement, run in a release child process. Each job prints
    //! one JSON document ending with the process's peak resident memory.

    use super::{SoftNet, GATHER_MAX_WORK, K, LOSS_EPS, SEED, SUDOKU_FREE_LO};
    use anyhow::{bail, Context, Result};
    use host::formats::{self, Format, Problem, ReadOptions};
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;
    use semiring_core::batch::{BatchProgram, Engine};
    use semiring_core::grad::{Memory, Real, SoftGrad};
    use semiring_core::groups::{Grouped, Groups};
    use semiring_core::gumbel::GumbelSoftmax32;
    use semiring_core::relax::{GumbelSoftmax, Noise};
    use semiring_core::soft_groups::SoftGroups;
    use semiring_core::soft_groups_batch::GroupedBatch;
    use semiring_core::solver::{degrees, search_with, Ascending, Branching, SearchLimits, Worklist};
    use semiring_core::st_fixed::{st_backward_fixed, to_q16_16};
    use semiring_core::{round, Boolean, Constraint, Domains, Fixed, Network, Prob, Program, RelationSpec, Q15};
    use serde_json::{json, Value};
    use std::hint::black_box;
    use std::path::Path;
    use std::time::{Duration, Instant};

    pub fn run(args: &[String]) -> Result<()> {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut out = match a.as_slice() {
            ["soft-export", net, b, input, ours] => {
                soft_export(SoftNet::parse(net)?, b.parse()?, Path::new(input), Path::new(ours))?
            }
            ["soft-time", net, b, secs] => soft_time(SoftNet::parse(net)?, b.parse()?, secs.parse()?)?,
            // Only the batched f32 forward+backward, for `perf record` (see bench/README.md).
            ["soft-profile", net, b, threads, secs] => {
                soft_profile(SoftNet::parse(net)?, b.parse()?, threads.parse()?, secs.parse()?, "")?
            }
            ["soft-profile", net, b, threads, secs, mode @ ("portable" | "summed")] => {
                soft_profile(SoftNet::parse(net)?, b.parse()?, threads.parse()?, secs.parse()?, mode)?
            }
            ["hard-sudoku", file, n, threads, secs] => {
                hard_sudoku(Path::new(file), n.parse()?, threads.parse()?, secs.parse()?, true)?
            }
            ["hard-sudoku", file, n, threads, secs, "ac"] => {
                hard_sudoku(Path::new(file), n.parse()?, threads.parse()?, secs.parse()?, false)?
            }
            ["hard-color", file, k, secs] => hard_color(Path::new(file), k.parse()?, secs.parse()?)?,
            ["hw-sim", file] => super::hw::worker::hw_sim(file)?,
            ["hw-spatial", secs] => super::hw::worker::hw_spatial(secs.parse()?)?,
            ["gumbel", b, n, w, secs] => gumbel(b.parse()?, n.parse()?, w.parse()?, secs.parse()?)?,
            ["gumbel32", b, n, w, secs] => gumbel32(b.parse()?, n.parse()?, w.parse()?, secs.parse()?)?,
            _ => bail!("unknown worker job {args:?}"),
        };
        out["peak_rss_kb"] = json!(peak_rss_kb()?);
        println!("{out}");
        Ok(())
    }

    /// `VmHWM` of this process, in kB.
    fn peak_rss_kb() -> Result<u64> {
        let s = std::fs::read_to_string("/proc/self/status").context("reading /proc/self/status")?;
        let line = s.lines().find(|l| l.starts_with("VmHWM:")).context("no VmHWM in /proc/self/status")?;
        line.split_whitespace().nth(1).context("VmHWM value")?.parse().context("VmHWM value")
    }

    fn threads() -> usize {
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(2)
    }

    /// Splits `items` into `t` contiguous chunks and runs `f` on each on its own thread.
    fn par_chunks<T: Sync, R: Send>(items: &[T], t: usize, f: impl Fn(&[T]) -> R + Sync) -> Vec<R> {
        if t <= 1 || items.len() <= 1 {
            return vec![f(items)];
        }
        let size = items.len().div_ceil(t);
        std::thread::scope(|s| {
            let hs: Vec<_> = items.chunks(size).map(|c| s.spawn(|| f(c))).collect();
            hs.into_iter().map(|h| h.join().expect("worker thread panicked")).collect()
        })
    }

    /// Maps `f` over `items` on `t` threads that take the next item as they finish one (results
    /// in item order); `init` makes each thread's scratch state.
    fn par_dynamic<T: Sync, S, R: Send>(
        items: &[T],
        t: usize,
        init: impl Fn() -> S + Sync,
        f: impl Fn(&mut S, &T) -> R + Sync,
    ) -> Vec<R> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let next = AtomicUsize::new(0);
        let work = || {
            let mut state = init();
            let mut out = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { return out };
                out.push((i, f(&mut state, item)));
            }
        };
        let mut all: Vec<(usize, R)> = if t <= 1 {
            work()
        } else {
            std::thread::scope(|s| {
                let hs: Vec<_> = (0..t).map(|_| s.spawn(work)).collect();
                hs.into_iter().flat_map(|h| h.join().expect("worker thread panicked")).collect()
            })
        };
        all.sort_by_key(|(i, _)| *i);
        all.into_iter().map(|(_, r)| r).collect()
    }

    /// Runs `f` (one unit of `work`) until `secs` seconds and 3 calls have passed; returns work/s.
    pub(super) fn rate(secs: f64, work: f64, f: impl FnMut()) -> f64 {
        rate_cpu(secs, work, f).0
    }

    /// CPU seconds (user + system) of this process so far, all threads, ended ones included
    /// (`/proc/self/stat`, in clock ticks of 1/100 s, the Linux USER_HZ).
    fn process_cpu_s() -> f64 {
        let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
        // Fields after the `(comm)`: state is field 3, utime 14 and stime 15.
        let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
        let f: Vec<f64> = rest.split_whitespace().map(|x| x.parse().unwrap_or(f64::NAN)).collect();
        f.get(11).zip(f.get(12)).map_or(f64::NAN, |(u, s)| (u + s) / 100.0)
    }

    /// [`rate`], and work per CPU second of the whole process (which a busy machine does not stretch).
    fn rate_cpu(secs: f64, work: f64, mut f: impl FnMut()) -> (f64, f64) {
        f(); // warm-up
        let (start, cpu0) = (Instant::now(), process_cpu_s());
        let mut iters = 0u64;
        loop {
            f();
            iters += 1;
            let el = start.elapsed().as_secs_f64();
            if el >= secs && iters >= 3 {
                let cpu = process_cpu_s() - cpu0;
                return (work * iters as f64 / el, work * iters as f64 / cpu.max(0.01));
            }
        }
    }

    // --- Soft inputs -----------------------------------------------------------------------

    /// The Sudoku network with each of the 810 peer pairs once: 1620 `!=` arcs.
    pub(crate) fn sudoku_program() -> Result<Program> {
        let peer = |i: usize, j: usize| {
            let (ri, ci, rj, cj) = (i / 9, i % 9, j / 9, j % 9);
            ri == rj || ci == cj || (ri / 3 == rj / 3 && ci / 3 == cj / 3)
        };
        let mut net = Network::with_vars(81, 9);
        for i in 0..81 {
            for j in i + 1..81 {
                if peer(i, j) {
                    net.constraints.push(Constraint::Binary { scope: [i, j], relation: RelationSpec::Ne });
                }
            }
        }
        let p = net.compile()?;
        if p.instructions.len() != 1620 {
            bail!("Sudoku program has {} arcs, expected 1620", p.instructions.len());
        }
        Ok(p)
    }

    /// The program and `b` input domains (f32-representable values, layout `var * width + value`).
    pub(super) fn soft_inputs(net: SoftNet, b: usize) -> Result<(Program, Vec<Vec<f32>>)> {
        let data = super::data_dir();
        match net {
            SoftNet::Sudoku => {
                let p = sudoku_program()?;
                let insts = formats::read_file(
                    &data.join("sudoku/tdoku_17_clue.txt"),
                    Some(Format::Sudoku),
                    &ReadOptions::default(),
                )?;
                let mut batch = Vec::with_capacity(b);
                for i in 0..b {
                    let inst = &insts[i % insts.len()];
                    let Problem::Sudoku { givens, .. } = &inst.problem else { bail!("{} is not a Sudoku", inst.name) };
                    let mut rng = ChaCha8Rng::seed_from_u64(SEED ^ i as u64);
                    let mut d = vec![0f32; 81 * 9];
                    for (v, g) in givens.iter().enumerate() {
                        for a in 0..9 {
                            d[v * 9 + a] = match g {
                                Some(x) => (*x == a) as u8 as f32,
                                None => SUDOKU_FREE_LO + (1.0 - SUDOKU_FREE_LO) * rng.gen::<f32>(),
                            };
                        }
                    }
                    batch.push(d);
                }
                Ok((p, batch))
            }
            SoftNet::Le450_15a => {
                let opts = ReadOptions { colors: Some(15), color_symmetry_breaking: false };
                let insts = formats::read_file(&data.join("graph_coloring/le450_15a.col"), Some(Format::Col), &opts)?;
                let p = insts[0].network.compile()?;
                let cells = p.num_vars() * p.width();
                let batch = (0..b)
                    .map(|i| {
                        let mut rng = ChaCha8Rng::seed_from_u64(SEED ^ i as u64);
                        (0..cells).map(|_| rng.gen::<f32>()).collect()
                    })
                    .collect();
                Ok((p, batch))
            }
        }
    }

    fn domains<T: Real>(p: &Program, cells: &[f32]) -> Domains<Prob<T>> {
        let w = p.width();
        Domains::from_probs(&p.widths, |v, a| T::from_f64(cells[v * w + a] as f64))
    }

    /// The survival loss of one result `d^K` and its upstream gradient `dL/d d^K` (written into
    /// `up`, padding cells untouched). The one place the loss is computed on the Rust side.
    fn survival<T: Real>(out: &Domains<Prob<T>>, up: &mut [T]) -> f64 {
        let stride = out.stride();
        let mut loss = 0.0;
        for (v, &w) in out.widths.iter().enumerate() {
            let mut s = T::ZERO;
            for &c in &out.var(v)[..w] {
                s += c;
            }
            let z = s.to_f64() + LOSS_EPS;
            loss -= z.ln();
            for u in &mut up[v * stride..v * stride + w] {
                *u = T::from_f64(-1.0 / z);
            }
        }
        loss
    }

    /// Survival loss of one instance and its gradient with respect to `d^0`, per instance
    /// (`SoftGrad`, the reference the batched engine is checked against).
    fn loss_and_grad<T: Real>(sg: &SoftGrad, d0: &Domains<Prob<T>>, mem: Memory) -> (f64, Vec<T>) {
        let fwd = sg.forward(d0, K, mem).expect("shapes checked at build");
        let mut up = vec![T::ZERO; fwd.output.cells.len()];
        let loss = survival(&fwd.output, &mut up);
        let g = sg.backward(&fwd, &up).expect("shapes checked at build");
        (loss, g)
    }

    /// Summed survival loss of a batch and every instance's gradient, batched engine
    /// (`semiring_core::batch`) on `threads` threads.
    fn batch_loss_and_grad<T: Real>(bp: &BatchProgram, d0: &[Domains<Prob<T>>], threads: usize) -> (f64, Vec<Vec<T>>) {
        let (outs, grads) = bp
            .value_and_grad(d0, K, threads, |_, out, up| {
                survival(out, up);
            })
            .expect("shapes checked at build");
        let mut scratch = vec![T::ZERO; bp.cells()];
        (outs.iter().map(|o| survival(o, &mut scratch)).sum(), grads)
    }

    /// [`batch_loss_and_grad`] with the soft group rule after every round.
    fn grouped_loss_and_grad<T: Real>(
        gb: &GroupedBatch,
        cells: usize,
        d0: &[Domains<Prob<T>>],
        threads: usize,
    ) -> (f64, Vec<Vec<T>>) {
        let (outs, grads) = gb
            .value_and_grad(d0, K, threads, |_, out, up| {
                survival(out, up);
            })
            .expect("shapes checked at build");
        let mut scratch = vec![T::ZERO; cells];
        (outs.iter().map(|o| survival(o, &mut scratch)).sum(), grads)
    }

    pub(super) fn soft_export(net: SoftNet, b: usize, input: &Path, ours: &Path) -> Result<Value> {
        let (p, batch) = soft_inputs(net, b)?;
        let w = p.width();
        let relations: Vec<Vec<Vec<u8>>> = p
            .relations
            .iter()
            .map(|r| (0..r.rows()).map(|a| (0..r.cols()).map(|c| r.get(a, c) as u8).collect()).collect())
            .collect();
        let instructions: Vec<[u32; 3]> = p.instructions.iter().map(|i| [i.target, i.source, i.relation]).collect();
        let doc = json!({
            "format": "softmask-bench-soft/1",
            "name": format!("{}-b{b}", net.name()),
            "k": K,
            "eps": LOSS_EPS,
            "loss": "survival: -sum_batch sum_v ln(sum_{a<width_v} d^K[v][a] + eps)",
            "widths": p.widths,
            "width": w,
            "relations": relations,
            "instructions": instructions,
            "batch": batch,
        });
        std::fs::write(input, serde_json::to_vec(&doc)?).with_context(|| format!("writing {}", input.display()))?;
        // softmask's side of the check is the batched engine (the code timed below), and it must
        // equal the per-instance reference `SoftGrad` bit for bit before it is exported.
        let sg = SoftGrad::new(&p);
        let bp = BatchProgram::new(&p);
        let bp_lanes = BatchProgram::new(&p).batch_chunks_only();
        let bp_summed = BatchProgram::new(&p).pair_summed();
        let checked = if b * p.instructions.len() > GATHER_MAX_WORK { b.min(8) } else { b };
        let mut res = json!({});
        macro_rules! side {
            ($t:ty, $name:literal) => {{
                let d0: Vec<Domains<Prob<$t>>> = batch.iter().map(|c| domains::<$t>(&p, c)).collect();
                let (loss, grads) = batch_loss_and_grad::<$t>(&bp, &d0, threads());
                // The reference engines on the first `checked` instances (each instance is
                // independent; on the largest cases the reference would take minutes).
                let d0 = &d0[..checked];
                let mut ref_loss = 0.0;
                for (i, d) in d0.iter().enumerate() {
                    let (l, g) = loss_and_grad::<$t>(&sg, d, Memory::Full);
                    ref_loss += l;
                    if g.iter().map(|x| x.to_bits()).ne(grads[i].iter().map(|x| x.to_bits())) {
                        bail!("{}: batched gradient of instance {i} differs from SoftGrad's", $name);
                    }
                }
                let (prefix_loss, _) = batch_loss_and_grad::<$t>(&bp, d0, threads());
                if ref_loss.to_bits() != prefix_loss.to_bits() {
                    bail!("{}: batched loss {prefix_loss} differs from SoftGrad's {ref_loss}", $name);
                }
                // The pair-summed backward (reassociated, not bitwise): its largest difference.
                let (summed_loss, summed_grads) = batch_loss_and_grad::<$t>(&bp_summed, &d0, threads());
                if summed_loss.to_bits() != prefix_loss.to_bits() {
                    bail!("{}: the pair-summed engine's loss differs (its forward must not)", $name);
                }
                let scale = grads[..checked].iter().flatten().fold(0.0f64, |m, x| m.max((*x as f64).abs()));
                let summed_err = grads
                    .iter()
                    .zip(&summed_grads)
                    .flat_map(|(a, b)| a.iter().zip(b).map(|(x, y)| ((*x as f64) - (*y as f64)).abs()))
                    .fold(0.0f64, f64::max)
                    / scale.max(1e-300);
                let summed_differ: usize = grads
                    .iter()
                    .zip(&summed_grads)
                    .map(|(a, b)| a.iter().zip(b).filter(|(x, y)| x.to_bits() != y.to_bits()).count())
                    .sum();
                let (lanes_loss, lanes_grads) = batch_loss_and_grad::<$t>(&bp_lanes, &d0, threads());
                let same = |a: &[$t], b: &[$t]| a.iter().map(|x| x.to_bits()).eq(b.iter().map(|x| x.to_bits()));
                if lanes_loss.to_bits() != prefix_loss.to_bits()
                    || !grads.iter().zip(&lanes_grads).all(|(a, b)| same(a, b))
                {
                    bail!("{}: the batch-chunk engine differs from the value-vector engine", $name);
                }
                let grads: Vec<Vec<f64>> = grads.iter().map(|g| g.iter().map(|&x| x as f64).collect()).collect();
                res[$name] = json!({
                    "loss": loss,
                    "grad": grads,
                    "batched_equals_softgrad_bitwise": true,
                    "checked_instances": checked,
                    "pair_summed_max_rel_diff": summed_err,
                    "pair_summed_cells_differ": summed_differ,
                    "pair_summed_cells": checked * p.num_vars() * w,
                });
            }};
        }
        side!(f64, "f64");
        side!(f32, "f32");
        std::fs::write(ours, serde_json::to_vec(&res)?).with_context(|| format!("writing {}", ours.display()))?;
        Ok(json!({
            "vars": p.num_vars(),
            "instructions": p.instructions.len(),
            "width": w,
            "batch": b,
            "checked_instances": checked,
            "pair_summed_max_rel_diff_f32": res["f32"]["pair_summed_max_rel_diff"],
            "pair_summed_max_rel_diff_f64": res["f64"]["pair_summed_max_rel_diff"],
            "pair_summed_cells_differ_f32": res["f32"]["pair_summed_cells_differ"],
            "pair_summed_cells": res["f32"]["pair_summed_cells"],
        }))
    }

    /// `mode`: "" the default engine, "portable" the value-vector kernels on the baseline
    /// instruction set (no run-time dispatch), "summed" the pair-summed backward.
    fn soft_profile(net: SoftNet, b: usize, threads: usize, secs: f64, mode: &str) -> Result<Value> {
        let (p, batch) = soft_inputs(net, b)?;
        let d32: Vec<Domains<Prob<f32>>> = batch.iter().map(|c| domains::<f32>(&p, c)).collect();
        let bp = match mode {
            "portable" => BatchProgram::new(&p).portable(),
            "summed" => BatchProgram::new(&p).pair_summed(),
            _ => BatchProgram::new(&p),
        };
        // On-CPU nanoseconds of this thread (a busy machine stretches wall time, not this).
        let cpu_ns = || -> f64 {
            std::fs::read_to_string("/proc/thread-self/schedstat")
                .ok()
                .and_then(|s| s.split_whitespace().next()?.parse().ok())
                .unwrap_or(f64::NAN)
        };
        let (c0, mut calls) = (cpu_ns(), 0u64);
        let r = rate(secs, (b * K) as f64, || {
            let (loss, g) = batch_loss_and_grad(&bp, &d32, threads);
            black_box(loss + g[0][0] as f64);
            calls += 1;
        });
        let per_cpu_s = (calls * (b * K) as u64) as f64 / ((cpu_ns() - c0) * 1e-9);
        Ok(json!({
            "batch": b,
            "threads": threads,
            "arch": bp.arch_name(),
            "mode": mode,
            "calls": calls,
            "f32_fwd_bwd": r,
            "f32_fwd_bwd_per_main_thread_cpu_s": per_cpu_s
        }))
    }

    /// Useful f32 operations (mul, add, sub) per instance-round of the least arithmetic known for
    /// the soft round and its VJP: (forward, forward + backward). Forward: the complements
    /// `1 - p` (one per cell), each `(source, relation)` pair's noisy-OR chains (`|R_a|`
    /// multiplies and one complement per target value), one multiply per arc and target value.
    /// Backward (pair-summed): the complements again; each pair's prefix and suffix chains
    /// (`2 |R_a|`); per arc and target value the supports' suffix and prefix products, `gs`
    /// (two multiplies) and its sum into the pair (one add); per target value the direct term (a
    /// multiply and an add); per pair row member the term into the source (two multiplies, an add).
    pub(super) fn useful_flops(p: &Program) -> (f64, f64) {
        let cells: usize = p.widths.iter().sum();
        let mut pairs = std::collections::HashSet::new();
        let (mut chain, mut rows, mut arc_values) = (0usize, 0usize, 0usize);
        for i in &p.instructions {
            let rel = &p.relations[i.relation as usize];
            arc_values += p.widths[i.target as usize];
            if pairs.insert((i.source, i.relation)) {
                for a in 0..rel.rows() {
                    chain += (0..rel.cols()).filter(|&c| rel.get(a, c)).count();
                }
                rows += rel.rows();
            }
        }
        let fwd = cells + chain + rows + arc_values;
        let bwd = cells + 2 * chain + 5 * arc_values + 2 * cells + 3 * chain;
        (fwd as f64, (fwd + bwd) as f64)
    }

    fn soft_time(net: SoftNet, b: usize, secs: f64) -> Result<Value> {
        let (p, batch) = soft_inputs(net, b)?;
        let sg = SoftGrad::new(&p);
        let t = threads();
        let work = (b * K) as f64;
        let d32: Vec<Domains<Prob<f32>>> = batch.iter().map(|c| domains::<f32>(&p, c)).collect();
        let fixed: Vec<Domains<Fixed>> = batch
            .iter()
            .map(|c| {
                let w = p.width();
                Domains::from_probs(&p.widths, |v, a| Q15::from_f64(c[v * w + a] as f64))
            })
            .collect();
        // Straight-through: the hard point is the input thresholded at 1/2.
        let hard: Vec<Domains<Boolean>> = batch
            .iter()
            .map(|c| {
                let w = p.width();
                Domains::from_fn(&p.widths, |v, a| c[v * w + a] >= 0.5)
            })
            .collect();
        let bp = BatchProgram::new(&p);
        let bp_lanes = BatchProgram::new(&p).batch_chunks_only();
        let bp_summed = BatchProgram::new(&p).pair_summed();
        let bp_portable = BatchProgram::new(&p).portable();
        // The per-instance reference and the batch chunks take minutes per call on the largest cases.
        let heavy = b * p.instructions.len() > GATHER_MAX_WORK;
        // The batched engine (semiring_core::batch): what the table reports.
        let batched = |bp: &BatchProgram, threads: usize| {
            let (loss, g) = batch_loss_and_grad(bp, &d32, threads);
            black_box(loss + g[0][0] as f64);
        };
        let (f32_fwd_bwd_mt, f32_fwd_bwd_mt_cpu) = rate_cpu(secs, work, || batched(&bp, t));
        let f32_fwd_bwd_1t = rate(secs, work, || batched(&bp, 1));
        let (f32_fwd_bwd_summed_mt, f32_fwd_bwd_summed_mt_cpu) = rate_cpu(secs, work, || batched(&bp_summed, t));
        let f32_fwd_bwd_summed_1t = rate(secs, work, || batched(&bp_summed, 1));
        let f32_fwd_bwd_portable_mt = rate(secs, work, || batched(&bp_portable, t));
        // The batch-chunk kernels alone (the engine of domains wider than 64 values), for comparison.
        let f32_fwd_bwd_lanes_mt = if heavy { f64::NAN } else { rate(secs, work, || batched(&bp_lanes, t)) };
        // The per-instance reference (SoftGrad), for comparison.
        let fwd_bwd_ref = |chunk: &[Domains<Prob<f32>>]| {
            let mut acc = 0.0;
            for d in chunk {
                let (l, g) = loss_and_grad(&sg, d, Memory::Full);
                acc += l + g[0] as f64;
            }
            black_box(acc)
        };
        let f32_fwd_bwd_ref_mt = if heavy {
            f64::NAN
        } else {
            rate(secs, work, || {
                par_chunks(&d32, t, fwd_bwd_ref);
            })
        };
        // The soft group rule after every round (Sudoku: its rows, columns and boxes), on the
        // whole program and on the residual program with naked singles; NaN where there are no groups.
        let (mut f32_fwd_bwd_groups_mt, mut f32_fwd_bwd_groups_naked_mt) = (f64::NAN, f64::NAN);
        if net == SoftNet::Sudoku {
            let groups = Groups::detect(&p);
            let soft_groups = SoftGroups::new(&p, &groups);
            let naked = SoftGroups::new(&p, &groups).with_naked_singles();
            let bp_residual = BatchProgram::new(&groups.residual(&p));
            for (gb, out) in [
                (GroupedBatch::new(&bp, &soft_groups)?, &mut f32_fwd_bwd_groups_mt),
                (GroupedBatch::new(&bp_residual, &naked)?, &mut f32_fwd_bwd_groups_naked_mt),
            ] {
                *out = rate(secs, work, || {
                    let (loss, g) = grouped_loss_and_grad(&gb, bp.cells(), &d32, t);
                    black_box(loss + g[0][0] as f64);
                });
            }
        }
        let f32_fwd_mt = rate(secs, work, || {
            black_box(bp.forward(&d32, K, t).expect("shapes checked"));
        });
        let fixed_fwd_mt = rate(secs, work, || {
            black_box(bp.forward(&fixed, K, t).expect("shapes checked"));
        });
        let engine = bp.engine(b, t);
        let chunk = match engine {
            Engine::ValueVectors { .. } => 1,
            Engine::BatchChunks { chunk_len } => chunk_len,
        };
        let lanes_engine = bp_lanes.engine(b, t);
        let width = p.width();
        let mut saturated = 0;
        let st = |chunk: &[Domains<Boolean>]| {
            let mut sat = 0usize;
            for d in chunk {
                let mut rounds = Vec::with_capacity(K + 1);
                rounds.push(d.clone());
                for r in 0..K {
                    let mut next = rounds[r].clone();
                    round(&p, &rounds[r], &mut next);
                    rounds.push(next);
                }
                let last = &rounds[K];
                let mut up = vec![0i32; p.num_vars() * width];
                for v in 0..p.num_vars() {
                    let z = last.count(v) as f64 + LOSS_EPS;
                    for a in 0..p.widths[v] {
                        up[v * width + a] = to_q16_16(-1.0 / z);
                    }
                }
                let g = st_backward_fixed(&p, &rounds, &up).expect("shapes checked at build");
                sat += g.saturated as usize;
                black_box(&g.grad);
            }
            sat
        };
        let st_mt = rate(secs, work, || {
            saturated = par_chunks(&hard, t, st).into_iter().sum();
        });
        Ok(json!({
            "threads": t.min(b),
            "batch_threads": t.min(b.div_ceil(chunk)),
            "engine": engine.to_string(),
            "lanes_engine": lanes_engine.to_string(),
            "batch": b,
            "k": K,
            "f32_fwd_bwd_mt": f32_fwd_bwd_mt,
            "f32_fwd_bwd_mt_per_cpu_s": f32_fwd_bwd_mt_cpu,
            "f32_fwd_bwd_1t": f32_fwd_bwd_1t,
            "useful_flops_fwd": useful_flops(&p).0,
            "useful_flops_fwd_bwd": useful_flops(&p).1,
            "f32_fwd_bwd_summed_mt": f32_fwd_bwd_summed_mt,
            "f32_fwd_bwd_summed_mt_per_cpu_s": f32_fwd_bwd_summed_mt_cpu,
            "f32_fwd_bwd_summed_1t": f32_fwd_bwd_summed_1t,
            "f32_fwd_bwd_portable_mt": f32_fwd_bwd_portable_mt,
            "arch": bp.arch_name(),
            "portable_arch": bp_portable.arch_name(),
            "f32_fwd_bwd_lanes_mt": f32_fwd_bwd_lanes_mt,
            "f32_fwd_bwd_ref_mt": f32_fwd_bwd_ref_mt,
            "f32_fwd_bwd_groups_mt": f32_fwd_bwd_groups_mt,
            "f32_fwd_bwd_groups_naked_mt": f32_fwd_bwd_groups_naked_mt,
            "f32_fwd_mt": f32_fwd_mt,
            "fixed_fwd_mt": fixed_fwd_mt,
            "st_mt": st_mt,
            "st_saturated_instances": saturated,
        }))
    }

    // --- Hard solving ----------------------------------------------------------------------

    /// `groups`: all-different group reasoning over the worklist (else arc consistency only).
    fn hard_sudoku(file: &Path, n: usize, t: usize, secs: f64, groups: bool) -> Result<Value> {
        let mut insts = formats::read_file(file, Some(Format::Sudoku), &ReadOptions::default())?;
        insts.truncate(n);
        let program = insts[0].network.compile()?;
        for i in &insts {
            if i.network.constraints != insts[0].network.constraints {
                bail!("{}: constraints differ from the file's first puzzle", i.name);
            }
        }
        let limits = SearchLimits { max_solutions: 1, node_limit: None, time_limit: Some(Duration::from_secs(60)) };
        // With groups, the worklist runs only the arcs outside groups (none on Sudoku).
        let found = if groups { Groups::detect(&program) } else { Groups::default() };
        let residual = found.residual(&program);
        // dom/wdeg-conflict from the degrees, as `softmask solve` branches (all 20 on Sudoku).
        let branching = Branching::DomWdegConflict { initial: degrees(&program) };
        // Each puzzle's initial domains (givens as singletons), built before timing: a whole file of
        // networks (about 8 KB each) outgrows the caches and the timed loop would measure memory
        // traffic; tdoku's benchmark likewise starts from puzzles held compactly (81-byte strings).
        // The loop copies them (648 bytes) for each search.
        let starts: Vec<_> = insts.iter().map(|i| i.network.initial_domains()).collect();
        // Puzzles are handed out one at a time (hard ones cluster), each thread with its own propagator.
        let solve_all = || {
            par_dynamic(
                &starts,
                t,
                || Grouped::new(Worklist::new(&residual), &found),
                |prop, start| {
                    let r = search_with(prop, &mut Ascending, &branching, start.clone(), &limits).expect("infallible");
                    (r.solutions.into_iter().next(), r.stats.nodes)
                },
            )
        };
        // First pass: check every solution (outside the timed passes).
        let first = solve_all();
        let mut nodes = 0u64;
        for (inst, (sol, nd)) in insts.iter().zip(&first) {
            let Some(sol) = sol else { bail!("{}: softmask found no solution", inst.name) };
            inst.check(sol).map_err(|e| anyhow::anyhow!("{}: softmask solution fails the check: {e}", inst.name))?;
            if inst.known_count == Some(1) {
                if let Some(known) = &inst.known_solution {
                    if known != sol {
                        bail!("{}: softmask solution differs from the file's unique solution", inst.name);
                    }
                }
            }
            nodes += nd;
        }
        let pps = rate(secs, insts.len() as f64, || {
            black_box(solve_all());
        });
        Ok(json!({
            "file": file.display().to_string(),
            "puzzles": insts.len(),
            "checked": insts.len(),
            "threads": t,
            "puzzles_per_s": pps,
            "mean_nodes": nodes as f64 / insts.len() as f64,
            "groups": found.len(),
        }))
    }

    fn hard_color(file: &Path, k: usize, secs: f64) -> Result<Value> {
        let opts = ReadOptions { colors: Some(k), color_symmetry_breaking: false };
        let inst = formats::read_file(file, Some(Format::Col), &opts)?.remove(0);
        let Problem::Coloring { vertices, edges, .. } = &inst.problem else {
            bail!("{} is not a colouring", inst.name)
        };
        let start = Instant::now();
        let program = inst.network.compile()?;
        let limits =
            SearchLimits { max_solutions: 1, node_limit: None, time_limit: Some(Duration::from_secs_f64(secs)) };
        // Group reasoning on the cliques detection keeps (k-cliques) and dom/wdeg-conflict from the
        // vertex degrees, as `softmask solve` does.
        let groups = Groups::detect(&program);
        let residual = groups.residual(&program);
        let mut prop = Grouped::new(Worklist::new(&residual), &groups);
        let branching = Branching::DomWdegConflict { initial: degrees(&program) };
        let r = search_with(&mut prop, &mut Ascending, &branching, inst.network.initial_domains(), &limits)
            .expect("infallible");
        let seconds = start.elapsed().as_secs_f64();
        let (solved, status) = match r.solutions.first() {
            Some(sol) => {
                inst.check(sol)
                    .map_err(|e| anyhow::anyhow!("{}: softmask colouring fails the check: {e}", inst.name))?;
                (true, "solved".to_string())
            }
            None if r.is_unsat() => {
                bail!("{}: softmask says no {k}-colouring exists, but k is the chromatic number", inst.name)
            }
            None => (false, format!("{} s limit", secs)),
        };
        Ok(json!({
            "file": file.display().to_string(),
            "vertices": vertices,
            "edges": edges.len(),
            "k": k,
            "solved": solved,
            "status": status,
            "seconds": seconds,
            "nodes": r.stats.nodes,
        }))
    }

    // --- Gumbel ----------------------------------------------------------------------------

    fn gumbel(b: usize, n: usize, w: usize, secs: f64) -> Result<Value> {
        let tau = 0.5;
        let mut rng = ChaCha8Rng::seed_from_u64(SEED);
        let logits: Vec<f64> = (0..n * w).map(|_| rng.gen_range(-2.0..2.0)).collect();
        let t = threads();
        let instances: Vec<u64> = (0..b as u64).collect();
        let mut round_no = 0u64;
        // Sanity: every relaxed sample is a distribution.
        let s = GumbelSoftmax::sample(&logits[..w], tau, &mut Noise::new(SEED));
        let total: f64 = s.soft.iter().sum();
        if (total - 1.0).abs() > 1e-12 || s.soft.iter().any(|x| !x.is_finite()) {
            bail!("Gumbel-Softmax sample is not a distribution: {:?}", s.soft);
        }
        let ips = rate(secs, b as f64, || {
            round_no += 1;
            let r = round_no;
            par_chunks(&instances, t, |chunk| {
                let mut acc = 0.0;
                for &i in chunk {
                    let mut noise = Noise::new(SEED ^ (r << 32) ^ i);
                    for v in 0..n {
                        let g = GumbelSoftmax::sample(&logits[v * w..(v + 1) * w], tau, &mut noise);
                        acc += g.soft[0];
                    }
                }
                black_box(acc)
            });
        });
        Ok(json!({ "threads": t.min(b), "batch": b, "instances_per_s": ips, "var_samples_per_s": ips * n as f64 }))
    }

    /// The vectorised `f32` sampler: every variable of an instance in one call, one sampler
    /// (with its scratch) per thread.
    fn gumbel32(b: usize, n: usize, w: usize, secs: f64) -> Result<Value> {
        let tau = 0.5;
        let mut rng = ChaCha8Rng::seed_from_u64(SEED);
        let logits: Vec<f32> = (0..n * w).map(|_| rng.gen_range(-2.0..2.0)).collect();
        let t = threads();
        let instances: Vec<u64> = (0..b as u64).collect();
        let mut round_no = 0u64;
        let sampler = GumbelSoftmax32::new(w, tau);
        let arch = semiring_core::value_vectors::arch_name(sampler.arch());
        let ips = rate(secs, b as f64, || {
            round_no += 1;
            let r = round_no;
            par_chunks(&instances, t, |chunk| {
                let mut s = sampler.clone();
                let (mut soft, mut hard) = (vec![0f32; n * w], vec![0u32; n]);
                let mut acc = 0.0;
                for &i in chunk {
                    s.sample(&logits, SEED ^ (r << 32) ^ i, &mut soft, &mut hard);
                    acc += soft[0];
                }
                if !(acc.is_finite()) {
                    panic!("a Gumbel-Softmax sample is not finite");
                }
                black_box(acc)
            });
        });
        Ok(json!({ "threads": t.min(b), "batch": b, "instances_per_s": ips, "arch": arch }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use semiring_core::{soft_rounds, Domains, Prob, Program, Relation, Revise};

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(num(1234567.89), "1,234,568");
        assert_eq!(num(12.34), "12.3");
        assert_eq!(num(0.1234), "0.123");
        assert_eq!(num(f64::NAN), "-");
        assert_eq!(ratio(10.0, 4.0), "2.50x");
        assert_eq!(ratio(1.0, f64::NAN), "-");
    }

    /// The interchange file describes the Sudoku program (1620 arcs, 20 into every cell) and the
    /// batch, and softmask's exported loss is the survival loss of K plain `soft_rounds` from
    /// the exported inputs, recomputed here independently of the exporter.
    #[test]
    fn interchange_export_round_trips() {
        let dir = std::env::temp_dir().join(format!("softmask-bench-export-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (input, ours) = (dir.join("in.json"), dir.join("ours.json"));
        let meta = worker::soft_export(SoftNet::Sudoku, 3, &input, &ours).unwrap();
        assert_eq!(meta["instructions"], 1620);
        let doc: Value = serde_json::from_slice(&std::fs::read(&input).unwrap()).unwrap();
        let res: Value = serde_json::from_slice(&std::fs::read(&ours).unwrap()).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(doc["format"], "softmask-bench-soft/1");
        assert_eq!(doc["k"], K);
        let width = doc["width"].as_u64().unwrap() as usize;
        let widths: Vec<usize> =
            doc["widths"].as_array().unwrap().iter().map(|w| w.as_u64().unwrap() as usize).collect();
        assert_eq!((widths.len(), width), (81, 9));
        let relations: Vec<Relation> = doc["relations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let rows = r.as_array().unwrap();
                Relation::from_fn(rows.len(), rows[0].as_array().unwrap().len(), |a, b| rows[a][b] == 1)
            })
            .collect();
        let instructions: Vec<Revise> = doc["instructions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| Revise {
                target: i[0].as_u64().unwrap() as u32,
                source: i[1].as_u64().unwrap() as u32,
                relation: i[2].as_u64().unwrap() as u32,
            })
            .collect();
        let p = Program::new(widths.clone(), relations, instructions).unwrap();
        let mut into = vec![0; 81];
        for ins in &p.instructions {
            into[ins.target as usize] += 1;
            let (t, s) = (ins.target as usize, ins.source as usize);
            let peers = t / 9 == s / 9 || t % 9 == s % 9 || (t / 27 == s / 27 && t % 9 / 3 == s % 9 / 3);
            assert!(peers && t != s, "arc {t} <- {s} is not a Sudoku peer pair");
            let r = &p.relations[ins.relation as usize];
            for a in 0..9 {
                for b in 0..9 {
                    assert_eq!(r.get(a, b), a != b, "relation of arc {t} <- {s} is not !=");
                }
            }
        }
        assert!(into.iter().all(|&n| n == 20), "every cell has 20 peers: {into:?}");
        let batch = doc["batch"].as_array().unwrap();
        assert_eq!(batch.len(), 3);
        let mut loss = 0.0;
        for cells in batch {
            let cells: Vec<f64> = cells.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect();
            assert_eq!(cells.len(), 81 * 9);
            assert!(cells.iter().all(|&x| (0.0..=1.0).contains(&x)));
            let d0: Domains<Prob<f64>> = Domains::from_probs(&widths, |v, a| cells[v * width + a]);
            let dk = &soft_rounds(&p, &d0, K)[K];
            loss -= (0..81).map(|v| (dk.var(v).iter().sum::<f64>() + LOSS_EPS).ln()).sum::<f64>();
        }
        let exported = res["f64"]["loss"].as_f64().unwrap();
        assert!((exported - loss).abs() <= 1e-9 * loss.abs(), "exported loss {exported} vs recomputed {loss}");
        let grads = res["f64"]["grad"].as_array().unwrap();
        assert_eq!(grads.len(), 3);
        assert!(grads.iter().all(|g| g.as_array().unwrap().len() == 81 * 9));
        assert!(grads[0].as_array().unwrap().iter().any(|x| x.as_f64().unwrap() != 0.0), "gradient all zero");
    }
}
