//! Search: hard propagation to a fixpoint plus depth-first search.
//!
//! The search is generic over a [`Propagator`], so the same search runs
//! with propagation on the CPU, in simulation or on a board. A [`Branching`]
//! picks the variable: the unfixed one with the fewest values (minimum
//! remaining values, lowest index on ties; [`search`]) or the smallest ratio
//! of values to a weight learned from failures (dom/wdeg, [`search_with`]).
//! Values are tried in the order a [`ValueOrder`] gives (a learned proposal
//! can supply one).

use crate::domains::Domains;
use crate::interp::{hard_fixpoint, Fixpoint, FixpointOutcome};
use crate::program::{Program, Relation};
use crate::semiring::{Boolean, Semiring};
use std::convert::Infallible;
use std::time::{Duration, Instant};

/// Narrows hard domains to the propagation fixpoint of a program. A `Wipeout(v)` outcome names
/// a variable of the domains that it left empty ([`Branching::DomWdegConflict`] weighs it).
pub trait Propagator {
    type Error: std::error::Error + Send + Sync + 'static;
    fn propagate(&mut self, domains: &mut Domains<Boolean>) -> Result<Fixpoint, Self::Error>;

    /// The same fixpoint as [`Propagator::propagate`], for domains that were `Stable` under
    /// this propagator before only the `changed` variables were narrowed (a search branch):
    /// an incremental propagator may start from `changed` alone. The default starts over.
    fn propagate_changed(
        &mut self,
        domains: &mut Domains<Boolean>,
        changed: &[usize],
    ) -> Result<Fixpoint, Self::Error> {
        let _ = changed;
        self.propagate(domains)
    }

    /// True when this propagator never narrows a domain and only reports an empty one as a
    /// wipeout (a [`Worklist`] over a program without instructions, such as the residual of
    /// Sudoku under [`crate::groups::Grouped`]): a layer above may then skip calling it and
    /// check for empty domains itself. The default is `false`.
    fn narrows_nothing(&self) -> bool {
        false
    }
}

/// The reference propagator: Jacobi rounds exactly as the hardware runs them.
pub struct Jacobi<'p> {
    pub program: &'p Program,
    pub max_rounds: usize,
}

impl Propagator for Jacobi<'_> {
    type Error = Infallible;
    fn propagate(&mut self, domains: &mut Domains<Boolean>) -> Result<Fixpoint, Infallible> {
        Ok(hard_fixpoint(self.program, domains, self.max_rounds))
    }
}

/// A faster CPU propagator reaching the same fixpoint: it only re-runs the
/// instructions whose source changed (AC-3 style). Its `rounds` count waves
/// of changed variables. Because arc consistency has a unique greatest
/// fixpoint, it agrees with [`Jacobi`] on `Stable` results and on whether a
/// wipeout happens (tested). Duplicate instructions (same target, source and
/// relation, e.g. two Sudoku cells sharing a row and a box) are revised once
/// per wave. In search, [`Propagator::propagate_changed`] starts from the
/// branched variable alone, so there `rounds` count the waves after a branch.
pub struct Worklist<'p> {
    program: &'p Program,
    /// The revise steps of each source variable (`arcs[starts[s]..starts[s + 1]]`), duplicates
    /// dropped, in program order.
    starts: Vec<u32>,
    arcs: Vec<Step>,
    queued: Vec<bool>,
    wave: Vec<usize>,
    next_wave: Vec<usize>,
    /// Scratch domains (one variable each), kept to avoid allocating per call.
    src: Vec<u64>,
    before: Vec<u64>,
}

/// One revise step of the worklist: `target` from the source it is filed under.
#[derive(Clone, Copy, Debug)]
struct Step {
    target: u32,
    relation: u32,
    /// The relation is `!=` on one word (square, `R[a][b] = a != b`): the revise then removes
    /// the source's value when the source is a singleton and does nothing otherwise (with an
    /// empty source it empties the target, as the generic revise does).
    ne: bool,
}

