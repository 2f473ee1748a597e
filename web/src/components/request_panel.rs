//! The request being decided: who, what, on which resource.

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub caller: AttrValue,
    pub action: AttrValue,
    pub resource: AttrValue,
    pub on_caller: Callback<String>,
    pub on_action: Callback<String>,
    pub on_resource: Callback<String>,
}

fn input_cb(cb: &Callback<String>) -> Callback<InputEvent> {
    let cb = cb.clone();
    Callback::from(move |e: InputEvent| cb.emit(e.target_unchecked_into::<HtmlInputElement>().value()))
}

#[function_component(RequestPanel)]
pub fn request_panel(props: &Props) -> Html {
    html! {
        <section class="request" aria-labelledby="request-title">
            <h2 id="request-title" class="panel-title">{ "Request" }</h2>
            <label class="field">
                <span>{ "Principal (caller ARN)" }</span>
                <input type="text" spellcheck="false" value={props.caller.clone()} oninput={input_cb(&props.on_caller)} />
            </label>
            <label class="field">
                <span>{ "Action" }</span>
                <input type="text" spellcheck="false" value={props.action.clone()} oninput={input_cb(&props.on_action)} />
            </label>
            <label class="field">
                <span>{ "Resource" }</span>
                <input type="text" spellcheck="false" value={props.resource.clone()} oninput={input_cb(&props.on_resource)} />
            </label>
        </section>
    }
}
