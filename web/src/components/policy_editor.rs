//! The policy editor: line numbers, JSON highlighting, live diagnostics
//! (underlined, listed, click to jump), the deciding statement highlighted,
//! and a format button. A transparent textarea over a highlighted `<pre>`
//! keeps native editing (selection, undo, IME, screen readers).

use crate::analysis::DiagnosticView;
use crate::highlight::{Mark, highlight};
use crate::hooks::{input_value, use_app};
use crate::state::Action;
use crate::state::edit::DocEdit;
use crate::state::targets::{PolicyTarget, all_policy_targets};
use iam_core::{LineIndex, Severity};
use wasm_bindgen::JsCast;
use yew::prelude::*;

const LINE_PX: f64 = 20.0;

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "d-error",
        Severity::SecurityWarning => "d-security",
        Severity::Warning => "d-warning",
        Severity::Suggestion => "d-suggestion",
    }
}

#[function_component(PolicyEditor)]
pub fn policy_editor() -> Html {
    let app = use_app();
    let doc = &app.state.doc;
    let textarea = use_node_ref();
    let overlay = use_node_ref();
    let gutter = use_node_ref();
    let targets = all_policy_targets(doc);
    let Some(target) = app.state.open_policy.clone().filter(|t| t.get(doc).is_some()) else {
        return html! {
            <section class="panel editor" aria-label="Policy editor">
                <h2 class="panel-title">{ "Policy editor" }</h2>
                <p class="muted">{ "Choose a policy: click a user, group, role or resource, or pick one below." }</p>
                { picker(&app, &targets, None) }
            </section>
        };
    };
    let text = target.get(doc).map(|d| d.text()).unwrap_or_default();
    let diags: Vec<DiagnosticView> = app.doc.diagnostics.get(&target).cloned().unwrap_or_default();
    let mut marks: Vec<Mark> = diags
        .iter()
        .map(|d| Mark { start: d.start as usize, end: d.end as usize, class: severity_class(d.severity) })
        .collect();
    // The statements deciding the current request, where they live in this policy.
    for st in app.request.layers.iter().flat_map(|l| &l.statements) {
        if st.applied && st.target.as_ref() == Some(&target) {
            marks.push(Mark {
                start: st.start as usize,
                end: st.end as usize,
                class: if st.effect == "Deny" { "decides-deny" } else { "decides" },
            });
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
        let highlight = app.state.highlight;
        let text = text.clone();
        use_effect_with(highlight, move |h| {
            if let (Some((start, _)), Some(el)) = (h, textarea.cast::<web_sys::HtmlTextAreaElement>()) {
                let line = LineIndex::new(&text).line_col(*start).line;
                el.set_scroll_top(((f64::from(line) - 3.0).max(0.0) * LINE_PX) as i32);
            }
        });
    }
    let oninput = {
        let app = app.clone();
        let target = target.clone();
        Callback::from(move |e: InputEvent| {
            app.edit(DocEdit::SetPolicyText { target: target.clone(), text: input_value(&e) })
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
    // Tab inserts two spaces instead of leaving the editor (Escape then Tab leaves).
    let onkeydown = {
        let app = app.clone();
        let target = target.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() != "Tab" || e.shift_key() {
                return;
            }
            let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) else { return };
            e.prevent_default();
            let value = el.value();
            let start = el.selection_start().ok().flatten().unwrap_or(0) as usize;
            let units: Vec<u16> = value.encode_utf16().collect();
            let before = String::from_utf16_lossy(units.get(..start.min(units.len())).unwrap_or(&[]));
            let after = String::from_utf16_lossy(units.get(start.min(units.len())..).unwrap_or(&[]));
            let next = format!("{before}  {after}");
            el.set_value(&next);
            let caret = (start + 2) as u32;
            let _ = el.set_selection_range(caret, caret);
            app.edit(DocEdit::SetPolicyText { target: target.clone(), text: next });
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
    let label = target.label(doc).unwrap_or_default();
    let kind = target.kind_name(doc);
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let summary = match (errors, diags.len()) {
        (0, 0) => "No problems".to_string(),
        (e, n) => format!("{e} errors, {} other findings", n - e),
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
                    <pre ref={overlay} class="code-overlay" aria-hidden="true">{ Html::from_html_unchecked(AttrValue::from(html_text)) }</pre>
                    <textarea ref={textarea.clone()} class="code-input" spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off"
                        aria-label="Policy document" aria-invalid={(errors > 0).to_string()} aria-describedby="policy-diagnostics"
                        value={text.clone()} {oninput} {onscroll} {onkeydown} />
                </div>
            </div>
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

fn picker(app: &crate::hooks::AppContext, targets: &[PolicyTarget], current: Option<&PolicyTarget>) -> Html {
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
