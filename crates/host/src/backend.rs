//! Propagation backends behind one interface: `cpu` (semiring-core, the reference), `sim` (the
//! generated engine and gradient unit under Verilator, through fpga-sim) and `serial` (a board, or
//! the simulated board of `cargo xtask sim-board`, on a serial port, through `protocol`).
//!
//! A backend runs hard fixpoints, exactly K hard rounds with every round's bitmasks kept (the
//! forward of straight-through training), exactly K soft rounds in fixed point, and the
//! straight-through backward; [`BackendPropagator`] lets the host's search propagate through any
//! backend. Backends are transports: they return what their engine computed and never fix a
//! result up. A board without the gradient unit (the iCEBreaker top) propagates and answers a
//! backward pass with an error that says so.

use crate::serial::{Counted, SerialConfig, SerialError, SerialLink};
use fpga_sim::grad::GradSim;
use fpga_sim::{Sim, SimError};
use protocol::board::GradConfig;
use protocol::engine::{reg, CoreConfig};
use protocol::{Client, ClientError, Link};
use semiring_core::solver::Propagator;
use semiring_core::st_fixed::{st_backward_fixed, GradError, StGrad};
use semiring_core::{
    hard_fixpoint, hard_rounds, soft_rounds, Boolean, Domains, Fixed, Fixpoint, FixpointOutcome, Program, Relation,
};
use thiserror::Error;

