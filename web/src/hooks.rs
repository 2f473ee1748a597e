//! The app context: the state handle, the analyses, and loaded data, behind
//! `use_app()` with domain methods so components stay small.

use crate::analysis::{DocAnalysis, RequestAnalysis};
use crate::state::edit::DocEdit;
use crate::state::{Action, AppState};
use iam_catalog::ManagedPolicies;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Clone)]
pub struct AppContext {
    pub state: UseReducerHandle<AppState>,
    pub doc: Rc<DocAnalysis>,
    pub request: Rc<RequestAnalysis>,
    pub managed: Option<Rc<ManagedPolicies>>,
    /// The IAM action catalog, once fetched (linting, completions, what-can).
    pub catalog: Option<Rc<iam_catalog::IamCatalog>>,
}

impl PartialEq for AppContext {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state
            && Rc::ptr_eq(&self.doc, &other.doc)
            && Rc::ptr_eq(&self.request, &other.request)
            && self.managed.is_some() == other.managed.is_some()
            && self.catalog.is_some() == other.catalog.is_some()
    }
}

impl AppContext {
    pub fn dispatch(&self, a: Action) {
        self.state.dispatch(a);
    }

    pub fn edit(&self, e: DocEdit) {
        self.state.dispatch(Action::Edit(e));
    }

    /// A callback that dispatches a fixed action.
    pub fn on<E>(&self, a: Action) -> Callback<E> {
        let s = self.state.clone();
        Callback::from(move |_| s.dispatch(a.clone()))
    }

    /// A callback that dispatches an edit.
    pub fn on_edit<E>(&self, e: DocEdit) -> Callback<E> {
        self.on(Action::Edit(e))
    }
}

#[hook]
pub fn use_app() -> AppContext {
    #[allow(clippy::expect_used, reason = "the provider wraps the whole app; a missing one is a programming error")]
    use_context::<AppContext>().expect("AppContext provider")
}

/// The value of an `<input>`/`<select>`/`<textarea>` from an event.
pub fn input_value(e: &Event) -> String {
    use wasm_bindgen::JsCast;
    let Some(target) = e.target() else { return String::new() };
    if let Some(i) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        return i.value();
    }
    if let Some(s) = target.dyn_ref::<web_sys::HtmlSelectElement>() {
        return s.value();
    }
    if let Some(t) = target.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        return t.value();
    }
    String::new()
}

/// Asks the user for text (a name); `None` if cancelled.
pub fn prompt(message: &str, default: &str) -> Option<String> {
    web_sys::window()?
        .prompt_with_message_and_default(message, default)
        .ok()
        .flatten()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

pub fn confirm(message: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(message).ok()).unwrap_or(false)
}

/// `1 error`, `2 errors`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
