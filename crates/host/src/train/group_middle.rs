//! The soft group rule in training: K soft rounds, each followed by a soft all-different step
//! (`train --group-rule`), with the loss of the plain soft middle ([`super::objective::SoftRounds`]).
//!
//! Pairwise soft noisy-OR alone collapses on Sudoku for K >= 2 (every value loses mass through
//! its many `!=` arcs), so the propagation-aware losses see almost nothing of the puzzle. The
//! rounds here run on the residual program (the `!=` arcs inside the detected groups dropped)
//! with the group rule and its naked singles in their place
//! ([`SoftGroups::residual_with_naked_singles`]), the pairing that keeps mass on the solution's
//! values. Batches of one structure run on [`GroupedBatch`]; anything else, or round
//! checkpointing, runs [`SoftGrad::with_groups`] per instance, which gives the same numbers bit
//! for bit with `Memory::Full` (tested below).

use super::objective::{loss_and_grad, MiddleStep, ObjectiveConfig, StMiddle, Start};
use super::task::{Shared, Task};
use crate::backend::BackendError;
use semiring_core::batch::BatchProgram;
use semiring_core::grad::SoftGrad;
use semiring_core::soft_groups::SoftGroups;
use semiring_core::soft_groups_batch::GroupedBatch;
use semiring_core::{Domains, Prob, Program};
use std::sync::Arc;

/// What the group middle derives once per program structure.
pub struct Prepared {
    pub residual: Program,
    pub groups: SoftGroups,
    pub batch: BatchProgram,
}

impl Prepared {
    pub fn new(program: &Program) -> Prepared {
        let (residual, groups) = SoftGroups::residual_with_naked_singles(program);
        let batch = BatchProgram::new(&residual);
        Prepared { residual, groups, batch }
    }
}

/// K soft rounds with the soft group rule after each (see the module docs).
#[derive(Default)]
pub struct GroupRounds {
    /// The last structure seen (every Sudoku of one size shares one [`Shared`]).
    cache: Option<(Arc<Shared>, Arc<Prepared>)>,
}

impl GroupRounds {
    fn prepared(&mut self, shared: &Arc<Shared>) -> Arc<Prepared> {
        match &self.cache {
            Some((s, p)) if Arc::ptr_eq(s, shared) => p.clone(),
            _ => {
                let p = Arc::new(Prepared::new(shared.compiled.program()));
                self.cache = Some((shared.clone(), p.clone()));
                p
            }
        }
    }
}

/// One instance on the per-instance path ([`SoftGrad::with_groups`]).
pub fn per_instance(prep: &Prepared, task: &Task, start: &Start, cfg: &ObjectiveConfig) -> StMiddle {
    let memory = cfg.memory();
    let sg = SoftGrad::with_groups(&prep.residual, &prep.groups).expect("groups built for this program");
    let fwd = sg.forward(&start.d0, cfg.k, memory).expect("valid domains");
    let (loss, up) = loss_and_grad(task, &fwd.output, &cfg.loss);
    StMiddle { loss, g0: sg.backward(&fwd, &up).expect("gradient shape"), saturated: false }
}

