//! fpga-sim: runs the generated propagation engine under Verilator.
//!
//! [`build::build`] compiles `hdl/generated/engine.v` with the C++ harness in
//! `sim/harness.cpp` into a cached directory keyed by a hash of the inputs
//! (`target/softmask-sim/<hash>/Vharness`); [`engine::Sim`] runs that binary
//! as a subprocess speaking the harness's line protocol and gives a typed API
//! (load a program, write domains, run hard or soft, read domains, cycles and
//! status, write a VCD); with a multi-lane engine it splits the program over
//! the lanes by target ([`engine::LaneSplit`]). [`propagator::SimPropagator`] implements
//! `semiring_core::solver::Propagator`, so the solver can search with
//! propagation in simulation. [`lockstep`] checks the engine against
//! semiring-core bit for bit, round by round.
//!
//! Architecture invariant: this crate is a transport. It returns what the
//! hardware computed and never fixes a result up in software.

pub mod build;
pub mod engine;
pub mod grad;
mod link;
pub mod lockstep;
pub mod propagator;
pub mod spatial;

pub use build::{build, SimBuild, SimPaths};
pub use engine::{EngineInfo, HardRun, LaneSplit, Sim, SoftRun};
pub use propagator::SimPropagator;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum SimError {
    #[error("verilator not found: apt-get install verilator")]
    VerilatorMissing,
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    #[error("verilator build failed (command: {command}):\n{log}")]
    BuildFailed { command: String, log: String },
    #[error("simulator protocol error: {0}")]
    Protocol(String),
    #[error("simulator replied with an error to `{command}`: {reply}")]
    Harness { command: String, reply: String },
    #[error("the program does not fit the generated engine: {what} is {need}, the engine has {have}")]
    DoesNotFit { what: &'static str, need: usize, have: usize },
    #[error("the engine did not finish within {cycles} cycles")]
    Timeout { cycles: u64 },
    #[error("the engine rejected its registers (status: config error)")]
    ConfigRejected,
    #[error("no program is loaded")]
    NoProgram,
    #[error("bad input: {0}")]
    BadInput(String),
}

impl SimError {
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> SimError {
        SimError::Io { context: context.into(), source }
    }
}
