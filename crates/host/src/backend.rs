//! Propagation backends behind one interface: `cpu` (semiring-core, the reference), `sim` (the
//! generated engine under Verilator, through fpga-sim) and `serial` (a board on a serial port).
//!
//! A backend runs hard fixpoints, exactly K soft rounds in fixed point, and the straight-through
//! backward; [`BackendPropagator`] lets the host's search propagate through any backend. Backends
//! are transports: they return what their engine computed and never fix a result up. A backend
//! that cannot do something yet (the serial link, the hardware gradient unit) returns
//! [`BackendError::NotBuilt`] naming what is missing, so callers and the conformance suite need
//! no `cfg` switches.

use fpga_sim::{Sim, SimError};
use semiring_core::grad::{st_backward_fixed, GradError, StGrad};
use semiring_core::solver::Propagator;
use semiring_core::{hard_fixpoint, soft_rounds, Boolean, Domains, Fixed, Fixpoint, Program};
use thiserror::Error;

/// The backends `--backend` selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BackendKind {
    /// semiring-core on the CPU (the reference model).
    Cpu,
    /// The generated engine simulated by Verilator (fpga-sim).
    Sim,
    /// A board on a serial port (not built yet: see issue 5).
    Serial,
}

impl BackendKind {
    pub fn label(self) -> &'static str {
        match self {
            BackendKind::Cpu => "cpu",
            BackendKind::Sim => "sim",
            BackendKind::Serial => "serial",
        }
    }
}

#[derive(Debug, Error)]
pub enum BackendError {
    #[error("{backend} backend: not implemented: {what}")]
    NotBuilt { backend: &'static str, what: &'static str },
    #[error("sim backend: {0}")]
    Sim(#[from] SimError),
    #[error("straight-through backward: {0}")]
    Grad(#[from] GradError),
    #[error("{backend} backend: {what}")]
    Shape { backend: &'static str, what: String },
}

/// One propagation engine. Every method takes the program it runs; a backend that has to load a
/// program (the simulated engine) keeps the last one loaded and reloads only when it changes.
pub trait Backend {
    fn name(&self) -> &'static str;

    /// Hard rounds from `domains` until a wipeout, a stable round or `max_rounds` rounds (the
    /// stop rule of [`semiring_core::hard_fixpoint`]); `domains` becomes the last round's result.
    fn propagate_hard(
        &mut self,
        program: &Program,
        domains: &mut Domains<Boolean>,
        max_rounds: usize,
    ) -> Result<Fixpoint, BackendError>;

    /// Exactly `k` soft rounds in Q1.15 fixed point; returns `d^k`.
    fn run_soft_fixed(
        &mut self,
        program: &Program,
        domains: &Domains<Fixed>,
        k: usize,
    ) -> Result<Domains<Fixed>, BackendError>;

    /// The fixed-point straight-through backward (see [`st_backward_fixed`] for the inputs and
    /// the Q16.16 format).
    fn st_backward(
        &mut self,
        program: &Program,
        rounds: &[Domains<Boolean>],
        upstream: &[i32],
    ) -> Result<StGrad, BackendError>;
}

/// semiring-core on the CPU.
#[derive(Clone, Copy, Debug, Default)]
pub struct CpuBackend;

impl Backend for CpuBackend {
    fn name(&self) -> &'static str {
        "cpu"
    }

    fn propagate_hard(
        &mut self,
        program: &Program,
        domains: &mut Domains<Boolean>,
        max_rounds: usize,
    ) -> Result<Fixpoint, BackendError> {
        check_widths("cpu", program, &domains.widths)?;
        Ok(hard_fixpoint(program, domains, max_rounds))
    }

    fn run_soft_fixed(
        &mut self,
        program: &Program,
        domains: &Domains<Fixed>,
        k: usize,
    ) -> Result<Domains<Fixed>, BackendError> {
        check_widths("cpu", program, &domains.widths)?;
        Ok(soft_rounds(program, domains, k).pop().expect("soft_rounds returns d^0..=d^k"))
    }

    fn st_backward(
        &mut self,
        program: &Program,
        rounds: &[Domains<Boolean>],
        upstream: &[i32],
    ) -> Result<StGrad, BackendError> {
        Ok(st_backward_fixed(program, rounds, upstream)?)
    }
}

/// The generated engine under Verilator: one simulator process, reused across calls.
pub struct SimBackend {
    sim: Sim,
    /// The program in the engine's memories (compared by value, so a program rebuilt at the
    /// same address, or an equal one built elsewhere, is handled correctly).
    loaded: Option<Program>,
    /// Program loads so far (a reload per call would show up here).
    pub loads: u64,
    /// Engine clocks over all runs.
    pub cycles: u64,
}

impl SimBackend {
    /// Builds (or reuses the cached build of) the workspace's engine and starts it.
    pub fn new() -> Result<SimBackend, BackendError> {
        Ok(SimBackend::with_sim(Sim::new()?))
    }

    pub fn with_sim(sim: Sim) -> SimBackend {
        SimBackend { sim, loaded: None, loads: 0, cycles: 0 }
    }

    /// The generated engine's capacity.
    pub fn info(&self) -> fpga_sim::EngineInfo {
        self.sim.info
    }

    /// Loads `program` unless it is the one already loaded. A program too big for the engine
    /// fails here with [`SimError::DoesNotFit`] naming the limit.
    fn ensure_loaded(&mut self, program: &Program) -> Result<(), BackendError> {
        if self.loaded.as_ref() != Some(program) {
            self.loaded = None;
            self.sim.load_program(program)?;
            self.loaded = Some(program.clone());
            self.loads += 1;
        }
        Ok(())
    }
}

impl Backend for SimBackend {
    fn name(&self) -> &'static str {
        "sim"
    }

    fn propagate_hard(
        &mut self,
        program: &Program,
        domains: &mut Domains<Boolean>,
        max_rounds: usize,
    ) -> Result<Fixpoint, BackendError> {
        check_widths("sim", program, &domains.widths)?;
        self.ensure_loaded(program)?;
        self.sim.write_hard(domains)?;
        let run = self.sim.run_hard(max_rounds)?;
        self.cycles += run.cycles;
        *domains = self.sim.read_hard(&program.widths)?;
        Ok(run.fixpoint)
    }

    fn run_soft_fixed(
        &mut self,
        program: &Program,
        domains: &Domains<Fixed>,
        k: usize,
    ) -> Result<Domains<Fixed>, BackendError> {
        check_widths("sim", program, &domains.widths)?;
        self.ensure_loaded(program)?;
        self.sim.write_soft(domains)?;
        let run = self.sim.run_soft(k)?;
        self.cycles += run.cycles;
        if run.rounds != k {
            return Err(BackendError::Shape {
                backend: "sim",
                what: format!("asked for {k} soft rounds, the engine reports {}", run.rounds),
            });
        }
        Ok(self.sim.read_soft(&program.widths)?)
    }

    fn st_backward(
        &mut self,
        _program: &Program,
        _rounds: &[Domains<Boolean>],
        _upstream: &[i32],
    ) -> Result<StGrad, BackendError> {
        Err(BackendError::NotBuilt {
            backend: "sim",
            what:
                "the gradient unit is generated and lockstep-tested on its own (fpga_sim::grad), but not yet part of \
                   the engine this backend drives (issue 5 item 1)",
        })
    }
}

/// Stand-in for a board on a serial port: every call says what is missing.
#[derive(Clone, Copy, Debug, Default)]
pub struct SerialBackend;

const SERIAL_MISSING: &str = "the serial backend needs a serial-port transport for protocol::Client; the board \
     top and the protocol exist (`cargo xtask sim-board`), the host transport is not built yet (issue 5 item 4)";

impl Backend for SerialBackend {
    fn name(&self) -> &'static str {
        "serial"
    }

