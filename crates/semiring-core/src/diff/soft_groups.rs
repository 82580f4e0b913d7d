//! The soft all-different group rule: a differentiable counterpart of the hard group
//! reasoning of [`crate::groups`], written in the kernel's own soft AND (product) and OR
//! (noisy-OR), so that on 0/1 inputs it computes exactly what the hard rules compute.
//!
//! # Groups
//!
//! The groups are the all-different cliques [`crate::groups::Groups`] finds in a program
//! (`!=` arcs, or a network's all-different constraints). The soft rule covers the groups
//! that must use every value: `n` members whose widest domain has exactly `n` values (all of
//! Sudoku's 27, a k-colouring's k-cliques). Those are the groups whose hard rules apply from
//! the start; a group with fewer members than values only implies something once search has
//! shrunk it, and one with more is a wipeout whatever the domains, so both are left out
//! ([`SoftGroups::skipped`]). Overlaps are the pairs of covered groups sharing at least two
//! variables, as in the hard layer.
//!
//! # The step
//!
//! One group step maps domains `e` (the output of a program round) to `n`. With `c = 1 - e`,
//! for a group `g` of members `v_0 .. v_{n-1}` and values `a < n`:
//!
//! ```text
//! absent_g(a)   = prod_i c[v_i][a]                      (no member can take a)
//! P_g           = prod_a (1 - absent_g(a))               (pigeonhole: every value has a place)
//! x_g(i, a)     = e[v_i][a] * prod_{j != i} c[v_j][a]    (hidden single: only v_i can take a)
//! H_g(i, b)     = prod_{a != b} (1 - x_g(i, a))          (no other value is forced onto v_i)
//! ```
//!
//! and for an overlap of groups `A`, `B` (shared part `S`, `A` only, `B` only), for each
//! value `a` below the widest shared domain:
//!
//! ```text
//! lock_A(a) = prod_{u in A only} c[u][a]      (in A, a can only sit in S: it leaves B only)
//! ```
//!
//! Then every cell `(v, b)` is multiplied by the factors that concern it, in this order: for
//! each of its groups in ascending group index, `H_g(i, b)` then `1 - (1 - P_g) * e[v][b]`;
//! then for each of its overlaps in ascending index, `1 - lock_A(b) * e[v][b]` for a member
//! of `B` only (`1 - lock_B(b) * e[v][b]` for one of `A` only); then, only when
//! [`SoftGroups::with_naked_singles`] asked for them, for each peer `u` in ascending order,
//! `1 - fixed(u, b)` with `fixed(u, b) = e[u][b] * prod_{b' != b} c[u][b']`:
//!
//! ```text
//! n[v][b] = ((e[v][b] * f_1) * f_2) * ...
//! ```
//!
//! Every group, overlap and peer reads the same `e` (Jacobi, as the program's rounds do).
//! Padding cells stay 0 and get gradient 0.
//!
//! Why the pigeonhole and lock factors are gated by the cell's own value `e[v][b]`: on 0/1
//! inputs a factor only matters where `e[v][b] = 1` (elsewhere the cell is 0 whatever it is
//! multiplied by), so the gate changes nothing there. On diffuse domains (free cells near
//! `1/9`) every value "has no place" to a degree (`absent ~ (8/9)^9`, `lock ~ (8/9)^6`): the
//! plain factors `P_g` and `1 - lock` would multiply every cell by about `0.02` per group and
//! `0.5` per overlap each step, an even faster collapse than the pairwise arcs'; gated, a
//! contradiction costs each cell in proportion to its own mass. Hidden and naked singles
//! need no gate: their factors tend to 1 on diffuse domains by themselves.
//!
//! # Equal to the hard rules on 0/1 inputs
//!
//! On 0/1 domains every factor is 0 or 1 and, for a covered group:
//!
//! * `P_g = 0` exactly when some value has no member that can take it: the hard
//!   pigeonhole; every cell of the group becomes 0 (a wipeout, as the hard rule reports);
//! * `x_g(i, a) = 1` exactly when `v_i` is the only member holding `a`; `H_g(i, b) = 0` for
//!   every `b` other than such an `a`: `v_i` is narrowed to `{a}`, and to nothing when two
//!   values are forced onto it (the hard rule's wipeout). The hard rule assigns only *open*
//!   variables; on a fixed one the soft rule changes nothing either;
//! * `lock_A(a) = 1` exactly when no variable of `A` only holds `a`: `a` leaves `B` only. The
//!   hard rule does so when also `a` is held in `S` and `A`'s union is complete; when either
//!   fails, `a` (or another value) has no place in `A` and `P_A = 0`, a wipeout either way;
//! * `fixed(u, b) = 1` exactly when `u = {b}`: the naked single (what the `!=` arcs inside
//!   the groups do; `1 - fixed` differs from the arcs' noisy-OR support only when `u` is
//!   empty, which is already a wipeout).
//!
//! So one step equals one Jacobi pass of the hard rules (each rule reading the same
//! domains, the removals intersected), wipeouts read as "some domain is empty"; and
//! alternating program rounds and steps on 0/1 inputs until nothing changes reaches the
//! fixpoint of [`crate::groups::Grouped`] (the rules are monotone deletion rules, so any
//! order reaches the same fixpoint). Both are tested.
//!
//! # With the program's rounds
//!
//! [`crate::grad::SoftGrad::with_groups`] runs one step after every program round:
//! `d^{r+1} = G(R(d^r))`, K times. With naked singles, pair it with the program's
//! residual ([`crate::groups::Groups::residual`]), whose arcs the naked singles replace, as
//! the hard layer does.
//!
//! # Reverse mode
//!
//! Every "product of all factors but one" is formed from prefix and suffix products, and
//! the backward pass is the exact reverse mode of those recurrences: no division, so exact
//! 0 and 1 cells are fine (tested against central differences, including at 0/1 points).

