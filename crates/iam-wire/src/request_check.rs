//! Checks on a request a person typed (`can`, `who-can`, `check`, the
//! playground's request panel) before it is decided: an action the catalog
//! does not know gets the linter's "did you mean" as a warning, and a context
//! value that cannot be read as its key's type is an error naming the key
//! (the same rule `simulate` applies to `ContextEntries`).

use iam_core::catalog::Catalog;
use iam_core::lint::{Code, PolicyType, lint};
use iam_core::model::{Assertion, AssertionCase, AssertionOutcome, Model};
use iam_core::{Context, Diagnostic};

/// A context value the request cannot carry for its key's type.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("context key `{key}`: `{value}` is not a valid {key_type} value")]
pub struct BadContextValue {
    pub key: String,
    pub value: String,
    /// The catalog's type name (`Date`, `Bool`, `IPAddress`, ...).
    pub key_type: &'static str,
}

/// Each context value checked against its key's type in the catalog (keys the
/// catalog does not know are taken as strings).
pub fn check_context(ctx: &Context, catalog: &dyn Catalog) -> Result<(), BadContextValue> {
    for (key, value) in ctx.iter() {
        let Some(def) = catalog.find_condition_key(key).map(|(_, k)| k) else { continue };
        let ty = def.key_type;
        if let Some(bad) = value.values.iter().find(|v| !ty.scalar.accepts(v)) {
            return Err(BadContextValue { key: def.name.to_string(), value: bad.clone(), key_type: ty.as_str() });
        }
    }
    Ok(())
}

/// The linter's finding for an action name the catalog does not know (an
/// unknown service or action, with "did you mean"), or None when it is known,
/// a wildcard, or well-formed enough that the linter has nothing to say.
pub fn unknown_action(action: &str, catalog: &dyn Catalog) -> Option<String> {
    // Lint a one-statement policy naming the action: the linter is the one
    // home of action-name checks and their suggestions.
    let policy = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": {"Effect": "Allow", "Action": action, "Resource": "*"}
    });
    lint(&policy.to_string(), PolicyType::Identity, catalog)
        .into_iter()
        .find(|d| matches!(d.code, Code::UnknownService | Code::UnknownAction | Code::InvalidAction))
        .map(|d| warning_text(&d))
}

fn warning_text(d: &Diagnostic) -> String {
    match &d.hint {
        Some(h) => format!("{}; {h}", d.message),
        None => d.message.clone(),
    }
}

/// What an assertion names that the catalog or the scenario does not know:
/// an unknown action, or a resource ARN (without wildcards) that is no
/// scenario resource, role, user or object of a declared bucket.
pub fn assertion_unknowns(case: &AssertionCase, model: &Model, catalog: &dyn Catalog) -> Vec<String> {
    let (action, resource) = match &case.assertion {
        Assertion::Can { action, resource, .. }
        | Assertion::NobodyOutsideOrg { action, resource }
        | Assertion::Only { action, resource, .. } => (action, resource),
    };
    let mut out: Vec<String> = unknown_action(action, catalog).into_iter().collect();
    if !declared(model, resource) {
        out.push(format!("`{resource}` is not a resource of the scenario"));
    }
    out
}

fn declared(model: &Model, resource: &str) -> bool {
    resource == "*"
        || resource.contains(['*', '?'])
        || model.find_resource(resource).is_some()
        || model.role_by_arn(resource).is_some()
        || model.accounts.iter().any(|a| a.users.iter().any(|u| u.arn == resource))
}

/// Runs an assertion; one that names something unknown fails (saying what)
/// unless it says it means to (`allowUnknown`): a misspelt action or bucket
/// would otherwise make a `deny` or `only` assertion pass vacuously.
pub fn check_assertion(case: &AssertionCase, model: &Model, catalog: &dyn Catalog) -> AssertionOutcome {
    let unknown = if case.allow_unknown { Vec::new() } else { assertion_unknowns(case, model, catalog) };
    if unknown.is_empty() {
        return model.check(&case.assertion);
    }
    AssertionOutcome {
        passed: false,
        summary: format!("{} (set `allowUnknown: true` if that is meant)", unknown.join("; ")),
        can: None,
        offenders: Vec::new(),
    }
}
