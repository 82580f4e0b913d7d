//! Colouring by a population of relaxed assignments.
//!
//! Each replica `r` holds free logits `theta[v][c]` (vertex `v`, colour `c`) and one multiplier
//! `w_e >= 1` per edge. One *gradient step* of a replica (the defaults in brackets):
//!
//! 1. Gumbel-Softmax sample: `p_v = softmax((theta_v + sigma * g_v) / tau)` with fresh Gumbel
//!    noise `g` from the replica's own random stream (`sigma` = 1; `tau` decays geometrically
//!    from `tau0` to `tau_min` since the replica's last (re)start).
//! 2. The forward assignment `q`: `q_v = onehot(argmax p_v)` (hard, straight-through \[default\];
//!    the argmax does not depend on `tau`), or `q = p` (soft).
//! 3. The objective: the multiplier-weighted expected number of conflicting edges
//!    `L(q) = sum over edges e = (u, v) of w_e * q_u . q_v`, plus, with `rounds = K > 0`,
//!    `prop_weight * sum_v (1 - sum_c d_v^K(c))`, the mass that `K` rounds of soft propagation of
//!    the `!=` network remove from `q` (the kernel's batched fast path,
//!    [`semiring_core::batch::BatchProgram::value_and_grad`], the whole population in one batch).
//! 4. Its gradient with respect to the assignment, `dL/dq_v = sum over neighbours u of w_e q_u`
//!    (plus the kernel's gradient).
//! 5. The update of the logits, one of
//!    * `mirror` \[default\]: `theta_v -= lr * (dL/dq_v + shrink * theta_v)` (lr 1, shrink 0.3):
//!      mirror descent on the simplex (exponentiated gradient; the step is taken in the logits,
//!      with the gradient with respect to `q` passed straight through), `shrink` an entropy-like
//!      pull that keeps the logits finite;
//!    * `adam` / `momentum`: the gradient through the softmax Jacobian,
//!      `dL/dtheta_vc = p_vc (dL/dq_vc - p_v . dL/dq_v) / tau`, and Adam or heavy-ball momentum.
//! 6. Dual ascent on the multipliers: every multiplier relaxes towards 1,
//!    `w_e = 1 + (w_e - 1) * (1 - dual_decay)`, and an edge whose ends share a colour in the
//!    forward assignment gains `dual_lr`: a Lagrangian-style reweighting that makes persistently
//!    violated edges cost more. The replicas cycle through a portfolio of `(dual_lr,
//!    dual_decay)` pairs ([`PORTFOLIO`]).
//!
//! After every step the replica's *hard rounding* `argmax_c theta_v` (no noise) is scored by
//! counting conflicting edges; the fewest seen is the replica's best. Every `epoch` steps (20)
//! the population synchronises (serially, in replica order): a replica whose best has not
//! improved for `patience` steps (2000) is re-seeded from the logits of the population's best
//! rounding plus fresh Gumbel noise (scale 0.5), its optimizer state and temperature reset; with
//! `repair` on, each replica's current rounding is also handed to the greedy min-conflicts repair
//! ([`semiring_core::search::coloring::repair`], a local search, not a gradient step), whose
//! results are recorded separately ([`FoundBy`]) so a report says whether the gradient rounding
//! itself or the repair reached 0 conflicts.
//!
//! Determinism: each replica's noise comes from its own ChaCha stream seeded by
//! `(seed, replica)`, the synchronisation is serial, and the kernel's batched gradient equals the
//! per-instance one bit for bit, so a run with a step limit replays exactly whatever the thread
//! count (a time limit ends it at a synchronisation that depends on the machine).

use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use semiring_core::batch::BatchProgram;
use semiring_core::program::Program;
use semiring_core::search::coloring::{repair, Adjacency};
use semiring_core::semiring::Soft;
use semiring_core::Domains;
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

/// Forward of the relaxed assignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Forward {
    /// The Gumbel-Softmax probabilities.
    Soft,
    /// Straight-through: the one-hot argmax forward, the softmax gradient backward.
    Hard,
}

