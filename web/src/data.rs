//! Data fetched after first paint: the AWS managed policy corpus (and, for
//! authoring help, the action catalog). Served next to the app by trunk.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

pub const MANAGED_POLICIES_URL: &str = "data/managed-policies.json";
pub const CATALOG_URL: &str = "data/catalog.compact.json";
pub const DESCRIPTIONS_URL: &str = "data/descriptions.compact.json";

/// The IAM action catalog with its descriptions (for hover help).
pub async fn fetch_catalog() -> Result<iam_catalog::IamCatalog, String> {
    let text = fetch_text(CATALOG_URL).await?;
    let mut catalog = iam_catalog::IamCatalog::from_json(&text).map_err(|e| e.to_string())?;
    // Descriptions are a nicety: the catalog works without them.
    if let Ok(d) = fetch_text(DESCRIPTIONS_URL).await {
        let _ = catalog.load_descriptions(&d);
    }
    Ok(catalog)
}

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
