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

    /// Compiles to a program: each binary constraint becomes two revise
    /// instructions (`x` from `y`, then `y` from `x`), in constraint order.
    /// Identical relation matrices are stored once.
    pub fn compile(&self) -> Result<Program, NetworkError> {
        self.validate()?;
        let widths = self.widths();
        let mut relations: Vec<Relation> = Vec::new();
        let mut index: HashMap<Relation, u32> = HashMap::new();
        let mut intern = |r: Relation| -> u32 {
            *index.entry(r.clone()).or_insert_with(|| {
                relations.push(r);
                (relations.len() - 1) as u32
            })
        };
        let mut instructions = Vec::new();
        for (x, y, spec) in self.binary_constraints() {
            let r = spec.to_relation(widths[x], widths[y]);
            let rt = r.transpose();
            let (ri, rti) = (intern(r), intern(rt));
            instructions.push(Revise { target: x as u32, source: y as u32, relation: ri });
            instructions.push(Revise { target: y as u32, source: x as u32, relation: rti });
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
