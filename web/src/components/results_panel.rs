//! The results column: tabs for the decision, who-can, what-can, the access
//! matrix and the exercises.

use super::decision_panel::DecisionView;
use super::matrix::Matrix;
use super::what_can::WhatCan;
use super::who_can::WhoCan;
use super::workshop::Workshop;
use crate::hooks::use_app;
use crate::state::{Action, View};
use yew::prelude::*;

#[function_component(ResultsPanel)]
pub fn results_panel() -> Html {
    let app = use_app();
    let view = app.state.view;
    // `short` is what fits a narrow column; the name says it in full.
    let tab = |v: View, label: &str, short: &str| {
        html! {
            <button type="button" role="tab" aria-selected={(view == v).to_string()} aria-controls="results-panel"
                aria-label={(label != short).then(|| label.to_string())} title={label.to_string()}
                class={classes!("tab", (view == v).then_some("active"))} onclick={app.on(Action::SetView(v))}>{ short.to_string() }</button>
        }
    };
    let body = match view {
        View::Decision => html! { <DecisionView /> },
        View::WhoCan => html! { <WhoCan /> },
        View::WhatCan => html! { <WhatCan /> },
        View::Matrix => html! { <Matrix /> },
        View::Workshop => html! { <Workshop /> },
    };
    html! {
        <section id="results" class="panel results" aria-label="Results">
            <div class="tabs" role="tablist" aria-label="Views">
                { tab(View::Decision, "Decision", "Decision") }
                { tab(View::WhoCan, "Who can", "Who can") }
                { tab(View::WhatCan, "What can", "What can") }
                { tab(View::Matrix, "Access matrix", "Matrix") }
                { tab(View::Workshop, "Exercises", "Exercises") }
            </div>
            <div id="results-panel" role="tabpanel">{ body }</div>
        </section>
    }
}
