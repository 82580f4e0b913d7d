//! The propagation program: the instruction set shared by the CPU
//! interpreter and the generated hardware.
//!
//! A program is a list of [`Revise`] instructions over variables whose
//! domains have at most [`Program::width`] values, and a table of
//! [`Relation`]s (support bitmasks). Semantics of one round (Jacobi):
//!
//! ```text
//! next = prev
//! for (target, source, relation) in instructions, in order:
//!     next[target][a] &= OR_b (R[a][b] & prev[source][b])
//! ```
//!
//! Hard mode repeats rounds. After each round it stops when some variable's
//! domain is empty (`Wipeout`, reporting the lowest such variable), else when
//! the round changed nothing (`Stable`), else when the round limit is reached
//! (`RoundLimit`), checked in that order. A limit of 0 runs no round. Soft
//! mode runs exactly K rounds.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A binary relation as support bitmasks: row `a` holds the values `b` of the
/// source variable compatible with value `a` of the target.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Relation {
    rows: usize,
    cols: usize,
    row_words: usize,
    bits: Vec<u64>,
}

impl Relation {
    /// The empty relation (no pair compatible) of `rows` x `cols`.
    pub fn empty(rows: usize, cols: usize) -> Relation {
        let row_words = cols.div_ceil(64).max(1);
        Relation { rows, cols, row_words, bits: vec![0; rows * row_words] }
    }

    /// Builds a relation from a predicate on `(a, b)`.
    pub fn from_fn(rows: usize, cols: usize, f: impl Fn(usize, usize) -> bool) -> Relation {
        let mut r = Relation::empty(rows, cols);
        for a in 0..rows {
            for b in 0..cols {
                if f(a, b) {
                    r.set(a, b, true);
                }
            }
        }
        r
    }

    pub fn rows(&self) -> usize {
        self.rows
    }
    pub fn cols(&self) -> usize {
        self.cols
    }
    /// Words per row (`ceil(cols / 64)`).
    pub fn row_words(&self) -> usize {
        self.row_words
    }
    /// Row `a` as words, bit `b % 64` of word `b / 64` set when `(a, b)` is allowed.
    #[inline]
    pub fn row(&self, a: usize) -> &[u64] {
        &self.bits[a * self.row_words..(a + 1) * self.row_words]
    }
    pub fn get(&self, a: usize, b: usize) -> bool {
        self.row(a)[b / 64] >> (b % 64) & 1 == 1
    }
    pub fn set(&mut self, a: usize, b: usize, allowed: bool) {
        let w = a * self.row_words + b / 64;
        if allowed {
            self.bits[w] |= 1 << (b % 64);
        } else {
            self.bits[w] &= !(1 << (b % 64));
        }
    }
    /// The same relation seen from the other variable.
    pub fn transpose(&self) -> Relation {
        Relation::from_fn(self.cols, self.rows, |a, b| self.get(b, a))
    }
}

/// One instruction: narrow `target` by its support in `source` through `relation`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Revise {
    pub target: u32,
    pub source: u32,
    pub relation: u32,
}

/// A validated propagation program.
/// Built only through [`Program::new`], which validates it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Program {
    /// Domain size of each variable (values `0..widths[v]`).
    pub widths: Vec<usize>,
    pub relations: Vec<Relation>,
    pub instructions: Vec<Revise>,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum ProgramError {
    #[error("instruction {index}: variable {var} does not exist (the program has {num_vars})")]
    NoSuchVariable { index: usize, var: u32, num_vars: usize },
    #[error("instruction {index}: relation {relation} does not exist (the program has {num_relations})")]
    NoSuchRelation { index: usize, relation: u32, num_relations: usize },
    #[error(
        "instruction {index}: relation {relation} is {rows}x{cols} but target {target_var} has {target_width} values and source {source_var} has {source_width}"
    )]
    ShapeMismatch {
        index: usize,
        relation: u32,
        rows: usize,
        cols: usize,
        target_var: u32,
        target_width: usize,
        source_var: u32,
        source_width: usize,
    },
    #[error("variable {var} has an empty domain range (width 0)")]
    ZeroWidth { var: usize },
}

impl Program {
    /// Checks every index and shape, so the interpreter can run without checks.
    pub fn new(
        widths: Vec<usize>,
        relations: Vec<Relation>,
        instructions: Vec<Revise>,
    ) -> Result<Program, ProgramError> {
        if let Some(var) = widths.iter().position(|&w| w == 0) {
            return Err(ProgramError::ZeroWidth { var });
        }
        for (index, ins) in instructions.iter().enumerate() {
            for var in [ins.target, ins.source] {
                if var as usize >= widths.len() {
                    return Err(ProgramError::NoSuchVariable { index, var, num_vars: widths.len() });
                }
            }
            let Some(rel) = relations.get(ins.relation as usize) else {
                return Err(ProgramError::NoSuchRelation {
                    index,
                    relation: ins.relation,
                    num_relations: relations.len(),
                });
            };
            let (tw, sw) = (widths[ins.target as usize], widths[ins.source as usize]);
            if rel.rows() != tw || rel.cols() != sw {
                return Err(ProgramError::ShapeMismatch {
                    index,
                    relation: ins.relation,
                    rows: rel.rows(),
                    cols: rel.cols(),
                    target_var: ins.target,
                    target_width: tw,
                    source_var: ins.source,
                    source_width: sw,
                });
            }
        }
        Ok(Program { widths, relations, instructions })
    }

    pub fn num_vars(&self) -> usize {
        self.widths.len()
    }

    /// The largest domain size: the `D` the hardware must be generated for.
    pub fn width(&self) -> usize {
        self.widths.iter().copied().max().unwrap_or(1)
    }
}
