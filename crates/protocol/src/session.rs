//! Propagation and the straight-through backward over the protocol: loads a
//! [`Program`] and domains into the engine's regions (register map of
//! `hdl_gen`'s engine, mirrored in [`crate::engine::reg`]), runs it and reads
//! the result back; writes the round bitmasks and the upstream gradient into
//! the gradient unit's regions ([`crate::board::map`]), runs the backward
//! pass and reads the gradients back. This is what a board backend (simulated
//! or serial) calls; it never changes a result, it only moves words.
//!
//! Straight-through training step on a board:
//!
//! 1. [`grad_config`] once per session (fails with
//!    [`ClientError::NoGradUnit`] on a board without the unit);
//! 2. [`load_program`] (loads the engine and the gradient unit);
//! 3. [`run_hard_rounds`]: `d^0 ..= d^K` from K single hard rounds on the engine;
//! 4. [`run_backward`] with those rounds and `dL/d d^K`: the gradient on `d^0`.

use crate::board::{map, GradConfig};
use crate::client::{Client, ClientError, Link};
use crate::engine::{reg, CoreConfig};
use semiring_core::st_fixed::StGrad;
use semiring_core::{Boolean, Domains, Fixed, Program, Q15};

/// What a run reports besides the domains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunReport {
    /// STATUS bits 3:0 (see [`reg`]: STABLE, WIPEOUT, ROUND_LIMIT, SOFT_DONE, CONFIG_ERROR).
    pub outcome: u32,
    pub rounds: u32,
    pub wipeout_var: u32,
    pub cycles: u32,
    /// STATUS reads until the engine was no longer busy.
    pub polls: u32,
}

/// The uniform domain width the engine's WIDTH register takes.
fn width(p: &Program, cfg: &CoreConfig) -> Result<usize, ClientError> {
    let w = p.width();
    if p.widths.iter().any(|&x| x != w) || w > cfg.d {
        return Err(ClientError::BadRequest(format!(
            "the engine runs programs whose variables all have the same width <= {}; widths are {:?}",
            cfg.d, p.widths
        )));
    }
    if p.num_vars() > 1 << cfg.var_bits
        || p.instructions.len() > 1 << cfg.prog_bits
        || p.relations.len() > 1 << cfg.rel_bits
    {
        return Err(ClientError::BadRequest(format!(
            "program too large for the engine: {} variables, {} instructions, {} relations (capacity {}, {}, {})",
            p.num_vars(),
            p.instructions.len(),
            p.relations.len(),
            1 << cfg.var_bits,
            1 << cfg.prog_bits,
            1 << cfg.rel_bits
        )));
    }
    Ok(w)
}

/// Polls both units' STATUS until neither runs. A board reset closes the
/// session but does not stop a run in progress, so the first WRITE after the
/// reset would be refused with BUSY; [`load_program`] waits here first. (On a
/// board without the gradient unit its STATUS address reads 0.)
pub fn wait_idle<L: Link>(c: &mut Client<L>) -> Result<u32, ClientError> {
    let mut polls = 0;
    loop {
        polls += 1;
        let engine = c.read(reg::STATUS, 1)?[0];
        let grad = c.read(map::GRAD_STATUS, 1)?[0];
        if (engine | grad) & map::BUSY == 0 {
            return Ok(polls);
        }
    }
}

/// Writes the program and relation memories and the size registers (of the
/// engine; on a board with the gradient unit the same WRITEs load its program
/// and relations). Waits for a run still in progress first ([`wait_idle`]).
pub fn load_program<L: Link>(c: &mut Client<L>, cfg: &CoreConfig, p: &Program) -> Result<(), ClientError> {
    let w = width(p, cfg)?;
    wait_idle(c)?;
    let vb = cfg.var_bits;
    let words: Vec<u32> = p.instructions.iter().map(|i| i.target | i.source << vb | i.relation << (2 * vb)).collect();
    c.write(reg::addr(reg::REGION_PROGRAM, 0), &words)?;
    let ab = cfg.value_bits();
    let rows: Vec<u32> = p
        .relations
        .iter()
        .flat_map(|r| (0..1usize << ab).map(move |a| if a < r.rows() { r.row(a)[0] as u32 } else { 0 }))
        .collect();
    c.write(reg::addr(reg::REGION_RELATIONS, 0), &rows)?;
    c.write(reg::NUM_INSTR, &[p.instructions.len() as u32, p.num_vars() as u32, w as u32])
}

