//! "Who can": every principal allowed to do the request's action on its
//! resource.

use crate::analysis::context_of;
use crate::hooks::use_app;
use crate::state::Action;
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
                (m.principal_label(&e.principal), iam_wire::explain::reason_text(e.reason), chain)
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
