//! Straight-through backward in fixed point: the bit-exact specification
//! of the hardware gradient unit, beside the Q1.15 forward it mirrors.
//!
//! At a hard point (all cells 0 or 1) every local factor of the soft
//! gradient ([`crate::diff::grad`]) is 0 or 1, so the backward pass only
//! routes and adds. [`st_backward_fixed`] is that route-and-add in Q16.16
//! with saturating additions in a fixed order; the gradient unit generated
//! by hdl-gen, its simulator and the board protocol's model all answer to
//! it. [`GradError`] is shared with the soft gradient, which reports the
//! same shape errors.

use crate::domains::Domains;
use crate::program::Program;
use crate::semiring::Boolean;
use thiserror::Error;

/// Shape errors of the soft and the straight-through backward passes.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum GradError {
    #[error("domains have {got} variables but the program has {expected}")]
    VarCount { got: usize, expected: usize },
    #[error("gradient has {got} cells, expected {expected} (num_vars * width)")]
    GradLen { got: usize, expected: usize },
    #[error("checkpoint interval must be at least 1")]
    ZeroInterval,
    #[error("straight-through backward needs K + 1 round bitmasks (at least 1), got {got}")]
    NoRounds { got: usize },
    #[error("round bitmasks {round}: domains do not match the program's variables")]
    RoundShape { round: usize },
    #[error("the soft groups were built for other variables than the program's")]
    GroupShape,
}

/// The instruction indices targeting each variable, in program order.
pub(crate) fn by_target(program: &Program) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); program.num_vars()];
    for (i, ins) in program.instructions.iter().enumerate() {
        out[ins.target as usize].push(i);
    }
    out
}

/// Result of the fixed-point straight-through backward pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StGrad {
    /// Gradient on `d^0`, Q16.16, layout `var * width + value` (`width` =
    /// [`Program::width`]); padding cells are 0.
    pub grad: Vec<i32>,
    /// Some addition saturated (sticky over the whole pass).
    pub saturated: bool,
}

/// Converts a real gradient to Q16.16 (round to nearest, ties away from 0,
/// saturating at the `i32` range; NaN maps to 0).
pub fn to_q16_16(x: f64) -> i32 {
    let y = (x * 65536.0).round();
    if y.is_nan() {
        0
    } else {
        y.clamp(i32::MIN as f64, i32::MAX as f64) as i32
    }
}

/// Q16.16 to a real number (exact).
pub fn from_q16_16(x: i32) -> f64 {
    x as f64 / 65536.0
}

