//! `softmask solve`: read every instance of a file, search each with hard propagation on the
//! CPU or on a propagation backend (`--backend sim|serial`: every propagation on the simulated
//! engine or a board, the search on the host; one backend for the whole file), verify every
//! solution with the independent check of its problem, and print solutions and statistics (text
//! or JSON lines).

use crate::formats::{self, Format, Instance, ReadOptions};
use semiring_core::groups::{Grouped, Groups};
use semiring_core::network::Variable;
use semiring_core::solver::{
    degrees, search_with, Ascending, Branching, Jacobi, LimitHit, Propagator, SearchLimits, SearchResult, SearchStats,
    ValueOrder, Worklist,
};
use semiring_core::{Boolean, Domains, Fixpoint};
use semiring_core::{Network, NetworkError, Program};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use thiserror::Error;

use crate::backend::{self, Backend, BackendError, BackendKind, BackendPropagator};
use crate::serial::{SerialArgs, SerialConfig};

/// The CPU propagators (`--backend cpu`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PropagatorKind {
    /// AC-3 style: re-run only the instructions whose source changed (fast).
    Worklist,
    /// Jacobi rounds exactly as the hardware runs them (reference).
    Jacobi,
}

/// The variable order of the search (`--branching`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BranchingKind {
    /// dom/wdeg that also weighs the variable each failure emptied (conflict-directed; the
    /// fastest on hard Sudoku; the tree depends on the propagator's order).
    DomWdegConflict,
    /// Fewest values over a weight that starts at the constraint-graph degree and grows with
    /// each failed assignment (dom/wdeg; the same tree under every propagator).
    DomWdeg,
    /// Fewest values, lowest index on ties (static).
    MinRemaining,
}

/// How to solve.
#[derive(Clone, Debug)]
pub struct SolveConfig {
    pub limits: SearchLimits,
    /// Where propagation runs: cpu (with `propagator`), or Jacobi rounds on sim or serial.
    pub backend: BackendKind,
    /// The board's port for `BackendKind::Serial`.
    pub serial: Option<SerialConfig>,
    /// The CPU algorithm (`backend` cpu only).
    pub propagator: PropagatorKind,
    /// Round limit of one Jacobi propagation call.
    pub max_rounds: usize,
    /// All-different group reasoning (semiring_core::groups) over the propagator, for networks
    /// whose `!=` arcs form groups.
    pub groups: bool,
    pub branching: BranchingKind,
    /// The memory a network may need ([`semiring_core::network::Needs::bytes`]), checked before
    /// compiling it.
    pub max_memory: u64,
}

impl Default for SolveConfig {
    fn default() -> Self {
        SolveConfig {
            limits: SearchLimits::default(),
            backend: BackendKind::Cpu,
            serial: None,
            propagator: PropagatorKind::Worklist,
            max_rounds: 10_000,
            groups: true,
            branching: BranchingKind::DomWdegConflict,
            max_memory: crate::limits::DEFAULT_MAX_MEMORY,
        }
    }
}

/// How a search ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Found the requested number of solutions (more may exist).
    Sat,
    /// Explored everything: `solutions` are all the solutions (at least one).
    AllFound,
    /// Explored everything: no solution.
    Unsat,
    /// A node or time limit stopped the search.
    Limit(LimitHit),
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Sat => "SAT",
            Status::AllFound => "SAT",
            Status::Unsat => "UNSAT",
            Status::Limit(LimitHit::Nodes) => "LIMIT(nodes)",
            Status::Limit(LimitHit::Time) => "LIMIT(time)",
        }
    }
}

/// The result of solving one instance; every solution in it passed the independent check.
#[derive(Clone, Debug)]
pub struct Report {
    pub status: Status,
    pub solutions: Vec<Vec<usize>>,
    pub stats: SearchStats,
    /// Whether the first solution equals the solution given in the file (when both exist).
    pub agrees_with_file: Option<bool>,
}

impl Report {
    /// The time limit ran out before the search started (while compiling).
    pub fn time_limit_before_search() -> Report {
        Report {
            status: Status::Limit(LimitHit::Time),
            solutions: Vec::new(),
            stats: SearchStats::default(),
            agrees_with_file: None,
        }
    }

    /// "1", "2+" (search stopped at the requested count), "exactly N" or "0".
    pub fn count_text(&self) -> String {
        match self.status {
            Status::AllFound => format!("exactly {}", self.solutions.len()),
            Status::Unsat => "0".into(),
            _ if self.solutions.len() > 1 => format!("{}+", self.solutions.len()),
            _ => format!("{}", self.solutions.len()),
        }
    }
}

