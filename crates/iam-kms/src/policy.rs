//! The default key policy (KMS-DEFAULT-KEY-POLICY).

/// The key policy KMS gives a key created without one: the account (and so
/// its IAM policies, KMS-ENABLE-IAM) may do everything with the key.
pub fn default_key_policy(account_id: &str) -> String {
    format!(
        r#"{{
  "Version": "2012-10-17",
  "Id": "key-default-1",
  "Statement": [
    {{
      "Sid": "Enable IAM User Permissions",
      "Effect": "Allow",
      "Principal": {{
        "AWS": "arn:aws:iam::{account_id}:root"
      }},
      "Action": "kms:*",
      "Resource": "*"
    }}
  ]
}}"#
    )
}
