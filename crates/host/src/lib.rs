//! softmask host library: problem readers ([`formats`]) and the commands of the `softmask` CLI
//! ([`solve`]; propagation [`backend`]s cpu/sim/serial; [`train`]: `train`, `eval`; [`color`]: `color`).

pub mod backend;
pub mod color;
pub mod formats;
pub mod limits;
pub mod serial;
pub mod solve;
pub mod train;
