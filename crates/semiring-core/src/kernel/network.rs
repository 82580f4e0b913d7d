//! Constraint networks: variables with finite domains and binary relations,
//! compiled to a propagation [`Program`].
//!
//! This is also the project's JSON network format (through serde):
//!
//! ```json
//! { "variables": [ { "name": "x", "size": 3 }, { "size": 3, "domain": [0, 2] } ],
//!   "constraints": [ { "type": "binary", "scope": [0, 1], "relation": "ne" },
//!                    { "type": "binary", "scope": [0, 1], "relation": { "table": [[0, 2], [1, 0]] } },
//!                    { "type": "all_different", "vars": [0, 1] } ] }
//! ```

use crate::domains::Domains;
use crate::program::{Program, ProgramError, Relation, Revise};
use crate::semiring::Boolean;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use thiserror::Error;

/// A variable: values `0..size`, optionally restricted to `domain` at the start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variable {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub size: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<Vec<usize>>,
}

/// A binary relation between the values `a` of the first and `b` of the
/// second variable of a scope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationSpec {
    /// `a != b`
    Ne,
    /// `a == b`
    Eq,
    /// `a < b`
    Lt,
    /// `a <= b`
    Le,
    /// The allowed pairs `[a, b]`.
    Table(Vec<[usize; 2]>),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Constraint {
    Binary {
        scope: [usize; 2],
        relation: RelationSpec,
    },
    /// Pairwise `!=` between all the variables.
    AllDifferent {
        vars: Vec<usize>,
    },
}

/// A constraint network.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Network {
    pub variables: Vec<Variable>,
    pub constraints: Vec<Constraint>,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum NetworkError {
    #[error("variable {var}: size must be at least 1")]
    ZeroSize { var: usize },
    #[error("variable {var}: initial value {value} is outside 0..{size}")]
    ValueOutOfRange { var: usize, value: usize, size: usize },
    #[error("constraint {constraint}: variable {var} does not exist (the network has {num_vars})")]
    NoSuchVariable { constraint: usize, var: usize, num_vars: usize },
    #[error("constraint {constraint}: a binary constraint needs two different variables, got {var} twice")]
    SameVariable { constraint: usize, var: usize },
    #[error("constraint {constraint}: table pair [{a}, {b}] is outside the domains ({size_a} x {size_b})")]
    PairOutOfRange { constraint: usize, a: usize, b: usize, size_a: usize, size_b: usize },
    #[error(transparent)]
    Program(#[from] ProgramError),
    /// The network needs more than a [`Budget`] allows (checked before allocating).
    #[error("the network needs {needs}, over the limit of {limit}")]
    OverBudget { needs: String, limit: String },
    /// Compiling ran past the [`Budget`]'s deadline.
    #[error("compiling the network ran past the time limit")]
    OutOfTime,
}

/// What compiling and searching a network will take, computed from its description alone
/// (no relation is built): see [`Network::needs`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    pub variables: usize,
    /// The widest domain.
    pub max_values: usize,
    /// Binary arcs, all-different constraints counted pairwise.
    pub arcs: u64,
    /// Bytes of the distinct relation matrices (and their transposes).
    pub relation_bytes: u64,
    /// Bytes of one set of domains.
    pub domain_bytes: u64,
    /// Word operations of one propagation round over every arc in both directions (a revise
    /// reads a row of words per target value): the cost of the longest step that runs without
    /// a time check.
    pub round_work: u64,
    /// Estimated peak bytes of compiling and searching: the relations, the instructions and
    /// the propagator's arcs, and a few sets of domains (the search keeps one copy and a trail).
    pub bytes: u64,
}

/// Limits on compiling a network: the bytes [`Network::needs`] may estimate, and a deadline
/// checked while the relations are built (the `values^2` part of the work).
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    pub max_bytes: u64,
    pub deadline: Option<std::time::Instant>,
}

impl Budget {
    /// No limit.
    pub const UNLIMITED: Budget = Budget { max_bytes: u64::MAX, deadline: None };
}

/// A built-in relation kind (tables are keyed by their pairs, not here).
fn builtin_kind(spec: &RelationSpec) -> Option<u8> {
    match spec {
        RelationSpec::Ne => Some(0),
        RelationSpec::Eq => Some(1),
        RelationSpec::Lt => Some(2),
        RelationSpec::Le => Some(3),
        RelationSpec::Table(_) => None,
    }
}

