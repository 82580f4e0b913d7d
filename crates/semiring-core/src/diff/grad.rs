//! Gradients of soft propagation: reverse mode through K Jacobi rounds.
//!
//! # The function
//!
//! One round of the soft program (see [`crate::interp::round`]) maps the
//! domains `p = d^r` to `n = d^{r+1}`:
//!
//! ```text
//! s_i[a] = 1 - prod_{b in R_i[a]} (1 - p[src_i][b])            (noisy-OR support)
//! n[t][a] = p[t][a] * prod_{i : target_i = t} s_i[a]           (program order)
//! ```
//!
//! Its vector-Jacobian product, given `gn = dL/dn`, is
//!
//! ```text
//! gp[t][a]      += gn[t][a] * prod_i s_i[a]                                  (direct)
//! gs_i[a]        = gn[t][a] * p[t][a] * prod_{j != i} s_j[a]                  (into support i)
//! gp[src_i][b]  += gs_i[a] * prod_{b' in R_i[a], b' != b} (1 - p[src_i][b'])   (noisy-OR)
//! ```
//!
//! Both "product of all factors but one" terms are formed from prefix and
//! suffix products, never by dividing by the left-out factor, which is 0 at
//! exactly the hard points the straight-through estimator uses.
//!
//! Cells past a variable's own width are padding, not inputs of the
//! function: their gradient is defined as 0.
//!
//! # Memory
//!
//! The backward pass of round `r` needs the domains `d^r` it read (the
//! supports are recomputed from them on the fly, so nothing else is kept per
//! instruction). [`Memory::Full`] keeps all `K + 1` domain vectors
//! (`(K + 1) * num_vars * width` cells). [`Memory::Checkpoint`] keeps only
//! every `every`-th round (`d^0, d^every, ...`) and, going backward, re-runs
//! one segment of at most `every` rounds from its checkpoint into a buffer of
//! `every + 1` vectors. With `every = ceil(sqrt(K))` that is about
//! `2 sqrt(K)` vectors at the cost of one extra forward pass; the gradients are
//! bit-identical to the full mode because the recomputation runs the very
//! same [`round`] (tested).
//!
//! # Straight-through in fixed point
//!
//! At a hard point (all cells 0 or 1) every local factor above is 0 or 1, so
//! the backward pass only routes and adds. [`crate::st_fixed::st_backward_fixed`]
//! (in the kernel, beside the Q1.15 forward) is the bit-exact model of that
//! route-and-add the hardware's gradient unit reproduces; see its
//! documentation for the number format and the order of the saturating
//! additions.

use crate::domains::Domains;
use crate::interp::round;
use crate::program::Program;
use crate::semiring::{Prob, SoftValue};
use crate::soft_groups::SoftGroups;
use crate::st_fixed::by_target;
pub use crate::st_fixed::GradError;
use std::ops::{Add, AddAssign, Mul, Sub};

/// A floating-point probability type gradients are computed in (`f32`, `f64`).
pub trait Real: SoftValue + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> + AddAssign {}
impl Real for f32 {}
impl Real for f64 {}

/// How much of the forward pass is kept for the backward pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Memory {
    /// Keep all `K + 1` domain vectors.
    Full,
    /// Keep every `every`-th round and recompute the others (`every >= 1`).
    Checkpoint { every: usize },
}

impl Memory {
    /// Checkpoints every `ceil(sqrt(k))` rounds.
    pub fn sqrt(k: usize) -> Memory {
        let mut e = (k as f64).sqrt().ceil() as usize;
        while e * e < k {
            e += 1;
        }
        Memory::Checkpoint { every: e.max(1) }
    }
}

/// A forward pass kept for the backward pass.
#[derive(Clone, Debug)]
pub struct Forward<T: Real> {
    k: usize,
    memory: Memory,
    /// `Full`: `d^0..=d^K`. `Checkpoint`: `d^0, d^e, d^2e, ...` (`e = every`).
    stored: Vec<Domains<Prob<T>>>,
    /// `d^K`, the result.
    pub output: Domains<Prob<T>>,
}

impl<T: Real> Forward<T> {
    pub fn k(&self) -> usize {
        self.k
    }
    /// Number of domain vectors held (the memory cost, `output` included).
    pub fn stored_vectors(&self) -> usize {
        self.stored.len() + 1
    }
}

