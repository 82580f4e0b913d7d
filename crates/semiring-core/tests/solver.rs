//! Search on small networks whose answers are known by hand.

use semiring_core::network::Variable;
use semiring_core::solver::{search, Ascending, ByScore, Jacobi, SearchLimits, Worklist};
use semiring_core::{Constraint, Network, RelationSpec};

fn clique(n: usize, colours: usize) -> Network {
    let mut net = Network::with_vars(n, colours);
    net.constraints.push(Constraint::AllDifferent { vars: (0..n).collect() });
    net
}

fn count(net: &Network, max_solutions: usize) -> (usize, bool) {
    let p = net.compile().unwrap();
    let limits = SearchLimits { max_solutions, ..Default::default() };
    let res = search(&mut Worklist::new(&p), &mut Ascending, net.initial_domains(), &limits).unwrap();
    for s in &res.solutions {
        net.check(s).unwrap();
    }
    // The reference propagator finds the same solutions in the same order.
    let jac =
        search(&mut Jacobi { program: &p, max_rounds: usize::MAX }, &mut Ascending, net.initial_domains(), &limits)
            .unwrap();
    assert_eq!(jac.solutions, res.solutions);
    assert_eq!(jac.stats.nodes, res.stats.nodes);
    (res.solutions.len(), res.exhausted)
}

#[test]
fn counts_solutions_of_cliques() {
    // K4 with 4 colours: 4! colourings; with 3 colours: none.
    assert_eq!(count(&clique(4, 4), 100), (24, true));
    assert_eq!(count(&clique(4, 3), 100), (0, true));
    assert_eq!(count(&clique(4, 4), 2), (2, false));
}

#[test]
fn order_relation_chain() {
    // x0 < x1 < x2 over 0..3 has exactly one solution, found by propagation alone.
    let mut net = Network::with_vars(3, 3);
    for i in 0..2 {
        net.constraints.push(Constraint::Binary { scope: [i, i + 1], relation: RelationSpec::Lt });
    }
    let p = net.compile().unwrap();
    let res = search(&mut Worklist::new(&p), &mut Ascending, net.initial_domains(), &SearchLimits::default()).unwrap();
    assert_eq!(res.solutions, vec![vec![0, 1, 2]]);
    assert_eq!(res.stats.nodes, 1);
}

#[test]
fn value_order_by_score_is_followed() {
    let net = clique(3, 3);
    let p = net.compile().unwrap();
    // Prefer the largest value for every variable: the first solution is then [2, 1, 0].
    let scores = vec![vec![0.1, 0.2, 0.9]; 3];
    let res =
        search(&mut Worklist::new(&p), &mut ByScore(scores), net.initial_domains(), &SearchLimits::default()).unwrap();
    assert_eq!(res.solutions, vec![vec![2, 1, 0]]);
}

#[test]
fn node_limit_ends_search_cleanly() {
    // Pigeonhole: 7 variables, 6 values, all different. Arc consistency
    // cannot see it, so the search must enumerate; a tiny limit stops it.
    let net = clique(7, 6);
    let p = net.compile().unwrap();
    let limits = SearchLimits { node_limit: Some(50), ..Default::default() };
    let res = search(&mut Worklist::new(&p), &mut Ascending, net.initial_domains(), &limits).unwrap();
    assert_eq!(res.limit, Some(semiring_core::solver::LimitHit::Nodes));
    assert!(!res.exhausted && res.solutions.is_empty());
    assert_eq!(res.stats.nodes, 50);
    let full = search(&mut Worklist::new(&p), &mut Ascending, net.initial_domains(), &SearchLimits::default()).unwrap();
    assert!(full.is_unsat());
}

#[test]
fn network_errors_are_specific() {
    let mut net = Network::with_vars(2, 3);
    net.constraints.push(Constraint::Binary { scope: [0, 5], relation: RelationSpec::Ne });
    assert_eq!(net.compile().unwrap_err().to_string(), "constraint 0: variable 5 does not exist (the network has 2)");
    let mut net = Network::with_vars(2, 3);
    net.constraints.push(Constraint::Binary { scope: [0, 1], relation: RelationSpec::Table(vec![[0, 3]]) });
    assert_eq!(
        net.compile().unwrap_err().to_string(),
        "constraint 0: table pair [0, 3] is outside the domains (3 x 3)"
    );
    let net = Network { variables: vec![Variable { name: None, size: 2, domain: Some(vec![2]) }], constraints: vec![] };
    assert_eq!(net.compile().unwrap_err().to_string(), "variable 0: initial value 2 is outside 0..2");
}

#[test]
fn json_round_trip() {
    let mut net = clique(3, 3);
    net.constraints.push(Constraint::Binary { scope: [0, 1], relation: RelationSpec::Table(vec![[0, 1], [2, 0]]) });
    net.variables[2].domain = Some(vec![1, 2]);
    let text = serde_json::to_string(&net).unwrap();
    let back: Network = serde_json::from_str(&text).unwrap();
    assert_eq!(back, net);
    let err = serde_json::from_str::<Network>(r#"{"variables":[{"size":2,"colour":1}],"constraints":[]}"#).unwrap_err();
    assert!(err.to_string().contains("unknown field `colour`"), "{err}");
}
