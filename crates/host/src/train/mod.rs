//! Training neural proposals through differentiable propagation:
//! encoders ([`encoder`]), dense kernels and Adam ([`dense`]), the objective
//! (relaxation, K rounds, losses, backward; [`objective`]), the training loop
//! with checkpoints and metrics (this module), evaluation ([`eval`]),
//! colouring by gradient descent ([`color`]), plots ([`plot`]) and the
//! `train` / `eval` / `color` commands ([`cli`]).
//!
//! Determinism: every random draw is derived from `(seed, step, index)`, so
//! a run replays exactly, resuming from a checkpoint continues exactly as the
//! uninterrupted run would, and the number of threads does not change the
//! result (per-instance gradients are summed in batch order).

pub mod cli;
pub mod color;
pub mod dense;
pub mod encoder;
pub mod eval;
pub mod group_middle;
pub mod objective;
pub mod plot;
pub mod task;

use crate::backend::{Backend, BackendError};
use anyhow::Context;
use dense::Adam;
use encoder::{Cache, Encoder, EncoderSpec};
use objective::{MiddleStep, ObjectiveConfig};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use semiring_core::relax::{Noise, Schedule};
use serde::{Deserialize, Serialize};
use task::Task;

/// Everything that defines a training run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    pub encoder: EncoderSpec,
    pub objective: ObjectiveConfig,
    pub schedule: Schedule,
    pub batch: usize,
    pub steps: u64,
    pub seed: u64,
    pub lr: f64,
    /// Worker threads for the batch (results do not depend on it).
    pub threads: usize,
    /// Weight of the supervised cross-entropy of every encoder step against the known
    /// solution (softmax over each free variable's candidates, averaged over the steps).
    pub step_ce: f64,
    /// Train on a random Sudoku symmetry of each drawn puzzle (9x9 Sudoku only).
    pub augment: bool,
}

/// A resumable training state (written as JSON).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub format: String,
    pub config: TrainConfig,
    pub encoder: Encoder,
    pub params: Vec<f64>,
    pub adam: Adam,
    /// Steps done.
    pub step: u64,
    /// Training seconds so far (summed over resumed runs).
    pub seconds: f64,
}

/// v2: the recurrent encoder, per-step supervision, augmentation, propagation with group
/// reasoning in the features (v1 checkpoints were trained on pairwise-only features).
pub const CHECKPOINT_FORMAT: &str = "softmask-train-checkpoint-v2";

/// One line of `metrics.jsonl`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    pub step: u64,
    pub temperature: f64,
    /// Mean loss over the batch (propagation-aware loss + per-step cross-entropy).
    pub loss: f64,
    /// Of which the per-step cross-entropy.
    #[serde(default)]
    pub step_ce: f64,
    /// Mean accuracy of the temperature-zero proposal over the batch (see [`Task::accuracy`]).
    pub accuracy: f64,
    /// Share of the batch whose temperature-zero proposal satisfies every constraint.
    pub solved: f64,
    pub seconds: f64,
    /// The fixed-point backward saturated somewhere in this batch.
    #[serde(default)]
    pub saturated: bool,
    /// Wall time of this step.
    #[serde(default)]
    pub step_seconds: f64,
    /// Of which in the middle step (propagation and its backward).
    #[serde(default)]
    pub backend_seconds: f64,
}

fn check_finite(what: &str, x: f64) -> anyhow::Result<()> {
    if !x.is_finite() {
        anyhow::bail!("{what} is {x}: expected a finite number");
    }
    Ok(())
}

impl TrainConfig {
    /// Refuses settings that cannot train (non-finite or non-positive rates and weights).
    pub fn validate(&self) -> anyhow::Result<()> {
        check_finite("the learning rate", self.lr)?;
        if self.lr <= 0.0 {
            anyhow::bail!("the learning rate must be > 0 (got {})", self.lr);
        }
        let w = &self.objective.loss;
        for (name, x) in [("survival", w.survival), ("conflicts", w.conflicts), ("ce", w.ce), ("log eps", w.eps)] {
            check_finite(&format!("loss weight {name}"), x)?;
        }
        check_finite("--step-ce", self.step_ce)?;
        if self.batch == 0 {
            anyhow::bail!("batch size must be at least 1");
        }
        if self.objective.group_rule && (w.is_zero() || self.objective.fixed_point) {
            anyhow::bail!("--group-rule runs in the f64 soft propagation of the loss: it needs a propagation-aware --loss and no --fixed-point");
        }
        Ok(())
    }
}

