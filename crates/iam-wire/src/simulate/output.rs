//! The `simulate-custom-policy` response shape.

use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct SimulateOutput {
    pub evaluation_results: Vec<EvaluationResult>,
    pub is_truncated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct EvaluationResult {
    pub eval_action_name: String,
    pub eval_resource_name: String,
    pub eval_decision: String,
    /// Without the statements of SCPs (and RCPs), as AWS (SIM-SCP-NO-MATCHED).
    pub matched_statements: Vec<MatchedStatement>,
    /// Only for the resource `*`; for a specific resource the keys are in
    /// `ResourceSpecificResults` (SIM-OUT-MISSING-CTX).
    pub missing_context_values: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organizations_decision_detail: Option<OrganizationsDecisionDetail>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions_boundary_decision_detail: Option<PermissionsBoundaryDecisionDetail>,
    /// Per policy type for cross-account simulations; empty within one account
    /// for a specific resource; absent for `*` or after an SCP denied (SIM-OUT-EVALDETAILS).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eval_decision_details: Option<BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resource_specific_results: Vec<ResourceSpecificResult>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct MatchedStatement {
    pub source_policy_id: String,
    pub source_policy_type: String,
    pub start_position: Position,
    pub end_position: Position,
}

/// 1-based line and column; `EndPosition` is just past the statement's `}`.
#[derive(Debug, Serialize, PartialEq, Eq, Clone, Copy)]
#[serde(rename_all = "PascalCase")]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct OrganizationsDecisionDetail {
    pub allowed_by_organizations: bool,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct PermissionsBoundaryDecisionDetail {
    pub allowed_by_permissions_boundary: bool,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceSpecificResult {
    pub eval_resource_name: String,
    pub eval_resource_decision: String,
    pub matched_statements: Vec<MatchedStatement>,
    pub missing_context_values: Vec<String>,
    /// Per policy type, for cross-account simulations only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eval_decision_details: Option<BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions_boundary_decision_detail: Option<PermissionsBoundaryDecisionDetail>,
}
