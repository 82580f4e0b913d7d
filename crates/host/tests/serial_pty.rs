//! The serial transport on a real pseudo-terminal (no Verilator needed): the protocol's board
//! model (engine + gradient unit) answers on the master side in a thread, and `SerialBackend`
//! opens the slave like a serial port (termios raw mode, baud rate, reply timeout). Propagation,
//! the straight-through rounds and the backward pass come back equal to semiring-core.

use host::backend::{Backend, SerialBackend};
use host::serial::{SerialConfig, SerialLink};
use protocol::board::{BoardModel, GradConfig};
use protocol::engine::CoreConfig;
use protocol::{Device, Link};
use rand::Rng;
use rustix::pty::{grantpt, openpt, ptsname, unlockpt, OpenptFlags};
use semiring_core::grad::st_backward_fixed;
use semiring_core::testing::{random_hard, random_program, rng};
use semiring_core::{hard_fixpoint, soft_rounds, Boolean};
use std::fs::File;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A pty whose master side runs `device`; returns the slave's path.
fn board_on_pty(mut device: Device<BoardModel>) -> PathBuf {
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("openpt");
    grantpt(&master).expect("grantpt");
    unlockpt(&master).expect("unlockpt");
    let path = PathBuf::from(ptsname(&master, Vec::new()).expect("ptsname").into_string().expect("utf-8 path"));
    let mut port = File::from(master);
    std::thread::spawn(move || {
        let mut buf = [0u8; 256];
        // Ends when the slave is closed for good (EIO) or the test process exits.
        while let Ok(n) = port.read(&mut buf) {
            for &b in &buf[..n] {
                if let Some(reply) = device.receive(b) {
                    if port.write_all(&reply.encode()).is_err() {
                        return;
                    }
                }
            }
        }
    });
    path
}

#[test]
fn serial_backend_over_a_pty_matches_semiring_core() {
    let path = board_on_pty(Device::new(BoardModel::with_grad(CoreConfig::DEFAULT, GradConfig::DEFAULT), 256));
    let cfg = SerialConfig { path, baud: 115_200, timeout: Duration::from_millis(300) };
    let mut serial = SerialBackend::open(&cfg).expect("open the pty and a session");
    let mut r = rng(31);
    for case in 0..20 {
        let p = random_program(&mut r, 12, 16);
        let d = random_hard(&mut r, &p.widths);
        let (mut want, mut got) = (d.clone(), d.clone());
        let fw = hard_fixpoint(&p, &mut want, 30);
        let fg = serial.propagate_hard(&p, &mut got, 30).expect("hard run");
        assert_eq!((fg, &got), (fw, &want), "case {case}: hard fixpoint");
        let k = case % 3 + 1;
        let rounds = serial.hard_rounds(&p, &d, k).expect("hard rounds");
        assert_eq!(rounds, soft_rounds::<Boolean>(&p, &d, k), "case {case}: round bitmasks");
        let up: Vec<i32> = (0..p.num_vars() * p.width()).map(|_| r.gen_range(-70_000..70_000)).collect();
        let g = serial.st_backward(&p, &rounds, &up).expect("backward");
        assert_eq!(g, st_backward_fixed(&p, &rounds, &up).unwrap(), "case {case}: gradients");
    }
    let stats = serial.client().stats;
    assert_eq!(stats.attempts, stats.requests, "a clean pty needs no retries: {stats:?}");
}

/// Nothing answers: `recv` reports the timeout after about the configured time, not earlier and
/// not much later, and the client turns repeated timeouts into `NoReply`.
#[test]
fn serial_link_times_out_when_nothing_answers() {
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("openpt");
    grantpt(&master).expect("grantpt");
    unlockpt(&master).expect("unlockpt");
    let path = PathBuf::from(ptsname(&master, Vec::new()).unwrap().into_string().unwrap());
    let cfg = SerialConfig { path, baud: 115_200, timeout: Duration::from_millis(200) };
    let mut link = SerialLink::open(&cfg).expect("open");
    link.send(&[0xa5, 0, 1, 1, 0, 0, 0, 0]).expect("send");
    let t = Instant::now();
    assert_eq!(link.recv().expect("no error"), None);
    let waited = t.elapsed();
    assert!(waited >= Duration::from_millis(150) && waited < Duration::from_millis(1500), "waited {waited:?}");
    let err = SerialBackend::new(link, 2).err().expect("nothing answers HELLO");
    assert!(err.to_string().contains("no valid reply to command 0x01"), "{err}");
    drop(master);
}
