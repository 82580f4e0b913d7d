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
//! * `rrn`: a recurrent message-passing network in the spirit of recurrent relational
//!   networks (Palm et al. 2018): the `mp` inputs (without random features) embedded once,
//!   `e = relu(W_in x)`, `h_0 = e`, then `T` steps with weights shared over the steps:
//!   `m = mean_{u in N(v)} h_u`, `a = [h, m, e]`, a gated (GRU-like) update
//!   `z = sigmoid(W_z a)`, `c = tanh(W_c a)`, `h <- h + z (c - h)`, and logits
//!   `W_out h` after every step, so the training loss can score every step. Its inputs add,
//!   per value, `1 / (members of the variable's most constraining all-different group that
//!   can still take it)` after the default propagation, and failed-literal probes: for each
//!   open variable and candidate value, whether assigning it and running the default
//!   propagation wipes out, and else the share of open variables that probe fixes.

use super::dense::{relu, relu_backward, sigmoid, tanh, Linear};
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
    Rrn { hidden: usize, steps: usize },
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
    Rrn {
        width: usize,
        hidden: usize,
        steps: usize,
        input: Linear,
        gate: Linear,
        cand: Linear,
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
    /// rrn: the embedding `e`, and per step the gates `z` and candidates `c` (`agg` holds `a`).
    e: Vec<f64>,
    c: Vec<Vec<f64>>,
}

/// Per-variable input features of the message-passing encoders (see the module docs).
fn input_features(width: usize, random_features: usize) -> usize {
    3 * width + 2 + random_features
}

/// The rrn's: the `mp` features and, per value, how pinned it is by the all-different groups
/// (see [`Encoder::features`]).
fn rrn_features(width: usize) -> usize {
    6 * width + 2
}

