//! The serial transport on a real pseudo-terminal (no Verilator needed): the protocol's board
//! model (engine + gradient unit) answers on the master side in a thread, and `SerialBackend`
//! opens the slave like a serial port (termios raw mode, baud rate, reply timeout). The
//! conformance suite every backend runs (hard fixpoints, soft Q1.15 rounds, the straight-through
//! rounds and backward pass, a search) comes back equal to semiring-core, and the
//! `softmask` binary solves and trains over it exactly as on the cpu backend. (The same against
//! the RTL board top under Verilator: `tests/serial_board.rs`.)

mod common;

use common::{conformance, solve_summary, train_small};
use host::backend::SerialBackend;
use host::serial::{SerialConfig, SerialLink};
use protocol::board::{BoardModel, GradConfig};
use protocol::engine::CoreConfig;
use protocol::{Device, Link};
use rustix::pty::{grantpt, openpt, ptsname, unlockpt, OpenptFlags};
use std::fs::File;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A pty whose master side runs `device`; returns the slave's path and a slave handle that keeps
/// the pty alive between the processes that open it.
fn board_on_pty(mut device: Device<BoardModel>) -> (PathBuf, File) {
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("openpt");
    grantpt(&master).expect("grantpt");
    unlockpt(&master).expect("unlockpt");
    let path = PathBuf::from(ptsname(&master, Vec::new()).expect("ptsname").into_string().expect("utf-8 path"));
    let keep = std::fs::OpenOptions::new().read(true).write(true).open(&path).expect("open the slave");
    let mut port = File::from(master);
    std::thread::spawn(move || {
        let mut buf = [0u8; 256];
        // Ends when the slave is closed for good (EIO) or the test process exits.
        while let Ok(n) = port.read(&mut buf) {
            for &b in &buf[..n] {
                if let Some(reply) = device.receive(b) {
                    if port.write_all(&reply.encode()).is_err() {
                        return;
                    }
                }
            }
        }
    });
    (path, keep)
}

fn ulx3s_model() -> Device<BoardModel> {
    Device::new(BoardModel::with_grad(CoreConfig::DEFAULT, GradConfig::DEFAULT), 256)
}

#[test]
fn serial_backend_over_a_pty_matches_semiring_core() {
    let (path, _keep) = board_on_pty(ulx3s_model());
    let cfg = SerialConfig { path, baud: 115_200, timeout: Duration::from_millis(300) };
    let mut serial = SerialBackend::open(&cfg).expect("open the pty and a session");
    conformance(&mut serial, 20, CoreConfig::DEFAULT.d);
    let stats = serial.client().stats;
    assert_eq!(stats.attempts, stats.requests, "a clean pty needs no retries: {stats:?}");
}

/// Nothing answers: `recv` reports the timeout after about the configured time, not earlier and
/// not much later, and the client turns repeated timeouts into `NoReply`.
#[test]
fn serial_link_times_out_when_nothing_answers() {
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("openpt");
    grantpt(&master).expect("grantpt");
    unlockpt(&master).expect("unlockpt");
    let path = PathBuf::from(ptsname(&master, Vec::new()).unwrap().into_string().unwrap());
    let cfg = SerialConfig { path, baud: 115_200, timeout: Duration::from_millis(200) };
    let mut link = SerialLink::open(&cfg).expect("open");
    link.send(&[0xa5, 0, 1, 1, 0, 0, 0, 0]).expect("send");
    let t = Instant::now();
    assert_eq!(link.recv().expect("no error"), None);
    let waited = t.elapsed();
    assert!(waited >= Duration::from_millis(150) && waited < Duration::from_millis(1500), "waited {waited:?}");
    let err = SerialBackend::new(link, 2).err().expect("nothing answers HELLO");
    assert!(err.to_string().contains("no valid reply to command 0x01"), "{err}");
    drop(master);
}

/// `softmask train` for 3 steps on 6 Sudoku puzzles; returns the metrics without timings.
fn train_curve(extra: &[&str], name: &str) -> Vec<serde_json::Value> {
    let mut args = vec!["--limit", "6", "--steps", "3", "--batch", "3", "--k", "2"];
    args.extend(extra);
    train_small(&format!("serial-pty-train-{name}"), &args)
}

/// The `softmask` binary on `--backend serial --device <pty>`: the same search as Jacobi on the
/// CPU (nodes, rounds), one session and one program load for all puzzles, and a training curve
/// equal to `--backend cpu`'s. Two processes in turn open the same board.
#[test]
fn softmask_solves_and_trains_over_a_pty_board_like_cpu() {
    let (path, _keep) = board_on_pty(ulx3s_model());
    let device = path.to_str().unwrap();
    let (serial, err) = solve_summary(&["--backend", "serial", "--device", device]);
    assert!(err.contains("serial backend: engine ") && err.contains(", 1 program loads"), "{err}");
    let (jacobi, _) = solve_summary(&["--propagator", "jacobi"]);
    for key in ["instances", "sat", "nodes", "rounds", "failures"] {
        assert_eq!(serial[key], jacobi[key], "{key}: serial {} vs jacobi {}", serial[key], jacobi[key]);
    }
    let cpu = train_curve(&["--backend", "cpu"], "cpu");
    let board = train_curve(&["--backend", "serial", "--device", device], "serial");
    assert_eq!(cpu.len(), 3);
    assert_eq!(board, cpu, "serial and cpu loss curves differ");
}
