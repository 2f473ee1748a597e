#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! `iamplay escalation`, `iamplay findings` and `iamplay lint --format sarif`
//! end to end: shapes and exit statuses (0 ran, found or not; 2 invalid input).

use std::process::{Command, Output};

fn iamplay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iamplay"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

const TRAP: &str = "scenarios/privilege-escalation-trap.json";

#[test]
fn escalation_json_shape_and_exit_codes() {
    let o = iamplay(&["escalation", TRAP, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    let paths = v["paths"].as_array().unwrap();
    assert!(!paths.is_empty());
    for p in paths {
        assert_eq!(p["from"], "orders-dev/user/dave");
        assert_eq!(p["to"], "admin");
        let s = &p["steps"][0];
        assert!(s["technique"].is_string() && s["principal"].is_string() && s["gains"].is_string());
        assert!(s["statement"]["policy"].is_string() && s["statement"]["line"].as_u64().unwrap() >= 1);
    }
    // No path: still 0.
    let o = iamplay(&["escalation", TRAP, "--from", "orders-dev/user/sofia", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(json(&o)["paths"], serde_json::json!([]));
    // An action goal.
    let o = iamplay(&["escalation", TRAP, "--to", "iam:CreateUser", "*", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!json(&o)["paths"].as_array().unwrap().is_empty());
    // Invalid input: 2.
    assert_eq!(iamplay(&["escalation", TRAP, "--from", "orders-dev/user/nobody"]).status.code(), Some(2));
    assert_eq!(iamplay(&["escalation", TRAP, "-c", "novalue"]).status.code(), Some(2));
}

#[test]
fn findings_formats_and_min_severity() {
    let o = iamplay(&["findings", TRAP, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["scenario"], "Privilege escalation trap");
    assert!(v["asOf"].is_string());
    let all = v["findings"].as_array().unwrap().len();
    let o = iamplay(&["findings", TRAP, "--format", "json", "--min-severity", "critical"]);
    let crit = json(&o)["findings"].as_array().unwrap().clone();
    assert!(!crit.is_empty() && crit.len() < all);
    assert!(crit.iter().all(|f| f["severity"] == "CRITICAL"));
    let o = iamplay(&["findings", TRAP, "--format", "sarif"]);
    assert_eq!(o.status.code(), Some(0));
    let log = json(&o);
    iam_findings::sarif::validate(&log).unwrap();
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), all);
    assert_eq!(iamplay(&["findings", TRAP, "--min-severity", "severe"]).status.code(), Some(2));
}

#[test]
fn lint_sarif() {
    let dir = std::env::temp_dir().join(format!("iamplay-sarif-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("p.json");
    std::fs::write(
        &file,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObjekt","Resource":"*"}]}"#,
    )
    .unwrap();
    let o = iamplay(&["lint", "--format", "sarif", file.to_str().unwrap()]);
    let log = json(&o);
    iam_findings::sarif::validate(&log).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        assert!(r["ruleId"].is_string() && r["message"]["text"].is_string());
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        assert!(r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap() >= 1);
    }
    std::fs::remove_dir_all(&dir).ok();
}
