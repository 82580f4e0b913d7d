//! End to end under Verilator: `protocol::Client` -> UART pins -> frame layer
//! -> engine and gradient unit (the whole board top) -> back, against
//! semiring-core: hard fixpoints and soft rounds on random networks, the
//! straight-through forward (K hard rounds) and backward (`st_backward_fixed`)
//! on random networks and Sudoku must come back bit for bit and agree with
//! the device model (`protocol::board::BoardModel`); a reset mid-session must
//! be reported, never answered with stale data; the engine-only top (the
//! iCEBreaker's) says it has no gradient unit.
//!
//! Needs `verilator`; without it the test fails in CI (CI set) and is skipped
//! with a message otherwise.

use hdl_gen::board::{board_top, engine_board_top};
use protocol::board::{map, BoardModel, GradConfig};
use protocol::client::LinkError;
use protocol::engine::{reg, CoreConfig};
use protocol::faults::{FaultConfig, FaultyLink, LossyLink};
use protocol::session::{grad_config, load_program, run_backward, run_hard, run_hard_rounds, run_soft};
use protocol::{Client, ClientError, Device, Link};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use semiring_core::st_fixed::st_backward_fixed;
use semiring_core::testing::{random_program, random_upstream, sudoku, Limits};
use semiring_core::{hard_fixpoint, hard_rounds, soft_rounds, Boolean, Domains, Fixed, FixpointOutcome, Program, Q15};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};

mod common;
use common::*;

/// Builds `sim/board/<name>.cpp` around the board top with the gradient unit.
fn build(name: &str) -> PathBuf {
    build_top(name, board_top(&cfg()).expect("board top generates"))
}

/// The simulated board's pseudo-terminal, opened like a serial port.
struct PtyLink {
    child: Child,
    _stdin: ChildStdin,
    port: std::fs::File,
    rx: std::sync::mpsc::Receiver<u8>,
    timeout: std::time::Duration,
}

impl PtyLink {
    fn new(exe: &Path) -> PtyLink {
        let mut child =
            Command::new(exe).arg(CPB.to_string()).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        let path = first.strip_prefix("pty ").expect("pty_tb prints its pty").trim().to_string();
        let port = std::fs::OpenOptions::new().read(true).write(true).open(&path).unwrap();
        let mut reader = port.try_clone().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 256];
            while let Ok(n) = std::io::Read::read(&mut reader, &mut buf) {
                if n == 0 || buf[..n].iter().any(|&b| tx.send(b).is_err()) {
                    break;
                }
            }
        });
        PtyLink { child, _stdin: stdin, port, rx, timeout: std::time::Duration::from_millis(400) }
    }
}

impl Link for PtyLink {
    fn send(&mut self, bytes: &[u8]) -> Result<(), LinkError> {
        self.port.write_all(bytes).map_err(|e| LinkError(format!("pty write: {e}")))
    }
    fn recv(&mut self) -> Result<Option<u8>, LinkError> {
        Ok(self.rx.recv_timeout(self.timeout).ok())
    }
}

impl Drop for PtyLink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One hard and one soft run of a random program; panics on a wrong result.
fn job<L: Link>(c: &mut Client<L>, rng: &mut ChaCha8Rng, label: &str) -> Result<(), ClientError> {
    let core = CoreConfig::DEFAULT;
    let w = rng.gen_range(2..=core.d);
    let p = random_program(rng, Limits::uniform(w, 10, 30));
    load_program(c, &core, &p)?;
    let bits: Vec<bool> = (0..p.num_vars() * w).map(|_| rng.gen_bool(0.7)).collect();
    let init: Domains<Boolean> = Domains::from_fn(&p.widths, |v, a| bits[v * w + a]);
    let (mut want, mut got) = (init.clone(), init);
    hard_fixpoint(&p, &mut want, 8);
    run_hard(c, &core, &mut got, 8)?;
    assert_eq!(got, want, "{label}: hard domains");
    let probs: Vec<u16> = (0..p.num_vars() * w).map(|_| rng.gen_range(0..=0x8000)).collect();
    let init: Domains<Fixed> = Domains::from_probs(&p.widths, |v, a| Q15(probs[v * w + a]));
    let want = soft_rounds(&p, &init, 2).pop().unwrap();
    let mut got = init;
    run_soft(c, &core, &mut got, 2)?;
    assert_eq!(got, want, "{label}: soft domains");
    // Straight-through forward on the engine, backward on the gradient unit.
    let g = grad_config(c)?;
    let d0: Domains<Boolean> = Domains::from_fn(&p.widths, |v, a| bits[v * w + a]);
    let k = rng.gen_range(1..=3);
    let (rounds, _) = run_hard_rounds(c, &core, &d0, k)?;
    assert_eq!(rounds, hard_rounds(&p, &d0, k), "{label}: hard rounds");
    let up = random_upstream(rng, p.num_vars() * w);
    let got = run_backward(c, &g, &p, &rounds, &up)?;
    assert_eq!(got.grad, st_backward_fixed(&p, &rounds, &up).unwrap(), "{label}: gradients");
    Ok(())
}

