//! The device model's replies, as data: request bytes in, reply frames out.

use protocol::codec::{cmd, status, Frame, MAX_PAYLOAD, SYNC};
use protocol::engine::MemEngine;
use protocol::Device;

const T: u32 = 16;

fn device() -> Device<MemEngine> {
    Device::new(MemEngine::new(3), T)
}

/// Feeds each chunk (a frame or raw bytes) followed by a quiet line; returns every reply.
fn run(dev: &mut Device<MemEngine>, input: &[Vec<u8>]) -> Vec<Frame> {
    let mut out = vec![];
    for chunk in input {
        out.extend(chunk.iter().filter_map(|&b| dev.receive(b)));
        out.extend(dev.idle(T));
    }
    out
}

fn req(seq: u8, code: u8, payload: &[u8]) -> Vec<u8> {
    Frame::new(seq, code, payload.to_vec()).encode()
}

fn ok(seq: u8, payload: &[u8]) -> Frame {
    Frame::reply(seq, status::OK, payload.to_vec())
}

fn err(seq: u8, s: u8, payload: &[u8]) -> Frame {
    Frame::reply(seq, s, payload.to_vec())
}

fn check(input: &[Vec<u8>], expected: &[Frame]) {
    let mut dev = device();
    assert_eq!(run(&mut dev, input), expected);
}

const W: u8 = cmd::WRITE;
const R: u8 = cmd::READ;

fn hello() -> Vec<u8> {
    req(0, cmd::HELLO, &[])
}

fn hello_reply(seq: u8) -> Frame {
    ok(seq, &[1, 32, 0, T as u8])
}

#[test]
fn hello_write_read_start() {
    check(
        &[
            req(5, cmd::HELLO, &[]),
            req(6, W, &[0, 1, 0xde, 0xad, 0xbe, 0xef, 0, 0, 0x12, 0x34]),
            req(7, R, &[0, 0, 3]),
            req(8, cmd::START, &[]),
        ],
        &[hello_reply(5), ok(6, &[]), ok(7, &[0, 0, 0, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef, 0, 0, 0x12, 0x34]), ok(8, &[])],
    );
}

#[test]
fn session_rules() {
    // No session before HELLO.
    check(&[req(0, R, &[0, 0, 1])], &[err(0, status::NOT_OPEN, &[])]);
    // HELLO with a payload is refused and opens nothing.
    check(
        &[req(0, cmd::HELLO, &[1]), req(1, R, &[0, 0, 1])],
        &[err(0, status::BAD_LENGTH, &[]), err(1, status::NOT_OPEN, &[])],
    );
    // Skipping a sequence number is refused and names the expected one.
    check(&[req(9, cmd::HELLO, &[]), req(11, R, &[0, 0, 1])], &[hello_reply(9), err(11, status::BAD_SEQ, &[10])]);
    // Sequence numbers wrap.
    check(&[req(255, cmd::HELLO, &[]), req(0, R, &[0, 0, 1])], &[hello_reply(255), ok(0, &[0, 0, 0, 0, 0, 0])]);
}

#[test]
fn duplicate_is_replayed_not_executed() {
    let mut dev = device();
    let start = req(1, cmd::START, &[]);
    let r = run(&mut dev, &[hello(), start.clone(), start.clone(), start.clone()]);
    assert_eq!(r, vec![hello_reply(0), ok(1, &[]), ok(1, &[]), ok(1, &[])]);
    assert_eq!(dev.engine().starts, 1, "a retried START runs once");
    // A stale frame (neither the last nor the next) is refused, not executed.
    let w2 = req(2, W, &[0, 0, 0, 0, 0, 2]);
    let r = run(&mut dev, &[w2, req(3, R, &[0, 0, 1]), start]);
    assert_eq!(r, vec![ok(2, &[]), ok(3, &[0, 0, 0, 0, 0, 2]), err(1, status::BAD_SEQ, &[4])]);
    assert_eq!(dev.engine().starts, 1);
}

