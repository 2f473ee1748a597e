//! Messages: a dismissible one (an edit that could not be applied, a link
//! copied, ...) and, above it, what autosave must say until it is resolved
//! (not saved, another tab saved, a corrupt save kept aside), with its buttons.

use crate::download::{download, export_file};
use crate::hooks::{AppContext, use_app};
use crate::persist::PersistAlert;
use crate::state::Action;
use std::rc::Rc;
use yew::prelude::*;

/// Export the scenario as a file (a button of the autosave alerts).
fn export_button(app: &AppContext) -> Html {
    let app = app.clone();
    let onclick = Callback::from(move |_| {
        let (name, text) = export_file(&app.state.doc);
        if let Err(e) = download(&name, "application/json", &text) {
            app.dispatch(Action::Notice(Some(format!("Export failed: {e}"))));
        }
    });
    html! { <button type="button" {onclick}>{ "Export" }</button> }
}

fn persist_alert(app: &AppContext, alert: &PersistAlert) -> Html {
    let (text, buttons): (String, Html) = match alert {
        PersistAlert::NotSaved(reason) => (
            format!("Not saved: {reason}. Your work stays in this tab only; export it to keep a copy."),
            export_button(app),
        ),
        PersistAlert::Unreachable(reason) => (
            format!(
                "Your autosaved work is in IndexedDB, which cannot be read now ({reason}). It is left untouched and \
                 this tab does not autosave; export to keep what you do here."
            ),
            export_button(app),
        ),
        PersistAlert::OtherTab => {
            let load = Callback::from(|_| crate::autosave::load_theirs());
            let keep = {
                let state = app.state.clone();
                Callback::from(move |_| crate::autosave::keep_mine(state.doc.clone(), state.request.clone()))
            };
            (
                "This scenario was changed and saved in another tab. Autosave waits here until you choose.".into(),
                html! {
                    <>
                        <button type="button" onclick={load}>{ "Load theirs" }</button>
                        <button type="button" onclick={keep}>{ "Keep mine" }</button>
                    </>
                },
            )
        }
        PersistAlert::Corrupt { error, text, kept } => {
            let aside = if *kept {
                "It is kept aside in this browser (iam-playground-broken); download it to look at it or fix it."
            } else {
                "It could not be kept aside in this browser: download it now (autosave waits until you do or close this message)."
            };
            let state = app.state.clone();
            let text: Rc<str> = text.clone();
            let on_download = Callback::from(move |_| {
                if let Err(e) = download("iam-playground-autosave-broken.json", "application/json", &text) {
                    state.dispatch(Action::Notice(Some(format!("Download failed: {e}"))));
                }
                crate::autosave::release();
            });
            let state = app.state.clone();
            let on_close = Callback::from(move |_| {
                crate::autosave::release();
                state.dispatch(Action::Persist(None));
            });
            (
                format!("Your autosaved work could not be read ({error}). {aside} The coffee shop is loaded instead."),
                html! {
                    <>
                        <button type="button" onclick={on_download}>{ "Download it" }</button>
                        <button type="button" class="link" aria-label="Dismiss message" onclick={on_close}>{ "×" }</button>
                    </>
                },
            )
        }
    };
    html! {
        <div class="notice notice-persist" role="alert">
            <span>{ text }</span>
            { buttons }
        </div>
    }
}

#[function_component(Notice)]
pub fn notice() -> Html {
    let app = use_app();
    let persist = app.state.persist.as_ref().map(|a| persist_alert(&app, a));
    let message = app.state.notice.clone().map(|text| {
        html! {
            <div class="notice">
                <span>{ text }</span>
                <button type="button" class="link" aria-label="Dismiss message" onclick={app.on(Action::Notice(None))}>{ "×" }</button>
            </div>
        }
    });
    html! {
        <div class="notice-slot" role="status" aria-live="polite">
            { for persist }
            { for message }
        </div>
    }
}
