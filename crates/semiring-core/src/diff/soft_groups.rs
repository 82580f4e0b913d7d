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
//! # On diffuse domains (Sudoku)
//!
//! From the givens one-hot and free cells uniform at `1/9`, the program's pairwise arcs leave
//! the solution's values a mean mass of about `1e-4` after one round, `1e-76` to `1e-66`
//! after two and nothing (f64 underflow) from four on; the program with this step collapses
//! the same way
//! (the step only multiplies by factors of at most 1, it cannot undo the arcs). The residual
//! program with the step and naked singles ([`SoftGroups::residual_with_naked_singles`])
//! keeps a mass of a few `1e-3` through K = 8, with the solution's value ranked first in
//! about 0.39 of the free cells (tests/soft_groups.rs prints the table). That gain comes
//! from the naked singles' factor replacing the arcs' support: with naked singles alone
//! ([`Rules`]) the mass is higher still (about `1.5e-2` at K = 8) at the same ranking. On
//! such diffuse domains the hidden single, pigeonhole and lock factors are close to 1 (they
//! scale with the cells' own mass) and change little; they are what makes the step exact on
//! 0/1 domains, and they act as the domains sharpen.
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

/// One factor applied to a row of cells `cell0 .. cell0 + len` (one variable's values), its
/// values read from the tape `t` or the factor rows `fb`; `pre` is where the backward keeps the
/// running products the factor multiplied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Pass {
    cell0: u32,
    len: u32,
    pre: u32,
    kind: Kind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// `H = fb[f + b]`; gradient into `gf[gh + b]`.
    Hidden { f: u32, gh: u32 },
    /// `1 - (1 - t[p]) * e[c]`; `P`'s gradient into `g_p[g]`.
    Pigeon { p: u32, g: u32 },
    /// `1 - t[l + b] * e[c]`; the lock's gradient into `gf[gl + b]`.
    Lock { l: u32, gl: u32 },
    /// `fb[f + b] = 1 - fixed(u, b)`; gradient of `fixed` into `g_fixed[u0 + b]`.
    Naked { f: u32, u0: u32 },
}

/// Which rules a step applies. On 0/1 inputs the step equals the hard group rules (see the
/// module docs) with hidden singles, pigeonhole and intersections on (the default), over the
/// program or, with naked singles too, over its residual; other choices serve ablations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    pub hidden_singles: bool,
    pub pigeonhole: bool,
    pub intersections: bool,
    pub naked_singles: bool,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules { hidden_singles: true, pigeonhole: true, intersections: true, naked_singles: false }
    }
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
    rules: Rules,
    /// The factors in multiplication order: every cell meets its own in the order of the
    /// module docs.
    passes: Vec<Pass>,
    /// Cells the passes cover (the backward's running products), and the factor rows' length.
    pass_cells: usize,
    fb_len: usize,
    /// Per group, where its `H` rows start in the factor rows; per variable, its naked row.
    h_off: Vec<usize>,
    n_off: Vec<usize>,
    skipped: usize,
    /// Where each block of a step's intermediate values starts in its flat buffer (see
    /// [`SoftGroups::build`]): per group, per overlap side, per variable (naked singles only).
    group_off: Vec<usize>,
    lock_off: Vec<[usize; 2]>,
    row_off: Vec<usize>,
    tape_len: usize,
    /// Per group, the start of its `members x values` gradients; per overlap side, of its values'.
    gh_off: Vec<usize>,
    gl_off: Vec<[usize; 2]>,
    grad_len: usize,
    /// Longest scanned sequence, plus one.
    max_seq: usize,
}

