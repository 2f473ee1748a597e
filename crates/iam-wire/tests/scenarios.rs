#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! The scenario document and model: every shipped scenario loads and its
//! assertions hold; malformed documents get errors naming the path; queries agree.

use iam_catalog::ManagedPolicies;
use iam_core::model::PrincipalRef;
use iam_core::{Context, Decision};
use iam_wire::error::WireError;
use iam_wire::scenario::{Loaded, customer_policy_ref, parse_document, resolve};
use std::path::PathBuf;
use std::sync::OnceLock;

fn managed() -> &'static ManagedPolicies {
    static M: OnceLock<ManagedPolicies> = OnceLock::new();
    M.get_or_init(|| ManagedPolicies::bundled().unwrap())
}

fn load_text(text: &str) -> Result<Loaded, Vec<WireError>> {
    let doc = parse_document(text).map_err(|e| vec![e])?;
    let lookup = |arn: &str| managed().by_arn(arn).map(|p| (p.name.clone(), p.document.clone()));
    resolve(&doc, &lookup)
}

fn scenarios_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios")
}

fn load_file(name: &str) -> Loaded {
    let text = std::fs::read_to_string(scenarios_dir().join(name)).unwrap();
    load_text(&text).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

#[test]
fn every_shipped_scenario_loads_cleanly_and_its_assertions_hold() {
    let mut count = 0;
    for entry in std::fs::read_dir(scenarios_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let loaded = load_file(&name);
        for p in &loaded.model.policies {
            let errors: Vec<_> = p.diagnostics.iter().filter(|d| d.is_error()).collect();
            assert!(errors.is_empty(), "{name}: policy {} has errors: {errors:?}", p.label);
        }
        assert!(!loaded.assertions.is_empty(), "{name} teaches through assertions");
        for a in &loaded.assertions {
            let outcome = loaded.model.check(&a.assertion);
            assert!(outcome.passed, "{name}: assertion `{}` failed: {}", a.id, outcome.summary);
        }
        count += 1;
    }
    assert!(count >= 1);
}

fn errors_of(text: &str) -> Vec<String> {
    match load_text(text) {
        Ok(_) => Vec::new(),
        Err(errs) => errs.iter().map(|e| format!("{}: {}", e.path, e.message)).collect(),
    }
}

const ACCOUNT: &str = r#"{"id": "111111111111", "name": "a"}"#;

#[test]
fn malformed_documents_name_the_path() {
    // Unknown field, with position.
    let e = parse_document(r#"{"version": 1, "name": "x", "acounts": []}"#).unwrap_err();
    assert_eq!(e.path, "acounts");
    assert!(e.message.contains("unknown field"), "{e}");
    assert_eq!(e.line, Some(1));
    // Version handling.
    assert!(parse_document(r#"{"name": "x"}"#).unwrap_err().message.contains("missing"));
    assert!(parse_document(r#"{"version": 9, "name": "x"}"#).unwrap_err().message.contains("newer"));
    // Wrong type deep inside.
    let e = parse_document(
        r#"{"version": 1, "name": "x", "accounts": [{"id": "111111111111", "name": "a", "users": [{"name": 5}]}]}"#,
    )
    .unwrap_err();
    assert_eq!(e.path, "accounts[0].users[0].name");
}

#[test]
fn dangling_references_and_duplicates_are_errors_with_paths() {
    let doc = r#"{"version": 1, "name": "x", "accounts": [
        {"id": "111111111111", "name": "a",
         "users": [{"name": "u", "groups": ["Nope"], "managedPolicies": ["Missing", "ReadOnlyAccess"], "permissionsBoundary": "arn:aws:iam::aws:policy/NoSuch"},
                   {"name": "U"}],
         "roles": [{"name": "r", "trustPolicy": {}, "maxSessionDuration": 10,
                    "managedPolicies": ["arn:aws:iam::999999999999:policy/P", "arn:aws:iam::111111111111:policy/team/Q"]}]},
        {"id": "111111111111", "name": "a"},
        {"id": "12", "name": "b"}]}"#;
    let errs = errors_of(doc);
    let want = [
        "accounts[1].id: duplicate account ID `111111111111`",
        "accounts[1].name: duplicate account name `a`",
        "accounts[2].id: `12` is not a 12-digit account ID",
        "accounts[0].users[1].name: duplicate name `U`",
        "accounts[0].users[0].groups[0]: no group `Nope` in account `a`",
        "accounts[0].users[0].managedPolicies[0]: no customer managed policy `Missing` in account `a`",
        "accounts[0].users[0].managedPolicies[1]: no customer managed policy `ReadOnlyAccess` in account `a`; for the AWS managed policy write `arn:aws:iam::aws:policy/ReadOnlyAccess`",
        "accounts[0].users[0].permissionsBoundary: `arn:aws:iam::aws:policy/NoSuch` is not an AWS managed policy in the bundled corpus",
        "accounts[0].roles[0].maxSessionDuration: must be between 3600 and 43200 seconds",
        "accounts[0].roles[0].managedPolicies[0]: `arn:aws:iam::999999999999:policy/P`: account `999999999999` is not in the scenario",
        "accounts[0].roles[0].managedPolicies[1]: `arn:aws:iam::111111111111:policy/team/Q`: no customer managed policy `Q` in that account",
    ];
    for w in want {
        assert!(errs.iter().any(|e| e.starts_with(w)), "missing error `{w}` in {errs:#?}");
    }
}

#[test]
fn customer_policy_references_by_name_or_arn() {
    let doc = parse_document(
        r#"{"version": 1, "name": "x", "accounts": [{"id": "111111111111", "name": "a"}, {"id": "222222222222", "name": "b"}]}"#,
    )
    .unwrap();
    let at = |r| customer_policy_ref(&doc.accounts, 1, r);
    assert_eq!(at("Deploy"), Some((1, "Deploy")));
    assert_eq!(at("arn:aws:iam::111111111111:policy/Deploy"), Some((0, "Deploy")));
    assert_eq!(at("arn:aws:iam::222222222222:policy/team/ci/Deploy"), Some((1, "Deploy")));
    assert_eq!(at("arn:aws:iam::aws:policy/ReadOnlyAccess"), None);
    assert_eq!(at("arn:aws:iam::333333333333:policy/Deploy"), None);
}

#[test]
fn organization_errors() {
    let doc = format!(
        r#"{{"version": 1, "name": "x", "accounts": [{ACCOUNT}, {{"id": "222222222222", "name": "b"}}],
        "organization": {{"managementAccount": "zzz",
          "policies": [{{"name": "R", "kind": "rcp", "document": {{}}}}],
          "root": {{"name": "Root", "scps": ["Nope", "R"], "rcps": ["FullAWSAccess"], "accounts": ["a", "ghost"],
                    "children": [{{"name": "OU", "accounts": ["a"]}}]}}}}}}"#
    );
    let errs = errors_of(&doc);
    for w in [
        "organization.root.scps[0]: no SCP named `Nope`",
        "organization.root.scps[1]: `R` is an RCP, not an SCP",
        "organization.root.rcps[0]: `FullAWSAccess` is an SCP, not an RCP",
        "organization.root.accounts[1]: no account `ghost` in the scenario",
        "organization.root.children[0].accounts[0]: account `a` is already placed at organization.root.accounts[0]",
        "organization.managementAccount: no account `zzz` in the scenario",
    ] {
        assert!(errs.iter().any(|e| e.starts_with(w)), "missing error `{w}` in {errs:#?}");
    }
}

#[test]
fn policy_syntax_errors_are_kept_not_fatal() {
    let doc = r#"{"version": 1, "name": "x", "accounts": [{"id": "111111111111", "name": "a",
        "users": [{"name": "u", "inlinePolicies": [{"name": "p", "document": "{\"Version\": \"2012-10-17\",}"}]}]}]}"#;
    let loaded = load_text(doc).unwrap();
    let p = loaded.model.policies.iter().find(|p| p.label == "a/user/u/p").unwrap();
    assert!(p.diagnostics.iter().any(|d| d.code.as_str() == "json-syntax"));
    assert_eq!(&*p.source, "{\"Version\": \"2012-10-17\",}", "the text is kept exactly");
}

