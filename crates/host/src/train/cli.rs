//! The `softmask train` and `softmask eval` commands.

use super::encoder::EncoderSpec;
use super::eval::evaluate;
use super::objective::{LossWeights, Mode, ObjectiveConfig, RelaxationKind};
use super::plot::{self, Panel, Series};
use super::task::{Task, TaskBuilder};
use super::{check_backend_config, train_step, train_step_on, Checkpoint, Metrics, TrainConfig};
use crate::backend::{self, BackendKind};
use crate::formats::{read_file, Format, ReadOptions};
use crate::serial::SerialArgs;
use anyhow::Context;
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use semiring_core::relax::Schedule;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EncoderKind {
    /// Free logits per variable and value (one instance only).
    Table,
    /// Message passing over the constraint graph, weights shared by all instances.
    Mp,
    /// Recurrent message passing (weights shared over --rrn-steps gated steps, logits and a loss at every step).
    Rrn,
}

#[derive(Args, Debug, Clone)]
pub struct EncoderArgs {
    #[arg(long, value_enum, default_value = "rrn")]
    pub encoder: EncoderKind,
    /// Hidden units of the message-passing encoder.
    #[arg(long, default_value_t = 32, value_parser = crate::limits::hidden)]
    pub hidden: usize,
    /// Message-passing layers.
    #[arg(long, default_value_t = 3, value_parser = crate::limits::layers)]
    pub layers: usize,
    /// Seeded random input features per variable (symmetry breaking).
    #[arg(long, default_value_t = 0, value_parser = crate::limits::random_features)]
    pub random_features: usize,
    /// Recurrent steps of the rrn encoder (weights shared over the steps).
    #[arg(long, default_value_t = 12, value_parser = crate::limits::rrn_steps)]
    pub rrn_steps: usize,
}

impl EncoderArgs {
    fn spec(&self) -> EncoderSpec {
        match self.encoder {
            EncoderKind::Table => EncoderSpec::Table,
            EncoderKind::Mp => {
                EncoderSpec::Mp { hidden: self.hidden, layers: self.layers, random_features: self.random_features }
            }
            EncoderKind::Rrn => EncoderSpec::Rrn { hidden: self.hidden, steps: self.rrn_steps },
        }
    }
}

#[derive(Args, Debug, Clone)]
pub struct TrainArgs {
    /// Training instances (any file `solve` reads; Sudoku `puzzle:count:solution` files give solutions for `ce`).
    #[arg(long)]
    pub data: PathBuf,
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Skip the first N instances of the file.
    #[arg(long, default_value_t = 0)]
    pub skip: usize,
    /// Use at most N instances (after --skip).
    #[arg(long)]
    pub limit: Option<usize>,
    /// soft: relaxed one-hots through soft propagation; st: straight-through (hard forward, soft backward).
    /// Default: soft, or st with --backend.
    #[arg(long, value_enum)]
    pub mode: Option<Mode>,
    /// Straight-through training with the propagation on a backend (the board in the loop): the hard
    /// forward rounds and the Q16.16 backward run on cpu (semiring-core), sim (the engine and gradient
    /// unit under Verilator) or serial (a board on --device); the encoder runs on the host. Implies
    /// --mode st --fixed-point. Without it everything runs on the CPU.
    #[arg(long, value_enum)]
    pub backend: Option<BackendKind>,
    #[command(flatten)]
    pub serial: SerialArgs,
    /// one-hot: Gumbel-Softmax assignment; subset: binary Concrete per value.
    #[arg(long, value_enum, default_value = "one-hot")]
    pub relax: RelaxationKind,
    /// Added inside the logs of the survival and cross-entropy losses (default 1e-6 in soft mode; 1e-2 in
    /// straight-through mode, where wiped-out variables get gradient 1/eps and Q16.16 must not saturate).
    #[arg(long, value_parser = crate::limits::log_eps)]
    pub log_eps: Option<f64>,
    /// Straight-through backward through the fixed-point (Q16.16) model of the hardware gradient unit.
    #[arg(long)]
    pub fixed_point: bool,
    /// Temperature schedule: const:TAU, exp:TAU0:RATE:TAU_MIN or linear:TAU0:TAU1:STEPS.
    #[arg(long, default_value = "exp:2:0.002:0.1", value_parser = crate::limits::schedule)]
    pub schedule: Schedule,
    /// Propagation rounds K.
    #[arg(long, default_value_t = 1, value_parser = crate::limits::rounds)]
    pub k: usize,
    /// Soft group rule: a soft all-different step after every soft round, on the residual program
    /// (the `!=` arcs inside the groups replaced by the rule's naked singles), so K >= 2 rounds keep
    /// mass on Sudoku. Needs a propagation-aware --loss and f64 propagation (not --fixed-point).
    #[arg(long)]
    pub group_rule: bool,
    /// Store only every N-th round in the forward pass and recompute the rest (0: store all).
    #[arg(long, default_value_t = 0, value_parser = crate::limits::checkpoint_every)]
    pub checkpoint_every: usize,
    /// Loss: survival, conflicts, ce, or a weighted sum like survival+0.5*ce.
    #[arg(long, default_value = "survival+ce", value_parser = crate::limits::loss)]
    pub loss: LossWeights,
    #[arg(long, default_value_t = 16, value_parser = crate::limits::batch)]
    pub batch: usize,
    /// Total steps (when resuming: the total to reach).
    #[arg(long, default_value_t = 200, value_parser = crate::limits::steps)]
    pub steps: u64,
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    #[arg(long, default_value_t = 0.01, value_parser = crate::limits::learning_rate)]
    pub lr: f64,
    #[arg(long, default_value_t = 2, value_parser = crate::limits::threads)]
    pub threads: usize,
    #[command(flatten)]
    pub encoder: EncoderArgs,
    /// Output folder: checkpoint.json, metrics.jsonl, curves.png.
    #[arg(long, default_value = "train-out")]
    pub out: PathBuf,
    /// Resume from a checkpoint (its configuration is used; --steps sets the total).
    #[arg(long)]
    pub resume: Option<PathBuf>,
    /// Write the checkpoint every N steps (and at the end).
    #[arg(long, default_value_t = 50, value_parser = crate::limits::save_every)]
    pub save_every: u64,
    /// Weight of the supervised cross-entropy of every encoder step against the known solutions
    /// (0: only --loss; the loss through propagation).
    #[arg(long, default_value_t = 1.0, value_parser = crate::limits::weight)]
    pub step_ce: f64,
    /// Train on seeded random Sudoku symmetries of the puzzles (digit relabelling, row/column
    /// permutations within bands/stacks, band/stack permutations, transpose; 9x9 Sudoku only).
    #[arg(long)]
    pub augment: bool,
}

