//! Training neural proposals through differentiable propagation (issue 3):
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
pub mod objective;
pub mod plot;
pub mod task;

use crate::backend::{Backend, BackendError};
use dense::Adam;
use encoder::{Cache, Encoder, EncoderSpec};
use objective::{ObjectiveConfig, Sample};
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

pub const CHECKPOINT_FORMAT: &str = "softmask-train-checkpoint-v1";

/// One line of `metrics.jsonl`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    pub step: u64,
    pub temperature: f64,
    /// Mean loss over the batch.
    pub loss: f64,
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
    /// Of which on the propagation backend (hard rounds and backward; 0 without `--backend`).
    #[serde(default)]
    pub backend_seconds: f64,
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
        if config.batch == 0 {
            anyhow::bail!("batch size must be at least 1");
        }
        let (encoder, params) = Encoder::new(config.encoder, first.width, first.num_vars(), config.seed);
        for t in tasks {
            encoder.check(t)?;
        }
        let adam = Adam::new(params.len(), config.lr);
        Ok(Checkpoint { format: CHECKPOINT_FORMAT.into(), config, encoder, params, adam, step: 0, seconds: 0.0 })
    }

    pub fn load(text: &str) -> anyhow::Result<Checkpoint> {
        let c: Checkpoint = serde_json::from_str(text)?;
        if c.format != CHECKPOINT_FORMAT {
            anyhow::bail!("checkpoint format {:?}, expected {CHECKPOINT_FORMAT:?}", c.format);
        }
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

struct InstanceOut {
    sample: Sample,
    grad: Vec<f64>,
    accuracy: f64,
    solved: bool,
}

fn run_instance(ck: &Checkpoint, task: &Task, tau: f64, noise_seed: u64) -> InstanceOut {
    let mut cache = Cache::default();
    let logits = ck.encoder.forward(&ck.params, task, &mut cache);
    let mut noise = Noise::new(noise_seed);
    let sample = objective::sample(task, &logits, tau, &ck.config.objective, &mut noise);
    let mut grad = vec![0.0; ck.params.len()];
    ck.encoder.backward(&ck.params, task, &cache, &sample.grad, &mut grad);
    let proposal = task.argmax_assignment(&logits);
    InstanceOut { accuracy: task.accuracy(&proposal), solved: task.conflicts(&proposal) == 0, sample, grad }
}

/// Evaluates `f` on every item, on up to `threads` threads, keeping order.
pub fn par_map<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads.max(1).min(items.len().max(1));
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = items.chunks(chunk).map(|c| s.spawn(|| c.iter().map(&f).collect::<Vec<R>>())).collect();
        handles.into_iter().flat_map(|h| h.join().expect("worker panicked")).collect()
    })
}

/// One optimisation step on `ck` (advances `ck.step`), returning its metrics.
pub fn train_step(ck: &mut Checkpoint, tasks: &[Task]) -> Metrics {
    let start = std::time::Instant::now();
    let cfg = &ck.config;
    let tau = cfg.schedule.tau(ck.step);
    let idx = batch_indices(cfg.seed, ck.step, cfg.batch, tasks.len());
    let jobs: Vec<(usize, u64)> =
        idx.iter().enumerate().map(|(j, &i)| (i, mix(mix(cfg.seed ^ 0xa5a5, ck.step), j as u64))).collect();
    let outs = par_map(&jobs, cfg.threads, |&(i, ns)| run_instance(ck, &tasks[i], tau, ns));
    let b = outs.len() as f64;
    let mut grad = vec![0.0; ck.params.len()];
    let (mut loss, mut acc, mut solved, mut saturated) = (0.0, 0.0, 0.0, false);
    for o in &outs {
        for (g, x) in grad.iter_mut().zip(&o.grad) {
            *g += x / b;
        }
        loss += o.sample.loss / b;
        acc += o.accuracy / b;
        solved += o.solved as u8 as f64 / b;
        saturated |= o.sample.saturated;
    }
    ck.adam.step(&mut ck.params, &grad);
    ck.step += 1;
    let step_seconds = start.elapsed().as_secs_f64();
    ck.seconds += step_seconds;
    Metrics {
        step: ck.step,
        temperature: tau,
        loss,
        accuracy: acc,
        solved,
        seconds: ck.seconds,
        saturated,
        step_seconds,
        backend_seconds: 0.0,
    }
}

