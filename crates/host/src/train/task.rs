//! One training or evaluation instance, prepared once: its compiled
//! program (the one `softmask solve` builds: group reasoning, dom/wdeg-conflict),
//! starting domains, the values each variable may take, its neighbours in the
//! constraint graph and any known solution.
//!
//! Instances with the same structure (all Sudoku puzzles of one size) share one
//! [`Shared`]: the compiled program, the neighbour lists and the batched soft kernels.
//! Sudoku symmetry augmentation ([`Task::permuted`], [`sudoku_symmetry`]) makes new
//! instances on the same [`Shared`] without compiling anything.

use crate::formats::Instance;
use crate::solve::Compiled;
use rand::seq::SliceRandom;
use rand::Rng;
use semiring_core::batch::BatchProgram;
use semiring_core::{Boolean, Domains, FixpointOutcome, Network, Program};
use std::sync::{Arc, OnceLock};

/// What every instance of one structure shares.
#[derive(Debug)]
pub struct Shared {
    pub compiled: Compiled,
    /// Distinct neighbours of each variable (sources of revise instructions targeting it).
    pub neighbours: Vec<Vec<usize>>,
    /// Members of each all-different group, and the groups of each variable.
    pub groups: Vec<Vec<usize>>,
    pub var_groups: Vec<Vec<usize>>,
    batch: OnceLock<BatchProgram>,
}

impl Shared {
    pub fn new(program: Program) -> Shared {
        let n = program.num_vars();
        let mut neighbours = vec![Vec::new(); n];
        for ins in &program.instructions {
            neighbours[ins.target as usize].push(ins.source as usize);
        }
        for nb in &mut neighbours {
            nb.sort_unstable();
            nb.dedup();
        }
        let compiled = Compiled::default_for(program);
        let g = compiled.groups();
        let groups: Vec<Vec<usize>> = (0..g.len()).map(|i| g.group(i).collect()).collect();
        let mut var_groups = vec![Vec::new(); n];
        for (i, members) in groups.iter().enumerate() {
            for &v in members {
                var_groups[v].push(i);
            }
        }
        Shared { compiled, neighbours, groups, var_groups, batch: OnceLock::new() }
    }

    /// The batched soft kernels of the program (built on first use).
    pub fn batch(&self) -> &BatchProgram {
        self.batch.get_or_init(|| BatchProgram::new(self.compiled.program()))
    }
}

#[derive(Clone, Debug)]
pub struct Task {
    pub name: String,
    /// The network (its structure; the givens of a [`Task::permuted`] copy live in `init`).
    pub network: Arc<Network>,
    pub shared: Arc<Shared>,
    pub init: Domains<Boolean>,
    /// Values in each variable's starting domain, ascending.
    pub allowed: Vec<Vec<usize>>,
    /// Values left after the default hard propagation of the starting domains (group
    /// reasoning included; the starting domains if that wipes out): where the
    /// temperature-zero proposal picks from, and the encoder's input mask.
    pub candidates: Vec<Vec<usize>>,
    /// Domain width `D` (the widest variable).
    pub width: usize,
    pub solution: Option<Vec<usize>>,
}

/// Compiles networks, reusing the last [`Shared`] while the structure stays the same.
#[derive(Default)]
pub struct TaskBuilder {
    last: Option<(Network, Arc<Shared>)>,
}

impl TaskBuilder {
    pub fn build(&mut self, name: String, network: Network, solution: Option<Vec<usize>>) -> anyhow::Result<Task> {
        let shared = match &self.last {
            Some((skel, shared)) if crate::solve::same_structure(skel, &network) => {
                network.validate()?;
                shared.clone()
            }
            _ => {
                let shared = Arc::new(Shared::new(network.compile()?));
                self.last = Some((network.clone(), shared.clone()));
                shared
            }
        };
        Task::with_shared(name, Arc::new(network), shared, solution)
    }

    pub fn instance(&mut self, inst: &Instance) -> anyhow::Result<Task> {
        self.build(inst.name.clone(), inst.network.clone(), inst.known_solution.clone())
    }
}

impl Task {
    pub fn from_network(name: String, network: Network, solution: Option<Vec<usize>>) -> anyhow::Result<Task> {
        TaskBuilder::default().build(name, network, solution)
    }

    pub fn from_instance(inst: &Instance) -> anyhow::Result<Task> {
        TaskBuilder::default().instance(inst)
    }

    fn with_shared(
        name: String,
        network: Arc<Network>,
        shared: Arc<Shared>,
        solution: Option<Vec<usize>>,
    ) -> anyhow::Result<Task> {
        let init = network.initial_domains();
        let program = shared.compiled.program();
        let n = program.num_vars();
        if let Some(sol) = &solution {
            if sol.len() != n {
                anyhow::bail!("{name}: the solution has {} values for {n} variables", sol.len());
            }
        }
        let allowed: Vec<Vec<usize>> = (0..n).map(|v| init.values(v)).collect();
        if let Some(v) = allowed.iter().position(|a| a.is_empty()) {
            anyhow::bail!("{name}: variable {v} starts with an empty domain");
        }
        let candidates = Self::propagated(&shared, &init).unwrap_or_else(|| allowed.clone());
        Ok(Task { name, width: program.width(), network, shared, init, allowed, candidates, solution })
    }