pub fn load_tasks(path: &Path, format: Option<Format>, skip: usize, limit: Option<usize>) -> anyhow::Result<Vec<Task>> {
    let insts =
        read_file(path, format, &ReadOptions::default()).with_context(|| format!("reading {}", path.display()))?;
    if skip >= insts.len() {
        anyhow::bail!("{}: --skip {skip} leaves none of its {} instances", path.display(), insts.len());
    }
    let mut b = TaskBuilder::default();
    insts
        .iter()
        .skip(skip)
        .take(limit.unwrap_or(usize::MAX))
        .map(|i| b.instance(i).with_context(|| format!("{}", path.display())))
        .collect()
}

/// Reads and validates a checkpoint file (errors name it).
pub fn load_checkpoint(path: &Path) -> anyhow::Result<Checkpoint> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Checkpoint::load(&text).with_context(|| format!("checkpoint {}", path.display()))
}

fn write_plot(path: &Path, metrics: &[Metrics]) -> anyhow::Result<()> {
    let pts = |f: fn(&Metrics) -> f64| metrics.iter().map(|m| (m.step as f64, f(m))).collect::<Vec<_>>();
    let panels = vec![
        Panel {
            title: "TRAINING LOSS".into(),
            series: vec![Series { name: "LOSS".into(), color: plot::RED, points: pts(|m| m.loss) }],
            log_y: false,
        },
        Panel {
            title: "TEMPERATURE-ZERO PROPOSAL".into(),
            series: vec![
                Series { name: "ACCURACY".into(), color: plot::BLUE, points: pts(|m| m.accuracy) },
                Series { name: "SOLVED".into(), color: plot::GREEN, points: pts(|m| m.solved) },
            ],
            log_y: false,
        },
        Panel {
            title: "GUMBEL-SOFTMAX TEMPERATURE".into(),
            series: vec![Series { name: "TAU".into(), color: plot::ORANGE, points: pts(|m| m.temperature) }],
            log_y: false,
        },
    ];
    std::fs::write(path, plot::render(&panels, "STEP")?).with_context(|| format!("writing {}", path.display()))
}

fn save(path: &Path, ck: &Checkpoint) -> anyhow::Result<()> {
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, serde_json::to_string(ck)?)?;
    std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))
}