/// The backends `--backend` selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BackendKind {
    /// semiring-core on the CPU (the reference model).
    Cpu,
    /// The generated engine simulated by Verilator (fpga-sim).
    Sim,
    /// A board (or the simulated board of `cargo xtask sim-board`) on a serial port.
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
    #[error("sim backend: {0}")]
    Sim(#[from] SimError),
    #[error("straight-through backward: {0}")]
    Grad(#[from] GradError),
    #[error("{backend} backend: {what}")]
    Shape { backend: &'static str, what: String },
    #[error(
        "serial backend: no serial device given (--device PATH, e.g. /dev/ttyUSB1 or the pty printed by `cargo xtask \
         sim-board`)"
    )]
    NoDevice,
    #[error("serial backend: {0}")]
    Open(#[from] SerialError),
    #[error("serial backend: {0}")]
    Link(#[from] ClientError),
    #[error("serial backend: the board {0}")]
    Board(String),
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

    /// Exactly `k` hard Jacobi rounds from `d0` (no early stop), every round kept: returns
    /// `[d^0, d^1, ..., d^k]`, the input [`Backend::st_backward`] takes. The default runs one
    /// round per [`Backend::propagate_hard`] call and stops calling once a round changes nothing
    /// (every later round is the same).
    fn hard_rounds(
        &mut self,
        program: &Program,
        d0: &Domains<Boolean>,
        k: usize,
    ) -> Result<Vec<Domains<Boolean>>, BackendError> {
        let mut rounds = Vec::with_capacity(k + 1);
        rounds.push(d0.clone());
        let mut stable = false;
        while rounds.len() <= k {
            let mut d = rounds.last().expect("d^0").clone();
            if !stable {
                let f = self.propagate_hard(program, &mut d, 1)?;
                stable = f.outcome == FixpointOutcome::Stable;
            }
            rounds.push(d);
        }
        Ok(rounds)
    }

    /// Exactly `k` soft rounds in Q1.15 fixed point; returns `d^k`.
    fn run_soft_fixed(
        &mut self,
        program: &Program,
        domains: &Domains<Fixed>,
        k: usize,
    ) -> Result<Domains<Fixed>, BackendError>;

    /// What the backend did so far, for the user (engine clocks, link traffic); empty for cpu.
    fn report(&self) -> String {
        String::new()
    }

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

    /// semiring-core's [`hard_rounds`] (K plain Jacobi rounds).
    fn hard_rounds(
        &mut self,
        program: &Program,
        d0: &Domains<Boolean>,
        k: usize,
    ) -> Result<Vec<Domains<Boolean>>, BackendError> {
        check_widths("cpu", program, &d0.widths)?;
        Ok(hard_rounds(program, d0, k))
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

/// The generated engine under Verilator: one simulator process, reused across calls; the
/// gradient unit (its own simulator, `hdl/generated/grad_unit.v`) is started on the first
/// backward pass.
pub struct SimBackend {
    sim: Sim,
    grad: Option<GradSim>,
    /// Gradient-unit clocks over all backward runs.
    pub grad_cycles: u64,
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
        SimBackend { sim, grad: None, grad_cycles: 0, loaded: None, loads: 0, cycles: 0 }
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

    fn report(&self) -> String {
        format!(
            "engine {} clocks, gradient unit {} clocks, {} program loads",
            self.cycles, self.grad_cycles, self.loads
        )
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
        program: &Program,
        rounds: &[Domains<Boolean>],
        upstream: &[i32],
    ) -> Result<StGrad, BackendError> {
        let unit = match &mut self.grad {
            Some(g) => g,
            None => self.grad.insert(GradSim::new()?),
        };
        let run = unit.backward(program, rounds, upstream)?;
        self.grad_cycles += run.cycles;
        Ok(StGrad { grad: run.grad, saturated: run.saturated })
    }
}

/// A board speaking `hdl/PROTOCOL.md` over a [`Link`] (a [`SerialLink`] for a real port or the
/// simulated board's pseudo-terminal; any link in tests). Programs are loaded once and kept while
/// the same program is used; a device reset (NOT_OPEN) is answered by reopening the session,
/// reloading the program and running the call again (up to [`MAX_RESET_RECOVERIES`] times).
pub struct SerialBackend<L: Link = SerialLink> {
    client: Client<Counted<L>>,
    /// The engine's generation parameters, from its INFO register.
    pub core: CoreConfig,
    /// The program as loaded (every variable padded to the program's widest domain, since the
    /// engine takes one WIDTH) and the program it stands for.
    loaded: Option<(Program, Program)>,
    /// The gradient unit's parameters, read on the first backward pass.
    grad: Option<GradConfig>,
    pub loads: u64,
    /// Engine clocks over all runs (the CYCLES register).
    pub cycles: u64,
    /// Gradient-unit clocks over all backward runs.
    pub grad_cycles: u64,
    /// Device resets met and recovered from.
    pub resets: u64,
}

/// Device resets one call recovers from before it reports the reset as an error.
pub const MAX_RESET_RECOVERIES: u32 = 3;

/// Attempts per request before the client gives up (every retry follows a reply timeout).
pub const SERIAL_ATTEMPTS: u32 = 5;

impl SerialBackend<SerialLink> {
    /// Opens the port and a protocol session.
    pub fn open(cfg: &SerialConfig) -> Result<SerialBackend<SerialLink>, BackendError> {
        SerialBackend::new(SerialLink::open(cfg)?, SERIAL_ATTEMPTS)
    }
}

impl<L: Link> SerialBackend<L> {
    /// Opens a session on `link` (HELLO) and reads the engine's generation parameters.
    pub fn new(link: L, attempts: u32) -> Result<SerialBackend<L>, BackendError> {
        let mut client = Client::new(Counted::new(link), attempts);
        let hello = client.hello()?;
        if hello.version != 1 {
            return Err(BackendError::Board(format!("speaks protocol version {}, this host version 1", hello.version)));
        }
        let info = client.read(reg::INFO, 1)?[0];
        let field = |at: u32| (info >> at & 0xf) as usize;
        let core =
            CoreConfig { d: (info & 0xff) as usize, var_bits: field(8), prog_bits: field(12), rel_bits: field(16) };
        if !(1..=32).contains(&core.d) || core.value_bits() != field(20) {
            return Err(BackendError::Board(format!("reports engine INFO {info:#010x}, which is not a valid engine")));
        }
        Ok(SerialBackend { client, core, loaded: None, grad: None, loads: 0, cycles: 0, grad_cycles: 0, resets: 0 })
    }

    /// The protocol client (its retry counters; `client().link()` counts the bytes, and its
    /// `inner` is the link given to [`SerialBackend::new`]).
    pub fn client(&self) -> &Client<Counted<L>> {
        &self.client
    }
    pub fn client_mut(&mut self) -> &mut Client<Counted<L>> {
        &mut self.client
    }

    /// Runs `f` (which must start by loading what it needs); after a device reset, reopens the
    /// session and runs it once more from a clean slate.
    fn with_reset_retry<T>(
        &mut self,
        mut f: impl FnMut(&mut Self) -> Result<T, BackendError>,
    ) -> Result<T, BackendError> {
        let mut recovered = 0;
        loop {
            match f(self) {
                Err(BackendError::Link(ClientError::DeviceReset { .. })) if recovered < MAX_RESET_RECOVERIES => {
                    recovered += 1;
                    self.resets += 1;
                    self.loaded = None;
                    self.client.hello()?;
                }
                r => return r,
            }
        }
    }

    /// Loads `program` (padded to one width) unless it is the one loaded.
    fn ensure_loaded(&mut self, program: &Program) -> Result<(), BackendError> {
        if self.loaded.as_ref().is_some_and(|(_, p)| p == program) {
            return Ok(());
        }
        self.loaded = None;
        let padded = pad_program(program).map_err(|what| BackendError::Shape { backend: "serial", what })?;
        protocol::session::load_program(&mut self.client, &self.core, &padded)?;
        self.loaded = Some((padded, program.clone()));
        self.loads += 1;
        Ok(())
    }

    fn padded_widths(&self) -> Vec<usize> {
        self.loaded.as_ref().expect("loaded").0.widths.clone()
    }
}

/// `program` with every variable `program.width()` values wide: relations become square
/// `W x W` with the same bits. Padding values are never in a domain (their bits and
/// probabilities are 0 on the way in and checked to be 0 on the way out), and a padding row or
/// column of a relation is empty, so every run is the same as on the original program.
fn pad_program(program: &Program) -> Result<Program, String> {
    let w = program.width();
    if program.widths.iter().all(|&x| x == w) {
        return Ok(program.clone());
    }
    let relations = program
        .relations
        .iter()
        .map(|r| Relation::from_fn(w, w, |a, b| a < r.rows() && b < r.cols() && r.get(a, b)))
        .collect();
    Program::new(vec![w; program.num_vars()], relations, program.instructions.clone())
        .map_err(|e| format!("padding the program to width {w}: {e}"))
}

fn check_padding(widths: &[usize], pad: usize, word: impl Fn(usize, usize) -> bool) -> Result<(), BackendError> {
    for (v, &w) in widths.iter().enumerate() {
        if let Some(a) = (w..pad).find(|&a| word(v, a)) {
            return Err(BackendError::Board(format!(
                "returned value {a} of variable {v}, past its width {w} (a value that cannot be in its domain)"
            )));
        }
    }
    Ok(())
}

impl<L: Link> Backend for SerialBackend<L> {
    fn name(&self) -> &'static str {
        "serial"
    }

    fn report(&self) -> String {
        let (st, link) = (self.client.stats, self.client.link());
        format!(
            "engine {} clocks, gradient unit {} clocks, {} program loads; link {} bytes out, {} in, {} requests, {} \
             retries, {} device resets recovered",
            self.cycles,
            self.grad_cycles,
            self.loads,
            link.sent,
            link.received,
            st.requests,
            st.attempts - st.requests,
            self.resets
        )
    }

    fn propagate_hard(
        &mut self,
        program: &Program,
        domains: &mut Domains<Boolean>,
        max_rounds: usize,
    ) -> Result<Fixpoint, BackendError> {
        check_widths("serial", program, &domains.widths)?;
        if max_rounds > u16::MAX as usize {
            return Err(BackendError::Shape {
                backend: "serial",
                what: format!("{max_rounds} rounds (at most 65535)"),
            });
        }
        let (d, report) = self.with_reset_retry(|s| {
            s.ensure_loaded(program)?;
            let widths = s.padded_widths();
            let mut d = Domains::<Boolean>::from_fn(&widths, |v, a| a < domains.widths[v] && domains.contains(v, a));
            let report = protocol::session::run_hard(&mut s.client, &s.core, &mut d, max_rounds)?;
            Ok((d, report))
        })?;
        self.cycles += report.cycles as u64;
        *domains = unpad_hard(program, &d)?;
        let outcome = match report.outcome {
            reg::STABLE => FixpointOutcome::Stable,
            reg::WIPEOUT => FixpointOutcome::Wipeout(report.wipeout_var as usize),
            reg::ROUND_LIMIT => FixpointOutcome::RoundLimit,
            o => return Err(BackendError::Board(format!("ended a hard run with STATUS outcome {o}"))),
        };
        Ok(Fixpoint { outcome, rounds: report.rounds as usize })
    }

    fn run_soft_fixed(
        &mut self,
        program: &Program,
        domains: &Domains<Fixed>,
        k: usize,
    ) -> Result<Domains<Fixed>, BackendError> {
        check_widths("serial", program, &domains.widths)?;
        if k > u16::MAX as usize {
            return Err(BackendError::Shape { backend: "serial", what: format!("{k} rounds (at most 65535)") });
        }
        let (d, report) = self.with_reset_retry(|s| {
            s.ensure_loaded(program)?;
            let widths = s.padded_widths();
            let mut d = Domains::<Fixed>::from_probs(&widths, |v, a| {
                if a < domains.widths[v] {
                    domains.var(v)[a]
                } else {
                    semiring_core::Q15(0)
                }
            });
            let report = protocol::session::run_soft(&mut s.client, &s.core, &mut d, k)?;
            Ok((d, report))
        })?;
        self.cycles += report.cycles as u64;
        if report.outcome != reg::SOFT_DONE || report.rounds as usize != k {
            return Err(BackendError::Board(format!(
                "ended a soft run of {k} rounds with STATUS outcome {} after {} rounds",
                report.outcome, report.rounds
            )));
        }
        check_padding(&program.widths, program.width(), |v, a| d.var(v)[a].0 != 0)?;
        if let Some((v, a)) = (0..program.num_vars())
            .flat_map(|v| (0..program.widths[v]).map(move |a| (v, a)))
            .find(|&(v, a)| d.var(v)[a].0 > 0x8000)
        {
            return Err(BackendError::Board(format!(
                "returned {:#x} for value {a} of variable {v}: not a Q1.15 probability",
                d.var(v)[a].0
            )));
        }
        Ok(Domains::from_probs(&program.widths, |v, a| d.var(v)[a]))
    }

    /// `d0` is written once; each round is one engine run continuing from the last
    /// ([`protocol::session::run_hard_rounds`]).
    fn hard_rounds(
        &mut self,
        program: &Program,
        d0: &Domains<Boolean>,
        k: usize,
    ) -> Result<Vec<Domains<Boolean>>, BackendError> {
        check_widths("serial", program, &d0.widths)?;
        let (rounds, cycles) = self.with_reset_retry(|s| {
            s.ensure_loaded(program)?;
            let widths = s.padded_widths();
            let d = Domains::<Boolean>::from_fn(&widths, |v, a| a < d0.widths[v] && d0.contains(v, a));
            Ok(protocol::session::run_hard_rounds(&mut s.client, &s.core, &d, k)?)
        })?;
        self.cycles += cycles;
        rounds.iter().map(|d| unpad_hard(program, d)).collect()
    }

    /// On the board's gradient unit ([`protocol::session::run_backward`]); a board without one
    /// answers with [`ClientError::NoGradUnit`].
    fn st_backward(
        &mut self,
        program: &Program,
        rounds: &[Domains<Boolean>],
        upstream: &[i32],
    ) -> Result<StGrad, BackendError> {
        let (n, w) = (program.num_vars(), program.width());
        if upstream.len() != n * w {
            return Err(GradError::GradLen { got: upstream.len(), expected: n * w }.into());
        }
        if let Some(round) = rounds.iter().position(|d| d.widths[..] != program.widths[..]) {
            return Err(GradError::RoundShape { round }.into());
        }
        // Padding cells are not inputs (st_backward_fixed ignores them): they go out as 0.
        let up: Vec<i32> = (0..n * w).map(|i| if i % w < program.widths[i / w] { upstream[i] } else { 0 }).collect();
        let report = self.with_reset_retry(|s| {
            let g = match s.grad {
                Some(g) => g,
                None => *s.grad.insert(protocol::session::grad_config(&mut s.client)?),
            };
            s.ensure_loaded(program)?;
            let padded = &s.loaded.as_ref().expect("loaded").0;
            let widths = padded.widths.clone();
            let rounds: Vec<Domains<Boolean>> =
                rounds.iter().map(|d| Domains::from_fn(&widths, |v, a| a < d.widths[v] && d.contains(v, a))).collect();
            let padded = padded.clone();
            Ok(protocol::session::run_backward(&mut s.client, &g, &padded, &rounds, &up)?)
        })?;
        self.grad_cycles += report.cycles as u64;
        if let Some(i) = (0..n * w).find(|&i| i % w >= program.widths[i / w] && report.grad.grad[i] != 0) {
            return Err(BackendError::Board(format!(
                "returned gradient {:#x} for value {} of variable {}, past its width",
                report.grad.grad[i],
                i % w,
                i / w
            )));
        }
        Ok(report.grad)
    }
}

/// Hard domains of the padded program back to `program`'s widths; a value past a variable's
/// width is reported, never dropped.
fn unpad_hard(program: &Program, d: &Domains<Boolean>) -> Result<Domains<Boolean>, BackendError> {
    if let Some(v) = (0..d.num_vars()).find(|&v| d.var(v)[0] >> program.widths[v] != 0) {
        return Err(BackendError::Board(format!(
            "returned {:#x} for variable {v}: values past its width {} (they cannot be in its domain)",
            d.var(v)[0],
            program.widths[v]
        )));
    }
    Ok(Domains::from_fn(&program.widths, |v, a| d.contains(v, a)))
}

/// Opens the backend `kind` (for `sim`, builds or reuses the Verilator build and starts it; for
/// `serial`, opens `serial` and a protocol session, or says that `--device` is missing).
pub fn open(kind: BackendKind, serial: Option<&SerialConfig>) -> Result<Box<dyn Backend>, BackendError> {
    Ok(match kind {
        BackendKind::Cpu => Box::new(CpuBackend),
        BackendKind::Sim => Box::new(SimBackend::new()?),
        BackendKind::Serial => match serial {
            Some(cfg) => Box::new(SerialBackend::open(cfg)?),
            None => return Err(BackendError::NoDevice),
        },
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
        let fp = self.backend.propagate_hard(self.program, domains, self.max_rounds)?;
        // The search weighs the variable a wipeout names (dom/wdeg-conflict): it must exist.
        match fp.outcome {
            FixpointOutcome::Wipeout(v) if v >= domains.num_vars() => Err(BackendError::Shape {
                backend: self.backend.name(),
                what: format!("reported a wipeout at variable {v} of {}", domains.num_vars()),
            }),
            _ => Ok(fp),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_without_a_device_says_so() {
        let err = open(BackendKind::Serial, None).err().expect("no device");
        assert!(err.to_string().starts_with("serial backend: no serial device given (--device PATH"), "{err}");
        let cfg = SerialConfig::new("/dev/ttyUSB-softmask-missing");
        let err = open(BackendKind::Serial, Some(&cfg)).err().expect("no such device");
        assert!(err.to_string().starts_with("serial backend: no board at /dev/ttyUSB-softmask-missing: "), "{err}");
    }

    #[test]
    fn cpu_rejects_domains_of_another_program() {
        let p = Program::new(vec![2, 3], vec![], vec![]).expect("valid");
        let mut d = Domains::<Boolean>::full(&[2, 2]);
        let err = CpuBackend.propagate_hard(&p, &mut d, 4).expect_err("shape");
        assert!(err.to_string().contains("do not match the program's 2 variables"), "{err}");
    }

    /// A backend whose hard runs always report a wipeout at variable `at` (the rest is the CPU's).
    struct WipesOutAt(usize);
    impl Backend for WipesOutAt {
        fn name(&self) -> &'static str {
            "lying"
        }
        fn propagate_hard(
            &mut self,
            _: &Program,
            _: &mut Domains<Boolean>,
            _: usize,
        ) -> Result<Fixpoint, BackendError> {
            Ok(Fixpoint { outcome: FixpointOutcome::Wipeout(self.0), rounds: 1 })
        }
        fn run_soft_fixed(
            &mut self,
            p: &Program,
            d: &Domains<Fixed>,
            k: usize,
        ) -> Result<Domains<Fixed>, BackendError> {
            CpuBackend.run_soft_fixed(p, d, k)
        }
        fn st_backward(&mut self, p: &Program, r: &[Domains<Boolean>], u: &[i32]) -> Result<StGrad, BackendError> {
            CpuBackend.st_backward(p, r, u)
        }
    }

    /// The search weighs the variable a wipeout names: a backend naming one the program lacks
    /// is an error, not an index out of bounds.
    #[test]
    fn a_wipeout_at_a_missing_variable_is_an_error() {
        let p = Program::new(vec![2, 2], vec![], vec![]).expect("valid");
        let run = |at| {
            let mut prop = BackendPropagator { backend: &mut WipesOutAt(at), program: &p, max_rounds: 4 };
            prop.propagate(&mut Domains::<Boolean>::full(&[2, 2]))
        };
        assert_eq!(run(1).expect("a variable of the program").outcome, FixpointOutcome::Wipeout(1));
        let err = run(2).expect_err("no variable 2");
        assert_eq!(err.to_string(), "lying backend: reported a wipeout at variable 2 of 2", "{err}");
    }
}