#[derive(Debug, Error)]
pub enum SolveError {
    #[error("{name}: cannot compile the network: {source}")]
    Compile {
        name: String,
        #[source]
        source: NetworkError,
    },
    #[error("{name}: {source}")]
    Backend {
        name: String,
        #[source]
        source: BackendError,
    },
    #[error("{name}: {why}")]
    TooLarge { name: String, why: String },
    /// Compiling ran past the time limit: reported as a `LIMIT(time)` result, not an error.
    #[error("{name}: compiling the network ran past the time limit")]
    CompileTimeout { name: String },
    #[error("{name}: solver bug: solution {index} fails the independent check: {why}")]
    BadSolution { name: String, index: usize, why: String },
    #[error("{name}: disagrees with the file: {why}")]
    Disagrees { name: String, why: String },
}

/// Solves one instance and checks every solution independently; also checks the solution count
/// against the one the file states (`puzzle:count:solution`), and a solution stated as unique.
pub fn solve_instance(inst: &Instance, cfg: &SolveConfig) -> Result<Report, SolveError> {
    Solver::new(cfg.clone()).solve(inst)
}

/// Solves instances one after another, compiling a network's program only when its variables
/// or constraints differ from the previous instance's (all Sudoku puzzles of one size share
/// one program; their givens live in the initial domains).
pub struct Solver {
    pub cfg: SolveConfig,
    cache: Option<(Network, Compiled)>,
    /// The backend of `cfg.backend` (not cpu), opened on the first instance and kept.
    backend: Option<Box<dyn Backend>>,
}

/// Opens the backend `cfg` names, unless it is the cpu (which needs no state across instances).
fn open_backend(cfg: &SolveConfig) -> Result<Option<Box<dyn Backend>>, BackendError> {
    match cfg.backend {
        BackendKind::Cpu => Ok(None),
        kind => backend::open(kind, cfg.serial.as_ref()).map(Some),
    }
}

impl Solver {
    pub fn new(cfg: SolveConfig) -> Solver {
        Solver { cfg, cache: None, backend: None }
    }

    /// The program of `net`, from the cache when the structure matches.
    fn program(&mut self, inst: &Instance) -> Result<&Compiled, SolveError> {
        let net = &inst.network;
        let same = self.cache.as_ref().is_some_and(|(c, _)| same_structure(c, net));
        if !same {
            let program = compile(inst, &self.cfg)?;
            let skeleton = Network {
                variables: net.variables.iter().map(|v| Variable { name: None, size: v.size, domain: None }).collect(),
                constraints: net.constraints.clone(),
            };
            self.cache = Some((skeleton, Compiled::new(program, self.cfg.branching)));
        } else {
            net.validate().map_err(|source| SolveError::Compile { name: inst.name.clone(), source })?;
        }
        Ok(&self.cache.as_ref().expect("just filled").1)
    }

    /// Solves one instance and checks every solution (see [`solve_instance`]).
    pub fn solve(&mut self, inst: &Instance) -> Result<Report, SolveError> {
        let cfg = self.cfg.clone();
        if self.backend.is_none() {
            self.backend =
                open_backend(&cfg).map_err(|source| SolveError::Backend { name: inst.name.clone(), source })?;
        }
        match self.program(inst) {
            Err(SolveError::CompileTimeout { .. }) => return Ok(Report::time_limit_before_search()),
            r => r?,
        };
        let (_, compiled) = self.cache.as_ref().expect("filled by program()");
        solve_with(inst, compiled, None, self.backend.as_deref_mut(), &cfg, &mut Ascending)
    }
}

/// Solves every instance of `insts` in order and hands each result to `each` (which returns
/// `false` to stop). Consecutive instances with the same variables and constraints (e.g. the
/// Sudoku puzzles of one file) share one compiled program and one Worklist propagator; a
/// backend other than cpu is opened once for all of them (see [`solve_many_on`]).
pub fn solve_many(
    cfg: &SolveConfig,
    insts: &[Instance],
    mut each: impl FnMut(&Instance, Result<Report, SolveError>) -> bool,
) {
    match open_backend(cfg) {
        Ok(mut b) => solve_many_on(cfg, insts, b.as_deref_mut(), each),
        Err(source) => {
            if let Some(first) = insts.first() {
                each(first, Err(SolveError::Backend { name: first.name.clone(), source }));
            }
        }
    }
}

