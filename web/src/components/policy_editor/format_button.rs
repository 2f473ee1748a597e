//! The button that pretty-prints the policy (or says where its JSON breaks).

use crate::hooks::use_app;
use crate::state::Action;
use crate::state::edit::DocEdit;
use crate::state::targets::PolicyTarget;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FormatButtonProps {
    pub target: PolicyTarget,
    pub text: AttrValue,
}

#[function_component(FormatButton)]
pub fn format_button(props: &FormatButtonProps) -> Html {
    let app = use_app();
    let onclick = {
        let target = props.target.clone();
        let text = props.text.clone();
        Callback::from(move |_| match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(v) => {
                let pretty = serde_json::to_string_pretty(&v).unwrap_or_else(|_| text.to_string());
                app.edit(DocEdit::SetPolicyText { target: target.clone(), text: pretty });
            }
            Err(e) => app.dispatch(Action::Notice(Some(format!(
                "Cannot format: the JSON is invalid at line {} column {}.",
                e.line(),
                e.column()
            )))),
        })
    };
    html! { <button type="button" {onclick}>{ "Format" }</button> }
}
