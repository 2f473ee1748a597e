//! The report as plain data: what the CLI prints as JSON and what the web app renders.

use schemars::JsonSchema;
use serde::Serialize;

/// Security Hub's severity scale, most severe first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
    Informational,
}

impl Severity {
    pub const ALL: [Severity; 5] =
        [Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Informational];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "CRITICAL",
            Severity::High => "HIGH",
            Severity::Medium => "MEDIUM",
            Severity::Low => "LOW",
            Severity::Informational => "INFORMATIONAL",
        }
    }

    /// Case-insensitive (`high`, `HIGH`).
    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|v| v.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// This severity or a more severe one (`Critical.at_least(High)`).
    pub fn at_least(self, threshold: Severity) -> bool {
        self <= threshold
    }
}

/// Security Hub's compliance status values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    Passed,
    Failed,
    NotAvailable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Passed => "PASSED",
            Status::Failed => "FAILED",
            Status::NotAvailable => "NOT_AVAILABLE",
        }
    }
}

/// A group of controls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// Security Hub's IAM controls.
    Iam,
    /// Security Hub's KMS controls.
    Kms,
    /// The best practices of the AWS security notes.
    BestPractice,
    /// AWS Organizations guardrails.
    Organization,
    /// AWS Artifact agreements.
    Artifact,
}

impl Family {
    pub const ALL: [Family; 5] =
        [Family::Iam, Family::Kms, Family::BestPractice, Family::Organization, Family::Artifact];

    pub fn title(self) -> &'static str {
        match self {
            Family::Iam => "IAM (Security Hub)",
            Family::Kms => "KMS (Security Hub)",
            Family::BestPractice => "Best practices",
            Family::Organization => "Organizations",
            Family::Artifact => "Artifact agreements",
        }
    }
}

/// Why a resource passed or failed: a setting, or a policy statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Evidence {
    /// A setting's value and what the control expects of it.
    #[serde(rename_all = "camelCase")]
    Setting { setting: String, value: String, expected: String },
    /// A statement of a policy (`policy` is its label, as `iamplay` prints
    /// it; `statement` counts from 0; `line` from 1).
    #[serde(rename_all = "camelCase")]
    Statement {
        policy: String,
        statement: usize,
        line: u32,
        #[serde(skip_serializing_if = "Option::is_none")]
        sid: Option<String>,
    },
    /// A policy attached to the resource.
    #[serde(rename_all = "camelCase")]
    Attachment { policy: String },
}

/// One evaluated resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ResourceResult {
    /// `finance/user/ana`, `finance/root`, `finance/role/Cashier`, a policy
    /// label, an ARN, or the account name for account-wide settings.
    #[serde(rename = "ref")]
    pub reference: String,
    pub status: Status,
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Remediation {
    pub text: String,
    /// The AWS documentation page (a plain URL; nothing is fetched).
    pub url: String,
}

/// One control's outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ControlResult {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub family: Family,
    /// Requirement ids of the standards (`CIS AWS Foundations Benchmark v5.0.0/1.3`).
    pub standards: Vec<String>,
    pub status: Status,
    /// Why the control is `NOT_AVAILABLE`, or a note on its scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub resources: Vec<ResourceResult>,
    pub remediation: Remediation,
}

/// Counts of controls; `score` is the share of decidable controls that passed (0–100).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub passed: usize,
    pub failed: usize,
    pub not_available: usize,
    pub score: u32,
}

/// What the report covers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Scope {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub management_account: Option<String>,
    pub accounts: Vec<String>,
}

/// An agreement that covers an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Coverage {
    /// `baa`, `andb`, `nzndb`.
    pub agreement: String,
    pub name: String,
    /// `account` or `organization`.
    pub scope: String,
    /// The account that accepted it.
    pub accepted_in: String,
    pub accepted: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub accepted_by: String,
}

/// The agreements covering one account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AccountAgreements {
    pub account: String,
    pub covered_by: Vec<Coverage>,
}

/// A whole report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(title = "IAM Playground compliance report")]
pub struct Report {
    pub scenario: String,
    /// `YYYY-MM-DD`.
    pub as_of: String,
    pub scope: Scope,
    pub summary: Summary,
    pub controls: Vec<ControlResult>,
    pub agreements: Vec<AccountAgreements>,
}
