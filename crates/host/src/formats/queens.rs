//! N-queens: a file holds one board size `N` per line (blank lines and `#` comments skipped);
//! the CLI also takes `--queens N` without a file.
//!
//! Network: variable `r` (row `r`) takes the queen's column `0..N`; for every pair of rows
//! `i < j` a `ne` constraint (columns differ) and a table constraint allowing the column pairs
//! `(a, b)` with `|a - b| != j - i` (diagonals differ). The tables hold about `N^2` pairs each,
//! so the network grows as `N^4`; sizes above [`MAX_N`] are refused with an error.

use super::{numbered_lines, FormatError, Instance, ParseProblem, Problem};
use semiring_core::network::{Constraint, Network, RelationSpec};
use std::path::Path;

/// The largest board this encoding accepts (about 8 million table pairs at 64).
pub const MAX_N: usize = 64;

/// The N-queens network.
pub fn queens_network(n: usize) -> Network {
    let mut net = Network::with_vars(n, n);
    for i in 0..n {
        for j in i + 1..n {
            net.constraints.push(Constraint::Binary { scope: [i, j], relation: RelationSpec::Ne });
            let d = j - i;
            let pairs = (0..n).flat_map(|a| (0..n).map(move |b| [a, b])).filter(|&[a, b]| a.abs_diff(b) != d).collect();
            net.constraints.push(Constraint::Binary { scope: [i, j], relation: RelationSpec::Table(pairs) });
        }
    }
    net
}

/// The N-queens instance for `n` (1 ..= [`MAX_N`]); `name` says where it came from.
pub fn instance(n: usize, name: String, line: usize) -> Result<Instance, ParseProblem> {
    if n == 0 || n > MAX_N {
        return Err(ParseProblem::Inconsistent(format!(
            "board size {n} is outside 1..={MAX_N} (the diagonal tables grow as N^4)"
        )));
    }
    Ok(Instance {
        name,
        line,
        network: queens_network(n),
        problem: Problem::Queens { n },
        known_solution: None,
        known_count: None,
    })
}

/// Parses a file of board sizes.
pub fn parse(text: &str, path: &Path) -> Result<Vec<Instance>, FormatError> {
    let mut out = Vec::new();
    for (line, l) in numbered_lines(text) {
        let t = l.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let col = l.len() - l.trim_start().len() + 1;
        let n = t.parse::<usize>().map_err(|_| {
            FormatError::at(
                path,
                line,
                Some(col),
                ParseProblem::Syntax(format!("expected a board size N, found {t:?}")),
            )
        })?;
        let inst = instance(n, format!("{}:{line} queens {n}", path.display()), line)
            .map_err(|p| FormatError::at(path, line, Some(col), p))?;
        out.push(inst);
    }
    Ok(out)
}

/// The board, `Q` for a queen and `.` for an empty square.
pub fn render_board(n: usize, cols: &[usize]) -> String {
    let mut out = String::new();
    for &c in cols.iter().take(n) {
        for x in 0..n {
            out.push(if x == c { 'Q' } else { '.' });
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sizes_and_rejects_junk() {
        let v = parse("# sizes\n4\n\n 8\n", Path::new("q.queens")).unwrap();
        assert_eq!(
            v.iter().map(|i| i.problem.clone()).collect::<Vec<_>>(),
            vec![Problem::Queens { n: 4 }, Problem::Queens { n: 8 }]
        );
        assert_eq!(v[1].line, 4);
        let e = parse("4\nfour\n", Path::new("q.queens")).unwrap_err();
        assert_eq!(e.to_string(), "q.queens:2:1: expected a board size N, found \"four\"");
        let e = parse("0\n", Path::new("q.queens")).unwrap_err();
        assert_eq!(e.to_string(), "q.queens:1:1: board size 0 is outside 1..=64 (the diagonal tables grow as N^4)");
    }
}
