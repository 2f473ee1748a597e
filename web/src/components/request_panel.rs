//! The request being decided: principal (any user, role session, root, an
//! outside ARN or anonymous), action, resource and context; and "switch role".

use crate::hooks::{AppContext, input_value, use_app};
use crate::state::Action;
use iam_core::model::PrincipalRef;
use yew::prelude::*;

const COMMON_ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:ListBucket",
    "sts:AssumeRole",
    "iam:PassRole",
    "iam:CreateUser",
    "iam:AttachUserPolicy",
    "ec2:RunInstances",
    "ec2:DescribeInstances",
    "kms:Decrypt",
    "kms:Encrypt",
    "dynamodb:GetItem",
    "dynamodb:UpdateItem",
    "lambda:CreateFunction",
    "lambda:InvokeFunction",
    "sqs:SendMessage",
    "secretsmanager:GetSecretValue",
    "organizations:LeaveOrganization",
    "cloudtrail:StopLogging",
];

fn context_get(rows: &[(String, String)], key: &str) -> String {
    rows.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v.clone()).unwrap_or_default()
}

fn context_set(app: &AppContext, key: &str, value: String) {
    let mut rows = app.state.request.context.clone();
    rows.retain(|(k, _)| !k.eq_ignore_ascii_case(key));
    if !value.trim().is_empty() {
        rows.push((key.to_string(), value));
    }
    app.dispatch(Action::SetContext(rows));
}

fn preset(app: &AppContext, key: &'static str, label: &'static str, placeholder: &'static str) -> Html {
    let value = context_get(&app.state.request.context, key);
    let oninput = {
        let app = app.clone();
        Callback::from(move |e: InputEvent| context_set(&app, key, input_value(&e)))
    };
    html! {
        <label class="field">
            <span>{ label }<span class="muted mono small">{ format!(" {key}") }</span></span>
            <input type="text" spellcheck="false" value={value} {placeholder} {oninput} />
        </label>
    }
}

fn tri(app: &AppContext, key: &'static str, label: &'static str) -> Html {
    let value = context_get(&app.state.request.context, key);
    let onchange = {
        let app = app.clone();
        Callback::from(move |e: Event| context_set(&app, key, input_value(&e)))
    };
    html! {
        <label class="field">
            <span>{ label }<span class="muted mono small">{ format!(" {key}") }</span></span>
            <select {onchange}>
                <option value="" selected={value.is_empty()}>{ "not in the request" }</option>
                <option value="true" selected={value == "true"}>{ "true" }</option>
                <option value="false" selected={value == "false"}>{ "false" }</option>
            </select>
        </label>
    }
}

const PRESET_KEYS: &[&str] =
    &["aws:MultiFactorAuthPresent", "aws:SecureTransport", "aws:SourceIp", "aws:RequestedRegion", "aws:CurrentTime"];

