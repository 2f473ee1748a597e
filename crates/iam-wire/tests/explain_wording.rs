#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! The words of explanations that issue 10 found wrong (items 10 and 11).

use expect_test::expect;
use iam_core::eval::LayerNote;
use iam_core::{CallerKind, Reason};
use iam_wire::explain::{note_text, reason_text, request_scope_text};
use iam_wire::simulate::{Simulation, render_text};

/// Anonymous callers and service principals have no identity-based policies:
/// a resource-based policy alone must allow them (PRIN-STAR-ALLOW, PRIN-SERVICE);
/// "both must allow" is for IAM principals of another account (XACCT-BOTH-ALLOW).
#[test]
fn anonymous_and_service_callers_need_only_the_resource_policy() {
    let lines: Vec<String> = [CallerKind::Anonymous, CallerKind::Service, CallerKind::User]
        .into_iter()
        .flat_map(|k| [request_scope_text(k, true), request_scope_text(k, false)])
        .map(|l| l.unwrap_or("-").to_string())
        .chain([CallerKind::Anonymous, CallerKind::Service].map(|k| note_text(LayerNote::NoIdentity(k)).to_string()))
        .collect();
    expect![[r#"
        anonymous request: only a resource-based policy can allow it (anonymous callers have no policies)
        anonymous request: only a resource-based policy can allow it (anonymous callers have no policies)
        request by an AWS service principal: only a resource-based policy can allow it (service principals have no identity-based policies)
        request by an AWS service principal: only a resource-based policy can allow it (service principals have no identity-based policies)
        cross-account request: both the resource policy and the caller's policies must allow
        -
        an anonymous caller has no identity-based policies: only a resource-based policy can allow it
        an AWS service principal has no identity-based policies: only a resource-based policy can allow it"#]].assert_eq(&lines.join("\n"));
}

/// KMS-CROSS-ACCOUNT-OPS: the refusal says why, and `simulate --format text` shows it.
#[test]
fn a_kms_operation_refused_across_accounts_says_why() {
    expect!["AWS KMS does not allow this operation on a KMS key of another account, whatever the policies say; only cryptographic operations, DescribeKey, GetPublicKey and the grant operations work across accounts"].assert_eq(&reason_text(Reason::NotCrossAccountOperation));
    let input = r#"{
      "PolicyInputList": ["{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]}"],
      "ActionNames": ["kms:ScheduleKeyDeletion", "kms:Decrypt"],
      "ResourceArns": ["arn:aws:kms:us-east-1:222222222222:key/k1"],
      "CallerArn": "arn:aws:iam::111111111111:user/alice",
      "ResourcePolicy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111111111111\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}"
    }"#;
    let sim = Simulation::from_json(input).unwrap();
    let (results, next) = sim.run();
    expect![[r#"
        kms:ScheduleKeyDeletion on arn:aws:kms:us-east-1:222222222222:key/k1: DENIED (implicit deny)
          cross-account request: both the resource policy and the caller's policies must allow
          why: AWS KMS does not allow this operation on a KMS key of another account, whatever the policies say; only cryptographic operations, DescribeKey, GetPublicKey and the grant operations work across accounts
          resource-based policy        allows
            + ResourcePolicy statement 1 (Allow) at 1:38: applies
          identity-based policies      allows
            + PolicyInputList.1 statement 1 (Allow) at 1:38: applies

        kms:Decrypt on arn:aws:kms:us-east-1:222222222222:key/k1: ALLOWED
          cross-account request: both the resource policy and the caller's policies must allow
          why: an identity-based policy allows it and nothing limits it
          resource-based policy        allows
            + ResourcePolicy statement 1 (Allow) at 1:38: applies
          identity-based policies      allows
            + PolicyInputList.1 statement 1 (Allow) at 1:38: applies
    "#]].assert_eq(&render_text(&sim, &results, next));
}
