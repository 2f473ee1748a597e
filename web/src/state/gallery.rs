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