#[test]
fn malformed_commands() {
    let h = hello;
    check(&[h(), req(1, 0x7e, &[])], &[hello_reply(0), err(1, status::UNKNOWN_CMD, &[])]);
    check(&[h(), req(1, 0x11, &[0, 0, 0, 0, 0, 1])], &[hello_reply(0), err(1, status::UNKNOWN_CMD, &[])]);
    check(&[h(), req(1, W, &[0, 0, 1, 2, 3])], &[hello_reply(0), err(1, status::BAD_LENGTH, &[])]);
    check(&[h(), req(1, W, &[0, 0])], &[hello_reply(0), err(1, status::BAD_LENGTH, &[])]);
    check(&[h(), req(1, R, &[0, 0, 0])], &[hello_reply(0), err(1, status::BAD_LENGTH, &[])]);
    check(&[h(), req(1, R, &[0, 0, 33])], &[hello_reply(0), err(1, status::BAD_LENGTH, &[])]);
    check(&[h(), req(1, R, &[0, 0])], &[hello_reply(0), err(1, status::BAD_LENGTH, &[])]);
    check(&[h(), req(1, cmd::START, &[0])], &[hello_reply(0), err(1, status::BAD_LENGTH, &[])]);
    // Addresses wrap at the end of the 16-bit space.
    check(
        &[h(), req(1, W, &[0xff, 0xff, 0, 0, 0, 7, 0, 0, 0, 8]), req(2, R, &[0, 0, 1])],
        &[hello_reply(0), ok(1, &[]), ok(2, &[0, 0, 0, 0, 0, 8])],
    );
}

#[test]
fn busy_engine_refuses_write_and_start() {
    let mut dev = device();
    run(&mut dev, &[hello()]);
    dev.engine_mut().busy = true;
    let r = run(&mut dev, &[req(1, W, &[0, 0, 0, 0, 0, 9]), req(2, cmd::START, &[]), req(3, R, &[0, 0, 1])]);
    assert_eq!(r, vec![err(1, status::BUSY, &[]), err(2, status::BUSY, &[]), ok(3, &[0, 0, 0, 0, 0, 0])]);
    assert_eq!(dev.engine().starts, 0);
}

#[test]
fn framing_errors_change_nothing() {
    let mut bad = req(1, W, &[0, 0, 0xff, 0xff, 0xff, 0xff]);
    bad[6] ^= 0x10;
    let mut dev = device();
    let r = run(
        &mut dev,
        &[
            hello(),
            bad,
            vec![SYNC, (MAX_PAYLOAD + 1) as u8],
            req(1, W, &[0, 0, 0xff, 0xff, 0xff, 0xff])[..7].to_vec(),
            vec![0x00, 0x5a, 0xff], // noise outside a frame: no reply
            req(1, R, &[0, 0, 1]),
            req(9, cmd::HELLO, &[])[..3].to_vec(), // truncated before its CODE byte
        ],
    );
    assert_eq!(
        r,
        vec![
            hello_reply(0),
            err(1, status::BAD_CRC, &[]),
            err(0, status::OVERSIZE, &[]),
            err(1, status::TRUNCATED, &[]),
            ok(1, &[0, 0, 0, 0, 0, 0]),
            err(9, status::TRUNCATED, &[]),
        ]
    );
}

#[test]
fn reset_closes_the_session() {
    let mut dev = device();
    run(&mut dev, &[hello(), req(1, W, &[0, 0, 0, 0, 0, 7])]);
    dev.reset();
    assert_eq!(run(&mut dev, &[req(2, R, &[0, 0, 1])]), vec![err(2, status::NOT_OPEN, &[])]);
    assert_eq!(
        run(&mut dev, &[req(3, cmd::HELLO, &[]), req(4, R, &[0, 0, 1])]),
        vec![hello_reply(3), ok(4, &[0, 0, 0, 0, 0, 7])]
    );
}