use crate::domains::Domains;
use crate::grad::Real;
use crate::groups::Groups;
use crate::program::Program;
use crate::semiring::Prob;
use std::collections::HashMap;

/// One factor of a cell: where its value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    /// Hidden singles of group `g` at member index `i`.
    Hidden { g: u32, i: u32 },
    /// Pigeonhole of group `g`.
    Pigeon { g: u32 },
    /// Overlap `o`: the lock of its group `A` (`side = 0`, the cell is in `B` only) or of
    /// `B` (`side = 1`, the cell is in `A` only).
    Lock { o: u32, side: u8 },
    /// Naked single of peer `u`.
    Naked { u: u32 },
}

/// A covered group.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Group {
    members: Vec<u32>,
    /// Values the group must use (`0..values`): as many as members.
    values: usize,
}

/// An overlap of two covered groups.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Overlap {
    /// `only[0]`: members of group `A` outside the shared part; `only[1]`: of `B`.
    only: [Vec<u32>; 2],
    /// Values below the widest shared domain.
    values: usize,
}

/// The soft group rule of a program: built once, applied to any number of instances.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SoftGroups {
    widths: Vec<usize>,
    stride: usize,
    groups: Vec<Group>,
    overlaps: Vec<Overlap>,
    naked: bool,
    /// The factors of each variable's cells, in multiplication order.
    sources: Vec<Vec<Source>>,
    skipped: usize,
}

/// Intermediate values of one step, kept for its reverse mode.
struct Tape<T> {
    /// Per group: `P_g`, the present values, and per member row the `1 - x` values with their
    /// row prefix / suffix products; per column the complement prefix / suffix products.
    groups: Vec<GroupTape<T>>,
    /// Per overlap and side, `lock(a)` and per value the column scan of its "only" part.
    locks: Vec<[Vec<Scan<T>>; 2]>,
    /// Per variable (naked singles only): its row of complements scanned.
    rows: Vec<Scan<T>>,
}

struct GroupTape<T> {
    present: Scan<T>,
    /// Per value `a`: the column `c[v_i][a]` scanned.
    cols: Vec<Scan<T>>,
    /// Per member `i`: the row `1 - x_g(i, a)` scanned.
    ys: Vec<Scan<T>>,
}

