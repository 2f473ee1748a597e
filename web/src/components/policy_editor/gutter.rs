//! Line numbers beside the code, lines with errors marked.

use super::text::gutter_lines;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GutterProps {
    pub lines: usize,
    pub error_lines: Vec<u32>,
    /// The `<pre>`, scrolled with the textarea.
    pub node_ref: NodeRef,
}

#[function_component(Gutter)]
pub fn gutter(props: &GutterProps) -> Html {
    let lines = gutter_lines(props.lines, &props.error_lines);
    let last = lines.len();
    html! {
        <pre ref={props.node_ref.clone()} class="gutter" aria-hidden="true">
            { for lines.into_iter().map(|(n, err)| html! {
                <>
                    <span class={if err { "gl err" } else { "gl" }}>{ n }</span>
                    if n < last { { "\n" } }
                </>
            }) }
        </pre>
    }
}