/// Is `rel` exactly `!=` between two domains of the same width of at most 64 values?
pub(crate) fn is_ne_one_word(rel: &Relation) -> bool {
    let n = rel.rows();
    if n != rel.cols() || rel.row_words() != 1 || n > 64 {
        return false;
    }
    let all = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
    (0..n).all(|a| rel.row(a)[0] == all & !(1u64 << a))
}

impl<'p> Worklist<'p> {
    pub fn new(program: &'p Program) -> Self {
        // A second identical revise in the same wave cannot narrow anything more: keep the
        // first of each (source, target, relation), in program order. (Sorting, not hashing:
        // this runs once per solved instance and hashing dominated easy puzzles.)
        let mut keyed: Vec<(u32, u32, u32, u32)> = (program.instructions.iter().enumerate())
            .map(|(i, ins)| (ins.source, ins.target, ins.relation, i as u32))
            .collect();
        keyed.sort_unstable();
        keyed.dedup_by_key(|k| (k.0, k.1, k.2));
        let mut kept: Vec<u32> = keyed.iter().map(|k| k.3).collect();
        kept.sort_unstable();
        let ne: Vec<bool> = program.relations.iter().map(is_ne_one_word).collect();
        let n = program.num_vars();
        let mut count = vec![0u32; n + 1];
        for &i in &kept {
            count[program.instructions[i as usize].source as usize + 1] += 1;
        }
        for v in 0..n {
            count[v + 1] += count[v];
        }
        let starts = count.clone();
        let mut fill = count;
        let mut arcs = vec![Step { target: 0, relation: 0, ne: false }; kept.len()];
        for &i in &kept {
            let ins = program.instructions[i as usize];
            let slot = &mut fill[ins.source as usize];
            arcs[*slot as usize] = Step { target: ins.target, relation: ins.relation, ne: ne[ins.relation as usize] };
            *slot += 1;
        }
        Worklist {
            program,
            starts,
            arcs,
            queued: vec![false; n],
            wave: Vec::new(),
            next_wave: Vec::new(),
            src: Vec::new(),
            before: Vec::new(),
        }
    }

    /// Runs waves from the variables in `self.wave` until nothing changes or a wipeout.
    fn run(&mut self, domains: &mut Domains<Boolean>) -> Fixpoint {
        if domains.stride() == 1 {
            return self.run_one_word(domains);
        }
        let mut rounds = 0;
        let stride = domains.stride();
        self.src.resize(stride, 0);
        self.before.resize(stride, 0);
        while !self.wave.is_empty() {
            rounds += 1;
            self.next_wave.clear();
            for wi in 0..self.wave.len() {
                let s = self.wave[wi];
                self.src.copy_from_slice(domains.var(s));
                for ai in self.starts[s] as usize..self.starts[s + 1] as usize {
                    let arc = self.arcs[ai];
                    let t = arc.target as usize;
                    let rel = &self.program.relations[arc.relation as usize];
                    self.before.copy_from_slice(domains.var(t));
                    Boolean::revise(rel, &self.src, domains.var_mut(t));
                    let after = domains.var(t);
                    if *after != self.before[..] {
                        if after.iter().all(|&w| w == 0) {
                            // Leave the queue clean for the next call.
                            for &v in &self.next_wave {
                                self.queued[v] = false;
                            }
                            return Fixpoint { outcome: FixpointOutcome::Wipeout(t), rounds };
                        }
                        if !self.queued[t] {
                            self.queued[t] = true;
                            self.next_wave.push(t);
                        }
                    }
                }
            }
            for &v in &self.next_wave {
                self.queued[v] = false;
            }
            std::mem::swap(&mut self.wave, &mut self.next_wave);
        }
        Fixpoint { outcome: FixpointOutcome::Stable, rounds }
    }
}

