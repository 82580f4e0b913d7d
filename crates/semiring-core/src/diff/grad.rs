//! Gradients of soft propagation: reverse mode through K Jacobi rounds, and
//! its straight-through specialisation at hard 0/1 points in fixed point.
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
//! the backward pass only routes and adds. [`st_backward_fixed`] is the
//! bit-exact model of that route-and-add the hardware's gradient unit
//! reproduces; see its documentation for the number format and the exact
//! order of the saturating additions.

use crate::domains::Domains;
use crate::interp::round;
use crate::program::Program;
use crate::semiring::{Boolean, Prob, SoftValue};
use crate::soft_groups::SoftGroups;
use std::ops::{Add, AddAssign, Mul, Sub};
use thiserror::Error;

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

#[derive(Debug, Error, PartialEq, Eq)]
pub enum GradError {
    #[error("domains have {got} variables but the program has {expected}")]
    VarCount { got: usize, expected: usize },
    #[error("gradient has {got} cells, expected {expected} (num_vars * width)")]
    GradLen { got: usize, expected: usize },
    #[error("checkpoint interval must be at least 1")]
    ZeroInterval,
    #[error("straight-through backward needs K + 1 round bitmasks (at least 1), got {got}")]
    NoRounds { got: usize },
    #[error("round bitmasks {round}: domains do not match the program's variables")]
    RoundShape { round: usize },
    #[error("the soft groups were built for other variables than the program's")]
    GroupShape,
}

/// The instruction indices targeting each variable, in program order.
fn by_target(program: &Program) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); program.num_vars()];
    for (i, ins) in program.instructions.iter().enumerate() {
        out[ins.target as usize].push(i);
    }
    out
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

/// Result of the fixed-point straight-through backward pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StGrad {
    /// Gradient on `d^0`, Q16.16, layout `var * width + value` (`width` =
    /// [`Program::width`]); padding cells are 0.
    pub grad: Vec<i32>,
    /// Some addition saturated (sticky over the whole pass).
    pub saturated: bool,
}

/// Converts a real gradient to Q16.16 (round to nearest, ties away from 0,
/// saturating at the `i32` range; NaN maps to 0).
pub fn to_q16_16(x: f64) -> i32 {
    let y = (x * 65536.0).round();
    if y.is_nan() {
        0
    } else {
        y.clamp(i32::MIN as f64, i32::MAX as f64) as i32
    }
}

/// Q16.16 to a real number (exact).
pub fn from_q16_16(x: i32) -> f64 {
    x as f64 / 65536.0
}

