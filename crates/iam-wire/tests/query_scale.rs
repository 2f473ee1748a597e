#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! Scenario queries grow with the scenario, not with its square: decisions
//! are counted (not timed) for a scenario and one twice its size.

use iam_catalog::{IamCatalog, ManagedPolicies};
use iam_core::Context;
use iam_core::model::Model;
use iam_wire::scenario::{parse_document, resolve};
use std::sync::OnceLock;

fn managed() -> &'static ManagedPolicies {
    static M: OnceLock<ManagedPolicies> = OnceLock::new();
    M.get_or_init(|| ManagedPolicies::bundled().unwrap())
}

fn model(text: &str) -> Model {
    let _ = IamCatalog::bundled;
    let doc = parse_document(text).unwrap();
    let lookup = |arn: &str| managed().by_arn(arn).map(|p| (p.name.clone(), p.document.clone()));
    resolve(&doc, &lookup).unwrap_or_else(|e| panic!("{e:?}")).model
}

const ASSUME_ANY: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#;

/// `n` accounts, each with a user and a role its own account trusts.
fn accounts(n: usize) -> String {
    let accounts: Vec<String> = (0..n)
        .map(|i| {
            let id = 100_000_000_000u64 + i as u64;
            format!(
                r#"{{"id":"{id}","name":"a{i}","users":[{{"name":"u","inlinePolicies":[{{"name":"p","document":{ASSUME_ANY}}}]}}],
                "roles":[{{"name":"r","trustPolicy":{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{id}:root"}},"Action":"sts:AssumeRole"}}]}},
                "inlinePolicies":[{{"name":"p","document":{ASSUME_ANY}}}]}}]}}"#
            )
        })
        .collect();
    format!(r#"{{"version":1,"name":"scale","accounts":[{}]}}"#, accounts.join(","))
}

/// One account whose `n` roles can all assume each other, and a user that can assume any.
fn chained_roles(n: usize) -> String {
    let roles: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"name":"r{i}","trustPolicy":{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::111122223333:root"}},"Action":"sts:AssumeRole"}}]}},
                "inlinePolicies":[{{"name":"p","document":{ASSUME_ANY}}}]}}"#
            )
        })
        .collect();
    format!(
        r#"{{"version":1,"name":"chain","accounts":[{{"id":"111122223333","name":"a","users":[{{"name":"u","inlinePolicies":[{{"name":"p","document":{ASSUME_ANY}}}]}}],"roles":[{}]}}]}}"#,
        roles.join(",")
    )
}

#[test]
fn who_can_on_twice_the_accounts_makes_about_twice_the_decisions() {
    let count = |n: usize| {
        let m = model(&accounts(n));
        let (entries, decisions) =
            m.who_can_counted("sts:AssumeRole", "arn:aws:iam::100000000000:role/r", &Context::new());
        // The account's user, and its role (reached from the user).
        assert_eq!(entries.len(), 2, "{n} accounts");
        decisions
    };
    let (small, large) = (count(100), count(200));
    assert!(large * 2 <= small * 5, "{small} decisions for 100 accounts, {large} for 200");
}

#[test]
fn who_can_among_roles_that_assume_each_other_decides_each_pair_once() {
    let run = |n: usize| {
        let m = model(&chained_roles(n));
        let (entries, decisions) =
            m.who_can_counted("sts:AssumeRole", "arn:aws:iam::111122223333:role/r0", &Context::new());
        // The user and every role session; each role reached straight from the user.
        assert_eq!(entries.len(), n + 1);
        for e in entries.iter().skip(1) {
            assert_eq!(e.reachable_from.len(), 1);
        }
        decisions
    };
    let (small, large) = (run(20), run(40));
    // Every principal on every role is the edge set itself: (n + 2) × n decisions,
    // once per query, plus one per principal for the question asked.
    assert!(small <= 20 * 22 + 22 + 1, "{small}");
    assert!(large <= 40 * 42 + 42 + 1, "{large}");
}
