//! Encoders: logits for every (variable, value) of a [`Task`].
//!
//! * `table`: free logits, one per variable and value, for optimising one
//!   instance (colouring).
//! * `mp`: a message-passing network over the constraint graph whose weights
//!   are shared by all instances. Per-variable inputs: one-hot of a given
//!   (fixed) value, the mask of values left by hard propagation of the
//!   starting domains, for each value the share of neighbours that still
//!   have it, a given flag, `ln(1 + degree)/4`
//!   and optionally `random_features` seeded random numbers (they let the
//!   network break the symmetry of instances without givens, e.g. colouring).
//!   Layers: `h0 = relu(W_in x)`, then per layer
//!   `h <- h + relu(W_self h + W_nb mean_{u in N(v)} h_u)`, then
//!   `z = W_out h`.

use super::dense::{relu, relu_backward, Linear};
use super::task::Task;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// What to build.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EncoderSpec {
    Table,
    Mp { hidden: usize, layers: usize, random_features: usize },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Encoder {
    Table {
        vars: usize,
        width: usize,
    },
    Mp {
        width: usize,
        hidden: usize,
        random_features: usize,
        input: Linear,
        /// `(W_self, W_nb)` per layer.
        layers: Vec<(Linear, Linear)>,
        output: Linear,
    },
}

/// Intermediate values of a forward pass, kept for the backward pass.
#[derive(Clone, Debug, Default)]
pub struct Cache {
    x: Vec<f64>,
    /// `h_0 .. h_L`.
    h: Vec<Vec<f64>>,
    /// Per layer: the neighbour means and the ReLU outputs.
    agg: Vec<Vec<f64>>,
    act: Vec<Vec<f64>>,
}

impl Encoder {
    /// Builds an encoder and its initial parameters. `table` needs the one
    /// task it is for; logits start at 0 plus `±0.01` seeded jitter.
    pub fn new(spec: EncoderSpec, width: usize, table_vars: usize, seed: u64) -> (Encoder, Vec<f64>) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        match spec {
            EncoderSpec::Table => {
                let p = (0..table_vars * width).map(|_| rng.gen_range(-0.01..0.01)).collect();
                (Encoder::Table { vars: table_vars, width }, p)
            }
            EncoderSpec::Mp { hidden, layers, random_features } => {
                let mut p = Vec::new();
                let f = 3 * width + 2 + random_features;
                let input = Linear::alloc(&mut p, f, hidden, &mut rng);
                let layers = (0..layers)
                    .map(|_| {
                        (
                            Linear::alloc(&mut p, hidden, hidden, &mut rng),
                            Linear::alloc(&mut p, hidden, hidden, &mut rng),
                        )
                    })
                    .collect();
                let output = Linear::alloc(&mut p, hidden, width, &mut rng);
                (Encoder::Mp { width, hidden, random_features, input, layers, output }, p)
            }
        }
    }

    pub fn width(&self) -> usize {
        match self {
            Encoder::Table { width, .. } | Encoder::Mp { width, .. } => *width,
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Encoder::Table { .. } => "table",
            Encoder::Mp { .. } => "mp",
        }
    }

    /// Checks that the encoder can produce logits for `task`.
    pub fn check(&self, task: &Task) -> anyhow::Result<()> {
        if task.width != self.width() {
            anyhow::bail!(
                "{}: domain width {} but the encoder was built for width {}",
                task.name,
                task.width,
                self.width()
            );
        }
        if let Encoder::Table { vars, .. } = self {
            if *vars != task.num_vars() {
                anyhow::bail!(
                    "{}: {} variables but the table encoder has logits for {vars}",
                    task.name,
                    task.num_vars()
                );
            }
        }
        Ok(())
    }

    fn features(&self, task: &Task) -> Vec<f64> {
        let Encoder::Mp { width, random_features, .. } = self else { unreachable!() };
        let (w, r) = (*width, *random_features);
        let f = 3 * w + 2 + r;
        let n = task.num_vars();
        let mut x = vec![0.0; n * f];
        let mut rng = ChaCha8Rng::seed_from_u64(0x5eed_f00d);
        for v in 0..n {
            let row = &mut x[v * f..(v + 1) * f];
            let allowed = &task.allowed[v];
            if allowed.len() == 1 {
                row[allowed[0]] = 1.0;
                row[3 * w] = 1.0;
            }
            for &a in &task.candidates[v] {
                row[w + a] = 1.0;
            }
            row[3 * w + 1] = (1.0 + task.neighbours[v].len() as f64).ln() / 4.0;
            let nb = &task.neighbours[v];
            for &u in nb {
                for &a in &task.candidates[u] {
                    row[2 * w + a] += 1.0 / nb.len() as f64;
                }
            }
            for c in row[3 * w + 2..].iter_mut() {
                *c = rng.gen_range(-1.0..1.0);
            }
        }
        x
    }

    /// Logits `n x width` for `task`.
    pub fn forward(&self, params: &[f64], task: &Task, cache: &mut Cache) -> Vec<f64> {
        match self {
            Encoder::Table { .. } => params.to_vec(),
            Encoder::Mp { width, hidden, input, layers, output, .. } => {
                let n = task.num_vars();
                let hd = *hidden;
                cache.x = self.features(task);
                let mut h = vec![0.0; n * hd];
                input.forward(params, &cache.x, n, &mut h);
                relu(&mut h);
                cache.h = vec![h];
                cache.agg.clear();
                cache.act.clear();
                for (ws, wn) in layers {
                    let h = cache.h.last().expect("h0");
                    let agg = neighbour_mean(task, h, hd);
                    let mut a = vec![0.0; n * hd];
                    ws.forward(params, h, n, &mut a);
                    let mut b = vec![0.0; n * hd];
                    wn.forward(params, &agg, n, &mut b);
                    for (x, y) in a.iter_mut().zip(&b) {
                        *x += y;
                    }
                    relu(&mut a);
                    let next: Vec<f64> = h.iter().zip(&a).map(|(x, y)| x + y).collect();
                    cache.agg.push(agg);
                    cache.act.push(a);
                    cache.h.push(next);
                }
                let mut z = vec![0.0; n * width];
                output.forward(params, cache.h.last().expect("h"), n, &mut z);
                z
            }
        }
    }

    /// Adds `dL/dparams` into `g` given `gz = dL/dlogits`.
    pub fn backward(&self, params: &[f64], task: &Task, cache: &Cache, gz: &[f64], g: &mut [f64]) {
        match self {
            Encoder::Table { .. } => {
                for (a, b) in g.iter_mut().zip(gz) {
                    *a += b;
                }
            }
            Encoder::Mp { hidden, input, layers, output, .. } => {
                let n = task.num_vars();
                let hd = *hidden;
                let mut gh = vec![0.0; n * hd];
                output.backward(params, cache.h.last().expect("h"), gz, n, g, Some(&mut gh));
                for (l, (ws, wn)) in layers.iter().enumerate().rev() {
                    // h_{l+1} = h_l + act: gh flows to h_l directly and through act.
                    let mut ga = gh.clone();
                    relu_backward(&cache.act[l], &mut ga);
                    ws.backward(params, &cache.h[l], &ga, n, g, Some(&mut gh));
                    let mut gagg = vec![0.0; n * hd];
                    wn.backward(params, &cache.agg[l], &ga, n, g, Some(&mut gagg));
                    for v in 0..n {
                        let nb = &task.neighbours[v];
                        if nb.is_empty() {
                            continue;
                        }
                        let s = 1.0 / nb.len() as f64;
                        for &u in nb {
                            for j in 0..hd {
                                gh[u * hd + j] += s * gagg[v * hd + j];
                            }
                        }
                    }
                }
                relu_backward(&cache.h[0], &mut gh);
                input.backward(params, &cache.x, &gh, n, g, None);
            }
        }
    }
}

