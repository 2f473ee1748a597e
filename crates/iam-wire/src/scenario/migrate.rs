//! Reading scenario text: JSON or YAML, any supported version, into the
//! current document type. Errors name the field path and position.

use super::doc::{ScenarioDoc, VERSION};
use crate::error::{WireError, strip_position};
use crate::json::reject_duplicate_keys;
use serde_json::Value;

/// Parses a scenario (JSON, or YAML when it does not start with `{`), migrates
/// older versions, and checks it against the current types. A key repeated in
/// a JSON object or a YAML mapping is an error: readers keep only one value.
pub fn parse_document(text: &str) -> Result<ScenarioDoc, WireError> {
    let is_json = text.trim_start().starts_with('{');
    let value: Value = if is_json {
        let value = serde_json::from_str(text).map_err(|e| WireError {
            path: "(root)".into(),
            line: Some(e.line()),
            column: Some(e.column()),
            message: strip_position(&e.to_string()),
        })?;
        reject_duplicate_keys(text)?;
        value
    } else {
        yaml_value(text)?
    };
    let (value, migrated) = migrate(value)?;
    // Deserialize from JSON text so that errors carry the line, column and
    // path the user wrote (for YAML or migrated documents: of the JSON form).
    let verbatim = is_json && !migrated;
    let json = if verbatim { text.to_string() } else { serde_json::to_string_pretty(&value).unwrap_or_default() };
    serde_json::from_str(&json).map_err(|e| {
        let mut err = WireError::from_json(&e, &json);
        if !verbatim {
            err.line = None;
            err.column = None;
        }
        err
    })
}

/// How deep YAML flow collections (`[`, `{`) may nest. Checked before the
/// YAML reader runs, whose time grows with the square of the nesting.
#[cfg_attr(not(feature = "yaml"), allow(dead_code))]
pub const MAX_YAML_DEPTH: usize = 64;

/// How many bytes of scalars a YAML document may expand to through aliases
/// (`*name` repeats what `&name` marks) beyond its own size.
#[cfg_attr(not(feature = "yaml"), allow(dead_code))]
pub const MAX_YAML_EXPANSION: usize = 16 * 1024 * 1024;

/// How many values (scalars, sequences, mappings) a YAML document may expand to.
#[cfg_attr(not(feature = "yaml"), allow(dead_code))]
pub const MAX_YAML_NODES: usize = 1_000_000;

