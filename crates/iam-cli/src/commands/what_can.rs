//! `iamplay what-can SCENARIO PRINCIPAL`: the principal's effective
//! permissions by service and access level (wildcards expanded against the
//! IAM action catalog, each action decided through every layer).

use super::Format;
use crate::exit::Exit;
use crate::scenario::{Session, load_with_context, principal as resolve};
use iam_core::catalog::AccessLevel;

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (JSON or YAML; `-` for standard input).
    scenario: String,
    /// `account/user/NAME`, `account/role/NAME`, `account/root`, an ARN, or `anonymous`.
    principal: String,
    /// Request context, `KEY=VALUE` (repeat a key for several values).
    #[arg(long = "context", short = 'c', value_name = "KEY=VALUE")]
    context: Vec<String>,
    /// List every allowed action, not only the counts.
    #[arg(long)]
    all: bool,
    /// `text` summarizes by service and access level; `json` gives the same as data.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

pub fn run(args: &Args) -> Exit {
    let Session { loaded, context: ctx, catalog } = match load_with_context(&args.scenario, &args.context) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let model = &loaded.model;
    let principal = match resolve(&loaded, &args.principal) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let summary = model.what_can(&principal, &catalog, &ctx);
    match args.format {
        Format::Text => {
            crate::outln!("{} can:", model.principal_label(&principal));
            if summary.is_empty() {
                crate::outln!("  nothing");
            }
            for s in &summary {
                let counts: Vec<String> = AccessLevel::ALL
                    .iter()
                    .filter(|l| s.count(**l) > 0)
                    .map(|l| format!("{} {}", s.count(*l), l.as_str()))
                    .collect();
                crate::outln!("  {} ({}): {}", s.prefix, s.name, counts.join(", "));
                if args.all {
                    for a in &s.allowed {
                        crate::outln!("    {} on {}", a.action, a.resource);
                    }
                }
            }
        }
        Format::Json => {
            let items: Vec<serde_json::Value> = summary
                .iter()
                .map(|s| {
                    serde_json::json!({
                        "service": s.prefix,
                        "name": s.name,
                        "counts": AccessLevel::ALL.iter().map(|l| (l.as_str().to_string(), serde_json::Value::from(s.count(*l)))).collect::<serde_json::Map<String, serde_json::Value>>(),
                        "allowed": s.allowed.iter().map(|a| serde_json::json!({"action": a.action, "access": a.access.as_str(), "resource": a.resource})).collect::<Vec<_>>(),
                    })
                })
                .collect();
            crate::outln!("{}", serde_json::Value::Array(items));
        }
    }
    Exit::Ok
}
