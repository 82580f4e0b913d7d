//! One training or evaluation instance, prepared once: its compiled
//! program, starting domains, the values each variable may take, its
//! neighbours in the constraint graph and any known solution.

use crate::formats::Instance;
use semiring_core::solver::{Propagator, Worklist};
use semiring_core::{Boolean, Domains, FixpointOutcome, Network, Program};

#[derive(Clone, Debug)]
pub struct Task {
    pub name: String,
    pub network: Network,
    pub program: Program,
    pub init: Domains<Boolean>,
    /// Values in each variable's starting domain, ascending.
    pub allowed: Vec<Vec<usize>>,
    /// Values left after hard propagation of the starting domains (the
    /// starting domains if that wipes out): where the temperature-zero
    /// proposal picks from.
    pub candidates: Vec<Vec<usize>>,
    /// Distinct neighbours of each variable (sources of revise instructions targeting it).
    pub neighbours: Vec<Vec<usize>>,
    /// Domain width `D` (the widest variable).
    pub width: usize,
    pub solution: Option<Vec<usize>>,
}

impl Task {
    pub fn from_network(name: String, network: Network, solution: Option<Vec<usize>>) -> anyhow::Result<Task> {
        let program = network.compile()?;
        let init = network.initial_domains();
        let n = program.num_vars();
        let allowed: Vec<Vec<usize>> = (0..n).map(|v| init.values(v)).collect();
        if let Some(v) = allowed.iter().position(|a| a.is_empty()) {
            anyhow::bail!("{name}: variable {v} starts with an empty domain");
        }
        let mut root = init.clone();
        let fp = Worklist::new(&program).propagate(&mut root).expect("infallible");
        let candidates = match fp.outcome {
            FixpointOutcome::Wipeout(_) => allowed.clone(),
            _ => (0..n).map(|v| root.values(v)).collect(),
        };
        let mut neighbours = vec![Vec::new(); n];
        for ins in &program.instructions {
            neighbours[ins.target as usize].push(ins.source as usize);
        }
        for nb in &mut neighbours {
            nb.sort_unstable();
            nb.dedup();
        }
        Ok(Task { name, width: program.width(), network, program, init, allowed, candidates, neighbours, solution })
    }

    pub fn from_instance(inst: &Instance) -> anyhow::Result<Task> {
        Task::from_network(inst.name.clone(), inst.network.clone(), inst.known_solution.clone())
    }

    pub fn num_vars(&self) -> usize {
        self.allowed.len()
    }

    /// Variables with more than one starting value (the ones the encoder decides).
    pub fn free_vars(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.num_vars()).filter(|&v| self.allowed[v].len() > 1)
    }

    /// Temperature-zero proposal: for each variable the candidate value (see
    /// [`Task::candidates`]) with the largest logit (lowest value on ties).
    pub fn argmax_assignment(&self, logits: &[f64]) -> Vec<usize> {
        (0..self.num_vars())
            .map(|v| {
                let z = &logits[v * self.width..(v + 1) * self.width];
                let mut best = self.candidates[v][0];
                for &a in &self.candidates[v] {
                    if z[a] > z[best] {
                        best = a;
                    }
                }
                best
            })
            .collect()
    }

    /// Number of violated binary constraints (all-different counted pairwise).
    pub fn conflicts(&self, assignment: &[usize]) -> usize {
        self.network.binary_constraints().iter().filter(|(x, y, r)| !r.allows(assignment[*x], assignment[*y])).count()
    }

    /// Accuracy of a proposal: share of free variables equal to the known
    /// solution, or (no solution known) share of satisfied binary constraints.
    pub fn accuracy(&self, assignment: &[usize]) -> f64 {
        match &self.solution {
            Some(sol) => {
                let free: Vec<usize> = self.free_vars().collect();
                if free.is_empty() {
                    return 1.0;
                }
                free.iter().filter(|&&v| assignment[v] == sol[v]).count() as f64 / free.len() as f64
            }
            None => {
                let total = self.network.binary_constraints().len();
                if total == 0 {
                    return 1.0;
                }
                1.0 - self.conflicts(assignment) as f64 / total as f64
            }
        }
    }
}
