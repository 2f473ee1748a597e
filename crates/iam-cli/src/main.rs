//! `iamplay`: thin entry point; each subcommand lives in `commands/`.

mod commands;
mod exit;
mod io;
mod scenario;

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
    /// Can this principal do this action on this resource in a scenario? With the full explanation.
    Can(commands::can::Args),
    /// Every principal of a scenario allowed to do an action on a resource.
    WhoCan(commands::who_can::Args),
    /// A principal's effective permissions in a scenario, by service and access level.
    WhatCan(commands::what_can::Args),
    /// Run a scenario's assertions; exit 0 only if all hold.
    Check(commands::check::Args),
    /// Print the scenario document's JSON Schema.
    Schema(commands::schema::Args),
    /// A compliance report: Security Hub controls, best practices, Artifact agreements.
    Report(commands::report::Args),
    /// Inspector-style security findings: external access, open trust, MFA, keys, escalation paths.
    Findings(commands::findings::Args),
    /// Every minimal privilege-escalation path to administrator access or to one request.
    Escalation(commands::escalation::Args),
    /// A KMS operation on a key of a scenario: KMS's answer (policies, grants, key state) and, for
    /// cryptographic operations, a real result (AES-256-GCM).
    Kms(commands::kms::Args),
    /// Build a scenario from AWS exports (IAM authorization details, Organizations listings).
    Import(commands::import::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Simulate(args) => commands::simulate::run(&args),
        Command::Lint(args) => commands::lint::run(&args),
        Command::Bench(args) => commands::bench::run(&args),
        Command::Can(args) => commands::can::run(&args),
        Command::WhoCan(args) => commands::who_can::run(&args),
        Command::WhatCan(args) => commands::what_can::run(&args),
        Command::Check(args) => commands::check::run(&args),
        Command::Schema(args) => commands::schema::run(&args),
        Command::Import(args) => commands::import::run(&args),
        Command::Report(args) => commands::report::run(&args),
        Command::Escalation(args) => commands::escalation::run(&args),
        Command::Findings(args) => commands::findings::run(&args),
        Command::Kms(args) => commands::kms::run(&args),
    };
    ExitCode::from(code as u8)
}
