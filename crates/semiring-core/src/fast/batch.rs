//! Batched soft propagation and its gradient: many instances of one program at
//! once, batch innermost, so every arithmetic step is a short vector operation
//! across instances that the compiler turns into SIMD.
//!
//! # Layout
//!
//! Instances are processed in *chunks* of `L` slots (`L` in `{1, 4, 8, 16}`,
//! chosen from the batch size and the thread count). Within a chunk a domain
//! vector is `Vec<[T; L]>`, indexed by cell (`var * stride + value`, the
//! [`Domains`] layout), the `L` instances of that cell side by side. Slots past
//! the batch are padding (all-zero domains) and are dropped from the results.
//! Chunks are independent and are shared out over threads
//! (`std::thread::scope`).
//!
//! # Engines
//!
//! Programs whose domains have at most 64 values run every instance on
//! [`crate::value_vectors::ValueVectors`] instead (one instance per chunk, the
//! instances shared over threads): it vectorises across the values of a
//! domain and evaluates each `(source, relation)` pair's noisy-OR chains once
//! per round for all its arcs, which costs less per instance than the batch
//! chunks even at large batches (Sudoku, `le450_15a`). It is bit-identical to
//! the same reference. The batch-chunk kernels below run wider programs, and
//! any program after [`BatchProgram::batch_chunks_only`].
//!
//! # Same results as the per-instance code, bit for bit
//!
//! Every slot of a chunk runs exactly the scalar operations, in exactly the order, of
//! [`crate::interp::round`] (forward, any [`SoftValue`]: `f32`, `f64`, `Q15`)
//! and of [`crate::grad::SoftGrad`]'s backward with [`Memory::Full`] (`f32`,
//! `f64`). The only changes are *where* intermediate values live:
//!
//! * complements `1 - p` are computed once per cell per round (the same
//!   subtraction the noisy-OR performs per use);
//! * the backward keeps the noisy-OR prefix products of every instruction
//!   into the current target cell, and reuses them as the "product of the
//!   complements before `b`" factors (the reference recomputes that very chain);
//! * the noisy-OR suffix products are formed while walking a row backwards; each
//!   value `b` of a row is a different gradient cell, so the order of the
//!   updates within a row does not change any sum;
//! * the reference skips zero upstream values, this code adds the `±0`
//!   products instead. Gradient cells start at `+0` and a sum of finite values
//!   never becomes `-0` under round-to-nearest, so adding `±0` leaves every
//!   cell unchanged. This holds for finite inputs, which probabilities are.
//!
//! So the outputs and gradients equal the per-instance ones exactly (tested on
//! random programs and on Sudoku, in `f32` and `f64`, and `Q15` forward).
//!
//! [`Memory::Full`]: crate::grad::Memory::Full

use crate::domains::Domains;
use crate::grad::{GradError, Real};
use crate::par::par_map_chunks;
use crate::program::Program;
use crate::semiring::{Soft, SoftValue};
use crate::value_vectors::{add_assign, complements, mul, ValueVectors};

/// One instruction, with its relation rows resolved to value lists.
#[derive(Clone, Copy, Debug)]
struct Arc {
    target: usize,
    source: usize,
    /// Index of row 0 of the instruction's relation in `BatchProgram::rows`.
    rows: usize,
}

/// A program prepared for batched execution: relation rows as ascending index
/// lists, instructions grouped by target.
#[derive(Clone, Debug)]
pub struct BatchProgram {
    widths: Vec<usize>,
    stride: usize,
    arcs: Vec<Arc>,
    /// `rows[rel_start + a] = (lo, hi)`: row `a` of a relation is `members[lo..hi]`.
    rows: Vec<(u32, u32)>,
    members: Vec<u32>,
    /// Instructions into target `t`, program order: `by_target[target_start[t]..target_start[t + 1]]`.
    by_target: Vec<usize>,
    target_start: Vec<usize>,
    /// The longest backward scratch chain: max over cells of sum over incoming rows of `len + 1`.
    max_chain: usize,
    /// Most instructions into one target.
    max_in: usize,
    /// The engine of one-instance chunks (`None` for domains wider than its widest vector).
    values: Option<ValueVectors>,
}

/// What runs a batch (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// One instance at a time, a domain's values side by side (`width` values per row).
    ValueVectors { width: usize },
    /// Chunks of `chunk_len` instances side by side.
    BatchChunks { chunk_len: usize },
}

