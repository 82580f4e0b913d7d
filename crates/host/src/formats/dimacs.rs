//! DIMACS graph colouring (`.col`): `c` comment lines, one `p edge V E` line (`p col` is accepted
//! too), then `e u v` lines with 1-based vertices. Duplicate edges (either direction) are kept
//! once; self loops and out-of-range vertices are errors. `E` is not checked against the edge
//! lines, because several classic files list every edge twice. `n v w` (vertex weight) lines
//! are accepted and ignored.
//!
//! The graph becomes a k-colouring network: one variable per vertex with `k` values and a `ne`
//! constraint per distinct edge.

use super::{numbered_lines, FormatError, Instance, ParseProblem, Problem, ReadOptions};
use semiring_core::network::{Constraint, Network, RelationSpec, Variable};
use std::collections::HashSet;
use std::path::Path;

/// The largest vertex count accepted (one variable each): the variable limit of
/// [`crate::limits`].
pub const MAX_VERTICES: usize = crate::limits::MAX_VARIABLES;

/// A parsed graph: vertices `0..vertices`, distinct edges `(u, v)` with `u < v`, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Graph {
    pub vertices: usize,
    pub edges: Vec<(usize, usize)>,
}

/// Whitespace-separated tokens with their 1-based columns.
fn tokens(l: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in l.char_indices().chain(std::iter::once((l.len(), ' '))) {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((l[..s].chars().count() + 1, &l[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

/// Parses the graph of a `.col` file.
pub fn parse_graph(text: &str, path: &Path) -> Result<Graph, FormatError> {
    let syntax = |line, col, msg: String| FormatError::at(path, line, Some(col), ParseProblem::Syntax(msg));
    let mut vertices: Option<usize> = None;
    let mut edges = Vec::new();
    let mut seen = HashSet::new();
    for (line, l) in numbered_lines(text) {
        let t = tokens(l);
        let Some(&(col, kind)) = t.first() else { continue };
        match kind {
            "c" => continue,
            "p" => {
                if vertices.is_some() {
                    return Err(syntax(line, col, "a second `p` line".into()));
                }
                if t.len() != 4 || !matches!(t[1].1, "edge" | "edges" | "col") {
                    return Err(syntax(line, col, "expected `p edge VERTICES EDGES`".into()));
                }
                let v = t[2]
                    .1
                    .parse::<usize>()
                    .map_err(|_| syntax(line, t[2].0, format!("vertex count {:?} is not a number", t[2].1)))?;
                t[3].1
                    .parse::<usize>()
                    .map_err(|_| syntax(line, t[3].0, format!("edge count {:?} is not a number", t[3].1)))?;
                if v == 0 || v > MAX_VERTICES {
                    return Err(FormatError::at(
                        path,
                        line,
                        Some(t[2].0),
                        ParseProblem::Inconsistent(format!("vertex count {v} is outside 1..={MAX_VERTICES}")),
                    ));
                }
                vertices = Some(v);
            }
            "e" => {
                let Some(nv) = vertices else {
                    return Err(syntax(line, col, "an edge before the `p edge V E` line".into()));
                };
                if t.len() != 3 {
                    return Err(syntax(line, col, "expected `e U V`".into()));
                }
                let mut ends = [0usize; 2];
                for (k, &(c, s)) in t[1..].iter().enumerate() {
                    let x = s.parse::<usize>().map_err(|_| syntax(line, c, format!("vertex {s:?} is not a number")))?;
                    if x == 0 || x > nv {
                        return Err(FormatError::at(
                            path,
                            line,
                            Some(c),
                            ParseProblem::Inconsistent(format!("vertex {x} is outside 1..={nv}")),
                        ));
                    }
                    ends[k] = x - 1;
                }
                let [u, v] = ends;
                if u == v {
                    return Err(FormatError::at(
                        path,
                        line,
                        Some(col),
                        ParseProblem::Inconsistent(format!("self loop on vertex {}", u + 1)),
                    ));
                }
                let e = (u.min(v), u.max(v));
                if seen.insert(e) {
                    edges.push(e);
                }
            }
            "n" => continue,
            other => {
                return Err(syntax(line, col, format!("unknown line type {other:?} (expected `c`, `p`, `e` or `n`)")))
            }
        }
    }
    let Some(vertices) = vertices else {
        return Err(FormatError::at(path, 0, None, ParseProblem::Missing("no `p edge VERTICES EDGES` line".into())));
    };
    Ok(Graph { vertices, edges })
}

/// The k-colouring network of a graph (see [`ReadOptions::color_symmetry_breaking`]).
pub fn coloring_network(g: &Graph, k: usize, symmetry_breaking: bool) -> Network {
    let variables = (0..g.vertices)
        .map(|v| Variable { name: None, size: k, domain: (symmetry_breaking && v + 1 < k).then(|| (0..=v).collect()) })
        .collect();
    let constraints =
        g.edges.iter().map(|&(u, v)| Constraint::Binary { scope: [u, v], relation: RelationSpec::Ne }).collect();
    Network { variables, constraints }
}

/// Reads a `.col` file as one k-colouring instance (`opts.colors` must be set).
pub fn parse(text: &str, path: &Path, opts: &ReadOptions) -> Result<Instance, FormatError> {
    let g = parse_graph(text, path)?;
    let k = match opts.colors {
        Some(k) if (1..=super::json::MAX_SIZE).contains(&k) => k,
        Some(k) => {
            return Err(FormatError::at(
                path,
                0,
                None,
                ParseProblem::Missing(format!("{k} colours is outside 1..={}", super::json::MAX_SIZE)),
            ))
        }
        None => {
            return Err(FormatError::at(
                path,
                0,
                None,
                ParseProblem::Missing("a graph colouring file needs the number of colours (--k K)".into()),
            ))
        }
    };
    Ok(Instance {
        name: format!("{} k={k}", path.display()),
        line: 1,
        network: coloring_network(&g, k, opts.color_symmetry_breaking),
        problem: Problem::Coloring { vertices: g.vertices, edges: g.edges, k },
        known_solution: None,
        known_count: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(s: &str) -> Result<Graph, String> {
        parse_graph(s, Path::new("g.col")).map_err(|e| e.to_string())
    }

    #[test]
    fn dedupes_and_reads_comments() {
        let g = graph("c a triangle\np edge 3 4\ne 1 2\ne 2 1\ne 2 3\n\ne 3 1\n").unwrap();
        assert_eq!(g.vertices, 3);
        assert_eq!(g.edges, vec![(0, 1), (1, 2), (0, 2)]);
    }

    #[test]
    fn errors() {
        assert_eq!(graph("p edge 3 1\ne 2 2\n").unwrap_err(), "g.col:2:1: self loop on vertex 2");
        assert_eq!(graph("p edge 3 1\ne 1 4\n").unwrap_err(), "g.col:2:5: vertex 4 is outside 1..=3");
        assert_eq!(graph("e 1 2\n").unwrap_err(), "g.col:1:1: an edge before the `p edge V E` line");
        assert_eq!(graph("c only\n").unwrap_err(), "g.col:0: no `p edge VERTICES EDGES` line");
        assert_eq!(graph("p edge 3 x\n").unwrap_err(), "g.col:1:10: edge count \"x\" is not a number");
        assert_eq!(
            graph("p edge 2 1\nx 1 2\n").unwrap_err(),
            "g.col:2:1: unknown line type \"x\" (expected `c`, `p`, `e` or `n`)"
        );
        let e = parse("p edge 2 1\ne 1 2\n", Path::new("g.col"), &ReadOptions::default()).unwrap_err();
        assert_eq!(e.to_string(), "g.col:0: a graph colouring file needs the number of colours (--k K)");
    }
}
