//! Real encryption: AES-256-GCM (RustCrypto `aes-gcm`) with the encryption
//! context as associated data, key material from the platform's random source
//! (`getrandom`: the OS natively, `crypto.getRandomValues` in the browser).
//!
//! Key material lives only in memory: [`KeyMaterial`] and [`Keyring`] have
//! no serialization (this crate has no serde), no `Clone`, a `Debug` that
//! prints nothing of the bytes, and are zeroed when dropped. A keyring is
//! per process (per page in the browser): what it encrypted cannot be
//! decrypted by another.
//!
//! ## Ciphertext blob (version 1)
//!
//! ```text
//! offset  size  field
//! 0       4     magic "IPK1"
//! 4       2     n: length of the key ARN, big-endian
//! 6       n     the key ARN (UTF-8): Decrypt finds the key from it
//! 6+n     12    the GCM nonce (random)
//! 18+n    rest  AES-256-GCM ciphertext followed by its 16-byte tag
//! ```
//!
//! The associated data is [`canonical_context`]: the key ARN, then each pair
//! of the encryption context sorted by key, every field as a 4-byte
//! big-endian length and its UTF-8 bytes. The blob cannot be moved to another
//! key nor decrypted with another context.

use crate::key::EncryptionContext;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use std::collections::HashMap;

const MAGIC: &[u8; 4] = b"IPK1";
const NONCE_LEN: usize = 12;

/// Why a cryptographic step failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    #[error("the platform's random source failed: {0}")]
    Random(String),
    /// KMS's `InvalidCiphertextException`: not a blob, or the tag did not
    /// verify (other key material, other encryption context, altered bytes).
    #[error("InvalidCiphertextException")]
    InvalidCiphertext,
    #[error("no key material for `{0}` in this keyring (it lives only in the memory of the process that made it)")]
    UnknownKey(String),
    #[error("the key ARN is longer than 65535 bytes")]
    KeyIdTooLong,
}

/// 256 bits of key material. Never serialized, never cloned, never printed:
/// the type has no such trait, so this does not compile.
///
/// ```compile_fail
/// fn copyable<T: Clone>() {}
/// copyable::<iam_kms::crypto::KeyMaterial>();
/// ```
pub struct KeyMaterial([u8; 32]);

impl KeyMaterial {
    /// Fresh material from the platform's random source.
    pub fn generate() -> Result<Self, CryptoError> {
        let mut bytes = [0u8; 32];
        getrandom::getrandom(&mut bytes).map_err(|e| CryptoError::Random(e.to_string()))?;
        Ok(Self(bytes))
    }

    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new(&self.0.into())
    }
}

/// Overwritten when dropped, so freed memory does not keep it.
impl Drop for KeyMaterial {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl std::fmt::Debug for KeyMaterial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyMaterial(<in memory only>)")
    }
}

/// The associated data: the key ARN and the encryption context, canonically.
pub fn canonical_context(key_arn: &str, context: &EncryptionContext) -> Vec<u8> {
    let mut out = Vec::new();
    let mut field = |s: &str| {
        out.extend_from_slice(&u32::try_from(s.len()).unwrap_or(u32::MAX).to_be_bytes());
        out.extend_from_slice(s.as_bytes());
    };
    field(key_arn);
    for (k, v) in context {
        field(k);
        field(v);
    }
    out
}

/// A plaintext data key and the same key encrypted under a KMS key
/// (GenerateDataKey), for envelope encryption.
pub struct DataKey {
    /// Use it to encrypt locally, then forget it.
    pub plaintext: KeyMaterial,
    /// Keep this beside the data; Decrypt turns it back into the data key.
    pub ciphertext_blob: Vec<u8>,
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataKey").field("ciphertext_blob_len", &self.ciphertext_blob.len()).finish_non_exhaustive()
    }
}

/// The key material of each KMS key, made on first use, in memory only.
#[derive(Default)]
pub struct Keyring {
    material: HashMap<String, KeyMaterial>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring").field("keys", &self.material.len()).finish()
    }
}

fn seal(material: &KeyMaterial, aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let mut nonce = [0u8; NONCE_LEN];
    getrandom::getrandom(&mut nonce).map_err(|e| CryptoError::Random(e.to_string()))?;
    let sealed = material
        .cipher()
        .encrypt(Nonce::from_slice(&nonce), Payload { msg: plaintext, aad })
        .map_err(|_| CryptoError::InvalidCiphertext)?;
    let mut out = nonce.to_vec();
    out.extend_from_slice(&sealed);
    Ok(out)
}

fn open(material: &KeyMaterial, aad: &[u8], nonce_and_sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let (nonce, sealed) = nonce_and_sealed.split_at_checked(NONCE_LEN).ok_or(CryptoError::InvalidCiphertext)?;
    material
        .cipher()
        .decrypt(Nonce::from_slice(nonce), Payload { msg: sealed, aad })
        .map_err(|_| CryptoError::InvalidCiphertext)
}

/// The key ARN a blob names, and the rest (nonce, ciphertext and tag).
pub fn blob_key_arn(blob: &[u8]) -> Result<(&str, &[u8]), CryptoError> {
    let rest = blob.strip_prefix(MAGIC.as_slice()).ok_or(CryptoError::InvalidCiphertext)?;
    let (len, rest) = rest.split_first_chunk::<2>().ok_or(CryptoError::InvalidCiphertext)?;
    let (arn, rest) =
        rest.split_at_checked(usize::from(u16::from_be_bytes(*len))).ok_or(CryptoError::InvalidCiphertext)?;
    let arn = std::str::from_utf8(arn).map_err(|_| CryptoError::InvalidCiphertext)?;
    Ok((arn, rest))
}