/// One straight-through step with the propagation on `backend` (board in the loop): the encoder
/// and the Gumbel relaxation run on the host (in parallel), each instance's hard rounds and
/// backward run on the backend one after another ([`objective::st_middle`]), and the encoder
/// update runs on the host again. Same noise, same order of sums as [`train_step`], so with the
/// cpu backend it replays [`train_step`] in straight-through fixed-point mode exactly, and any
/// backend that matches semiring-core bit for bit gives the same loss curve.
pub fn train_step_on(ck: &mut Checkpoint, tasks: &[Task], backend: &mut dyn Backend) -> Result<Metrics, BackendError> {
    let start = std::time::Instant::now();
    let cfg = &ck.config;
    check_backend_config(&cfg.objective).map_err(|what| BackendError::Shape { backend: backend.name(), what })?;
    let tau = cfg.schedule.tau(ck.step);
    let idx = batch_indices(cfg.seed, ck.step, cfg.batch, tasks.len());
    let jobs: Vec<(usize, u64)> =
        idx.iter().enumerate().map(|(j, &i)| (i, mix(mix(cfg.seed ^ 0xa5a5, ck.step), j as u64))).collect();
    let fronts = par_map(&jobs, cfg.threads, |&(i, ns)| {
        let task = &tasks[i];
        let mut cache = Cache::default();
        let logits = ck.encoder.forward(&ck.params, task, &mut cache);
        let relaxed = objective::relax(task, &logits, tau, &ck.config.objective, &mut Noise::new(ns));
        let proposal = task.argmax_assignment(&logits);
        (cache, relaxed, task.accuracy(&proposal), task.conflicts(&proposal) == 0)
    });
    let on_backend = std::time::Instant::now();
    let mut middles = Vec::with_capacity(jobs.len());
    for (&(i, _), (_, relaxed, _, _)) in jobs.iter().zip(&fronts) {
        middles.push(objective::st_middle(backend, &tasks[i], &relaxed.d0.support(), &cfg.objective)?);
    }
    let backend_seconds = on_backend.elapsed().as_secs_f64();
    let items: Vec<usize> = (0..jobs.len()).collect();
    let grads = par_map(&items, cfg.threads, |&j| {
        let task = &tasks[jobs[j].0];
        let (cache, relaxed, _, _) = &fronts[j];
        let gz = objective::relax_backward(task, relaxed, &middles[j].g0);
        let mut grad = vec![0.0; ck.params.len()];
        ck.encoder.backward(&ck.params, task, cache, &gz, &mut grad);
        grad
    });
    let b = jobs.len() as f64;
    let mut grad = vec![0.0; ck.params.len()];
    let (mut loss, mut acc, mut solved, mut saturated) = (0.0, 0.0, 0.0, false);
    for ((g, m), (_, _, accuracy, ok)) in grads.iter().zip(&middles).zip(&fronts) {
        for (x, y) in grad.iter_mut().zip(g) {
            *x += y / b;
        }
        loss += m.loss / b;
        acc += accuracy / b;
        solved += *ok as u8 as f64 / b;
        saturated |= m.saturated;
    }
    ck.adam.step(&mut ck.params, &grad);
    ck.step += 1;
    let step_seconds = start.elapsed().as_secs_f64();
    ck.seconds += step_seconds;
    Ok(Metrics {
        step: ck.step,
        temperature: tau,
        loss,
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

/// Loss (with fixed noise seeds) and temperature-zero accuracy of the current
/// parameters on `tasks`, at temperature `tau`: a noise-free way to compare
/// two points of a run.
pub fn evaluate_objective(ck: &Checkpoint, tasks: &[Task], tau: f64, seed: u64) -> (f64, f64) {
    let items: Vec<(usize, u64)> = (0..tasks.len()).map(|i| (i, mix(seed, i as u64))).collect();
    let outs = par_map(&items, ck.config.threads, |&(i, ns)| run_instance(ck, &tasks[i], tau, ns));
    let n = outs.len().max(1) as f64;
    (outs.iter().map(|o| o.sample.loss).sum::<f64>() / n, outs.iter().map(|o| o.accuracy).sum::<f64>() / n)
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
        read_file(&data("tdoku_unbiased.solved.txt"), Some(Format::Sudoku), &ReadOptions::default())
            .unwrap()
            .iter()
            .take(n)
            .map(|i| Task::from_instance(i).unwrap())
            .collect()
    }

    fn config(mode: Mode) -> TrainConfig {
        TrainConfig {
            encoder: EncoderSpec::Mp { hidden: 16, layers: 2, random_features: 0 },
            objective: ObjectiveConfig {
                mode,
                relax: objective::Relax::Subset,
                k: 1,
                loss: LossWeights::parse("ce").unwrap(),
                fixed_point: false,
                checkpoint_every: 0,
            },
            schedule: Schedule::Constant { tau: 0.5 },
            batch: 8,
            steps: 40,
            seed: 7,
            lr: 0.01,
            threads: 2,
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
                let m = train_step(&mut ck, &tasks);
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
            let ma = train_step(&mut a, &tasks);
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
            train_step(&mut a, &tasks);
        }
        let json = serde_json::to_string(&a).unwrap();
        let mut b = Checkpoint::load(&json).unwrap();
        b.config.threads = 1;
        for _ in 0..3 {
            let ma = train_step(&mut a, &tasks);
            let mb = train_step(&mut b, &tasks);
            assert_eq!(ma.loss, mb.loss);
        }
        assert!(a.params == b.params && a.adam == b.adam, "parameters differ after resume");
        assert!(Checkpoint::load("{\"format\":\"x\"}").is_err());
    }
}