    fn propagate_hard(&mut self, _: &Program, _: &mut Domains<Boolean>, _: usize) -> Result<Fixpoint, BackendError> {
        Err(BackendError::NotBuilt { backend: "serial", what: SERIAL_MISSING })
    }

    fn run_soft_fixed(&mut self, _: &Program, _: &Domains<Fixed>, _: usize) -> Result<Domains<Fixed>, BackendError> {
        Err(BackendError::NotBuilt { backend: "serial", what: SERIAL_MISSING })
    }

    fn st_backward(&mut self, _: &Program, _: &[Domains<Boolean>], _: &[i32]) -> Result<StGrad, BackendError> {
        Err(BackendError::NotBuilt { backend: "serial", what: SERIAL_MISSING })
    }
}

/// Opens the backend `kind` (for `sim`, builds or reuses the Verilator build and starts it).
pub fn open(kind: BackendKind) -> Result<Box<dyn Backend>, BackendError> {
    Ok(match kind {
        BackendKind::Cpu => Box::new(CpuBackend),
        BackendKind::Sim => Box::new(SimBackend::new()?),
        BackendKind::Serial => {
            return Err(BackendError::NotBuilt { backend: "serial", what: SERIAL_MISSING });
        }
    })
}

fn check_widths(backend: &'static str, program: &Program, widths: &[usize]) -> Result<(), BackendError> {
    if widths != program.widths.as_slice() {
        return Err(BackendError::Shape {
            backend,
            what: format!(
                "domains of {} variables do not match the program's {} variables (or their widths differ)",
                widths.len(),
                program.num_vars()
            ),
        });
    }
    Ok(())
}

/// Hard propagation through a backend, for [`semiring_core::solver::search`]: search on the
/// host, every propagation on the backend.
pub struct BackendPropagator<'a, B: Backend + ?Sized> {
    pub backend: &'a mut B,
    pub program: &'a Program,
    pub max_rounds: usize,
}

impl<B: Backend + ?Sized> Propagator for BackendPropagator<'_, B> {
    type Error = BackendError;
    fn propagate(&mut self, domains: &mut Domains<Boolean>) -> Result<Fixpoint, BackendError> {
        self.backend.propagate_hard(self.program, domains, self.max_rounds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_stand_in_says_what_is_missing() {
        let err = open(BackendKind::Serial).err().expect("serial is not built");
        assert!(err
            .to_string()
            .starts_with("serial backend: not implemented: the serial backend needs a serial-port transport"));
        let p = Program::new(vec![2], vec![], vec![]).expect("valid");
        let mut d = Domains::<Boolean>::full(&[2]);
        let err = SerialBackend.propagate_hard(&p, &mut d, 4).expect_err("stand-in");
        assert!(matches!(err, BackendError::NotBuilt { backend: "serial", .. }), "{err}");
    }

    #[test]
    fn cpu_rejects_domains_of_another_program() {
        let p = Program::new(vec![2, 3], vec![], vec![]).expect("valid");
        let mut d = Domains::<Boolean>::full(&[2, 2]);
        let err = CpuBackend.propagate_hard(&p, &mut d, 4).expect_err("shape");
        assert!(err.to_string().contains("do not match the program's 2 variables"), "{err}");
    }
}
