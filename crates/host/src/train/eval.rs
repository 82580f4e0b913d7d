//! Evaluation of a trained encoder at temperature zero on held-out
//! instances: how often the proposal plus hard propagation solves an
//! instance with no search, and how many search nodes the solver needs when
//! it orders values by the proposal, next to the same solver in ascending
//! value order.
//!
//! "No search" decoding: propagate the starting domains to the fixpoint;
//! while some variable is unfixed, take an unfixed variable with the fewest
//! remaining values (ties: the one whose best value is most confident), fix
//! it to its most probable remaining value and propagate again; a wipeout is
//! a failure (nothing is undone). The flat baseline decodes the same way
//! with all values equally likely (first such variable, lowest value).

use super::task::Task;
use super::{par_map, Checkpoint};
use semiring_core::relax::softmax;
use semiring_core::solver::{search, Ascending, ByScore, Propagator, SearchLimits, ValueOrder, Worklist};
use semiring_core::FixpointOutcome;
use serde::Serialize;
use std::time::{Duration, Instant};

#[derive(Clone, Debug, Serialize)]
pub struct EvalReport {
    pub instances: usize,
    /// Solved by hard propagation of the starting domains alone.
    pub propagation_only: usize,
    /// The temperature-zero argmax proposal satisfies every constraint as it is.
    pub proposal_exact: usize,
    /// Solved by proposal + hard propagation with no search (see module docs).
    pub no_search: usize,
    pub no_search_share: f64,
    /// The same decoding with a flat proposal (every value equally likely):
    /// the baseline for `no_search`.
    pub no_search_flat: usize,
    /// Mean temperature-zero accuracy of the proposal.
    pub accuracy: f64,
    pub mean_nodes_learned: f64,
    pub mean_nodes_plain: f64,
    /// `mean_nodes_learned / mean_nodes_plain`.
    pub node_ratio: f64,
    /// Searches that hit the node limit (learned, plain).
    pub unfinished_learned: usize,
    pub unfinished_plain: usize,
    /// Wall time of encoder + no-search decoding for all instances.
    pub proposal_seconds: f64,
    pub proposal_per_second: f64,
    pub learned_search_seconds: f64,
    pub plain_search_seconds: f64,
}

fn greedy_decode(task: &Task, probs: &[Vec<f64>]) -> Option<Vec<usize>> {
    let mut d = task.init.clone();
    let mut prop = Worklist::new(&task.program);
    loop {
        let fp = prop.propagate(&mut d).expect("infallible");
        if let FixpointOutcome::Wipeout(_) = fp.outcome {
            return None;
        }
        // Minimum remaining values; among those the most confident value.
        let mut best: Option<(usize, f64, usize, usize)> = None;
        for v in 0..task.num_vars() {
            let c = d.count(v);
            if c <= 1 {
                continue;
            }
            for a in d.values(v) {
                let better = match best {
                    None => true,
                    Some((bc, bp, _, _)) => c < bc || (c == bc && probs[v][a] > bp),
                };
                if better {
                    best = Some((c, probs[v][a], v, a));
                }
            }
        }
        match best {
            Some((_, _, v, a)) => d.assign(v, a),
            None => {
                let sol = d.assignment()?;
                return task.network.check(&sol).is_ok().then_some(sol);
            }
        }
    }
}

/// Per-variable proposal probabilities: softmax of the logits over the
/// candidate values (those hard propagation of the starting domains leaves,
/// [`Task::candidates`]), 0 elsewhere, so confidences compare across variables.
pub fn proposal(task: &Task, logits: &[f64]) -> Vec<Vec<f64>> {
    (0..task.num_vars())
        .map(|v| {
            let z: Vec<f64> = task.candidates[v].iter().map(|&a| logits[v * task.width + a]).collect();
            let mut p = vec![0.0; z.len()];
            softmax(&z, 1.0, &mut p);
            let mut row = vec![0.0; task.width];
            for (i, &a) in task.candidates[v].iter().enumerate() {
                row[a] = p[i];
            }
            row
        })
        .collect()
}

fn nodes(task: &Task, order: &mut impl ValueOrder, limits: &SearchLimits) -> (u64, bool, f64) {
    let t = Instant::now();
    let mut prop = Worklist::new(&task.program);
    let r = search(&mut prop, order, task.init.clone(), limits).expect("infallible");
    if let Some(sol) = r.solutions.first() {
        assert!(task.network.check(sol).is_ok(), "{}: solver returned a non-solution", task.name);
    }
    (r.stats.nodes, r.solutions.is_empty(), t.elapsed().as_secs_f64())
}