/// The default `(dual_lr, dual_decay)` of replicas 0, 1, 2, 3, 4, ...: short memories suit
/// le450_15a and the queen graphs, longer ones the le450_5 graphs (seeded 6-10 s runs).
pub const PORTFOLIO: [(f32, f32); 4] = [(0.3, 0.01), (1.0, 0.05), (1.0, 0.02), (0.6, 0.03)];

/// The update of the logits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Optimizer {
    Adam,
    /// Heavy-ball momentum 0.9 on the raw gradient.
    Momentum,
    /// Mirror descent on the simplex (exponentiated gradient): `theta -= lr * (dL/dq + shrink *
    /// theta)`, the gradient with respect to the assignment itself rather than through the
    /// softmax Jacobian; `shrink` keeps the logits finite (an entropy-like pull).
    Mirror,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PopulationConfig {
    pub k: usize,
    pub population: usize,
    pub forward: Forward,
    /// Soft propagation rounds in the objective (0: expected conflicts only).
    pub rounds: usize,
    /// Weight of the propagation term.
    pub prop_weight: f32,
    pub lr: f32,
    pub tau0: f32,
    pub tau_min: f32,
    /// Per-step factor of the temperature.
    pub decay: f32,
    /// Scale of the Gumbel noise.
    pub noise: f32,
    /// Steps between synchronisations.
    pub epoch: u64,
    /// Steps without improvement before a replica is re-seeded (0: never).
    pub patience: u64,
    pub reseed_noise: f32,
    /// Greedy min-conflicts repair of each replica's best rounding at every synchronisation.
    pub repair: bool,
    /// Dual ascent on per-edge multipliers: an edge conflicting in the forward assignment gets
    /// `dual_lr` more weight in the objective (0: plain expected conflicts), and every step each
    /// multiplier relaxes towards 1 (`w = 1 + (w - 1) * (1 - dual_decay)`), so old conflicts are
    /// forgotten. `duals[i % len]` = `(dual_lr, dual_decay)` of replica `i`: a portfolio, since
    /// the best memory length differs between graphs.
    pub duals: Vec<(f32, f32)>,
    pub optimizer: Optimizer,
    /// The mirror step's pull of the logits towards 0.
    pub shrink: f32,
    /// Gradient steps per replica (upper bound; the time limit usually ends the run first).
    pub max_steps: u64,
    pub time_limit: Duration,
    pub seed: u64,
    pub threads: usize,
}

impl PopulationConfig {
    pub fn new(k: usize) -> PopulationConfig {
        PopulationConfig {
            k,
            population: 4,
            forward: Forward::Hard,
            rounds: 0,
            prop_weight: 1.0,
            lr: 1.0,
            tau0: 1.0,
            tau_min: 0.1,
            decay: 0.999,
            noise: 1.0,
            epoch: 20,
            patience: 2000,
            reseed_noise: 0.5,
            repair: true,
            duals: PORTFOLIO.to_vec(),
            optimizer: Optimizer::Mirror,
            shrink: 0.3,
            max_steps: u64::MAX,
            time_limit: Duration::from_secs(30),
            seed: 0,
            threads: 2,
        }
    }
}

/// Which part produced the best assignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FoundBy {
    /// The hard rounding of a replica's logits after a gradient step.
    Gradient,
    /// The greedy repair of a rounding.
    Repair,
}

