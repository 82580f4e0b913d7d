//! Gumbel-Softmax sampling in `f32`, vectorised: relaxed one-hot samples
//! `y = softmax((z + g) / tau)` for many rows of `width` values at once (a
//! row per variable, the rows of one instance or of a whole batch side by
//! side), with the hard `argmax(z + g)` of each row for the straight-through
//! forward.
//!
//! This is its own definition, not a faster path to the `f64` reference
//! [`crate::relax::GumbelSoftmax`]: its noise and its `ln` / `exp` differ, so
//! its samples are not that one's bits. What it promises:
//!
//! * **Noise.** ChaCha8 seeded per call, 32-bit words in the stream's order,
//!   one per value; a word `b` gives the uniform `u = ((b >> 9) + 1/2) 2^-23`
//!   (23 random bits; `u` lies in `[2^-24, 1 - 2^-24]`, exactly representable,
//!   never 0 or 1), and the noise `g = -ln(-ln u)`, within about `[-2.8, 16.6]`.
//! * **Arithmetic.** [`ln`] and [`exp`] are polynomial approximations with a
//!   relative error below `2.5e-7` (about two `f32` ulps; tested against `f64`
//!   on their whole range) built from IEEE `+ - * /` and bit operations only.
//!   Rust never contracts `a * b + c` into an FMA, so every instruction set
//!   computes the same operations: the samples are the same bits on the
//!   baseline, AVX2 and AVX-512 (tested), and any thread count.
//! * **Softmax.** The row maximum is subtracted before `exp` and the difference
//!   multiplied by `1 / tau` (every argument `<= 0`, the largest term exactly
//!   1), arguments below `-87` are clamped to `-87` (a term of at most `1.7e-38`
//!   instead of a smaller one) and the row is multiplied by the reciprocal of
//!   its sum, accumulated left to right.
//!
//! Instruction set: the flat loops over all values run inside
//! `pulp::Arch::dispatch` (the scheme of [`crate::value_vectors`]), which
//! compiles them for the CPU found at run time.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// `ln x` for normal, positive, finite `x` (the noise's only inputs).
///
/// `x = m 2^e` with `m` in `[sqrt(1/2), sqrt(2))`; `ln(1 + t)`, `t = m - 1` (exact),
/// is `t - t^2 / 2 + t^3 P(t)` with `P` a degree-7 least-squares fit (relative error
/// weighted) on that interval; `e ln 2` is added in two parts so `e ln2_hi` is exact.
#[inline(always)]
pub fn ln(x: f32) -> f32 {
    const P: [f32; 8] = [
        0.333_333_58,
        -0.250_006_8,
        0.199_991_75,
        -0.166_270_91,
        0.142_478_32,
        -0.131_669_24,
        0.124_464_4,
        -0.072_297_1,
    ];
    const LN2_HI: f32 = 0.693_359_4; // 0.693359375: 10 significant bits
    const LN2_LO: f32 = -2.121_944_4e-4;
    let bits = x.to_bits();
    let e = ((bits >> 23) as i32) - 127;
    let m = f32::from_bits((bits & 0x007f_ffff) | 0x3f80_0000); // [1, 2)
    let big = m > std::f32::consts::SQRT_2;
    let m = if big { m * 0.5 } else { m };
    let e = (e + big as i32) as f32;
    let t = m - 1.0;
    let mut p = P[7];
    for &c in P[..7].iter().rev() {
        p = p * t + c;
    }
    let t2 = t * t;
    let r = t - 0.5 * t2 + t2 * t * p;
    (r + e * LN2_LO) + e * LN2_HI
}

/// `e^x` for `x` in `[-87, 0]` (the softmax's arguments after clamping).
///
/// `x = k ln 2 + r`, `k` the nearest integer to `x / ln 2` (rounded by the
/// `1.5 * 2^23` shift), `|r| <= ln 2 / 2`; `e^r = 1 + r + r^2 Q(r)` with `Q` a degree-4
/// least-squares fit; `2^k` is put together from its bits (`k >= -126`: a normal number).
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    const Q: [f32; 5] = [0.499_999_9, 0.166_665_42, 0.041_669_21, 0.008_366_137, 0.001_375_297_7];
    const LN2_HI: f32 = 0.693_359_4;
    const LN2_LO: f32 = -2.121_944_4e-4;
    const SHIFT: f32 = 12_582_912.0; // 1.5 * 2^23
    let k = (x * std::f32::consts::LOG2_E + SHIFT) - SHIFT;
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let mut q = Q[4];
    for &c in Q[..4].iter().rev() {
        q = q * r + c;
    }
    let er = 1.0 + r + r * r * q;
    er * f32::from_bits(((k as i32 + 127) as u32) << 23)
}

/// The uniform a noise word gives (see the module doc).
#[inline(always)]
pub fn uniform(word: u32) -> f32 {
    ((word >> 9) as f32 + 0.5) * (1.0 / (1u32 << 23) as f32)
}

