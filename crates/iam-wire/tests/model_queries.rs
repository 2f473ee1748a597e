#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! Scenario queries that depend on documented rules: what-can with policy
//! variables, who counts as outside the organization, outside federated
//! users, the AWS managed KMS key exemption from RCPs, role paths in trust
//! policies, the root user and roles, and the OU depth limit. Rule ids refer
//! to docs/aws-rules.md.

use iam_catalog::{IamCatalog, ManagedPolicies};
use iam_core::model::{Model, PrincipalRef};
use iam_core::{Context, Decision};
use iam_wire::error::WireError;
use iam_wire::scenario::{Loaded, parse_document, resolve};
use std::sync::OnceLock;

fn managed() -> &'static ManagedPolicies {
    static M: OnceLock<ManagedPolicies> = OnceLock::new();
    M.get_or_init(|| ManagedPolicies::bundled().unwrap())
}

fn load(text: &str) -> Result<Loaded, Vec<WireError>> {
    let doc = parse_document(text).map_err(|e| vec![e])?;
    let lookup = |arn: &str| managed().by_arn(arn).map(|p| (p.name.clone(), p.document.clone()));
    resolve(&doc, &lookup)
}

fn model(text: &str) -> Model {
    load(text).unwrap_or_else(|e| panic!("{e:?}")).model
}

fn principal(m: &Model, text: &str) -> PrincipalRef {
    m.resolve_principal(text).unwrap()
}

const ALLOW_ALL: &str =
    r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#;

// VAR-WHERE / VAR-RESOURCE-AFTER-5TH-COLON: a Resource written with
// `${aws:username}` grants the user's own ARN, and what-can lists it so.
#[test]
fn what_can_resolves_policy_variables_in_resources() {
    let m = model(
        r#"{"version": 1, "name": "x", "accounts": [{"id": "111111111111", "name": "a",
          "users": [{"name": "dave", "inlinePolicies": [{"name": "self", "document":
            {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "iam:CreateAccessKey",
             "Resource": "arn:aws:iam::111111111111:user/${aws:username}"}}}]}]}]}"#,
    );
    let catalog = IamCatalog::bundled().unwrap();
    let dave = principal(&m, "a/user/dave");
    let summary = m.what_can(&dave, &catalog, &Context::new());
    let iam = summary.iter().find(|s| s.prefix == "iam").expect("iam is listed");
    assert_eq!(iam.allowed.len(), 1, "{iam:?}");
    assert_eq!(iam.allowed[0].action, "iam:CreateAccessKey");
    assert_eq!(iam.allowed[0].resource, "arn:aws:iam::111111111111:user/dave");
}

fn org_with_bucket(bucket_policy: &str) -> String {
    format!(
        r#"{{"version": 1, "name": "x",
          "accounts": [{{"id": "111111111111", "name": "a",
            "resources": [{{"arn": "arn:aws:s3:::data", "policy": {bucket_policy}}}]}}],
          "organization": {{"id": "o-abcdefghij", "managementAccount": "a",
            "root": {{"name": "Root", "accounts": ["a"]}}}},
          "assertions": [{{"kind": "nobody-outside-org", "id": "private", "action": "s3:GetObject",
            "resource": "arn:aws:s3:::data/k"}}]}}"#
    )
}

