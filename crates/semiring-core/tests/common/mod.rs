//! Checks shared by the integration tests.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use semiring_core::groups::{Grouped, Groups};
use semiring_core::solver::{Propagator, Worklist};
use semiring_core::testing::first_difference;
use semiring_core::{FixpointOutcome, Network};

/// Walks one random branch of `net` under group reasoning (the residual program inside), from
/// the root fixpoint down: at every `Stable` node a from-scratch grouped propagation of the whole
/// program must be stable and change nothing, i.e. the incremental sweep reached the group
/// fixpoint. Returns how many nodes were checked.
pub fn walk_checking_fixpoints(net: &Network, g: &Groups, r: &mut ChaCha8Rng, what: &str) -> usize {
    let p = net.compile().unwrap();
    let residual = g.residual(&p);
    let mut prop = Grouped::new(Worklist::new(&residual), g);
    let mut d = net.initial_domains();
    let mut fp = prop.propagate(&mut d).unwrap();
    let mut checked = 0;
    while fp.outcome == FixpointOutcome::Stable {
        let mut again = d.clone();
        let fresh = Grouped::new(Worklist::new(&p), g).propagate(&mut again).unwrap();
        assert_eq!(fresh.outcome, FixpointOutcome::Stable, "{what}");
        assert_eq!(first_difference(&d, &again), None, "{what}: the incremental sweep stopped early");
        checked += 1;
        let open: Vec<usize> = (0..d.num_vars()).filter(|&v| d.count(v) > 1).collect();
        if open.is_empty() {
            break;
        }
        let v = open[r.gen_range(0..open.len())];
        let values = d.values(v);
        d.assign(v, values[r.gen_range(0..values.len())]);
        fp = prop.propagate_changed(&mut d, &[v]).unwrap();
    }
    checked
}
