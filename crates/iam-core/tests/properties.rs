#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! Property tests for the evaluation invariants AWS documents:
//! - an explicit deny dominates (EVAL-DENY-WINS);
//! - with no policy a request is implicitly denied (EVAL-DEFAULT-IMPLICIT-DENY);
//! - adding an Allow never turns an allowed request into a denied one;
//! - SCPs, permissions boundaries and session policies only restrict
//!   (SCP-NO-GRANT, BOUND-DOES-NOT-GRANT, SESS-INTERSECT);
//! - action names and condition key names are case-insensitive (MATCH-ACTION-CI, COND-KEY-NAME-CI);
//! - the fast path and the explaining path always agree.

use iam_core::{Caller, CompiledPolicy, Context, ContextValue, Decision, PolicySet, Request};
use proptest::prelude::*;
use serde_json::{Value, json};

const ACTIONS: &[&str] = &["s3:GetObject", "s3:PutObject", "s3:ListBucket", "sqs:SendMessage", "iam:PassRole"];
const ACTION_PATTERNS: &[&str] =
    &["s3:GetObject", "s3:Get*", "s3:*", "*", "s3:?utObject", "sqs:*", "iam:PassRole", "S3:getobject", "*:*"];
const RESOURCES: &[&str] = &["arn:aws:s3:::b/k", "arn:aws:s3:::b", "arn:aws:sqs:us-east-1:111111111111:q"];
const RESOURCE_PATTERNS: &[&str] = &["*", "arn:aws:s3:::b/*", "arn:aws:s3:::b", "arn:aws:sqs:*:*:q", "arn:aws:s3:::b*"];

fn condition() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        3 => Just(None),
        1 => prop::sample::select(vec!["dev", "ops"]).prop_map(|v| Some(json!({"StringEquals": {"aws:PrincipalTag/team": v}}))),
        1 => prop::sample::select(vec!["dev", "ops"]).prop_map(|v| Some(json!({"StringNotEquals": {"aws:PrincipalTag/team": v}}))),
        1 => Just(Some(json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}}))),
        1 => Just(Some(json!({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}))),
        1 => Just(Some(json!({"ForAnyValue:StringEquals": {"aws:TagKeys": ["a", "b"]}}))),
        1 => Just(Some(json!({"StringEqualsIfExists": {"aws:RequestedRegion": "eu-west-1"}}))),
    ]
}

fn statement(effect: &'static str) -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(prop::sample::select(ACTION_PATTERNS), 1..3),
        any::<bool>(),
        prop::collection::vec(prop::sample::select(RESOURCE_PATTERNS), 1..3),
        any::<bool>(),
        condition(),
    )
        .prop_map(move |(actions, not_action, resources, not_resource, cond)| {
            let mut s = json!({"Effect": effect});
            s[if not_action { "NotAction" } else { "Action" }] = json!(actions);
            s[if not_resource { "NotResource" } else { "Resource" }] = json!(resources);
            if let Some(c) = cond {
                s["Condition"] = c;
            }
            s
        })
}

fn any_statement() -> impl Strategy<Value = Value> {
    prop_oneof![3 => statement("Allow"), 1 => statement("Deny")]
}

fn policy() -> impl Strategy<Value = Value> {
    prop::collection::vec(any_statement(), 1..4).prop_map(|st| json!({"Version": "2012-10-17", "Statement": st}))
}

fn compile(v: &Value) -> CompiledPolicy {
    CompiledPolicy::from_json("p", &v.to_string()).expect("generated policies are valid")
}

#[derive(Debug, Clone)]
struct Req {
    action: &'static str,
    resource: &'static str,
    ctx: Context,
}