/// One synchronisation point of the history.
#[derive(Clone, Debug, Serialize)]
pub struct PopulationPoint {
    pub step: u64,
    pub seconds: f64,
    /// Fewest conflicts of any gradient rounding so far.
    pub best_gradient: usize,
    /// Fewest after repair so far (equal to `best_gradient` without repair).
    pub best: usize,
    /// Mean over replicas of the conflicts of the current rounding.
    pub mean_current: f64,
    pub mean_tau: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct PopulationResult {
    /// The best assignment (fewest conflicts; colours `0..k`).
    pub best: Vec<usize>,
    pub best_conflicts: usize,
    pub found_by: FoundBy,
    /// Fewest conflicts of a gradient rounding alone (no repair).
    pub best_gradient_conflicts: usize,
    /// Logits of the replica at its best rounding (`v * k + c`).
    #[serde(skip)]
    pub best_logits: Vec<f32>,
    /// Seconds until the best was first reached.
    pub best_seconds: f64,
    pub steps: u64,
    pub reseeds: u64,
    pub seconds: f64,
    /// Seconds in the kernel's batched propagation (forward + backward), when `rounds > 0`.
    pub kernel_seconds: f64,
    pub history: Vec<PopulationPoint>,
}

/// Adjacency with edge indices, for the per-edge multipliers.
pub struct EdgeAdjacency {
    start: Vec<usize>,
    /// `(neighbour, edge index)`.
    entries: Vec<(u32, u32)>,
}

impl EdgeAdjacency {
    pub fn new(g: &Adjacency) -> EdgeAdjacency {
        let n = g.vertices();
        let mut lists = vec![Vec::new(); n];
        for (e, &(u, v)) in g.edges.iter().enumerate() {
            lists[u].push((v as u32, e as u32));
            lists[v].push((u as u32, e as u32));
        }
        let mut start = vec![0];
        let mut entries = Vec::new();
        for l in lists {
            entries.extend(l);
            start.push(entries.len());
        }
        EdgeAdjacency { start, entries }
    }
    fn of(&self, v: usize) -> &[(u32, u32)] {
        &self.entries[self.start[v]..self.start[v + 1]]
    }
}

struct Replica {
    theta: Vec<f32>,
    /// Per-edge multipliers of the objective, and this replica's `(dual_lr, dual_decay)`.
    w: Vec<f32>,
    dual: (f32, f32),
    /// Forward colour per vertex (the argmax of the Gumbel-perturbed logits).
    sample: Vec<usize>,
    m: Vec<f32>,
    v: Vec<f32>,
    /// Adam's step count since the last (re)start.
    t: u64,
    rng: ChaCha8Rng,
    /// Softmax probabilities and forward assignment of the current step.
    p: Vec<f32>,
    q: Vec<f32>,
    /// Upstream gradient on `q` from the kernel (propagation term), zero without.
    gq: Vec<f32>,
    loss: f64,
    current: Vec<usize>,
    current_conflicts: usize,
    best: Vec<usize>,
    best_conflicts: usize,
    best_theta: Vec<f32>,
    since_improvement: u64,
}

/// Gumbel quantiles at `(i + 1/2) / 2^16`: sampling an index uniformly draws from a 2^16-point
/// discretisation of the Gumbel distribution, two draws per 32 random bits (the exact sampler's
/// two logarithms per draw were most of a step's time).
fn gumbel_table() -> &'static [f32] {
    static TABLE: std::sync::OnceLock<Vec<f32>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..1u32 << 16)
            .map(|i| {
                let u = (i as f64 + 0.5) / 65536.0;
                -(-u.ln()).ln() as f32
            })
            .collect()
    })
}

fn gumbel(rng: &mut ChaCha8Rng) -> f32 {
    let u: f32 = rng.gen_range(f32::EPSILON..1.0);
    -(-u.ln()).ln()
}

