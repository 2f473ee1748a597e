//! CSV text (RFC 4180 quoting) and offering text as a download.

use gloo::file::{Blob, ObjectUrl};
use wasm_bindgen::JsCast;

/// One CSV field, quoted when it holds a comma, a quote or a line break.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

/// Rows of fields → CSV text with CRLF line ends.
pub fn table(rows: &[Vec<String>]) -> String {
    rows.iter().map(|r| r.iter().map(|f| field(f)).collect::<Vec<_>>().join(",") + "\r\n").collect()
}

/// Why a download could not be offered: what the page lacks.
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    #[error("no window")]
    Window,
    #[error("no document")]
    Document,
    #[error("no anchor")]
    Anchor,
}

/// Offers `text` as a file called `name` of type `mime`.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), DownloadError> {
    let document = web_sys::window().ok_or(DownloadError::Window)?.document().ok_or(DownloadError::Document)?;
    let a: web_sys::HtmlAnchorElement =
        document.create_element("a").ok().and_then(|e| e.dyn_into().ok()).ok_or(DownloadError::Anchor)?;
    // Revoked when dropped, after the click has started the download.
    let url = ObjectUrl::from(Blob::new_with_options(text, Some(mime)));
    a.set_href(&url);
    a.set_download(name);
    a.click();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_commas_and_quotes_are_quoted() {
        let rows = vec![vec!["Principal".into(), "s3:GetObject".into()], vec!["a,b".into(), "say \"hi\"".into()]];
        assert_eq!(table(&rows), "Principal,s3:GetObject\r\n\"a,b\",\"say \"\"hi\"\"\"\r\n");
    }
}
