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
//! They are consequences of the program's own `!=` arcs, so the solutions of a search do not
//! change, only the size of the tree. (They do not reach generalized arc consistency of
//! all-different; Régin's matching algorithm would.)
//!
//! How they run (one-word domains, i.e. at most 64 values; [`Grouped`]):
//!
//! * **naked singles** through a queue: a variable that becomes fixed is queued, and its value
//!   leaves its *peers* (the other members of its groups, precomputed per variable, each
//!   once), which is exactly what the `!=` arcs inside the groups do; peers left with one
//!   value are queued in turn, an emptied peer is a wipeout (two peers fixed to one value
//!   included). The removal is branch-free; the peers that lost the value are handled after.
//! * every variable the rules narrow marks its groups and overlaps *dirty* (bitsets); once no
//!   single is queued, each dirty group gets one bit-parallel sweep — `twice |= once & d;
//!   once |= d` over its domain words gives the union (`once`: pigeonhole) and the values
//!   held by exactly one variable (`once & !twice`: hidden singles, assigned and queued);
//! * once no group is dirty, the dirty overlaps (two groups sharing at least two variables)
//!   get the intersection rule both ways, from the ORs of their three parts;
//! * once every variable is fixed (and no single is pending) nothing is left to examine: each
//!   group then holds distinct values, so the sweep ends there (most easy Sudokus end so).
//!
//! Groups whose members' widths allow exactly as many values as they have members (all of
//! Sudoku's) compare a union with that mask instead of counting its bits (the x86-64 baseline
//! has no popcount instruction). Any order of the rules reaches the same fixpoint (each rule
//! stays applicable once it applies, until a wipeout), so the search tree does not depend on
//! it, nor on the inner propagator (except under dom/wdeg-conflict, which weighs the variable a
//! wipeout names: the first one found empty, in the order below).
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
    /// The groups and the overlaps each variable belongs to (`of_var[var_starts[v]..var_starts[v + 1]]`,
    /// group indices, and likewise for overlaps).
    var_groups: (Vec<u32>, Vec<u32>),
    var_overlaps: (Vec<u32>, Vec<u32>),
    /// Per group, the values its members' widths allow when they are exactly as many as its
    /// members (then a union holds as many values as members iff it equals this), else 0.
    tight: Vec<u64>,
    /// The peers of each variable: the other members of its groups, each once, ascending
    /// (`peers.1[peers.0[v]..peers.0[v + 1]]`).
    peers: (Vec<u32>, Vec<u32>),
    /// The same as bitset words `(word, bits)` per variable, for marking them dirty in a few
    /// operations: one bitset, the groups in its first `group_words` words and the overlaps
    /// after them (two words per variable on Sudoku).
    touch_words: (Vec<u32>, Vec<(u32, u64)>),
    group_words: u32,
    /// The same as two whole words per variable, when the dirty bitset has at most two words
    /// (else empty).
    touch_pairs: Vec<[u64; 2]>,
}

/// Per key, its items as bitset words `(word, bits)`.
fn as_words((starts, items): &(Vec<u32>, Vec<u32>)) -> (Vec<u32>, Vec<(u32, u64)>) {
    let mut out_starts = vec![0u32];
    let mut out = Vec::new();
    for k in 0..starts.len().saturating_sub(1) {
        let mut ws: Vec<(u32, u64)> = Vec::new();
        for &i in &items[starts[k] as usize..starts[k + 1] as usize] {
            match ws.iter_mut().find(|(w, _)| *w == i / 64) {
                Some((_, b)) => *b |= 1 << (i % 64),
                None => ws.push((i / 64, 1 << (i % 64))),
            }
        }
        out.extend(ws);
        out_starts.push(out.len() as u32);
    }
    (out_starts, out)
}

/// Compressed lists: `items[starts[k]..starts[k + 1]]` for each `k` of `0..n`, from `(k, item)` pairs.
fn csr(n: usize, pairs: impl Iterator<Item = (u32, u32)> + Clone) -> (Vec<u32>, Vec<u32>) {
    let mut starts = vec![0u32; n + 1];
    for (k, _) in pairs.clone() {
        starts[k as usize + 1] += 1;
    }
    for k in 0..n {
        starts[k + 1] += starts[k];
    }
    let mut fill = starts.clone();
    let mut items = vec![0u32; starts[n] as usize];
    for (k, item) in pairs {
        items[fill[k as usize] as usize] = item;
        fill[k as usize] += 1;
    }
    (starts, items)
}

