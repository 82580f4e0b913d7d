//! Small dense kernels for the encoders: linear layers over rows, ReLU, and
//! Adam, all on one flat `f64` parameter vector. Gradient-checked against
//! central finite differences in the tests.

use serde::{Deserialize, Serialize};

/// A linear layer `y = W x + b` stored inside a flat parameter vector:
/// `W` (`out x in`, row-major) at `w`, `b` (`out`) right after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Linear {
    pub inputs: usize,
    pub outputs: usize,
    pub offset: usize,
}

impl Linear {
    /// Number of parameters.
    pub fn size(inputs: usize, outputs: usize) -> usize {
        inputs * outputs + outputs
    }

    /// Allocates the layer at the end of `params`, with weights uniform in
    /// `±sqrt(6 / (in + out))` (Glorot) drawn from `rng`, biases 0.
    pub fn alloc(params: &mut Vec<f64>, inputs: usize, outputs: usize, rng: &mut impl rand::Rng) -> Linear {
        let offset = params.len();
        let bound = (6.0 / (inputs + outputs) as f64).sqrt();
        for _ in 0..inputs * outputs {
            params.push(rng.gen_range(-bound..bound));
        }
        params.extend(std::iter::repeat_n(0.0, outputs));
        Linear { inputs, outputs, offset }
    }

    fn w<'a>(&self, p: &'a [f64]) -> &'a [f64] {
        &p[self.offset..self.offset + self.inputs * self.outputs]
    }
    fn b<'a>(&self, p: &'a [f64]) -> &'a [f64] {
        let o = self.offset + self.inputs * self.outputs;
        &p[o..o + self.outputs]
    }

    /// `y[r] = W x[r] + b` for `rows` rows; `y` is overwritten.
    pub fn forward(&self, p: &[f64], x: &[f64], rows: usize, y: &mut [f64]) {
        let (w, b) = (self.w(p), self.b(p));
        for r in 0..rows {
            let xr = &x[r * self.inputs..(r + 1) * self.inputs];
            for o in 0..self.outputs {
                let wo = &w[o * self.inputs..(o + 1) * self.inputs];
                y[r * self.outputs + o] = b[o] + dot(wo, xr);
            }
        }
    }

    /// Accumulates `dL/dW`, `dL/db` into `g` (same layout as the parameters)
    /// and adds `dL/dx` into `gx` (when given), from `gy = dL/dy`.
    pub fn backward(&self, p: &[f64], x: &[f64], gy: &[f64], rows: usize, g: &mut [f64], mut gx: Option<&mut [f64]>) {
        let w = self.w(p);
        let (i, o_n) = (self.inputs, self.outputs);
        for r in 0..rows {
            let xr = &x[r * i..(r + 1) * i];
            for o in 0..o_n {
                let go = gy[r * o_n + o];
                if go == 0.0 {
                    continue;
                }
                let gw = &mut g[self.offset + o * i..self.offset + (o + 1) * i];
                for (a, &xv) in gw.iter_mut().zip(xr) {
                    *a += go * xv;
                }
                g[self.offset + i * o_n + o] += go;
                if let Some(gx) = gx.as_deref_mut() {
                    let wo = &w[o * i..(o + 1) * i];
                    for (a, &wv) in gx[r * i..(r + 1) * i].iter_mut().zip(wo) {
                        *a += go * wv;
                    }
                }
            }
        }
    }
}

/// `sum a[i] b[i]` with four independent partial sums (a fixed order, so results do not
/// depend on anything but the inputs; the single running sum was latency-bound).
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let (ca, cb) = (a.chunks_exact(4), b.chunks_exact(4));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..4 {
            acc[k] += x[k] * y[k];
        }
    }
    let mut tail = 0.0;
    for (x, y) in ra.iter().zip(rb) {
        tail += x * y;
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// In-place logistic sigmoid.
pub fn sigmoid(x: &mut [f64]) {
    for v in x {
        *v = 1.0 / (1.0 + (-*v).exp());
    }
}

/// In-place tanh.
pub fn tanh(x: &mut [f64]) {
    for v in x {
        *v = v.tanh();
    }
}

/// In-place ReLU.
pub fn relu(x: &mut [f64]) {
    for v in x {
        *v = v.max(0.0);
    }
}

/// Zeroes `g` where the ReLU output `y` was 0 (the ReLU backward).
pub fn relu_backward(y: &[f64], g: &mut [f64]) {
    for (gv, &yv) in g.iter_mut().zip(y) {
        if yv <= 0.0 {
            *gv = 0.0;
        }
    }
}

/// Adam (Kingma & Ba) with bias correction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Adam {
    pub lr: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
    pub t: u64,
    pub m: Vec<f64>,
    pub v: Vec<f64>,
}

