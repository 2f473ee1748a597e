//! Workshop mode: the scenario's assertions as exercises that turn green live.
//! They are listed from the document, so a broken one can still be removed.

use crate::analysis::{context_doc, exercises};
use crate::hooks::use_app;
use crate::state::RequestState;
use crate::state::edit::DocEdit;
use iam_core::Decision;
use iam_wire::scenario::{AssertionDoc, Expect, ScenarioDoc};
use yew::prelude::*;

/// The current request and its decision as a `can` assertion, context included.
pub fn exercise_from_request(doc: &ScenarioDoc, r: &RequestState, decision: Decision) -> AssertionDoc {
    let expect = if decision == Decision::Allow { Expect::Allow } else { Expect::Deny };
    let taken = |id: &str| {
        doc.assertions.iter().any(|a| {
            matches!(a, AssertionDoc::Can { id: x, .. } | AssertionDoc::NobodyOutsideOrg { id: x, .. } | AssertionDoc::Only { id: x, .. } if x == id)
        })
    };
    let id = (doc.assertions.len() + 1..).map(|n| format!("exercise-{n}")).find(|id| !taken(id)).unwrap_or_default();
    AssertionDoc::Can {
        id,
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
        context: context_doc(&r.context),
        expect,
        allow_unknown: false,
    }
}

#[function_component(Workshop)]
pub fn workshop() -> Html {
    let app = use_app();
    let list = exercises(&app.state.doc, &app.doc);
    let total = list.len();
    let passed = list.iter().filter(|e| e.passed == Some(true)).count();
    let add = {
        let app = app.clone();
        Callback::from(move |_| {
            if let Some(d) = app.request.decision {
                app.edit(DocEdit::AddAssertion {
                    assertion: exercise_from_request(&app.state.doc, &app.state.request, d),
                });
            }
        })
    };
    let progress = if app.doc.model().is_some() || total == 0 {
        format!("{passed} of {total} exercises pass")
    } else {
        format!("{total} exercises; the scenario has errors, so they cannot be checked")
    };
    html! {
        <div class="workshop">
            <p class={classes!("progress", (passed == total && total > 0).then_some("all-pass"))} role="status">
                { progress }
            </p>
            <ol class="exercises" aria-label="Exercises">
                { for list.iter().enumerate().map(|(i, e)| {
                    let (class, mark, state) = match e.passed {
                        Some(true) => ("pass", "✓", " (passes)"),
                        Some(false) => ("fail", "✗", " (fails)"),
                        None => ("fail unchecked", "!", " (cannot be checked)"),
                    };
                    html! {
                        <li class={classes!("exercise", class)}>
                            <span class="mark" aria-hidden="true">{ mark }</span>
                            <div>
                                <strong>{ &e.title }</strong>
                                <span class="visually-hidden">{ state }</span>
                                <div class="small muted">{ &e.summary }</div>
                            </div>
                            <button type="button" class="small" aria-label={format!("Remove exercise {}", e.id)} onclick={app.on_edit(DocEdit::DeleteAssertion { index: i })}>{ "×" }</button>
                        </li>
                    }
                }) }
            </ol>
            <button type="button" onclick={add} disabled={app.request.decision.is_none()}>{ "Add the current request as an exercise" }</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze_doc, analyze_request};
    use crate::state::gallery::default_scenario;

    #[test]
    fn an_exercise_keeps_the_request_context() {
        let mut doc = default_scenario();
        // Carla may switch to the Cashier role only with MFA.
        let request = RequestState {
            principal: "finance/user/carla".into(),
            action: "sts:AssumeRole".into(),
            resource: "arn:aws:iam::222233334444:role/Cashier".into(),
            context: vec![("aws:MultiFactorAuthPresent".into(), "true".into())],
            switched_from: None,
        };
        let decision = analyze_request(&analyze_doc(&doc, None), &request).decision.unwrap();
        assert_eq!(decision, Decision::Allow);
        let exercise = exercise_from_request(&doc, &request, decision);
        doc.assertions.push(exercise);
        let a = analyze_doc(&doc, None);
        let (case, outcome) = a.assertions.last().unwrap();
        assert!(outcome.passed, "{}: {}", case.id, outcome.summary);
        assert_eq!(case.id, format!("exercise-{}", doc.assertions.len()));
    }
}