/// [`solve_many`] with every propagation on `backend` (required unless `cfg.backend` is cpu):
/// one backend, one simulator process or one board session, for every instance, so a program
/// shared by consecutive instances is loaded into it once.
pub fn solve_many_on(
    cfg: &SolveConfig,
    insts: &[Instance],
    backend: Option<&mut (dyn Backend + 'static)>,
    each: impl FnMut(&Instance, Result<Report, SolveError>) -> bool,
) {
    solve_many_ordered(cfg, insts, backend, |_| Box::new(Ascending), each)
}

/// [`solve_many_on`] trying each instance's values in the order `order_for` gives it (e.g. a
/// learned proposal: `softmask solve --proposal`) instead of ascending.
pub fn solve_many_ordered(
    cfg: &SolveConfig,
    insts: &[Instance],
    mut backend: Option<&mut (dyn Backend + 'static)>,
    mut order_for: impl FnMut(&Instance) -> Box<dyn ValueOrder>,
    mut each: impl FnMut(&Instance, Result<Report, SolveError>) -> bool,
) {
    let mut i = 0;
    while i < insts.len() {
        let first = &insts[i];
        let end = i + 1 + insts[i + 1..].iter().take_while(|x| same_structure(&first.network, &x.network)).count();
        let program = match compile(first, cfg) {
            Ok(p) => p,
            Err(SolveError::CompileTimeout { .. }) => {
                for inst in &insts[i..end] {
                    if !each(inst, Ok(Report::time_limit_before_search())) {
                        return;
                    }
                }
                i = end;
                continue;
            }
            Err(e) => {
                if !each(first, Err(e)) {
                    return;
                }
                i += 1;
                continue;
            }
        };
        let compiled = Compiled::new(program, cfg.branching);
        let mut worklist = Worklist::new(compiled.worklist_program(cfg.groups));
        for inst in &insts[i..end] {
            let r = inst
                .network
                .validate()
                .map_err(|source| SolveError::Compile { name: inst.name.clone(), source })
                .and_then(|()| {
                    let mut order = order_for(inst);
                    solve_with(inst, &compiled, Some(&mut worklist), backend.as_deref_mut(), cfg, order.as_mut())
                });
            if !each(inst, r) {
                return;
            }
        }
        i = end;
    }
}

/// Compiles `inst`'s network under the resource policy ([`crate::limits`]): variables, values,
/// arcs and the memory they need are checked before anything is built, and the time limit
/// covers compiling too.
fn compile(inst: &Instance, cfg: &SolveConfig) -> Result<Program, SolveError> {
    use crate::limits::{bytes, MAX_ARCS, MAX_VALUES, MAX_VARIABLES};
    let net = &inst.network;
    let too_large = |why: String| SolveError::TooLarge { name: inst.name.clone(), why };
    net.validate().map_err(|source| SolveError::Compile { name: inst.name.clone(), source })?;
    let needs = net.needs();
    if needs.variables > MAX_VARIABLES {
        return Err(too_large(format!(
            "{} variables is over the limit of {MAX_VARIABLES} variables per network",
            needs.variables
        )));
    }
    if needs.max_values > MAX_VALUES {
        return Err(too_large(format!(
            "a domain of {} values is over the limit of {MAX_VALUES} values per domain",
            needs.max_values
        )));
    }
    if needs.arcs > MAX_ARCS {
        return Err(too_large(format!(
            "{} binary arcs (all-different counted pairwise) is over the limit of {MAX_ARCS}",
            needs.arcs
        )));
    }
    if needs.round_work > crate::limits::MAX_ROUND_WORK {
        return Err(too_large(format!(
            "one propagation round would take about {} word operations ({} arcs over domains of up to {} \
             values), over the limit of {} (a round is not interrupted by --limit-time)",
            needs.round_work,
            needs.arcs,
            needs.max_values,
            crate::limits::MAX_ROUND_WORK
        )));
    }
    // Solutions are kept: one value per variable each.
    let kept = (cfg.limits.max_solutions as u64).saturating_mul(needs.variables as u64).saturating_mul(8);
    let total = needs.bytes.saturating_add(kept);
    if total > cfg.max_memory {
        return Err(too_large(format!(
            "the network needs about {} ({} variables of up to {} values, {} arcs, {} of relations{}), over the \
             memory limit of {}; raise it with --max-memory SIZE or SOFTMASK_MAX_MEMORY=SIZE",
            bytes(total),
            needs.variables,
            needs.max_values,
            needs.arcs,
            bytes(needs.relation_bytes),
            if kept > 0 {
                format!(", {} for {} solutions", bytes(kept), cfg.limits.max_solutions)
            } else {
                String::new()
            },
            bytes(cfg.max_memory)
        )));
    }
    let budget = semiring_core::network::Budget {
        max_bytes: u64::MAX,
        deadline: cfg.limits.time_limit.and_then(|t| Instant::now().checked_add(t)),
    };
    net.compile_within(&budget).map_err(|source| match source {
        NetworkError::OutOfTime => SolveError::CompileTimeout { name: inst.name.clone() },
        source => SolveError::Compile { name: inst.name.clone(), source },
    })
}

/// Same variable sizes and constraints: the same program (initial domains may differ).
pub(crate) fn same_structure(a: &Network, b: &Network) -> bool {
    a.constraints == b.constraints
        && a.variables.len() == b.variables.len()
        && a.variables.iter().zip(&b.variables).all(|(x, y)| x.size == y.size)
}

/// A network's program and what search uses of its structure, shared by every instance with
/// that structure. Training and evaluation (`softmask train` / `eval`) propagate and search
/// through it too, so learned proposals serve exactly the solver `softmask solve` runs.
#[derive(Clone, Debug)]
pub struct Compiled {
    program: Program,
    groups: Groups,
    /// `program` without the `!=` arcs inside groups, when there are groups: under group
    /// reasoning the Worklist needs only the arcs outside them (same fixpoint).
    residual: Option<Program>,
    /// dom/wdeg starts from the constraint-graph degrees: on sparse random colourings it cuts
    /// the search by orders of magnitude, on the hardest Sudoku sets by a third (`cargo xtask
    /// bench hard`); weighing the emptied variables too saves another fifth there.
    branching: Branching,
}

impl Compiled {
    pub fn new(program: Program, kind: BranchingKind) -> Compiled {
        let branching = match kind {
            BranchingKind::DomWdegConflict => Branching::DomWdegConflict { initial: degrees(&program) },
            BranchingKind::DomWdeg => Branching::DomWdeg { initial: degrees(&program) },
            BranchingKind::MinRemaining => Branching::MinRemaining,
        };
        let groups = Groups::detect(&program);
        let residual = (!groups.is_empty()).then(|| groups.residual(&program));
        Compiled { groups, residual, branching, program }
    }

    /// [`Compiled::new`] with the default branching of `softmask solve`.
    pub fn default_for(program: Program) -> Compiled {
        Compiled::new(program, SolveConfig::default().branching)
    }

    pub fn program(&self) -> &Program {
        &self.program
    }

    /// The all-different groups found in the program (what group reasoning works on).
    pub fn groups(&self) -> &Groups {
        &self.groups
    }

    /// What the CPU Worklist runs: the residual under group reasoning, else the whole program.
    fn worklist_program(&self, groups: bool) -> &Program {
        match (&self.residual, groups) {
            (Some(r), true) => r,
            _ => &self.program,
        }
    }

    /// The groups under default reasoning (none when the program has no group).
    fn default_groups(&self) -> Option<&Groups> {
        (!self.groups.is_empty()).then_some(&self.groups)
    }

    /// Hard propagation of `domains` to the fixpoint as `softmask solve` runs it by default
    /// (the CPU Worklist under group reasoning).
    pub fn propagate(&self, domains: &mut Domains<Boolean>) -> Fixpoint {
        let mut w = Worklist::new(self.worklist_program(true));
        let never = |never: std::convert::Infallible| match never {};
        match self.default_groups() {
            Some(g) => Grouped::new(&mut w, g).propagate(domains),
            None => w.propagate(domains),
        }
        .unwrap_or_else(never)
    }

    /// The search of `softmask solve` with its default propagation (CPU Worklist, group
    /// reasoning) and this program's branching, trying values in `order`.
    pub fn search(&self, order: &mut dyn ValueOrder, domains: Domains<Boolean>, limits: &SearchLimits) -> SearchResult {
        let w = Worklist::new(self.worklist_program(true));
        let never = |never: std::convert::Infallible| match never {};
        search_on(w, self.default_groups(), &self.branching, domains, limits, order).unwrap_or_else(never)
    }
}

/// A borrowed value order as a sized one (the search takes its order by type).
struct DynOrder<'a>(&'a mut dyn ValueOrder);
impl ValueOrder for DynOrder<'_> {
    fn order(&mut self, var: usize, values: &mut [usize]) {
        self.0.order(var, values)
    }
}