impl Worklist<'_> {
    /// [`Worklist::run`] for domains of at most 64 values: the same steps on single words,
    /// without the slice copies and compares (for one word their bookkeeping costs more than
    /// the word operation itself), and `!=` arcs revised in two word operations.
    fn run_one_word(&mut self, domains: &mut Domains<Boolean>) -> Fixpoint {
        let mut rounds = 0;
        let cells = &mut domains.cells;
        while !self.wave.is_empty() {
            rounds += 1;
            self.next_wave.clear();
            for wi in 0..self.wave.len() {
                let s = self.wave[wi];
                let src = cells[s];
                let single = src & src.wrapping_sub(1) == 0;
                let (lo, hi) = (self.starts[s] as usize, self.starts[s + 1] as usize);
                for arc in &self.arcs[lo..hi] {
                    let t = arc.target as usize;
                    let before = cells[t];
                    let after = if arc.ne {
                        if !single {
                            continue;
                        }
                        before & !src
                    } else {
                        let rel = &self.program.relations[arc.relation as usize];
                        let mut x = before;
                        Boolean::revise(rel, std::slice::from_ref(&src), std::slice::from_mut(&mut x));
                        x
                    };
                    if after != before {
                        cells[t] = after;
                        if after == 0 {
                            for &v in &self.next_wave {
                                self.queued[v] = false;
                            }
                            return Fixpoint { outcome: FixpointOutcome::Wipeout(t), rounds };
                        }
                        if !self.queued[t] {
                            self.queued[t] = true;
                            self.next_wave.push(t);
                        }
                    }
                }
            }
            for &v in &self.next_wave {
                self.queued[v] = false;
            }
            std::mem::swap(&mut self.wave, &mut self.next_wave);
        }
        Fixpoint { outcome: FixpointOutcome::Stable, rounds }
    }
}

impl Propagator for Worklist<'_> {
    type Error = Infallible;
    fn narrows_nothing(&self) -> bool {
        self.arcs.is_empty()
    }
    fn propagate(&mut self, domains: &mut Domains<Boolean>) -> Result<Fixpoint, Infallible> {
        if let Some(v) = domains.first_empty() {
            return Ok(Fixpoint { outcome: FixpointOutcome::Wipeout(v), rounds: 0 });
        }
        self.wave.clear();
        self.wave.extend(0..self.program.num_vars());
        Ok(self.run(domains))
    }

    fn propagate_changed(&mut self, domains: &mut Domains<Boolean>, changed: &[usize]) -> Result<Fixpoint, Infallible> {
        if let Some(&v) = changed.iter().find(|&&v| Boolean::is_empty(domains.var(v))) {
            return Ok(Fixpoint { outcome: FixpointOutcome::Wipeout(v), rounds: 0 });
        }
        self.wave.clear();
        self.wave.extend_from_slice(changed);
        Ok(self.run(domains))
    }
}

/// Orders the values tried for a variable during search.
pub trait ValueOrder {
    /// Reorders `values` (ascending on entry) into the order to try them.
    fn order(&mut self, var: usize, values: &mut [usize]);
}

/// Values in ascending order.
pub struct Ascending;
impl ValueOrder for Ascending {
    fn order(&mut self, _var: usize, _values: &mut [usize]) {}
}

/// Values by descending score `scores[var][value]` (e.g. learned
/// probabilities), ties broken by ascending value.
pub struct ByScore(pub Vec<Vec<f64>>);
impl ValueOrder for ByScore {
    fn order(&mut self, var: usize, values: &mut [usize]) {
        let s = &self.0[var];
        values.sort_by(|&a, &b| s[b].total_cmp(&s[a]).then(a.cmp(&b)));
    }
}

/// How a search picks the variable to branch on (always an unfixed one; lowest index on ties).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Branching {
    /// Fewest values (minimum remaining values).
    #[default]
    MinRemaining,
    /// Smallest number of values divided by a weight (dom/wdeg, Boussemart et al. 2004, with
    /// the weights on variables): weights start at `initial` (one per variable, e.g.
    /// [`degrees`]; 1 where missing) and a variable's weight grows by one each time assigning
    /// one of its values fails at once (the child node wipes out), so the search branches
    /// first where it has met conflicts. Which nodes wipe out does not depend on the
    /// propagator (they all reach the same fixpoint), so neither does the tree.
    DomWdeg { initial: Vec<u32> },
    /// [`Branching::DomWdeg`] whose failures also weight the variable the propagator found
    /// empty: conflict-directed, as Boussemart et al. weight the constraint that emptied a
    /// domain (here its variable), so the search branches where contradictions arise, not only
    /// where it branched before them (about a fifth fewer nodes on the hardest Sudoku sets:
    /// `cargo xtask bench solve`). Which variable empties first depends on the propagator's
    /// order, so the tree does too: Jacobi rounds (and the hardware engine, which reports the
    /// same variable) and the Worklist may explore different trees, with the same solutions.
    DomWdegConflict { initial: Vec<u32> },
}

