//! The training objective of one instance: relax the encoder's logits
//! (Gumbel-Softmax), propagate K rounds, score the propagated domains, and
//! differentiate all of it back to the logits.
//!
//! Relaxations: `one_hot` (Gumbel-Softmax per variable: a relaxed
//! assignment) or `subset` (binary Concrete per value: a relaxed domain).
//! Variables with a single starting value (givens) enter as exact one-hots.
//!
//! Modes:
//! * `soft`: the relaxed one-hots go through K soft rounds (`Prob<f64>`).
//! * `st` (straight-through): the hard one-hot of `argmax(z + g)` goes
//!   through K hard rounds; the backward pass is the soft gradient at that
//!   hard point (either in `f64`, or with the fixed-point route-and-add model
//!   of the hardware, `st_backward_fixed`, when `fixed_point` is set), then
//!   the soft Gumbel-Softmax backward at the current temperature. The
//!   fixed-point variant is [`straight_through_on_backend`] over a propagation backend (cpu
//!   here; `train --backend sim|serial` runs it on the simulated engine and
//!   gradient unit or on a board).
//!
//! Losses, on the propagated domains `d = d^K` of `n` variables, each divided
//! by `n`:
//! * survival `-sum_v ln(S_v + eps)`, `S_v = sum_a d_v[a]`. `eps` is added
//!   inside the log rather than used as a floor, so a wiped-out variable
//!   (`S_v = 0`, common at hard points) still gets a gradient (`-1/eps`).
//! * expected conflicts `sum_{constraints} sum_{a,b} d_x[a] d_y[b] [not R(a,b)]`
//!   (each revise instruction pair counted once).
//! * cross-entropy against a known solution, per value (binary: the
//!   solution's value should survive, every other value should be removed):
//!   `-sum_v [ln(d_v[sol_v] + eps) + sum_{a != sol_v} ln(1 - d_v[a] + eps)]`.
//!   (A normalised `d_v[sol_v] / S_v` would be minimised by wiping everything
//!   out, which is why it is not used.)

use super::task::Task;
use crate::backend::{Backend, BackendError, CpuBackend};
use semiring_core::grad::{Memory, SoftGrad};
use semiring_core::relax::{BinaryConcrete, GumbelSoftmax, Noise};
#[cfg(doc)]
use semiring_core::st_fixed::st_backward_fixed;
use semiring_core::st_fixed::{from_q16_16, to_q16_16};
use semiring_core::{Boolean, Domains, Prob};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Soft,
    St,
}

/// Weights of the three losses.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LossWeights {
    pub survival: f64,
    pub conflicts: f64,
    pub ce: f64,
    /// Added inside the logs.
    pub eps: f64,
}

impl LossWeights {
    /// Parses `survival`, `conflicts`, `ce` or a `+`-joined sum with optional
    /// weights, e.g. `survival+0.5*ce`; `none`: no propagation-aware loss (and no propagation).
    pub fn parse(s: &str) -> Result<LossWeights, String> {
        let mut w = LossWeights { survival: 0.0, conflicts: 0.0, ce: 0.0, eps: 1e-2 };
        if s.trim() == "none" {
            return Ok(w);
        }
        for term in s.split('+') {
            let (k, name) = match term.split_once('*') {
                Some((k, n)) => (k.trim().parse::<f64>().map_err(|e| format!("loss {s:?}: {e}"))?, n.trim()),
                None => (1.0, term.trim()),
            };
            match name {
                "survival" => w.survival += k,
                "conflicts" => w.conflicts += k,
                "ce" => w.ce += k,
                _ => return Err(format!("loss {s:?}: unknown term {name:?} (survival, conflicts, ce)")),
            }
        }
        Ok(w)
    }
}

/// How logits become starting domains.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum RelaxationKind {
    /// Gumbel-Softmax over each variable's values: a relaxed assignment.
    #[default]
    OneHot,
    /// Binary Concrete per value: a relaxed subset of each domain.
    Subset,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveConfig {
    pub mode: Mode,
    #[serde(default)]
    pub relax: RelaxationKind,
    pub k: usize,
    pub loss: LossWeights,
    /// Straight-through backward through the fixed-point model.
    pub fixed_point: bool,
    /// Checkpoint interval for the soft backward (0: keep every round).
    pub checkpoint_every: usize,
    /// Soft mode: a soft all-different group step after every round
    /// ([`crate::train::group_middle::GroupRounds`]).
    #[serde(default)]
    pub group_rule: bool,
}

