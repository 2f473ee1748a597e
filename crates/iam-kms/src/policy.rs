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

/// The key policy of an AWS managed key (`alias/aws/SERVICE`), which nobody
/// can change (KMS-AWS-MANAGED-POLICY): principals of the account may use the
/// key only through the service (`kms:ViaService`, `kms:CallerAccount`), and
/// the account may read the key's metadata.
pub fn aws_managed_key_policy(account_id: &str, service: &str, region: &str) -> String {
    format!(
        r#"{{
  "Version": "2012-10-17",
  "Id": "auto-{service}-2",
  "Statement": [
    {{
      "Sid": "Allow access through {upper} for all principals in the account that are authorized to use {upper}",
      "Effect": "Allow",
      "Principal": {{
        "AWS": "*"
      }},
      "Action": [
        "kms:Encrypt",
        "kms:Decrypt",
        "kms:ReEncrypt*",
        "kms:GenerateDataKey*",
        "kms:DescribeKey"
      ],
      "Resource": "*",
      "Condition": {{
        "StringEquals": {{
          "kms:ViaService": "{service}.{region}.amazonaws.com",
          "kms:CallerAccount": "{account_id}"
        }}
      }}
    }},
    {{
      "Sid": "Allow direct access to key metadata to the account",
      "Effect": "Allow",
      "Principal": {{
        "AWS": "arn:aws:iam::{account_id}:root"
      }},
      "Action": [
        "kms:Describe*",
        "kms:Get*",
        "kms:List*"
      ],
      "Resource": "*"
    }}
  ]
}}"#,
        upper = service.to_ascii_uppercase()
    )
}
