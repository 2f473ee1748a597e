//! Workshop mode: the scenario's assertions as exercises that turn green live.
//! They are listed from the document, so a broken one can still be removed.

use crate::analysis::{context_doc, exercises};
use crate::hooks::{confirm, use_app};
use crate::state::edit::DocEdit;
use crate::state::{Action, RequestState, View};
use iam_core::Decision;
use iam_wire::scenario::{AssertionDoc, ContextValueDoc, Expect, ScenarioDoc};
use yew::prelude::*;

/// The current request as a `can` assertion expecting `expect`, context included.
pub fn exercise_from_request(doc: &ScenarioDoc, r: &RequestState, expect: Expect) -> AssertionDoc {
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

/// The expectation matching a decision.
pub fn expect_of(d: Decision) -> Expect {
    if d == Decision::Allow { Expect::Allow } else { Expect::Deny }
}

/// A context value of a document as the request panel's text (`[a, b]` for a list).
fn context_text(v: &ContextValueDoc) -> String {
    match v {
        ContextValueDoc::Bool(b) => b.to_string(),
        ContextValueDoc::Number(n) => n.to_string(),
        ContextValueDoc::Text(t) => t.clone(),
        ContextValueDoc::List(l) => format!("[{}]", l.iter().map(context_text).collect::<Vec<_>>().join(", ")),
    }
}

/// The request an exercise checks, to decide it in the request panel (`can` exercises only).
pub fn request_of(a: &AssertionDoc) -> Option<RequestState> {
    match a {
        AssertionDoc::Can { principal, action, resource, context, .. } => Some(RequestState {
            principal: principal.clone(),
            action: action.clone(),
            resource: resource.clone(),
            context: context.iter().map(|(k, v)| (k.clone(), context_text(v))).collect(),
            switched_from: None,
        }),
        _ => None,
    }
}

/// Document order with failing (and unchecked) exercises first.
pub fn failing_first(passed: &[Option<bool>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..passed.len()).collect();
    order.sort_by_key(|&i| passed.get(i).copied().flatten() == Some(true));
    order
}

#[function_component(Workshop)]
pub fn workshop() -> Html {
    let app = use_app();
    let list = exercises(&app.state.doc, &app.doc);
    let total = list.len();
    let passed = list.iter().filter(|e| e.passed == Some(true)).count();
    // The author chooses what the exercise expects; the current decision is offered.
    let chosen = use_state(|| None::<Expect>);
    let expect = (*chosen).or(app.request.decision.map(expect_of)).unwrap_or(Expect::Allow);
    let add = {
        let app = app.clone();
        let chosen = chosen.clone();
        Callback::from(move |_| {
            app.edit(DocEdit::AddAssertion {
                assertion: exercise_from_request(&app.state.doc, &app.state.request, expect),
            });
            chosen.set(None);
        })
    };
    let pick = |e: Expect| {
        let chosen = chosen.clone();
        Callback::from(move |_| chosen.set(Some(e)))
    };
    let order = failing_first(&list.iter().map(|e| e.passed).collect::<Vec<_>>());
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
                { for order.iter().filter_map(|&i| list.get(i).map(|e| (i, e))).map(|(i, e)| {
                    let (class, mark, state) = match e.passed {
                        Some(true) => ("pass", "✓", " (passes)"),
                        Some(false) => ("fail", "✗", " (fails)"),
                        None => ("fail unchecked", "!", " (cannot be checked)"),
                    };
                    let request = app.state.doc.assertions.get(i).and_then(request_of);
                    let open = request.map(|r| {
                        let app = app.clone();
                        Callback::from(move |_: MouseEvent| {
                            app.dispatch(Action::SetRequest(r.clone()));
                            app.dispatch(Action::SetView(View::Decision));
                        })
                    });
                    let remove = {
                        let app = app.clone();
                        let title = e.title.clone();
                        Callback::from(move |_| {
                            if confirm(&format!("Remove the exercise \"{title}\"? Undo brings it back.")) {
                                app.edit(DocEdit::DeleteAssertion { index: i });
                            }
                        })
                    };
                    html! {
                        <li class={classes!("exercise", class)}>
                            <span class="mark" aria-hidden="true">{ mark }</span>
                            <div>
                                if let Some(onclick) = open {
                                    <button type="button" class="link exercise-title" {onclick} title="Decide this exercise's request">
                                        <strong>{ &e.title }</strong>
                                    </button>
                                } else {
                                    <strong>{ &e.title }</strong>
                                }
                                <span class="visually-hidden">{ state }</span>
                                <div class="small muted">{ &e.summary }</div>
                            </div>
                            <button type="button" class="small" aria-label={format!("Remove exercise {}", e.id)} onclick={remove}>{ "×" }</button>
                        </li>
                    }
                }) }
            </ol>
            <fieldset class="add-exercise">
                <legend>{ "Add the current request as an exercise" }</legend>
                <p class="small muted">{ format!("{} → {} on {}", app.state.request.principal, app.state.request.action, app.state.request.resource) }</p>
                <div class="inline" role="radiogroup" aria-label="Expected outcome">
                    <label class="inline"><input type="radio" name="expect" checked={expect == Expect::Allow} onchange={pick(Expect::Allow)} />{ "must be allowed" }</label>
                    <label class="inline"><input type="radio" name="expect" checked={expect == Expect::Deny} onchange={pick(Expect::Deny)} />{ "must be denied" }</label>
                </div>
                <button type="button" onclick={add}>{ "Add exercise" }</button>
            </fieldset>
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
        let exercise = exercise_from_request(&doc, &request, expect_of(decision));
        doc.assertions.push(exercise);
        let a = analyze_doc(&doc, None);
        let (case, outcome) = a.assertions.last().unwrap();
        assert!(outcome.passed, "{}: {}", case.id, outcome.summary);
        assert_eq!(case.id, format!("exercise-{}", doc.assertions.len()));
        // Clicking it puts the same request back in the panel.
        assert_eq!(request_of(doc.assertions.last().unwrap()), Some(request));
    }

    #[test]
    fn failing_exercises_come_first_in_document_order() {
        assert_eq!(failing_first(&[Some(true), Some(false), None, Some(true), Some(false)]), vec![1, 2, 4, 0, 3]);
    }

    #[test]
    fn an_exercise_can_expect_the_opposite_of_today() {
        let doc = default_scenario();
        let request = crate::state::default_request(&doc);
        let a = exercise_from_request(&doc, &request, Expect::Deny);
        assert!(matches!(a, AssertionDoc::Can { expect: Expect::Deny, .. }));
    }
}
