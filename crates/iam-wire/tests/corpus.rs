#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]

//! Runs the data-driven corpus in `tests/corpus/*.json`: each case is a
//! `simulate-custom-policy` input with the decisions AWS documents for it,
//! and names the documented rule it checks. Files and cases are typed and
//! reject unknown keys, so a misspelt key fails with the file and case named.

use iam_core::Decision;
use iam_wire::simulate::Simulation;
use serde::Deserialize;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One `tests/corpus/*.json` file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CorpusFile {
    /// What the file's cases have in common.
    topic: String,
    /// Read one by one as [`Case`], so an error names its case.
    cases: Vec<Value>,
}

/// One case: a `simulate-custom-policy` input and what AWS documents for it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    /// The `docs/aws-rules.md` ids it checks, comma-separated.
    rule: String,
    /// The AWS documentation page the rule comes from.
    doc: String,
    /// The simulate input; policies may be written as objects.
    input: Value,
    /// The decisions expected, unless AWS refuses the input.
    #[serde(default)]
    expect: Vec<Expect>,
    /// For an input AWS refuses: a part of the message that says why.
    rejected: Option<String>,
    /// How an ambiguous documentation was read.
    #[allow(dead_code, reason = "documentation for readers of the corpus")]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    action: String,
    #[serde(default = "any_resource")]
    resource: String,
    decision: ExpectedDecision,
    /// The context keys the explanation reports missing, in any order and case.
    missing: Option<Vec<String>>,
}

fn any_resource() -> String {
    "*".into()
}

/// A decision as the simulate output names it.
#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
enum ExpectedDecision {
    Allowed,
    ExplicitDeny,
    ImplicitDeny,
}

impl From<ExpectedDecision> for Decision {
    fn from(d: ExpectedDecision) -> Self {
        match d {
            ExpectedDecision::Allowed => Decision::Allow,
            ExpectedDecision::ExplicitDeny => Decision::ExplicitDeny,
            ExpectedDecision::ImplicitDeny => Decision::ImplicitDeny,
        }
    }
}

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

/// Reads a corpus file's cases, each with its name; a case that does not
/// read is a failure naming the file and the case.
fn read_cases(file: &Path, failures: &mut Vec<String>) -> Vec<Case> {
    let fname = file.file_name().unwrap().to_string_lossy().to_string();
    let doc: CorpusFile =
        serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap_or_else(|e| panic!("{fname}: {e}"));
    assert!(!doc.topic.is_empty(), "{fname}: the file says what its cases have in common");
    let mut cases = Vec::new();
    for (i, value) in doc.cases.into_iter().enumerate() {
        let name = value.get("name").and_then(Value::as_str).map_or(format!("case #{}", i + 1), str::to_string);
        match Case::deserialize(&value) {
            Ok(case) => cases.push(case),
            Err(e) => failures.push(format!("{fname} / {name}: {e}")),
        }
    }
    cases
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
        let fname = file.file_name().unwrap().to_string_lossy().to_string();
        for case in read_cases(file, &mut failures) {
            count += 1;
            let Case { name, rule, doc, mut input, expect, rejected, .. } = case;
            assert!(names.insert(format!("{fname}/{name}")), "duplicate case name {fname}/{name}");
            assert!(!rule.is_empty(), "{fname}/{name}: every case cites the AWS rule it checks");
            assert!(doc.starts_with("https://docs.aws.amazon.com/"), "{fname}/{name}: `doc` is an AWS page: {doc}");
            assert!(
                rejected.is_some() == expect.is_empty(),
                "{fname}/{name}: a case expects decisions or a rejection, not both or neither"
            );
            stringify_policies(&mut input);
            // Cases AWS refuses name a part of the message that must say why.
            if let Some(want) = rejected {
                match Simulation::from_json(&input.to_string()) {
                    Err(e) if e.to_string().contains(&want) => {}
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
            for exp in expect {
                let Expect { action, resource, decision, missing } = exp;
                let Some(got) = results.iter().find(|r| r.action == action && r.resource == resource) else {
                    failures.push(format!("{fname} / {name}: no result for {action} on {resource}"));
                    continue;
                };
                let got_decision = got.explanation.decision;
                if got_decision != Decision::from(decision) {
                    failures.push(format!(
                        "{fname} / {name} [{rule}]: {action} on {resource}: expected {}, got {} ({})",
                        Decision::from(decision).as_aws_str(),
                        got_decision.as_aws_str(),
                        iam_wire::explain::reason_text(got.explanation.reason)
                    ));
                }
                if let Some(missing) = missing {
                    let mut want: Vec<String> = missing.iter().map(|m| m.to_ascii_lowercase()).collect();
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

#[test]
fn a_misspelt_key_names_the_file_and_the_case() {
    let dir = std::env::temp_dir().join(format!("iam-corpus-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("typo.json");
    let case = r#"{"name": "typo", "rule": "EVAL-DENY-WINS", "doc": "https://docs.aws.amazon.com/", "input": {},
        "expect": [{"action": "s3:GetObject", "decison": "allowed"}]}"#;
    std::fs::write(&file, format!(r#"{{"topic": "t", "cases": [{case}]}}"#)).unwrap();
    let mut failures = Vec::new();
    let cases = read_cases(&file, &mut failures);
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(cases.is_empty());
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(failures[0].starts_with("typo.json / typo: unknown field `decison`"), "{}", failures[0]);
}
