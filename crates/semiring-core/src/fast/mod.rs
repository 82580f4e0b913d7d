//! Fast paths: batched and value-vectorised soft rounds and their reverse
//! mode, bit-identical to the per-instance reference in `kernel` and `diff`;
//! `hard`, hard Jacobi rounds with shared supports (the same bits as
//! `hard_fixpoint`); and `gumbel`, vectorised `f32` Gumbel-Softmax sampling (its own definition, see there).

pub mod batch;
pub mod gumbel;
pub mod hard;
pub mod soft_groups_batch;
pub mod value_vectors;