/// Each variable's degree in the constraint graph: how many other variables share an
/// instruction with it (either direction, counted once); on a graph colouring, the vertex
/// degree. The usual starting weights of [`Branching::DomWdeg`].
pub fn degrees(program: &Program) -> Vec<u32> {
    let mut pairs: Vec<(u32, u32)> = (program.instructions.iter())
        .filter(|i| i.target != i.source)
        .flat_map(|i| [(i.target, i.source), (i.source, i.target)])
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut deg = vec![0u32; program.num_vars()];
    for (v, _) in pairs {
        deg[v as usize] += 1;
    }
    deg
}

/// Limits of one search.
#[derive(Clone, Debug)]
pub struct SearchLimits {
    /// Stop after this many solutions (1: find one; 2: decide uniqueness).
    pub max_solutions: usize,
    pub node_limit: Option<u64>,
    pub time_limit: Option<Duration>,
}

impl Default for SearchLimits {
    fn default() -> Self {
        SearchLimits { max_solutions: 1, node_limit: None, time_limit: None }
    }
}

/// Which limit ended a search early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitHit {
    Nodes,
    Time,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchStats {
    /// Search nodes: propagation calls, the root included.
    pub nodes: u64,
    /// Propagation rounds over all nodes.
    pub rounds: u64,
    /// Nodes whose propagation ended in a wipeout.
    pub failures: u64,
    pub elapsed: Duration,
}

/// What a search found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchResult {
    /// Solutions found, at most `max_solutions`, in search order.
    pub solutions: Vec<Vec<usize>>,
    /// The whole search space was explored: `solutions` is all there is.
    pub exhausted: bool,
    /// Set when a node or time limit stopped the search.
    pub limit: Option<LimitHit>,
    pub stats: SearchStats,
}

impl SearchResult {
    /// No solution exists.
    pub fn is_unsat(&self) -> bool {
        self.exhausted && self.solutions.is_empty()
    }
}

struct Search<'a, P: Propagator, O: ValueOrder> {
    prop: &'a mut P,
    order: &'a mut O,
    limits: &'a SearchLimits,
    /// Per-variable weights of [`Branching::DomWdeg`] and [`Branching::DomWdegConflict`];
    /// `None` for [`Branching::MinRemaining`].
    weights: Option<Vec<u32>>,
    /// [`Branching::DomWdegConflict`]: a failure also weights the variable found empty.
    weigh_conflicts: bool,
    start: Instant,
    stats: SearchStats,
    solutions: Vec<Vec<usize>>,
    limit: Option<LimitHit>,
    /// The domains of the current node's parent chain, kept as one copy and a trail: `shadow`
    /// holds the domains of the deepest node on the path after its propagation, and `trail` the
    /// words each node changed in it (word index, value before), so a node restores its domains
    /// for the next value from `shadow` and hands `shadow` back to its parent unchanged. Memory
    /// grows with what the path changed, not with depth times variables (a copy per level took
    /// gigabytes on 30,000 unconstrained variables).
    shadow: Domains<Boolean>,
    trail: Vec<(u32, u64)>,
    /// Spare value lists, one per depth in use.
    spare_values: Vec<Vec<usize>>,
}

enum Flow {
    Continue,
    /// The node's own propagation wiped out at this variable (so the search continues).
    Failed(usize),
    Stop,
}