/// Smallest softmax argument passed to [`exp`].
pub const EXP_MIN: f32 = -87.0;

/// A sampler for rows of `width` values at temperature `tau`, with its scratch.
#[derive(Clone, Debug)]
pub struct GumbelSoftmax32 {
    width: usize,
    tau: f32,
    portable: bool,
    words: Vec<u32>,
}

impl GumbelSoftmax32 {
    /// Rows of `width >= 1` values, `tau > 0` finite.
    pub fn new(width: usize, tau: f32) -> GumbelSoftmax32 {
        assert!(width >= 1, "a row has at least one value");
        assert!(tau > 0.0 && tau.is_finite(), "the temperature is positive and finite");
        GumbelSoftmax32 { width, tau, portable: false, words: Vec::new() }
    }

    /// Runs on the baseline instruction set only (for the cross-instruction-set test).
    pub fn portable(mut self) -> Self {
        self.portable = true;
        self
    }

    /// The instruction set the loops run on.
    pub fn arch(&self) -> pulp::Arch {
        if self.portable {
            pulp::Arch::Scalar
        } else {
            pulp::Arch::new()
        }
    }

    /// Samples every row of `logits` (`rows * width` values) with noise from
    /// ChaCha8 seeded by `seed`: the relaxed rows into `soft`, each row's hard
    /// choice (the lowest index on ties) into `hard`.
    pub fn sample(&mut self, logits: &[f32], seed: u64, soft: &mut [f32], hard: &mut [u32]) {
        let w = self.width;
        assert_eq!(logits.len() % w, 0, "logits hold whole rows");
        assert_eq!(soft.len(), logits.len(), "one output per logit");
        assert_eq!(hard.len(), logits.len() / w, "one choice per row");
        self.words.resize(logits.len(), 0);
        ChaCha8Rng::seed_from_u64(seed).fill(&mut self.words[..]);
        let tau = self.tau;
        self.arch().dispatch(Sample { words: &self.words, logits, width: w, tau, soft, hard });
    }
}

struct Sample<'a> {
    words: &'a [u32],
    logits: &'a [f32],
    width: usize,
    tau: f32,
    soft: &'a mut [f32],
    hard: &'a mut [u32],
}

