//! The policy editor: line numbers, JSON highlighting, live diagnostics from
//! the linter (underlined, listed, click to jump), completions (Ctrl+Space or
//! while typing in a string), help for the token at the caret, the deciding
//! statements highlighted, and a format button. A transparent textarea over a
//! highlighted `<pre>` keeps native editing (selection, IME, screen readers).
//!
//! This file picks the policy; `policy_editor/` holds the editor itself
//! (`body.rs`) with its hooks and parts, one component per file.

mod body;
mod code_view;
mod completions;
mod diagnostics;
mod format_button;
mod gutter;
mod help_line;
mod keys;
mod picker;
mod text;

use crate::hooks::use_app;
use crate::state::targets::PolicyTarget;
use body::EditorBody;
use iam_core::lint::PolicyType;
use iam_wire::scenario::{OrgPolicyKind, ScenarioDoc};
use picker::PolicyPicker;
use yew::prelude::*;

/// The linter's policy type for a policy of the scenario.
pub fn policy_type(target: &PolicyTarget, doc: &ScenarioDoc) -> PolicyType {
    match target {
        PolicyTarget::Inline { .. } | PolicyTarget::CustomerManaged { .. } => PolicyType::Identity,
        PolicyTarget::Trust { .. } => PolicyType::Trust,
        PolicyTarget::Resource { .. } => PolicyType::Resource,
        PolicyTarget::Org { index } => {
            match doc.organization.as_ref().and_then(|o| o.policies.get(*index)).map(|p| p.kind) {
                Some(OrgPolicyKind::Rcp) => PolicyType::Rcp,
                _ => PolicyType::Scp,
            }
        }
    }
}

#[function_component(PolicyEditor)]
pub fn policy_editor() -> Html {
    let app = use_app();
    let doc = &app.state.doc;
    match app.state.open_policy.clone().filter(|t| t.get(doc).is_some()) {
        Some(target) => html! { <EditorBody {target} /> },
        None => html! {
            <section class="panel editor" aria-label="Policy editor">
                <h2 class="panel-title">{ "Policy editor" }</h2>
                <p class="muted">{ "Choose a policy: click a user, group, role or resource, or pick one below." }</p>
                <PolicyPicker current={None::<PolicyTarget>} />
            </section>
        },
    }
}
