#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! Every check of `iam_core::lint::CHECKS` with a policy that triggers it and
//! one that does not (usually the same policy, fixed). `at` pins the exact span.

use iam_catalog::IamCatalog;
use iam_core::diag::Severity;
use iam_core::lint::{CHECKS, Code, PolicyType, lint};
use std::collections::BTreeSet;
use std::sync::OnceLock;

fn catalog() -> &'static IamCatalog {
    static CATALOG: OnceLock<IamCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| IamCatalog::bundled().unwrap())
}

struct Case {
    code: Code,
    ty: PolicyType,
    failing: String,
    passing: String,
    /// The text the finding's span covers in `failing`.
    at: Option<&'static str>,
    /// A fragment the hint must contain.
    hint: Option<&'static str>,
    /// The severity when it differs from the one the code declares for the policy type.
    severity: Option<Severity>,
}

/// A 2012-10-17 policy with these statements.
fn policy(statements: &str) -> String {
    format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#)
}

fn case(code: Code, ty: PolicyType, failing: impl Into<String>, passing: impl Into<String>) -> Case {
    Case { code, ty, failing: failing.into(), passing: passing.into(), at: None, hint: None, severity: None }
}

impl Case {
    fn at(mut self, text: &'static str) -> Self {
        self.at = Some(text);
        self
    }
    fn hint(mut self, text: &'static str) -> Self {
        self.hint = Some(text);
        self
    }
    fn severity(mut self, s: Severity) -> Self {
        self.severity = Some(s);
        self
    }
}

const ID: PolicyType = PolicyType::Identity;
const RES: PolicyType = PolicyType::Resource;