impl RelationSpec {
    /// The support bitmask matrix for domains of `rows` and `cols` values.
    pub fn to_relation(&self, rows: usize, cols: usize) -> Relation {
        match self {
            RelationSpec::Ne => Relation::from_fn(rows, cols, |a, b| a != b),
            RelationSpec::Eq => Relation::from_fn(rows, cols, |a, b| a == b),
            RelationSpec::Lt => Relation::from_fn(rows, cols, |a, b| a < b),
            RelationSpec::Le => Relation::from_fn(rows, cols, |a, b| a <= b),
            RelationSpec::Table(pairs) => {
                let mut r = Relation::empty(rows, cols);
                for &[a, b] in pairs {
                    r.set(a, b, true);
                }
                r
            }
        }
    }

    /// The transpose of [`RelationSpec::to_relation`] (`cols x rows`: row `b` holds the `a`
    /// with `(a, b)` allowed), built directly rather than bit by bit from the matrix.
    pub fn to_transposed_relation(&self, rows: usize, cols: usize) -> Relation {
        match self {
            RelationSpec::Ne => Relation::from_fn(cols, rows, |b, a| a != b),
            RelationSpec::Eq => Relation::from_fn(cols, rows, |b, a| a == b),
            RelationSpec::Lt => Relation::from_fn(cols, rows, |b, a| a < b),
            RelationSpec::Le => Relation::from_fn(cols, rows, |b, a| a <= b),
            RelationSpec::Table(pairs) => {
                let mut r = Relation::empty(cols, rows);
                for &[a, b] in pairs {
                    r.set(b, a, true);
                }
                r
            }
        }
    }

    /// Is the pair `(a, b)` allowed?
    pub fn allows(&self, a: usize, b: usize) -> bool {
        match self {
            RelationSpec::Ne => a != b,
            RelationSpec::Eq => a == b,
            RelationSpec::Lt => a < b,
            RelationSpec::Le => a <= b,
            RelationSpec::Table(pairs) => pairs.contains(&[a, b]),
        }
    }
}

impl Network {
    /// A network of `n` variables with `size` values each and no constraints.
    pub fn with_vars(n: usize, size: usize) -> Network {
        Network { variables: vec![Variable { name: None, size, domain: None }; n], constraints: Vec::new() }
    }

    pub fn widths(&self) -> Vec<usize> {
        self.variables.iter().map(|v| v.size).collect()
    }

    /// The binary constraints `(x, y, relation)` this network stands for,
    /// with all-different expanded to pairwise `!=`.
    pub fn binary_constraints(&self) -> Vec<(usize, usize, RelationSpec)> {
        let mut out = Vec::new();
        for c in &self.constraints {
            match c {
                Constraint::Binary { scope: [x, y], relation } => out.push((*x, *y, relation.clone())),
                Constraint::AllDifferent { vars } => {
                    for i in 0..vars.len() {
                        for j in i + 1..vars.len() {
                            out.push((vars[i], vars[j], RelationSpec::Ne));
                        }
                    }
                }
            }
        }
        out
    }

    /// Checks sizes, indices and table entries.
    pub fn validate(&self) -> Result<(), NetworkError> {
        let n = self.variables.len();
        for (var, v) in self.variables.iter().enumerate() {
            if v.size == 0 {
                return Err(NetworkError::ZeroSize { var });
            }
            for &value in v.domain.iter().flatten() {
                if value >= v.size {
                    return Err(NetworkError::ValueOutOfRange { var, value, size: v.size });
                }
            }
        }
        for (constraint, c) in self.constraints.iter().enumerate() {
            let vars: &[usize] = match c {
                Constraint::Binary { scope, .. } => scope,
                Constraint::AllDifferent { vars } => vars,
            };
            if let Some(&var) = vars.iter().find(|&&v| v >= n) {
                return Err(NetworkError::NoSuchVariable { constraint, var, num_vars: n });
            }
            match c {
                Constraint::Binary { scope: [x, y], relation } => {
                    if x == y {
                        return Err(NetworkError::SameVariable { constraint, var: *x });
                    }
                    if let RelationSpec::Table(pairs) = relation {
                        let (sa, sb) = (self.variables[*x].size, self.variables[*y].size);
                        if let Some(&[a, b]) = pairs.iter().find(|[a, b]| *a >= sa || *b >= sb) {
                            return Err(NetworkError::PairOutOfRange { constraint, a, b, size_a: sa, size_b: sb });
                        }
                    }
                }
                Constraint::AllDifferent { vars } => {
                    let mut seen = vars.clone();
                    seen.sort_unstable();
                    if let Some(w) = seen.windows(2).find(|w| w[0] == w[1]) {
                        return Err(NetworkError::SameVariable { constraint, var: w[0] });
                    }
                }
            }
        }
        Ok(())
    }

