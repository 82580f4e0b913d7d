//! The device model's board bus against the documented address map (hdl/PROTOCOL.md): every
//! address of `0xC000..=0xFFFF` written and read back, on the board with the gradient unit and
//! on the engine-only board, and every address of the whole space read without a panic.

use protocol::board::{check_address_map, map, BoardModel, GradConfig};
use protocol::engine::CoreConfig;
use protocol::faults::{FaultConfig, LossyLink};
use protocol::{Client, Device, Engine};

const T: u32 = 16;

fn client(board: BoardModel) -> Client<LossyLink<BoardModel>> {
    Client::new(LossyLink::new(Device::new(board, T), T, FaultConfig::default(), 0), 1)
}

#[test]
fn board_model_decodes_exactly_the_documented_map() {
    let mut c = client(BoardModel::with_grad(CoreConfig::DEFAULT, GradConfig::DEFAULT));
    check_address_map(&mut c, Some(GradConfig::DEFAULT)).unwrap();
    let mut c = client(BoardModel::engine_only(CoreConfig::DEFAULT));
    check_address_map(&mut c, None).unwrap();
}

/// The defect the sweep was written for: a write past the last gradient cell changed a cell.
#[test]
fn writes_past_the_gradient_cells_change_nothing() {
    let mut b = BoardModel::with_grad(CoreConfig::DEFAULT, GradConfig::DEFAULT);
    b.write(map::GRAD_CELLS + 5, 7);
    b.write(0xF005, 99);
    b.write(0xE805, 98);
    assert_eq!(b.read(map::GRAD_CELLS + 5), 7);
    assert_eq!((b.read(0xF005), b.read(0xE805)), (0, 0));
}

#[test]
fn every_address_reads_without_panicking() {
    let mut b = BoardModel::with_grad(CoreConfig::DEFAULT, GradConfig::DEFAULT);
    for a in 0..=u16::MAX {
        b.read(a);
    }
    let mut b = BoardModel::engine_only(CoreConfig::DEFAULT);
    for a in 0..=u16::MAX {
        b.read(a);
    }
}