/// Search with `p`, under group reasoning when `groups` is given.
fn search_on<P: Propagator>(
    p: P,
    groups: Option<&Groups>,
    branching: &Branching,
    domains: semiring_core::Domains<semiring_core::Boolean>,
    limits: &SearchLimits,
    order: &mut dyn ValueOrder,
) -> Result<SearchResult, P::Error> {
    let mut order = DynOrder(order);
    match groups {
        Some(g) => search_with(&mut Grouped::new(p, g), &mut order, branching, domains, limits),
        None => search_with(&mut { p }, &mut order, branching, domains, limits),
    }
}

fn solve_with(
    inst: &Instance,
    compiled: &Compiled,
    worklist: Option<&mut Worklist>,
    backend: Option<&mut (dyn Backend + 'static)>,
    cfg: &SolveConfig,
    order: &mut dyn ValueOrder,
) -> Result<Report, SolveError> {
    let Compiled { program, groups, branching, .. } = compiled;
    let domains = inst.network.initial_domains();
    // A count the file states (`puzzle:count:solution`, capped at 2) is checked whatever
    // `--count` asks: confirming 1 or 2 takes looking for a second solution.
    let requested = cfg.limits.max_solutions;
    let mut limits = cfg.limits.clone();
    if inst.known_count.is_some() {
        limits.max_solutions = limits.max_solutions.max(2);
    }
    let limits = &limits;
    let never = |never: std::convert::Infallible| match never {};
    let groups = (cfg.groups && !groups.is_empty()).then_some(groups);
    let backend_error = |source| SolveError::Backend { name: inst.name.clone(), source };
    let result = match (cfg.backend, cfg.propagator) {
        (BackendKind::Sim | BackendKind::Serial, _) => {
            let backend = backend.ok_or_else(|| {
                backend_error(BackendError::Shape {
                    backend: cfg.backend.label(),
                    what: "solve_with needs the opened backend (solve_many_on was called without one)".into(),
                })
            })?;
            if backend.name() != cfg.backend.label() {
                return Err(backend_error(BackendError::Shape {
                    backend: cfg.backend.label(),
                    what: format!("the backend handed in is {}", backend.name()),
                }));
            }
            let p = BackendPropagator { backend, program, max_rounds: cfg.max_rounds };
            search_on(p, groups, branching, domains, limits, order).map_err(backend_error)?
        }
        (BackendKind::Cpu, PropagatorKind::Worklist) => match worklist {
            Some(p) => search_on(p, groups, branching, domains, limits, order),
            None => {
                let w = Worklist::new(compiled.worklist_program(cfg.groups));
                search_on(w, groups, branching, domains, limits, order)
            }
        }
        .unwrap_or_else(never),
        (BackendKind::Cpu, PropagatorKind::Jacobi) => {
            let p = Jacobi { program, max_rounds: cfg.max_rounds };
            search_on(p, groups, branching, domains, limits, order).unwrap_or_else(never)
        }
    };
    for (index, s) in result.solutions.iter().enumerate() {
        inst.check(s).map_err(|why| SolveError::BadSolution { name: inst.name.clone(), index, why })?;
    }
    let status = match (result.limit, result.exhausted, result.solutions.is_empty()) {
        (Some(l), _, _) => Status::Limit(l),
        (None, true, true) => Status::Unsat,
        (None, true, false) => Status::AllFound,
        (None, false, _) => Status::Sat,
    };
    let disagree = |why: String| SolveError::Disagrees { name: inst.name.clone(), why };
    let found = result.solutions.len();
    if let Some(count) = inst.known_count {
        // The file caps counts at 2 ("two or more").
        let contradicts = match status {
            Status::Unsat | Status::AllFound => found.min(2) != count.min(2),
            Status::Sat => count < found.min(2),
            Status::Limit(_) => count < found.min(2),
        };
        if contradicts {
            return Err(disagree(format!(
                "the file says {} solution(s), the search found {}",
                if count >= 2 { format!("{count} (two or more)") } else { count.to_string() },
                Report {
                    status,
                    solutions: result.solutions.clone(),
                    stats: result.stats.clone(),
                    agrees_with_file: None
                }
                .count_text()
            )));
        }
    }
    let agrees_with_file = match (&inst.known_solution, result.solutions.first()) {
        (Some(k), Some(_)) => Some(result.solutions.contains(k)),
        _ => None,
    };
    if agrees_with_file == Some(false) && matches!(status, Status::AllFound) {
        return Err(disagree(format!(
            "the file's solution (a valid grid) is not among the {} solution(s) the search found",
            found
        )));
    }
    // Report what was asked for: the extra solution looked for to check the file's count is
    // not shown (the search stopped at the requested count, as far as the output says).
    let (mut status, mut solutions) = (status, result.solutions);
    if solutions.len() > requested {
        solutions.truncate(requested);
        status = Status::Sat;
    }
    Ok(Report { status, solutions, stats: result.stats, agrees_with_file })
}

/// Arguments of `softmask solve`.
#[derive(Clone, Debug, clap::Args)]
pub struct SolveArgs {
    /// The problem file (format from --format, else the extension, else the contents).
    #[arg(required_unless_present = "queens")]
    pub file: Option<PathBuf>,
    /// Input format.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Colours for a graph colouring (.col) file (1..=4096).
    #[arg(long, value_parser = crate::limits::colors)]
    pub k: Option<usize>,
    /// Solve N-queens for this N (1..=64) instead of reading a file.
    #[arg(long, conflicts_with = "file", value_name = "N", value_parser = crate::limits::queens)]
    pub queens: Option<usize>,
    /// Keep the full colour symmetry of .col networks (by default vertex i may only take a
    /// colour <= i, which is sound but changes solution counts).
    #[arg(long)]
    pub no_symmetry_breaking: bool,
    /// Stop each search after this many nodes (at least 1).
    #[arg(long, value_name = "N", value_parser = crate::limits::nodes)]
    pub limit_nodes: Option<u64>,
    /// Stop compiling each network and each search after this many seconds (0 to a year).
    #[arg(long, value_name = "SECS", value_parser = crate::limits::seconds)]
    pub limit_time: Option<Duration>,
    /// Solutions to look for per instance (2 decides uniqueness; at most 1000000).
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = crate::limits::count)]
    pub count: usize,
    /// The memory a network may need (e.g. 512M, 8G; default 4G or SOFTMASK_MAX_MEMORY); a
    /// network that needs more is refused before it is built.
    #[arg(long, value_name = "SIZE", value_parser = crate::limits::size)]
    pub max_memory: Option<u64>,
    /// Where propagation runs at every search node: cpu (semiring-core, --propagator), sim (Jacobi
    /// rounds on the generated engine under Verilator) or serial (on a board at --device). The search
    /// runs on the host; one backend serves the whole file.
    #[arg(long, value_enum, default_value = "cpu")]
    pub backend: BackendKind,
    /// The CPU propagation algorithm (--backend cpu only; the engine always runs Jacobi rounds).
    #[arg(long, value_enum)]
    pub propagator: Option<PropagatorKind>,
    #[command(flatten)]
    pub serial: SerialArgs,
    /// Arc consistency on the pairwise `!=` arcs only: no all-different group reasoning
    /// (pigeonhole, hidden singles, intersections) over groups of pairwise-different variables.
    #[arg(long)]
    pub no_groups: bool,
    /// How the search picks the variable to branch on.
    #[arg(long, value_enum, default_value = "dom-wdeg-conflict")]
    pub branching: BranchingKind,
    /// Print one JSON object per instance and a final summary object.
    #[arg(long)]
    pub json: bool,
    /// Print only the summary (and errors).
    #[arg(long, short)]
    pub quiet: bool,
    /// Order each variable's values by a trained proposal (a `softmask train` checkpoint, e.g.
    /// models/sudoku.json): computed once per instance at the root, most probable value first
    /// at every node, inside the default solver. Same solutions, usually fewer nodes.
    #[arg(long, value_name = "CHECKPOINT")]
    pub proposal: Option<PathBuf>,
}

