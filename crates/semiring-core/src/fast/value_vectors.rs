//! One instance of soft propagation and its gradient, vectorised across the
//! *values* of a domain instead of across a batch: the engine
//! [`crate::batch::BatchProgram`] runs every instance on when the domains have
//! at most 64 values (the instances shared over threads). At batch 1 there is
//! no batch to vectorise across; at large batches it still costs less per
//! instance than batch chunks, because of the sharing below.
//!
//! Instruction set: the `[T; N]` loops are written once and vectorised by
//! the compiler. Each call runs them inside `pulp::Arch::dispatch`, which
//! detects the CPU at run time and compiles the inlined kernels for x86-64-v4
//! (AVX-512), x86-64-v3 (AVX2) or the baseline (SSE2 on x86-64; the other
//! targets' own baseline); [`ValueVectors::portable`] pins the baseline. No FMA
//! is ever formed (Rust does not contract `a * b + c`), so every instruction
//! set computes the same IEEE operations and the results are the same bits
//! (tested).
//!
//! # Layout
//!
//! A domain row is `[T; N]`, the values of one variable side by side, `N` the
//! smallest of [`VECTOR_WIDTHS`] holding the program's widest domain (Sudoku:
//! 9 values in 12 lanes; `le450_15a` at k = 15: 16 lanes). Lanes past a
//! variable's width are padding and never reach a result.
//!
//! # Sharing work between arcs
//!
//! A noisy-OR support `s[a] = 1 - prod_{b in R[a]} (1 - p[src][b])`, and the
//! prefix / suffix products of that chain the backward needs, depend only on
//! the source variable and the relation, not on the target. Every
//! `(source, relation)` *pair* is therefore evaluated once per round and
//! read by all its arcs (Sudoku: 81 pairs for 1620 arcs; `le450_15a`: 450 for
//! 16336). Each value is the same chain of the same operations the reference
//! evaluates per arc, so it has the same bits.
//!
//! # Same results as the per-instance code, bit for bit
//!
//! * Forward: a pair's supports for all target values at once, lane `a`
//!   multiplying `1 - p[src][b]` for `b` ascending, or exactly 1 where `b` is
//!   not in row `a` (`x * 1 == x` in IEEE, and `Q15::mul(x, ONE) == x`), so
//!   lane `a` runs row `a`'s chain; then `next[t] *= s_pair` lane-wise, arcs
//!   in program order: per cell exactly [`crate::interp::round`]'s products
//!   in its order. A padding lane of `s` is 1.
//! * Backward: per target `t` the support suffix products, `gs_j[a]` and the
//!   direct term are lane-wise (across `a`) the operations of
//!   [`crate::grad::SoftGrad`]'s round VJP. The gradient into a source row is
//!   `gp[src][b] += (gs_j[a] * pre[a][b]) * suf[a][b]` for every `b` at once,
//!   with `pre` / `suf` the exclusive prefix / suffix products of row `a`'s
//!   chain (the reference's `cpre`, `csuf[q + 1]`). The loops run target `t`,
//!   value `a`, instruction `j` in the reference's order, and within one
//!   `(t, a, j)` each gradient cell is written once, so every cell receives
//!   the same additions in the same order.
//! * For `b` outside `R[a]` (and padding lanes) `pre[a][b] = suf[a][b] = 0`,
//!   so the added term is `±0`. Gradient cells start at `+0` and a sum of
//!   finite values never becomes `-0` under round-to-nearest, so adding `±0`
//!   changes no cell: the reference's skipped terms. This holds for finite
//!   inputs and upstream gradients (the batched engine's condition too).
//!
//! Tested against `interp::round` and `SoftGrad` on random programs of many
//! widths (every vector width, widths that are not a multiple of any vector
//! width), with random relations, self-loops and repeated pairs, on Sudoku,
//! in `f32`, `f64` and `Q15` (forward).

use crate::domains::Domains;
use crate::grad::Real;
use crate::program::Program;
use crate::semiring::{Soft, SoftValue};
use std::collections::HashMap;

/// The row widths (`N`) a domain may be padded to; wider programs use the batched engine.
pub const VECTOR_WIDTHS: [usize; 8] = [4, 8, 12, 16, 24, 32, 48, 64];

/// A `(source, relation)` pair: its supports are shared by every arc that reads it.
#[derive(Clone, Copy, Debug)]
struct Pair {
    source: u32,
    /// Index of the relation's row 0 in `ValueVectors::rows`.
    rows: u32,
    /// Rows of the relation (the target width).
    nrows: u32,
    /// Index of the relation's column 0 in `ValueVectors::columns`, and its column count.
    cols: u32,
    ncols: u32,
    /// Row 0 of this pair in the backward's prefix / suffix tables.
    first: u32,
}

/// One instruction as the backward reads it, grouped by target.
#[derive(Clone, Copy, Debug)]
struct In {
    source: u32,
    pair: u32,
    /// `Pair::first` of `pair`.
    first: u32,
}

