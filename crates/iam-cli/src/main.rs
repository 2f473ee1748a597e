//! `iamplay`: thin entry point; each subcommand lives in `commands/`.

mod commands;
mod exit;
mod io;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "iamplay", version, about = "AWS IAM policies you can see and touch: simulate, explain, check")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate a `aws iam simulate-custom-policy --cli-input-json` document offline.
    Simulate(commands::simulate::Args),
    /// Check policies against the IAM action catalog: errors, security warnings, suggestions.
    Lint(commands::lint::Args),
    /// Measure decisions per second on a simulate input (one core, fast path).
    Bench(commands::bench::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Simulate(args) => commands::simulate::run(&args),
        Command::Lint(args) => commands::lint::run(&args),
        Command::Bench(args) => commands::bench::run(&args),
    };
    ExitCode::from(code as u8)
}
