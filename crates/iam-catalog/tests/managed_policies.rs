#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! Every AWS managed policy in the bundled corpus parses and compiles without
//! an error: the parser accepts every form AWS itself publishes.

use iam_catalog::ManagedPolicies;
use iam_core::{CompiledPolicy, LineIndex, parse_policy};

#[test]
fn every_managed_policy_parses_without_errors() {
    let corpus = ManagedPolicies::bundled().unwrap();
    assert_eq!(corpus.all().len(), 1594);
    let mut failures = Vec::new();
    let mut statements = 0;
    for p in corpus.all() {
        let (policy, diags) = parse_policy(&p.document);
        let mut errors: Vec<_> = diags.into_iter().filter(|d| d.is_error()).collect();
        if let Some(policy) = &policy {
            statements += policy.statements.len();
            let (compiled, more) = CompiledPolicy::compile(&p.name, policy);
            errors.extend(more.into_iter().filter(|d| d.is_error()));
            assert!(compiled.skipped.is_empty(), "{}: statements skipped", p.name);
        }
        let idx = LineIndex::new(&p.document);
        failures.extend(errors.iter().map(|d| format!("{}: {}", p.name, d.render(&idx))));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // managed-policies-facts.json: 8,853 statements in the corpus.
    assert_eq!(statements, 8853);
}

#[test]
fn lookups_by_name_arn_and_search() {
    let corpus = ManagedPolicies::bundled().unwrap();
    let admin = corpus.by_name("AdministratorAccess").unwrap();
    assert_eq!(admin.arn, "arn:aws:iam::aws:policy/AdministratorAccess");
    let lambda = corpus.by_arn("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole").unwrap();
    assert_eq!(lambda.path, "/service-role/");
    assert!(corpus.by_arn("arn:aws:iam::aws:policy/NoSuchPolicy").is_none());
    let hits = corpus.search("readonly", 5);
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|p| p.name.to_ascii_lowercase().contains("readonly")));
}