#[test]
fn coffee_shop_queries() {
    let loaded = load_file("coffee-shop.json");
    let m = &loaded.model;
    let ana = m.resolve_principal("finance/user/ana").unwrap();
    let receipt = "arn:aws:s3:::awsdoc-example-bucket/receipts/1.csv";
    assert_eq!(m.decide(&ana, "s3:GetObject", receipt, &Context::new()), Decision::Allow);
    // The explanation maps every policy back to the scenario.
    let r = m.can(&ana, "s3:GetObject", receipt, &Context::new()).unwrap();
    let applied: Vec<&str> = r
        .explanation
        .deciding_statements()
        .iter()
        .filter_map(|s| r.policy_ids[s.policy])
        .map(|id| m.policies[id].label.as_str())
        .collect();
    assert!(applied.contains(&"finance/group/Cashiers/ReadReceipts"), "{applied:?}");
    // Role assumption: carla → Inventory without MFA; Cashier needs MFA.
    let edges = m.assume_edges();
    let carla = m.resolve_principal("finance/user/carla").unwrap();
    let role_name = |e: &iam_core::model::AssumeEdge| m.accounts[e.account].roles[e.role].name.clone();
    let from_carla: Vec<String> = edges.iter().filter(|e| e.from == carla).map(role_name).collect();
    assert_eq!(from_carla, ["Inventory"]);
    // who-can lists the Inventory role reached from carla.
    let who =
        m.who_can("dynamodb:UpdateItem", "arn:aws:dynamodb:us-east-1:222233334444:table/Inventory", &Context::new());
    let inv = who.iter().find(|w| matches!(w.principal, PrincipalRef::RoleSession { .. })).unwrap();
    assert_eq!(inv.reachable_from, vec![carla.clone()]);
    // The access matrix agrees with single decisions.
    let principals = m.principals();
    let actions = vec!["s3:GetObject".to_string(), "s3:DeleteObject".to_string()];
    let resources = vec![receipt.to_string()];
    let matrix = m.access_matrix(&principals, &actions, &resources, &Context::new());
    for (pi, p) in principals.iter().enumerate() {
        for (ai, a) in actions.iter().enumerate() {
            assert_eq!(matrix.get(pi, ai, 0).unwrap().decision, m.decide(p, a, receipt, &Context::new()));
        }
    }
}

