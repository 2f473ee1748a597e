//! Completions: the `use_completions` hook (open the list at the caret,
//! accept an item, put the caret after it) and the list under the caret.

use super::text::{LINE_PX, PAD_PX, byte_of_utf16, with_completion};
use crate::hooks::AppContext;
use crate::state::edit::DocEdit;
use crate::state::targets::PolicyTarget;
use iam_core::LineIndex;
use iam_core::authoring::{CompletionItem, complete};
use iam_core::lint::PolicyType;
use std::rc::Rc;
use yew::prelude::*;

/// The open completion list.
#[derive(Clone, PartialEq)]
pub struct Popup {
    pub items: Vec<CompletionItem>,
    pub selected: usize,
    /// Where the caret was (byte offset), for placing the list.
    pub at: usize,
}

/// The id of completion option `i`, for `aria-activedescendant`.
pub fn option_id(i: usize) -> String {
    format!("completion-{i}")
}

/// The caret of the textarea as a byte offset into `text`.
pub fn caret(textarea: &NodeRef, text: &str) -> Option<usize> {
    let el = textarea.cast::<web_sys::HtmlTextAreaElement>()?;
    let units = el.selection_start().ok().flatten()?;
    Some(byte_of_utf16(text, units))
}

/// Opens the completion list for a text (and whether the user asked for it).
pub type ShowFn = Rc<dyn Fn(&str, bool)>;

#[derive(Clone)]
pub struct Completions {
    pub popup: UseStateHandle<Option<Popup>>,
    /// Opens the list at the caret for this text: `explicit` (Ctrl+Space)
    /// always; while typing only inside a string with something typed.
    pub show: ShowFn,
    /// Inserts the item and puts the caret after it.
    pub accept: Callback<CompletionItem>,
}

#[hook]
pub fn use_completions(
    app: &AppContext,
    target: &PolicyTarget,
    text: &str,
    ty: PolicyType,
    textarea: &NodeRef,
) -> Completions {
    let popup = use_state(|| None::<Popup>);
    // A caret position to restore after the next render (after a completion).
    let pending_caret = use_mut_ref(|| None::<usize>);
    {
        let textarea = textarea.clone();
        let pending_caret = pending_caret.clone();
        let text = text.to_string();
        use_effect(move || {
            if let (Some(at), Some(el)) =
                (pending_caret.borrow_mut().take(), textarea.cast::<web_sys::HtmlTextAreaElement>())
            {
                let u = LineIndex::new(&text).utf16_offset(u32::try_from(at).unwrap_or(u32::MAX));
                let _ = el.focus();
                let _ = el.set_selection_range(u, u);
            }
        });
    }
    let show: ShowFn = {
        let popup = popup.clone();
        let catalog = app.catalog.clone();
        let textarea = textarea.clone();
        Rc::new(move |text: &str, explicit: bool| {
            let (Some(c), Some(at)) = (catalog.as_ref(), caret(&textarea, text)) else { return };
            let mut items = complete(text, at, ty, c.as_ref());
            // While typing, only offer completions inside a string with something typed.
            let typed = items.first().is_some_and(|i| i.replace.end > i.replace.start);
            if items.is_empty() || (!explicit && !typed) {
                popup.set(None);
                return;
            }
            items.truncate(40);
            popup.set(Some(Popup { items, selected: 0, at }));
        })
    };
    let accept = {
        let app = app.clone();
        let target = target.clone();
        let popup = popup.clone();
        let text = text.to_string();
        Callback::from(move |item: CompletionItem| {
            let Some((next, caret)) = with_completion(&text, &item) else { return };
            *pending_caret.borrow_mut() = Some(caret);
            app.edit(DocEdit::SetPolicyText { target: target.clone(), text: next });
            popup.set(None);
        })
    };
    Completions { popup, show, accept }
}

#[derive(Properties, PartialEq)]
pub struct CompletionListProps {
    pub popup: Popup,
    pub text: AttrValue,
    pub textarea: NodeRef,
    /// A span of ten characters, to measure the font's character width.
    pub measure: NodeRef,
    pub on_accept: Callback<CompletionItem>,
}

/// Where the completion list goes (CSS properties in pixels): under the caret,
/// or above it near the editor's bottom, narrower near its right edge, always
/// inside the editor (which clips).
fn popup_position(p: &Popup, text: &str, textarea: &NodeRef, measure: &NodeRef) -> Vec<(&'static str, f64)> {
    let pos = LineIndex::new(text).line_col(u32::try_from(p.at).unwrap_or(u32::MAX));
    let char_w = measure.cast::<web_sys::Element>().map_or(7.8, |m| m.get_bounding_client_rect().width() / 10.0);
    let (st, sl, width, height) = textarea.cast::<web_sys::Element>().map_or((0, 0, 600.0, 400.0), |t| {
        let r = t.get_bounding_client_rect();
        (t.scroll_top(), t.scroll_left(), r.width(), r.height())
    });
    let caret_top = PAD_PX + f64::from(pos.line.saturating_sub(1)) * LINE_PX - f64::from(st);
    // Keep the list inside the editor (which clips): narrower near its right edge,
    // above the caret near its bottom.
    let left = (PAD_PX + f64::from(pos.column - 1) * char_w - f64::from(sl)).min(width - 270.0).max(0.0);
    let max_width = (width - left - 4.0).max(200.0);
    let below = caret_top + LINE_PX + 2.0;
    let room_below = height - below - 4.0;
    let room_above = caret_top - 2.0;
    if room_below >= 120.0 || room_below >= room_above {
        vec![("top", below), ("left", left), ("max-width", max_width), ("max-height", room_below.clamp(80.0, 240.0))]
    } else {
        vec![
            ("bottom", height - caret_top + 2.0),
            ("left", left),
            ("max-width", max_width),
            ("max-height", room_above.clamp(80.0, 240.0)),
        ]
    }
}

#[function_component(CompletionList)]
pub fn completion_list(props: &CompletionListProps) -> Html {
    let p = &props.popup;
    let placement = popup_position(p, &props.text, &props.textarea, &props.measure);
    // Placed through the CSSOM, not a `style` attribute: the Content-Security-Policy
    // (index.html) has no 'unsafe-inline' for styles, which blocks style attributes.
    let list = use_node_ref();
    {
        let list = list.clone();
        use_effect(move || {
            if let Some(el) = list.cast::<web_sys::HtmlElement>() {
                let style = el.style();
                for prop in ["top", "bottom", "left", "max-width", "max-height"] {
                    let _ = style.remove_property(prop);
                }
                for (prop, px) in &placement {
                    let _ = style.set_property(prop, &format!("{px}px"));
                }
            }
        });
    }
    html! {
        <ul ref={list} id="completions" class="completions" role="listbox" aria-label="Completions">
            { for p.items.iter().enumerate().map(|(i, item)| {
                let accept = props.on_accept.clone();
                let it = item.clone();
                let onmousedown = Callback::from(move |e: MouseEvent| {
                    e.prevent_default();
                    accept.emit(it.clone());
                });
                html! {
                    <li id={option_id(i)} role="option" aria-selected={(i == p.selected).to_string()} class={classes!((i == p.selected).then_some("selected"))} {onmousedown}>
                        <span class="c-label">{ &item.label }</span>
                        if let Some(d) = &item.detail { <span class="c-detail">{ d }</span> }
                    </li>
                }
            }) }
        </ul>
    }
}
