//! `cargo xtask bench`: benchmark figures, printed side by side.
//!
//! `cargo xtask bench solve [--puzzles N] [--data DIR] [--runs N]`: builds the `softmask` binary in
//! release mode and solves every Sudoku file of `data/sudoku/` with it (one process per
//! file and run, single thread, first solution only, the `softmask solve` defaults), then prints
//! puzzles per second (the median of the runs, default 5: a file's search takes only milliseconds,
//! so one run is at the mercy of a busy machine), mean search nodes and mean propagation rounds
//! per file, beside tdoku's published speed for the same dataset class (from the data README:
//! different machine, full files; published, not measured here) and the ratio. Other benchmarks
//! are dispatched to `bench_peers`.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn run(args: &[String]) -> Result<()> {
    if args.first().map(String::as_str) == Some("solve") {
        return solve(&args[1..]);
    }
    if args.first().map(String::as_str) == Some("color") {
        return crate::bench_color::run(&args[1..]);
    }
    if let Some(r) = crate::bench_peers::dispatch(args) {
        return r;
    }
    let what = args.first().map_or("name a benchmark".to_string(), |a| format!("unknown benchmark `{a}`"));
    bail!(
        "{what}; cargo xtask bench <name>:\n{}\n  solve    `softmask solve` on every Sudoku file \
         (--puzzles N, --data DIR, --runs N), beside tdoku's published figures\n  color    colouring at chi: relaxation, + solver, solver, DSATUR, TabuCol, CP-SAT \
         (--quick, --time-limit S, --graphs a:k,..., --ablation)",
        crate::bench_peers::HELP
    )
}

/// tdoku's published puzzles/second for the tdoku dataset `file` samples (one table for both
/// benchmarks: `bench_peers::SUDOKU_FILES`).
fn published(file: &str) -> Option<(&'static str, f64)> {
    crate::bench_peers::SUDOKU_FILES.iter().find(|(f, _, _)| *f == file).map(|&(_, name, v)| (name, v))
}

struct Row {
    file: String,
    puzzles: u64,
    /// Median over the runs, and the slowest and fastest run.
    per_second: f64,
    per_second_range: (f64, f64),
    wall_per_second: f64,
    /// Puzzles per CPU second of the whole process (user + system), when measured.
    cpu_per_second: Option<f64>,
    mean_nodes: f64,
    mean_rounds: f64,
    unsolved: u64,
}

