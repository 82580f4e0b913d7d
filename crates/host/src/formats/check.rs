//! Independent validity checks of solutions, written against the problem statement (givens,
//! edge lists, board size) and never through the constraint network, so a bug in network
//! construction or in the solver cannot hide behind a matching bug in the check.

/// Checks an `n x n` Sudoku solution (`n = box*box`, row-major values `0..n`): every row,
/// column and box holds each value once, and every given is kept.
pub fn sudoku_valid(grid: &[usize], givens: &[Option<usize>]) -> Result<(), String> {
    let cells = grid.len();
    let b =
        (1..=8usize).find(|b| b.pow(4) == cells).ok_or_else(|| format!("{cells} cells is not a square Sudoku grid"))?;
    let n = b * b;
    if givens.len() != cells {
        return Err(format!("{} givens for {cells} cells", givens.len()));
    }
    if let Some(i) = (0..cells).find(|&i| grid[i] >= n) {
        return Err(format!("cell r{}c{} holds {}, outside 0..{n}", i / n + 1, i % n + 1, grid[i]));
    }
    for (i, g) in givens.iter().enumerate() {
        if let Some(g) = *g {
            if grid[i] != g {
                return Err(format!(
                    "cell r{}c{} changed the given {} to {}",
                    i / n + 1,
                    i % n + 1,
                    super::sudoku::grid_line(b, &[g]),
                    super::sudoku::grid_line(b, &[grid[i]])
                ));
            }
        }
    }
    let unit_ok = |what: &str, k: usize, cell: &dyn Fn(usize) -> usize| -> Result<(), String> {
        let mut seen = vec![false; n];
        for j in 0..n {
            let v = grid[cell(j)];
            if std::mem::replace(&mut seen[v], true) {
                // The value as the file writes it (`1`-`9`, letters in bigger grids).
                return Err(format!("{what} {} holds {} twice", k + 1, super::sudoku::grid_line(b, &[v])));
            }
        }
        Ok(())
    };
    for k in 0..n {
        unit_ok("row", k, &|j| k * n + j)?;
        unit_ok("column", k, &|j| j * n + k)?;
        unit_ok("box", k, &|j| ((k / b) * b + j / b) * n + (k % b) * b + j % b)?;
    }
    Ok(())
}

/// Checks a colouring edge by edge: one colour `0..k` per vertex, ends of every edge differ.
pub fn coloring_valid(vertices: usize, edges: &[(usize, usize)], k: usize, colors: &[usize]) -> Result<(), String> {
    if colors.len() != vertices {
        return Err(format!("{} colours for {vertices} vertices", colors.len()));
    }
    if let Some(v) = (0..vertices).find(|&v| colors[v] >= k) {
        return Err(format!("vertex {} has colour {}, outside 0..{k}", v + 1, colors[v]));
    }
    for &(u, v) in edges {
        if u >= vertices || v >= vertices {
            return Err(format!("edge {}-{} leaves the graph", u + 1, v + 1));
        }
        if colors[u] == colors[v] {
            return Err(format!("edge {}-{} has both ends coloured {}", u + 1, v + 1, colors[u]));
        }
    }
    Ok(())
}

/// Checks an N-queens placement: `cols[row]` is the queen's column; no two queens share a
/// column or a diagonal (rows differ by construction).
pub fn queens_valid(n: usize, cols: &[usize]) -> Result<(), String> {
    if cols.len() != n {
        return Err(format!("{} queens on a {n}x{n} board", cols.len()));
    }
    if let Some(r) = (0..n).find(|&r| cols[r] >= n) {
        return Err(format!("row {r}: column {} is off the board", cols[r]));
    }
    for i in 0..n {
        for j in i + 1..n {
            if cols[i] == cols[j] {
                return Err(format!("rows {i} and {j} share column {}", cols[i]));
            }
            if cols[i].abs_diff(cols[j]) == j - i {
                return Err(format!("rows {i} and {j} share a diagonal"));
            }
        }
    }
    Ok(())
}

