//! `iamplay can SCENARIO PRINCIPAL ACTION RESOURCE`: one decision with its explanation.

use super::Format;
use crate::exit::Exit;
use crate::scenario::{Session, load_with_context, principal as resolve, warn_unknown_action};
use iam_wire::explain::{
    PolicyView, explanation_json, layer_title, render_body_with, request_note_text, scenario_reason_text, verdict_text,
};

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file.
    scenario: String,
    /// `account/user/NAME`, `account/role/NAME`, `account/root`, an ARN, or `anonymous`.
    principal: String,
    /// The action, `service:Action` (such as `s3:GetObject`).
    action: String,
    /// The resource's ARN (such as `arn:aws:s3:::bucket/key`), or `*`.
    resource: String,
    /// Request context, `KEY=VALUE` (repeat a key for several values).
    #[arg(long = "context", short = 'c', value_name = "KEY=VALUE")]
    context: Vec<String>,
    /// `text` explains the decision layer by layer; `json` gives it as data.
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
    let principal = match resolve(&loaded, &args.principal) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let result = match model.can(&principal, &args.action, &args.resource, &ctx) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::BadInput;
        }
    };
    let lookup = |i: usize| {
        let id = result.policy_ids.get(i).copied().flatten()?;
        let p = model.policy(id)?;
        Some(PolicyView { label: &p.label, source: &p.source, origin: None, compiled: &p.compiled })
    };
    match args.format {
        Format::Text => {
            let mut out = format!(
                "{} → {} on {}: {}\n",
                model.principal_label(&principal),
                args.action,
                args.resource,
                verdict_text(result.explanation.decision)
            );
            let account = result.resource_account.as_deref();
            let title = |l| layer_title(model, l, &principal, account);
            let why = scenario_reason_text(model, result.explanation.reason, &principal, account);
            for note in &result.notes {
                out.push_str(&format!("  note: {}\n", request_note_text(note)));
            }
            render_body_with(&result.explanation, &lookup, &title, &why, &mut out);
            crate::out!("{out}");
        }
        Format::Json => {
            let mut json = explanation_json(&result.explanation, &lookup);
            if let Some(obj) = json.as_object_mut() {
                let notes: Vec<String> = result.notes.iter().map(request_note_text).collect();
                obj.insert("notes".into(), notes.into());
            }
            crate::outln!("{json}");
        }
    }
    Exit::Ok
}
