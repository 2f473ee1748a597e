//! Line numbers beside the code, lines with errors marked.

use super::text::gutter_html;
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
    let html = gutter_html(props.lines, &props.error_lines);
    html! {
        <pre ref={props.node_ref.clone()} class="gutter" aria-hidden="true">{ Html::from_html_unchecked(AttrValue::from(html)) }</pre>
    }
}
