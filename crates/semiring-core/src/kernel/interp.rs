//! The one interpreter: Jacobi rounds of a [`Program`] over any [`Semiring`].

use crate::domains::Domains;
use crate::program::Program;
use crate::semiring::{Boolean, Semiring};

/// One Jacobi round: every instruction reads `prev` and narrows `next`,
/// which starts as a copy of `prev`. Instructions run in program order, so
/// the products into one target are accumulated in that order.
pub fn round<S: Semiring>(program: &Program, prev: &Domains<S>, next: &mut Domains<S>) {
    debug_assert_eq!(prev.num_vars(), program.num_vars());
    next.cells.copy_from_slice(&prev.cells);
    for ins in &program.instructions {
        let rel = &program.relations[ins.relation as usize];
        S::revise(rel, prev.var(ins.source as usize), next.var_mut(ins.target as usize));
    }
}

/// Soft mode: exactly `k` rounds from `init`. Returns the domains after
/// every round: `out[0]` is `init`, `out[k]` the result.
pub fn soft_rounds<S: Semiring>(program: &Program, init: &Domains<S>, k: usize) -> Vec<Domains<S>> {
    let mut out = Vec::with_capacity(k + 1);
    out.push(init.clone());
    for r in 0..k {
        let mut next = out[r].clone();
        round(program, &out[r], &mut next);
        out.push(next);
    }
    out
}

/// The straight-through forward: exactly `k` hard Jacobi rounds from `init`, with no stop
/// rule (unlike [`hard_fixpoint`]). Returns the domains after every round: `out[0]` is
/// `init`, `out[k]` the result. These are the bitmasks the gradient unit's backward reads
/// ([`crate::st_fixed::st_backward_fixed`]).
pub fn hard_rounds(program: &Program, init: &Domains<Boolean>, k: usize) -> Vec<Domains<Boolean>> {
    soft_rounds(program, init, k)
}

/// Why a hard fixpoint run stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixpointOutcome {
    /// A round changed nothing: the domains are arc consistent.
    Stable,
    /// A round left this variable with no value: there is no solution below.
    Wipeout(usize),
    /// The round limit was reached first.
    RoundLimit,
}

/// Result of hard propagation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fixpoint {
    pub outcome: FixpointOutcome,
    /// Rounds executed (including the final, unchanging one for `Stable`).
    pub rounds: usize,
}

/// Hard mode: rounds until a wipeout, a round that changes nothing, or
/// `max_rounds` rounds (see [`crate::program`] for the exact stop rule).
/// `domains` is updated in place to the last round's result.
pub fn hard_fixpoint(program: &Program, domains: &mut Domains<Boolean>, max_rounds: usize) -> Fixpoint {
    let mut next = domains.clone();
    let mut rounds = 0;
    loop {
        if rounds == max_rounds {
            return Fixpoint { outcome: FixpointOutcome::RoundLimit, rounds };
        }
        round(program, domains, &mut next);
        rounds += 1;
        std::mem::swap(domains, &mut next);
        if let Some(v) = domains.first_empty() {
            return Fixpoint { outcome: FixpointOutcome::Wipeout(v), rounds };
        }
        if domains.cells == next.cells {
            return Fixpoint { outcome: FixpointOutcome::Stable, rounds };
        }
    }
}
