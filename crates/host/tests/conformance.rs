//! One conformance suite for every propagation backend (cpu, sim, serial): the
//! same seeded cases, checked against semiring-core's reference functions. The
//! serial backend runs here against the protocol's device model (the frame
//! layer in front of a semiring-core engine) over an in-memory link, clean and
//! with faults; against the simulated board's pty in `tests/serial_board.rs`.
//! The sim instance needs Verilator: it skips only when Verilator is missing
//! and `CI` is unset, and says so.

use host::backend::{Backend, BackendError, BackendPropagator, CpuBackend, SerialBackend, SimBackend};
use protocol::board::{BoardModel, GradConfig};
use protocol::engine::CoreConfig;
use protocol::faults::{FaultConfig, LossyLink};
use protocol::Device;
use rand::Rng;
use semiring_core::solver::{search, Ascending, Jacobi, SearchLimits};
use semiring_core::st_fixed::st_backward_fixed;
use semiring_core::testing::{first_difference, random_hard, random_program, random_soft, rng, Limits};
use semiring_core::{hard_fixpoint, soft_rounds, Boolean, Constraint, Fixed, Network, Q15};

/// Hard fixpoints, soft fixed-point rounds and a search through `backend`
/// equal the reference on seeded random programs within `max_width` values.
fn conformance(backend: &mut dyn Backend, cases: u64, max_width: usize) {
    let name = backend.name();
    for seed in 0..cases {
        let mut r = rng(90_000 + seed);
        let p = random_program(&mut r, Limits::mixed(10, max_width));
        let d = random_hard(&mut r, &p.widths);
        let (mut expected, mut actual) = (d.clone(), d.clone());
        let want = hard_fixpoint(&p, &mut expected, 50);
        let got = backend.propagate_hard(&p, &mut actual, 50).unwrap_or_else(|e| panic!("{name} seed {seed}: {e}"));
        assert_eq!(got, want, "{name} seed {seed}: outcome or round count differs");
        assert_eq!(first_difference(&expected, &actual), None, "{name} seed {seed}: hard domains differ");
        let soft = random_soft::<Q15>(&mut r, &p.widths);
        let want = soft_rounds::<Fixed>(&p, &soft, 3).pop().expect("k + 1 vectors");
        let got = backend.run_soft_fixed(&p, &soft, 3).unwrap_or_else(|e| panic!("{name} seed {seed}: {e}"));
        assert_eq!(first_difference(&want, &got), None, "{name} seed {seed}: soft Q1.15 domains differ");
        // The straight-through pair: K single hard rounds kept, then the backward through them.
        let k = (seed % 4) as usize;
        let want = soft_rounds::<Boolean>(&p, &d, k);
        let got = backend.hard_rounds(&p, &d, k).unwrap_or_else(|e| panic!("{name} seed {seed}: {e}"));
        assert_eq!(got, want, "{name} seed {seed}: hard round bitmasks differ (K = {k})");
        let upstream: Vec<i32> =
            (0..p.num_vars() * p.width()).map(|_| r.gen_range(-(1 << 20)..=1 << 20) * r.gen_range(0..=1)).collect();
        let want = st_backward_fixed(&p, &got, &upstream).expect("valid shapes");
        let got = backend.st_backward(&p, &got, &upstream).unwrap_or_else(|e| panic!("{name} seed {seed}: {e}"));
        assert_eq!(got, want, "{name} seed {seed}: straight-through gradients differ (K = {k})");
    }
    // Search with every propagation on the backend: the same solutions and node counts.
    let mut net = Network::with_vars(6, 4);
    net.constraints.push(Constraint::AllDifferent { vars: vec![0, 1, 2, 3] });
    net.constraints.push(Constraint::AllDifferent { vars: vec![2, 3, 4, 5] });
    let p = net.compile().expect("valid");
    let limits = SearchLimits { max_solutions: 10, ..Default::default() };
    let want = search(&mut Jacobi { program: &p, max_rounds: 1000 }, &mut Ascending, net.initial_domains(), &limits)
        .expect("infallible");
    let mut prop = BackendPropagator { backend, program: &p, max_rounds: 1000 };
    let got = search(&mut prop, &mut Ascending, net.initial_domains(), &limits).expect("backend search");
    assert_eq!(got.solutions, want.solutions, "{name}: search solutions differ");
    assert_eq!(got.stats.nodes, want.stats.nodes, "{name}: search node counts differ");
}

