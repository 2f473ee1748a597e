//! The data IAM Playground reasons with: the IAM action catalog (the Service
//! Authorization Reference as data, implementing `iam_core::catalog::Catalog`)
//! and the AWS managed policies, loaded from the bundled JSON.

pub mod catalog;
mod descriptions;
pub mod managed;

pub use catalog::{CatalogError, CatalogSource, IamCatalog};
pub use managed::{ManagedPolicies, ManagedPolicy};