/// Totals over a file.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub instances: usize,
    pub sat: usize,
    pub unsat: usize,
    pub limit: usize,
    pub unique: usize,
    pub multiple: usize,
    pub nodes: u64,
    pub rounds: u64,
    pub failures: u64,
    /// Search time only (propagation + branching), summed.
    pub search_time: Duration,
    /// Wall time including reading the file and compiling networks.
    pub wall_time: Duration,
}

impl Summary {
    fn add(&mut self, r: &Report) {
        self.instances += 1;
        match r.status {
            Status::Sat | Status::AllFound => self.sat += 1,
            Status::Unsat => self.unsat += 1,
            Status::Limit(_) => self.limit += 1,
        }
        if r.status == Status::AllFound && r.solutions.len() == 1 {
            self.unique += 1;
        }
        if r.solutions.len() > 1 {
            self.multiple += 1;
        }
        self.nodes += r.stats.nodes;
        self.rounds += r.stats.rounds;
        self.failures += r.stats.failures;
        self.search_time += r.stats.elapsed;
    }

    fn to_json(&self) -> serde_json::Value {
        let n = self.instances.max(1) as f64;
        serde_json::json!({ "summary": {
            "instances": self.instances, "sat": self.sat, "unsat": self.unsat, "limit": self.limit,
            "unique": self.unique, "multiple": self.multiple,
            "nodes": self.nodes, "rounds": self.rounds, "failures": self.failures,
            "mean_nodes": self.nodes as f64 / n, "mean_rounds": self.rounds as f64 / n,
            "search_seconds": self.search_time.as_secs_f64(), "wall_seconds": self.wall_time.as_secs_f64(),
            "instances_per_second": self.instances as f64 / self.search_time.as_secs_f64().max(1e-12),
        }})
    }
}