/// The simulated board on a pseudo-terminal, the path a serial backend takes:
/// clean, then with bytes flipped, dropped and duplicated in both directions
/// and requests cut short. Every result (hard and soft domains, hard rounds,
/// gradients) is semiring-core's, bit for bit.
#[test]
fn pty_board_with_faults_matches_semiring_core() {
    if !verilator_available() {
        return;
    }
    let exe = build("pty_tb");
    let mut rng = ChaCha8Rng::seed_from_u64(12);
    let mut c = Client::new(PtyLink::new(&exe), 3);
    c.hello().unwrap();
    for j in 0..3 {
        job(&mut c, &mut rng, &format!("clean job {j}")).unwrap();
    }
    assert_eq!(c.stats.attempts, c.stats.requests, "a clean pty needs no retries");
    let faults = FaultConfig { flip: 0.002, drop: 0.002, dup: 0.002, truncate: 0.02, reset: 0.0 };
    let mut c = Client::new(FaultyLink::new(PtyLink::new(&exe), faults, 13), 30);
    c.hello().unwrap();
    let jobs = if std::env::var_os("SOFTMASK_SLOW").is_some() { 12 } else { 4 };
    for j in 0..jobs {
        job(&mut c, &mut rng, &format!("faulty job {j}")).unwrap();
    }
    let f = c.link().stats;
    eprintln!("pty with faults: {f:?}, client {:?}", c.stats);
    assert!(f.total() > 0, "no fault was injected");
    assert!(c.stats.attempts > c.stats.requests, "faults must have caused retries");
}

#[test]
fn client_to_engine_over_uart_matches_semiring_core() {
    if !verilator_available() {
        return;
    }
    let exe = build("board_tb");
    let core = CoreConfig::DEFAULT;
    let mut c = Client::new(SimLink::new(&exe), 3);
    let hello = c.hello().unwrap();
    assert_eq!((hello.version, hello.max_words, hello.timeout_bytes), (1, 32, T));
    let info = c.read(reg::INFO, 1).unwrap()[0];
    assert_eq!(info & 0xff, core.d as u32, "engine INFO register: {info:#x}");
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let jobs = if std::env::var_os("SOFTMASK_SLOW").is_some() { 60 } else { 12 };
    for job in 0..jobs {
        let w = rng.gen_range(2..=core.d);
        let p = random_program(&mut rng, Limits::uniform(w, 10, 30));
        load_program(&mut c, &core, &p).unwrap();
        // Hard: fixpoint with a round limit.
        let bits: Vec<bool> = (0..p.num_vars() * w).map(|_| rng.gen_bool(0.7)).collect();
        let init: Domains<Boolean> = Domains::from_fn(&p.widths, |v, a| bits[v * w + a]);
        let max_rounds = rng.gen_range(1..=8);
        let (mut want, mut got) = (init.clone(), init.clone());
        let fix = hard_fixpoint(&p, &mut want, max_rounds);
        let rep = run_hard(&mut c, &core, &mut got, max_rounds).unwrap();
        assert_eq!(got, want, "job {job}: hard domains");
        let outcome = match fix.outcome {
            FixpointOutcome::Stable => reg::STABLE,
            FixpointOutcome::Wipeout(_) => reg::WIPEOUT,
            FixpointOutcome::RoundLimit => reg::ROUND_LIMIT,
        };
        assert_eq!((rep.outcome, rep.rounds as usize), (outcome, fix.rounds), "job {job}: hard outcome");
        assert!(rep.cycles > 0, "job {job}: the engine reports its cycles");
        // Soft: k rounds in Q1.15.
        let probs: Vec<u16> = (0..p.num_vars() * w).map(|_| rng.gen_range(0..=0x8000)).collect();
        let init: Domains<Fixed> = Domains::from_probs(&p.widths, |v, a| Q15(probs[v * w + a]));
        let k = rng.gen_range(1..=3);
        let want = soft_rounds(&p, &init, k).pop().unwrap();
        let mut got = init.clone();
        let rep = run_soft(&mut c, &core, &mut got, k).unwrap();
        assert_eq!(got, want, "job {job}: soft domains");
        assert_eq!(rep.outcome, reg::SOFT_DONE, "job {job}: soft status");
    }
    eprintln!(
        "{jobs} jobs: {} requests, {} attempts, {} simulated clocks",
        c.stats.requests,
        c.stats.attempts,
        c.link().cycles
    );
    assert_eq!(c.stats.attempts, c.stats.requests, "a clean link needs no retries");

    // A reset between loading and running is reported, not run on.
    c.link_mut().reset();
    let e = c.start().unwrap_err();
    assert!(matches!(e, ClientError::DeviceReset { .. }), "{e}");
}

