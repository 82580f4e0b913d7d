//! The straight-through backward over the protocol, against semiring-core:
//! `session::run_hard_rounds` + `session::run_backward` through the client and
//! the device model of the board (`board::BoardModel`: engine + gradient unit
//! behind the unit select) must give `hard_rounds` and
//! `st_backward_fixed` bit for bit, over a clean and a lossy link. The same
//! calls run against the RTL board top in `crates/hdl-gen/tests/board_rtl.rs`.

use protocol::board::{map, BoardModel, GradConfig};
use protocol::codec::DEFAULT_TIMEOUT_BYTES;
use protocol::engine::CoreConfig;
use protocol::faults::{FaultConfig, LossyLink};
use protocol::session::{grad_config, load_program, run_backward, run_hard, run_hard_rounds};
use protocol::{Client, ClientError, Device, Link};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use semiring_core::st_fixed::st_backward_fixed;
use semiring_core::testing::{random_program, random_upstream, sudoku, Limits};
use semiring_core::{hard_fixpoint, hard_rounds, Boolean, Domains, Program, Relation};

const T: u32 = DEFAULT_TIMEOUT_BYTES;

fn board(grad: bool, faults: FaultConfig, seed: u64, attempts: u32) -> Client<LossyLink<BoardModel>> {
    let model = if grad {
        BoardModel::with_grad(CoreConfig::DEFAULT, GradConfig::DEFAULT)
    } else {
        BoardModel::engine_only(CoreConfig::DEFAULT)
    };
    Client::new(LossyLink::new(Device::new(model, T), T, faults, seed), attempts)
}

/// One forward (K hard rounds on the engine) and backward (gradient unit) job;
/// asserts both against semiring-core. Returns whether the backward saturated.
fn job<L: Link>(c: &mut Client<L>, rng: &mut ChaCha8Rng, g: &GradConfig, label: &str) -> Result<bool, ClientError> {
    let core = CoreConfig::DEFAULT;
    let w = rng.gen_range(1..=core.d);
    let p = random_program(rng, Limits::uniform(w, 12, 40));
    load_program(c, &core, &p)?;
    let dens = rng.gen_range(0.3..0.95);
    let bits: Vec<bool> = (0..p.num_vars() * w).map(|_| rng.gen_bool(dens)).collect();
    let d0: Domains<Boolean> = Domains::from_fn(&p.widths, |v, a| bits[v * w + a]);
    let k = rng.gen_range(0..=g.max_rounds());
    let (rounds, _) = run_hard_rounds(c, &core, &d0, k)?;
    assert_eq!(rounds, hard_rounds(&p, &d0, k), "{label}: forward rounds");
    let up = random_upstream(rng, p.num_vars() * w);
    let got = run_backward(c, g, &p, &rounds, &up)?;
    let want = st_backward_fixed(&p, &rounds, &up).unwrap();
    assert_eq!(got.grad, want, "{label}: gradients (K = {k}, width {w})");
    Ok(want.saturated)
}

#[test]
fn backward_on_random_networks_matches_st_backward_fixed() {
    let mut c = board(true, FaultConfig::default(), 0, 1);
    c.hello().unwrap();
    let g = grad_config(&mut c).unwrap();
    assert_eq!(g, GradConfig::DEFAULT);
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let mut saturated = 0;
    for j in 0..150 {
        saturated += job(&mut c, &mut rng, &g, &format!("job {j}")).unwrap() as usize;
    }
    assert!(saturated >= 5, "only {saturated} saturating jobs");
    assert_eq!(c.stats.attempts, c.stats.requests);
}

#[test]
fn engine_runs_still_reach_the_engine_after_a_backward() {
    let core = CoreConfig::DEFAULT;
    let mut c = board(true, FaultConfig::default(), 0, 1);
    c.hello().unwrap();
    let g = grad_config(&mut c).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(6);
    job(&mut c, &mut rng, &g, "backward").unwrap();
    assert_eq!(c.read(map::START_UNIT, 1).unwrap(), vec![map::UNIT_GRAD], "the backward selected the gradient unit");
    let p = random_program(&mut rng, Limits::uniform(5, 6, 40));
    load_program(&mut c, &core, &p).unwrap();
    let init: Domains<Boolean> = Domains::from_fn(&p.widths, |v, a| (v + a) % 3 != 0);
    let (mut want, mut got) = (init.clone(), init);
    let fix = hard_fixpoint(&p, &mut want, 8);
    let rep = run_hard(&mut c, &core, &mut got, 8).unwrap();
    assert_eq!(got, want);
    assert_eq!(rep.rounds as usize, fix.rounds);
    assert_eq!(c.read(map::START_UNIT, 1).unwrap(), vec![map::UNIT_ENGINE], "MODE/ROUNDS selected the engine");
}