fn neighbour_mean(task: &Task, h: &[f64], hd: usize) -> Vec<f64> {
    let n = task.num_vars();
    let mut out = vec![0.0; n * hd];
    for v in 0..n {
        let nb = &task.neighbours[v];
        if nb.is_empty() {
            continue;
        }
        let s = 1.0 / nb.len() as f64;
        for &u in nb {
            for j in 0..hd {
                out[v * hd + j] += s * h[u * hd + j];
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use semiring_core::network::{Constraint, Network, RelationSpec};

    fn small_task() -> Task {
        let mut net = Network::with_vars(5, 3);
        net.variables[0].domain = Some(vec![1]);
        net.variables[3].domain = Some(vec![0, 2]);
        for (x, y) in [(0, 1), (1, 2), (2, 3), (3, 4), (0, 4), (1, 3)] {
            net.constraints.push(Constraint::Binary { scope: [x, y], relation: RelationSpec::Ne });
        }
        Task::from_network("t".into(), net, None).unwrap()
    }

    #[test]
    fn mp_gradient_check() {
        let task = small_task();
        let spec = EncoderSpec::Mp { hidden: 6, layers: 2, random_features: 2 };
        let (enc, mut p) = Encoder::new(spec, 3, 0, 4);
        for (i, v) in p.iter_mut().enumerate() {
            *v += 0.03 * ((i % 7) as f64 - 3.0); // move biases off zero
        }
        let wts: Vec<f64> = (0..15).map(|i| (i as f64 * 0.9).sin()).collect();
        let f = |p: &[f64]| {
            let z = enc.forward(p, &task, &mut Cache::default());
            z.iter().zip(&wts).map(|(a, b)| a * b).sum::<f64>()
        };
        let mut cache = Cache::default();
        enc.forward(&p, &task, &mut cache);
        let mut g = vec![0.0; p.len()];
        enc.backward(&p, &task, &cache, &wts, &mut g);
        let h = 1e-6;
        let mut nonzero = 0;
        for i in 0..p.len() {
            let (mut a, mut b) = (p.clone(), p.clone());
            a[i] += h;
            b[i] -= h;
            let fd = (f(&a) - f(&b)) / (2.0 * h);
            assert!((fd - g[i]).abs() < 1e-6 * fd.abs().max(1.0), "param {i}: {fd} vs {}", g[i]);
            nonzero += (g[i] != 0.0) as usize;
        }
        assert!(nonzero > p.len() / 3, "{nonzero} of {}", p.len());
    }
}
