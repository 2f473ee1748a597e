//! `iamplay who-can SCENARIO ACTION RESOURCE`: every principal that is allowed,
//! and how role sessions are reached.

use super::Format;
use crate::exit::Exit;
use crate::scenario::{Session, load_with_context, warn_unknown_action};

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (JSON or YAML; `-` for standard input).
    scenario: String,
    /// The action, `service:Action` (such as `s3:GetObject`).
    action: String,
    /// The resource's ARN (such as `arn:aws:s3:::bucket/key`), or `*`.
    resource: String,
    /// Request context, `KEY=VALUE` (repeat a key for several values); role
    /// chains are decided with it too (a trust policy requiring MFA, ...).
    #[arg(long = "context", short = 'c', value_name = "KEY=VALUE")]
    context: Vec<String>,
    /// For each role, list a shortest chain from every principal that reaches
    /// it, not only the shortest one.
    #[arg(long)]
    chains: bool,
    /// `text` lists the principals with their reasons; `json` gives them as data.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

pub fn run(args: &Args) -> Exit {
    let Session { loaded, context: ctx, catalog } = match load_with_context(&args.scenario, &args.context) {
        Ok(x) => x,
        Err(code) => return code,
    };
    warn_unknown_action(&args.action, &catalog);
    let model = &loaded.model;
    let entries = model.who_can(&args.action, &args.resource, &ctx);
    match args.format {
        Format::Text => {
            crate::outln!("who can {} on {}:", args.action, args.resource);
            for note in model.request_notes(&args.action, &args.resource, &ctx) {
                crate::outln!("  note: {}", iam_wire::explain::request_note_text(&note));
            }
            if entries.is_empty() {
                crate::outln!("  nobody");
            }
            let chain_text = |chain: &[iam_core::model::PrincipalRef]| -> String {
                let names: Vec<String> = chain.iter().map(|p| model.principal_label(p)).collect();
                format!("{} → assume role", names.join(" → "))
            };
            for e in &entries {
                let via = match e.chains.len() {
                    0 => String::new(),
                    1 => format!(" (reached by {})", chain_text(&e.reachable_from)),
                    n if args.chains => format!(" (reached by {n} principals)"),
                    n => format!(
                        " (reached by {}, and {} more: --chains lists them)",
                        chain_text(&e.reachable_from),
                        n - 1
                    ),
                };
                crate::outln!(
                    "  {}{via}: {}",
                    model.principal_label(&e.principal),
                    iam_wire::explain::reason_text(e.reason)
                );
                if args.chains && e.chains.len() > 1 {
                    for c in &e.chains {
                        crate::outln!("      {}", chain_text(c));
                    }
                }
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
                        "chains": e.chains.iter()
                            .map(|c| c.iter().map(|p| model.principal_label(p)).collect::<Vec<_>>())
                            .collect::<Vec<_>>(),
                    })
                })
                .collect();
            crate::outln!("{}", serde_json::Value::Array(items));
        }
    }
    Exit::Ok
}