/// Two groups sharing at least two variables.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Overlap {
    /// The two groups.
    a: u32,
    b: u32,
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
    /// variables and at least as many variables as values (the widest member's domain) are
    /// kept: those must use every value, so hidden singles apply from the start (or, larger,
    /// they are a pigeonhole wipeout). On Sudoku this finds exactly the 27 rows, columns and
    /// boxes; on a k-colouring, the k-cliques that greedy growth finds. No groups when a domain
    /// has more than 64 values.
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
                // A clique with fewer variables than values only implies something once the
                // search has shrunk the domains to its size; on sparse graphs such cliques are
                // many and cost more than they prune (measured on DSJC125.1 and le450_15a).
                let values = clique.iter().map(|&x| program.widths[x as usize]).max().unwrap_or(0);
                if clique.len() >= 3 && clique.len() >= values {
                    groups.push(clique.into_iter().map(|x| x as usize).collect::<Vec<_>>());
                }
            }
        }
        Self::build(&groups, &program.widths)
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
        Ok(Self::build(groups, &program.widths))
    }

    fn build(groups: &[Vec<usize>], widths: &[usize]) -> Groups {
        let mut out = Groups { starts: vec![0], ..Default::default() };
        let mut members: Vec<Vec<u32>> = Vec::new();
        // Canonical form: members ascending, groups in ascending order, duplicates dropped.
        let mut sorted: Vec<Vec<u32>> = groups
            .iter()
            .filter(|g| g.len() >= 2)
            .map(|g| {
                let mut m: Vec<u32> = g.iter().map(|&v| v as u32).collect();
                m.sort_unstable();
                m
            })
            .collect();
        sorted.sort();
        sorted.dedup();
        for m in sorted {
            out.vars.extend_from_slice(&m);
            out.starts.push(out.vars.len() as u32);
            members.push(m);
        }
        // A group whose members' widths together allow exactly as many values as it has members
        // compares its union with that mask instead of counting (no popcount instruction in the
        // x86-64 baseline).
        out.tight = (members.iter())
            .map(|m| {
                let width = m.iter().map(|&v| widths[v as usize]).max().unwrap_or(0);
                let all = if width >= 64 { u64::MAX } else { (1u64 << width) - 1 };
                if width <= 64 && all.count_ones() as usize == m.len() {
                    all
                } else {
                    0
                }
            })
            .collect();
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
            out.overlaps.push(Overlap { a, b, shared, a_only, b_only });
        }
        let n = out.vars.iter().map(|&v| v as usize + 1).max().unwrap_or(0);
        out.var_groups = csr(
            n,
            (0..members.len())
                .flat_map(|g| members[g].iter().map(move |&v| (v, g as u32)))
                .collect::<Vec<_>>()
                .into_iter(),
        );
        let ov = &out.overlaps;
        let ovars = &out.overlap_vars;
        let pairs: Vec<(u32, u32)> = (0..ov.len())
            .flat_map(|o| {
                let r = [ov[o].shared, ov[o].a_only, ov[o].b_only];
                r.into_iter()
                    .flat_map(move |(lo, hi)| ovars[lo as usize..hi as usize].iter().map(move |&v| (v, o as u32)))
            })
            .collect();
        out.var_overlaps = csr(n, pairs.into_iter());
        out.peers = csr(
            n,
            (0..n as u32)
                .flat_map(|v| {
                    let (gs, gi) = &out.var_groups;
                    let mut ps: Vec<u32> = (gi[gs[v as usize] as usize..gs[v as usize + 1] as usize].iter())
                        .flat_map(|&g| members[g as usize].iter().copied())
                        .filter(|&p| p != v)
                        .collect();
                    ps.sort_unstable();
                    ps.dedup();
                    ps.into_iter().map(move |p| (v, p))
                })
                .collect::<Vec<_>>()
                .into_iter(),
        );
        out.group_words = members.len().div_ceil(64) as u32;
        let (gs, gw) = as_words(&out.var_groups);
        let (os, ow) = as_words(&out.var_overlaps);
        let mut touch = (vec![0u32], Vec::new());
        for v in 0..n {
            touch.1.extend_from_slice(&gw[gs[v] as usize..gs[v + 1] as usize]);
            let shift = |&(w, bits): &(u32, u64)| (w + out.group_words, bits);
            touch.1.extend(ow[os[v] as usize..os[v + 1] as usize].iter().map(shift));
            touch.0.push(touch.1.len() as u32);
        }
        if out.group_words as usize + (out.overlaps.len()).div_ceil(64) <= 2 {
            out.touch_pairs = (0..n)
                .map(|v| {
                    let mut pair = [0u64; 2];
                    for &(w, bits) in &touch.1[touch.0[v] as usize..touch.0[v + 1] as usize] {
                        pair[w as usize] |= bits;
                    }
                    pair
                })
                .collect();
        }
        out.touch_words = touch;
        out
    }

    /// Marks the groups and overlaps of variable `v` dirty.
    #[inline]
    fn touch(&self, v: usize, dirty: &mut [u64]) {
        let (ts, tw) = &self.touch_words;
        if v + 1 >= ts.len() {
            return;
        }
        for &(w, bits) in &tw[ts[v] as usize..ts[v + 1] as usize] {
            dirty[w as usize] |= bits;
        }
    }

    /// Do `x` and `y` belong to a common group?
    fn share_group(&self, x: usize, y: usize) -> bool {
        let (gs, gi) = &self.var_groups;
        if x + 1 >= gs.len() || y + 1 >= gs.len() {
            return false;
        }
        let gx = &gi[gs[x] as usize..gs[x + 1] as usize];
        gi[gs[y] as usize..gs[y + 1] as usize].iter().any(|g| gx.contains(g))
    }

    /// `program` without the `!=` revises inside a group: [`Grouped`] enforces those itself
    /// (removing a fixed variable's value from the rest of its group is exactly what they do),
    /// so its inner propagator can run this smaller program and reach the same fixpoint.
    pub fn residual(&self, program: &Program) -> Program {
        let ne: Vec<bool> = program.relations.iter().map(is_ne_one_word).collect();
        let kept = (program.instructions.iter())
            .filter(|i| !(ne[i.relation as usize] && self.share_group(i.target as usize, i.source as usize)))
            .copied()
            .collect();
        Program::new(program.widths.clone(), program.relations.clone(), kept).expect("a subset of a valid program")
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

    /// How many values `union` (of some of group `g`'s domains) holds, compared with the
    /// number of members of `g`.
    #[inline]
    fn fill(&self, g: usize, union: u64) -> std::cmp::Ordering {
        match self.tight[g] {
            0 => (union.count_ones() as usize).cmp(&((self.starts[g + 1] - self.starts[g]) as usize)),
            all if union == all => std::cmp::Ordering::Equal,
            _ => std::cmp::Ordering::Less,
        }
    }

    /// Naked singles: the value of every queued (newly fixed) variable leaves its peers, which
    /// is exactly what the `!=` arcs inside its groups do; peers left with one value are queued
    /// in turn. `Err(v)`: a wipeout at `v` (two peers fixed to one value end here too).
    fn drain(&self, cells: &mut [u64], st: &mut State) -> Result<(), usize> {
        let (ps, pi) = &self.peers;
        while let Some(v) = st.queue.pop() {
            let v = v as usize;
            let a = cells[v];
            // Variables past the last grouped one have no peers.
            if v + 1 >= ps.len() {
                continue;
            }
            // Branch-free: which peers hold the value is unpredictable. The value leaves every
            // peer and those that held it are marked in a bitmask (64 peers at a time), then
            // handled one by one.
            let peers = &pi[ps[v] as usize..ps[v + 1] as usize];
            for chunk in peers.chunks(64) {
                let mut hit = 0u64;
                for (i, &p) in chunk.iter().enumerate() {
                    let d = cells[p as usize];
                    let nd = d & !a;
                    cells[p as usize] = nd;
                    hit |= u64::from(d != nd) << i;
                }
                if hit == 0 {
                    continue;
                }
                st.narrowed_any = true;
                // With at most two words of dirty bits (Sudoku), they gather in registers.
                let (mut dirty0, mut dirty1) = (0u64, 0u64);
                while hit != 0 {
                    let p = chunk[hit.trailing_zeros() as usize] as usize;
                    hit &= hit - 1;
                    let nd = cells[p];
                    if nd == 0 {
                        return Err(p);
                    }
                    match self.touch_pairs.get(p) {
                        Some(&[w0, w1]) => {
                            dirty0 |= w0;
                            dirty1 |= w1;
                        }
                        None => self.touch(p, &mut st.dirty),
                    }
                    if nd & (nd - 1) == 0 {
                        st.queue.push(p as u32);
                    }
                }
                if !self.touch_pairs.is_empty() {
                    st.dirty[0] |= dirty0;
                    if let Some(w) = st.dirty.get_mut(1) {
                        *w |= dirty1;
                    }
                }
            }
        }
        Ok(())
    }

    /// Pigeonhole and hidden singles on group `g` (one-word domains): fewer values than
    /// variables (or an empty domain) is a wipeout; with exactly as many, a value only one open
    /// variable holds is assigned to it (two such values in one variable: wipeout). Run when no
    /// naked single is pending. `Err(v)`: a wipeout at `v`.
    fn hidden_singles(&self, g: usize, cells: &mut [u64], st: &mut State) -> Result<(), usize> {
        let m = &self.vars[self.starts[g] as usize..self.starts[g + 1] as usize];
        let (mut once, mut twice, mut open, mut empty) = (0u64, 0u64, 0u64, false);
        // Branch-free: whether a domain is a singleton is unpredictable.
        for &v in m {
            let d = cells[v as usize];
            let multi = u64::from(d & d.wrapping_sub(1) != 0).wrapping_neg();
            open |= d & multi;
            empty |= d == 0;
            twice |= once & d;
            once |= d;
        }
        let fill = self.fill(g, once);
        if empty || fill.is_lt() {
            return Err(m[0] as usize);
        }
        // Values every solution places in this group that only one open variable can take.
        let hidden = if fill.is_eq() { open & once & !twice } else { 0 };
        if hidden == 0 {
            return Ok(());
        }
        for &v in m {
            let d = cells[v as usize];
            let h = d & hidden;
            if h != 0 {
                if h & (h - 1) != 0 {
                    return Err(v as usize);
                }
                cells[v as usize] = h;
                st.narrowed(v as usize, h, self);
            }
        }
        Ok(())
    }

    /// The intersection rule on overlap `o`, both ways, on one-word domains. The values each way
    /// would remove (locked in the shared part and still held by the other group's remaining
    /// variables) come first; when neither way has any, nothing else is read.
    fn intersect(&self, o: usize, cells: &mut [u64], st: &mut State) -> Result<(), usize> {
        let o = &self.overlaps[o];
        let or_of = |cells: &[u64], (lo, hi): (u32, u32)| {
            self.overlap_vars[lo as usize..hi as usize].iter().fold(0u64, |acc, &v| acc | cells[v as usize])
        };
        let inside = or_of(cells, o.shared);
        let (rest_a, rest_b) = (or_of(cells, o.a_only), or_of(cells, o.b_only));
        // Values of the shared part that one group holds nowhere else and the other still
        // holds outside it (most passes find none).
        let (lock_a, lock_b) = (inside & !rest_a & rest_b, inside & !rest_b & rest_a);
        if lock_a | lock_b == 0 {
            return Ok(());
        }
        if lock_a != 0 && self.fill(o.a as usize, inside | rest_a).is_eq() {
            self.remove_locked(lock_a, o.b_only, cells, st)?;
        }
        if lock_b != 0 && self.fill(o.b as usize, inside | rest_b).is_eq() {
            self.remove_locked(lock_b, o.a_only, cells, st)?;
        }
        Ok(())
    }

    /// Removes `locked` from the variables of `range` (of `overlap_vars`).
    fn remove_locked(&self, locked: u64, (lo, hi): (u32, u32), cells: &mut [u64], st: &mut State) -> Result<(), usize> {
        for &v in &self.overlap_vars[lo as usize..hi as usize] {
            let d = cells[v as usize];
            if d & locked != 0 {
                let nd = d & !locked;
                cells[v as usize] = nd;
                if nd == 0 {
                    return Err(v as usize);
                }
                st.narrowed(v as usize, nd, self);
            }
        }
        Ok(())
    }
}

