//! Relaxations that turn logits into soft domains: Gumbel-Softmax (relaxed
//! one-hot over a variable's values), binary Concrete / Gumbel-sigmoid (one
//! relaxed bit per value: a relaxed subset), their straight-through hard
//! versions, their vector-Jacobian products, and temperature schedules.
//!
//! **Noise.** All noise comes from [`Noise`], a `rand_chacha::ChaCha8Rng`
//! seeded explicitly, so a run replays exactly. A uniform is drawn as
//! `(next_u64() >> 11) * 2^-53` (53 random bits, in `[0, 1)`) and clamped to
//! `[EPS, 1 - EPS]` with [`EPS`] `= 1e-12`, so `ln u` and `ln(1 - u)` are
//! finite: Gumbel noise `g = -ln(-ln u)` lies within about `[-3.3, 27.6]`,
//! logistic noise `ln u - ln(1 - u)` within about `[-27.6, 27.6]`.
//!
//! **Numerical safety.** Logits up to `±1e4` and temperatures down to
//! `1e-3` give scaled scores up to about `1e7`: the softmax subtracts the
//! maximum before `exp` (so every `exp` argument is `<= 0` and the largest
//! is exactly 1), the sigmoid branches on the sign (no `exp` of a positive
//! argument), and [`log_sigmoid`] is `min(x, 0) - ln(1 + e^{-|x|})`. No
//! `log(0)`, no overflow, no NaN for finite inputs (tested).

use rand::RngCore;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// Uniforms are clamped to `[EPS, 1 - EPS]`.
pub const EPS: f64 = 1e-12;

/// Seeded noise source (ChaCha8).
#[derive(Clone, Debug)]
pub struct Noise {
    rng: ChaCha8Rng,
}

impl Noise {
    pub fn new(seed: u64) -> Noise {
        Noise { rng: ChaCha8Rng::seed_from_u64(seed) }
    }
    /// A uniform in `[EPS, 1 - EPS]`.
    pub fn uniform(&mut self) -> f64 {
        let u = (self.rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
        u.clamp(EPS, 1.0 - EPS)
    }
    /// Standard Gumbel: `-ln(-ln u)`.
    pub fn gumbel(&mut self) -> f64 {
        -(-self.uniform().ln()).ln()
    }
    /// Standard logistic: `ln u - ln(1 - u)`.
    pub fn logistic(&mut self) -> f64 {
        let u = self.uniform();
        u.ln() - (1.0 - u).ln()
    }
    /// Fills `out` with Gumbel noise.
    pub fn fill_gumbel(&mut self, out: &mut [f64]) {
        for g in out {
            *g = self.gumbel();
        }
    }
    /// Fills `out` with logistic noise.
    pub fn fill_logistic(&mut self, out: &mut [f64]) {
        for g in out {
            *g = self.logistic();
        }
    }
}

/// Stable logistic sigmoid.
pub fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// Stable `ln(sigmoid(x)) = min(x, 0) - ln(1 + e^{-|x|})`.
pub fn log_sigmoid(x: f64) -> f64 {
    x.min(0.0) - (-x.abs()).exp().ln_1p()
}

/// Softmax of `x / tau` with max subtraction, into `out`.
pub fn softmax(x: &[f64], tau: f64, out: &mut [f64]) {
    out.copy_from_slice(x);
    softmax_in_place(out, tau);
}

/// [`softmax`] overwriting its input (the same operations, so the same bits).
pub fn softmax_in_place(x: &mut [f64], tau: f64) {
    let m = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for o in x.iter_mut() {
        *o = ((*o - m) / tau).exp();
        sum += *o;
    }
    for o in x.iter_mut() {
        *o /= sum;
    }
}

/// Index of the largest value (lowest index on ties).
pub fn argmax(x: &[f64]) -> usize {
    let mut best = 0;
    for (i, &v) in x.iter().enumerate() {
        if v > x[best] {
            best = i;
        }
    }
    best
}

/// A Gumbel-Softmax sample of one variable: `y = softmax((z + g) / tau)`.
#[derive(Clone, Debug, PartialEq)]
pub struct GumbelSoftmax {
    /// The noise `g` used (kept so the sample can be reproduced and differentiated).
    pub noise: Vec<f64>,
    /// The relaxed one-hot `y`.
    pub soft: Vec<f64>,
    /// The hard one-hot of `argmax(z + g)` (straight-through forward).
    pub hard: usize,
    pub tau: f64,
}

impl GumbelSoftmax {
    /// Draws noise for `logits.len()` values and relaxes.
    pub fn sample(logits: &[f64], tau: f64, noise: &mut Noise) -> GumbelSoftmax {
        let mut g = vec![0.0; logits.len()];
        noise.fill_gumbel(&mut g);
        Self::with_noise(logits, tau, g)
    }