/// A sequence with its prefix and suffix products: `pre[k] = x_0 * .. * x_{k-1}` (ascending),
/// `suf[k] = x_k * (x_{k+1} * ..)`, so `suf[0]` is the product of all and
/// `pre[k] * suf[k + 1]` the product of all but `x_k`.
#[derive(Clone, Debug)]
struct Scan<T> {
    x: Vec<T>,
    pre: Vec<T>,
    suf: Vec<T>,
}

impl<T: Real> Scan<T> {
    fn new(x: Vec<T>) -> Scan<T> {
        let n = x.len();
        let mut pre = vec![T::ONE; n + 1];
        let mut suf = vec![T::ONE; n + 1];
        for k in 0..n {
            pre[k + 1] = pre[k] * x[k];
        }
        for k in (0..n).rev() {
            suf[k] = x[k] * suf[k + 1];
        }
        Scan { x, pre, suf }
    }
    fn all(&self) -> T {
        self.suf[0]
    }
    /// The product of all but `x_k`.
    fn but(&self, k: usize) -> T {
        self.pre[k] * self.suf[k + 1]
    }
    /// Reverse mode: given the gradient `g_but[k]` of every `but(k)` and `g_all` of `all()`,
    /// the gradient of each `x_k`, through the recurrences as computed.
    fn vjp(&self, g_but: &[T], g_all: T) -> Vec<T> {
        let n = self.x.len();
        let mut gx = vec![T::ZERO; n];
        let mut gpre = vec![T::ZERO; n + 1];
        let mut gsuf = vec![T::ZERO; n + 1];
        gsuf[0] = g_all;
        for k in 0..n {
            gpre[k] += g_but[k] * self.suf[k + 1];
            gsuf[k + 1] += g_but[k] * self.pre[k];
        }
        for k in 0..n {
            gx[k] += gsuf[k] * self.suf[k + 1];
            let t = gsuf[k] * self.x[k];
            gsuf[k + 1] += t;
        }
        for k in (0..n).rev() {
            gx[k] += gpre[k + 1] * self.pre[k];
            let t = gpre[k + 1] * self.x[k];
            gpre[k] += t;
        }
        gx
    }
}

impl SoftGroups {
    /// The soft rule over the covered groups of `groups` (found in `program` by
    /// [`Groups::detect`] or given to [`Groups::new`]): hidden singles, pigeonhole and the
    /// intersection rule.
    pub fn new(program: &Program, groups: &Groups) -> SoftGroups {
        let widths = program.widths.clone();
        let stride = program.width().max(1);
        let mut covered = Vec::new();
        let mut skipped = 0;
        for g in 0..groups.len() {
            let members: Vec<u32> = groups.group(g).map(|v| v as u32).collect();
            let values = members.iter().map(|&v| widths[v as usize]).max().unwrap_or(0);
            if values == members.len() && values >= 2 {
                covered.push(Group { members, values });
            } else {
                skipped += 1;
            }
        }
        // Overlaps: pairs of covered groups sharing at least two variables (the hard layer's
        // definition), in ascending pair order.
        let mut of_var: HashMap<u32, Vec<u32>> = HashMap::new();
        for (g, grp) in covered.iter().enumerate() {
            for &v in &grp.members {
                of_var.entry(v).or_default().push(g as u32);
            }
        }
        let mut shared: HashMap<(u32, u32), u32> = HashMap::new();
        for gs in of_var.values() {
            for i in 0..gs.len() {
                for j in i + 1..gs.len() {
                    *shared.entry((gs[i], gs[j])).or_default() += 1;
                }
            }
        }
        let mut pairs: Vec<(u32, u32)> = shared.into_iter().filter(|&(_, c)| c >= 2).map(|(p, _)| p).collect();
        pairs.sort_unstable();
        let overlaps: Vec<Overlap> = pairs
            .iter()
            .map(|&(a, b)| {
                let (ma, mb) = (&covered[a as usize].members, &covered[b as usize].members);
                let inside: Vec<u32> = ma.iter().copied().filter(|v| mb.contains(v)).collect();
                let values = inside.iter().map(|&v| widths[v as usize]).max().unwrap_or(0);
                let a_only = ma.iter().copied().filter(|v| !inside.contains(v)).collect();
                let b_only = mb.iter().copied().filter(|v| !inside.contains(v)).collect();
                Overlap { only: [a_only, b_only], values }
            })
            .collect();
        let mut out =
            SoftGroups { widths, stride, groups: covered, overlaps, naked: false, sources: Vec::new(), skipped };
        out.build_sources();
        out
    }

