//! Graph colouring: the population relaxation ([`population`]), the hand-over of its best
//! assignment to the default solver (this module), the classical baselines (DSATUR, TabuCol in
//! `semiring_core::search::coloring`) and the `softmask color` command ([`cli`]).

pub mod cli;
pub mod population;

use crate::formats::check::coloring_valid;
use crate::formats::dimacs::{coloring_network, Graph};
use semiring_core::groups::{Grouped, Groups};
use semiring_core::solver::{degrees, search_with, Branching, ByScore, SearchLimits, Worklist};
use serde::Serialize;
use std::time::{Duration, Instant};

/// Relabels colours by first use in vertex order; returns the map old -> new.
pub fn first_use_relabel(assignment: &[usize], k: usize) -> Vec<usize> {
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

/// What the solver stage did.
#[derive(Clone, Debug, Serialize)]
pub struct SolverStage {
    /// A checked colouring, if the solver found one.
    pub coloring: Option<Vec<usize>>,
    /// The search space was exhausted without a colouring: no `k`-colouring exists.
    pub refuted: bool,
    pub nodes: u64,
    pub seconds: f64,
}

/// The default solver of `softmask solve --k` (dom/wdeg-conflict from the degrees, all-different
/// group reasoning over the cliques of `!=` arcs when it finds any, vertex `i` limited to
/// colours `<= i`), with values tried in the order of `order[v]` (highest first) instead of
/// ascending. `order` = `None` is exactly `softmask solve`'s search.
pub fn solver(
    graph: &Graph,
    k: usize,
    order: Option<Vec<Vec<f64>>>,
    limits: &SearchLimits,
) -> anyhow::Result<SolverStage> {
    let t = Instant::now();
    let net = coloring_network(graph, k, true);
    let program = net.compile()?;
    let groups = Groups::detect(&program);
    let branching = Branching::DomWdegConflict { initial: degrees(&program) };
    // Ascending order as scores: value c scores -c.
    let scores = order.unwrap_or_else(|| (0..graph.vertices).map(|_| (0..k).map(|c| -(c as f64)).collect()).collect());
    let r = if groups.is_empty() {
        search_with(&mut Worklist::new(&program), &mut ByScore(scores), &branching, net.initial_domains(), limits)
    } else {
        let residual = groups.residual(&program);
        let mut p = Grouped::new(Worklist::new(&residual), &groups);
        search_with(&mut p, &mut ByScore(scores), &branching, net.initial_domains(), limits)
    }
    .unwrap_or_else(|never| match never {});
    let coloring = r.solutions.into_iter().next();
    if let Some(c) = &coloring {
        coloring_valid(graph.vertices, &graph.edges, k, c)
            .map_err(|e| anyhow::anyhow!("the solver returned an invalid colouring: {e}"))?;
    }
    Ok(SolverStage {
        refuted: coloring.is_none() && r.exhausted,
        coloring,
        nodes: r.stats.nodes,
        seconds: t.elapsed().as_secs_f64(),
    })
}

/// The hand-over: the best relaxed assignment `best` (with its logits, `v * k + c`) becomes the
/// solver's value order. Colours are relabelled by first use so the assignment respects the
/// solver's symmetry breaking (vertex `i` takes a colour `<= i`), and each vertex tries its
/// colour in `best` first, then the others by logit. So a `best` that is already a colouring is
/// the solver's first dive and comes back unchanged up to the relabelling.
pub fn hand_over(
    graph: &Graph,
    k: usize,
    best: &[usize],
    logits: &[f32],
    limits: &SearchLimits,
) -> anyhow::Result<SolverStage> {
    let map = first_use_relabel(best, k);
    let scores: Vec<Vec<f64>> = (0..graph.vertices)
        .map(|v| {
            let mut row = vec![0.0; k];
            for c in 0..k {
                row[map[c]] = logits[v * k + c] as f64 + if c == best[v] { 1e9 } else { 0.0 };
            }
            row
        })
        .collect();
    solver(graph, k, Some(scores), limits)
}

/// Solver limits from a time budget.
pub fn limits(node_limit: u64, time: Duration) -> SearchLimits {
    SearchLimits { max_solutions: 1, node_limit: Some(node_limit), time_limit: Some(time) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use semiring_core::search::coloring::{dsatur, Adjacency};

    #[test]
    fn relabel_by_first_use() {
        assert_eq!(first_use_relabel(&[2, 2, 0, 3], 4), vec![1, 3, 0, 2]);
    }

    fn queen(n: usize) -> Graph {
        let mut edges = Vec::new();
        for a in 0..n * n {
            for b in a + 1..n * n {
                let (r1, c1, r2, c2) = ((a / n) as i64, (a % n) as i64, (b / n) as i64, (b % n) as i64);
                if r1 == r2 || c1 == c2 || (r1 - r2).abs() == (c1 - c2).abs() {
                    edges.push((a, b));
                }
            }
        }
        Graph { vertices: n * n, edges }
    }

    #[test]
    fn hand_over_keeps_a_valid_colouring_valid() {
        for n in [5, 6, 7] {
            let g = queen(n);
            let adj = Adjacency::new(g.vertices, &g.edges);
            let (colors, used) = dsatur(&adj);
            for k in [used, used + 2] {
                // Logits that disagree with the colouring everywhere: the hand-over must still
                // follow the colouring it was given.
                let logits: Vec<f32> = (0..g.vertices * k).map(|i| ((i * 7919) % 13) as f32).collect();
                let r = hand_over(&g, k, &colors, &logits, &limits(1_000_000, Duration::from_secs(30))).unwrap();
                let c = r.coloring.expect("a colouring");
                coloring_valid(g.vertices, &g.edges, k, &c).unwrap();
                let map = first_use_relabel(&colors, k);
                let want: Vec<usize> = colors.iter().map(|&x| map[x]).collect();
                assert_eq!(c, want, "queen{n}_{n}, k = {k}: the solver left the colouring it was handed");
            }
        }
    }

    #[test]
    fn solver_refutes_below_chi() {
        // queen5_5 has chromatic number 5.
        let g = queen(5);
        let r = solver(&g, 4, None, &limits(10_000_000, Duration::from_secs(60))).unwrap();
        assert!(r.refuted && r.coloring.is_none());
        let r = solver(&g, 5, None, &limits(10_000_000, Duration::from_secs(60))).unwrap();
        assert!(r.coloring.is_some());
    }
}
