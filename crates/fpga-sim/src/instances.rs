//! Tiny builders for the real instances the lockstep tests run: Sudoku lines
//! and DIMACS graph colouring. They parse text handed to them (reading files
//! is the caller's business) and deliberately do not depend on `host`.

use semiring_core::network::Variable;
use semiring_core::{Constraint, Network, RelationSpec};

/// A 9x9 Sudoku from an 81-character line (`1`-`9` givens, `.` or `0` blanks)
/// as 81 variables of 9 values and one `!=` constraint per pair of peers
/// (810 pairs, so 1620 revise instructions).
pub fn sudoku(line: &str) -> Result<Network, String> {
    let cells: Vec<char> = line.trim().chars().collect();
    if cells.len() != 81 {
        return Err(format!("a Sudoku line has 81 cells, this one has {}", cells.len()));
    }
    let mut variables = Vec::with_capacity(81);
    for (i, &c) in cells.iter().enumerate() {
        let domain = match c {
            '.' | '0' => None,
            '1'..='9' => Some(vec![c as usize - '1' as usize]),
            _ => return Err(format!("cell {i}: unexpected character `{c}`")),
        };
        variables.push(Variable { name: None, size: 9, domain });
    }
    let peers = |x: usize, y: usize| {
        let (rx, cx, ry, cy) = (x / 9, x % 9, y / 9, y % 9);
        rx == ry || cx == cy || (rx / 3 == ry / 3 && cx / 3 == cy / 3)
    };
    let mut constraints = Vec::new();
    for x in 0..81 {
        for y in x + 1..81 {
            if peers(x, y) {
                constraints.push(Constraint::Binary { scope: [x, y], relation: RelationSpec::Ne });
            }
        }
    }
    Ok(Network { variables, constraints })
}

/// A DIMACS `.col` graph (`p edge N M`, `e u v` 1-based) coloured with `k`
/// colours: one variable per vertex, one `!=` per distinct edge.
pub fn graph_coloring(text: &str, k: usize) -> Result<Network, String> {
    let mut n = None;
    let mut edges = std::collections::BTreeSet::new();
    for (ln, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split_whitespace().collect();
        match f.first().copied() {
            Some("p") => {
                let v = f.get(2).and_then(|s| s.parse::<usize>().ok());
                n = Some(v.ok_or(format!("line {}: bad problem line", ln + 1))?);
            }
            Some("e") => {
                let (u, v) = match (
                    f.get(1).and_then(|s| s.parse::<usize>().ok()),
                    f.get(2).and_then(|s| s.parse::<usize>().ok()),
                ) {
                    (Some(u), Some(v)) if u >= 1 && v >= 1 => (u - 1, v - 1),
                    _ => return Err(format!("line {}: bad edge line", ln + 1)),
                };
                if u != v {
                    edges.insert((u.min(v), u.max(v)));
                }
            }
            _ => {}
        }
    }
    let n = n.ok_or("no `p edge` line")?;
    if let Some(&(_, v)) = edges.iter().find(|&&(_, v)| v >= n) {
        return Err(format!("edge to vertex {} but the graph has {n}", v + 1));
    }
    Ok(Network {
        variables: vec![Variable { name: None, size: k, domain: None }; n],
        constraints: edges
            .into_iter()
            .map(|(u, v)| Constraint::Binary { scope: [u, v], relation: RelationSpec::Ne })
            .collect(),
    })
}