impl std::fmt::Display for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Engine::ValueVectors { width } => write!(f, "value vectors, {width} per row"),
            Engine::BatchChunks { chunk_len } => write!(f, "batch chunks, {chunk_len} per chunk"),
        }
    }
}

/// The lengths a chunk may have.
const LANE_CHOICES: [usize; 4] = [1, 4, 8, 16];

impl BatchProgram {
    pub fn new(program: &Program) -> BatchProgram {
        let stride = program.width().max(1);
        let mut rows = Vec::new();
        let mut members = Vec::new();
        let mut rel_start = Vec::with_capacity(program.relations.len());
        for rel in &program.relations {
            rel_start.push(rows.len());
            for a in 0..rel.rows() {
                let lo = members.len() as u32;
                for b in 0..rel.cols() {
                    if rel.get(a, b) {
                        members.push(b as u32);
                    }
                }
                rows.push((lo, members.len() as u32));
            }
        }
        let arcs: Vec<Arc> = program
            .instructions
            .iter()
            .map(|i| Arc { target: i.target as usize, source: i.source as usize, rows: rel_start[i.relation as usize] })
            .collect();
        let n = program.num_vars();
        let mut lists = vec![Vec::new(); n];
        for (i, arc) in arcs.iter().enumerate() {
            lists[arc.target].push(i);
        }
        let mut by_target = Vec::with_capacity(arcs.len());
        let mut target_start = Vec::with_capacity(n + 1);
        let (mut max_chain, mut max_in) = (0, 0);
        for (t, list) in lists.iter().enumerate() {
            target_start.push(by_target.len());
            by_target.extend_from_slice(list);
            max_in = max_in.max(list.len());
            for a in 0..program.widths[t] {
                let chain: usize = list
                    .iter()
                    .map(|&i| {
                        let (lo, hi) = rows[arcs[i].rows + a];
                        (hi - lo) as usize + 1
                    })
                    .sum();
                max_chain = max_chain.max(chain);
            }
        }
        target_start.push(by_target.len());
        BatchProgram {
            widths: program.widths.clone(),
            stride,
            arcs,
            rows,
            members,
            by_target,
            target_start,
            max_chain,
            max_in,
            values: ValueVectors::new(program),
        }
    }

    pub fn num_vars(&self) -> usize {
        self.widths.len()
    }

    /// Cells per instance (`num_vars * width`).
    pub fn cells(&self) -> usize {
        self.widths.len() * self.stride
    }

    /// The same program without the value-vectors engine: every chunk runs on the batch-chunk
    /// kernels (for comparison; the results are the same bits).
    pub fn batch_chunks_only(mut self) -> BatchProgram {
        self.values = None;
        self
    }

    /// The same program with the value-vector kernels on the baseline instruction set only (no
    /// run-time SIMD dispatch; for comparison: the results are the same bits).
    pub fn portable(mut self) -> BatchProgram {
        self.values = self.values.map(ValueVectors::portable);
        self
    }

    /// The same program with the value vectors' pair-summed backward
    /// ([`ValueVectors::pair_summed`]: fewer operations, gradients equal to `SoftGrad`'s up to
    /// the order of additions, not bit for bit). Batch chunks are unchanged.
    pub fn pair_summed(mut self) -> BatchProgram {
        self.values = self.values.map(ValueVectors::pair_summed);
        self
    }

