//! The data IAM Playground reasons with: AWS managed policies (and, in
//! `catalog`, the IAM action catalog), loaded from the bundled JSON.

pub mod managed;

pub use managed::{ManagedPolicies, ManagedPolicy};