/// Sets the first `n` bits of a bitset.
fn set_first(bits: &mut [u64], n: usize) {
    for (i, w) in bits.iter_mut().enumerate() {
        let k = n.saturating_sub(i * 64).min(64);
        *w = if k == 64 { u64::MAX } else { (1 << k) - 1 };
    }
}

/// The working state of [`Grouped`].
#[derive(Default)]
struct State {
    /// Groups, then overlaps (from word `Groups::group_words`), to (re)examine: those with a
    /// variable narrowed since they were last found to imply nothing.
    dirty: Vec<u64>,
    /// Variables fixed whose value has not yet left their peers (naked singles to apply).
    queue: Vec<u32>,
    /// Variables the group rules narrowed, handed to the inner propagator.
    changed: Vec<usize>,
    /// The rules narrowed something since this was last reset.
    narrowed_any: bool,
}

impl State {
    /// Records that the group rules narrowed `v` to `d` (nonempty).
    #[inline]
    fn narrowed(&mut self, v: usize, d: u64, groups: &Groups) {
        self.narrowed_any = true;
        groups.touch(v, &mut self.dirty);
        if d & (d - 1) == 0 {
            self.queue.push(v as u32);
        }
    }
    fn clear(&mut self) {
        self.dirty.fill(0);
        self.queue.clear();
    }
}

