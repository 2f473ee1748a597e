//! The highlighted code under the transparent textarea: JSON colours,
//! diagnostics underlined, the statements deciding the current request and
//! the selected highlight marked.

use super::diagnostics::severity_class;
use crate::analysis::{DiagnosticView, RequestAnalysis};
use crate::highlight::{Line, Mark, highlight};
use crate::state::targets::PolicyTarget;
use std::rc::Rc;
use yew::prelude::*;

/// What to mark in the policy of `target`.
pub fn marks(
    diags: &[DiagnosticView],
    request: &RequestAnalysis,
    target: &PolicyTarget,
    selected: Option<(u32, u32)>,
) -> Vec<Mark> {
    let mut marks: Vec<Mark> = diags
        .iter()
        .map(|d| Mark { start: d.start as usize, end: d.end as usize, class: severity_class(d.severity) })
        .collect();
    // The statements deciding the current request, where they live in this policy.
    for st in request.layers.iter().flat_map(|l| &l.statements) {
        if st.applied && st.target.as_ref() == Some(target) {
            let class = if st.effect == "Deny" { "decides-deny" } else { "decides" };
            marks.push(Mark { start: st.start as usize, end: st.end as usize, class });
        }
    }
    if let Some((s, e)) = selected {
        marks.push(Mark { start: s as usize, end: e as usize, class: "hl" });
    }
    marks
}

#[derive(Properties, PartialEq)]
pub struct CodeViewProps {
    pub text: AttrValue,
    pub marks: Vec<Mark>,
    /// The `<pre>`, scrolled with the textarea.
    pub node_ref: NodeRef,
}

#[derive(Properties, PartialEq)]
struct CodeLineProps {
    line: Rc<Line>,
    /// Followed by a newline (every line but the last).
    newline: bool,
}

/// One line of highlighted code: text nodes and classed spans, never parsed
/// markup. Its own component, so that a keystroke re-renders only the lines
/// whose text or marks changed.
#[function_component(CodeLine)]
fn code_line(props: &CodeLineProps) -> Html {
    html! {
        <>
            { for props.line.iter().map(|p| if p.class.is_empty() {
                html! { { p.text.clone() } }
            } else {
                html! { <span class={p.class.clone()}>{ p.text.clone() }</span> }
            }) }
            if props.newline { { "\n" } }
        </>
    }
}

#[function_component(CodeView)]
pub fn code_view(props: &CodeViewProps) -> Html {
    let lines = highlight(&props.text, &props.marks);
    let last = lines.len().saturating_sub(1);
    html! {
        <pre ref={props.node_ref.clone()} class="code-overlay" aria-hidden="true">
            { for lines.into_iter().enumerate().map(|(i, line)| html! { <CodeLine line={Rc::new(line)} newline={i < last} /> }) }
        </pre>
    }
}
