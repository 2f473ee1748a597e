//! "Who can" (every principal allowed to do the request's action on its
//! resource) and "what can" (what the request's principal may do).

use super::decision_panel::verdict;
use crate::analysis::context_of;
use crate::hooks::use_app;
use crate::state::Action;
use iam_core::Decision;
use yew::prelude::*;

#[function_component(WhoCan)]
pub fn who_can() -> Html {
    let app = use_app();
    let req = app.state.request.clone();
    let doc = app.doc.clone();
    let entries = use_memo((app.state.revision, app.state.request_revision, app.managed.is_some()), move |_| {
        let Some(m) = doc.model() else { return Vec::new() };
        let ctx = context_of(&req.context);
        m.who_can(req.action.trim(), req.resource.trim(), &ctx)
            .into_iter()
            .map(|e| {
                let chain: Vec<String> = e.reachable_from.iter().map(|p| m.principal_label(p)).collect();
                (m.principal_label(&e.principal), e.reason.describe(), chain)
            })
            .collect::<Vec<_>>()
    });
    html! {
        <div class="who-can">
            <p class="small">{ format!("Who can {} on {}?", app.state.request.action, app.state.request.resource) }</p>
            if entries.is_empty() {
                <p class="muted">{ "Nobody in the scenario." }</p>
            }
            <ul class="plain" aria-label="Principals allowed">
                { for entries.iter().map(|(who, why, chain)| html! {
                    <li>
                        <button type="button" class="link" onclick={app.on(Action::SetPrincipal(who.clone()))}>{ who }</button>
                        <span class="small muted">{ format!(" — {why}") }</span>
                        if !chain.is_empty() { <div class="small">{ format!("reached by {} → assume role", chain.join(" → ")) }</div> }
                    </li>
                }) }
            </ul>
        </div>
    }
}

/// What the principal may do: every action named by its allowing statements,
/// decided one by one.
#[function_component(WhatCan)]
pub fn what_can() -> Html {
    let app = use_app();
    let req = app.state.request.clone();
    let doc = app.doc.clone();
    let rows = use_memo((app.state.revision, app.state.request_revision, app.managed.is_some()), move |_| {
        let Some(m) = doc.model() else { return Vec::new() };
        let Ok(p) = m.resolve_principal(&req.principal) else { return Vec::new() };
        let ctx = context_of(&req.context);
        crate::components::who_can::granted_patterns(m, &p)
            .into_iter()
            .map(|(action, resource, conditional)| {
                // A wildcard pattern is decided on a representative action of it.
                let probe = action.replace(['*', '?'], "X");
                let d = m.decide(&p, &probe, &resource, &ctx);
                (action, resource, conditional, d)
            })
            .collect::<Vec<_>>()
    });
    html! {
        <div class="what-can">
            <p class="small">{ format!("What can {} do? Each action its policies allow, checked against every layer:", app.state.request.principal) }</p>
            <table class="grid">
                <thead><tr><th>{ "Action" }</th><th>{ "Resource" }</th><th>{ "Decision" }</th></tr></thead>
                <tbody>
                    { for rows.iter().map(|(a, r, c, d)| {
                        let (class, text) = verdict(Some(*d));
                        html! { <tr>
                            <td class="mono">{ a }{ if *c { " (conditional)" } else { "" } }</td>
                            <td class="mono small">{ r }</td>
                            <td><span class={class}>{ text }</span></td>
                        </tr> }
                    }) }
                </tbody>
            </table>
            if rows.iter().all(|r| r.3 != Decision::Allow) {
                <p class="muted small">{ "Nothing is allowed for this principal." }</p>
            }
        </div>
    }
}

/// The (action pattern, resource pattern, has conditions) triples of the
/// principal's identity policies' Allow statements.
pub fn granted_patterns(m: &iam_core::model::Model, p: &iam_core::model::PrincipalRef) -> Vec<(String, String, bool)> {
    use iam_core::model::PrincipalRef;
    let mut ids = Vec::new();
    match p {
        PrincipalRef::User { account, index } => {
            if let Some(u) = m.accounts.get(*account).and_then(|a| a.users.get(*index)) {
                ids.extend(u.policies.iter().copied());
                for g in &u.groups {
                    if let Some(g) = m.accounts.get(*account).and_then(|a| a.groups.get(*g)) {
                        ids.extend(g.policies.iter().copied());
                    }
                }
            }
        }
        PrincipalRef::RoleSession { account, index, .. } => {
            if let Some(r) = m.accounts.get(*account).and_then(|a| a.roles.get(*index)) {
                ids.extend(r.policies.iter().copied());
            }
        }
        _ => {}
    }
    let mut out: Vec<(String, String, bool)> = Vec::new();
    for id in ids {
        let Some(pol) = m.policy(id) else { continue };
        for st in
            pol.compiled.statements.iter().filter(|s| s.effect == iam_core::policy::Effect::Allow && !s.not_action)
        {
            let resources = match (&st.resources, st.not_resource) {
                (Some(_), false) => resource_texts(&pol.source, st.index),
                _ => vec!["*".to_string()],
            };
            for a in &st.actions {
                for r in &resources {
                    let entry = (a.text.to_string(), r.clone(), !st.conditions.is_empty());
                    if !out.contains(&entry) {
                        out.push(entry);
                    }
                }
            }
        }
    }
    out
}

/// The `Resource` strings of statement `index` as written.
fn resource_texts(source: &str, index: usize) -> Vec<String> {
    let (Some(p), _) = iam_core::parse_policy(source) else { return Vec::new() };
    p.statements
        .get(index)
        .and_then(|s| s.resource.as_ref())
        .filter(|r| !r.negated)
        .map(|r| r.items.iter().map(|i| i.value.clone()).collect())
        .unwrap_or_default()
}
