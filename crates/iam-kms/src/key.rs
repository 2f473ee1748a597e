//! A KMS key as AWS KMS keeps it: spec, usage, state, rotation, aliases, grants.

use crate::ops::Operation;
use iam_core::model::PrincipalRef;
use std::collections::BTreeMap;

/// An encryption context: pairs of text, kept sorted by key (its canonical order).
pub type EncryptionContext = BTreeMap<String, String>;

/// `KeySpec` of CreateKey.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum KeySpec {
    #[default]
    SymmetricDefault,
    Hmac224,
    Hmac256,
    Hmac384,
    Hmac512,
    Rsa2048,
    Rsa3072,
    Rsa4096,
    EccNistP256,
    EccNistP384,
    EccNistP521,
    EccSecgP256k1,
}

impl KeySpec {
    pub fn name(self) -> &'static str {
        match self {
            KeySpec::SymmetricDefault => "SYMMETRIC_DEFAULT",
            KeySpec::Hmac224 => "HMAC_224",
            KeySpec::Hmac256 => "HMAC_256",
            KeySpec::Hmac384 => "HMAC_384",
            KeySpec::Hmac512 => "HMAC_512",
            KeySpec::Rsa2048 => "RSA_2048",
            KeySpec::Rsa3072 => "RSA_3072",
            KeySpec::Rsa4096 => "RSA_4096",
            KeySpec::EccNistP256 => "ECC_NIST_P256",
            KeySpec::EccNistP384 => "ECC_NIST_P384",
            KeySpec::EccNistP521 => "ECC_NIST_P521",
            KeySpec::EccSecgP256k1 => "ECC_SECG_P256K1",
        }
    }

    /// The usages KMS accepts for this spec (KMS-KEY-SPEC-USAGE); the first is the default.
    pub fn usages(self) -> &'static [KeyUsage] {
        use KeyUsage::*;
        match self {
            KeySpec::SymmetricDefault => &[EncryptDecrypt],
            KeySpec::Hmac224 | KeySpec::Hmac256 | KeySpec::Hmac384 | KeySpec::Hmac512 => &[GenerateVerifyMac],
            KeySpec::Rsa2048 | KeySpec::Rsa3072 | KeySpec::Rsa4096 => &[EncryptDecrypt, SignVerify],
            KeySpec::EccNistP256 | KeySpec::EccNistP384 | KeySpec::EccNistP521 => &[SignVerify, KeyAgreement],
            KeySpec::EccSecgP256k1 => &[SignVerify],
        }
    }

    pub fn default_usage(self) -> KeyUsage {
        self.usages().first().copied().unwrap_or(KeyUsage::EncryptDecrypt)
    }

    pub fn is_symmetric(self) -> bool {
        self == KeySpec::SymmetricDefault
    }
}

/// `KeyUsage` of CreateKey.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyUsage {
    EncryptDecrypt,
    SignVerify,
    GenerateVerifyMac,
    KeyAgreement,
}

impl KeyUsage {
    pub fn name(self) -> &'static str {
        match self {
            KeyUsage::EncryptDecrypt => "ENCRYPT_DECRYPT",
            KeyUsage::SignVerify => "SIGN_VERIFY",
            KeyUsage::GenerateVerifyMac => "GENERATE_VERIFY_MAC",
            KeyUsage::KeyAgreement => "KEY_AGREEMENT",
        }
    }
}

/// `KeyState` of DescribeKey.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum KeyState {
    #[default]
    Enabled,
    Disabled,
    PendingDeletion,
    PendingImport,
    Unavailable,
}

impl KeyState {
    pub const ALL: [KeyState; 5] = [
        KeyState::Enabled,
        KeyState::Disabled,
        KeyState::PendingDeletion,
        KeyState::PendingImport,
        KeyState::Unavailable,
    ];

    pub fn name(self) -> &'static str {
        match self {
            KeyState::Enabled => "Enabled",
            KeyState::Disabled => "Disabled",
            KeyState::PendingDeletion => "PendingDeletion",
            KeyState::PendingImport => "PendingImport",
            KeyState::Unavailable => "Unavailable",
        }
    }
}

/// Automatic key rotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rotation {
    pub enabled: bool,
    /// 90 to 2560 days (KMS-ROTATION-PERIOD).
    pub period_days: u32,
    /// Milliseconds since the epoch.
    pub last_rotated: Option<i64>,
}

/// A grant constraint on the request's encryption context (KMS-GRANT-CONSTRAINTS).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GrantConstraint {
    /// The request's context must be exactly these pairs.
    Equals(EncryptionContext),
    /// The request's context must include these pairs (and may have more).
    Subset(EncryptionContext),
}

impl GrantConstraint {
    /// Whether the request's encryption context satisfies the constraint.
    pub fn holds(&self, request: &EncryptionContext) -> bool {
        match self {
            GrantConstraint::Equals(pairs) => pairs == request,
            GrantConstraint::Subset(pairs) => pairs.iter().all(|(k, v)| request.get(k) == Some(v)),
        }
    }
}

/// A grant on a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    pub id: String,
    pub name: String,
    pub grantee: PrincipalRef,
    pub operations: Vec<Operation>,
    pub constraint: Option<GrantConstraint>,
    pub retiring: Option<PrincipalRef>,
}

/// A KMS key of the scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    /// `arn:aws:kms:REGION:ACCOUNT:key/ID`.
    pub arn: String,
    /// The account that owns the key (12 digits).
    pub account: String,
    pub aliases: Vec<String>,
    pub description: String,
    pub spec: KeySpec,
    pub usage: KeyUsage,
    pub state: KeyState,
    /// For `PendingDeletion`: milliseconds since the epoch.
    pub deletion_date: Option<i64>,
    /// For `PendingDeletion`: 7 to 30 days.
    pub pending_window_days: Option<u32>,
    pub rotation: Option<Rotation>,
    pub multi_region: bool,
    /// Managed by AWS (`alias/aws/SERVICE`): its key policy is AWS's.
    pub aws_managed: bool,
    pub grants: Vec<Grant>,
}

impl Key {
    /// A new enabled symmetric key without grants.
    pub fn new(arn: impl Into<String>, account: impl Into<String>) -> Self {
        Self {
            arn: arn.into(),
            account: account.into(),
            aliases: Vec::new(),
            description: String::new(),
            spec: KeySpec::SymmetricDefault,
            usage: KeyUsage::EncryptDecrypt,
            state: KeyState::Enabled,
            deletion_date: None,
            pending_window_days: None,
            rotation: None,
            multi_region: false,
            aws_managed: false,
            grants: Vec::new(),
        }
    }

    /// The key ID: the ARN's last part (`1234abcd-...`, `mrk-...` for multi-Region keys).
    pub fn id(&self) -> &str {
        self.arn.rsplit('/').next().unwrap_or(&self.arn)
    }

    /// Whether `text` names this key: its ARN, its ID, an alias or an alias ARN.
    pub fn is_named(&self, text: &str) -> bool {
        text == self.arn
            || text == self.id()
            || self.aliases.iter().any(|a| a == text || text.strip_suffix(a.as_str()).is_some_and(|p| p.ends_with(':')))
    }
}

/// Whether `KEY/ID` is the ARN of a KMS key (not an alias).
pub fn is_key_arn(arn: &str) -> bool {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(_), Some("kms"), Some(region), Some(account), Some(res)) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    !region.is_empty() && account.len() == 12 && res.strip_prefix("key/").is_some_and(|id| !id.is_empty())
}
