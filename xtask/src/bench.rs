//! `cargo xtask bench`: benchmark figures, printed side by side.

use anyhow::{bail, Result};

pub fn run(args: &[String]) -> Result<()> {
    if let Some(r) = crate::bench_peers::dispatch(args) {
        return r;
    }
    bail!("no benchmarks are implemented yet (asked for {args:?})")
}
