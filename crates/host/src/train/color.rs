//! Graph colouring by gradient descent through relaxed assignments: a table
//! (or message-passing) encoder proposes colour logits, Gumbel-Softmax (soft
//! or straight-through) relaxes them, K propagation rounds and a loss score
//! them, Adam updates the logits. The best temperature-zero assignment seen
//! (fewest conflicting edges) is then handed to the DFS solver as its value
//! order, to finish the colouring or to prove `k` colours impossible within a
//! node / time limit. Every colouring reported is checked edge by edge with
//! the independent checker of [`crate::formats::check`].

use super::dense::Adam;
use super::encoder::{Cache, Encoder, EncoderSpec};
use super::objective::{self, LossWeights, Mode, ObjectiveConfig};
use super::task::Task;
use crate::formats::check::coloring_valid;
use crate::formats::dimacs::{coloring_network, Graph};
use semiring_core::relax::{Noise, Schedule};
use semiring_core::solver::{degrees, search_with, Branching, ByScore, SearchLimits, Worklist};
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ColorConfig {
    pub k: usize,
    pub encoder: EncoderSpec,
    pub objective: ObjectiveConfig,
    pub schedule: Schedule,
    pub lr: f64,
    pub steps: u64,
    pub seed: u64,
    /// Limits for the solver stage.
    pub node_limit: u64,
    pub time_limit: Duration,
}

/// How the run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColorOutcome {
    /// Gradient descent alone reached 0 conflicts.
    Descent,
    /// The solver, ordering values by the best assignment, finished it.
    Solver,
    /// The solver exhausted the search space: no k-colouring exists.
    Impossible,
    /// Neither, within the limits.
    Unknown,
}

