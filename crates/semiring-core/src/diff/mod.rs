//! The differentiable side: reverse mode through soft rounds, and the
//! Gumbel relaxations with their temperature schedules.

pub mod grad;
pub mod relax;
