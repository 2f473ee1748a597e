#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! Queries on generated scenarios agree with each other: `who_can` is exactly
//! the principals `can` allows, the fast path agrees with explanations, every
//! assume-role edge is an allowed `sts:AssumeRole`, and a role reached through
//! a chain is reachable edge by edge.

#[path = "support/generate.rs"]
mod generate;

use iam_core::model::PrincipalRef;
use iam_core::{Context, Decision};
use iam_wire::scenario::resolve;

#[test]
fn queries_agree_on_generated_scenarios() {
    for seed in 0..6u64 {
        let doc = generate::scenario(seed, 6, 4, 3);
        let loaded = resolve(&doc, &|_| None).unwrap_or_else(|e| panic!("seed {seed}: {e:?}"));
        let m = &loaded.model;
        let ctx = Context::new();
        let mut rng = generate::Rng::new(seed);
        for _ in 0..8 {
            let action =
                *rng.pick(&["s3:GetObject", "s3:DeleteObject", "sqs:SendMessage", "ec2:RunInstances", "kms:Decrypt"]);
            let bucket = rng.below(6);
            let resource = format!("arn:aws:s3:::bucket-{bucket}/k");
            let who: Vec<PrincipalRef> = m.who_can(action, &resource, &ctx).into_iter().map(|w| w.principal).collect();
            let brute: Vec<PrincipalRef> = m
                .principals()
                .into_iter()
                .filter(|p| m.can(p, action, &resource, &ctx).unwrap().explanation.decision == Decision::Allow)
                .collect();
            assert_eq!(who, brute, "seed {seed}: who-can {action} {resource}");
            for p in m.principals() {
                assert_eq!(
                    m.decide(&p, action, &resource, &ctx),
                    m.can(&p, action, &resource, &ctx).unwrap().explanation.decision
                );
            }
        }
        for e in m.assume_edges() {
            let arn = &m.accounts[e.account].roles[e.role].arn;
            assert_eq!(m.decide(&e.from, "sts:AssumeRole", arn, &ctx), Decision::Allow);
        }
        // The edges are complete: every allowed AssumeRole among principals is an edge.
        let edges = m.assume_edges();
        for p in m.principals() {
            for (a, acct) in m.accounts.iter().enumerate() {
                for (ri, role) in acct.roles.iter().enumerate() {
                    if matches!(&p, PrincipalRef::RoleSession { account, index, .. } if *account == a && *index == ri) {
                        continue;
                    }
                    let allowed = m.decide(&p, "sts:AssumeRole", &role.arn, &ctx) == Decision::Allow;
                    let edge = edges.iter().any(|e| e.from == p && e.account == a && e.role == ri);
                    assert_eq!(allowed, edge, "seed {seed}: {} → {}", m.principal_label(&p), role.arn);
                }
            }
        }
    }
}

/// What-can agrees with `can` for every kind of principal: root users, IAM
/// users, role sessions, the anonymous caller and an outsider. Whatever `can`
/// allows, what-can lists (the action, on a resource pattern that covers the
/// resource), and whatever what-can lists, `can` allows.
#[test]
fn what_can_agrees_with_can_for_every_kind_of_principal() {
    let catalog = iam_catalog::IamCatalog::bundled().unwrap();
    for seed in 0..2u64 {
        let doc = generate::scenario(seed, 3, 3, 2);
        let loaded = resolve(&doc, &|_| None).unwrap_or_else(|e| panic!("seed {seed}: {e:?}"));
        let m = &loaded.model;
        let ctx = Context::new();
        let mut principals = m.principals();
        principals.push(PrincipalRef::Anonymous);
        principals.push(PrincipalRef::External { arn: iam_core::model::OUTSIDER_ARN.into() });
        assert!(principals.iter().any(|p| matches!(p, PrincipalRef::Root { .. })));
        for p in &principals {
            let summary = m.what_can(p, &catalog, &ctx);
            let listed: Vec<(&str, &str)> = summary
                .iter()
                .flat_map(|s| s.allowed.iter().map(|a| (a.action.as_str(), a.resource.as_str())))
                .collect();
            for (action, resource) in &listed {
                assert_eq!(m.decide(p, action, resource, &ctx), Decision::Allow, "seed {seed}: {action} {resource}");
            }
            for action in ["s3:GetObject", "s3:DeleteObject", "sqs:SendMessage", "kms:Decrypt"] {
                for b in 0..3 {
                    let resource = format!("arn:aws:s3:::bucket-{b}/k");
                    if m.can(p, action, &resource, &ctx).unwrap().explanation.decision != Decision::Allow {
                        continue;
                    }
                    let covered = listed.iter().any(|(a, r)| {
                        a.eq_ignore_ascii_case(action) && iam_core::glob::Glob::new(r).matches(&resource)
                    });
                    assert!(
                        covered,
                        "seed {seed}: {} can {action} {resource}, what-can omits it",
                        m.principal_label(p)
                    );
                }
            }
        }
    }
}