    /// The instruction set the value-vector kernels run on (`None` without value vectors).
    pub fn arch_name(&self) -> Option<&'static str> {
        self.values.as_ref().map(ValueVectors::arch_name)
    }

    /// The engine `batch` instances on `threads` threads run on.
    pub fn engine(&self, batch: usize, threads: usize) -> Engine {
        match &self.values {
            Some(vl) => Engine::ValueVectors { width: vl.vector_width() },
            None => Engine::BatchChunks { chunk_len: Self::chunk_len_for(batch, threads) },
        }
    }

    /// Instances per chunk.
    fn chunk_size(&self, batch: usize, threads: usize) -> usize {
        match self.engine(batch, threads) {
            Engine::ValueVectors { .. } => 1,
            Engine::BatchChunks { chunk_len } => chunk_len,
        }
    }

    /// Lanes per chunk of the batch-chunk kernels for `batch` instances on `threads` threads: the smallest
    /// chunk length holding one thread's share (at most 16), so a small batch still splits.
    pub fn chunk_len_for(batch: usize, threads: usize) -> usize {
        let share = batch.div_ceil(threads.max(1)).max(1);
        *LANE_CHOICES.iter().find(|&&l| l >= share).unwrap_or(&16)
    }

    fn check<V: SoftValue>(&self, inputs: &[Domains<Soft<V>>]) -> Result<(), GradError> {
        for d in inputs {
            if d.num_vars() != self.num_vars() {
                return Err(GradError::VarCount { got: d.num_vars(), expected: self.num_vars() });
            }
        }
        Ok(())
    }

    /// `k` soft rounds of every instance: `out[i]` equals `soft_rounds(program, &inputs[i], k)[k]`
    /// exactly, for `f32`, `f64` and `Q15` (`Fixed`).
    pub fn forward<V: SoftValue>(
        &self,
        inputs: &[Domains<Soft<V>>],
        k: usize,
        threads: usize,
    ) -> Result<Vec<Domains<Soft<V>>>, GradError> {
        self.check(inputs)?;
        let chunk_len = self.chunk_size(inputs.len(), threads);
        let per_chunk = |chunk: &[Domains<Soft<V>>]| -> Vec<Domains<Soft<V>>> {
            match (chunk_len, &self.values) {
                (1, Some(vl)) => vec![vl.forward(&chunk[0], k)],
                _ => self.forward_chunk_of_len(chunk, chunk_len, k),
            }
        };
        Ok(par_map_chunks(inputs, chunk_len, threads, |_, c| per_chunk(c)))
    }

    fn forward_chunk_of_len<V: SoftValue>(
        &self,
        chunk: &[Domains<Soft<V>>],
        chunk_len: usize,
        k: usize,
    ) -> Vec<Domains<Soft<V>>> {
        match chunk_len {
            1 => self.forward_chunk::<V, 1>(chunk, k),
            4 => self.forward_chunk::<V, 4>(chunk, k),
            8 => self.forward_chunk::<V, 8>(chunk, k),
            _ => self.forward_chunk::<V, 16>(chunk, k),
        }
    }

    /// Forward `k` rounds and reverse mode for every instance. `upstream(i, &d_k, &mut g)` gets
    /// instance `i`'s result `d^K` and writes `dL/d d^K` into `g` (zeroed, `cells()` long).
    /// Returns each instance's `d^K` and `dL/d d^0`, equal bit for bit to
    /// [`crate::grad::SoftGrad`] with `Memory::Full` given the same upstream values.
    #[allow(clippy::type_complexity)]
    pub fn value_and_grad<T: Real, F>(
        &self,
        inputs: &[Domains<Soft<T>>],
        k: usize,
        threads: usize,
        upstream: F,
    ) -> Result<(Vec<Domains<Soft<T>>>, Vec<Vec<T>>), GradError>
    where
        F: Fn(usize, &Domains<Soft<T>>, &mut [T]) + Sync,
    {
        self.check(inputs)?;
        let chunk_len = self.chunk_size(inputs.len(), threads);
        let up = &upstream;
        let per_chunk = |first: usize, chunk: &[Domains<Soft<T>>]| -> Vec<(Domains<Soft<T>>, Vec<T>)> {
            match (chunk_len, &self.values) {
                (1, Some(vl)) => vec![vl.value_and_grad(&chunk[0], k, |d, g| up(first, d, g))],
                (1, None) => self.grad_chunk::<T, F, 1>(first, chunk, k, up),
                (4, _) => self.grad_chunk::<T, F, 4>(first, chunk, k, up),
                (8, _) => self.grad_chunk::<T, F, 8>(first, chunk, k, up),
                _ => self.grad_chunk::<T, F, 16>(first, chunk, k, up),
            }
        };
        let all = par_map_chunks(inputs, chunk_len, threads, per_chunk);
        Ok(all.into_iter().unzip())
    }

    // --- chunk kernels ---------------------------------------------------------------------

    fn load<V: SoftValue, const L: usize>(&self, chunk: &[Domains<Soft<V>>]) -> Vec<[V; L]> {
        let mut d = vec![[V::ZERO; L]; self.cells()];
        for (slot, inst) in chunk.iter().enumerate() {
            for (c, &x) in d.iter_mut().zip(&inst.cells) {
                c[slot] = x;
            }
        }
        d
    }

    fn unload<V: SoftValue, const L: usize>(
        &self,
        like: &Domains<Soft<V>>,
        d: &[[V; L]],
        slot: usize,
    ) -> Domains<Soft<V>> {
        let mut out = like.clone();
        for (o, c) in out.cells.iter_mut().zip(d) {
            *o = c[slot];
        }
        out
    }

    fn forward_chunk<V: SoftValue, const L: usize>(
        &self,
        chunk: &[Domains<Soft<V>>],
        k: usize,
    ) -> Vec<Domains<Soft<V>>> {
        let mut cur = self.load::<V, L>(chunk);
        let mut next = cur.clone();
        let mut comp = cur.clone();
        for _ in 0..k {
            self.round(&cur, &mut next, &mut comp);
            std::mem::swap(&mut cur, &mut next);
        }
        chunk.iter().enumerate().map(|(slot, d)| self.unload(d, &cur, slot)).collect()
    }

    fn grad_chunk<T: Real, F, const L: usize>(
        &self,
        first: usize,
        chunk: &[Domains<Soft<T>>],
        k: usize,
        upstream: &F,
    ) -> Vec<(Domains<Soft<T>>, Vec<T>)>
    where
        F: Fn(usize, &Domains<Soft<T>>, &mut [T]) + Sync,
    {
        let cells = self.cells();
        let mut rounds: Vec<Vec<[T; L]>> = Vec::with_capacity(k + 1);
        rounds.push(self.load::<T, L>(chunk));
        let mut comp = rounds[0].clone();
        for r in 0..k {
            let mut next = rounds[r].clone();
            self.round(&rounds[r], &mut next, &mut comp);
            rounds.push(next);
        }
        let outputs: Vec<Domains<Soft<T>>> =
            chunk.iter().enumerate().map(|(slot, d)| self.unload(d, &rounds[k], slot)).collect();
        let mut g = vec![[T::ZERO; L]; cells];
        let mut up = vec![T::ZERO; cells];
        for (slot, out) in outputs.iter().enumerate() {
            up.fill(T::ZERO);
            upstream(first + slot, out, &mut up);
            for (v, &w) in self.widths.iter().enumerate() {
                // Padding cells are not inputs: their gradient is 0 (as in `SoftGrad::backward`).
                for a in 0..w {
                    let c = v * self.stride + a;
                    g[c][slot] = up[c];
                }
            }
        }
        let mut gp = g.clone();
        let mut scratch = Scratch {
            chain: vec![[T::ZERO; L]; self.max_chain],
            sup: vec![[T::ZERO; L]; self.max_in],
            suffix: vec![[T::ZERO; L]; self.max_in + 1],
        };
        for r in (0..k).rev() {
            complements(&rounds[r], &mut comp);
            self.round_vjp(&rounds[r], &comp, &g, &mut gp, &mut scratch);
            std::mem::swap(&mut g, &mut gp);
        }
        outputs.into_iter().enumerate().map(|(slot, out)| (out, g.iter().map(|c| c[slot]).collect())).collect()
    }

    /// One Jacobi round, slot by slot the operations of `interp::round` over `Soft<V>`.
    fn round<V: SoftValue, const L: usize>(&self, prev: &[[V; L]], next: &mut [[V; L]], comp: &mut [[V; L]]) {
        next.copy_from_slice(prev);
        complements(prev, comp);
        let stride = self.stride;
        for arc in &self.arcs {
            let src = &comp[arc.source * stride..(arc.source + 1) * stride];
            let t0 = arc.target * stride;
            for a in 0..self.widths[arc.target] {
                let (lo, hi) = self.rows[arc.rows + a];
                let mut keep = [V::ONE; L];
                for &b in &self.members[lo as usize..hi as usize] {
                    let cb = &src[b as usize];
                    for l in 0..L {
                        keep[l] = keep[l].and(cb[l]);
                    }
                }
                let tgt = &mut next[t0 + a];
                for l in 0..L {
                    tgt[l] = tgt[l].and(keep[l].complement());
                }
            }
        }
    }

    /// `gp = J^T gn` for the round that read `prev` (`comp = 1 - prev`), slot by slot the
    /// operations of `SoftGrad`'s round VJP (see the module docs for what moved where).
    fn round_vjp<T: Real, const L: usize>(
        &self,
        prev: &[[T; L]],
        comp: &[[T; L]],
        gn: &[[T; L]],
        gp: &mut [[T; L]],
        s: &mut Scratch<T, L>,
    ) {
        let stride = self.stride;
        gp.fill([T::ZERO; L]);
        for t in 0..self.widths.len() {
            let ins_t = &self.by_target[self.target_start[t]..self.target_start[t + 1]];
            for a in 0..self.widths[t] {
                let cell = t * stride + a;
                let g = gn[cell];
                if ins_t.is_empty() {
                    add_assign(&mut gp[cell], &g);
                    continue;
                }
                if g.iter().all(|&x| x == T::ZERO) {
                    continue; // every product below would be ±0: no cell would change
                }
                // Noisy-OR prefix chains of every instruction into t at value a.
                let mut off = 0;
                for (j, &i) in ins_t.iter().enumerate() {
                    let arc = self.arcs[i];
                    let (lo, hi) = self.rows[arc.rows + a];
                    let src = &comp[arc.source * stride..(arc.source + 1) * stride];
                    let mut keep = [T::ONE; L];
                    s.chain[off] = keep;
                    for (q, &b) in self.members[lo as usize..hi as usize].iter().enumerate() {
                        let cb = &src[b as usize];
                        for l in 0..L {
                            keep[l] = keep[l].and(cb[l]);
                        }
                        s.chain[off + q + 1] = keep;
                    }
                    for l in 0..L {
                        s.sup[j][l] = keep[l].complement();
                    }
                    off += (hi - lo) as usize + 1;
                }
                let m = ins_t.len();
                s.suffix[m] = [T::ONE; L];
                for j in (0..m).rev() {
                    for l in 0..L {
                        s.suffix[j][l] = s.sup[j][l].and(s.suffix[j + 1][l]);
                    }
                }
                let direct = mul(&g, &s.suffix[0]);
                add_assign(&mut gp[cell], &direct);
                let mut prefix = prev[cell];
                let mut off = 0;
                for (j, &i) in ins_t.iter().enumerate() {
                    let gs = mul(&mul(&g, &prefix), &s.suffix[j + 1]);
                    prefix = mul(&prefix, &s.sup[j]);
                    let arc = self.arcs[i];
                    let (lo, hi) = self.rows[arc.rows + a];
                    let row = &self.members[lo as usize..hi as usize];
                    let s0 = arc.source * stride;
                    let mut csuf = [T::ONE; L];
                    for q in (0..row.len()).rev() {
                        let c = s0 + row[q] as usize;
                        // (gs * pre) * csuf, then csuf = comp * csuf: the reference's operand order.
                        let contrib = mul(&mul(&gs, &s.chain[off + q]), &csuf);
                        add_assign(&mut gp[c], &contrib);
                        csuf = mul(&comp[c], &csuf);
                    }
                    off += row.len() + 1;
                }
            }
        }
    }
}