impl Checkpoint {
    /// A fresh state for `tasks`.
    pub fn new(config: TrainConfig, tasks: &[Task]) -> anyhow::Result<Checkpoint> {
        let first = tasks.first().ok_or_else(|| anyhow::anyhow!("no training instances"))?;
        if matches!(config.encoder, EncoderSpec::Table) && tasks.len() != 1 {
            anyhow::bail!(
                "the table encoder has free logits for one instance, but there are {} (use --encoder mp)",
                tasks.len()
            );
        }
        config.validate()?;
        if config.augment {
            if let Some(t) = tasks.iter().find(|t| !t.is_sudoku9()) {
                anyhow::bail!("{}: augmentation is for 9x9 Sudoku puzzles only (drop --augment)", t.name);
            }
        }
        let (encoder, params) = Encoder::new(config.encoder, first.width, first.num_vars(), config.seed);
        for t in tasks {
            encoder.check(t)?;
        }
        let adam = Adam::new(params.len(), config.lr);
        Ok(Checkpoint { format: CHECKPOINT_FORMAT.into(), config, encoder, params, adam, step: 0, seconds: 0.0 })
    }

    /// Parses and validates a checkpoint completely: format version, the encoder's shapes and
    /// offsets against its settings and the parameter vector, Adam's state, finite values.
    pub fn load(text: &str) -> anyhow::Result<Checkpoint> {
        let v: serde_json::Value = serde_json::from_str(text).context("not a JSON checkpoint")?;
        match v.get("format").and_then(|f| f.as_str()) {
            Some(CHECKPOINT_FORMAT) => {}
            Some(f) if f.starts_with("softmask-train-checkpoint-") => anyhow::bail!(
                "checkpoint format {f:?} is older or newer than this softmask reads ({CHECKPOINT_FORMAT:?}): \
                 retrain it with this version (`softmask train`, or `cargo xtask train-models` for the shipped model)"
            ),
            Some(f) => anyhow::bail!("checkpoint format {f:?}, expected {CHECKPOINT_FORMAT:?}"),
            None => anyhow::bail!("no \"format\" field: not a softmask checkpoint"),
        }
        let c: Checkpoint = serde_json::from_value(v).context("malformed checkpoint")?;
        c.encoder.validate(&c.params).map_err(|e| anyhow::anyhow!("inconsistent encoder: {e}"))?;
        if c.config.encoder != c.encoder.spec() {
            anyhow::bail!(
                "the configuration says encoder {:?}, the stored encoder is {:?}",
                c.config.encoder,
                c.encoder.spec()
            );
        }
        let n = c.params.len();
        if c.adam.m.len() != n || c.adam.v.len() != n {
            anyhow::bail!("Adam state has {} / {} entries for {n} parameters", c.adam.m.len(), c.adam.v.len());
        }
        if let Some(x) = c.adam.m.iter().chain(&c.adam.v).find(|x| !x.is_finite()) {
            anyhow::bail!("Adam state holds {x} (not finite)");
        }
        if c.adam.v.iter().any(|&x| x < 0.0) {
            anyhow::bail!("Adam's second moments must be >= 0");
        }
        for (name, x) in [
            ("Adam lr", c.adam.lr),
            ("Adam beta1", c.adam.beta1),
            ("Adam beta2", c.adam.beta2),
            ("Adam eps", c.adam.eps),
            ("seconds", c.seconds),
        ] {
            check_finite(name, x)?;
        }
        c.config.validate()?;
        Ok(c)
    }

    /// Logits of every task at temperature zero.
    pub fn logits(&self, task: &Task) -> Vec<f64> {
        self.encoder.forward(&self.params, task, &mut Cache::default())
    }
}

fn mix(a: u64, b: u64) -> u64 {
    // splitmix64 of a combination: decorrelates (seed, step, index) streams.
    let mut z = a ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(17);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The batch of step `step`: `batch` task indices drawn with replacement.
pub fn batch_indices(seed: u64, step: u64, batch: usize, n: usize) -> Vec<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(mix(seed, step));
    (0..batch).map(|_| rng.gen_range(0..n)).collect()
}