pub fn run_train(args: &TrainArgs) -> anyhow::Result<()> {
    let mode = match (args.backend, args.mode) {
        (Some(b), Some(Mode::Soft)) => anyhow::bail!(
            "--backend {}: the backends run hard rounds and the straight-through backward; --mode soft trains \
             through soft f64 propagation on the CPU (drop --backend)",
            b.label()
        ),
        (Some(_), _) => Mode::St,
        (None, m) => m.unwrap_or(Mode::Soft),
    };
    let tasks = load_tasks(&args.data, args.format, args.skip, args.limit)?;
    let mut ck = match &args.resume {
        Some(p) => {
            let mut ck = load_checkpoint(p)?;
            ck.config.steps = args.steps;
            ck.config.threads = args.threads;
            for t in &tasks {
                ck.encoder.check(t)?;
            }
            ck
        }
        None => Checkpoint::new(
            TrainConfig {
                encoder: args.encoder.spec(),
                objective: ObjectiveConfig {
                    mode,
                    relax: args.relax,
                    k: args.k,
                    loss: LossWeights {
                        eps: args.log_eps.unwrap_or(match mode {
                            Mode::Soft => 1e-6,
                            Mode::St => 1e-2,
                        }),
                        ..args.loss
                    },
                    fixed_point: args.fixed_point || args.backend.is_some(),
                    checkpoint_every: args.checkpoint_every,
                    group_rule: args.group_rule,
                },
                schedule: args.schedule,
                batch: args.batch,
                steps: args.steps,
                seed: args.seed,
                lr: args.lr,
                threads: args.threads,
                step_ce: args.step_ce,
                augment: args.augment,
            },
            &tasks,
        )?,
    };
    let mut backend = match args.backend {
        Some(kind) => {
            check_backend_config(&ck.config.objective)
                .map_err(|e| anyhow::anyhow!("--backend {}: {e}", kind.label()))?;
            let b = backend::open(kind, args.serial.config().as_ref())?;
            eprintln!("propagation backend: {} (hard rounds and backward; encoder on the host)", b.name());
            Some(b)
        }
        None => None,
    };
    std::fs::create_dir_all(&args.out).with_context(|| format!("creating {}", args.out.display()))?;
    let ck_path = args.out.join("checkpoint.json");
    let metrics_path = args.out.join("metrics.jsonl");
    let plot_path = args.out.join("curves.png");
    // Earlier metrics (when resuming into the same folder) are kept, up to the checkpoint's step.
    let mut metrics: Vec<Metrics> = if args.resume.is_some() && metrics_path.exists() {
        std::fs::read_to_string(&metrics_path)?
            .lines()
            .filter_map(|l| serde_json::from_str::<Metrics>(l).ok())
            .filter(|m| m.step <= ck.step)
            .collect()
    } else {
        Vec::new()
    };
    let mut log =
        std::fs::File::create(&metrics_path).with_context(|| format!("writing {}", metrics_path.display()))?;
    for m in &metrics {
        writeln!(log, "{}", serde_json::to_string(m)?)?;
    }
    eprintln!(
        "training {} encoder ({} parameters) on {} instances of {}: mode {:?}, K = {}, batch {}, steps {} -> {}",
        ck.encoder.name(),
        ck.params.len(),
        tasks.len(),
        args.data.display(),
        ck.config.objective.mode,
        ck.config.objective.k,
        ck.config.batch,
        ck.step,
        ck.config.steps
    );
    let bar = ProgressBar::new(ck.config.steps);
    bar.set_position(ck.step);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} [{elapsed_precise}<{eta_precise}] {msg}")
            .expect("valid template"),
    );
    let wall = Instant::now();
    let start_step = ck.step;
    let (mut step_secs, mut backend_secs) = (0.0, 0.0);
    while ck.step < ck.config.steps {
        let m = match &mut backend {
            Some(b) => train_step_on(&mut ck, &tasks, b.as_mut()),
            None => train_step(&mut ck, &tasks),
        };
        let m = match m {
            Ok(m) => m,
            Err(e) => {
                bar.abandon();
                if !metrics.is_empty() {
                    write_plot(&plot_path, &metrics)?;
                }
                return Err(e.context(format!(
                    "training stopped; {} keeps the last finite state (step {})",
                    ck_path.display(),
                    ck.step - ck.step % args.save_every.max(1)
                )));
            }
        };
        step_secs += m.step_seconds;
        backend_secs += m.backend_seconds;
        writeln!(log, "{}", serde_json::to_string(&m)?)?;
        bar.set_position(m.step);
        bar.set_message(format!(
            "tau {:.3} loss {:.4} acc {:.3} solved {:.2} {:.1} ms/step",
            m.temperature,
            m.loss,
            m.accuracy,
            m.solved,
            m.step_seconds * 1e3
        ));
        metrics.push(m);
        if ck.step % args.save_every.max(1) == 0 {
            save(&ck_path, &ck)?;
        }
    }
    bar.finish();
    save(&ck_path, &ck)?;
    write_plot(&plot_path, &metrics)?;
    let secs = wall.elapsed().as_secs_f64();
    let steps = ck.step - start_step;
    println!(
        "trained {steps} steps in {secs:.1} s ({:.1} instances/s); wrote {}, {}, {}",
        (steps * ck.config.batch as u64) as f64 / secs.max(1e-9),
        ck_path.display(),
        metrics_path.display(),
        plot_path.display()
    );
    if steps > 0 {
        let per = |x: f64| x * 1e3 / steps as f64;
        match &backend {
            Some(b) => println!(
                "time per step: {:.2} ms, of which {:.2} ms on the {} backend (hard rounds + backward, {} instances); {}",
                per(step_secs),
                per(backend_secs),
                b.name(),
                ck.config.batch,
                b.report()
            ),
            None => println!("time per step: {:.2} ms (all on the CPU)", per(step_secs)),
        }
    }
    let saturated = metrics.iter().filter(|m| m.saturated).count();
    if saturated > 0 {
        eprintln!("warning: the fixed-point backward saturated in {saturated} steps (raise --log-eps or lower the loss scale)");
    }
    if let Some(m) = metrics.last() {
        println!("last step: loss {:.4}, accuracy {:.3}, solved {:.2}", m.loss, m.accuracy, m.solved);
    }
    Ok(())
}