/// Finds flow collections nested deeper than [`MAX_YAML_DEPTH`], with the
/// position of the bracket that goes too deep. A `[` or `{` counts where a
/// flow collection can start (after the start of a line, `:`, `,`, `-`, `?`
/// or another bracket), outside quotes and comments; a bracket inside a
/// plain scalar (`a[1]`) does not.
#[cfg_attr(not(feature = "yaml"), allow(dead_code))]
pub fn check_yaml_nesting(text: &str) -> Result<(), WireError> {
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let (mut quote, mut comment, mut prev) = (None::<char>, false, '\n');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        if c == '\n' {
            (line, column, comment) = (line + 1, 0, false);
            prev = '\n';
            continue;
        }
        if comment {
            continue;
        }
        let opens = quote.is_none() && matches!(prev, '\n' | ' ' | '\t' | ':' | ',' | '-' | '?' | '[' | '{');
        match quote {
            Some('"') if c == '\\' => {
                chars.next();
                column += 1;
                continue;
            }
            Some(q) if c == q => {
                // `''` inside single quotes is a quote, not the end.
                if q == '\'' && chars.peek() == Some(&'\'') {
                    chars.next();
                    column += 1;
                } else {
                    quote = None;
                }
            }
            Some(_) => {}
            None => match c {
                '"' | '\'' if opens => quote = Some(c),
                '#' if matches!(prev, '\n' | ' ' | '\t') => comment = true,
                '[' | '{' if opens => {
                    depth += 1;
                    if depth > MAX_YAML_DEPTH {
                        return Err(WireError {
                            path: "(root)".into(),
                            line: Some(line),
                            column: Some(column),
                            message: format!(
                                "YAML collections nested more than {MAX_YAML_DEPTH} deep; a scenario needs far fewer"
                            ),
                        });
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        if matches!(c, '[' | '{') && quote.is_none() && !opens {
            // Part of a plain scalar (`x[[`): what follows is too.
            prev = 'a';
        } else if !matches!(c, ' ' | '\t') || quote.is_some() {
            prev = c;
        } else if prev != '\n' {
            prev = ' ';
        }
    }
    Ok(())
}

#[cfg(feature = "yaml")]
fn yaml_value(text: &str) -> Result<Value, WireError> {
    use serde::de::DeserializeSeed;
    check_yaml_nesting(text)?;
    let repeated = std::cell::RefCell::new(None);
    let budget = yaml::Budget::new(text.len().saturating_add(MAX_YAML_EXPANSION), MAX_YAML_NODES);
    let seed = yaml::ValueSeed { path: String::new(), repeated: &repeated, budget: &budget };
    let result = seed.deserialize(serde_norway::Deserializer::from_str(text));
    result.map_err(|e| {
        let loc = e.location();
        let (line, column) = (loc.as_ref().map(|l| l.line()), loc.as_ref().map(|l| l.column()));
        if let Some((path, message)) = budget.exceeded.borrow_mut().take() {
            return WireError { path, line, column, message };
        }
        match repeated.borrow_mut().take() {
            Some((path, key)) => WireError {
                path,
                line,
                column,
                message: format!(
                    "duplicate key `{key}`: YAML readers keep only one of the values, so the document is \
                     rejected rather than read differently than written"
                ),
            },
            None => WireError {
                path: "(root)".into(),
                line,
                column,
                message: format!("invalid YAML: {}", strip_position(&e.to_string())),
            },
        }
    })
}

/// YAML → JSON value, rejecting a key repeated in a mapping at the repeated
/// key itself: the check runs while the key is read, so the YAML reader
/// reports the key's line and column (a mapping type checking afterwards
/// would only know where the mapping starts).
#[cfg(feature = "yaml")]
mod yaml {
    use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
    use serde_json::{Map, Value};
    use std::cell::{Cell, RefCell};
    use std::fmt;

    /// The field path and key of a repeated key, once found.
    pub(super) type Repeated = RefCell<Option<(String, String)>>;

    /// What the document may still expand to: aliases replay what they
    /// name, so a few kilobytes can stand for gigabytes. Every value read
    /// (a replayed one too) is counted before it is copied.
    pub(super) struct Budget {
        bytes: Cell<usize>,
        nodes: Cell<usize>,
        /// The field path and message, once over.
        pub exceeded: RefCell<Option<(String, String)>>,
    }

    impl Budget {
        pub fn new(bytes: usize, nodes: usize) -> Self {
            Self { bytes: Cell::new(bytes), nodes: Cell::new(nodes), exceeded: RefCell::new(None) }
        }

        /// Takes one value of `len` bytes from the budget.
        fn take<E: de::Error>(&self, path: &str, len: usize) -> Result<(), E> {
            let (bytes, nodes) = (self.bytes.get().checked_sub(len), self.nodes.get().checked_sub(1));
            if let (Some(bytes), Some(nodes)) = (bytes, nodes) {
                self.bytes.set(bytes);
                self.nodes.set(nodes);
                return Ok(());
            }
            let message = format!(
                "the YAML document expands (through aliases) to more than {} MB of text or {} values; \
                 write the repeated parts out, or use fewer aliases",
                super::MAX_YAML_EXPANSION / (1024 * 1024),
                super::MAX_YAML_NODES
            );
            let path = if path.is_empty() { "(root)".to_string() } else { path.to_string() };
            *self.exceeded.borrow_mut() = Some((path, message.clone()));
            Err(E::custom(message))
        }
    }

    pub(super) struct ValueSeed<'r> {
        pub path: String,
        pub repeated: &'r Repeated,
        pub budget: &'r Budget,
    }

    impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
        type Value = Value;
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for ValueSeed<'_> {
        type Value = Value;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a YAML value")
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
            self.budget.take(&self.path, 0)?;
            Ok(Value::Bool(v))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
            self.budget.take(&self.path, 0)?;
            Ok(Value::from(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
            self.budget.take(&self.path, 0)?;
            Ok(Value::from(v))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
            self.budget.take(&self.path, 0)?;
            Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
            self.budget.take(&self.path, v.len())?;
            Ok(Value::String(v.to_string()))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
            self.budget.take(&self.path, v.len())?;
            Ok(Value::String(v))
        }
        fn visit_none<E: de::Error>(self) -> Result<Value, E> {
            self.budget.take(&self.path, 0)?;
            Ok(Value::Null)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
            self.budget.take(&self.path, 0)?;
            Ok(Value::Null)
        }
        fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            self.deserialize(d)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            self.budget.take(&self.path, 0)?;
            let mut items = Vec::new();
            while let Some(v) = seq.next_element_seed(ValueSeed {
                path: format!("{}[{}]", self.path, items.len()),
                repeated: self.repeated,
                budget: self.budget,
            })? {
                items.push(v);
            }
            Ok(Value::Array(items))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
            self.budget.take(&self.path, 0)?;
            let mut out = Map::new();
            while let Some(key) = map.next_key_seed(KeySeed {
                seen: &out,
                path: &self.path,
                repeated: self.repeated,
                budget: self.budget,
            })? {
                let path = if self.path.is_empty() { key.clone() } else { format!("{}.{key}", self.path) };
                let value = map.next_value_seed(ValueSeed { path, repeated: self.repeated, budget: self.budget })?;
                out.insert(key, value);
            }
            Ok(Value::Object(out))
        }
    }

    /// A mapping key; an error (at the key's position) when the mapping has it already.
    struct KeySeed<'a> {
        seen: &'a Map<String, Value>,
        path: &'a str,
        repeated: &'a Repeated,
        budget: &'a Budget,
    }

    impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
        type Value = String;
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
            d.deserialize_string(self)
        }
    }

    impl<'de> Visitor<'de> for KeySeed<'_> {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string key")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            self.budget.take(self.path, v.len())?;
            if self.seen.contains_key(v) {
                let path = if self.path.is_empty() { v.to_string() } else { format!("{}.{v}", self.path) };
                *self.repeated.borrow_mut() = Some((path, v.to_string()));
                return Err(E::custom(format!("duplicate key `{v}`")));
            }
            Ok(v.to_string())
        }
    }
}

