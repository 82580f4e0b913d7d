//! Classical graph-colouring heuristics, as baselines and finishing moves for
//! the relaxed colouring: DSATUR (Brélaz 1979), TabuCol (Hertz & de Werra
//! 1987, in the form of Galinier & Hertz 1999) and a greedy min-conflicts
//! repair. Pure algorithms over an adjacency list; no IO.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::{Duration, Instant};

/// Undirected simple graph in compressed adjacency form (self-loops and
/// repeated edges dropped).
#[derive(Clone, Debug)]
pub struct Adjacency {
    start: Vec<usize>,
    neighbours: Vec<usize>,
    /// Each edge once, `u < v`.
    pub edges: Vec<(usize, usize)>,
}

impl Adjacency {
    pub fn new(vertices: usize, edges: &[(usize, usize)]) -> Adjacency {
        let mut list: Vec<(usize, usize)> =
            edges.iter().filter(|(u, v)| u != v).map(|&(u, v)| (u.min(v), u.max(v))).collect();
        list.sort_unstable();
        list.dedup();
        let mut degree = vec![0usize; vertices];
        for &(u, v) in &list {
            degree[u] += 1;
            degree[v] += 1;
        }
        let mut start = vec![0usize; vertices + 1];
        for v in 0..vertices {
            start[v + 1] = start[v] + degree[v];
        }
        let mut fill = start.clone();
        let mut neighbours = vec![0usize; start[vertices]];
        for &(u, v) in &list {
            neighbours[fill[u]] = v;
            fill[u] += 1;
            neighbours[fill[v]] = u;
            fill[v] += 1;
        }
        Adjacency { start, neighbours, edges: list }
    }

    pub fn vertices(&self) -> usize {
        self.start.len() - 1
    }

    pub fn neighbours(&self, v: usize) -> &[usize] {
        &self.neighbours[self.start[v]..self.start[v + 1]]
    }

    pub fn degree(&self, v: usize) -> usize {
        self.start[v + 1] - self.start[v]
    }

    /// Edges whose two ends share a colour.
    pub fn conflicts(&self, colors: &[usize]) -> usize {
        self.edges.iter().filter(|&&(u, v)| colors[u] == colors[v]).count()
    }
}

/// DSATUR: repeatedly colour the uncoloured vertex with the most distinct
/// colours among its neighbours (ties: highest degree, then lowest index) with
/// the lowest colour none of them has. Returns the colouring (colours
/// `0..used`) and `used`; it is always proper.
pub fn dsatur(g: &Adjacency) -> (Vec<usize>, usize) {
    let n = g.vertices();
    let mut color = vec![usize::MAX; n];
    // seen[v] = colours present among v's coloured neighbours, as a growable bitset.
    let mut seen: Vec<Vec<u64>> = vec![Vec::new(); n];
    let mut saturation = vec![0usize; n];
    // Key (saturation, degree, -index): a max-heap with lazy updates.
    let mut heap: std::collections::BinaryHeap<(usize, usize, std::cmp::Reverse<usize>)> =
        (0..n).map(|v| (0, g.degree(v), std::cmp::Reverse(v))).collect();
    let mut used = 0;
    while let Some((sat, _, std::cmp::Reverse(v))) = heap.pop() {
        if color[v] != usize::MAX || sat != saturation[v] {
            continue;
        }
        let c = (0..).find(|&c| seen[v].get(c / 64).is_none_or(|w| w >> (c % 64) & 1 == 0)).expect("a free colour");
        color[v] = c;
        used = used.max(c + 1);
        for &u in g.neighbours(v) {
            if color[u] != usize::MAX {
                continue;
            }
            let s = &mut seen[u];
            if s.len() <= c / 64 {
                s.resize(c / 64 + 1, 0);
            }
            if s[c / 64] >> (c % 64) & 1 == 0 {
                s[c / 64] |= 1 << (c % 64);
                saturation[u] += 1;
                heap.push((saturation[u], g.degree(u), std::cmp::Reverse(u)));
            }
        }
    }
    (color, used)
}

/// Incremental conflict bookkeeping shared by TabuCol and the repair:
/// `gamma[v * k + c]` = neighbours of `v` coloured `c`; the conflicting
/// vertices as an indexed set.
struct Moves<'g> {
    g: &'g Adjacency,
    k: usize,
    color: Vec<usize>,
    gamma: Vec<u32>,
    conflicting: Vec<usize>,
    position: Vec<usize>,
    conflicts: usize,
}

