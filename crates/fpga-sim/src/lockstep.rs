//! Lockstep checking: the simulated engine against semiring-core, bit for bit.
//!
//! Every check runs the engine one round at a time (a run leaves prev = next
//! = the result, so a run with one round continues where the last stopped)
//! and compares the domains after every round with `interp::hard_fixpoint`
//! (one round) or `interp::soft_rounds`, then runs the whole thing in one go
//! and compares the outcome, round count and final domains. A mismatch names
//! the first differing (round, variable, value), both values and the seed,
//! and, when given a directory, re-runs the case writing a VCD there.

use crate::engine::{HardRun, Sim, SoftRun};
use crate::SimError;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use semiring_core::{
    hard_fixpoint, soft_rounds, Boolean, Domains, Fixed, FixpointOutcome, Program, Relation, Revise, Q15,
};
use std::fmt;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// The first disagreement between engine and reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    pub case: String,
    pub seed: u64,
    /// "hard" or "soft".
    pub mode: &'static str,
    /// 1-based round, or 0 for the one-go run's summary (outcome, rounds).
    pub round: usize,
    pub what: String,
    pub vcd: Option<PathBuf>,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} mismatch in case {} (seed {}), round {}: {}",
            self.mode, self.case, self.seed, self.round, self.what
        )?;
        match &self.vcd {
            Some(p) => write!(f, "; waveform: {}", p.display()),
            None => write!(f, "; no waveform written"),
        }
    }
}

#[derive(Debug, Error)]
pub enum LockstepError {
    #[error(transparent)]
    Sim(#[from] SimError),
    #[error("{0}")]
    Mismatch(Box<Mismatch>),
}

/// One network with starting domains for both modes.
#[derive(Clone, Debug)]
pub struct Case {
    pub name: String,
    pub seed: u64,
    pub program: Program,
    pub hard: Domains<Boolean>,
    pub soft: Domains<Fixed>,
    /// Hard round limit.
    pub max_rounds: usize,
    /// Soft rounds.
    pub k: usize,
}

/// Limits for random networks (the engine's capacities or less).
#[derive(Clone, Copy, Debug)]
pub struct RandomLimits {
    pub max_width: usize,
    pub max_vars: usize,
    pub max_instructions: usize,
    pub max_relations: usize,
}

/// A seeded random network: random widths up to `max_width`, random
/// relations (densities from empty to full), random instructions (self
/// loops included), random hard and soft domains with all-zero and all-one
/// variables, and whole networks starting all-zero or all-one.
pub fn random_case(seed: u64, lim: RandomLimits) -> Case {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let d = rng.gen_range(1..=lim.max_width);
    let nv = rng.gen_range(1..=lim.max_vars);
    let widths: Vec<usize> = (0..nv).map(|_| if rng.gen_bool(0.5) { d } else { rng.gen_range(1..=d) }).collect();
    let densities = [0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0];
    let mut relations: Vec<Relation> = Vec::new();
    let mut instructions = Vec::new();
    let ni = rng.gen_range(0..=lim.max_instructions);
    for _ in 0..ni {
        let (t, s) = (rng.gen_range(0..nv), rng.gen_range(0..nv));
        let (rows, cols) = (widths[t], widths[s]);
        let matching: Vec<usize> =
            (0..relations.len()).filter(|&i| relations[i].rows() == rows && relations[i].cols() == cols).collect();
        let rel = if !matching.is_empty() && (relations.len() >= lim.max_relations || rng.gen_bool(0.5)) {
            matching[rng.gen_range(0..matching.len())]
        } else if relations.len() < lim.max_relations {
            let p = densities[rng.gen_range(0..densities.len())];
            let mut r = Relation::empty(rows, cols);
            for a in 0..rows {
                for b in 0..cols {
                    if rng.gen_bool(p) {
                        r.set(a, b, true);
                    }
                }
            }
            relations.push(r);
            relations.len() - 1
        } else {
            continue;
        };
        instructions.push(Revise { target: t as u32, source: s as u32, relation: rel as u32 });
    }
    let program = Program::new(widths.clone(), relations, instructions).expect("generated programs are valid");
    let whole = rng.gen_range(0..20);
    // Per variable: 0 empty, 1 full, otherwise random with a random density.
    let kinds: Vec<(u8, f64)> = (0..nv)
        .map(|_| match whole {
            0 => (0, 0.0),
            1 => (1, 1.0),
            _ => (rng.gen_range(0..8u8), rng.gen_range(0.2..0.95)),
        })
        .collect();
    let bits: Vec<Vec<bool>> = (0..nv)
        .map(|v| (0..widths[v]).map(|_| kinds[v].0 == 1 || (kinds[v].0 > 1 && rng.gen_bool(kinds[v].1))).collect())
        .collect();
    let hard = Domains::from_fn(&widths, |v, a| bits[v][a]);
    let probs: Vec<Vec<Q15>> = (0..nv)
        .map(|v| {
            (0..widths[v])
                .map(|_| match kinds[v].0 {
                    0 => Q15::ZERO,
                    1 => Q15::ONE,
                    _ => match rng.gen_range(0..6) {
                        0 => Q15::ZERO,
                        1 => Q15::ONE,
                        _ => Q15(rng.gen_range(0..=0x8000)),
                    },
                })
                .collect()
        })
        .collect();
    let soft = Domains::from_probs(&widths, |v, a| probs[v][a]);
    Case {
        name: format!("random-{seed}"),
        seed,
        program,
        hard,
        soft,
        max_rounds: rng.gen_range(1..=24),
        k: rng.gen_range(1..=3),
    }
}

fn hard_diff(want: &Domains<Boolean>, got: &Domains<Boolean>) -> Option<String> {
    for v in 0..want.num_vars() {
        for a in 0..want.widths[v] {
            let (w, g) = (want.contains(v, a), got.contains(v, a));
            if w != g {
                return Some(format!(
                    "variable {v}, value {a}: reference {}, engine {} (masks {:#x} vs {:#x})",
                    w as u8,
                    g as u8,
                    want.var(v)[0],
                    got.var(v)[0]
                ));
            }
        }
    }
    None
}

fn soft_diff(want: &Domains<Fixed>, got: &Domains<Fixed>) -> Option<String> {
    for v in 0..want.num_vars() {
        for a in 0..want.widths[v] {
            let (w, g) = (want.var(v)[a], got.var(v)[a]);
            if w != g {
                return Some(format!("variable {v}, value {a}: reference {:#06x}, engine {:#06x}", w.0, g.0));
            }
        }
    }
    None
}

/// What a passing check measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Passed {
    pub rounds: usize,
    /// Engine clocks of the one-go run.
    pub cycles: u64,
    pub outcome: Option<FixpointOutcome>,
}