#[test]
fn a_board_without_the_unit_says_so() {
    let mut c = board(false, FaultConfig::default(), 0, 1);
    c.hello().unwrap();
    assert_eq!(c.read(map::BOARD_INFO, 1).unwrap(), vec![map::HAS_ENGINE]);
    let e = grad_config(&mut c).unwrap_err();
    assert!(matches!(e, ClientError::NoGradUnit { board_info: 1 }), "{e}");
    assert_eq!(
        e.to_string(),
        "this board has no gradient unit (BOARD_INFO 0x1): run the backward pass on a board top that has one \
         (ULX3S) or on the host"
    );
    // Its gradient-unit addresses read 0 and a START after writing them still runs the engine.
    c.write(map::GRAD_K, &[1, 1, 1, 1]).unwrap();
    assert_eq!(c.read(map::GRAD_K, 1).unwrap(), vec![0]);
    assert_eq!(c.read(map::START_UNIT, 1).unwrap(), vec![0]);
}

#[test]
fn inputs_the_unit_cannot_take_are_refused() {
    let mut c = board(true, FaultConfig::default(), 0, 1);
    c.hello().unwrap();
    let g = grad_config(&mut c).unwrap();
    let p = Program::new(vec![3; 2], vec![Relation::from_fn(3, 3, |a, b| a != b)], vec![]).unwrap();
    let d = Domains::<Boolean>::full(&p.widths);
    let e = run_backward(&mut c, &g, &p, &vec![d.clone(); 10], &[0; 6]).unwrap_err();
    assert!(e.to_string().contains("K = 9 (capacity 128, 2048, 64, K <= 8)"), "{e}");
    let e = run_backward(&mut c, &g, &p, &[], &[0; 6]).unwrap_err();
    assert_eq!(e.to_string(), "bad request: no rounds (need at least d^0)");
    let e = run_backward(&mut c, &g, &p, &[d], &[0; 5]).unwrap_err();
    assert_eq!(e.to_string(), "bad request: upstream has 5 cells, expected 6");
    // A size register out of range is reported by the unit, never answered with gradients.
    c.write(map::GRAD_K, &[9, 0, 2, 3]).unwrap();
    c.start().unwrap();
    assert_eq!(c.read(map::GRAD_STATUS, 1).unwrap()[0], map::GRAD_CONFIG_ERROR);
}

/// A lossy link (flipped, dropped, duplicated bytes, cut requests, resets):
/// every job ends with semiring-core's gradients, or the reset is reported
/// and the job rerun from HELLO.
#[test]
fn backward_with_faults_is_never_wrong() {
    let faults = FaultConfig { flip: 0.001, drop: 0.001, dup: 0.001, truncate: 0.01, reset: 0.002 };
    let mut c = board(true, faults, 7, 30);
    let mut rng = ChaCha8Rng::seed_from_u64(8);
    let (mut done, mut resets) = (0, 0);
    for j in 0..60 {
        let seed: u64 = rng.gen();
        for _ in 0..20 {
            // The same job again after a reset.
            let mut jr = ChaCha8Rng::seed_from_u64(seed);
            let r =
                c.hello().and_then(|_| grad_config(&mut c)).and_then(|g| job(&mut c, &mut jr, &g, &format!("job {j}")));
            match r {
                Ok(_) => {
                    done += 1;
                    break;
                }
                Err(ClientError::DeviceReset { .. }) => resets += 1,
                Err(e) => panic!("job {j}: {e}"),
            }
        }
    }
    let f = c.link().stats;
    eprintln!("faults {f:?}, client {:?}, resets reported {resets}", c.stats);
    assert_eq!(done, 60);
    assert!(f.flips > 20 && f.drops > 20 && f.dups > 20 && f.truncations > 5, "{f:?}");
    assert!(resets > 0 && c.stats.attempts > c.stats.requests);
}

#[test]
fn sudoku_forward_and_backward_match_semiring_core() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/sudoku/tdoku_17_clue.txt");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let net = sudoku(text.lines().next().unwrap().trim());
    let p = net.compile().unwrap();
    let mut c = board(true, FaultConfig::default(), 0, 1);
    c.hello().unwrap();
    let g = grad_config(&mut c).unwrap();
    load_program(&mut c, &CoreConfig::DEFAULT, &p).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    for k in [1, 4, 8] {
        let (rounds, _) = run_hard_rounds(&mut c, &CoreConfig::DEFAULT, &net.initial_domains(), k).unwrap();
        assert_eq!(rounds, hard_rounds(&p, &net.initial_domains(), k), "sudoku K = {k}: forward");
        let up = random_upstream(&mut rng, 81 * 9);
        let got = run_backward(&mut c, &g, &p, &rounds, &up).unwrap();
        let want = st_backward_fixed(&p, &rounds, &up).unwrap();
        assert_eq!(got.grad, want, "sudoku K = {k}: gradients");
        assert!(want.grad.iter().any(|&x| x != 0), "sudoku K = {k}: an all-zero gradient checks little");
    }
}
