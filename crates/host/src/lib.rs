//! softmask host library: problem readers ([`formats`]) and the commands of the `softmask` CLI
//! ([`solve`]; [`train`]: `train`, `eval`, `color`).

pub mod formats;
pub mod solve;
pub mod train;
