//! Hard propagation in simulation, behind semiring-core's `Propagator`.

use crate::engine::Sim;
use crate::SimError;
use semiring_core::solver::Propagator;
use semiring_core::{Boolean, Domains, Fixpoint, Program};

/// Runs every propagation of a search on the simulated engine.
pub struct SimPropagator {
    pub sim: Sim,
    pub max_rounds: usize,
    /// Engine clocks over all propagations.
    pub cycles: u64,
}

impl SimPropagator {
    /// Loads `program` into `sim` (checking that it fits).
    pub fn new(mut sim: Sim, program: &Program, max_rounds: usize) -> Result<SimPropagator, SimError> {
        sim.load_program(program)?;
        Ok(SimPropagator { sim, max_rounds, cycles: 0 })
    }
}

impl Propagator for SimPropagator {
    type Error = SimError;
    fn propagate(&mut self, domains: &mut Domains<Boolean>) -> Result<Fixpoint, SimError> {
        self.sim.write_hard(domains)?;
        let run = self.sim.run_hard(self.max_rounds)?;
        self.cycles += run.cycles;
        *domains = self.sim.read_hard(&domains.widths.clone())?;
        Ok(run.fixpoint)
    }
}
