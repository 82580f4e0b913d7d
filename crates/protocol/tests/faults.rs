//! Fault injection: a client drives a semiring-core engine behind the device
//! model over a lossy link. Every fault must be retried or reported; no run
//! may ever return domains other than the ones semiring-core computes.

use protocol::codec::DEFAULT_TIMEOUT_BYTES;
use protocol::engine::{reg, CoreConfig, CoreEngine};
use protocol::faults::{FaultConfig, LossyLink};
use protocol::{Client, ClientError, Device};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use semiring_core::{hard_fixpoint, soft_rounds, Boolean, Domains, Fixed, Program, Relation, Revise, Q15};

const D: usize = 16;
const T: u32 = DEFAULT_TIMEOUT_BYTES;

struct Job {
    program: Program,
    hard: Domains<Boolean>,
    soft: Domains<Fixed>,
    soft_mode: bool,
    rounds: usize,
}

fn random_job(rng: &mut ChaCha8Rng) -> Job {
    let n = rng.gen_range(2..=8);
    let nrel = rng.gen_range(1..=4);
    let relations: Vec<Relation> = (0..nrel)
        .map(|_| {
            let p = rng.gen_range(0.2..0.9);
            let bits: Vec<bool> = (0..D * D).map(|_| rng.gen_bool(p)).collect();
            Relation::from_fn(D, D, |a, b| bits[a * D + b])
        })
        .collect();
    let m = rng.gen_range(1..=24);
    let instructions = (0..m)
        .map(|_| Revise {
            target: rng.gen_range(0..n) as u32,
            source: rng.gen_range(0..n) as u32,
            relation: rng.gen_range(0..nrel) as u32,
        })
        .collect();
    let program = Program::new(vec![D; n], relations, instructions).unwrap();
    let bits: Vec<bool> = (0..n * D).map(|_| rng.gen_bool(0.7)).collect();
    let hard = Domains::from_fn(&program.widths, |v, a| bits[v * D + a]);
    let probs: Vec<u16> = (0..n * D).map(|_| rng.gen_range(0..=0x8000)).collect();
    let soft = Domains::from_probs(&program.widths, |v, a| Q15(probs[v * D + a]));
    Job { program, hard, soft, soft_mode: rng.gen_bool(0.5), rounds: rng.gen_range(1..=6) }
}

/// What semiring-core computes: hard domains as words, or soft domains.
fn expected(job: &Job) -> Vec<u16> {
    if job.soft_mode {
        let out = soft_rounds(&job.program, &job.soft, job.rounds);
        out[job.rounds].cells.iter().map(|q| q.0).collect()
    } else {
        let mut d = job.hard.clone();
        hard_fixpoint(&job.program, &mut d, job.rounds);
        (0..d.num_vars()).map(|v| d.var(v)[0] as u16).collect()
    }
}

/// The whole job over the protocol (engine register map of hdl-gen); returns
/// the domains the device reports.
fn run_job<L: protocol::Link>(c: &mut Client<L>, job: &Job) -> Result<Vec<u16>, ClientError> {
    c.hello()?;
    let p = &job.program;
    let vb = CoreConfig::DEFAULT.var_bits;
    let prog: Vec<u32> = p.instructions.iter().map(|i| i.target | i.source << vb | i.relation << (2 * vb)).collect();
    c.write(reg::addr(reg::REGION_PROGRAM, 0), &prog)?;
    let rels: Vec<u32> = p.relations.iter().flat_map(|r| (0..D).map(move |a| r.row(a)[0] as u32)).collect();
    c.write(reg::addr(reg::REGION_RELATIONS, 0), &rels)?;
    let n = p.num_vars();
    let mode = job.soft_mode as u32;
    c.write(reg::MODE, &[mode, job.rounds as u32, p.instructions.len() as u32, n as u32, D as u32])?;
    let (region, words): (u16, Vec<u32>) = if job.soft_mode {
        (reg::REGION_SOFT, job.soft.cells.iter().map(|q| q.0 as u32).collect())
    } else {
        (reg::REGION_HARD, (0..n).map(|v| job.hard.var(v)[0] as u32).collect())
    };
    c.write(reg::addr(region, 0), &words)?;
    c.start()?;
    let st = c.read(reg::STATUS, 1)?[0];
    assert!(st & 0x10 == 0 && st != reg::CONFIG_ERROR, "engine status {st:#x} after run");
    Ok(c.read(reg::addr(region, 0), words.len())?.iter().map(|&w| w as u16).collect())
}

fn engine() -> Device<CoreEngine> {
    Device::new(CoreEngine::new(CoreConfig::DEFAULT), T)
}

#[test]
fn clean_link_matches_semiring_core() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let mut c = Client::new(LossyLink::new(engine(), T, FaultConfig::default(), 0), 1);
    for _ in 0..50 {
        let job = random_job(&mut rng);
        assert_eq!(run_job(&mut c, &job).unwrap(), expected(&job));
    }
    assert_eq!(c.stats.attempts, c.stats.requests, "no retries on a clean link");
}

#[test]
fn faults_are_retried_or_reported_never_wrong() {
    let config = FaultConfig { flip: 0.002, drop: 0.002, dup: 0.002, truncate: 0.02, reset: 0.01 };
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let mut c = Client::new(LossyLink::new(engine(), T, config, 3), 30);
    let (mut done, mut resets_reported, mut other_errors) = (0, 0, vec![]);
    for _ in 0..400 {
        let job = random_job(&mut rng);
        let want = expected(&job);
        // A reported reset restarts the job from scratch, as a session layer would.
        for _attempt in 0..10 {
            match run_job(&mut c, &job) {
                Ok(got) => {
                    assert_eq!(got, want, "wrong domains accepted");
                    done += 1;
                    break;
                }
                Err(ClientError::DeviceReset { .. }) => resets_reported += 1,
                Err(e) => other_errors.push(e.to_string()),
            }
        }
    }
    let f = c.link().stats;
    let s = c.stats;
    eprintln!("faults {f:?}\nclient {s:?}\ndone {done}, resets reported {resets_reported}, other {other_errors:?}");
    assert!(f.flips > 100 && f.drops > 100 && f.dups > 100 && f.truncations > 50 && f.resets > 20);
    assert!(s.attempts > s.requests, "faults must have caused retries");
    assert!(resets_reported > 0, "resets must be reported");
    assert!(other_errors.is_empty(), "unexpected errors: {other_errors:?}");
    assert_eq!(done, 400);
}

#[test]
fn dead_link_reports_no_reply() {
    let config = FaultConfig { drop: 1.0, ..FaultConfig::default() };
    let mut c = Client::new(LossyLink::new(engine(), T, config, 4), 5);
    let e = c.hello().unwrap_err();
    assert_eq!(e.to_string(), "no valid reply to command 0x01 seq 1 after 5 attempts (last: timeout)");
}

#[test]
fn reset_between_load_and_run_is_reported() {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let job = random_job(&mut rng);
    let mut c = Client::new(LossyLink::new(engine(), T, FaultConfig::default(), 0), 3);
    c.hello().unwrap();
    c.write(reg::addr(reg::REGION_HARD, 0), &[0xffff]).unwrap();
    c.link_mut().device.reset();
    let e = c.start().unwrap_err();
    assert!(matches!(e, ClientError::DeviceReset { .. }), "{e}");
    assert!(e.to_string().contains("open a session with HELLO and reload"));
    // After reopening, the full job runs correctly.
    assert_eq!(run_job(&mut c, &job).unwrap(), expected(&job));
}
