#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]

//! The committed report schema is the generated one, and reports have its shape.

use iam_catalog::ManagedPolicies;
use iam_wire::scenario::{parse_document, resolve};
use serde_json::Value;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn sorted(v: &Value) -> String {
    // serde_json's preserve_order keeps insertion order; sort for the committed form.
    fn sort(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<_> = m.keys().collect();
                keys.sort();
                Value::Object(keys.into_iter().map(|k| (k.clone(), sort(&m[k]))).collect())
            }
            Value::Array(a) => Value::Array(a.iter().map(sort).collect()),
            other => other.clone(),
        }
    }
    serde_json::to_string_pretty(&sort(v)).unwrap() + "\n"
}

#[test]
fn committed_schema_is_current() {
    let committed = std::fs::read_to_string(root().join("schemas/report.v1.schema.json")).unwrap_or_default();
    let generated = sorted(&iam_reports::json_schema());
    if committed != generated {
        std::fs::write(root().join("target/report.v1.schema.json"), &generated).unwrap();
    }
    assert_eq!(committed, generated, "regenerated schema written to target/report.v1.schema.json: copy it to schemas/");
}

/// Checks `value` against the schema's `required` keys and `enum`s, recursively
/// (the subset of JSON Schema the report schema uses for its shape).
fn check(schema: &Value, defs: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => &defs[r.trim_start_matches("#/$defs/")],
        None => schema,
    };
    if let Some(options) = schema.get("oneOf").or_else(|| schema.get("anyOf")).and_then(Value::as_array) {
        let ok = options.iter().any(|o| {
            let mut e = Vec::new();
            check(o, defs, value, path, &mut e);
            e.is_empty()
        });
        if !ok {
            errors.push(format!("{path}: matches no alternative"));
        }
        return;
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        errors.push(format!("{path}: {value} not in {allowed:?}"));
    }
    if let Some(c) = schema.get("const")
        && c != value
    {
        errors.push(format!("{path}: {value} is not {c}"));
    }
    if let Some(obj) = value.as_object() {
        for req in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
            if !obj.contains_key(req.as_str().unwrap()) {
                errors.push(format!("{path}: missing {req}"));
            }
        }
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (k, v) in obj {
                match props.get(k) {
                    Some(s) => check(s, defs, v, &format!("{path}.{k}"), errors),
                    None => errors.push(format!("{path}: unexpected key {k}")),
                }
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), value.as_array()) {
        for (i, v) in arr.iter().enumerate() {
            check(items, defs, v, &format!("{path}[{i}]"), errors);
        }
    }
}

#[test]
fn reports_of_shipped_scenarios_have_the_schema_shape() {
    let schema = iam_reports::json_schema();
    let defs = schema["$defs"].clone();
    let managed = ManagedPolicies::bundled().unwrap();
    let lookup = |arn: &str| managed.by_arn(arn).map(|p| (p.name.clone(), p.document.clone()));
    for entry in std::fs::read_dir(root().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        let doc = parse_document(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let loaded = resolve(&doc, &lookup).unwrap();
        let as_of = iam_reports::as_of(None, &doc, iam_reports::date::parse("2026-12-01").unwrap());
        let value = serde_json::to_value(iam_reports::report(&doc, &loaded.model, as_of)).unwrap();
        let mut errors = Vec::new();
        check(&schema, &defs, &value, "$", &mut errors);
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        for key in ["scenario", "asOf", "summary", "controls", "agreements"] {
            assert!(value.get(key).is_some(), "{key}");
        }
    }
}