/// A program prepared for value-vector execution.
#[derive(Clone, Debug)]
pub struct ValueVectors {
    widths: Vec<usize>,
    vector_width: usize,
    /// Per instruction, program order: (target, pair).
    arcs: Vec<(u32, u32)>,
    pairs: Vec<Pair>,
    /// `rows[r] = (lo, hi)`: row `r` (over all distinct relations) is `members[lo..hi]`, ascending.
    rows: Vec<(u32, u32)>,
    members: Vec<u32>,
    /// Column `c` (over all distinct relations) is `columns[c * vector_width..(c + 1) * vector_width]`: 1 where
    /// target value `a` is supported by that source value.
    columns: Vec<u8>,
    /// Instructions into target `t`, program order: `ins[in_start[t]..in_start[t + 1]]`.
    ins: Vec<In>,
    in_start: Vec<usize>,
    /// Per target: the sources of its instructions are pairwise distinct and not the target.
    distinct: Vec<bool>,
    /// Sum of `nrows` over pairs: rows of the prefix / suffix tables.
    pair_rows: usize,
    max_in: usize,
    /// Run on the baseline instruction set only (no run-time dispatch).
    portable: bool,
    /// The backward sums the gradients of a pair's supports over its arcs first (see
    /// [`ValueVectors::pair_summed`]).
    summed: bool,
}

impl ValueVectors {
    /// `None` when the widest domain exceeds the largest vector width.
    pub fn new(program: &Program) -> Option<ValueVectors> {
        let width = program.width().max(1);
        let vector_width = *VECTOR_WIDTHS.iter().find(|&&n| n >= width)?;
        let (mut rows, mut members, mut columns) = (Vec::new(), Vec::new(), Vec::new());
        // Relations by content: equal relations share rows, so arcs through equal relations
        // from one source share a pair.
        let mut rel_rows: HashMap<&crate::program::Relation, (u32, u32)> = HashMap::new();
        let rel_start: Vec<(u32, u32)> = program
            .relations
            .iter()
            .map(|rel| {
                *rel_rows.entry(rel).or_insert_with(|| {
                    let start = (rows.len() as u32, (columns.len() / vector_width) as u32);
                    for a in 0..rel.rows() {
                        let lo = members.len() as u32;
                        members.extend((0..rel.cols()).filter(|&b| rel.get(a, b)).map(|b| b as u32));
                        rows.push((lo, members.len() as u32));
                    }
                    for b in 0..rel.cols() {
                        columns.extend((0..vector_width).map(|a| (a < rel.rows() && rel.get(a, b)) as u8));
                    }
                    start
                })
            })
            .collect();
        let mut pair_of: HashMap<(u32, u32), u32> = HashMap::new();
        let mut pairs: Vec<Pair> = Vec::new();
        let mut pair_rows = 0usize;
        let arcs: Vec<(u32, u32)> = program
            .instructions
            .iter()
            .map(|i| {
                let (r, cols) = rel_start[i.relation as usize];
                let p = *pair_of.entry((i.source, r)).or_insert_with(|| {
                    let rel = &program.relations[i.relation as usize];
                    let (nrows, ncols) = (rel.rows() as u32, rel.cols() as u32);
                    pairs.push(Pair { source: i.source, rows: r, nrows, cols, ncols, first: pair_rows as u32 });
                    pair_rows += nrows as usize;
                    pairs.len() as u32 - 1
                });
                (i.target, p)
            })
            .collect();
        let n = program.num_vars();
        let mut lists: Vec<Vec<In>> = vec![Vec::new(); n];
        for &(t, p) in &arcs {
            let pair = pairs[p as usize];
            lists[t as usize].push(In { source: pair.source, pair: p, first: pair.first });
        }
        let mut ins = Vec::with_capacity(arcs.len());
        let mut in_start = Vec::with_capacity(n + 1);
        for list in &lists {
            in_start.push(ins.len());
            ins.extend_from_slice(list);
        }
        in_start.push(ins.len());
        let max_in = lists.iter().map(Vec::len).max().unwrap_or(0);
        let distinct = lists
            .iter()
            .enumerate()
            .map(|(t, list)| {
                let mut seen = vec![false; n];
                seen[t] = true;
                list.iter().all(|i| !std::mem::replace(&mut seen[i.source as usize], true))
            })
            .collect();
        Some(ValueVectors {
            widths: program.widths.clone(),
            vector_width,
            arcs,
            pairs,
            rows,
            members,
            columns,
            ins,
            in_start,
            distinct,
            pair_rows,
            max_in,
            portable: false,
            summed: false,
        })
    }

    /// The row width `N` in use.
    pub fn vector_width(&self) -> usize {
        self.vector_width
    }

    /// The same program on the baseline instruction set only (for comparison and tests: the
    /// results are the same bits).
    pub fn portable(mut self) -> ValueVectors {
        self.portable = true;
        self
    }

    /// The same program with a reassociated backward: the gradient into each `(source,
    /// relation)` pair's supports is summed over the pair's arcs first, and only that sum goes
    /// through the pair's noisy-OR chains (one `W x N` step per pair per round instead of one per
    /// arc: Sudoku 81 instead of 1620). The sums run in another order than `SoftGrad`'s, so the
    /// gradient differs from it in the last bits (the forward and the output are unchanged);
    /// the tests bound the difference.
    pub fn pair_summed(mut self) -> ValueVectors {
        self.summed = true;
        self
    }

    /// Whether [`Self::pair_summed`] is in force.
    pub fn is_pair_summed(&self) -> bool {
        self.summed
    }

