//! Data fetched after first paint: the AWS managed policy corpus (and, for
//! authoring help, the action catalog). Served next to the app by trunk.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

pub const MANAGED_POLICIES_URL: &str = "data/managed-policies.json";

fn js_err(e: wasm_bindgen::JsValue) -> String {
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

pub async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let resp = JsFuture::from(window.fetch_with_str(url)).await.map_err(js_err)?;
    let resp: web_sys::Response = resp.dyn_into().map_err(js_err)?;
    if !resp.ok() {
        return Err(format!("{url}: HTTP {}", resp.status()));
    }
    let text = JsFuture::from(resp.text().map_err(js_err)?).await.map_err(js_err)?;
    text.as_string().ok_or_else(|| format!("{url}: not text"))
}
