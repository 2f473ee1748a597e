//! Offering text as a file download (an object URL on a clicked anchor).
//! The top bar's Export has its own copy of this; the integrator may share one.

use gloo::file::{Blob, ObjectUrl};
use wasm_bindgen::JsCast;

/// Why a download could not be offered: what the page lacks.
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    #[error("no document")]
    Document,
    #[error("no anchor")]
    Anchor,
}

/// Offers `text` as a file called `name`.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), DownloadError> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or(DownloadError::Document)?;
    let a: web_sys::HtmlAnchorElement =
        document.create_element("a").ok().and_then(|e| e.dyn_into().ok()).ok_or(DownloadError::Anchor)?;
    // Revoked when dropped, after the click has started the download.
    let url = ObjectUrl::from(Blob::new_with_options(text, Some(mime)));
    a.set_href(&url);
    a.set_download(name);
    a.click();
    Ok(())
}

/// The scenario as an exported file: its name and pretty JSON.
pub fn export_file(doc: &iam_wire::scenario::ScenarioDoc) -> (String, String) {
    let text = serde_json::to_string_pretty(&doc.normalized()).unwrap_or_default();
    let name = format!("{}.json", doc.name.to_ascii_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
    (name, text)
}
