//! What AND and OR mean: the semirings the one interpreter runs over.
//!
//! A [`Semiring`] fixes how one variable's domain is stored (its *cells*) and
//! implements the single kernel operation, [`Semiring::revise`]:
//!
//! ```text
//! support[a] = OR_b ( R[a][b] AND src[b] )
//! tgt[a]     = tgt[a] AND support[a]
//! ```
//!
//! * [`Boolean`] stores a domain as a bitmask in `u64` words and evaluates
//!   the OR over `b` as a word-wide intersection test (bit-parallel).
//! * [`Soft<V>`] stores one probability per value. `Prob<f32>`, `Prob<f64>`
//!   and [`Fixed`] (Q1.15) are its instances. The OR over a row is the
//!   noisy-OR `1 - prod_b (1 - src[b])` accumulated in ascending `b`.

use crate::fixed::Q15;
use crate::program::Relation;
use std::fmt::Debug;
use std::marker::PhantomData;

/// A semiring over domain cells, with the one kernel operation.
pub trait Semiring: 'static {
    /// Storage unit of a domain: a bitmask word or a probability.
    type Cell: Copy + PartialEq + Debug + Send + Sync + 'static;
    /// Human-readable name, used in reports.
    const NAME: &'static str;
    /// Number of cells a domain of `width` values occupies.
    fn stride(width: usize) -> usize;
    /// The cell value of "nothing": an empty domain is all zero cells.
    fn zero() -> Self::Cell;
    /// Sets `out` (a whole domain slot) to the set `{v : member(v)}`, for
    /// values `0..width`; cells past `width` are zero.
    fn from_membership(width: usize, member: &dyn Fn(usize) -> bool, out: &mut [Self::Cell]);
    /// `tgt[a] &= OR_b (R[a][b] & src[b])` for every value `a` of the target.
    fn revise(rel: &Relation, src: &[Self::Cell], tgt: &mut [Self::Cell]);
    /// Is the domain in `cells` empty (all zero)?
    fn is_empty(cells: &[Self::Cell]) -> bool {
        cells.iter().all(|&c| c == Self::zero())
    }
}

/// Hard propagation on bitmasks, 64 values per word.
#[derive(Debug, Clone, Copy)]
pub struct Boolean;

impl Semiring for Boolean {
    type Cell = u64;
    const NAME: &'static str = "boolean";

    fn stride(width: usize) -> usize {
        width.div_ceil(64).max(1)
    }
    fn zero() -> u64 {
        0
    }
    fn from_membership(width: usize, member: &dyn Fn(usize) -> bool, out: &mut [u64]) {
        out.fill(0);
        for v in 0..width {
            if member(v) {
                out[v / 64] |= 1 << (v % 64);
            }
        }
    }

    #[inline]
    fn revise(rel: &Relation, src: &[u64], tgt: &mut [u64]) {
        if rel.row_words() == 1 && tgt.len() == 1 {
            // Fast path: domains of at most 64 values.
            let s = src[0];
            let mut t = tgt[0];
            let mut live = t;
            while live != 0 {
                let a = live.trailing_zeros() as usize;
                live &= live - 1;
                if rel.row(a)[0] & s == 0 {
                    t &= !(1u64 << a);
                }
            }
            tgt[0] = t;
            return;
        }
        for a in 0..rel.rows() {
            let (w, bit) = (a / 64, 1u64 << (a % 64));
            if tgt[w] & bit == 0 {
                continue;
            }
            let supported = rel.row(a).iter().zip(src).any(|(r, s)| r & s != 0);
            if !supported {
                tgt[w] &= !bit;
            }
        }
    }
}

/// A probability type the soft semiring computes with.
pub trait SoftValue: Copy + PartialEq + PartialOrd + Debug + Send + Sync + 'static {
    const ZERO: Self;
    const ONE: Self;
    const NAME: &'static str;
    /// Soft AND.
    fn and(self, other: Self) -> Self;
    /// `1 - self`.
    fn complement(self) -> Self;
    fn from_f64(x: f64) -> Self;
    fn to_f64(self) -> f64;
}

impl SoftValue for f64 {
    const ZERO: f64 = 0.0;
    const ONE: f64 = 1.0;
    const NAME: &'static str = "prob-f64";
    #[inline]
    fn and(self, o: f64) -> f64 {
        self * o
    }
    #[inline]
    fn complement(self) -> f64 {
        1.0 - self
    }
    fn from_f64(x: f64) -> f64 {
        x
    }
    fn to_f64(self) -> f64 {
        self
    }
}

impl SoftValue for f32 {
    const ZERO: f32 = 0.0;
    const ONE: f32 = 1.0;
    const NAME: &'static str = "prob-f32";
    #[inline]
    fn and(self, o: f32) -> f32 {
        self * o
    }
    #[inline]
    fn complement(self) -> f32 {
        1.0 - self
    }
    fn from_f64(x: f64) -> f32 {
        x as f32
    }
    fn to_f64(self) -> f64 {
        self as f64
    }
}

impl SoftValue for Q15 {
    const ZERO: Q15 = Q15::ZERO;
    const ONE: Q15 = Q15::ONE;
    const NAME: &'static str = "fixed-q15";
    #[inline]
    fn and(self, o: Q15) -> Q15 {
        self.mul(o)
    }
    #[inline]
    fn complement(self) -> Q15 {
        Q15::complement(self)
    }
    fn from_f64(x: f64) -> Q15 {
        Q15::from_f64(x)
    }
    fn to_f64(self) -> f64 {
        Q15::to_f64(self)
    }
}

/// Soft propagation: one probability per value.
#[derive(Debug, Clone, Copy)]
pub struct Soft<V>(PhantomData<V>);

/// Floating-point soft propagation (`f32` or `f64`).
pub type Prob<T> = Soft<T>;
/// Q1.15 soft propagation: the golden model of the hardware.
pub type Fixed = Soft<Q15>;

/// Noisy-OR of the values of `src` selected by `row`, in ascending value
/// order: `1 - prod_{b in row} (1 - src[b])`. This is the order and rounding
/// the hardware reproduces.
#[inline]
pub fn noisy_or<V: SoftValue>(row: &[u64], src: &[V]) -> V {
    let mut keep = V::ONE; // product of complements so far
    for (w, &word) in row.iter().enumerate() {
        let mut bits = word;
        while bits != 0 {
            let b = w * 64 + bits.trailing_zeros() as usize;
            bits &= bits - 1;
            keep = keep.and(src[b].complement());
        }
    }
    keep.complement()
}

impl<V: SoftValue> Semiring for Soft<V> {
    type Cell = V;
    const NAME: &'static str = V::NAME;

    fn stride(width: usize) -> usize {
        width.max(1)
    }
    fn zero() -> V {
        V::ZERO
    }
    fn from_membership(width: usize, member: &dyn Fn(usize) -> bool, out: &mut [V]) {
        for (v, c) in out.iter_mut().enumerate() {
            *c = if v < width && member(v) { V::ONE } else { V::ZERO };
        }
    }

    #[inline]
    fn revise(rel: &Relation, src: &[V], tgt: &mut [V]) {
        for a in 0..rel.rows() {
            let support = noisy_or(rel.row(a), src);
            tgt[a] = tgt[a].and(support);
        }
    }
}
