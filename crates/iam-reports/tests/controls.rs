#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]

//! Every control, data-driven: a clean scenario passes every decidable
//! control; each case changes it so that one control fails (or, for the
//! documented exceptions, still passes), citing the rule of
//! `docs/aws-rules.md` (section 12) it checks.

use iam_catalog::ManagedPolicies;
use iam_reports::{Report, Status, date, report};
use iam_wire::scenario::{ScenarioDoc, parse_document, resolve};
use serde_json::{Value, json};
use std::sync::OnceLock;

fn managed() -> &'static ManagedPolicies {
    static M: OnceLock<ManagedPolicies> = OnceLock::new();
    M.get_or_init(|| ManagedPolicies::bundled().unwrap())
}

fn policy(statements: Value) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// Passes every control the scenario can decide.
fn clean() -> Value {
    let strong = json!({"minimumLength": 14, "requireSymbols": true, "requireNumbers": true,
        "requireUppercase": true, "requireLowercase": true, "maxAgeDays": 90, "reusePrevention": 24});
    let support = |acct: &str| {
        json!({"name": "Support", "tags": {"owner": "ops"},
            "trustPolicy": policy(json!([{"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{acct}:root")}, "Action": "sts:AssumeRole"}])),
            "managedPolicies": ["arn:aws:iam::aws:policy/AWSSupportAccess"]})
    };
    json!({
        "version": 1, "name": "clean", "asOf": "2026-12-01",
        "organization": {"id": "o-clean12345", "managementAccount": "mgmt",
            "policies": [
                {"name": "Guardrails", "kind": "scp", "document": policy(json!([{"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]))},
                {"name": "Perimeter", "kind": "rcp", "document": policy(json!([{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
                    "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-clean12345"}}}]))}],
            "root": {"name": "Root", "scps": ["FullAWSAccess", "Guardrails"], "rcps": ["Perimeter"], "accounts": ["mgmt", "work"]}},
        "accounts": [
            {"id": "111111111111", "name": "mgmt", "passwordPolicy": strong, "rootUser": {"mfa": "hardware"},
             "agreements": [{"agreement": "baa", "scope": "organization", "accepted": "2026-01-01", "acceptedBy": "mgmt/root"}],
             "roles": [support("111111111111")]},
            {"id": "222222222222", "name": "work", "tags": {"data-classification": "phi"}, "passwordPolicy": strong,
             "rootUser": {"credentialsRemoved": true},
             "policies": [{"name": "ReadObjects", "document": policy(json!([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]))}],
             "groups": [{"name": "Devs", "managedPolicies": ["ReadObjects"]}],
             "users": [{"name": "ana", "groups": ["Devs"], "tags": {"team": "web"}, "consolePassword": true,
                        "passwordLastUsed": "2026-11-30", "mfa": "virtual"}],
             "roles": [support("222222222222")],
             "resources": [{"arn": "arn:aws:kms:us-east-1:222222222222:key/k1",
                "kms": {"rotation": {"enabled": true}},
                "policy": policy(json!([{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"}, "Action": "kms:*", "Resource": "*"}]))}]}
        ]
    })
}

fn run(doc: &Value) -> Report {
    let doc: ScenarioDoc = parse_document(&doc.to_string()).unwrap();
    let lookup = |arn: &str| managed().by_arn(arn).map(|p| (p.name.clone(), p.document.clone()));
    let loaded = resolve(&doc, &lookup).unwrap_or_else(|e| panic!("{e:?}"));
    let as_of = iam_reports::as_of(None, &doc, 0);
    report(&doc, &loaded.model, as_of)
}

fn status(r: &Report, id: &str) -> Status {
    r.controls.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no control {id}")).status
}

fn mgmt(d: &mut Value) -> &mut Value {
    &mut d["accounts"][0]
}
fn work(d: &mut Value) -> &mut Value {
    &mut d["accounts"][1]
}
fn ana(d: &mut Value) -> &mut Value {
    &mut d["accounts"][1]["users"][0]
}

type Edit = fn(&mut Value);

/// (control, rule cited, expected status after the edit, the edit).
const CASES: &[(&str, &str, Status, Edit)] = &[
    ("IAM.1", "CTL-IAM-1", Status::Failed, |d| {
        work(d)["policies"][0]["document"] = policy(json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}]))
    }),
    ("IAM.1", "CTL-IAM-1", Status::Passed, |d| {
        // Inline policies are not checked.
        ana(d)["inlinePolicies"] =
            json!([{"name": "all", "document": policy(json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}]))}])
    }),
    ("IAM.1", "CTL-IAM-1", Status::Passed, |d| {
        // A policy used only as a permissions boundary is excluded.
        work(d)["policies"].as_array_mut().unwrap().push(json!({"name": "Boundary", "document": policy(json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}]))}));
        ana(d)["permissionsBoundary"] = json!("Boundary");
    }),
    ("IAM.2", "CTL-IAM-2", Status::Failed, |d| ana(d)["managedPolicies"] = json!(["ReadObjects"])),
    ("IAM.3", "CTL-IAM-3", Status::Failed, |d| {
        ana(d)["accessKeys"] = json!([{"id": "AKIAOLD", "created": "2026-08-01", "lastUsed": "2026-11-30"}])
    }),
    ("IAM.3", "CTL-IAM-3", Status::Passed, |d| {
        ana(d)["accessKeys"] = json!([{"id": "AKIAOLD", "status": "Inactive", "created": "2026-01-01"}])
    }),
    ("IAM.4", "CTL-IAM-4", Status::Failed, |d| {
        mgmt(d)["rootUser"]["accessKeys"] = json!([{"id": "AKIAROOT", "status": "Inactive", "created": "2026-01-01"}])
    }),
    ("IAM.5", "CTL-IAM-5", Status::Failed, |d| ana(d)["mfa"] = json!("none")),
    ("IAM.5", "CTL-IAM-5", Status::Passed, |d| {
        ana(d)["mfa"] = json!("none");
        ana(d)["consolePassword"] = json!(false);
    }),
    ("IAM.6", "CTL-IAM-6", Status::Failed, |d| mgmt(d)["rootUser"]["mfa"] = json!("virtual")),
    ("IAM.6", "CTL-IAM-6", Status::Passed, |d| work(d)["rootUser"] = json!({"credentialsRemoved": true})),
    ("IAM.7", "CTL-IAM-7", Status::Failed, |d| mgmt(d)["passwordPolicy"]["requireSymbols"] = json!(false)),
    ("IAM.7", "CTL-IAM-7", Status::Failed, |d| {
        mgmt(d).as_object_mut().unwrap().remove("passwordPolicy");
    }),
    ("IAM.8", "CTL-IAM-8", Status::Failed, |d| ana(d)["passwordLastUsed"] = json!("2026-08-01")),
    ("IAM.8", "CTL-IAM-8", Status::Passed, |d| ana(d)["passwordLastUsed"] = json!("2026-10-01")),
    ("IAM.8", "CTL-IAM-8", Status::Failed, |d| {
        ana(d)["accessKeys"] = json!([{"id": "AKIANEVER", "created": "2026-06-01"}])
    }),
    ("IAM.9", "CTL-IAM-9", Status::Failed, |d| mgmt(d)["rootUser"]["mfa"] = json!("none")),
    ("IAM.10", "CTL-IAM-10", Status::Failed, |d| mgmt(d)["passwordPolicy"]["reusePrevention"] = json!(3)),
    ("IAM.11", "CTL-IAM-11", Status::Failed, |d| mgmt(d)["passwordPolicy"]["requireUppercase"] = json!(false)),
    ("IAM.12", "CTL-IAM-12", Status::Failed, |d| mgmt(d)["passwordPolicy"]["requireLowercase"] = json!(false)),
    ("IAM.13", "CTL-IAM-13", Status::Failed, |d| mgmt(d)["passwordPolicy"]["requireSymbols"] = json!(false)),
    ("IAM.14", "CTL-IAM-14", Status::Failed, |d| mgmt(d)["passwordPolicy"]["requireNumbers"] = json!(false)),
    ("IAM.15", "CTL-IAM-15", Status::Failed, |d| mgmt(d)["passwordPolicy"]["minimumLength"] = json!(13)),
    ("IAM.16", "CTL-IAM-16", Status::Failed, |d| mgmt(d)["passwordPolicy"]["reusePrevention"] = json!(23)),
    ("IAM.17", "CTL-IAM-17", Status::Failed, |d| mgmt(d)["passwordPolicy"]["maxAgeDays"] = json!(0)),
    ("IAM.18", "CTL-IAM-18", Status::Failed, |d| work(d)["roles"][0]["managedPolicies"] = json!([])),
    ("IAM.19", "CTL-IAM-19", Status::Failed, |d| {
        ana(d)["mfa"] = json!("none");
        ana(d)["consolePassword"] = json!(false);
    }),
    ("IAM.21", "CTL-IAM-21", Status::Failed, |d| {
        work(d)["policies"][0]["document"] = policy(json!([{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]))
    }),
    ("IAM.21", "CTL-IAM-21", Status::Failed, |d| {
        work(d)["policies"][0]["document"] = policy(json!([{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]))
    }),
    ("IAM.21", "CTL-IAM-21", Status::Passed, |d| {
        work(d)["policies"][0]["document"] =
            policy(json!([{"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}]))
    }),
    ("IAM.22", "CTL-IAM-22", Status::Failed, |d| ana(d)["passwordLastUsed"] = json!("2026-10-01")),
    ("IAM.24", "CTL-IAM-24", Status::Failed, |d| work(d)["roles"][0]["tags"] = json!({})),
    ("IAM.25", "CTL-IAM-25", Status::Failed, |d| ana(d)["tags"] = json!({"aws:cloudformation:stack-name": "x"})),
    ("IAM.27", "CTL-IAM-27", Status::Failed, |d| {
        work(d)["groups"][0]["managedPolicies"] =
            json!(["ReadObjects", "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"])
    }),
    ("KMS.1", "CTL-KMS-1", Status::Failed, |d| {
        // Unattached customer managed policies count too.
        work(d)["policies"].as_array_mut().unwrap().push(json!({"name": "Decrypt", "document":
            policy(json!([{"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": "arn:aws:kms:*:222222222222:key/*"}]))}));
    }),
    ("KMS.1", "CTL-KMS-1", Status::Passed, |d| {
        work(d)["policies"].as_array_mut().unwrap().push(json!({"name": "Decrypt", "document":
            policy(json!([{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*",
                "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}}]))}));
    }),
    ("KMS.2", "CTL-KMS-2", Status::Failed, |d| {
        ana(d)["inlinePolicies"] =
            json!([{"name": "k", "document": policy(json!([{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]))}])
    }),
    (
        "KMS.2",
        "CTL-KMS-2",
        Status::Passed,
        |d| ana(d)["inlinePolicies"] = json!([{"name": "k", "document": policy(json!([{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:222222222222:key/k1"}]))}]),
    ),
    ("KMS.3", "CTL-KMS-3", Status::Failed, |d| {
        work(d)["resources"][0]["kms"]["keyState"] = json!("PendingDeletion");
        work(d)["resources"][0]["kms"]["pendingWindowInDays"] = json!(7);
    }),
    // A disabled key is not scheduled for deletion.
    ("KMS.3", "CTL-KMS-3", Status::Passed, |d| work(d)["resources"][0]["kms"]["keyState"] = json!("Disabled")),
    ("KMS.4", "CTL-KMS-4", Status::Failed, |d| work(d)["resources"][0]["kms"]["rotation"] = json!({"enabled": false})),
    // Automatic rotation is for symmetric encryption keys: an HMAC key is not evaluated.
    ("KMS.4", "CTL-KMS-4", Status::Passed, |d| {
        work(d)["resources"][0]["kms"] = json!({"keySpec": "HMAC_256"});
        work(d)["resources"].as_array_mut().unwrap().push(json!({"arn": "arn:aws:kms:us-east-1:222222222222:key/k2",
            "kms": {"rotation": {"enabled": true, "periodDays": 180}},
            "policy": policy(json!([{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"}, "Action": "kms:*", "Resource": "*"}]))}));
    }),
    ("KMS.5", "CTL-KMS-5", Status::Failed, |d| {
        work(d)["resources"][0]["policy"] =
            policy(json!([{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}]))
    }),
    ("KMS.5", "CTL-KMS-5", Status::Passed, |d| {
        work(d)["resources"][0]["policy"] =
            policy(json!([{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-clean12345"}}}]))
    }),
    ("BP.1", "CTL-BP-1", Status::Failed, |d| mgmt(d)["rootUser"]["lastUsed"] = json!("2026-11-20")),
    ("BP.1", "CTL-BP-1", Status::Passed, |d| mgmt(d)["rootUser"]["lastUsed"] = json!("2026-06-01")),
    ("BP.2", "CTL-BP-2", Status::Failed, |d| {
        work(d)["roles"][0]["managedPolicies"] =
            json!(["arn:aws:iam::aws:policy/AWSSupportAccess", "arn:aws:iam::aws:policy/AdministratorAccess"])
    }),
    ("BP.2", "CTL-BP-2", Status::Passed, |d| {
        work(d)["roles"][0]["managedPolicies"] =
            json!(["arn:aws:iam::aws:policy/AWSSupportAccess", "arn:aws:iam::aws:policy/AdministratorAccess"]);
        work(d)["roles"][0]["tags"]["access-level"] = json!("administrator");
    }),
    ("BP.3", "CTL-BP-3", Status::Failed, |d| ana(d)["managedPolicies"] = json!(["ReadObjects"])),
    ("BP.4", "CTL-BP-4", Status::Failed, |d| {
        ana(d)["accessKeys"] = json!([{"id": "AKIANEW", "created": "2026-11-01", "lastUsed": "2026-11-30"}])
    }),
    ("BP.5", "CTL-BP-5", Status::Failed, |d| ana(d)["mfa"] = json!("none")),
    ("ORG.1", "CTL-ORG-1", Status::Failed, |d| d["organization"]["root"]["scps"] = json!(["FullAWSAccess"])),
    ("ORG.2", "CTL-ORG-2", Status::Failed, |d| mgmt(d)["users"] = json!([{"name": "deploy"}])),
    ("ORG.2", "CTL-ORG-2", Status::Passed, |d| {
        mgmt(d)["users"] = json!([{"name": "breakglass", "tags": {"purpose": "break-glass"}}])
    }),
    ("ORG.3", "CTL-ORG-3", Status::Failed, |d| d["organization"]["root"]["rcps"] = json!([])),
    ("ART.1", "CTL-ART-1", Status::Failed, |d| mgmt(d)["agreements"] = json!([])),
    ("ART.1", "CTL-ART-1", Status::Failed, |d| mgmt(d)["agreements"][0]["accepted"] = json!("2026-12-15")),
    ("ART.1", "CTL-ART-1", Status::Passed, |d| {
        mgmt(d)["agreements"] = json!([]);
        work(d)["agreements"] = json!([{"agreement": "baa", "accepted": "2026-03-01"}]);
    }),
];

#[test]
fn the_clean_scenario_passes_every_decidable_control() {
    let r = run(&clean());
    for c in &r.controls {
        assert_ne!(c.status, Status::Failed, "{} failed: {:?}", c.id, c.resources);
    }
    assert_eq!(r.summary.score, 100);
    assert_eq!(r.as_of, "2026-12-01");
}

#[test]
fn each_case_flips_its_control() {
    let mut failures = Vec::new();
    for (id, rule, expected, edit) in CASES {
        let mut d = clean();
        edit(&mut d);
        let got = status(&run(&d), id);
        if got != *expected {
            failures.push(format!("{id} ({rule}): expected {expected:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_decidable_control_has_a_failing_case() {
    let r = run(&clean());
    for c in r.controls.iter().filter(|c| c.status != Status::NotAvailable) {
        assert!(CASES.iter().any(|(id, _, s, _)| *id == c.id && *s == Status::Failed), "no failing case for {}", c.id);
    }
}

/// CTL-NA: what the scenario cannot decide says so, with the reason.
#[test]
fn undecidable_controls_are_not_available_with_a_reason() {
    let r = run(&clean());
    for id in ["IAM.23", "IAM.26", "IAM.28"] {
        let c = r.controls.iter().find(|c| c.id == id).unwrap();
        assert_eq!(c.status, Status::NotAvailable, "{id}");
        assert!(c.reason.as_deref().is_some_and(|s| !s.is_empty()), "{id}");
    }
    // IAM.20 is retired.
    assert!(!r.controls.iter().any(|c| c.id == "IAM.20"));
}

#[test]
fn evidence_points_at_the_statement_line() {
    let mut d = clean();
    work(&mut d)["policies"][0]["document"] = policy(json!([
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
        {"Sid": "All", "Effect": "Allow", "Action": "*", "Resource": "*"}
    ]));
    let r = run(&d);
    let c = r.controls.iter().find(|c| c.id == "IAM.1").unwrap();
    let failed: Vec<_> = c.resources.iter().filter(|r| r.status == Status::Failed).collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].reference, "work/policy/ReadObjects");
    let v = serde_json::to_value(&failed[0].evidence).unwrap();
    assert_eq!(
        v,
        json!([{"kind": "statement", "policy": "work/policy/ReadObjects", "statement": 1, "line": 9, "sid": "All"}])
    );
}

#[test]
fn an_organization_wide_agreement_outside_the_management_account_is_invalid() {
    let mut d = clean();
    work(&mut d)["agreements"] = json!([{"agreement": "baa", "scope": "organization", "accepted": "2026-01-01"}]);
    let doc: ScenarioDoc = parse_document(&d.to_string()).unwrap();
    let lookup = |arn: &str| managed().by_arn(arn).map(|p| (p.name.clone(), p.document.clone()));
    let errors = resolve(&doc, &lookup).unwrap_err();
    assert!(errors.iter().any(|e| e.to_string().contains("agreements[0].scope")), "{errors:?}");
}

#[test]
fn the_report_is_reproducible_for_a_date() {
    let d = clean();
    let a = serde_json::to_string(&run(&d)).unwrap();
    let b = serde_json::to_string(&run(&d)).unwrap();
    assert_eq!(a, b);
    assert_eq!(date::format(date::parse("2026-12-01").unwrap()), "2026-12-01");
}
