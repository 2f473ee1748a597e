#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! The linter on real policies: the 1,594 AWS managed policies produce no
//! ERROR except the real gaps between the corpus and the catalog that
//! tests/data/managed-policies-facts.json lists, and AWS's example SCPs and
//! RCPs produce the findings their README describes.

use iam_catalog::{IamCatalog, ManagedPolicies};
use iam_core::diag::Severity;
use iam_core::lint::{Code, PolicyType, lint};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn catalog() -> &'static IamCatalog {
    static CATALOG: OnceLock<IamCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| IamCatalog::bundled().unwrap())
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The JSON string at a finding's span, unquoted.
fn literal(text: &str, span: iam_core::Span) -> String {
    let raw = &text[span.start as usize..span.end as usize];
    serde_json::from_str::<String>(raw).unwrap_or_else(|_| raw.to_string())
}

#[test]
fn managed_policies_have_no_errors_but_the_known_catalog_gaps() {
    let facts: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("tests/data/managed-policies-facts.json")).unwrap())
            .unwrap();
    let mut expected_actions: BTreeSet<(String, String)> = BTreeSet::new();
    for (action, policies) in facts["unknownActions"].as_object().unwrap() {
        for p in policies.as_array().unwrap() {
            expected_actions.insert((p.as_str().unwrap().to_string(), action.to_ascii_lowercase()));
        }
    }
    let mut expected_prefixes: BTreeSet<(String, String)> = BTreeSet::new();
    for (prefix, policies) in facts["unknownServicePrefixes"].as_object().unwrap() {
        for p in policies.as_array().unwrap() {
            expected_prefixes.insert((p.as_str().unwrap().to_string(), prefix.clone()));
        }
    }
    assert!(facts["wildcardsMatchingNothing"].as_object().unwrap().is_empty());

    let corpus = ManagedPolicies::bundled().unwrap();
    let mut actions = BTreeSet::new();
    let mut prefixes = BTreeSet::new();
    let mut unexpected = Vec::new();
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    for p in corpus.all() {
        for d in lint(&p.document, PolicyType::AwsManaged, catalog()) {
            *by_code.entry(d.code.as_str()).or_default() += 1;
            if d.severity != Severity::Error {
                continue;
            }
            let text = literal(&p.document, d.span);
            match d.code {
                Code::UnknownAction => {
                    actions.insert((p.name.clone(), text.to_ascii_lowercase()));
                }
                Code::UnknownService => {
                    prefixes.insert((p.name.clone(), text.split(':').next().unwrap().to_ascii_lowercase()));
                }
                _ => unexpected.push(format!("{}: {} {} at {text}", p.name, d.code, d.message)),
            }
        }
    }
    eprintln!("findings by code over the managed corpus: {by_code:#?}");
    assert!(unexpected.is_empty(), "unexpected ERRORs:\n{}", unexpected.join("\n"));
    assert_eq!(actions, expected_actions, "unknown actions differ from managed-policies-facts.json");
    assert_eq!(prefixes, expected_prefixes, "unknown service prefixes differ from managed-policies-facts.json");
}

fn scp_examples() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    let root = repo().join("tests/data/scp-examples");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|f| (f.strip_prefix(&root).unwrap().display().to_string(), std::fs::read_to_string(&f).unwrap()))
        .collect()
}

fn example_type(path: &str) -> PolicyType {
    if path.contains("resource_control_policies") {
        PolicyType::Rcp
    } else if path.contains("vpc_endpoint_policies") {
        PolicyType::Resource
    } else {
        PolicyType::Scp
    }
}

#[test]
fn example_scps_and_rcps() {
    let examples = scp_examples();
    assert_eq!(examples.len(), 86);
    let mut errors: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    let mut unknown_actions = BTreeSet::new();
    let mut placeholders = 0;
    let mut syntax = Vec::new();
    let mut too_large = Vec::new();
    for (path, text) in &examples {
        for d in lint(text, example_type(path), catalog()) {
            *by_code.entry(d.code.as_str()).or_default() += 1;
            if d.is_error() {
                *errors.entry(d.code.as_str()).or_default() += 1;
            }
            match d.code {
                Code::UnknownAction => {
                    unknown_actions.insert(literal(text, d.span));
                }
                Code::LeftoverPlaceholder => placeholders += 1,
                Code::JsonSyntax => syntax.push(path.clone()),
                Code::PolicyTooLarge => too_large.push(path.clone()),
                _ => {}
            }
        }
    }
    eprintln!("findings by code over the SCP examples: {by_code:#?}");
    // The README: one file has a `//` comment; two real action names are unknown;
    // placeholders such as `<region>` and `${Account}` are everywhere.
    assert_eq!(
        syntax,
        [
            "service-control-policy-examples/Service-specific-controls/AWS-IAM/deny-service-specific-credential-by-type.json"
        ]
    );
    assert_eq!(
        unknown_actions.into_iter().collect::<Vec<_>>(),
        ["aws-marketplace:CreatePrivateMarketplace", "aws-marketplace:UpdatePrivateMarketplaceSettings"]
    );
    assert!(placeholders > 100, "{placeholders}");
    // SCPs count whitespace against the 5,120-character quota; this one only fits minified.
    assert_eq!(
        too_large,
        ["data-perimeter-policy-examples/service_control_policies/data_perimeter_governance_scp.json"]
    );
    let allowed: BTreeSet<&str> = ["json-syntax", "unknown-action", "leftover-placeholder", "policy-too-large"].into();
    let other: Vec<_> = errors.keys().filter(|c| !allowed.contains(*c)).collect();
    assert!(other.is_empty(), "unexpected ERROR codes in the examples: {other:?} ({errors:?})");
}
