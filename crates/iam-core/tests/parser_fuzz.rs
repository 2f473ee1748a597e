#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! Property-based fuzzing of the policy parser and compiler: arbitrary text and
//! mutations of real policies never panic, every diagnostic points inside the
//! text, and a valid policy never loses a statement.

use iam_core::{CompiledPolicy, LineIndex, parse_policy};
use proptest::prelude::*;

const SEED: &str = r#"{
  "Version": "2012-10-17",
  "Id": "fuzz",
  "Statement": [
    {"Sid": "A", "Effect": "Allow", "Action": ["s3:Get*", "sqs:*"], "Resource": "arn:aws:s3:::b/${aws:username}/*",
     "Condition": {"StringLike": {"s3:prefix": ["home/${aws:username}/*", "${*}"]}, "NumericLessThan": {"s3:max-keys": 10},
                   "IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"]}, "DateGreaterThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}}},
    {"Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:root"]}, "NotAction": "iam:*", "NotResource": ["*"],
     "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}, "Null": {"aws:TokenIssueTime": true}}}
  ]
}"#;

fn check(text: &str) {
    let (policy, diags) = parse_policy(text);
    for d in &diags {
        assert!(d.span.start as usize <= text.len() && d.span.end as usize <= text.len(), "span out of bounds: {d:?}");
        let _ = LineIndex::new(text).line_col(d.span.start);
    }
    if let Some(p) = policy {
        let (compiled, more) = CompiledPolicy::compile("fuzz", &p);
        for d in &more {
            assert!(d.span.end as usize <= text.len());
        }
        // Nothing is lost: every statement is either compiled or listed as skipped.
        assert_eq!(compiled.statements.len() + compiled.skipped.len(), p.statements.len());
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize, usize),
    Insert(usize, String),
    Duplicate(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let len = SEED.len();
    prop_oneof![
        (0..len, 1..20usize).prop_map(|(a, n)| Mutation::Delete(a, n)),
        (
            0..len,
            prop::sample::select(vec![
                "{",
                "}",
                "[",
                "]",
                ",",
                ":",
                "\"",
                "null",
                "1e9",
                "\"x\"",
                "\\u00e9",
                "${",
                "*",
                "\u{1F600}"
            ])
        )
            .prop_map(|(a, s)| Mutation::Insert(a, s.to_string())),
        (0..len, 1..40usize).prop_map(|(a, n)| Mutation::Duplicate(a, n)),
    ]
}

fn apply(text: &str, muts: &[Mutation]) -> String {
    let mut s = text.to_string();
    for m in muts {
        let clamp = |i: usize, s: &str| {
            let mut i = i.min(s.len());
            while !s.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        match m {
            Mutation::Delete(a, n) => {
                let a = clamp(*a, &s);
                let b = clamp(a + n, &s);
                s.replace_range(a..b, "");
            }
            Mutation::Insert(a, ins) => {
                let a = clamp(*a, &s);
                s.insert_str(a, ins);
            }
            Mutation::Duplicate(a, n) => {
                let a = clamp(*a, &s);
                let b = clamp(a + n, &s);
                let piece = s[a..b].to_string();
                s.insert_str(b, &piece);
            }
        }
    }
    s
}

#[test]
fn seed_is_valid() {
    let (p, d) = parse_policy(SEED);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(p.unwrap().statements.len(), 2);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        check(&text);
    }

    #[test]
    fn json_shaped_noise_never_panics(text in r#"[\{\}\[\]":,a-zA-Z0-9 *?$\\]{0,120}"#) {
        check(&text);
    }

    #[test]
    fn mutated_policies_never_panic(muts in prop::collection::vec(mutation(), 1..6)) {
        check(&apply(SEED, &muts));
    }
}
