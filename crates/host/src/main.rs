//! The `softmask` command line: a thin dispatcher; each subcommand's logic lives in its own
//! module of the host library (add a variant to [`Command`] and one match arm).

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "softmask", version, about = "Differentiable constraint propagation over bitmask domains")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Solve every instance in a file (Sudoku lines, DIMACS .col, N-queens, JSON networks).
    Solve(host::solve::SolveArgs),
    /// Train a message-passing proposal through differentiable propagation (Gumbel-Softmax, soft or straight-through).
    Train(host::train::cli::TrainArgs),
    /// Evaluate a trained checkpoint on held-out instances (no-search share, search nodes vs the plain solver).
    Eval(host::train::cli::EvalArgs),
    /// Colour a DIMACS graph by gradient descent, finished or refuted by the solver.
    Color(host::color::cli::ColorArgs),
}

fn main() -> std::process::ExitCode {
    let result = match Cli::parse().command {
        Command::Solve(args) => host::solve::run(&args),
        Command::Train(args) => host::train::cli::run_train(&args),
        Command::Eval(args) => host::train::cli::run_eval(&args),
        Command::Color(args) => host::color::cli::run_color(&args),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", report(&e));
            std::process::ExitCode::FAILURE
        }
    }
}

/// The error, then each cause the text so far does not already say: the library errors embed
/// their source in their own message, so anyhow's default report would print it twice or three
/// times.
fn report(e: &anyhow::Error) -> String {
    let mut out = format!("error: {e}");
    for cause in e.chain().skip(1) {
        let c = cause.to_string();
        if !out.contains(&c) {
            out += &format!("\n  caused by: {c}");
        }
    }
    out
}
