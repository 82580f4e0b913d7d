//! Fast paths: batched and value-vectorised soft rounds and their reverse
//! mode, bit-identical to the per-instance reference in `kernel` and `diff`.

pub mod batch;
pub mod soft_groups_batch;
pub mod value_vectors;
