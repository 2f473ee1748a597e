//! The "Decision" tab: the live decision and why (every layer, the deciding
//! statements, missing context).

use crate::analysis::RequestAnalysis;
use crate::hooks::use_app;
use crate::state::Action;
use iam_core::Decision;
use iam_core::eval::LayerVerdict;
use yew::prelude::*;

pub fn verdict(d: Option<Decision>) -> (&'static str, &'static str) {
    match d {
        Some(Decision::Allow) => ("decision allow", "Allow"),
        Some(Decision::ExplicitDeny) => ("decision explicit-deny", "Explicit deny"),
        Some(Decision::ImplicitDeny) => ("decision implicit-deny", "Implicit deny"),
        None => ("decision unknown", "No decision"),
    }
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[function_component(DecisionView)]
pub fn decision_view() -> Html {
    let app = use_app();
    let a: &RequestAnalysis = &app.request;
    let (class, text) = verdict(a.decision);
    let errors = app.doc.errors();
    html! {
        <div class="decision-view">
            <output class={class} aria-label="Decision">{ text }</output>
            <p class="subject small">{ format!("{} → {} on {}", a.principal_label, app.state.request.action, app.state.request.resource) }</p>
            if let Some(err) = &a.error {
                <p class="request-error">{ err }</p>
            } else {
                <p class="reason">
                    if let Some(by) = &a.decided_by { <strong class="decided-by">{ capitalized(by) }</strong>{ ". " } }
                    { &a.reason }
                </p>
            }
            if a.cross_account {
                <p class="small muted">{ "Cross-account request: the resource's policy and the caller's own policies must both allow." }</p>
            }
            if app.doc.pending_managed > 0 {
                <p class="small muted">{ "Loading AWS managed policies… decisions that use them update in a moment." }</p>
            }
            if !errors.is_empty() {
                <ul class="errors" aria-label="Scenario errors">
                    { for errors.iter().map(|e| html! { <li>{ e.to_string() }</li> }) }
                </ul>
            }
            <ol class="layers" aria-label="Policy layers">
                { for a.layers.iter().map(|l| {
                    let vc = match l.verdict {
                        LayerVerdict::Allow => "v-allow",
                        LayerVerdict::Deny => "v-deny",
                        LayerVerdict::NoMatch => "v-none",
                        LayerVerdict::NotApplicable => "v-na",
                    };
                    let vt = l.verdict_text;
                    html! {
                        <li class="layer">
                            <div class="layer-head"><span class="layer-title">{ &l.title }</span><span class={classes!("verdict", vc)}>{ vt }</span></div>
                            if let Some(n) = l.note { <p class="small muted">{ n }</p> }
                            <ul class="statements">
                                { for l.statements.iter().map(|s| {
                                    let label = format!("{} {}{} — {}, line {}", s.effect, s.sid.as_ref().map(|x| format!("\"{x}\" ")).unwrap_or_default(), s.policy_label, s.detail, s.line);
                                    let onclick = s.target.clone().map(|t| app.on::<MouseEvent>(Action::ShowStatement { target: t, start: s.start, end: s.end }));
                                    html! {
                                        <li class={classes!(if s.applied { "applied" } else { "not-applied" }, (s.effect == "Deny").then_some("deny"))}>
                                            <span class="mark" aria-hidden="true">{ if s.applied { "✓" } else { "·" } }</span>
                                            if let Some(onclick) = onclick {
                                                <button type="button" class="link" {onclick} title="Show this statement in the editor">{ label }</button>
                                            } else {
                                                <span>{ label }</span>
                                            }
                                        </li>
                                    }
                                }) }
                            </ul>
                        </li>
                    }
                }) }
            </ol>
            if !a.missing_context.is_empty() {
                <p class="missing">{ format!("Missing context keys: {}", a.missing_context.join(", ")) }</p>
            }
        </div>
    }
}

/// On a phone: the decision stays in view at the bottom of the screen, wherever
/// the page is scrolled (the full explanation is further down); hidden on wider screens.
#[function_component(DecisionBar)]
pub fn decision_bar() -> Html {
    let app = use_app();
    let a: &RequestAnalysis = &app.request;
    let (class, text) = verdict(a.decision);
    let onclick = {
        let app = app.clone();
        Callback::from(move |_| {
            app.dispatch(Action::SetView(crate::state::View::Decision));
            if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("results"))
            {
                el.scroll_into_view();
            }
        })
    };
    html! {
        <aside class="decision-bar" aria-label="Decision summary">
            <span class={classes!(class, "small-decision")}>{ text }</span>
            <span class="bar-subject">{ format!("{} → {}", a.principal_label, app.state.request.action) }</span>
            <button type="button" {onclick}>{ "Why" }</button>
        </aside>
    }
}
