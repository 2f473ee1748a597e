#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! `iamplay lint`: output shapes and exit statuses.

use std::io::Write;
use std::process::{Command, Stdio};

fn iamplay(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iamplay"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The command may exit before reading its input (bad arguments): a broken pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

const BAD: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:ListObject", "Resource": "arn:aws:s3:::receipts"}]
}"#;

const GOOD: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::receipts"}]
}"#;

#[test]
fn json_output_is_an_array_of_findings_and_errors_fail() {
    let (code, out, _) = iamplay(&["lint", "--format", "json", "-"], BAD);
    assert_eq!(code, 1, "an ERROR finding fails the check");
    let findings: serde_json::Value = serde_json::from_str(&out).unwrap();
    let first = &findings[0];
    assert_eq!(first["path"], "-");
    assert_eq!((first["line"].as_u64(), first["column"].as_u64()), (Some(3), Some(47)));
    assert_eq!(first["severity"], "ERROR");
    assert_eq!(first["code"], "unknown-action");
    assert!(first["message"].as_str().unwrap().contains("`s3:ListObject`"));
    assert!(first["hint"].as_str().unwrap().contains("s3:ListBucket"));
    let keys: Vec<&String> = first.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["path", "line", "column", "severity", "code", "message", "hint"]);
}

#[test]
fn clean_policies_pass_and_warnings_do_not_fail() {
    let (code, out, _) = iamplay(&["lint", "--format", "json", "-"], GOOD);
    assert_eq!((code, out.trim()), (0, "[]"));
    let public = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}]}"#;
    let (code, out, _) = iamplay(&["lint", "--type", "resource", "-"], public);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("SECURITY_WARNING public-access"), "{out}");
    assert!(out.ends_with("1 file(s): 0 error(s), 1 security warning(s), 0 warning(s), 0 suggestion(s)\n"), "{out}");
}

#[test]
fn policy_type_changes_the_rules() {
    let scp = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}"#;
    let (code, out, _) = iamplay(&["lint", "--type", "scp", "-"], scp);
    assert_eq!(code, 1);
    assert!(out.contains("principal-not-allowed"), "{out}");
    let (code, _, err) = iamplay(&["lint", "--type", "nonsense", "-"], scp);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn files_and_directories() {
    let dir = std::env::temp_dir().join(format!("iamplay-lint-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("nested")).unwrap();
    std::fs::write(dir.join("good.json"), GOOD).unwrap();
    std::fs::write(dir.join("nested/bad.json"), BAD).unwrap();
    std::fs::write(dir.join("notes.txt"), "not a policy").unwrap();
    let (code, out, _) = iamplay(&["lint", dir.to_str().unwrap()], "");
    assert_eq!(code, 1);
    assert!(out.contains("nested/bad.json:3:47: ERROR unknown-action"), "{out}");
    assert!(out.contains("2 file(s)"), "{out}");
    let (code, _, err) = iamplay(&["lint", dir.join("missing.json").to_str().unwrap()], "");
    assert_eq!(code, 3, "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