#[cfg(not(feature = "yaml"))]
fn yaml_value(_text: &str) -> Result<Value, WireError> {
    Err(WireError::at("(root)", "expected a JSON object (`{`); YAML is read by the command-line tool"))
}

/// Brings a document of any supported version to the current one; says
/// whether anything changed.
pub fn migrate(mut value: Value) -> Result<(Value, bool), WireError> {
    let Some(obj) = value.as_object_mut() else {
        return Err(WireError::at("(root)", "a scenario must be a JSON object"));
    };
    let version = match obj.get("version") {
        Some(Value::Number(n)) => n.as_u64().ok_or_else(|| WireError::at("version", "must be a positive integer"))?,
        Some(_) => return Err(WireError::at("version", "must be a number")),
        None => return Err(WireError::at("version", format!("missing; this build writes `\"version\": {VERSION}`"))),
    };
    if version > u64::from(VERSION) {
        return Err(WireError::at(
            "version",
            format!(
                "version {version} was written by a newer IAM Playground; this build reads up to version {VERSION}"
            ),
        ));
    }
    if version == 0 {
        return Err(WireError::at("version", "version 0 does not exist; the first version is 1"));
    }
    // Each future version adds a step here: `if version < 2 { value = v1_to_v2(value); migrated = true }`.
    let migrated = false;
    Ok((value, migrated))
}

#[cfg(test)]
mod nesting_tests {
    use super::*;

    #[test]
    fn flow_nesting_is_counted_outside_quotes_comments_and_plain_scalars() {
        let deep = |n: usize| format!("a: {}{}", "[".repeat(n), "]".repeat(n));
        assert!(check_yaml_nesting(&deep(MAX_YAML_DEPTH)).is_ok());
        let e = check_yaml_nesting(&deep(MAX_YAML_DEPTH + 1)).unwrap_err();
        assert_eq!((e.line, e.column), (Some(1), Some(MAX_YAML_DEPTH + 4)));
        let many = "[".repeat(200);
        for text in [
            format!("a: \"{many}\""),
            format!("a: '{many}'"),
            format!("a: 'it''s {many}'"),
            format!("# {many}\na: 1"),
            format!("a: x{many}"),
            format!("a: \"\\\"{many}\""),
        ] {
            assert!(check_yaml_nesting(&text).is_ok(), "{text}");
        }
        let e = check_yaml_nesting(&format!("a:\n  - {{b: {}", "[".repeat(100))).unwrap_err();
        assert_eq!(e.line, Some(2));
    }
}