/// Two givens of a Sudoku (`b*b x b*b`, givens row-major) with the same value in a row, column
/// or box, described by cell (`r1c2 and r1c7 both hold 5 (row 1)`; values printed 1-based).
pub fn sudoku_clash(b: usize, givens: &[Option<usize>]) -> Option<String> {
    let n = b * b;
    if givens.len() != n * n {
        return None;
    }
    let units = (0..n).flat_map(|k| {
        [
            (format!("row {}", k + 1), (0..n).map(|j| k * n + j).collect::<Vec<_>>()),
            (format!("column {}", k + 1), (0..n).map(|j| j * n + k).collect()),
            (format!("box {}", k + 1), (0..n).map(|j| ((k / b) * b + j / b) * n + (k % b) * b + j % b).collect()),
        ]
    });
    for (what, cells) in units {
        let mut seen: Vec<Option<usize>> = vec![None; n];
        for c in cells {
            if let Some(v) = givens[c].filter(|&v| v < n) {
                if let Some(first) = seen[v].replace(c) {
                    let rc = |i: usize| format!("r{}c{}", i / n + 1, i % n + 1);
                    return Some(format!(
                        "the givens clash: {} and {} both hold {} ({what})",
                        rc(first),
                        rc(c),
                        super::sudoku::grid_line(b, &[v])
                    ));
                }
            }
        }
    }
    None
}

/// An empty initial domain, or two variables fixed to one value each that a constraint forbids
/// together.
pub fn network_clash(net: &semiring_core::Network) -> Option<String> {
    use semiring_core::network::Constraint;
    if let Some(v) = net.variables.iter().position(|v| v.domain.as_ref().is_some_and(|d| d.is_empty())) {
        return Some(format!("variable {v} starts with an empty domain"));
    }
    let fixed = |v: usize| match net.variables.get(v)?.domain.as_deref() {
        Some([a]) => Some(*a),
        _ => None,
    };
    for (i, c) in net.constraints.iter().enumerate() {
        match c {
            Constraint::Binary { scope: [x, y], relation } => {
                if let (Some(a), Some(b)) = (fixed(*x), fixed(*y)) {
                    if !relation.allows(a, b) {
                        return Some(format!(
                            "constraint {i} forbids variable {x} = {a} with variable {y} = {b}, both given"
                        ));
                    }
                }
            }
            Constraint::AllDifferent { vars } => {
                let mut seen = std::collections::HashMap::new();
                for &v in vars {
                    if let Some(a) = fixed(v) {
                        if let Some(u) = seen.insert(a, v) {
                            return Some(format!(
                                "constraint {i} (all different) has variables {u} and {v} both given the value {a}"
                            ));
                        }
                    }
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solved() -> Vec<usize> {
        // The standard pattern grid: value (3r + r/3 + c) mod 9.
        (0..81).map(|i| (3 * (i / 9) + i / 27 + i % 9) % 9).collect()
    }

    #[test]
    fn sudoku_check_catches_each_rule() {
        let g = solved();
        let blanks = vec![None; 81];
        assert_eq!(sudoku_valid(&g, &blanks), Ok(()));
        let mut givens = blanks.clone();
        givens[0] = Some(g[0]);
        assert_eq!(sudoku_valid(&g, &givens), Ok(()));
        givens[0] = Some((g[0] + 1) % 9);
        assert!(sudoku_valid(&g, &givens).unwrap_err().contains("changed the given"));
        // Swapping two cells of a row keeps the row but breaks columns.
        let mut bad = g.clone();
        bad.swap(0, 1);
        assert_eq!(sudoku_valid(&bad, &blanks), Err("column 1 holds 2 twice".into()));
        // Swapping two whole rows of different bands keeps rows and columns, breaks boxes.
        let mut bad = g.clone();
        for c in 0..9 {
            bad.swap(c, 27 + c);
        }
        assert_eq!(sudoku_valid(&bad, &blanks), Err("box 1 holds 4 twice".into()));
        let mut bad = g.clone();
        bad[5] = 9;
        assert!(sudoku_valid(&bad, &blanks).unwrap_err().contains("outside"));
    }

    #[test]
    fn coloring_and_queens_checks() {
        let tri = [(0, 1), (1, 2), (0, 2)];
        assert_eq!(coloring_valid(3, &tri, 3, &[0, 1, 2]), Ok(()));
        assert_eq!(coloring_valid(3, &tri, 3, &[0, 1, 0]), Err("edge 1-3 has both ends coloured 0".into()));
        assert!(coloring_valid(3, &tri, 2, &[0, 1, 2]).is_err());
        assert_eq!(queens_valid(4, &[1, 3, 0, 2]), Ok(()));
        assert_eq!(queens_valid(4, &[0, 2, 3, 1]), Err("rows 1 and 2 share a diagonal".into()));
        assert_eq!(queens_valid(4, &[1, 3, 1, 2]), Err("rows 0 and 2 share column 1".into()));
    }
}
