//! All-different group reasoning, layered over any hard [`Propagator`].
//!
//! A *group* is a set of variables that the program keeps pairwise different: every pair is
//! joined by a `!=` revise (a clique of `!=` arcs, such as a Sudoku row or an all-different
//! constraint, which the network compiles to pairwise `!=`). Arc consistency on those arcs
//! only removes the value of a fixed variable from its neighbours. Seen as one constraint, a
//! group of `n` variables whose domains together hold `u` values also implies (Hall's
//! condition applied to the whole group):
//!
//! * **pigeonhole**: `u < n` has no solution (wipeout);
//! * **hidden single**: when `u == n` every value of the union is taken, so a value that only
//!   one variable can take is assigned to it (two such values in one variable: wipeout);
//! * **intersection** (locked values): when `u == n` for group A and every variable of A that
//!   can take value `a` also lies in group B, then `a` is taken inside A ∩ B, and no variable
//!   of B outside A can take it.
//!
//! All three are bit-parallel: `twice |= once & d; once |= d` over the group's domain words
//! gives the values held by exactly one variable (`once & !twice`) and the union (`once`).
//! They are consequences of the program's own `!=` arcs, so the solutions of a search do not
//! change, only the size of the tree. (They do not reach generalized arc consistency of
//! all-different; Régin's matching algorithm would.)
//!
//! The layer runs on the host after the inner propagator's fixpoint and hands the variables it
//! narrowed back to it ([`Grouped`]), so the kernel's instruction set, the interpreter and the
//! generated hardware are unchanged; with hardware propagation the group passes run on the host
//! between engine calls. Groups are found in the program itself ([`Groups::detect`]) or given
//! explicitly and checked against it ([`Groups::new`]). Domains of more than 64 values are not
//! covered: [`Groups::detect`] then finds no groups and [`Groups::new`] returns an error.

use crate::domains::Domains;
use crate::interp::{Fixpoint, FixpointOutcome};
use crate::program::Program;
use crate::semiring::Boolean;
use crate::solver::{is_ne_one_word, Propagator};
use std::collections::HashMap;
use thiserror::Error;

/// Groups of pairwise-different variables and the overlaps between them, ready to propagate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Groups {
    /// Members of group `g`: `vars[starts[g]..starts[g + 1]]`, ascending.
    starts: Vec<u32>,
    vars: Vec<u32>,
    overlaps: Vec<Overlap>,
    /// Variable lists of the overlaps (ranges below index into it).
    overlap_vars: Vec<u32>,
}

/// Two groups sharing at least two variables.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Overlap {
    /// Sizes of the two groups.
    len_a: u32,
    len_b: u32,
    /// Ranges of `overlap_vars`: the shared variables, those only in A, those only in B.
    shared: (u32, u32),
    a_only: (u32, u32),
    b_only: (u32, u32),
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum GroupError {
    #[error("group {group}: variable {var} does not exist (the program has {num_vars})")]
    NoSuchVariable { group: usize, var: usize, num_vars: usize },
    #[error("group {group}: variable {var} appears twice")]
    Repeated { group: usize, var: usize },
    #[error(
        "group {group}: variables {x} and {y} are not kept different by the program (no `!=` revise between them)"
    )]
    NotDifferent { group: usize, x: usize, y: usize },
    #[error("not implemented: group reasoning for domains of more than 64 values (the program's widest has {width})")]
    TooWide { width: usize },
}

/// The `!=` arcs of a program as sorted, symmetric adjacency lists (either direction counts:
/// one `!=` revise already excludes equal values from every solution).
fn ne_adjacency(program: &Program) -> Vec<Vec<u32>> {
    let ne: Vec<bool> = program.relations.iter().map(is_ne_one_word).collect();
    let mut adj = vec![Vec::new(); program.num_vars()];
    for ins in &program.instructions {
        if ne[ins.relation as usize] && ins.target != ins.source {
            adj[ins.target as usize].push(ins.source);
            adj[ins.source as usize].push(ins.target);
        }
    }
    for a in &mut adj {
        a.sort_unstable();
        a.dedup();
    }
    adj
}