/// A propagator with group reasoning on top of `inner`. After `inner` reaches its fixpoint,
/// the group rules run until none applies (naked singles, then dirty groups, then dirty
/// overlaps; see the module documentation); the variables they narrowed go back to `inner` as
/// changed, until neither changes anything. `inner` may run the whole program or
/// [`Groups::residual`] (the `!=` arcs inside groups are enforced here either way): the
/// fixpoint is the same. When `inner` narrows nothing ([`Propagator::narrows_nothing`], e.g.
/// the empty residual of Sudoku), it is not called and the domains are not copied to tell
/// what it narrowed: the rules run alone and check for empty domains themselves. Each pass of
/// the group rules that narrowed something counts as one round. Incremental: a search branch
/// starts from a group-stable parent, so only the branched variable (and what `inner`
/// narrows) starts the rules, and only the groups and overlaps of narrowed variables are
/// examined. The working state (queue, bitsets) is kept across calls: one `Grouped` per
/// thread solves many instances without allocating.
pub struct Grouped<'g, P> {
    pub inner: P,
    groups: &'g Groups,
    st: State,
    /// The domains when the groups were last brought up to date; compared with the current
    /// ones, they tell what the inner propagator or the group rules narrowed.
    seen: Vec<u64>,
}

impl<'g, P: Propagator> Grouped<'g, P> {
    pub fn new(inner: P, groups: &'g Groups) -> Self {
        let words = groups.group_words as usize + groups.overlaps.len().div_ceil(64);
        let st = State { dirty: vec![0; words], ..Default::default() };
        Grouped { inner, groups, st, seen: Vec::new() }
    }