    /// Relaxation with given noise (`noise` all 0: plain softmax at `tau`).
    pub fn with_noise(logits: &[f64], tau: f64, noise: Vec<f64>) -> GumbelSoftmax {
        // `z + g` becomes the sample in place (one allocation per sample besides the noise).
        let mut soft: Vec<f64> = logits.iter().zip(&noise).map(|(z, g)| z + g).collect();
        let hard = argmax(&soft);
        softmax_in_place(&mut soft, tau);
        GumbelSoftmax { hard, noise, soft, tau }
    }

    /// The hard one-hot as probabilities.
    pub fn hard_one_hot(&self) -> Vec<f64> {
        (0..self.soft.len()).map(|i| if i == self.hard { 1.0 } else { 0.0 }).collect()
    }

    /// `dL/dz` from `dL/dy` through the soft sample:
    /// `(1/tau) * y * (gy - <gy, y>)`. The straight-through estimator uses the
    /// same backward with the hard forward.
    pub fn backward(&self, gy: &[f64]) -> Vec<f64> {
        let dot: f64 = gy.iter().zip(&self.soft).map(|(g, y)| g * y).sum();
        self.soft.iter().zip(gy).map(|(y, g)| y * (g - dot) / self.tau).collect()
    }
}

/// A binary Concrete (Gumbel-sigmoid) sample per value:
/// `y_a = sigmoid((z_a + L_a) / tau)`, `L_a` logistic noise.
#[derive(Clone, Debug, PartialEq)]
pub struct BinaryConcrete {
    pub noise: Vec<f64>,
    pub soft: Vec<f64>,
    /// Straight-through forward: `y_a >= 0.5`, i.e. `z_a + L_a >= 0`.
    pub hard: Vec<bool>,
    pub tau: f64,
}

impl BinaryConcrete {
    pub fn sample(logits: &[f64], tau: f64, noise: &mut Noise) -> BinaryConcrete {
        let mut l = vec![0.0; logits.len()];
        noise.fill_logistic(&mut l);
        Self::with_noise(logits, tau, l)
    }

    pub fn with_noise(logits: &[f64], tau: f64, noise: Vec<f64>) -> BinaryConcrete {
        let s = || logits.iter().zip(&noise).map(|(z, l)| z + l);
        BinaryConcrete {
            soft: s().map(|x| sigmoid(x / tau)).collect(),
            hard: s().map(|x| x >= 0.0).collect(),
            noise,
            tau,
        }
    }

    /// `dL/dz = gy * y (1 - y) / tau`.
    pub fn backward(&self, gy: &[f64]) -> Vec<f64> {
        self.soft.iter().zip(gy).map(|(y, g)| g * y * (1.0 - y) / self.tau).collect()
    }
}

/// Temperature schedule over training steps `t = 0, 1, ...`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Schedule {
    /// `tau = tau`.
    Constant { tau: f64 },
    /// `tau = max(tau_min, tau0 * exp(-rate * t))`.
    Exponential { tau0: f64, rate: f64, tau_min: f64 },
    /// From `tau0` at step 0 linearly to `tau1` at step `steps`, then `tau1`.
    Linear { tau0: f64, tau1: f64, steps: u64 },
}

