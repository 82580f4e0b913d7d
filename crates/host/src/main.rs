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
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Solve(args) => host::solve::run(&args),
    }
}
