//! `cargo xtask sim-board` stops its Verilator board when interrupted: SIGINT (Ctrl-C, or
//! `kill -INT` to the command's pid) leaves no simulator process behind.
//!
//! Needs `verilator`; without it the test fails in CI (CI set) and is skipped otherwise.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Every process whose parent is `pid` (from /proc).
fn children(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(p) = e.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{p}/stat")) else { continue };
        // Fields after the command name, which is in parentheses and may hold spaces.
        let rest = &stat[stat.rfind(')').map_or(0, |i| i + 2)..];
        if rest.split(' ').nth(1).and_then(|x| x.parse::<u32>().ok()) == Some(pid) {
            out.push(p);
        }
    }
    out
}

fn alive(pid: u32) -> bool {
    // A zombie has been stopped; it only waits for its parent to read its status.
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| !s.contains(") Z "))
}

#[test]
fn sigint_stops_the_simulated_board() {
    if Command::new("verilator").arg("--version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "verilator is not installed (CI is set, so this fails)");
        eprintln!("skipping: verilator not installed");
        return;
    }
    let mut xtask = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["sim-board"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let pid = xtask.id();
    let mut lines = BufReader::new(xtask.stdout.take().unwrap()).lines();
    // Building the model the first time takes a while; then the board prints its pty.
    let ready = lines.by_ref().map_while(Result::ok).any(|l| l.starts_with("pty "));
    assert!(ready, "sim-board never printed its pty");
    // The command's own process and everything it started.
    let mut procs = vec![pid];
    procs.extend(children(pid));
    let status = Command::new("kill").args(["-INT", &pid.to_string()]).status().unwrap();
    assert!(status.success());
    let t = Instant::now();
    let exit = loop {
        if let Some(s) = xtask.try_wait().unwrap() {
            break s;
        }
        assert!(t.elapsed() < Duration::from_secs(10), "sim-board still running 10 s after SIGINT");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(!exit.success(), "{exit:?}");
    let t = Instant::now();
    while procs.iter().any(|&p| alive(p)) && t.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let left: Vec<u32> = procs.iter().copied().filter(|&p| alive(p)).collect();
    for &p in &left {
        let _ = Command::new("kill").args(["-KILL", &p.to_string()]).status();
    }
    assert!(left.is_empty(), "still running after SIGINT: {left:?} (of {procs:?})");
}
