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

/// Exit status of a command whose output pipe was closed (128 + SIGPIPE, as shells report a
/// process the signal ended): the reader wanted no more, so nothing is printed.
const BROKEN_PIPE_EXIT: u8 = 141;

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}

fn main() -> std::process::ExitCode {
    // `println!` panics when stdout is a closed pipe; the commands that print through it end
    // here instead, quietly, like a process that SIGPIPE ended (solve writes with error checks).
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.contains("failed printing to stdout") && msg.contains("Broken pipe") {
            std::process::exit(BROKEN_PIPE_EXIT.into());
        }
        default_hook(info)
    }));
    let result = match Cli::parse().command {
        Command::Solve(args) => host::solve::run(&args),
        Command::Train(args) => host::train::cli::run_train(&args),
        Command::Eval(args) => host::train::cli::run_eval(&args),
        Command::Color(args) => host::color::cli::run_color(&args),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => std::process::ExitCode::from(BROKEN_PIPE_EXIT),
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