impl Replica {
    fn new(n: usize, edges: usize, k: usize, seed: u64, index: usize) -> Replica {
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x9e37_79b9_7f4a_7c15u64.wrapping_mul(index as u64 + 1));
        let theta: Vec<f32> = (0..n * k).map(|_| 0.01 * gumbel(&mut rng)).collect();
        let mut r = Replica {
            w: vec![1.0; edges],
            dual: (0.0, 0.0),
            sample: vec![0; n],
            m: vec![0.0; n * k],
            v: vec![0.0; n * k],
            t: 0,
            p: vec![0.0; n * k],
            q: vec![0.0; n * k],
            gq: vec![0.0; n * k],
            loss: 0.0,
            current: vec![0; n],
            current_conflicts: usize::MAX,
            best: vec![0; n],
            best_conflicts: usize::MAX,
            best_theta: theta.clone(),
            since_improvement: 0,
            theta,
            rng,
        };
        r.best_theta.clone_from(&r.theta);
        r
    }

    fn tau(&self, cfg: &PopulationConfig) -> f32 {
        (cfg.tau0 * cfg.decay.powf(self.t as f32)).max(cfg.tau_min)
    }

    /// Phase 1: noise, softmax, forward assignment.
    fn sample(&mut self, k: usize, cfg: &PopulationConfig) {
        let tau = self.tau(cfg);
        let n = self.theta.len() / k;
        let table = gumbel_table();
        let hard = cfg.forward == Forward::Hard;
        // The mirror step with a hard forward needs only the sampled colours.
        let need_p = !(hard && cfg.optimizer == Optimizer::Mirror);
        let need_q = !hard || cfg.rounds > 0;
        let mut bits = 0u32;
        let mut y = vec![0f32; k];
        for v in 0..n {
            let row = v * k;
            let mut max = f32::NEG_INFINITY;
            let mut arg = 0;
            for c in 0..k {
                let i = if c % 2 == 0 {
                    bits = self.rng.next_u32();
                    bits >> 16
                } else {
                    bits & 0xffff
                };
                let x = (self.theta[row + c] + cfg.noise * table[i as usize]) / tau;
                y[c] = x;
                if x > max {
                    max = x;
                    arg = c;
                }
            }
            self.sample[v] = arg;
            if need_p {
                let mut z = 0f32;
                for c in 0..k {
                    let e = (y[c] - max).exp();
                    self.p[row + c] = e;
                    z += e;
                }
                for c in 0..k {
                    self.p[row + c] /= z;
                }
            }
            if need_q {
                for c in 0..k {
                    self.q[row + c] = if hard { f32::from(c == arg) } else { self.p[row + c] };
                }
            }
        }
    }

    /// Phase 2: gradient of the objective through the softmax, the optimizer step, the dual
    /// step, hard rounding.
    fn update(&mut self, g: &Adjacency, ea: &EdgeAdjacency, k: usize, cfg: &PopulationConfig) {
        let n = g.vertices();
        let tau = self.tau(cfg);
        let mut grad = vec![0f32; k];
        let mut loss = 0f64;
        self.t += 1;
        let (b1, b2) = (0.9f32, 0.999f32);
        let c1 = 1.0 - b1.powi(self.t.min(10_000) as i32);
        let c2 = 1.0 - b2.powi(self.t.min(10_000) as i32);
        let hard = cfg.forward == Forward::Hard;
        for v in 0..n {
            let row = v * k;
            grad.iter_mut().zip(&self.gq[row..row + k]).for_each(|(a, &b)| *a = b);
            if hard {
                // A one-hot neighbour adds its multiplier to one colour only.
                for &(u, e) in ea.of(v) {
                    grad[self.sample[u as usize]] += self.w[e as usize];
                }
                loss += 0.5 * (grad[self.sample[v]] - self.gq[row + self.sample[v]]) as f64;
            } else {
                for &(u, e) in ea.of(v) {
                    let (qu, w) = (&self.q[u as usize * k..u as usize * k + k], self.w[e as usize]);
                    for c in 0..k {
                        grad[c] += w * qu[c];
                    }
                }
                for c in 0..k {
                    loss += 0.5 * (self.q[row + c] * (grad[c] - self.gq[row + c])) as f64;
                }
            }
            if cfg.optimizer == Optimizer::Mirror {
                for c in 0..k {
                    let i = row + c;
                    self.theta[i] -= cfg.lr * (grad[c] + cfg.shrink * self.theta[i]);
                }
                continue;
            }
            let p = &self.p[row..row + k];
            let mut mean = 0f32;
            for c in 0..k {
                mean += p[c] * grad[c];
            }
            for c in 0..k {
                let d = p[c] * (grad[c] - mean) / tau;
                let i = row + c;
                match cfg.optimizer {
                    Optimizer::Adam => {
                        self.m[i] = b1 * self.m[i] + (1.0 - b1) * d;
                        self.v[i] = b2 * self.v[i] + (1.0 - b2) * d * d;
                        self.theta[i] -= cfg.lr * (self.m[i] / c1) / ((self.v[i] / c2).sqrt() + 1e-8);
                    }
                    Optimizer::Momentum | Optimizer::Mirror => {
                        self.m[i] = 0.9 * self.m[i] + d;
                        self.theta[i] -= cfg.lr * self.m[i];
                    }
                }
            }
        }
        self.loss = loss;
        for v in 0..n {
            let row = &self.theta[v * k..v * k + k];
            let mut arg = 0;
            for c in 1..k {
                if row[c] > row[arg] {
                    arg = c;
                }
            }
            self.current[v] = arg;
        }
        self.current_conflicts = g.conflicts(&self.current);
        let (dual_lr, dual_decay) = self.dual;
        if dual_lr > 0.0 {
            let forward = if hard { &self.sample } else { &self.current };
            let keep = 1.0 - dual_decay;
            for (w, &(u, v)) in self.w.iter_mut().zip(&g.edges) {
                if dual_decay > 0.0 {
                    *w = 1.0 + (*w - 1.0) * keep;
                }
                if forward[u] == forward[v] {
                    *w += dual_lr;
                }
            }
        }
        if self.current_conflicts < self.best_conflicts {
            self.best_conflicts = self.current_conflicts;
            self.best.clone_from(&self.current);
            self.best_theta.clone_from(&self.theta);
            self.since_improvement = 0;
        } else {
            self.since_improvement += 1;
        }
    }

    fn restart_from(&mut self, theta: &[f32], scale: f32) {
        for (t, &s) in self.theta.iter_mut().zip(theta) {
            *t = s + scale * gumbel(&mut self.rng);
        }
        self.m.iter_mut().for_each(|x| *x = 0.0);
        self.v.iter_mut().for_each(|x| *x = 0.0);
        self.t = 0;
        self.since_improvement = 0;
        self.best_conflicts = usize::MAX;
    }
}

