//! `cargo xtask bench`: benchmark figures, printed side by side.

use anyhow::{bail, Result};

pub fn run(args: &[String]) -> Result<()> {
    bail!("no benchmarks are implemented yet (asked for {args:?})")
}
