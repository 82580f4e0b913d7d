//! The `softmask color` command.

use super::population::{self, Forward, PopulationConfig};
use super::{hand_over, limits};
use crate::formats::check::coloring_valid;
use crate::formats::dimacs::Graph;
use crate::train::cli::EncoderKind;
use crate::train::color::{color, default_objective, ColorConfig, ColorOutcome};
use crate::train::encoder::EncoderSpec;
use crate::train::objective::{LossWeights, Mode};
use crate::train::plot::{self, Panel, Series};
use anyhow::Context;
use clap::{Args, ValueEnum};
use semiring_core::relax::Schedule;
use semiring_core::search::coloring::{dsatur, greedy_start, tabucol, Adjacency, TabuConfig};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn parse_schedule(s: &str) -> Result<Schedule, String> {
    Schedule::parse(s)
}
fn parse_loss(s: &str) -> Result<LossWeights, String> {
    LossWeights::parse(s)
}

/// Largest colour count `--k` accepts: domains are bitmasks and the solver's memory grows with
/// vertices x colours.
pub const MAX_K: usize = 1024;
/// Most propagation rounds in the objective.
pub const MAX_ROUNDS: usize = 64;
/// Largest population.
pub const MAX_POPULATION: usize = 4096;
/// Longest time limit, seconds (a week).
pub const MAX_SECONDS: f64 = 604_800.0;
/// Most cells (vertices x colours x replicas) the population may hold (each cell costs about
/// 24 bytes: logits, two Adam moments, probabilities, forward, upstream).
pub const MAX_POPULATION_CELLS: usize = 1 << 26;

fn ranged<T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy>(
    s: &str,
    lo: T,
    hi: T,
    what: &str,
) -> Result<T, String> {
    let x: T = s.trim().parse().map_err(|_| format!("{what}: `{s}` is not a number"))?;
    if !(x >= lo && x <= hi) {
        return Err(format!("{what} must lie in {lo}..={hi}, got {s}"));
    }
    Ok(x)
}
fn parse_k(s: &str) -> Result<usize, String> {
    ranged(s, 1, MAX_K, "the number of colours")
}
fn parse_rounds(s: &str) -> Result<usize, String> {
    ranged(s, 0, MAX_ROUNDS, "the propagation rounds")
}
fn parse_population(s: &str) -> Result<usize, String> {
    ranged(s, 1, MAX_POPULATION, "the population")
}
fn parse_threads(s: &str) -> Result<usize, String> {
    ranged(s, 1, 256, "the thread count")
}
fn parse_seconds(s: &str) -> Result<f64, String> {
    let x = ranged(s, 0.0, MAX_SECONDS, "a time limit in seconds")?;
    if x <= 0.0 {
        return Err(format!("a time limit must be positive, got {s}"));
    }
    Ok(x)
}
fn parse_steps(s: &str) -> Result<u64, String> {
    ranged(s, 1, 100_000_000, "the step count")
}
fn parse_epoch(s: &str) -> Result<u64, String> {
    ranged(s, 1, 100_000, "the synchronisation interval")
}
fn parse_patience(s: &str) -> Result<u64, String> {
    ranged(s, 0, 1_000_000_000, "the patience")
}
fn parse_width(s: &str) -> Result<usize, String> {
    ranged(s, 1, 4096, "the encoder width")
}
fn parse_layers(s: &str) -> Result<usize, String> {
    ranged(s, 1, 64, "the encoder layers")
}
fn parse_features(s: &str) -> Result<usize, String> {
    ranged(s, 0, 1024, "the random features")
}
fn parse_share(s: &str) -> Result<f64, String> {
    ranged(s, 0.0, 1.0, "the descent share of the time limit")
}
/// A finite positive float up to `1e6` (learning rates, temperatures, noise scales).
fn parse_positive(s: &str) -> Result<f32, String> {
    let x = ranged(s, 0.0f32, 1e6, "the value")?;
    if x <= 0.0 {
        return Err(format!("the value must be positive, got {s}"));
    }
    Ok(x)
}
fn parse_nonnegative(s: &str) -> Result<f32, String> {
    ranged(s, 0.0f32, 1e6, "the value")
}
fn parse_decay_rate(s: &str) -> Result<f32, String> {
    ranged(s, 0.0f32, 1.0, "the multiplier decay")
}
fn parse_decay(s: &str) -> Result<f32, String> {
    let x = ranged(s, 0.0f32, 1.0, "the temperature decay")?;
    if x <= 0.0 {
        return Err(format!("the temperature decay must lie in (0, 1], got {s}"));
    }
    Ok(x)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The population of Gumbel-Softmax replicas (gradient descent), then the solver.
    Population,
    /// The older single-run encoder descent (table or message-passing logits), then the solver.
    Encoder,
    /// DSATUR greedy colouring (reports its colour count; conflicts at `--k` if it needs more).
    Dsatur,
    /// TabuCol local search at `--k` from a DSATUR start.
    Tabucol,
}