/// Reverse mode through soft propagation rounds of one program.
pub struct SoftGrad<'p> {
    program: &'p Program,
    by_target: Vec<Vec<usize>>,
    /// A soft group step after every round ([`SoftGrad::with_groups`]).
    groups: Option<&'p SoftGroups>,
}

impl<'p> SoftGrad<'p> {
    pub fn new(program: &'p Program) -> Self {
        SoftGrad { program, by_target: by_target(program), groups: None }
    }

    /// Rounds followed by a soft group step each: `d^{r+1} = G(R(d^r))` (see
    /// [`crate::soft_groups`]); forward, backward and checkpointing as without groups.
    pub fn with_groups(program: &'p Program, groups: &'p SoftGroups) -> Result<Self, GradError> {
        if groups.widths() != &program.widths[..] {
            return Err(GradError::GroupShape);
        }
        Ok(SoftGrad { groups: Some(groups), ..SoftGrad::new(program) })
    }

    /// One round of the forward: the program's round, then the group step if any.
    fn advance<T: Real>(&self, cur: &Domains<Prob<T>>, next: &mut Domains<Prob<T>>) {
        round(self.program, cur, next);
        if let Some(gr) = self.groups {
            let e = next.clone();
            gr.step(&e, next);
        }
    }

    /// Vector-Jacobian product of one [`SoftGrad::advance`] from `prev`.
    fn advance_vjp<T: Real>(&self, prev: &Domains<Prob<T>>, gn: &[T], gp: &mut [T]) {
        match self.groups {
            None => self.round_vjp(prev, gn, gp),
            Some(gr) => {
                let mut e = prev.clone();
                round(self.program, prev, &mut e);
                let ge = gr.step_vjp(&e, gn);
                self.round_vjp(prev, &ge, gp);
            }
        }
    }

    pub fn program(&self) -> &Program {
        self.program
    }

    /// Runs `k` rounds from `d0` with [`round`] (so `output` equals
    /// `soft_rounds(program, d0, k)[k]` exactly; with groups, each round is followed by
    /// [`SoftGroups::step`]), keeping what `memory` asks.
    pub fn forward<T: Real>(&self, d0: &Domains<Prob<T>>, k: usize, memory: Memory) -> Result<Forward<T>, GradError> {
        if d0.num_vars() != self.program.num_vars() {
            return Err(GradError::VarCount { got: d0.num_vars(), expected: self.program.num_vars() });
        }
        let every = match memory {
            Memory::Full => 1,
            Memory::Checkpoint { every: 0 } => return Err(GradError::ZeroInterval),
            Memory::Checkpoint { every } => every,
        };
        let mut stored = vec![d0.clone()];
        let mut cur = d0.clone();
        let mut next = d0.clone();
        for r in 0..k {
            self.advance(&cur, &mut next);
            std::mem::swap(&mut cur, &mut next);
            if (r + 1) % every == 0 && r + 1 < k {
                stored.push(cur.clone());
            }
        }
        Ok(Forward { k, memory, stored, output: cur })
    }

    /// `dL/d d^0` given `upstream = dL/d d^K` (same layout as the domains).
    pub fn backward<T: Real>(&self, fwd: &Forward<T>, upstream: &[T]) -> Result<Vec<T>, GradError> {
        let cells = fwd.output.cells.len();
        if upstream.len() != cells {
            return Err(GradError::GradLen { got: upstream.len(), expected: cells });
        }
        let mut g = upstream.to_vec();
        zero_padding(&fwd.output, &mut g);
        let mut gp = vec![T::ZERO; cells];
        match fwd.memory {
            Memory::Full => {
                for r in (0..fwd.k).rev() {
                    self.advance_vjp(&fwd.stored[r], &g, &mut gp);
                    std::mem::swap(&mut g, &mut gp);
                }
            }
            Memory::Checkpoint { every } => {
                // Segment s covers rounds s*every .. min((s+1)*every, K).
                let segments = fwd.k.div_ceil(every);
                let mut buf: Vec<Domains<Prob<T>>> = Vec::with_capacity(every);
                for s in (0..segments).rev() {
                    let start = s * every;
                    let end = ((s + 1) * every).min(fwd.k);
                    buf.clear();
                    buf.push(fwd.stored[s].clone());
                    for r in start..end - 1 {
                        let mut next = buf[r - start].clone();
                        self.advance(&buf[r - start], &mut next);
                        buf.push(next);
                    }
                    for r in (start..end).rev() {
                        self.advance_vjp(&buf[r - start], &g, &mut gp);
                        std::mem::swap(&mut g, &mut gp);
                    }
                }
            }
        }
        Ok(g)
    }

