#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! Statements with errors only the compiler finds (unknown operators, values an
//! operator cannot read, `Null` with a qualifier) are skipped and listed, like
//! statements with parse errors (ARCHITECTURE.md, invariant 3): evaluated, an
//! unreadable value never matches, so a negated operator would be true.

use iam_core::request::derive_principal_keys;
use iam_core::{Caller, CompiledPolicy, Context, Decision, PolicySet, Request, parse_policy};

const USER: &str = "arn:aws:iam::111111111111:user/alice";

fn compile(text: &str) -> (CompiledPolicy, Vec<iam_core::Diagnostic>) {
    let (policy, diags) = parse_policy(text);
    assert!(diags.is_empty(), "{diags:?}");
    CompiledPolicy::compile("p", &policy.unwrap())
}

fn policy_with_deny(condition: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[
            {{"Effect":"Allow","Action":"s3:*","Resource":"*"}},
            {{"Effect":"Deny","Action":"*","Resource":"*","Condition":{condition}}}]}}"#
    )
}

#[test]
fn a_statement_with_a_compile_error_is_skipped_and_listed() {
    for condition in [
        r#"{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/33"}}"#,
        r#"{"StringNotEquals":{"aws:username":"bob"},"DateNotEquals":{"aws:CurrentTime":"yesterday"}}"#,
        r#"{"NumericNotEquals":{"s3:max-keys":"ten"}}"#,
        r#"{"StringNotEqual":{"aws:username":"bob"}}"#,
        r#"{"NullIfExists":{"aws:username":"true"}}"#,
    ] {
        let (compiled, diags) = compile(&policy_with_deny(condition));
        assert!(diags.iter().any(iam_core::Diagnostic::is_error), "{condition}: {diags:?}");
        assert_eq!(compiled.statements.len(), 1, "{condition}");
        assert_eq!(compiled.skipped.len(), 1, "{condition}");
        assert_eq!(compiled.skipped[0].0, 1, "{condition}");

        let set = PolicySet::builder().identity(compiled).build();
        let caller = Caller::parse(USER).unwrap();
        let mut ctx = Context::new();
        derive_principal_keys(&mut ctx, &caller, None);
        let req = Request {
            caller: &caller,
            action: "s3:GetObject",
            resource: "arn:aws:s3:::b/k",
            resource_account: None,
            context: &ctx,
            resource_policy_required: false,
        };
        let e = set.explain(&req);
        assert_eq!(e.decision, Decision::Allow, "{condition}: the broken Deny must not deny");
        assert_eq!(e.skipped_statements, [(0, 1)], "{condition}");
    }
}

#[test]
fn a_valid_statement_is_not_skipped() {
    let (compiled, diags) = compile(&policy_with_deny(r#"{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#));
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!((compiled.statements.len(), compiled.skipped.len()), (2, 0));
}

#[test]
fn invalid_operator_is_reported_once_per_operator() {
    let (_, diags) = compile(&policy_with_deny(r#"{"NullIfExists":{"a:b":"true","c:d":"true"}}"#));
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["invalid-operator"]);
}
