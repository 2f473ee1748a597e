#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]

//! Finding types, data-driven: each case triggers one, and a near miss
//! (a condition, a setting) does not. Rules of `docs/aws-rules.md` cited.
//! Plus SARIF 2.1.0 structure and the published JSON Schema.

use iam_catalog::ManagedPolicies;
use iam_findings::findings::{FindingType, Findings, findings, json_schema};
use iam_findings::sarif::{findings_log, validate};
use iam_wire::scenario::{parse_document, resolve};
use serde_json::{Value, json};

const ACCT: &str = "111111111111";

fn policy(statements: Value) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

fn run(doc: &Value) -> Findings {
    let d = parse_document(&doc.to_string()).unwrap();
    let managed = ManagedPolicies::bundled().unwrap();
    let loaded = resolve(&d, &|arn: &str| managed.by_arn(arn).map(|p| (p.name.clone(), p.document.clone()))).unwrap();
    findings(&d, &loaded.model, iam_reports::date::parse("2026-12-01").unwrap())
}

fn types(doc: &Value) -> Vec<FindingType> {
    run(doc).findings.iter().map(|f| f.kind).collect()
}

/// One account in an organization, with a bucket whose policy is `bucket`.
fn with_bucket(bucket: Value) -> Value {
    json!({"version": 1, "name": "t",
        "organization": {"id": "o-test123456", "managementAccount": "a", "root": {"name": "Root", "accounts": [ACCT]}},
        "accounts": [{"id": ACCT, "name": "a",
            "resources": [{"arn": "arn:aws:s3:::data", "policy": policy(bucket)}]}]})
}

#[test]
fn external_access_decided_by_the_engine() {
    // Public read: anyone (AA-EXTERNAL-ACCESS).
    let open = with_bucket(
        json!([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*"}]),
    );
    let f = run(&open);
    let x = f.findings.iter().find(|f| f.kind == FindingType::ExternalAccess).unwrap();
    assert_eq!(x.severity.as_str(), "HIGH");
    assert_eq!(x.resources, ["arn:aws:s3:::data"]);
    // aws:PrincipalOrgID restricts to the organization: no finding (AA-EXTERNAL-ACCESS).
    for key in ["aws:PrincipalOrgID", "aws:SourceVpce", "aws:SourceAccount"] {
        let value = if key == "aws:PrincipalOrgID" {
            "o-test123456"
        } else if key == "aws:SourceAccount" {
            ACCT
        } else {
            "vpce-1"
        };
        let near = with_bucket(
            json!([{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::data", "arn:aws:s3:::data/*"],
            "Condition": {"StringEquals": {key: value}}}]),
        );
        assert!(!types(&near).contains(&FindingType::ExternalAccess), "{key}");
    }
    // An outside account that can write: HIGH; anyone write: CRITICAL.
    let outside = with_bucket(
        json!([{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222233334444:root"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::data/*"}]),
    );
    let f = run(&outside);
    let x = f.findings.iter().find(|f| f.kind == FindingType::ExternalAccess).unwrap();
    assert!(x.title.contains("222233334444"), "{}", x.title);
    let public_write = with_bucket(
        json!([{"Effect": "Allow", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::data/*"}]),
    );
    assert_eq!(run(&public_write).findings[0].severity.as_str(), "CRITICAL");
}

fn with_role(trust: Value) -> Value {
    json!({"version": 1, "name": "t", "accounts": [{"id": ACCT, "name": "a",
        "roles": [{"name": "R", "trustPolicy": policy(json!([trust]))}]}]})
}

#[test]
fn trust_open_to_outside_and_unassumable_roles() {
    let open = with_role(json!({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}));
    assert!(types(&open).contains(&FindingType::TrustOpenToOutside));
    // sts:ExternalId required: an outsider without it cannot (a condition).
    let external_id = with_role(
        json!({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222233334444:root"}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"sts:ExternalId": "secret"}}}),
    );
    let t = types(&external_id);
    assert!(!t.contains(&FindingType::TrustOpenToOutside), "{t:?}");
    assert!(t.contains(&FindingType::UnassumableRole), "{t:?}");
    // A service-trusted role is assumable.
    let service = with_role(
        json!({"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}),
    );
    assert!(!types(&service).contains(&FindingType::UnassumableRole));
}

#[test]
fn identities_and_credentials() {
    let doc = |mfa: &str, key_created: &str, last_used: &str, stmt: Value| {
        json!({"version": 1, "name": "t", "accounts": [{"id": ACCT, "name": "a",
            "users": [{"name": "u", "consolePassword": true, "mfa": mfa,
                "inlinePolicies": [{"name": "P", "document": policy(json!([stmt]))}],
                "accessKeys": [{"id": "AKIAEXAMPLE", "status": "Active", "created": key_created, "lastUsed": last_used}]}]}]})
    };
    let admin = json!({"Effect": "Allow", "Action": "*", "Resource": "*"});
    let conditioned = json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}});
    let bad = types(&doc("none", "2026-01-01", "2026-06-01", admin));
    for t in [
        FindingType::ConsoleUserWithoutMfa,
        FindingType::AccessKeyNotRotated,
        FindingType::AccessKeyUnused,
        FindingType::WildcardAdminGrant,
    ] {
        assert!(bad.contains(&t), "{t:?}: {bad:?}");
    }
    let good = types(&doc("virtual", "2026-10-01", "2026-11-30", conditioned));
    assert!(good.is_empty(), "{good:?}");
}

#[test]
fn escalation_paths_are_findings_and_sarif_is_valid() {
    for name in [
        "privilege-escalation-trap",
        "audit-me",
        "coffee-shop",
        "multi-account-guardrails",
        "cross-account-data-sharing",
    ] {
        let text =
            std::fs::read_to_string(format!("{}/../../scenarios/{name}.json", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let d = parse_document(&text).unwrap();
        let managed = ManagedPolicies::bundled().unwrap();
        let loaded =
            resolve(&d, &|arn: &str| managed.by_arn(arn).map(|p| (p.name.clone(), p.document.clone()))).unwrap();
        let f = findings(&d, &loaded.model, iam_reports::date::parse("2026-12-01").unwrap());
        if name == "privilege-escalation-trap" {
            let esc: Vec<_> = f.findings.iter().filter(|x| x.kind == FindingType::PrivilegeEscalation).collect();
            assert!(esc.len() >= 2 && esc.iter().all(|x| x.severity.as_str() == "CRITICAL"), "{esc:?}");
        }
        let log = findings_log(&f, &format!("scenarios/{name}.json"));
        validate(&log).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), f.findings.len());
    }
    // The check rejects what SARIF 2.1.0 forbids.
    assert!(validate(&json!({"version": "2.0.0", "runs": []})).is_err());
    assert!(validate(&json!({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]})).is_err());
    let bad_level = json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "level": "fatal"}]}]});
    assert!(validate(&bad_level).is_err());
}

#[test]
fn schema_is_published_and_current() {
    let committed: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../schemas/findings.v1.schema.json"))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(json_schema(), committed, "regenerate with `iamplay schema findings > schemas/findings.v1.schema.json`");
}
