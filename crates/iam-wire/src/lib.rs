//! JSON wire shapes that other tools define: the AWS CLI's
//! `simulate-custom-policy` input and output, and AWS exports for import.
//! The core crate knows none of these; this crate translates.

pub mod error;
pub mod explain;
pub mod import;
pub mod json;
pub mod kms;
pub mod request_check;
pub mod scenario;
pub mod simulate;
pub mod text;

pub use error::WireError;
