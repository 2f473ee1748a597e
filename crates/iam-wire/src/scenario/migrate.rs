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
    let error = |e: serde_norway::Error| {
        let loc = e.location();
        WireError {
            path: "(root)".into(),
            line: loc.as_ref().map(|l| l.line()),
            column: loc.as_ref().map(|l| l.column()),
            message: format!("invalid YAML: {}", strip_position(&e.to_string())),
        }
    };
    // serde_norway's own mapping type rejects a repeated key ("duplicate entry");
    // reading straight into a JSON value would keep the last one silently.
    serde_norway::from_str::<serde_norway::Value>(text).map_err(error)?;
    serde_norway::from_str::<Value>(text).map_err(error)
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
