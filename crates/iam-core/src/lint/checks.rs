//! Every finding code the parser, the compiler and `lint` can report, each
//! declared once with its severity and what it finds (the model is oxc's
//! `declare_oxc_lint!`). Emitting sites name a [`Code`], so a misspelt code
//! does not compile and the severity comes from here; [`CHECKS`] lists them
//! all for the README, the CLI and the tests (each code has a failing and a
//! passing policy in `crates/iam-catalog/tests/lint_checks.rs`).

use super::policy_type::PolicyType;
use crate::diag::Severity::{self, Error, SecurityWarning, Suggestion, Warning};

/// Declares the [`Code`] enum and [`CHECKS`]. Each entry is
///
/// ```text
/// /// what it finds (the summary, shown in the README table)
/// Name = "kebab-code", SEVERITY [, in PolicyType | PolicyType => SEVERITY]* [, lenient SEVERITY];
/// ```
///
/// `in ... =>` gives the severity in those policy types ([`Code::severity_for`]);
/// `lenient` the lower severity of the cases the summary names ([`Code::lenient_severity`]).
macro_rules! declare_checks {
    ($(
        $(#[doc = $doc:literal])+
        $name:ident = $code:literal, $severity:ident
        $(, in $($ty:ident)|+ => $over:ident)*
        $(, lenient $lenient:ident)?;
    )+) => {
        /// A finding code: a stable kebab-case identifier with its severity and summary.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code {
            $($(#[doc = $doc])+ $name,)+
        }

        /// Every code, in the order of the README table.
        pub const CHECKS: &[Code] = &[$(Code::$name),+];

        impl Code {
            /// The kebab-case code shown in JSON, the CLI and the app.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$name => $code,)+
                }
            }

            /// The severity reported, unless the policy type or a lenient case changes it.
            pub const fn severity(self) -> Severity {
                match self {
                    $(Code::$name => $severity,)+
                }
            }

            /// The severity reported in a policy of this type.
            pub const fn severity_for(self, ty: PolicyType) -> Severity {
                match self {
                    $(Code::$name => {
                        $(if matches!(ty, $(PolicyType::$ty)|+) {
                            return $over;
                        })*
                        $severity
                    })+
                }
            }

            /// The severity of the lenient cases the summary names (the usual one if it has none).
            pub const fn lenient_severity(self) -> Severity {
                match self {
                    $(Code::$name => declare_checks!(@or $($lenient)? $severity),)+
                }
            }

            /// What the check finds, in a few words.
            pub const fn summary(self) -> &'static str {
                match self {
                    $(Code::$name => concat!($($doc),+).trim_ascii(),)+
                }
            }
        }
    };
    (@or $given:ident $default:ident) => { $given };
    (@or $default:ident) => { $default };
}