fn request() -> impl Strategy<Value = Req> {
    (
        prop::sample::select(ACTIONS),
        prop::sample::select(RESOURCES),
        prop::option::of(prop::sample::select(vec!["dev", "ops"])),
        prop::option::of(any::<bool>()),
        prop::option::of(prop::sample::select(vec!["10.1.2.3", "192.168.0.1"])),
        prop::option::of(prop::collection::vec(prop::sample::select(vec!["a", "c"]), 0..3)),
    )
        .prop_map(|(action, resource, team, mfa, ip, tags)| {
            let mut ctx = Context::new();
            if let Some(t) = team {
                ctx.insert("aws:PrincipalTag/team", ContextValue::single(t));
            }
            if let Some(m) = mfa {
                ctx.insert("aws:MultiFactorAuthPresent", ContextValue::single(m.to_string()));
            }
            if let Some(i) = ip {
                ctx.insert("aws:SourceIp", ContextValue::single(i));
            }
            if let Some(t) = tags {
                ctx.insert("aws:TagKeys", ContextValue::list(t));
            }
            Req { action, resource, ctx }
        })
}

fn caller() -> Caller {
    Caller::parse("arn:aws:iam::111111111111:user/alice").unwrap()
}

fn decide(set: &PolicySet, r: &Req) -> Decision {
    let caller = caller();
    let req = Request {
        caller: &caller,
        action: r.action,
        resource: r.resource,
        resource_account: None,
        context: &r.ctx,
        resource_policy_required: false,
    };
    let fast = set.decide(&req);
    let explained = set.explain(&req).decision;
    assert_eq!(fast, explained, "fast path and explanation disagree");
    fast
}

fn identity_set(policies: &[Value]) -> PolicySet {
    policies.iter().fold(PolicySet::builder(), |b, p| b.identity(compile(p))).build()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn explicit_deny_dominates(policies in prop::collection::vec(policy(), 0..3), r in request()) {
        let mut with_deny = policies.clone();
        with_deny.push(json!({"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}));
        prop_assert_eq!(decide(&identity_set(&with_deny), &r), Decision::ExplicitDeny);
    }

    #[test]
    fn no_policy_means_implicit_deny(r in request()) {
        prop_assert_eq!(decide(&identity_set(&[]), &r), Decision::ImplicitDeny);
    }

    #[test]
    fn adding_an_allow_never_denies_an_allowed_request(
        policies in prop::collection::vec(policy(), 1..3),
        extra in statement("Allow"),
        r in request(),
    ) {
        let before = decide(&identity_set(&policies), &r);
        let mut more = policies.clone();
        more.push(json!({"Version": "2012-10-17", "Statement": [extra]}));
        let after = decide(&identity_set(&more), &r);
        if before == Decision::Allow {
            prop_assert_eq!(after, Decision::Allow);
        }
        // And an allow added can never remove an explicit deny.
        if before == Decision::ExplicitDeny {
            prop_assert_eq!(after, Decision::ExplicitDeny);
        }
    }

    #[test]
    fn scps_boundaries_and_session_policies_only_restrict(
        identity in prop::collection::vec(policy(), 1..3),
        guard in policy(),
        r in request(),
    ) {
        let base = decide(&identity_set(&identity), &r);
        let build = |f: &dyn Fn(iam_core::eval::PolicySetBuilder) -> iam_core::eval::PolicySetBuilder| {
            let b = identity.iter().fold(PolicySet::builder(), |b, p| b.identity(compile(p)));
            f(b).build()
        };
        let with_scp = build(&|b| b.scp_level(vec![compile(&guard)]));
        let with_boundary = build(&|b| b.boundary(compile(&guard)));
        let with_session = build(&|b| b.session(compile(&guard)));
        for set in [with_scp, with_boundary, with_session] {
            let d = decide(&set, &r);
            if d == Decision::Allow {
                prop_assert_eq!(base, Decision::Allow, "a guardrail granted something the identity policies did not");
            }
        }
    }

    #[test]
    fn action_and_key_names_are_case_insensitive(policies in prop::collection::vec(policy(), 1..3), r in request()) {
        let set = identity_set(&policies);
        let d = decide(&set, &r);
        let upper: &'static str = Box::leak(r.action.to_ascii_uppercase().into_boxed_str());
        let mut ctx = Context::new();
        for (k, v) in r.ctx.iter() {
            ctx.insert(&k.to_ascii_uppercase(), v.clone());
        }
        let shouted = Req { action: upper, resource: r.resource, ctx };
        prop_assert_eq!(decide(&set, &shouted), d);
    }
}
