#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! The `iamplay` binary end to end: outputs, and the exit statuses scripts rely on
//! (0 ran, 1 a check failed, 2 invalid input, 3 unreadable file).

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn iamplay(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iamplay"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(s) = stdin {
        child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().unwrap()
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

const SIM: &str = r#"{
  "PolicyInputList": ["{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}]}"],
  "ActionNames": ["s3:GetObject", "s3:PutObject"],
  "ResourceArns": ["arn:aws:s3:::b/k"]
}"#;

#[test]
fn simulate_prints_aws_shaped_json() {
    let out = iamplay(&["simulate", "--input", "-"], Some(SIM));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = v["EvaluationResults"].as_array().unwrap();
    assert_eq!(results[0]["EvalDecision"], "allowed");
    assert_eq!(results[0]["MatchedStatements"][0]["SourcePolicyId"], "PolicyInputList.1");
    assert_eq!(results[0]["MatchedStatements"][0]["StartPosition"]["Line"], 1);
    assert_eq!(results[1]["EvalDecision"], "implicitDeny");
    assert_eq!(v["IsTruncated"], false);
}

#[test]
fn simulate_text_explains() {
    let out = iamplay(&["simulate", "-i", "-", "--format", "text"], Some(SIM));
    let s = text(&out.stdout);
    assert!(s.contains("s3:GetObject on arn:aws:s3:::b/k: ALLOWED"), "{s}");
    assert!(s.contains("s3:PutObject on arn:aws:s3:::b/k: DENIED (implicit deny)"), "{s}");
}