impl ObjectiveConfig {
    /// What the soft forward keeps for its backward: every round, or every `checkpoint_every`-th.
    pub fn memory(&self) -> Memory {
        match self.checkpoint_every {
            0 => Memory::Full,
            every => Memory::Checkpoint { every },
        }
    }
}

/// What one instance contributed.
#[derive(Clone, Debug, Default)]
pub struct Sample {
    pub loss: f64,
    /// `dL/dlogits`, `n x width`.
    pub grad: Vec<f64>,
    /// The fixed-point backward saturated.
    pub saturated: bool,
}

enum Relaxed {
    OneHot(GumbelSoftmax),
    Subset(BinaryConcrete),
}

/// Loss on `d` and `dL/dd`, as described in the module documentation.
pub fn loss_and_grad(task: &Task, d: &Domains<Prob<f64>>, w: &LossWeights) -> (f64, Vec<f64>) {
    let n = task.num_vars();
    let stride = d.stride();
    let inv = 1.0 / n as f64;
    let mut g = vec![0.0; d.cells.len()];
    let mut loss = 0.0;
    let sums: Vec<f64> = (0..n).map(|v| d.var(v)[..task.program().widths[v]].iter().sum()).collect();
    if w.survival != 0.0 {
        for v in 0..n {
            loss -= w.survival * inv * (sums[v] + w.eps).ln();
            let gv = -w.survival * inv / (sums[v] + w.eps);
            for a in 0..task.program().widths[v] {
                g[v * stride + a] += gv;
            }
        }
    }
    if w.conflicts != 0.0 {
        let c = 0.5 * w.conflicts * inv;
        for ins in &task.program().instructions {
            let (t, s) = (ins.target as usize, ins.source as usize);
            let rel = &task.program().relations[ins.relation as usize];
            let cols = rel.cols();
            for a in 0..rel.rows() {
                let dta = d.var(t)[a];
                // Iterate the disallowed pairs only (for `!=` there is one per row).
                for (wi, &word) in rel.row(a).iter().enumerate() {
                    let valid = if (wi + 1) * 64 <= cols { u64::MAX } else { (1u64 << (cols - wi * 64)) - 1 };
                    let mut bits = !word & valid;
                    while bits != 0 {
                        let b = wi * 64 + bits.trailing_zeros() as usize;
                        bits &= bits - 1;
                        let dsb = d.var(s)[b];
                        loss += c * dta * dsb;
                        g[t * stride + a] += c * dsb;
                        g[s * stride + b] += c * dta;
                    }
                }
            }
        }
    }
    if w.ce != 0.0 {
        if let Some(sol) = &task.solution {
            for v in 0..n {
                for a in 0..task.program().widths[v] {
                    let x = d.var(v)[a];
                    if a == sol[v] {
                        loss -= w.ce * inv * (x + w.eps).ln();
                        g[v * stride + a] -= w.ce * inv / (x + w.eps);
                    } else {
                        loss -= w.ce * inv * (1.0 - x + w.eps).ln();
                        g[v * stride + a] += w.ce * inv / (1.0 - x + w.eps);
                    }
                }
            }
        }
    }
    (loss, g)
}

/// The relaxed starting domains of one sample, and what their backward pass needs.
pub struct Start {
    /// `d^0`: relaxed (soft mode) or hard 0/1 (straight-through) values; givens exact one-hots.
    pub d0: Domains<Prob<f64>>,
    relaxed: Vec<Option<Relaxed>>,
}