/// The propagation term's upstream gradient on every replica's `q`: `K` soft rounds of the
/// colouring program over the whole population in one batch; `d(sum of lost mass)/dq`.
pub fn propagation_grads(
    bp: &BatchProgram,
    widths: &[usize],
    k: usize,
    qs: &[&[f32]],
    rounds: usize,
    threads: usize,
) -> Vec<Vec<f32>> {
    let inputs: Vec<Domains<Soft<f32>>> = qs.iter().map(|q| Domains::from_probs(widths, |v, a| q[v * k + a])).collect();
    let (_, grads) = bp
        .value_and_grad(&inputs, rounds, threads, |_, _, g: &mut [f32]| g.iter_mut().for_each(|x| *x = -1.0))
        .expect("inputs built from the program's widths");
    grads
        .into_iter()
        .zip(&inputs)
        .map(|(g, d)| {
            let stride = d.stride();
            let n = widths.len();
            let mut out = vec![0f32; n * k];
            for v in 0..n {
                out[v * k..v * k + k].copy_from_slice(&g[v * stride..v * stride + k]);
            }
            out
        })
        .collect()
}

/// Runs the population on `g` with `cfg.k` colours. `program` is the graph's `!=` network
/// (no symmetry breaking), needed only when `cfg.rounds > 0`. Stops at 0 conflicts, the
/// time limit or `max_steps`.
pub fn run(g: &Adjacency, program: Option<&Program>, cfg: &PopulationConfig) -> PopulationResult {
    let start = Instant::now();
    let n = g.vertices();
    let k = cfg.k;
    let mut reps: Vec<Replica> = (0..cfg.population)
        .map(|i| {
            let mut r = Replica::new(n, g.edges.len(), k, cfg.seed, i);
            if !cfg.duals.is_empty() {
                r.dual = cfg.duals[i % cfg.duals.len()];
            }
            r
        })
        .collect();
    let ea = EdgeAdjacency::new(g);
    let ea = &ea;
    let bp = (cfg.rounds > 0).then(|| BatchProgram::new(program.expect("rounds > 0 needs the program")));
    let widths = vec![k; n];
    let mut best: Vec<usize> = vec![0; n];
    let mut best_conflicts = usize::MAX;
    let mut best_gradient = usize::MAX;
    let mut best_logits = vec![0f32; n * k];
    let mut best_seconds = 0.0;
    let mut found_by = FoundBy::Gradient;
    let mut history = Vec::new();
    let mut steps = 0u64;
    let mut reseeds = 0u64;
    let mut kernel = Duration::ZERO;
    let epoch = cfg.epoch.max(1);
    'outer: while steps < cfg.max_steps {
        let todo = epoch.min(cfg.max_steps - steps);
        match &bp {
            None => semiring_core::par::par_for_each_mut(&mut reps, cfg.threads, |r| {
                for _ in 0..todo {
                    r.sample(k, cfg);
                    r.update(g, ea, k, cfg);
                    if r.current_conflicts == 0 {
                        break;
                    }
                }
            }),
            Some(bp) => {
                for _ in 0..todo {
                    semiring_core::par::par_for_each_mut(&mut reps, cfg.threads, |r| r.sample(k, cfg));
                    let t = Instant::now();
                    let qs: Vec<&[f32]> = reps.iter().map(|r| r.q.as_slice()).collect();
                    let grads = propagation_grads(bp, &widths, k, &qs, cfg.rounds, cfg.threads);
                    kernel += t.elapsed();
                    for (r, gq) in reps.iter_mut().zip(grads) {
                        r.gq = gq.into_iter().map(|x| x * cfg.prop_weight).collect();
                    }
                    semiring_core::par::par_for_each_mut(&mut reps, cfg.threads, |r| r.update(g, ea, k, cfg));
                    if reps.iter().any(|r| r.current_conflicts == 0) {
                        break;
                    }
                }
            }
        }
        steps += todo;
        // Synchronise, in replica order.
        let seconds = start.elapsed().as_secs_f64();
        for r in &reps {
            if r.best_conflicts < best_gradient {
                best_gradient = r.best_conflicts;
            }
            if r.best_conflicts < best_conflicts {
                best_conflicts = r.best_conflicts;
                best.clone_from(&r.best);
                best_logits.clone_from(&r.best_theta);
                best_seconds = seconds;
                found_by = FoundBy::Gradient;
            }
        }
        if cfg.repair && best_conflicts > 0 {
            for r in &reps {
                let fixed = repair(g, k, &r.current);
                if fixed.conflicts < best_conflicts {
                    best_conflicts = fixed.conflicts;
                    best = fixed.colors;
                    best_logits.clone_from(&r.theta);
                    best_seconds = start.elapsed().as_secs_f64();
                    found_by = FoundBy::Repair;
                }
            }
        }
        let mean_current = reps.iter().map(|r| r.current_conflicts as f64).sum::<f64>() / reps.len() as f64;
        let mean_tau = reps.iter().map(|r| r.tau(cfg) as f64).sum::<f64>() / reps.len() as f64;
        history.push(PopulationPoint {
            step: steps,
            seconds: start.elapsed().as_secs_f64(),
            best_gradient,
            best: best_conflicts,
            mean_current,
            mean_tau,
        });
        if best_conflicts == 0 || start.elapsed() >= cfg.time_limit {
            break 'outer;
        }
        if cfg.patience > 0 {
            // The elite: the replica whose best rounding has the fewest conflicts (lowest index on ties).
            let elite = (0..reps.len()).min_by_key(|&i| (reps[i].best_conflicts, i)).expect("population >= 1");
            let elite_theta = reps[elite].best_theta.clone();
            for (i, r) in reps.iter_mut().enumerate() {
                if i != elite && r.since_improvement >= cfg.patience {
                    r.restart_from(&elite_theta, cfg.reseed_noise);
                    reseeds += 1;
                }
            }
        }
    }
    PopulationResult {
        best,
        best_conflicts,
        found_by,
        best_gradient_conflicts: best_gradient,
        best_logits,
        best_seconds,
        steps,
        reseeds,
        seconds: start.elapsed().as_secs_f64(),
        kernel_seconds: kernel.as_secs_f64(),
        history,
    }
}

