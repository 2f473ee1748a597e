//! Keeping work: autosave to localStorage and share links in the URL fragment.
//! Both are versioned; old versions decode forever; a corrupt entry is kept
//! aside with a message, never a broken app or a silent loss.
//!
//! Where the autosave lives: the entry under `STORAGE_KEY` in localStorage,
//! or, when it is larger than `LOCAL_LIMIT` or localStorage is full,
//! deflated in IndexedDB (`crate::idb`). `META_KEY` says which, and carries a
//! revision counter and the id of the tab that wrote it, so that a tab notices
//! when another one saved since it read (see `crate::autosave`).

use crate::state::RequestState;
use iam_wire::WireError;
use iam_wire::scenario::{ScenarioDoc, parse_document};
use serde::{Deserialize, Serialize};

/// Why saved work could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SavedError {
    #[error("the saved data is unreadable ({0})")]
    Unreadable(serde_json::Error),
    #[error("saved data format {0} is newer than this app")]
    NewerFormat(u32),
    #[error("the saved scenario is invalid: {0}")]
    InvalidScenario(WireError),
}

/// Why a share link could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum ShareError {
    #[error("this link was made by a newer IAM Playground or is not a share link")]
    NotAShareLink,
    #[error("the share link is damaged (not base64url)")]
    NotBase64Url,
    #[error("the share link is damaged (cannot be decompressed)")]
    NotDeflate,
    #[error("the share link is damaged (not UTF-8)")]
    NotUtf8,
    #[error(transparent)]
    Saved(#[from] SavedError),
}

pub const STORAGE_KEY: &str = "iam-playground";
/// Where the autosave is and which revision (a small JSON `Meta`).
pub const META_KEY: &str = "iam-playground-meta";
/// A corrupt autosave, kept aside before the app starts fresh.
pub const BROKEN_KEY: &str = "iam-playground-broken";
/// Entries larger than this (characters) go to IndexedDB, compressed: they
/// would take much of localStorage's 5 MB and block the main thread to write.
pub const LOCAL_LIMIT: usize = 1 << 20;
/// The most an autosave in IndexedDB may inflate to.
const INFLATED_LIMIT: usize = 64 * 1024 * 1024;

/// Where the autosave entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Place {
    Local,
    IndexedDb,
}

/// The autosave's revision and place (`META_KEY`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// Bumped by every save, in whichever tab.
    pub rev: u64,
    /// The tab that saved it.
    pub tab: String,
    pub place: Place,
}

impl Meta {
    /// The meta entry; none (an older save, or none at all) or unreadable is `None`.
    pub fn parse(text: Option<&str>) -> Option<Meta> {
        serde_json::from_str(text?).ok()
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The IndexedDB key of this revision's entry (each revision has its
    /// own, so that a write never destroys the entry the meta points to).
    pub fn idb_key(&self) -> String {
        format!("autosave-{}-{}", self.tab, self.rev)
    }
}

/// Has another tab saved since this tab read or wrote revision `base_rev`?
pub fn changed_elsewhere(meta: Option<&Meta>, base_rev: u64, tab: &str) -> bool {
    meta.is_some_and(|m| m.rev != base_rev && m.tab != tab)
}

/// What the person must know about autosave; shown until it is resolved.
#[derive(Clone, Debug, PartialEq)]
pub enum PersistAlert {
    /// Saving failed (the reason): the work lives only in this tab.
    NotSaved(String),
    /// Another tab saved since this tab read the autosave; saving here waits
    /// for the person to choose.
    OtherTab,
    /// The autosave could not be read: its text, kept for download, and
    /// whether it could also be kept aside in the browser (`BROKEN_KEY`).
    Corrupt { error: String, text: std::rc::Rc<str>, kept: bool },
    /// The autosave is in IndexedDB, which cannot be read now; it is left
    /// untouched and this tab does not autosave.
    Unreachable(String),
}

/// Deflates an entry for IndexedDB.
pub fn pack(text: &str) -> Vec<u8> {
    // Level 1: fast (this runs on the main thread after each pause in editing);
    // IndexedDB has room, and even level 1 shrinks scenario JSON several times.
    miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 1)
}

/// Inflates an entry from IndexedDB.
pub fn unpack(bytes: &[u8]) -> Result<String, ShareError> {
    let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(bytes, INFLATED_LIMIT)
        .map_err(|_| ShareError::NotDeflate)?;
    String::from_utf8(raw).map_err(|_| ShareError::NotUtf8)
}

