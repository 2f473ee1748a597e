#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! One test per documented evaluation rule that the simulate-shaped corpus
//! (tests/corpus) cannot express: organization exemptions, principal kinds,
//! and the reasons and layer verdicts in explanations. Rule ids refer to
//! docs/aws-rules.md; URLs are the IAM User Guide and Organizations User Guide.

use iam_core::eval::{Layer, LayerVerdict, PolicySetBuilder, StatementOutcome};
use iam_core::request::derive_principal_keys;
use iam_core::{Caller, CompiledPolicy, Context, Decision, PolicySet, Reason, Request};

fn p(json: &str) -> CompiledPolicy {
    CompiledPolicy::from_json("p", json).unwrap()
}

const ALLOW_ALL: &str = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#;
const ALLOW_S3: &str = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#;
const DENY_S3: &str = r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*"}}"#;
const ALLOW_EC2: &str = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*"}}"#;

fn run(
    set: &PolicySet,
    caller: &str,
    action: &str,
    resource: &str,
    resource_account: Option<&str>,
) -> iam_core::Explanation {
    let caller = Caller::parse(caller).unwrap();
    let mut ctx = Context::new();
    derive_principal_keys(&mut ctx, &caller, resource_account);
    let req =
        Request { caller: &caller, action, resource, resource_account, context: &ctx, resource_policy_required: false };
    let e = set.explain(&req);
    assert_eq!(set.decide(&req), e.decision);
    e
}

const USER: &str = "arn:aws:iam::111111111111:user/alice";
const BUCKET: &str = "arn:aws:s3:::b/k";

fn ident(b: PolicySetBuilder, json: &str) -> PolicySetBuilder {
    b.identity(p(json))
}

// SCP-EVERY-LEVEL-ALLOW: an allow is needed at every level root → OU → account.
#[test]
fn scp_every_level_must_allow() {
    let set = ident(PolicySet::builder(), ALLOW_ALL)
        .scp_level(vec![p(ALLOW_ALL)])
        .scp_level(vec![p(ALLOW_EC2)])
        .scp_level(vec![p(ALLOW_ALL)])
        .build();
    let e = run(&set, USER, "s3:GetObject", BUCKET, None);
    assert_eq!(e.decision, Decision::ImplicitDeny);
    assert_eq!(e.reason, Reason::ScpNoAllow { level: 1 });
    let verdicts: Vec<_> = e.layers.iter().filter(|l| matches!(l.layer, Layer::Scp(_))).map(|l| l.verdict).collect();
    assert_eq!(verdicts, [LayerVerdict::Allow, LayerVerdict::NoMatch, LayerVerdict::Allow]);
    assert_eq!(run(&set, USER, "ec2:RunInstances", "*", None).decision, Decision::Allow);
}

// SCP-NEEDS-IAM-GRANT / SCP-NO-GRANT: SCPs allowing everything grant nothing by themselves.
#[test]
fn scp_allow_grants_nothing() {
    let set = PolicySet::builder().scp_level(vec![p(ALLOW_ALL)]).build();
    let e = run(&set, USER, "s3:GetObject", BUCKET, None);
    assert_eq!(e.reason, Reason::NoIdentityAllow);
}

// SCP-MGMT-EXEMPT: SCPs don't affect users or roles in the management account.
#[test]
fn scp_management_account_exempt() {
    let set = ident(PolicySet::builder(), ALLOW_ALL).scp_level(vec![p(DENY_S3), p(ALLOW_ALL)]).scp_exempt(true).build();
    let e = run(&set, USER, "s3:GetObject", BUCKET, None);
    assert_eq!(e.decision, Decision::Allow);
    assert!(e.layers.iter().any(|l| matches!(l.layer, Layer::Scp(0)) && l.verdict == LayerVerdict::NotApplicable));
}

// SCP-SLR-EXEMPT: SCPs do not affect any service-linked role.
#[test]
fn scp_service_linked_role_exempt() {
    let set = ident(PolicySet::builder(), ALLOW_ALL).scp_level(vec![p(DENY_S3)]).build();
    let slr = "arn:aws:iam::111111111111:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing";
    assert_eq!(run(&set, slr, "s3:GetObject", BUCKET, None).decision, Decision::Allow);
    let normal = "arn:aws:iam::111111111111:role/App";
    assert_eq!(run(&set, normal, "s3:GetObject", BUCKET, None).decision, Decision::ExplicitDeny);
}