fn solve(args: &[String]) -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().context("workspace root")?.to_path_buf();
    let mut data = root.join("data/sudoku");
    let mut puzzles: Option<usize> = None;
    let mut runs = 5usize;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--puzzles" => puzzles = Some(it.next().context("--puzzles N")?.parse().context("--puzzles N")?),
            "--data" => data = PathBuf::from(it.next().context("--data DIR")?),
            "--runs" => runs = it.next().context("--runs N")?.parse().context("--runs N")?,
            other => bail!("unknown option {other} (bench solve [--puzzles N] [--data DIR] [--runs N])"),
        }
    }
    crate::run_cmd(
        Command::new("cargo").args(["build", "--release", "-p", "host", "--bin", "softmask"]).current_dir(&root),
    )?;
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let target = if target.is_absolute() { target } else { root.join(target) };
    let bin = target.join("release/softmask");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&data)
        .with_context(|| format!("{}: cannot list the Sudoku data", data.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            (name.ends_with(".txt") || name.ends_with(".csv")) && !name.ends_with(".solved.txt")
        })
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("no Sudoku files in {}", data.display());
    }
    if runs == 0 {
        bail!("--runs must be at least 1");
    }
    let tmp = std::env::temp_dir().join(format!("softmask-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp)?;
    let mut rows = Vec::new();
    for f in &files {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_string();
        let input = match puzzles {
            None => f.clone(),
            Some(n) => {
                // Keep a CSV header line beyond the n puzzles.
                let text = std::fs::read_to_string(f).with_context(|| format!("{}", f.display()))?;
                let extra = usize::from(name.ends_with(".csv"));
                let part: String = text.lines().take(n + extra).map(|l| format!("{l}\n")).collect();
                let p = tmp.join(&name);
                std::fs::write(&p, part)?;
                p
            }
        };
        eprintln!("bench solve: {name} ({runs} runs) ...");
        let mut each = Vec::new();
        for _ in 0..runs {
            each.push(run_once(&bin, &input, &name)?);
        }
        // The searches are deterministic: every run must report the same work.
        let work = |r: &Row| (r.puzzles, r.mean_nodes.to_bits(), r.mean_rounds.to_bits(), r.unsolved);
        if let Some(r) = each.iter().find(|r| work(r) != work(&each[0])) {
            bail!("{name}: runs disagree on puzzles, nodes, rounds or unsolved: {:?} vs {:?}", work(r), work(&each[0]));
        }
        let median = |f: &dyn Fn(&Row) -> f64| {
            let mut v: Vec<f64> = each.iter().map(f).collect();
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let rates: Vec<f64> = each.iter().map(|r| r.per_second).collect();
        let cpu = each.iter().all(|r| r.cpu_per_second.is_some()).then(|| median(&|r| r.cpu_per_second.unwrap_or(0.0)));
        rows.push(Row {
            per_second: median(&|r| r.per_second),
            per_second_range: (
                rates.iter().copied().fold(f64::MAX, f64::min),
                rates.iter().copied().fold(0.0, f64::max),
            ),
            wall_per_second: median(&|r| r.wall_per_second),
            cpu_per_second: cpu,
            ..each.swap_remove(0)
        });
    }
    let _ = std::fs::remove_dir_all(&tmp);
    print_table(&rows, puzzles, runs);
    Ok(())
}

/// One `softmask solve --json --quiet` run on `input`, read back from its summary line.
fn run_once(bin: &Path, input: &Path, name: &str) -> Result<Row> {
    // Under /usr/bin/time when present: CPU seconds do not depend on how busy the machine is.
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = Command::new(time);
        c.args(["-f", "softmask-cpu %U %S"]).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    let out = cmd
        .arg("solve")
        .arg(input)
        .args(["--json", "--quiet"])
        .output()
        .with_context(|| format!("could not run {}", bin.display()))?;
    let cpu_seconds = String::from_utf8_lossy(&out.stderr).lines().rev().find_map(|l| {
        let mut w = l.strip_prefix("softmask-cpu ")?.split(' ').map(|x| x.parse::<f64>());
        Some(w.next()?.ok()? + w.next()?.ok()?)
    });
    if !out.status.success() {
        bail!("softmask failed on {name}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().context("no summary line")?;
    let v: serde_json::Value = serde_json::from_str(last).context("summary line")?;
    let s = &v["summary"];
    let num = |k: &str| s[k].as_f64().with_context(|| format!("summary field {k}"));
    let n = num("instances")?;
    let per_second = n / num("search_seconds")?.max(1e-12);
    Ok(Row {
        file: name.to_string(),
        puzzles: n as u64,
        per_second,
        per_second_range: (per_second, per_second),
        wall_per_second: n / num("wall_seconds")?.max(1e-12),
        // /usr/bin/time counts in 10 ms steps: too coarse below a tenth of a second.
        cpu_per_second: cpu_seconds.filter(|&c| c >= 0.1).map(|c| n / c),
        mean_nodes: num("mean_nodes")?,
        mean_rounds: num("mean_rounds")?,
        unsolved: (num("unsat")? + num("limit")?) as u64,
    })
}

fn print_table(rows: &[Row], puzzles: Option<usize>, runs: usize) {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    println!();
    println!(
        "softmask solve, release build, single thread, first solution, worklist + group reasoning; {}; {cpu}",
        match puzzles {
            Some(n) => format!("first {n} puzzles of each file"),
            None => "every puzzle".into(),
        }
    );
    println!(
        "puzzles/s = puzzles / summed search time (wall clock), the median of {runs} runs (slowest - fastest beside it);"
    );
    println!(
        "wall/s includes starting the process, reading the file and compiling the network; cpu/s = puzzles / CPU seconds"
    );
    println!("(user + system) of the whole process, which a busy machine does not skew (medians too).");
    println!();
    println!(
        "| {:<38} | {:>7} | {:>10} | {:>21} | {:>10} | {:>10} | {:>10} | {:>11} | {:>8} | {:>13} | {:<52} |",
        "file",
        "puzzles",
        "puzzles/s",
        "runs: slowest-fastest",
        "wall/s",
        "cpu/s",
        "mean nodes",
        "mean rounds",
        "unsolved",
        "vs tdoku",
        "tdoku puzzles/s (published, not measured)"
    );
    println!(
        "|{:-<40}|{:->9}|{:->12}|{:->23}|{:->12}|{:->12}|{:->12}|{:->13}|{:->10}|{:->15}|{:-<54}|",
        "", "", "", "", "", "", "", "", "", "", ""
    );
    for r in rows {
        let published = published(&r.file);
        let pubd = published.map(|(d, v)| format!("{v:.1} ({d})")).unwrap_or_else(|| "-".into());
        let ratio = published.map(|(_, v)| format!("{:.2}x", r.per_second / v)).unwrap_or_else(|| "-".into());
        println!(
            "| {:<38} | {:>7} | {:>10.1} | {:>21} | {:>10.1} | {:>10} | {:>10.1} | {:>11.1} | {:>8} | {:>13} | {:<52} |",
            r.file,
            r.puzzles,
            r.per_second,
            format!("{:.0}-{:.0}", r.per_second_range.0, r.per_second_range.1),
            r.wall_per_second,
            r.cpu_per_second.map(|c| format!("{c:.1}")).unwrap_or_else(|| "-".into()),
            r.mean_nodes,
            r.mean_rounds,
            r.unsolved,
            ratio,
            pubd
        );
    }
    println!();
    println!(
        "tdoku figures: t-dillon/tdoku benchmarks/results_i7-1065G7 (i7-1065G7, one core, clang-11 -O3 -march=native,"
    );
    println!("full tdoku files, not these subsets); royle_17_clue is compared with tdoku's 17-clue set (same puzzles up to isomorphism).");
}
