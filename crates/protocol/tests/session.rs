//! `protocol::session` against semiring-core, through the client and the
//! device model over a semiring-core engine (the same calls run against the
//! RTL board top in `crates/hdl-gen/tests/board_rtl.rs`).

use protocol::codec::DEFAULT_TIMEOUT_BYTES;
use protocol::engine::{reg, CoreConfig, CoreEngine};
use protocol::faults::{FaultConfig, LossyLink};
use protocol::session::{load_program, run_hard, run_soft};
use protocol::{Client, ClientError, Device};
use semiring_core::{hard_fixpoint, soft_rounds, Boolean, Domains, Fixed, Program, Relation, Revise, Q15};

fn client() -> Client<LossyLink<CoreEngine>> {
    let dev = Device::new(CoreEngine::new(CoreConfig::DEFAULT), DEFAULT_TIMEOUT_BYTES);
    Client::new(LossyLink::new(dev, DEFAULT_TIMEOUT_BYTES, FaultConfig::default(), 0), 1)
}

/// A 3-colouring of a triangle plus a pendant vertex, `!=` on every edge.
fn program(w: usize) -> Program {
    let ne = Relation::from_fn(w, w, |a, b| a != b);
    let edges = [(0, 1), (1, 2), (0, 2), (2, 3)];
    let instructions = edges
        .iter()
        .flat_map(|&(x, y)| [(x, y), (y, x)])
        .map(|(t, s)| Revise { target: t, source: s, relation: 0 })
        .collect();
    Program::new(vec![w; 4], vec![ne], instructions).unwrap()
}

#[test]
fn hard_and_soft_runs_match_semiring_core() {
    let cfg = CoreConfig::DEFAULT;
    let mut c = client();
    c.hello().unwrap();
    let p = program(3);
    load_program(&mut c, &cfg, &p).unwrap();
    // Fixing vertex 0 to colour 0 and vertex 1 to colour 1 forces 2 = 2, 3 in {0, 1}.
    let init: Domains<Boolean> = Domains::from_fn(&p.widths, |v, a| match v {
        0 => a == 0,
        1 => a == 1,
        _ => true,
    });
    let (mut want, mut got) = (init.clone(), init);
    let fix = hard_fixpoint(&p, &mut want, 10);
    let rep = run_hard(&mut c, &cfg, &mut got, 10).unwrap();
    assert_eq!(got, want);
    assert_eq!(got.values(2), vec![2]);
    assert_eq!((rep.outcome, rep.rounds as usize), (reg::STABLE, fix.rounds));

    let init: Domains<Fixed> = Domains::from_probs(&p.widths, |v, a| Q15(0x1000 * (v as u16 + a as u16 + 1)));
    let want = soft_rounds(&p, &init, 3).pop().unwrap();
    let mut got = init;
    let rep = run_soft(&mut c, &cfg, &mut got, 3).unwrap();
    assert_eq!(got, want);
    assert_eq!(rep.outcome, reg::SOFT_DONE);
}

#[test]
fn programs_the_engine_cannot_hold_are_refused() {
    let cfg = CoreConfig::DEFAULT;
    let mut c = client();
    c.hello().unwrap();
    let wide = Program::new(vec![17, 17], vec![Relation::from_fn(17, 17, |a, b| a == b)], vec![]).unwrap();
    let e = load_program(&mut c, &cfg, &wide).unwrap_err();
    assert!(matches!(e, ClientError::BadRequest(_)), "{e}");
    assert!(e.to_string().contains("same width <= 16"), "{e}");
    let mixed = Program::new(vec![3, 4], vec![], vec![]).unwrap();
    assert!(load_program(&mut c, &cfg, &mixed).is_err());
}
