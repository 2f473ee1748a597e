//! The scenarios shipped with the product, compiled into the app.

use iam_wire::scenario::{ScenarioDoc, parse_document};

pub struct GalleryEntry {
    pub file: &'static str,
    pub title: &'static str,
    pub text: &'static str,
}

pub const GALLERY: &[GalleryEntry] = &[
    GalleryEntry {
        file: "coffee-shop.json",
        title: "Coffee shop",
        text: include_str!("../../../scenarios/coffee-shop.json"),
    },
    GalleryEntry {
        file: "multi-account-guardrails.json",
        title: "Multi-account guardrails",
        text: include_str!("../../../scenarios/multi-account-guardrails.json"),
    },
    GalleryEntry {
        file: "cross-account-data-sharing.json",
        title: "Cross-account data sharing",
        text: include_str!("../../../scenarios/cross-account-data-sharing.json"),
    },
    GalleryEntry {
        file: "privilege-escalation-trap.json",
        title: "Privilege-escalation trap",
        text: include_str!("../../../scenarios/privilege-escalation-trap.json"),
    },
];

/// The default scenario: the coffee shop.
pub fn default_scenario() -> ScenarioDoc {
    GALLERY.first().and_then(|g| parse_document(g.text).ok()).unwrap_or_default()
}

pub fn load(file: &str) -> Option<ScenarioDoc> {
    GALLERY.iter().find(|g| g.file == file).and_then(|g| parse_document(g.text).ok())
}

/// A blank scenario to start from: one account, nothing in it.
pub fn blank() -> ScenarioDoc {
    ScenarioDoc {
        version: 1,
        name: "New scenario".into(),
        accounts: vec![iam_wire::scenario::AccountDoc {
            id: "111122223333".into(),
            name: "my-account".into(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// The gallery entry that `doc` came from, recognised by its name.
pub fn entry_of(doc: &ScenarioDoc) -> Option<&'static GalleryEntry> {
    let key = |s: &str| s.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
    GALLERY.iter().find(|g| key(g.title) == key(&doc.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_gallery_scenario_is_recognised_and_the_blank_one_resolves() {
        for g in GALLERY {
            let doc = load(g.file).unwrap();
            assert_eq!(entry_of(&doc).map(|e| e.file), Some(g.file));
        }
        let b = blank();
        assert_eq!(entry_of(&b).map(|e| e.file), None);
        assert!(iam_wire::scenario::resolve(&b, &|_| None).is_ok());
    }
}