/// The gradient step of one replica on its own (for the batched-path test): the propagation
/// gradient of a single instance.
pub fn single_propagation_grad(bp: &BatchProgram, widths: &[usize], k: usize, q: &[f32], rounds: usize) -> Vec<f32> {
    propagation_grads(bp, widths, k, &[q], rounds, 1).remove(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use semiring_core::network::{Constraint, Network, RelationSpec, Variable};

    fn random_graph(n: usize, p: f64, seed: u64) -> (Vec<(usize, usize)>, Adjacency) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut e = Vec::new();
        for u in 0..n {
            for v in u + 1..n {
                if rng.gen_bool(p) {
                    e.push((u, v));
                }
            }
        }
        let a = Adjacency::new(n, &e);
        (e, a)
    }

    fn program(n: usize, k: usize, e: &[(usize, usize)]) -> Program {
        let net = Network {
            variables: (0..n).map(|_| Variable { name: None, size: k, domain: None }).collect(),
            constraints: e
                .iter()
                .map(|&(u, v)| Constraint::Binary { scope: [u, v], relation: RelationSpec::Ne })
                .collect(),
        };
        net.compile().unwrap()
    }

    #[test]
    fn population_gradients_equal_per_replica_bit_for_bit() {
        let (e, g) = random_graph(30, 0.2, 1);
        let k = 5;
        let prog = program(30, k, &e);
        let bp = BatchProgram::new(&prog);
        let widths = vec![k; 30];
        let cfg = PopulationConfig { population: 9, forward: Forward::Soft, ..PopulationConfig::new(k) };
        let mut reps: Vec<Replica> = (0..9).map(|i| Replica::new(30, g.edges.len(), k, 3, i)).collect();
        for r in &mut reps {
            r.sample(k, &cfg);
        }
        let qs: Vec<&[f32]> = reps.iter().map(|r| r.q.as_slice()).collect();
        for threads in [1, 2, 3] {
            let batched = propagation_grads(&bp, &widths, k, &qs, 3, threads);
            for (i, r) in reps.iter().enumerate() {
                let single = single_propagation_grad(&bp, &widths, k, &r.q, 3);
                let same = batched[i].iter().zip(&single).all(|(a, b)| a.to_bits() == b.to_bits());
                assert!(same, "replica {i}, {threads} threads");
                assert!(single.iter().any(|&x| x != 0.0));
            }
        }
        let _ = g;
    }

    #[test]
    fn replays_exactly_whatever_the_thread_count() {
        let (e, g) = random_graph(40, 0.25, 2);
        let prog = program(40, 4, &e);
        for rounds in [0, 2] {
            let base = PopulationConfig {
                population: 5,
                rounds,
                max_steps: 200,
                patience: 40,
                epoch: 10,
                time_limit: Duration::from_secs(600),
                seed: 11,
                repair: false,
                ..PopulationConfig::new(4)
            };
            let runs: Vec<PopulationResult> = [1, 2, 3]
                .iter()
                .map(|&threads| run(&g, Some(&prog), &PopulationConfig { threads, ..base.clone() }))
                .collect();
            for r in &runs[1..] {
                assert_eq!(r.best, runs[0].best);
                assert_eq!(
                    r.best_logits.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                    runs[0].best_logits.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
                );
                assert_eq!(
                    (r.steps, r.reseeds, r.best_conflicts),
                    (runs[0].steps, runs[0].reseeds, runs[0].best_conflicts)
                );
                let a: Vec<f64> = r.history.iter().map(|p| p.mean_current).collect();
                let b: Vec<f64> = runs[0].history.iter().map(|p| p.mean_current).collect();
                assert_eq!(a, b);
            }
        }
    }

    #[test]
    fn reported_conflicts_equal_an_independent_recount() {
        let (e, g) = random_graph(60, 0.2, 4);
        for repair in [false, true] {
            let cfg = PopulationConfig { population: 4, max_steps: 100, repair, seed: 2, ..PopulationConfig::new(4) };
            let r = run(&g, None, &cfg);
            let recount = e.iter().filter(|&&(u, v)| r.best[u] == r.best[v]).count();
            assert_eq!(r.best_conflicts, recount);
            assert!(r.best_gradient_conflicts >= r.best_conflicts);
        }
    }

    #[test]
    fn descent_colours_a_random_graph() {
        // G(50, 0.1) is 4-colourable with room to spare; the gradient alone must find one.
        let (e, g) = random_graph(50, 0.1, 5);
        let cfg = PopulationConfig {
            population: 8,
            repair: false,
            seed: 1,
            time_limit: Duration::from_secs(20),
            ..PopulationConfig::new(4)
        };
        let r = run(&g, None, &cfg);
        assert_eq!(r.best_conflicts, 0, "{:?}", r.history.last());
        assert_eq!(r.found_by, FoundBy::Gradient);
        assert!(e.iter().all(|&(u, v)| r.best[u] != r.best[v]));
    }
}
