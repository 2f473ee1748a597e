//! `iamplay kms SCENARIO OPERATION --key KEY --as PRINCIPAL`: what AWS KMS
//! answers (policies, grants, key state, key usage) and, for Encrypt,
//! Decrypt and GenerateDataKey, a real result (AES-256-GCM).
//!
//! Key material is made from the OS's random source when first needed and
//! lives only in this process's memory: a ciphertext printed by one run can
//! not be decrypted by another (InvalidCiphertextException). To see a
//! round trip, give `Decrypt` a `--plaintext`: it is first encrypted under
//! the key (as KMS itself would, no authorization asked), then decrypted as
//! PRINCIPAL. Exit 0 when the operation succeeds, 1 when KMS refuses it, 2
//! for bad input.

use super::Format;
use crate::exit::Exit;
use crate::scenario::{load, parse_context, principal as resolve};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use iam_core::ContextValue;
use iam_kms::crypto::{CryptoError, Keyring};
use iam_kms::{EncryptionContext, Operation, authorize};
use iam_wire::explain::{PolicyView, render_body_with, scenario_reason_text};
use iam_wire::kms::{decision_name, summary, verdict_json};
use serde_json::{Value, json};

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (JSON or YAML; `-` for standard input).
    scenario: String,
    /// The KMS operation: `Encrypt`, `Decrypt`, `GenerateDataKey`, `DisableKey`, `ScheduleKeyDeletion`, ...
    operation: String,
    /// The key: its ARN, its ID, or an alias (`alias/orders`).
    #[arg(long)]
    key: String,
    /// `account/user/NAME`, `account/role/NAME`, `account/root`, or an ARN.
    #[arg(long = "as", value_name = "PRINCIPAL")]
    principal: String,
    /// The encryption context, `KEY=VALUE` (repeat for several pairs).
    #[arg(long = "context", short = 'c', value_name = "KEY=VALUE")]
    context: Vec<String>,
    /// Other request context (`kms:GrantOperations=Decrypt`, ...), `KEY=VALUE`.
    #[arg(long = "request-context", value_name = "KEY=VALUE")]
    request_context: Vec<String>,
    /// The request comes through this service (`kms:ViaService`, such as `s3.us-east-1.amazonaws.com`).
    #[arg(long, value_name = "SERVICE")]
    via_service: Option<String>,
    /// Text to encrypt (Encrypt), or to encrypt first and then decrypt as PRINCIPAL (Decrypt).
    #[arg(long, conflicts_with = "ciphertext")]
    plaintext: Option<String>,
    /// A ciphertext blob in base64 to decrypt (made by this process only: see the help).
    #[arg(long)]
    ciphertext: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

fn encryption_context(pairs: &[String]) -> Result<EncryptionContext, String> {
    let mut out = EncryptionContext::new();
    for p in pairs {
        let (k, v) = p.split_once('=').ok_or_else(|| format!("`{p}`: write the encryption context as KEY=VALUE"))?;
        if out.insert(k.to_string(), v.to_string()).is_some() {
            return Err(format!("`{k}` is given twice: an encryption context has one value per key"));
        }
    }
    Ok(out)
}

/// The real result of a cryptographic operation that KMS performs.
fn perform(
    args: &Args,
    op: Operation,
    key_arn: &str,
    ec: &EncryptionContext,
    ring: &mut Keyring,
) -> Result<Value, CryptoError> {
    Ok(match op {
        Operation::Encrypt => {
            let blob = ring.encrypt(key_arn, ec, args.plaintext.as_deref().unwrap_or("").as_bytes())?;
            json!({"ciphertextBlob": B64.encode(blob), "keyMaterial": "in this process's memory only"})
        }
        Operation::Decrypt => {
            let blob = match (&args.plaintext, &args.ciphertext) {
                (Some(text), _) => ring.encrypt(key_arn, ec, text.as_bytes())?,
                (None, Some(b64)) => B64.decode(b64.trim()).map_err(|_| CryptoError::InvalidCiphertext)?,
                (None, None) => return Ok(Value::Null),
            };
            let (_, plain) = ring.decrypt(&blob, ec)?;
            json!({
                "ciphertextBlob": B64.encode(&blob),
                "plaintext": String::from_utf8_lossy(&plain),
            })
        }
        Operation::GenerateDataKey | Operation::GenerateDataKeyWithoutPlaintext => {
            let dk = ring.generate_data_key(key_arn, ec)?;
            let mut out = json!({"ciphertextBlob": B64.encode(&dk.ciphertext_blob)});
            if op == Operation::GenerateDataKey {
                // Envelope encryption: encrypt the plaintext locally with the data key.
                let text = args.plaintext.as_deref().unwrap_or("");
                let sealed = iam_kms::crypto::encrypt_locally(&dk.plaintext, text.as_bytes())?;
                if let Some(o) = out.as_object_mut() {
                    o.insert("encryptedLocally".into(), B64.encode(sealed).into());
                    o.insert("note".into(), "the plaintext data key was used once and is not printed".into());
                }
            }
            out
        }
        _ => Value::Null,
    })
}