#[derive(Clone, Debug, Serialize)]
pub struct ColorPoint {
    pub step: u64,
    pub temperature: f64,
    pub loss: f64,
    /// Conflicting edges of the temperature-zero assignment after this step.
    pub conflicts: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct ColorReport {
    pub vertices: usize,
    pub edges: usize,
    pub k: usize,
    pub outcome: ColorOutcome,
    /// Fewest conflicts seen during descent, and the step it was first seen.
    pub best_conflicts: usize,
    pub best_step: u64,
    pub descent_steps: u64,
    pub descent_seconds: f64,
    pub solver_nodes: u64,
    pub solver_seconds: f64,
    pub total_seconds: f64,
    /// A colouring that passed the edge-by-edge check (colours `0..k`).
    pub coloring: Option<Vec<usize>>,
    pub history: Vec<ColorPoint>,
}

/// Relabels colours by first use in vertex order; returns the map old -> new.
fn first_use_relabel(assignment: &[usize], k: usize) -> Vec<usize> {
    let mut map = vec![usize::MAX; k];
    let mut next = 0;
    for &c in assignment {
        if map[c] == usize::MAX {
            map[c] = next;
            next += 1;
        }
    }
    for m in map.iter_mut() {
        if *m == usize::MAX {
            *m = next;
            next += 1;
        }
    }
    map
}

/// Colours `graph` with `cfg.k` colours. `on_point` sees every step.
pub fn color(graph: &Graph, cfg: &ColorConfig, mut on_point: impl FnMut(&ColorPoint)) -> anyhow::Result<ColorReport> {
    let start = Instant::now();
    let k = cfg.k;
    if k == 0 {
        anyhow::bail!("k must be at least 1");
    }
    let task = Task::from_network("graph".into(), coloring_network(graph, k, false), None)?;
    let (encoder, mut params) = Encoder::new(cfg.encoder, k, graph.vertices, cfg.seed);
    let mut adam = Adam::new(params.len(), cfg.lr);
    let mut noise = Noise::new(cfg.seed ^ 0x0c01_00e5);
    let mut cache = Cache::default();
    let mut logits = encoder.forward(&params, &task, &mut cache);
    let mut best = task.argmax_assignment(&logits);
    let mut best_conflicts = task.conflicts(&best);
    let mut best_logits = logits.clone();
    let (mut best_step, mut step) = (0, 0);
    let mut history = Vec::new();
    while step < cfg.steps && best_conflicts > 0 {
        let tau = cfg.schedule.tau(step);
        let s = objective::sample(&task, &logits, tau, &cfg.objective, &mut noise);
        let mut g = vec![0.0; params.len()];
        encoder.backward(&params, &task, &cache, &s.grad, &mut g);
        adam.step(&mut params, &g);
        step += 1;
        logits = encoder.forward(&params, &task, &mut cache);
        let a = task.argmax_assignment(&logits);
        let c = task.conflicts(&a);
        if c < best_conflicts {
            best_conflicts = c;
            best = a;
            best_step = step;
            best_logits = logits.clone();
        }
        let p = ColorPoint { step, temperature: tau, loss: s.loss, conflicts: c };
        on_point(&p);
        history.push(p);
    }
    let descent_seconds = start.elapsed().as_secs_f64();
    let mut report = ColorReport {
        vertices: graph.vertices,
        edges: graph.edges.len(),
        k,
        outcome: ColorOutcome::Unknown,
        best_conflicts,
        best_step,
        descent_steps: step,
        descent_seconds,
        solver_nodes: 0,
        solver_seconds: 0.0,
        total_seconds: 0.0,
        coloring: None,
        history,
    };
    if best_conflicts == 0 {
        coloring_valid(graph.vertices, &graph.edges, k, &best)
            .map_err(|e| anyhow::anyhow!("descent reported an invalid colouring: {e}"))?;
        report.outcome = ColorOutcome::Descent;
        report.coloring = Some(best);
    } else {
        // Symmetry breaking (vertex i takes a colour <= i) is sound and makes
        // impossibility proofs shorter; relabelling the best assignment by
        // first use makes it respect the restriction, so it stays the first
        // branch the solver tries.
        let map = first_use_relabel(&best, k);
        let net = coloring_network(graph, k, true);
        let program = net.compile()?;
        let scores: Vec<Vec<f64>> = (0..graph.vertices)
            .map(|v| {
                let mut row = vec![0.0; k];
                for c in 0..k {
                    row[map[c]] = best_logits[v * k + c] + if c == best[v] { 1e9 } else { 0.0 };
                }
                row
            })
            .collect();
        let limits =
            SearchLimits { max_solutions: 1, node_limit: Some(cfg.node_limit), time_limit: Some(cfg.time_limit) };
        let t = Instant::now();
        let mut prop = Worklist::new(&program);
        // dom/wdeg-conflict from the vertex degrees, as `softmask solve` branches.
        let branching = Branching::DomWdegConflict { initial: degrees(&program) };
        let r = search_with(&mut prop, &mut ByScore(scores), &branching, net.initial_domains(), &limits)
            .expect("infallible");
        report.solver_seconds = t.elapsed().as_secs_f64();
        report.solver_nodes = r.stats.nodes;
        if let Some(sol) = r.solutions.into_iter().next() {
            coloring_valid(graph.vertices, &graph.edges, k, &sol)
                .map_err(|e| anyhow::anyhow!("solver reported an invalid colouring: {e}"))?;
            report.outcome = ColorOutcome::Solver;
            report.coloring = Some(sol);
        } else if r.exhausted {
            report.outcome = ColorOutcome::Impossible;
        }
    }
    report.total_seconds = start.elapsed().as_secs_f64();
    Ok(report)
}

/// Default settings for `softmask color`.
pub fn default_objective(mode: Mode, rounds: usize, loss: LossWeights) -> ObjectiveConfig {
    ObjectiveConfig {
        mode,
        relax: super::objective::RelaxationKind::OneHot,
        k: rounds,
        loss,
        fixed_point: false,
        checkpoint_every: 0,
        group_rule: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(k: usize) -> ColorConfig {
        ColorConfig {
            k,
            encoder: EncoderSpec::Table,
            objective: default_objective(Mode::Soft, 0, LossWeights::parse("conflicts").unwrap()),
            schedule: Schedule::Constant { tau: 0.5 },
            lr: 0.1,
            steps: 300,
            seed: 1,
            node_limit: 100_000,
            time_limit: Duration::from_secs(20),
        }
    }

    fn odd_wheel() -> Graph {
        // A 5-cycle plus a hub: chromatic number 4.
        let mut edges = vec![(0, 1), (1, 2), (2, 3), (3, 4), (0, 4)];
        edges.extend((0..5).map(|v| (v, 5)));
        Graph { vertices: 6, edges }
    }

    #[test]
    fn colours_and_proves_impossible() {
        let g = odd_wheel();
        let r = color(&g, &config(4), |_| {}).unwrap();
        assert!(matches!(r.outcome, ColorOutcome::Descent | ColorOutcome::Solver), "{:?}", r.outcome);
        let c = r.coloring.unwrap();
        coloring_valid(6, &g.edges, 4, &c).unwrap();
        let r = color(&g, &config(3), |_| {}).unwrap();
        assert_eq!(r.outcome, ColorOutcome::Impossible);
        assert!(r.coloring.is_none() && r.best_conflicts > 0);
    }

    #[test]
    fn relabel_by_first_use() {
        assert_eq!(first_use_relabel(&[2, 2, 0, 3], 4), vec![1, 3, 0, 2]);
    }
}