impl Schedule {
    pub fn tau(&self, t: u64) -> f64 {
        match *self {
            Schedule::Constant { tau } => tau,
            Schedule::Exponential { tau0, rate, tau_min } => (tau0 * (-rate * t as f64).exp()).max(tau_min),
            Schedule::Linear { tau0, tau1, steps } => {
                if steps == 0 || t >= steps {
                    tau1
                } else {
                    tau0 + (tau1 - tau0) * (t as f64 / steps as f64)
                }
            }
        }
    }

    /// Parses `const:TAU`, `exp:TAU0:RATE:TAU_MIN` or `linear:TAU0:TAU1:STEPS`.
    pub fn parse(s: &str) -> Result<Schedule, String> {
        let parts: Vec<&str> = s.split(':').collect();
        let num = |i: usize| -> Result<f64, String> {
            parts
                .get(i)
                .ok_or_else(|| format!("schedule {s:?}: missing field {i}"))?
                .parse::<f64>()
                .map_err(|e| format!("schedule {s:?}: field {i}: {e}"))
        };
        let sched = match (parts[0], parts.len()) {
            ("const", 2) => Schedule::Constant { tau: num(1)? },
            ("exp", 4) => Schedule::Exponential { tau0: num(1)?, rate: num(2)?, tau_min: num(3)? },
            ("linear", 4) => Schedule::Linear { tau0: num(1)?, tau1: num(2)?, steps: num(3)? as u64 },
            _ => {
                return Err(format!(
                    "schedule {s:?}: expected const:TAU, exp:TAU0:RATE:TAU_MIN or linear:TAU0:TAU1:STEPS"
                ))
            }
        };
        let ok = match sched {
            Schedule::Constant { tau } => tau > 0.0,
            Schedule::Exponential { tau0, rate, tau_min } => tau0 > 0.0 && rate >= 0.0 && tau_min > 0.0,
            Schedule::Linear { tau0, tau1, .. } => tau0 > 0.0 && tau1 > 0.0,
        };
        if !ok {
            return Err(format!("schedule {s:?}: temperatures must be positive (and the rate >= 0)"));
        }
        Ok(sched)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Chi-square: argmax(z + g) ~ softmax(z). 5 categories (4 degrees of
    /// freedom), 40000 draws, fixed seed; the 0.1% critical value of chi^2(4)
    /// is 18.467 (so a correct sampler fails with p = 0.001 for a random
    /// seed, and this fixed seed either passes or not, deterministically).
    #[test]
    fn gumbel_max_matches_softmax_chi_square() {
        let z = [0.3, -1.2, 2.0, 0.0, 1.1];
        let mut p = [0.0; 5];
        softmax(&z, 1.0, &mut p);
        let mut noise = Noise::new(2024);
        let n = 40000;
        let mut counts = [0usize; 5];
        for _ in 0..n {
            counts[GumbelSoftmax::sample(&z, 1.0, &mut noise).hard] += 1;
        }
        let chi2: f64 = (0..5)
            .map(|i| {
                let e = p[i] * n as f64;
                (counts[i] as f64 - e).powi(2) / e
            })
            .sum();
        assert!(chi2 < 18.467, "chi2 = {chi2}, counts {counts:?}, p {p:?}");
        // And a wrong distribution is rejected by the same test.
        let q = [0.2; 5];
        let chi2_wrong: f64 = (0..5)
            .map(|i| {
                let e = q[i] * n as f64;
                (counts[i] as f64 - e).powi(2) / e
            })
            .sum();
        assert!(chi2_wrong > 18.467);
    }

    /// The samples are their defining formulas, bit for bit: `softmax((z + g) / tau)` with the
    /// hard index `argmax(z + g)`, and `sigmoid((z + l) / tau)` with `z + l >= 0`, whatever
    /// buffers the implementation reuses; `softmax_in_place` is `softmax`.
    #[test]
    fn samples_are_their_formulas_bit_for_bit() {
        let mut noise = Noise::new(5);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        for w in 1..12 {
            let z: Vec<f64> = (0..w).map(|i| (i as f64 * 0.7).sin() * 3.0).collect();
            for tau in [0.05, 0.5, 1.0, 3.0] {
                let gs = GumbelSoftmax::sample(&z, tau, &mut noise);
                let s: Vec<f64> = z.iter().zip(&gs.noise).map(|(a, b)| a + b).collect();
                // Max-subtracted, summed in index order, then divided.
                let m = s.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let e: Vec<f64> = s.iter().map(|&x| ((x - m) / tau).exp()).collect();
                let sum = e.iter().fold(0.0, |acc, &x| acc + x);
                let want: Vec<f64> = e.iter().map(|&x| x / sum).collect();
                let mut out = vec![0.0; w];
                softmax(&s, tau, &mut out);
                assert_eq!(bits(&out), bits(&want));
                assert_eq!(bits(&gs.soft), bits(&want), "w {w} tau {tau}");
                assert_eq!(gs.hard, argmax(&s));
                let mut again = s.clone();
                softmax_in_place(&mut again, tau);
                assert_eq!(bits(&again), bits(&want));
                let bc = BinaryConcrete::sample(&z, tau, &mut noise);
                let s: Vec<f64> = z.iter().zip(&bc.noise).map(|(a, b)| a + b).collect();
                let soft: Vec<f64> = s.iter().map(|&x| sigmoid(x / tau)).collect();
                assert_eq!(bits(&bc.soft), bits(&soft));
                assert_eq!(bc.hard, s.iter().map(|&x| x >= 0.0).collect::<Vec<_>>());
            }
        }
    }

    /// Binary Concrete thresholded at 0.5 is Bernoulli(sigmoid(z)): a
    /// two-sided normal-approximation binomial test per logit at |Z| < 3.29
    /// (p = 0.001), 20000 draws each, fixed seed.
    #[test]
    fn binary_concrete_threshold_matches_sigmoid() {
        let mut noise = Noise::new(77);
        let n = 20000;
        for z in [-3.0, -0.7, 0.0, 0.4, 2.5] {
            let p = sigmoid(z);
            let mut k = 0;
            for _ in 0..n {
                let s = BinaryConcrete::sample(&[z], 0.5, &mut noise);
                assert_eq!(s.hard[0], s.soft[0] >= 0.5);
                k += s.hard[0] as usize;
            }
            let zstat = (k as f64 - n as f64 * p) / (n as f64 * p * (1.0 - p)).sqrt();
            assert!(zstat.abs() < 3.29, "z={z}: {k}/{n} vs p={p}, Z={zstat}");
        }
    }

    #[test]
    fn low_temperature_gives_one_hot_of_argmax() {
        let mut noise = Noise::new(5);
        for _ in 0..200 {
            let z: Vec<f64> = (0..7).map(|_| noise.gumbel() * 2.0).collect();
            let s = GumbelSoftmax::sample(&z, 1e-3, &mut noise);
            let perturbed: Vec<f64> = z.iter().zip(&s.noise).map(|(a, b)| a + b).collect();
            let mut sorted = perturbed.clone();
            sorted.sort_by(|a, b| b.total_cmp(a));
            if sorted[0] - sorted[1] < 0.05 {
                continue; // too close to call at tau = 1e-3
            }
            for (i, &y) in s.soft.iter().enumerate() {
                let want = if i == argmax(&perturbed) { 1.0 } else { 0.0 };
                assert!((y - want).abs() < 1e-12, "{:?}", s.soft);
            }
            assert_eq!(s.hard, argmax(&perturbed));
        }
    }

    #[test]
    fn no_nan_at_extremes() {
        let mut noise = Noise::new(1);
        for tau in [1e-3, 1e-2, 1.0, 100.0] {
            for z in [vec![1e4, -1e4, 0.0], vec![-1e4, -1e4, -1e4], vec![1e4, 1e4, 1e4], vec![0.0]] {
                let s = GumbelSoftmax::sample(&z, tau, &mut noise);
                let g = s.backward(&vec![1.0; z.len()]);
                assert!(s.soft.iter().chain(&g).all(|x| x.is_finite()), "{s:?} {g:?}");
                assert!((s.soft.iter().sum::<f64>() - 1.0).abs() < 1e-12);
                let b = BinaryConcrete::sample(&z, tau, &mut noise);
                let gb = b.backward(&vec![1.0; z.len()]);
                assert!(b.soft.iter().chain(&gb).all(|x| x.is_finite() && (0.0..=1e12).contains(&x.abs())));
            }
        }
        for x in [-1e7, -1e4, -1.0, 0.0, 1.0, 1e4, 1e7] {
            assert!(sigmoid(x).is_finite() && log_sigmoid(x).is_finite(), "{x}");
            assert!((log_sigmoid(x) - sigmoid(x).ln()).abs() < 1e-9 || x < -700.0);
        }
        assert_eq!(log_sigmoid(-1e7), -1e7);
        // The uniform clamp keeps Gumbel noise finite even at u = EPS.
        assert!((-(-EPS.ln()).ln()).is_finite() && (-(-(1.0 - EPS).ln()).ln()).is_finite());
    }

    #[test]
    fn backward_matches_finite_differences() {
        let mut noise = Noise::new(9);
        let z = [0.3, -0.8, 1.5, 0.1];
        let gy = [0.7, -1.1, 0.25, 2.0];
        for tau in [0.3, 1.0, 2.5] {
            let s = GumbelSoftmax::sample(&z, tau, &mut noise);
            let g = s.backward(&gy);
            let b = BinaryConcrete::sample(&z, tau, &mut noise);
            let gb = b.backward(&gy);
            let h = 1e-6;
            for i in 0..z.len() {
                let f = |d: f64| {
                    let mut zz = z.to_vec();
                    zz[i] += d;
                    let y = GumbelSoftmax::with_noise(&zz, tau, s.noise.clone()).soft;
                    y.iter().zip(&gy).map(|(a, b)| a * b).sum::<f64>()
                };
                let fd = crate::testing::central_difference(f, 0.0, h);
                assert!((fd - g[i]).abs() < 1e-6 * fd.abs().max(1.0), "{fd} vs {}", g[i]);
                let fb = |d: f64| {
                    let mut zz = z.to_vec();
                    zz[i] += d;
                    let y = BinaryConcrete::with_noise(&zz, tau, b.noise.clone()).soft;
                    y.iter().zip(&gy).map(|(a, b)| a * b).sum::<f64>()
                };
                let fd = crate::testing::central_difference(fb, 0.0, h);
                assert!((fd - gb[i]).abs() < 1e-6 * fd.abs().max(1.0), "{fd} vs {}", gb[i]);
            }
        }
    }

    #[test]
    fn seeded_noise_replays() {
        let a: Vec<f64> = {
            let mut n = Noise::new(42);
            (0..10).map(|_| n.gumbel()).collect()
        };
        let b: Vec<f64> = {
            let mut n = Noise::new(42);
            (0..10).map(|_| n.gumbel()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, {
            let mut n = Noise::new(43);
            (0..10).map(|_| n.gumbel()).collect::<Vec<_>>()
        });
    }

    #[test]
    fn schedules() {
        let e = Schedule::parse("exp:2:0.1:0.5").unwrap();
        assert_eq!(e.tau(0), 2.0);
        assert!((e.tau(5) - 2.0 * (-0.5f64).exp()).abs() < 1e-12);
        assert_eq!(e.tau(1000), 0.5);
        let l = Schedule::parse("linear:2:1:10").unwrap();
        assert_eq!(l.tau(5), 1.5);
        assert_eq!(l.tau(20), 1.0);
        assert_eq!(Schedule::parse("const:0.7").unwrap().tau(99), 0.7);
        assert!(Schedule::parse("exp:1:2").unwrap_err().contains("expected"));
        assert!(Schedule::parse("const:-1").unwrap_err().contains("positive"));
        let js = serde_json::to_string(&e).unwrap();
        assert_eq!(serde_json::from_str::<Schedule>(&js).unwrap(), e);
    }
}