#[derive(Args, Debug, Clone)]
pub struct ColorArgs {
    /// DIMACS .col graph.
    pub file: PathBuf,
    /// Number of colours.
    #[arg(long, value_parser = parse_k)]
    pub k: usize,
    #[arg(long, value_enum, default_value = "population")]
    pub method: Method,
    /// Skip the solver: report what the relaxation alone reached.
    #[arg(long)]
    pub no_solver: bool,
    /// Replicas of the population.
    #[arg(long, default_value_t = 4, value_parser = parse_population)]
    pub population: usize,
    /// Forward of the population: soft probabilities, or hard (straight-through).
    #[arg(long, value_enum, default_value = "hard")]
    pub forward: Forward,
    /// Step size on the logits.
    #[arg(long, default_value_t = 1.0, value_parser = parse_positive)]
    pub lr: f32,
    /// Initial Gumbel-Softmax temperature (each replica's, at every (re)start).
    #[arg(long, default_value_t = 1.0, value_parser = parse_positive)]
    pub tau0: f32,
    #[arg(long, default_value_t = 0.1, value_parser = parse_positive)]
    pub tau_min: f32,
    /// Temperature factor per step.
    #[arg(long, default_value_t = 0.999, value_parser = parse_decay)]
    pub decay: f32,
    /// Gumbel noise scale.
    #[arg(long, default_value_t = 1.0, value_parser = parse_nonnegative)]
    pub noise: f32,
    /// Steps without improvement before a replica is re-seeded from the best (0: never).
    #[arg(long, default_value_t = 2000, value_parser = parse_patience)]
    pub patience: u64,
    /// Steps between synchronisations of the population.
    #[arg(long, default_value_t = 20, value_parser = parse_epoch)]
    pub epoch: u64,
    /// Turn off the greedy min-conflicts repair of the replicas' roundings.
    #[arg(long)]
    pub no_repair: bool,
    /// Dual ascent step on the per-edge multipliers for every replica (0: plain expected
    /// conflicts). Without it and --dual-decay the replicas cycle through a portfolio of
    /// (step, decay) pairs: (0.3, 0.01), (1, 0.05), (1, 0.02), (0.6, 0.03).
    #[arg(long, value_parser = parse_nonnegative)]
    pub dual_lr: Option<f32>,
    /// Per-step decay of the multipliers towards 1 for every replica (0: they only grow).
    #[arg(long, value_parser = parse_decay_rate)]
    pub dual_decay: Option<f32>,
    #[arg(long, value_enum, default_value = "mirror")]
    pub optimizer: population::Optimizer,
    /// Mirror optimizer: pull of the logits towards 0 per step.
    #[arg(long, default_value_t = 0.3, value_parser = parse_nonnegative)]
    pub shrink: f32,
    /// Threads for the population.
    #[arg(long, default_value_t = 2, value_parser = parse_threads)]
    pub threads: usize,
    /// Propagation rounds inside the objective (population: the lost-mass term; encoder: its loss).
    #[arg(long, default_value_t = 0, value_parser = parse_rounds)]
    pub rounds: usize,
    /// Weight of the propagation term of the population's objective.
    #[arg(long, default_value_t = 1.0, value_parser = parse_nonnegative)]
    pub prop_weight: f32,
    /// encoder method: table (free logits) or mp (message passing).
    #[arg(long, value_enum, default_value = "table")]
    pub encoder: EncoderKind,
    #[arg(long, default_value_t = 32, value_parser = parse_width)]
    pub hidden: usize,
    /// Message-passing layers (for `--encoder rrn`: its recurrent steps).
    #[arg(long, default_value_t = 3, value_parser = parse_layers)]
    pub layers: usize,
    /// Seeded random input features per vertex for the mp encoder.
    #[arg(long, default_value_t = 8, value_parser = parse_features)]
    pub random_features: usize,
    #[arg(long, value_enum, default_value = "soft")]
    pub mode: Mode,
    #[arg(long, default_value = "exp:1:0.002:0.2", value_parser = parse_schedule)]
    pub schedule: Schedule,
    #[arg(long, default_value = "conflicts", value_parser = parse_loss)]
    pub loss: LossWeights,
    /// encoder method: gradient steps (stops early at 0 conflicts); the population runs until the time limit.
    #[arg(long, default_value_t = 3000, value_parser = parse_steps)]
    pub steps: u64,
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Solver node limit.
    #[arg(long, default_value_t = 100_000_000)]
    pub node_limit: u64,
    /// Time limit of the whole run, seconds.
    #[arg(long, default_value_t = 60.0, value_parser = parse_seconds)]
    pub time_limit: f64,
    /// Share of the time limit the population descent may use before the solver takes over.
    #[arg(long, default_value_t = 0.5, value_parser = parse_share)]
    pub descent_share: f64,
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

/// Who produced the final colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The rounding of a gradient step (the relaxation itself).
    Descent,
    /// The greedy min-conflicts repair of a rounding (local search after the descent).
    Repair,
    /// The solver, from the hand-over.
    Solver,
    /// A classical heuristic (DSATUR, TabuCol).
    Heuristic,
    /// The solver exhausted the search: no `k`-colouring exists.
    Impossible,
    Unknown,
}

