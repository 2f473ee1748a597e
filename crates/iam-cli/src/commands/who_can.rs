//! `iamplay who-can SCENARIO ACTION RESOURCE`: every principal that is allowed,
//! and how role sessions are reached.

use super::Format;
use crate::exit::Exit;
use crate::scenario::load_with_context;

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (JSON or YAML; `-` for standard input).
    scenario: String,
    /// The action, `service:Action` (such as `s3:GetObject`).
    action: String,
    /// The resource's ARN (such as `arn:aws:s3:::bucket/key`), or `*`.
    resource: String,
    /// Request context, `KEY=VALUE` (repeat a key for several values).
    #[arg(long = "context", short = 'c', value_name = "KEY=VALUE")]
    context: Vec<String>,
    /// `text` lists the principals with their reasons; `json` gives them as data.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

pub fn run(args: &Args) -> Exit {
    let (loaded, ctx) = match load_with_context(&args.scenario, &args.context) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let model = &loaded.model;
    let entries = model.who_can(&args.action, &args.resource, &ctx);
    match args.format {
        Format::Text => {
            crate::outln!("who can {} on {}:", args.action, args.resource);
            if entries.is_empty() {
                crate::outln!("  nobody");
            }
            for e in &entries {
                let via = if e.reachable_from.is_empty() {
                    String::new()
                } else {
                    let chain: Vec<String> = e.reachable_from.iter().map(|p| model.principal_label(p)).collect();
                    format!(" (reached by {} → assume role)", chain.join(" → "))
                };
                crate::outln!(
                    "  {}{via}: {}",
                    model.principal_label(&e.principal),
                    iam_wire::explain::reason_text(e.reason)
                );
            }
        }
        Format::Json => {
            let items: Vec<serde_json::Value> = entries
                .iter()
                .map(|e| {
                    serde_json::json!({
                        "principal": model.principal_label(&e.principal),
                        "reason": iam_wire::explain::reason_text(e.reason),
                        "reachableFrom": e.reachable_from.iter().map(|p| model.principal_label(p)).collect::<Vec<_>>(),
                    })
                })
                .collect();
            crate::outln!("{}", serde_json::Value::Array(items));
        }
    }
    Exit::Ok
}
