//! The root component: wires the reducer to the panels.

use crate::analysis::analyze;
use crate::components::decision_panel::DecisionPanel;
use crate::components::policy_editor::PolicyEditor;
use crate::components::request_panel::RequestPanel;
use crate::state::{Action, Playground};
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(Playground::default);
    // Analysis is memoised on the revision: it runs once per edit.
    let analysis = {
        let s = (*state).clone();
        use_memo(state.revision, move |_| analyze(&s))
    };
    let dispatch = |f: fn(String) -> Action| {
        let state = state.clone();
        Callback::from(move |v: String| state.dispatch(f(v)))
    };
    html! {
        <>
            <header class="topbar">
                <h1>{ "IAM Playground" }</h1>
                <p class="tagline">{ "AWS access control you can see and touch — everything runs in your browser." }</p>
            </header>
            <main class="layout">
                <PolicyEditor
                    label="Identity policy"
                    text={AttrValue::from(state.policy.clone())}
                    diagnostics={analysis.diagnostics.clone()}
                    on_change={dispatch(Action::SetPolicy)}
                />
                <div class="side">
                    <RequestPanel
                        caller={AttrValue::from(state.caller.clone())}
                        action={AttrValue::from(state.action.clone())}
                        resource={AttrValue::from(state.resource.clone())}
                        on_caller={dispatch(Action::SetCaller)}
                        on_action={dispatch(Action::SetAction)}
                        on_resource={dispatch(Action::SetResource)}
                    />
                    <DecisionPanel analysis={(*analysis).clone()} />
                </div>
            </main>
        </>
    }
}
