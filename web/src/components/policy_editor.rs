//! The policy editor: line numbers, JSON highlighting, live diagnostics from
//! the linter (underlined, listed, click to jump), completions (Ctrl+Space or
//! while typing in a string), help for the token at the caret, the deciding
//! statements highlighted, and a format button. A transparent textarea over a
//! highlighted `<pre>` keeps native editing (selection, IME, screen readers).

use crate::analysis::DiagnosticView;
use crate::highlight::{Mark, highlight};
use crate::hooks::{AppContext, input_value, use_app};
use crate::state::Action;
use crate::state::edit::DocEdit;
use crate::state::targets::{PolicyTarget, all_policy_targets};
use iam_core::authoring::{CompletionItem, complete, hover};
use iam_core::lint::{PolicyType, lint};
use iam_core::{LineIndex, Severity};
use iam_wire::scenario::{OrgPolicyKind, ScenarioDoc};
use wasm_bindgen::JsCast;
use yew::prelude::*;

const DEFAULT_HELP: &str = "Ctrl+Space completes actions, ARNs, operators and keys; this line explains what the caret is on. Tab indents: press Escape, then Tab, to move on.";
const LEAVE_HINT: &str = "Tab now moves to the next control; any other key keeps editing.";

const LINE_PX: f64 = 20.0;
const PAD_PX: f64 = 8.0;

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "d-error",
        Severity::SecurityWarning => "d-security",
        Severity::Warning => "d-warning",
        Severity::Suggestion => "d-suggestion",
    }
}

/// The linter's policy type for a policy of the scenario.
pub fn policy_type(target: &PolicyTarget, doc: &ScenarioDoc) -> PolicyType {
    match target {
        PolicyTarget::Inline { .. } | PolicyTarget::CustomerManaged { .. } => PolicyType::Identity,
        PolicyTarget::Trust { .. } => PolicyType::Trust,
        PolicyTarget::Resource { .. } => PolicyType::Resource,
        PolicyTarget::Org { index } => {
            match doc.organization.as_ref().and_then(|o| o.policies.get(*index)).map(|p| p.kind) {
                Some(OrgPolicyKind::Rcp) => PolicyType::Rcp,
                _ => PolicyType::Scp,
            }
        }
    }
}

/// The id of completion option `i`, for `aria-activedescendant`.
fn option_id(i: usize) -> String {
    format!("completion-{i}")
}

/// Byte offset of a UTF-16 position (what a textarea reports).
fn byte_of_utf16(text: &str, units: u32) -> usize {
    let mut seen = 0u32;
    for (i, c) in text.char_indices() {
        if seen >= units {
            return i;
        }
        seen += c.len_utf16() as u32;
    }
    text.len()
}

#[function_component(PolicyEditor)]
pub fn policy_editor() -> Html {
    let app = use_app();
    let doc = &app.state.doc;
    let targets = all_policy_targets(doc);
    match app.state.open_policy.clone().filter(|t| t.get(doc).is_some()) {
        Some(target) => html! { <EditorBody {target} /> },
        None => html! {
            <section class="panel editor" aria-label="Policy editor">
                <h2 class="panel-title">{ "Policy editor" }</h2>
                <p class="muted">{ "Choose a policy: click a user, group, role or resource, or pick one below." }</p>
                { picker(&app, &targets, None) }
            </section>
        },
    }
}

#[derive(Properties, PartialEq)]
struct BodyProps {
    target: PolicyTarget,
}

#[derive(Clone, PartialEq)]
struct Popup {
    items: Vec<CompletionItem>,
    selected: usize,
    /// Where the caret was (byte offset), for placing the list.
    at: usize,
}

