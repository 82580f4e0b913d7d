//! The board tops under Verilator against the documented address map (hdl/PROTOCOL.md), with
//! the same sweep the device model passes (`protocol::board::check_address_map`): every
//! address of `0xC000..=0xFFFF` written over the UART and read back, so an address that aliases
//! onto a gradient cell or register, or answers where the map says 0, fails. The engine regions
//! 0..=5 (`0x0000..=0xBFFF`) are then read in full and compared with the device model's (region
//! 5, the OWNER table, is write-only and reads 0).
//!
//! Needs `verilator`; without it the test fails in CI (CI set) and is skipped otherwise.

use hdl_gen::board::{board_top, engine_board_top};
use protocol::board::{check_address_map, BoardModel, GradConfig};
use protocol::engine::CoreConfig;
use protocol::faults::{FaultConfig, LossyLink};
use protocol::{Client, Device};

mod common;
use common::*;

/// The engine regions 0..=5, read in full from the RTL and from the device model after the sweep.
fn engine_regions_match_the_model(rtl: &mut Client<SimLink>, board: BoardModel) {
    let dev = Device::new(board, T as u32);
    let mut model = Client::new(LossyLink::new(dev, T as u32, FaultConfig::default(), 0), 1);
    model.hello().unwrap();
    let got = rtl.read(0, 0xC000).unwrap();
    let want = model.read(0, 0xC000).unwrap();
    let diff: Vec<String> = (0..0xC000)
        .filter(|&a| got[a] != want[a])
        .take(8)
        .map(|a| format!("{a:#06x}: rtl {:#x}, model {:#x}", got[a], want[a]))
        .collect();
    assert!(diff.is_empty(), "engine regions differ: {}", diff.join("; "));
}

#[test]
fn board_top_decodes_exactly_the_documented_map() {
    if !verilator_available() {
        return;
    }
    let exe = build_top("board_tb", board_top(&cfg()).expect("board top generates"));
    let mut c = Client::new(SimLink::new(&exe), 3);
    check_address_map(&mut c, Some(GradConfig::DEFAULT)).unwrap();
    engine_regions_match_the_model(&mut c, BoardModel::with_grad(CoreConfig::DEFAULT, GradConfig::DEFAULT));
}

#[test]
fn engine_only_top_decodes_exactly_the_documented_map() {
    if !verilator_available() {
        return;
    }
    let exe = build_top("board_tb", engine_board_top(&cfg()).expect("engine-only top generates"));
    let mut c = Client::new(SimLink::new(&exe), 3);
    check_address_map(&mut c, None).unwrap();
    engine_regions_match_the_model(&mut c, BoardModel::engine_only(CoreConfig::DEFAULT));
}