// SCP-ROOT-USER-AFFECTED + EVAL-ROOT-FULL: the root user needs no identity policy but SCPs still apply.
#[test]
fn root_user_full_access_but_scps_apply() {
    let root = "arn:aws:iam::111111111111:root";
    let set = PolicySet::builder().build();
    let e = run(&set, root, "s3:GetObject", BUCKET, None);
    assert_eq!((e.decision, e.reason), (Decision::Allow, Reason::AllowedAsRootUser));
    let set = PolicySet::builder().scp_level(vec![p(ALLOW_EC2)]).build();
    assert_eq!(run(&set, root, "s3:GetObject", BUCKET, None).reason, Reason::ScpNoAllow { level: 0 });
}

// RCP-MGMT-EXEMPT, RCP-SLR-EXEMPT, RCP-SUPPORTED-SERVICES, RCP-RETIREGRANT-EXEMPT.
#[test]
fn rcp_applicability() {
    let deny_all_rcp = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},
        {"Effect":"Deny","Principal":"*","Action":["s3:*","ec2:*","kms:*"],"Resource":"*"}]}"#;
    let build = |exempt: bool| {
        ident(PolicySet::builder(), ALLOW_ALL).rcp_level(vec![p(deny_all_rcp)]).rcp_exempt(exempt).build()
    };
    assert_eq!(run(&build(false), USER, "s3:GetObject", BUCKET, None).decision, Decision::ExplicitDeny);
    assert_eq!(run(&build(true), USER, "s3:GetObject", BUCKET, None).decision, Decision::Allow, "management account");
    // ec2 is not among the services RCPs cover.
    assert_eq!(run(&build(false), USER, "ec2:RunInstances", "*", None).decision, Decision::Allow);
    let key = "arn:aws:kms:us-east-1:111111111111:key/1";
    assert_eq!(run(&build(false), USER, "kms:RetireGrant", key, None).decision, Decision::Allow);
    assert_eq!(run(&build(false), USER, "kms:Decrypt", key, None).decision, Decision::ExplicitDeny);
    let slr = "arn:aws:iam::111111111111:role/aws-service-role/x.amazonaws.com/AWSServiceRoleForX";
    assert_eq!(run(&build(false), slr, "s3:GetObject", BUCKET, None).decision, Decision::Allow);
}

fn bucket_policy(principal: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Principal":{principal},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}}}"#
    )
}

