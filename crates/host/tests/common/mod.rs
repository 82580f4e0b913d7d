//! What the `softmask` CLI tests share: running the binary from the workspace root.
// Each test binary includes this module and uses part of it.
#![allow(dead_code)]

use std::process::{Command, Output};

/// The workspace root (`constraints/`, `../shared/data` are relative to it).
pub const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// Runs `softmask ARGS` in the workspace root, without backtraces in its errors.
pub fn softmask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_softmask"))
        .args(args)
        .current_dir(ROOT)
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("run softmask")
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}
