//! `cargo xtask bench color`: graph colouring at a fixed `k`, every method in the same run.
//!
//! Per graph of `data/graph_coloring` (at its chromatic number or the target `k`):
//! the population relaxation alone (`softmask color --no-solver --no-repair`: what the gradient
//! rounding reached), the relaxation with its repair and the solver hand-over (`softmask
//! color`), the solver alone (`softmask solve --k`, the defaults), DSATUR and TabuCol
//! (`softmask color --method dsatur|tabucol`) and OR-Tools CP-SAT (`bench/peers/cpsat.py`, when
//! the peers' environment exists; otherwise the row says so). Every colouring a method returns
//! is checked here edge by edge against the file, by a reader independent of the host's
//! (CP-SAT's is checked by its script, outside the model). Each process gets the time limit
//! and is killed 10 s past it.
//!
//! `--ablation` runs the relaxation alone under variants instead (population 1 / 4 / 16, no
//! dual multipliers, K = 1..4 propagation rounds in the objective, soft forward, the Adam step
//! through the softmax Jacobian) and writes a conflicts-over-time plot per run.
//!
//!     cargo xtask bench color [--quick] [--time-limit S] [--graphs a:k,b:k] [--ablation] [--seed N]

use anyhow::{bail, Context, Result};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `(file stem, k, chromatic number or best known)`: the targets present in the data.
const GRAPHS: &[(&str, usize, &str)] = &[
    ("myciel3", 4, "4"),
    ("myciel4", 5, "5"),
    ("myciel5", 6, "6"),
    ("myciel6", 7, "7"),
    ("myciel7", 8, "8"),
    ("queen5_5", 5, "5"),
    ("queen6_6", 7, "7"),
    ("queen7_7", 7, "7"),
    ("queen8_12", 12, "12"),
    ("queen10_10", 11, "11"),
    ("queen11_11", 12, "11"),
    ("queen11_11", 11, "11"),
    ("queen13_13", 14, "13"),
    ("queen13_13", 13, "13"),
    ("DSJC125.1", 5, "5"),
    ("le450_5a", 5, "5"),
    ("le450_5b", 5, "5"),
    ("le450_15a", 15, "15"),
    ("le450_15b", 15, "15"),
    ("le450_25a", 25, "25"),
    ("le450_25b", 25, "25"),
];

const QUICK: &[(&str, usize, &str)] = &[
    ("myciel5", 6, "6"),
    ("queen7_7", 7, "7"),
    ("queen10_10", 11, "11"),
    ("DSJC125.1", 5, "5"),
    ("le450_5a", 5, "5"),
    ("le450_15a", 15, "15"),
    ("le450_25a", 25, "25"),
];

const ABLATION: &[(&str, usize, &str)] =
    &[("queen10_10", 11, "11"), ("DSJC125.1", 5, "5"), ("le450_5a", 5, "5"), ("le450_15a", 15, "15")];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits in the workspace").to_path_buf()
}

fn target_dir() -> PathBuf {
    let t = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"));
    if t.is_absolute() {
        t
    } else {
        root().join(t)
    }
}

/// The edge list of a DIMACS `.col` file, read here and nowhere else (independent of the host's
/// reader): `p edge N M` and `e U V` lines, 1-based.
fn read_col(path: &Path) -> Result<(usize, Vec<(usize, usize)>)> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut n = None;
    let mut edges = Vec::new();
    for line in text.lines() {
        let t: Vec<&str> = line.split_whitespace().collect();
        match t.first().copied() {
            Some("p") => n = Some(t.get(2).context("p line")?.parse::<usize>()?),
            Some("e") => {
                let u: usize = t.get(1).context("e line")?.parse()?;
                let v: usize = t.get(2).context("e line")?.parse()?;
                edges.push((u - 1, v - 1));
            }
            _ => {}
        }
    }
    Ok((n.context("no p line")?, edges))
}

