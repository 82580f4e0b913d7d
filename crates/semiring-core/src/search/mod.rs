//! Search on top of hard propagation: propagators, depth-first search with
//! its branching orders, and all-different group reasoning.

pub mod coloring;
pub mod groups;
pub mod solver;