    /// What compiling and searching this network will take, from sizes and counts only: the
    /// check a caller makes before allocating anything (see [`Needs`]). Assumes `validate`
    /// passed or is about to be called (indices out of range count as width 1).
    pub fn needs(&self) -> Needs {
        let width = |v: usize| self.variables.get(v).map_or(1, |x| x.size.max(1)) as u64;
        let matrix = |rows: u64, cols: u64| rows.saturating_mul(cols.div_ceil(64).max(1)).saturating_mul(8);
        let mut builtins: std::collections::HashSet<(u8, u64, u64)> = Default::default();
        let (mut arcs, mut relation_bytes, mut round_work) = (0u64, 0u64, 0u64);
        let words = |w: u64| w.div_ceil(64).max(1);
        for c in &self.constraints {
            match c {
                Constraint::Binary { scope: [x, y], relation } => {
                    arcs = arcs.saturating_add(1);
                    let (r, c) = (width(*x), width(*y));
                    round_work = round_work
                        .saturating_add(r.saturating_mul(words(c)).saturating_add(c.saturating_mul(words(r))));
                    let new = match builtin_kind(relation) {
                        Some(k) => builtins.insert((k, r, c)),
                        None => true,
                    };
                    if new {
                        relation_bytes = relation_bytes.saturating_add(matrix(r, c).saturating_add(matrix(c, r)));
                    }
                }
                Constraint::AllDifferent { vars } => {
                    let k = vars.len() as u64;
                    arcs = arcs.saturating_add(k.saturating_mul(k.saturating_sub(1)) / 2);
                    // Both directions of every pair: sum over i != j of w_i * words(w_j).
                    let (mut s1, mut s2, mut diag) = (0u64, 0u64, 0u64);
                    for &v in vars {
                        let w = width(v);
                        s1 = s1.saturating_add(w);
                        s2 = s2.saturating_add(words(w));
                        diag = diag.saturating_add(w.saturating_mul(words(w)));
                    }
                    round_work = round_work.saturating_add(s1.saturating_mul(s2).saturating_sub(diag));
                    let sizes: std::collections::BTreeSet<u64> = vars.iter().map(|&v| width(v)).collect();
                    for &r in &sizes {
                        for &c in &sizes {
                            if builtins.insert((0, r, c)) {
                                relation_bytes = relation_bytes.saturating_add(matrix(r, c));
                            }
                        }
                    }
                }
            }
        }
        let max_values = self.variables.iter().map(|v| v.size).max().unwrap_or(1);
        let stride = max_values.div_ceil(64).max(1) as u64;
        let domain_bytes = (self.variables.len() as u64).saturating_mul(stride).saturating_mul(8);
        // Per arc: two instructions in the program (12 bytes each), the Worklist's and the
        // residual program's copies, the group detection's adjacency and sort keys.
        let bytes = relation_bytes
            .saturating_add(arcs.saturating_mul(128))
            .saturating_add(domain_bytes.saturating_mul(6))
            .saturating_add((self.variables.len() as u64).saturating_mul(64));
        Needs { variables: self.variables.len(), max_values, arcs, relation_bytes, domain_bytes, round_work, bytes }
    }

    /// Compiles to a program: each binary constraint becomes two revise
    /// instructions (`x` from `y`, then `y` from `x`), in constraint order.
    /// Identical relation matrices are stored once.
    pub fn compile(&self) -> Result<Program, NetworkError> {
        self.compile_within(&Budget::UNLIMITED)
    }

