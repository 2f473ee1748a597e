#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! Inputs from anywhere: a byte-order mark, bytes that are not UTF-8, and
//! inputs built to take long or expand: every one is answered, the costly
//! ones with a located error.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn iamplay(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iamplay"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let bytes = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&bytes);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

const BOM: &[u8] = b"\xef\xbb\xbf";

const SIM: &str = r#"{"PolicyInputList": ["{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"],
  "ActionNames": ["s3:GetObject"], "ResourceArns": ["arn:aws:s3:::b/k"]}"#;

const POLICY: &str =
    r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#;

fn with_bom(s: &str) -> Vec<u8> {
    [BOM, s.as_bytes()].concat()
}

#[test]
fn a_byte_order_mark_is_accepted_by_every_reader() {
    let out = iamplay(&["simulate", "--input", "-"], &with_bom(SIM));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = iamplay(&["lint", "-"], &with_bom(POLICY));
    assert!(!text(&out.stdout).contains("unexpected"), "{}", text(&out.stdout));
    assert_ne!(out.status.code(), Some(2), "{}{}", text(&out.stdout), text(&out.stderr));
    let scenario =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/coffee-shop.json")).unwrap();
    let out = iamplay(&["check", "-"], &with_bom(&scenario));
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));
}

#[test]
fn bytes_that_are_not_utf8_are_invalid_input_at_their_offset() {
    let mut bytes = b"{\"PolicyInputList\": [\"".to_vec();
    bytes.push(0xff);
    bytes.extend_from_slice(b"\"]}");
    for args in [&["simulate", "--input", "-"][..], &["lint", "-"], &["check", "-"]] {
        let out = iamplay(args, &bytes);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("invalid byte 0xff at byte offset 22 (line 1)"), "{}", text(&out.stderr));
    }
}

#[test]
fn yaml_aliases_expand_within_a_budget_and_the_error_has_a_position() {
    // A 1 MB string repeated by 1,000 aliases would be a gigabyte.
    let big = "x".repeat(1_000_000);
    let aliases = vec!["*a"; 1_000].join(", ");
    let yaml = format!("version: 1\nname: &a \"{big}\"\ndescription: [{aliases}]\naccounts: []\n");
    let out = iamplay(&["check", "-"], yaml.as_bytes());
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("expands (through aliases) to more than 16 MB"), "{err}");
    // At the anchored value the aliases repeat, with the path of the alias that went over.
    assert!(err.contains("2:7: description[16]"), "{err}");
    assert!(err.len() < 2_000, "the error does not echo the input: {} bytes", err.len());
    // A few aliases are fine.
    let small = "version: 1\nname: &n shop\ndescription: *n\naccounts: []\n";
    let out = iamplay(&["check", "-"], small.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn deeply_nested_yaml_is_refused_before_it_is_read() {
    // 200 KB of nested flow collections: refused at once, at the bracket too deep.
    let yaml = format!("version: 1\nname: x\naccounts: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let out = iamplay(&["check", "-"], yaml.as_bytes());
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("3:75") && err.contains("nested more than 64 deep"), "{err}");
}

#[test]
fn jsonl_answers_each_line_and_a_bad_line_fails_only_itself() {
    let good = SIM.replace('\n', " ");
    let mut input = Vec::new();
    input.extend_from_slice(BOM);
    input.extend_from_slice(good.as_bytes());
    input.extend_from_slice(b"\n{not json\n\xff\xfe\n\n");
    input.extend_from_slice(good.as_bytes());
    input.extend_from_slice(b"\r\n");
    let out = iamplay(&["simulate", "--input", "-", "--jsonl"], &input);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["EvaluationResults"][0]["EvalDecision"], "allowed");
    assert!(lines[1]["Error"].as_str().unwrap().starts_with("line 2:"), "{}", lines[1]);
    assert!(lines[2]["Error"].as_str().unwrap().contains("line 3: not UTF-8 text"), "{}", lines[2]);
    assert_eq!(lines[3], lines[0]);
}

#[test]
fn a_large_simulation_is_written_as_it_is_evaluated() {
    // 100 × 100 pairs, written one by one, read back as one response.
    let actions: Vec<String> = (0..100).map(|i| format!("\"s3:GetObject{i}\"")).collect();
    let resources: Vec<String> = (0..100).map(|i| format!("\"arn:aws:s3:::b/{i}\"")).collect();
    let input = format!(
        r#"{{"PolicyInputList": ["{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}]}}"],
          "ActionNames": [{}], "ResourceArns": [{}]}}"#,
        actions.join(","),
        resources.join(",")
    );
    let out = iamplay(&["simulate", "--input", "-"], input.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["EvaluationResults"].as_array().unwrap().len(), 10_000);
    assert_eq!(v["IsTruncated"], false);
}