fn intersect_sorted(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

impl Groups {
    /// Finds groups in `program`: every `!=` arc not yet inside a group starts a clique that
    /// grows greedily (lowest variable first) until it is maximal; cliques of at least three
    /// variables are kept. On Sudoku this finds exactly the 27 rows, columns and boxes; on a
    /// graph colouring, cliques of the graph (useful when a clique has as many vertices as
    /// colours). No groups when a domain has more than 64 values.
    pub fn detect(program: &Program) -> Groups {
        if program.width() > 64 {
            return Groups::default();
        }
        let adj = ne_adjacency(program);
        let mut covered: std::collections::HashSet<(u32, u32)> = Default::default();
        let mut groups = Vec::new();
        for u in 0..adj.len() as u32 {
            for &v in &adj[u as usize] {
                if v < u || covered.contains(&(u, v)) {
                    continue;
                }
                let mut clique = vec![u, v];
                let mut cand = intersect_sorted(&adj[u as usize], &adj[v as usize]);
                while let Some(&c) = cand.first() {
                    clique.push(c);
                    cand = intersect_sorted(&cand, &adj[c as usize]);
                }
                clique.sort_unstable();
                for i in 0..clique.len() {
                    for j in i + 1..clique.len() {
                        covered.insert((clique[i], clique[j]));
                    }
                }
                if clique.len() >= 3 {
                    groups.push(clique.into_iter().map(|x| x as usize).collect::<Vec<_>>());
                }
            }
        }
        Self::build(&groups)
    }

    /// Explicit groups (e.g. the all-different constraints a reader knows), checked against
    /// `program`: every pair of a group must be joined by a `!=` revise.
    pub fn new(program: &Program, groups: &[Vec<usize>]) -> Result<Groups, GroupError> {
        if program.width() > 64 {
            return Err(GroupError::TooWide { width: program.width() });
        }
        let adj = ne_adjacency(program);
        let n = program.num_vars();
        for (group, g) in groups.iter().enumerate() {
            if let Some(&var) = g.iter().find(|&&v| v >= n) {
                return Err(GroupError::NoSuchVariable { group, var, num_vars: n });
            }
            let mut sorted = g.clone();
            sorted.sort_unstable();
            if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
                return Err(GroupError::Repeated { group, var: w[0] });
            }
            for i in 0..g.len() {
                for j in i + 1..g.len() {
                    if adj[g[i]].binary_search(&(g[j] as u32)).is_err() {
                        return Err(GroupError::NotDifferent { group, x: g[i], y: g[j] });
                    }
                }
            }
        }
        Ok(Self::build(groups))
    }

    fn build(groups: &[Vec<usize>]) -> Groups {
        let mut out = Groups { starts: vec![0], ..Default::default() };
        let mut members: Vec<Vec<u32>> = Vec::new();
        for g in groups.iter().filter(|g| g.len() >= 2) {
            let mut m: Vec<u32> = g.iter().map(|&v| v as u32).collect();
            m.sort_unstable();
            out.vars.extend_from_slice(&m);
            out.starts.push(out.vars.len() as u32);
            members.push(m);
        }
        // Overlaps: pairs of groups sharing at least two variables, found through the
        // variable -> groups index.
        let mut of_var: HashMap<u32, Vec<u32>> = HashMap::new();
        for (g, m) in members.iter().enumerate() {
            for &v in m {
                of_var.entry(v).or_default().push(g as u32);
            }
        }
        let mut shared_count: HashMap<(u32, u32), u32> = HashMap::new();
        for gs in of_var.values() {
            for i in 0..gs.len() {
                for j in i + 1..gs.len() {
                    *shared_count.entry((gs[i], gs[j])).or_default() += 1;
                }
            }
        }
        let mut pairs: Vec<(u32, u32)> = shared_count.into_iter().filter(|&(_, c)| c >= 2).map(|(p, _)| p).collect();
        pairs.sort_unstable();
        for (a, b) in pairs {
            let (ma, mb) = (&members[a as usize], &members[b as usize]);
            let shared = intersect_sorted(ma, mb);
            let mut push = |vs: Vec<u32>| {
                let lo = out.overlap_vars.len() as u32;
                out.overlap_vars.extend(vs);
                (lo, out.overlap_vars.len() as u32)
            };
            let a_only = ma.iter().copied().filter(|v| shared.binary_search(v).is_err()).collect();
            let b_only = mb.iter().copied().filter(|v| shared.binary_search(v).is_err()).collect();
            let shared = push(shared);
            let a_only = push(a_only);
            let b_only = push(b_only);
            out.overlaps.push(Overlap { len_a: ma.len() as u32, len_b: mb.len() as u32, shared, a_only, b_only });
        }
        out
    }

    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The variables of group `g`, ascending.
    pub fn group(&self, g: usize) -> impl Iterator<Item = usize> + '_ {
        self.vars[self.starts[g] as usize..self.starts[g + 1] as usize].iter().map(|&v| v as usize)
    }
    /// Pairs of groups sharing at least two variables.
    pub fn num_overlaps(&self) -> usize {
        self.overlaps.len()
    }

    /// Pigeonhole and hidden singles over every group, on one-word domains. Narrowed variables
    /// are appended to `changed` (once each, through `marked`). `Err(v)`: a wipeout at `v`.
    fn singles(&self, cells: &mut [u64], changed: &mut Vec<usize>, marked: &mut [bool]) -> Result<(), usize> {
        for g in 0..self.len() {
            let m = &self.vars[self.starts[g] as usize..self.starts[g + 1] as usize];
            let (mut once, mut twice) = (0u64, 0u64);
            for &v in m {
                let d = cells[v as usize];
                twice |= once & d;
                once |= d;
            }
            let u = once.count_ones() as usize;
            if u < m.len() {
                return Err(m[0] as usize);
            }
            if u > m.len() {
                continue;
            }
            let hidden = once & !twice;
            if hidden == 0 {
                continue;
            }
            for &v in m {
                let d = cells[v as usize];
                let h = d & hidden;
                if h == 0 || h == d && h & (h - 1) == 0 {
                    continue;
                }
                if h & (h - 1) != 0 {
                    return Err(v as usize);
                }
                cells[v as usize] = h;
                mark(v as usize, changed, marked);
            }
        }
        Ok(())
    }

    /// The intersection rule over every overlap, both ways, on one-word domains.
    fn intersections(&self, cells: &mut [u64], changed: &mut Vec<usize>, marked: &mut [bool]) -> Result<(), usize> {
        let or_of = |cells: &[u64], (lo, hi): (u32, u32)| {
            self.overlap_vars[lo as usize..hi as usize].iter().fold(0u64, |acc, &v| acc | cells[v as usize])
        };
        for o in &self.overlaps {
            let inside = or_of(cells, o.shared);
            for (len, own_rest, other_rest) in [(o.len_a, o.a_only, o.b_only), (o.len_b, o.b_only, o.a_only)] {
                if other_rest.0 == other_rest.1 {
                    continue;
                }
                let rest = or_of(cells, own_rest);
                if (inside | rest).count_ones() != len {
                    continue;
                }
                let locked = inside & !rest;
                if locked == 0 {
                    continue;
                }
                for &v in &self.overlap_vars[other_rest.0 as usize..other_rest.1 as usize] {
                    let d = cells[v as usize];
                    if d & locked != 0 {
                        let nd = d & !locked;
                        cells[v as usize] = nd;
                        if nd == 0 {
                            return Err(v as usize);
                        }
                        mark(v as usize, changed, marked);
                    }
                }
            }
        }
        Ok(())
    }
}

