#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! `lint` stays near-linear in the policy's size: doubling the statements at
//! most about doubles the pairwise comparisons it makes (counted, not timed),
//! and a policy over AWS's size quota gets `policy-too-large` without the
//! statement-against-statement comparison.

use iam_catalog::IamCatalog;
use iam_core::lint::{Code, PolicyType, lint_counted};
use std::sync::OnceLock;

fn catalog() -> &'static IamCatalog {
    static CATALOG: OnceLock<IamCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| IamCatalog::bundled().unwrap())
}

/// `n` statements of three kinds: distinct buckets, shared wildcards, and
/// identical statements (the worst case for the redundancy check).
fn policy(n: usize) -> String {
    let statements: Vec<String> = (0..n)
        .map(|i| match i % 3 {
            0 => format!(
                r#"{{"Sid":"S{i}","Effect":"Allow","Action":["s3:GetObject","s3:Put*","ec2:Describe*"],"Resource":"arn:aws:s3:::bucket{i}/*"}}"#
            ),
            1 => format!(r#"{{"Sid":"S{i}","Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"arn:aws:s3:::shared-*"}}"#),
            _ => format!(
                r#"{{"Sid":"S{i}","Effect":"Deny","Action":["s3:DeleteObject","s3:Delete*","s3:DeleteObject"],"Resource":["arn:aws:s3:::b/*","arn:aws:s3:::b/*"]}}"#
            ),
        })
        .collect();
    format!(r#"{{"Version":"2012-10-17","Statement":[{}]}}"#, statements.join(","))
}

/// One wide list: `n` actions, half of them wildcards.
fn wide_list(n: usize) -> String {
    let actions: Vec<String> =
        (0..n).map(|i| if i % 2 == 0 { format!(r#""s3:Get{i}*""#) } else { format!(r#""s3:Get{i}x""#) }).collect();
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":[{}],"Resource":"*"}}]}}"#,
        actions.join(",")
    )
}

fn assert_near_linear(small: usize, large: usize, what: &str) {
    assert!(small > 0, "{what}: no work counted");
    // Doubling the input: at most about double the work (2.5 allows for rounding and fixed costs).
    assert!(large * 2 <= small * 5, "{what}: {small} comparisons, then {large} for twice the input");
}

#[test]
fn doubling_the_statements_at_most_doubles_the_comparisons() {
    for ty in [PolicyType::AwsManaged, PolicyType::Resource] {
        let (_, small) = lint_counted(&policy(1_000), ty, catalog());
        let (_, large) = lint_counted(&policy(2_000), ty, catalog());
        if ty == PolicyType::AwsManaged {
            assert_near_linear(small, large, "statements");
        } else {
            assert!(large * 2 <= small * 5 + 10, "{small} then {large}");
        }
    }
}

#[test]
fn doubling_a_list_at_most_doubles_the_comparisons() {
    let (_, small) = lint_counted(&wide_list(2_000), PolicyType::AwsManaged, catalog());
    let (_, large) = lint_counted(&wide_list(4_000), PolicyType::AwsManaged, catalog());
    assert_near_linear(small, large, "one list");
}

#[test]
fn findings_are_the_same_as_before_the_index() {
    // Every later identical statement is redundant, covered by the first of its kind.
    let (findings, _) = lint_counted(&policy(30), PolicyType::AwsManaged, catalog());
    let redundant: Vec<&str> = findings
        .iter()
        .filter(|d| d.code == Code::RedundantStatement)
        .map(|d| d.message.split(" adds").next().unwrap())
        .collect();
    let expected: Vec<String> = (0..30).filter(|i| i % 3 != 0 && *i > 2).map(|i| format!("statement `S{i}`")).collect();
    assert_eq!(redundant, expected);
    // Within lists: the repeated entry and the covered one.
    assert!(findings.iter().any(|d| d.code == Code::RedundantAction && d.message.contains("listed twice")));
    assert!(findings.iter().any(|d| d.code == Code::RedundantAction && d.message.contains("covered by `s3:Delete*`")));
    assert!(findings.iter().any(|d| d.code == Code::RedundantResource));
}

#[test]
fn a_policy_over_the_quota_gets_the_quota_error_and_no_pairwise_comparison() {
    let (findings, work) = lint_counted(&policy(2_000), PolicyType::Identity, catalog());
    assert!(findings.iter().any(|d| d.code == Code::PolicyTooLarge));
    assert!(!findings.iter().any(|d| d.code == Code::RedundantStatement));
    let (_, managed_work) = lint_counted(&policy(2_000), PolicyType::AwsManaged, catalog());
    assert!(work < managed_work, "{work} vs {managed_work}");
}
