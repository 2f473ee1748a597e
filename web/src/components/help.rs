//! The Help page: where to start, a glossary of the terms the playground
//! uses, and the keyboard shortcuts. Also the first-visit welcome.

use crate::hooks::use_app;
use crate::state::Action;
use crate::state::route::{Route, Section};
use yew::prelude::*;

/// Terms and what they mean, in the playground's words (after the AWS documentation).
pub const GLOSSARY: &[(&str, &str)] = &[
    (
        "Root user",
        "The identity created with an AWS account, signing in with the account's email address. It can do everything in its account and is not limited by IAM policies; only SCPs and RCPs of an organization restrict it. Keep it for the few tasks that need it, protected with MFA.",
    ),
    (
        "IAM user",
        "A person or application with long-term credentials (a password, access keys) in one account. A user can do nothing until a policy allows it.",
    ),
    (
        "Group",
        "A set of IAM users. Policies attached to a group apply to every member. A group is not a principal: it cannot be named in a policy's Principal or sign in.",
    ),
    (
        "Role",
        "An identity with permissions but no long-term credentials. Users, services or other accounts assume it, when its trust policy lets them, and receive temporary credentials for a role session.",
    ),
    (
        "Trust policy",
        "The resource-based policy of a role: who may assume it (sts:AssumeRole), and under which conditions, such as MFA.",
    ),
    (
        "Policy",
        "A JSON document of statements, each with an Effect (Allow or Deny), actions, resources and optional conditions. Identity policies attach to users, groups and roles; AWS managed policies are written by AWS, customer managed and inline ones by you.",
    ),
    (
        "Explicit and implicit deny",
        "A request is denied by default (implicit deny) unless a policy allows it. A Deny statement that matches (explicit deny) wins over every Allow.",
    ),
    (
        "Organization",
        "AWS Organizations groups accounts under one management account, in a tree of organizational units, so that policies can be set for many accounts at once.",
    ),
    (
        "OU (organizational unit)",
        "A folder in the organization's tree that holds accounts and other OUs. Policies attached to an OU apply to everything below it.",
    ),
    (
        "SCP (service control policy)",
        "An organization policy that sets the most the principals of member accounts can do, root users included. It grants nothing by itself; an action must be allowed at every level from the root to the account. It does not apply to the management account.",
    ),
    (
        "RCP (resource control policy)",
        "An organization policy that sets the most access anyone can have to the resources in member accounts, whoever asks, including principals outside the organization.",
    ),
    (
        "Permissions boundary",
        "A managed policy set on a user or role as the most its identity policies can grant. The effective permissions are what both the identity policies and the boundary allow.",
    ),
    (
        "Session policy",
        "A policy passed when a role session is created. It narrows the session to what both the role's policies and the session policy allow.",
    ),
    (
        "Resource-based policy",
        "A policy attached to a resource, such as a bucket policy or a key policy, naming which principals may act on it. It can grant access to principals in other accounts.",
    ),
    (
        "Cross-account access",
        "A principal in one account acting on a resource in another needs an Allow on both sides: its own account's policies and the resource's policy (or a role in the other account it can assume).",
    ),
    (
        "MFA (multi-factor authentication)",
        "A second proof of identity (an authenticator app, a hardware key, a passkey) next to the password. Policies test it with the condition key aws:MultiFactorAuthPresent.",
    ),
    (
        "Condition and context keys",
        "A statement's Condition compares keys of the request's context (aws:SourceIp, aws:MultiFactorAuthPresent, aws:PrincipalOrgID, …) with values. In the playground you set them under the request's Context.",
    ),
    (
        "ARN",
        "Amazon Resource Name: the identifier of a resource or principal, such as arn:aws:s3:::example-bucket/receipts/1.pdf.",
    ),
];

/// Keys and what they do.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Ctrl+Z / ⌘Z", "Undo a scenario edit (outside text fields)"),
    ("Ctrl+Shift+Z / Ctrl+Y", "Redo"),
    ("Ctrl+Space", "In the policy editor: show completions"),
    ("↑ ↓, Enter or Tab, Escape", "In the completion list: move, accept, close"),
    ("Tab", "In the policy editor: indent two spaces"),
    ("Escape, then Tab", "Leave the policy editor with the keyboard"),
    ("↑ ↓ Home End", "In the organization tree: move between rows"),
    ("Enter or Space", "In the organization tree and the account graph: select"),
    ("Delete", "In the organization tree: delete the OU or account (asks first)"),
];