/// Conflicting edges of `colors` at `k`, or an error if the colouring is malformed.
fn check(n: usize, edges: &[(usize, usize)], k: usize, colors: &[usize]) -> Result<usize> {
    if colors.len() != n {
        bail!("{} colours for {n} vertices", colors.len());
    }
    if let Some(c) = colors.iter().find(|&&c| c >= k) {
        bail!("colour {c} outside 0..{k}");
    }
    Ok(edges.iter().filter(|&&(u, v)| colors[u] == colors[v]).count())
}

struct Run {
    json: Vec<Value>,
    wall: f64,
    killed: bool,
}

/// Runs `cmd` with a deadline, collecting its JSON lines.
fn run_with_deadline(cmd: &mut Command, deadline: Duration) -> Result<Run> {
    let t = Instant::now();
    let out_path = target_dir().join("bench-color").join(format!("out-{}.json", std::process::id()));
    let out = std::fs::File::create(&out_path)?;
    let mut child = cmd.stdout(out).stderr(Stdio::null()).spawn().with_context(|| format!("starting {cmd:?}"))?;
    let mut killed = false;
    loop {
        if child.try_wait()?.is_some() {
            break;
        }
        if t.elapsed() > deadline {
            child.kill()?;
            child.wait()?;
            killed = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let wall = t.elapsed().as_secs_f64();
    let text = std::fs::read_to_string(&out_path)?;
    let json = text.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    Ok(Run { json, wall, killed })
}

struct Row {
    graph: String,
    k: usize,
    chi: String,
    method: String,
    conflicts: String,
    seconds: String,
    outcome: String,
    detail: String,
}

fn colors_of(v: &Value) -> Option<Vec<usize>> {
    v.as_array().map(|a| a.iter().map(|x| x.as_u64().unwrap_or(u64::MAX) as usize).collect())
}

/// One `softmask color` run, checked.
fn color_row(
    bin: &Path,
    file: &Path,
    k: usize,
    limit: f64,
    extra: &[&str],
    n: usize,
    edges: &[(usize, usize)],
) -> Result<(String, String, String, String)> {
    let mut cmd = Command::new(bin);
    cmd.arg("color").arg(file).args(["--k", &k.to_string(), "--time-limit", &limit.to_string(), "--json"]).args(extra);
    let r = run_with_deadline(&mut cmd, Duration::from_secs_f64(limit + 10.0))?;
    let Some(j) = r.json.first() else {
        return Ok((
            "-".into(),
            format!("{:.2}", r.wall),
            if r.killed { "killed" } else { "no output" }.into(),
            String::new(),
        ));
    };
    let outcome = j["outcome"].as_str().unwrap_or("?").to_string();
    let (conflicts, seconds) = match colors_of(&j["coloring"]) {
        Some(c) => {
            let bad = check(n, edges, k, &c).with_context(|| format!("{} {extra:?}", file.display()))?;
            if bad > 0 {
                bail!("{} {extra:?}: the reported colouring has {bad} conflicting edges", file.display());
            }
            ("0 checked".to_string(), j["seconds_to_coloring"].as_f64().unwrap_or(f64::NAN))
        }
        None => (j["conflicts"].to_string(), j["total_seconds"].as_f64().unwrap_or(f64::NAN)),
    };
    let detail = match j["method"].as_str() {
        Some("population") => format!(
            "gradient rounding {} / after repair {} conflicts, {} steps, {} reseeds; solver {} nodes {:.2} s",
            j["descent_conflicts"],
            j["relaxed_conflicts"],
            j["descent_steps"],
            j["reseeds"],
            j["solver_nodes"],
            j["solver_seconds"].as_f64().unwrap_or(0.0)
        ),
        Some("dsatur") => format!("DSATUR uses {} colours", j["dsatur_colors"]),
        Some("tabucol") => format!("{} iterations", j["descent_steps"]),
        _ => String::new(),
    };
    Ok((conflicts, format!("{seconds:.2}"), outcome, detail))
}

fn solver_row(
    bin: &Path,
    file: &Path,
    k: usize,
    limit: f64,
    n: usize,
    edges: &[(usize, usize)],
) -> Result<(String, String, String, String)> {
    let mut cmd = Command::new(bin);
    cmd.arg("solve").arg(file).args(["--k", &k.to_string(), "--limit-time", &limit.to_string(), "--json"]);
    let r = run_with_deadline(&mut cmd, Duration::from_secs_f64(limit + 10.0))?;
    let Some(j) = r.json.first() else {
        return Ok((
            "-".into(),
            format!("{:.2}", r.wall),
            if r.killed { "killed" } else { "no output" }.into(),
            String::new(),
        ));
    };
    let status = j["status"].as_str().unwrap_or("?").to_string();
    let nodes = format!("{} nodes", j["nodes"]);
    match j["solutions"].as_array().and_then(|s| s.first()).and_then(Value::as_str) {
        Some(s) => {
            let c: Vec<usize> = s.split_whitespace().map(|x| x.parse().unwrap_or(usize::MAX)).collect();
            let bad = check(n, edges, k, &c)?;
            if bad > 0 {
                bail!("{}: softmask solve's colouring has {bad} conflicting edges", file.display());
            }
            Ok(("0 checked".into(), format!("{:.2}", j["seconds"].as_f64().unwrap_or(f64::NAN)), status, nodes))
        }
        None => Ok(("-".into(), format!("{:.2}", r.wall), status, nodes)),
    }
}

fn cpsat_row(file: &Path, k: usize, limit: f64) -> Result<(String, String, String, String)> {
    let py = std::env::var_os("SOFTMASK_PEERS_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("peers-venv"))
        .join("bin/python");
    if !py.exists() {
        return Ok(("-".into(), "-".into(), "unavailable".into(), "no peers venv (bench/peers/setup.sh)".into()));
    }
    let mut cmd = Command::new(&py);
    cmd.arg(root().join("bench/peers/cpsat.py")).args(["color", "--workers", "1", "--time-limit", &limit.to_string()]);
    cmd.arg(format!("{}:{k}", file.display()));
    let r = run_with_deadline(&mut cmd, Duration::from_secs_f64(limit + 30.0))?;
    let Some(g) = r.json.first().and_then(|j| j["graphs"].as_array()).and_then(|a| a.first()).cloned() else {
        return Ok(("-".into(), format!("{:.2}", r.wall), "failed".into(), String::new()));
    };
    let solved = g["solved"].as_bool() == Some(true);
    Ok((
        if solved { "0 checked".into() } else { "-".into() },
        format!("{:.2}", g["seconds"].as_f64().unwrap_or(f64::NAN)),
        g["status"].as_str().unwrap_or("?").to_lowercase(),
        format!("{} branches", g["branches"]),
    ))
}

fn print_rows(rows: &[Row]) {
    println!("| graph | k | chi | method | conflicts | seconds | outcome | detail |");
    println!("|---|---:|---|---|---|---:|---|---|");
    for r in rows {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            r.graph, r.k, r.chi, r.method, r.conflicts, r.seconds, r.outcome, r.detail
        );
    }
}

pub fn run(args: &[String]) -> Result<()> {
    let mut limit: Option<f64> = None;
    let mut quick = false;
    let mut ablation = false;
    let mut seed = 0u64;
    let mut pick: Option<Vec<(String, usize)>> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--time-limit" => {
                let s: f64 = it.next().context("--time-limit S")?.parse().context("--time-limit S")?;
                if !(s.is_finite() && s > 0.0 && s <= 3600.0) {
                    bail!("--time-limit must lie in (0, 3600] seconds");
                }
                limit = Some(s);
            }
            "--quick" => quick = true,
            "--ablation" => ablation = true,
            "--seed" => seed = it.next().context("--seed N")?.parse().context("--seed N")?,
            "--graphs" => {
                let list = it.next().context("--graphs name:k,...")?;
                pick = Some(
                    list.split(',')
                        .map(|s| {
                            let (g, k) = s.rsplit_once(':').context("--graphs name:k,...")?;
                            Ok((g.to_string(), k.parse().context("k")?))
                        })
                        .collect::<Result<_>>()?,
                );
            }
            other => bail!("unknown option {other} (bench color [--quick] [--time-limit S] [--graphs a:k,...] [--ablation] [--seed N])"),
        }
    }
    let limit = limit.unwrap_or(if quick { 5.0 } else { 60.0 });
    crate::run_cmd(
        Command::new("cargo").args(["build", "--release", "-p", "host", "--bin", "softmask"]).current_dir(root()),
    )?;
    let bin = target_dir().join("release/softmask");
    std::fs::create_dir_all(target_dir().join("bench-color"))?;
    let base: &[(&str, usize, &str)] = if ablation {
        ABLATION
    } else if quick {
        QUICK
    } else {
        GRAPHS
    };
    let graphs: Vec<(String, usize, String)> = match pick {
        Some(p) => p
            .into_iter()
            .map(|(g, k)| {
                let chi = GRAPHS.iter().find(|x| x.0 == g).map_or("?".to_string(), |x| x.2.to_string());
                (g, k, chi)
            })
            .collect(),
        None => base.iter().map(|&(g, k, c)| (g.to_string(), k, c.to_string())).collect(),
    };
    println!(
        "== cargo xtask bench color: {} graphs, {limit} s per method and graph{}, seed {seed} ==",
        graphs.len(),
        if ablation { ", ablation" } else { "" }
    );
    println!("(not in data/graph_coloring, so not measured: DSJC125.5, DSJC250.5, flat300_28_0, le450_*c/d)");
    let seed_s = seed.to_string();
    let mut rows = Vec::new();
    for (g, k, chi) in &graphs {
        let file = root().join("data/graph_coloring").join(format!("{g}.col"));
        let (n, edges) = read_col(&file)?;
        let mut push = |method: &str, r: (String, String, String, String)| {
            let row = Row {
                graph: g.clone(),
                k: *k,
                chi: chi.clone(),
                method: method.into(),
                conflicts: r.0,
                seconds: r.1,
                outcome: r.2,
                detail: r.3,
            };
            eprintln!(
                "{} k={} {}: {} conflicts, {} s, {}",
                row.graph, row.k, row.method, row.conflicts, row.seconds, row.outcome
            );
            rows.push(row);
        };
        if ablation {
            let variants: &[(&str, &[&str])] = &[
                ("population 4 (default)", &[]),
                ("population 1", &["--population", "1"]),
                ("population 16", &["--population", "16"]),
                ("no dual multipliers", &["--dual-lr", "0"]),
                ("K=1 rounds in objective", &["--rounds", "1"]),
                ("K=2", &["--rounds", "2"]),
                ("K=3", &["--rounds", "3"]),
                ("K=4", &["--rounds", "4"]),
                ("soft forward", &["--forward", "soft"]),
                ("Adam through softmax", &["--optimizer", "adam", "--lr", "0.1"]),
            ];
            for (i, (name, extra)) in variants.iter().enumerate() {
                let plot = target_dir().join("bench-color").join(format!("{g}-k{k}-{i}.png"));
                let plot_s = plot.display().to_string();
                let mut a: Vec<&str> = vec!["--no-solver", "--no-repair", "--seed", &seed_s, "--plot", &plot_s];
                a.extend_from_slice(extra);
                push(name, color_row(&bin, &file, *k, limit, &a, n, &edges)?);
            }
            continue;
        }
        push(
            "relaxation alone",
            color_row(&bin, &file, *k, limit, &["--no-solver", "--no-repair", "--seed", &seed_s], n, &edges)?,
        );
        push("relaxation + repair + solver", color_row(&bin, &file, *k, limit, &["--seed", &seed_s], n, &edges)?);
        push("solver alone (softmask solve)", solver_row(&bin, &file, *k, limit, n, &edges)?);
        push("DSATUR", color_row(&bin, &file, *k, limit, &["--method", "dsatur"], n, &edges)?);
        push("TabuCol", color_row(&bin, &file, *k, limit, &["--method", "tabucol", "--seed", &seed_s], n, &edges)?);
        push("CP-SAT (1 worker)", cpsat_row(&file, *k, limit)?);
    }
    print_rows(&rows);
    if ablation {
        println!("plots: {}", target_dir().join("bench-color").display());
    }
    Ok(())
}