impl<'g> Moves<'g> {
    fn new(g: &'g Adjacency, k: usize, color: Vec<usize>) -> Moves<'g> {
        let n = g.vertices();
        let mut gamma = vec![0u32; n * k];
        for v in 0..n {
            for &u in g.neighbours(v) {
                gamma[v * k + color[u]] += 1;
            }
        }
        let mut m = Moves { g, k, color, gamma, conflicting: Vec::new(), position: vec![usize::MAX; n], conflicts: 0 };
        for v in 0..n {
            if m.gamma[v * k + m.color[v]] > 0 {
                m.insert(v);
            }
        }
        m.conflicts = g.conflicts(&m.color);
        m
    }

    fn insert(&mut self, v: usize) {
        if self.position[v] == usize::MAX {
            self.position[v] = self.conflicting.len();
            self.conflicting.push(v);
        }
    }

    fn remove(&mut self, v: usize) {
        let p = self.position[v];
        if p != usize::MAX {
            let last = *self.conflicting.last().expect("non-empty");
            self.conflicting.swap_remove(p);
            if last != v {
                self.position[last] = p;
            }
            self.position[v] = usize::MAX;
        }
    }

    /// Change in conflicting edges if `v` took colour `c`.
    fn delta(&self, v: usize, c: usize) -> i64 {
        self.gamma[v * self.k + c] as i64 - self.gamma[v * self.k + self.color[v]] as i64
    }

    fn apply(&mut self, v: usize, c: usize) {
        let k = self.k;
        let old = self.color[v];
        self.conflicts = (self.conflicts as i64 + self.delta(v, c)) as usize;
        self.color[v] = c;
        for i in self.g.start[v]..self.g.start[v + 1] {
            let u = self.g.neighbours[i];
            self.gamma[u * k + old] -= 1;
            self.gamma[u * k + c] += 1;
            let cu = self.color[u];
            if cu == old && self.gamma[u * k + old] == 0 {
                self.remove(u);
            } else if cu == c {
                self.insert(u);
            }
        }
        if self.gamma[v * k + c] > 0 {
            self.insert(v);
        } else {
            self.remove(v);
        }
    }
}

/// What a local search reached.
#[derive(Clone, Debug)]
pub struct LocalSearch {
    /// The best assignment seen (colours `0..k`).
    pub colors: Vec<usize>,
    pub conflicts: usize,
    pub iterations: u64,
    pub seconds: f64,
}

/// Greedy repair: while some single recolouring of a conflicting vertex
/// strictly lowers the number of conflicting edges, make the best one (ties:
/// lowest vertex, then lowest colour). A plain steepest descent, no tabu list;
/// it stops in the first local minimum. Never raises the conflict count.
pub fn repair(g: &Adjacency, k: usize, colors: &[usize]) -> LocalSearch {
    let t = Instant::now();
    let mut m = Moves::new(g, k, colors.to_vec());
    let mut iterations = 0;
    loop {
        let mut best: Option<(i64, usize, usize)> = None;
        let mut cand = m.conflicting.clone();
        cand.sort_unstable();
        for &v in &cand {
            for c in 0..k {
                if c != m.color[v] {
                    let d = m.delta(v, c);
                    if d < 0 && best.is_none_or(|(bd, _, _)| d < bd) {
                        best = Some((d, v, c));
                    }
                }
            }
        }
        match best {
            Some((_, v, c)) => {
                m.apply(v, c);
                iterations += 1;
            }
            None => break,
        }
    }
    LocalSearch { conflicts: m.conflicts, colors: m.color, iterations, seconds: t.elapsed().as_secs_f64() }
}

/// Settings of [`tabucol`].
#[derive(Clone, Copy, Debug)]
pub struct TabuConfig {
    /// Tenure `random(0..=l) + lambda * |conflicting vertices|` (Galinier & Hertz: `l` = 9, lambda = 0.6).
    pub l: u64,
    pub lambda: f64,
    pub max_iterations: u64,
    pub time_limit: Duration,
    pub seed: u64,
}

impl Default for TabuConfig {
    fn default() -> Self {
        TabuConfig { l: 9, lambda: 0.6, max_iterations: u64::MAX, time_limit: Duration::from_secs(60), seed: 0 }
    }
}

/// TabuCol with a fixed `k`: from `start`, each iteration makes the best
/// recolouring `(v, c)` of a conflicting vertex `v` (fewest conflicting edges
/// after the move, ties broken at random) that is not tabu, or that is tabu
/// but reaches fewer conflicts than the best seen (aspiration). Giving `v`
/// back its old colour is then tabu for `random(0..=l) + lambda *
/// |conflicting vertices|` iterations. Stops at 0 conflicts or a limit.
pub fn tabucol(g: &Adjacency, k: usize, start: &[usize], cfg: &TabuConfig) -> LocalSearch {
    let t = Instant::now();
    let n = g.vertices();
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
    let mut m = Moves::new(g, k, start.to_vec());
    let mut tabu = vec![0u64; n * k];
    let mut best = m.color.clone();
    let mut best_conflicts = m.conflicts;
    let mut iter = 0u64;
    while best_conflicts > 0 && iter < cfg.max_iterations {
        if iter.is_multiple_of(1024) && t.elapsed() >= cfg.time_limit {
            break;
        }
        iter += 1;
        let mut best_delta = i64::MAX;
        let mut ties = 0u32;
        let mut chosen = None;
        for &v in &m.conflicting {
            let cv = m.color[v];
            for c in 0..k {
                if c == cv {
                    continue;
                }
                let d = m.delta(v, c);
                let allowed = tabu[v * k + c] < iter || (m.conflicts as i64 + d) < best_conflicts as i64;
                if !allowed || d > best_delta {
                    continue;
                }
                if d < best_delta {
                    best_delta = d;
                    ties = 1;
                    chosen = Some((v, c));
                } else {
                    ties += 1;
                    if rng.gen_range(0..ties) == 0 {
                        chosen = Some((v, c));
                    }
                }
            }
        }
        let Some((v, c)) = chosen.or_else(|| {
            // Every move tabu: take a random one (rare; keeps the walk going).
            let v = m.conflicting[rng.gen_range(0..m.conflicting.len())];
            let c = (m.color[v] + 1 + rng.gen_range(0..k - 1)) % k;
            Some((v, c))
        }) else {
            break;
        };
        let old = m.color[v];
        m.apply(v, c);
        let tenure = rng.gen_range(0..=cfg.l) + (cfg.lambda * m.conflicting.len() as f64) as u64;
        tabu[v * k + old] = iter + tenure;
        if m.conflicts < best_conflicts {
            best_conflicts = m.conflicts;
            best.copy_from_slice(&m.color);
        }
    }
    LocalSearch { colors: best, conflicts: best_conflicts, iterations: iter, seconds: t.elapsed().as_secs_f64() }
}

/// A start for TabuCol with `k` colours: DSATUR's colouring with every colour
/// `>= k` replaced by the colour of fewest conflicts at that point (vertex
/// order), the greedy start Galinier & Hertz use.
pub fn greedy_start(g: &Adjacency, k: usize) -> Vec<usize> {
    let (mut colors, used) = dsatur(g);
    if used <= k {
        return colors;
    }
    let n = g.vertices();
    for v in 0..n {
        if colors[v] >= k {
            let mut count = vec![0usize; k];
            for &u in g.neighbours(v) {
                if colors[u] < k {
                    count[colors[u]] += 1;
                }
            }
            colors[v] = (0..k).min_by_key(|&c| (count[c], c)).expect("k >= 1");
        }
    }
    colors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn random_graph(n: usize, p: f64, seed: u64) -> Adjacency {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut e = Vec::new();
        for u in 0..n {
            for v in u + 1..n {
                if rng.gen_bool(p) {
                    e.push((u, v));
                }
            }
        }
        Adjacency::new(n, &e)
    }

    #[test]
    fn dsatur_is_proper_and_exact_on_small_cases() {
        for seed in 0..20 {
            let g = random_graph(60, 0.2, seed);
            let (c, used) = dsatur(&g);
            assert_eq!(g.conflicts(&c), 0);
            assert!(c.iter().all(|&x| x < used));
        }
        // An odd cycle needs 3, a bipartite graph 2 (DSATUR is exact on bipartite graphs).
        let odd = Adjacency::new(7, &(0..7).map(|i| (i, (i + 1) % 7)).collect::<Vec<_>>());
        assert_eq!(dsatur(&odd).1, 3);
        let even = Adjacency::new(8, &(0..8).map(|i| (i, (i + 1) % 8)).collect::<Vec<_>>());
        assert_eq!(dsatur(&even).1, 2);
    }

    #[test]
    fn moves_track_conflicts_exactly() {
        let g = random_graph(40, 0.3, 7);
        let k = 4;
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let start: Vec<usize> = (0..40).map(|_| rng.gen_range(0..k)).collect();
        let mut m = Moves::new(&g, k, start);
        for _ in 0..500 {
            let v = rng.gen_range(0..40);
            let c = rng.gen_range(0..k);
            m.apply(v, c);
            assert_eq!(m.conflicts, g.conflicts(&m.color));
            let mut set: Vec<usize> = m.conflicting.clone();
            set.sort_unstable();
            let want: Vec<usize> =
                (0..40).filter(|&v| g.neighbours(v).iter().any(|&u| m.color[u] == m.color[v])).collect();
            assert_eq!(set, want);
        }
    }

    #[test]
    fn tabucol_colours_and_repair_never_worsens() {
        let g = random_graph(80, 0.15, 3);
        let (_, used) = dsatur(&g);
        let k = used - 1;
        let start = greedy_start(&g, k);
        let before = g.conflicts(&start);
        let r = repair(&g, k, &start);
        assert!(r.conflicts <= before);
        assert_eq!(r.conflicts, g.conflicts(&r.colors));
        let t = tabucol(&g, k, &start, &TabuConfig { seed: 5, ..TabuConfig::default() });
        assert_eq!(t.conflicts, g.conflicts(&t.colors));
        assert_eq!(t.conflicts, 0, "TabuCol should colour a G(80, 0.15) with DSATUR - 1 colours");
        // Replays exactly from its seed.
        let t2 = tabucol(&g, k, &start, &TabuConfig { seed: 5, ..TabuConfig::default() });
        assert_eq!((t.colors, t.iterations), (t2.colors, t2.iterations));
    }
}
