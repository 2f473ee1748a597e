//! The page of a section that is not built yet: what it will hold, said
//! plainly, with no sample content standing in for it.

use crate::hooks::use_app;
use crate::state::Action;
use crate::state::route::{Route, Section};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ComingProps {
    pub section: Section,
}

/// What the section will show, one sentence per point.
fn plan(section: Section) -> (&'static str, &'static [&'static str]) {
    match section {
        Section::Reports => (
            "Reports over the loaded scenario, generated in your browser.",
            &[
                "Who can reach each resource, and through which policies, as a table you can export.",
                "Principals without MFA, wide permissions and unused roles, counted per account.",
                "A printable summary of the organization's guardrails (SCPs and RCPs) and what they block.",
            ],
        ),
        Section::Findings => (
            "Problems found in the scenario, each linked to the policy and line that causes it.",
            &[
                "Access shared outside the organization or with anyone, found by the same engine that decides requests.",
                "Paths to escalate privileges (a user who can create or change policies or pass roles).",
                "Policy lint results from the editor, collected across every policy of the scenario.",
            ],
        ),
        Section::Kms => (
            "AWS Key Management Service: who can use and manage each key.",
            &[
                "Key policies next to IAM policies and grants, with the rule that a key policy must allow the account.",
                "Encrypt, Decrypt and key administration decided like any other request.",
            ],
        ),
        Section::Waf => (
            "AWS WAF: web ACLs and their rules, and what happens to a given web request.",
            &[
                "Rules evaluated in priority order, with the rule that matched and its action.",
                "Requests you write by hand: path, headers, source address.",
            ],
        ),
        Section::Threats => (
            "Threat scenarios played against the organization you built.",
            &[
                "Leaked access keys, a compromised role session, a public bucket: what an attacker could then do.",
                "Which guardrail or policy change would have stopped each step.",
            ],
        ),
        Section::Shared => (
            "The shared responsibility model: what AWS secures and what you configure.",
            &[
                "For each service in the scenario, which controls are yours (IAM, encryption, network) and which are AWS's.",
                "Links from each of your responsibilities to where the playground lets you practise it.",
            ],
        ),
        Section::Iam | Section::Help => ("", &[]),
    }
}

#[function_component(Coming)]
pub fn coming(props: &ComingProps) -> Html {
    let app = use_app();
    let (lead, points) = plan(props.section);
    html! {
        <section class="panel coming" aria-labelledby="coming-title">
            <h2 id="coming-title" class="page-title">{ props.section.label() }<span class="badge-coming">{ "coming" }</span></h2>
            <p>{ "This section is not built yet. When it lands it will show:" }</p>
            <p class="lead">{ lead }</p>
            <ul>{ for points.iter().map(|p| html! { <li>{ *p }</li> }) }</ul>
            <p class="muted">{ "Until then, the IAM section decides requests on the same scenario." }</p>
            <button type="button" onclick={app.on(Action::Navigate(Route::default()))}>{ "Go to IAM" }</button>
        </section>
    }
}