#[test]
fn schema_is_published_and_current() {
    let schema = iam_wire::scenario::json_schema();
    let committed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(scenarios_dir().join("../schemas/scenario.v1.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(schema, committed, "regenerate with `iamplay schema > schemas/scenario.v1.schema.json`");
}

#[test]
fn repeated_keys_are_errors_not_lost_values() {
    // In a policy written as an object, serde would keep only the second `StringEquals`.
    let doc = r#"{"version": 1, "name": "x", "accounts": [{"id": "111111111111", "name": "a",
  "users": [{"name": "u", "inlinePolicies": [{"name": "p", "document": {"Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
      "Condition": {"StringEquals": {"aws:username": "u"}, "StringEquals": {"s3:prefix": "x"}}}]}}]}]}]}"#;
    let e = parse_document(doc).unwrap_err();
    assert_eq!(e.path, "accounts[0].users[0].inlinePolicies[0].document.Statement[0].Condition.StringEquals");
    assert_eq!((e.line, e.column), (Some(4), Some(60)));
    assert!(e.message.contains("duplicate key"), "{e}");
    // Anywhere: a tag given twice.
    let e = parse_document(
        r#"{"version": 1, "name": "x", "accounts": [{"id": "111111111111", "name": "a", "users": [{"name": "u", "tags": {"team": "a", "team": "b"}}]}]}"#,
    )
    .unwrap_err();
    assert_eq!(e.path, "accounts[0].users[0].tags.team");
}