/// Prefix and suffix products of `lanes` independent sequences of length `n` at once, element
/// `k` of sequence `l` at `buf[x + k * lanes + l]`, into `pre` and `suf` (`(n + 1) * lanes`
/// each, same layout; `x < pre < suf`, the regions disjoint): `pre[k] = x_0 * .. * x_{k-1}`
/// (ascending), `suf[k] = x_k * (x_{k+1} * ..)`, so `suf[0]` is the product of all and
/// `pre[k] * suf[k + 1]` the product of all but `x_k`. Each lane runs the scalar recurrence;
/// lanes side by side let the compiler vectorise it.
#[inline]
fn scan<T: Real>(buf: &mut [T], (x, pre, suf, n, lanes): (usize, usize, usize, usize, usize)) {
    let (head, rest) = buf.split_at_mut(pre);
    let xs = &head[x..x + n * lanes];
    let (pres, sufs) = rest.split_at_mut(suf - pre);
    let (pres, sufs) = (&mut pres[..(n + 1) * lanes], &mut sufs[..(n + 1) * lanes]);
    pres[..lanes].fill(T::ONE);
    for k in 0..n {
        let (done, next) = pres.split_at_mut((k + 1) * lanes);
        let (prev, xk) = (&done[k * lanes..], &xs[k * lanes..(k + 1) * lanes]);
        for ((o, &p), &v) in next[..lanes].iter_mut().zip(prev).zip(xk) {
            *o = p * v;
        }
    }
    sufs[n * lanes..].fill(T::ONE);
    for k in (0..n).rev() {
        let (cur, done) = sufs.split_at_mut((k + 1) * lanes);
        let xk = &xs[k * lanes..(k + 1) * lanes];
        for ((o, &v), &s) in cur[k * lanes..].iter_mut().zip(xk).zip(&done[..lanes]) {
            *o = v * s;
        }
    }
}

/// Reverse mode of [`scan`]: given the gradient `g_but[k * lanes + l]` of every "all but `x_k`"
/// product and `g_all[l]` of the product of all (`None`: zero), writes the gradient of each
/// `x_k` into `gx[k * lanes + l]`, through the recurrences as computed (`gpre`, `gsuf`: scratch of
/// `(n + 1) * lanes`).
#[inline]
fn scan_vjp<T: Real>(
    buf: &[T],
    (x, pre, suf, n, lanes): (usize, usize, usize, usize, usize),
    g_but: Option<&[T]>,
    g_all: Option<&[T]>,
    scratch: &mut Scratch<T>,
) {
    let len = (n + 1) * lanes;
    let (xs, pres, sufs) = (&buf[x..x + n * lanes], &buf[pre..pre + len], &buf[suf..suf + len]);
    let (gpre, gsuf, gx) = (&mut scratch.gpre[..len], &mut scratch.gsuf[..len], &mut scratch.gx[..n * lanes]);
    gpre.fill(T::ZERO);
    gsuf.fill(T::ZERO);
    if let Some(ga) = g_all {
        gsuf[..lanes].copy_from_slice(&ga[..lanes]);
    }
    if let Some(gb) = g_but {
        for q in 0..n * lanes {
            gpre[q] += gb[q] * sufs[q + lanes];
            gsuf[q + lanes] += gb[q] * pres[q];
        }
    }
    for q in 0..n * lanes {
        gx[q] = gsuf[q] * sufs[q + lanes];
        let t = gsuf[q] * xs[q];
        gsuf[q + lanes] += t;
    }
    if g_but.is_some() {
        for k in (0..n).rev() {
            for l in 0..lanes {
                let q = k * lanes + l;
                gx[q] += gpre[q + lanes] * pres[q];
                let t = gpre[q + lanes] * xs[q];
                gpre[q] += t;
            }
        }
    }
}

/// Backward scratch: scan gradients and their outputs.
struct Scratch<T> {
    gpre: Vec<T>,
    gsuf: Vec<T>,
    gx: Vec<T>,
}

/// The parts of a group's block: `(n, W)` members and values.
#[derive(Clone, Copy)]
struct GroupBlock {
    n: usize,
    w: usize,
    /// Complements `ct[i * W + a] = 1 - e[v_i][a]` and their scans over members (one lane per
    /// value).
    ct: usize,
    cpre: usize,
    csuf: usize,
    /// `y[a * n + i] = 1 - x(i, a)` and their scans over values (one lane per member).
    y: usize,
    ypre: usize,
    ysuf: usize,
    /// `present[a]` and its scan.
    pres: usize,
    ppre: usize,
    psuf: usize,
    len: usize,
}