/// The device model of the same board, for comparing what both answer.
fn model() -> Client<LossyLink<BoardModel>> {
    let dev = Device::new(BoardModel::with_grad(CoreConfig::DEFAULT, GradConfig::DEFAULT), T as u32);
    Client::new(LossyLink::new(dev, T as u32, FaultConfig::default(), 0), 1)
}

/// The board registers and the gradient unit's registers (CYCLES aside, which the model does not count).
fn registers<L: Link>(c: &mut Client<L>) -> Vec<u32> {
    let mut r = c.read(map::BOARD_INFO, 2).unwrap();
    r.extend(c.read(map::GRAD_K, 4).unwrap());
    r.extend(c.read(map::GRAD_STATUS, 1).unwrap());
    r.extend(c.read(map::GRAD_INFO, 1).unwrap());
    r
}

/// Forward K hard rounds and the backward pass over the UART on the board top
/// and on the device model, against semiring-core: random networks (K = 0..=8,
/// widths 1..=16, saturating upstream values among them) and a Sudoku.
#[test]
fn backward_over_uart_matches_st_backward_fixed_and_the_model() {
    if !verilator_available() {
        return;
    }
    let exe = build("board_tb");
    let core = CoreConfig::DEFAULT;
    let mut c = Client::new(SimLink::new(&exe), 3);
    let mut m = model();
    c.hello().unwrap();
    m.hello().unwrap();
    assert_eq!(c.read(map::BOARD_INFO, 1).unwrap(), vec![map::HAS_ENGINE | map::HAS_GRAD]);
    let g = grad_config(&mut c).unwrap();
    assert_eq!(g, GradConfig::DEFAULT, "gradient unit INFO");
    assert_eq!(registers(&mut c), registers(&mut m), "registers after power-up");
    let mut rng = ChaCha8Rng::seed_from_u64(21);
    let jobs = if std::env::var_os("SOFTMASK_SLOW").is_some() { 60 } else { 16 };
    let (mut saturated, mut nonzero) = (0, 0);
    for job in 0..jobs {
        let w = rng.gen_range(1..=core.d);
        let p = random_program(&mut rng, Limits::uniform(w, 10, 30));
        let dens = rng.gen_range(0.4..0.95);
        let bits: Vec<bool> = (0..p.num_vars() * w).map(|_| rng.gen_bool(dens)).collect();
        let d0: Domains<Boolean> = Domains::from_fn(&p.widths, |v, a| bits[v * w + a]);
        let k = if job < 2 { job * 8 } else { rng.gen_range(1..=g.max_rounds()) };
        let up = random_upstream(&mut rng, p.num_vars() * w);
        let want = st_backward_fixed(&p, &hard_rounds(&p, &d0, k), &up).unwrap();
        for (who, got) in [("board", backward(&mut c, &p, &d0, k, &up)), ("model", backward(&mut m, &p, &d0, k, &up))] {
            assert_eq!(got.0, hard_rounds(&p, &d0, k), "job {job} {who}: hard rounds");
            assert_eq!(got.1.grad, want, "job {job} {who}: gradients (K = {k}, width {w})");
            if who == "board" && k > 0 {
                assert!(got.1.cycles > 0, "job {job}: the unit reports its cycles");
            }
        }
        assert_eq!(registers(&mut c), registers(&mut m), "job {job}: registers");
        saturated += want.saturated as usize;
        nonzero += want.grad.iter().filter(|&&x| x != 0).count();
    }
    assert!(saturated >= 1 && nonzero >= 100, "weak cases: {saturated} saturating jobs, {nonzero} nonzero cells");

    // Sudoku (1620 instructions): the engine and the unit share the loaded program.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/sudoku/tdoku_17_clue.txt");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let net = sudoku(text.lines().next().unwrap().trim());
    let p = net.compile().unwrap();
    for k in [1, 4, 8] {
        let up = random_upstream(&mut rng, 81 * 9);
        let want = st_backward_fixed(&p, &hard_rounds(&p, &net.initial_domains(), k), &up).unwrap();
        let (clocks, requests) = (c.link().cycles, c.stats.requests);
        let got = backward(&mut c, &p, &net.initial_domains(), k, &up);
        assert_eq!(got.1.grad, want, "sudoku K = {k}: gradients");
        assert_eq!(backward(&mut m, &p, &net.initial_domains(), k, &up).1.grad, want, "sudoku K = {k}: model");
        assert!(want.grad.iter().any(|&x| x != 0));
        // The simulated UART runs at CPB clocks per bit of 115200 baud, so
        // elapsed clocks / (CPB * 115200) is the wall time on a real link.
        eprintln!(
            "sudoku K = {k}: backward {} cycles, saturated {}; whole step (load, K rounds, backward) {} requests, \
             {:.2} s at 115200 baud",
            got.1.cycles,
            want.saturated,
            c.stats.requests - requests,
            (c.link().cycles - clocks) as f64 / (CPB * 115_200) as f64
        );
    }
    eprintln!(
        "{jobs} backward jobs + Sudoku: {} requests, {} attempts, {} simulated clocks",
        c.stats.requests,
        c.stats.attempts,
        c.link().cycles
    );
    assert_eq!(c.stats.attempts, c.stats.requests, "a clean link needs no retries");

    // Engine runs after a backward reach the engine again (writing MODE selects it).
    let mut d = net.initial_domains();
    let mut want = d.clone();
    hard_fixpoint(&p, &mut want, 50);
    run_hard(&mut c, &core, &mut d, 50).unwrap();
    assert_eq!(d, want, "sudoku fixpoint after the backward runs");

    // A reset while the gradient unit runs (Sudoku, K = 8: ~635k clocks) closes
    // the session but not the run: WRITEs are refused BUSY until it ends, and
    // load_program waits for it, after which the job reruns correctly.
    c.write(map::GRAD_K, &[8, p.instructions.len() as u32, 81, 9]).unwrap();
    c.start().unwrap();
    c.link_mut().reset();
    assert!(matches!(c.read(map::GRAD_STATUS, 1).unwrap_err(), ClientError::DeviceReset { .. }));
    c.hello().unwrap();
    assert_ne!(c.read(map::GRAD_STATUS, 1).unwrap()[0] & map::BUSY, 0, "the run goes on after the reset");
    let e = c.write(map::GRAD_K, &[1]).unwrap_err();
    assert!(matches!(e, ClientError::Refused { status: 0x08, .. }), "{e}");
    let up = random_upstream(&mut rng, 81 * 9);
    let want = st_backward_fixed(&p, &hard_rounds(&p, &net.initial_domains(), 8), &up).unwrap();
    assert_eq!(backward(&mut c, &p, &net.initial_domains(), 8, &up).1.grad, want, "sudoku after a reset mid-run");

    // A reset between loading and the backward START is reported, not run on.
    c.link_mut().reset();
    let e = c.start().unwrap_err();
    assert!(matches!(e, ClientError::DeviceReset { .. }), "{e}");
    c.hello().unwrap();
    assert_eq!(c.read(map::START_UNIT, 1).unwrap(), vec![map::UNIT_ENGINE], "reset selects the engine");
}

