//! The serial backend end to end against the RTL: the board top with the gradient unit
//! (`hdl_gen::board::board_top`, what `cargo xtask sim-board` runs) under Verilator with its UART
//! on a pseudo-terminal (`sim/board/pty_tb.cpp`), opened like a serial port. The conformance
//! suite every backend runs (`common::conformance`: hard fixpoints, soft Q1.15 rounds, round
//! bitmasks, gradients, a search) equals semiring-core's, and the `softmask` binary
//! solves and trains over it exactly as on the cpu backend.
//!
//! Needs `verilator`; skipped with a message when it is missing and CI is unset (in CI it fails).

mod common;

use common::{conformance, solve_summary, train_small, ROOT};
use hdl_gen::board::{board_top, BoardConfig};
use host::backend::{Backend, SerialBackend};
use host::serial::{SerialConfig, SerialLink};
use protocol::faults::{FaultConfig, FaultyLink};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Simulated clocks per UART bit (the default of `cargo xtask sim-board`).
const CPB: u64 = 16;

/// Builds (or reuses) the simulated board; `None` when Verilator is missing outside CI.
fn build() -> Option<PathBuf> {
    let cfg =
        BoardConfig { clock_hz: CPB * 115_200, baud: 115_200, timeout_bytes: BoardConfig::ICEBREAKER.timeout_bytes };
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sim-board");
    std::fs::create_dir_all(&dir).unwrap();
    let verilog = dir.join("board_top.v");
    let text = board_top(&cfg).expect("board top generates");
    if std::fs::read_to_string(&verilog).ok().as_deref() != Some(text.as_str()) {
        std::fs::write(&verilog, text).unwrap();
    }
    let root = Path::new(ROOT);
    let paths = fpga_sim::SimPaths {
        verilog,
        waivers: root.join("sim/board/waivers.vlt"),
        harness: root.join("sim/board/pty_tb.cpp"),
        build_root: dir.join("builds"),
        verilator: PathBuf::from("verilator"),
    };
    match fpga_sim::build(&paths) {
        Ok(b) => {
            if !b.cached {
                eprintln!("built the simulated board in {:.1} s", b.build_time.as_secs_f64());
            }
            Some(b.exe)
        }
        Err(fpga_sim::SimError::VerilatorMissing) if std::env::var_os("CI").is_none() => {
            eprintln!("SKIPPED: verilator is not installed (apt-get install verilator); CI runs this test");
            None
        }
        Err(e) => panic!("building the simulated board: {e}"),
    }
}

/// A running simulated board; killed on drop.
struct Board {
    child: Child,
    path: String,
}

impl Board {
    fn start(exe: &Path) -> Board {
        let mut child =
            Command::new(exe).arg(CPB.to_string()).stdin(Stdio::null()).stdout(Stdio::piped()).spawn().unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        let path = first.strip_prefix("pty ").expect("pty_tb prints its pty").trim().to_string();
        Board { child, path }
    }
}

impl Drop for Board {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serial_backend_on_the_simulated_board_matches_semiring_core() {
    let Some(exe) = build() else { return };
    let board = Board::start(&exe);
    let cfg = SerialConfig { path: board.path.clone().into(), baud: 115_200, timeout: Duration::from_millis(500) };
    let mut serial = SerialBackend::open(&cfg).expect("session with the simulated board");
    let t = Instant::now();
    let width = serial.core.d;
    conformance(&mut serial, 6, width);
    eprintln!("conformance, 6 cases and a search, in {:.1} s: {}", t.elapsed().as_secs_f64(), serial.report());
    assert!(serial.grad_cycles > 0 && serial.cycles > 0, "the board reports its clocks");
}

/// The same through a link that flips, drops and duplicates bytes in both directions and cuts
/// requests short: every fault is retried (or reported), and every result is still exact.
#[test]
fn serial_backend_through_a_faulty_pty_stays_exact() {
    let Some(exe) = build() else { return };
    let board = Board::start(&exe);
    let cfg = SerialConfig { path: board.path.clone().into(), baud: 115_200, timeout: Duration::from_millis(200) };
    let faults = FaultConfig { flip: 0.0003, drop: 0.0003, dup: 0.0003, truncate: 0.01, reset: 0.0 };
    let link = FaultyLink::new(SerialLink::open(&cfg).expect("open the pty"), faults, 3);
    let mut serial = SerialBackend::new(link, 30).expect("session");
    let width = serial.core.d;
    conformance(&mut serial, 3, width);
    let injected = serial.client().link().inner.stats;
    eprintln!("faults {injected:?}: {}", serial.report());
    assert!(injected.total() > 0, "no fault was injected");
    assert!(serial.client().stats.attempts > serial.client().stats.requests, "faults must have caused retries");
}

/// `softmask solve --backend serial` and `softmask train --backend serial` against the simulated
/// board: the search of `--propagator jacobi` node for node, and the loss curve of
/// `--backend cpu` step for step.
#[test]
fn softmask_over_the_simulated_board_equals_cpu() {
    let Some(exe) = build() else { return };
    let board = Board::start(&exe);
    let t = Instant::now();
    let (serial, err) = solve_summary(&["--backend", "serial", "--device", &board.path]);
    eprintln!("solve over the simulated board: {:.1} s; {err}", t.elapsed().as_secs_f64());
    assert!(err.contains(", 1 program loads"), "{err}");
    let (jacobi, _) = solve_summary(&["--propagator", "jacobi"]);
    for key in ["instances", "sat", "nodes", "rounds", "failures"] {
        assert_eq!(serial[key], jacobi[key], "{key}: serial {} vs jacobi {}", serial[key], jacobi[key]);
    }
    let train_curve = |backend: &str| -> Vec<serde_json::Value> {
        let mut args = vec!["--limit", "4", "--steps", "2", "--batch", "2", "--backend", backend];
        if backend == "serial" {
            args.extend(["--device", &board.path]);
        }
        let t = Instant::now();
        let curve = train_small(&format!("serial-board-train-{backend}"), &args);
        eprintln!("train --backend {backend}: {:.1} s", t.elapsed().as_secs_f64());
        curve
    };
    let cpu = train_curve("cpu");
    assert_eq!(cpu.len(), 2);
    assert_eq!(train_curve("serial"), cpu, "serial (simulated board) and cpu loss curves differ");
}
