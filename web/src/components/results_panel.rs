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
    let tab = |v: View, label: &str| {
        html! {
            <button type="button" role="tab" aria-selected={(view == v).to_string()} aria-controls="results-panel"
                class={classes!("tab", (view == v).then_some("active"))} onclick={app.on(Action::SetView(v))}>{ label.to_string() }</button>
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
                { tab(View::Decision, "Decision") }
                { tab(View::WhoCan, "Who can") }
                { tab(View::WhatCan, "What can") }
                { tab(View::Matrix, "Access matrix") }
                { tab(View::Workshop, "Exercises") }
            </div>
            <div id="results-panel" role="tabpanel">{ body }</div>
        </section>
    }
}