impl GroupBlock {
    fn new(off: usize, n: usize, w: usize) -> GroupBlock {
        let ct = off;
        let cpre = ct + w * n;
        let csuf = cpre + w * (n + 1);
        let y = csuf + w * (n + 1);
        let ypre = y + n * w;
        let ysuf = ypre + n * (w + 1);
        let pres = ysuf + n * (w + 1);
        let ppre = pres + w;
        let psuf = ppre + w + 1;
        GroupBlock { n, w, ct, cpre, csuf, y, ypre, ysuf, pres, ppre, psuf, len: psuf + w + 1 - off }
    }
    /// `prod_{j != i} c[v_j][a]`.
    #[inline]
    fn col_but<T: Real>(&self, t: &[T], a: usize, i: usize) -> T {
        t[self.cpre + i * self.w + a] * t[self.csuf + (i + 1) * self.w + a]
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
        let mut out = SoftGroups {
            widths,
            stride,
            groups: covered,
            overlaps,
            naked: false,
            rules: Rules::default(),
            passes: Vec::new(),
            pass_cells: 0,
            fb_len: 0,
            h_off: Vec::new(),
            n_off: Vec::new(),
            skipped,
            group_off: Vec::new(),
            lock_off: Vec::new(),
            row_off: Vec::new(),
            tape_len: 0,
            gh_off: Vec::new(),
            gl_off: Vec::new(),
            grad_len: 0,
            max_seq: 0,
        };
        out.build();
        out
    }

    /// [`Groups::detect`] on `program`, then [`SoftGroups::new`].
    pub fn detect(program: &Program) -> SoftGroups {
        SoftGroups::new(program, &Groups::detect(program))
    }

    /// The pairing that keeps soft propagation from collapsing on Sudoku (see the module docs):
    /// `program`'s residual (its `!=` arcs inside groups dropped, [`Groups::residual`]) and the
    /// rule over [`Groups::detect`]'s groups with naked singles in place of those arcs.
    pub fn residual_with_naked_singles(program: &Program) -> (Program, SoftGroups) {
        let groups = Groups::detect(program);
        (groups.residual(program), SoftGroups::new(program, &groups).with_naked_singles())
    }

    /// Also the naked singles of every group (each peer once): what the `!=` arcs inside the
    /// groups do on 0/1 inputs, with the softer factor `1 - fixed(u, b)` in place of the
    /// arcs' noisy-OR support (see the module docs). Meant for the program's
    /// [`Groups::residual`], which drops those arcs.
    pub fn with_naked_singles(self) -> SoftGroups {
        let rules = Rules { naked_singles: true, ..self.rules };
        self.with_rules(rules)
    }

    /// The same groups with another choice of rules.
    pub fn with_rules(mut self, rules: Rules) -> SoftGroups {
        self.rules = rules;
        self.naked = rules.naked_singles;
        self.build();
        self
    }

    /// The rules a step applies.
    pub fn rules(&self) -> Rules {
        self.rules
    }