/// Relaxes `logits` with noise into starting domains (see the module docs).
pub fn relax(task: &Task, logits: &[f64], tau: f64, cfg: &ObjectiveConfig, noise: &mut Noise) -> Start {
    let n = task.num_vars();
    let width = task.width;
    let mut relaxed: Vec<Option<Relaxed>> = Vec::with_capacity(n);
    let mut d0: Domains<Prob<f64>> = Domains::from_probs(&task.program().widths, |_, _| 0.0);
    for v in 0..n {
        let allowed = &task.allowed[v];
        if allowed.len() == 1 {
            d0.var_mut(v)[allowed[0]] = 1.0;
            relaxed.push(None);
            continue;
        }
        let z: Vec<f64> = allowed.iter().map(|&a| logits[v * width + a]).collect();
        let row = d0.var_mut(v);
        match cfg.relax {
            RelaxationKind::OneHot => {
                let gs = GumbelSoftmax::sample(&z, tau, noise);
                match cfg.mode {
                    Mode::Soft => {
                        for (i, &a) in allowed.iter().enumerate() {
                            row[a] = gs.soft[i];
                        }
                    }
                    Mode::St => row[allowed[gs.hard]] = 1.0,
                }
                relaxed.push(Some(Relaxed::OneHot(gs)));
            }
            RelaxationKind::Subset => {
                let bc = BinaryConcrete::sample(&z, tau, noise);
                for (i, &a) in allowed.iter().enumerate() {
                    row[a] = match cfg.mode {
                        Mode::Soft => bc.soft[i],
                        Mode::St => bc.hard[i] as u8 as f64,
                    };
                }
                relaxed.push(Some(Relaxed::Subset(bc)));
            }
        }
    }
    Start { d0, relaxed }
}

/// `dL/dlogits` from `g0 = dL/d d^0` (the relaxation's backward at its temperature; givens get 0).
pub fn relax_backward(task: &Task, start: &Start, g0: &[f64]) -> Vec<f64> {
    let width = task.width;
    let mut grad = vec![0.0; task.num_vars() * width];
    for (v, r) in start.relaxed.iter().enumerate() {
        if let Some(r) = r {
            let allowed = &task.allowed[v];
            let gy: Vec<f64> = allowed.iter().map(|&a| g0[v * width + a]).collect();
            let gzs = match r {
                Relaxed::OneHot(gs) => gs.backward(&gy),
                Relaxed::Subset(bc) => bc.backward(&gy),
            };
            for (i, gz) in gzs.into_iter().enumerate() {
                grad[v * width + allowed[i]] = gz;
            }
        }
    }
    grad
}

/// What the straight-through middle of a sample returns: the loss on the hard `d^K`, `dL/d d^0`
/// (from the Q16.16 backward), and whether the backward saturated.
pub struct StMiddle {
    pub loss: f64,
    pub g0: Vec<f64>,
    pub saturated: bool,
}

/// The straight-through middle on a propagation backend: K hard rounds from the hard `d0` with
/// every round's bitmasks kept ([`Backend::hard_rounds`]), the loss on `d^K` and its gradient
/// rounded to Q16.16 on the host ([`to_q16_16`]), the backward through the kept rounds on the
/// backend ([`Backend::st_backward`], the contract of [`st_backward_fixed`]), and the result
/// back to `f64` (exact). Every backend that matches semiring-core bit for bit gives the same
/// numbers, so the loss curve does not depend on where this runs.
pub fn straight_through_on_backend(
    backend: &mut dyn Backend,
    task: &Task,
    d0: &Domains<Boolean>,
    cfg: &ObjectiveConfig,
) -> Result<StMiddle, BackendError> {
    let rounds = backend.hard_rounds(task.program(), d0, cfg.k)?;
    let dk: Domains<Prob<f64>> = rounds[cfg.k].to_soft();
    let (loss, up) = loss_and_grad(task, &dk, &cfg.loss);
    let upq: Vec<i32> = up.iter().map(|&x| to_q16_16(x)).collect();
    let st = backend.st_backward(task.program(), &rounds, &upq)?;
    Ok(StMiddle { loss, g0: st.grad.iter().map(|&q| from_q16_16(q)).collect(), saturated: st.saturated })
}

impl LossWeights {
    /// No propagation-aware loss at all (supervised training on the encoder's own logits).
    pub fn is_zero(&self) -> bool {
        self.survival == 0.0 && self.conflicts == 0.0 && self.ce == 0.0
    }
}

/// The middle of a training step, for the whole batch: from each instance's relaxed starting
/// domains `d^0` to its loss on `d^K` and `dL/d d^0` ([`StMiddle`]). The training loop
/// ([`crate::train::train_step`]) is the same for every middle: encoder and relaxation before,
/// relaxation backward and encoder backward after. A soft group rule (the differentiable
/// all-different reasoning) plugs in as one more implementation of this trait.
pub trait MiddleStep {
    fn name(&self) -> &'static str;
    /// One result per `(task, start)`, in order.
    fn run(
        &mut self,
        batch: &[(&Task, &Start)],
        cfg: &ObjectiveConfig,
        threads: usize,
    ) -> Result<Vec<StMiddle>, BackendError>;
}