#[test]
fn simulate_bad_input_names_the_spot_and_exits_2() {
    let out = iamplay(
        &["simulate", "-i", "-"],
        Some(
            r#"{"ActionNames": ["s3:GetObject"], "ContextEntries": [{"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["nope"], "ContextKeyType": "ip"}]}"#,
        ),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("ContextEntries[0].ContextKeyValues[0]"), "{}", text(&out.stderr));

    let bad_policy = SIM.replace(r#"\"Effect\":\"Allow\""#, r#"\"Effect\":\"Allowed\""#);
    let out = iamplay(&["simulate", "-i", "-"], Some(&bad_policy));
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("PolicyInputList.1 1:"), "{err}");
    assert!(err.contains("invalid-effect"), "{err}");

    let out = iamplay(&["simulate", "-i", "-"], Some("{\"ActionNames\": [\"s3:GetObject\"],\n \"Bogus\": 1}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("2:"), "{}", text(&out.stderr));
}

#[test]
fn missing_file_exits_3() {
    let out = iamplay(&["simulate", "-i", "/nonexistent/file.json"], None);
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn jsonl_batch_keeps_going_after_a_bad_line() {
    let one_line = SIM.replace('\n', " ");
    let input = format!("{one_line}\nnot json\n{one_line}\n");
    let out = iamplay(&["simulate", "-i", "-", "--jsonl"], Some(&input));
    assert_eq!(out.status.code(), Some(2));
    let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[1].contains("\"Error\""));
    assert!(lines[2].contains("allowed"));
}

#[test]
fn check_passes_on_the_coffee_shop_and_writes_junit() {
    let junit = std::env::temp_dir().join(format!("iamplay-junit-{}.xml", std::process::id()));
    let out = iamplay(&["check", "scenarios/coffee-shop.json", "--junit", junit.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains("<testsuite name=\"Coffee shop\""), "{xml}");
    assert!(!xml.contains("<failure"));
    let _ = std::fs::remove_file(junit);
}

#[test]
fn check_fails_with_exit_1_when_an_assertion_breaks() {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/coffee-shop.json")).unwrap();
    let broken = doc.replace(r#""expect": "deny""#, r#""expect": "allow""#);
    let out = iamplay(&["check", "-", "--format", "json"], Some(&broken));
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["passed"], false);
}

#[test]
fn check_rejects_an_invalid_scenario_with_exit_2() {
    let out = iamplay(&["check", "-"], Some(r#"{"version": 1, "name": "x", "accounts": [{"id": "1", "name": "a"}]}"#));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("accounts[0].id"), "{}", text(&out.stderr));
}

#[test]
fn can_and_who_can() {
    let out = iamplay(
        &[
            "can",
            "scenarios/coffee-shop.json",
            "finance/role/Inventory",
            "s3:GetObject",
            "arn:aws:s3:::awsdoc-example-bucket/r.csv",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    expect_test::expect![[r#"
        finance/role/Inventory → s3:GetObject on arn:aws:s3:::awsdoc-example-bucket/r.csv: DENIED (implicit deny)
          why: no identity-based policy allows the request
          SCPs at the root             allows
            + org/scp/FullAWSAccess statement 1 (Allow) at 4:5: applies
          SCPs at account finance      allows
            + org/scp/FullAWSAccess statement 1 (Allow) at 4:5: applies
          resource-based policy        no matching statement
            - arn:aws:s3:::awsdoc-example-bucket/policy statement 1 "DenyInsecureTransport" (Deny) at 4:5: condition failed: Bool `aws:SecureTransport`: key missing from the request
          identity-based policies      no matching statement
          missing context keys: aws:SecureTransport
    "#]].assert_eq(&text(&out.stdout));
    let out = iamplay(
        &[
            "who-can",
            "scenarios/coffee-shop.json",
            "dynamodb:UpdateItem",
            "arn:aws:dynamodb:us-east-1:222233334444:table/Inventory",
            "--format",
            "json",
        ],
        None,
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = v.as_array().unwrap().iter().map(|e| e["principal"].as_str().unwrap()).collect();
    assert!(names.contains(&"finance/role/Inventory"), "{names:?}");
    let out = iamplay(&["can", "scenarios/coffee-shop.json", "finance/user/nobody", "s3:GetObject", "*"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("has no user `nobody`"));
}

#[test]
fn schema_is_json() {
    let out = iamplay(&["schema"], None);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["title"], "IAM Playground scenario");
}

#[test]
fn what_can_summarizes_by_service_and_access_level() {
    let out = iamplay(&["what-can", "scenarios/coffee-shop.json", "finance/user/ana", "--format", "json"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s3 = v.as_array().unwrap().iter().find(|s| s["service"] == "s3").unwrap();
    assert_eq!(s3["counts"]["Read"], 1);
    assert_eq!(s3["counts"]["List"], 1);
    let actions: Vec<&str> = s3["allowed"].as_array().unwrap().iter().map(|a| a["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["s3:ListBucket", "s3:GetObject"]);
    // Carla's boundary caps the Inventory role? No: the role has no boundary; carla's own policies only assume roles.
    let out = iamplay(&["what-can", "scenarios/coffee-shop.json", "finance/user/carla", "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let services: Vec<&str> = v.as_array().unwrap().iter().map(|s| s["service"].as_str().unwrap()).collect();
    assert_eq!(services, ["sts"]);
}

#[test]
fn a_closed_pipe_is_not_a_panic() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iamplay"))
        .args(["what-can", "scenarios/coffee-shop.json", "it/user/ivan", "--all"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away at once
    let out = child.wait_with_output().unwrap();
    assert!(!text(&out.stderr).contains("panicked"), "{}", text(&out.stderr));
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_closed_pipe_keeps_the_commands_exit_status() {
    // `iamplay check … | head` under `set -o pipefail` must still fail when an
    // assertion fails: the closed pipe is not an exit 0.
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/coffee-shop.json")).unwrap();
    let broken = doc.replace(r#""expect": "deny""#, r#""expect": "allow""#);
    let path = std::env::temp_dir().join(format!("iamplay-broken-{}.json", std::process::id()));
    std::fs::write(&path, broken).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_iamplay"))
        .args(["check", path.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let _ = std::fs::remove_file(&path);
    assert!(!text(&out.stderr).contains("panicked"), "{}", text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
}

#[test]
fn bench_rejects_impossible_durations_without_panicking() {
    let input = std::env::temp_dir().join(format!("iamplay-bench-{}.json", std::process::id()));
    std::fs::write(&input, SIM).unwrap();
    for bad in ["inf", "NaN", "-1", "0", "1e300"] {
        let out = iamplay(&["bench", "--input", input.to_str().unwrap(), &format!("--seconds={bad}")], None);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", text(&out.stderr));
        assert!(!text(&out.stderr).contains("panicked"), "{bad}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("seconds"), "{bad}: {}", text(&out.stderr));
    }
    let out = iamplay(&["bench", "--input", input.to_str().unwrap(), "--seconds", "0.05"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let _ = std::fs::remove_file(&input);
}

#[test]
fn simulate_text_says_when_results_are_truncated() {
    let paged = SIM.replace(r#""ResourceArns""#, r#""MaxItems": 1, "ResourceArns""#);
    let out = iamplay(&["simulate", "-i", "-", "--format", "text"], Some(&paged));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("truncated; next marker 1"), "{s}");
    assert!(!s.contains("s3:PutObject"), "{s}");
}

#[test]
fn scenarios_may_be_written_in_yaml() {
    let yaml = r#"
version: 1
name: YAML shop
accounts:
  - id: "111122223333"
    name: shop
    resources:
      - arn: arn:aws:s3:::receipts
    users:
      - name: ana
        inlinePolicies:
          - name: read
            document:
              Version: "2012-10-17"
              Statement:
                - Effect: Allow
                  Action: s3:GetObject
                  Resource: arn:aws:s3:::receipts/*
assertions:
  - kind: can
    principal: shop/user/ana
    action: s3:GetObject
    resource: arn:aws:s3:::receipts/1.csv
    expect: allow
  - kind: can
    principal: shop/user/ana
    action: s3:PutObject
    resource: arn:aws:s3:::receipts/1.csv
    expect: implicit-deny
"#;
    let out = iamplay(&["check", "-"], Some(yaml));
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));
    assert!(text(&out.stdout).contains("2 assertions, 2 passed"));
    // A YAML mistake names the field path.
    let bad = yaml.replace("name: ana", "nme: ana");
    let out = iamplay(&["check", "-"], Some(&bad));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("accounts[0].users[0]"), "{}", text(&out.stderr));
    // A key repeated in a mapping is an error at its line, not a lost value.
    let twice = yaml.replace(
        "                  Resource: arn:aws:s3:::receipts/*",
        "                  Resource: arn:aws:s3:::receipts/*\n                  Action: s3:*",
    );
    let out = iamplay(&["check", "-"], Some(&twice));
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    // README: "A key repeated in a JSON object or YAML mapping is an error at
    // its spot": the repeated key's line:column and path, not its mapping's.
    assert!(err.contains("duplicate key `Action`"), "{err}");
    assert!(err.contains("19:19: accounts[0].users[0].inlinePolicies[0].document.Statement[0].Action:"), "{err}");
    // An error inside an assertion names the field (path only: YAML is
    // checked in its JSON form).
    let bad = yaml.replace("expect: allow", "expect: alow");
    let out = iamplay(&["check", "-"], Some(&bad));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("assertions[0].expect: unknown variant `alow`"), "{}", text(&out.stderr));
}

#[test]
fn a_repeated_key_is_an_error_at_the_repeated_key_in_json_and_yaml() {
    // README: "A key repeated in a JSON object or YAML mapping is an error at its spot".
    let json = "{\"version\": 1, \"name\": \"x\",\n \"accounts\": [{\"id\": \"111111111111\",\n   \"name\": \"a\", \"name\": \"b\"}]}";
    let out = iamplay(&["check", "-"], Some(json));
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("3:17: accounts[0].name: duplicate key `name`"), "{err}");
    let yaml = "version: 1\nname: x\naccounts:\n  - id: '111111111111'\n    name: a\n    users:\n      - name: u\n        tags:\n          team: a\n          team: b\n";
    let out = iamplay(&["check", "-"], Some(yaml));
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("10:11: accounts[0].users[0].tags.team: duplicate key `team`"), "{err}");
}

/// `get-account-authorization-details` output with user `ana` in account
/// 111122223333 and one attached managed policy, listed in `Policies` with
/// `document` (URL-encoded, as the raw API returns it) or not listed.
fn gaad(arn: &str, document: Option<&str>) -> String {
    let policies = document.map_or_else(String::new, |doc| {
        format!(
            r#"{{"PolicyName": "CafeReceiptsReader", "Arn": "{arn}", "Path": "/", "DefaultVersionId": "v2",
                "PolicyVersionList": [{{"Document": "{doc}", "VersionId": "v2", "IsDefaultVersion": true}}]}}"#
        )
    });
    format!(
        r#"{{"UserDetailList": [{{"UserName": "ana", "Arn": "arn:aws:iam::111122223333:user/ana",
              "AttachedManagedPolicies": [{{"PolicyName": "CafeReceiptsReader", "PolicyArn": "{arn}"}}]}}],
            "GroupDetailList": [], "RoleDetailList": [], "Policies": [{policies}]}}"#
    )
}

#[test]
fn import_keeps_aws_managed_documents_from_the_export_and_every_command_loads_the_result() {
    // GAAD-SNAPSHOT, GAAD-POLICIES-MANAGED: the export lists the attached AWS
    // managed policy with its default version (GAAD-DEFAULT-VERSION,
    // URL-encoded: GAAD-URL-ENCODED); the bundled corpus does not have it.
    let dir = std::env::temp_dir().join(format!("iamplay-import-aws-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let arn = "arn:aws:iam::aws:policy/CafeReceiptsReaderNotBundled";
    let doc = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGetObject%22%2C%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Areceipts%2F*%22%7D%5D%7D";
    let export = dir.join("gaad.json");
    std::fs::write(&export, gaad(arn, Some(doc))).unwrap();
    let scenario = dir.join("scenario.json");
    let (export_s, scenario_s) = (export.to_str().unwrap(), scenario.to_str().unwrap());
    let out = iamplay(&["import", "--iam", export_s, "-o", scenario_s], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&scenario).unwrap();
    assert!(written.contains("\"awsManagedPolicies\""), "{written}");
    // An IAM-only import names the account `account-<id>` (README).
    let ana = "account-111122223333/user/ana";
    let out = iamplay(&["can", scenario_s, ana, "s3:GetObject", "arn:aws:s3:::receipts/1.csv"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // The export holds no buckets: the bucket's owner is unknown
    // (XACCT-S3-ARN-NO-ACCOUNT), but the imported document decides ana's side.
    let stdout = text(&out.stdout);
    assert!(stdout.contains("+ aws/CafeReceiptsReaderNotBundled statement 1 (Allow) at 4:5: applies"), "{stdout}");
    let out = iamplay(&["can", scenario_s, ana, "s3:PutObject", "arn:aws:s3:::receipts/1.csv"], None);
    assert!(text(&out.stdout).contains("identity-based policies      no matching statement"), "{}", text(&out.stdout));
    for args in
        [&["who-can", scenario_s, "s3:GetObject", "arn:aws:s3:::receipts/1.csv"][..], &["what-can", scenario_s, ana]]
    {
        let out = iamplay(args, None);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out.stderr));
    }
    // No document anywhere: the import fails naming the policy, and writes nothing.
    std::fs::write(&export, gaad(arn, None)).unwrap();
    let _ = std::fs::remove_file(&scenario);
    let out = iamplay(&["import", "--iam", export_s, "-o", scenario_s], None);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(err.contains(arn) && err.contains("UserDetailList[0].AttachedManagedPolicies[0]"), "{err}");
    assert!(!scenario.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_scenario_command_rejects_a_policy_with_errors() {
    // An inline policy that does not parse would compile to nothing: the answers
    // would silently leave it out. Every command reports it and exits 2, as `check`.
    let doc = r#"{"version": 1, "name": "x", "accounts": [{"id": "111111111111", "name": "a",
        "users": [{"name": "u", "inlinePolicies": [{"name": "p", "document": "{\"Version\": \"2012-10-17\",}"}]}]}]}"#;
    for args in [
        &["check", "-"][..],
        &["can", "-", "a/user/u", "s3:GetObject", "*"],
        &["who-can", "-", "s3:GetObject", "*"],
        &["what-can", "-", "a/user/u"],
    ] {
        let out = iamplay(args, Some(doc));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out.stdout));
        let err = text(&out.stderr);
        assert!(err.contains("policy `a/user/u/p`: 1:25"), "{args:?}: {err}");
        assert!(err.contains("json-syntax"), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}: no answer from an invalid scenario");
    }
}

/// A copy of the test exports in a fresh directory.
fn export_copy(tag: &str) -> std::path::PathBuf {
    let src = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/aws-exports"));
    let dir = std::env::temp_dir().join(format!("iamplay-export-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    dir
}

#[test]
fn import_reports_unreadable_and_empty_export_files() {
    let dir = export_copy("ok");
    let out = iamplay(&["import", "--org", dir.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // A `*.json` that cannot be read (here a directory) is an error (exit 3), not skipped.
    std::fs::create_dir(dir.join("list-accounts-for-parent-ou-extra.json")).unwrap();
    let out = iamplay(&["import", "--org", dir.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stdout));
    assert!(text(&out.stderr).contains("list-accounts-for-parent-ou-extra.json"), "{}", text(&out.stderr));
    let _ = std::fs::remove_dir_all(&dir);
    // An empty file (what `aws … > file` leaves when it fails) says so.
    let dir = export_copy("empty");
    std::fs::write(dir.join("list-roots.json"), "").unwrap();
    let out = iamplay(&["import", "--org", dir.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("list-roots.json: this export file is empty"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Text outputs as snapshots (`UPDATE_EXPECT=1 cargo test` refreshes them).
#[test]
fn simulate_text_snapshot() {
    let out = iamplay(&["simulate", "--input", "-", "--format", "text"], Some(SIM));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    expect_test::expect![[r#"
        s3:GetObject on arn:aws:s3:::b/k: ALLOWED
          why: an identity-based policy allows it and nothing limits it
          identity-based policies      allows
            + PolicyInputList.1 statement 1 (Allow) at 1:38: applies

        s3:PutObject on arn:aws:s3:::b/k: DENIED (implicit deny)
          why: no identity-based policy allows the request
          identity-based policies      no matching statement
    "#]]
    .assert_eq(&text(&out.stdout));
}

#[test]
fn check_text_snapshot() {
    let out = iamplay(&["check", "scenarios/coffee-shop.json"], None);
    expect_test::expect![[r#"
        ok   cashiers-read-receipts — Let cashiers read receipts
             finance/user/ana → s3:GetObject on arn:aws:s3:::awsdoc-example-bucket/receipts/2026-11-29.csv: allowed (an identity-based policy allows it and nothing limits it); expected allow
        ok   cashiers-cannot-delete-receipts — …but not delete them
             finance/user/ana → s3:DeleteObject on arn:aws:s3:::awsdoc-example-bucket/receipts/2026-11-29.csv: implicitly denied (no identity-based policy allows the request); expected deny
        ok   carla-switches-to-inventory — Carla can switch to the Inventory workstation role
             finance/user/carla → sts:AssumeRole on arn:aws:iam::222233334444:role/Inventory: allowed (the resource-based policy grants the request to this principal); expected allow
        ok   inventory-role-leaves-cashier-access-behind — In the Inventory role she cannot read receipts: a role replaces the caller's permissions
             finance/role/Inventory → s3:GetObject on arn:aws:s3:::awsdoc-example-bucket/receipts/2026-11-29.csv: implicitly denied (no identity-based policy allows the request); expected deny
        ok   inventory-role-updates-stock — …but she can update stock levels
             finance/role/Inventory → dynamodb:UpdateItem on arn:aws:dynamodb:us-east-1:222233334444:table/Inventory: allowed (an identity-based policy allows it and nothing limits it); expected allow
        ok   cashier-role-needs-mfa — Switching to the Cashier role needs MFA
             finance/user/carla → sts:AssumeRole on arn:aws:iam::222233334444:role/Cashier: implicitly denied (the resource's own policy (key policy or trust policy) must allow the request, and it does not); expected deny
        ok   hr-admin-limited-by-scp — Even an administrator in HR cannot use services outside the OU's allow-list
             hr/user/hana → ec2:RunInstances on *: implicitly denied (no service control policy at level 1 allows the request); expected implicit deny
        ok   it-admin-unrestricted — IT is outside the OU, so its administrator can launch instances
             it/user/ivan → ec2:RunInstances on *: allowed (an identity-based policy allows it and nothing limits it); expected allow
        ok   nobody-leaves-the-organization — No member account can leave the organization
             it/user/ivan → organizations:LeaveOrganization on *: explicitly denied (an explicit Deny statement applies; a deny always wins); expected explicit deny
        ok   receipts-stay-inside — Nobody outside the organization can read receipts
             nobody outside the organization can s3:GetObject on arn:aws:s3:::awsdoc-example-bucket/receipts/2026-11-29.csv
        ok   who-reads-receipts — Only the cashiers, the Cashier workstation and the finance root user can read receipts
             only the listed principals can s3:GetObject on arn:aws:s3:::awsdoc-example-bucket/receipts/2026-11-29.csv
        11 assertions, 11 passed, 0 failed
    "#]].assert_eq(&text(&out.stdout));
}

// Issue 10 regressions: every query agrees with `can`, and typed input is
// checked the same way on every command.

// EVAL-DEFAULT-IMPLICIT-DENY / EVAL-ROOT-FULL: the root user has complete
// access to its own account, limited only by SCPs; what-can says so too.
#[test]
fn what_can_for_a_root_user_lists_its_account_wide_access() {
    let out = iamplay(&["what-can", "scenarios/coffee-shop.json", "finance/root"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(!stdout.contains("nothing"), "{stdout}");
    assert!(stdout.lines().any(|l| l.trim_start().starts_with("s3 (")), "{stdout}");
}

// COND-MISSING-KEY-POSITIVE-FALSE: the Cashier role's trust policy requires
// MFA; who-can's chains decide AssumeRole with the request's context.
#[test]
fn who_can_chains_use_the_request_context() {
    let args =
        ["who-can", "scenarios/coffee-shop.json", "s3:GetObject", "arn:aws:s3:::awsdoc-example-bucket/receipts/x.csv"];
    let without = text(&iamplay(&args, None).stdout);
    assert!(without.contains("finance/role/Cashier: "), "no chain without MFA: {without}");
    let mut with_mfa = args.to_vec();
    with_mfa.extend(["-c", "aws:MultiFactorAuthPresent=true"]);
    let with = text(&iamplay(&with_mfa, None).stdout);
    assert!(with.contains("finance/role/Cashier (reached by finance/user/carla → assume role)"), "{with}");
}

// XACCT-S3-ARN-NO-ACCOUNT: an undeclared bucket's owner is unknown, never
// every caller's own account.
#[test]
fn an_undeclared_bucket_is_owned_by_nobody_in_the_scenario() {
    let out =
        iamplay(&["who-can", "scenarios/coffee-shop.json", "s3:GetObject", "arn:aws:s3:::cafe-receipts/x.csv"], None);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("owner is unknown"), "{stdout}");
    assert!(!stdout.contains("/root"), "no root user owns an undeclared bucket: {stdout}");
}

// COND-KEY-REQUESTED-REGION-DERIVED: the Region of a regional ARN is the
// requested Region unless the request says otherwise.
#[test]
fn can_derives_the_requested_region_from_the_resource_arn() {
    let out = iamplay(
        &[
            "can",
            "scenarios/coffee-shop.json",
            "finance/root",
            "dynamodb:GetItem",
            "arn:aws:dynamodb:eu-central-1:222233334444:table/T",
        ],
        None,
    );
    let stdout = text(&out.stdout);
    assert!(stdout.contains("note: aws:RequestedRegion=eu-central-1 derived from the resource ARN"), "{stdout}");
}

// Unknown actions get the linter's "did you mean" on every command.
#[test]
fn unknown_actions_are_warned_about_with_a_suggestion() {
    for cmd in ["can", "who-can"] {
        let mut args = vec![cmd, "scenarios/coffee-shop.json"];
        if cmd == "can" {
            args.push("finance/user/ana");
        }
        args.extend(["s3:DeleteObjects", "arn:aws:s3:::awsdoc-example-bucket/x"]);
        let out = iamplay(&args, None);
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("warning: `s3:DeleteObjects` is not an action") && stderr.contains("s3:DeleteObject`"),
            "{cmd}: {stderr}"
        );
    }
}

// COND-* date values: a context value that cannot be read as its key's type
// is invalid input naming the key, as `simulate` treats ContextEntries.
#[test]
fn invalid_context_values_exit_2_naming_the_key() {
    for (cmd, value) in [
        ("can", "aws:CurrentTime=2026-13-45T00:00:00Z"),
        ("who-can", "aws:CurrentTime=banana"),
        ("can", "aws:SourceIp=999.1.1.1"),
    ] {
        let mut args = vec![cmd, "scenarios/coffee-shop.json"];
        if cmd == "can" {
            args.push("finance/user/ana");
        }
        args.extend(["s3:GetObject", "arn:aws:s3:::awsdoc-example-bucket/x", "-c", value]);
        let out = iamplay(&args, None);
        assert_eq!(out.status.code(), Some(2), "{cmd} {value}");
        let key = value.split('=').next().unwrap();
        assert!(text(&out.stderr).contains(&format!("context key `{key}`")), "{}", text(&out.stderr));
    }
}

fn scenario_with_assertion(assertion: &str) -> String {
    format!(
        r#"{{"version": 1, "name": "t", "accounts": [{{"id": "111111111111", "name": "a",
          "resources": [{{"arn": "arn:aws:s3:::receipts"}}],
          "users": [{{"name": "admin", "inlinePolicies": [{{"name": "all", "document":
            {{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "*", "Resource": "*"}}}}}}]}}]}}],
          "assertions": [{assertion}]}}"#
    )
}

// A misspelt action or bucket would make `deny` and `only` assertions pass
// vacuously: they fail unless `allowUnknown` says it is meant.
#[test]
fn assertions_naming_unknown_actions_or_resources_fail() {
    let cases = [
        r#"{"kind": "can", "principal": "a/user/admin", "action": "s3:GetObjekt", "resource": "arn:aws:s3:::receipts/x", "expect": "deny"}"#,
        r#"{"kind": "can", "principal": "a/user/admin", "action": "s3:GetObject", "resource": "arn:aws:s3:::reciepts/x", "expect": "deny"}"#,
        r#"{"kind": "only", "principals": ["a/user/admin"], "action": "s3:DeleteObjectz", "resource": "arn:aws:s3:::receipts/x"}"#,
    ];
    for case in cases {
        let out = iamplay(&["check", "-"], Some(&scenario_with_assertion(case)));
        assert_eq!(out.status.code(), Some(1), "{case}: {}", text(&out.stdout));
        assert!(text(&out.stdout).contains("allowUnknown"), "{}", text(&out.stdout));
        let allowed = case.replacen('{', r#"{"allowUnknown": true, "#, 1);
        // Said to be meant, the assertion is decided as written.
        let out = iamplay(&["check", "-"], Some(&scenario_with_assertion(&allowed)));
        assert!(!text(&out.stdout).contains("allowUnknown"), "{allowed}: {}", text(&out.stdout));
    }
}

#[test]
fn report_exit_codes_formats_and_reproducibility() {
    let code = |args: &[&str]| iamplay(args, None).status.code();
    // Failed controls alone exit 0; --fail-on (any case) exits 1 on that severity or worse.
    assert_eq!(code(&["report", "scenarios/audit-me.json"]), Some(0));
    assert_eq!(code(&["report", "scenarios/audit-me.json", "--fail-on", "HIGH"]), Some(1));
    assert_eq!(code(&["report", "scenarios/audit-me.json", "--fail-on", "critical"]), Some(1));
    assert_eq!(code(&["report", "scenarios/audit-me.json", "--fail-on", "severe"]), Some(2));
    assert_eq!(code(&["report", "scenarios/audit-me.json", "--as-of", "yesterday"]), Some(2));
    assert_eq!(code(&["report", "-"]), Some(2), "empty standard input is no scenario");
    // The scenario's asOf makes the report byte-for-byte reproducible.
    let a = iamplay(&["report", "scenarios/audit-me.json"], None).stdout;
    let b = iamplay(&["report", "scenarios/audit-me.json", "--as-of", "2026-12-01"], None).stdout;
    assert_eq!(a, b);
    let json: serde_json::Value = serde_json::from_slice(&a).unwrap();
    assert_eq!(json["asOf"], "2026-12-01");
    assert!(json["summary"]["failed"].as_u64().unwrap() >= 30);
    let html =
        String::from_utf8(iamplay(&["report", "scenarios/coffee-shop.json", "--format", "html"], None).stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<svg") && html.contains("@media print"));
    assert!(!html.contains("<script") && !html.contains("src=\"http"), "self-contained, no outside requests");
    let md =
        String::from_utf8(iamplay(&["report", "scenarios/coffee-shop.json", "--format", "md"], None).stdout).unwrap();
    assert!(md.starts_with("# Compliance report: Coffee shop"));
}
