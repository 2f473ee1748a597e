//! KMS operations, which key usages accept them, and the key-state table
//! (KMS-KEY-STATE-TABLE) as data.

use crate::key::{KeyState, KeyUsage};

macro_rules! operations {
    ($($op:ident),* $(,)?) => {
        /// A KMS API operation on a key (its IAM action is `kms:` + its name).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Operation { $($op),* }
        impl Operation {
            pub const ALL: &'static [Operation] = &[$(Operation::$op),*];
            /// The API name (`Decrypt`).
            pub fn name(self) -> &'static str {
                match self { $(Operation::$op => stringify!($op)),* }
            }
        }
    };
}

operations!(
    Encrypt,
    Decrypt,
    ReEncryptFrom,
    ReEncryptTo,
    GenerateDataKey,
    GenerateDataKeyWithoutPlaintext,
    GenerateDataKeyPair,
    GenerateDataKeyPairWithoutPlaintext,
    GenerateMac,
    VerifyMac,
    Sign,
    Verify,
    GetPublicKey,
    DeriveSharedSecret,
    DescribeKey,
    EnableKey,
    DisableKey,
    ScheduleKeyDeletion,
    CancelKeyDeletion,
    PutKeyPolicy,
    GetKeyPolicy,
    CreateGrant,
    ListGrants,
    RetireGrant,
    RevokeGrant,
    EnableKeyRotation,
    DisableKeyRotation,
    GetKeyRotationStatus,
    RotateKeyOnDemand,
    TagResource,
    UntagResource,
    UpdateKeyDescription,
    CreateAlias,
    DeleteAlias,
);

/// The operations a grant may list (KMS-GRANT-OPERATIONS).
pub const GRANT_OPERATIONS: &[Operation] = &[
    Operation::Decrypt,
    Operation::DescribeKey,
    Operation::Encrypt,
    Operation::GenerateDataKey,
    Operation::GenerateDataKeyPair,
    Operation::GenerateDataKeyPairWithoutPlaintext,
    Operation::GenerateDataKeyWithoutPlaintext,
    Operation::GenerateMac,
    Operation::GetPublicKey,
    Operation::ReEncryptFrom,
    Operation::ReEncryptTo,
    Operation::RetireGrant,
    Operation::Sign,
    Operation::Verify,
    Operation::VerifyMac,
    Operation::CreateGrant,
    Operation::DeriveSharedSecret,
];

/// Grant operations that take an encryption context, so that a grant with
/// constraints may list them (KMS-GRANT-CONSTRAINTS).
pub const CONTEXT_OPERATIONS: &[Operation] = &[
    Operation::Decrypt,
    Operation::Encrypt,
    Operation::GenerateDataKey,
    Operation::GenerateDataKeyPair,
    Operation::GenerateDataKeyPairWithoutPlaintext,
    Operation::GenerateDataKeyWithoutPlaintext,
    Operation::ReEncryptFrom,
    Operation::ReEncryptTo,
    Operation::RetireGrant,
    Operation::DescribeKey,
    Operation::CreateGrant,
];

impl Operation {
    /// `Decrypt`, `kms:Decrypt` or `decrypt` (case-insensitive).
    pub fn parse(text: &str) -> Option<Operation> {
        let name = text.strip_prefix("kms:").unwrap_or(text);
        Operation::ALL.iter().copied().find(|op| op.name().eq_ignore_ascii_case(name))
    }

    /// The IAM action (`kms:Decrypt`).
    pub fn action(self) -> String {
        format!("kms:{}", self.name())
    }

    /// A cryptographic operation (KMS-KEY-USAGE-OPS): it uses the key material.
    pub fn is_cryptographic(self) -> bool {
        self.usage().is_some()
    }

    /// The key usages that accept this cryptographic operation; `None` for
    /// management operations (KMS-KEY-USAGE-OPS).
    pub fn usage(self) -> Option<&'static [KeyUsage]> {
        use KeyUsage::*;
        use Operation::*;
        Some(match self {
            Encrypt | Decrypt | ReEncryptFrom | ReEncryptTo => &[EncryptDecrypt],
            GenerateDataKey
            | GenerateDataKeyWithoutPlaintext
            | GenerateDataKeyPair
            | GenerateDataKeyPairWithoutPlaintext => &[EncryptDecrypt],
            GenerateMac | VerifyMac => &[GenerateVerifyMac],
            Sign | Verify => &[SignVerify],
            DeriveSharedSecret => &[KeyAgreement],
            GetPublicKey => &[EncryptDecrypt, SignVerify, KeyAgreement],
            _ => return None,
        })
    }

    /// Whether the operation takes an encryption context.
    pub fn takes_context(self) -> bool {
        CONTEXT_OPERATIONS.contains(&self) && self != Operation::DescribeKey && self != Operation::RetireGrant
    }
}