/// Failed-literal probes of the default propagation from the propagated starting domains:
/// per variable and value, `(fails, share of the open variables the probe fixes)`; fixed
/// variables get `(0, 0)`.
fn probes(task: &Task) -> Vec<Vec<(f64, f64)>> {
    let n = task.num_vars();
    let w = task.width;
    let widths = &task.program().widths;
    let root = semiring_core::Domains::from_fn(widths, |v, a| task.candidates[v].binary_search(&a).is_ok());
    let open = (0..n).filter(|&v| task.candidates[v].len() > 1).count().max(1);
    (0..n)
        .map(|v| {
            let mut row = vec![(0.0, 0.0); w];
            if task.candidates[v].len() <= 1 {
                return row;
            }
            for &a in &task.candidates[v] {
                let mut d = root.clone();
                d.assign(v, a);
                row[a] = match task.shared.compiled.propagate(&mut d).outcome {
                    semiring_core::FixpointOutcome::Wipeout(_) => (1.0, 0.0),
                    _ => {
                        let fixed = (0..n).filter(|&u| task.candidates[u].len() > 1 && d.count(u) == 1).count();
                        (0.0, fixed as f64 / open as f64)
                    }
                };
            }
            row
        })
        .collect()
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
            EncoderSpec::Rrn { hidden, steps } => {
                let mut p = Vec::new();
                let input = Linear::alloc(&mut p, rrn_features(width), hidden, &mut rng);
                let gate = Linear::alloc(&mut p, 3 * hidden, hidden, &mut rng);
                let cand = Linear::alloc(&mut p, 3 * hidden, hidden, &mut rng);
                let output = Linear::alloc(&mut p, hidden, width, &mut rng);
                (Encoder::Rrn { width, hidden, steps, input, gate, cand, output }, p)
            }
        }
    }

    /// Checks that this encoder is consistent with itself and with `params` (a loaded
    /// checkpoint): every layer's shape, offset and size, the layers tiling the parameter
    /// vector exactly, and every parameter finite.
    pub fn validate(&self, params: &[f64]) -> Result<(), String> {
        let mut layers: Vec<(&str, &Linear, usize, usize)> = Vec::new();
        match self {
            Encoder::Table { vars, width } => {
                if *width == 0 || vars * width != params.len() {
                    return Err(format!(
                        "table encoder of {vars} variables x {width} values needs {} parameters, the checkpoint has {}",
                        vars * width,
                        params.len()
                    ));
                }
            }
            Encoder::Mp { width, hidden, random_features, input, layers: ls, output } => {
                if ls.is_empty() {
                    return Err("mp encoder without layers".into());
                }
                layers.push(("input", input, input_features(*width, *random_features), *hidden));
                for (ws, wn) in ls {
                    layers.push(("self", ws, *hidden, *hidden));
                    layers.push(("neighbour", wn, *hidden, *hidden));
                }
                layers.push(("output", output, *hidden, *width));
            }
            Encoder::Rrn { width, hidden, steps, input, gate, cand, output } => {
                if *steps == 0 {
                    return Err("rrn encoder with 0 steps".into());
                }
                layers.push(("input", input, rrn_features(*width), *hidden));
                layers.push(("gate", gate, 3 * hidden, *hidden));
                layers.push(("candidate", cand, 3 * hidden, *hidden));
                layers.push(("output", output, *hidden, *width));
            }
        }
        if !layers.is_empty() {
            let mut next = 0usize;
            for (name, l, i, o) in layers {
                if l.inputs != i || l.outputs != o || i == 0 || o == 0 {
                    return Err(format!(
                        "{name} layer is {} -> {}, the encoder's hidden/width settings need {i} -> {o}",
                        l.inputs, l.outputs
                    ));
                }
                if l.offset != next {
                    return Err(format!("{name} layer starts at parameter {}, expected {next}", l.offset));
                }
                next = next.saturating_add(Linear::size(i, o));
            }
            if next != params.len() {
                return Err(format!("the layers need {next} parameters, the checkpoint has {}", params.len()));
            }
        }
        if let Some(i) = params.iter().position(|p| !p.is_finite()) {
            return Err(format!("parameter {i} is {} (not finite)", params[i]));
        }
        Ok(())
    }

    pub fn width(&self) -> usize {
        match self {
            Encoder::Table { width, .. } | Encoder::Mp { width, .. } | Encoder::Rrn { width, .. } => *width,
        }
    }

    /// What [`Encoder::new`] was asked to build.
    pub fn spec(&self) -> EncoderSpec {
        match self {
            Encoder::Table { .. } => EncoderSpec::Table,
            Encoder::Mp { hidden, layers, random_features, .. } => {
                EncoderSpec::Mp { hidden: *hidden, layers: layers.len(), random_features: *random_features }
            }
            Encoder::Rrn { hidden, steps, .. } => EncoderSpec::Rrn { hidden: *hidden, steps: *steps },
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Encoder::Table { .. } => "table",
            Encoder::Mp { .. } => "mp",
            Encoder::Rrn { .. } => "rrn",
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
        let (w, r) = match self {
            Encoder::Mp { width, random_features, .. } => (*width, *random_features),
            Encoder::Rrn { width, .. } => (*width, 0),
            Encoder::Table { .. } => unreachable!("the table encoder has no features"),
        };
        let rrn = matches!(self, Encoder::Rrn { .. });
        let f = if rrn { rrn_features(w) } else { input_features(w, r) };
        let n = task.num_vars();
        // Per group and value, how many members still have the value (rrn only).
        let sh = &task.shared;
        let counts: Vec<Vec<u32>> = if rrn {
            sh.groups
                .iter()
                .map(|m| {
                    let mut c = vec![0u32; w];
                    for &u in m {
                        for &a in &task.candidates[u] {
                            c[a] += 1;
                        }
                    }
                    c
                })
                .collect()
        } else {
            Vec::new()
        };
        let probed = if rrn { probes(task) } else { Vec::new() };
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
            row[3 * w + 1] = (1.0 + task.neighbours()[v].len() as f64).ln() / 4.0;
            let nb = &task.neighbours()[v];
            for &u in nb {
                for &a in &task.candidates[u] {
                    row[2 * w + a] += 1.0 / nb.len() as f64;
                }
            }
            if rrn {
                // 1 / (members of the group that can still take `a`), the largest over the
                // variable's groups: 1 marks a hidden single, small values a common value.
                for &a in &task.candidates[v] {
                    let pin = sh.var_groups[v].iter().map(|&g| counts[g][a]).min().unwrap_or(0);
                    row[3 * w + 2 + a] = if pin > 0 { 1.0 / pin as f64 } else { 0.0 };
                    row[4 * w + 2 + a] = probed[v][a].0;
                    row[5 * w + 2 + a] = probed[v][a].1;
                }
            } else {
                for c in row[3 * w + 2..].iter_mut() {
                    *c = rng.gen_range(-1.0..1.0);
                }
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
            Encoder::Rrn { .. } => self.forward_steps(params, task, cache).pop().expect("at least one step"),
        }
    }

    /// Logits after every step (`mp`, `table`: one step; `rrn`: `T`), the last one what
    /// [`Encoder::forward`] returns.
    pub fn forward_steps(&self, params: &[f64], task: &Task, cache: &mut Cache) -> Vec<Vec<f64>> {
        let Encoder::Rrn { width, hidden, steps, input, gate, cand, output } = self else {
            return vec![self.forward(params, task, cache)];
        };
        let n = task.num_vars();
        let hd = *hidden;
        cache.x = self.features(task);
        let mut e = vec![0.0; n * hd];
        input.forward(params, &cache.x, n, &mut e);
        relu(&mut e);
        cache.h = vec![e.clone()];
        cache.agg.clear();
        cache.act.clear();
        cache.c.clear();
        let mut out = Vec::with_capacity(*steps);
        for _ in 0..*steps {
            let h = cache.h.last().expect("h0");
            let m = neighbour_mean(task, h, hd);
            let mut a = vec![0.0; n * 3 * hd];
            for v in 0..n {
                let row = &mut a[v * 3 * hd..(v + 1) * 3 * hd];
                row[..hd].copy_from_slice(&h[v * hd..(v + 1) * hd]);
                row[hd..2 * hd].copy_from_slice(&m[v * hd..(v + 1) * hd]);
                row[2 * hd..].copy_from_slice(&e[v * hd..(v + 1) * hd]);
            }
            let mut z = vec![0.0; n * hd];
            gate.forward(params, &a, n, &mut z);
            sigmoid(&mut z);
            let mut c = vec![0.0; n * hd];
            cand.forward(params, &a, n, &mut c);
            tanh(&mut c);
            let next: Vec<f64> = (0..n * hd).map(|i| h[i] + z[i] * (c[i] - h[i])).collect();
            let mut logits = vec![0.0; n * width];
            output.forward(params, &next, n, &mut logits);
            out.push(logits);
            cache.agg.push(a);
            cache.act.push(z);
            cache.c.push(c);
            cache.h.push(next);
        }
        cache.e = e;
        out
    }

    /// Adds `dL/dparams` into `g` given `gz[t] = dL/dlogits` of step `t` of
    /// [`Encoder::forward_steps`] (as many as it returned).
    pub fn backward_steps(&self, params: &[f64], task: &Task, cache: &Cache, gz: &[Vec<f64>], g: &mut [f64]) {
        let Encoder::Rrn { hidden, input, gate, cand, output, .. } = self else {
            return self.backward(params, task, cache, gz.last().expect("one step"), g);
        };
        assert_eq!(gz.len(), cache.c.len(), "one logit gradient per step");
        let n = task.num_vars();
        let hd = *hidden;
        let mut gh = vec![0.0; n * hd];
        let mut ge = vec![0.0; n * hd];
        for t in (0..gz.len()).rev() {
            // h_{t+1} = h_t + z (c - h_t); logits_t = W_out h_{t+1}.
            output.backward(params, &cache.h[t + 1], &gz[t], n, g, Some(&mut gh));
            let (h, z, c) = (&cache.h[t], &cache.act[t], &cache.c[t]);
            let mut gzp = vec![0.0; n * hd];
            let mut gcp = vec![0.0; n * hd];
            let mut prev = vec![0.0; n * hd];
            for i in 0..n * hd {
                gzp[i] = gh[i] * (c[i] - h[i]) * z[i] * (1.0 - z[i]);
                gcp[i] = gh[i] * z[i] * (1.0 - c[i] * c[i]);
                prev[i] = gh[i] * (1.0 - z[i]);
            }
            let mut ga = vec![0.0; n * 3 * hd];
            gate.backward(params, &cache.agg[t], &gzp, n, g, Some(&mut ga));
            cand.backward(params, &cache.agg[t], &gcp, n, g, Some(&mut ga));
            for v in 0..n {
                let row = &ga[v * 3 * hd..(v + 1) * 3 * hd];
                for j in 0..hd {
                    prev[v * hd + j] += row[j];
                    ge[v * hd + j] += row[2 * hd + j];
                }
                let nb = &task.neighbours()[v];
                if nb.is_empty() {
                    continue;
                }
                let s = 1.0 / nb.len() as f64;
                for &u in nb {
                    for j in 0..hd {
                        prev[u * hd + j] += s * row[hd + j];
                    }
                }
            }
            gh = prev;
        }
        // h_0 = e.
        for (a, b) in ge.iter_mut().zip(&gh) {
            *a += b;
        }
        relu_backward(&cache.e, &mut ge);
        input.backward(params, &cache.x, &ge, n, g, None);
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
                        let nb = &task.neighbours()[v];
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
            Encoder::Rrn { steps, .. } => {
                let mut all = vec![vec![0.0; gz.len()]; *steps];
                all[steps - 1] = gz.to_vec();
                self.backward_steps(params, task, cache, &all, g)
            }
        }
    }
}