#[test]
fn saving_keeps_policy_text_with_repeated_keys() {
    use iam_wire::scenario::PolicyDocument;
    let twice = "{\"Version\": \"2012-10-17\", \"Statement\": [], \"Statement\": [{\"Effect\": \"Allow\"}]}";
    let mut doc =
        parse_document(r#"{"version": 1, "name": "x", "accounts": [{"id": "111111111111", "name": "a"}]}"#).unwrap();
    doc.accounts[0].policies.push(iam_wire::scenario::ManagedPolicyDoc {
        name: "P".into(),
        path: "/".into(),
        description: String::new(),
        document: PolicyDocument::Text(twice.into()),
    });
    let saved = doc.normalized();
    assert_eq!(saved.accounts[0].policies[0].document, PolicyDocument::Text(twice.into()), "not collapsed to one key");
    assert_eq!(PolicyDocument::from_text(twice), PolicyDocument::Text(twice.into()));
    // A clean object still becomes an object.
    let clean = "{\"Version\": \"2012-10-17\"}";
    assert!(matches!(PolicyDocument::parsed(clean), PolicyDocument::Json(_)));
}

#[test]
fn wrong_value_types_are_explained_in_the_documents_words() {
    let e = parse_document(
        r#"{"version": 1, "name": "x", "accounts": [{"id": "111111111111", "name": "a", "policies": [{"name": "P", "document": 42}]}]}"#,
    )
    .unwrap_err();
    assert_eq!(e.path, "accounts[0].policies[0].document");
    assert!(e.message.contains("expected a policy document: a JSON object, or the policy text"), "{e}");
    let e = parse_document(
        r#"{"version": 1, "name": "x", "assertions": [{"kind": "can", "principal": "a/root", "action": "s3:GetObject", "resource": "*", "expect": "allow", "context": {"aws:SourceIp": {"nested": 1}}}]}"#,
    )
    .unwrap_err();
    assert!(e.message.contains("expected a context value"), "{e}");
    assert!(!e.message.contains("untagged"), "{e}");
}

#[test]
fn iam_paths_start_and_end_with_a_slash() {
    // "eng" would make the ARN `arn:aws:iam::111111111111:userengalice`.
    let doc = r#"{"version": 1, "name": "x", "accounts": [{"id": "111111111111", "name": "a",
        "users": [{"name": "alice", "path": "eng"}, {"name": "bob", "path": "/eng/"}, {"name": "cy", "path": "/a b/"}],
        "groups": [{"name": "g", "path": "/eng"}],
        "roles": [{"name": "r", "path": "", "trustPolicy": {}}],
        "policies": [{"name": "p", "path": "eng/", "document": {}}]}]}"#;
    let errs = errors_of(doc);
    for w in [
        "accounts[0].users[0].path: `eng` is not an IAM path",
        "accounts[0].users[2].path: `/a b/` is not an IAM path",
        "accounts[0].groups[0].path: `/eng` is not an IAM path",
        "accounts[0].roles[0].path: `` is not an IAM path",
        "accounts[0].policies[0].path: `eng/` is not an IAM path",
    ] {
        assert!(errs.iter().any(|e| e.starts_with(w)), "missing error `{w}` in {errs:#?}");
    }
    assert!(!errs.iter().any(|e| e.starts_with("accounts[0].users[1]")), "{errs:#?}");
    let long = format!("/{}/", "a".repeat(511));
    let errs = errors_of(&format!(
        r#"{{"version": 1, "name": "x", "accounts": [{{"id": "111111111111", "name": "a", "users": [{{"name": "u", "path": "{long}"}}]}}]}}"#
    ));
    assert!(errs.iter().any(|e| e.starts_with("accounts[0].users[0].path")), "{errs:#?}");
}

#[test]
fn assertion_context_keys_differing_only_in_case_are_an_error() {
    let doc = r#"{"version": 1, "name": "x", "accounts": [{"id": "111111111111", "name": "a"}],
        "assertions": [{"kind": "can", "principal": "a/root", "action": "s3:GetObject", "resource": "*", "expect": "allow",
                        "context": {"aws:SourceIp": "10.0.0.1", "AWS:sourceip": "192.0.2.1"}}]}"#;
    let errs = errors_of(doc);
    assert!(
        errs.iter().any(|e| e.starts_with(
            "assertions[0].context.aws:SourceIp: `aws:SourceIp` and `AWS:sourceip` are the same context key"
        )),
        "{errs:#?}"
    );
}