impl pulp::WithSimd for Sample<'_> {
    type Output = ();
    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _: S) -> Self::Output {
        let Sample { words, logits, width, tau, soft, hard } = self;
        // Scores z + g, every value at once.
        for ((s, &z), &b) in soft.iter_mut().zip(logits).zip(words) {
            *s = z - ln(-ln(uniform(b)));
        }
        // Per row: the hard choice, and the shifted, scaled, clamped exponent.
        let inv_tau = 1.0 / tau;
        for (row, h) in soft.chunks_exact_mut(width).zip(hard.iter_mut()) {
            // Selects, not branches: which value wins is data, and mispredicts cost more than the row.
            let (mut best, mut m) = (0u32, row[0]);
            for (i, &v) in row.iter().enumerate().skip(1) {
                let gt = v > m;
                best = if gt { i as u32 } else { best };
                m = if gt { v } else { m };
            }
            *h = best;
            for v in row.iter_mut() {
                *v = ((*v - m) * inv_tau).max(EXP_MIN);
            }
        }
        for v in soft.iter_mut() {
            *v = exp(*v);
        }
        for row in soft.chunks_exact_mut(width) {
            let mut sum = 0.0;
            for &v in row.iter() {
                sum += v;
            }
            let inv = 1.0 / sum;
            for v in row.iter_mut() {
                *v *= inv;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Relative error of `f` against `reference` over `xs`, the largest.
    fn max_rel(xs: impl Iterator<Item = f32>, f: impl Fn(f32) -> f32, reference: impl Fn(f64) -> f64) -> f64 {
        xs.map(|x| {
            let want = reference(x as f64);
            ((f(x) as f64 - want) / want).abs()
        })
        .fold(0.0, f64::max)
    }

    #[test]
    fn ln_is_within_two_ulps_on_the_noise_range() {
        // Every f32 from 2^-24 (the smallest uniform, and below -ln u's smallest) to 17
        // (above -ln u's largest), one in 7 to keep it quick, and all of [0.5, 2).
        let lo = (2f32.powi(-25)).to_bits();
        let hi = 17f32.to_bits();
        let every = (lo..hi).step_by(7).map(f32::from_bits).filter(|&x| x != 1.0);
        let near_one = (0.5f32.to_bits()..2f32.to_bits()).map(f32::from_bits).filter(|&x| x != 1.0);
        let err = max_rel(every.chain(near_one), ln, f64::ln);
        assert!(err < 2.5e-7, "ln: max relative error {err:e}");
        assert_eq!(ln(1.0), 0.0);
    }

    #[test]
    fn exp_is_within_two_ulps_on_the_softmax_range() {
        let xs = (0..=2_000_000).map(|i| EXP_MIN * i as f32 / 2_000_000.0);
        let err = max_rel(xs, exp, f64::exp);
        assert!(err < 2.5e-7, "exp: max relative error {err:e}");
        assert_eq!(exp(0.0), 1.0);
    }

    #[test]
    fn uniforms_stay_inside_the_open_interval() {
        assert_eq!(uniform(0), 2f32.powi(-24));
        assert_eq!(uniform(u32::MAX), 1.0 - 2f32.powi(-24));
        assert!(ln(-ln(uniform(0))).is_finite() && ln(-ln(uniform(u32::MAX))).is_finite());
    }

    fn logits(n: usize, seed: u64) -> Vec<f32> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        (0..n).map(|_| rng.gen_range(-3.0..3.0)).collect()
    }

    #[test]
    fn samples_follow_the_f64_formula_on_the_same_uniforms() {
        for (w, tau) in [(9usize, 0.5f32), (1, 1.0), (16, 0.05), (5, 3.0)] {
            let rows = 200;
            let z = logits(rows * w, w as u64);
            let (mut soft, mut hard) = (vec![0.0; rows * w], vec![0u32; rows]);
            let mut s = GumbelSoftmax32::new(w, tau);
            s.sample(&z, 7, &mut soft, &mut hard);
            let mut words = vec![0u32; rows * w];
            ChaCha8Rng::seed_from_u64(7).fill(&mut words[..]);
            for r in 0..rows {
                let score: Vec<f64> =
                    (0..w).map(|i| z[r * w + i] as f64 - (-(uniform(words[r * w + i]) as f64).ln()).ln()).collect();
                let mut y = vec![0.0; w];
                crate::relax::softmax(&score, tau as f64, &mut y);
                let total: f32 = soft[r * w..(r + 1) * w].iter().sum();
                assert!((total - 1.0).abs() < 1e-5, "row {r} sums to {total}");
                for i in 0..w {
                    let got = soft[r * w + i] as f64;
                    assert!(
                        (got - y[i]).abs() < 2e-5 * (1.0 + y[i] / tau as f64),
                        "w {w} row {r} value {i}: {got} vs {}",
                        y[i]
                    );
                }
                let best = crate::relax::argmax(&score);
                // A tie within f32 rounding may pick a neighbour; then its score is as large.
                assert!(hard[r] as usize == best || (score[hard[r] as usize] - score[best]).abs() < 1e-5);
            }
        }
    }

    #[test]
    fn every_instruction_set_gives_the_same_bits() {
        let (w, rows) = (9, 81 * 7 + 3);
        let z = logits(rows * w, 3);
        let run = |s: GumbelSoftmax32| {
            let mut s = s;
            let (mut soft, mut hard) = (vec![0.0; rows * w], vec![0u32; rows]);
            s.sample(&z, 11, &mut soft, &mut hard);
            (soft.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), hard)
        };
        assert_eq!(run(GumbelSoftmax32::new(w, 0.5)), run(GumbelSoftmax32::new(w, 0.5).portable()));
    }

    #[test]
    fn hard_choices_follow_the_softmax_distribution() {
        // Gumbel-max: the argmax of z + g is distributed as softmax(z); chi-square over 20k draws.
        let z = [0.5f32, -1.0, 1.5, 0.0, -0.3];
        let w = z.len();
        let rows = 20_000;
        let zs: Vec<f32> = z.iter().copied().cycle().take(rows * w).collect();
        let (mut soft, mut hard) = (vec![0.0; rows * w], vec![0u32; rows]);
        GumbelSoftmax32::new(w, 1.0).sample(&zs, 5, &mut soft, &mut hard);
        let mut counts = vec![0f64; w];
        for &h in &hard {
            counts[h as usize] += 1.0;
        }
        let mut p = vec![0.0; w];
        crate::relax::softmax(&z.map(f64::from), 1.0, &mut p);
        let chi2: f64 = (0..w).map(|i| (counts[i] - rows as f64 * p[i]).powi(2) / (rows as f64 * p[i])).sum();
        // 4 degrees of freedom: P(chi2 > 18.5) < 0.001.
        assert!(chi2 < 18.5, "chi-square {chi2} for counts {counts:?} against {p:?}");
    }

    #[test]
    fn extreme_logits_and_temperatures_stay_finite() {
        let z = [1e4f32, -1e4, 0.0, 3e4, -3e4, 1.0];
        for tau in [1e-3f32, 0.5, 100.0] {
            let (mut soft, mut hard) = (vec![0.0; 6], vec![0u32; 2]);
            GumbelSoftmax32::new(3, tau).sample(&z, 1, &mut soft, &mut hard);
            assert!(soft.iter().all(|x| x.is_finite() && *x >= 0.0), "{soft:?} at tau {tau}");
            assert_eq!(hard, [0, 0]);
        }
    }
}
