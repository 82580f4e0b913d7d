//! softmask host library: problem readers ([`formats`]) and the commands of the `softmask` CLI
//! ([`solve`]).

pub mod formats;
pub mod solve;