fn run<L: Link>(c: &mut Client<L>, mode: u32, rounds: usize) -> Result<RunReport, ClientError> {
    c.write(reg::MODE, &[mode, rounds as u32])?;
    c.start()?;
    let mut polls = 0;
    loop {
        polls += 1;
        let st = c.read(reg::STATUS, 4)?;
        if st[0] & 0x10 == 0 {
            return Ok(RunReport { outcome: st[0] & 0xf, cycles: st[1], rounds: st[2], wipeout_var: st[3], polls });
        }
    }
}

/// Hard propagation to a fixpoint (or `max_rounds`); `d` is updated in place.
pub fn run_hard<L: Link>(
    c: &mut Client<L>,
    _cfg: &CoreConfig,
    d: &mut Domains<Boolean>,
    max_rounds: usize,
) -> Result<RunReport, ClientError> {
    let n = d.num_vars();
    let words: Vec<u32> = (0..n).map(|v| d.var(v)[0] as u32).collect();
    c.write(reg::addr(reg::REGION_HARD, 0), &words)?;
    let report = run(c, 0, max_rounds)?;
    let back = c.read(reg::addr(reg::REGION_HARD, 0), n)?;
    for (v, w) in back.into_iter().enumerate() {
        d.var_mut(v)[0] = w as u64;
    }
    Ok(report)
}

/// Exactly `k` soft rounds in Q1.15; `d` is updated in place.
pub fn run_soft<L: Link>(
    c: &mut Client<L>,
    cfg: &CoreConfig,
    d: &mut Domains<Fixed>,
    k: usize,
) -> Result<RunReport, ClientError> {
    let (n, stride) = (d.num_vars(), 1usize << cfg.value_bits());
    let words: Vec<u32> = (0..n)
        .flat_map(|v| (0..stride).map(move |a| (v, a)))
        .map(|(v, a)| d.var(v).get(a).map_or(0, |q| q.0 as u32))
        .collect();
    c.write(reg::addr(reg::REGION_SOFT, 0), &words)?;
    let report = run(c, 1, k)?;
    let back = c.read(reg::addr(reg::REGION_SOFT, 0), n * stride)?;
    for v in 0..n {
        let w = d.widths[v];
        for a in 0..w {
            d.var_mut(v)[a] = Q15(back[v * stride + a] as u16);
        }
    }
    Ok(report)
}

/// K single hard rounds on the engine from `d0`: returns `d^0 ..= d^K`, exactly
/// `semiring_core::hard_rounds` (the straight-through forward).
/// Each round is one run with ROUNDS = 1, which always stops after that round
/// (the stop rule is checked after every round), and the next run continues
/// from its result, so wipeouts and stable rounds do not cut the sequence short.
pub fn run_hard_rounds<L: Link>(
    c: &mut Client<L>,
    _cfg: &CoreConfig,
    d0: &Domains<Boolean>,
    k: usize,
) -> Result<(Vec<Domains<Boolean>>, u64), ClientError> {
    let n = d0.num_vars();
    let words: Vec<u32> = (0..n).map(|v| d0.var(v)[0] as u32).collect();
    c.write(reg::addr(reg::REGION_HARD, 0), &words)?;
    let mut out = vec![d0.clone()];
    let mut cycles = 0u64;
    for r in 0..k {
        let rep = run(c, 0, 1)?;
        if rep.outcome == reg::CONFIG_ERROR {
            return Err(ClientError::ConfigRejected {
                unit: "engine",
                status: rep.outcome,
                what: format!("hard round {r}: was the program loaded with load_program?"),
            });
        }
        cycles += rep.cycles as u64;
        let back = c.read(reg::addr(reg::REGION_HARD, 0), n)?;
        let mut d = d0.clone();
        for (v, w) in back.into_iter().enumerate() {
            d.var_mut(v)[0] = w as u64;
        }
        out.push(d);
    }
    Ok((out, cycles))
}

/// The board's gradient unit parameters (its INFO register); fails with
/// [`ClientError::NoGradUnit`] when BOARD_INFO says the board has none.
pub fn grad_config<L: Link>(c: &mut Client<L>) -> Result<GradConfig, ClientError> {
    let board_info = c.read(map::BOARD_INFO, 1)?[0];
    if board_info & map::HAS_GRAD == 0 {
        return Err(ClientError::NoGradUnit { board_info });
    }
    Ok(GradConfig::from_info(c.read(map::GRAD_INFO, 1)?[0]))
}

