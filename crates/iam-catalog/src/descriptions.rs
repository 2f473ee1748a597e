//! One-line descriptions of actions and condition keys (hover text), from
//! `data/descriptions.compact.json`: per service, aligned with the compact
//! catalog's (sorted) actions and keys.

use crate::catalog::CatalogError;
use iam_core::catalog::ServiceDef;
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    schema: u32,
    services: Vec<(String, Vec<String>, Vec<String>)>,
}

#[derive(Clone, Debug, Default)]
struct ServiceText {
    actions: Vec<Box<str>>,
    keys: Vec<Box<str>>,
}

/// Descriptions indexed like the catalog's services, actions and keys.
#[derive(Clone, Debug, Default)]
pub(crate) struct Descriptions {
    services: Vec<ServiceText>,
}

impl Descriptions {
    pub(crate) fn from_json(text: &str, services: &[ServiceDef]) -> Result<Self, CatalogError> {
        let file: File = serde_json::from_str(text)?;
        if file.schema != 1 {
            return Err(CatalogError::Schema(format!("descriptions schema {}", file.schema)));
        }
        let mut by_prefix: std::collections::HashMap<String, ServiceText> = file
            .services
            .into_iter()
            .map(|(prefix, actions, keys)| {
                let boxed = |v: Vec<String>| v.into_iter().map(String::into_boxed_str).collect();
                (prefix, ServiceText { actions: boxed(actions), keys: boxed(keys) })
            })
            .collect();
        let mut aligned = Vec::with_capacity(services.len());
        for svc in services {
            let text = by_prefix.remove(svc.prefix.as_ref()).unwrap_or_default();
            let mismatch = |described: usize, defined: usize| described != 0 && described != defined;
            if mismatch(text.actions.len(), svc.actions.len()) || mismatch(text.keys.len(), svc.condition_keys.len()) {
                return Err(CatalogError::Schema(format!(
                    "descriptions for `{}` do not match the catalog (regenerate both with scripts/compact-catalog.py)",
                    svc.prefix
                )));
            }
            aligned.push(text);
        }
        Ok(Self { services: aligned })
    }

    pub(crate) fn action(&self, service: usize, action: usize) -> Option<&str> {
        self.services.get(service)?.actions.get(action).map(AsRef::as_ref).filter(|s| !s.is_empty())
    }

    pub(crate) fn key(&self, service: usize, key: usize) -> Option<&str> {
        self.services.get(service)?.keys.get(key).map(AsRef::as_ref).filter(|s| !s.is_empty())
    }
}