impl Adam {
    pub fn new(n: usize, lr: f64) -> Adam {
        Adam { lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, t: 0, m: vec![0.0; n], v: vec![0.0; n] }
    }

    /// One step on `params` with gradient `g`.
    pub fn step(&mut self, params: &mut [f64], g: &[f64]) {
        self.t += 1;
        let c1 = 1.0 - self.beta1.powi(self.t as i32);
        let c2 = 1.0 - self.beta2.powi(self.t as i32);
        for i in 0..params.len() {
            let gi = g[i];
            self.m[i] = self.beta1 * self.m[i] + (1.0 - self.beta1) * gi;
            self.v[i] = self.beta2 * self.v[i] + (1.0 - self.beta2) * gi * gi;
            let mh = self.m[i] / c1;
            let vh = self.v[i] / c2;
            params[i] -= self.lr * mh / (vh.sqrt() + self.eps);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn linear_relu_gradient_check() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut p = Vec::new();
        let l1 = Linear::alloc(&mut p, 4, 5, &mut rng);
        let l2 = Linear::alloc(&mut p, 5, 3, &mut rng);
        for v in p.iter_mut() {
            *v += 0.05; // nonzero biases too
        }
        let rows = 3;
        let x: Vec<f64> = (0..rows * 4).map(|i| (i as f64 * 0.37).sin()).collect();
        let wts: Vec<f64> = (0..rows * 3).map(|i| (i as f64 * 0.71).cos()).collect();
        let f = |p: &[f64], x: &[f64]| {
            let mut h = vec![0.0; rows * 5];
            l1.forward(p, x, rows, &mut h);
            relu(&mut h);
            let mut y = vec![0.0; rows * 3];
            l2.forward(p, &h, rows, &mut y);
            y.iter().zip(&wts).map(|(a, b)| a * b).sum::<f64>()
        };
        let mut h = vec![0.0; rows * 5];
        l1.forward(&p, &x, rows, &mut h);
        relu(&mut h);
        let mut g = vec![0.0; p.len()];
        let mut gh = vec![0.0; rows * 5];
        l2.backward(&p, &h, &wts, rows, &mut g, Some(&mut gh));
        relu_backward(&h, &mut gh);
        let mut gx = vec![0.0; rows * 4];
        l1.backward(&p, &x, &gh, rows, &mut g, Some(&mut gx));
        let eps = 1e-6;
        for i in 0..p.len() {
            let (mut a, mut b) = (p.clone(), p.clone());
            a[i] += eps;
            b[i] -= eps;
            let fd = (f(&a, &x) - f(&b, &x)) / (2.0 * eps);
            assert!((fd - g[i]).abs() < 1e-6, "param {i}: {fd} vs {}", g[i]);
        }
        for i in 0..x.len() {
            let (mut a, mut b) = (x.clone(), x.clone());
            a[i] += eps;
            b[i] -= eps;
            let fd = (f(&p, &a) - f(&p, &b)) / (2.0 * eps);
            assert!((fd - gx[i]).abs() < 1e-6, "input {i}: {fd} vs {}", gx[i]);
        }
    }

    #[test]
    fn adam_minimises_a_quadratic() {
        let mut p = vec![3.0, -2.0];
        let mut adam = Adam::new(2, 0.1);
        for _ in 0..500 {
            let g = vec![2.0 * (p[0] - 1.0), 2.0 * (p[1] + 0.5)];
            adam.step(&mut p, &g);
        }
        assert!((p[0] - 1.0).abs() < 1e-2 && (p[1] + 0.5).abs() < 1e-2, "{p:?}");
    }
}