/// Where to start: shared by the welcome and the Help page.
fn start_here() -> Html {
    html! {
        <ol class="start-here">
            <li>{ "Pick a scenario from the gallery, or start from New." }</li>
            <li>{ "Click a user, role or resource in the account graph to see and edit its policies." }</li>
            <li>{ "Change the request (who, which action, on what): the decision and the reason update as you type." }</li>
            <li>{ "Open Exercises to work through the scenario's tasks." }</li>
        </ol>
    }
}

#[function_component(Help)]
pub fn help() -> Html {
    let app = use_app();
    html! {
        <section class="panel help-page" aria-labelledby="help-title">
            <h2 id="help-title" class="page-title">{ "Help" }</h2>
            <p>{ "IAM Playground decides AWS requests the way AWS does (organization policies, identity and resource policies, boundaries, sessions) and shows why, all in your browser: nothing is sent anywhere." }</p>
            <h3>{ "Where to start" }</h3>
            { start_here() }
            <button type="button" onclick={app.on(Action::Navigate(Route::default()))}>{ "Go to IAM" }</button>
            <h3 id="glossary">{ "Glossary" }</h3>
            <dl class="glossary">
                { for GLOSSARY.iter().map(|(t, d)| html! { <><dt>{ *t }</dt><dd>{ *d }</dd></> }) }
            </dl>
            <h3 id="shortcuts">{ "Keyboard shortcuts" }</h3>
            <table class="grid shortcuts" aria-label="Keyboard shortcuts">
                <thead><tr><th scope="col">{ "Keys" }</th><th scope="col">{ "What they do" }</th></tr></thead>
                <tbody>{ for SHORTCUTS.iter().map(|(k, d)| html! { <tr><td><kbd>{ *k }</kbd></td><td>{ *d }</td></tr> }) }</tbody>
            </table>
        </section>
    }
}

/// The localStorage key remembering that the welcome was dismissed.
const WELCOMED: &str = "iam-playground-welcomed";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The first-visit welcome, until dismissed (Help shows the same again).
#[function_component(Welcome)]
pub fn welcome() -> Html {
    let app = use_app();
    let open = use_state(|| storage().and_then(|s| s.get_item(WELCOMED).ok().flatten()).is_none());
    if !*open {
        return html! {};
    }
    let dismiss = {
        let open = open.clone();
        Callback::from(move |_| {
            if let Some(s) = storage() {
                let _ = s.set_item(WELCOMED, "1");
            }
            open.set(false);
        })
    };
    let help = {
        let app = app.clone();
        let dismiss = dismiss.clone();
        Callback::from(move |e: MouseEvent| {
            dismiss.emit(e);
            app.dispatch(Action::Navigate(Route { section: Section::Help, ..Route::default() }));
        })
    };
    html! {
        <section class="welcome" aria-labelledby="welcome-title">
            <div>
                <h2 id="welcome-title">{ "Welcome to IAM Playground" }</h2>
                <p>{ "Build an AWS organization, write policies and see at once whether a request is allowed, and why. Everything runs in your browser." }</p>
                { start_here() }
            </div>
            <div class="row-actions">
                <button type="button" class="primary" onclick={dismiss}>{ "Start" }</button>
                <button type="button" onclick={help}>{ "Read the help and glossary" }</button>
            </div>
        </section>
    }
}

/// The loaded scenario's description: its first sentence, the rest on demand.
#[function_component(ScenarioAbout)]
pub fn scenario_about() -> Html {
    let app = use_app();
    let text = app.state.doc.description.trim();
    if text.is_empty() {
        return html! {};
    }
    let (first, rest) = match text.find(". ") {
        Some(i) => (&text[..=i], text[i + 1..].trim()),
        None => (text, ""),
    };
    html! {
        <section class="about" aria-label="About this scenario">
            if rest.is_empty() {
                <p><strong>{ format!("{}: ", app.state.doc.name) }</strong>{ first }</p>
            } else {
                <details>
                    <summary><strong>{ format!("{}: ", app.state.doc.name) }</strong>{ first }<span class="muted">{ " More…" }</span></summary>
                    <p>{ rest }</p>
                </details>
            }
        </section>
    }
}
