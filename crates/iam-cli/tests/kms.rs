#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! `iamplay kms` end to end: encrypt, decrypt as another principal, disable
//! the key, decrypt fails with the state's exception; exit statuses 0/1/2;
//! the JSON's shape (KMS-STATE-CRYPTO, KMS-GRANT-CONSTRAINTS, KMS-NO-IMPLICIT).

use serde_json::Value;
use std::process::{Command, Output};

const SCENARIO: &str = "tests/corpus-kms/scenario.json";

fn iamplay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iamplay"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

fn kms(scenario: &str, op: &str, who: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["kms", scenario, op, "--key", "alias/orders", "--as", who, "--format", "json"];
    args.extend_from_slice(extra);
    let o = iamplay(&args);
    (o.status.code().unwrap(), json(&o))
}

#[test]
fn encrypt_then_decrypt_as_another_principal_then_disable() {
    // Alice encrypts (the default key policy delegates to her IAM policy).
    let (code, v) = kms(SCENARIO, "Encrypt", "prod/user/alice", &["--plaintext", "secret", "-c", "dept=eng"]);
    assert_eq!(code, 0);
    assert_eq!(v["decision"], "allowed");
    assert_eq!(v["error"], Value::Null);
    assert!(v["result"]["ciphertextBlob"].as_str().unwrap().len() > 40);
    for field in ["operation", "key", "principal", "decision", "keyState", "error", "grants", "explanation"] {
        assert!(v.get(field).is_some(), "{field}");
    }
    // Bob decrypts through his grant only with the exact context.
    let (code, v) = kms(SCENARIO, "Decrypt", "prod/user/bob", &["--plaintext", "secret", "-c", "dept=eng"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["result"]["plaintext"], "secret");
    assert_eq!(v["grants"][0]["id"], "g-equals");
    assert_eq!(v["explanation"]["byGrant"], true);
    let (code, v) = kms(SCENARIO, "Decrypt", "prod/user/bob", &["--plaintext", "secret", "-c", "dept=ops"]);
    assert_eq!(code, 1);
    assert_eq!(v["decision"], "implicitDeny");
    assert_eq!(v["error"], "AccessDeniedException");
    assert!(v.get("result").is_none());
    // Disable the key: the same decryption fails with DisabledException.
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../", "tests/corpus-kms/scenario.json"))
            .unwrap();
    let disabled = text.replacen(r#""aliases": ["#, r#""keyState": "Disabled", "aliases": ["#, 1);
    assert_ne!(disabled, text);
    let path = std::env::temp_dir().join(format!("iamplay-kms-disabled-{}.json", std::process::id()));
    std::fs::write(&path, disabled).unwrap();
    let (code, v) =
        kms(path.to_str().unwrap(), "Decrypt", "prod/user/bob", &["--plaintext", "secret", "-c", "dept=eng"]);
    assert_eq!(code, 1);
    assert_eq!(v["decision"], "allowed");
    assert_eq!(v["keyState"], "Disabled");
    assert_eq!(v["error"], "DisabledException");
    let (code, v) = kms(path.to_str().unwrap(), "EnableKey", "prod/user/alice", &[]);
    assert_eq!((code, v["error"].clone()), (0, Value::Null));
    std::fs::remove_file(&path).ok();
}

#[test]
fn a_ciphertext_from_another_run_cannot_be_decrypted() {
    let (_, v) = kms(SCENARIO, "Encrypt", "prod/user/alice", &["--plaintext", "x"]);
    let blob = v["result"]["ciphertextBlob"].as_str().unwrap().to_string();
    let (code, v) = kms(SCENARIO, "Decrypt", "prod/user/alice", &["--ciphertext", &blob]);
    assert_eq!(code, 1);
    assert_eq!(v["decision"], "allowed");
    assert_eq!(v["error"], "InvalidCiphertextException");
}

#[test]
fn generate_data_key_encrypts_locally_without_printing_the_data_key() {
    let (code, v) = kms(SCENARIO, "GenerateDataKey", "prod/user/alice", &["--plaintext", "big file"]);
    assert_eq!(code, 0);
    assert!(v["result"]["ciphertextBlob"].is_string());
    assert!(v["result"]["encryptedLocally"].is_string());
    assert!(v["result"].get("plaintext").is_none());
}

#[test]
fn bad_input_exits_2_and_text_explains() {
    for args in [
        vec!["kms", SCENARIO, "Frobnicate", "--key", "alias/orders", "--as", "prod/user/alice"],
        vec!["kms", SCENARIO, "Decrypt", "--key", "alias/nope", "--as", "prod/user/alice"],
        vec!["kms", SCENARIO, "Decrypt", "--key", "alias/orders", "--as", "prod/user/nobody"],
        vec!["kms", SCENARIO, "Decrypt", "--key", "alias/orders", "--as", "prod/user/alice", "-c", "novalue"],
    ] {
        assert_eq!(iamplay(&args).status.code(), Some(2), "{args:?}");
    }
    let o = iamplay(&["kms", SCENARIO, "Decrypt", "--key", "alias/orders", "--as", "prod/user/bob", "-c", "dept=eng"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("grant g-equals allows it"), "{out}");
    let o = iamplay(&["kms", SCENARIO, "ScheduleKeyDeletion", "--key", "alias/orders", "--as", "partner/user/dave"]);
    assert_eq!(o.status.code(), Some(1));
}
