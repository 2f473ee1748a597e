//! `iamplay escalation SCENARIO [--from P] [--to admin | ACTION RESOURCE]`:
//! every minimal privilege-escalation path, each step with its technique and
//! the statement that grants it. Exit 0 whether or not paths exist; 2 for
//! invalid input.

use super::Format;
use crate::exit::Exit;
use crate::scenario::{catalog, load_with_doc, parse_context, principal, warn_unknown_action};
use iam_findings::escalation::{Escalation, Goal, escalation};

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (JSON or YAML; `-` for standard input).
    scenario: String,
    /// Only paths from this principal (`account/user/name`, `account/role/name`, an ARN).
    #[arg(long, value_name = "PRINCIPAL")]
    from: Option<String>,
    /// The goal: `admin` (default), or an action and a resource ARN.
    #[arg(long, num_args = 1..=2, value_names = ["admin | ACTION", "RESOURCE"])]
    to: Vec<String>,
    /// Request context, `KEY=VALUE` (repeat a key for several values), for every request of the paths.
    #[arg(long = "context", short = 'c', value_name = "KEY=VALUE")]
    context: Vec<String>,
    /// `text` lists the paths step by step; `json` gives them as data.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

pub fn run(args: &Args) -> Exit {
    let goal = match args.to.as_slice() {
        [] => Goal::Admin,
        [a] if a.eq_ignore_ascii_case("admin") => Goal::Admin,
        [action, resource] => Goal::Action { action: action.clone(), resource: resource.clone() },
        _ => {
            eprintln!("error: `--to` takes `admin` or an action and a resource (`--to s3:GetObject arn:aws:s3:::b/k`)");
            return Exit::BadInput;
        }
    };
    let (doc, loaded) = match load_with_doc(&args.scenario) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let ctx = match parse_context(&args.context) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::BadInput;
        }
    };
    if let Goal::Action { action, .. } = &goal {
        match catalog() {
            Ok(c) => warn_unknown_action(action, &c),
            Err(code) => return code,
        }
    }
    let from = match args.from.as_deref().map(|f| principal(&loaded, f)) {
        Some(Ok(p)) => Some(p),
        Some(Err(code)) => return code,
        None => None,
    };
    let esc = escalation(&doc, &loaded.model, from.as_ref(), &goal, &ctx);
    match args.format {
        Format::Json => crate::outln!("{}", serde_json::to_string_pretty(&esc).unwrap_or_default()),
        Format::Text => crate::out!("{}", text(&esc)),
    }
    Exit::Ok
}

/// The paths, one step a line.
pub fn text(esc: &Escalation) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    if esc.paths.is_empty() {
        let _ = writeln!(s, "no escalation path to {}", esc.goal);
    }
    for (i, p) in esc.paths.iter().enumerate() {
        let _ = writeln!(
            s,
            "path {}: {} → {} ({} step{})",
            i + 1,
            p.from,
            p.to,
            p.steps.len(),
            if p.steps.len() == 1 { "" } else { "s" }
        );
        for st in &p.steps {
            let by = st.statement.as_ref().map(|r| format!(" [{} line {}]", r.policy, r.line)).unwrap_or_default();
            let _ = writeln!(s, "  {} {}: gains {}{by}", st.principal, st.technique.as_str(), st.gains);
        }
    }
    if esc.truncated {
        let _ = writeln!(s, "(more paths exist; the first {} are listed)", esc.paths.len());
    }
    s
}