impl<P: Propagator, O: ValueOrder> Search<'_, P, O> {
    fn out_of_budget(&mut self) -> bool {
        if let Some(n) = self.limits.node_limit {
            if self.stats.nodes >= n {
                self.limit = Some(LimitHit::Nodes);
                return true;
            }
        }
        if let Some(t) = self.limits.time_limit {
            if self.stats.nodes.is_multiple_of(64) && self.start.elapsed() >= t {
                self.limit = Some(LimitHit::Time);
                return true;
            }
        }
        false
    }

    /// One search node; `branched` is the variable just assigned when the parent was `Stable`.
    fn node(&mut self, domains: &mut Domains<Boolean>, branched: Option<usize>) -> Result<Flow, P::Error> {
        if self.out_of_budget() {
            return Ok(Flow::Stop);
        }
        self.stats.nodes += 1;
        let fp = match branched {
            Some(v) => self.prop.propagate_changed(domains, &[v])?,
            None => self.prop.propagate(domains)?,
        };
        self.stats.rounds += fp.rounds as u64;
        match fp.outcome {
            FixpointOutcome::Wipeout(v) => {
                self.stats.failures += 1;
                return Ok(Flow::Failed(v));
            }
            FixpointOutcome::Stable | FixpointOutcome::RoundLimit => {}
        }
        // Record this node's domains in `shadow`: the words that changed since the parent's.
        let mark = self.trail.len();
        for (i, (s, &d)) in self.shadow.cells.iter_mut().zip(&domains.cells).enumerate() {
            if *s != d {
                self.trail.push((i as u32, *s));
                *s = d;
            }
        }
        let flow = self.branch(domains, fp.outcome);
        for &(i, w) in &self.trail[mark..] {
            self.shadow.cells[i as usize] = w;
        }
        self.trail.truncate(mark);
        flow
    }

    /// The children of a node whose propagated domains are `domains` (and `shadow`).
    fn branch(&mut self, domains: &mut Domains<Boolean>, outcome: FixpointOutcome) -> Result<Flow, P::Error> {
        // Minimum remaining values; a fixed point with all singletons is a
        // solution because every binary constraint has been revised.
        let chosen = match &self.weights {
            None => min_remaining(domains),
            Some(w) => min_ratio(domains, w),
        };
        let Some(var) = chosen else {
            if outcome == FixpointOutcome::Stable {
                self.solutions.push(domains.assignment().expect("all singletons"));
                if self.solutions.len() >= self.limits.max_solutions {
                    return Ok(Flow::Stop);
                }
            }
            return Ok(Flow::Continue);
        };
        let mut values = self.spare_values.pop().unwrap_or_default();
        values.clear();
        for (i, &w) in domains.var(var).iter().enumerate() {
            let mut bits = w;
            while bits != 0 {
                values.push(i * 64 + bits.trailing_zeros() as usize);
                bits &= bits - 1;
            }
        }
        self.order.order(var, &mut values);
        let branched = (outcome == FixpointOutcome::Stable).then_some(var);
        let mut flow = Flow::Continue;
        for (i, &a) in values.iter().enumerate() {
            // The first child starts from `domains` as they are; the others from `shadow`,
            // which every child hands back as it found it.
            if i > 0 {
                domains.clone_from(&self.shadow);
            }
            domains.assign(var, a);
            match self.node(domains, branched)? {
                Flow::Stop => {
                    flow = Flow::Stop;
                    break;
                }
                Flow::Failed(emptied) => {
                    if let Some(w) = &mut self.weights {
                        w[var] = w[var].saturating_add(1);
                        if self.weigh_conflicts {
                            w[emptied] = w[emptied].saturating_add(1);
                        }
                    }
                }
                Flow::Continue => {}
            }
        }
        self.spare_values.push(values);
        Ok(flow)
    }
}