type Found = Result<Passed, (usize, String)>;

fn hard_once(sim: &mut Sim, case: &Case) -> Result<Found, SimError> {
    let p = &case.program;
    sim.load_program(p)?;
    sim.write_hard(&case.hard)?;
    let mut sw = case.hard.clone();
    for r in 1..=case.max_rounds {
        let want = hard_fixpoint(p, &mut sw, 1);
        let got = sim.run_hard(1)?;
        let d = sim.read_hard(&p.widths)?;
        if let Some(diff) = hard_diff(&sw, &d) {
            return Ok(Err((r, diff)));
        }
        if want.outcome != got.fixpoint.outcome {
            return Ok(Err((r, format!("outcome: reference {:?}, engine {:?}", want.outcome, got.fixpoint.outcome))));
        }
        if want.outcome != FixpointOutcome::RoundLimit {
            break;
        }
    }
    sim.write_hard(&case.hard)?;
    let mut sw = case.hard.clone();
    let want = hard_fixpoint(p, &mut sw, case.max_rounds);
    let HardRun { fixpoint, cycles } = sim.run_hard(case.max_rounds)?;
    let d = sim.read_hard(&p.widths)?;
    if let Some(diff) = hard_diff(&sw, &d) {
        return Ok(Err((want.rounds, format!("one-go run: {diff}"))));
    }
    if want != fixpoint {
        return Ok(Err((0, format!("one-go run: reference {want:?}, engine {fixpoint:?}"))));
    }
    Ok(Ok(Passed { rounds: want.rounds, cycles, outcome: Some(want.outcome) }))
}

fn soft_once(sim: &mut Sim, case: &Case) -> Result<Found, SimError> {
    let p = &case.program;
    sim.load_program(p)?;
    let want = soft_rounds(p, &case.soft, case.k);
    sim.write_soft(&case.soft)?;
    for r in 1..=case.k {
        sim.run_soft(1)?;
        let d = sim.read_soft(&p.widths)?;
        if let Some(diff) = soft_diff(&want[r], &d) {
            return Ok(Err((r, diff)));
        }
    }
    sim.write_soft(&case.soft)?;
    let SoftRun { rounds, cycles } = sim.run_soft(case.k)?;
    let d = sim.read_soft(&p.widths)?;
    if let Some(diff) = soft_diff(&want[case.k], &d) {
        return Ok(Err((case.k, format!("one-go run: {diff}"))));
    }
    if rounds != case.k {
        return Ok(Err((0, format!("one-go run: engine reports {rounds} rounds, expected {}", case.k))));
    }
    Ok(Ok(Passed { rounds, cycles, outcome: None }))
}

fn check(
    sim: &mut Sim,
    case: &Case,
    mode: &'static str,
    vcd_dir: Option<&Path>,
    once: fn(&mut Sim, &Case) -> Result<Found, SimError>,
) -> Result<Passed, LockstepError> {
    match once(sim, case)? {
        Ok(p) => Ok(p),
        Err((round, what)) => {
            let vcd = match vcd_dir {
                Some(dir) => {
                    std::fs::create_dir_all(dir).map_err(|e| SimError::io(format!("creating {}", dir.display()), e))?;
                    let path = dir.join(format!("{}-{mode}.vcd", case.name));
                    sim.reset()?;
                    sim.vcd(&path)?;
                    once(sim, case)?.ok();
                    sim.vcd_off()?;
                    Some(path)
                }
                None => None,
            };
            Err(LockstepError::Mismatch(Box::new(Mismatch {
                case: case.name.clone(),
                seed: case.seed,
                mode,
                round,
                what,
                vcd,
            })))
        }
    }
}

/// Hard mode against `interp::hard_fixpoint`, every round and in one go.
pub fn check_hard(sim: &mut Sim, case: &Case, vcd_dir: Option<&Path>) -> Result<Passed, LockstepError> {
    check(sim, case, "hard", vcd_dir, hard_once)
}

/// Soft mode (Q1.15) against `interp::soft_rounds`, every round and in one go.
pub fn check_soft(sim: &mut Sim, case: &Case, vcd_dir: Option<&Path>) -> Result<Passed, LockstepError> {
    check(sim, case, "soft", vcd_dir, soft_once)
}