    /// Groups only exist for programs of at most 64 values (one word per domain).
    fn active(&self, domains: &Domains<Boolean>) -> bool {
        !self.groups.is_empty() && domains.stride() == 1
    }

    /// Applies the rules until none applies or a wipeout: pending naked singles first, then the
    /// hidden singles of the dirty groups, and only when no group is dirty the intersection
    /// rule on the dirty overlaps; each a bitset word at a time, draining the naked singles a
    /// rule queued before the next.
    fn sweep(&mut self, cells: &mut [u64]) -> Result<(), usize> {
        let g = self.groups;
        let gw = g.group_words as usize;
        g.drain(cells, &mut self.st)?;
        loop {
            // With no single pending, every fixed variable's value has left its peers (an empty
            // domain ends the sweep as a wipeout where it appears), so once all are fixed each
            // group holds distinct values and no rule can narrow anything: the dirty groups and
            // overlaps need no pass. (Most easy puzzles end so; the scan stops at the first open
            // variable otherwise.)
            if cells.iter().all(|d| d.is_power_of_two()) {
                self.st.dirty.fill(0);
                return Ok(());
            }
            // The dirty groups a word at a time (groups dirtied meanwhile wait for the next
            // pass), naked singles drained after each group that found some.
            let mut any = false;
            for w in 0..gw {
                let mut bits = std::mem::take(&mut self.st.dirty[w]);
                any |= bits != 0;
                while bits != 0 {
                    g.hidden_singles(w * 64 + bits.trailing_zeros() as usize, cells, &mut self.st)?;
                    bits &= bits - 1;
                    if !self.st.queue.is_empty() {
                        g.drain(cells, &mut self.st)?;
                    }
                }
            }
            if any {
                continue;
            }
            // No group is dirty: the dirty overlaps, likewise a word at a time (the rule reads
            // the domains afresh, so groups dirtied meanwhile can wait).
            for w in gw..self.st.dirty.len() {
                let mut bits = std::mem::take(&mut self.st.dirty[w]);
                any |= bits != 0;
                while bits != 0 {
                    g.intersect((w - gw) * 64 + bits.trailing_zeros() as usize, cells, &mut self.st)?;
                    bits &= bits - 1;
                    if !self.st.queue.is_empty() {
                        g.drain(cells, &mut self.st)?;
                    }
                }
            }
            if !any {
                return Ok(());
            }
        }
    }

