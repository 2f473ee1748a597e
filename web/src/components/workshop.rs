//! Workshop mode: the scenario's assertions as exercises that turn green live.

use crate::hooks::use_app;
use crate::state::edit::DocEdit;
use iam_core::Decision;
use iam_wire::scenario::{AssertionDoc, Expect};
use yew::prelude::*;

#[function_component(Workshop)]
pub fn workshop() -> Html {
    let app = use_app();
    let results = &app.doc.assertions;
    let total = results.len();
    let passed = app.doc.passed();
    let add = {
        let app = app.clone();
        Callback::from(move |_| {
            let r = &app.state.request;
            let expect = match app.request.decision {
                Some(Decision::Allow) => Expect::Allow,
                Some(_) => Expect::Deny,
                None => return,
            };
            app.edit(DocEdit::AddAssertion {
                assertion: AssertionDoc::Can {
                    id: format!("exercise-{}", app.state.doc.assertions.len() + 1),
                    description: format!(
                        "{} {} {} on {}",
                        r.principal,
                        if expect == Expect::Allow { "can" } else { "cannot" },
                        r.action,
                        r.resource
                    ),
                    principal: r.principal.clone(),
                    action: r.action.clone(),
                    resource: r.resource.clone(),
                    context: Default::default(),
                    expect,
                },
            });
        })
    };
    html! {
        <div class="workshop">
            <p class={classes!("progress", (passed == total && total > 0).then_some("all-pass"))} role="status">
                { format!("{passed} of {total} exercises pass") }
            </p>
            <ol class="exercises" aria-label="Exercises">
                { for results.iter().enumerate().map(|(i, (case, outcome))| html! {
                    <li class={classes!("exercise", if outcome.passed { "pass" } else { "fail" })}>
                        <span class="mark" aria-hidden="true">{ if outcome.passed { "✓" } else { "✗" } }</span>
                        <div>
                            <strong>{ if case.description.is_empty() { case.id.clone() } else { case.description.clone() } }</strong>
                            <span class="visually-hidden">{ if outcome.passed { " (passes)" } else { " (fails)" } }</span>
                            <div class="small muted">{ &outcome.summary }</div>
                        </div>
                        <button type="button" class="small" aria-label={format!("Remove exercise {}", case.id)} onclick={app.on_edit(DocEdit::DeleteAssertion { index: i })}>{ "×" }</button>
                    </li>
                }) }
            </ol>
            <button type="button" onclick={add} disabled={app.request.decision.is_none()}>{ "Add the current request as an exercise" }</button>
        </div>
    }
}