/// Backward scratch of one target cell.
struct Scratch<T, const L: usize> {
    chain: Vec<[T; L]>,
    sup: Vec<[T; L]>,
    suffix: Vec<[T; L]>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grad::{Memory, SoftGrad};
    use crate::interp::soft_rounds;
    use crate::semiring::{Fixed, Prob};
    use crate::testing;
    use crate::Q15;
    use rand::Rng;

    /// Soft domains with values drawn from `gen`, one per cell.
    fn soft_from<V: SoftValue>(widths: &[usize], mut gen: impl FnMut() -> V) -> Domains<Soft<V>> {
        let w = widths.iter().copied().max().unwrap_or(1);
        let vals: Vec<V> = (0..widths.len() * w).map(|_| gen()).collect();
        Domains::from_probs(widths, |v, a| vals[v * w + a])
    }

    /// Random soft domains with exact 0s and 1s mixed in.
    fn random_soft<T: Real>(r: &mut rand_chacha::ChaCha8Rng, widths: &[usize]) -> Domains<Prob<T>> {
        soft_from(widths, || match r.gen_range(0..5) {
            0 => T::ZERO,
            1 => T::ONE,
            _ => T::from_f64(r.gen_range(0.0..1.0)),
        })
    }

    /// The per-instance reference: `SoftGrad` with `Memory::Full`, upstream from `up`.
    fn reference<T: Real>(p: &Program, d: &Domains<Prob<T>>, k: usize, up: &[T]) -> (Domains<Prob<T>>, Vec<T>) {
        SoftGrad::new(p).value_and_grad(d, k, Memory::Full, up).unwrap()
    }

