//! Shared test helpers: start a simulator or skip (only outside CI), and find the data.
#![allow(dead_code)] // each test binary uses a subset

use fpga_sim::{Sim, SimError};
use std::path::PathBuf;

/// A simulator, or `None` (with a message) when verilator is missing and CI is unset.
pub fn sim_or_skip(test: &str) -> Option<Sim> {
    started_or_skip(test, Sim::new())
}

/// The started simulator of any unit, or `None` (with a message) when verilator is missing
/// and CI is unset; any other error fails the test.
pub fn started_or_skip<T>(test: &str, started: Result<T, SimError>) -> Option<T> {
    match started {
        Ok(s) => Some(s),
        Err(SimError::VerilatorMissing) if std::env::var_os("CI").is_none() => {
            eprintln!("skipping {test}: verilator not found (apt-get install verilator); CI is unset");
            None
        }
        Err(e) => panic!("{test}: could not start the simulator: {e}"),
    }
}

pub fn data_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data"))
}

pub fn vcd_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/softmask-sim/vcd"))
}

pub fn slow() -> bool {
    std::env::var_os("SOFTMASK_SLOW").is_some()
}