// EVAL-RBP-IAM-USER-ARN: a same-account resource policy naming the user ARN allows
// on its own, even with an implicit deny in the permissions boundary.
#[test]
fn resource_policy_naming_user_bypasses_boundary_implicit_deny() {
    let set = PolicySet::builder()
        .boundary(p(ALLOW_EC2))
        .resource_policy(p(&bucket_policy(r#"{"AWS":"arn:aws:iam::111111111111:user/alice"}"#)))
        .build();
    let e = run(&set, USER, "s3:GetObject", BUCKET, None);
    assert_eq!((e.decision, e.reason), (Decision::Allow, Reason::AllowedByResourcePolicy));
}

// EVAL-RBP-ROLE-ARN: naming the role ARN is limited by the boundary; naming the
// session ARN is not (EVAL-RBP-ROLE-SESSION-ARN).
#[test]
fn resource_policy_naming_role_vs_session() {
    let session = "arn:aws:sts::111111111111:assumed-role/App/s1";
    let by_role = PolicySet::builder()
        .boundary(p(ALLOW_EC2))
        .resource_policy(p(&bucket_policy(r#"{"AWS":"arn:aws:iam::111111111111:role/App"}"#)))
        .build();
    assert_eq!(run(&by_role, session, "s3:GetObject", BUCKET, None).reason, Reason::BoundaryNoAllow);
    let by_session = PolicySet::builder()
        .boundary(p(ALLOW_EC2))
        .resource_policy(p(&bucket_policy(&format!(r#"{{"AWS":"{session}"}}"#))))
        .build();
    assert_eq!(run(&by_session, session, "s3:GetObject", BUCKET, None).decision, Decision::Allow);
    // With the boundary allowing, the role ARN grant suffices on its own.
    let ok = PolicySet::builder()
        .boundary(p(ALLOW_S3))
        .resource_policy(p(&bucket_policy(r#"{"AWS":"arn:aws:iam::111111111111:role/App"}"#)))
        .build();
    assert_eq!(run(&ok, session, "s3:GetObject", BUCKET, None).reason, Reason::AllowedByResourcePolicy);
    // A session policy limits a role-ARN grant too (EVAL-RBP-ROLE-ARN).
    let with_session = PolicySet::builder()
        .session(p(ALLOW_EC2))
        .resource_policy(p(&bucket_policy(r#"{"AWS":"arn:aws:iam::111111111111:role/App"}"#)))
        .build();
    assert_eq!(run(&with_session, session, "s3:GetObject", BUCKET, None).reason, Reason::SessionNoAllow);
}

// XACCT-ACCOUNT-PRINCIPAL-DELEGATES: naming the account delegates to identity policies, even within the account.
#[test]
fn resource_policy_naming_account_delegates() {
    let set = PolicySet::builder().resource_policy(p(&bucket_policy(r#"{"AWS":"111111111111"}"#))).build();
    assert_eq!(run(&set, USER, "s3:GetObject", BUCKET, None).reason, Reason::NoIdentityAllow);
    let set =
        ident(PolicySet::builder(), ALLOW_S3).resource_policy(p(&bucket_policy(r#"{"AWS":"111111111111"}"#))).build();
    assert_eq!(run(&set, USER, "s3:GetObject", BUCKET, None).decision, Decision::Allow);
}

// XACCT-BOTH-ALLOW: cross-account needs the resource policy and the identity side.
#[test]
fn cross_account_needs_both_sides() {
    let rp = bucket_policy(r#"{"AWS":"arn:aws:iam::111111111111:user/alice"}"#);
    let only_rp = PolicySet::builder().resource_policy(p(&rp)).build();
    assert_eq!(run(&only_rp, USER, "s3:GetObject", BUCKET, Some("222222222222")).reason, Reason::NoIdentityAllow);
    let only_id = ident(PolicySet::builder(), ALLOW_S3).build();
    assert_eq!(run(&only_id, USER, "s3:GetObject", BUCKET, Some("222222222222")).reason, Reason::NoResourcePolicyAllow);
    let both = ident(PolicySet::builder(), ALLOW_S3).resource_policy(p(&rp)).build();
    assert_eq!(run(&both, USER, "s3:GetObject", BUCKET, Some("222222222222")).decision, Decision::Allow);
}

// PRIN-STAR-ALLOW: `"Principal": "*"` allows anonymous callers; identity policies don't exist for them.
#[test]
fn anonymous_and_service_callers_need_the_resource_policy() {
    let public = PolicySet::builder().resource_policy(p(&bucket_policy(r#""*""#))).build();
    assert_eq!(run(&public, "anonymous", "s3:GetObject", BUCKET, Some("111111111111")).decision, Decision::Allow);
    let private = ident(PolicySet::builder(), ALLOW_ALL).build();
    assert_eq!(
        run(&private, "anonymous", "s3:GetObject", BUCKET, Some("111111111111")).decision,
        Decision::ImplicitDeny
    );
    let svc =
        PolicySet::builder().resource_policy(p(&bucket_policy(r#"{"Service":"cloudtrail.amazonaws.com"}"#))).build();
    assert_eq!(
        run(&svc, "cloudtrail.amazonaws.com", "s3:GetObject", BUCKET, Some("111111111111")).decision,
        Decision::Allow
    );
    assert_eq!(
        run(&svc, "config.amazonaws.com", "s3:GetObject", BUCKET, Some("111111111111")).decision,
        Decision::ImplicitDeny
    );
}

// EVAL-RBP-MANDATORY-TRUST-KMS / KMS-KEY-POLICY-REQUIRED: without the key policy allowing, IAM policies have no effect.
#[test]
fn kms_key_policy_is_mandatory() {
    let key = "arn:aws:kms:us-east-1:111111111111:key/1";
    let no_account = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/bob"},"Action":"kms:*","Resource":"*"}}"#;
    let enable_iam = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"kms:*","Resource":"*"}}"#;
    let caller = Caller::parse(USER).unwrap();
    let ctx = Context::new();
    let req = |set: &PolicySet| {
        set.decide(&Request {
            caller: &caller,
            action: "kms:Decrypt",
            resource: key,
            resource_account: Some("111111111111"),
            context: &ctx,
            resource_policy_required: true,
        })
    };
    assert_eq!(
        req(&ident(PolicySet::builder(), ALLOW_ALL).resource_policy(p(no_account)).build()),
        Decision::ImplicitDeny
    );
    assert_eq!(req(&ident(PolicySet::builder(), ALLOW_ALL).resource_policy(p(enable_iam)).build()), Decision::Allow);
    assert_eq!(
        req(&PolicySet::builder().resource_policy(p(enable_iam)).build()),
        Decision::ImplicitDeny,
        "IAM must still allow"
    );
}

// NOTPRIN-BOUNDARY-GOTCHA: Deny with NotPrincipal always denies principals that have a boundary.
#[test]
fn not_principal_deny_and_boundaries() {
    let rp = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"},
        {"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111111111111:user/alice","arn:aws:iam::111111111111:root"]},"Action":"s3:*","Resource":"*"}]}"#;
    let set = PolicySet::builder().resource_policy(p(rp)).build();
    assert_eq!(
        run(&set, USER, "s3:GetObject", BUCKET, None).decision,
        Decision::Allow,
        "alice is excluded from the deny"
    );
    assert_eq!(
        run(&set, "arn:aws:iam::111111111111:user/bob", "s3:GetObject", BUCKET, None).decision,
        Decision::ExplicitDeny
    );
    let with_boundary = PolicySet::builder().resource_policy(p(rp)).boundary(p(ALLOW_ALL)).build();
    assert_eq!(run(&with_boundary, USER, "s3:GetObject", BUCKET, None).decision, Decision::ExplicitDeny);
    // Listing the user without its account does not exclude it (NOTPRIN-INCLUDE-ACCOUNT).
    let no_account = rp.replace(r#","arn:aws:iam::111111111111:root""#, "");
    let set = PolicySet::builder().resource_policy(p(&no_account)).build();
    assert_eq!(run(&set, USER, "s3:GetObject", BUCKET, None).decision, Decision::ExplicitDeny);
}

// COND-MISSING-KEY-*: explanations name the missing keys and the failing condition.
#[test]
fn explanations_report_missing_keys_and_failed_conditions() {
    let pol = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*",
        "Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}}"#;
    let set = ident(PolicySet::builder(), pol).build();
    let e = run(&set, USER, "s3:GetObject", BUCKET, None);
    assert_eq!(e.missing_context, ["aws:MultiFactorAuthPresent", "aws:SourceIp"]);
    match &e.statements[0].outcome {
        StatementOutcome::ConditionFailed(f) => assert_eq!(f.len(), 2),
        other => panic!("{other:?}"),
    }
}

// Statements with errors are never silently dropped: explanations list them.
#[test]
fn invalid_statements_are_reported_as_skipped() {
    let (policy, _) = iam_core::parse_policy(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Permit","Action":"s3:*"}]}"#,
    );
    let (c, _) = CompiledPolicy::compile("p", &policy.unwrap());
    let set = PolicySet::builder().identity(c).build();
    let e = run(&set, USER, "s3:GetObject", BUCKET, None);
    assert_eq!(e.decision, Decision::Allow);
    assert_eq!(e.skipped_statements, [(0, 1)]);
}

// COND-KEY-CI: condition keys are case-insensitive, so a key written two ways
// is one missing key, named once.
#[test]
fn missing_keys_are_named_once_whatever_their_case() {
    let pol = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*",
        "Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"NotIpAddress":{"aws:sourceip":"10.1.0.0/16"}}}}"#;
    let set = ident(PolicySet::builder(), pol).build();
    assert_eq!(run(&set, USER, "s3:GetObject", BUCKET, None).missing_context, ["aws:SourceIp"]);
}

// ROLE-ROOT-NO-ASSUME: STS refuses AssumeRole with root user credentials,
// even when the trust policy names the account and nothing denies.
#[test]
fn root_user_cannot_assume_roles() {
    const ROOT: &str = "arn:aws:iam::111111111111:root";
    const ROLE: &str = "arn:aws:iam::111111111111:role/Admin";
    let trust = format!(
        r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Principal":{{"AWS":"{ROOT}"}},"Action":"sts:AssumeRole"}}}}"#
    );
    let set = ident(PolicySet::builder(), ALLOW_ALL).resource_policy(p(&trust)).build();
    let e = run(&set, ROOT, "sts:AssumeRole", ROLE, None);
    assert_eq!((e.decision, e.reason), (Decision::ImplicitDeny, Reason::RootCannotAssumeRole));
    // Other STS actions and other callers are unaffected.
    assert_eq!(run(&set, ROOT, "sts:TagSession", ROLE, None).decision, Decision::Allow);
    assert_eq!(run(&set, USER, "sts:AssumeRole", ROLE, None).decision, Decision::Allow);
}

// SCP-EVERY-LEVEL-ALLOW holds however deep the tree is: a level past the
// 63rd without an allow still denies (AWS has at most seven, ORG-OU-DEPTH).
#[test]
fn every_scp_level_counts_even_past_sixty_three() {
    for missing in [0, 62, 63, 64, 69] {
        let mut b = ident(PolicySet::builder(), ALLOW_ALL);
        for level in 0..70 {
            b = b.scp_level(if level == missing { Vec::new() } else { vec![p(ALLOW_ALL)] });
        }
        let e = run(&b.build(), USER, "s3:GetObject", BUCKET, None);
        assert_eq!(e.decision, Decision::ImplicitDeny, "level {missing} has no SCP");
    }
}