    fn bits<T: Real>(x: &[T]) -> Vec<u64> {
        // f32 -> f64 is exact, so equal f64 bit patterns mean equal T bit patterns (and -0 != +0).
        x.iter().map(|v| v.to_f64().to_bits()).collect()
    }

    /// Both engines (value vectors where the widths allow, and the batch chunks) against the
    /// per-instance reference, bit for bit.
    fn check_equal<T: Real>(p: &Program, inputs: &[Domains<Prob<T>>], ups: &[Vec<T>], k: usize, threads: usize) {
        for bp in [BatchProgram::new(p), BatchProgram::new(p).batch_chunks_only()] {
            let engine = bp.engine(inputs.len(), threads);
            let (outs, grads) = bp.value_and_grad(inputs, k, threads, |i, _, g| g.copy_from_slice(&ups[i])).unwrap();
            assert_eq!(outs.len(), inputs.len());
            for (i, d) in inputs.iter().enumerate() {
                let (o, g) = reference(p, d, k, &ups[i]);
                assert_eq!(bits(&outs[i].cells), bits(&o.cells), "instance {i} output, k={k}, {engine}");
                let batch = inputs.len();
                assert_eq!(bits(&grads[i]), bits(&g), "instance {i} gradient, k={k}, batch {batch}, {engine}");
            }
            let fwd = bp.forward(inputs, k, threads).unwrap();
            for (i, d) in inputs.iter().enumerate() {
                assert_eq!(bits(&fwd[i].cells), bits(&soft_rounds(p, d, k)[k].cells), "{engine}");
            }
        }
    }