    /// [`Groups::detect`] on `program`, then [`SoftGroups::new`].
    pub fn detect(program: &Program) -> SoftGroups {
        SoftGroups::new(program, &Groups::detect(program))
    }

    /// Also the naked singles of every group (each peer once): what the `!=` arcs inside the
    /// groups do on 0/1 inputs, with the softer factor `1 - fixed(u, b)` in place of the
    /// arcs' noisy-OR support (see the module docs). Meant for the program's
    /// [`Groups::residual`], which drops those arcs.
    pub fn with_naked_singles(mut self) -> SoftGroups {
        self.naked = true;
        self.build_sources();
        self
    }

    fn build_sources(&mut self) {
        let n = self.widths.len();
        let mut sources: Vec<Vec<Source>> = vec![Vec::new(); n];
        for (g, grp) in self.groups.iter().enumerate() {
            for (i, &v) in grp.members.iter().enumerate() {
                sources[v as usize].push(Source::Hidden { g: g as u32, i: i as u32 });
                sources[v as usize].push(Source::Pigeon { g: g as u32 });
            }
        }
        for (o, ov) in self.overlaps.iter().enumerate() {
            // The lock of A (side 0) acts on B only, and the other way round.
            for &v in &ov.only[1] {
                sources[v as usize].push(Source::Lock { o: o as u32, side: 0 });
            }
            for &v in &ov.only[0] {
                sources[v as usize].push(Source::Lock { o: o as u32, side: 1 });
            }
        }
        if self.naked {
            let mut peers: Vec<Vec<u32>> = vec![Vec::new(); n];
            for grp in &self.groups {
                for &v in &grp.members {
                    peers[v as usize].extend(grp.members.iter().copied().filter(|&u| u != v));
                }
            }
            for (v, ps) in peers.iter_mut().enumerate() {
                ps.sort_unstable();
                ps.dedup();
                sources[v].extend(ps.iter().map(|&u| Source::Naked { u }));
            }
        }
        self.sources = sources;
    }

    /// Groups the rule covers.
    pub fn len(&self) -> usize {
        self.groups.len()
    }
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
    /// Groups left out: fewer or more members than values (see the module docs).
    pub fn skipped(&self) -> usize {
        self.skipped
    }
    /// Overlaps the intersection rule covers.
    pub fn num_overlaps(&self) -> usize {
        self.overlaps.len()
    }
    /// Whether the naked singles are part of the step.
    pub fn naked_singles(&self) -> bool {
        self.naked
    }
    /// The variables' widths the rule was built for.
    pub fn widths(&self) -> &[usize] {
        &self.widths
    }

    /// Cell of `(v, a)`.
    #[inline]
    fn cell(&self, v: u32, a: usize) -> usize {
        v as usize * self.stride + a
    }
    /// `e[v][a]`, 0 past the variable's width (a padding cell).
    #[inline]
    fn at<T: Real>(&self, e: &[T], v: u32, a: usize) -> T {
        if a < self.widths[v as usize] {
            e[self.cell(v, a)]
        } else {
            T::ZERO
        }
    }

