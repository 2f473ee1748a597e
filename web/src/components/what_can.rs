//! "What can": what the request's principal may do.

use crate::analysis::context_of;
use crate::hooks::use_app;
use yew::prelude::*;

/// What the principal may do: every action its policies could allow, expanded
/// against the IAM action catalog and decided through every layer, by service
/// and access level.
#[function_component(WhatCan)]
pub fn what_can() -> Html {
    let app = use_app();
    let req = app.state.request.clone();
    let doc = app.doc.clone();
    let catalog = app.catalog.clone();
    let summary = use_memo(
        (app.state.revision, app.state.request_revision, app.managed.is_some(), catalog.is_some()),
        move |_| {
            let (Some(m), Some(c)) = (doc.model(), catalog.as_ref()) else { return None };
            let p = m.resolve_principal(&req.principal).ok()?;
            Some(m.what_can(&p, c.as_ref(), &context_of(&req.context)))
        },
    );
    let levels = iam_core::catalog::AccessLevel::ALL;
    html! {
        <div class="what-can">
            <p class="small">{ format!("What can {} do? Every action its policies allow, checked against every layer:", app.state.request.principal) }</p>
            if app.catalog.is_none() { <p class="muted" role="status">{ "Loading the IAM action catalog…" }</p> }
            if let Some(summary) = summary.as_ref() {
                if summary.is_empty() { <p class="muted">{ "Nothing is allowed." }</p> }
                <table class="grid" aria-label="Allowed actions by service and access level">
                    <thead><tr><th scope="col">{ "Service" }</th>{ for levels.iter().map(|l| html! { <th scope="col">{ l.as_str() }</th> }) }</tr></thead>
                    <tbody>
                        { for summary.iter().map(|s| html! {
                            <tr>
                                <th scope="row" title={s.name.clone()}>{ &s.prefix }</th>
                                { for levels.iter().map(|l| {
                                    let n = s.count(*l);
                                    let examples: Vec<&str> = s.allowed.iter().filter(|a| a.access == *l).map(|a| a.action.as_str()).take(6).collect();
                                    html! { <td title={examples.join(", ")}>{ if n == 0 { String::new() } else { n.to_string() } }</td> }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
                if summary.len() <= 3 {
                    <ul class="plain small">
                        { for summary.iter().flat_map(|s| s.allowed.iter()).take(40).map(|a| html! {
                            <li><span class="mono">{ &a.action }</span><span class="muted">{ format!(" on {}", a.resource) }</span></li>
                        }) }
                    </ul>
                }
            }
        </div>
    }
}