/// `load_program`, `run_hard_rounds` and `run_backward` on one client.
fn backward<L: Link>(
    c: &mut Client<L>,
    p: &Program,
    d0: &Domains<Boolean>,
    k: usize,
    up: &[i32],
) -> (Vec<Domains<Boolean>>, protocol::session::BackwardReport) {
    let core = CoreConfig::DEFAULT;
    let g = grad_config(c).unwrap();
    load_program(c, &core, p).unwrap();
    let (rounds, _) = run_hard_rounds(c, &core, d0, k).unwrap();
    let rep = run_backward(c, &g, p, &rounds, up).unwrap();
    (rounds, rep)
}

/// The iCEBreaker's top has no gradient unit: BOARD_INFO says so, the session
/// refuses the backward with a clear error, and the engine works as before.
#[test]
fn engine_only_board_reports_no_gradient_unit() {
    if !verilator_available() {
        return;
    }
    let exe = build_top("board_tb", engine_board_top(&cfg()).expect("engine-only top generates"));
    let mut c = Client::new(SimLink::new(&exe), 3);
    c.hello().unwrap();
    assert_eq!(c.read(map::BOARD_INFO, 2).unwrap(), vec![map::HAS_ENGINE, 0]);
    let e = grad_config(&mut c).unwrap_err();
    assert!(matches!(e, ClientError::NoGradUnit { board_info: 1 }), "{e}");
    // Gradient-unit addresses read 0 and START still runs the engine.
    c.write(map::GRAD_K, &[1, 1, 1, 1]).unwrap();
    assert_eq!(c.read(map::GRAD_K, 4).unwrap(), vec![0; 4]);
    let mut rng = ChaCha8Rng::seed_from_u64(31);
    let core = CoreConfig::DEFAULT;
    let p = random_program(&mut rng, Limits::uniform(7, 10, 30));
    load_program(&mut c, &core, &p).unwrap();
    let init: Domains<Boolean> = Domains::from_fn(&p.widths, |v, a| (v * 3 + a) % 4 != 0);
    let (mut want, mut got) = (init.clone(), init);
    hard_fixpoint(&p, &mut want, 8);
    c.write(map::GRAD_K, &[1]).unwrap();
    run_hard(&mut c, &core, &mut got, 8).unwrap();
    assert_eq!(got, want);
}

