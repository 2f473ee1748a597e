//! A policy text editor with line numbers and live diagnostics.

use crate::analysis::DiagnosticView;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub label: AttrValue,
    pub text: AttrValue,
    pub diagnostics: Vec<DiagnosticView>,
    pub on_change: Callback<String>,
}

#[function_component(PolicyEditor)]
pub fn policy_editor(props: &Props) -> Html {
    let oninput = {
        let cb = props.on_change.clone();
        Callback::from(move |e: InputEvent| cb.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
    };
    let lines = props.text.split('\n').count().max(1);
    let error_lines: Vec<u32> = props.diagnostics.iter().map(|d| d.line).collect();
    let gutter: Html = (1..=lines)
        .map(|n| {
            let n32 = u32::try_from(n).unwrap_or(u32::MAX);
            let class = if error_lines.contains(&n32) { "gutter-line has-diagnostic" } else { "gutter-line" };
            html! { <div class={class}>{ n }</div> }
        })
        .collect();
    let id = "policy-editor";
    html! {
        <section class="editor" aria-labelledby="policy-editor-label">
            <label id="policy-editor-label" for={id} class="panel-title">{ props.label.clone() }</label>
            <div class="editor-body">
                <div class="gutter" aria-hidden="true">{ gutter }</div>
                <textarea
                    id={id}
                    class="code"
                    spellcheck="false"
                    autocomplete="off"
                    aria-invalid={ (!props.diagnostics.is_empty()).to_string() }
                    aria-describedby="policy-diagnostics"
                    value={props.text.clone()}
                    {oninput}
                />
            </div>
            <ul id="policy-diagnostics" class="diagnostics" aria-live="polite" aria-label="Policy problems">
                { for props.diagnostics.iter().map(|d| html! {
                    <li class={classes!("diagnostic", severity_class(d))}>
                        <span class="pos">{ format!("{}:{}", d.line, d.column) }</span>
                        <span class="sev">{ d.severity.as_str() }</span>
                        <span class="msg">{ &d.message }</span>
                        if let Some(h) = &d.hint { <span class="hint">{ h }</span> }
                    </li>
                }) }
            </ul>
        </section>
    }
}

fn severity_class(d: &DiagnosticView) -> &'static str {
    match d.severity {
        iam_core::Severity::Error => "error",
        iam_core::Severity::SecurityWarning => "security",
        iam_core::Severity::Warning => "warning",
        iam_core::Severity::Suggestion => "suggestion",
    }
}