    /// Forward then backward in one call.
    pub fn value_and_grad<T: Real>(
        &self,
        d0: &Domains<Prob<T>>,
        k: usize,
        memory: Memory,
        upstream: &[T],
    ) -> Result<(Domains<Prob<T>>, Vec<T>), GradError> {
        let fwd = self.forward(d0, k, memory)?;
        let g = self.backward(&fwd, upstream)?;
        Ok((fwd.output, g))
    }

    /// Vector-Jacobian product of one round read from `prev`: `gp = J^T gn`.
    fn round_vjp<T: Real>(&self, prev: &Domains<Prob<T>>, gn: &[T], gp: &mut [T]) {
        let stride = prev.stride();
        gp.fill(T::ZERO);
        // Scratch: per instruction targeting t, its support s_i[a]; prefix /
        // suffix products over those supports.
        let mut sup: Vec<T> = Vec::new();
        let mut suffix: Vec<T> = Vec::new();
        let mut comp: Vec<T> = Vec::new();
        let mut members: Vec<usize> = Vec::new();
        let mut csuf: Vec<T> = Vec::new();
        for t in 0..self.program.num_vars() {
            let w = self.program.widths[t];
            let ins_t = &self.by_target[t];
            for a in 0..w {
                let cell = t * stride + a;
                let g = gn[cell];
                if ins_t.is_empty() {
                    gp[cell] += g;
                    continue;
                }
                if g == T::ZERO {
                    continue;
                }
                sup.clear();
                for &i in ins_t {
                    let ins = self.program.instructions[i];
                    let rel = &self.program.relations[ins.relation as usize];
                    sup.push(crate::semiring::noisy_or(rel.row(a), prev.var(ins.source as usize)));
                }
                let m = sup.len();
                suffix.clear();
                suffix.resize(m + 1, T::ONE);
                for j in (0..m).rev() {
                    suffix[j] = sup[j].and(suffix[j + 1]);
                }
                gp[cell] += g * suffix[0];
                // prefix includes p[t][a] as the leading factor, as in the forward.
                let mut prefix = prev.var(t)[a];
                for (j, &i) in ins_t.iter().enumerate() {
                    let gs = g * prefix * suffix[j + 1];
                    prefix = prefix * sup[j];
                    if gs == T::ZERO {
                        continue;
                    }
                    let ins = self.program.instructions[i];
                    let rel = &self.program.relations[ins.relation as usize];
                    let src = ins.source as usize;
                    let ps = prev.var(src);
                    members.clear();
                    comp.clear();
                    for (wi, &word) in rel.row(a).iter().enumerate() {
                        let mut bits = word;
                        while bits != 0 {
                            let b = wi * 64 + bits.trailing_zeros() as usize;
                            bits &= bits - 1;
                            members.push(b);
                            comp.push(ps[b].complement());
                        }
                    }
                    let n = members.len();
                    csuf.clear();
                    csuf.resize(n + 1, T::ONE);
                    for q in (0..n).rev() {
                        csuf[q] = comp[q] * csuf[q + 1];
                    }
                    // d s / d p[b] = + prod_{b' != b} (1 - p[b']).
                    let mut cpre = T::ONE;
                    for q in 0..n {
                        gp[src * stride + members[q]] += gs * cpre * csuf[q + 1];
                        cpre = cpre * comp[q];
                    }
                }
            }
        }
    }
}

