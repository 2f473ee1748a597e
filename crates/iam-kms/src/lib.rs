//! AWS KMS keys as the KMS Developer Guide describes them: key specs and
//! usages, key states and what each allows (as data, [`ops::state_error`]),
//! grants and their encryption-context constraints, the default key policy,
//! and authorization ([`authorize`]) built on the IAM engine's decision (the
//! key policy must allow, cross-account limits: `iam-core`). With the
//! `crypto` feature, real AES-256-GCM encryption with key material that lives
//! only in memory ([`crypto`]).
//!
//! No I/O, no serde: the scenario's `kms` fields are read by `iam-wire`.

pub mod authorize;
#[cfg(feature = "crypto")]
pub mod crypto;
pub mod key;
pub mod ops;
pub mod policy;

pub use authorize::{KmsDecision, KmsError, KmsVerdict, authorize, kms_context};
pub use key::{EncryptionContext, Grant, GrantConstraint, Key, KeySpec, KeyState, KeyUsage, Rotation};
pub use ops::Operation;
pub use policy::{aws_managed_key_policy, default_key_policy};