// PRIN-ACCOUNT / CROSS-ACCOUNT: a bucket policy naming another account lets
// that account in; "nobody outside the organization" must catch it, whether
// the account is named in Principal or in an aws:PrincipalAccount condition.
#[test]
fn nobody_outside_org_catches_named_outside_accounts() {
    let statement = |principal: &str, condition: &str| {
        format!(
            r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Principal": {principal},
              "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*"{condition}}}}}"#
        )
    };
    let cases = [
        (statement(r#"{"AWS": "444455556666"}"#, ""), "arn:aws:iam::444455556666:user/outsider"),
        (statement(r#"{"AWS": "arn:aws:iam::444455556666:root"}"#, ""), "arn:aws:iam::444455556666:user/outsider"),
        (statement(r#"{"AWS": "arn:aws:iam::444455556666:role/Reader"}"#, ""), "arn:aws:iam::444455556666:role/Reader"),
        (
            statement(r#""*""#, r#", "Condition": {"StringEquals": {"aws:PrincipalAccount": "444455556666"}}"#),
            "arn:aws:iam::444455556666:user/outsider",
        ),
    ];
    for (policy, offender) in cases {
        let loaded = load(&org_with_bucket(&policy)).unwrap();
        let outcome = loaded.model.check(&loaded.assertions[0].assertion);
        assert!(!outcome.passed, "{policy}");
        assert!(outcome.offenders.iter().any(|o| o == offender), "{offenders:?}", offenders = outcome.offenders);
    }
    // Limited to the organization: nobody outside passes.
    let private = statement(r#""*""#, r#", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abcdefghij"}}"#);
    let loaded = load(&org_with_bucket(&private)).unwrap();
    assert!(loaded.model.check(&loaded.assertions[0].assertion).passed);
}

// EVAL-FEDTOKEN-NO-POLICY-NO-PERMS: an outside federated user's own side is
// unknown and assumed to allow (identity and session policy alike), so a
// bucket policy naming it decides.
#[test]
fn outside_federated_users_are_decided_by_the_resource_policy() {
    let bob = "arn:aws:sts::444455556666:federated-user/bob";
    let policy = format!(
        r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Principal": {{"AWS": "{bob}"}},
          "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*"}}}}"#
    );
    let m = model(&org_with_bucket(&policy));
    let bob = principal(&m, bob);
    assert_eq!(m.decide(&bob, "s3:GetObject", "arn:aws:s3:::data/k", &Context::new()), Decision::Allow);
    assert_eq!(m.decide(&bob, "s3:PutObject", "arn:aws:s3:::data/k", &Context::new()), Decision::ImplicitDeny);
}

// RCP-AWS-MANAGED-KMS-EXEMPT: RCPs do not apply to AWS managed KMS keys, and
// only to them: `awsManaged` on any other resource changes nothing.
#[test]
fn only_aws_managed_kms_keys_are_exempt_from_rcps() {
    let scenario = |arn: &str| {
        format!(
            r#"{{"version": 1, "name": "x",
              "accounts": [{{"id": "111111111111", "name": "mgmt"}},
                {{"id": "222222222222", "name": "a", "users": [{{"name": "u", "inlinePolicies": [{{"name": "all", "document": {ALLOW_ALL}}}]}}],
                  "resources": [{{"arn": "{arn}", "awsManaged": true,
                    "policy": {{"Version": "2012-10-17", "Statement": {{"Effect": "Allow",
                      "Principal": {{"AWS": "arn:aws:iam::222222222222:root"}}, "Action": "*", "Resource": "*"}}}}}}]}}],
              "organization": {{"id": "o-abcdefghij", "managementAccount": "mgmt",
                "policies": [{{"name": "DenyAll", "kind": "rcp", "document": {{"Version": "2012-10-17", "Statement":
                  {{"Effect": "Deny", "Principal": "*", "Action": ["s3:*", "kms:*"], "Resource": "*"}}}}}}],
                "root": {{"name": "Root", "rcps": ["DenyAll"], "accounts": ["mgmt", "a"]}}}}}}"#
        )
    };
    let key = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let m = model(&scenario(key));
    let u = principal(&m, "a/user/u");
    assert_eq!(m.decide(&u, "kms:Decrypt", key, &Context::new()), Decision::Allow);
    let m = model(&scenario("arn:aws:s3:::bucket"));
    let u = principal(&m, "a/user/u");
    assert_eq!(m.decide(&u, "s3:GetObject", "arn:aws:s3:::bucket/k", &Context::new()), Decision::ExplicitDeny);
}

fn roles_scenario(trusted: &str) -> String {
    format!(
        r#"{{"version": 1, "name": "x", "accounts": [{{"id": "111111111111", "name": "a",
          "users": [{{"name": "u", "inlinePolicies": [{{"name": "all", "document": {ALLOW_ALL}}}]}}],
          "roles": [{{"name": "Ops", "path": "/team/", "trustPolicy": {{"Version": "2012-10-17",
              "Statement": {{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::111111111111:root"}}, "Action": "sts:AssumeRole"}}}},
              "inlinePolicies": [{{"name": "all", "document": {ALLOW_ALL}}}]}},
            {{"name": "Target", "trustPolicy": {{"Version": "2012-10-17",
              "Statement": {{"Effect": "Allow", "Principal": {{"AWS": "{trusted}"}}, "Action": "sts:AssumeRole"}}}}}}]}}]}}"#
    )
}

// PRIN-ROLE-ARN: a trust policy names a role by its ARN, path included; the
// can-assume graph and the decision agree on it.
#[test]
fn role_paths_in_trust_policies_match_exactly_and_consistently() {
    for (trusted, expected) in [
        ("arn:aws:iam::111111111111:role/team/Ops", true),
        ("arn:aws:iam::111111111111:role/Ops", false),
        ("arn:aws:iam::111111111111:role/other/Ops", false),
    ] {
        let m = model(&roles_scenario(trusted));
        let ops = principal(&m, "a/role/Ops");
        let target = "arn:aws:iam::111111111111:role/Target";
        let decided = m.decide(&ops, "sts:AssumeRole", target, &Context::new()) == Decision::Allow;
        let edge = m.assume_edges().iter().any(|e| e.from == ops && e.role == 1);
        assert_eq!((decided, edge), (expected, expected), "{trusted}");
    }
}

// ROLE-ROOT-NO-ASSUME: the root user never starts a chain of roles.
#[test]
fn the_root_user_assumes_no_roles() {
    let m = model(&roles_scenario("arn:aws:iam::111111111111:root"));
    let edges = m.assume_edges();
    assert!(edges.iter().any(|e| e.from == principal(&m, "a/user/u")), "users with permission can");
    assert!(!edges.iter().any(|e| matches!(e.from, PrincipalRef::Root { .. })), "{edges:?}");
}

// ORG-OU-DEPTH: OUs nest at most five levels below the root.
#[test]
fn organizational_units_nest_at_most_five_deep() {
    let nested = |depth: usize| {
        let mut node = r#"{"name": "OU", "accounts": ["a"]}"#.to_string();
        for _ in 1..depth {
            node = format!(r#"{{"name": "OU", "children": [{node}]}}"#);
        }
        format!(
            r#"{{"version": 1, "name": "x", "accounts": [{{"id": "111111111111", "name": "m"}}, {{"id": "222222222222", "name": "a"}}],
              "organization": {{"managementAccount": "m", "root": {{"name": "Root", "accounts": ["m"], "children": [{node}]}}}}}}"#
        )
    };
    assert!(load(&nested(5)).is_ok());
    let Err(errors) = load(&nested(6)) else { panic!("six levels are too deep") };
    let deepest = "organization.root.children[0].children[0].children[0].children[0].children[0].children[0]";
    assert!(errors.iter().any(|e| e.path == deepest && e.message.contains("five levels")), "{errors:?}");
}