declare_checks! {
    // Reported by the parser and the compiler.
    /// not valid JSON (position of the first error)
    JsonSyntax = "json-syntax", Error;
    /// the document is empty
    EmptyDocument = "empty-document", Error;
    /// the document is not a JSON object
    ExpectedObject = "expected-object", Error;
    /// an element IAM does not know (names are case-sensitive)
    UnknownElement = "unknown-element", Error;
    /// the same element or condition entry twice
    DuplicateKey = "duplicate-key", Error;
    /// `Version` is not 2012-10-17 or 2008-10-17
    InvalidVersion = "invalid-version", Error;
    /// no `Statement`
    MissingStatement = "missing-statement", Error;
    /// `Statement` is an empty array
    EmptyStatement = "empty-statement", Error;
    /// a statement that is not an object
    InvalidStatement = "invalid-statement", Error;
    /// a statement without `Effect`
    MissingEffect = "missing-effect", Error;
    /// `Effect` other than `Allow` or `Deny`
    InvalidEffect = "invalid-effect", Error;
    /// a statement without `Action` or `NotAction`
    MissingAction = "missing-action", Error;
    /// both `Action` and `NotAction`
    ActionAndNotAction = "action-and-notaction", Error;
    /// both `Resource` and `NotResource`
    ResourceAndNotResource = "resource-and-notresource", Error;
    /// both `Principal` and `NotPrincipal`
    PrincipalAndNotPrincipal = "principal-and-notprincipal", Error;
    /// an element of the wrong JSON type
    InvalidType = "invalid-type", Error;
    /// an empty array where IAM needs values
    EmptyArray = "empty-array", Error;
    /// an empty string as an action, resource or principal
    EmptyValue = "empty-value", Error;
    /// a `Principal` string other than `*`
    InvalidPrincipal = "invalid-principal", Error;
    /// an empty `Principal` object
    EmptyPrincipal = "empty-principal", Error;
    /// a condition operator without keys
    EmptyCondition = "empty-condition", Error;
    /// unknown condition operator: the condition is never true, a `Deny` never applies
    UnknownOperator = "unknown-operator", Error;
    /// `Null` with `IfExists` or a set qualifier
    InvalidOperator = "invalid-operator", Error;
    /// a value the operator cannot read (date, number, IP, Boolean)
    InvalidConditionValue = "invalid-condition-value", Error;
    // The document as a whole.
    /// no `Version`: policy variables are plain text (ERROR in RCPs, which require it)
    MissingVersion = "missing-version", Warning, in Rcp => Error;
    /// `Version` 2008-10-17 lacks policy variables
    OldVersion = "old-version", Suggestion;
    /// policy variables in a policy without `"Version": "2012-10-17"`
    VariablesWithoutVersion = "variables-without-version", Error;
    /// over AWS's size quota for the policy type (WARNING where the quota varies)
    PolicyTooLarge = "policy-too-large", Error, in Trust | Resource => Warning;
    /// two statements with the same `Sid` (WARNING in resource policies)
    DuplicateSid = "duplicate-sid", Error, in Resource => Warning;
    /// a `Sid` with characters other than letters and digits, which IAM rejects
    InvalidSid = "invalid-sid", Error;
    /// a template placeholder such as `<region>`, `[ACCOUNT_ID]` or `${Account}`
    LeftoverPlaceholder = "leftover-placeholder", Error;
    // Elements allowed by policy type.
    /// a malformed principal (WARNING for service and federated principals)
    InvalidPrincipalFormat = "invalid-principal-format", Error, lenient Warning;
    /// `Principal` in a policy type without one (identity, SCP, ...)
    PrincipalNotAllowed = "principal-not-allowed", Error;
    /// no `Principal` in a resource, trust or resource control policy
    MissingPrincipal = "missing-principal", Error;
    /// no `Resource` where the policy type needs one (WARNING in resource policies)
    MissingResource = "missing-resource", Error, in Resource => Warning;
    /// `Resource` in a role trust policy
    ResourceNotAllowed = "resource-not-allowed", Error;
    /// a trust policy action other than the `sts` role actions
    TrustUnsupportedAction = "trust-unsupported-action", Warning;
    /// an RCP `Allow` other than the `RCPFullAWSAccess` statement
    RcpAllow = "rcp-allow", Error;
    /// `NotAction` or `NotPrincipal` in an RCP
    RcpUnsupportedElement = "rcp-unsupported-element", Error;
    /// an RCP `Principal` other than `"*"`
    RcpPrincipal = "rcp-principal", Error;
    /// an action of a service the catalog does not list as supporting RCPs
    RcpUnsupportedService = "rcp-unsupported-service", Warning;
    // Actions.
    /// an action that is not `service:action`
    InvalidAction = "invalid-action", Error;
    /// a service prefix the catalog does not know
    UnknownService = "unknown-service", Error;
    /// an action the service does not have (with a suggestion)
    UnknownAction = "unknown-action", Error;
    /// a wildcard action matching no action
    WildcardMatchesNothing = "wildcard-matches-nothing", Error;
    /// a wildcard in the service prefix
    WildcardInService = "wildcard-in-service", Suggestion;
    // Resources.
    /// a resource that is not `*` or a well-formed ARN
    InvalidArn = "invalid-arn", Error;
    /// an ARN with fewer than six components, which matches no ARN (WARNING when a trailing `*` may stand for the rest)
    IncompleteArn = "incomplete-arn", Error, lenient Warning;
    /// an ARN region that does not look like one (`us-east-1`)
    InvalidArnRegion = "invalid-arn-region", Warning;
    /// an ARN account that is not 12 digits
    InvalidArnAccount = "invalid-arn-account", Warning;
    /// an action that accepts none of the statement's resources
    ActionResourceMismatch = "action-resource-mismatch", Warning;
    /// a resource that fits no resource type of the statement's actions
    ResourceMismatch = "resource-mismatch", Warning;
    /// no statement allows a resource type the catalog marks as required for the action
    MissingRequiredResource = "missing-required-resource", Suggestion;
    // Conditions.
    /// a condition key the catalog does not document
    UnknownConditionKey = "unknown-condition-key", Warning;
    /// a service condition key none of the statement's actions supports
    ConditionKeyNotApplicable = "condition-key-not-applicable", Warning;
    /// an operator for another type than the key's (StringEquals on a date)
    ConditionTypeMismatch = "condition-type-mismatch", Warning;
    /// `ForAllValues` on a single-valued key: true when the key is absent
    ForAllValuesSingleValued = "forallvalues-single-valued", SecurityWarning;
    /// `ForAnyValue` on a single-valued key: the qualifier adds nothing
    ForAnyValueSingleValued = "foranyvalue-single-valued", Suggestion;
    /// a multivalued key without `ForAllValues`/`ForAnyValue`
    MissingSetQualifier = "missing-set-qualifier", Warning;
    /// an MFA condition that requests without the key slip past
    MfaCheckBypassable = "mfa-check-bypassable", SecurityWarning;
    // Security.
    /// `Allow` with `NotAction`: grants every other action, including future ones
    AllowNotAction = "allow-not-action", SecurityWarning;
    /// `Allow` with `NotResource`: grants every other resource
    AllowNotResource = "allow-not-resource", SecurityWarning;
    /// `Allow` with `NotPrincipal`: grants everyone else, even anonymous users
    AllowNotPrincipal = "allow-not-principal", SecurityWarning;
    /// `Allow` of `*` on `*`: full administrator access
    FullAccess = "full-access", SecurityWarning;
    /// `iam:PassRole` on every role, without `iam:PassedToService`
    PassRoleStar = "passrole-star", SecurityWarning;
    /// `Principal: *` allowed without a condition that restricts who
    PublicAccess = "public-access", SecurityWarning;
    /// actions that let the holder grant itself more (`iam:PassRole` with `ec2:RunInstances`, ...)
    PrivilegeEscalation = "privilege-escalation", SecurityWarning;
    /// `s3:PutBucketPolicy` without the object access it can grant
    ResourcePolicyEscalation = "resource-policy-escalation", SecurityWarning;
    // Redundancy.
    /// an action repeated or covered by a wildcard in the same list
    RedundantAction = "redundant-action", Suggestion;
    /// a resource repeated or covered by a wildcard in the same list
    RedundantResource = "redundant-resource", Suggestion;
    /// a statement another statement already covers
    RedundantStatement = "redundant-statement", Suggestion;

}

