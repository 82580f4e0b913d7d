//! Inputs a user would consider valid are accepted in every format (a UTF-8 byte order mark,
//! CRLF line ends, trailing whitespace); a CSV header is recognised only when it is one and no
//! row is dropped; stated counts and solutions are checked whatever `--count` asks; givens
//! that contradict each other are reported with the cells that clash.

mod common;

use common::{softmask, text, ROOT};
use host::formats::{parse_bytes, Instance, ReadOptions};
use std::path::{Path, PathBuf};

const EXAMPLES: &[&str] =
    &["sudoku.txt", "sudoku.solved.txt", "sudoku.csv", "sudoku16.txt", "myciel3.col", "queens.queens", "network.json"];

fn tmp_file(name: &str, contents: &[u8]) -> PathBuf {
    let p = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&p, contents).unwrap();
    p
}

fn parse(bytes: &[u8], name: &str) -> Result<Vec<Instance>, String> {
    let opts = ReadOptions { colors: Some(4), color_symmetry_breaking: true };
    parse_bytes(bytes, Path::new(name), None, &opts).map_err(|e| e.to_string())
}

fn same(a: &[Instance], b: &[Instance]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.network == y.network
                && x.problem == y.problem
                && x.known_solution == y.known_solution
                && x.known_count == y.known_count
        })
}

#[test]
fn bom_crlf_and_trailing_whitespace_are_accepted_in_every_format() {
    for name in EXAMPLES {
        let original = std::fs::read_to_string(format!("{ROOT}/constraints/examples/{name}")).unwrap();
        let want = parse(original.as_bytes(), name).unwrap();
        let crlf = original.replace('\n', "\r\n");
        let trailing: String = original.lines().map(|l| format!("{l} \t \n")).collect();
        let variants = [
            ("BOM", format!("\u{feff}{original}")),
            ("CRLF", crlf.clone()),
            ("trailing whitespace", trailing.clone()),
            ("BOM + CRLF + trailing whitespace", format!("\u{feff}{}", trailing.replace('\n', "\r\n"))),
        ];
        for (what, v) in variants {
            let got = parse(v.as_bytes(), name).unwrap_or_else(|e| panic!("{name} with {what}: {e}"));
            assert!(same(&got, &want), "{name} with {what}: different instances");
        }
    }
}

#[test]
fn a_csv_header_is_recognised_only_when_it_is_one() {
    let p = std::fs::read_to_string(format!("{ROOT}/constraints/examples/sudoku.csv")).unwrap();
    let rows: Vec<&str> = p.lines().skip(1).collect();
    assert!(rows.len() >= 2);
    // Without the header, with a BOM: every row is an instance, the first one included.
    let body = format!("\u{feff}{}\n", rows.join("\n"));
    assert_eq!(parse(body.as_bytes(), "x.csv").unwrap().len(), rows.len());
    // A malformed first row is an error at its line, not a header silently dropped.
    for bad in ["123,456", "1234567,", "..3..,..."] {
        let e = parse(format!("{bad}\n{}\n", rows[0]).as_bytes(), "x.csv").unwrap_err();
        assert!(e.starts_with("x.csv:1:"), "{bad}: {e}");
    }
    // Real headers, with a BOM or not.
    for header in ["quizzes,solutions", "\u{feff}puzzle,solution", "Quiz_1 , Solution-2"] {
        let v = parse(format!("{header}\n{}\n", rows[0]).as_bytes(), "x.csv").unwrap();
        assert_eq!((v.len(), v[0].line), (1, 2), "{header}");
    }
}

fn first_solved() -> (String, String) {
    let l = std::fs::read_to_string(format!("{ROOT}/constraints/examples/sudoku.solved.txt")).unwrap();
    let parts: Vec<String> = l.lines().next().unwrap().split(':').map(String::from).collect();
    (parts[0].clone(), parts[2].clone())
}

#[test]
fn stated_counts_are_checked_whatever_count_asks() {
    let (puzzle, solution) = first_solved();
    for stated in ["2", "3"] {
        let p = tmp_file(&format!("inputs_count{stated}.txt"), format!("{puzzle}:{stated}:{solution}\n").as_bytes());
        for count in ["1", "2", "5"] {
            let out = softmask(&["solve", p.to_str().unwrap(), "--count", count]);
            assert!(!out.status.success(), "stated {stated}, --count {count}: {}", text(&out.stdout));
            let err = text(&out.stderr);
            assert!(
                err.contains(&format!("the file says {stated} (two or more) solution(s), the search found exactly 1")),
                "{err}"
            );
        }
    }
    // The right count passes with --count 1; the check proved the solution unique.
    let p = tmp_file("inputs_count1.txt", format!("{puzzle}:1:{solution}\n").as_bytes());
    let out = softmask(&["solve", p.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("SAT  solutions=exactly 1 "), "{}", text(&out.stdout));
}

#[test]
fn a_stated_solution_that_is_not_a_grid_is_reported_as_such() {
    let (puzzle, solution) = first_solved();
    // Change the last cell (blank in the puzzle) to another value: the givens still agree but
    // the grid now has a repeated value in row 9.
    let last = puzzle.as_bytes()[80];
    assert!(last == b'.' || last == b'0');
    let c = solution.as_bytes()[80];
    let other = if c == b'9' { '8' } else { '9' };
    let bad = format!("{}{other}", &solution[..80]);
    let p = tmp_file("inputs_badsol.txt", format!("{puzzle}:1:{bad}\n").as_bytes());
    let out = softmask(&["solve", p.to_str().unwrap()]);
    let err = text(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("inputs_badsol.txt:1:85: the stated solution is not a valid grid: row 9 holds"), "{err}");
    assert!(!err.contains("stated unique"), "{err}");
}

#[test]
fn contradictory_givens_are_reported_with_a_reason() {
    let clash = format!("5...5{}\n", ".".repeat(76));
    let p = tmp_file("inputs_clash.txt", clash.as_bytes());
    let out = softmask(&["solve", p.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("UNSAT (the givens clash: r1c1 and r1c5 both hold 5 (row 1))"), "{s}");
    let out = softmask(&["solve", p.to_str().unwrap(), "--json"]);
    assert!(text(&out.stdout).contains(r#""reason":"the givens clash: r1c1 and r1c5 both hold 5 (row 1)""#));
    let net = r#"{"variables":[{"size":3,"domain":[1]},{"size":3},{"size":3,"domain":[1]}],
        "constraints":[{"type":"all_different","vars":[0,1,2]}]}"#;
    let p = tmp_file("inputs_clash.json", net.as_bytes());
    let s = text(&softmask(&["solve", p.to_str().unwrap()]).stdout);
    assert!(s.contains("UNSAT (constraint 0 (all different) has variables 0 and 2 both given the value 1)"), "{s}");
}
