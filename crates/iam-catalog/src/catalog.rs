//! The IAM action catalog, loaded from the compact file that
//! `scripts/compact-catalog.py` writes (layout in that script's docstring),
//! into `iam_core::catalog`'s model.

use crate::descriptions::Descriptions;
use iam_core::catalog::{
    AccessLevel, ActionDef, ActionResource, Catalog, ConditionKeyDef, KeyType, ResourceTypeDef, ServiceDef,
};
use serde::Deserialize;

/// The compact catalog's text (native builds).
#[cfg(feature = "embed")]
pub const CATALOG_JSON: &str = include_str!("../data/catalog.compact.json");

/// The compact descriptions' text (native builds).
#[cfg(feature = "embed")]
pub const DESCRIPTIONS_JSON: &str = include_str!("../data/descriptions.compact.json");

const SCHEMA: u32 = 1;

/// Why a catalog file could not be loaded.
#[derive(Debug)]
pub enum CatalogError {
    Json(serde_json::Error),
    Schema(String),
}

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CatalogError::Json(e) => write!(f, "invalid catalog JSON: {e}"),
            CatalogError::Schema(m) => write!(f, "unexpected catalog layout: {m}"),
        }
    }
}

impl std::error::Error for CatalogError {}

/// An index in the compact file that points past the end of its list.
fn out_of_range(owner: String, what: &str, index: impl std::fmt::Display, len: usize) -> CatalogError {
    CatalogError::Schema(format!("{owner} has {what} index {index}, but there are only {len}"))
}

impl From<serde_json::Error> for CatalogError {
    fn from(e: serde_json::Error) -> Self {
        CatalogError::Json(e)
    }
}

/// Where the data comes from (shown by `iamplay lint --explain`-style output and the README).
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CatalogSource {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub data_updated_at: String,
}

#[derive(Deserialize)]
struct File {
    schema: u32,
    #[serde(default)]
    source: CatalogSource,
    types: Vec<String>,
    access: Vec<String>,
    global: Vec<(String, u8, String)>,
    rcp: Vec<String>,
    services: Vec<ServiceRow>,
}

#[derive(Deserialize)]
struct ServiceRow(
    String,
    String,
    #[serde(default)] Vec<(String, u8)>,
    #[serde(default)] Vec<ResourceTypeRow>,
    #[serde(default)] Vec<ActionRow>,
);

