//! `softmask solve --proposal` and `softmask eval` as a user runs them: the learned value order
//! finds exactly the solutions the default order finds (each checked here, independently of the
//! solver), and checkpoint errors name the file.

use host::formats::{read_file, Format, ReadOptions};
use host::train::encoder::EncoderSpec;
use host::train::objective::{LossWeights, Mode, ObjectiveConfig, RelaxationKind};
use host::train::task::TaskBuilder;
use host::train::{train_step, Checkpoint, TrainConfig};
use semiring_core::relax::Schedule;
use std::path::{Path, PathBuf};
use std::process::Command;

fn data(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/sudoku")).join(name)
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("softmask-learning-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A small recurrent checkpoint trained for a few steps (its proposal is far from uniform).
fn checkpoint(dir: &Path) -> PathBuf {
    let insts =
        read_file(&data("tdoku_forum_hardest_1106.solved.txt"), Some(Format::Sudoku), &ReadOptions::default()).unwrap();
    let mut b = TaskBuilder::default();
    let tasks: Vec<_> = insts.iter().skip(20).take(8).map(|i| b.instance(i).unwrap()).collect();
    let cfg = TrainConfig {
        encoder: EncoderSpec::Rrn { hidden: 8, steps: 3 },
        objective: ObjectiveConfig {
            mode: Mode::Soft,
            relax: RelaxationKind::OneHot,
            k: 1,
            loss: LossWeights::parse("none").unwrap(),
            fixed_point: false,
            checkpoint_every: 0,
            group_rule: false,
        },
        schedule: Schedule::Constant { tau: 1.0 },
        batch: 8,
        steps: 5,
        seed: 3,
        lr: 0.01,
        threads: 2,
        step_ce: 1.0,
        augment: true,
    };
    let mut ck = Checkpoint::new(cfg, &tasks).unwrap();
    for _ in 0..5 {
        train_step(&mut ck, &tasks).unwrap();
    }
    let path = dir.join("ck.json");
    std::fs::write(&path, serde_json::to_string(&ck).unwrap()).unwrap();
    path
}

fn softmask(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_softmask")).args(args).output().unwrap()
}

/// Every solution line of a `solve --json` run, per instance, in file order, and the summary.
fn solutions(out: &std::process::Output) -> (Vec<Vec<String>>, serde_json::Value) {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut per = Vec::new();
    let mut summary = serde_json::Value::Null;
    for line in String::from_utf8(out.stdout.clone()).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if let Some(s) = v.get("summary") {
            summary = s.clone();
        } else {
            assert_eq!(v["exhausted"], true, "{line}");
            let mut s: Vec<String> =
                v["solutions"].as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect();
            s.sort();
            per.push(s);
        }
    }
    (per, summary)
}

/// Is `grid` (81 digits) a valid Sudoku solution that keeps the givens of `puzzle`?
fn valid(puzzle: &str, grid: &str) -> bool {
    let g: Vec<u8> = grid.bytes().collect();
    if g.len() != 81 || g.iter().any(|c| !(b'1'..=b'9').contains(c)) {
        return false;
    }
    if puzzle.bytes().zip(&g).any(|(p, c)| p != b'.' && p != b'0' && p != *c) {
        return false;
    }
    let unit_ok = |cells: Vec<usize>| {
        let mut seen = [false; 10];
        cells.iter().all(|&i| !std::mem::replace(&mut seen[(g[i] - b'0') as usize], true))
    };
    (0..9).all(|k| {
        unit_ok((0..9).map(|j| k * 9 + j).collect())
            && unit_ok((0..9).map(|j| j * 9 + k).collect())
            && unit_ok((0..9).map(|j| (k / 3 * 3 + j / 3) * 9 + k % 3 * 3 + j % 3).collect())
    })
}

#[test]
fn solve_with_a_proposal_finds_the_same_solutions() {
    let dir = scratch("proposal");
    let ck = checkpoint(&dir);
    // Ten hard puzzles and two with several solutions (givens removed), every solution counted.
    let text = std::fs::read_to_string(data("tdoku_forum_hardest_1106.txt")).unwrap();
    let mut puzzles: Vec<String> = text.lines().take(10).map(|l| l.trim().to_string()).collect();
    for l in text.lines().skip(10).take(2) {
        let mut p: Vec<u8> = l.trim().bytes().collect();
        let mut dropped = 0;
        for c in p.iter_mut() {
            if *c != b'.' && dropped < 2 {
                *c = b'.';
                dropped += 1;
            }
        }
        puzzles.push(String::from_utf8(p).unwrap());
    }
    let file = dir.join("puzzles.txt");
    std::fs::write(&file, puzzles.join("\n") + "\n").unwrap();
    let f = file.to_str().unwrap();
    let plain = softmask(&["solve", f, "--json", "--count", "100000"]);
    let learned = softmask(&["solve", f, "--json", "--count", "100000", "--proposal", ck.to_str().unwrap()]);
    let (a, sa) = solutions(&plain);
    let (b, sb) = solutions(&learned);
    assert_eq!(a.len(), puzzles.len());
    assert_eq!(a, b, "the learned order found other solutions");
    for (p, sols) in puzzles.iter().zip(&b) {
        assert!(!sols.is_empty());
        for s in sols {
            assert!(valid(p, s), "{p}: {s} is not a solution");
        }
    }
    assert!(b.iter().any(|s| s.len() > 1), "no puzzle with several solutions");
    assert!(sb["mean_nodes"].as_f64().unwrap() > 0.0 && sa["mean_nodes"].as_f64().is_some());
}

#[test]
fn checkpoint_errors_name_the_file() {
    let dir = scratch("errors");
    let bad = dir.join("broken-checkpoint.json");
    std::fs::write(&bad, "{\"format\": \"softmask-train-checkpoint-v1\"}").unwrap();
    let puzzles = data("tdoku_forum_hardest_1106.solved.txt");
    for args in [
        vec!["eval", "--checkpoint", bad.to_str().unwrap(), "--data", puzzles.to_str().unwrap(), "--limit", "2"],
        vec!["solve", puzzles.to_str().unwrap(), "--proposal", bad.to_str().unwrap()],
    ] {
        let out = softmask(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(err.contains("broken-checkpoint.json") && err.contains("older or newer"), "{err}");
    }
    std::fs::write(&bad, "{not json").unwrap();
    let out = softmask(&["eval", "--checkpoint", bad.to_str().unwrap(), "--data", puzzles.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("broken-checkpoint.json"), "{err}");
}
