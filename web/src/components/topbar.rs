//! Title, scenario gallery, undo/redo, import/export and the share link.

use crate::hooks::{input_value, use_app};
use crate::persist::encode_share;
use crate::state::gallery::{GALLERY, load};
use crate::state::{Action, View};
use gloo::file::futures::read_as_text;
use gloo::file::{Blob, ObjectUrl};
use iam_wire::scenario::parse_document;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Why an export could not be offered as a download: what the page lacks.
#[derive(Debug, thiserror::Error)]
enum DownloadError {
    #[error("no window")]
    Window,
    #[error("no document")]
    Document,
    #[error("no anchor")]
    Anchor,
}

/// Offers `text` as a JSON file called `name`.
fn download(name: &str, text: &str) -> Result<(), DownloadError> {
    let document = web_sys::window().ok_or(DownloadError::Window)?.document().ok_or(DownloadError::Document)?;
    let a: web_sys::HtmlAnchorElement =
        document.create_element("a").ok().and_then(|e| e.dyn_into().ok()).ok_or(DownloadError::Anchor)?;
    // Revoked when dropped, after the click has started the download.
    let url = ObjectUrl::from(Blob::new_with_options(text, Some("application/json")));
    a.set_href(&url);
    a.set_download(name);
    a.click();
    Ok(())
}

/// A share link just made, and whether it reached the clipboard (None: not yet known).
#[derive(Clone, PartialEq)]
struct Shared {
    url: String,
    copied: Option<bool>,
}

/// The link, selectable, under the top bar.
fn share_box(shared: &Shared, close: Callback<MouseEvent>) -> Html {
    let message = match shared.copied {
        Some(true) => "Share link copied to the clipboard.",
        Some(false) => "Copy this share link (the clipboard could not be used).",
        None => "Share link:",
    };
    let onfocus = Callback::from(|e: FocusEvent| {
        if let Some(i) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
            i.select();
        }
    });
    html! {
        <section class="share-box" aria-label="Share link">
            <p role="status">
                { message }
                <span class="muted small">{ format!(" {} characters; nothing was sent anywhere: the whole scenario is in the link.", shared.url.len()) }</span>
            </p>
            <input type="text" readonly=true aria-label="Share link address" value={shared.url.clone()} {onfocus} />
            <button type="button" onclick={close}>{ "Close" }</button>
        </section>
    }
}

#[function_component(TopBar)]
pub fn top_bar() -> Html {
    let app = use_app();
    let share = use_state(|| None::<Shared>);
    let s = &app.state;
    let on_gallery = {
        let app = app.clone();
        Callback::from(move |e: Event| {
            let file = input_value(&e);
            if let Some(doc) = load(&file) {
                app.dispatch(Action::Load(doc));
            }
        })
    };
    let on_export = {
        let app = app.clone();
        Callback::from(move |_| {
            let doc = &app.state.doc;
            let text = serde_json::to_string_pretty(&doc.normalized()).unwrap_or_default();
            let name =
                format!("{}.json", doc.name.to_ascii_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
            if let Err(e) = download(&name, &text) {
                app.dispatch(Action::Notice(Some(format!("Export failed: {e}"))));
            }
        })
    };
    let on_import = {
        let app = app.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            let app = app.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = read_as_text(&Blob::from(file)).await.unwrap_or_default();
                match parse_document(&text) {
                    Ok(doc) => app.dispatch(Action::Load(doc)),
                    // The current scenario stays untouched.
                    Err(err) => app.dispatch(Action::Notice(Some(format!("That file is not a valid scenario: {err}")))),
                }
            });
        })
    };
    // The link goes to the clipboard and is shown; the address bar stays as it
    // is, so a reload keeps opening the autosaved work, not this snapshot.
    let on_share = {
        let app = app.clone();
        let share = share.clone();
        Callback::from(move |_| {
            let link = encode_share(&app.state.doc, &app.state.request);
            let Some(window) = web_sys::window() else { return };
            let base = window.location().href().unwrap_or_default();
            let base = base.split('#').next().unwrap_or_default().to_string();
            let url = format!("{base}#{link}");
            share.set(Some(Shared { url: url.clone(), copied: None }));
            let share = share.clone();
            let copy = window.navigator().clipboard().write_text(&url);
            wasm_bindgen_futures::spawn_local(async move {
                let copied = wasm_bindgen_futures::JsFuture::from(copy).await.is_ok();
                share.set(Some(Shared { url, copied: Some(copied) }));
            });
        })
    };
    // Counted from the document: exercises stay reachable when the scenario does not load.
    let list = crate::analysis::exercises(&s.doc, &app.doc);
    let passed = list.iter().filter(|e| e.passed == Some(true)).count();
    let total = list.len();
    let close_share = {
        let share = share.clone();
        Callback::from(move |_| share.set(None))
    };
    html! { <>
        <header class="topbar">
            <div class="brand">
                <h1>{ "IAM Playground" }</h1>
                <span class="scenario-name">{ &s.doc.name }</span>
            </div>
            <nav class="toolbar" aria-label="Scenario">
                <label class="inline">
                    <span>{ "Gallery" }</span>
                    <select aria-label="Load a scenario from the gallery" onchange={on_gallery}>
                        <option value="" selected=true>{ "Choose…" }</option>
                        { for GALLERY.iter().map(|g| html! { <option value={g.file}>{ g.title }</option> }) }
                    </select>
                </label>
                <button type="button" onclick={app.on(Action::Undo)} disabled={!s.can_undo()} title="Undo (Ctrl+Z)">{ "Undo" }</button>
                <button type="button" onclick={app.on(Action::Redo)} disabled={!s.can_redo()} title="Redo (Ctrl+Shift+Z)">{ "Redo" }</button>
                <button type="button" onclick={on_export}>{ "Export" }</button>
                <label class="button">
                    { "Import" }
                    <input type="file" accept=".json,application/json" class="visually-hidden" aria-label="Import a scenario file" onchange={on_import} />
                </label>
                <button type="button" onclick={on_share}>{ "Share link" }</button>
                if total > 0 {
                    <button type="button" class={classes!("exercises", (passed == total).then_some("all-pass"))}
                        onclick={app.on(Action::SetView(View::Workshop))}
                        aria-label={format!("Exercises: {passed} of {total} pass")}>
                        { format!("Exercises {passed}/{total}") }
                    </button>
                }
            </nav>
        </header>
        if let Some(shared) = share.as_ref() { { share_box(shared, close_share) } }
    </> }
}
