//! Scenario documents: reading (JSON or YAML, with migration of older
//! versions), resolving into the core `Model`, and the JSON Schema.

mod doc;
mod kms;
mod labels;
mod migrate;
mod resolve;

pub use doc::*;
pub use labels::policy_label;
pub use migrate::{migrate, parse_document};
pub use resolve::{AwsManagedLookup, Loaded, PolicyCache, customer_policy_ref, resolve, resolve_cached};

/// The JSON Schema of the scenario document, for editors.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(ScenarioDoc)).unwrap_or_default()
}
