//! The soft group rule on the batched path: K rounds of a program, each followed by a
//! [`SoftGroups`] step, forward and reverse mode for many instances at once.
//!
//! The program's rounds run on the fast kernels of [`BatchProgram`] (value vectors or batch
//! lanes), one round per call, and the group steps between them run per instance, the
//! instances shared over threads. Every value is computed by the very operations of the
//! per-instance path ([`crate::grad::SoftGrad::with_groups`] with
//! [`crate::grad::Memory::Full`]): a batched round equals [`crate::interp::round`] bit for
//! bit, the batched one-round backward equals `SoftGrad`'s round backward bit for bit (both
//! tested in [`crate::batch`]), and the group step and its backward are the same functions.
//! So the outputs and gradients are the per-instance ones exactly (tested, `f32` and `f64`).
//!
//! The backward re-runs each round once inside the one-round [`BatchProgram::value_and_grad`]
//! (the kernels keep no per-round state between calls): about one extra forward pass, the
//! price of leaving the kernels' hot loops untouched.

use crate::batch::BatchProgram;
use crate::domains::Domains;
use crate::grad::{GradError, Real};
use crate::par::par_map;
use crate::semiring::Prob;
use crate::soft_groups::SoftGroups;

/// A batched program with a soft group step after every round.
#[derive(Clone, Copy, Debug)]
pub struct GroupedBatch<'a> {
    program: &'a BatchProgram,
    groups: &'a SoftGroups,
}

impl<'a> GroupedBatch<'a> {
    /// `groups` must be built for the program `program` was prepared from.
    pub fn new(program: &'a BatchProgram, groups: &'a SoftGroups) -> Result<Self, GradError> {
        let w = groups.widths();
        if w.len() != program.num_vars() || w.len() * w.iter().copied().max().unwrap_or(1).max(1) != program.cells() {
            return Err(GradError::GroupShape);
        }
        Ok(GroupedBatch { program, groups })
    }

    fn check<T: Real>(&self, inputs: &[Domains<Prob<T>>]) -> Result<(), GradError> {
        for d in inputs {
            if d.num_vars() != self.program.num_vars() {
                return Err(GradError::VarCount { got: d.num_vars(), expected: self.program.num_vars() });
            }
            if *d.widths != *self.groups.widths() {
                return Err(GradError::GroupShape);
            }
        }
        Ok(())
    }

    fn steps<T: Real>(&self, e: &[Domains<Prob<T>>], threads: usize) -> Vec<Domains<Prob<T>>> {
        par_map(e, threads, |d| {
            let mut out = d.clone();
            self.groups.step(d, &mut out);
            out
        })
    }

    /// `k` rounds, each followed by a group step, for every instance: `out[i]` equals
    /// `SoftGrad::with_groups(..).forward(&inputs[i], k, _).output` exactly.
    pub fn forward<T: Real>(
        &self,
        inputs: &[Domains<Prob<T>>],
        k: usize,
        threads: usize,
    ) -> Result<Vec<Domains<Prob<T>>>, GradError> {
        self.check(inputs)?;
        let mut cur = inputs.to_vec();
        for _ in 0..k {
            let e = self.program.forward(&cur, 1, threads)?;
            cur = self.steps(&e, threads);
        }
        Ok(cur)
    }

    /// Forward and reverse mode for every instance, as [`BatchProgram::value_and_grad`]:
    /// `upstream(i, &d_k, &mut g)` gets instance `i`'s result `d^K` and writes `dL/d d^K` into
    /// `g` (zeroed, `cells()` long). Returns each instance's `d^K` and `dL/d d^0`, equal bit for
    /// bit to `SoftGrad::with_groups` with `Memory::Full` given the same upstream values.
    #[allow(clippy::type_complexity)]
    pub fn value_and_grad<T: Real, F>(
        &self,
        inputs: &[Domains<Prob<T>>],
        k: usize,
        threads: usize,
        upstream: F,
    ) -> Result<(Vec<Domains<Prob<T>>>, Vec<Vec<T>>), GradError>
    where
        F: Fn(usize, &Domains<Prob<T>>, &mut [T]) + Sync,
    {
        self.check(inputs)?;
        if k == 0 {
            return self.program.value_and_grad(inputs, 0, threads, upstream);
        }
        // d^r (the rounds' inputs) and e^r (their outputs, the group steps' inputs).
        let mut stored = Vec::with_capacity(k);
        let mut es = Vec::with_capacity(k);
        let mut cur = inputs.to_vec();
        for _ in 0..k {
            let e = self.program.forward(&cur, 1, threads)?;
            let next = self.steps(&e, threads);
            stored.push(std::mem::replace(&mut cur, next));
            es.push(e);
        }
        let cells = self.program.cells();
        let idx: Vec<usize> = (0..cur.len()).collect();
        let mut g: Vec<Vec<T>> = par_map(&idx, threads, |&i| {
            let mut g = vec![T::ZERO; cells];
            upstream(i, &cur[i], &mut g);
            g
        });
        for r in (0..k).rev() {
            let ge: Vec<Vec<T>> = par_map(&idx, threads, |&i| self.groups.step_vjp(&es[r][i], &g[i]));
            g = self.program.value_and_grad(&stored[r], 1, threads, |i, _, gi| gi.copy_from_slice(&ge[i]))?.1;
        }
        Ok((cur, g))
    }
}