    fn random_case<T: Real>(seed: u64) {
        let mut r = testing::rng(seed);
        let mut nonzero = 0;
        for _ in 0..60 {
            let p = testing::random_program(&mut r, testing::Limits::mixed(6, 9));
            let batch = [1, 2, 3, 5, 8, 13, 17, 33][r.gen_range(0..8)];
            let inputs: Vec<Domains<Prob<T>>> = (0..batch).map(|_| random_soft(&mut r, &p.widths)).collect();
            let cells = inputs[0].cells.len();
            let ups: Vec<Vec<T>> =
                (0..batch).map(|_| (0..cells).map(|_| T::from_f64(r.gen_range(-1.0..1.0))).collect()).collect();
            let k = r.gen_range(0..6);
            let threads = r.gen_range(1..=3);
            check_equal(&p, &inputs, &ups, k, threads);
            let bp = BatchProgram::new(&p);
            let (_, g) = bp.value_and_grad(&inputs, k, threads, |i, _, g| g.copy_from_slice(&ups[i])).unwrap();
            nonzero += g.iter().flatten().filter(|x| x.to_f64() != 0.0).count();
        }
        assert!(nonzero > 1000, "the random cases must exercise nonzero gradients ({nonzero})");
    }

    #[test]
    fn bit_identical_to_softgrad_f32_random() {
        random_case::<f32>(21);
    }

    #[test]
    fn bit_identical_to_softgrad_f64_random() {
        random_case::<f64>(22);
    }

    fn sudoku() -> Program {
        testing::sudoku_peers("").compile().unwrap()
    }

    /// Sudoku (1620 `!=` arcs), confident inputs as in the benchmark, K = 8, a batch that
    /// fills two 16-slot chunks and part of a third, on 2 threads; and batch 1.
    #[test]
    fn bit_identical_to_softgrad_on_sudoku() {
        let p = sudoku();
        assert_eq!(p.instructions.len(), 1620);
        let mut r = testing::rng(23);
        for batch in [1, 37] {
            // A quarter of the cells given (one-hot), the rest confident: as in the benchmark, the
            // noisy-OR terms then reach the gradient instead of vanishing below f32 rounding.
            let inputs: Vec<Domains<Prob<f32>>> = (0..batch)
                .map(|_| {
                    let given: Vec<Option<usize>> =
                        (0..81).map(|_| r.gen_bool(0.25).then(|| r.gen_range(0..9))).collect();
                    let free: Vec<f32> = (0..729).map(|_| 0.99 + 0.01 * r.gen::<f32>()).collect();
                    Domains::from_probs(&p.widths, |v, a| match given[v] {
                        Some(x) => (x == a) as u8 as f32,
                        None => free[v * 9 + a],
                    })
                })
                .collect();
            let ups: Vec<Vec<f32>> = (0..batch).map(|_| (0..729).map(|_| r.gen_range(-1.0..1.0)).collect()).collect();
            check_equal(&p, &inputs, &ups, 8, 2);
        }
    }