pub fn run(args: &Args) -> Exit {
    let Some(op) = Operation::parse(&args.operation) else {
        let all: Vec<&str> = Operation::ALL.iter().map(|o| o.name()).collect();
        eprintln!("error: `{}` is not a KMS operation: {}", args.operation, all.join(", "));
        return Exit::BadInput;
    };
    let loaded = match load(&args.scenario) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let Some(key) = loaded.kms_keys.iter().find(|k| k.is_named(&args.key)) else {
        eprintln!("error: no KMS key `{}` in the scenario (give a key ARN, key ID or alias)", args.key);
        return Exit::BadInput;
    };
    let principal = match resolve(&loaded, &args.principal) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let ec = match encryption_context(&args.context) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::BadInput;
        }
    };
    let mut given = match parse_context(&args.request_context) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::BadInput;
        }
    };
    if let Some(s) = &args.via_service {
        given.insert("kms:ViaService", ContextValue::single(s.clone()));
    }
    let model = &loaded.model;
    let verdict = match authorize(model, key, &principal, op, &ec, &given) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::BadInput;
        }
    };
    let mut ring = Keyring::new();
    let result = if verdict.error.is_none() { Some(perform(args, op, &key.arn, &ec, &mut ring)) } else { None };
    let crypto_error = match &result {
        Some(Err(e)) => Some(e.clone()),
        _ => None,
    };
    let label = model.principal_label(&principal);
    let lookup = |i: usize| {
        let id = verdict.policies.policy_ids.get(i).copied().flatten()?;
        let p = model.policy(id)?;
        Some(PolicyView { label: &p.label, source: &p.source, origin: None, compiled: &p.compiled })
    };
    match args.format {
        Format::Json => {
            let mut json = verdict_json(key, &label, &verdict, &lookup);
            if let Some(obj) = json.as_object_mut() {
                match &result {
                    Some(Ok(v)) if !v.is_null() => {
                        obj.insert("result".into(), v.clone());
                    }
                    Some(Err(e)) => {
                        obj.insert("error".into(), crypto_exception(e).into());
                        obj.insert("cryptoError".into(), e.to_string().into());
                    }
                    _ => {}
                }
            }
            crate::outln!("{json}");
        }
        Format::Text => {
            let mut out = format!(
                "{label} → kms:{} on {}: {}\n  key state: {}\n",
                op.name(),
                key.arn,
                decision_name(verdict.decision),
                key.state.name()
            );
            out.push_str(&format!("  {}\n", summary(key, &verdict)));
            for g in verdict.grants.iter().filter_map(|i| key.grants.get(*i)) {
                out.push_str(&format!("  grant {} allows it\n", g.id));
            }
            match &result {
                Some(Ok(Value::Object(o))) => {
                    for (k, v) in o {
                        out.push_str(&format!("  {k}: {}\n", v.as_str().unwrap_or_default()));
                    }
                }
                Some(Err(e)) => out.push_str(&format!("  {}: {e}\n", crypto_exception(e))),
                _ => {}
            }
            out.push_str(&format!(
                "  the policies{}:\n",
                if verdict.by_grant { " alone (the grant adds its operations)" } else { "" }
            ));
            let account = verdict.policies.resource_account.as_deref();
            let title = |l| iam_wire::explain::layer_title(model, l, &principal, account);
            let why = scenario_reason_text(model, verdict.policies.explanation.reason, &principal, account);
            render_body_with(&verdict.policies.explanation, &lookup, &title, &why, &mut out);
            crate::out!("{out}");
        }
    }
    if verdict.error.is_some() || crypto_error.is_some() { Exit::Failed } else { Exit::Ok }
}

fn crypto_exception(e: &CryptoError) -> &'static str {
    match e {
        CryptoError::InvalidCiphertext | CryptoError::UnknownKey(_) => "InvalidCiphertextException",
        CryptoError::Random(_) | CryptoError::KeyIdTooLong => "KMSInternalException",
    }
}
