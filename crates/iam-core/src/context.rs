//! The request context: condition keys and their values.
//!
//! Keys are case-insensitive (AWS: "condition key names are not case-sensitive"),
//! so they are stored lower-cased. Values are kept as text; each condition
//! operator interprets them (number, date, IP, ...) when it compares.

use rustc_hash::FxHashMap;

/// The values of one context key.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ContextValue {
    pub values: Vec<String>,
    /// Declared as a list type (`stringList`, `ArrayOfString`, ...): a multivalued
    /// key even with one value.
    pub multi: bool,
}

impl ContextValue {
    pub fn single(v: impl Into<String>) -> Self {
        Self { values: vec![v.into()], multi: false }
    }

    pub fn list<I: IntoIterator<Item = S>, S: Into<String>>(values: I) -> Self {
        Self { values: values.into_iter().map(Into::into).collect(), multi: true }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    entries: FxHashMap<String, ContextValue>,
}

impl Context {
    pub fn new() -> Self {
        Self::default()
    }

    /// Inserts (or replaces) a key; the name is lower-cased.
    pub fn insert(&mut self, key: &str, value: ContextValue) {
        self.entries.insert(key.to_ascii_lowercase(), value);
    }

    /// Inserts only if absent (used to fill keys derived from the principal
    /// without overriding what the caller supplied).
    pub fn insert_default(&mut self, key: &str, value: ContextValue) {
        self.entries.entry(key.to_ascii_lowercase()).or_insert(value);
    }

    /// Looks up an already lower-cased key.
    pub fn get(&self, lower_key: &str) -> Option<&ContextValue> {
        self.entries.get(lower_key)
    }

    pub fn contains(&self, lower_key: &str) -> bool {
        self.entries.contains_key(lower_key)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &ContextValue)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }
}
