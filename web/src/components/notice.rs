//! A dismissible message (an edit that could not be applied, a link copied, ...).

use crate::hooks::use_app;
use crate::state::Action;
use yew::prelude::*;

#[function_component(Notice)]
pub fn notice() -> Html {
    let app = use_app();
    let Some(text) = app.state.notice.clone() else {
        return html! { <div class="notice-slot" role="status" aria-live="polite"></div> };
    };
    html! {
        <div class="notice-slot" role="status" aria-live="polite">
            <div class="notice">
                <span>{ text }</span>
                <button type="button" class="link" aria-label="Dismiss message" onclick={app.on(Action::Notice(None))}>{ "×" }</button>
            </div>
        </div>
    }
}
