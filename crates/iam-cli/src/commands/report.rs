//! `iamplay report SCENARIO`: a compliance report (Security Hub controls, the
//! security notes' best practices, Organizations guardrails, Artifact
//! agreements) as JSON, Markdown or HTML. Exit 0 even with failed controls,
//! unless `--fail-on SEVERITY` and a control that severe or worse failed (1);
//! 2 for an invalid scenario or date.

use crate::exit::Exit;
use crate::scenario::load_with_doc;
use iam_reports::{Severity, date, fails_at, render, report};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Json,
    Html,
    Md,
}

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (JSON or YAML; `-` for standard input).
    scenario: String,
    #[arg(long, value_enum, default_value = "json")]
    format: ReportFormat,
    /// The date time-based controls count from (YYYY-MM-DD); default: the scenario's `asOf`, else today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<String>,
    /// Write the report here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<String>,
    /// Exit 1 if a control of this severity or a higher one failed (critical, high, medium, low, informational).
    #[arg(long, value_name = "SEVERITY")]
    fail_on: Option<String>,
}

pub fn today() -> i64 {
    let secs =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default();
    i64::try_from(secs).unwrap_or_default().saturating_mul(1000).div_euclid(date::DAY_MS) * date::DAY_MS
}

pub fn run(args: &Args) -> Exit {
    let threshold = match args.fail_on.as_deref().map(|s| (s, Severity::parse(s))) {
        Some((s, None)) => {
            eprintln!("error: `--fail-on {s}`: expected critical, high, medium, low or informational");
            return Exit::BadInput;
        }
        Some((_, Some(t))) => Some(t),
        None => None,
    };
    let given = match args.as_of.as_deref().map(|s| (s, date::parse(s))) {
        Some((s, None)) => {
            eprintln!("error: `--as-of {s}` is not a date: write YYYY-MM-DD");
            return Exit::BadInput;
        }
        Some((_, t)) => t,
        None => None,
    };
    let (doc, loaded) = match load_with_doc(&args.scenario) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let as_of = iam_reports::as_of(given, &doc, today());
    let rep = report(&doc, &loaded.model, as_of);
    let text = match args.format {
        ReportFormat::Json => serde_json::to_string_pretty(&rep).unwrap_or_default() + "\n",
        ReportFormat::Html => render::html::render(&rep),
        ReportFormat::Md => render::markdown::render(&rep),
    };
    match &args.output {
        Some(path) => {
            if let Err(e) = std::fs::write(path, &text) {
                eprintln!("error: cannot write `{path}`: {e}");
                return Exit::Io;
            }
        }
        None => crate::out!("{text}"),
    }
    match threshold {
        Some(t) if fails_at(&rep, t) => Exit::Failed,
        _ => Exit::Ok,
    }
}
