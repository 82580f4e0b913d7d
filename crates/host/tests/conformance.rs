//! One conformance suite for every propagation backend (cpu, sim, serial): the
//! same seeded cases, checked against semiring-core's reference functions
//! ([`common::conformance`]). The serial backend runs it here against the
//! protocol's device model (the frame layer in front of a semiring-core engine)
//! over an in-memory link, clean and with faults; over a pseudo-terminal in
//! `tests/serial_pty.rs` and against the simulated board's RTL in
//! `tests/serial_board.rs`.
//! The sim instance needs Verilator: it skips only when Verilator is missing
//! and `CI` is unset, and says so.

mod common;

use common::conformance;
use host::backend::{Backend, BackendError, CpuBackend, SerialBackend, SimBackend};
use protocol::board::{BoardModel, GradConfig};
use protocol::engine::CoreConfig;
use protocol::faults::{FaultConfig, LossyLink};
use protocol::Device;
use semiring_core::hard_rounds;
use semiring_core::testing::{random_hard, random_program, rng, Limits};

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
    assert_eq!(rounds, hard_rounds(&p, &d, 2));
    let err = serial.st_backward(&p, &rounds, &vec![65536; p.num_vars() * p.width()]).expect_err("no gradient unit");
    assert!(err.to_string().contains("this board has no gradient unit"), "{err}");
}
