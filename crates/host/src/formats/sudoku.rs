//! Sudoku readers: one puzzle per line.
//!
//! A line is a grid of `n*n` symbols, row-major, for `n = 4, 9, 16, 25` (16, 81, 256 or 625
//! characters). Blanks are `.` or `0`. Symbols: `1`-`9` for n <= 9; `1`-`9` then `A`-`G` for
//! n = 16; `A`-`Y` for n = 25 (letters in either case). Three layouts:
//!
//! - `puzzle` alone;
//! - `puzzle:count:solution` (tdoku's test format; `count` capped at 2, solution may be empty);
//! - `puzzle,solution` CSV rows, with an optional header line such as `quizzes,solutions`.
//!
//! Blank lines and lines starting with `#` are skipped.

use super::{numbered_lines, FormatError, Instance, ParseProblem, Problem};
use semiring_core::network::{Constraint, Network, Variable};
use std::path::Path;

/// The symbols of an `n x n` grid, value `i` written as `symbols(n)[i]`.
pub fn symbols(n: usize) -> &'static str {
    match n {
        16 => "123456789ABCDEFG",
        25 => "ABCDEFGHIJKLMNOPQRSTUVWXY",
        _ => &"123456789"[..n.min(9)],
    }
}

/// Box size for a grid of `len` cells.
fn box_size_for(len: usize) -> Option<usize> {
    [2usize, 3, 4, 5].into_iter().find(|b| b.pow(4) == len)
}

fn symbol_value(n: usize, c: char) -> Option<usize> {
    let up = c.to_ascii_uppercase();
    symbols(n).chars().position(|s| s == up)
}

/// Parses a grid string starting at 1-based column `col0`; `allow_blanks` false for solutions.
fn parse_grid(
    s: &str,
    path: &Path,
    line: usize,
    col0: usize,
    allow_blanks: bool,
) -> Result<(usize, Vec<Option<usize>>), FormatError> {
    let len = s.chars().count();
    let Some(b) = box_size_for(len) else {
        return Err(FormatError::at(path, line, Some(col0), ParseProblem::BadGridLength { len }));
    };
    let n = b * b;
    let mut cells = Vec::with_capacity(len);
    for (i, c) in s.chars().enumerate() {
        let cell = if c == '.' || c == '0' {
            if !allow_blanks {
                return Err(FormatError::at(
                    path,
                    line,
                    Some(col0 + i),
                    ParseProblem::Inconsistent("a solution grid may not have blanks".into()),
                ));
            }
            None
        } else {
            match symbol_value(n, c) {
                Some(v) => Some(v),
                None => {
                    let blanks = if allow_blanks { ", `.` or `0`" } else { "" };
                    return Err(FormatError::at(
                        path,
                        line,
                        Some(col0 + i),
                        ParseProblem::BadChar {
                            found: c,
                            expected: format!("one of `{}`{blanks} in a {n}x{n} grid", symbols(n)),
                        },
                    ));
                }
            }
        };
        cells.push(cell);
    }
    Ok((b, cells))
}

/// Is this line a CSV header (`quizzes,solutions`) rather than a puzzle? Only when every field
/// is a name: a letter first, then letters, digits, `_`, `-` or spaces, and no field has the
/// length of a grid. A malformed first row is then an error at its line, never dropped.
fn is_csv_header(l: &str) -> bool {
    let name = |f: &str| {
        let f = f.trim();
        f.starts_with(|c: char| c.is_ascii_alphabetic())
            && f.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ' '))
            && box_size_for(f.chars().count()).is_none()
    };
    l.contains(',') && l.split(',').all(name)
}

