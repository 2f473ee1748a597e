#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! The KMS corpus (`tests/corpus-kms/`): each case names a principal, an
//! operation, a key (ARN, ID or alias), the encryption context and other
//! context keys, and what KMS answers, citing its rule in `docs/aws-rules.md`.

use iam_core::{Context, ContextValue};
use iam_kms::{EncryptionContext, KmsDecision, Operation, authorize, default_key_policy};
use iam_wire::scenario::{Loaded, parse_document, resolve};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Corpus {
    scenario: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    id: String,
    rule: String,
    principal: String,
    operation: String,
    key: String,
    #[serde(default)]
    context: EncryptionContext,
    #[serde(default)]
    given: BTreeMap<String, String>,
    decision: String,
    error: Option<String>,
    #[serde(default)]
    grants: Vec<String>,
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus-kms")
}

fn load(name: &str) -> (iam_wire::scenario::ScenarioDoc, Loaded) {
    let doc = parse_document(&std::fs::read_to_string(dir().join(name)).unwrap()).unwrap();
    let loaded = resolve(&doc, &|_| None).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    (doc, loaded)
}

#[test]
fn every_kms_case_gets_the_answer_kms_documents() {
    let corpus: Corpus = serde_json::from_str(&std::fs::read_to_string(dir().join("cases.json")).unwrap()).unwrap();
    let (_, loaded) = load(&corpus.scenario);
    let mut failures = Vec::new();
    for case in &corpus.cases {
        assert!(case.rule.starts_with("KMS-"), "{}: cite a KMS rule", case.id);
        let key = loaded.kms_keys.iter().find(|k| k.is_named(&case.key)).unwrap_or_else(|| panic!("{}: key", case.id));
        let principal = loaded.model.resolve_principal(&case.principal).unwrap();
        let op = Operation::parse(&case.operation).unwrap_or_else(|| panic!("{}: operation", case.id));
        let mut given = Context::new();
        for (k, v) in &case.given {
            given.insert(k, ContextValue::single(v.clone()));
        }
        let v = authorize(&loaded.model, key, &principal, op, &case.context, &given).unwrap();
        let decision = match v.decision {
            KmsDecision::Allowed => "allowed",
            KmsDecision::ExplicitDeny => "explicitDeny",
            KmsDecision::ImplicitDeny => "implicitDeny",
        };
        let error = v.error.map(|e| e.name().to_string());
        let grants: Vec<String> = v.grants.iter().map(|i| key.grants[*i].id.clone()).collect();
        if decision != case.decision || error != case.error || grants != case.grants {
            failures.push(format!(
                "{} ({}): got {decision} {error:?} grants {grants:?}, expected {} {:?} grants {:?}",
                case.id, case.rule, case.decision, case.error, case.grants
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(corpus.cases.len() >= 30);
}

/// KMS-DEFAULT-KEY-POLICY: the corpus's first key has the default key policy
/// exactly as `default_key_policy` makes it.
#[test]
fn the_default_key_policy_function_matches_the_corpus() {
    let (doc, _) = load("scenario.json");
    let text = doc.accounts[0].resources[0].policy.as_ref().unwrap().text();
    let a: serde_json::Value = serde_json::from_str(&text).unwrap();
    let b: serde_json::Value = serde_json::from_str(&default_key_policy("111111111111")).unwrap();
    assert_eq!(a, b);
    // KMS-AWS-MANAGED-POLICY: and the AWS managed key's policy as `aws_managed_key_policy` makes it.
    let text = doc.accounts[0].resources[5].policy.as_ref().unwrap().text();
    let a: serde_json::Value = serde_json::from_str(&text).unwrap();
    let b: serde_json::Value =
        serde_json::from_str(&iam_kms::aws_managed_key_policy("111111111111", "s3", "us-east-1")).unwrap();
    assert_eq!(a, b);
}

/// The scenario's limits on `kms` fields (KMS-STATE-CANCEL: 7 to 30 days;
/// KMS-ROTATION-PERIOD: 90 to 2560; KMS-KEY-SPEC-USAGE; KMS-GRANT-OPERATIONS).
#[test]
fn kms_fields_out_of_limits_are_errors_with_paths() {
    let arn = "arn:aws:kms:us-east-1:111111111111:key/k";
    let bad = |kms: serde_json::Value, expect: &str| {
        let doc = serde_json::json!({"version": 1, "name": "x", "accounts": [{"id": "111111111111", "name": "a",
            "users": [{"name": "u"}], "resources": [{"arn": arn, "kms": kms}]}]});
        let doc = parse_document(&doc.to_string()).unwrap();
        let errors = resolve(&doc, &|_| None).err().unwrap_or_default();
        let text = format!("{errors:?}");
        assert!(text.contains(expect), "expected `{expect}` in {text}");
    };
    bad(serde_json::json!({"keyState": "PendingDeletion", "pendingWindowInDays": 6}), "7 to 30 days");
    bad(serde_json::json!({"pendingWindowInDays": 10}), "only a key in state `PendingDeletion`");
    bad(serde_json::json!({"rotation": {"enabled": true, "periodDays": 60}}), "90 to 2560");
    bad(serde_json::json!({"keySpec": "HMAC_256", "keyUsage": "ENCRYPT_DECRYPT"}), "GENERATE_VERIFY_MAC");
    bad(serde_json::json!({"aliases": ["alias/aws/s3"]}), "reserved for AWS managed keys");
    bad(serde_json::json!({"multiRegion": true}), "mrk-");
    bad(
        serde_json::json!({"grants": [{"id": "g", "granteePrincipal": "a/user/u", "operations": ["ScheduleKeyDeletion"]}]}),
        "not a grant operation",
    );
    bad(
        serde_json::json!({"grants": [{"id": "g", "granteePrincipal": "a/user/nobody", "operations": ["Decrypt"]}]}),
        "granteePrincipal",
    );
    bad(
        serde_json::json!({"grants": [{"id": "g", "granteePrincipal": "a/user/u", "operations": ["Sign"],
            "constraints": {"EncryptionContextEquals": {"a": "b"}}}]}),
        "cannot allow Sign",
    );
    let doc = serde_json::json!({"version": 1, "name": "x", "accounts": [{"id": "111111111111", "name": "a",
        "resources": [{"arn": "arn:aws:s3:::b", "kms": {}}]}]});
    let errors = resolve(&parse_document(&doc.to_string()).unwrap(), &|_| None).err().unwrap();
    assert!(format!("{errors:?}").contains("not a KMS key ARN"));
}