impl Code {
    /// The code written `code`, e.g. `unknown-action`.
    pub fn parse(code: &str) -> Option<Code> {
        CHECKS.iter().copied().find(|c| c.as_str() == code)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_with_a_summary() {
        let mut seen = std::collections::HashSet::new();
        for c in CHECKS {
            assert!(seen.insert(c.as_str()), "duplicate {c}");
            assert!(c.as_str().chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'), "{c}");
            assert!(!c.summary().is_empty() && !c.summary().starts_with(' '), "{c}: {:?}", c.summary());
            assert_eq!(Code::parse(c.as_str()), Some(*c));
        }
        assert_eq!(Code::parse("unknown-action"), Some(Code::UnknownAction));
        assert_eq!(Code::parse("unknown-acton"), None);
    }

    #[test]
    fn severities_by_policy_type_are_declared() {
        assert_eq!(Code::MissingVersion.severity(), Warning);
        assert_eq!(Code::MissingVersion.severity_for(PolicyType::Rcp), Error);
        assert_eq!(Code::MissingVersion.severity_for(PolicyType::Scp), Warning);
        assert_eq!(Code::PolicyTooLarge.severity_for(PolicyType::Trust), Warning);
        assert_eq!(Code::PolicyTooLarge.severity_for(PolicyType::Scp), Error);
        assert_eq!(Code::DuplicateSid.severity_for(PolicyType::Resource), Warning);
        assert_eq!(Code::InvalidPrincipalFormat.lenient_severity(), Warning);
        assert_eq!(Code::UnknownAction.lenient_severity(), Error);
        assert_eq!(Code::JsonSyntax.summary(), "not valid JSON (position of the first error)");
    }
}
