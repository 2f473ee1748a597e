//! The documents new policies start with: small, valid, and about the thing
//! they are attached to, so the editor opens on something to change.

use iam_wire::scenario::{OrgPolicyKind, PolicyDocument};

/// A new inline or customer managed identity policy.
pub const IDENTITY: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"s3:ListAllMyBuckets\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";

/// A new role's trust policy: the role's own account may assume it.
pub fn trust(account_id: &str) -> PolicyDocument {
    PolicyDocument::from_text(&format!(
        "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {{\n      \"Effect\": \"Allow\",\n      \"Principal\": {{\n        \"AWS\": \"arn:aws:iam::{account_id}:root\"\n      }},\n      \"Action\": \"sts:AssumeRole\"\n    }}\n  ]\n}}"
    ))
}

/// A new SCP or RCP.
pub fn org(kind: OrgPolicyKind) -> &'static str {
    match kind {
        OrgPolicyKind::Scp => {
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Deny\",\n      \"Action\": \"organizations:LeaveOrganization\",\n      \"Resource\": \"*\"\n    }\n  ]\n}"
        }
        OrgPolicyKind::Rcp => {
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Deny\",\n      \"Principal\": \"*\",\n      \"Action\": \"s3:*\",\n      \"Resource\": \"*\",\n      \"Condition\": {\n        \"Bool\": {\n          \"aws:SecureTransport\": \"false\"\n        }\n      }\n    }\n  ]\n}"
        }
    }
}

/// A resource policy for `arn`, owned by account `account_id`: the owning
/// account may do the service's everyday operation on it. Granting the
/// account (not a user) delegates to IAM, so decisions inside the account do
/// not change until the policy is edited.
pub fn resource(arn: &str, account_id: &str) -> PolicyDocument {
    let parsed = iam_core::arn::Arn::parse(arn);
    let service = parsed.as_ref().map_or("", |a| a.service);
    let is_bucket = service == "s3" && parsed.as_ref().is_some_and(|a| !a.resource.contains('/'));
    let here = arn.to_string();
    let (sid, action, resource) = match service {
        // A bucket's policy is about its objects; an object ARN is used as is.
        "s3" if is_bucket => ("ReadObjects", "s3:GetObject".to_string(), format!("{arn}/*")),
        "s3" => ("ReadObject", "s3:GetObject".into(), here),
        // Key policies must let the account in, or IAM policies cannot grant the key.
        "kms" => ("EnableIamPolicies", "kms:*".into(), "*".into()),
        "sqs" => ("SendMessages", "sqs:SendMessage".into(), here),
        "sns" => ("Publish", "sns:Publish".into(), here),
        "lambda" => ("Invoke", "lambda:InvokeFunction".into(), here),
        // A secret's policy applies to that secret; AWS expects "*".
        "secretsmanager" => ("ReadSecret", "secretsmanager:GetSecretValue".into(), "*".into()),
        "dynamodb" => ("ReadItems", "dynamodb:GetItem".into(), here),
        "ecr" => ("Pull", "ecr:BatchGetImage".into(), here),
        "" => ("Delegate", "*".into(), here),
        other => ("Delegate", format!("{other}:*"), here),
    };
    PolicyDocument::from_text(&format!(
        "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {{\n      \"Sid\": \"{sid}\",\n      \"Effect\": \"Allow\",\n      \"Principal\": {{\n        \"AWS\": \"arn:aws:iam::{account_id}:root\"\n      }},\n      \"Action\": \"{action}\",\n      \"Resource\": \"{resource}\"\n    }}\n  ]\n}}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use iam_core::lint::{PolicyType, lint};

    fn errors(text: &str, ty: PolicyType) -> Vec<String> {
        let catalog =
            iam_catalog::IamCatalog::from_json(include_str!("../../../crates/iam-catalog/data/catalog.compact.json"))
                .unwrap();
        lint(text, ty, &catalog)
            .into_iter()
            .filter(|d| d.severity == iam_core::Severity::Error)
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect()
    }

    #[test]
    fn resource_starters_fit_their_service_and_lint_clean() {
        for (arn, action, on) in [
            ("arn:aws:s3:::receipts", "s3:GetObject", "arn:aws:s3:::receipts/*"),
            ("arn:aws:s3:::receipts/jan.csv", "s3:GetObject", "arn:aws:s3:::receipts/jan.csv"),
            ("arn:aws:kms:us-east-1:111122223333:key/abc", "kms:*", "*"),
            (
                "arn:aws:sqs:us-east-1:111122223333:orders",
                "sqs:SendMessage",
                "arn:aws:sqs:us-east-1:111122223333:orders",
            ),
            (
                "arn:aws:dynamodb:us-east-1:111122223333:table/T",
                "dynamodb:GetItem",
                "arn:aws:dynamodb:us-east-1:111122223333:table/T",
            ),
            (
                "arn:aws:glacier:us-east-1:111122223333:vaults/v",
                "glacier:*",
                "arn:aws:glacier:us-east-1:111122223333:vaults/v",
            ),
        ] {
            let text = resource(arn, "111122223333").text();
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            let st = &v["Statement"][0];
            assert_eq!(st["Action"], action, "{arn}");
            assert_eq!(st["Resource"], on, "{arn}");
            assert_eq!(st["Principal"]["AWS"], "arn:aws:iam::111122223333:root");
            assert_eq!(errors(&text, PolicyType::Resource), Vec::<String>::new(), "{arn}");
        }
    }
}
