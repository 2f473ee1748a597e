//! In-browser tests (headless Chromium via wasm-bindgen-test-runner): the
//! engine, persistence and the mounted app inside a real browser.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

use iam_core::Decision;
use iam_playground_web::analysis::{analyze_doc, analyze_request};
use iam_playground_web::persist::{decode_share, encode_share};
use iam_playground_web::state::gallery::default_scenario;
use iam_playground_web::state::{Action, AppState};
use std::time::Duration;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn engine_decides_inside_the_browser() {
    let s = AppState::new(default_scenario());
    let doc = analyze_doc(&s.doc, None);
    assert_eq!(analyze_request(&doc, &s.request).decision, Some(Decision::Allow));
    let s = s.apply(Action::SetAction("s3:DeleteObject".into()));
    assert_eq!(analyze_request(&doc, &s.request).decision, Some(Decision::ImplicitDeny));
}

#[wasm_bindgen_test]
fn share_codec_works_in_the_browser() {
    let s = AppState::new(default_scenario());
    let link = encode_share(&s.doc, &s.request);
    let (doc, _) = decode_share(&link).unwrap();
    assert_eq!(doc, s.doc.normalized());
}

#[wasm_bindgen_test]
async fn app_mounts_and_shows_a_decision() {
    let window = web_sys::window().unwrap();
    let _ = window.local_storage().unwrap().unwrap().clear();
    let document = window.document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<iam_playground_web::app::App>::with_root(root.clone()).render();
    yew::platform::time::sleep(Duration::from_millis(100)).await;
    let output = root.query_selector("output[aria-label=Decision]").unwrap().expect("decision shown");
    assert_eq!(output.text_content().unwrap(), "Allow");
}