fn allow(action: &str, resource: &str) -> String {
    policy(&format!(r#"{{"Effect": "Allow", "Action": {action}, "Resource": {resource}}}"#))
}

fn cond(effect: &str, action: &str, condition: &str) -> String {
    policy(&format!(r#"{{"Effect": "{effect}", "Action": "{action}", "Resource": "*", "Condition": {condition}}}"#))
}

fn cases() -> Vec<Case> {
    let ok = allow(r#""s3:GetObject""#, r#""arn:aws:s3:::receipts/*""#);
    let big_scp = |n: usize| {
        let actions: Vec<String> = (0..n).map(|i| format!("\"s3:GetObject{}\"", "x".repeat(i % 3))).collect();
        policy(&format!(r#"{{"Effect": "Deny", "Action": [{}], "Resource": "*"}}"#, actions.join(",\n      ")))
    };
    let run_instances = |resources: &str| allow(r#""ec2:RunInstances""#, resources);
    let big_bucket = |n: usize| {
        let objects: Vec<String> = (0..n).map(|i| format!("\"arn:aws:s3:::site/p{i:04}/*\"")).collect();
        resource_policy(r#"{"AWS": "111122223333"}"#, "")
            .replace(r#""arn:aws:s3:::site/*""#, &format!("[{}]", objects.join(",")))
    };
    let big_trust = |n: usize| {
        let roles: Vec<String> = (0..n).map(|i| format!("\"arn:aws:iam::111122223333:role/r{i:03}\"")).collect();
        policy(&format!(
            r#"{{"Effect": "Allow", "Principal": {{"AWS": [{}]}}, "Action": "sts:AssumeRole"}}"#,
            roles.join(", ")
        ))
    };
    vec![
        // Parser and compiler.
        case(Code::JsonSyntax, ID, r#"{"Version": "2012-10-17", "Statement": [}"#, ok.clone()).at("}"),
        case(Code::EmptyDocument, ID, "  ", ok.clone()),
        case(Code::ExpectedObject, ID, "[]", ok.clone()),
        case(Code::UnknownElement, ID, allow_key("Actions"), ok.clone()).at(r#""Actions""#).hint("Action"),
        case(
            Code::DuplicateKey,
            ID,
            policy(r#"{"Effect": "Allow", "Action": "s3:GetObject", "Action": "s3:PutObject", "Resource": "*"}"#),
            ok.clone(),
        ),
        case(Code::InvalidVersion, ID, ok.replace("2012-10-17", "2012-10-18"), ok.clone()).at(r#""2012-10-18""#),
        case(Code::MissingStatement, ID, r#"{"Version": "2012-10-17"}"#, ok.clone()),
        case(Code::EmptyStatement, ID, policy(""), ok.clone()),
        case(Code::InvalidStatement, ID, policy(r#""s3:GetObject""#), ok.clone()),
        case(Code::MissingEffect, ID, policy(r#"{"Action": "s3:GetObject", "Resource": "*"}"#), ok.clone()),
        case(Code::InvalidEffect, ID, ok.replace("\"Allow\"", "\"allow\""), ok.clone()).at(r#""allow""#).hint("Allow"),
        case(Code::MissingAction, ID, policy(r#"{"Effect": "Allow", "Resource": "*"}"#), ok.clone()),
        case(
            Code::ActionAndNotAction,
            ID,
            policy(r#"{"Effect": "Deny", "Action": "s3:GetObject", "NotAction": "s3:PutObject", "Resource": "*"}"#),
            ok.clone(),
        ),
        case(
            Code::ResourceAndNotResource,
            ID,
            policy(r#"{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "NotResource": "arn:aws:s3:::a"}"#),
            ok.clone(),
        ),
        case(
            Code::PrincipalAndNotPrincipal,
            RES,
            policy(r#"{"Effect": "Deny", "Principal": "*", "NotPrincipal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "*"}"#),
            resource_policy(r#"{"AWS": "111122223333"}"#, ""),
        ),
        case(Code::InvalidType, ID, allow("1", r#""*""#), ok.clone()).at("1"),
        case(Code::EmptyArray, ID, allow("[]", r#""*""#), ok.clone()).at("[]"),
        case(Code::EmptyValue, ID, allow(r#""""#, r#""*""#), ok.clone()),
        case(
            Code::InvalidPrincipal,
            RES,
            resource_policy_raw(r#""arn:aws:iam::111122223333:root""#, ""),
            resource_policy(r#"{"AWS": "arn:aws:iam::111122223333:root"}"#, ""),
        )
        .hint(r#"{"AWS": "#),
        case(Code::EmptyPrincipal, RES, resource_policy_raw("{}", ""), resource_policy(r#"{"AWS": "111122223333"}"#, "")),
        case(
            Code::EmptyCondition,
            ID,
            cond("Deny", "s3:GetObject", r#"{"StringEquals": {}}"#),
            cond("Deny", "s3:GetObject", r#"{"StringEquals": {"aws:RequestedRegion": "us-east-1"}}"#),
        ),
        case(
            Code::UnknownOperator,
            ID,
            cond("Deny", "s3:*", r#"{"StringEqual": {"aws:RequestedRegion": "us-east-1"}}"#),
            cond("Deny", "s3:*", r#"{"StringEquals": {"aws:RequestedRegion": "us-east-1"}}"#),
        )
        .at(r#""StringEqual""#)
        .hint("StringEquals"),
        case(
            Code::InvalidOperator,
            ID,
            cond("Deny", "s3:*", r#"{"NullIfExists": {"aws:SourceVpc": "true"}}"#),
            cond("Deny", "s3:*", r#"{"Null": {"aws:SourceVpc": "true"}}"#),
        ),
        case(
            Code::InvalidConditionValue,
            ID,
            cond("Deny", "s3:*", r#"{"DateGreaterThan": {"aws:CurrentTime": "yesterday"}}"#),
            cond("Deny", "s3:*", r#"{"DateGreaterThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}"#),
        )
        .at(r#""yesterday""#),
        // The document.
        case(
            Code::MissingVersion,
            ID,
            r#"{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::receipts/*"}]}"#,
            ok.clone(),
        ),
        case(
            Code::MissingVersion,
            PolicyType::Rcp,
            r#"{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}"#,
        ),
        case(Code::OldVersion, ID, ok.replace("2012-10-17", "2008-10-17"), ok.clone()).at(r#""2008-10-17""#),
        case(
            Code::VariablesWithoutVersion,
            ID,
            allow(r#""s3:GetObject""#, r#""arn:aws:s3:::home/${aws:username}/*""#).replace("2012-10-17", "2008-10-17"),
            allow(r#""s3:GetObject""#, r#""arn:aws:s3:::home/${aws:username}/*""#),
        )
        .at("${aws:username}"),
        case(Code::PolicyTooLarge, PolicyType::Scp, big_scp(400), big_scp(40)),
        // Trust policies: a WARNING over the default quota, an ERROR over the most it can be raised to.
        case(Code::PolicyTooLarge, PolicyType::Trust, big_trust(60), big_trust(5)),
        case(Code::PolicyTooLarge, PolicyType::Trust, big_trust(120), big_trust(5)).severity(Severity::Error),
        case(Code::PolicyTooLarge, RES, big_bucket(1000), big_bucket(5)),
        case(
            Code::DuplicateSid,
            ID,
            policy(r#"{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, {"Sid": "Read", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}"#),
            policy(r#"{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, {"Sid": "Write", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}"#),
        ),
        case(
            Code::DuplicateSid,
            RES,
            resource_policy(r#"{"AWS": "111122223333"}"#, r#", "Sid": "Read""#).replace(
                r#"{"Effect""#,
                r#"{"Sid": "Read", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "*"}, {"Effect""#,
            ),
            resource_policy(r#"{"AWS": "111122223333"}"#, r#", "Sid": "Read""#),
        ),
        case(
            Code::InvalidSid,
            ID,
            policy(r#"{"Sid": "read-receipts", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#),
            policy(r#"{"Sid": "ReadReceipts", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#),
        )
        .hint("readreceipts"),
        case(
            Code::LeftoverPlaceholder,
            ID,
            allow(r#""s3:GetObject""#, r#""arn:aws:s3:::<bucket-name>/*""#),
            ok.clone(),
        )
        .at("<bucket-name>"),
        case(
            Code::LeftoverPlaceholder,
            PolicyType::Scp,
            policy(r#"{"Effect": "Deny", "Action": "iam:*", "Resource": "*", "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/[PRIVILEGED_ROLE]"}}}"#),
            policy(r#"{"Effect": "Deny", "Action": "iam:*", "Resource": "*", "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin"}}}"#),
        )
        .at("[PRIVILEGED_ROLE]"),
        case(
            Code::LeftoverPlaceholder,
            ID,
            allow(r#""kms:Decrypt""#, r#""arn:aws:kms:us-east-1:${Account}:key/*""#),
            allow(r#""kms:Decrypt""#, r#""arn:aws:kms:us-east-1:111122223333:key/*""#),
        )
        .at("${Account}"),
        // Elements by policy type.
        case(
            Code::InvalidPrincipalFormat,
            RES,
            resource_policy(r#"{"AWS": "my-role"}"#, ""),
            resource_policy(r#"{"AWS": "arn:aws:iam::111122223333:role/my-role"}"#, ""),
        )
        .at(r#""my-role""#),
        case(
            Code::InvalidPrincipalFormat,
            RES,
            resource_policy(r#"{"AWS": "arn:aws:iam::111122223333:role/app-*"}"#, ""),
            resource_policy(r#"{"AWS": "111122223333"}"#, ""),
        ),
        case(
            Code::InvalidPrincipalFormat,
            PolicyType::Trust,
            policy(r#"{"Effect": "Allow", "Principal": {"Service": "ec2"}, "Action": "sts:AssumeRole"}"#),
            policy(r#"{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}"#),
        )
        .severity(Code::InvalidPrincipalFormat.lenient_severity()),
        case(
            Code::PrincipalNotAllowed,
            PolicyType::Scp,
            policy(r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}"#),
            policy(r#"{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}"#),
        ),
        case(
            Code::PrincipalNotAllowed,
            ID,
            policy(r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "*"}"#),
            ok.clone(),
        ),
        case(
            Code::MissingPrincipal,
            RES,
            allow(r#""s3:GetObject""#, r#""arn:aws:s3:::site/*""#),
            resource_policy(r#"{"AWS": "111122223333"}"#, ""),
        ),
        case(Code::MissingResource, ID, policy(r#"{"Effect": "Allow", "Action": "s3:GetObject"}"#), ok.clone()),
        case(
            Code::MissingResource,
            RES,
            policy(r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject"}"#),
            resource_policy(r#"{"AWS": "111122223333"}"#, ""),
        ),
        case(
            Code::ResourceNotAllowed,
            PolicyType::Trust,
            policy(r#"{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}"#),
            policy(r#"{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}"#),
        ),
        case(
            Code::TrustUnsupportedAction,
            PolicyType::Trust,
            policy(r#"{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "s3:GetObject"}"#),
            policy(r#"{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}"#),
        )
        .at(r#""s3:GetObject""#),
        case(
            Code::RcpAllow,
            PolicyType::Rcp,
            policy(r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}"#),
            policy(r#"{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}"#),
        ),
        case(
            Code::RcpUnsupportedElement,
            PolicyType::Rcp,
            policy(r#"{"Effect": "Deny", "Principal": "*", "NotAction": "s3:GetObject", "Resource": "*"}"#),
            policy(r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "*"}"#),
        ),
        case(
            Code::RcpPrincipal,
            PolicyType::Rcp,
            policy(r#"{"Effect": "Deny", "Principal": {"AWS": "111122223333"}, "Action": "s3:*", "Resource": "*"}"#),
            policy(r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}"#),
        ),
        case(
            Code::RcpUnsupportedService,
            PolicyType::Rcp,
            policy(r#"{"Effect": "Deny", "Principal": "*", "Action": "ec2:RunInstances", "Resource": "*"}"#),
            policy(r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "*"}"#),
        )
        .at(r#""ec2:RunInstances""#),
        // Actions.
        case(Code::InvalidAction, ID, allow(r#""s3GetObject""#, r#""*""#), ok.clone()).at(r#""s3GetObject""#),
        case(Code::UnknownService, ID, allow(r#""s4:GetObject""#, r#""*""#), ok.clone()).at(r#""s4:GetObject""#).hint("`s3:GetObject`"),
        case(Code::UnknownAction, ID, allow(r#""s3:ListObject""#, r#""arn:aws:s3:::receipts""#), allow(r#""s3:ListBucket""#, r#""arn:aws:s3:::receipts""#))
            .at(r#""s3:ListObject""#)
            .hint("`s3:ListBucket`"),
        case(Code::UnknownAction, ID, allow(r#""ec2:DescribeInstance""#, r#""*""#), allow(r#""ec2:DescribeInstances""#, r#""*""#))
            .hint("`ec2:DescribeInstances`"),
        case(Code::WildcardMatchesNothing, ID, allow(r#""s3:Fetch*""#, r#""*""#), allow(r#""s3:Get*""#, r#""*""#)).at(r#""s3:Fetch*""#),
        case(Code::WildcardInService, ID, allow(r#""s*:GetObject""#, r#""*""#), ok.clone()),
        // Resources.
        case(Code::InvalidArn, ID, allow(r#""s3:GetObject""#, r#""receipts/*""#), ok.clone()).at(r#""receipts/*""#),
        case(Code::InvalidArn, ID, allow(r#""s3:GetObject""#, r#""arn:aws:s3""#), ok.clone()),
        case(Code::InvalidArn, ID, allow(r#""s3:GetObject""#, r#""arn:amazon:s3:::receipts/*""#), ok.clone()),
        // ARN-FORMAT: six components; `receipts/*` stands where the region goes, so
        // it matches no ARN (issue 10, item 9).
        case(Code::IncompleteArn, ID, allow(r#""s3:GetObject""#, r#""arn:aws:s3:receipts/*""#), ok.clone())
            .at(r#""arn:aws:s3:receipts/*""#)
            .hint("did you mean `arn:aws:s3:::receipts/*`?"),
        // MATCH-RESOURCE-STAR-CROSSES-COLON: a trailing `*` may stand for the rest.
        case(Code::IncompleteArn, ID, allow(r#""s3:GetObject""#, r#""arn:aws:s3:*""#), ok.clone())
            .severity(Severity::Warning),
        case(
            Code::InvalidArnRegion,
            ID,
            allow(r#""ec2:StartInstances""#, r#""arn:aws:ec2:virginia:111122223333:instance/*""#),
            allow(r#""ec2:StartInstances""#, r#""arn:aws:ec2:us-east-1:111122223333:instance/*""#),
        ),
        case(
            Code::InvalidArnAccount,
            ID,
            allow(r#""ec2:StartInstances""#, r#""arn:aws:ec2:us-east-1:1111:instance/*""#),
            allow(r#""ec2:StartInstances""#, r#""arn:aws:ec2:us-east-1:111122223333:instance/*""#),
        ),
        case(Code::ActionResourceMismatch, ID, allow(r#""s3:GetObject""#, r#""arn:aws:s3:::receipts""#), ok.clone())
            .at(r#""s3:GetObject""#)
            .hint("arn:aws:s3:::${BucketName}/${ObjectName}"),
        case(Code::ActionResourceMismatch, ID, allow(r#""iam:ListRoles""#, r#""arn:aws:iam::111122223333:role/*""#), allow(r#""iam:ListRoles""#, r#""*""#)),
        case(
            Code::ResourceMismatch,
            ID,
            allow(r#"["s3:GetObject", "s3:PutObject"]"#, r#"["arn:aws:s3:::receipts/*", "arn:aws:ec2:us-east-1:111122223333:instance/*"]"#),
            allow(r#"["s3:GetObject", "s3:PutObject"]"#, r#"["arn:aws:s3:::receipts/*"]"#),
        )
        .at(r#""arn:aws:ec2:us-east-1:111122223333:instance/*""#),
        case(
            Code::MissingRequiredResource,
            ID,
            run_instances(r#""arn:aws:ec2:*:*:instance/*""#),
            run_instances(
                r#"["arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:*::image/*", "arn:aws:ec2:*:*:network-interface/*", "arn:aws:ec2:*:*:security-group/*", "arn:aws:ec2:*:*:subnet/*"]"#,
            ),
        )
        .at(r#""ec2:RunInstances""#),
        // Conditions.
        case(
            Code::UnknownConditionKey,
            ID,
            cond("Deny", "s3:*", r#"{"NotIpAddress": {"aws:SourceIpAddress": "192.0.2.0/24"}}"#),
            cond("Deny", "s3:*", r#"{"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}}"#),
        )
        .at(r#""aws:SourceIpAddress""#)
        .hint("`aws:SourceIp`"),
        case(
            Code::ConditionKeyNotApplicable,
            ID,
            cond("Allow", "s3:GetObject", r#"{"StringLike": {"s3:prefix": "home/*"}}"#),
            cond("Allow", "s3:ListBucket", r#"{"StringLike": {"s3:prefix": "home/*"}}"#),
        )
        .at(r#""s3:prefix""#)
        .hint("s3:ListBucket"),
        case(
            Code::ConditionKeyNotApplicable,
            ID,
            policy(r#"{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "home/*"}}}"#),
            policy(r#"{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": "*", "Condition": {"StringLikeIfExists": {"s3:prefix": "home/*"}}}"#),
        )
        .hint("StringLikeIfExists"),
        case(
            Code::ConditionTypeMismatch,
            ID,
            cond("Deny", "s3:*", r#"{"StringEquals": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}"#),
            cond("Deny", "s3:*", r#"{"DateGreaterThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}"#),
        )
        .at(r#""StringEquals""#)
        .hint("DateEquals"),
        case(
            Code::ConditionTypeMismatch,
            ID,
            cond("Deny", "s3:*", r#"{"Bool": {"aws:PrincipalArn": "true"}}"#),
            cond("Deny", "s3:*", r#"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin"}}"#),
        ),
        case(
            Code::ForAllValuesSingleValued,
            ID,
            cond("Allow", "s3:GetObject", r#"{"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}"#),
            cond("Allow", "s3:GetObject", r#"{"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}"#),
        )
        .at(r#""ForAllValues:StringEquals""#),
        case(
            Code::ForAnyValueSingleValued,
            ID,
            cond("Deny", "s3:*", r#"{"ForAnyValue:StringEquals": {"aws:RequestedRegion": "us-east-1"}}"#),
            cond("Deny", "s3:*", r#"{"StringEquals": {"aws:RequestedRegion": "us-east-1"}}"#),
        ),
        case(
            Code::MissingSetQualifier,
            ID,
            cond("Allow", "ec2:CreateTags", r#"{"StringEquals": {"aws:TagKeys": ["env", "team"]}}"#),
            cond("Allow", "ec2:CreateTags", r#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}}"#),
        ),
        case(
            Code::MfaCheckBypassable,
            ID,
            cond("Deny", "*", r#"{"Bool": {"aws:MultiFactorAuthPresent": "false"}}"#),
            cond("Deny", "*", r#"{"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}"#),
        ),
        // Security.
        case(
            Code::AllowNotAction,
            ID,
            policy(r#"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}"#),
            policy(r#"{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}"#),
        ),
        case(
            Code::AllowNotResource,
            ID,
            policy(r#"{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secrets/*"}"#),
            ok.clone(),
        ),
        case(
            Code::AllowNotPrincipal,
            RES,
            policy(r#"{"Effect": "Allow", "NotPrincipal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}"#),
            resource_policy(r#"{"AWS": "111122223333"}"#, ""),
        ),
        case(Code::FullAccess, ID, allow(r#""*""#, r#""*""#), ok.clone()).at(r#""*""#),
        case(Code::PassRoleStar, ID, allow(r#""iam:PassRole""#, r#""*""#), allow(r#""iam:PassRole""#, r#""arn:aws:iam::111122223333:role/app""#)),
        case(
            Code::PassRoleStar,
            ID,
            allow(r#""iam:*""#, r#""*""#),
            cond("Allow", "iam:PassRole", r#"{"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}"#),
        ),
        case(
            Code::PublicAccess,
            RES,
            resource_policy_raw(r#""*""#, ""),
            resource_policy_raw(r#""*""#, r#", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}"#),
        ),
        case(
            Code::PrivilegeEscalation,
            ID,
            allow(r#""iam:CreateAccessKey""#, r#""arn:aws:iam::111122223333:user/*""#),
            allow(r#""iam:CreateAccessKey""#, r#""arn:aws:iam::111122223333:user/${aws:username}""#),
        )
        .at(r#""iam:CreateAccessKey""#),
        case(
            Code::PrivilegeEscalation,
            ID,
            allow(r#"["iam:PassRole", "ec2:RunInstances"]"#, r#""*""#),
            allow(r#"["ec2:RunInstances"]"#, r#""*""#),
        )
        .at(r#""iam:PassRole""#),
        case(
            Code::ResourcePolicyEscalation,
            ID,
            allow(r#""s3:PutBucketPolicy""#, r#""arn:aws:s3:::logs""#),
            policy(r#"{"Effect": "Allow", "Action": "s3:PutBucketPolicy", "Resource": "arn:aws:s3:::logs"}, {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::logs/*"}"#),
        )
        .at(r#""s3:PutBucketPolicy""#),
        // Redundancy.
        case(Code::RedundantAction, ID, allow(r#"["s3:GetObject", "s3:Get*"]"#, r#""*""#), allow(r#"["s3:Get*"]"#, r#""*""#)).at(r#""s3:GetObject""#),
        case(Code::RedundantAction, ID, allow(r#"["s3:GetObject", "S3:getobject"]"#, r#""*""#), allow(r#"["s3:GetObject"]"#, r#""*""#))
            .at(r#""S3:getobject""#),
        case(
            Code::RedundantResource,
            ID,
            allow(r#""s3:GetObject""#, r#"["arn:aws:s3:::receipts/*", "arn:aws:s3:::receipts/2024.csv"]"#),
            allow(r#""s3:GetObject""#, r#"["arn:aws:s3:::receipts/*"]"#),
        )
        .at(r#""arn:aws:s3:::receipts/2024.csv""#),
        case(
            Code::RedundantStatement,
            ID,
            policy(r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}, {"Sid": "Narrow", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::receipts/*"}"#),
            policy(r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}, {"Sid": "Narrow", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::receipts/*"}"#),
        )
        .at(r#""Narrow""#),
    ]
}

fn allow_key(key: &str) -> String {
    policy(&format!(r#"{{"Effect": "Allow", "{key}": "s3:GetObject", "Resource": "*"}}"#))
}

/// A bucket policy statement with this principal (as JSON) and extra elements.
fn resource_policy_raw(principal: &str, extra: &str) -> String {
    policy(&format!(
        r#"{{"Effect": "Allow", "Principal": {principal}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"{extra}}}"#
    ))
}

fn resource_policy(principal: &str, extra: &str) -> String {
    resource_policy_raw(principal, extra)
}

#[test]
fn every_check_fires_on_its_failing_policy_and_not_on_the_passing_one() {
    let mut problems = Vec::new();
    for c in cases() {
        let failing = lint(&c.failing, c.ty, catalog());
        let hit = failing.iter().find(|d| d.code == c.code);
        match hit {
            None => problems.push(format!(
                "{}: not reported for {}\n  got: {:?}",
                c.code,
                c.failing,
                failing.iter().map(|d| d.code.as_str()).collect::<Vec<_>>()
            )),
            Some(d) => {
                let expected = c.severity.unwrap_or_else(|| c.code.severity_for(c.ty));
                if d.severity != expected {
                    problems.push(format!("{}: severity {} (expected {expected})", c.code, d.severity));
                }
                let covered = &c.failing[d.span.start as usize..d.span.end as usize];
                if let Some(at) = c.at
                    && covered != at
                {
                    problems.push(format!("{}: span covers `{covered}`, expected `{at}`", c.code));
                }
                if let Some(h) = c.hint
                    && !d.hint.as_deref().unwrap_or("").contains(h)
                {
                    problems.push(format!("{}: hint {:?} lacks `{h}`", c.code, d.hint));
                }
                if d.message.chars().next().is_none_or(|ch| ch.is_uppercase()) {
                    problems.push(format!("{}: message should start lower case: {}", c.code, d.message));
                }
            }
        }
        let passing = lint(&c.passing, c.ty, catalog());
        if let Some(d) = passing.iter().find(|d| d.code == c.code) {
            problems.push(format!("{}: also reported for the passing policy: {}", c.code, d.message));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_listed_check_has_a_case() {
    let covered: BTreeSet<&str> = cases().iter().map(|c| c.code.as_str()).collect();
    let missing: Vec<&str> = CHECKS.iter().map(|c| c.as_str()).filter(|c| !covered.contains(c)).collect();
    assert!(missing.is_empty(), "checks without a test case: {missing:?}");
}

#[test]
fn every_finding_has_a_hint() {
    for c in cases() {
        for d in lint(&c.failing, c.ty, catalog()) {
            if matches!(d.code, Code::JsonSyntax | Code::EmptyDocument) {
                continue;
            }
            assert!(
                d.hint.is_some() || PARSER_CODES_WITHOUT_HINTS.contains(&d.code),
                "{} has no hint: {}",
                d.code,
                d.message
            );
        }
    }
}

/// Parser findings whose message already says the fix.
const PARSER_CODES_WITHOUT_HINTS: &[Code] = &[
    Code::ExpectedObject,
    Code::DuplicateKey,
    Code::EmptyStatement,
    Code::InvalidStatement,
    Code::ActionAndNotAction,
    Code::ResourceAndNotResource,
    Code::PrincipalAndNotPrincipal,
    Code::InvalidType,
    Code::EmptyArray,
    Code::EmptyValue,
    Code::EmptyPrincipal,
    Code::EmptyCondition,
    Code::InvalidOperator,
    Code::InvalidConditionValue,
];

#[test]
fn the_example_from_the_notes() {
    // `s3:ListObject` does not exist; the ListObjects API is authorized by `s3:ListBucket`.
    let text = allow(r#""s3:ListObject""#, r#""arn:aws:s3:::receipts""#);
    let findings = lint(&text, ID, catalog());
    assert_eq!(findings.len(), 1, "{findings:?}");
    let hint = findings[0].hint.as_deref().unwrap();
    assert!(hint.starts_with("did you mean `s3:ListBucket`?"), "{hint}");
}

#[test]
fn clean_policies_have_no_findings() {
    for text in [
        allow(r#""s3:GetObject""#, r#""arn:aws:s3:::receipts/*""#),
        allow(r#"["s3:ListBucket"]"#, r#""arn:aws:s3:::receipts""#),
        cond("Allow", "ec2:CreateTags", r#"{"StringEquals": {"aws:RequestTag/env": "prod"}}"#),
        cond("Deny", "s3:*", r#"{"Bool": {"aws:SecureTransport": "false"}}"#),
    ] {
        let findings = lint(&text, ID, catalog());
        assert!(findings.is_empty(), "{text}: {findings:?}");
    }
}

#[test]
fn the_readme_table_is_the_declared_checks() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let table: String = CHECKS.iter().map(|c| format!("| `{c}` | {} | {} |\n", c.severity(), c.summary())).collect();
    let table = format!("| code | severity | finds |\n|---|---|---|\n{table}");
    assert!(readme.contains(&table), "README.md's check table should be, from `lint/checks.rs`:\n{table}");
}

/// The codes `lint` reports, in order.
fn codes(text: &str, ty: PolicyType) -> Vec<&'static str> {
    lint(text, ty, catalog()).into_iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn an_element_of_the_wrong_type_is_reported_as_such_not_as_missing() {
    let bucket = |principal: &str| {
        policy(&format!(
            r#"{{"Effect": "Allow", "Principal": {principal}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}}"#
        ))
    };
    assert_eq!(codes(&bucket("5"), RES), ["invalid-type"]);
    assert_eq!(codes(&allow(r#""s3:GetObject""#, "5"), ID), ["invalid-type"]);
    let no_version = r#"{"Version": 1, "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#;
    assert_eq!(codes(no_version, ID), ["invalid-type"]);
    assert_eq!(codes(no_version, PolicyType::Rcp).iter().filter(|c| **c == "missing-version").count(), 0);
    // Elements the policy type forbids are reported whatever their value.
    let mut in_identity = codes(&bucket("5"), ID);
    in_identity.sort_unstable();
    assert_eq!(in_identity, ["invalid-type", "principal-not-allowed"]);
    let trust = policy(
        r#"{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "NotResource": 5}"#,
    );
    let mut in_trust = codes(&trust, PolicyType::Trust);
    in_trust.sort_unstable();
    assert_eq!(in_trust, ["invalid-type", "resource-not-allowed"]);
    // Still reported when really missing.
    assert!(
        codes(&allow(r#""s3:GetObject""#, r#""*""#).replace(r#", "Resource": "*""#, ""), ID)
            .contains(&"missing-resource")
    );
    assert!(
        codes(r#"{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#, ID)
            .contains(&"missing-version")
    );
}

#[test]
fn public_access_needs_a_condition_requests_without_the_key_fail() {
    let public = |condition: &str| {
        let text = resource_policy_raw(r#""*""#, &format!(r#", "Condition": {condition}"#));
        codes(&text, RES).contains(&"public-access")
    };
    // True when the key is absent, so anonymous callers get through.
    for condition in [
        r#"{"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}"#,
        r#"{"Null": {"aws:SourceIp": "false"}}"#,
        r#"{"ForAllValues:StringEquals": {"aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"]}}"#,
        r#"{"StringNotEquals": {"aws:PrincipalAccount": "111122223333"}}"#,
    ] {
        assert!(public(condition), "{condition}");
    }
    for condition in [
        r#"{"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}"#,
        r#"{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#,
        r#"{"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/*"]}}"#,
    ] {
        assert!(!public(condition), "{condition}");
    }
}

#[test]
fn a_narrower_entry_never_covers_a_broader_one() {
    let text = allow(r#""s3:GetObject""#, r#"["arn:aws:s3:::logs-?/*", "arn:aws:s3:::logs-*/*"]"#);
    let redundant: Vec<String> = lint(&text, ID, catalog())
        .into_iter()
        .filter(|d| d.code == Code::RedundantResource)
        .map(|d| text[d.span.start as usize..d.span.end as usize].to_string())
        .collect();
    assert_eq!(redundant, [r#""arn:aws:s3:::logs-?/*""#]);
    let actions = allow(r#"["s3:Get?bject", "s3:Get*"]"#, r#""*""#);
    let redundant: Vec<String> = lint(&actions, ID, catalog())
        .into_iter()
        .filter(|d| d.code == Code::RedundantAction)
        .map(|d| actions[d.span.start as usize..d.span.end as usize].to_string())
        .collect();
    assert_eq!(redundant, [r#""s3:Get?bject""#]);
    // Statements: the `?` one adds nothing, the `*` one does.
    let statements = policy(
        r#"{"Sid": "Narrow", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs-?/*"},
           {"Sid": "Wide", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs-*/*"}"#,
    );
    let redundant: Vec<String> = lint(&statements, ID, catalog())
        .into_iter()
        .filter(|d| d.code == Code::RedundantStatement)
        .map(|d| statements[d.span.start as usize..d.span.end as usize].to_string())
        .collect();
    assert_eq!(redundant, [r#""Narrow""#]);
}

#[test]
fn regions_of_every_partition_look_like_regions() {
    let region_warnings = |arn: &str| {
        let text = allow(r#""dynamodb:GetItem""#, &format!(r#""{arn}""#));
        codes(&text, ID).iter().filter(|c| **c == "invalid-arn-region").count()
    };
    for arn in [
        "arn:aws:dynamodb:us-east-1:111122223333:table/t",
        "arn:aws-us-gov:dynamodb:us-gov-west-1:111122223333:table/t",
        "arn:aws-iso-e:dynamodb:eu-isoe-west-1:111122223333:table/t",
        "arn:aws-eusc:dynamodb:eusc-de-east-1:111122223333:table/t",
    ] {
        assert_eq!(region_warnings(arn), 0, "{arn}");
    }
    for arn in
        ["arn:aws:dynamodb:useast1:111122223333:table/t", "arn:aws:dynamodb:europe-de-east-1:111122223333:table/t"]
    {
        assert_eq!(region_warnings(arn), 1, "{arn}");
    }
}

#[test]
fn sids_are_checked_where_aws_validates_them() {
    let text = policy(r#"{"Sid": "read-receipts", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}"#);
    for ty in PolicyType::ALL {
        let reported = codes(&text, ty).contains(&"invalid-sid");
        assert_eq!(reported, !matches!(ty, PolicyType::Resource | PolicyType::Session), "{ty}");
    }
}

#[test]
fn global_keys_with_a_service_prefix_go_with_every_action() {
    // The catalog lists `ec2:SourceInstanceArn` and `glue:RoleAssumedBy` among the global keys.
    for key in ["ec2:SourceInstanceArn", "glue:RoleAssumedBy", "lambda:SourceFunctionArn"] {
        let text = cond("Allow", "s3:GetObject", &format!(r#"{{"StringLike": {{"{key}": "*"}}}}"#));
        let found = codes(&text, ID);
        assert!(
            !found.contains(&"unknown-condition-key") && !found.contains(&"condition-key-not-applicable"),
            "{key}: {found:?}"
        );
    }
    // A service key still has to fit the actions.
    let text = cond("Allow", "s3:GetObject", r#"{"StringEquals": {"ec2:Region": "us-east-1"}}"#);
    assert!(codes(&text, ID).contains(&"condition-key-not-applicable"));
}