#[test]
fn cpu_conforms() {
    conformance(&mut CpuBackend, 200, 40);
}

#[test]
fn sim_conforms() {
    let mut sim = match SimBackend::new() {
        Ok(sim) => sim,
        Err(BackendError::Sim(fpga_sim::SimError::VerilatorMissing)) if std::env::var_os("CI").is_none() => {
            eprintln!("sim_conforms: SKIPPED: verilator is not installed (run `cargo xtask deps`); CI runs it");
            return;
        }
        Err(e) => panic!("sim backend: {e}"),
    };
    let width = sim.info().width;
    conformance(&mut sim, 100, width);
}

/// The model of the ULX3S board: engine and gradient unit.
fn board() -> BoardModel {
    BoardModel::with_grad(CoreConfig::DEFAULT, GradConfig::DEFAULT)
}

/// The serial backend against the device model over a clean in-memory link.
#[test]
fn serial_model_conforms() {
    let link = LossyLink::new(Device::new(board(), 256), 256, FaultConfig::default(), 1);
    let mut serial = SerialBackend::new(link, 3).expect("session");
    assert_eq!(serial.core, CoreConfig::DEFAULT, "generation parameters read from INFO");
    conformance(&mut serial, 60, CoreConfig::DEFAULT.d);
    assert_eq!(serial.client().stats.attempts, serial.client().stats.requests, "a clean link needs no retries");
}

/// The same over a link that flips, drops and duplicates bytes, cuts requests short and resets
/// the device: every result still equals the reference, the faults were retried, and the resets
/// were recovered from by reloading.
#[test]
fn serial_model_conforms_through_faults_and_resets() {
    let faults = FaultConfig { flip: 0.0005, drop: 0.0005, dup: 0.0005, truncate: 0.01, reset: 0.002 };
    let link = LossyLink::new(Device::new(board(), 256), 256, faults, 7);
    let mut serial = SerialBackend::new(link, 30).expect("session");
    conformance(&mut serial, 60, CoreConfig::DEFAULT.d);
    let injected = serial.client().link().inner.stats;
    eprintln!("faults {injected:?}, client {:?}, resets recovered {}", serial.client().stats, serial.resets);
    assert!(injected.total() > 0 && injected.resets > 0, "the seed must inject faults and resets: {injected:?}");
    assert!(serial.client().stats.attempts > serial.client().stats.requests, "faults must have caused retries");
    assert!(serial.resets > 0, "the resets must have been recovered from");
}

/// A board without the gradient unit (the iCEBreaker) propagates, and says so on a backward pass.
#[test]
fn serial_backward_on_a_board_without_gradient_unit_is_refused() {
    let engine_only = BoardModel::engine_only(CoreConfig::DEFAULT);
    let link = LossyLink::new(Device::new(engine_only, 256), 256, FaultConfig::default(), 1);
    let mut serial = SerialBackend::new(link, 3).expect("session");
    let mut r = rng(5);
    let p = random_program(&mut r, Limits::mixed(6, 8));
    let d = random_hard(&mut r, &p.widths);
    let rounds = serial.hard_rounds(&p, &d, 2).expect("the engine is there");
    assert_eq!(rounds, soft_rounds::<Boolean>(&p, &d, 2));
    let err = serial.st_backward(&p, &rounds, &vec![65536; p.num_vars() * p.width()]).expect_err("no gradient unit");
    assert!(err.to_string().contains("this board has no gradient unit"), "{err}");
}