    /// Value vectors up to 64 values per domain, batch chunks past that (and on request), one-slot
    /// chunks (batch <= threads) included: all bit-identical.
    #[test]
    fn engines_by_width() {
        let mut r = testing::rng(25);
        let mut engines = [0usize; 2];
        for max_width in [2, 9, 15, 16, 17, 40, 64, 80, 100] {
            for _ in 0..4 {
                let p = testing::random_program(&mut r, testing::Limits::mixed(5, max_width));
                let bp = BatchProgram::new(&p);
                let batch = [1, 2, 3, 7, 19][r.gen_range(0..5)];
                let vl = matches!(bp.engine(batch, 3), Engine::ValueVectors { .. });
                assert_eq!(vl, p.width() <= 64);
                engines[vl as usize] += 1;
                let k = r.gen_range(1..6);
                let in64: Vec<Domains<Prob<f64>>> = (0..batch).map(|_| random_soft(&mut r, &p.widths)).collect();
                let cells = in64[0].cells.len();
                let up64: Vec<Vec<f64>> =
                    (0..batch).map(|_| (0..cells).map(|_| r.gen_range(-1.0..1.0)).collect()).collect();
                check_equal(&p, &in64, &up64, k, 3);
                let in32: Vec<Domains<Prob<f32>>> = (0..batch).map(|_| random_soft(&mut r, &p.widths)).collect();
                let up32: Vec<Vec<f32>> =
                    (0..batch).map(|_| (0..cells).map(|_| r.gen_range(-1.0..1.0)).collect()).collect();
                check_equal(&p, &in32, &up32, k, 3);
            }
        }
        assert!(engines.iter().all(|&n| n >= 4), "both engines must run: {engines:?}");
    }

    #[test]
    fn fixed_forward_equals_interpreter() {
        let mut r = testing::rng(24);
        for _ in 0..40 {
            let p = testing::random_program(&mut r, testing::Limits::mixed(6, 9));
            let batch = r.gen_range(1..20);
            let inputs: Vec<Domains<Fixed>> =
                (0..batch).map(|_| soft_from(&p.widths, || Q15(r.gen_range(0..=0x8000)))).collect();
            let k = r.gen_range(0..6);
            for bp in [BatchProgram::new(&p), BatchProgram::new(&p).batch_chunks_only()] {
                let out = bp.forward(&inputs, k, 2).unwrap();
                for (d, o) in inputs.iter().zip(&out) {
                    assert_eq!(*o, soft_rounds(&p, d, k)[k]);
                }
            }
        }
    }

    #[test]
    fn chunk_len_and_errors() {
        assert_eq!(BatchProgram::chunk_len_for(1, 2), 1);
        assert_eq!(BatchProgram::chunk_len_for(8, 2), 4);
        assert_eq!(BatchProgram::chunk_len_for(64, 2), 16);
        assert_eq!(BatchProgram::chunk_len_for(256, 1), 16);
        let p = sudoku();
        let bp = BatchProgram::new(&p);
        assert_eq!(bp.engine(1, 2), Engine::ValueVectors { width: 12 });
        assert_eq!(bp.clone().batch_chunks_only().engine(64, 2), Engine::BatchChunks { chunk_len: 16 });
        let wrong: Domains<Prob<f32>> = Domains::full(&[9; 3]);
        assert_eq!(
            bp.forward(std::slice::from_ref(&wrong), 1, 1).unwrap_err(),
            GradError::VarCount { got: 3, expected: 81 }
        );
        assert_eq!(
            bp.value_and_grad(&[wrong], 1, 1, |_, _, _| {}).unwrap_err(),
            GradError::VarCount { got: 3, expected: 81 }
        );
        assert!(bp.forward::<f32>(&[], 3, 2).unwrap().is_empty());
    }
}
