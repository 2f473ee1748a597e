//! The `use_editor_keys` hook: the textarea's input, keyboard, click and blur
//! handlers. Typing offers completions, arrows and Enter drive the list, Tab
//! indents, and Escape lets the next Tab leave the editor (no keyboard trap).

use super::completions::{Completions, Popup};
use super::help_line::{Help, LEAVE_HINT};
use super::text::{byte_of_utf16, with_indent};
use crate::hooks::{AppContext, input_value};
use crate::state::edit::DocEdit;
use crate::state::targets::PolicyTarget;
use wasm_bindgen::JsCast;
use yew::prelude::*;

pub struct EditorKeys {
    pub oninput: Callback<InputEvent>,
    pub onkeydown: Callback<KeyboardEvent>,
    pub onkeyup: Callback<KeyboardEvent>,
    pub onclick: Callback<MouseEvent>,
    pub onblur: Callback<FocusEvent>,
}

fn textarea_of(e: &Event) -> Option<web_sys::HtmlTextAreaElement> {
    e.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
}

#[hook]
pub fn use_editor_keys(app: &AppContext, target: &PolicyTarget, completions: &Completions, help: &Help) -> EditorKeys {
    // Tab indents; after Escape the next Tab leaves the editor.
    let tab_leaves = use_mut_ref(|| false);
    let oninput = {
        let app = app.clone();
        let target = target.clone();
        let show = completions.show.clone();
        Callback::from(move |e: InputEvent| {
            let value = input_value(&e);
            app.edit(DocEdit::SetPolicyText { target: target.clone(), text: value.clone() });
            let typed_char =
                e.data().is_some_and(|d| d.chars().all(|c| c.is_ascii_alphanumeric() || c == ':' || c == '*'));
            if typed_char {
                show(&value, false);
            }
        })
    };
    let onkeydown = {
        let app = app.clone();
        let target = target.clone();
        let Completions { popup, show, accept } = completions.clone();
        let tab_leaves = tab_leaves.clone();
        let help = help.text.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(el) = textarea_of(&e) else { return };
            let leaving = std::mem::take(&mut *tab_leaves.borrow_mut());
            if let Some(p) = (*popup).clone() {
                let n = p.items.len();
                match e.key().as_str() {
                    "ArrowDown" => popup.set(Some(Popup { selected: (p.selected + 1) % n, ..p })),
                    "ArrowUp" => popup.set(Some(Popup { selected: (p.selected + n - 1) % n, ..p })),
                    "Enter" | "Tab" => {
                        if let Some(item) = p.items.get(p.selected) {
                            accept.emit(item.clone());
                        }
                    }
                    "Escape" => popup.set(None),
                    _ => return,
                }
                e.prevent_default();
                return;
            }
            if e.key() == " " && e.ctrl_key() {
                e.prevent_default();
                show(&el.value(), true);
                return;
            }
            if e.key() == "Escape" {
                *tab_leaves.borrow_mut() = true;
                help.set(Some(LEAVE_HINT.into()));
                return;
            }
            // Tab inserts two spaces, unless it follows Escape (then the browser moves focus on).
            if e.key() == "Tab" && !e.shift_key() && !leaving {
                e.prevent_default();
                let value = el.value();
                let start = el.selection_start().ok().flatten().unwrap_or(0);
                let next = with_indent(&value, byte_of_utf16(&value, start));
                el.set_value(&next);
                let _ = el.set_selection_range(start + 2, start + 2);
                app.edit(DocEdit::SetPolicyText { target: target.clone(), text: next });
            }
        })
    };
    let onkeyup = {
        let update = help.update.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                return; // keep the hint that Tab now leaves
            }
            if let Some(el) = textarea_of(&e) {
                update(&el.value());
            }
        })
    };
    let onclick = {
        let update = help.update.clone();
        let popup = completions.popup.clone();
        Callback::from(move |e: MouseEvent| {
            popup.set(None);
            if let Some(el) = textarea_of(&e) {
                update(&el.value());
            }
        })
    };
    let onblur = {
        let (popup, help) = (completions.popup.clone(), help.text.clone());
        Callback::from(move |_: FocusEvent| {
            popup.set(None);
            // Escape only lets the very next Tab out, not one after coming back.
            *tab_leaves.borrow_mut() = false;
            if help.as_deref() == Some(LEAVE_HINT) {
                help.set(None);
            }
        })
    };
    EditorKeys { oninput, onkeydown, onkeyup, onclick, onblur }
}
