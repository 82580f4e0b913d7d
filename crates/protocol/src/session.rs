//! Propagation over the protocol: loads a [`Program`] and domains into the
//! engine's regions (register map of `hdl_gen`'s engine, mirrored in
//! [`crate::engine::reg`]), runs it and reads the result back. This is what a
//! board backend (simulated or serial) calls; it never changes a result, it
//! only moves words.

use crate::client::{Client, ClientError, Link};
use crate::engine::{reg, CoreConfig};
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

/// Writes the program and relation memories and the size registers.
pub fn load_program<L: Link>(c: &mut Client<L>, cfg: &CoreConfig, p: &Program) -> Result<(), ClientError> {
    let w = width(p, cfg)?;
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