/// Supervised cross-entropy of one step's logits against the known solution: softmax over
/// each free variable's candidates, `-ln p(solution)`, averaged over the free variables and
/// scaled by `w`. Returns the loss and adds its gradient into `gz`.
pub fn step_cross_entropy(task: &Task, logits: &[f64], w: f64, gz: &mut [f64]) -> f64 {
    let Some(sol) = &task.solution else { return 0.0 };
    let free: Vec<usize> = task.free_vars().filter(|&v| task.candidates[v].len() > 1).collect();
    if free.is_empty() || w == 0.0 {
        return 0.0;
    }
    let s = w / free.len() as f64;
    let mut loss = 0.0;
    for v in free {
        let cand = &task.candidates[v];
        let Some(k) = cand.iter().position(|&a| a == sol[v]) else { continue };
        let z: Vec<f64> = cand.iter().map(|&a| logits[v * task.width + a]).collect();
        let mut p = vec![0.0; z.len()];
        semiring_core::relax::softmax(&z, 1.0, &mut p);
        loss -= s * p[k].max(1e-300).ln();
        for (i, &a) in cand.iter().enumerate() {
            gz[v * task.width + a] += s * (p[i] - if i == k { 1.0 } else { 0.0 });
        }
    }
    loss
}

/// The encoder side of one instance: logits of every step, the supervised loss and its
/// gradient, the relaxed starting domains of the last step's logits.
struct Front {
    cache: Cache,
    start: objective::Start,
    gz: Vec<Vec<f64>>,
    step_ce: f64,
    accuracy: f64,
    solved: bool,
}

fn front(ck: &Checkpoint, task: &Task, tau: f64, noise_seed: u64) -> Front {
    let mut cache = Cache::default();
    let steps = ck.encoder.forward_steps(&ck.params, task, &mut cache);
    let t = steps.len() as f64;
    let mut step_ce = 0.0;
    let mut gz: Vec<Vec<f64>> = Vec::with_capacity(steps.len());
    for z in &steps {
        let mut g = vec![0.0; z.len()];
        step_ce += step_cross_entropy(task, z, ck.config.step_ce / t, &mut g);
        gz.push(g);
    }
    let logits = steps.last().expect("one step");
    let start = objective::relax(task, logits, tau, &ck.config.objective, &mut Noise::new(noise_seed));
    let proposal = task.argmax_assignment(logits);
    Front { accuracy: task.accuracy(&proposal), solved: task.conflicts(&proposal) == 0, cache, start, gz, step_ce }
}

pub use semiring_core::par::par_map;

/// The middle step a configuration trains with on the host: none when the objective has no
/// propagation-aware loss, straight-through in fixed point on the CPU backend, or soft rounds
/// (in straight-through `f64` mode the soft rounds start from the hard sample).
pub fn host_middle(cfg: &ObjectiveConfig) -> Box<dyn MiddleStep> {
    if cfg.loss.is_zero() {
        Box::new(objective::NoPropagation)
    } else if cfg.mode == objective::Mode::St && cfg.fixed_point {
        Box::new(objective::OnCpu)
    } else if cfg.group_rule {
        Box::new(group_middle::GroupRounds::default())
    } else {
        Box::new(objective::SoftRounds)
    }
}

/// The instances of step `ck.step`: drawn with replacement, each mapped by a seeded random
/// Sudoku symmetry when the run augments.
fn draw(ck: &Checkpoint, tasks: &[Task]) -> Vec<(Task, u64)> {
    let cfg = &ck.config;
    let idx = batch_indices(cfg.seed, ck.step, cfg.batch, tasks.len());
    idx.iter()
        .enumerate()
        .map(|(j, &i)| {
            let noise = mix(mix(cfg.seed ^ 0xa5a5, ck.step), j as u64);
            let t = if cfg.augment {
                let mut rng = ChaCha8Rng::seed_from_u64(mix(noise, 0x5e3));
                let (cells, digits) = task::sudoku_symmetry(&mut rng);
                tasks[i].permuted(&cells, &digits, tasks[i].name.clone())
            } else {
                tasks[i].clone()
            };
            (t, noise)
        })
        .collect()
}

/// One optimisation step on `ck` with the host's middle step ([`host_middle`]).
pub fn train_step(ck: &mut Checkpoint, tasks: &[Task]) -> anyhow::Result<Metrics> {
    let mut middle = host_middle(&ck.config.objective);
    train_step_with(ck, tasks, middle.as_mut())
}

