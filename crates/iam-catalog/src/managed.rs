//! AWS managed policies by name or ARN.

use serde::Deserialize;

/// The bundled file's text (native builds).
#[cfg(feature = "embed")]
pub const MANAGED_POLICIES_JSON: &str = include_str!("../data/managed-policies.json");

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ManagedPolicy {
    pub name: String,
    pub arn: String,
    pub path: String,
    pub version_id: String,
    #[serde(default)]
    pub updated: String,
    #[serde(default)]
    pub deprecated: bool,
    /// The policy document as AWS publishes it.
    pub document: String,
}

#[derive(Clone, Debug, Default)]
pub struct ManagedPolicies {
    policies: Vec<ManagedPolicy>,
}

#[derive(Deserialize)]
struct File {
    policies: Vec<ManagedPolicy>,
}

impl ManagedPolicies {
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        let file: File = serde_json::from_str(text)?;
        let mut policies = file.policies;
        policies.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self { policies })
    }

    /// The bundled corpus.
    #[cfg(feature = "embed")]
    pub fn bundled() -> Result<Self, serde_json::Error> {
        Self::from_json(MANAGED_POLICIES_JSON)
    }

    pub fn all(&self) -> &[ManagedPolicy] {
        &self.policies
    }

    pub fn by_name(&self, name: &str) -> Option<&ManagedPolicy> {
        self.policies.binary_search_by(|p| p.name.as_str().cmp(name)).ok().and_then(|i| self.policies.get(i))
    }

    /// By ARN (`arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`),
    /// any partition.
    pub fn by_arn(&self, arn: &str) -> Option<&ManagedPolicy> {
        let name = arn.strip_prefix("arn:")?.split_once(":iam::aws:policy/")?.1.rsplit('/').next()?;
        self.by_name(name).filter(|p| p.arn.rsplit(':').next() == arn.rsplit(':').next())
    }

    /// Case-insensitive substring search on names, best matches (prefix) first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<&ManagedPolicy> {
        let q = query.to_ascii_lowercase();
        let mut hits: Vec<(bool, &ManagedPolicy)> = self
            .policies
            .iter()
            .filter_map(|p| {
                let n = p.name.to_ascii_lowercase();
                n.find(&q).map(|i| (i != 0, p))
            })
            .collect();
        hits.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.name.len().cmp(&b.1.name.len())));
        hits.into_iter().take(limit).map(|(_, p)| p).collect()
    }
}