    /// Marks `v`'s groups and overlaps dirty and, when it is fixed, queues it as a naked single.
    #[inline]
    fn touch_new(&mut self, v: usize, d: u64) {
        self.groups.touch(v, &mut self.st.dirty);
        if d & d.wrapping_sub(1) == 0 {
            self.st.queue.push(v as u32);
        }
    }

    /// The rules alone, when the inner propagator narrows nothing (no copy of the domains to
    /// tell what it narrowed, no call): `empty` is a variable the caller found empty, if any.
    fn alone(&mut self, domains: &mut Domains<Boolean>, empty: Option<usize>) -> Fixpoint {
        self.st.narrowed_any = false;
        let outcome = match empty.map_or_else(|| self.sweep(&mut domains.cells), Err) {
            Ok(()) => FixpointOutcome::Stable,
            Err(v) => {
                self.st.clear();
                FixpointOutcome::Wipeout(v)
            }
        };
        Fixpoint { outcome, rounds: usize::from(self.st.narrowed_any) }
    }

    fn close(&mut self, domains: &mut Domains<Boolean>, first: Fixpoint) -> Result<Fixpoint, P::Error> {
        let mut fp = first;
        let mut rounds = fp.rounds;
        loop {
            if fp.outcome != FixpointOutcome::Stable {
                self.st.clear();
                return Ok(Fixpoint { outcome: fp.outcome, rounds });
            }
            // What the inner propagator narrowed.
            for v in 0..self.seen.len() {
                let c = domains.cells[v];
                if self.seen[v] != c {
                    self.seen[v] = c;
                    self.touch_new(v, c);
                }
            }
            if let Err(v) = self.sweep(&mut domains.cells) {
                self.st.clear();
                return Ok(Fixpoint { outcome: FixpointOutcome::Wipeout(v), rounds });
            }
            // What the group rules narrowed, for the inner propagator.
            self.st.changed.clear();
            for (v, (s, &c)) in self.seen.iter_mut().zip(&domains.cells).enumerate() {
                if *s != c {
                    *s = c;
                    self.st.changed.push(v);
                }
            }
            if self.st.changed.is_empty() {
                return Ok(Fixpoint { outcome: FixpointOutcome::Stable, rounds });
            }
            rounds += 1;
            fp = self.inner.propagate_changed(domains, &self.st.changed)?;
            rounds += fp.rounds;
        }
    }
}

impl<P: Propagator> Propagator for Grouped<'_, P> {
    type Error = P::Error;
    fn propagate(&mut self, domains: &mut Domains<Boolean>) -> Result<Fixpoint, P::Error> {
        if !self.active(domains) {
            return self.inner.propagate(domains);
        }
        // From scratch: every group and overlap is examined, every fixed variable queued.
        let g = self.groups;
        let gw = g.group_words as usize;
        let (groups, overlaps) = self.st.dirty.split_at_mut(gw);
        set_first(groups, g.len());
        set_first(overlaps, g.overlaps.len());
        for (v, &d) in domains.cells.iter().enumerate() {
            if d & d.wrapping_sub(1) == 0 {
                self.st.queue.push(v as u32);
            }
        }
        if self.inner.narrows_nothing() {
            return Ok(self.alone(domains, domains.first_empty()));
        }
        self.seen.clear();
        self.seen.extend_from_slice(&domains.cells);
        let fp = self.inner.propagate(domains)?;
        self.close(domains, fp)
    }

    fn propagate_changed(&mut self, domains: &mut Domains<Boolean>, changed: &[usize]) -> Result<Fixpoint, P::Error> {
        if !self.active(domains) {
            return self.inner.propagate_changed(domains, changed);
        }
        // The domains were group-stable before `changed` were narrowed.
        for &v in changed {
            self.touch_new(v, domains.cells[v]);
        }
        if self.inner.narrows_nothing() {
            let empty = changed.iter().copied().find(|&v| domains.cells[v] == 0);
            return Ok(self.alone(domains, empty));
        }
        self.seen.clear();
        self.seen.extend_from_slice(&domains.cells);
        let fp = self.inner.propagate_changed(domains, changed)?;
        self.close(domains, fp)
    }

    fn narrows_nothing(&self) -> bool {
        self.groups.is_empty() && self.inner.narrows_nothing()
    }
}
