//! `iamplay findings SCENARIO [--format json|text|sarif] [--min-severity S]`:
//! Inspector-style findings (external access, open trust, wildcard
//! administrators, MFA, access keys, unassumable roles, escalation paths).
//! Exit 0 whatever is found; 2 for invalid input.

use crate::exit::Exit;
use crate::scenario::load_with_doc;
use iam_findings::findings::{Findings, at_least, findings};
use iam_reports::{Severity, date};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FindingsFormat {
    Json,
    Text,
    Sarif,
}

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (JSON or YAML; `-` for standard input).
    scenario: String,
    #[arg(long, value_enum, default_value = "text")]
    format: FindingsFormat,
    /// Only findings of this severity or a higher one (critical, high, medium, low, informational).
    #[arg(long, value_name = "SEVERITY")]
    min_severity: Option<String>,
    /// The date age-based findings count from (YYYY-MM-DD); default: the scenario's `asOf`, else today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<String>,
}

pub fn run(args: &Args) -> Exit {
    let threshold = match args.min_severity.as_deref() {
        Some(s) => match Severity::parse(s) {
            Some(t) => t,
            None => {
                eprintln!("error: `--min-severity {s}`: expected critical, high, medium, low or informational");
                return Exit::BadInput;
            }
        },
        None => Severity::Informational,
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
    let as_of = iam_reports::as_of(given, &doc, super::report::today());
    let found = at_least(&findings(&doc, &loaded.model, as_of), threshold);
    match args.format {
        FindingsFormat::Json => crate::outln!("{}", serde_json::to_string_pretty(&found).unwrap_or_default()),
        FindingsFormat::Sarif => {
            let log = iam_findings::sarif::findings_log(&found, &args.scenario);
            crate::outln!("{}", serde_json::to_string_pretty(&log).unwrap_or_default());
        }
        FindingsFormat::Text => crate::out!("{}", text(&found)),
    }
    Exit::Ok
}

fn text(f: &Findings) -> String {
    use std::fmt::Write;
    let mut s = format!("{} findings in {} (as of {})\n", f.findings.len(), f.scenario, f.as_of);
    for x in &f.findings {
        let _ = writeln!(s, "{:<13} {:>4.1}  {}  {}", x.severity.as_str(), x.score, x.kind.as_str(), x.title);
        let _ = writeln!(s, "    fix: {}", x.remediation);
    }
    s
}