/// The unfixed variable with the fewest values (lowest index on ties), if any.
fn min_remaining(domains: &Domains<Boolean>) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    if domains.stride() == 1 {
        // Two values is the least an open variable has: the first such one is the answer. Found
        // with bit tricks (the x86-64 baseline has no popcount instruction) before counting.
        let two = |w: u64| {
            let rest = w & w.wrapping_sub(1);
            rest != 0 && rest & (rest - 1) == 0
        };
        if let Some(v) = domains.cells.iter().position(|&w| two(w)) {
            return Some(v);
        }
        // None has two values: the fewest above that, counted.
        for (v, &w) in domains.cells.iter().enumerate() {
            let c = w.count_ones() as usize;
            if c > 1 && best.is_none_or(|(_, bc)| c < bc) {
                best = Some((v, c));
            }
        }
    } else {
        for v in 0..domains.num_vars() {
            let c = domains.count(v);
            if c > 1 && best.is_none_or(|(_, bc)| c < bc) {
                best = Some((v, c));
                if c == 2 {
                    break;
                }
            }
        }
    }
    best.map(|(v, _)| v)
}

/// The unfixed variable with the smallest ratio of values to weight (lowest index on ties), if any.
fn min_ratio(domains: &Domains<Boolean>, weights: &[u32]) -> Option<usize> {
    // (variable, values, weight); c / w < bc / bw compared as c * bw < bc * w.
    let mut best: Option<(usize, u64, u64)> = None;
    for v in 0..domains.num_vars() {
        // One-word domains read the cell directly: this loop runs at every node, and `count`
        // through a slice adds a bounds check and a loop per variable.
        let c = if domains.stride() == 1 { domains.cells[v].count_ones() as u64 } else { domains.count(v) as u64 };
        let w = u64::from(weights[v]);
        if c > 1 && best.is_none_or(|(_, bc, bw)| c * bw < bc * w) {
            best = Some((v, c, w));
        }
    }
    best.map(|(v, _, _)| v)
}

/// Depth-first search with propagation at every node, from `domains`, branching on minimum
/// remaining values ([`Branching::MinRemaining`]).
pub fn search<P: Propagator, O: ValueOrder>(
    prop: &mut P,
    order: &mut O,
    domains: Domains<Boolean>,
    limits: &SearchLimits,
) -> Result<SearchResult, P::Error> {
    search_with(prop, order, &Branching::MinRemaining, domains, limits)
}

/// [`search`] with the variable order of `branching`.
pub fn search_with<P: Propagator, O: ValueOrder>(
    prop: &mut P,
    order: &mut O,
    branching: &Branching,
    domains: Domains<Boolean>,
    limits: &SearchLimits,
) -> Result<SearchResult, P::Error> {
    let weights = match branching {
        Branching::MinRemaining => None,
        Branching::DomWdeg { initial } | Branching::DomWdegConflict { initial } => {
            Some((0..domains.num_vars()).map(|v| initial.get(v).copied().unwrap_or(1).max(1)).collect())
        }
    };
    let mut s = Search {
        prop,
        order,
        limits,
        weights,
        weigh_conflicts: matches!(branching, Branching::DomWdegConflict { .. }),
        start: Instant::now(),
        stats: SearchStats::default(),
        solutions: Vec::new(),
        limit: None,
        shadow: domains.clone(),
        trail: Vec::new(),
        spare_values: Vec::new(),
    };
    let mut domains = domains;
    let flow = s.node(&mut domains, None)?;
    let exhausted = !matches!(flow, Flow::Stop);
    let mut stats = s.stats;
    stats.elapsed = s.start.elapsed();
    Ok(SearchResult { solutions: s.solutions, exhausted, limit: s.limit, stats })
}

/// A borrowed propagator propagates as the one it borrows (so a caller can keep one propagator,
/// e.g. a [`Worklist`], across searches and still wrap it).
impl<P: Propagator + ?Sized> Propagator for &mut P {
    type Error = P::Error;
    fn propagate(&mut self, domains: &mut Domains<Boolean>) -> Result<Fixpoint, P::Error> {
        (**self).propagate(domains)
    }
    fn propagate_changed(&mut self, domains: &mut Domains<Boolean>, changed: &[usize]) -> Result<Fixpoint, P::Error> {
        (**self).propagate_changed(domains, changed)
    }
    fn narrows_nothing(&self) -> bool {
        (**self).narrows_nothing()
    }
}