/// The report of `softmask color --json`.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub file: String,
    pub method: Method,
    pub vertices: usize,
    pub edges: usize,
    pub k: usize,
    pub outcome: Outcome,
    /// Fewest conflicting edges the gradient roundings reached (descent alone).
    pub descent_conflicts: Option<usize>,
    /// Fewest after the repair (the assignment handed to the solver).
    pub relaxed_conflicts: Option<usize>,
    pub descent_steps: u64,
    pub descent_seconds: f64,
    /// When the relaxation first reached its best.
    pub descent_best_seconds: f64,
    pub reseeds: u64,
    /// Seconds inside the kernel's batched propagation (objective with `--rounds`).
    pub kernel_seconds: f64,
    pub solver_nodes: u64,
    pub solver_seconds: f64,
    /// Seconds from the start (file read excluded) to the colouring, when there is one.
    pub seconds_to_coloring: Option<f64>,
    pub total_seconds: f64,
    /// Colours DSATUR used (dsatur method).
    pub dsatur_colors: Option<usize>,
    /// Conflicting edges of the reported colouring, recounted edge by edge (0 when valid).
    pub conflicts: usize,
    /// A colouring at `k` that passed the edge-by-edge check.
    pub coloring: Option<Vec<usize>>,
}

fn recount(graph: &Graph, c: &[usize]) -> usize {
    graph.edges.iter().filter(|&&(u, v)| c[u] == c[v]).count()
}