/// Straight-through backward in fixed point: the bit-exact model of the
/// hardware gradient unit.
///
/// **Inputs.** `rounds[r]` are the hard domains `d^r` of a hard forward run
/// of exactly `K = rounds.len() - 1` Jacobi rounds (`rounds[0]` the input
/// bitmasks; `rounds[K]` is not read, since round `r`'s backward needs only
/// what it read, `d^r`). `upstream` is `dL/d d^K`, one value per cell, layout
/// `var * width + value` with `width = program.width()`.
///
/// **Number format.** Gradients are `i32` two's complement read as Q16.16
/// (`65536` = 1.0); since no multiplication happens the binary point is only
/// an interpretation. Every addition saturates to `[i32::MIN, i32::MAX]`
/// and sets [`StGrad::saturated`]. Padding cells (value >= width of their
/// variable) of `upstream` are ignored and get gradient 0.
///
/// **What one round does** (backward over round `r = K-1 .. 0`, reading only
/// the bitmask `p = d^r`, `gn` the incoming gradient, `gp` the outgoing one,
/// all zero at the start of the round). For a target value `(t, a)`,
/// instruction `i` (targeting `t`) *supports* `a` when some
/// `b` in `R_i[a]` has `p[src_i][b] = 1`; let `fails(t, a)` be the number of
/// instructions targeting `t` that do not support `a`.
///
/// 1. *Direct*, for every cell in ascending cell order: `gp[t][a] = gn[t][a]`
///    if `fails(t, a) = 0` (every support of `a` is 1, so `dn/dp = 1` whatever
///    `p[t][a]` is), else nothing (this is the first write of the cell, so it
///    is exact).
/// 2. *Routing*, instructions in program order, then target value `a`
///    ascending, then source value `b` ascending: when `p[t][a] = 1`,
///    `gn[t][a] != 0`, and either `fails(t, a) = 0` or instruction `i` is the
///    only one failing, and `hits = R_i[a] & p[src_i]` has no bit (then every
///    `b` in `R_i[a]`) or exactly one bit `b` (then that `b`):
///    `gp[src_i][b] = sat_add(gp[src_i][b], gn[t][a])`.
///
/// This is the soft gradient of [`SoftGrad`] evaluated at the hard point:
/// at a 0/1 point the "all factors but one" products are 1 exactly when the
/// left-out factor is the only zero or there is none. When no addition
/// saturates and the upstream values are multiples of 2^-16, it equals the
/// `f64` soft gradient exactly (tested).
pub fn st_backward_fixed(
    program: &Program,
    rounds: &[Domains<Boolean>],
    upstream: &[i32],
) -> Result<StGrad, GradError> {
    if rounds.is_empty() {
        return Err(GradError::NoRounds { got: 0 });
    }
    let n = program.num_vars();
    let width = program.width();
    for (r, d) in rounds.iter().enumerate() {
        if d.num_vars() != n || d.widths.iter().zip(&program.widths).any(|(a, b)| a != b) {
            return Err(GradError::RoundShape { round: r });
        }
    }
    if upstream.len() != n * width {
        return Err(GradError::GradLen { got: upstream.len(), expected: n * width });
    }
    let by_t = by_target(program);
    let mut saturated = false;
    let mut g: Vec<i32> = upstream.to_vec();
    for v in 0..n {
        for c in &mut g[v * width + program.widths[v]..(v + 1) * width] {
            *c = 0;
        }
    }
    let mut gp = vec![0i32; n * width];
    // fails[cell], and the one failing instruction when fails == 1.
    let mut fails = vec![0u32; n * width];
    let mut failing = vec![usize::MAX; n * width];
    let k = rounds.len() - 1;
    for r in (0..k).rev() {
        let p = &rounds[r];
        fails.fill(0);
        for t in 0..n {
            for &i in &by_t[t] {
                let ins = program.instructions[i];
                let rel = &program.relations[ins.relation as usize];
                let src = p.var(ins.source as usize);
                for a in 0..program.widths[t] {
                    let supported = rel.row(a).iter().zip(src).any(|(x, y)| x & y != 0);
                    if !supported {
                        let cell = t * width + a;
                        fails[cell] += 1;
                        failing[cell] = i;
                    }
                }
            }
        }
        gp.fill(0);
        for t in 0..n {
            for a in 0..program.widths[t] {
                let cell = t * width + a;
                if fails[cell] == 0 {
                    gp[cell] = g[cell];
                }
            }
        }
        for (i, ins) in program.instructions.iter().enumerate() {
            let t = ins.target as usize;
            let s = ins.source as usize;
            let rel = &program.relations[ins.relation as usize];
            let src = p.var(s);
            for a in 0..program.widths[t] {
                let cell = t * width + a;
                let gv = g[cell];
                if gv == 0 || !p.contains(t, a) {
                    continue;
                }
                if !(fails[cell] == 0 || (fails[cell] == 1 && failing[cell] == i)) {
                    continue;
                }
                let row = rel.row(a);
                let hits: u32 = row.iter().zip(src).map(|(x, y)| (x & y).count_ones()).sum();
                let mut add = |b: usize| {
                    let c = &mut gp[s * width + b];
                    let (sum, over) = c.overflowing_add(gv);
                    if over {
                        saturated = true;
                        *c = if gv > 0 { i32::MAX } else { i32::MIN };
                    } else {
                        *c = sum;
                    }
                };
                match hits {
                    0 => {
                        for (wi, &word) in row.iter().enumerate() {
                            let mut bits = word;
                            while bits != 0 {
                                add(wi * 64 + bits.trailing_zeros() as usize);
                                bits &= bits - 1;
                            }
                        }
                    }
                    1 => {
                        let (wi, word) = row
                            .iter()
                            .zip(src)
                            .map(|(x, y)| x & y)
                            .enumerate()
                            .find(|(_, w)| *w != 0)
                            .expect("one hit");
                        add(wi * 64 + word.trailing_zeros() as usize);
                    }
                    _ => {}
                }
            }
        }
        std::mem::swap(&mut g, &mut gp);
    }
    Ok(StGrad { grad: g, saturated })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interp::soft_rounds;
    use crate::program::{Relation, Revise};
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// A random program: `n` variables of widths 1..=maxw, random relations
    /// (density varies, rows may be empty or full), random instructions
    /// (several may share a target, sources may equal targets).
    fn random_program(rng: &mut ChaCha8Rng, n: usize, maxw: usize, ninstr: usize) -> Program {
        let widths: Vec<usize> = (0..n).map(|_| rng.gen_range(1..=maxw)).collect();
        let mut relations = Vec::new();
        let mut instructions = Vec::new();
        for _ in 0..ninstr {
            let t = rng.gen_range(0..n);
            let s = rng.gen_range(0..n);
            let dens: f64 = rng.gen_range(0.0..1.0);
            let bits: Vec<bool> = (0..64 * 64).map(|_| rng.gen_bool(dens)).collect();
            let r = Relation::from_fn(widths[t], widths[s], |a, b| bits[a * 64 + b]);
            relations.push(r);
            instructions.push(Revise { target: t as u32, source: s as u32, relation: (relations.len() - 1) as u32 });
        }
        Program::new(widths, relations, instructions).unwrap()
    }

    /// Random soft domains with a share of exact 0s and 1s.
    fn random_domains(rng: &mut ChaCha8Rng, widths: &[usize]) -> Domains<Prob<f64>> {
        let vals: Vec<f64> = (0..widths.len() * 64)
            .map(|_| match rng.gen_range(0..5) {
                0 => 0.0,
                1 => 1.0,
                _ => rng.gen_range(0.0..1.0),
            })
            .collect();
        Domains::from_probs(widths, |v, a| vals[v * 64 + a])
    }

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
            let n = rng.gen_range(1..6);
            let p = {
                let m = rng.gen_range(0..10);
                random_program(&mut rng, n, 7, m)
            };
            let d0 = random_domains(&mut rng, &p.widths);
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
                    let fd = (f(x + h) - f(x - h)) / (2.0 * h);
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
            let p = random_program(&mut rng, 5, 6, 9);
            let d0 = random_domains(&mut rng, &p.widths);
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
        let p = random_program(&mut rng, 2, 2, 1);
        let sg = SoftGrad::new(&p);
        let d0 = random_domains(&mut rng, &p.widths);
        assert_eq!(sg.forward(&d0, 3, Memory::Checkpoint { every: 0 }).unwrap_err(), GradError::ZeroInterval);
    }

    #[test]
    fn f32_gradient_close_to_f64() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let p = random_program(&mut rng, 5, 6, 10);
        let d0 = random_domains(&mut rng, &p.widths);
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

    fn hard_rounds(p: &Program, d0: &Domains<Boolean>, k: usize) -> Vec<Domains<Boolean>> {
        soft_rounds(p, d0, k)
    }

    fn check_st(p: &Program, d0: &Domains<Boolean>, k: usize, up_q: &[i32]) {
        let width = p.width();
        let rounds = hard_rounds(p, d0, k);
        let soft0: Domains<Prob<f64>> = d0.to_soft();
        let up: Vec<f64> = up_q.iter().map(|&x| from_q16_16(x)).collect();
        let sg = SoftGrad::new(p);
        let (out, g) = sg.value_and_grad(&soft0, k, Memory::Full, &up).unwrap();
        // The straight-through forward value is the hard result exactly.
        assert_eq!(out.support(), rounds[k]);
        assert_eq!(out, rounds[k].to_soft::<f64>());
        let st = st_backward_fixed(p, &rounds, up_q).unwrap();
        assert!(!st.saturated);
        assert_eq!(soft0.stride(), width);
        for (c, (&q, &f)) in st.grad.iter().zip(&g).enumerate() {
            assert_eq!(from_q16_16(q), f, "cell {c}");
        }
    }

    #[test]
    fn st_fixed_equals_soft_gradient_at_hard_points() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let mut nonzero = 0;
        for _ in 0..200 {
            let n = rng.gen_range(1..7);
            let p = {
                let m = rng.gen_range(0..14);
                random_program(&mut rng, n, 9, m)
            };
            let dens: f64 = rng.gen_range(0.2..1.0);
            let bits: Vec<bool> = (0..n * 64).map(|_| rng.gen_bool(dens)).collect();
            let d0: Domains<Boolean> = Domains::from_fn(&p.widths, |v, a| bits[v * 64 + a]);
            let k = rng.gen_range(0..5);
            let up: Vec<i32> = (0..n * p.width()).map(|_| rng.gen_range(-1 << 20..1 << 20)).collect();
            check_st(&p, &d0, k, &up);
            let st = st_backward_fixed(&p, &hard_rounds(&p, &d0, k), &up).unwrap();
            nonzero += st.grad.iter().filter(|&&x| x != 0).count();
        }
        assert!(nonzero > 100);
    }

    #[test]
    fn st_fixed_on_sudoku() {
        let puzzle = "4.....8.5.3..........7......2.....6.....8.4......1.......6.3.7.5..2.....1.4......";
        let net = crate::testing::sudoku(puzzle);
        let p = net.compile().unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        // Both the initial domains and a random full assignment (mostly
        // wiping out), which exercises the "exactly one failing" routes.
        let assign: Domains<Boolean> = Domains::from_fn(&p.widths, |v, a| {
            net.variables[v].domain.as_ref().map_or(a == (v * 7 + 3) % 9, |d| d.contains(&a))
        });
        for d0 in [net.initial_domains(), assign] {
            for k in [1, 3, 6] {
                let up: Vec<i32> = (0..81 * 9).map(|_| rng.gen_range(-1 << 16..1 << 16)).collect();
                check_st(&p, &d0, k, &up);
            }
        }
    }

    #[test]
    fn st_fixed_saturates() {
        // x0 and x1 both route into x2 through a `==` style relation.
        let r = Relation::from_fn(1, 1, |_, _| true);
        let p = Program::new(
            vec![1, 1, 1],
            vec![r],
            vec![Revise { target: 0, source: 2, relation: 0 }, Revise { target: 1, source: 2, relation: 0 }],
        )
        .unwrap();
        let d0: Domains<Boolean> = Domains::from_fn(&p.widths, |v, _| v != 2);
        let rounds = hard_rounds(&p, &d0, 1);
        let st = st_backward_fixed(&p, &rounds, &[i32::MAX, i32::MAX, 0]).unwrap();
        assert!(st.saturated);
        assert_eq!(st.grad[2], i32::MAX);
        let st = st_backward_fixed(&p, &rounds, &[i32::MIN, -5, 0]).unwrap();
        assert!(st.saturated);
        assert_eq!(st.grad[2], i32::MIN);
        let st = st_backward_fixed(&p, &rounds, &[7, -5, 0]).unwrap();
        assert!(!st.saturated);
        assert_eq!(st.grad, vec![0, 0, 2]);
        assert_eq!(st_backward_fixed(&p, &[], &[0; 3]).unwrap_err(), GradError::NoRounds { got: 0 });
        assert_eq!(st_backward_fixed(&p, &rounds, &[0; 2]).unwrap_err(), GradError::GradLen { got: 2, expected: 3 });
    }

    #[test]
    fn q16_16_conversion() {
        assert_eq!(to_q16_16(1.0), 65536);
        assert_eq!(to_q16_16(-0.5), -32768);
        assert_eq!(to_q16_16(1e12), i32::MAX);
        assert_eq!(to_q16_16(f64::NAN), 0);
        assert_eq!(from_q16_16(98304), 1.5);
    }
}