/// A size in words ("6.2 MB").
pub fn size_words(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / f64::from(1u32 << 20))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}
const SHARE_PREFIX: &str = "v1/";

/// What autosave and share links carry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    /// Format of this envelope (not of the scenario, which has its own).
    pub format: u32,
    pub scenario: serde_json::Value,
    #[serde(default)]
    pub request: Option<SavedRequest>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedRequest {
    pub principal: String,
    pub action: String,
    pub resource: String,
    #[serde(default)]
    pub context: Vec<(String, String)>,
    /// Who switched into the role in `principal` (absent in older saves).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub switched_from: Option<String>,
}

impl From<&RequestState> for SavedRequest {
    fn from(r: &RequestState) -> Self {
        Self {
            principal: r.principal.clone(),
            action: r.action.clone(),
            resource: r.resource.clone(),
            context: r.context.clone(),
            switched_from: r.switched_from.clone(),
        }
    }
}

impl From<SavedRequest> for RequestState {
    fn from(r: SavedRequest) -> Self {
        Self {
            principal: r.principal,
            action: r.action,
            resource: r.resource,
            context: r.context,
            switched_from: r.switched_from,
        }
    }
}

/// The page's localStorage, if it may use it. Not gloo-storage: its
/// `LocalStorage` throws where storage is blocked (private modes, disabled
/// cookies), where autosave must simply be off, and it JSON-encodes values,
/// while a corrupt entry must reach `decode_saved` as text to get its message.
fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The page's localStorage (see `local_storage`), for `crate::autosave`.
pub fn storage() -> Option<web_sys::Storage> {
    local_storage()
}

/// A localStorage entry, if any.
pub fn read_local(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Why localStorage refused an entry, in words.
pub fn refusal_words(e: &wasm_bindgen::JsValue) -> String {
    let name = js_sys::Reflect::get(e, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
    if name == "QuotaExceededError" {
        "the browser's storage for this page is full".into()
    } else if name.is_empty() {
        "the browser refused to store it".into()
    } else {
        format!("the browser refused to store it ({name})")
    }
}

/// Serializes the current work.
pub fn encode_saved(doc: &ScenarioDoc, request: &RequestState) -> String {
    let saved =
        Saved { format: 1, scenario: serde_json::to_value(doc).unwrap_or_default(), request: Some(request.into()) };
    serde_json::to_string(&saved).unwrap_or_default()
}

/// Reads saved work; the scenario goes through the same migration as files.
pub fn decode_saved(text: &str) -> Result<(ScenarioDoc, Option<SavedRequest>), SavedError> {
    let saved: Saved = serde_json::from_str(text).map_err(SavedError::Unreadable)?;
    if saved.format != 1 {
        return Err(SavedError::NewerFormat(saved.format));
    }
    let doc = parse_document(&saved.scenario.to_string()).map_err(SavedError::InvalidScenario)?;
    Ok((doc, saved.request))
}

/// `v1/<base64url(deflate(json))>`.
pub fn encode_share(doc: &ScenarioDoc, request: &RequestState) -> String {
    let json = encode_saved(doc, request);
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    format!("{SHARE_PREFIX}{}", base64url_encode(&packed))
}

pub fn decode_share(fragment: &str) -> Result<(ScenarioDoc, Option<SavedRequest>), ShareError> {
    decode_share_sized(fragment).map(|(doc, req, _)| (doc, req))
}

/// `decode_share`, with the size the link inflated to (bytes of JSON).
pub fn decode_share_sized(fragment: &str) -> Result<(ScenarioDoc, Option<SavedRequest>, usize), ShareError> {
    let body = fragment.trim_start_matches('#');
    let payload = body.strip_prefix(SHARE_PREFIX).ok_or(ShareError::NotAShareLink)?;
    let packed = base64url_decode(payload).ok_or(ShareError::NotBase64Url)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, 16 * 1024 * 1024)
        .map_err(|_| ShareError::NotDeflate)?;
    let text = String::from_utf8(json).map_err(|_| ShareError::NotUtf8)?;
    let (doc, req) = decode_saved(&text)?;
    Ok((doc, req, text.len()))
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            let idx = ((n >> (18 - 6 * i)) & 63) as usize;
            if let Some(c) = ALPHABET.get(idx) {
                out.push(char::from(*c));
            }
        }
    }
    out
}

pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let v = ALPHABET.iter().position(|a| *a == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xFF) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::gallery::default_scenario;

    #[test]
    fn base64url_round_trips() {
        for len in 0..40 {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(base64url_decode(&base64url_encode(&data)).unwrap(), data);
        }
        assert!(base64url_decode("a+b").is_none());
    }

    #[test]
    fn share_links_round_trip_the_scenario_and_request() {
        let doc = default_scenario();
        let req = crate::state::default_request(&doc);
        let link = encode_share(&doc, &req);
        assert!(link.starts_with("v1/"));
        assert!(link.len() < 8000, "link is {} bytes", link.len());
        let (back, r) = decode_share(&format!("#{link}")).unwrap();
        assert_eq!(back, doc.normalized());
        assert_eq!(r.unwrap().principal, req.principal);
    }

    #[test]
    fn damaged_or_foreign_data_is_a_message_not_a_crash() {
        assert!(matches!(decode_share("#v9/abc"), Err(ShareError::NotAShareLink)));
        assert!(matches!(decode_share("#v1/!!!"), Err(ShareError::NotBase64Url)));
        assert!(matches!(decode_share("#v1/AAAA"), Err(ShareError::NotDeflate)));
        assert!(matches!(decode_saved("{"), Err(SavedError::Unreadable(_))));
        let newer = decode_saved(r#"{"format": 2, "scenario": {}}"#).unwrap_err();
        assert_eq!(newer.to_string(), "saved data format 2 is newer than this app");
        assert!(matches!(
            decode_saved(r#"{"format": 1, "scenario": {"version": 1}}"#),
            Err(SavedError::InvalidScenario(_))
        ));
        let damaged = "the share link is damaged (not base64url)";
        assert_eq!(decode_share("#v1/!!!").unwrap_err().to_string(), damaged);
    }

    #[test]
    fn the_meta_entry_tells_which_tab_saved_last() {
        let meta = Meta { rev: 4, tab: "b".into(), place: Place::IndexedDb };
        let back = Meta::parse(Some(&meta.encode())).unwrap();
        assert_eq!(back, meta);
        assert!(meta.encode().contains(r#""place":"indexeddb""#));
        assert_eq!(meta.idb_key(), "autosave-b-4");
        assert_eq!(Meta::parse(Some("{")), None);
        assert_eq!(Meta::parse(None), None);
        // Tab a read revision 3; tab b has saved revision 4 since.
        assert!(changed_elsewhere(Some(&meta), 3, "a"));
        // Its own save, or the revision it read, is no conflict; nor is no meta (an older save).
        assert!(!changed_elsewhere(Some(&meta), 3, "b"));
        assert!(!changed_elsewhere(Some(&meta), 4, "a"));
        assert!(!changed_elsewhere(None, 9, "a"));
    }

    #[test]
    fn large_entries_pack_and_unpack() {
        let doc = default_scenario();
        let req = crate::state::default_request(&doc);
        let text = encode_saved(&doc, &req).repeat(50);
        let packed = pack(&text);
        assert!(packed.len() * 10 < text.len(), "{} of {}", packed.len(), text.len());
        assert_eq!(unpack(&packed).unwrap(), text);
        assert!(unpack(b"nonsense").is_err());
        assert_eq!(size_words(6_500_000), "6.2 MB");
        assert_eq!(size_words(1000), "1 KB");
    }

    #[test]
    fn a_switched_role_survives_saving_and_older_saves_still_read() {
        let doc = default_scenario();
        let mut req = crate::state::default_request(&doc);
        req.principal = "finance/role/Inventory".into();
        req.switched_from = Some("finance/user/carla".into());
        let (_, back) = decode_saved(&encode_saved(&doc, &req)).unwrap();
        assert_eq!(RequestState::from(back.unwrap()), req);
        // Saves from before `switchedFrom` existed.
        let mut old: serde_json::Value = serde_json::from_str(&encode_saved(&doc, &req)).unwrap();
        old["request"].as_object_mut().unwrap().remove("switched_from");
        let (_, back) = decode_saved(&old.to_string()).unwrap();
        assert_eq!(back.unwrap().switched_from, None);
    }
}