    /// The instruction set the kernels run on: detected at run time unless [`Self::portable`].
    pub fn arch(&self) -> pulp::Arch {
        if self.portable {
            pulp::Arch::Scalar
        } else {
            pulp::Arch::new()
        }
    }

    /// Name of [`Self::arch`] for reports.
    pub fn arch_name(&self) -> &'static str {
        arch_name(self.arch())
    }

    /// `k` soft rounds: equals `soft_rounds(program, d, k)[k]` exactly (`f32`, `f64`, `Q15`).
    /// `d` must have the program's variables (the caller checks).
    pub fn forward<V: SoftValue>(&self, d: &Domains<Soft<V>>, k: usize) -> Domains<Soft<V>> {
        macro_rules! go {
            ($($n:literal)*) => {
                match self.vector_width {
                    $($n => self.arch().dispatch(Forward::<V, $n> { vl: self, d, k }),)*
                    n => unreachable!("vector width {n} is not one of VECTOR_WIDTHS"),
                }
            };
        }
        go!(4 8 12 16 24 32 48 64)
    }

    /// Forward `k` rounds and reverse mode: returns `d^K` and `dL/d d^0` given `upstream`, which
    /// gets `d^K` and writes `dL/d d^K` into a zeroed slice of `d.cells.len()` cells. Equal bit for
    /// bit to `SoftGrad` with `Memory::Full` given the same upstream values.
    pub fn value_and_grad<T: Real>(
        &self,
        d: &Domains<Soft<T>>,
        k: usize,
        upstream: impl FnOnce(&Domains<Soft<T>>, &mut [T]),
    ) -> (Domains<Soft<T>>, Vec<T>) {
        macro_rules! go {
            ($($n:literal)*) => {
                match self.vector_width {
                    $($n => self.arch().dispatch(Grad::<T, _, $n> { vl: self, d, k, upstream }),)*
                    n => unreachable!("vector width {n} is not one of VECTOR_WIDTHS"),
                }
            };
        }
        go!(4 8 12 16 24 32 48 64)
    }

    // --- layout ----------------------------------------------------------------------------

    #[inline(always)]
    fn load<V: SoftValue, const N: usize>(&self, d: &Domains<Soft<V>>) -> Vec<[V; N]> {
        let mut rows = vec![[V::ZERO; N]; self.widths.len()];
        for (v, (row, &w)) in rows.iter_mut().zip(&self.widths).enumerate() {
            row[..w].copy_from_slice(&d.var(v)[..w]);
        }
        rows
    }

    /// `like` with its values (not its padding cells) replaced by `rows`.
    #[inline(always)]
    fn unload<V: SoftValue, const N: usize>(&self, like: &Domains<Soft<V>>, rows: &[[V; N]]) -> Domains<Soft<V>> {
        let mut out = like.clone();
        for (v, (row, &w)) in rows.iter().zip(&self.widths).enumerate() {
            out.var_mut(v)[..w].copy_from_slice(&row[..w]);
        }
        out
    }

    // --- forward ---------------------------------------------------------------------------

    #[inline(always)]
    fn forward_n<V: SoftValue, const N: usize>(&self, d: &Domains<Soft<V>>, k: usize) -> Domains<Soft<V>> {
        let mut cur = self.load::<V, N>(d);
        let mut next = cur.clone();
        let mut comp = cur.clone();
        // Padding lanes of a support stay 1: they leave the target's padding unchanged.
        let mut sup = vec![[V::ONE; N]; self.pairs.len()];
        for _ in 0..k {
            self.round(&cur, &mut next, &mut comp, &mut sup);
            std::mem::swap(&mut cur, &mut next);
        }
        self.unload(d, &cur)
    }

    /// One Jacobi round (`interp::round`): supports once per pair, then one lane-wise product
    /// per instruction in program order.
    #[inline(always)]
    fn round<V: SoftValue, const N: usize>(
        &self,
        prev: &[[V; N]],
        next: &mut [[V; N]],
        comp: &mut [[V; N]],
        sup: &mut [[V; N]],
    ) {
        complements(prev, comp);
        for (pair, s) in self.pairs.iter().zip(sup.iter_mut()) {
            let src = &comp[pair.source as usize];
            // The noisy-OR chains of all target values at once, lane a = value a: ascending b
            // from 1, a factor 1 where b is not in row a (`x * 1 == x`: the row's own chain).
            let mut keep = [V::ONE; N];
            let cols = &self.columns[pair.cols as usize * N..(pair.cols + pair.ncols) as usize * N];
            for (b, col) in cols.chunks_exact(N).enumerate() {
                let col: &[u8; N] = col.try_into().expect("N values per column");
                let c = src[b];
                for l in 0..N {
                    keep[l] = keep[l].and(if col[l] != 0 { c } else { V::ONE });
                }
            }
            for a in 0..pair.nrows as usize {
                s[a] = keep[a].complement();
            }
        }
        next.copy_from_slice(prev);
        for &(t, p) in &self.arcs {
            let (n, s) = (&mut next[t as usize], &sup[p as usize]);
            for l in 0..N {
                n[l] = n[l].and(s[l]);
            }
        }
    }

    // --- backward --------------------------------------------------------------------------

    #[inline(always)]
    fn grad_n<T: Real, const N: usize>(
        &self,
        d: &Domains<Soft<T>>,
        k: usize,
        upstream: impl FnOnce(&Domains<Soft<T>>, &mut [T]),
    ) -> (Domains<Soft<T>>, Vec<T>) {
        let mut rounds: Vec<Vec<[T; N]>> = Vec::with_capacity(k + 1);
        rounds.push(self.load::<T, N>(d));
        let mut comp = rounds[0].clone();
        let mut sc = Scratch::<T, N> {
            sup: vec![[T::ONE; N]; self.pairs.len()],
            // Entries outside a row's members stay 0 (see the module docs).
            pre: vec![[T::ZERO; N]; self.pair_rows],
            suf: vec![[T::ZERO; N]; self.pair_rows],
            suffix: vec![[T::ONE; N]; self.max_in + 1],
            gs: vec![[T::ZERO; N]; self.max_in],
            gsum: vec![[T::ZERO; N]; if self.summed { self.pairs.len() } else { 0 }],
        };
        for r in 0..k {
            let mut next = rounds[r].clone();
            self.round(&rounds[r], &mut next, &mut comp, &mut sc.sup);
            rounds.push(next);
        }
        let out = self.unload(d, &rounds[k]);
        let mut up = vec![T::ZERO; d.cells.len()];
        upstream(&out, &mut up);
        // Padding cells are not inputs: their gradient is 0 (as in `SoftGrad::backward`).
        let stride = d.stride();
        let mut g = vec![[T::ZERO; N]; self.widths.len()];
        for (v, (row, &w)) in g.iter_mut().zip(&self.widths).enumerate() {
            row[..w].copy_from_slice(&up[v * stride..v * stride + w]);
        }
        let mut gp = g.clone();
        for r in (0..k).rev() {
            complements(&rounds[r], &mut comp);
            self.round_vjp(&rounds[r], &comp, &g, &mut gp, &mut sc);
            std::mem::swap(&mut g, &mut gp);
        }
        let mut grad = vec![T::ZERO; d.cells.len()];
        for (v, (row, &w)) in g.iter().zip(&self.widths).enumerate() {
            grad[v * stride..v * stride + w].copy_from_slice(&row[..w]);
        }
        (out, grad)
    }

    /// `gp = J^T gn` for the round that read `prev` (`comp = 1 - prev`).
    #[inline(always)]
    fn round_vjp<T: Real, const N: usize>(
        &self,
        prev: &[[T; N]],
        comp: &[[T; N]],
        gn: &[[T; N]],
        gp: &mut [[T; N]],
        sc: &mut Scratch<T, N>,
    ) {
        // Per pair and row: the support and the exclusive prefix / suffix products of its chain.
        for (pair, s) in self.pairs.iter().zip(sc.sup.iter_mut()) {
            let src = &comp[pair.source as usize];
            for a in 0..pair.nrows as usize {
                let (lo, hi) = self.rows[pair.rows as usize + a];
                let row = &self.members[lo as usize..hi as usize];
                let (pre, suf) = (&mut sc.pre[pair.first as usize + a], &mut sc.suf[pair.first as usize + a]);
                let mut keep = T::ONE;
                for &b in row {
                    pre[b as usize] = keep;
                    keep = keep * src[b as usize];
                }
                s[a] = keep.complement();
                let mut c = T::ONE;
                for &b in row.iter().rev() {
                    suf[b as usize] = c;
                    c = src[b as usize] * c;
                }
            }
        }
        gp.fill([T::ZERO; N]);
        sc.gsum.fill([T::ZERO; N]);
        for t in 0..self.widths.len() {
            let ins = &self.ins[self.in_start[t]..self.in_start[t + 1]];
            let g = gn[t];
            if ins.is_empty() {
                add_assign(&mut gp[t], &g);
                continue;
            }
            if g.iter().all(|&x| x == T::ZERO) {
                continue; // every term below would be ±0
            }
            let m = ins.len();
            sc.suffix[m] = [T::ONE; N];
            for j in (0..m).rev() {
                let s = &sc.sup[ins[j].pair as usize];
                let mut o = [T::ZERO; N];
                for l in 0..N {
                    o[l] = s[l].and(sc.suffix[j + 1][l]);
                }
                sc.suffix[j] = o;
            }
            let direct = mul(&g, &sc.suffix[0]);
            // The product of the target's own value and the supports before j, as in the forward.
            let mut prefix = prev[t];
            if self.summed {
                // `direct` is ±0 where g is: adding it leaves such a cell unchanged.
                add_assign(&mut gp[t], &direct);
                for (j, i) in ins.iter().enumerate() {
                    let gs = mul(&mul(&g, &prefix), &sc.suffix[j + 1]);
                    add_assign(&mut sc.gsum[i.pair as usize], &gs);
                    prefix = mul(&prefix, &sc.sup[i.pair as usize]);
                }
                continue;
            }
            for (j, i) in ins.iter().enumerate() {
                sc.gs[j] = mul(&mul(&g, &prefix), &sc.suffix[j + 1]);
                prefix = mul(&prefix, &sc.sup[i.pair as usize]);
            }
            let w = self.widths[t];
            if self.distinct[t] {
                // A cell gets this target's terms from one instruction only (or the direct term):
                // summing instruction by instruction keeps every cell's order (`a` ascending)
                // and keeps the source row in registers.
                for a in 0..w {
                    if g[a] != T::ZERO {
                        gp[t][a] += direct[a];
                    }
                }
                for (j, i) in ins.iter().enumerate() {
                    let gs = &sc.gs[j];
                    let first = i.first as usize;
                    let (pre, suf) = (&sc.pre[first..first + w], &sc.suf[first..first + w]);
                    let dst = &mut gp[i.source as usize];
                    let mut acc = *dst;
                    for a in 0..w {
                        if g[a] == T::ZERO {
                            continue;
                        }
                        let (x, pre, suf) = (gs[a], pre[a], suf[a]);
                        for l in 0..N {
                            acc[l] += (x * pre[l]) * suf[l];
                        }
                    }
                    *dst = acc;
                }
                continue;
            }
            for a in 0..w {
                if g[a] == T::ZERO {
                    continue;
                }
                gp[t][a] += direct[a];
                for (j, i) in ins.iter().enumerate() {
                    let x = sc.gs[j][a];
                    let row = i.first as usize + a;
                    let dst = &mut gp[i.source as usize];
                    // Whole rows by value: the compiler then keeps them in vector registers.
                    let (pre, suf, mut acc) = (sc.pre[row], sc.suf[row], *dst);
                    for l in 0..N {
                        acc[l] += (x * pre[l]) * suf[l];
                    }
                    *dst = acc;
                }
            }
        }
        if self.summed {
            // Each pair's summed support gradient through its chains, once per pair.
            for (pair, gsum) in self.pairs.iter().zip(&sc.gsum) {
                let dst = &mut gp[pair.source as usize];
                let mut acc = *dst;
                for a in 0..pair.nrows as usize {
                    let x = gsum[a];
                    if x == T::ZERO {
                        continue; // every term would be ±0
                    }
                    let row = pair.first as usize + a;
                    let (pre, suf) = (&sc.pre[row], &sc.suf[row]);
                    for l in 0..N {
                        acc[l] += (x * pre[l]) * suf[l];
                    }
                }
                *dst = acc;
            }
        }
    }
}