/// One straight-through step with the propagation on `backend` (board in the loop): the
/// encoder and the Gumbel relaxation run on the host (in parallel), each instance's hard
/// rounds and backward on the backend ([`objective::OnBackend`]). With the cpu backend it is
/// [`train_step`] in straight-through fixed-point mode, so any backend that matches
/// semiring-core bit for bit gives the same loss curve.
pub fn train_step_on(ck: &mut Checkpoint, tasks: &[Task], backend: &mut dyn Backend) -> anyhow::Result<Metrics> {
    check_backend_config(&ck.config.objective).map_err(|what| BackendError::Shape { backend: backend.name(), what })?;
    train_step_with(ck, tasks, &mut objective::OnBackend(backend))
}

/// The training loop's one step, for any middle step: draw the batch, encoder forward and
/// relaxation (in parallel), the middle on the whole batch, relaxation and encoder backward
/// (in parallel), gradients summed in batch order (so the thread count does not change the
/// result), Adam. Stops with an error at a non-finite loss or parameter, leaving `ck`
/// unchanged.
pub fn train_step_with(ck: &mut Checkpoint, tasks: &[Task], middle: &mut dyn MiddleStep) -> anyhow::Result<Metrics> {
    let start = std::time::Instant::now();
    let cfg = &ck.config;
    let tau = cfg.schedule.tau(ck.step);
    let jobs = draw(ck, tasks);
    let fronts = par_map(&jobs, cfg.threads, |(t, ns)| front(ck, t, tau, *ns));
    let in_middle = std::time::Instant::now();
    let pairs: Vec<(&Task, &objective::Start)> = jobs.iter().zip(&fronts).map(|((t, _), f)| (t, &f.start)).collect();
    let middles = middle.run(&pairs, &cfg.objective, cfg.threads)?;
    let backend_seconds = in_middle.elapsed().as_secs_f64();
    let items: Vec<usize> = (0..jobs.len()).collect();
    let grads = par_map(&items, cfg.threads, |&j| {
        let task = &jobs[j].0;
        let f = &fronts[j];
        let mut gz = f.gz.clone();
        let last = gz.last_mut().expect("one step");
        for (a, b) in last.iter_mut().zip(objective::relax_backward(task, &f.start, &middles[j].g0)) {
            *a += b;
        }
        let mut grad = vec![0.0; ck.params.len()];
        ck.encoder.backward_steps(&ck.params, task, &f.cache, &gz, &mut grad);
        grad
    });
    let b = jobs.len() as f64;
    let mut grad = vec![0.0; ck.params.len()];
    let (mut loss, mut ce, mut acc, mut solved, mut saturated) = (0.0, 0.0, 0.0, 0.0, false);
    for ((g, m), f) in grads.iter().zip(&middles).zip(&fronts) {
        for (x, y) in grad.iter_mut().zip(g) {
            *x += y / b;
        }
        loss += (m.loss + f.step_ce) / b;
        ce += f.step_ce / b;
        acc += f.accuracy / b;
        solved += f.solved as u8 as f64 / b;
        saturated |= m.saturated;
    }
    let at = ck.step + 1;
    check_finite(&format!("step {at}: the loss"), loss)?;
    let mut params = ck.params.clone();
    let mut adam = ck.adam.clone();
    adam.step(&mut params, &grad);
    if let Some(i) = params.iter().position(|p| !p.is_finite()) {
        anyhow::bail!("step {at}: parameter {i} became {} (lower --lr); nothing was written for this step", params[i]);
    }
    ck.params = params;
    ck.adam = adam;
    ck.step = at;
    let step_seconds = start.elapsed().as_secs_f64();
    ck.seconds += step_seconds;
    Ok(Metrics {
        step: ck.step,
        temperature: tau,
        loss,
        step_ce: ce,
        accuracy: acc,
        solved,
        seconds: ck.seconds,
        saturated,
        step_seconds,
        backend_seconds,
    })
}

/// Training on a backend is straight-through in fixed point (the backends run hard rounds and
/// the Q16.16 backward); anything else is refused with the reason.
pub fn check_backend_config(cfg: &ObjectiveConfig) -> Result<(), String> {
    if cfg.mode != objective::Mode::St || !cfg.fixed_point {
        return Err(format!(
            "training on a propagation backend is straight-through in fixed point (mode st, fixed_point), this run \
             is mode {:?} with fixed_point {}",
            cfg.mode, cfg.fixed_point
        ));
    }
    Ok(())
}