/// Parses every puzzle of a Sudoku file.
pub fn parse(text: &str, path: &Path) -> Result<Vec<Instance>, FormatError> {
    let mut out = Vec::new();
    let mut first = true;
    for (line, raw) in numbered_lines(text) {
        let l = raw.trim_end();
        if l.trim().is_empty() || l.starts_with('#') {
            continue;
        }
        let was_first = std::mem::replace(&mut first, false);
        if was_first && is_csv_header(l) {
            continue;
        }
        let (puzzle, count, solution, sol_col) = if l.contains(':') {
            let parts: Vec<&str> = l.split(':').collect();
            if parts.len() != 3 {
                return Err(FormatError::at(
                    path,
                    line,
                    None,
                    ParseProblem::Syntax(format!(
                        "expected `puzzle:count:solution` (3 fields), found {} fields",
                        parts.len()
                    )),
                ));
            }
            let count_col = parts[0].chars().count() + 2;
            let count = parts[1].trim().parse::<usize>().map_err(|_| {
                FormatError::at(
                    path,
                    line,
                    Some(count_col),
                    ParseProblem::Syntax(format!("solution count {:?} is not a number", parts[1])),
                )
            })?;
            let sol_col = count_col + parts[1].chars().count() + 1;
            (parts[0], Some(count), parts[2], sol_col)
        } else if l.contains(',') {
            let parts: Vec<&str> = l.split(',').collect();
            if parts.len() != 2 {
                return Err(FormatError::at(
                    path,
                    line,
                    None,
                    ParseProblem::Syntax(format!(
                        "expected `puzzle,solution` (2 fields), found {} fields",
                        parts.len()
                    )),
                ));
            }
            (parts[0], None, parts[1], parts[0].chars().count() + 2)
        } else {
            (l, None, "", 0)
        };
        let (b, givens) = parse_grid(puzzle.trim(), path, line, 1, true)?;
        let solution = if solution.trim().is_empty() {
            None
        } else {
            let (sb, sol) = parse_grid(solution.trim(), path, line, sol_col, false)?;
            if sb != b {
                return Err(FormatError::at(
                    path,
                    line,
                    Some(sol_col),
                    ParseProblem::Inconsistent(format!(
                        "the solution is a {0}x{0} grid but the puzzle is {1}x{1}",
                        sb * sb,
                        b * b
                    )),
                ));
            }
            let sol: Vec<usize> = sol.into_iter().map(|c| c.expect("no blanks in solutions")).collect();

            if let Some(cell) = (0..givens.len()).find(|&i| givens[i].is_some_and(|g| g != sol[i])) {
                return Err(FormatError::at(
                    path,
                    line,
                    Some(sol_col + cell),
                    ParseProblem::Inconsistent(format!(
                        "the solution disagrees with the given at row {}, column {}",
                        cell / (b * b) + 1,
                        cell % (b * b) + 1
                    )),
                ));
            }
            let blank = vec![None; sol.len()];
            if let Err(why) = super::check::sudoku_valid(&sol, &blank) {
                return Err(FormatError::at(
                    path,
                    line,
                    Some(sol_col),
                    ParseProblem::Inconsistent(format!("the stated solution is not a valid grid: {why}")),
                ));
            }
            Some(sol)
        };
        if count == Some(0) && solution.is_some() {
            return Err(FormatError::at(
                path,
                line,
                None,
                ParseProblem::Inconsistent("count 0 (no solution) but a solution is given".into()),
            ));
        }
        out.push(Instance {
            name: format!("{}:{line}", path.display()),
            line,
            network: sudoku_network(b, &givens),
            problem: Problem::Sudoku { box_size: b, givens },
            known_solution: solution,
            known_count: count,
        });
    }
    Ok(out)
}

/// The Sudoku network: one variable per cell (row-major) with `n = b*b` values, all-different
/// on every row, column and box, givens as single-value initial domains.
pub fn sudoku_network(b: usize, givens: &[Option<usize>]) -> Network {
    let n = b * b;
    assert_eq!(givens.len(), n * n, "a {n}x{n} grid has {} cells", n * n);
    let variables = givens.iter().map(|g| Variable { name: None, size: n, domain: g.map(|v| vec![v]) }).collect();
    let mut constraints = Vec::with_capacity(3 * n);
    for r in 0..n {
        constraints.push(Constraint::AllDifferent { vars: (0..n).map(|c| r * n + c).collect() });
    }
    for c in 0..n {
        constraints.push(Constraint::AllDifferent { vars: (0..n).map(|r| r * n + c).collect() });
    }
    for br in 0..b {
        for bc in 0..b {
            constraints.push(Constraint::AllDifferent {
                vars: (0..n).map(|i| (br * b + i / b) * n + bc * b + i % b).collect(),
            });
        }
    }
    Network { variables, constraints }
}