// The kernels as pulp operations: `with_simd` is inlined into pulp's function compiled for the
// detected instruction set, and so is everything it calls (`#[inline(always)]`), which is how the
// `[T; N]` loops get that instruction set without `unsafe` here. A closure would not do: it is
// compiled once, for the baseline, and only called from there.

struct Forward<'a, V: SoftValue, const N: usize> {
    vl: &'a ValueVectors,
    d: &'a Domains<Soft<V>>,
    k: usize,
}

impl<V: SoftValue, const N: usize> pulp::WithSimd for Forward<'_, V, N> {
    type Output = Domains<Soft<V>>;
    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _: S) -> Self::Output {
        self.vl.forward_n::<V, N>(self.d, self.k)
    }
}

struct Grad<'a, T: Real, F, const N: usize> {
    vl: &'a ValueVectors,
    d: &'a Domains<Soft<T>>,
    k: usize,
    upstream: F,
}

impl<T: Real, F: FnOnce(&Domains<Soft<T>>, &mut [T]), const N: usize> pulp::WithSimd for Grad<'_, T, F, N> {
    type Output = (Domains<Soft<T>>, Vec<T>);
    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _: S) -> Self::Output {
        self.vl.grad_n::<T, N>(self.d, self.k, self.upstream)
    }
}

