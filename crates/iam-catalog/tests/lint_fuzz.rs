#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! The linter, completions and hover on arbitrary and broken text: no panic,
//! every span inside the text, every policy type.

use iam_catalog::IamCatalog;
use iam_core::authoring::{complete, hover};
use iam_core::lint::{Code, PolicyType, lint};
use proptest::prelude::*;
use std::sync::OnceLock;

fn catalog() -> &'static IamCatalog {
    static CATALOG: OnceLock<IamCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| IamCatalog::bundled_with_descriptions().unwrap())
}

const SEED: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "A", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/x"}, "Action": ["s3:Get*", "s3:ListBucket", "iam:PassRole"],
   "Resource": ["arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::<bucket>"],
   "Condition": {"StringLike": {"s3:prefix": ["home/*"]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}, "Bool": {"aws:MultiFactorAuthPresent": "false"}}},
  {"Effect": "Deny", "NotAction": "iam:*", "NotResource": "*", "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}}}
]}"#;

fn check(text: &str, offset: usize) {
    for ty in PolicyType::ALL {
        for d in lint(text, ty, catalog()) {
            assert!(d.span.start <= d.span.end && d.span.end as usize <= text.len(), "{d:?}");
            assert!(
                text.is_char_boundary(d.span.start as usize) && text.is_char_boundary(d.span.end as usize),
                "{d:?}"
            );
        }
    }
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    for item in complete(text, offset, PolicyType::Identity, catalog()) {
        assert!(item.replace.end as usize <= text.len() && item.replace.start <= item.replace.end, "{item:?}");
    }
    if let Some(h) = hover(text, offset, catalog()) {
        assert!(h.span.end as usize <= text.len());
    }
}

fn mutate(seed: &str, edits: &[(usize, usize, &str)]) -> String {
    let mut s = seed.to_string();
    for &(at, del, ins) in edits {
        let mut a = at.min(s.len());
        while !s.is_char_boundary(a) {
            a -= 1;
        }
        let mut b = (a + del).min(s.len());
        while !s.is_char_boundary(b) {
            b -= 1;
        }
        s.replace_range(a..b, ins);
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn json_shaped_noise(text in r#"[\{\}\[\]":,a-zA-Z0-9 *?$<>\\]{0,120}"#, offset in 0usize..130) {
        check(&text, offset);
    }

    #[test]
    fn mutated_policies(
        edits in prop::collection::vec((0usize..SEED.len(), 0usize..12, prop::sample::select(vec!["", "{", "}", "[", "]", ",", ":", "\"", "*", "${", "é", "s3:", "arn:aws:"])), 1..6),
        offset in 0usize..SEED.len(),
    ) {
        check(&mutate(SEED, &edits), offset);
    }
}

#[test]
fn the_seed_lints() {
    let findings = lint(SEED, PolicyType::Resource, catalog());
    assert!(findings.iter().any(|d| d.code == Code::LeftoverPlaceholder));
    assert!(findings.iter().any(|d| d.code == Code::MfaCheckBypassable));
}