/// Pulses the board's reset pin before a request, now and then.
struct ResettingLink {
    inner: SimLink,
    rng: ChaCha8Rng,
    p: f64,
    resets: u64,
}

impl Link for ResettingLink {
    fn send(&mut self, bytes: &[u8]) -> Result<(), LinkError> {
        if self.rng.gen_bool(self.p) {
            self.resets += 1;
            self.inner.reset();
        }
        self.inner.send(bytes)
    }
    fn recv(&mut self) -> Result<Option<u8>, LinkError> {
        self.inner.recv()
    }
}

/// The backward path over the UART pins with bytes flipped, dropped and
/// duplicated both ways, requests cut short, and resets of the board before
/// any request (between loading and START, between START and the STATUS
/// poll, ...): every job ends with semiring-core's hard rounds and gradients,
/// or the reset is reported (DeviceReset) and the job rerun from HELLO.
#[test]
fn backward_over_uart_with_faults_and_resets_is_never_wrong() {
    if !verilator_available() {
        return;
    }
    let exe = build("board_tb");
    let inner = ResettingLink { inner: SimLink::new(&exe), rng: ChaCha8Rng::seed_from_u64(41), p: 0.01, resets: 0 };
    let faults = FaultConfig { flip: 0.002, drop: 0.002, dup: 0.002, truncate: 0.02, reset: 0.0 };
    let mut c = Client::new(FaultyLink::new(inner, faults, 42), 30);
    let core = CoreConfig::DEFAULT;
    let mut rng = ChaCha8Rng::seed_from_u64(43);
    let jobs = if std::env::var_os("SOFTMASK_SLOW").is_some() { 24 } else { 8 };
    let (mut done, mut reported) = (0, 0);
    for job in 0..jobs {
        let w = rng.gen_range(2..=core.d);
        let p = random_program(&mut rng, Limits::uniform(w, 10, 30));
        let bits: Vec<bool> = (0..p.num_vars() * w).map(|_| rng.gen_bool(0.8)).collect();
        let d0: Domains<Boolean> = Domains::from_fn(&p.widths, |v, a| bits[v * w + a]);
        let k = rng.gen_range(1..=8);
        let up = random_upstream(&mut rng, p.num_vars() * w);
        let rounds_want = hard_rounds(&p, &d0, k);
        let want = st_backward_fixed(&p, &rounds_want, &up).unwrap();
        let attempt = |c: &mut Client<FaultyLink<ResettingLink>>| -> Result<_, ClientError> {
            c.hello()?;
            let g = grad_config(c)?;
            load_program(c, &core, &p)?;
            let (rounds, _) = run_hard_rounds(c, &core, &d0, k)?;
            let rep = run_backward(c, &g, &p, &rounds, &up)?;
            Ok((rounds, rep))
        };
        let mut ok = false;
        for _ in 0..10 {
            match attempt(&mut c) {
                Ok((rounds, rep)) => {
                    assert_eq!(rounds, rounds_want, "job {job}: hard rounds");
                    assert_eq!(rep.grad, want, "job {job}: gradients");
                    ok = true;
                    break;
                }
                Err(ClientError::DeviceReset { .. }) => reported += 1,
                Err(e) => panic!("job {job}: {e}"),
            }
        }
        assert!(ok, "job {job} never completed");
        done += 1;
    }
    let f = c.link().stats;
    let resets = c.link().inner.resets;
    eprintln!("uart with faults: {f:?}, {resets} resets ({reported} reported), client {:?}", c.stats);
    assert_eq!(done, jobs);
    assert!(f.total() > 0 && c.stats.attempts > c.stats.requests, "faults must have caused retries");
    assert!(resets > 0 && reported > 0, "resets must have happened and been reported");
}