/// Backward scratch, reused over rounds.
struct Scratch<T, const N: usize> {
    /// Per pair: the support of every target value.
    sup: Vec<[T; N]>,
    /// Per pair row: exclusive prefix / suffix products of its chain, by source value.
    pre: Vec<[T; N]>,
    suf: Vec<[T; N]>,
    /// Per instruction into the current target: supports' suffix products and `gs`.
    suffix: Vec<[T; N]>,
    gs: Vec<[T; N]>,
    /// Per pair ([`ValueVectors::pair_summed`] only): the gradient into its supports, summed over its arcs.
    gsum: Vec<[T; N]>,
}

/// A short name of an instruction set pulp dispatches to.
pub fn arch_name(arch: pulp::Arch) -> &'static str {
    match arch {
        #[cfg(target_arch = "x86_64")]
        pulp::Arch::V4(_) => "AVX-512 (x86-64-v4)",
        #[cfg(target_arch = "x86_64")]
        pulp::Arch::V3(_) => "AVX2 (x86-64-v3)",
        pulp::Arch::Scalar => "baseline (SSE2 on x86-64)",
        #[allow(unreachable_patterns)]
        _ => "the target's SIMD",
    }
}

// Lane-wise arithmetic on `[T; N]` rows, shared with `batch.rs`'s batch chunks.

#[inline(always)]
pub(crate) fn complements<V: SoftValue, const N: usize>(d: &[[V; N]], comp: &mut [[V; N]]) {
    for (c, p) in comp.iter_mut().zip(d) {
        for l in 0..N {
            c[l] = p[l].complement();
        }
    }
}

#[inline(always)]
pub(crate) fn mul<T: Real, const N: usize>(a: &[T; N], b: &[T; N]) -> [T; N] {
    let mut o = *a;
    for l in 0..N {
        o[l] = a[l] * b[l];
    }
    o
}