/// Loss (with fixed noise seeds, no augmentation) and temperature-zero accuracy of the
/// current parameters on `tasks`, at temperature `tau`: a noise-free way to compare two
/// points of a run.
pub fn evaluate_objective(ck: &Checkpoint, tasks: &[Task], tau: f64, seed: u64) -> (f64, f64) {
    let items: Vec<(usize, u64)> = (0..tasks.len()).map(|i| (i, mix(seed, i as u64))).collect();
    let fronts = par_map(&items, ck.config.threads, |&(i, ns)| front(ck, &tasks[i], tau, ns));
    let pairs: Vec<(&Task, &objective::Start)> =
        items.iter().zip(&fronts).map(|(&(i, _), f)| (&tasks[i], &f.start)).collect();
    let middles =
        host_middle(&ck.config.objective).run(&pairs, &ck.config.objective, ck.config.threads).expect("cpu middle");
    let n = tasks.len().max(1) as f64;
    let loss = fronts.iter().zip(&middles).map(|(f, m)| f.step_ce + m.loss).sum::<f64>() / n;
    (loss, fronts.iter().map(|f| f.accuracy).sum::<f64>() / n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{read_file, Format, ReadOptions};
    use objective::{LossWeights, Mode};
    use std::path::PathBuf;

    fn data(name: &str) -> PathBuf {
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/sudoku")).join(name)
    }

    fn sudoku_tasks(n: usize) -> Vec<Task> {
        let mut b = task::TaskBuilder::default();
        read_file(&data("tdoku_unbiased.solved.txt"), Some(Format::Sudoku), &ReadOptions::default())
            .unwrap()
            .iter()
            .take(n)
            .map(|i| b.instance(i).unwrap())
            .collect()
    }

    fn config(mode: Mode) -> TrainConfig {
        TrainConfig {
            encoder: EncoderSpec::Mp { hidden: 16, layers: 2, random_features: 0 },
            objective: ObjectiveConfig {
                mode,
                relax: objective::RelaxationKind::Subset,
                k: 1,
                loss: LossWeights::parse("ce").unwrap(),
                fixed_point: false,
                checkpoint_every: 0,
                group_rule: false,
            },
            schedule: Schedule::Constant { tau: 0.5 },
            batch: 8,
            steps: 40,
            seed: 7,
            lr: 0.01,
            threads: 2,
            step_ce: 0.0,
            augment: false,
        }
    }

    /// A short run on 16 Sudoku puzzles lowers the (fixed-noise) loss and
    /// raises the temperature-zero accuracy (choice among the values hard
    /// propagation leaves), in both modes.
    #[test]
    fn short_training_run_improves() {
        let tasks = sudoku_tasks(16);
        for mode in [Mode::Soft, Mode::St] {
            let mut ck = Checkpoint::new(config(mode), &tasks).unwrap();
            let (l0, a0) = evaluate_objective(&ck, &tasks, 0.5, 99);
            for _ in 0..ck.config.steps {
                let m = train_step(&mut ck, &tasks).unwrap();
                assert!(m.loss.is_finite());
            }
            let (l1, a1) = evaluate_objective(&ck, &tasks, 0.5, 99);
            eprintln!("{mode:?}: loss {l0} -> {l1}, accuracy {a0} -> {a1}");
            assert!(l1 < l0, "{mode:?}: loss {l0} -> {l1}");
            assert!(a1 > a0, "{mode:?}: accuracy {a0} -> {a1}");
        }
    }

    /// The board-in-the-loop step on the cpu backend replays the host's straight-through
    /// fixed-point step exactly (loss, accuracy and parameters), and a soft-mode run is refused.
    #[test]
    fn backend_step_on_cpu_replays_the_fixed_point_step() {
        let tasks = sudoku_tasks(6);
        let mut cfg = config(Mode::St);
        cfg.objective.fixed_point = true;
        cfg.objective.k = 2;
        cfg.objective.loss = LossWeights { eps: 1e-2, ..LossWeights::parse("survival+ce").unwrap() };
        let mut a = Checkpoint::new(cfg.clone(), &tasks).unwrap();
        let mut b = Checkpoint::new(cfg, &tasks).unwrap();
        for _ in 0..4 {
            let ma = train_step(&mut a, &tasks).unwrap();
            let mb = train_step_on(&mut b, &tasks, &mut crate::backend::CpuBackend).unwrap();
            assert_eq!(
                (ma.loss, ma.accuracy, ma.solved, ma.saturated),
                (mb.loss, mb.accuracy, mb.solved, mb.saturated)
            );
            assert!(mb.step_seconds > 0.0 && mb.backend_seconds > 0.0 && mb.backend_seconds <= mb.step_seconds);
        }
        assert!(a.params == b.params, "parameters differ");
        let mut soft = Checkpoint::new(config(Mode::Soft), &tasks).unwrap();
        let err = train_step_on(&mut soft, &tasks, &mut crate::backend::CpuBackend).unwrap_err();
        assert!(err.to_string().contains("straight-through in fixed point"), "{err}");
    }

    /// Resuming from a JSON checkpoint continues exactly, and the thread count
    /// does not change results.
    #[test]
    fn resume_and_threads_replay_exactly() {
        let tasks = sudoku_tasks(6);
        let mut a = Checkpoint::new(config(Mode::Soft), &tasks).unwrap();
        for _ in 0..4 {
            train_step(&mut a, &tasks).unwrap();
        }
        let json = serde_json::to_string(&a).unwrap();
        let mut b = Checkpoint::load(&json).unwrap();
        b.config.threads = 1;
        for _ in 0..3 {
            let ma = train_step(&mut a, &tasks).unwrap();
            let mb = train_step(&mut b, &tasks).unwrap();
            assert_eq!(ma.loss, mb.loss);
        }
        assert!(a.params == b.params && a.adam == b.adam, "parameters differ after resume");
        assert!(Checkpoint::load("{\"format\":\"x\"}").is_err());
    }

    fn rrn_config() -> TrainConfig {
        TrainConfig {
            encoder: EncoderSpec::Rrn { hidden: 16, steps: 4 },
            objective: ObjectiveConfig { loss: LossWeights::parse("none").unwrap(), ..config(Mode::Soft).objective },
            lr: 0.01,
            batch: 12,
            step_ce: 1.0,
            ..config(Mode::Soft)
        }
    }

    fn hard_tasks(n: usize) -> Vec<Task> {
        let mut b = task::TaskBuilder::default();
        read_file(&data("tdoku_forum_hardest_1106.solved.txt"), Some(Format::Sudoku), &ReadOptions::default())
            .unwrap()
            .iter()
            .take(n)
            .map(|i| b.instance(i).unwrap())
            .collect()
    }

    fn mean_nodes(ck: &Checkpoint, tasks: &[Task]) -> f64 {
        let limits = semiring_core::solver::SearchLimits::default();
        let total: u64 = tasks
            .iter()
            .map(|t| {
                let mut order = semiring_core::solver::ByScore(eval::proposal(t, &ck.logits(t)));
                eval::nodes(t, &mut order, &limits).0
            })
            .sum();
        total as f64 / tasks.len() as f64
    }

    /// A short seeded run of the recurrent encoder (supervised at every step, augmented) on a
    /// dozen hard puzzles raises the proposal's accuracy and lowers the default solver's nodes
    /// under the learned order, against the same network at its start.
    #[test]
    fn short_rrn_run_raises_accuracy_and_lowers_nodes() {
        let tasks = hard_tasks(12);
        let mut ck = Checkpoint::new(rrn_config(), &tasks).unwrap();
        let (_, a0) = evaluate_objective(&ck, &tasks, 0.5, 1);
        let n0 = mean_nodes(&ck, &tasks);
        for _ in 0..80 {
            train_step(&mut ck, &tasks).unwrap();
        }
        let (_, a1) = evaluate_objective(&ck, &tasks, 0.5, 1);
        let n1 = mean_nodes(&ck, &tasks);
        eprintln!("accuracy {a0:.3} -> {a1:.3}, mean nodes {n0:.1} -> {n1:.1}");
        assert!(a1 > a0 + 0.1, "accuracy {a0} -> {a1}");
        assert!(n1 < n0, "mean nodes {n0} -> {n1}");
        // Augmented training replays exactly with another thread count.
        let mut cfg = rrn_config();
        cfg.augment = true;
        let mut x = Checkpoint::new(cfg.clone(), &tasks).unwrap();
        cfg.threads = 1;
        let mut y = Checkpoint::new(cfg, &tasks).unwrap();
        for _ in 0..3 {
            assert_eq!(train_step(&mut x, &tasks).unwrap().loss, train_step(&mut y, &tasks).unwrap().loss);
        }
        assert!(x.params == y.params);
    }

    fn saved(ck: &Checkpoint) -> serde_json::Value {
        serde_json::to_value(ck).unwrap()
    }

    fn load_err(v: &serde_json::Value) -> String {
        format!("{:#}", Checkpoint::load(&v.to_string()).unwrap_err())
    }

    /// Loading validates a checkpoint completely, with errors that say what is wrong.
    #[test]
    fn checkpoint_validation() {
        let tasks = sudoku_tasks(2);
        let mp = Checkpoint::new(config(Mode::Soft), &tasks).unwrap();
        let rrn = Checkpoint::new(rrn_config(), &tasks).unwrap();
        for ck in [&mp, &rrn] {
            assert!(Checkpoint::load(&serde_json::to_string(ck).unwrap()).is_ok());
        }
        let mut v = saved(&mp);
        v["format"] = "softmask-train-checkpoint-v1".into();
        assert!(load_err(&v).contains("older or newer"), "{}", load_err(&v));
        let mut v = saved(&mp);
        v.as_object_mut().unwrap().remove("format");
        assert!(load_err(&v).contains("not a softmask checkpoint"));
        // One parameter short or long.
        for delta in [-1i64, 1] {
            let mut v = saved(&rrn);
            let p = v["params"].as_array_mut().unwrap();
            if delta < 0 {
                p.pop();
            } else {
                p.push(0.0.into());
            }
            assert!(load_err(&v).contains("parameters"), "{}", load_err(&v));
        }
        // A layer offset out of range, a layer of the wrong shape, no layers, a hidden size
        // that disagrees with the layers.
        let mut v = saved(&rrn);
        v["encoder"]["output"]["offset"] = 10_000_000.into();
        assert!(load_err(&v).contains("starts at parameter"), "{}", load_err(&v));
        let mut v = saved(&rrn);
        v["encoder"]["gate"]["inputs"] = 7.into();
        assert!(load_err(&v).contains("gate layer is 7"), "{}", load_err(&v));
        let mut v = saved(&mp);
        v["encoder"]["layers"] = serde_json::json!([]);
        assert!(load_err(&v).contains("without layers"), "{}", load_err(&v));
        let mut v = saved(&mp);
        v["encoder"]["hidden"] = 17.into();
        assert!(load_err(&v).contains("need"), "{}", load_err(&v));
        let mut v = saved(&rrn);
        v["config"]["encoder"]["steps"] = 5.into();
        assert!(load_err(&v).contains("the configuration says"), "{}", load_err(&v));
        // Adam of the wrong length; non-finite values (JSON writes them as null).
        let mut v = saved(&rrn);
        v["adam"]["m"].as_array_mut().unwrap().pop();
        assert!(load_err(&v).contains("Adam state"), "{}", load_err(&v));
        let mut v = saved(&rrn);
        v["params"][3] = serde_json::Value::Null;
        assert!(load_err(&v).contains("malformed"), "{}", load_err(&v));
        let mut v = saved(&rrn);
        v["config"]["lr"] = (-1.0).into();
        assert!(load_err(&v).contains("learning rate"), "{}", load_err(&v));
    }

    /// A non-finite learning rate is refused up front; a non-finite loss stops training with an
    /// error and leaves the checkpoint as it was.
    #[test]
    fn non_finite_training_stops() {
        let tasks = sudoku_tasks(4);
        let mut cfg = rrn_config();
        cfg.lr = f64::NAN;
        assert!(Checkpoint::new(cfg, &tasks).unwrap_err().to_string().contains("learning rate"));
        let mut ck = Checkpoint::new(rrn_config(), &tasks).unwrap();
        train_step(&mut ck, &tasks).unwrap();
        ck.params[0] = f64::NAN;
        let before = ck.clone();
        let err = train_step(&mut ck, &tasks).unwrap_err().to_string();
        assert!(err.contains("the loss is NaN") || err.contains("became"), "{err}");
        assert_eq!(ck.step, before.step);
        assert!(ck.adam == before.adam);
        let mut huge = Checkpoint::new(rrn_config(), &tasks).unwrap();
        huge.adam.lr = f64::INFINITY;
        let err = train_step(&mut huge, &tasks).unwrap_err().to_string();
        assert!(err.contains("became"), "{err}");
        assert_eq!(huge.step, 0);
    }
}