/// No propagation in the loss: loss 0 and no gradient (the encoder's per-step
/// cross-entropy is the whole objective).
pub struct NoPropagation;
impl MiddleStep for NoPropagation {
    fn name(&self) -> &'static str {
        "none"
    }
    fn run(&mut self, batch: &[(&Task, &Start)], _: &ObjectiveConfig, _: usize) -> Result<Vec<StMiddle>, BackendError> {
        Ok(batch
            .iter()
            .map(|(_, s)| StMiddle { loss: 0.0, g0: vec![0.0; s.d0.cells.len()], saturated: false })
            .collect())
    }
}

/// K soft rounds in `f64` and their exact reverse mode. A batch whose instances share one
/// program (every Sudoku of one size) runs on the batched kernels of semiring-core
/// ([`semiring_core::batch::BatchProgram::value_and_grad`], bit-identical to the per-instance
/// [`SoftGrad`] with `Memory::Full`); otherwise, or with round checkpointing, each instance
/// runs [`SoftGrad`] on its own.
pub struct SoftRounds;
impl MiddleStep for SoftRounds {
    fn name(&self) -> &'static str {
        "soft"
    }
    fn run(
        &mut self,
        batch: &[(&Task, &Start)],
        cfg: &ObjectiveConfig,
        threads: usize,
    ) -> Result<Vec<StMiddle>, BackendError> {
        let Some((first, _)) = batch.first() else { return Ok(Vec::new()) };
        let shared = batch.iter().all(|(t, _)| std::sync::Arc::ptr_eq(&t.shared, &first.shared));
        if shared && cfg.checkpoint_every == 0 {
            let inputs: Vec<Domains<Prob<f64>>> = batch.iter().map(|(_, s)| s.d0.clone()).collect();
            let (outs, grads) = first
                .shared
                .batch()
                .value_and_grad::<f64, _>(&inputs, cfg.k, threads, |i, d, g| {
                    g.copy_from_slice(&loss_and_grad(batch[i].0, d, &cfg.loss).1)
                })
                .expect("the batch matches its program");
            return Ok(batch
                .iter()
                .zip(outs.iter().zip(grads))
                .map(|((t, _), (d, g0))| StMiddle { loss: loss_and_grad(t, d, &cfg.loss).0, g0, saturated: false })
                .collect());
        }
        let memory = cfg.memory();
        Ok(super::par_map(batch, threads, |(t, s)| {
            let sg = SoftGrad::new(t.program());
            let fwd = sg.forward(&s.d0, cfg.k, memory).expect("valid domains");
            let (loss, up) = loss_and_grad(t, &fwd.output, &cfg.loss);
            StMiddle { loss, g0: sg.backward(&fwd, &up).expect("gradient shape"), saturated: false }
        }))
    }
}

/// Straight-through in fixed point on a propagation backend ([`straight_through_on_backend`]), one instance
/// after another (the board in the loop; [`CpuBackend`] on the host).
pub struct OnBackend<'b>(pub &'b mut dyn Backend);
impl MiddleStep for OnBackend<'_> {
    fn name(&self) -> &'static str {
        "backend"
    }
    fn run(
        &mut self,
        batch: &[(&Task, &Start)],
        cfg: &ObjectiveConfig,
        _: usize,
    ) -> Result<Vec<StMiddle>, BackendError> {
        batch.iter().map(|(t, s)| straight_through_on_backend(self.0, t, &s.d0.support(), cfg)).collect()
    }
}

/// [`OnBackend`] on the [`CpuBackend`] (semiring-core's fixed-point model), in parallel.
pub struct OnCpu;
impl MiddleStep for OnCpu {
    fn name(&self) -> &'static str {
        "cpu"
    }
    fn run(
        &mut self,
        batch: &[(&Task, &Start)],
        cfg: &ObjectiveConfig,
        threads: usize,
    ) -> Result<Vec<StMiddle>, BackendError> {
        super::par_map(batch, threads, |(t, s)| straight_through_on_backend(&mut CpuBackend, t, &s.d0.support(), cfg))
            .into_iter()
            .collect()
    }
}