impl MiddleStep for GroupRounds {
    fn name(&self) -> &'static str {
        "soft+groups"
    }
    fn run(
        &mut self,
        batch: &[(&Task, &Start)],
        cfg: &ObjectiveConfig,
        threads: usize,
    ) -> Result<Vec<StMiddle>, BackendError> {
        let Some((first, _)) = batch.first() else { return Ok(Vec::new()) };
        let shared = batch.iter().all(|(t, _)| Arc::ptr_eq(&t.shared, &first.shared));
        if shared && cfg.checkpoint_every == 0 {
            let prep = self.prepared(&first.shared);
            let gb = GroupedBatch::new(&prep.batch, &prep.groups).expect("groups built for this program");
            let inputs: Vec<Domains<Prob<f64>>> = batch.iter().map(|(_, s)| s.d0.clone()).collect();
            let (outs, grads) = gb
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
        let preps: Vec<Arc<Prepared>> = batch.iter().map(|(t, _)| self.prepared(&t.shared)).collect();
        let items: Vec<usize> = (0..batch.len()).collect();
        Ok(super::par_map(&items, threads, |&i| per_instance(&preps[i], batch[i].0, batch[i].1, cfg)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{read_file, Format, ReadOptions};
    use crate::train::objective::{relax, LossWeights, Mode, RelaxationKind};
    use crate::train::task::TaskBuilder;
    use semiring_core::relax::Noise;
    use std::path::PathBuf;

    fn tasks(file: &str, skip: usize, n: usize) -> Vec<Task> {
        let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/sudoku")).join(file);
        let mut b = TaskBuilder::default();
        read_file(&path, Some(Format::Sudoku), &ReadOptions::default())
            .unwrap()
            .iter()
            .skip(skip)
            .take(n)
            .map(|i| b.instance(i).unwrap())
            .collect()
    }

    /// The batched middle (GroupedBatch) equals the per-instance one (SoftGrad::with_groups)
    /// bit for bit, loss and gradient, on Sudoku puzzles with relaxed (non 0/1) starts.
    #[test]
    fn batched_equals_per_instance() {
        let ts = tasks("tdoku_forum_hardest_1905_11plus.solved.txt", 1500, 4);
        for k in [1, 3, 8] {
            let cfg = ObjectiveConfig {
                mode: Mode::Soft,
                relax: RelaxationKind::OneHot,
                k,
                loss: LossWeights::parse("survival+ce+0.5*conflicts").unwrap(),
                fixed_point: false,
                checkpoint_every: 0,
                group_rule: true,
            };
            let starts: Vec<Start> = ts
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let logits: Vec<f64> =
                        (0..t.num_vars() * t.width).map(|j| ((j * 7 + i * 13) as f64 * 0.37).sin()).collect();
                    relax(t, &logits, 0.8, &cfg, &mut Noise::new(i as u64 + 1))
                })
                .collect();
            let batch: Vec<(&Task, &Start)> = ts.iter().zip(&starts).collect();
            let mut mid = GroupRounds::default();
            let got = mid.run(&batch, &cfg, 2).unwrap();
            let prep = Prepared::new(ts[0].program());
            let mut moved = false;
            for ((t, s), g) in batch.iter().zip(&got) {
                let want = per_instance(&prep, t, s, &cfg);
                assert_eq!(g.loss.to_bits(), want.loss.to_bits(), "k={k}");
                assert_eq!(g.g0.len(), want.g0.len());
                for (a, b) in g.g0.iter().zip(&want.g0) {
                    assert_eq!(a.to_bits(), b.to_bits(), "k={k}: {a} vs {b}");
                }
                assert!(g.loss.is_finite());
                moved |= g.g0.iter().any(|&x| x != 0.0);
            }
            assert!(moved, "k={k}: the group middle gave no gradient at all");
        }
    }

    /// A short seeded run with the group rule (K = 4 rounds, survival + cross-entropy through
    /// the rule) keeps every step's loss finite and lowers the fixed-noise loss against its
    /// start; the same configuration without a propagation-aware loss is refused.
    #[test]
    fn short_training_run_with_the_group_rule_lowers_the_loss() {
        use crate::train::encoder::EncoderSpec;
        use crate::train::{evaluate_objective, train_step, Checkpoint, TrainConfig};
        use semiring_core::relax::Schedule;
        let ts = tasks("tdoku_forum_hardest_1905_11plus.solved.txt", 0, 12);
        let cfg = TrainConfig {
            encoder: EncoderSpec::Mp { hidden: 16, layers: 2, random_features: 0 },
            objective: ObjectiveConfig {
                mode: Mode::Soft,
                relax: RelaxationKind::OneHot,
                k: 4,
                loss: LossWeights { eps: 1e-6, ..LossWeights::parse("survival+ce").unwrap() },
                fixed_point: false,
                checkpoint_every: 0,
                group_rule: true,
            },
            schedule: Schedule::Constant { tau: 0.5 },
            batch: 8,
            steps: 30,
            seed: 11,
            lr: 0.01,
            threads: 2,
            step_ce: 0.0,
            augment: false,
        };
        let mut ck = Checkpoint::new(cfg.clone(), &ts).unwrap();
        assert_eq!(crate::train::host_middle(&ck.config.objective).name(), "soft+groups");
        let (l0, a0) = evaluate_objective(&ck, &ts, 0.5, 5);
        for _ in 0..cfg.steps {
            let m = train_step(&mut ck, &ts).unwrap();
            assert!(m.loss.is_finite(), "step {}: loss {}", m.step, m.loss);
        }
        let (l1, a1) = evaluate_objective(&ck, &ts, 0.5, 5);
        eprintln!("group rule: loss {l0} -> {l1}, accuracy {a0} -> {a1}");
        assert!(l0.is_finite() && l1.is_finite());
        assert!(l1 < l0, "loss {l0} -> {l1}");
        let mut bad = cfg;
        bad.objective.loss = LossWeights::parse("none").unwrap();
        let err = Checkpoint::new(bad, &ts).unwrap_err();
        assert!(err.to_string().contains("--group-rule"), "{err}");
    }
}