fn zero_padding<T: Real>(d: &Domains<Prob<T>>, g: &mut [T]) {
    let stride = d.stride();
    for (v, &w) in d.widths.iter().enumerate() {
        for c in &mut g[v * stride + w..(v + 1) * stride] {
            *c = T::ZERO;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interp::soft_rounds;
    use crate::testing::{self, Limits};
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn loss(d: &Domains<Prob<f64>>, w: &[f64]) -> f64 {
        d.cells.iter().zip(w).map(|(x, y)| x * y).sum()
    }

    /// Central finite differences. The K-round map is a polynomial in the
    /// cells, defined and smooth outside [0, 1] too, so stepping past 0 or 1
    /// by `h` is legitimate (the polynomial is evaluated there).
    #[test]
    fn gradient_matches_central_differences() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut checked = 0;
        for case in 0..60 {
            let p = testing::random_program(&mut rng, Limits::mixed(5, 7));
            let n = p.num_vars();
            let d0 = testing::random_soft(&mut rng, &p.widths);
            let k = rng.gen_range(0..5);
            let up: Vec<f64> = (0..d0.cells.len()).map(|_| rng.gen_range(-1.0..1.0)).collect();
            let sg = SoftGrad::new(&p);
            let (out, g) = sg.value_and_grad(&d0, k, Memory::Full, &up).unwrap();
            assert_eq!(out, soft_rounds(&p, &d0, k)[k], "forward must equal soft_rounds exactly");
            let h = 1e-5;
            for v in 0..n {
                for a in 0..d0.stride() {
                    let cell = v * d0.stride() + a;
                    if a >= p.widths[v] {
                        assert_eq!(g[cell], 0.0, "padding gradient");
                        continue;
                    }
                    let f = |x: f64| {
                        let mut d = d0.clone();
                        d.cells[cell] = x;
                        let up0: Vec<f64> = up
                            .iter()
                            .enumerate()
                            .map(|(c, &u)| if c % d0.stride() < p.widths[c / d0.stride()] { u } else { 0.0 })
                            .collect();
                        loss(&soft_rounds(&p, &d, k)[k], &up0)
                    };
                    let x = d0.cells[cell];
                    let fd = testing::central_difference(f, x, h);
                    let err = (fd - g[cell]).abs() / fd.abs().max(g[cell].abs()).max(1.0);
                    assert!(err < 1e-6, "case {case} cell {cell} x={x}: fd {fd} vs grad {}", g[cell]);
                    checked += 1;
                }
            }
        }
        assert!(checked > 500, "checked {checked} cells");
    }

    #[test]
    fn checkpointing_gives_identical_gradients() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for _ in 0..20 {
            let p = testing::random_program(&mut rng, Limits::mixed(5, 6));
            let d0 = testing::random_soft(&mut rng, &p.widths);
            let sg = SoftGrad::new(&p);
            let k = rng.gen_range(0..20);
            let up: Vec<f64> = (0..d0.cells.len()).map(|_| rng.gen_range(-1.0..1.0)).collect();
            let (o1, g1) = sg.value_and_grad(&d0, k, Memory::Full, &up).unwrap();
            for mem in [
                Memory::sqrt(k),
                Memory::Checkpoint { every: 1 },
                Memory::Checkpoint { every: 3 },
                Memory::Checkpoint { every: 100 },
            ] {
                let fwd = sg.forward(&d0, k, mem).unwrap();
                if let Memory::Checkpoint { every } = mem {
                    assert_eq!(fwd.stored_vectors(), 1 + k.saturating_sub(1) / every + 1);
                }
                let g2 = sg.backward(&fwd, &up).unwrap();
                assert_eq!(fwd.output, o1);
                assert_eq!(g1, g2, "{mem:?} k={k}");
            }
        }
        let p = testing::random_program(&mut rng, Limits::mixed(2, 2));
        let sg = SoftGrad::new(&p);
        let d0: Domains<Prob<f64>> = testing::random_soft(&mut rng, &p.widths);
        assert_eq!(sg.forward(&d0, 3, Memory::Checkpoint { every: 0 }).unwrap_err(), GradError::ZeroInterval);
    }

    #[test]
    fn f32_gradient_close_to_f64() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let p = testing::random_program(&mut rng, Limits::mixed(5, 6));
        let d0 = testing::random_soft(&mut rng, &p.widths);
        let d32: Domains<Prob<f32>> = Domains::from_probs(&p.widths, |v, a| d0.var(v)[a] as f32);
        let up: Vec<f64> = (0..d0.cells.len()).map(|_| rng.gen_range(-1.0..1.0)).collect();
        let up32: Vec<f32> = up.iter().map(|&x| x as f32).collect();
        let sg = SoftGrad::new(&p);
        let (o32, g32) = sg.value_and_grad(&d32, 4, Memory::Full, &up32).unwrap();
        assert_eq!(o32, soft_rounds(&p, &d32, 4)[4]);
        let (_, g64) = sg.value_and_grad(&d0, 4, Memory::Full, &up).unwrap();
        for (a, b) in g32.iter().zip(&g64) {
            assert!((*a as f64 - b).abs() < 1e-4 * b.abs().max(1.0), "{a} vs {b}");
        }
    }
}