    fn tape<T: Real>(&self, e: &[T]) -> Tape<T> {
        let groups = (self.groups.iter())
            .map(|grp| {
                let cols: Vec<Scan<T>> = (0..grp.values)
                    .map(|a| Scan::new(grp.members.iter().map(|&v| self.at(e, v, a).complement()).collect()))
                    .collect();
                let present = Scan::new(cols.iter().map(|c| c.all().complement()).collect());
                let ys = (grp.members.iter().enumerate())
                    .map(|(i, &v)| {
                        Scan::new((0..grp.values).map(|a| (self.at(e, v, a) * cols[a].but(i)).complement()).collect())
                    })
                    .collect();
                GroupTape { present, cols, ys }
            })
            .collect();
        let locks = (self.overlaps.iter())
            .map(|ov| {
                let side = |s: usize| {
                    (0..ov.values)
                        .map(|a| Scan::new(ov.only[s].iter().map(|&u| self.at(e, u, a).complement()).collect()))
                        .collect()
                };
                [side(0), side(1)]
            })
            .collect();
        let rows = if self.naked {
            (0..self.widths.len() as u32)
                .map(|v| Scan::new((0..self.widths[v as usize]).map(|b| self.at(e, v, b).complement()).collect()))
                .collect()
        } else {
            Vec::new()
        };
        Tape { groups, locks, rows }
    }

    /// The value of factor `s` at value `b` of its cell, `None` when it does not act there.
    #[inline]
    fn factor<T: Real>(&self, t: &Tape<T>, e: &[T], s: Source, c: usize, b: usize) -> Option<T> {
        match s {
            Source::Hidden { g, i } => Some(t.groups[g as usize].ys[i as usize].but(b)),
            Source::Pigeon { g } => Some((t.groups[g as usize].present.all().complement() * e[c]).complement()),
            Source::Lock { o, side } => {
                let l = t.locks[o as usize][side as usize].get(b)?;
                Some((l.all() * e[c]).complement())
            }
            Source::Naked { u } => {
                (b < self.widths[u as usize]).then(|| (self.at(e, u, b) * t.rows[u as usize].but(b)).complement())
            }
        }
    }

    fn check<T: Real>(&self, d: &Domains<Prob<T>>) {
        assert_eq!(&*d.widths, &self.widths[..], "domains do not match the soft groups' program");
    }

    /// One group step: `out = G(e)` (see the module docs). `out` must have `e`'s shape.
    pub fn step<T: Real>(&self, e: &Domains<Prob<T>>, out: &mut Domains<Prob<T>>) {
        self.check(e);
        self.check(out);
        out.cells.copy_from_slice(&e.cells);
        if self.sources.iter().all(Vec::is_empty) {
            return;
        }
        let t = self.tape(&e.cells);
        for (v, srcs) in self.sources.iter().enumerate() {
            for b in 0..self.widths[v] {
                let c = v * self.stride + b;
                let mut x = e.cells[c];
                for &s in srcs {
                    if let Some(f) = self.factor(&t, &e.cells, s, c, b) {
                        x = x * f;
                    }
                }
                out.cells[c] = x;
            }
        }
    }