fn run_population(args: &ColorArgs, graph: &Graph, r: &mut Report) -> anyhow::Result<Vec<population::PopulationPoint>> {
    let start = Instant::now();
    let k = args.k;
    let cells = graph.vertices.saturating_mul(k).saturating_mul(args.population);
    if cells > MAX_POPULATION_CELLS {
        anyhow::bail!(
            "{} vertices x {k} colours x {} replicas = {cells} cells exceeds the limit of {MAX_POPULATION_CELLS}; lower --population or --k",
            graph.vertices,
            args.population
        );
    }
    let adj = Adjacency::new(graph.vertices, &graph.edges);
    let program =
        if args.rounds > 0 { Some(crate::formats::dimacs::coloring_network(graph, k, false).compile()?) } else { None };
    let total = Duration::from_secs_f64(args.time_limit);
    let descent_time = if args.no_solver { total } else { total.mul_f64(args.descent_share) };
    let cfg = PopulationConfig {
        k,
        population: args.population,
        forward: args.forward,
        rounds: args.rounds,
        prop_weight: args.prop_weight,
        lr: args.lr,
        tau0: args.tau0,
        tau_min: args.tau_min,
        decay: args.decay,
        noise: args.noise,
        epoch: args.epoch,
        patience: args.patience,
        reseed_noise: 0.5,
        repair: !args.no_repair,
        duals: match (args.dual_lr, args.dual_decay) {
            (None, None) => population::PORTFOLIO.to_vec(),
            (lr, decay) => vec![(lr.unwrap_or(1.0), decay.unwrap_or(0.05))],
        },
        optimizer: args.optimizer,
        shrink: args.shrink,
        max_steps: u64::MAX,
        time_limit: descent_time,
        seed: args.seed,
        threads: args.threads,
    };
    let p = population::run(&adj, program.as_ref(), &cfg);
    r.descent_conflicts = Some(p.best_gradient_conflicts);
    r.relaxed_conflicts = Some(p.best_conflicts);
    r.descent_steps = p.steps;
    r.descent_seconds = p.seconds;
    r.descent_best_seconds = p.best_seconds;
    r.reseeds = p.reseeds;
    r.kernel_seconds = p.kernel_seconds;
    if p.best_conflicts == 0 {
        coloring_valid(graph.vertices, &graph.edges, k, &p.best)
            .map_err(|e| anyhow::anyhow!("the relaxation reported an invalid colouring: {e}"))?;
        r.outcome = match p.found_by {
            population::FoundBy::Gradient => Outcome::Descent,
            population::FoundBy::Repair => Outcome::Repair,
        };
        r.seconds_to_coloring = Some(p.best_seconds);
        r.coloring = Some(p.best);
    } else if !args.no_solver {
        let left = total.saturating_sub(start.elapsed());
        let s = hand_over(graph, k, &p.best, &p.best_logits, &limits(args.node_limit, left))?;
        r.solver_nodes = s.nodes;
        r.solver_seconds = s.seconds;
        if let Some(c) = s.coloring {
            r.outcome = Outcome::Solver;
            r.seconds_to_coloring = Some(start.elapsed().as_secs_f64());
            r.coloring = Some(c);
        } else if s.refuted {
            r.outcome = Outcome::Impossible;
        }
    }
    Ok(p.history)
}

