//! Loading a scenario file for the scenario commands.

use crate::exit::Exit;
use crate::io::read_input;
use iam_catalog::{IamCatalog, ManagedPolicies};
use iam_core::{Context, ContextValue, LineIndex};
use iam_wire::request_check::{check_context, unknown_action};
use iam_wire::scenario::{Loaded, parse_document, resolve};

/// Reads, migrates and resolves a scenario; prints errors and returns the exit
/// status on failure. A policy with an ERROR diagnostic (it does not parse, or
/// has statements the engine skips) makes the scenario invalid for every
/// command: answers from it would silently leave that policy out.
pub fn load(path: &str) -> Result<Loaded, Exit> {
    load_with_doc(path).map(|(_, loaded)| loaded)
}

/// [`load`], also returning the document (reports read what the model leaves out).
pub fn load_with_doc(path: &str) -> Result<(iam_wire::scenario::ScenarioDoc, Loaded), Exit> {
    let text = read_input(path)?;
    let doc = parse_document(&text).map_err(|e| {
        eprintln!("error: invalid scenario `{path}`: {e}");
        Exit::BadInput
    })?;
    let managed = ManagedPolicies::bundled().map_err(|e| {
        eprintln!("error: bundled managed policies are unreadable: {e}");
        Exit::Io
    })?;
    let lookup = |arn: &str| managed.by_arn(arn).map(|p| (p.name.clone(), p.document.clone()));
    let loaded = resolve(&doc, &lookup).map_err(|errors| {
        eprintln!("error: invalid scenario `{path}`:");
        for e in errors {
            eprintln!("  {e}");
        }
        Exit::BadInput
    })?;
    if report_policy_errors(&loaded) {
        return Err(Exit::BadInput);
    }
    Ok((doc, loaded))
}

/// Prints every policy error of the scenario; true if there were any.
fn report_policy_errors(loaded: &Loaded) -> bool {
    let mut any = false;
    for p in &loaded.model.policies {
        let idx = LineIndex::new(&p.source);
        for d in p.diagnostics.iter().filter(|d| d.is_error()) {
            eprintln!("error: policy `{}`: {}", p.label, d.render(&idx));
            any = true;
        }
    }
    any
}

/// A `--context` argument without `=`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}`: write context as KEY=VALUE")]
pub struct NotAContextPair(pub String);

/// `key=value` (repeat a key for a list; `key=a,b` stays one value).
pub fn parse_context(pairs: &[String]) -> Result<Context, NotAContextPair> {
    let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
    for p in pairs {
        let (k, v) = p.split_once('=').ok_or_else(|| NotAContextPair(p.clone()))?;
        match grouped.iter_mut().find(|(key, _)| key.eq_ignore_ascii_case(k)) {
            Some((_, vals)) => vals.push(v.to_string()),
            None => grouped.push((k.to_string(), vec![v.to_string()])),
        }
    }
    let mut ctx = Context::new();
    for (k, values) in grouped {
        let multi = values.len() > 1;
        ctx.insert(&k, ContextValue { values, multi });
    }
    Ok(ctx)
}

/// The bundled IAM action catalog, printing the error if it is unreadable.
pub fn catalog() -> Result<IamCatalog, Exit> {
    IamCatalog::bundled().map_err(|e| {
        eprintln!("error: the bundled catalog is unreadable: {e}");
        Exit::Io
    })
}

/// A scenario, the request context and the catalog that checks requests.
pub struct Session {
    pub loaded: Loaded,
    pub context: Context,
    pub catalog: IamCatalog,
}

/// [`load`] and the `--context` pairs, each value checked against its key's
/// type (an unreadable date or address would make a condition silently not
/// apply); prints any error.
pub fn load_with_context(path: &str, context: &[String]) -> Result<Session, Exit> {
    let loaded = load(path)?;
    let ctx = parse_context(context).map_err(|e| {
        eprintln!("error: {e}");
        Exit::BadInput
    })?;
    let catalog = catalog()?;
    check_context(&ctx, &catalog).map_err(|e| {
        eprintln!("error: {e}");
        Exit::BadInput
    })?;
    Ok(Session { loaded, context: ctx, catalog })
}

/// Prints the linter's "did you mean" for an action the catalog does not know.
pub fn warn_unknown_action(action: &str, catalog: &IamCatalog) {
    if let Some(w) = unknown_action(action, catalog) {
        eprintln!("warning: {w}");
    }
}

/// A principal reference of the scenario, printing the error if it names nobody.
pub fn principal(loaded: &Loaded, text: &str) -> Result<iam_core::model::PrincipalRef, Exit> {
    loaded.model.resolve_principal(text).map_err(|e| {
        eprintln!("error: {e}");
        Exit::BadInput
    })
}
