#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]

//! Runs the data-driven corpus in `tests/corpus/*.json`: each case is a
//! `simulate-custom-policy` input with the decisions AWS documents for it,
//! and names the documented rule it checks.

use iam_wire::simulate::Simulation;
use serde_json::Value;
use std::path::PathBuf;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

/// Policies may be written as objects in the corpus; the AWS shape wants strings.
fn stringify_policies(input: &mut Value) {
    let lists = ["PolicyInputList", "PermissionsBoundaryPolicyInputList", "SessionPolicyInputList"];
    let obj = input.as_object_mut().expect("input is an object");
    for key in lists {
        if let Some(Value::Array(items)) = obj.get_mut(key) {
            for it in items.iter_mut() {
                to_text(it);
            }
        }
    }
    if let Some(p) = obj.get_mut("ResourcePolicy") {
        to_text(p);
    }
    if let Some(Value::Array(levels)) = obj.get_mut("OrderedOrganizationPolicyInputList") {
        for level in levels {
            for key in ["ServiceControlPolicyInputList", "ResourceControlPolicyInputList"] {
                if let Some(Value::Array(items)) = level.get_mut(key) {
                    for it in items.iter_mut() {
                        to_text(it);
                    }
                }
            }
        }
    }
}

fn to_text(v: &mut Value) {
    if v.is_object() {
        *v = Value::String(serde_json::to_string_pretty(v).unwrap());
    }
}

#[test]
fn corpus() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("tests/corpus exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let mut count = 0;
    let mut names = std::collections::HashSet::new();
    for file in &files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let fname = file.file_name().unwrap().to_string_lossy().to_string();
        for case in doc["cases"].as_array().expect("cases array") {
            count += 1;
            let name = case["name"].as_str().expect("name");
            assert!(names.insert(format!("{fname}/{name}")), "duplicate case name {fname}/{name}");
            let rule = case["rule"].as_str().unwrap_or("");
            assert!(!rule.is_empty(), "{fname}/{name}: every case cites the AWS rule it checks");
            let mut input = case["input"].clone();
            stringify_policies(&mut input);
            // Cases AWS refuses name a part of the message that must say why.
            if let Some(want) = case["rejected"].as_str() {
                match Simulation::from_json(&input.to_string()) {
                    Err(e) if e.to_string().contains(want) => {}
                    Err(e) => failures.push(format!("{fname} / {name} [{rule}]: rejected, but not for `{want}`: {e}")),
                    Ok(_) => failures.push(format!("{fname} / {name} [{rule}]: accepted; expected rejection: {want}")),
                }
                continue;
            }
            let sim = match Simulation::from_json(&input.to_string()) {
                Ok(s) => s,
                Err(e) => {
                    failures.push(format!("{fname} / {name} [{rule}]: input rejected: {e}"));
                    continue;
                }
            };
            let (results, _) = sim.run();
            for exp in case["expect"].as_array().expect("expect array") {
                let action = exp["action"].as_str().unwrap();
                let resource = exp["resource"].as_str().unwrap_or("*");
                let want = exp["decision"].as_str().unwrap();
                let Some(got) = results.iter().find(|r| r.action == action && r.resource == resource) else {
                    failures.push(format!("{fname} / {name}: no result for {action} on {resource}"));
                    continue;
                };
                let got_decision = got.explanation.decision.as_aws_str();
                if got_decision != want {
                    failures.push(format!(
                        "{fname} / {name} [{rule}]: {action} on {resource}: expected {want}, got {got_decision} ({})",
                        iam_wire::explain::reason_text(got.explanation.reason)
                    ));
                }
                if let Some(missing) = exp.get("missing").and_then(Value::as_array) {
                    let mut want: Vec<String> =
                        missing.iter().map(|m| m.as_str().unwrap().to_ascii_lowercase()).collect();
                    want.sort();
                    let mut have: Vec<String> =
                        got.explanation.missing_context.iter().map(|m| m.to_ascii_lowercase()).collect();
                    have.sort();
                    if want != have {
                        failures.push(format!("{fname} / {name}: missing context expected {want:?}, got {have:?}"));
                    }
                }
            }
        }
    }
    assert!(count > 0, "the corpus is empty");
    assert!(failures.is_empty(), "{} of {count} corpus cases failed:\n{}", failures.len(), failures.join("\n"));
    eprintln!("corpus: {count} cases passed");
}
