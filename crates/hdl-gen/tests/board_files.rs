//! The board Verilog checked in under `hdl/boards/generated/` must be what the
//! generator produces now. A stale file is rewritten and the test fails, so
//! `cargo test -p hdl-gen --test board_files` regenerates them; commit the result.

use hdl_gen::board::{board_top, engine_board_top, BoardConfig};
use std::path::Path;

/// Rewrites a stale file; returns its path when it was stale.
fn refresh(name: &str, verilog: String) -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../hdl/boards/generated").join(name);
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    (old != verilog).then(|| {
        std::fs::write(&path, &verilog).unwrap();
        path.display().to_string()
    })
}

#[test]
fn checked_in_board_verilog_is_fresh() {
    let stale: Vec<String> = [
        refresh("board_icebreaker.v", engine_board_top(&BoardConfig::ICEBREAKER).unwrap()),
        refresh("board_ulx3s.v", board_top(&BoardConfig::ULX3S).unwrap()),
    ]
    .into_iter()
    .flatten()
    .collect();
    assert!(
        stale.is_empty(),
        "stale board Verilog regenerated: {stale:?}; review and commit it \
         (regenerate with `cargo test -p hdl-gen --test board_files`)"
    );
}
