//! semiring-core: the propagation kernel of softmask, defined once.
//!
//! A constraint [`network::Network`] compiles to a [`program::Program`] of
//! *revise* instructions. One interpreter ([`interp`]) runs that program for
//! every [`semiring::Semiring`]: `Boolean` bitmasks (hard propagation),
//! `Prob<f32>`/`Prob<f64>` (soft propagation) and `Fixed` (Q1.15, the bit-exact
//! golden model of the generated hardware). The [`solver`] adds depth-first
//! search on top of hard propagation, [`groups`] all-different group reasoning,
//! and [`soft_groups`] its differentiable counterpart (exact on 0/1 domains).
//!
//! Architecture invariant: this crate does no IO and knows nothing of
//! hardware, files or the command line.

pub mod diff;
pub mod fast;
pub mod kernel;
pub mod par;
pub mod search;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

// The modules by their own names, so callers write `semiring_core::grad::SoftGrad`.
pub use diff::{grad, relax, soft_groups};
pub use fast::{batch, gumbel, soft_groups_batch, value_vectors};
pub use kernel::{domains, fixed, interp, network, program, semiring, st_fixed};
pub use search::{groups, solver};

pub use domains::Domains;
pub use fixed::Q15;
pub use interp::{hard_fixpoint, hard_rounds, round, soft_rounds, Fixpoint, FixpointOutcome};
pub use network::{Constraint, Network, NetworkError, RelationSpec};
pub use program::{Program, ProgramError, Relation, Revise};
pub use semiring::{Boolean, Fixed, Prob, Semiring, Soft, SoftValue};
pub use st_fixed::{st_backward_fixed, StGrad};