    /// Values left by the default propagation of `d`, or `None` on a wipeout.
    fn propagated(shared: &Shared, d: &Domains<Boolean>) -> Option<Vec<Vec<usize>>> {
        let mut root = d.clone();
        match shared.compiled.propagate(&mut root).outcome {
            FixpointOutcome::Wipeout(_) => None,
            _ => Some((0..root.num_vars()).map(|v| root.values(v)).collect()),
        }
    }

    pub fn program(&self) -> &Program {
        self.shared.compiled.program()
    }

    pub fn neighbours(&self) -> &[Vec<usize>] {
        &self.shared.neighbours
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

    /// The instance mapped by a symmetry of its constraint graph: new variable `i` is old
    /// variable `cells[i]`, old value `a` becomes `values[a]`. The caller guarantees that the
    /// map is an automorphism of the network (e.g. [`sudoku_symmetry`] on a Sudoku), so the
    /// program, the neighbour lists and the propagation fixpoint map along with it.
    pub fn permuted(&self, cells: &[usize], values: &[usize], name: String) -> Task {
        let map = |lists: &[Vec<usize>]| -> Vec<Vec<usize>> {
            cells
                .iter()
                .map(|&c| {
                    let mut l: Vec<usize> = lists[c].iter().map(|&a| values[a]).collect();
                    l.sort_unstable();
                    l
                })
                .collect()
        };
        let allowed = map(&self.allowed);
        let candidates = map(&self.candidates);
        let widths = &self.program().widths;
        let init = Domains::from_fn(widths, |v, a| allowed[v].binary_search(&a).is_ok());
        Task {
            name,
            network: self.network.clone(),
            shared: self.shared.clone(),
            init,
            allowed,
            candidates,
            width: self.width,
            solution: self.solution.as_ref().map(|s| cells.iter().map(|&c| values[s[c]]).collect()),
        }
    }

    /// Is this a 9x9 Sudoku (81 variables of 9 values whose neighbours are exactly the
    /// cells sharing a row, column or box)?
    pub fn is_sudoku9(&self) -> bool {
        if self.num_vars() != 81 || self.width != 9 {
            return false;
        }
        (0..81).all(|v| {
            let (r, c) = (v / 9, v % 9);
            let want: Vec<usize> = (0..81)
                .filter(|&u| u != v && (u / 9 == r || u % 9 == c || (u / 27 == v / 27 && (u % 9) / 3 == c / 3)))
                .collect();
            self.neighbours()[v] == want
        })
    }
}

/// A random symmetry of the 9x9 Sudoku grid: `(cells, digits)` for [`Task::permuted`].
/// Bands and stacks permuted, rows within each band and columns within each stack permuted,
/// transposed with probability 1/2, digits relabelled.
pub fn sudoku_symmetry(rng: &mut impl Rng) -> (Vec<usize>, Vec<usize>) {
    let mut line = || {
        let mut bands = [0usize, 1, 2];
        bands.shuffle(rng);
        let mut out = Vec::with_capacity(9);
        for b in bands {
            let mut within = [0usize, 1, 2];
            within.shuffle(rng);
            out.extend(within.iter().map(|w| 3 * b + w));
        }
        out
    };
    let rows = line();
    let cols = line();
    let transpose = rng.gen_bool(0.5);
    let cells = (0..81)
        .map(|i| {
            let (r, c) = (rows[i / 9], cols[i % 9]);
            if transpose {
                c * 9 + r
            } else {
                r * 9 + c
            }
        })
        .collect();
    let mut digits: Vec<usize> = (0..9).collect();
    digits.shuffle(rng);
    (cells, digits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{read_file, Format, ReadOptions};
    use rand::SeedableRng;

    /// A permuted puzzle is a puzzle of the same program whose permuted solution is valid and
    /// whose candidates are exactly what the default propagation leaves of the permuted givens.
    #[test]
    fn sudoku_symmetries_map_puzzles_to_puzzles() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/sudoku/tdoku_forum_hardest_1106.solved.txt");
        let insts = read_file(std::path::Path::new(path), Some(Format::Sudoku), &ReadOptions::default()).unwrap();
        let mut b = TaskBuilder::default();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        for inst in insts.iter().take(20) {
            let t = b.instance(inst).unwrap();
            assert!(t.is_sudoku9());
            let (cells, digits) = sudoku_symmetry(&mut rng);
            let p = t.permuted(&cells, &digits, "p".into());
            let sol = p.solution.clone().unwrap();
            assert_eq!(p.conflicts(&sol), 0, "permuted solution breaks a constraint");
            for v in 0..81 {
                assert!(p.allowed[v].contains(&sol[v]));
            }
            assert_eq!(Some(p.candidates.clone()), Task::propagated(&p.shared, &p.init));
        }
    }
}
