//! Data fetched after first paint: the AWS managed policy corpus (and, for
//! authoring help, the action catalog). Served next to the app by trunk;
//! fetched with gloo-net, which works on the page and in the matrix worker.

use gloo::net::http::Request;

pub const MANAGED_POLICIES_URL: &str = "data/managed-policies.json";
pub const CATALOG_URL: &str = "data/catalog.compact.json";
pub const DESCRIPTIONS_URL: &str = "data/descriptions.compact.json";

/// Why a data file could not be fetched or read.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The request failed (network, or the body could not be read).
    #[error("{url}: {source}")]
    Network { url: &'static str, source: gloo::net::Error },
    #[error("{url}: HTTP {status}")]
    Status { url: &'static str, status: u16 },
    #[error(transparent)]
    Catalog(#[from] iam_catalog::CatalogError),
    #[error(transparent)]
    ManagedPolicies(#[from] serde_json::Error),
}

/// The IAM action catalog with its descriptions (for hover help).
pub async fn fetch_catalog() -> Result<iam_catalog::IamCatalog, FetchError> {
    let text = fetch_text(CATALOG_URL).await?;
    let mut catalog = iam_catalog::IamCatalog::from_json(&text)?;
    // Descriptions are a nicety: the catalog works without them.
    if let Ok(d) = fetch_text(DESCRIPTIONS_URL).await {
        let _ = catalog.load_descriptions(&d);
    }
    Ok(catalog)
}

/// The AWS managed policy corpus.
pub async fn fetch_managed_policies() -> Result<iam_catalog::ManagedPolicies, FetchError> {
    let text = fetch_text(MANAGED_POLICIES_URL).await?;
    Ok(iam_catalog::ManagedPolicies::from_json(&text)?)
}

pub async fn fetch_text(url: &'static str) -> Result<String, FetchError> {
    let network = |source| FetchError::Network { url, source };
    let resp = Request::get(url).send().await.map_err(network)?;
    if !resp.ok() {
        return Err(FetchError::Status { url, status: resp.status() });
    }
    resp.text().await.map_err(network)
}
