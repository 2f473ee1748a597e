#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! Completions and hover text at a cursor, with the real catalog. `|` marks the cursor.

use iam_catalog::IamCatalog;
use iam_core::authoring::{CompletionItem, CompletionKind, complete, hover};
use iam_core::lint::PolicyType;
use std::sync::OnceLock;

fn catalog() -> &'static IamCatalog {
    static CATALOG: OnceLock<IamCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| IamCatalog::bundled_with_descriptions().unwrap())
}

fn split(text_with_cursor: &str) -> (String, usize) {
    let offset = text_with_cursor.find('|').unwrap();
    (text_with_cursor.replacen('|', "", 1), offset)
}

fn items(text_with_cursor: &str, ty: PolicyType) -> (String, Vec<CompletionItem>) {
    let (text, offset) = split(text_with_cursor);
    let items = complete(&text, offset, ty, catalog());
    (text, items)
}

fn labels(text_with_cursor: &str, ty: PolicyType) -> Vec<String> {
    items(text_with_cursor, ty).1.into_iter().map(|i| i.label).collect()
}

fn hover_at(text_with_cursor: &str) -> String {
    let (text, offset) = split(text_with_cursor);
    hover(&text, offset, catalog()).map(|h| h.markdown).unwrap_or_default()
}

#[test]
fn element_names_skip_present_and_exclusive_ones() {
    assert_eq!(labels("{|}", PolicyType::Identity), ["Version", "Id", "Statement"]);
    let l = labels(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", |}]}"#,
        PolicyType::Identity,
    );
    assert_eq!(l, ["Sid", "Resource", "NotResource", "Condition"]);
    let l = labels(r#"{"Statement": [{"|"}]}"#, PolicyType::Resource);
    assert!(l.contains(&"Principal".to_string()) && l.contains(&"NotPrincipal".to_string()));
    // Prefix matches first, then substring matches.
    let l = labels(r#"{"Statement": [{"Res|"}]}"#, PolicyType::Identity);
    assert_eq!(l, ["Resource", "NotResource"]);
}

#[test]
fn values_outside_strings_come_with_quotes() {
    let (_, found) = items(r#"{"Statement": [{"Effect": |}]}"#, PolicyType::Identity);
    let inserts: Vec<&str> = found.iter().map(|i| i.insert_text.as_str()).collect();
    assert_eq!(inserts, [r#""Allow""#, r#""Deny""#]);
    assert!(found[0].replace.is_empty());
}

#[test]
fn actions_with_access_levels() {
    let (text, found) = items(r#"{"Statement": [{"Action": ["s3:GetObj|"]}]}"#, PolicyType::Identity);
    let first = &found[0];
    assert_eq!(
        (first.label.as_str(), first.detail.as_deref(), first.kind),
        ("s3:GetObject", Some("Read"), CompletionKind::Action)
    );
    assert_eq!(&text[first.replace.start as usize..first.replace.end as usize], "s3:GetObj");
    assert!(found.iter().any(|i| i.label == "s3:GetObjectAcl"));
    // Case-insensitive, and substring matches after prefix matches.
    let l = labels(r#"{"Statement": [{"Action": "S3:getobject|"}]}"#, PolicyType::Identity);
    assert_eq!(l[0], "s3:GetObject");
    let (_, services) = items(r#"{"Statement": [{"Action": "s|"}]}"#, PolicyType::Identity);
    let s3 = services.iter().find(|i| i.label == "s3").unwrap();
    assert_eq!(
        (s3.insert_text.as_str(), s3.kind, s3.detail.as_deref()),
        ("s3:", CompletionKind::Service, Some("Amazon S3"))
    );
}

#[test]
fn resource_templates_for_the_statement_actions() {
    let l = labels(r#"{"Statement": [{"Action": "s3:GetObject", "Resource": "|"}]}"#, PolicyType::Identity);
    assert_eq!(l[0], "*");
    assert!(l.contains(&"arn:aws:s3:::${BucketName}/${ObjectName}".to_string()), "{l:?}");
    assert!(!l.iter().any(|r| r == "arn:aws:s3:::${BucketName}"), "buckets are not objects");
    // The actions may come after the cursor.
    let l =
        labels(r#"{"Statement": [{"Resource": ["arn:aws:iam|"], "Action": "iam:PassRole"}]}"#, PolicyType::Identity);
    assert_eq!(l, ["arn:aws:iam::${Account}:role/${RoleNameWithPath}"]);
}

#[test]
fn condition_operators_and_keys_for_the_actions() {
    let l = labels(r#"{"Statement": [{"Condition": {"StringEq|"#, PolicyType::Identity);
    assert_eq!(
        l[..4],
        ["StringEquals", "StringEqualsIgnoreCase", "StringEqualsIfExists", "StringEqualsIgnoreCaseIfExists"]
    );
    let l = labels(r#"{"Statement": [{"Condition": {"ForAll|"#, PolicyType::Identity);
    assert!(l.iter().all(|o| o.starts_with("ForAllValues:")) && l.contains(&"ForAllValues:StringLike".to_string()));
    let (_, keys) = items(
        r#"{"Statement": [{"Action": "s3:ListBucket", "Condition": {"StringLike": {"s3:pre|"}}}]}"#,
        PolicyType::Identity,
    );
    assert_eq!(keys[0].label, "s3:prefix");
    assert_eq!(keys[0].detail.as_deref(), Some("String · s3"));
    let (_, tags) = items(
        r#"{"Statement": [{"Action": "ec2:CreateTags", "Condition": {"StringEquals": {"aws:RequestT|"}}}]}"#,
        PolicyType::Identity,
    );
    let tag = tags.iter().find(|i| i.label.starts_with("aws:RequestTag/")).unwrap();
    assert_eq!(tag.insert_text, "aws:RequestTag/");
    // Keys whose type suits the operator come first.
    let l = labels(
        r#"{"Statement": [{"Action": "s3:*", "Condition": {"DateGreaterThan": {"aws:|"}}}]}"#,
        PolicyType::Identity,
    );
    assert!(l[0] == "aws:CurrentTime" || l[0] == "aws:TokenIssueTime" || l[0] == "aws:EpochTime", "{:?}", &l[..3]);
    let l = labels(r#"{"Statement": [{"Condition": {"Bool": {"aws:SecureTransport": "|"}}}]}"#, PolicyType::Identity);
    assert_eq!(l, ["true", "false"]);
}

#[test]
fn principals() {
    let l = labels(r#"{"Statement": [{"Principal": {"|"}}]}"#, PolicyType::Resource);
    assert_eq!(l, ["AWS", "Service", "Federated", "CanonicalUser"]);
    let l = labels(r#"{"Statement": [{"Principal": {"Service": "lambda.am|"}}]}"#, PolicyType::Trust);
    assert_eq!(l[0], "lambda.amazonaws.com");
}

#[test]
fn hover_texts() {
    let h = hover_at(r#"{"Statement": [{"Action": "s3:GetOb|ject", "Resource": "*"}]}"#);
    assert!(h.starts_with("`s3:GetObject` · Read · Amazon S3"), "{h}");
    assert!(h.contains("Grants permission to retrieve objects"), "{h}");
    assert!(h.contains("`object`"), "{h}");
    let h = hover_at(r#"{"Statement": [{"Action": "s3:Get*|"}]}"#);
    assert!(h.starts_with("`s3:Get*` matches "), "{h}");
    let h = hover_at(r#"{"Statement": [{"Condition": {"NotIpAddress": {"aws:Sou|rceIp": "192.0.2.0/24"}}}]}"#);
    assert!(h.starts_with("`aws:SourceIp` · IPAddress · global key"), "{h}");
    let h =
        hover_at(r#"{"Statement": [{"Action": "s3:ListBucket", "Condition": {"StringLike": {"s3:pr|efix": "a/"}}}]}"#);
    assert!(h.contains("Filters access by"), "{h}");
    let h = hover_at(r#"{"Statement": [{"Condition": {"ForAllValues:String|Like": {}}}]}"#);
    assert!(h.contains("every request value must match"), "{h}");
    let h = hover_at(r#"{"Statement": [{"Eff|ect": "Allow"}]}"#);
    assert!(h.starts_with("`Effect`"), "{h}");
    let h = hover_at(r#"{"Statement": [{"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/|*"}]}"#);
    assert!(h.contains("`object` of Amazon S3"), "{h}");
    assert_eq!(hover_at(r#"{"Statement": [{"Action": "s3:NoSuch|Thing"}]}"#), "");
}

#[test]
fn broken_documents_do_not_break_completion() {
    for text in ["", "{", "{\"", r#"{"Statement": [{"Action": "#, "]]]}}}", "{\"a\\", "\"\"\"|"] {
        for offset in 0..=text.len() {
            if text.is_char_boundary(offset) {
                let _ = complete(text, offset, PolicyType::Identity, catalog());
                let _ = hover(text, offset, catalog());
            }
        }
    }
}

#[test]
fn escaped_strings_are_read_as_the_json_parser_reads_them() {
    let h = hover_at(r#"{"Statement": [{"Action": "s3:Get\u004fb|ject", "Resource": "*"}]}"#);
    assert!(h.starts_with("`s3:GetObject` · Read"), "{h}");
    // The resource templates of the statement's (escaped) action.
    let labels = labels(r#"{"Statement": [{"Action": "s3:\u0047etObject", "Resource": "|"}]}"#, PolicyType::Identity);
    assert!(labels.iter().any(|l| l.contains("${BucketName}/${ObjectName}")), "{labels:?}");
}

#[test]
fn keys_are_looked_up_as_the_linter_looks_them_up() {
    let h = hover_at(r#"{"Statement": [{"Condition": {"StringLike": {"ec2:SourceInst|anceArn": "*"}}}]}"#);
    assert!(h.starts_with("`ec2:SourceInstanceArn` · ARN · global key"), "{h}");
    let h = hover_at(r#"{"Statement": [{"Condition": {"StringEquals": {"ec2:Reg|ion": "us-east-1"}}}]}"#);
    assert!(h.contains("Amazon EC2 key"), "{h}");
}