/// What a backward run returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackwardReport {
    /// The gradient on `d^0` (Q16.16, layout `var * program.width() + value`)
    /// and the unit's sticky saturation flag.
    pub grad: StGrad,
    /// Clocks of the backward run (the unit's CYCLES register).
    pub cycles: u32,
    /// STATUS reads until the unit was no longer busy.
    pub polls: u32,
}

/// The straight-through backward on the board's gradient unit, with the inputs
/// of `semiring_core::st_fixed::st_backward_fixed`: `rounds[r] = d^r`
/// (K = `rounds.len() - 1`; `rounds[K]` is not sent), `upstream = dL/d d^K`.
/// The program must have been loaded with [`load_program`] since the board's
/// last reset (it loads the gradient unit's program and relations too); `g`
/// comes from [`grad_config`]. Sends the bitmasks, the upstream gradient and
/// the size registers (which selects the unit for START), starts it, polls
/// its STATUS and reads the gradients back.
pub fn run_backward<L: Link>(
    c: &mut Client<L>,
    g: &GradConfig,
    program: &Program,
    rounds: &[Domains<Boolean>],
    upstream: &[i32],
) -> Result<BackwardReport, ClientError> {
    let (n, w, m) = (program.num_vars(), program.width(), program.instructions.len());
    let k =
        rounds.len().checked_sub(1).ok_or_else(|| ClientError::BadRequest("no rounds (need at least d^0)".into()))?;
    if program.widths.iter().any(|&x| x != w) || w > g.d {
        return Err(ClientError::BadRequest(format!(
            "the gradient unit runs programs whose variables all have the same width <= {}; widths are {:?}",
            g.d, program.widths
        )));
    }
    if n > 1 << g.var_bits || m > 1 << g.prog_bits || program.relations.len() > 1 << g.rel_bits || k > g.max_rounds() {
        return Err(ClientError::BadRequest(format!(
            "too large for the gradient unit: {n} variables, {m} instructions, {} relations, K = {k} (capacity {}, {}, {}, K <= {})",
            program.relations.len(),
            1 << g.var_bits,
            1 << g.prog_bits,
            1 << g.rel_bits,
            g.max_rounds()
        )));
    }
    if let Some(r) = rounds.iter().position(|d| d.widths[..] != program.widths[..]) {
        return Err(ClientError::BadRequest(format!("round {r} has other variable widths than the program")));
    }
    if upstream.len() != n * w {
        return Err(ClientError::BadRequest(format!("upstream has {} cells, expected {}", upstream.len(), n * w)));
    }
    let (vb, ab) = (g.var_bits, g.value_bits());
    for (r, d) in rounds[..k].iter().enumerate() {
        let words: Vec<u32> = (0..n).map(|v| d.var(v)[0] as u32).collect();
        c.write(map::GRAD_MASKS + (r << vb) as u16, &words)?;
    }
    let mut cells = vec![0u32; n << ab];
    for v in 0..n {
        for a in 0..w {
            cells[v << ab | a] = upstream[v * w + a] as u32;
        }
    }
    c.write(map::GRAD_CELLS, &cells)?;
    // Writing the unit's registers also selects it for START (START_UNIT = 1).
    c.write(map::GRAD_K, &[k as u32, m as u32, n as u32, w as u32])?;
    c.start()?;
    let mut polls = 0;
    let (status, cycles) = loop {
        polls += 1;
        let st = c.read(map::GRAD_STATUS, 2)?;
        if st[0] & map::BUSY == 0 {
            break (st[0], st[1]);
        }
    };
    if status & map::GRAD_CONFIG_ERROR != 0 {
        return Err(ClientError::ConfigRejected {
            unit: "gradient unit",
            status,
            what: format!("K = {k}, {m} instructions, {n} variables, width {w}"),
        });
    }
    let back = c.read(map::GRAD_CELLS, n << ab)?;
    let grad = (0..n * w).map(|i| back[((i / w) << ab) | (i % w)] as i32).collect();
    Ok(BackwardReport { grad: StGrad { grad, saturated: status & map::GRAD_SATURATED != 0 }, cycles, polls })
}
