//! What serde cannot see in JSON text: a repeated key. `serde_json` keeps the
//! last value of a repeated key and drops the others without a word, and in a
//! policy that can widen what it allows (a `Condition` with two
//! `StringEquals` blocks loses the first). Every JSON document this crate
//! reads is checked here first, with the project's strict span-keeping parser,
//! so a repeated key is an error naming its field path and line:column.

use crate::error::WireError;
use iam_core::LineIndex;
use iam_core::json::{Value, parse, span_of};

/// A policy written as a JSON object inside a larger document: its exact text
/// and where that text starts (1-based line and column of its `{`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Embedded {
    pub text: String,
    pub origin: iam_core::LineCol,
}

/// The parsed document, for finding the exact text of embedded objects.
pub struct Checked<'t> {
    text: &'t str,
    root: Option<Value<'t>>,
}

impl<'t> Checked<'t> {
    /// The exact text (and its position) of the object at `path`, a list of
    /// property names and array indices; `None` unless it is an object.
    pub fn object_at(&self, path: &[Step<'_>], index: &LineIndex<'_>) -> Option<Embedded> {
        let mut node = self.root.as_ref()?;
        for step in path {
            node = match (step, node) {
                (Step::Key(k), Value::Object(o)) => &o.properties.iter().find(|p| p.name.as_str() == *k)?.value,
                (Step::Index(i), Value::Array(a)) => a.elements.get(*i)?,
                _ => return None,
            };
        }
        let Value::Object(o) = node else { return None };
        let span = span_of(o);
        let text = self.text.get(span.start as usize..span.end as usize)?.to_string();
        Some(Embedded { text, origin: index.line_col(span.start) })
    }
}

/// One step of a path into a document.
#[derive(Clone, Copy, Debug)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Rejects text in which an object repeats a key. Call it after serde has
/// accepted the text (serde's messages for other mistakes are the familiar
/// ones); it then only fails for a repeated key, or for the rare text serde
/// accepts but strict JSON does not.
pub fn reject_duplicate_keys(text: &str) -> Result<Checked<'_>, WireError> {
    let index = LineIndex::new(text);
    let root = parse(text).map_err(|d| {
        let at = index.line_col(d.span.start);
        WireError {
            path: "(root)".into(),
            line: Some(at.line as usize),
            column: Some(at.column as usize),
            message: d.message,
        }
    })?;
    if let Some(root) = &root {
        // Depth-first in document order, without recursion (deep documents
        // must not exhaust the stack, in Wasm least of all).
        let mut stack: Vec<(&Value<'_>, String)> = vec![(root, String::new())];
        while let Some((node, path)) = stack.pop() {
            match node {
                Value::Object(o) => {
                    let mut seen: Vec<(&str, u32)> = Vec::with_capacity(o.properties.len());
                    for p in &o.properties {
                        let name = p.name.as_str();
                        let start = span_of(&p.name).start;
                        if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
                            let (at, first) = (index.line_col(start), index.line_col(*first));
                            return Err(WireError {
                                path: join(&path, name),
                                line: Some(at.line as usize),
                                column: Some(at.column as usize),
                                message: format!(
                                    "duplicate key `{name}` (first at {first}): JSON readers keep only one of the \
                                     values, so the document is rejected rather than read differently than written"
                                ),
                            });
                        }
                        seen.push((name, start));
                    }
                    for p in o.properties.iter().rev() {
                        stack.push((&p.value, join(&path, p.name.as_str())));
                    }
                }
                Value::Array(a) => {
                    for (i, e) in a.elements.iter().enumerate().rev() {
                        stack.push((e, format!("{path}[{i}]")));
                    }
                }
                _ => {}
            }
        }
    }
    Ok(Checked { text, root })
}

/// True when `text` is JSON without repeated keys.
pub fn has_no_duplicate_keys(text: &str) -> bool {
    reject_duplicate_keys(text).is_ok()
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

/// A policy written either as its text (a JSON string, as AWS takes it) or as
/// a JSON object. Deserialized by hand rather than `#[serde(untagged)]`, whose
/// error for anything else ("data did not match any variant of untagged enum")
/// names a Rust type instead of saying what was expected.
pub(crate) fn string_or_object<'de, D, T>(
    deserializer: D,
    expecting: &'static str,
    text: fn(String) -> T,
    object: fn(serde_json::Map<String, serde_json::Value>) -> T,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    use serde::de::{self, MapAccess, Visitor};
    struct Either<T> {
        expecting: &'static str,
        text: fn(String) -> T,
        object: fn(serde_json::Map<String, serde_json::Value>) -> T,
    }
    impl<'de, T> Visitor<'de> for Either<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.text)(v.to_string()))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
            Ok((self.text)(v))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            serde::Deserialize::deserialize(de::value::MapAccessDeserializer::new(map)).map(self.object)
        }
    }
    deserializer.deserialize_any(Either { expecting, text, object })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_key_is_named_with_its_path_and_position() {
        let text = "{\"a\": [{\"b\": 1,\n  \"b\": 2}], \"c\": {}}";
        let e = reject_duplicate_keys(text).err().unwrap_or_else(|| WireError::at("", "accepted"));
        assert_eq!(e.path, "a[0].b");
        assert_eq!((e.line, e.column), (Some(2), Some(3)));
        assert!(e.message.contains("first at 1:9"), "{e}");
        assert!(has_no_duplicate_keys("{\"a\": {\"b\": 1}, \"b\": {\"a\": 2}}"));
        assert!(has_no_duplicate_keys(""));
        assert!(!has_no_duplicate_keys("{\"a\": 1,}"));
    }

    #[test]
    fn deep_documents_are_no_problem() {
        let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
        let _ = reject_duplicate_keys(&deep);
    }

    #[test]
    fn embedded_objects_keep_their_text_and_origin() {
        let text = "{\"P\": [1,\n  {\"Version\": \"x\"}]}";
        let checked = reject_duplicate_keys(text).ok();
        let index = LineIndex::new(text);
        let e = checked.and_then(|c| c.object_at(&[Step::Key("P"), Step::Index(1)], &index));
        assert_eq!(
            e,
            Some(Embedded { text: "{\"Version\": \"x\"}".into(), origin: iam_core::LineCol { line: 2, column: 3 } })
        );
    }
}