    /// Reverse mode of [`SoftGroups::step`] read from `e`: returns `dL/de` given `gn = dL/dn`
    /// (padding cells of the result are 0; those of `gn` are not read).
    pub fn step_vjp<T: Real>(&self, e: &Domains<Prob<T>>, gn: &[T]) -> Vec<T> {
        self.check(e);
        let e = &e.cells;
        let mut ge = vec![T::ZERO; e.len()];
        if self.sources.iter().all(Vec::is_empty) {
            for (v, &w) in self.widths.iter().enumerate() {
                let c = v * self.stride;
                ge[c..c + w].copy_from_slice(&gn[c..c + w]);
            }
            return ge;
        }
        let t = self.tape(e);
        // Gradients of the factors: per group and member the `H * P` products, per overlap side
        // and value the `1 - lock`, per cell the naked singles' `1 - fixed`.
        let mut g_h: Vec<Vec<Vec<T>>> =
            self.groups.iter().map(|grp| vec![vec![T::ZERO; grp.values]; grp.members.len()]).collect();
        let mut g_p = vec![T::ZERO; self.groups.len()];
        let mut g_lock: Vec<[Vec<T>; 2]> =
            self.overlaps.iter().map(|ov| [vec![T::ZERO; ov.values], vec![T::ZERO; ov.values]]).collect();
        let mut g_fixed = vec![T::ZERO; if self.naked { e.len() } else { 0 }];
        let mut fs: Vec<(Source, T)> = Vec::new();
        let mut suf: Vec<T> = Vec::new();
        for (v, srcs) in self.sources.iter().enumerate() {
            for b in 0..self.widths[v] {
                let c = v * self.stride + b;
                let g = gn[c];
                fs.clear();
                fs.extend(srcs.iter().filter_map(|&s| self.factor(&t, e, s, c, b).map(|f| (s, f))));
                let m = fs.len();
                suf.clear();
                suf.resize(m + 1, T::ONE);
                for j in (0..m).rev() {
                    suf[j] = fs[j].1 * suf[j + 1];
                }
                ge[c] += g * suf[0];
                // The forward's running product, e[v][b] first.
                let mut pre = e[c];
                for (j, &(s, f)) in fs.iter().enumerate() {
                    let gf = g * pre * suf[j + 1];
                    pre = pre * f;
                    match s {
                        Source::Hidden { g, i } => g_h[g as usize][i as usize][b] += gf,
                        // f = 1 - (1 - P) * e
                        Source::Pigeon { g } => {
                            let p = t.groups[g as usize].present.all();
                            g_p[g as usize] += gf * e[c];
                            ge[c] += gf * (p - T::ONE);
                        }
                        // f = 1 - lock * e
                        Source::Lock { o, side } => {
                            let l = t.locks[o as usize][side as usize][b].all();
                            g_lock[o as usize][side as usize][b] += T::ZERO - gf * e[c];
                            ge[c] += T::ZERO - gf * l;
                        }
                        Source::Naked { u } => g_fixed[self.cell(u, b)] += gf,
                    }
                }
            }
        }
        for (gi, grp) in self.groups.iter().enumerate() {
            let gt = &t.groups[gi];
            // Gradient of each column's "all but member i" product, per value then member.
            let mut g_but: Vec<Vec<T>> = vec![vec![T::ZERO; grp.members.len()]; grp.values];
            for (i, &v) in grp.members.iter().enumerate() {
                // y = 1 - x, x = e * but_i(column).
                let g_y = gt.ys[i].vjp(&g_h[gi][i], T::ZERO);
                for a in 0..grp.values.min(self.widths[v as usize]) {
                    let g_x = T::ZERO - g_y[a];
                    ge[self.cell(v, a)] += g_x * gt.cols[a].but(i);
                    g_but[a][i] = g_x * e[self.cell(v, a)];
                }
            }
            // P = prod present, present = 1 - all(column).
            let g_present = gt.present.vjp(&vec![T::ZERO; grp.values], g_p[gi]);
            for a in 0..grp.values {
                let g_c = gt.cols[a].vjp(&g_but[a], T::ZERO - g_present[a]);
                for (i, &v) in grp.members.iter().enumerate() {
                    if a < self.widths[v as usize] {
                        let c = self.cell(v, a);
                        ge[c] = ge[c] - g_c[i];
                    }
                }
            }
        }
        for (o, ov) in self.overlaps.iter().enumerate() {
            for side in 0..2 {
                for a in 0..ov.values {
                    let g_c = t.locks[o][side][a].vjp(&vec![T::ZERO; ov.only[side].len()], g_lock[o][side][a]);
                    for (j, &u) in ov.only[side].iter().enumerate() {
                        if a < self.widths[u as usize] {
                            let c = self.cell(u, a);
                            ge[c] = ge[c] - g_c[j];
                        }
                    }
                }
            }
        }
        if self.naked {
            for (u, row) in t.rows.iter().enumerate() {
                let w = self.widths[u];
                let base = u * self.stride;
                // fixed = e * but_b(row), factor = 1 - fixed.
                let mut g_but = vec![T::ZERO; w];
                for b in 0..w {
                    let g_fx = T::ZERO - g_fixed[base + b];
                    ge[base + b] += g_fx * row.but(b);
                    g_but[b] = g_fx * e[base + b];
                }
                let g_c = row.vjp(&g_but, T::ZERO);
                for b in 0..w {
                    ge[base + b] = ge[base + b] - g_c[b];
                }
            }
        }
        ge
    }
}