#[derive(Deserialize)]
struct ResourceTypeRow(String, Vec<String>, #[serde(default)] Vec<u16>);

#[derive(Deserialize)]
struct ActionRow(String, u8, #[serde(default)] Vec<ActionResourceRow>, #[serde(default)] Vec<u16>);

#[derive(Deserialize)]
struct ActionResourceRow(u16, u8, #[serde(default)] Vec<u16>);

/// The Service Authorization Reference as data, with the lookups of [`Catalog`].
#[derive(Clone, Debug)]
pub struct IamCatalog {
    services: Vec<ServiceDef>,
    global: Vec<ConditionKeyDef>,
    /// Category of each global key (`principal`, `network`, ...), aligned with `global`.
    global_categories: Vec<Box<str>>,
    rcp: Vec<Box<str>>,
    source: CatalogSource,
    descriptions: Option<Descriptions>,
}

impl IamCatalog {
    /// Loads the compact catalog (`data/catalog.compact.json`).
    pub fn from_json(text: &str) -> Result<Self, CatalogError> {
        let file: File = serde_json::from_str(text)?;
        if file.schema != SCHEMA {
            return Err(CatalogError::Schema(format!("schema {} (expected {SCHEMA})", file.schema)));
        }
        let types: Vec<KeyType> = file
            .types
            .iter()
            .map(|t| KeyType::parse(t).ok_or_else(|| CatalogError::Schema(format!("unknown key type `{t}`"))))
            .collect::<Result<_, _>>()?;
        let access: Vec<AccessLevel> = file
            .access
            .iter()
            .map(|a| AccessLevel::parse(a).ok_or_else(|| CatalogError::Schema(format!("unknown access level `{a}`"))))
            .collect::<Result<_, _>>()?;
        let key_type = |i: u8, key: &str| {
            types
                .get(usize::from(i))
                .copied()
                .ok_or_else(|| out_of_range(format!("key `{key}`"), "type", i, types.len()))
        };
        let mut global = Vec::with_capacity(file.global.len());
        let mut global_categories = Vec::with_capacity(file.global.len());
        for (name, ty, category) in file.global {
            global.push(ConditionKeyDef::new(&name, key_type(ty, &name)?));
            global_categories.push(category.into_boxed_str());
        }
        let mut services = Vec::with_capacity(file.services.len());
        for ServiceRow(prefix, name, key_rows, resource_type_rows, action_rows) in file.services {
            let mut keys = Vec::with_capacity(key_rows.len());
            for (k, t) in key_rows {
                keys.push(ConditionKeyDef::new(&k, key_type(t, &k)?));
            }
            // Every index must point into its list: a wrong one would silently name another entry.
            let key_count = keys.len();
            let check_keys = |indices: &[u16], owner: &dyn Fn() -> String| match indices
                .iter()
                .find(|&&i| usize::from(i) >= key_count)
            {
                Some(&i) => Err(out_of_range(owner(), "condition key", i, key_count)),
                None => Ok(()),
            };
            let mut resource_types = Vec::with_capacity(resource_type_rows.len());
            for ResourceTypeRow(n, arns, type_keys) in resource_type_rows {
                check_keys(&type_keys, &|| format!("`{prefix}` resource type `{n}`"))?;
                let arns: Vec<&str> = arns.iter().map(String::as_str).collect();
                resource_types.push(ResourceTypeDef::new(&n, &arns, type_keys));
            }
            let mut actions = Vec::with_capacity(action_rows.len());
            for ActionRow(n, level, resource_rows, action_keys) in action_rows {
                let owner = || format!("`{prefix}:{n}`");
                let level = access
                    .get(usize::from(level))
                    .copied()
                    .ok_or_else(|| out_of_range(owner(), "access level", level, access.len()))?;
                check_keys(&action_keys, &owner)?;
                let mut resources = Vec::with_capacity(resource_rows.len());
                for ActionResourceRow(t, required, row_keys) in resource_rows {
                    if usize::from(t) >= resource_types.len() {
                        return Err(out_of_range(owner(), "resource type", t, resource_types.len()));
                    }
                    check_keys(&row_keys, &owner)?;
                    resources.push(ActionResource {
                        resource_type: t,
                        required: required != 0,
                        condition_keys: row_keys,
                    });
                }
                actions.push(ActionDef::new(&n, level, resources, action_keys));
            }
            services.push(ServiceDef::new(&prefix, &name, actions, resource_types, keys));
        }
        services.sort_by(|a, b| a.prefix.cmp(&b.prefix));
        let mut rcp: Vec<Box<str>> = file.rcp.into_iter().map(|p| p.to_ascii_lowercase().into_boxed_str()).collect();
        rcp.sort();
        Ok(Self { services, global, global_categories, rcp, source: file.source, descriptions: None })
    }

    /// The bundled catalog, without descriptions.
    #[cfg(feature = "embed")]
    pub fn bundled() -> Result<Self, CatalogError> {
        Self::from_json(CATALOG_JSON)
    }

    /// The bundled catalog with hover descriptions.
    #[cfg(feature = "embed")]
    pub fn bundled_with_descriptions() -> Result<Self, CatalogError> {
        let mut c = Self::bundled()?;
        c.load_descriptions(DESCRIPTIONS_JSON)?;
        Ok(c)
    }

    /// Adds the descriptions (`data/descriptions.compact.json`); the web app loads them
    /// only when hover text is first needed.
    pub fn load_descriptions(&mut self, text: &str) -> Result<(), CatalogError> {
        self.descriptions = Some(Descriptions::from_json(text, &self.services)?);
        Ok(())
    }

    pub fn source(&self) -> &CatalogSource {
        &self.source
    }

    /// The category of a global key (`principal`, `session`, `network`, `resource`, `request`).
    pub fn global_key_category(&self, key: &str) -> Option<&str> {
        let i = self.global.iter().position(|k| k.matches(key))?;
        self.global_categories.get(i).map(AsRef::as_ref)
    }

    pub fn action_count(&self) -> usize {
        self.services.iter().map(|s| s.actions.len()).sum()
    }
}

impl Catalog for IamCatalog {
    fn services(&self) -> &[ServiceDef] {
        &self.services
    }

    fn global_keys(&self) -> &[ConditionKeyDef] {
        &self.global
    }

    fn supports_rcp(&self, prefix: &str) -> bool {
        self.rcp.binary_search_by(|p| p.as_ref().cmp(prefix)).is_ok()
    }

    fn action_description(&self, service: &str, action: &str) -> Option<&str> {
        let svc_index = self.services.binary_search_by(|s| s.prefix.as_ref().cmp(service)).ok()?;
        let svc = self.services.get(svc_index)?;
        let lower = action.to_ascii_lowercase();
        let action_index = svc.actions.binary_search_by(|a| a.lower.as_ref().cmp(&lower)).ok()?;
        self.descriptions.as_ref()?.action(svc_index, action_index)
    }

    fn key_description(&self, service: &str, key: &str) -> Option<&str> {
        let svc_index = self.services.binary_search_by(|s| s.prefix.as_ref().cmp(service)).ok()?;
        let svc = self.services.get(svc_index)?;
        let key_index = svc.condition_keys.iter().position(|k| k.name.as_ref() == key)?;
        self.descriptions.as_ref()?.key(svc_index, key_index)
    }
}
