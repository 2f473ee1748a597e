//! An in-page form in place of the browser's `prompt()`: a button that opens
//! one or more text fields right where it was, validates on submit and shows
//! why a value was refused next to the field, keeping what was typed.

use crate::hooks::AppContext;
use crate::state::edit::DocEdit;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// A field of the form: its label and first value.
#[derive(Clone, PartialEq)]
pub struct AskField {
    pub label: AttrValue,
    pub initial: String,
}

impl AskField {
    pub fn new(label: &str, initial: impl Into<String>) -> Self {
        Self { label: AttrValue::from(label.to_string()), initial: initial.into() }
    }
}

#[derive(Properties, PartialEq)]
pub struct AskProps {
    /// The button that opens the form (e.g. "Add user").
    pub label: AttrValue,
    #[prop_or_default]
    pub class: Classes,
    pub fields: Vec<AskField>,
    /// The values typed; `Some(reason)` keeps the form open with that message.
    pub submit: Callback<Vec<String>, Option<String>>,
    /// The submit button's text.
    #[prop_or(AttrValue::Static("Add"))]
    pub ok: AttrValue,
}

/// A submit callback that applies the edit made from the values, or returns why it is refused.
pub fn apply_edit(
    app: &AppContext,
    make: impl Fn(Vec<String>) -> DocEdit + 'static,
) -> Callback<Vec<String>, Option<String>> {
    let app = app.clone();
    Callback::from(move |values: Vec<String>| {
        let edit = make(values);
        match edit.apply(&app.state.doc) {
            Err(e) => Some(capitalized(&e.to_string())),
            Ok(_) => {
                app.edit(edit);
                None
            }
        }
    })
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[function_component(Ask)]
pub fn ask(props: &AskProps) -> Html {
    let open = use_state(|| false);
    let values = use_state(Vec::<String>::new);
    let error = use_state(|| None::<String>);
    let first = use_node_ref();
    let id = use_memo((), |_| {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        format!("ask-{}", NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    });
    {
        let first = first.clone();
        use_effect_with(*open, move |open| {
            if *open && let Some(i) = first.cast::<web_sys::HtmlInputElement>() {
                let _ = i.focus();
                i.select();
            }
        });
    }
    if !*open {
        let onclick = {
            let (open, values, error) = (open.clone(), values.clone(), error.clone());
            let initial: Vec<String> = props.fields.iter().map(|f| f.initial.clone()).collect();
            Callback::from(move |_| {
                values.set(initial.clone());
                error.set(None);
                open.set(true);
            })
        };
        return html! { <button type="button" class={props.class.clone()} {onclick}>{ props.label.clone() }</button> };
    }
    let close = {
        let open = open.clone();
        Callback::from(move |_| open.set(false))
    };
    let onsubmit = {
        let (open, values, error, submit) = (open.clone(), values.clone(), error.clone(), props.submit.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let v: Vec<String> = values.iter().map(|s| s.trim().to_string()).collect();
            if v.iter().any(String::is_empty) {
                error.set(Some("Fill in every field.".into()));
                return;
            }
            match submit.emit(v) {
                Some(why) => error.set(Some(why)),
                None => open.set(false),
            }
        })
    };
    let onkeydown = {
        let open = open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                open.set(false);
            }
        })
    };
    let err_id = format!("{id}-error");
    html! {
        <form class="ask" aria-label={props.label.clone()} {onsubmit} {onkeydown}>
            { for props.fields.iter().enumerate().map(|(i, f)| {
                let oninput = {
                    let (values, error) = (values.clone(), error.clone());
                    Callback::from(move |e: InputEvent| {
                        let Some(t) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
                        let mut v = (*values).clone();
                        if let Some(slot) = v.get_mut(i) {
                            *slot = t.value();
                        }
                        values.set(v);
                        error.set(None);
                    })
                };
                let node = if i == 0 { first.clone() } else { NodeRef::default() };
                html! {
                    <label class="field">
                        <span>{ f.label.clone() }</span>
                        <input type="text" ref={node} value={values.get(i).cloned().unwrap_or_default()} {oninput}
                            aria-invalid={error.is_some().then_some("true")}
                            aria-describedby={error.is_some().then(|| err_id.clone())} />
                    </label>
                }
            }) }
            if let Some(e) = error.as_ref() {
                <p id={err_id.clone()} class="ask-error" role="alert">{ e }</p>
            }
            <div class="row-actions">
                <button type="submit" class="primary">{ props.ok.clone() }</button>
                <button type="button" onclick={close}>{ "Cancel" }</button>
            </div>
        </form>
    }
}
