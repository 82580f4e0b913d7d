//! `softmask color` end to end on data/graph_coloring: the population relaxation, the solver
//! hand-over, DSATUR and TabuCol; every colouring in a report is recounted edge by edge against
//! the file read here; out-of-range options are refused with a message, never a panic.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/graph_coloring");

fn graph(name: &str) -> (PathBuf, usize, Vec<(usize, usize)>) {
    let path = PathBuf::from(DATA).join(format!("{name}.col"));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut n = 0;
    let mut edges = Vec::new();
    for l in text.lines() {
        let t: Vec<&str> = l.split_whitespace().collect();
        match t.first() {
            Some(&"p") => n = t[2].parse().unwrap(),
            Some(&"e") => edges.push((t[1].parse::<usize>().unwrap() - 1, t[2].parse::<usize>().unwrap() - 1)),
            _ => {}
        }
    }
    (path, n, edges)
}

fn color(name: &str, k: usize, extra: &[&str]) -> (Value, usize, Vec<(usize, usize)>) {
    let (path, n, edges) = graph(name);
    let out = Command::new(env!("CARGO_BIN_EXE_softmask"))
        .arg("color")
        .arg(&path)
        .args(["--k", &k.to_string(), "--json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{name} {extra:?}: {}", String::from_utf8_lossy(&out.stderr));
    (serde_json::from_slice(&out.stdout).unwrap(), n, edges)
}

fn recount(n: usize, edges: &[(usize, usize)], k: usize, c: &Value) -> usize {
    let c: Vec<usize> = c.as_array().unwrap().iter().map(|x| x.as_u64().unwrap() as usize).collect();
    assert_eq!(c.len(), n);
    assert!(c.iter().all(|&x| x < k));
    edges.iter().filter(|&&(u, v)| c[u] == c[v]).count()
}

#[test]
fn relaxation_alone_colours_at_chi_and_the_report_recounts() {
    // Graphs the gradient rounding colours at chi in well under a second on a quiet machine.
    for (name, k) in [("myciel5", 6), ("queen6_6", 7), ("queen8_12", 12), ("DSJC125.1", 5)] {
        let (r, n, edges) = color(name, k, &["--no-solver", "--no-repair", "--time-limit", "30"]);
        assert_eq!(r["outcome"], "descent", "{name}: {r}");
        assert_eq!(r["descent_conflicts"], 0);
        assert_eq!(recount(n, &edges, k, &r["coloring"]), 0, "{name}");
        assert_eq!(r["conflicts"], 0);
    }
}

#[test]
fn unfinished_relaxation_reports_its_true_conflicts_and_the_solver_refutes() {
    // queen5_5 at 4 colours: no colouring exists, so the relaxation must end above 0 and the
    // solver must prove it.
    let (r, _, _) = color("queen5_5", 4, &["--time-limit", "2", "--descent-share", "0.25"]);
    assert_eq!(r["outcome"], "impossible", "{r}");
    assert!(r["relaxed_conflicts"].as_u64().unwrap() > 0);
    assert!(r["descent_conflicts"].as_u64() >= r["relaxed_conflicts"].as_u64());
    assert!(r["coloring"].is_null());
}

#[test]
fn dsatur_and_tabucol_colourings_are_valid() {
    for (name, k) in [("queen7_7", 7), ("le450_25a", 25), ("myciel6", 7)] {
        let (r, n, edges) = color(name, k, &["--method", "dsatur"]);
        let used = r["dsatur_colors"].as_u64().unwrap() as usize;
        assert!(used >= k, "{name}: DSATUR below chi is impossible");
        if !r["coloring"].is_null() {
            assert_eq!(recount(n, &edges, k, &r["coloring"]), 0);
        }
        let (r, n, edges) = color(name, k, &["--method", "tabucol", "--time-limit", "20"]);
        assert_eq!(r["outcome"], "heuristic", "{name}: {r}");
        assert_eq!(recount(n, &edges, k, &r["coloring"]), 0, "{name}");
    }
}

#[test]
fn options_out_of_range_are_refused_with_a_message() {
    let (path, _, _) = graph("myciel3");
    for bad in [
        &["--k", "4", "--time-limit", "nan"][..],
        &["--k", "4", "--time-limit", "inf"],
        &["--k", "4", "--time-limit", "1e20"],
        &["--k", "4", "--time-limit=-1"],
        &["--k", "4", "--time-limit", "0"],
        &["--k", "1000000"],
        &["--k", "0"],
        &["--k", "4", "--rounds", "1e9"],
        &["--k", "4", "--rounds", "1000000000"],
        &["--k", "4", "--population", "0"],
        &["--k", "4", "--population", "100000000"],
        &["--k", "4", "--lr", "nan"],
        &["--k", "4", "--lr", "0"],
        &["--k", "4", "--decay", "2"],
        &["--k", "4", "--noise", "inf"],
        &["--k", "4", "--descent-share", "1.5"],
        &["--k", "4", "--steps", "0"],
        &["--k", "4", "--steps", "1e9"],
        &["--k", "4", "--epoch", "0"],
        &["--k", "4", "--hidden", "100000"],
        &["--k", "4", "--layers", "100000"],
        &["--k", "4", "--random-features", "1000000000"],
        &["--k", "4", "--dual-decay", "2"],
        &["--k", "4", "--threads", "0"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_softmask")).arg("color").arg(&path).args(bad).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad:?} must be a usage error");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("invalid value") && !err.contains("panicked"), "{bad:?}: {err}");
    }
    // A graph whose population would not fit is refused before allocating.
    let dir = std::env::temp_dir().join(format!("softmask-color-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.col");
    std::fs::write(&big, "p edge 500000 0\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_softmask"))
        .arg("color")
        .arg(&big)
        .args(["--k", "1000", "--population", "64"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("exceeds the limit"));
    std::fs::remove_dir_all(&dir).unwrap();
}
