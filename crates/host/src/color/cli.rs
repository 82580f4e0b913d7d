//! The `softmask color` command.

use crate::train::cli::EncoderKind;
use crate::train::color::{color, default_objective, ColorConfig, ColorOutcome};
use crate::train::encoder::EncoderSpec;
use crate::train::objective::{LossWeights, Mode};
use crate::train::plot::{self, Panel, Series};
use anyhow::Context;
use clap::Args;
use semiring_core::relax::Schedule;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

fn parse_schedule(s: &str) -> Result<Schedule, String> {
    Schedule::parse(s)
}
fn parse_loss(s: &str) -> Result<LossWeights, String> {
    LossWeights::parse(s)
}

#[derive(Args, Debug, Clone)]
pub struct ColorArgs {
    /// DIMACS .col graph.
    pub file: PathBuf,
    /// Number of colours.
    #[arg(long)]
    pub k: usize,
    /// table: free logits per vertex and colour; mp: the message-passing encoder.
    #[arg(long, value_enum, default_value = "table")]
    pub encoder: EncoderKind,
    #[arg(long, default_value_t = 32)]
    pub hidden: usize,
    #[arg(long, default_value_t = 3)]
    pub layers: usize,
    /// Seeded random input features per vertex for the mp encoder (a graph
    /// without givens has nothing else to tell equal-degree vertices apart).
    #[arg(long, default_value_t = 8)]
    pub random_features: usize,
    #[arg(long, value_enum, default_value = "soft")]
    pub mode: Mode,
    #[arg(long, default_value = "exp:1:0.002:0.2", value_parser = parse_schedule)]
    pub schedule: Schedule,
    /// Propagation rounds inside the objective.
    #[arg(long, default_value_t = 0)]
    pub rounds: usize,
    #[arg(long, default_value = "conflicts", value_parser = parse_loss)]
    pub loss: LossWeights,
    #[arg(long, default_value_t = 0.1)]
    pub lr: f64,
    /// Gradient steps (stops early at 0 conflicts).
    #[arg(long, default_value_t = 3000)]
    pub steps: u64,
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Solver node limit.
    #[arg(long, default_value_t = 2_000_000)]
    pub node_limit: u64,
    /// Solver time limit in seconds.
    #[arg(long, default_value_t = 60.0)]
    pub time_limit: f64,
    /// Write the conflicts-over-time history as JSON lines here.
    #[arg(long)]
    pub metrics: Option<PathBuf>,
    /// Write a PNG plot of conflicts over time here.
    #[arg(long)]
    pub plot: Option<PathBuf>,
    /// Print the colouring (vertex:colour, 1-based vertices).
    #[arg(long)]
    pub print: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run_color(args: &ColorArgs) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let graph = crate::formats::dimacs::parse_graph(&text, &args.file)?;
    let encoder = match args.encoder {
        EncoderKind::Table => EncoderSpec::Table,
        EncoderKind::Mp => {
            EncoderSpec::Mp { hidden: args.hidden, layers: args.layers, random_features: args.random_features }
        }
    };
    let cfg = ColorConfig {
        k: args.k,
        encoder,
        objective: default_objective(args.mode, args.rounds, args.loss),
        schedule: args.schedule,
        lr: args.lr,
        steps: args.steps,
        seed: args.seed,
        node_limit: args.node_limit,
        time_limit: Duration::from_secs_f64(args.time_limit),
    };
    let every = (args.steps / 10).max(1);
    let quiet = args.json;
    let r = color(&graph, &cfg, |p| {
        if !quiet && (p.step % every == 0 || p.conflicts == 0) {
            eprintln!("step {:>6}  tau {:.3}  loss {:.4}  conflicts {}", p.step, p.temperature, p.loss, p.conflicts);
        }
    })?;
    if let Some(path) = &args.metrics {
        let mut f = std::fs::File::create(path).with_context(|| format!("writing {}", path.display()))?;
        for p in &r.history {
            writeln!(f, "{}", serde_json::to_string(p)?)?;
        }
    }
    if let Some(path) = &args.plot {
        let panel = Panel {
            title: format!("CONFLICTING EDGES, K={}", args.k),
            series: vec![Series {
                name: "CONFLICTS".into(),
                color: plot::RED,
                points: r.history.iter().map(|p| (p.step as f64, p.conflicts as f64)).collect(),
            }],
            log_y: false,
        };
        std::fs::write(path, plot::render(&[panel], "STEP")?)?;
    }
    if args.json {
        let mut v = serde_json::to_value(&r)?;
        v.as_object_mut().expect("object").remove("history");
        println!("{}", serde_json::to_string(&v)?);
    } else {
        let what = match r.outcome {
            ColorOutcome::Descent => "coloured by gradient descent",
            ColorOutcome::Solver => "coloured by the solver from the best descent assignment",
            ColorOutcome::Impossible => "no colouring exists (search exhausted)",
            ColorOutcome::Unknown => "unknown within the limits",
        };
        println!(
            "{}: {} vertices, {} edges, k = {}: {what}; best descent conflicts {} (step {} of {}, {:.2} s), solver {} nodes {:.2} s, total {:.2} s",
            args.file.display(),
            r.vertices,
            r.edges,
            r.k,
            r.best_conflicts,
            r.best_step,
            r.descent_steps,
            r.descent_seconds,
            r.solver_nodes,
            r.solver_seconds,
            r.total_seconds
        );
        if let Some(c) = &r.coloring {
            println!("colouring checked edge by edge: valid");
            if args.print {
                let s: Vec<String> = c.iter().enumerate().map(|(v, c)| format!("{}:{}", v + 1, c)).collect();
                println!("{}", s.join(" "));
            }
        }
    }
    Ok(())
}