/// Straight-through backward in fixed point: the bit-exact model of the
/// hardware gradient unit.
///
/// **Inputs.** `rounds[r]` are the hard domains `d^r` of a hard forward run
/// of exactly `K = rounds.len() - 1` Jacobi rounds (`rounds[0]` the input
/// bitmasks; `rounds[K]` is not read, since round `r`'s backward needs only
/// what it read, `d^r`). `upstream` is `dL/d d^K`, one value per cell, layout
/// `var * width + value` with `width = program.width()`.
///
/// **Number format.** Gradients are `i32` two's complement read as Q16.16
/// (`65536` = 1.0); since no multiplication happens the binary point is only
/// an interpretation. Every addition saturates to `[i32::MIN, i32::MAX]`
/// and sets [`StGrad::saturated`]. Padding cells (value >= width of their
/// variable) of `upstream` are ignored and get gradient 0.
///
/// **What one round does** (backward over round `r = K-1 .. 0`, reading only
/// the bitmask `p = d^r`, `gn` the incoming gradient, `gp` the outgoing one,
/// all zero at the start of the round). For a target value `(t, a)`,
/// instruction `i` (targeting `t`) *supports* `a` when some
/// `b` in `R_i[a]` has `p[src_i][b] = 1`; let `fails(t, a)` be the number of
/// instructions targeting `t` that do not support `a`.
///
/// 1. *Direct*, for every cell in ascending cell order: `gp[t][a] = gn[t][a]`
///    if `fails(t, a) = 0` (every support of `a` is 1, so `dn/dp = 1` whatever
///    `p[t][a]` is), else nothing (this is the first write of the cell, so it
///    is exact).
/// 2. *Routing*, instructions in program order, then target value `a`
///    ascending, then source value `b` ascending: when `p[t][a] = 1`,
///    `gn[t][a] != 0`, and either `fails(t, a) = 0` or instruction `i` is the
///    only one failing, and `hits = R_i[a] & p[src_i]` has no bit (then every
///    `b` in `R_i[a]`) or exactly one bit `b` (then that `b`):
///    `gp[src_i][b] = sat_add(gp[src_i][b], gn[t][a])`.
///
/// This is the soft gradient of [`SoftGrad`] evaluated at the hard point:
/// at a 0/1 point the "all factors but one" products are 1 exactly when the
/// left-out factor is the only zero or there is none. When no addition
/// saturates and the upstream values are multiples of 2^-16, it equals the
/// `f64` soft gradient exactly (tested).
pub fn st_backward_fixed(
    program: &Program,
    rounds: &[Domains<Boolean>],
    upstream: &[i32],
) -> Result<StGrad, GradError> {
    if rounds.is_empty() {
        return Err(GradError::NoRounds { got: 0 });
    }
    let n = program.num_vars();
    let width = program.width();
    for (r, d) in rounds.iter().enumerate() {
        if d.num_vars() != n || d.widths.iter().zip(&program.widths).any(|(a, b)| a != b) {
            return Err(GradError::RoundShape { round: r });
        }
    }
    if upstream.len() != n * width {
        return Err(GradError::GradLen { got: upstream.len(), expected: n * width });
    }
    let by_t = by_target(program);
    let mut saturated = false;
    let mut g: Vec<i32> = upstream.to_vec();
    for v in 0..n {
        for c in &mut g[v * width + program.widths[v]..(v + 1) * width] {
            *c = 0;
        }
    }
    let mut gp = vec![0i32; n * width];
    // fails[cell], and the one failing instruction when fails == 1.
    let mut fails = vec![0u32; n * width];
    let mut failing = vec![usize::MAX; n * width];
    let k = rounds.len() - 1;
    for r in (0..k).rev() {
        let p = &rounds[r];
        fails.fill(0);
        for t in 0..n {
            for &i in &by_t[t] {
                let ins = program.instructions[i];
                let rel = &program.relations[ins.relation as usize];
                let src = p.var(ins.source as usize);
                for a in 0..program.widths[t] {
                    let supported = rel.row(a).iter().zip(src).any(|(x, y)| x & y != 0);
                    if !supported {
                        let cell = t * width + a;
                        fails[cell] += 1;
                        failing[cell] = i;
                    }
                }
            }
        }
        gp.fill(0);
        for t in 0..n {
            for a in 0..program.widths[t] {
                let cell = t * width + a;
                if fails[cell] == 0 {
                    gp[cell] = g[cell];
                }
            }
        }
        for (i, ins) in program.instructions.iter().enumerate() {
            let t = ins.target as usize;
            let s = ins.source as usize;
            let rel = &program.relations[ins.relation as usize];
            let src = p.var(s);
            for a in 0..program.widths[t] {
                let cell = t * width + a;
                let gv = g[cell];
                if gv == 0 || !p.contains(t, a) {
                    continue;
                }
                if !(fails[cell] == 0 || (fails[cell] == 1 && failing[cell] == i)) {
                    continue;
                }
                let row = rel.row(a);
                let hits: u32 = row.iter().zip(src).map(|(x, y)| (x & y).count_ones()).sum();
                let mut add = |b: usize| {
                    let c = &mut gp[s * width + b];
                    let (sum, over) = c.overflowing_add(gv);
                    if over {
                        saturated = true;
                        *c = if gv > 0 { i32::MAX } else { i32::MIN };
                    } else {
                        *c = sum;
                    }
                };
                match hits {
                    0 => {
                        for (wi, &word) in row.iter().enumerate() {
                            let mut bits = word;
                            while bits != 0 {
                                add(wi * 64 + bits.trailing_zeros() as usize);
                                bits &= bits - 1;
                            }
                        }
                    }
                    1 => {
                        let (wi, word) = row
                            .iter()
                            .zip(src)
                            .map(|(x, y)| x & y)
                            .enumerate()
                            .find(|(_, w)| *w != 0)
                            .expect("one hit");
                        add(wi * 64 + word.trailing_zeros() as usize);
                    }
                    _ => {}
                }
            }
        }
        std::mem::swap(&mut g, &mut gp);
    }
    Ok(StGrad { grad: g, saturated })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grad::{Memory, SoftGrad};
    use crate::interp::hard_rounds;
    use crate::program::{Relation, Revise};
    use crate::semiring::Prob;
    use crate::testing::{self, Limits};
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn check_st(p: &Program, d0: &Domains<Boolean>, k: usize, up_q: &[i32]) {
        let width = p.width();
        let rounds = hard_rounds(p, d0, k);
        let soft0: Domains<Prob<f64>> = d0.to_soft();
        let up: Vec<f64> = up_q.iter().map(|&x| from_q16_16(x)).collect();
        let sg = SoftGrad::new(p);
        let (out, g) = sg.value_and_grad(&soft0, k, Memory::Full, &up).unwrap();
        // The straight-through forward value is the hard result exactly.
        assert_eq!(out.support(), rounds[k]);
        assert_eq!(out, rounds[k].to_soft::<f64>());
        let st = st_backward_fixed(p, &rounds, up_q).unwrap();
        assert!(!st.saturated);
        assert_eq!(soft0.stride(), width);
        for (c, (&q, &f)) in st.grad.iter().zip(&g).enumerate() {
            assert_eq!(from_q16_16(q), f, "cell {c}");
        }
    }

    #[test]
    fn st_fixed_equals_soft_gradient_at_hard_points() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let mut nonzero = 0;
        for _ in 0..200 {
            let p = testing::random_program(&mut rng, Limits::mixed(6, 9));
            let n = p.num_vars();
            let dens: f64 = rng.gen_range(0.2..1.0);
            let bits: Vec<bool> = (0..n * 64).map(|_| rng.gen_bool(dens)).collect();
            let d0: Domains<Boolean> = Domains::from_fn(&p.widths, |v, a| bits[v * 64 + a]);
            let k = rng.gen_range(0..5);
            let up: Vec<i32> = (0..n * p.width()).map(|_| rng.gen_range(-1 << 20..1 << 20)).collect();
            check_st(&p, &d0, k, &up);
            let st = st_backward_fixed(&p, &hard_rounds(&p, &d0, k), &up).unwrap();
            nonzero += st.grad.iter().filter(|&&x| x != 0).count();
        }
        assert!(nonzero > 100);
    }

    #[test]
    fn st_fixed_on_sudoku() {
        let puzzle = "4.....8.5.3..........7......2.....6.....8.4......1.......6.3.7.5..2.....1.4......";
        let net = crate::testing::sudoku(puzzle);
        let p = net.compile().unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        // Both the initial domains and a random full assignment (mostly
        // wiping out), which exercises the "exactly one failing" routes.
        let assign: Domains<Boolean> = Domains::from_fn(&p.widths, |v, a| {
            net.variables[v].domain.as_ref().map_or(a == (v * 7 + 3) % 9, |d| d.contains(&a))
        });
        for d0 in [net.initial_domains(), assign] {
            for k in [1, 3, 6] {
                let up: Vec<i32> = (0..81 * 9).map(|_| rng.gen_range(-1 << 16..1 << 16)).collect();
                check_st(&p, &d0, k, &up);
            }
        }
    }

    #[test]
    fn st_fixed_saturates() {
        // x0 and x1 both route into x2 through a `==` style relation.
        let r = Relation::from_fn(1, 1, |_, _| true);
        let p = Program::new(
            vec![1, 1, 1],
            vec![r],
            vec![Revise { target: 0, source: 2, relation: 0 }, Revise { target: 1, source: 2, relation: 0 }],
        )
        .unwrap();
        let d0: Domains<Boolean> = Domains::from_fn(&p.widths, |v, _| v != 2);
        let rounds = hard_rounds(&p, &d0, 1);
        let st = st_backward_fixed(&p, &rounds, &[i32::MAX, i32::MAX, 0]).unwrap();
        assert!(st.saturated);
        assert_eq!(st.grad[2], i32::MAX);
        let st = st_backward_fixed(&p, &rounds, &[i32::MIN, -5, 0]).unwrap();
        assert!(st.saturated);
        assert_eq!(st.grad[2], i32::MIN);
        let st = st_backward_fixed(&p, &rounds, &[7, -5, 0]).unwrap();
        assert!(!st.saturated);
        assert_eq!(st.grad, vec![0, 0, 2]);
        assert_eq!(st_backward_fixed(&p, &[], &[0; 3]).unwrap_err(), GradError::NoRounds { got: 0 });
        assert_eq!(st_backward_fixed(&p, &rounds, &[0; 2]).unwrap_err(), GradError::GradLen { got: 2, expected: 3 });
    }

    #[test]
    fn q16_16_conversion() {
        assert_eq!(to_q16_16(1.0), 65536);
        assert_eq!(to_q16_16(-0.5), -32768);
        assert_eq!(to_q16_16(1e12), i32::MAX);
        assert_eq!(to_q16_16(f64::NAN), 0);
        assert_eq!(from_q16_16(98304), 1.5);
    }
}