#[inline]
fn mark(v: usize, changed: &mut Vec<usize>, marked: &mut [bool]) {
    if !marked[v] {
        marked[v] = true;
        changed.push(v);
    }
}

/// A propagator with group reasoning on top of `inner`: after `inner` reaches its fixpoint,
/// pigeonhole and hidden singles run over every group, then (when those changed nothing) the
/// intersection rule; whatever they narrow goes back to `inner` as changed variables, until
/// neither changes anything. Each group pass that narrowed something counts as one round.
pub struct Grouped<'g, P> {
    pub inner: P,
    groups: &'g Groups,
    changed: Vec<usize>,
    marked: Vec<bool>,
}

impl<'g, P: Propagator> Grouped<'g, P> {
    pub fn new(inner: P, groups: &'g Groups) -> Self {
        Grouped { inner, groups, changed: Vec::new(), marked: Vec::new() }
    }

    fn close(&mut self, domains: &mut Domains<Boolean>, first: Fixpoint) -> Result<Fixpoint, P::Error> {
        let mut fp = first;
        let mut rounds = fp.rounds;
        // Groups only exist for programs of at most 64 values (one word per domain).
        if self.groups.is_empty() || domains.stride() != 1 {
            return Ok(fp);
        }
        self.marked.resize(domains.num_vars(), false);
        loop {
            if fp.outcome != FixpointOutcome::Stable {
                return Ok(Fixpoint { outcome: fp.outcome, rounds });
            }
            self.changed.clear();
            let mut res = self.groups.singles(&mut domains.cells, &mut self.changed, &mut self.marked);
            if res.is_ok() && self.changed.is_empty() {
                res = self.groups.intersections(&mut domains.cells, &mut self.changed, &mut self.marked);
            }
            for &v in &self.changed {
                self.marked[v] = false;
            }
            if let Err(v) = res {
                return Ok(Fixpoint { outcome: FixpointOutcome::Wipeout(v), rounds });
            }
            if self.changed.is_empty() {
                return Ok(Fixpoint { outcome: FixpointOutcome::Stable, rounds });
            }
            rounds += 1;
            fp = self.inner.propagate_changed(domains, &self.changed)?;
            rounds += fp.rounds;
        }
    }
}

impl<P: Propagator> Propagator for Grouped<'_, P> {
    type Error = P::Error;
    fn propagate(&mut self, domains: &mut Domains<Boolean>) -> Result<Fixpoint, P::Error> {
        let fp = self.inner.propagate(domains)?;
        self.close(domains, fp)
    }

    fn propagate_changed(&mut self, domains: &mut Domains<Boolean>, changed: &[usize]) -> Result<Fixpoint, P::Error> {
        let fp = self.inner.propagate_changed(domains, changed)?;
        self.close(domains, fp)
    }
}