/// Stack for searching `instances`: a search node takes about 140 bytes of stack and the
/// search goes at most one node deeper per variable.
fn search_stack_bytes(instances: &[Instance]) -> usize {
    let vars = instances.iter().map(|i| i.network.variables.len()).max().unwrap_or(0);
    (16 << 20) + vars.min(crate::limits::MAX_VARIABLES) * 256
}

/// Writes a line to stdout; an error (a closed pipe: `softmask solve ... | head -1`) is returned
/// instead of panicking as `println!` does, and `main` ends quietly on a broken pipe.
fn emit(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")?;
    out.flush()
}

fn ms(d: Duration) -> String {
    format!("{:.3}ms", d.as_secs_f64() * 1e3)
}

/// Runs `softmask solve`.
pub fn run(args: &SolveArgs) -> anyhow::Result<()> {
    use anyhow::bail;
    let wall = Instant::now();
    if args.count == 0 {
        bail!("--count must be at least 1");
    }
    let instances =
        match (&args.file, args.queens) {
            (_, Some(n)) => vec![formats::queens::instance(n, format!("queens {n}"), 0)
                .map_err(|p| anyhow::anyhow!("--queens {n}: {p}"))?],
            (Some(path), None) => {
                let opts = ReadOptions { colors: args.k, color_symmetry_breaking: !args.no_symmetry_breaking };
                formats::read_file(path, args.format, &opts)?
            }
            (None, None) => bail!("give a FILE or --queens N"),
        };
    let time_limit = args.limit_time;
    let max_memory = crate::limits::max_memory(args.max_memory).map_err(anyhow::Error::msg)?;
    if let (Some(p), kind @ (BackendKind::Sim | BackendKind::Serial)) = (args.propagator, args.backend) {
        bail!(
            "--propagator {} chooses the CPU algorithm; --backend {} runs Jacobi rounds on its engine",
            if p == PropagatorKind::Jacobi { "jacobi" } else { "worklist" },
            kind.label()
        );
    }
    let cfg = SolveConfig {
        limits: SearchLimits { max_solutions: args.count, node_limit: args.limit_nodes, time_limit },
        backend: args.backend,
        serial: args.serial.config(),
        propagator: args.propagator.unwrap_or(PropagatorKind::Worklist),
        groups: !args.no_groups,
        branching: args.branching,
        max_memory,
        ..SolveConfig::default()
    };
    let many = instances.len() > 1;
    let bar = if instances.len() >= 20 {
        let pb = indicatif::ProgressBar::new(instances.len() as u64);
        pb.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} eta {eta}")
                .expect("valid template"),
        );
        pb
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut summary = Summary::default();
    let mut failure = None;
    let mut closed: Option<std::io::Error> = None;
    let stack = search_stack_bytes(&instances);
    // The backend is opened on the search thread (backends are not `Send`); its report comes back.
    let proposal = match &args.proposal {
        Some(path) => Some(crate::train::cli::load_checkpoint(path)?),
        None => None,
    };
    // Shared with the search thread; a proposal that cannot score an instance stops the run.
    let proposal_error: std::sync::Mutex<Option<anyhow::Error>> = Default::default();
    let mut tasks = crate::train::task::TaskBuilder::default();
    let order_for = |inst: &Instance| -> Box<dyn ValueOrder> {
        let Some(ck) = &proposal else { return Box::new(Ascending) };
        let path = args.proposal.as_ref().expect("given with the checkpoint");
        let scores = tasks.instance(inst).and_then(|task| {
            ck.encoder.check(&task)?;
            Ok(crate::train::eval::proposal(&task, &ck.logits(&task)))
        });
        match scores {
            Ok(s) => Box::new(semiring_core::solver::ByScore(s)),
            Err(e) => {
                *proposal_error.lock().unwrap_or_else(|p| p.into_inner()) =
                    Some(e.context(format!("--proposal {}", path.display())));
                Box::new(Ascending)
            }
        }
    };
    let mut backend_report = None;
    let solve_all = || -> Result<(), BackendError> {
        let mut backend = open_backend(&cfg)?;
        solve_many_ordered(&cfg, &instances, backend.as_deref_mut(), order_for, |inst, r| {
            if proposal_error.lock().unwrap_or_else(|p| p.into_inner()).is_some() {
                return false;
            }
            let r = match r {
                Ok(r) => r,
                Err(e) => {
                    failure = Some(e);
                    return false;
                }
            };
            summary.add(&r);
            bar.inc(1);
            if args.quiet {
                return true;
            }
            let reason = (r.status == Status::Unsat).then(|| inst.clash()).flatten();
            let text = if args.json {
                serde_json::json!({
                "name": inst.name,
                "status": match r.status { Status::Sat | Status::AllFound => "sat", Status::Unsat => "unsat", Status::Limit(_) => "limit" },
                "solutions_found": r.solutions.len(),
                "count": r.count_text(),
                "exhausted": matches!(r.status, Status::Unsat | Status::AllFound),
                "solutions": r.solutions.iter().map(|s| inst.render_line(s)).collect::<Vec<_>>(),
                "agrees_with_file": r.agrees_with_file,
                "reason": reason,
                "nodes": r.stats.nodes, "rounds": r.stats.rounds, "failures": r.stats.failures,
                "seconds": r.stats.elapsed.as_secs_f64(),
            })
            .to_string()
            } else {
                let mut t = format!(
                    "{}  {}{}  solutions={}  nodes={} rounds={} failures={} time={}",
                    inst.name,
                    r.status.label(),
                    reason.as_ref().map(|w| format!(" ({w})")).unwrap_or_default(),
                    r.count_text(),
                    r.stats.nodes,
                    r.stats.rounds,
                    r.stats.failures,
                    ms(r.stats.elapsed)
                );
                for s in &r.solutions {
                    t.push('\n');
                    if many {
                        t.push_str(&inst.render_line(s));
                    } else {
                        t.push_str(inst.render(s).trim_end());
                    }
                }
                t
            };
            if let Err(e) = bar.suspend(|| emit(&text)) {
                closed = Some(e);
                return false;
            }
            true
        });
        backend_report = backend.map(|b| format!("{} backend: {}", b.name(), b.report()));
        Ok(())
    };
    // The search recurses once per branching, up to once per variable: its own thread gets the
    // stack that takes.
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("search".into())
            .stack_size(stack)
            .spawn_scoped(scope, solve_all)
            .map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    })
    .map_err(|e| {
        anyhow::anyhow!("cannot start the search thread with a {} stack: {e}", crate::limits::bytes(stack as u64))
    })??;
    if let Some(e) = proposal_error.into_inner().unwrap_or_else(|p| p.into_inner()) {
        bar.abandon();
        return Err(e);
    }
    if let Some(e) = closed {
        bar.abandon();
        return Err(e.into());
    }
    if let Some(e) = failure {
        bar.abandon();
        return Err(e.into());
    }
    bar.finish_and_clear();
    summary.wall_time = wall.elapsed();
    if args.json {
        emit(&summary.to_json().to_string())?;
    } else {
        let n = summary.instances.max(1) as f64;
        emit(&format!(
            "{} instances: {} sat, {} unsat, {} limit; nodes {} (mean {:.1}), rounds {} (mean {:.1}); search {:.3}s ({:.0}/s), wall {:.3}s",
            summary.instances,
            summary.sat,
            summary.unsat,
            summary.limit,
            summary.nodes,
            summary.nodes as f64 / n,
            summary.rounds,
            summary.rounds as f64 / n,
            summary.search_time.as_secs_f64(),
            summary.instances as f64 / summary.search_time.as_secs_f64().max(1e-12),
            summary.wall_time.as_secs_f64()
        ))?;
    }
    if let Some(r) = backend_report {
        eprintln!("{r}");
    }
    Ok(())
}
