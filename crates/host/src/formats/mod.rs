//! Problem readers: turn files (Sudoku lines, DIMACS `.col` graphs, N-queens sizes, the JSON
//! network format) into [`semiring_core::Network`] instances, each with what the independent
//! validity checks in [`check`] need (givens, edge lists, board sizes) and any known solution.
//!
//! Every malformed input gives a [`FormatError`] naming the file, the line (and the column
//! where it helps) and the problem; no reader panics on any byte string (property-tested).

pub mod check;
pub mod dimacs;
pub mod json;
pub mod queens;
pub mod sudoku;

use semiring_core::Network;
use std::fmt;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// The input formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    /// Sudoku lines (81, 256 or 625 characters; `puzzle:count:solution`; `quizzes,solutions` CSV).
    Sudoku,
    /// DIMACS graph colouring (`p edge V E`, `e u v`).
    Col,
    /// N-queens: one board size N per line.
    Queens,
    /// The project's JSON network format: one network or an array of networks.
    Json,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Sudoku, Format::Col, Format::Queens, Format::Json];

    pub fn name(self) -> &'static str {
        match self {
            Format::Sudoku => "sudoku",
            Format::Col => "col",
            Format::Queens => "queens",
            Format::Json => "json",
        }
    }

    /// The format a file extension stands for, if any.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "csv" | "sdk" | "sudoku" => Some(Format::Sudoku),
            "col" | "dimacs" => Some(Format::Col),
            "queens" | "nq" => Some(Format::Queens),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// Guesses the format from the first meaningful line of `text`.
    pub fn sniff(text: &str) -> Format {
        let first = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#')).unwrap_or("");
        if first.starts_with('{') || first.starts_with('[') {
            Format::Json
        } else if first.starts_with("c ") || first == "c" || first.starts_with("p ") || first.starts_with("e ") {
            Format::Col
        } else if !first.is_empty() && first.len() <= 4 && first.bytes().all(|b| b.is_ascii_digit()) {
            Format::Queens
        } else {
            Format::Sudoku
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| format!("unknown format `{s}` (expected sudoku, col, queens or json)"))
    }
}

/// What a reader needs besides the text.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// Colours for a `.col` graph (required for that format).
    pub colors: Option<usize>,
    /// Restrict colourings so that vertex `i` (in file order) takes a colour `<= i`. Sound: any
    /// colouring relabelled by first use satisfies it. It removes part of the `k!` colour
    /// symmetry, so proofs of impossibility get much shorter; it does change solution counts.
    pub color_symmetry_breaking: bool,
}

/// One problem instance read from a file.
#[derive(Clone, Debug)]
pub struct Instance {
    /// Where it came from: `file:line`.
    pub name: String,
    /// Line of the file the instance starts on (1-based).
    pub line: usize,
    pub problem: Problem,
    pub network: Network,
    /// A solution given in the file, if any.
    pub known_solution: Option<Vec<usize>>,
    /// A solution count given in the file (`puzzle:count:solution`; `2` means two or more).
    pub known_count: Option<usize>,
}

/// The problem an instance states, in the terms its independent check uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// An `n x n` Sudoku (`n = box * box`); `givens[cell]` is the value `0..n` or blank.
    Sudoku { box_size: usize, givens: Vec<Option<usize>> },
    /// Colouring of a graph with `k` colours; `edges` are 0-based, deduplicated, `u < v`.
    Coloring { vertices: usize, edges: Vec<(usize, usize)>, k: usize },
    /// N-queens: variable `row` takes the queen's column.
    Queens { n: usize },
    /// A network given directly (JSON): checked against its own constraints.
    Network,
}

impl Instance {
    /// Checks `assignment` independently of the network (for Sudoku, colouring and queens) or
    /// against the network's constraints (JSON networks).
    pub fn check(&self, assignment: &[usize]) -> Result<(), String> {
        match &self.problem {
            Problem::Sudoku { givens, .. } => check::sudoku_valid(assignment, givens),
            Problem::Coloring { vertices, edges, k } => check::coloring_valid(*vertices, edges, *k, assignment),
            Problem::Queens { n } => check::queens_valid(*n, assignment),
            Problem::Network => self.network.check(assignment),
        }
    }

    /// Why the givens alone contradict each other, when they visibly do: two Sudoku givens
    /// with one value in a row, column or box; in a network, an empty initial domain or two
    /// single-value domains a constraint forbids together. Said next to an UNSAT result.
    pub fn clash(&self) -> Option<String> {
        match &self.problem {
            Problem::Sudoku { box_size, givens } => check::sudoku_clash(*box_size, givens),
            Problem::Network => check::network_clash(&self.network),
            _ => None,
        }
    }

    /// A human-readable rendering of a solution.
    pub fn render(&self, assignment: &[usize]) -> String {
        match &self.problem {
            Problem::Sudoku { box_size, .. } => sudoku::render_grid(*box_size, assignment),
            Problem::Coloring { .. } => {
                assignment.iter().enumerate().map(|(v, c)| format!("{}:{}", v + 1, c)).collect::<Vec<_>>().join(" ")
            }
            Problem::Queens { n } => queens::render_board(*n, assignment),
            Problem::Network => assignment.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(" "),
        }
    }

