//! Import from AWS exports into a scenario document:
//! `aws iam get-account-authorization-details` for an account's IAM, and the
//! AWS Organizations listings for the organization tree and its policies.

mod iam;
mod org;

pub use iam::{AuthorizationDetails, ImportedAccount, import_account};
pub use org::{OrgExport, import_org};

use crate::error::WireError;
use serde::de::DeserializeOwned;

/// Parses one export file, naming the file and the spot on error. A key
/// repeated in an object is an error (serde would keep one value silently).
pub fn parse_export<T: DeserializeOwned>(name: &str, text: &str) -> Result<T, WireError> {
    let in_file = |mut err: WireError| {
        err.path = format!("{name}: {}", err.path);
        err
    };
    let value = serde_json::from_str(text).map_err(|e| in_file(WireError::from_json(&e, text)))?;
    crate::json::reject_duplicate_keys(text).map_err(in_file)?;
    Ok(value)
}

/// Adds an account's AWS managed policies to the scenario's list. When two
/// exports carry different documents for one policy (taken at different
/// times), the later default version wins (`v10` after `v9`).
pub fn merge_aws_managed(
    into: &mut Vec<crate::scenario::AwsManagedPolicyDoc>,
    new: Vec<crate::scenario::AwsManagedPolicyDoc>,
) {
    let number = |v: &str| v.strip_prefix('v').and_then(|n| n.split('.').next()?.parse::<u64>().ok()).unwrap_or(0);
    for p in new {
        match into.iter_mut().find(|q| q.arn == p.arn) {
            Some(q) if number(&p.version_id) > number(&q.version_id) => *q = p,
            Some(_) => {}
            None => into.push(p),
        }
    }
}

/// A policy document as AWS returns it: an object (AWS CLI), or a string that
/// is JSON (Organizations `Content`) or URL-encoded JSON (the raw IAM API).
/// Stored as an object when it is one without repeated keys, else as the text
/// itself, so the policy parser reports whatever is wrong with it.
/// Why an exported policy document could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("a policy document must be an object or a string, found `{0}`")]
    NotADocument(String),
    #[error("bad URL encoding")]
    TruncatedEscape,
    #[error("bad URL encoding `%{0}`")]
    BadEscape(String),
    #[error("URL-encoded document is not UTF-8")]
    NotUtf8,
}

pub(crate) fn document(v: &serde_json::Value) -> Result<crate::scenario::PolicyDocument, DocumentError> {
    use crate::scenario::PolicyDocument;
    match v {
        serde_json::Value::Object(o) => Ok(PolicyDocument::Json(o.clone())),
        serde_json::Value::String(s) => {
            let t = s.trim_start();
            let encoded = !t.starts_with('{') && t.contains('%');
            let text = if encoded { percent_decode(s)? } else { s.clone() };
            Ok(PolicyDocument::parsed(&text))
        }
        other => Err(DocumentError::NotADocument(other.to_string())),
    }
}

fn percent_decode(s: &str) -> Result<String, DocumentError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .ok_or(DocumentError::TruncatedEscape)?;
                out.push(u8::from_str_radix(hex, 16).map_err(|_| DocumentError::BadEscape(hex.to_string()))?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| DocumentError::NotUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_in_every_shape() {
        let obj = serde_json::json!({"Version": "2012-10-17", "Statement": []});
        assert!(document(&obj).is_ok());
        let enc = serde_json::Value::String("%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D".into());
        assert_eq!(document(&enc).unwrap().text(), "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}");
        assert!(document(&serde_json::Value::String("%zz".into())).is_err());
        assert!(document(&serde_json::json!(5)).is_err());
        // Plain JSON is not decoded, even with a `%` in a value.
        let plain = "{\"Statement\": [{\"Resource\": \"arn:aws:s3:::b/%22\"}]}";
        assert!(document(&serde_json::Value::String(plain.into())).unwrap().text().contains("%22"));
        // A repeated key keeps the text as written (an object would lose one value).
        let twice = "{\"Version\": \"2012-10-17\", \"Version\": \"2008-10-17\"}";
        assert_eq!(document(&serde_json::Value::String(twice.into())).unwrap().text(), twice);
    }
}
