//! Title, scenario gallery, undo/redo, import/export and the share link.

use crate::hooks::{input_value, use_app};
use crate::persist::encode_share;
use crate::state::gallery::{GALLERY, load};
use crate::state::route::{Route, Section};
use crate::state::{Action, View};
use gloo::file::Blob;
use gloo::file::futures::read_as_text;
use iam_wire::scenario::parse_document;
use wasm_bindgen::JsCast;
use yew::prelude::*;

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
            if let Err(e) = crate::components::csv::download(&name, "application/json", &text) {
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
    let on_new = {
        let app = app.clone();
        Callback::from(move |_| {
            app.dispatch(Action::Load(crate::state::gallery::blank()));
            app.dispatch(Action::Navigate(Route::default()));
        })
    };
    // The menu names what is loaded: a gallery scenario, or this one (imported, new, shared).
    let loaded = crate::state::gallery::entry_of(&s.doc).map(|g| g.file);
    let route = s.route();
    let nav_link = |sec: Section| {
        let current = route.section == sec;
        let href = Route { section: sec, ..Route::default() }.to_hash();
        let onclick = {
            let app = app.clone();
            Callback::from(move |e: MouseEvent| {
                e.prevent_default();
                app.dispatch(Action::Navigate(Route { section: sec, ..Route::default() }));
            })
        };
        html! {
            <li><a {href} class={classes!("nav-link", current.then_some("current"))}
                aria-current={current.then_some("page")} {onclick}>{ sec.label() }</a></li>
        }
    };
    html! { <>
        <a class="skip-link" href="#main" onclick={Callback::from(|e: MouseEvent| {
            e.prevent_default();
            if let Some(m) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("main")) {
                m.scroll_into_view();
            }
        })}>{ "Skip to content" }</a>
        <header class="topbar">
            <div class="brand">
                <h1>{ "IAM Playground" }</h1>
                <span class="scenario-name" title={s.doc.name.clone()}>{ &s.doc.name }</span>
            </div>
            <nav class="sections" aria-label="Sections">
                <ul>{ for Section::NAV.into_iter().chain([Section::Help]).map(nav_link) }</ul>
            </nav>
            <nav class="toolbar" aria-label="Scenario">
                <label class="inline">
                    <span>{ "Scenario" }</span>
                    <select aria-label="Load a scenario from the gallery" onchange={on_gallery}>
                        if loaded.is_none() {
                            <option value="" selected=true>{ format!("{} (yours)", s.doc.name) }</option>
                        }
                        { for GALLERY.iter().map(|g| html! { <option value={g.file} selected={loaded == Some(g.file)}>{ g.title }</option> }) }
                    </select>
                </label>
                <button type="button" onclick={on_new} title="Start from a blank scenario (Undo brings this one back)">{ "New" }</button>
                <button type="button" onclick={app.on(Action::Undo)} disabled={!s.can_undo()} title="Undo (Ctrl+Z)">{ "Undo" }</button>
                <button type="button" onclick={app.on(Action::Redo)} disabled={!s.can_redo()} title="Redo (Ctrl+Shift+Z)">{ "Redo" }</button>
                <button type="button" onclick={on_export}>{ "Export" }</button>
                <label class="button">
                    { "Import" }
                    <input type="file" accept=".json,application/json" class="visually-hidden" aria-label="Import a scenario file" onchange={on_import} />
                </label>
                <button type="button" onclick={on_share}>{ "Share link" }</button>
                if total > 0 {
                    <button type="button" class={classes!("exercises", if passed == total { "all-pass" } else { "failing" })}
                        onclick={app.on(Action::SetView(View::Workshop))}>
                        { format!("Exercises: {passed} of {total} pass") }
                    </button>
                }
            </nav>
        </header>
        if let Some(shared) = share.as_ref() { { share_box(shared, close_share) } }
    </> }
}