fn neighbour_mean(task: &Task, h: &[f64], hd: usize) -> Vec<f64> {
    let n = task.num_vars();
    let mut out = vec![0.0; n * hd];
    for v in 0..n {
        let nb = &task.neighbours()[v];
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

    /// The recurrent encoder's backward (a loss on every step's logits) against central
    /// differences, and `backward` (last step only) against the same with zero earlier weights.
    #[test]
    fn rrn_gradient_check() {
        let task = small_task();
        let (enc, mut p) = Encoder::new(EncoderSpec::Rrn { hidden: 5, steps: 3 }, 3, 0, 11);
        for (i, v) in p.iter_mut().enumerate() {
            *v += 0.05 * ((i % 5) as f64 - 2.0);
        }
        let wts: Vec<Vec<f64>> = (0..3).map(|t| (0..15).map(|i| ((i + 7 * t) as f64 * 0.9).sin()).collect()).collect();
        let f = |p: &[f64], upto: usize| {
            let zs = enc.forward_steps(p, &task, &mut Cache::default());
            assert_eq!(zs.len(), 3);
            (upto..3).map(|t| zs[t].iter().zip(&wts[t]).map(|(a, b)| a * b).sum::<f64>()).sum::<f64>()
        };
        let mut cache = Cache::default();
        let last = enc.forward(&p, &task, &mut cache);
        assert_eq!(last, enc.forward_steps(&p, &task, &mut Cache::default())[2]);
        let mut g = vec![0.0; p.len()];
        enc.backward_steps(&p, &task, &cache, &wts, &mut g);
        let mut g_last = vec![0.0; p.len()];
        enc.backward(&p, &task, &cache, &wts[2], &mut g_last);
        let h = 1e-6;
        let mut nonzero = 0;
        for i in 0..p.len() {
            let (mut a, mut b) = (p.clone(), p.clone());
            a[i] += h;
            b[i] -= h;
            let fd = (f(&a, 0) - f(&b, 0)) / (2.0 * h);
            assert!((fd - g[i]).abs() < 1e-6 * fd.abs().max(1.0), "param {i}: {fd} vs {}", g[i]);
            let fd_last = (f(&a, 2) - f(&b, 2)) / (2.0 * h);
            assert!(
                (fd_last - g_last[i]).abs() < 1e-6 * fd_last.abs().max(1.0),
                "param {i}: {fd_last} vs {}",
                g_last[i]
            );
            nonzero += (g[i] != 0.0) as usize;
        }
        assert!(nonzero > p.len() / 2, "{nonzero} of {}", p.len());
        assert!(enc.validate(&p).is_ok());
        assert!(enc.validate(&p[1..]).unwrap_err().contains("parameters"));
        let mut bad = p.clone();
        bad[3] = f64::NAN;
        assert!(enc.validate(&bad).unwrap_err().contains("not finite"));
    }
}
