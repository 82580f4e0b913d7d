//! Property test: every reader, fed random bytes or randomly mutated valid files, returns Ok
//! or a FormatError naming the file — never a panic — and what it accepts is a valid network;
//! a BOM, CRLF or trailing whitespace changes nothing it accepts. (The CLI over every option,
//! under a memory cap: `fuzz_cli.rs`.)

use host::formats::{parse_bytes, Format, FormatError, ReadOptions};
use proptest::prelude::*;
use std::path::Path;

const EXAMPLES: &[(&str, &str)] = &[
    ("sudoku.txt", include_str!("../../../constraints/examples/sudoku.txt")),
    ("sudoku.solved.txt", include_str!("../../../constraints/examples/sudoku.solved.txt")),
    ("sudoku.csv", include_str!("../../../constraints/examples/sudoku.csv")),
    ("sudoku16.txt", include_str!("../../../constraints/examples/sudoku16.txt")),
    ("myciel3.col", include_str!("../../../constraints/examples/myciel3.col")),
    ("queens.queens", include_str!("../../../constraints/examples/queens.queens")),
    ("network.json", include_str!("../../../constraints/examples/network.json")),
];

fn formats() -> impl Strategy<Value = Option<Format>> {
    prop_oneof![
        Just(None),
        Just(Some(Format::Sudoku)),
        Just(Some(Format::Col)),
        Just(Some(Format::Queens)),
        Just(Some(Format::Json))
    ]
}

/// Parses and checks the invariant: Ok results are valid networks; errors name the file.
fn check(bytes: &[u8], name: &str, format: Option<Format>) -> Result<(), TestCaseError> {
    let path = Path::new("fuzz").join(name);
    let opts = ReadOptions { colors: Some(3), color_symmetry_breaking: true };
    match parse_bytes(bytes, &path, format, &opts) {
        Ok(insts) => {
            prop_assert!(!insts.is_empty());
            for i in insts {
                prop_assert!(i.network.validate().is_ok(), "{}: invalid network", i.name);
            }
        }
        Err(e @ FormatError::Parse { .. }) => {
            let msg = e.to_string();
            prop_assert!(msg.starts_with(&format!("{}:", path.display())), "{msg}");
        }
        Err(e) => prop_assert!(false, "unexpected error kind: {e}"),
    }
    Ok(())
}

#[derive(Clone, Debug)]
enum Edit {
    Replace(usize, u8),
    Insert(usize, u8),
    Delete(usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    // Bytes biased towards the ones the formats care about.
    let byte = prop_oneof![any::<u8>(), prop::sample::select(b"0123456789.:,-\n\r {}[]\"pe c".to_vec()),];
    prop::collection::vec(
        prop_oneof![
            (any::<usize>(), byte.clone()).prop_map(|(i, b)| Edit::Replace(i, b)),
            (any::<usize>(), byte).prop_map(|(i, b)| Edit::Insert(i, b)),
            any::<usize>().prop_map(Edit::Delete),
        ],
        1..8,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300), format in formats(),
                                ext in prop::sample::select(vec!["x.txt", "x.col", "x.json", "x.queens", "x"])) {
        check(&bytes, ext, format)?;
    }

    #[test]
    fn mutated_examples_never_panic(which in 0..EXAMPLES.len(), edits in edits(), keep_format in any::<bool>()) {
        let (name, text) = EXAMPLES[which];
        let mut bytes = text.as_bytes().to_vec();
        for e in edits {
            let n = bytes.len();
            match e {
                Edit::Replace(i, b) if n > 0 => bytes[i % n] = b,
                Edit::Insert(i, b) => bytes.insert(i % (n + 1), b),
                Edit::Delete(i) if n > 0 => { bytes.remove(i % n); }
                _ => {}
            }
        }
        let format = if keep_format { None } else { Some(Format::Json) };
        check(&bytes, name, format)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// What a reader accepts it accepts the same with a BOM, CRLF line ends or trailing
    /// whitespace (a user's editor adds them), and it says the same instances.
    #[test]
    fn bom_crlf_and_trailing_whitespace_change_nothing(which in 0..EXAMPLES.len(), edits in edits(),
                                                       bom in any::<bool>(), crlf in any::<bool>(), pad in any::<bool>()) {
        let (name, text) = EXAMPLES[which];
        let mut bytes = text.as_bytes().to_vec();
        for e in edits {
            let n = bytes.len();
            match e {
                Edit::Replace(i, b) if n > 0 => bytes[i % n] = b,
                _ => {}
            }
        }
        let Ok(original) = std::str::from_utf8(&bytes) else { return Ok(()) };
        let opts = ReadOptions { colors: Some(3), color_symmetry_breaking: true };
        let path = Path::new("fuzz").join(name);
        let Ok(want) = parse_bytes(original.as_bytes(), &path, None, &opts) else { return Ok(()) };
        let mut v: String = original.lines().map(|l| if pad { format!("{l} \t\n") } else { format!("{l}\n") }).collect();
        if crlf {
            v = v.replace('\n', "\r\n");
        }
        if bom {
            v.insert(0, '\u{feff}');
        }
        let got = parse_bytes(v.as_bytes(), &path, None, &opts);
        prop_assert!(got.is_ok(), "{name}: {:?}", got.err().map(|e| e.to_string()));
        let got = got.unwrap();
        prop_assert_eq!(got.len(), want.len());
        for (a, b) in got.iter().zip(&want) {
            prop_assert_eq!(&a.network, &b.network);
            prop_assert_eq!(&a.problem, &b.problem);
        }
    }
}

#[test]
fn examples_parse() {
    for (name, text) in EXAMPLES {
        let opts = ReadOptions { colors: Some(4), color_symmetry_breaking: true };
        let v = parse_bytes(text.as_bytes(), Path::new(name), None, &opts).unwrap_or_else(|e| panic!("{e}"));
        assert!(!v.is_empty(), "{name}");
    }
}
