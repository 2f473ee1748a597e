//! The root component: state, analyses, data loading, persistence, layout.

use crate::analysis::{analyze_doc_with, analyze_request};
use crate::components::{
    account_graph::AccountGraph,
    coming::Coming,
    decision_panel::DecisionBar,
    entity_panel::EntityPanel,
    help::{Help, ScenarioAbout, Welcome},
    notice::Notice,
    org_tree::OrgTree,
    policy_editor::PolicyEditor,
    request_panel::RequestPanel,
    results_panel::ResultsPanel,
    topbar::TopBar,
};
use crate::hooks::AppContext;
use crate::state::route::{Route, Section};
use crate::state::{Action, AppState};
use gloo::events::{EventListener, EventListenerOptions};
use iam_catalog::ManagedPolicies;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The autosave with any share link applied on top (see `autosave`), then the
/// route the address names (`#/reports`), which is where to go, not a link to open.
fn initial_state() -> AppState {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    let start = crate::autosave::initial_state();
    match Route::parse(&hash) {
        Some(r) => {
            let notice = start.notice.clone();
            start.apply(Action::Navigate(r)).with_notice(notice)
        }
        None => start,
    }
}

/// The address bar follows the route: a new history entry per navigation (so
/// Back works), replacing an empty or share-link hash.
fn sync_hash(route: Route) {
    let Some(w) = web_sys::window() else { return };
    let loc = w.location();
    let current = loc.hash().unwrap_or_default();
    let wanted = route.to_hash();
    if current == wanted {
        return;
    }
    if Route::is_route(&current) {
        let _ = loc.set_hash(&wanted);
    } else if let Ok(h) = w.history() {
        let url = format!("{}{}{}", loc.pathname().unwrap_or_default(), loc.search().unwrap_or_default(), wanted);
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Is the key event in an input or textarea with its own undo? The policy
/// editor's text is the scenario, so there Ctrl+Z undoes scenario edits.
fn in_own_text_field(e: &web_sys::KeyboardEvent) -> bool {
    let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return false };
    match el.tag_name().to_ascii_lowercase().as_str() {
        // Checkboxes and file pickers have no text to undo.
        "input" => !matches!(el.get_attribute("type").as_deref(), Some("checkbox" | "radio" | "file" | "button")),
        "textarea" => !el.class_name().split_whitespace().any(|c| c == "code-input"),
        _ => false,
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(initial_state);
    let managed = use_state(|| None::<Rc<ManagedPolicies>>);
    let catalog = use_state(|| None::<Rc<iam_catalog::IamCatalog>>);

    // The AWS managed policy corpus arrives after first paint.
    {
        let managed = managed.clone();
        let state = state.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match crate::data::fetch_managed_policies().await {
                    Ok(m) => managed.set(Some(Rc::new(m))),
                    Err(e) => {
                        state.dispatch(Action::Notice(Some(format!("AWS managed policies could not be loaded: {e}"))))
                    }
                }
            });
        });
    }

    // The action catalog (linting, completions, what-can) also arrives after first paint.
    {
        let catalog = catalog.clone();
        let state = state.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match crate::data::fetch_catalog().await {
                    Ok(c) => catalog.set(Some(Rc::new(c))),
                    Err(e) => {
                        state.dispatch(Action::Notice(Some(format!("The IAM action catalog could not be loaded: {e}"))))
                    }
                }
            });
        });
    }

    // Compiled policies, kept across revisions: only the edited one changes per keystroke.
    let policy_cache = use_mut_ref(iam_wire::scenario::PolicyCache::new);
    let doc_analysis = {
        let doc = state.doc.clone();
        let m = (*managed).clone();
        let c = (*catalog).clone();
        use_memo((state.revision, managed.is_some(), catalog.is_some()), move |_| {
            let catalog = c.as_deref().map(|c| c as &dyn iam_core::catalog::Catalog);
            analyze_doc_with(&doc, m.as_deref(), catalog, &mut policy_cache.borrow_mut())
        })
    };
    let request_analysis = {
        let req = state.request.clone();
        let da = doc_analysis.clone();
        use_memo((state.revision, state.request_revision, managed.is_some()), move |_| analyze_request(&da, &req))
    };

    // Autosave, debounced, with its alerts (see `autosave`).
    crate::autosave::use_autosave(&state);

    // Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z (or Ctrl+Y) undo and redo scenario edits,
    // except in text fields, whose own undo is what a person typing expects.
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let document = web_sys::window().and_then(|w| w.document());
            // Not passive: the handler calls `preventDefault`.
            let options = EventListenerOptions::enable_prevent_default();
            let listener = document.map(|d| {
                EventListener::new_with_options(&d, "keydown", options, move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else { return };
                    let key = e.key().to_ascii_lowercase();
                    if !(e.ctrl_key() || e.meta_key()) || in_own_text_field(e) {
                        return;
                    }
                    if key == "z" && !e.shift_key() {
                        e.prevent_default();
                        state.dispatch(Action::Undo);
                    } else if (key == "z" && e.shift_key()) || key == "y" {
                        e.prevent_default();
                        state.dispatch(Action::Redo);
                    }
                })
            });
            move || drop(listener)
        });
    }

    // The route in the address bar: written on navigation, read on Back/Forward and links.
    {
        let route = state.route();
        use_effect_with(route, move |r| sync_hash(*r));
    }
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "hashchange", move |_| {
                    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
                    if let Some(r) = Route::parse(&hash) {
                        state.dispatch(Action::Navigate(r));
                    }
                })
            });
            move || drop(listener)
        });
    }

    let ctx = AppContext {
        state: state.clone(),
        doc: doc_analysis,
        request: request_analysis,
        managed: (*managed).clone(),
        catalog: (*catalog).clone(),
    };
    let body = match state.section {
        Section::Iam if state.view.is_wide() => html! {
            <main id="main" class="layout wide" aria-label="IAM">
                <div class="col col-request">
                    <RequestPanel />
                </div>
                <div class="col col-results">
                    <ResultsPanel />
                </div>
            </main>
        },
        Section::Iam => html! {
            <main id="main" class="layout" aria-label="IAM">
                <div class="col col-org">
                    <OrgTree />
                    <AccountGraph />
                    <EntityPanel />
                </div>
                <div class="col col-editor">
                    <PolicyEditor />
                </div>
                <div class="col col-request">
                    <RequestPanel />
                    <ResultsPanel />
                </div>
                <DecisionBar />
            </main>
        },
        Section::Help => html! { <main id="main" class="page"><Help /></main> },
        other => html! { <main id="main" class="page"><Coming section={other} /></main> },
    };
    html! {
        <ContextProvider<AppContext> context={ctx}>
            <TopBar />
            <Notice />
            <Welcome />
            if state.section == Section::Iam { <ScenarioAbout /> }
            { body }
        </ContextProvider<AppContext>>
    }
}
