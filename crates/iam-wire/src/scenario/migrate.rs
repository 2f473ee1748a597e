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

#[cfg(feature = "yaml")]
fn yaml_value(text: &str) -> Result<Value, WireError> {
    use serde::de::DeserializeSeed;
    let repeated = std::cell::RefCell::new(None);
    let seed = yaml::ValueSeed { path: String::new(), repeated: &repeated };
    let result = seed.deserialize(serde_norway::Deserializer::from_str(text));
    result.map_err(|e| {
        let loc = e.location();
        let (line, column) = (loc.as_ref().map(|l| l.line()), loc.as_ref().map(|l| l.column()));
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
    use std::cell::RefCell;
    use std::fmt;

    /// The field path and key of a repeated key, once found.
    pub(super) type Repeated = RefCell<Option<(String, String)>>;

    pub(super) struct ValueSeed<'r> {
        pub path: String,
        pub repeated: &'r Repeated,
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
        fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
            Ok(Value::Bool(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
            Ok(Value::from(v))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
            Ok(Value::from(v))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
            Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
        }
        fn visit_str<E>(self, v: &str) -> Result<Value, E> {
            Ok(Value::String(v.to_string()))
        }
        fn visit_string<E>(self, v: String) -> Result<Value, E> {
            Ok(Value::String(v))
        }
        fn visit_none<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            self.deserialize(d)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let mut items = Vec::new();
            while let Some(v) = seq.next_element_seed(ValueSeed {
                path: format!("{}[{}]", self.path, items.len()),
                repeated: self.repeated,
            })? {
                items.push(v);
            }
            Ok(Value::Array(items))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
            let mut out = Map::new();
            while let Some(key) =
                map.next_key_seed(KeySeed { seen: &out, path: &self.path, repeated: self.repeated })?
            {
                let path = if self.path.is_empty() { key.clone() } else { format!("{}.{key}", self.path) };
                let value = map.next_value_seed(ValueSeed { path, repeated: self.repeated })?;
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