pub fn run_color(args: &ColorArgs) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let graph = crate::formats::dimacs::parse_graph(&text, &args.file)?;
    if args.method == Method::Encoder {
        return run_encoder(args, &graph);
    }
    let start = Instant::now();
    let k = args.k;
    let mut r = Report {
        file: args.file.display().to_string(),
        method: args.method,
        vertices: graph.vertices,
        edges: graph.edges.len(),
        k,
        outcome: Outcome::Unknown,
        descent_conflicts: None,
        relaxed_conflicts: None,
        descent_steps: 0,
        descent_seconds: 0.0,
        descent_best_seconds: 0.0,
        reseeds: 0,
        kernel_seconds: 0.0,
        solver_nodes: 0,
        solver_seconds: 0.0,
        seconds_to_coloring: None,
        total_seconds: 0.0,
        dsatur_colors: None,
        conflicts: 0,
        coloring: None,
    };
    let mut history = Vec::new();
    let mut best_attempt: Option<Vec<usize>> = None;
    match args.method {
        Method::Population => history = run_population(args, &graph, &mut r)?,
        Method::Dsatur => {
            let adj = Adjacency::new(graph.vertices, &graph.edges);
            let (c, used) = dsatur(&adj);
            r.dsatur_colors = Some(used);
            if used <= k {
                r.outcome = Outcome::Heuristic;
                r.seconds_to_coloring = Some(start.elapsed().as_secs_f64());
                r.coloring = Some(c);
            } else {
                best_attempt = Some(greedy_start(&adj, k));
            }
        }
        Method::Tabucol => {
            let adj = Adjacency::new(graph.vertices, &graph.edges);
            let s = greedy_start(&adj, k);
            let cfg = TabuConfig {
                time_limit: Duration::from_secs_f64(args.time_limit),
                seed: args.seed,
                ..TabuConfig::default()
            };
            let t = tabucol(&adj, k, &s, &cfg);
            r.descent_steps = t.iterations;
            r.descent_seconds = t.seconds;
            r.relaxed_conflicts = Some(t.conflicts);
            if t.conflicts == 0 {
                r.outcome = Outcome::Heuristic;
                r.seconds_to_coloring = Some(start.elapsed().as_secs_f64());
                r.coloring = Some(t.colors);
            } else {
                best_attempt = Some(t.colors);
            }
        }
        Method::Encoder => unreachable!("handled above"),
    }
    if let Some(c) = &r.coloring {
        coloring_valid(graph.vertices, &graph.edges, k, c).map_err(|e| anyhow::anyhow!("invalid colouring: {e}"))?;
        r.conflicts = recount(&graph, c);
    } else if let Some(c) = &best_attempt {
        r.conflicts = recount(&graph, c);
    } else if let Some(c) = r.relaxed_conflicts {
        r.conflicts = c;
    }
    r.total_seconds = start.elapsed().as_secs_f64();
    if let Some(path) = &args.metrics {
        let mut f = std::fs::File::create(path).with_context(|| format!("writing {}", path.display()))?;
        for p in &history {
            writeln!(f, "{}", serde_json::to_string(p)?)?;
        }
    }
    if let Some(path) = &args.plot {
        let pts = |f: fn(&population::PopulationPoint) -> f64| history.iter().map(|p| (p.seconds, f(p))).collect();
        let panel = Panel {
            title: format!("CONFLICTS+1 K={k}"),
            series: vec![
                Series { name: "BEST".into(), color: plot::RED, points: pts(|p| p.best_gradient as f64 + 1.0) },
                Series { name: "REPAIRED".into(), color: plot::GREEN, points: pts(|p| p.best as f64 + 1.0) },
                Series { name: "MEAN".into(), color: plot::BLUE, points: pts(|p| p.mean_current + 1.0) },
            ],
            log_y: true,
        };
        std::fs::write(path, plot::render(&[panel], "SECONDS")?)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    if args.json {
        println!("{}", serde_json::to_string(&r)?);
    } else {
        println!(
            "{}: {} vertices, {} edges, k = {}: {:?} (descent {} conflicts, after repair {}; {} steps in {:.2} s), solver {} nodes {:.2} s, total {:.2} s",
            r.file,
            r.vertices,
            r.edges,
            k,
            r.outcome,
            r.descent_conflicts.map_or("-".into(), |c| c.to_string()),
            r.relaxed_conflicts.map_or("-".into(), |c| c.to_string()),
            r.descent_steps,
            r.descent_seconds,
            r.solver_nodes,
            r.solver_seconds,
            r.total_seconds
        );
        if let Some(c) = &r.coloring {
            print_coloring(c, args.print);
        }
    }
    Ok(())
}

/// The older encoder descent (kept for the message-passing encoder and the board's straight-through runs).
fn run_encoder(args: &ColorArgs, graph: &Graph) -> anyhow::Result<()> {
    let encoder = match args.encoder {
        EncoderKind::Table => EncoderSpec::Table,
        EncoderKind::Mp => {
            EncoderSpec::Mp { hidden: args.hidden, layers: args.layers, random_features: args.random_features }
        }
        EncoderKind::Rrn => EncoderSpec::Rrn { hidden: args.hidden, steps: args.layers },
    };
    let cfg = ColorConfig {
        k: args.k,
        encoder,
        objective: default_objective(args.mode, args.rounds, args.loss),
        schedule: args.schedule,
        lr: f64::from(args.lr),
        steps: args.steps,
        seed: args.seed,
        node_limit: args.node_limit,
        time_limit: Duration::from_secs_f64(args.time_limit),
    };
    let every = (args.steps / 10).max(1);
    let quiet = args.json;
    let r = color(graph, &cfg, |p| {
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
            print_coloring(c, args.print);
        }
    }
    Ok(())
}

/// Says the colouring was checked and, with `--print`, lists it (`vertex:colour`, 1-based vertices).
fn print_coloring(coloring: &[usize], list: bool) {
    println!("colouring checked edge by edge: valid");
    if list {
        let s: Vec<String> = coloring.iter().enumerate().map(|(v, c)| format!("{}:{}", v + 1, c)).collect();
        println!("{}", s.join(" "));
    }
}