/// The grid as one line of symbols (the input format).
pub fn grid_line(b: usize, grid: &[usize]) -> String {
    let syms: Vec<char> = symbols(b * b).chars().collect();
    grid.iter().map(|&v| syms.get(v).copied().unwrap_or('?')).collect()
}

/// The grid as rows, boxes separated by spaces and blank lines.
pub fn render_grid(b: usize, grid: &[usize]) -> String {
    let n = b * b;
    let line = grid_line(b, grid);
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    for r in 0..n {
        if r > 0 && r % b == 0 {
            out.push('\n');
        }
        for c in 0..n {
            if c > 0 && c % b == 0 {
                out.push(' ');
            }
            out.push(chars.get(r * n + c).copied().unwrap_or('?'));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_one(s: &str) -> Result<Vec<Instance>, String> {
        parse(s, Path::new("t.txt")).map_err(|e| e.to_string())
    }

    #[test]
    fn three_layouts_agree() {
        let p = "8.........95.......76.........426798...571243...893165......916....3.487....1.532";
        let a = parse_one(p).unwrap();
        let b = parse_one(&format!("{}\n", p.replace('.', "0"))).unwrap();
        assert_eq!(a[0].problem, b[0].problem);
        assert_eq!(a[0].network, b[0].network);
        assert_eq!(a[0].network.variables.len(), 81);
        assert_eq!(a[0].network.variables[0].domain, Some(vec![7]));
        assert_eq!(a[0].network.variables[1].domain, None);
    }

    #[test]
    fn errors_name_line_and_column() {
        let good = "1".repeat(81);
        let bad = format!("{}x{}", "1".repeat(10), "1".repeat(70));
        let e = parse_one(&format!("{good}\n{bad}\n")).unwrap_err();
        assert_eq!(e, "t.txt:2:11: unexpected character 'x' (expected one of `123456789`, `.` or `0` in a 9x9 grid)");
        let e = parse_one("123\n").unwrap_err();
        assert!(e.starts_with("t.txt:1:1: a grid line has 3 characters"), "{e}");
        let e = parse_one(&format!("{good}:x:{good}")).unwrap_err();
        assert_eq!(e, "t.txt:1:83: solution count \"x\" is not a number");
        let sol = format!("2{}", "1".repeat(80));
        let e = parse_one(&format!("{good}:1:{sol}")).unwrap_err();
        assert_eq!(e, "t.txt:1:85: the solution disagrees with the given at row 1, column 1");
    }

    #[test]
    fn csv_header_and_solution() {
        let p = "0".repeat(81);
        // The pattern grid: value (3r + r/3 + c) mod 9.
        let s: String = (0..81).map(|i| char::from(b'1' + ((3 * (i / 9) + i / 27 + i % 9) % 9) as u8)).collect();
        let v = parse_one(&format!("quizzes,solutions\n{p},{s}\n")).unwrap();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].line, 2);
        assert_eq!(v[0].known_solution.as_ref().unwrap()[..3], [0, 1, 2]);
        assert_eq!(v[0].known_solution.as_ref().unwrap()[9..12], [3, 4, 5]);
    }

    #[test]
    fn big_grids_use_letters() {
        let row16 = "123456789ABCDEFG";
        let v = parse_one(&row16.repeat(16)).unwrap();
        assert_eq!(v[0].problem, Problem::Sudoku { box_size: 4, givens: (0..256).map(|i| Some(i % 16)).collect() });
        let v = parse_one(&format!("{}{}", "y", ".".repeat(624))).unwrap();
        assert_eq!(v[0].network.variables[0].domain, Some(vec![24]));
        assert_eq!(v[0].network.variables.len(), 625);
        let e = parse_one(&format!("Z{}", ".".repeat(624))).unwrap_err();
        assert!(e.contains("t.txt:1:1: unexpected character 'Z'"), "{e}");
    }
}
