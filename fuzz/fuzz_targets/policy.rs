//! Any text through the policy parser, compiler, evaluator, linter and the
//! editor's completion/hover: nothing may panic, every span stays in bounds.
#![no_main]

use iam_catalog::IamCatalog;
use iam_core::lint::{PolicyType, lint};
use iam_core::{Caller, CompiledPolicy, Context, PolicySet, Request, parse_policy};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn catalog() -> &'static IamCatalog {
    static C: OnceLock<IamCatalog> = OnceLock::new();
    C.get_or_init(|| IamCatalog::bundled().expect("bundled catalog"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (policy, diags) = parse_policy(text);
    for d in &diags {
        assert!(d.span.end as usize <= text.len());
    }
    if let Some(p) = policy {
        let (compiled, _) = CompiledPolicy::compile("fuzz", &p);
        let set = PolicySet::builder().identity(compiled).build();
        let caller = Caller::parse("arn:aws:iam::111122223333:user/fuzz").expect("caller");
        let ctx = Context::new();
        let req = Request {
            caller: &caller,
            action: "s3:GetObject",
            resource: "arn:aws:s3:::b/k",
            resource_account: None,
            context: &ctx,
            resource_policy_required: false,
        };
        assert_eq!(set.decide(&req), set.explain(&req).decision);
    }
    for ty in [PolicyType::Identity, PolicyType::Resource, PolicyType::Scp, PolicyType::Rcp, PolicyType::Trust] {
        for d in lint(text, ty, catalog()) {
            assert!(d.span.end as usize <= text.len());
        }
    }
    let at = data.first().map_or(0, |b| usize::from(*b) * text.len() / 256);
    let at = (0..=at).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
    let _ = iam_core::authoring::complete(text, at, PolicyType::Identity, catalog());
    let _ = iam_core::authoring::hover(text, at, catalog());
});