#[test]
fn dates_that_do_not_parse_are_errors_not_missing_dates() {
    let doc = r#"{"version": 1, "name": "x", "accounts": [{"id": "111111111111", "name": "a",
        "rootUser": {"lastUsed": "yesterday", "accessKeys": [{"id": "AKIA1", "created": "2025-13-45"}]},
        "users": [{"name": "u", "passwordLastUsed": "2026-11-29T06:59:00Z",
                   "accessKeys": [{"id": "AKIA2", "created": "2025-03-01T00:00:00Z", "lastUsed": "soon"}]}]}]}"#;
    let errs = errors_of(doc);
    for w in [
        "accounts[0].rootUser.lastUsed: `yesterday` is not a date",
        "accounts[0].rootUser.accessKeys[0].created: `2025-13-45` is not a date",
        "accounts[0].users[0].accessKeys[0].lastUsed: `soon` is not a date",
    ] {
        assert!(errs.iter().any(|e| e.starts_with(w)), "missing error `{w}` in {errs:#?}");
    }
    assert_eq!(errs.len(), 3, "{errs:#?}");
}

#[test]
fn errors_inside_an_assertion_are_at_their_field() {
    // README: "the message names the field path, and for JSON the line:column".
    // An assertion's kind decides its fields; serde's tagged enums read the
    // object whole first and reported every error at the end of the list.
    let doc = |last: &str| {
        format!(
            "{{\"version\": 1, \"name\": \"x\",\n \"assertions\": [\n  {{\"kind\": \"can\", \"principal\": \"a/root\", \
             \"action\": \"s3:GetObject\", \"resource\": \"*\",\n   {last}}}\n ]}}"
        )
    };
    let at = |e: &WireError| (e.path.clone(), e.line, e.column);
    let e = parse_document(&doc("\"expect\": \"alow\"")).unwrap_err();
    assert_eq!(at(&e), ("assertions[0].expect".into(), Some(4), Some(14)), "{e}");
    assert!(e.message.contains("unknown variant `alow`"), "{e}");
    let e = parse_document(&doc("\"expect\": \"allow\", \"expct\": 1")).unwrap_err();
    assert_eq!(at(&e), ("assertions[0].expct".into(), Some(4), Some(23)), "{e}");
    // A field another kind takes: found after the object, located at its key.
    let e = parse_document(&doc("\"expect\": \"allow\", \"principals\": []")).unwrap_err();
    assert_eq!(at(&e), ("assertions[0].principals".into(), Some(4), Some(23)), "{e}");
    assert!(e.message.contains("unknown field `principals` for kind `can`"), "{e}");
    // Missing a field its kind needs: at the assertion.
    let e = parse_document(&doc("\"id\": \"x\"")).unwrap_err();
    assert_eq!(at(&e), ("assertions[0]".into(), Some(3), Some(3)), "{e}");
    assert!(e.message.contains("missing field `expect`"), "{e}");
    // The kind itself, and values inside the context.
    let e = parse_document(&doc("\"expect\": \"allow\"").replace("\"can\"", "\"cann\"")).unwrap_err();
    assert_eq!(at(&e), ("assertions[0].kind".into(), Some(3), Some(12)), "{e}");
    let e = parse_document(&doc("\"expect\": \"allow\", \"context\": {\"aws:SourceIp\": {}}")).unwrap_err();
    assert_eq!(at(&e), ("assertions[0].context.aws:SourceIp".into(), Some(4), Some(51)), "{e}");
    // Not only the first assertion: the second one's error names index 1.
    let two = doc(
        "\"expect\": \"allow\"}, {\"kind\": \"only\", \"principals\": [], \"action\": \"a:b\", \"resource\": \"*\", \"expect\": \"deny\"",
    );
    let e = parse_document(&two).unwrap_err();
    assert_eq!(e.path, "assertions[1].expect", "{e}");
    // The assertions that do parse still serialize as before (kind first).
    let ok = parse_document(&doc("\"expect\": \"allow\"")).unwrap();
    let text = serde_json::to_string(&ok.assertions[0]).unwrap();
    assert!(text.starts_with("{\"kind\":\"can\""), "{text}");
}

