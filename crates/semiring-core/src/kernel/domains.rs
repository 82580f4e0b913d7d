//! Domain storage: every variable's domain in one flat vector of cells.
//!
//! All variables use the same stride (the cells of the widest domain), as the
//! hardware's domain memory does; values past a variable's own width are
//! always zero.

use crate::program::Program;
use crate::semiring::{Boolean, Semiring, SoftValue};

/// The domains of all variables of a program, in semiring `S`'s cells.
#[derive(Debug)]
pub struct Domains<S: Semiring> {
    pub widths: std::sync::Arc<[usize]>,
    stride: usize,
    pub cells: Vec<S::Cell>,
}

impl<S: Semiring> Clone for Domains<S> {
    fn clone(&self) -> Self {
        Domains { widths: self.widths.clone(), stride: self.stride, cells: self.cells.clone() }
    }
    fn clone_from(&mut self, other: &Self) {
        // Search refills child domains at every node: skip the reference count when the
        // widths are already shared.
        if !std::sync::Arc::ptr_eq(&self.widths, &other.widths) {
            self.widths = other.widths.clone();
        }
        self.stride = other.stride;
        self.cells.clone_from(&other.cells);
    }
}

impl<S: Semiring> PartialEq for Domains<S> {
    fn eq(&self, other: &Self) -> bool {
        self.widths == other.widths && self.cells == other.cells
    }
}

impl<S: Semiring> Domains<S> {
    /// Every variable holds all of its values.
    pub fn full(widths: &[usize]) -> Domains<S> {
        Self::from_fn(widths, |_, _| true)
    }

    /// Domains for `program`'s variables, all values present.
    pub fn full_for(program: &Program) -> Domains<S> {
        Self::full(&program.widths)
    }

    /// Builds domains from a membership predicate on `(variable, value)`.
    pub fn from_fn(widths: &[usize], member: impl Fn(usize, usize) -> bool) -> Domains<S> {
        let width = widths.iter().copied().max().unwrap_or(1);
        let stride = S::stride(width);
        let mut cells = vec![S::zero(); stride * widths.len()];
        for (v, &w) in widths.iter().enumerate() {
            S::from_membership(w, &|a| member(v, a), &mut cells[v * stride..(v + 1) * stride]);
        }
        Domains { widths: widths.into(), stride, cells }
    }

    pub fn num_vars(&self) -> usize {
        self.widths.len()
    }
    /// Cells per variable.
    pub fn stride(&self) -> usize {
        self.stride
    }
    #[inline]
    pub fn var(&self, v: usize) -> &[S::Cell] {
        &self.cells[v * self.stride..(v + 1) * self.stride]
    }
    #[inline]
    pub fn var_mut(&mut self, v: usize) -> &mut [S::Cell] {
        &mut self.cells[v * self.stride..(v + 1) * self.stride]
    }
    /// The first variable whose domain is empty, if any.
    pub fn first_empty(&self) -> Option<usize> {
        (0..self.num_vars()).find(|&v| S::is_empty(self.var(v)))
    }
}

impl Domains<Boolean> {
    #[inline]
    pub fn contains(&self, v: usize, a: usize) -> bool {
        self.var(v)[a / 64] >> (a % 64) & 1 == 1
    }
    #[inline]
    pub fn count(&self, v: usize) -> usize {
        self.var(v).iter().map(|w| w.count_ones() as usize).sum()
    }
    /// The values in `v`'s domain, ascending.
    pub fn values(&self, v: usize) -> Vec<usize> {
        let mut out = Vec::new();
        for (i, &w) in self.var(v).iter().enumerate() {
            let mut bits = w;
            while bits != 0 {
                out.push(i * 64 + bits.trailing_zeros() as usize);
                bits &= bits - 1;
            }
        }
        out
    }
    /// Restricts `v` to the single value `a`.
    pub fn assign(&mut self, v: usize, a: usize) {
        let cells = self.var_mut(v);
        cells.fill(0);
        cells[a / 64] |= 1 << (a % 64);
    }
    pub fn remove(&mut self, v: usize, a: usize) {
        self.var_mut(v)[a / 64] &= !(1 << (a % 64));
    }
    /// The value of every variable when all domains are singletons.
    pub fn assignment(&self) -> Option<Vec<usize>> {
        // Word by word (no list of values per variable): search calls this on every solution.
        if self.stride == 1 {
            let single = |w: u64| w != 0 && w & (w - 1) == 0;
            return (self.cells.iter().all(|&w| single(w)))
                .then(|| self.cells.iter().map(|w| w.trailing_zeros() as usize).collect());
        }
        let value = |v: usize| {
            let (mut value, mut count) = (0, 0);
            for (i, &w) in self.var(v).iter().enumerate() {
                if w != 0 {
                    value = i * 64 + w.trailing_zeros() as usize;
                }
                count += w.count_ones();
            }
            (count == 1).then_some(value)
        };
        (0..self.num_vars()).map(value).collect()
    }

    /// Domains of the given values (`None`: all of the variable's values; values past its
    /// width are left out), set word by word: the search of every instance starts here.
    pub fn from_value_lists<'a>(
        widths: impl Into<std::sync::Arc<[usize]>>,
        values: impl Fn(usize) -> Option<&'a [usize]>,
    ) -> Self {
        let widths = widths.into();
        let width = widths.iter().copied().max().unwrap_or(1);
        let stride = Boolean::stride(width);
        let mut cells = vec![0u64; stride * widths.len()];
        for (v, (&w, out)) in widths.iter().zip(cells.chunks_mut(stride)).enumerate() {
            match values(v) {
                Some(list) => {
                    for &a in list.iter().filter(|&&a| a < w) {
                        out[a / 64] |= 1 << (a % 64);
                    }
                }
                None if w < 64 => out[0] = (1 << w) - 1,
                None => {
                    for (i, word) in out.iter_mut().enumerate().take(w.div_ceil(64)) {
                        let bits = (w - i * 64).min(64);
                        *word = if bits == 64 { u64::MAX } else { (1 << bits) - 1 };
                    }
                }
            }
        }
        Domains { widths, stride, cells }
    }

    /// The same sets as soft domains (0/1 probabilities).
    pub fn to_soft<V: SoftValue>(&self) -> Domains<crate::semiring::Soft<V>> {
        Domains::from_fn(&self.widths, |v, a| self.contains(v, a))
    }
}

impl<V: SoftValue> Domains<crate::semiring::Soft<V>> {
    /// Soft domains from explicit probabilities `p(v, a)` (values past a
    /// variable's width stay zero).
    pub fn from_probs(widths: &[usize], p: impl Fn(usize, usize) -> V) -> Self {
        let mut d = Self::full(widths);
        for v in 0..widths.len() {
            let w = widths[v];
            for (a, c) in d.var_mut(v).iter_mut().enumerate().take(w) {
                *c = p(v, a);
            }
        }
        d
    }

    /// The support sets: value `a` of `v` is kept when its probability is nonzero.
    pub fn support(&self) -> Domains<Boolean> {
        Domains::from_fn(&self.widths, |v, a| self.var(v)[a] != V::ZERO)
    }
}