/// Evaluates `ck` on `tasks`.
pub fn evaluate(ck: &Checkpoint, tasks: &[Task], node_limit: u64, threads: usize) -> EvalReport {
    let limits =
        SearchLimits { max_solutions: 1, node_limit: Some(node_limit), time_limit: Some(Duration::from_secs(60)) };
    let t0 = Instant::now();
    let decoded = par_map(tasks, threads, |task| {
        let logits = ck.logits(task);
        let probs = proposal(task, &logits);
        let exact = task.conflicts(&task.argmax_assignment(&logits)) == 0;
        let acc = task.accuracy(&task.argmax_assignment(&logits));
        let ok = greedy_decode(task, &probs).is_some();
        let flat = vec![vec![1.0; task.width]; task.num_vars()];
        let flat_ok = greedy_decode(task, &flat).is_some();
        (probs, ok, exact, acc, flat_ok)
    });
    let proposal_seconds = t0.elapsed().as_secs_f64();
    let searched = par_map(&(0..tasks.len()).collect::<Vec<_>>(), threads, |&i| {
        let task = &tasks[i];
        let mut d = task.init.clone();
        let fp = Worklist::new(&task.program).propagate(&mut d).expect("infallible");
        let prop_only = fp.outcome == FixpointOutcome::Stable && d.assignment().is_some();
        let learned = nodes(task, &mut ByScore(decoded[i].0.clone()), &limits);
        let plain = nodes(task, &mut Ascending, &limits);
        (prop_only, learned, plain)
    });
    let n = tasks.len().max(1) as f64;
    let no_search = decoded.iter().filter(|d| d.1).count();
    let ml = searched.iter().map(|s| s.1 .0 as f64).sum::<f64>() / n;
    let mp = searched.iter().map(|s| s.2 .0 as f64).sum::<f64>() / n;
    EvalReport {
        instances: tasks.len(),
        propagation_only: searched.iter().filter(|s| s.0).count(),
        proposal_exact: decoded.iter().filter(|d| d.2).count(),
        no_search,
        no_search_share: no_search as f64 / n,
        no_search_flat: decoded.iter().filter(|d| d.4).count(),
        accuracy: decoded.iter().map(|d| d.3).sum::<f64>() / n,
        mean_nodes_learned: ml,
        mean_nodes_plain: mp,
        node_ratio: ml / mp,
        unfinished_learned: searched.iter().filter(|s| s.1 .1).count(),
        unfinished_plain: searched.iter().filter(|s| s.2 .1).count(),
        proposal_seconds,
        proposal_per_second: n / proposal_seconds.max(1e-9),
        learned_search_seconds: searched.iter().map(|s| s.1 .2).sum(),
        plain_search_seconds: searched.iter().map(|s| s.2 .2).sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{read_file, Format, ReadOptions};

    /// An oracle proposal (the known solution) must let the no-search decoder
    /// solve every puzzle, and lead the solver straight down: one node per
    /// decision, never more than ascending order needs.
    #[test]
    fn oracle_proposal_solves_without_search() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/sudoku/tdoku_unbiased.solved.txt");
        let insts = read_file(std::path::Path::new(path), Some(Format::Sudoku), &ReadOptions::default()).unwrap();
        for inst in insts.iter().take(10) {
            let task = Task::from_instance(inst).unwrap();
            let sol = task.solution.clone().unwrap();
            let probs: Vec<Vec<f64>> = (0..task.num_vars())
                .map(|v| (0..task.width).map(|a| if a == sol[v] { 0.9 } else { 0.01 }).collect())
                .collect();
            assert_eq!(greedy_decode(&task, &probs), Some(sol.clone()));
            let limits = SearchLimits::default();
            let (n_oracle, unfinished, _) = nodes(&task, &mut ByScore(probs.clone()), &limits);
            let (n_plain, _, _) = nodes(&task, &mut Ascending, &limits);
            assert!(!unfinished && n_oracle <= n_plain, "{n_oracle} vs {n_plain}");
            // A proposal that puts the solution value last fails without search
            // whenever a decision is needed at all.
            let anti: Vec<Vec<f64>> = probs.iter().map(|r| r.iter().map(|p| 1.0 - p).collect()).collect();
            let mut root = task.init.clone();
            Worklist::new(&task.program).propagate(&mut root).unwrap();
            if root.assignment().is_none() {
                assert_eq!(greedy_decode(&task, &anti), None);
            }
        }
    }
}