#[test]
fn other_tagged_values_are_at_their_field_too() {
    // Enums and hand-read values elsewhere in the document.
    let e = parse_document(
        "{\"version\": 1, \"name\": \"x\", \"accounts\": [{\"id\": \"111111111111\", \"name\": \"a\",\n  \"users\": [{\"name\": \"u\", \"mfa\": \"yubikey\"}]}]}",
    )
    .unwrap_err();
    assert_eq!((e.path.as_str(), e.line, e.column), ("accounts[0].users[0].mfa", Some(2), Some(34)), "{e}");
    let e = parse_document(
        "{\"version\": 1, \"name\": \"x\", \"organization\": {\"managementAccount\": \"a\", \"root\": {\"name\": \"Root\"},\n  \"policies\": [{\"name\": \"P\", \"kind\": \"ssp\", \"document\": {}}]}}",
    )
    .unwrap_err();
    assert_eq!((e.path.as_str(), e.line, e.column), ("organization.policies[0].kind", Some(2), Some(38)), "{e}");
}

#[test]
fn a_repeated_key_in_json_is_reported_at_the_repeated_key() {
    // README: "A key repeated in a JSON object or YAML mapping is an error at its spot".
    let e = parse_document("{\"version\": 1, \"name\": \"x\",\n  \"name\": \"y\"}").unwrap_err();
    assert_eq!((e.path.as_str(), e.line, e.column), ("name", Some(2), Some(3)), "{e}");
}

#[test]
fn aws_managed_policies_in_the_scenario_are_checked_and_used() {
    // GAAD-SNAPSHOT: a scenario may carry an AWS managed policy's document; it
    // is used before the bundled corpus.
    let doc = |arn: &str, arn2: &str| {
        format!(
            r#"{{"version": 1, "name": "x", "accounts": [{{"id": "111111111111", "name": "a",
              "users": [{{"name": "u", "managedPolicies": ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]}}]}}],
              "awsManagedPolicies": [
                {{"arn": "{arn}", "document": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}}]}}}},
                {{"arn": "{arn2}", "versionId": "v1", "document": "{{}}"}}]}}"#
        )
    };
    let s3 = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
    let loaded = load_text(&doc(s3, "arn:aws:iam::aws:policy/Other")).unwrap_or_else(|e| panic!("{e:?}"));
    let u = loaded.model.resolve_principal("a/user/u").unwrap();
    let ctx = iam_core::Context::new();
    assert_eq!(loaded.model.decide(&u, "sqs:SendMessage", "*", &ctx), iam_core::Decision::Allow);
    assert_eq!(loaded.model.decide(&u, "s3:GetObject", "arn:aws:s3:::b/k", &ctx), iam_core::Decision::ImplicitDeny);
    let errors = load_text(&doc(s3, s3)).unwrap_err();
    assert!(
        errors.iter().any(|e| e.path == "awsManagedPolicies[1].arn" && e.message.contains("duplicate")),
        "{errors:?}"
    );
    let errors = load_text(&doc(s3, "arn:aws:iam::111111111111:policy/Mine")).unwrap_err();
    assert!(errors.iter().any(|e| e.path == "awsManagedPolicies[1].arn"), "{errors:?}");
}

#[test]
fn a_user_listing_a_group_twice_is_an_error_at_the_repeat() {
    let doc = r#"{"version": 1, "name": "x", "accounts": [
        {"id": "111111111111", "name": "a", "groups": [{"name": "G"}, {"name": "H"}],
         "users": [{"name": "u", "groups": ["G", "H", "G"]}]}]}"#;
    assert_eq!(
        errors_of(doc),
        ["accounts[0].users[0].groups[2]: group `G` is listed twice (also at groups[0])".to_string()]
    );
}