#[function_component(RequestPanel)]
pub fn request_panel() -> Html {
    let app = use_app();
    let req = &app.state.request;
    let model = app.doc.model();
    let principals: Vec<String> =
        model.map(|m| m.principals().iter().map(|p| m.principal_label(p)).collect()).unwrap_or_default();
    let resources: Vec<String> =
        app.state
            .doc
            .accounts
            .iter()
            .flat_map(|a| {
                a.resources.iter().flat_map(|r| {
                    let mut v = vec![r.arn.clone()];
                    if r.arn.starts_with("arn:aws:s3:::") && !r.arn.contains('/') {
                        v.push(format!("{}/*", r.arn));
                    }
                    v
                })
            })
            .chain(
                app.state.doc.accounts.iter().flat_map(|a| {
                    a.roles.iter().map(move |r| format!("arn:aws:iam::{}:role{}{}", a.id, r.path, r.name))
                }),
            )
            .collect();
    let mut actions: Vec<String> = COMMON_ACTIONS.iter().map(|s| s.to_string()).collect();
    // With the catalog, the suggestions follow what is typed.
    if let Some(c) = &app.catalog {
        let typed = req.action.trim().to_ascii_lowercase();
        if typed.contains(':') {
            let pattern = format!("{typed}*");
            actions = iam_core::catalog::expand(c.as_ref(), &pattern)
                .into_iter()
                .take(40)
                .map(|(s, a)| format!("{}:{}", s.prefix, a.name))
                .collect();
        }
    }
    for a in &app.state.doc.assertions {
        let act = match a {
            iam_wire::scenario::AssertionDoc::Can { action, .. }
            | iam_wire::scenario::AssertionDoc::NobodyOutsideOrg { action, .. }
            | iam_wire::scenario::AssertionDoc::Only { action, .. } => action,
        };
        if !actions.contains(act) {
            actions.insert(0, act.clone());
        }
    }
    let set = |f: fn(String) -> Action| {
        let app = app.clone();
        Callback::from(move |e: InputEvent| app.dispatch(f(input_value(&e))))
    };
    // Roles this principal can switch to, with the request's context (MFA, source IP, ...):
    // trust policies' conditions see it.
    let edges = {
        let da = app.doc.clone();
        let context = req.context.clone();
        use_memo((app.state.revision, app.state.request_revision, app.managed.is_some()), move |_| {
            da.model().map(|m| m.assume_edges_in(&crate::analysis::context_of(&context))).unwrap_or_default()
        })
    };
    let current = model.and_then(|m| m.resolve_principal(&req.principal).ok());
    let switch_options: Vec<String> = match (model, &current) {
        (Some(m), Some(p)) => edges
            .iter()
            .filter(|e| same_principal(&e.from, p))
            .filter_map(|e| m.accounts.get(e.account).and_then(|a| a.roles.get(e.role)).map(|r| (e.account, r)))
            .map(|(a, r)| format!("{}/role/{}", m.accounts.get(a).map_or("?", |x| x.name.as_str()), r.name))
            .collect(),
        _ => Vec::new(),
    };
    // An action the catalog does not know gets the editor's "did you mean".
    let unknown = {
        let catalog = app.catalog.clone();
        let action = req.action.trim().to_string();
        use_memo((action, catalog.is_some()), move |(action, _)| {
            let c = catalog.as_deref()?;
            if !action.contains(':') {
                return None;
            }
            iam_wire::request_check::unknown_action(action, c as &dyn iam_core::catalog::Catalog)
        })
    };
    let mfa_hint = mfa_mismatch(&app);
    let on_switch = {
        let app = app.clone();
        let from = req.principal.clone();
        Callback::from(move |e: Event| {
            let role = input_value(&e);
            if !role.is_empty() {
                app.dispatch(Action::SwitchRole { from: from.clone(), role });
            }
        })
    };
    let extra: Vec<(usize, (String, String))> = req
        .context
        .iter()
        .cloned()
        .enumerate()
        .filter(|(_, (k, _))| !PRESET_KEYS.iter().any(|p| p.eq_ignore_ascii_case(k)))
        .collect();
    let edit_row = |i: usize, key: bool| {
        let app = app.clone();
        Callback::from(move |e: InputEvent| {
            let mut rows = app.state.request.context.clone();
            if let Some(r) = rows.get_mut(i) {
                if key { r.0 = input_value(&e) } else { r.1 = input_value(&e) }
            }
            app.dispatch(Action::SetContext(rows));
        })
    };
    let remove_row = |i: usize| {
        let app = app.clone();
        Callback::from(move |_| {
            let mut rows = app.state.request.context.clone();
            if i < rows.len() {
                rows.remove(i);
            }
            app.dispatch(Action::SetContext(rows));
        })
    };
    let add_row = {
        let app = app.clone();
        Callback::from(move |_| {
            let mut rows = app.state.request.context.clone();
            rows.push(("aws:PrincipalTag/team".into(), String::new()));
            app.dispatch(Action::SetContext(rows));
        })
    };
    html! {
        <section class="panel request" aria-labelledby="request-title">
            <h2 id="request-title" class="panel-title">{ "Request" }</h2>
            if let Some(from) = &req.switched_from {
                <div class="switched" role="status">
                    <span>{ format!("{from} switched into {}: only the role's permissions apply now.", req.principal) }</span>
                    <button type="button" onclick={app.on(Action::SwitchBack)}>{ "Switch back" }</button>
                </div>
            }
            <label class="field">
                <span>{ "Principal" }</span>
                <input type="text" list="principal-options" spellcheck="false" value={req.principal.clone()} oninput={set(Action::SetPrincipal)} />
            </label>
            <datalist id="principal-options">
                { for principals.iter().map(|p| html! { <option value={p.clone()} /> }) }
                <option value="anonymous" />
                <option value="arn:aws:iam::999999999999:user/outsider" />
            </datalist>
            if !switch_options.is_empty() {
                <label class="field">
                    <span>{ "Switch role" }</span>
                    <select onchange={on_switch}>
                        <option value="" selected=true>{ "Assume a role…" }</option>
                        { for switch_options.iter().map(|r| html! { <option value={r.clone()}>{ r }</option> }) }
                    </select>
                </label>
            }
            <label class="field">
                <span>{ "Action" }</span>
                <input type="text" list="action-options" spellcheck="false" value={req.action.clone()} oninput={set(Action::SetAction)}
                    aria-describedby={unknown.is_some().then_some("action-warning")} />
            </label>
            if let Some(w) = unknown.as_ref() {
                <p id="action-warning" class="field-warning" role="status">{ capitalized(w) }</p>
            }
            <datalist id="action-options">{ for actions.iter().map(|a| html! { <option value={a.clone()} /> }) }</datalist>
            <label class="field">
                <span>{ "Resource" }</span>
                <input type="text" list="resource-options" spellcheck="false" value={req.resource.clone()} oninput={set(Action::SetResource)} />
            </label>
            <datalist id="resource-options">{ for resources.iter().map(|r| html! { <option value={r.clone()} /> }) }</datalist>
            if let Some(h) = mfa_hint { { h } }
            <details class="context" open={!req.context.is_empty()}>
                <summary>{ format!("Context ({})", crate::hooks::plural(req.context.len(), "key", "keys")) }</summary>
                <div class="two">
                    { tri(&app, "aws:MultiFactorAuthPresent", "MFA") }
                    { tri(&app, "aws:SecureTransport", "HTTPS") }
                </div>
                { preset(&app, "aws:SourceIp", "Source IP", "203.0.113.10") }
                <div class="two">
                    { preset(&app, "aws:RequestedRegion", "Region", "us-east-1") }
                    { preset(&app, "aws:CurrentTime", "Time", "2026-11-29T12:00:00Z") }
                </div>
                { for extra.iter().map(|(i, (k, v))| html! {
                    <div class="kv">
                        <input type="text" aria-label="Context key" spellcheck="false" value={k.clone()} oninput={edit_row(*i, true)} />
                        <input type="text" aria-label={format!("Value of {k}")} spellcheck="false" value={v.clone()} placeholder="value, or [a, b] for a list" oninput={edit_row(*i, false)} />
                        <button type="button" class="small" aria-label={format!("Remove {k}")} onclick={remove_row(*i)}>{ "×" }</button>
                    </div>
                }) }
                <button type="button" class="small" onclick={add_row}>{ "Add a context key" }</button>
            </details>
        </section>
    }
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The principal's MFA device and the request's `aws:MultiFactorAuthPresent`
/// disagree: say so, and offer to make the request match the device.
fn mfa_mismatch(app: &AppContext) -> Option<Html> {
    use crate::state::refs::{Entity, named};
    use iam_wire::scenario::MfaDevice;
    let req = &app.state.request;
    let accounts = &app.state.doc.accounts;
    let (a, entity) = named(accounts, &req.principal)?;
    let account = accounts.get(a)?;
    let (who, device) = match entity {
        Entity::User(n) => (format!("User {n}"), account.users.iter().find(|u| u.name == n)?.mfa),
        Entity::Root => (format!("The root user of {}", account.name), account.root_user.mfa),
        Entity::Role(_) => return None,
    };
    let key = "aws:MultiFactorAuthPresent";
    let said = context_get(&req.context, key);
    let (text, button, value) = match (device != MfaDevice::None, said.as_str()) {
        (true, "true") | (false, "false" | "") => return None,
        (true, _) => (
            format!(
                "{who} has an MFA device, but this request {} MFA.",
                if said.is_empty() { "does not say it used" } else { "was made without" }
            ),
            "Sign in with MFA",
            "true",
        ),
        (false, _) => (
            format!("{who} has no MFA device, so this request cannot have used MFA."),
            "Remove MFA from the request",
            "",
        ),
    };
    let onclick = {
        let app = app.clone();
        Callback::from(move |_| context_set(&app, key, value.to_string()))
    };
    Some(html! {
        <div class="mfa-hint" role="status">
            <span>{ text }</span>
            <button type="button" class="small" {onclick}>{ button }</button>
        </div>
    })
}

fn same_principal(a: &PrincipalRef, b: &PrincipalRef) -> bool {
    match (a, b) {
        (
            PrincipalRef::RoleSession { account: x, index: i, .. },
            PrincipalRef::RoleSession { account: y, index: j, .. },
        ) => x == y && i == j,
        _ => a == b,
    }
}
