//! The editor of one open policy: composes the hooks (diagnostics,
//! completions, help, keys) and the parts (gutter, highlighted code,
//! completion list, help line, problem list).

use super::code_view::{CodeView, marks};
use super::completions::{CompletionList, option_id, use_completions};
use super::diagnostics::{DiagnosticList, use_diagnostics};
use super::format_button::FormatButton;
use super::gutter::Gutter;
use super::help_line::{HelpLine, use_hover_help};
use super::keys::{EditorKeys, use_editor_keys};
use super::picker::PolicyPicker;
use super::policy_type;
use super::text::scroll_top_for_line;
use crate::hooks::use_app;
use crate::state::targets::PolicyTarget;
use iam_core::{LineIndex, Severity};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BodyProps {
    pub target: PolicyTarget,
}

#[function_component(EditorBody)]
pub fn editor_body(props: &BodyProps) -> Html {
    let app = use_app();
    let doc = &app.state.doc;
    let target = &props.target;
    let textarea = use_node_ref();
    let overlay = use_node_ref();
    let gutter = use_node_ref();
    let measure = use_node_ref();
    let text: AttrValue = target.get(doc).map(|d| d.text()).unwrap_or_default().into();
    let ty = policy_type(target, doc);

    let diags = use_diagnostics(&app, target, &text, ty);
    let completions = use_completions(&app, target, &text, ty, &textarea);
    let help = use_hover_help(&app, &textarea);
    let EditorKeys { oninput, onkeydown, onkeyup, onclick, onblur } =
        use_editor_keys(&app, target, &completions, &help);

    // Scroll the highlighted statement into view.
    {
        let textarea = textarea.clone();
        let text = text.clone();
        use_effect_with(app.state.highlight, move |h| {
            if let (Some((start, _)), Some(el)) = (h, textarea.cast::<web_sys::HtmlTextAreaElement>()) {
                el.set_scroll_top(scroll_top_for_line(LineIndex::new(&text).line_col(*start).line));
            }
        });
    }
    let onscroll = {
        let (textarea, overlay, gutter) = (textarea.clone(), overlay.clone(), gutter.clone());
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

    let marks = marks(&diags, &app.request, target, app.state.highlight);
    let error_lines: Vec<u32> = diags.iter().filter(|d| d.severity == Severity::Error).map(|d| d.line).collect();
    let errors = error_lines.len();
    let popup = (*completions.popup).clone();
    let label = target.label(doc).unwrap_or_default();
    let kind = target.kind_name(doc);
    html! {
        <section class="panel editor" aria-labelledby="editor-title">
            <div class="editor-head">
                <h2 id="editor-title" class="panel-title">{ &label }<span class="muted">{ format!(" · {kind}") }</span></h2>
                <div class="row-actions">
                    <PolicyPicker current={Some(target.clone())} />
                    <FormatButton target={target.clone()} text={text.clone()} />
                </div>
            </div>
            <div class="code-editor">
                <Gutter node_ref={gutter} lines={text.split('\n').count()} {error_lines} />
                <div class="code-stack">
                    <span ref={measure.clone()} class="measure" aria-hidden="true">{ "0000000000" }</span>
                    <CodeView node_ref={overlay} text={text.clone()} {marks} />
                    <textarea ref={textarea.clone()} class="code-input" spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off"
                        aria-label="Policy document" aria-invalid={(errors > 0).to_string()} aria-describedby="policy-diagnostics policy-help"
                        aria-autocomplete="list" aria-controls={popup.is_some().then_some("completions")}
                        aria-activedescendant={popup.as_ref().map(|p| option_id(p.selected))}
                        value={text.clone()} {oninput} {onscroll} {onkeydown} {onkeyup} {onclick} {onblur} />
                    if let Some(popup) = popup {
                        <CompletionList {popup} text={text.clone()} textarea={textarea.clone()} {measure} on_accept={completions.accept.clone()} />
                    }
                </div>
            </div>
            <HelpLine text={(*help.text).clone()} />
            <DiagnosticList {diags} {text} {textarea} partial={app.catalog.is_none()} />
        </section>
    }
}
