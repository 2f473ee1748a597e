//! In-browser tests (headless Chromium via wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

use iam_playground_web::analysis::analyze;
use iam_playground_web::state::{Action, Playground};
use std::time::Duration;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn engine_decides_inside_the_browser() {
    let s = Playground::default();
    assert_eq!(analyze(&s).decision, Some(iam_core::Decision::Allow));
    let s = s.apply(Action::SetAction("s3:DeleteObject".into()));
    assert_eq!(analyze(&s).decision, Some(iam_core::Decision::ImplicitDeny));
}

#[wasm_bindgen_test]
async fn app_mounts_and_shows_a_decision() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<iam_playground_web::app::App>::with_root(root.clone()).render();
    yew::platform::time::sleep(Duration::from_millis(50)).await;
    let output = root.query_selector("output[aria-label=Decision]").unwrap().expect("decision shown");
    assert_eq!(output.text_content().unwrap(), "Allow");
}
