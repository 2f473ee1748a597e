//! Every finding code `lint` can report, with its severity: the reference for
//! the README, the CLI and the tests (each code has a failing and a passing policy).

use crate::diag::Severity::{self, Error, SecurityWarning, Suggestion, Warning};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Check {
    pub code: &'static str,
    /// The severity reported; where it depends on the policy type, the highest.
    pub severity: Severity,
    pub summary: &'static str,
}

const fn check(code: &'static str, severity: Severity, summary: &'static str) -> Check {
    Check { code, severity, summary }
}

pub const CHECKS: &[Check] = &[
    // Reported by the parser and the compiler.
    check("json-syntax", Error, "not valid JSON (position of the first error)"),
    check("empty-document", Error, "the document is empty"),
    check("expected-object", Error, "the document is not a JSON object"),
    check("unknown-element", Error, "an element IAM does not know (names are case-sensitive)"),
    check("duplicate-key", Error, "the same element or condition entry twice"),
    check("invalid-version", Error, "`Version` is not 2012-10-17 or 2008-10-17"),
    check("missing-statement", Error, "no `Statement`"),
    check("empty-statement", Error, "`Statement` is an empty array"),
    check("invalid-statement", Error, "a statement that is not an object"),
    check("missing-effect", Error, "a statement without `Effect`"),
    check("invalid-effect", Error, "`Effect` other than `Allow` or `Deny`"),
    check("missing-action", Error, "a statement without `Action` or `NotAction`"),
    check("action-and-notaction", Error, "both `Action` and `NotAction`"),
    check("resource-and-notresource", Error, "both `Resource` and `NotResource`"),
    check("principal-and-notprincipal", Error, "both `Principal` and `NotPrincipal`"),
    check("invalid-type", Error, "an element of the wrong JSON type"),
    check("empty-array", Error, "an empty array where IAM needs values"),
    check("empty-value", Error, "an empty string as an action, resource or principal"),
    check("invalid-principal", Error, "a `Principal` string other than `*`"),
    check("empty-principal", Error, "an empty `Principal` object"),
    check("empty-condition", Error, "a condition operator without keys"),
    check("unknown-operator", Error, "unknown condition operator: the condition is never true, a `Deny` never applies"),
    check("invalid-operator", Error, "`Null` with `IfExists` or a set qualifier"),
    check("invalid-condition-value", Error, "a value the operator cannot read (date, number, IP, Boolean)"),
    // The document as a whole.
    check(
        "missing-version",
        Warning,
        "no `Version`: policy variables are plain text (ERROR in RCPs, which require it)",
    ),
    check("old-version", Suggestion, "`Version` 2008-10-17 lacks policy variables"),
    check("variables-without-version", Error, "policy variables in a policy without `\"Version\": \"2012-10-17\"`"),
    check("policy-too-large", Error, "over AWS's size quota for the policy type (WARNING where the quota varies)"),
    check("duplicate-sid", Error, "two statements with the same `Sid` (WARNING in resource policies)"),
    check("invalid-sid", Error, "a `Sid` with characters other than letters and digits, which IAM rejects"),
    check("leftover-placeholder", Error, "a template placeholder such as `<region>`, `[ACCOUNT_ID]` or `${Account}`"),
    // Elements allowed by policy type.
    check("invalid-principal-format", Error, "a malformed principal (WARNING for service and federated principals)"),
    check("principal-not-allowed", Error, "`Principal` in a policy type without one (identity, SCP, ...)"),
    check("missing-principal", Error, "no `Principal` in a resource, trust or resource control policy"),
    check("missing-resource", Error, "no `Resource` where the policy type needs one (WARNING in resource policies)"),
    check("resource-not-allowed", Error, "`Resource` in a role trust policy"),
    check("trust-unsupported-action", Warning, "a trust policy action other than the `sts` role actions"),
    check("rcp-allow", Error, "an RCP `Allow` other than the `RCPFullAWSAccess` statement"),
    check("rcp-unsupported-element", Error, "`NotAction` or `NotPrincipal` in an RCP"),
    check("rcp-principal", Error, "an RCP `Principal` other than `\"*\"`"),
    check("rcp-unsupported-service", Warning, "an action of a service the catalog does not list as supporting RCPs"),
    // Actions.
    check("invalid-action", Error, "an action that is not `service:action`"),
    check("unknown-service", Error, "a service prefix the catalog does not know"),
    check("unknown-action", Error, "an action the service does not have (with a suggestion)"),
    check("wildcard-matches-nothing", Error, "a wildcard action matching no action"),
    check("wildcard-in-service", Suggestion, "a wildcard in the service prefix"),
    // Resources.
    check("invalid-arn", Error, "a resource that is not `*` or a well-formed ARN"),
    check("invalid-arn-region", Warning, "an ARN region that does not look like one (`us-east-1`)"),
    check("invalid-arn-account", Warning, "an ARN account that is not 12 digits"),
    check("action-resource-mismatch", Warning, "an action that accepts none of the statement's resources"),
    check("resource-mismatch", Warning, "a resource that fits no resource type of the statement's actions"),
    check(
        "missing-required-resource",
        Suggestion,
        "no statement allows a resource type the catalog marks as required for the action",
    ),
    // Conditions.
    check("unknown-condition-key", Warning, "a condition key the catalog does not document"),
    check("condition-key-not-applicable", Warning, "a service condition key none of the statement's actions supports"),
    check("condition-type-mismatch", Warning, "an operator for another type than the key's (StringEquals on a date)"),
    check(
        "forallvalues-single-valued",
        SecurityWarning,
        "`ForAllValues` on a single-valued key: true when the key is absent",
    ),
    check("foranyvalue-single-valued", Suggestion, "`ForAnyValue` on a single-valued key: the qualifier adds nothing"),
    check("missing-set-qualifier", Warning, "a multivalued key without `ForAllValues`/`ForAnyValue`"),
    check("mfa-check-bypassable", SecurityWarning, "an MFA condition that requests without the key slip past"),
    // Security.
    check(
        "allow-not-action",
        SecurityWarning,
        "`Allow` with `NotAction`: grants every other action, including future ones",
    ),
    check("allow-not-resource", SecurityWarning, "`Allow` with `NotResource`: grants every other resource"),
    check(
        "allow-not-principal",
        SecurityWarning,
        "`Allow` with `NotPrincipal`: grants everyone else, even anonymous users",
    ),
    check("full-access", SecurityWarning, "`Allow` of `*` on `*`: full administrator access"),
    check("passrole-star", SecurityWarning, "`iam:PassRole` on every role, without `iam:PassedToService`"),
    check("public-access", SecurityWarning, "`Principal: *` allowed without a condition that restricts who"),
    check(
        "privilege-escalation",
        SecurityWarning,
        "actions that let the holder grant itself more (`iam:PassRole` with `ec2:RunInstances`, ...)",
    ),
    check("resource-policy-escalation", SecurityWarning, "`s3:PutBucketPolicy` without the object access it can grant"),
    // Redundancy.
    check("redundant-action", Suggestion, "an action repeated or covered by a wildcard in the same list"),
    check("redundant-resource", Suggestion, "a resource repeated or covered by a wildcard in the same list"),
    check("redundant-statement", Suggestion, "a statement another statement already covers"),
];

/// The check with this code.
pub fn find(code: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for c in CHECKS {
            assert!(seen.insert(c.code), "duplicate {}", c.code);
            assert!(c.code.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'), "{}", c.code);
        }
        assert!(find("unknown-action").is_some());
    }
}
