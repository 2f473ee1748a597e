//! The editor's problems: the `use_diagnostics` hook (the linter once the
//! catalog has arrived, the parser's diagnostics until then) and the list
//! under the editor (click a position to jump there).

use super::text::scroll_top_for_line;
use crate::analysis::DiagnosticView;
use crate::hooks::AppContext;
use crate::state::targets::PolicyTarget;
use iam_core::lint::{PolicyType, lint};
use iam_core::{LineIndex, Severity};
use yew::prelude::*;

pub fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "d-error",
        Severity::SecurityWarning => "d-security",
        Severity::Warning => "d-warning",
        Severity::Suggestion => "d-suggestion",
    }
}

/// The diagnostics of the open policy's text.
#[hook]
pub fn use_diagnostics(app: &AppContext, target: &PolicyTarget, text: &str, ty: PolicyType) -> Vec<DiagnosticView> {
    let linted = {
        let catalog = app.catalog.clone();
        use_memo((text.to_string(), ty, catalog.is_some()), move |(text, ty, _)| {
            catalog.as_ref().map(|c| {
                let idx = LineIndex::new(text);
                lint(text, *ty, c.as_ref()).iter().map(|d| DiagnosticView::new(d, &idx)).collect::<Vec<_>>()
            })
        })
    };
    (*linted).clone().unwrap_or_else(|| app.doc.diagnostics.get(target).cloned().unwrap_or_default())
}

#[derive(Properties, PartialEq)]
pub struct DiagnosticListProps {
    pub diags: Vec<DiagnosticView>,
    pub text: AttrValue,
    pub textarea: NodeRef,
    /// The catalog is still loading: only the parser's checks ran.
    pub partial: bool,
}

#[function_component(DiagnosticList)]
pub fn diagnostic_list(props: &DiagnosticListProps) -> Html {
    let diags = &props.diags;
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let summary = match (errors, diags.len()) {
        (0, 0) => "No problems".to_string(),
        (e, n) => format!(
            "{}, {}",
            crate::hooks::plural(e, "error", "errors"),
            crate::hooks::plural(n - e, "other finding", "other findings")
        ),
    };
    let summary =
        if props.partial { format!("{summary} (loading the IAM action catalog for full checks…)") } else { summary };
    let jump = |d: &DiagnosticView| {
        let textarea = props.textarea.clone();
        let text = props.text.clone();
        let (start, end) = (d.start, d.end.max(d.start));
        Callback::from(move |_| {
            if let Some(el) = textarea.cast::<web_sys::HtmlTextAreaElement>() {
                let idx = LineIndex::new(&text);
                let _ = el.focus();
                let _ = el.set_selection_range(idx.utf16_offset(start), idx.utf16_offset(end));
                el.set_scroll_top(scroll_top_for_line(idx.line_col(start).line));
            }
        })
    };
    html! { <>
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
    </> }
}