    /// A one-line rendering (the Sudoku line format; otherwise the values).
    pub fn render_line(&self, assignment: &[usize]) -> String {
        match &self.problem {
            Problem::Sudoku { box_size, .. } => sudoku::grid_line(*box_size, assignment),
            _ => assignment.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(" "),
        }
    }
}

/// What went wrong at a place in a file.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ParseProblem {
    #[error("the file holds no instances")]
    Empty,
    #[error("{0}")]
    Syntax(String),
    #[error("unexpected character {found:?} (expected {expected})")]
    BadChar { found: char, expected: String },
    #[error("a grid line has {len} characters; expected 16, 81, 256 or 625 (a 4x4, 9x9, 16x16 or 25x25 grid)")]
    BadGridLength { len: usize },
    #[error("{0}")]
    Inconsistent(String),
    #[error("invalid network: {0}")]
    Network(String),
    #[error("{0}")]
    Missing(String),
}

/// A reader error, naming the file and where in it.
#[derive(Debug, Error)]
pub enum FormatError {
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{}: larger than the limit of {} on input files; raise it with SOFTMASK_MAX_FILE=SIZE (e.g. 1G)",
        path.display(), crate::limits::bytes(*limit)
    )]
    TooLarge { path: PathBuf, limit: u64 },
    #[error("{}: {why}", path.display())]
    Limit { path: PathBuf, why: String },
    #[error("{}:{line}{}: {problem}", path.display(), column.map(|c| format!(":{c}")).unwrap_or_default())]
    Parse {
        path: PathBuf,
        /// 1-based line (0 when the problem is the file as a whole).
        line: usize,
        /// 1-based column, where it helps.
        column: Option<usize>,
        problem: ParseProblem,
    },
}

impl FormatError {
    pub fn at(path: &Path, line: usize, column: Option<usize>, problem: ParseProblem) -> FormatError {
        FormatError::Parse { path: path.to_path_buf(), line, column, problem }
    }
}

/// Reads every instance in `path`. The format is `format`, else the extension's, else sniffed.
/// The file is read up to the size limit ([`crate::limits::max_file`]) and refused past it, so
/// an endless file (`/dev/zero`, a FIFO) cannot take the memory.
pub fn read_file(path: &Path, format: Option<Format>, opts: &ReadOptions) -> Result<Vec<Instance>, FormatError> {
    let limit = crate::limits::max_file().map_err(|why| FormatError::Limit { path: path.to_path_buf(), why })?;
    let bytes = read_capped(path, limit)?;
    parse_bytes(&bytes, path, format, opts)
}

/// The contents of `path`, or [`FormatError::TooLarge`] past `limit` bytes.
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, FormatError> {
    use std::io::Read;
    let io = |source| FormatError::Io { path: path.to_path_buf(), source };
    let file = std::fs::File::open(path).map_err(io)?;
    let hint = file.metadata().map(|m| m.len()).unwrap_or(0);
    if hint > limit {
        return Err(FormatError::TooLarge { path: path.to_path_buf(), limit });
    }
    // Grown a megabyte at a time rather than doubled, so a file at the limit takes the limit.
    let mut bytes = Vec::with_capacity(hint.min(limit) as usize);
    let mut file = file.take(limit.saturating_add(1));
    loop {
        bytes.try_reserve_exact(1 << 20).map_err(|e| io(std::io::Error::other(e.to_string())))?;
        let start = bytes.len();
        let room = bytes.capacity() - start;
        bytes.resize(start + room, 0);
        let n = loop {
            match file.read(&mut bytes[start..]) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                r => break r.map_err(io)?,
            }
        };
        bytes.truncate(start + n);
        if n == 0 {
            break;
        }
        if bytes.len() as u64 > limit {
            return Err(FormatError::TooLarge { path: path.to_path_buf(), limit });
        }
    }
    Ok(bytes)
}

/// The format `read_file` would use for `path` with contents `text`.
pub fn detect(path: &Path, text: &str, format: Option<Format>) -> Format {
    format.or_else(|| Format::from_extension(path)).unwrap_or_else(|| Format::sniff(text))
}

/// Parses file contents; `path` is only used for naming.
pub fn parse_bytes(
    bytes: &[u8],
    path: &Path,
    format: Option<Format>,
    opts: &ReadOptions,
) -> Result<Vec<Instance>, FormatError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let (line, column) = line_col(bytes, e.valid_up_to());
            return Err(FormatError::at(
                path,
                line,
                Some(column),
                ParseProblem::Syntax("the file is not valid UTF-8 text".into()),
            ));
        }
    };
    // A UTF-8 byte order mark (editors on Windows write one) is not part of any format.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    parse_str(text, path, detect(path, text, format), opts)
}

/// Parses text in a known format.
pub fn parse_str(text: &str, path: &Path, format: Format, opts: &ReadOptions) -> Result<Vec<Instance>, FormatError> {
    let out = match format {
        Format::Sudoku => sudoku::parse(text, path)?,
        Format::Col => vec![dimacs::parse(text, path, opts)?],
        Format::Queens => queens::parse(text, path)?,
        Format::Json => json::parse(text, path)?,
    };
    if out.is_empty() {
        return Err(FormatError::at(path, 0, None, ParseProblem::Empty));
    }
    Ok(out)
}

/// 1-based line and column of byte `offset`.
fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, col)
}

/// Lines with their 1-based numbers, a trailing `\r` removed.
pub(crate) fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
}