    /// [`Network::compile`] within `budget`: refuses up front a network whose [`Needs`] exceed
    /// `budget.max_bytes`, and stops with [`NetworkError::OutOfTime`] past the deadline. A
    /// built-in relation (`ne`, `eq`, `lt`, `le`) of each shape is built once, however many
    /// constraints use it, and a table's transpose is built from its pairs, so the `values^2`
    /// work is per distinct relation, not per constraint.
    pub fn compile_within(&self, budget: &Budget) -> Result<Program, NetworkError> {
        self.validate()?;
        let needs = self.needs();
        if needs.bytes > budget.max_bytes {
            return Err(NetworkError::OverBudget {
                needs: format!(
                    "about {} bytes ({} variables of up to {} values, {} arcs, {} bytes of relations)",
                    needs.bytes, needs.variables, needs.max_values, needs.arcs, needs.relation_bytes
                ),
                limit: format!("{} bytes", budget.max_bytes),
            });
        }
        let late = || budget.deadline.is_some_and(|d| std::time::Instant::now() > d);
        let widths = self.widths();
        let mut relations: Vec<Relation> = Vec::new();
        // Interning by hash, comparing against the stored matrices: no second copy of each.
        let mut index: HashMap<u64, Vec<u32>> = HashMap::new();
        let mut intern = |r: Relation| -> u32 {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            r.hash(&mut h);
            let slot = index.entry(h.finish()).or_default();
            if let Some(&i) = slot.iter().find(|&&i| relations[i as usize] == r) {
                return i;
            }
            relations.push(r);
            let i = (relations.len() - 1) as u32;
            slot.push(i);
            i
        };
        // (kind, rows, cols) -> (relation, transpose) of the built-in relations.
        let mut builtins: HashMap<(u8, usize, usize), (u32, u32)> = HashMap::new();
        let mut instructions = Vec::with_capacity(needs.arcs.saturating_mul(2).min(1 << 26) as usize);
        let mut arc = |x: usize, y: usize, spec: &RelationSpec, instructions: &mut Vec<Revise>| {
            let (rows, cols) = (widths[x], widths[y]);
            let build = |intern: &mut dyn FnMut(Relation) -> u32| {
                (intern(spec.to_relation(rows, cols)), intern(spec.to_transposed_relation(rows, cols)))
            };
            let (ri, rti) = match builtin_kind(spec) {
                Some(kind) => match builtins.get(&(kind, rows, cols)) {
                    Some(&ids) => ids,
                    None => {
                        let ids = build(&mut intern);
                        builtins.insert((kind, rows, cols), ids);
                        ids
                    }
                },
                None => build(&mut intern),
            };
            instructions.push(Revise { target: x as u32, source: y as u32, relation: ri });
            instructions.push(Revise { target: y as u32, source: x as u32, relation: rti });
        };
        let mut since_check = 0usize;
        for c in &self.constraints {
            match c {
                Constraint::Binary { scope: [x, y], relation } => {
                    arc(*x, *y, relation, &mut instructions);
                    since_check += 1 + widths[*x].max(widths[*y]) / 64;
                }
                Constraint::AllDifferent { vars } => {
                    for i in 0..vars.len() {
                        for j in i + 1..vars.len() {
                            arc(vars[i], vars[j], &RelationSpec::Ne, &mut instructions);
                            since_check += 1;
                        }
                        if since_check >= 4096 {
                            since_check = 0;
                            if late() {
                                return Err(NetworkError::OutOfTime);
                            }
                        }
                    }
                }
            }
            if since_check >= 4096 {
                since_check = 0;
                if late() {
                    return Err(NetworkError::OutOfTime);
                }
            }
        }
        if late() {
            return Err(NetworkError::OutOfTime);
        }
        Ok(Program::new(widths, relations, instructions)?)
    }

    /// The starting domains (each variable's `domain`, or all its values).
    pub fn initial_domains(&self) -> Domains<Boolean> {
        let widths: std::sync::Arc<[usize]> = self.variables.iter().map(|v| v.size).collect();
        Domains::from_value_lists(widths, |v| self.variables[v].domain.as_deref())
    }

    /// Does `assignment` (one value per variable) satisfy every constraint
    /// and every initial domain? Returns the first violation.
    pub fn check(&self, assignment: &[usize]) -> Result<(), String> {
        if assignment.len() != self.variables.len() {
            return Err(format!("{} values for {} variables", assignment.len(), self.variables.len()));
        }
        for (v, var) in self.variables.iter().enumerate() {
            let a = assignment[v];
            if a >= var.size || var.domain.as_ref().is_some_and(|d| !d.contains(&a)) {
                return Err(format!("variable {v} = {a} is not in its domain"));
            }
        }
        for (x, y, spec) in self.binary_constraints() {
            if !spec.allows(assignment[x], assignment[y]) {
                return Err(format!("{spec:?} violated by x{x} = {}, x{y} = {}", assignment[x], assignment[y]));
            }
        }
        Ok(())
    }
}