impl Keyring {
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether this keyring has made material for the key.
    pub fn has(&self, key_arn: &str) -> bool {
        self.material.contains_key(key_arn)
    }

    /// Forget a key's material (its deletion): blobs under it can never be decrypted again.
    pub fn forget(&mut self, key_arn: &str) {
        self.material.remove(key_arn);
    }

    fn material(&mut self, key_arn: &str) -> Result<&KeyMaterial, CryptoError> {
        if !self.material.contains_key(key_arn) {
            self.material.insert(key_arn.to_string(), KeyMaterial::generate()?);
        }
        self.material.get(key_arn).ok_or_else(|| CryptoError::UnknownKey(key_arn.to_string()))
    }

    /// Encrypt: a blob in the format above. Authorization is the caller's
    /// business ([`crate::authorize`]).
    pub fn encrypt(
        &mut self,
        key_arn: &str,
        context: &EncryptionContext,
        plaintext: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        let len = u16::try_from(key_arn.len()).map_err(|_| CryptoError::KeyIdTooLong)?;
        let aad = canonical_context(key_arn, context);
        let sealed = seal(self.material(key_arn)?, &aad, plaintext)?;
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(key_arn.as_bytes());
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Decrypt a blob with the encryption context it was made with. Returns
    /// the key ARN the blob names (whose authorization the caller checks
    /// before trusting the result) and the plaintext.
    pub fn decrypt(&self, blob: &[u8], context: &EncryptionContext) -> Result<(String, Vec<u8>), CryptoError> {
        let (arn, rest) = blob_key_arn(blob)?;
        let material = self.material.get(arn).ok_or_else(|| CryptoError::UnknownKey(arn.to_string()))?;
        let plaintext = open(material, &canonical_context(arn, context), rest)?;
        Ok((arn.to_string(), plaintext))
    }

    /// GenerateDataKey: a fresh 256-bit data key, in plaintext and encrypted under `key_arn`.
    pub fn generate_data_key(&mut self, key_arn: &str, context: &EncryptionContext) -> Result<DataKey, CryptoError> {
        let data = KeyMaterial::generate()?;
        let ciphertext_blob = self.encrypt(key_arn, context, &data.0)?;
        Ok(DataKey { plaintext: data, ciphertext_blob })
    }

    /// Decrypt an encrypted data key back into key material.
    pub fn decrypt_data_key(&self, blob: &[u8], context: &EncryptionContext) -> Result<KeyMaterial, CryptoError> {
        let (_, bytes) = self.decrypt(blob, context)?;
        let bytes = zeroize::Zeroizing::new(bytes);
        let material: [u8; 32] = bytes.as_slice().try_into().map_err(|_| CryptoError::InvalidCiphertext)?;
        Ok(KeyMaterial(material))
    }
}

/// Envelope encryption, the local half: AES-256-GCM under a data key, no
/// associated data. Output: nonce (12 bytes), ciphertext and tag.
pub fn encrypt_locally(data_key: &KeyMaterial, plaintext: &[u8]) -> Result<Vec<u8>, CryptoError> {
    seal(data_key, &[], plaintext)
}

/// The inverse of [`encrypt_locally`].
pub fn decrypt_locally(data_key: &KeyMaterial, sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
    open(data_key, &[], sealed)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const ARN: &str = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    fn ctx(pairs: &[(&str, &str)]) -> EncryptionContext {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn round_trip_needs_the_same_context_and_keyring() {
        let mut ring = Keyring::new();
        let c = ctx(&[("dept", "eng"), ("app", "x")]);
        let blob = ring.encrypt(ARN, &c, b"hello").unwrap();
        assert_eq!(blob_key_arn(&blob).unwrap().0, ARN);
        assert_eq!(ring.decrypt(&blob, &c).unwrap().1, b"hello");
        assert_eq!(ring.decrypt(&blob, &ctx(&[("dept", "eng")])), Err(CryptoError::InvalidCiphertext));
        assert!(matches!(Keyring::new().decrypt(&blob, &c), Err(CryptoError::UnknownKey(_))));
        let mut altered = blob.clone();
        if let Some(last) = altered.last_mut() {
            *last ^= 1;
        }
        assert_eq!(ring.decrypt(&altered, &c), Err(CryptoError::InvalidCiphertext));
        assert_eq!(ring.decrypt(b"IPK1", &c), Err(CryptoError::InvalidCiphertext));
    }

    #[test]
    fn envelope_encryption() {
        let mut ring = Keyring::new();
        let c = ctx(&[("file", "report.txt")]);
        let dk = ring.generate_data_key(ARN, &c).unwrap();
        let sealed = encrypt_locally(&dk.plaintext, b"the data").unwrap();
        drop(dk.plaintext);
        let again = ring.decrypt_data_key(&dk.ciphertext_blob, &c).unwrap();
        assert_eq!(decrypt_locally(&again, &sealed).unwrap(), b"the data");
        assert_eq!(format!("{again:?}"), "KeyMaterial(<in memory only>)");
    }

    #[test]
    fn canonical_context_is_sorted_and_unambiguous() {
        let a = canonical_context(ARN, &ctx(&[("b", "1"), ("a", "2")]));
        let b = canonical_context(ARN, &ctx(&[("a", "2"), ("b", "1")]));
        assert_eq!(a, b);
        assert_ne!(canonical_context(ARN, &ctx(&[("ab", "c")])), canonical_context(ARN, &ctx(&[("a", "bc")])));
    }
}