/// What a key state does to an operation: succeed, or fail with this exception.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateRule {
    Ok,
    /// `DisabledException`.
    Disabled,
    /// `KMSInvalidStateException`.
    InvalidState,
}

use StateRule::{Disabled as D, InvalidState as X, Ok as Y};

/// The key-state table (KMS-KEY-STATE-TABLE): per kind of operation, the rule
/// in each state, in the order of [`KeyState::ALL`]: Enabled, Disabled,
/// PendingDeletion, PendingImport, Unavailable.
const TABLE: &[(&[Operation], [StateRule; 5])] = &[
    // Cryptographic operations: only an enabled key (KMS-STATE-CRYPTO).
    (
        &[
            Operation::Encrypt,
            Operation::Decrypt,
            Operation::ReEncryptFrom,
            Operation::ReEncryptTo,
            Operation::GenerateDataKey,
            Operation::GenerateDataKeyWithoutPlaintext,
            Operation::GenerateDataKeyPair,
            Operation::GenerateDataKeyPairWithoutPlaintext,
            Operation::GenerateMac,
            Operation::VerifyMac,
            Operation::Sign,
            Operation::Verify,
            Operation::GetPublicKey,
            Operation::DeriveSharedSecret,
        ],
        [Y, D, X, X, X],
    ),
    // Reading about the key and removing grants and aliases: any state.
    (
        &[
            Operation::DescribeKey,
            Operation::GetKeyPolicy,
            Operation::ListGrants,
            Operation::RetireGrant,
            Operation::RevokeGrant,
            Operation::DeleteAlias,
            Operation::GetKeyRotationStatus,
        ],
        [Y, Y, Y, Y, Y],
    ),
    // Enabling and disabling: not while pending deletion or import.
    (&[Operation::EnableKey, Operation::DisableKey], [Y, Y, X, X, X]),
    // Scheduling deletion: not twice.
    (&[Operation::ScheduleKeyDeletion], [Y, Y, X, Y, Y]),
    // Cancelling deletion: only while pending deletion (KMS-STATE-CANCEL).
    (&[Operation::CancelKeyDeletion], [X, X, Y, X, X]),
    // Changing the key: any state but pending deletion.
    (
        &[
            Operation::PutKeyPolicy,
            Operation::CreateGrant,
            Operation::TagResource,
            Operation::UntagResource,
            Operation::UpdateKeyDescription,
            Operation::CreateAlias,
        ],
        [Y, Y, X, Y, Y],
    ),
    // Rotation: key material is needed.
    (&[Operation::EnableKeyRotation, Operation::DisableKeyRotation, Operation::RotateKeyOnDemand], [Y, D, X, X, X]),
];

/// The exception KMS answers for `op` on a key in `state`, or `None` when the
/// state allows it (KMS-KEY-STATE-TABLE).
pub fn state_error(op: Operation, state: KeyState) -> Option<&'static str> {
    let column = KeyState::ALL.iter().position(|s| *s == state)?;
    let rule = TABLE.iter().find(|(ops, _)| ops.contains(&op)).and_then(|(_, rules)| rules.get(column).copied())?;
    match rule {
        StateRule::Ok => None,
        StateRule::Disabled => Some("DisabledException"),
        StateRule::InvalidState => Some("KMSInvalidStateException"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_is_in_exactly_one_row_of_the_state_table() {
        for op in Operation::ALL {
            let rows = TABLE.iter().filter(|(ops, _)| ops.contains(op)).count();
            assert_eq!(rows, 1, "{}", op.name());
        }
    }

    #[test]
    fn parse_takes_api_and_action_names() {
        assert_eq!(Operation::parse("kms:Decrypt"), Some(Operation::Decrypt));
        assert_eq!(Operation::parse("generatedatakey"), Some(Operation::GenerateDataKey));
        assert_eq!(Operation::parse("Frobnicate"), None);
    }
}