#[function_component(EditorBody)]
fn editor_body(props: &BodyProps) -> Html {
    let app = use_app();
    let doc = &app.state.doc;
    let target = props.target.clone();
    let textarea = use_node_ref();
    let overlay = use_node_ref();
    let gutter = use_node_ref();
    let measure = use_node_ref();
    let popup = use_state(|| None::<Popup>);
    let help = use_state(|| None::<String>);
    // A caret position to restore after the next render (after a completion).
    let pending_caret = use_mut_ref(|| None::<usize>);
    // Tab indents; after Escape the next Tab leaves the editor (no keyboard trap).
    let tab_leaves = use_mut_ref(|| false);
    let targets = all_policy_targets(doc);
    let text = target.get(doc).map(|d| d.text()).unwrap_or_default();
    let ty = policy_type(&target, doc);

    // The linter (with the catalog) once it has arrived; parser diagnostics until then.
    let linted = {
        let catalog = app.catalog.clone();
        use_memo((text.clone(), ty, catalog.is_some()), move |(text, ty, _)| {
            catalog.as_ref().map(|c| {
                let idx = LineIndex::new(text);
                lint(text, *ty, c.as_ref()).iter().map(|d| DiagnosticView::new(d, &idx)).collect::<Vec<_>>()
            })
        })
    };
    let diags: Vec<DiagnosticView> =
        (*linted).clone().unwrap_or_else(|| app.doc.diagnostics.get(&target).cloned().unwrap_or_default());

    let mut marks: Vec<Mark> = diags
        .iter()
        .map(|d| Mark { start: d.start as usize, end: d.end as usize, class: severity_class(d.severity) })
        .collect();
    // The statements deciding the current request, where they live in this policy.
    for st in app.request.layers.iter().flat_map(|l| &l.statements) {
        if st.applied && st.target.as_ref() == Some(&target) {
            let class = if st.effect == "Deny" { "decides-deny" } else { "decides" };
            marks.push(Mark { start: st.start as usize, end: st.end as usize, class });
        }
    }
    if let Some((s, e)) = app.state.highlight {
        marks.push(Mark { start: s as usize, end: e as usize, class: "hl" });
    }
    let html_text = highlight(&text, &marks);
    let line_count = text.split('\n').count().max(1);
    let error_lines: Vec<u32> = diags.iter().filter(|d| d.severity == Severity::Error).map(|d| d.line).collect();
    let gutter_html: String = (1..=line_count)
        .map(|n| {
            let n32 = u32::try_from(n).unwrap_or(u32::MAX);
            if error_lines.contains(&n32) {
                format!("<span class=\"gl err\">{n}</span>")
            } else {
                format!("<span class=\"gl\">{n}</span>")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");

    // Scroll the highlighted statement into view.
    {
        let textarea = textarea.clone();
        let text = text.clone();
        use_effect_with(app.state.highlight, move |h| {
            if let (Some((start, _)), Some(el)) = (h, textarea.cast::<web_sys::HtmlTextAreaElement>()) {
                let line = LineIndex::new(&text).line_col(*start).line;
                el.set_scroll_top(((f64::from(line) - 3.0).max(0.0) * LINE_PX) as i32);
            }
        });
    }
    // Put the caret where a completion ended.
    {
        let textarea = textarea.clone();
        let pending_caret = pending_caret.clone();
        let text = text.clone();
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

    let caret = {
        let textarea = textarea.clone();
        move |text: &str| -> Option<usize> {
            let el = textarea.cast::<web_sys::HtmlTextAreaElement>()?;
            let units = el.selection_start().ok().flatten()?;
            Some(byte_of_utf16(text, units))
        }
    };
    let show_completions = {
        let popup = popup.clone();
        let catalog = app.catalog.clone();
        let caret = caret.clone();
        move |text: &str, explicit: bool| {
            let (Some(c), Some(at)) = (catalog.as_ref(), caret(text)) else { return };
            let mut items = complete(text, at, ty, c.as_ref());
            // While typing, only offer completions inside a string with something typed.
            let typed = items.first().is_some_and(|i| i.replace.end > i.replace.start);
            if items.is_empty() || (!explicit && !typed) {
                popup.set(None);
                return;
            }
            items.truncate(40);
            popup.set(Some(Popup { items, selected: 0, at }));
        }
    };
    let update_help = {
        let help = help.clone();
        let catalog = app.catalog.clone();
        let caret = caret.clone();
        move |text: &str| {
            let (Some(c), Some(at)) = (catalog.as_ref(), caret(text)) else { return };
            help.set(hover(text, at, c.as_ref()).map(|h| h.markdown.replace("**", "").replace('`', "")));
        }
    };
    let oninput = {
        let app = app.clone();
        let target = target.clone();
        let show_completions = show_completions.clone();
        Callback::from(move |e: InputEvent| {
            let value = input_value(&e);
            app.edit(DocEdit::SetPolicyText { target: target.clone(), text: value.clone() });
            let typed_char =
                e.data().is_some_and(|d| d.chars().all(|c| c.is_ascii_alphanumeric() || c == ':' || c == '*'));
            if typed_char {
                show_completions(&value, false);
            }
        })
    };
    let accept = {
        let app = app.clone();
        let target = target.clone();
        let popup = popup.clone();
        let pending_caret = pending_caret.clone();
        let text = text.clone();
        move |item: &CompletionItem| {
            let (s, e) = (item.replace.start as usize, item.replace.end as usize);
            let (Some(before), Some(after)) = (text.get(..s), text.get(e..)) else { return };
            let next = format!("{before}{}{after}", item.insert_text);
            *pending_caret.borrow_mut() = Some(s + item.insert_text.len());
            app.edit(DocEdit::SetPolicyText { target: target.clone(), text: next });
            popup.set(None);
        }
    };
    let onkeydown = {
        let app = app.clone();
        let target = target.clone();
        let popup = popup.clone();
        let accept = accept.clone();
        let show_completions = show_completions.clone();
        let tab_leaves = tab_leaves.clone();
        let help = help.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) else { return };
            let leaving = std::mem::take(&mut *tab_leaves.borrow_mut());
            if let Some(p) = (*popup).clone() {
                let n = p.items.len();
                match e.key().as_str() {
                    "ArrowDown" => popup.set(Some(Popup { selected: (p.selected + 1) % n, ..p })),
                    "ArrowUp" => popup.set(Some(Popup { selected: (p.selected + n - 1) % n, ..p })),
                    "Enter" | "Tab" => {
                        if let Some(item) = p.items.get(p.selected) {
                            accept(item);
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
                show_completions(&el.value(), true);
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
                let at = byte_of_utf16(&value, start);
                let next = format!("{}  {}", value.get(..at).unwrap_or(""), value.get(at..).unwrap_or(""));
                el.set_value(&next);
                let _ = el.set_selection_range(start + 2, start + 2);
                app.edit(DocEdit::SetPolicyText { target: target.clone(), text: next });
            }
        })
    };
    let onkeyup = {
        let update_help = update_help.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                return; // keep the hint that Tab now leaves
            }
            if let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
                update_help(&el.value());
            }
        })
    };
    let onclick = {
        let update_help = update_help.clone();
        let popup = popup.clone();
        Callback::from(move |e: MouseEvent| {
            popup.set(None);
            if let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
                update_help(&el.value());
            }
        })
    };
    let onblur = {
        let (popup, tab_leaves, help) = (popup.clone(), tab_leaves.clone(), help.clone());
        Callback::from(move |_: FocusEvent| {
            popup.set(None);
            // Escape only lets the very next Tab out, not one after coming back.
            *tab_leaves.borrow_mut() = false;
            if help.as_deref() == Some(LEAVE_HINT) {
                help.set(None);
            }
        })
    };
    let onscroll = {
        let textarea = textarea.clone();
        let overlay = overlay.clone();
        let gutter = gutter.clone();
        Callback::from(move |_| {
            if let Some(t) = textarea.cast::<web_sys::Element>() {
                if let Some(o) = overlay.cast::<web_sys::Element>() {
                    o.set_scroll_top(t.scroll_top());
                    o.set_scroll_left(t.scroll_left());
                }
                if let Some(g) = gutter.cast::<web_sys::Element>() {
                    g.set_scroll_top(t.scroll_top());
                }
            }
        })
    };
    let format = {
        let app = app.clone();
        let target = target.clone();
        let text = text.clone();
        Callback::from(move |_| match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(v) => {
                let pretty = serde_json::to_string_pretty(&v).unwrap_or_else(|_| text.clone());
                app.edit(DocEdit::SetPolicyText { target: target.clone(), text: pretty });
            }
            Err(e) => app.dispatch(Action::Notice(Some(format!(
                "Cannot format: the JSON is invalid at line {} column {}.",
                e.line(),
                e.column()
            )))),
        })
    };
    let jump = |d: &DiagnosticView| {
        let textarea = textarea.clone();
        let text = text.clone();
        let (start, end) = (d.start, d.end.max(d.start));
        Callback::from(move |_| {
            if let Some(el) = textarea.cast::<web_sys::HtmlTextAreaElement>() {
                let idx = LineIndex::new(&text);
                let _ = el.focus();
                let _ = el.set_selection_range(idx.utf16_offset(start), idx.utf16_offset(end));
                let line = idx.line_col(start).line;
                el.set_scroll_top(((f64::from(line) - 3.0).max(0.0) * LINE_PX) as i32);
            }
        })
    };
    // Where the completion list goes: under the caret.
    let popup_style = popup.as_ref().map(|p| {
        let pos = LineIndex::new(&text).line_col(u32::try_from(p.at).unwrap_or(u32::MAX));
        let char_w = measure.cast::<web_sys::Element>().map_or(7.8, |m| m.get_bounding_client_rect().width() / 10.0);
        let (st, sl, width) = textarea
            .cast::<web_sys::Element>()
            .map_or((0, 0, 600.0), |t| (t.scroll_top(), t.scroll_left(), t.get_bounding_client_rect().width()));
        let top = PAD_PX + f64::from(pos.line) * LINE_PX - f64::from(st) + 2.0;
        // Keep the list inside the editor.
        let left = (PAD_PX + f64::from(pos.column - 1) * char_w - f64::from(sl)).min(width - 270.0).max(0.0);
        format!("top: {top}px; left: {left}px;")
    });
    let label = target.label(doc).unwrap_or_default();
    let kind = target.kind_name(doc);
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let summary = match (errors, diags.len()) {
        (0, 0) => "No problems".to_string(),
        (e, n) => format!("{e} errors, {} other findings", n - e),
    };
    let summary = if app.catalog.is_none() {
        format!("{summary} (loading the IAM action catalog for full checks…)")
    } else {
        summary
    };
    html! {
        <section class="panel editor" aria-labelledby="editor-title">
            <div class="editor-head">
                <h2 id="editor-title" class="panel-title">{ &label }<span class="muted">{ format!(" · {kind}") }</span></h2>
                <div class="row-actions">
                    { picker(&app, &targets, Some(&target)) }
                    <button type="button" onclick={format}>{ "Format" }</button>
                </div>
            </div>
            <div class="code-editor">
                <pre ref={gutter} class="gutter" aria-hidden="true">{ Html::from_html_unchecked(AttrValue::from(gutter_html)) }</pre>
                <div class="code-stack">
                    <span ref={measure} class="measure" aria-hidden="true">{ "0000000000" }</span>
                    <pre ref={overlay} class="code-overlay" aria-hidden="true">{ Html::from_html_unchecked(AttrValue::from(html_text)) }</pre>
                    <textarea ref={textarea.clone()} class="code-input" spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off"
                        aria-label="Policy document" aria-invalid={(errors > 0).to_string()} aria-describedby="policy-diagnostics policy-help"
                        aria-autocomplete="list" aria-expanded={popup.is_some().to_string()} aria-controls="completions"
                        aria-activedescendant={popup.as_ref().map(|p| option_id(p.selected))}
                        value={text.clone()} {oninput} {onscroll} {onkeydown} {onkeyup} {onclick} {onblur} />
                    if let (Some(p), Some(style)) = (popup.as_ref(), popup_style) {
                        <ul id="completions" class="completions" role="listbox" aria-label="Completions" style={style}>
                            { for p.items.iter().enumerate().map(|(i, item)| {
                                let accept = accept.clone();
                                let it = item.clone();
                                let onmousedown = Callback::from(move |e: MouseEvent| {
                                    e.prevent_default();
                                    accept(&it);
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
                </div>
            </div>
            <p id="policy-help" class="help small" aria-live="polite">
                { help.as_ref().cloned().unwrap_or_else(|| DEFAULT_HELP.into()) }
            </p>
            <p class="diag-summary" aria-live="polite">{ summary }</p>
            <ul id="policy-diagnostics" class="diagnostics" aria-label="Policy problems">
                { for diags.iter().map(|d| html! {
                    <li class={classes!("diagnostic", severity_class(d.severity))}>
                        <button type="button" class="link pos" onclick={jump(d)} aria-label={format!("Go to line {} column {}", d.line, d.column)}>{ format!("{}:{}", d.line, d.column) }</button>
                        <span class="sev">{ d.severity.as_str() }</span>
                        <span class="code">{ d.code }</span>
                        <span class="msg">{ &d.message }</span>
                        if let Some(h) = &d.hint { <span class="hint">{ h }</span> }
                    </li>
                }) }
            </ul>
        </section>
    }
}

fn picker(app: &AppContext, targets: &[PolicyTarget], current: Option<&PolicyTarget>) -> Html {
    let doc = &app.state.doc;
    let onchange = {
        let app = app.clone();
        let targets = targets.to_vec();
        Callback::from(move |e: Event| {
            if let Some(t) = input_value(&e).parse::<usize>().ok().and_then(|i| targets.get(i)) {
                app.dispatch(Action::OpenPolicy(Some(t.clone())));
            }
        })
    };
    html! {
        <select aria-label="Open policy" {onchange}>
            if current.is_none() { <option value="" selected=true>{ "Choose a policy…" }</option> }
            { for targets.iter().enumerate().map(|(i, t)| html! {
                <option value={i.to_string()} selected={Some(t) == current}>{ t.label(doc).unwrap_or_default() }</option>
            }) }
        </select>
    }
}
