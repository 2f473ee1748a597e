//! The live decision and why.

use crate::analysis::Analysis;
use iam_core::Decision;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub analysis: Analysis,
}

#[function_component(DecisionPanel)]
pub fn decision_panel(props: &Props) -> Html {
    let a = &props.analysis;
    let (class, text) = match a.decision {
        Some(Decision::Allow) => ("decision allow", "Allow"),
        Some(Decision::ExplicitDeny) => ("decision explicit-deny", "Explicit deny"),
        Some(Decision::ImplicitDeny) => ("decision implicit-deny", "Implicit deny"),
        None => ("decision unknown", "No decision"),
    };
    html! {
        <section class="result" aria-labelledby="decision-title">
            <h2 id="decision-title" class="panel-title">{ "Decision" }</h2>
            <output class={class} role="status" aria-live="polite" aria-label="Decision">{ text }</output>
            if let Some(err) = &a.request_error {
                <p class="request-error">{ err }</p>
            } else {
                <p class="reason">{ &a.reason }</p>
            }
            if !a.statements.is_empty() {
                <ul class="statements" aria-label="Statements considered">
                    { for a.statements.iter().map(|s| html! {
                        <li class={ if s.applied { "applied" } else { "not-applied" } }>
                            <span class="mark" aria-hidden="true">{ if s.applied { "✓" } else { "·" } }</span>
                            { format!("{} (line {}): {}", s.label, s.line, s.detail) }
                        </li>
                    }) }
                </ul>
            }
            if !a.missing_context.is_empty() {
                <p class="missing">{ format!("Missing context keys: {}", a.missing_context.join(", ")) }</p>
            }
        </section>
    }
}
