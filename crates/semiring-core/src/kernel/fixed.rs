//! Q1.15 fixed point: the arithmetic of the hardware's soft datapath.
//!
//! Every rounding choice the hardware makes is made here, once:
//!
//! * a value is a `u16` in `[0, 0x8000]`; `0x8000` is exactly 1.0;
//! * `mul(a, b) = (a * b + 0x4000) >> 15` (round half up on the 30-bit
//!   product); for inputs in range the result stays in `[0, 0x8000]` and
//!   `mul(a, ONE) = a` exactly;
//! * `complement(a) = 0x8000 - a` (exact);
//! * soft OR `or(a, b) = complement(mul(complement(a), complement(b)))`, so a
//!   noisy-OR over a row is `complement(prod (complement d_b))` with the
//!   product taken in ascending `b`, rounding after every multiply;
//! * soft AND is `mul`.
//!
//! Error bound against exact arithmetic: one `mul` is off by at most half an
//! ulp (2^-16). A product chain of `n` factors in `[0, 1]` is off by at most
//! `n` half-ulps, because each earlier error is scaled by a factor <= 1. A
//! noisy-OR over `n` supports therefore errs by at most `n * 2^-16`, and one
//! soft revise (noisy-OR then AND) by at most `(n + 1) * 2^-16` plus the
//! incoming error. Tests check this bound against `Prob<f64>`.

use serde::{Deserialize, Serialize};

/// A Q1.15 number in `[0, 1]`: `0x8000` is 1.0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Q15(pub u16);

impl From<Q15> for u64 {
    fn from(q: Q15) -> u64 {
        q.0 as u64
    }
}

impl Q15 {
    pub const ZERO: Q15 = Q15(0);
    pub const ONE: Q15 = Q15(0x8000);
    /// Number of fraction bits.
    pub const FRAC_BITS: u32 = 15;
    /// One unit in the last place, as a real number.
    pub const ULP: f64 = 1.0 / 32768.0;

    /// Soft AND: `(a * b + 0x4000) >> 15`.
    // A named method rather than `impl Mul`: the rounding is part of the
    // hardware contract and call sites should say which operation they mean.
    #[allow(clippy::should_implement_trait)]
    #[inline]
    pub fn mul(self, other: Q15) -> Q15 {
        let p = self.0 as u32 * other.0 as u32;
        Q15(((p + 0x4000) >> 15) as u16)
    }

    /// `1 - a`, exact.
    #[inline]
    pub fn complement(self) -> Q15 {
        Q15(0x8000 - self.0)
    }

    /// Soft OR: `1 - (1 - a)(1 - b)`, with the rounding of one `mul`.
    #[inline]
    pub fn or(self, other: Q15) -> Q15 {
        self.complement().mul(other.complement()).complement()
    }

    /// Nearest Q1.15 value to `x` (clamped to `[0, 1]`, ties away from zero).
    pub fn from_f64(x: f64) -> Q15 {
        let x = if x.is_nan() { 0.0 } else { x.clamp(0.0, 1.0) };
        Q15((x * 32768.0).round() as u16)
    }

    pub fn to_f64(self) -> f64 {
        self.0 as f64 / 32768.0
    }

    /// True when the raw value is a legal Q1.15 probability.
    pub fn in_range(self) -> bool {
        self.0 <= 0x8000
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities() {
        for a in 0..=0x8000u16 {
            let a = Q15(a);
            assert_eq!(a.mul(Q15::ONE), a);
            assert_eq!(a.mul(Q15::ZERO), Q15::ZERO);
            assert_eq!(a.or(Q15::ZERO), a);
            assert_eq!(a.or(Q15::ONE), Q15::ONE);
            assert_eq!(a.complement().complement(), a);
        }
    }

    /// Exhaustive over every pair of legal values: 0x8001^2 ~ 1.07e9 pairs.
    /// About 1-2 s in the test profile (opt-level 2) on one core; the bound
    /// is half an ulp against the exact product, and the result stays legal.
    #[test]
    fn mul_exhaustive_in_range_and_half_ulp() {
        let mut worst = 0.0f64;
        for a in 0..=0x8000u32 {
            for b in 0..=0x8000u32 {
                let r = Q15(a as u16).mul(Q15(b as u16));
                assert!(r.in_range(), "mul({a:#x},{b:#x}) = {:#x}", r.0);
                // Error in units of 2^-15, computed exactly in integers.
                let exact2 = 2 * (a * b) as u64; // exact * 2^31
                let got2 = (r.0 as u64) << 16; // result * 2^31
                let err = exact2.abs_diff(got2);
                assert!(err <= 1 << 15, "mul({a:#x},{b:#x}) off by more than half an ulp");
                worst = worst.max(err as f64 / (1u64 << 16) as f64);
            }
        }
        assert!(worst <= 0.5);
    }

    #[test]
    fn or_exhaustive_in_range() {
        for a in (0..=0x8000u16).step_by(7) {
            for b in 0..=0x8000u16 {
                let r = Q15(a).or(Q15(b));
                assert!(r.in_range());
                assert!(r >= Q15(a).max(Q15(b)), "soft OR must not be below either input");
            }
        }
    }
}