    /// The factor lists and the layout of a step's flat buffers.
    fn build(&mut self) {
        let n = self.widths.len();
        // Each variable's peers (the other members of its groups), once each, ascending.
        let mut peers: Vec<Vec<u32>> = vec![Vec::new(); n];
        for grp in &self.groups {
            for &v in &grp.members {
                peers[v as usize].extend(grp.members.iter().copied().filter(|&u| u != v));
            }
        }
        for ps in &mut peers {
            ps.sort_unstable();
            ps.dedup();
        }
        let (mut off, mut gh) = (0, 0);
        self.group_off.clear();
        self.gh_off.clear();
        for grp in &self.groups {
            self.group_off.push(off);
            self.gh_off.push(gh);
            off += GroupBlock::new(off, grp.members.len(), grp.values).len;
            gh += grp.members.len() * grp.values;
        }
        self.lock_off.clear();
        self.gl_off.clear();
        let mut gl = gh;
        for ov in &self.overlaps {
            let mut lo = [0; 2];
            let mut g = [0; 2];
            for side in 0..2 {
                let m = ov.only[side].len();
                lo[side] = off;
                off += ov.values * (3 * m + 2);
                g[side] = gl;
                gl += ov.values;
            }
            self.lock_off.push(lo);
            self.gl_off.push(g);
        }
        self.grad_len = gl;
        self.row_off.clear();
        if self.naked {
            for &w in &self.widths {
                self.row_off.push(off);
                off += 3 * w + 2;
            }
        }
        self.tape_len = off;
        // The largest scan (all lanes): (n + 1) * W, (W + 1) * n, (m + 1) * V, a row.
        let groups = self.groups.iter().map(|g| (g.members.len() + 1) * (g.values + 1));
        let locks = self.overlaps.iter().flat_map(|o| o.only.iter().map(move |m| (m.len() + 1) * o.values));
        self.max_seq = groups.chain(locks).max().unwrap_or(0).max(self.stride + 1);
        let mut fb = 0;
        self.h_off.clear();
        for grp in &self.groups {
            self.h_off.push(fb);
            fb += grp.members.len() * grp.values;
        }
        self.n_off.clear();
        if self.naked {
            for &w in &self.widths {
                self.n_off.push(fb);
                fb += w;
            }
        }
        self.fb_len = fb;
        let mut passes = Vec::new();
        let mut pre = 0;
        let stride = self.stride;
        let mut push = |passes: &mut Vec<Pass>, v: u32, len: usize, kind: Kind| {
            passes.push(Pass { cell0: (v as usize * stride) as u32, len: len as u32, pre: pre as u32, kind });
            pre += len;
        };
        for (g, grp) in self.groups.iter().enumerate() {
            let gb = GroupBlock::new(self.group_off[g], grp.members.len(), grp.values);
            for (i, &v) in grp.members.iter().enumerate() {
                let (len, row) = (self.widths[v as usize], i * grp.values);
                let (f, gh) = ((self.h_off[g] + row) as u32, (self.gh_off[g] + row) as u32);
                if self.rules.hidden_singles {
                    push(&mut passes, v, len, Kind::Hidden { f, gh });
                }
                if self.rules.pigeonhole {
                    push(&mut passes, v, len, Kind::Pigeon { p: gb.psuf as u32, g: g as u32 });
                }
            }
        }
        for (o, ov) in self.overlaps.iter().enumerate() {
            // The lock of A (side 0) acts on B only, and the other way round.
            if !self.rules.intersections {
                break;
            }
            for (side, on) in [(0, 1), (1, 0)] {
                let (_, _, suf, _) = self.lock_parts(o, side);
                let gl = self.gl_off[o][side] as u32;
                for &v in &ov.only[on] {
                    let len = ov.values.min(self.widths[v as usize]);
                    push(&mut passes, v, len, Kind::Lock { l: suf as u32, gl });
                }
            }
        }
        if self.naked {
            for (v, ps) in peers.iter().enumerate() {
                for &u in ps {
                    let len = self.widths[u as usize].min(self.widths[v]);
                    let (f, u0) = (self.n_off[u as usize] as u32, (u as usize * self.stride) as u32);
                    push(&mut passes, v as u32, len, Kind::Naked { f, u0 });
                }
            }
        }
        self.passes = passes;
        self.pass_cells = pre;
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

    /// A lock block: `x[j * V + a]` the complements of side `only`'s members, and their scans
    /// over members (one lane per value).
    #[inline]
    fn lock_parts(&self, o: usize, side: usize) -> (usize, usize, usize, usize) {
        let m = self.overlaps[o].only[side].len();
        let v = self.overlaps[o].values;
        let x = self.lock_off[o][side];
        (x, x + v * m, x + v * m + v * (m + 1), m)
    }

    /// The intermediate values of one step read from `e`, in one flat buffer.
    fn tape<T: Real>(&self, e: &[T]) -> Vec<T> {
        let mut t = vec![T::ZERO; self.tape_len];
        for (g, grp) in self.groups.iter().enumerate() {
            let gb = GroupBlock::new(self.group_off[g], grp.members.len(), grp.values);
            let (n, w) = (gb.n, gb.w);
            for (i, &v) in grp.members.iter().enumerate() {
                for a in 0..w {
                    t[gb.ct + i * w + a] = self.at(e, v, a).complement();
                }
            }
            scan(&mut t, (gb.ct, gb.cpre, gb.csuf, n, w));
            for a in 0..w {
                t[gb.pres + a] = t[gb.csuf + a].complement();
            }
            scan(&mut t, (gb.pres, gb.ppre, gb.psuf, w, 1));
            for (i, &v) in grp.members.iter().enumerate() {
                for a in 0..w {
                    t[gb.y + a * n + i] = (self.at(e, v, a) * gb.col_but(&t, a, i)).complement();
                }
            }
            scan(&mut t, (gb.y, gb.ypre, gb.ysuf, w, n));
        }
        for (o, ov) in self.overlaps.iter().enumerate() {
            for side in 0..2 {
                let (x, pre, suf, m) = self.lock_parts(o, side);
                let vals = ov.values;
                for (j, &u) in ov.only[side].iter().enumerate() {
                    for a in 0..vals {
                        t[x + j * vals + a] = self.at(e, u, a).complement();
                    }
                }
                scan(&mut t, (x, pre, suf, m, vals));
            }
        }
        for (v, &x) in self.row_off.iter().enumerate() {
            let w = self.widths[v];
            for b in 0..w {
                t[x + b] = e[v * self.stride + b].complement();
            }
            scan(&mut t, (x, x + w, x + 2 * w + 1, w, 1));
        }
        t
    }

    /// The factor rows: each group's `H(i, b)` (row `i` at `h_off[g] + i * W`) and, with naked
    /// singles, each variable's `1 - fixed(u, b)` (at `n_off[u]`).
    fn factor_rows<T: Real>(&self, t: &[T], e: &[T]) -> Vec<T> {
        let mut fb = vec![T::ZERO; self.fb_len];
        for (g, grp) in self.groups.iter().enumerate() {
            let gb = GroupBlock::new(self.group_off[g], grp.members.len(), grp.values);
            let (n, w) = (gb.n, gb.w);
            for i in 0..n {
                for b in 0..w {
                    fb[self.h_off[g] + i * w + b] = t[gb.ypre + b * n + i] * t[gb.ysuf + (b + 1) * n + i];
                }
            }
        }
        for (u, &x) in self.row_off.iter().enumerate() {
            let w = self.widths[u];
            for b in 0..w {
                let but = t[x + w + b] * t[x + 2 * w + 1 + b + 1];
                fb[self.n_off[u] + b] = (e[u * self.stride + b] * but).complement();
            }
        }
        fb
    }

    /// Multiplies `row` (the cells of one pass, `e` their step inputs) by the pass's factors;
    /// `pre`, when given, receives the running products before the multiplication.
    #[inline]
    fn apply<T: Real>(t: &[T], fb: &[T], kind: Kind, e: &[T], row: &mut [T], pre: Option<&mut [T]>) {
        if let Some(pre) = pre {
            pre.copy_from_slice(row);
        }
        match kind {
            Kind::Hidden { f, .. } | Kind::Naked { f, .. } => {
                for (o, &x) in row.iter_mut().zip(&fb[f as usize..]) {
                    *o = *o * x;
                }
            }
            Kind::Pigeon { p, .. } => {
                let q = t[p as usize].complement();
                for (o, &ev) in row.iter_mut().zip(e) {
                    *o = *o * (q * ev).complement();
                }
            }
            Kind::Lock { l, .. } => {
                for ((o, &ev), &lv) in row.iter_mut().zip(e).zip(&t[l as usize..]) {
                    *o = *o * (lv * ev).complement();
                }
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
        if self.passes.is_empty() {
            return;
        }
        let e = &e.cells;
        let t = self.tape(e);
        let fb = self.factor_rows(&t, e);
        for pass in &self.passes {
            let r = pass.cell0 as usize..(pass.cell0 + pass.len) as usize;
            Self::apply(&t, &fb, pass.kind, &e[r.clone()], &mut out.cells[r], None);
        }
    }

    /// Reverse mode of [`SoftGroups::step`] read from `e`: returns `dL/de` given `gn = dL/dn`
    /// (padding cells of the result are 0; those of `gn` are not read).
    pub fn step_vjp<T: Real>(&self, e: &Domains<Prob<T>>, gn: &[T]) -> Vec<T> {
        self.check(e);
        let e = &e.cells;
        let mut ge = vec![T::ZERO; e.len()];
        if self.passes.is_empty() {
            for (v, &w) in self.widths.iter().enumerate() {
                let c = v * self.stride;
                ge[c..c + w].copy_from_slice(&gn[c..c + w]);
            }
            return ge;
        }
        let t = self.tape(e);
        // Gradients of the factors' parts: `H(i, b)` per group (at `gh_off`), each overlap
        // side's `lock(a)` (at `gl_off`), each group's `P`, each cell's `fixed`.
        let mut gf = vec![T::ZERO; self.grad_len];
        let mut g_p = vec![T::ZERO; self.groups.len()];
        let mut g_fixed = vec![T::ZERO; if self.naked { e.len() } else { 0 }];
        let fb = self.factor_rows(&t, e);
        // The forward again, keeping what each factor multiplied.
        let mut pre = vec![T::ZERO; self.pass_cells];
        let mut run = e.to_vec();
        for pass in &self.passes {
            let (c0, len, p0) = (pass.cell0 as usize, pass.len as usize, pass.pre as usize);
            let pre = Some(&mut pre[p0..p0 + len]);
            Self::apply(&t, &fb, pass.kind, &e[c0..c0 + len], &mut run[c0..c0 + len], pre);
        }
        // Backward over the factors: `sfx[c]` is the product of the factors of cell `c` after the
        // current one (the forward's chain from the end), so a factor's gradient is
        // `(gn * before) * after`.
        let mut sfx = vec![T::ONE; e.len()];
        for pass in self.passes.iter().rev() {
            let (c0, p0, len) = (pass.cell0 as usize, pass.pre as usize, pass.len as usize);
            let (gn, e, pre) = (&gn[c0..c0 + len], &e[c0..c0 + len], &pre[p0..p0 + len]);
            let (sfx, ge) = (&mut sfx[c0..c0 + len], &mut ge[c0..c0 + len]);
            match pass.kind {
                Kind::Hidden { f, gh } | Kind::Naked { f, u0: gh } => {
                    // Naked: the gradient of the factor goes to g_fixed (of the peer's cell).
                    let dst = match pass.kind {
                        Kind::Hidden { .. } => &mut gf[gh as usize..gh as usize + len],
                        _ => &mut g_fixed[gh as usize..gh as usize + len],
                    };
                    let fr = &fb[f as usize..f as usize + len];
                    for b in 0..len {
                        dst[b] += gn[b] * pre[b] * sfx[b];
                        sfx[b] = fr[b] * sfx[b];
                    }
                }
                // f = 1 - (1 - P) * e
                Kind::Pigeon { p, g } => {
                    let pv = t[p as usize];
                    let (q, pm1) = (pv.complement(), pv - T::ONE);
                    let mut gp = g_p[g as usize];
                    for b in 0..len {
                        let gfac = gn[b] * pre[b] * sfx[b];
                        gp += gfac * e[b];
                        ge[b] += gfac * pm1;
                        sfx[b] = (q * e[b]).complement() * sfx[b];
                    }
                    g_p[g as usize] = gp;
                }
                // f = 1 - lock * e
                Kind::Lock { l, gl } => {
                    let lv = &t[l as usize..l as usize + len];
                    let dst = &mut gf[gl as usize..gl as usize + len];
                    for b in 0..len {
                        let gfac = gn[b] * pre[b] * sfx[b];
                        dst[b] += T::ZERO - gfac * e[b];
                        ge[b] += T::ZERO - gfac * lv[b];
                        sfx[b] = (lv[b] * e[b]).complement() * sfx[b];
                    }
                }
            }
        }
        for (v, &w) in self.widths.iter().enumerate() {
            for c in v * self.stride..v * self.stride + w {
                ge[c] += gn[c] * sfx[c];
            }
        }
        let ms = self.max_seq;
        let mut sc = Scratch { gpre: vec![T::ZERO; ms], gsuf: vec![T::ZERO; ms], gx: vec![T::ZERO; ms] };
        for (g, grp) in self.groups.iter().enumerate() {
            let gb = GroupBlock::new(self.group_off[g], grp.members.len(), grp.values);
            let (n, w) = (gb.n, gb.w);
            // The H gradients by value then member, as the rows' scans lay them out.
            let gh: Vec<T> = (0..w * n).map(|q| gf[self.gh_off[g] + (q % n) * w + q / n]).collect();
            // y = 1 - x, x = e * col_but(a, i): the rows' scans, one lane per member.
            scan_vjp(&t, (gb.y, gb.ypre, gb.ysuf, w, n), Some(&gh), None, &mut sc);
            // Gradient of each column's "all but member i" product: g_but[i * W + a].
            let mut g_but = vec![T::ZERO; w * n];
            for (i, &v) in grp.members.iter().enumerate() {
                for a in 0..w.min(self.widths[v as usize]) {
                    let g_x = T::ZERO - sc.gx[a * n + i];
                    let c = self.cell(v, a);
                    ge[c] += g_x * gb.col_but(&t, a, i);
                    g_but[i * w + a] = g_x * e[c];
                }
            }
            // P = prod present, present = 1 - (product of the column).
            scan_vjp(&t, (gb.pres, gb.ppre, gb.psuf, w, 1), None, Some(&g_p[g..=g]), &mut sc);
            let g_absent: Vec<T> = sc.gx[..w].iter().map(|&x| T::ZERO - x).collect();
            scan_vjp(&t, (gb.ct, gb.cpre, gb.csuf, n, w), Some(&g_but), Some(&g_absent), &mut sc);
            for (i, &v) in grp.members.iter().enumerate() {
                for a in 0..w.min(self.widths[v as usize]) {
                    let c = self.cell(v, a);
                    ge[c] = ge[c] - sc.gx[i * w + a];
                }
            }
        }
        for (o, ov) in self.overlaps.iter().enumerate() {
            for side in 0..2 {
                let (x, pre, sf, m) = self.lock_parts(o, side);
                let vals = ov.values;
                let gl = self.gl_off[o][side];
                scan_vjp(&t, (x, pre, sf, m, vals), None, Some(&gf[gl..gl + vals]), &mut sc);
                for (j, &u) in ov.only[side].iter().enumerate() {
                    for a in 0..vals.min(self.widths[u as usize]) {
                        let c = self.cell(u, a);
                        ge[c] = ge[c] - sc.gx[j * vals + a];
                    }
                }
            }
        }
        let mut g_but = vec![T::ZERO; self.stride];
        for (u, &x) in self.row_off.iter().enumerate() {
            let w = self.widths[u];
            let base = u * self.stride;
            // fixed = e * but_b(row), factor = 1 - fixed.
            for b in 0..w {
                let g_fx = T::ZERO - g_fixed[base + b];
                ge[base + b] += g_fx * (t[x + w + b] * t[x + 2 * w + 1 + b + 1]);
                g_but[b] = g_fx * e[base + b];
            }
            scan_vjp(&t, (x, x + w, x + 2 * w + 1, w, 1), Some(&g_but[..w]), None, &mut sc);
            for b in 0..w {
                ge[base + b] = ge[base + b] - sc.gx[b];
            }
        }
        ge
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grad::{GradError, SoftGrad};
    use crate::network::{Constraint, Network};
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// `scan_vjp` is the gradient of `sum_k g_but[k] * but(k) + g_all * all`, checked against
    /// central differences, with exact 0s and 1s in the sequence.
    #[test]
    fn scan_vjp_matches_central_differences() {
        let mut r = ChaCha8Rng::seed_from_u64(1);
        for _ in 0..200 {
            let n = r.gen_range(0..8);
            let x: Vec<f64> = (0..n).map(|_| [0.0, 1.0, r.gen_range(0.0..1.0)][r.gen_range(0..3)]).collect();
            let g_but: Vec<f64> = (0..n).map(|_| r.gen_range(-1.0..1.0)).collect();
            let g_all = r.gen_range(-1.0..1.0);
            let f = |x: &[f64]| {
                let mut buf = vec![0.0; 3 * n + 2];
                buf[..n].copy_from_slice(x);
                scan(&mut buf, (0, n, 2 * n + 1, n, 1));
                let but: f64 = (0..n).map(|k| g_but[k] * buf[n + k] * buf[2 * n + 1 + k + 1]).sum();
                (but + g_all * buf[2 * n + 1], buf)
            };
            let (_, buf) = f(&x);
            let mut sc = Scratch { gpre: vec![0.0; n + 1], gsuf: vec![0.0; n + 1], gx: vec![0.0; n] };
            scan_vjp(&buf, (0, n, 2 * n + 1, n, 1), Some(&g_but), Some(&[g_all]), &mut sc);
            let gx = sc.gx;
            for k in 0..n {
                let h = 1e-6;
                let (mut lo, mut hi) = (x.clone(), x.clone());
                lo[k] -= h;
                hi[k] += h;
                let fd = (f(&hi).0 - f(&lo).0) / (2.0 * h);
                assert!((fd - gx[k]).abs() < 1e-8, "n={n} k={k}: {fd} vs {}", gx[k]);
            }
        }
    }

    #[test]
    fn covered_groups_only_and_shape_errors() {
        // A 3-clique of 3 values (covered), a 2-clique of 3 values (not), a 4-clique of 3 (not).
        let mut net = Network::with_vars(9, 3);
        for g in [vec![0, 1, 2], vec![3, 4], vec![5, 6, 7, 8]] {
            net.constraints.push(Constraint::AllDifferent { vars: g });
        }
        let p = net.compile().unwrap();
        let groups = Groups::new(&p, &[vec![0, 1, 2], vec![3, 4], vec![5, 6, 7, 8]]).unwrap();
        let sg = SoftGroups::new(&p, &groups);
        assert_eq!((sg.len(), sg.skipped(), sg.num_overlaps()), (1, 2, 0));
        assert!(!sg.naked_singles() && sg.clone().with_naked_singles().naked_singles());
        // Variables outside the covered group pass through unchanged, gradient included.
        let d: Domains<Prob<f64>> = Domains::from_probs(&p.widths, |v, a| 0.1 + 0.1 * (v + a) as f64 % 0.8);
        let mut out = d.clone();
        sg.step(&d, &mut out);
        assert_eq!(out.cells[9..], d.cells[9..]);
        assert_ne!(out.cells[..9], d.cells[..9]);
        let g = sg.step_vjp(&d, &[1.0; 27]);
        assert!(g[9..].iter().all(|&x| x == 1.0));
        let other = Network::with_vars(4, 3).compile().unwrap();
        assert_eq!(SoftGrad::with_groups(&other, &sg).err(), Some(GradError::GroupShape));
        // No covered group: the step is the identity.
        let none = SoftGroups::new(&other, &Groups::detect(&other));
        assert!(none.is_empty());
        let d4: Domains<Prob<f64>> = Domains::from_probs(&other.widths, |_, a| a as f64 / 3.0);
        let mut o4 = d4.clone();
        none.step(&d4, &mut o4);
        assert_eq!(o4, d4);
    }
}
