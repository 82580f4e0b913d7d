//! semiring-core: the propagation kernel of softmask, defined once.
//!
//! A constraint [`network::Network`] compiles to a [`program::Program`] of
//! *revise* instructions. One interpreter ([`interp`]) runs that program for
//! every [`semiring::Semiring`]: `Boolean` bitmasks (hard propagation),
//! `Prob<f32>`/`Prob<f64>` (soft propagation) and `Fixed` (Q1.15, the bit-exact
//! golden model of the generated hardware). The [`solver`] adds depth-first
//! search on top of hard propagation.
//!
//! Architecture invariant: this crate does no IO and knows nothing of
//! hardware, files or the command line.

pub mod batch;
pub mod domains;
pub mod fixed;
pub mod grad;
pub mod groups;
pub mod interp;
pub mod network;
pub mod program;
pub mod relax;
pub mod semiring;
pub mod solver;
pub mod testing;
pub mod value_lanes;

pub use domains::Domains;
pub use fixed::Q15;
pub use interp::{hard_fixpoint, round, soft_rounds, Fixpoint, FixpointOutcome};
pub use network::{Constraint, Network, NetworkError, RelationSpec};
pub use program::{Program, ProgramError, Relation, Revise};
pub use semiring::{Boolean, Fixed, Prob, Semiring, Soft, SoftValue};