/// Relaxes `logits` with noise, propagates, scores and back-propagates (all on the CPU).
pub fn sample(task: &Task, logits: &[f64], tau: f64, cfg: &ObjectiveConfig, noise: &mut Noise) -> Sample {
    let start = relax(task, logits, tau, cfg, noise);
    let sg = SoftGrad::new(task.program());
    let memory = cfg.memory();
    let mut saturated = false;
    let (loss, g0) = if cfg.mode == Mode::St && cfg.fixed_point {
        let m = straight_through_on_backend(&mut CpuBackend, task, &start.d0.support(), cfg)
            .expect("shapes match the program");
        saturated = m.saturated;
        (m.loss, m.g0)
    } else {
        let fwd = sg.forward(&start.d0, cfg.k, memory).expect("valid domains");
        let (loss, up) = loss_and_grad(task, &fwd.output, &cfg.loss);
        (loss, sg.backward(&fwd, &up).expect("gradient shape"))
    };
    Sample { loss, grad: relax_backward(task, &start, &g0), saturated }
}

#[cfg(test)]
mod tests {
    use super::*;
    use semiring_core::network::{Constraint, Network, RelationSpec};

    fn task() -> Task {
        let mut net = Network::with_vars(4, 3);
        net.variables[0].domain = Some(vec![2]);
        for (x, y) in [(0, 1), (1, 2), (2, 3), (1, 3)] {
            net.constraints.push(Constraint::Binary { scope: [x, y], relation: RelationSpec::Ne });
        }
        Task::from_network("t".into(), net, Some(vec![2, 0, 1, 2])).unwrap()
    }

    /// The whole soft objective (fixed noise) against central differences
    /// in the logits, for each loss and K.
    #[test]
    fn soft_objective_gradient_check() {
        let t = task();
        let logits: Vec<f64> = (0..12).map(|i| (i as f64 * 1.3).sin()).collect();
        for (loss, relax) in [
            ("survival", RelaxationKind::OneHot),
            ("conflicts", RelaxationKind::OneHot),
            ("ce", RelaxationKind::OneHot),
            ("survival+0.5*ce+conflicts", RelaxationKind::OneHot),
            ("survival+0.5*ce+conflicts", RelaxationKind::Subset),
        ] {
            for k in [0, 1, 3] {
                let cfg = ObjectiveConfig {
                    mode: Mode::Soft,
                    relax,
                    k,
                    loss: LossWeights::parse(loss).unwrap(),
                    fixed_point: false,
                    checkpoint_every: 0,
                    group_rule: false,
                };
                let s = sample(&t, &logits, 0.7, &cfg, &mut Noise::new(3));
                let h = 1e-6;
                for i in 0..12 {
                    let f = |d: f64| {
                        let mut z = logits.clone();
                        z[i] += d;
                        sample(&t, &z, 0.7, &cfg, &mut Noise::new(3)).loss
                    };
                    let fd = (f(h) - f(-h)) / (2.0 * h);
                    assert!(
                        (fd - s.grad[i]).abs() < 1e-6 * fd.abs().max(1.0),
                        "{loss} k={k} i={i}: {fd} vs {}",
                        s.grad[i]
                    );
                }
            }
        }
    }

    /// Straight-through: the forward value is the hard result, and the fixed
    /// point backward agrees with the f64 one (upstream gradients here are
    /// not multiples of 2^-16, so up to Q16.16 rounding).
    #[test]
    fn straight_through_fixed_matches_float() {
        let t = task();
        let logits: Vec<f64> = (0..12).map(|i| (i as f64 * 0.7).cos()).collect();
        for seed in 0..20 {
            let mut cfg = ObjectiveConfig {
                mode: Mode::St,
                relax: if seed % 2 == 0 { RelaxationKind::OneHot } else { RelaxationKind::Subset },
                k: 2,
                loss: LossWeights::parse("survival+conflicts").unwrap(),
                fixed_point: false,
                checkpoint_every: 0,
                group_rule: false,
            };
            let a = sample(&t, &logits, 0.5, &cfg, &mut Noise::new(seed));
            cfg.fixed_point = true;
            let b = sample(&t, &logits, 0.5, &cfg, &mut Noise::new(seed));
            assert_eq!(a.loss, b.loss);
            for (x, y) in a.grad.iter().zip(&b.grad) {
                assert!((x - y).abs() < 1e-3, "{x} vs {y}");
            }
        }
        assert!(LossWeights::parse("survival+foo").unwrap_err().contains("unknown term"));
    }
}
