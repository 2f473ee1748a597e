//! The select that opens any policy of the scenario.

use crate::hooks::{input_value, use_app};
use crate::state::Action;
use crate::state::targets::{PolicyTarget, all_policy_targets};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PolicyPickerProps {
    /// The open policy (None: a "Choose a policy…" entry is shown).
    pub current: Option<PolicyTarget>,
}

#[function_component(PolicyPicker)]
pub fn policy_picker(props: &PolicyPickerProps) -> Html {
    let app = use_app();
    let doc = &app.state.doc;
    let targets = all_policy_targets(doc);
    let current = props.current.as_ref();
    let onchange = {
        let app = app.clone();
        let targets = targets.clone();
        Callback::from(move |e: Event| {
            if let Some(t) = input_value(&e).parse::<usize>().ok().and_then(|i| targets.get(i)) {
                app.dispatch(Action::OpenPolicy(Some(t.clone())));
            }
        })
    };
    html! {
        <select aria-label="Open policy" {onchange}>
            if current.is_none() { <option value="" selected=true>{ "Choose a policy…" }</option> }
            { for targets.iter().enumerate().map(|(i, t)| html! {
                <option value={i.to_string()} selected={Some(t) == current}>{ t.label(doc).unwrap_or_default() }</option>
            }) }
        </select>
    }
}