#[derive(Args, Debug, Clone)]
pub struct EvalArgs {
    #[arg(long)]
    pub checkpoint: PathBuf,
    /// Held-out instances.
    #[arg(long)]
    pub data: PathBuf,
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Skip the first N instances of the file.
    #[arg(long, default_value_t = 0)]
    pub skip: usize,
    /// Use at most N instances (after --skip).
    #[arg(long)]
    pub limit: Option<usize>,
    /// Node limit per search.
    #[arg(long, default_value_t = 1_000_000, value_parser = crate::limits::nodes)]
    pub node_limit: u64,
    #[arg(long, default_value_t = 2, value_parser = crate::limits::threads)]
    pub threads: usize,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run_eval(args: &EvalArgs) -> anyhow::Result<()> {
    let ck = load_checkpoint(&args.checkpoint)?;
    let tasks = load_tasks(&args.data, args.format, args.skip, args.limit)?;
    for t in &tasks {
        ck.encoder.check(t).with_context(|| format!("checkpoint {}", args.checkpoint.display()))?;
    }
    let r = evaluate(&ck, &tasks, args.node_limit, args.threads);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(());
    }
    let n = r.instances as f64;
    println!("{} instances of {}", r.instances, args.data.display());
    println!(
        "  hard propagation alone solves      {:>5} ({:.1}%)",
        r.propagation_only,
        100.0 * r.propagation_only as f64 / n
    );
    println!(
        "  argmax proposal is a solution      {:>5} ({:.1}%)",
        r.proposal_exact,
        100.0 * r.proposal_exact as f64 / n
    );
    println!("  proposal + propagation, no search  {:>5} ({:.1}%)", r.no_search, 100.0 * r.no_search_share);
    println!(
        "  flat proposal + propagation        {:>5} ({:.1}%)",
        r.no_search_flat,
        100.0 * r.no_search_flat as f64 / n
    );
    println!("  proposal accuracy                  {:.3}", r.accuracy);
    println!(
        "  search nodes under the default solver: learned order mean {:.2} p95 {:.0}; default order mean {:.2} p95 {:.0}; oracle mean {:.2} p95 {:.0}",
        r.mean_nodes_learned, r.p95_nodes_learned, r.mean_nodes_plain, r.p95_nodes_plain, r.mean_nodes_oracle, r.p95_nodes_oracle
    );
    println!(
        "  node ratio learned / default {:.3} (unfinished {} / {})",
        r.node_ratio, r.unfinished_learned, r.unfinished_plain
    );
    println!(
        "  wall per instance: learned {:.3} ms (encoder {:.3} ms), default {:.3} ms",
        r.seconds_per_instance_learned * 1e3,
        r.encoder_seconds_per_instance * 1e3,
        r.seconds_per_instance_plain * 1e3
    );
    Ok(())
}