#[inline(always)]
pub(crate) fn add_assign<T: Real, const N: usize>(a: &mut [T; N], b: &[T; N]) {
    for l in 0..N {
        a[l] += b[l];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grad::{Memory, SoftGrad};
    use crate::interp::soft_rounds;
    use crate::network::{Constraint, Network, RelationSpec};
    use crate::semiring::{Fixed, Prob};
    use crate::testing;
    use rand::Rng;

    fn bits<T: Real>(x: &[T]) -> Vec<u64> {
        // f32 -> f64 is exact, so equal f64 bit patterns mean equal T bit patterns (and -0 != +0).
        x.iter().map(|v| v.to_f64().to_bits()).collect()
    }

    /// Random upstream values, padding cells included (they must be ignored), some exactly ±0.
    fn random_up<T: Real>(r: &mut rand_chacha::ChaCha8Rng, cells: usize) -> Vec<T> {
        (0..cells)
            .map(|_| match r.gen_range(0..8) {
                0 => T::ZERO,
                1 => T::from_f64(-0.0),
                _ => T::from_f64(r.gen_range(-1.0..1.0)),
            })
            .collect()
    }

    /// Value vectors against `SoftGrad` (`Memory::Full`) and `soft_rounds`, bit for bit; returns
    /// the number of nonzero gradient cells.
    fn check<T: Real>(vl: &ValueVectors, p: &Program, d: &Domains<Prob<T>>, up: &[T], k: usize) -> usize {
        let (o, g) = vl.value_and_grad(d, k, |_, u| u.copy_from_slice(up));
        let (ro, rg) = SoftGrad::new(p).value_and_grad(d, k, Memory::Full, up).unwrap();
        assert_eq!(bits(&o.cells), bits(&ro.cells), "output, k={k}, vector width {}", vl.vector_width());
        assert_eq!(bits(&g), bits(&rg), "gradient, k={k}, vector width {}", vl.vector_width());
        assert_eq!(bits(&vl.forward(d, k).cells), bits(&soft_rounds(p, d, k)[k].cells), "forward, k={k}");
        g.iter().filter(|x| x.to_f64() != 0.0).count()
    }

    /// Random programs (random relations, empty and full ones, self-loops, several arcs between
    /// one pair of variables) at widths that select every vector width, most not a multiple of it.
    fn random_widths<T: Real>(seed: u64) {
        let mut r = testing::rng(seed);
        let mut widths_seen = Vec::new();
        let mut nonzero = 0;
        // Targets with instructions: [repeated source or self-loop, distinct sources].
        let mut paths = [0usize; 2];
        for max_width in [1, 3, 4, 5, 7, 8, 9, 11, 12, 13, 15, 16, 17, 23, 24, 30, 32, 33, 47, 48, 50, 63, 64] {
            for _ in 0..6 {
                let p = testing::random_program(&mut r, testing::Limits::mixed(7, max_width));
                let vl = ValueVectors::new(&p).expect("width <= 64");
                assert!(vl.vector_width() >= p.width() && VECTOR_WIDTHS.contains(&vl.vector_width()));
                for t in 0..p.num_vars() {
                    if vl.in_start[t] < vl.in_start[t + 1] {
                        paths[vl.distinct[t] as usize] += 1;
                    }
                }
                widths_seen.push(vl.vector_width());
                let d: Domains<Prob<T>> = testing::random_soft(&mut r, &p.widths);
                let up = random_up(&mut r, d.cells.len());
                nonzero += check(&vl, &p, &d, &up, r.gen_range(0..6));
            }
        }
        for n in VECTOR_WIDTHS {
            assert!(widths_seen.contains(&n), "vector width {n} untested");
        }
        assert!(nonzero > 1000, "the random cases must exercise nonzero gradients ({nonzero})");
        assert!(paths.iter().all(|&n| n > 50), "both backward paths must be exercised: {paths:?}");
    }

    #[test]
    fn bit_identical_random_widths_f32() {
        random_widths::<f32>(31);
    }

    #[test]
    fn bit_identical_random_widths_f64() {
        random_widths::<f64>(32);
    }

    /// A random network through `Network::compile` (relations interned): many arcs share a
    /// `(source, relation)` pair, with `!=`, `==`, `<`, `<=` and tables, mixed widths.
    fn shared_pairs<T: Real>(seed: u64) {
        let mut r = testing::rng(seed);
        let mut shared = 0;
        for _ in 0..20 {
            let n = r.gen_range(2..12);
            let mut net = Network::with_vars(n, 1);
            let w = r.gen_range(2..14);
            for v in &mut net.variables {
                v.size = if r.gen_bool(0.7) { w } else { r.gen_range(1..=w) };
            }
            for _ in 0..r.gen_range(1..4 * n) {
                let (x, y) = (r.gen_range(0..n), r.gen_range(0..n));
                if x == y {
                    continue;
                }
                let relation = match r.gen_range(0..6) {
                    0 | 1 => RelationSpec::Ne,
                    2 => RelationSpec::Eq,
                    3 => RelationSpec::Lt,
                    4 => RelationSpec::Le,
                    _ => {
                        let (sx, sy) = (net.variables[x].size, net.variables[y].size);
                        RelationSpec::Table((0..6).map(|_| [r.gen_range(0..sx), r.gen_range(0..sy)]).collect())
                    }
                };
                net.constraints.push(Constraint::Binary { scope: [x, y], relation });
            }
            let p = net.compile().unwrap();
            let vl = ValueVectors::new(&p).unwrap();
            shared += (vl.pairs.len() < vl.arcs.len()) as usize;
            let d: Domains<Prob<T>> = testing::random_soft(&mut r, &p.widths);
            let up = random_up(&mut r, d.cells.len());
            check(&vl, &p, &d, &up, r.gen_range(1..6));
        }
        assert!(shared >= 10, "most cases must share pairs ({shared})");
    }

    #[test]
    fn bit_identical_shared_pairs_f32() {
        shared_pairs::<f32>(33);
    }

    #[test]
    fn bit_identical_shared_pairs_f64() {
        shared_pairs::<f64>(34);
    }

    /// A 17-clue puzzle's givens one-hot, free cells uniform in [0.99, 1), as in the benchmark: less
    /// confident (or contradictory) inputs collapse to 0 within K rounds and the gradient vanishes.
    fn sudoku_input<T: Real>(r: &mut rand_chacha::ChaCha8Rng, p: &Program) -> Domains<Prob<T>> {
        let puzzle = "4.....8.5.3..........7......2.....6.....8.4......1.......6.3.7.5..2.....1.4......";
        let given: Vec<Option<usize>> = puzzle.chars().map(|c| c.to_digit(10).map(|x| x as usize - 1)).collect();
        let free: Vec<f64> = (0..729).map(|_| 0.99 + 0.01 * r.gen::<f64>()).collect();
        Domains::from_probs(&p.widths, |v, a| match given[v] {
            Some(x) => T::from_f64((x == a) as u8 as f64),
            None => T::from_f64(free[v * 9 + a]),
        })
    }

    /// Sudoku twice: as the benchmark builds it (each peer pair once: every target's sources are
    /// distinct) and as the conformance tests do (rows, columns, boxes as all-different: a pair in a
    /// row and a box gives two arcs through one pair, so the general backward path runs).
    fn sudokus() -> [Program; 2] {
        let [once, groups] = [testing::sudoku_peers(""), testing::sudoku("")].map(|n| n.compile().unwrap());
        let (a, b) = (ValueVectors::new(&once).unwrap(), ValueVectors::new(&groups).unwrap());
        assert_eq!((once.instructions.len(), a.vector_width(), a.pairs.len()), (1620, 12, 81));
        assert!(a.distinct.iter().all(|&d| d) && b.distinct.iter().all(|&d| !d));
        [once, groups]
    }

    /// K = 8, f32 and f64, both Sudoku networks.
    #[test]
    fn bit_identical_on_sudoku() {
        let mut r = testing::rng(35);
        for p in sudokus() {
            let vl = ValueVectors::new(&p).unwrap();
            for _ in 0..2 {
                let d32: Domains<Prob<f32>> = sudoku_input(&mut r, &p);
                let up: Vec<f32> = random_up(&mut r, 729);
                let nonzero = check(&vl, &p, &d32, &up, 8);
                assert!(nonzero > 300, "f32: {nonzero} nonzero gradient cells");
                let d64: Domains<Prob<f64>> = sudoku_input(&mut r, &p);
                let up: Vec<f64> = random_up(&mut r, 729);
                let nonzero = check(&vl, &p, &d64, &up, 8);
                assert!(nonzero > 300, "f64: {nonzero} nonzero gradient cells");
            }
        }
    }

    /// The checks above can fail: a mutant that visits a target's values in the opposite order
    /// (the same terms, summed in another order) changes gradient bits on the Sudoku inputs, on
    /// both paths. The mutant is built on the test side: `!=` is symmetric under relabelling the
    /// values `a -> 8 - a`, so running value vectors on mirrored inputs and mirroring the gradient
    /// back computes the same function with every sum over values reversed.
    #[test]
    fn reordered_additions_are_caught() {
        let mirror = |x: &[f32]| -> Vec<f32> { (0..x.len()).map(|c| x[c / 9 * 9 + 8 - c % 9]).collect() };
        let mut r = testing::rng(37);
        for p in sudokus() {
            let vl = ValueVectors::new(&p).unwrap();
            let d: Domains<Prob<f32>> = sudoku_input(&mut r, &p);
            let up: Vec<f32> = random_up(&mut r, 729);
            let (_, good) = vl.value_and_grad(&d, 8, |_, u| u.copy_from_slice(&up));
            let mut dm = d.clone();
            dm.cells = mirror(&d.cells);
            let up_m = mirror(&up);
            let (_, bad) = vl.value_and_grad(&dm, 8, |_, u| u.copy_from_slice(&up_m));
            let bad = mirror(&bad);
            let (_, reference) = SoftGrad::new(&p).value_and_grad(&d, 8, Memory::Full, &up).unwrap();
            assert_eq!(bits(&good), bits(&reference));
            let differ = bad.iter().zip(&reference).filter(|(x, y)| x.to_bits() != y.to_bits()).count();
            assert!(differ > 10, "reordered sums differ in only {differ} cells");
            // ... while every value stays close: the order is all that changed.
            for (x, y) in bad.iter().zip(&reference) {
                assert!((x - y).abs() <= 1e-4 * y.abs().max(1.0), "{x} vs {y}");
            }
        }
    }

    #[test]
    fn fixed_forward_equals_interpreter() {
        let mut r = testing::rng(36);
        for max_width in [1, 4, 6, 9, 13, 16, 20, 31, 40, 64] {
            for _ in 0..5 {
                let p = testing::random_program(&mut r, testing::Limits::mixed(7, max_width));
                let d: Domains<Fixed> = testing::random_soft(&mut r, &p.widths);
                let k = r.gen_range(0..6);
                assert_eq!(ValueVectors::new(&p).unwrap().forward(&d, k), soft_rounds(&p, &d, k)[k]);
            }
        }
        let p = testing::sudoku("").compile().unwrap();
        let d: Domains<Fixed> = testing::random_soft(&mut r, &p.widths);
        assert_eq!(ValueVectors::new(&p).unwrap().forward(&d, 8), soft_rounds(&p, &d, 8)[8]);
    }

    /// The pair-summed backward: the same output bits as `SoftGrad`, and every gradient cell
    /// within `tol` (relative to the largest gradient) of `SoftGrad`'s; returns the cells whose
    /// bits differ.
    fn check_summed<T: Real>(p: &Program, d: &Domains<Prob<T>>, up: &[T], k: usize, tol: f64) -> usize {
        let vl = ValueVectors::new(p).unwrap().pair_summed();
        let (o, g) = vl.value_and_grad(d, k, |_, u| u.copy_from_slice(up));
        let (ro, rg) = SoftGrad::new(p).value_and_grad(d, k, Memory::Full, up).unwrap();
        assert_eq!(bits(&o.cells), bits(&ro.cells), "output, k={k}");
        let scale = rg.iter().fold(0.0f64, |m, x| m.max(x.to_f64().abs()));
        for (x, y) in g.iter().zip(&rg) {
            let (x, y) = (x.to_f64(), y.to_f64());
            assert!((x - y).abs() <= tol * scale, "{x} vs {y} (scale {scale}), k={k}");
        }
        g.iter().zip(&rg).filter(|(x, y)| x.to_f64().to_bits() != y.to_f64().to_bits()).count()
    }

    #[test]
    fn pair_summed_backward_is_close() {
        let mut r = testing::rng(39);
        let mut differ = 0;
        for max_width in [1, 3, 5, 9, 12, 16, 17, 33, 64] {
            for _ in 0..4 {
                let p = testing::random_program(&mut r, testing::Limits::mixed(8, max_width));
                let d: Domains<Prob<f32>> = testing::random_soft(&mut r, &p.widths);
                let up = random_up(&mut r, d.cells.len());
                differ += check_summed(&p, &d, &up, r.gen_range(0..6), 1e-5);
                let d: Domains<Prob<f64>> = testing::random_soft(&mut r, &p.widths);
                let up = random_up(&mut r, d.cells.len());
                check_summed(&p, &d, &up, r.gen_range(0..6), 1e-13);
            }
        }
        for p in sudokus() {
            let d: Domains<Prob<f32>> = sudoku_input(&mut r, &p);
            let up: Vec<f32> = random_up(&mut r, 729);
            differ += check_summed(&p, &d, &up, 8, 1e-5);
            let d: Domains<Prob<f64>> = sudoku_input(&mut r, &p);
            let up: Vec<f64> = random_up(&mut r, 729);
            check_summed(&p, &d, &up, 8, 1e-13);
        }
        // The reassociation is real: some cells' last bits move.
        assert!(differ > 10, "only {differ} f32 cells differ from SoftGrad");
    }

    /// The run-time instruction set (AVX-512 or AVX2 where the CPU has them) and the baseline
    /// give the same bits, gradients and forwards (`f32`, `f64`, `Q15`). The tests above compare
    /// the dispatched kernels with `SoftGrad` and `soft_rounds`, which run on the baseline.
    #[test]
    fn dispatched_equals_portable() {
        let mut r = testing::rng(38);
        for max_width in [3, 9, 12, 15, 16, 33, 64] {
            let p = testing::random_program(&mut r, testing::Limits::mixed(9, max_width));
            let vl = ValueVectors::new(&p).unwrap();
            let base = vl.clone().portable();
            assert_eq!(base.arch_name(), arch_name(pulp::Arch::Scalar));
            let d: Domains<Prob<f32>> = testing::random_soft(&mut r, &p.widths);
            let up: Vec<f32> = random_up(&mut r, d.cells.len());
            let (o, g) = vl.value_and_grad(&d, 5, |_, u| u.copy_from_slice(&up));
            let (bo, bg) = base.value_and_grad(&d, 5, |_, u| u.copy_from_slice(&up));
            assert_eq!((bits(&o.cells), bits(&g)), (bits(&bo.cells), bits(&bg)), "f32, width {max_width}");
            let d: Domains<Prob<f64>> = testing::random_soft(&mut r, &p.widths);
            assert_eq!(bits(&vl.forward(&d, 5).cells), bits(&base.forward(&d, 5).cells), "f64 forward");
            let d: Domains<Fixed> = testing::random_soft(&mut r, &p.widths);
            assert_eq!(vl.forward(&d, 5), base.forward(&d, 5), "Q15 forward, width {max_width}");
        }
    }

    #[test]
    fn too_wide_for_vectors() {
        let mut net = Network::with_vars(2, 65);
        net.constraints.push(Constraint::Binary { scope: [0, 1], relation: RelationSpec::Ne });
        assert!(ValueVectors::new(&net.compile().unwrap()).is_none());
    }
}
