//! The differentiable side: reverse mode through soft rounds, the soft group rule, and the
//! Gumbel relaxations with their temperature schedules.

pub mod grad;
pub mod relax;
pub mod soft_groups;
