//! `aws iam get-account-authorization-details` → one scenario account.

use super::document;
use crate::error::WireError;
use crate::scenario::*;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthorizationDetails {
    #[serde(default)]
    pub user_detail_list: Vec<UserDetail>,
    #[serde(default)]
    pub group_detail_list: Vec<GroupDetail>,
    #[serde(default)]
    pub role_detail_list: Vec<RoleDetail>,
    #[serde(default)]
    pub policies: Vec<ManagedPolicyDetail>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InlinePolicy {
    pub policy_name: String,
    pub policy_document: Value,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttachedPolicy {
    pub policy_arn: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Boundary {
    pub permissions_boundary_arn: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserDetail {
    #[serde(default = "slash")]
    pub path: String,
    pub user_name: String,
    pub arn: String,
    #[serde(default)]
    pub user_policy_list: Vec<InlinePolicy>,
    #[serde(default)]
    pub group_list: Vec<String>,
    #[serde(default)]
    pub attached_managed_policies: Vec<AttachedPolicy>,
    pub permissions_boundary: Option<Boundary>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupDetail {
    #[serde(default = "slash")]
    pub path: String,
    pub group_name: String,
    #[serde(default)]
    pub group_policy_list: Vec<InlinePolicy>,
    #[serde(default)]
    pub attached_managed_policies: Vec<AttachedPolicy>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RoleDetail {
    #[serde(default = "slash")]
    pub path: String,
    pub role_name: String,
    pub arn: String,
    pub assume_role_policy_document: Value,
    #[serde(default)]
    pub role_policy_list: Vec<InlinePolicy>,
    #[serde(default)]
    pub attached_managed_policies: Vec<AttachedPolicy>,
    pub permissions_boundary: Option<Boundary>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ManagedPolicyDetail {
    pub policy_name: String,
    pub arn: String,
    #[serde(default = "slash")]
    pub path: String,
    #[serde(default)]
    pub description: String,
    pub default_version_id: Option<String>,
    #[serde(default)]
    pub policy_version_list: Vec<PolicyVersion>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyVersion {
    pub document: Value,
    pub version_id: String,
    #[serde(default)]
    pub is_default_version: bool,
}

fn account_of(arn: &str) -> Option<String> {
    iam_core::arn::Arn::parse(arn).map(|a| a.account.to_string()).filter(|a| iam_core::model::names::is_account_id(a))
}

/// An imported account, and the AWS managed policies its scenario must carry
/// with their documents (for `ScenarioDoc::aws_managed_policies`).
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedAccount {
    pub account: AccountDoc,
    pub aws_managed_policies: Vec<AwsManagedPolicyDoc>,
}

/// The default (operative) version of a managed policy of `Policies[k]`
/// (GAAD-DEFAULT-VERSION), with its index in `PolicyVersionList`.
fn default_version(k: usize, p: &ManagedPolicyDetail) -> Result<(usize, &PolicyVersion), WireError> {
    p.policy_version_list
        .iter()
        .enumerate()
        .find(|(_, v)| v.is_default_version || Some(&v.version_id) == p.default_version_id.as_ref())
        .ok_or_else(|| {
            WireError::at(
                format!("Policies[{k}].PolicyVersionList"),
                format!("`{}` has no default version", p.policy_name),
            )
        })
}

/// True when the bundled text and the exported document are the same JSON.
fn same_document(bundled: &str, exported: &PolicyDocument) -> bool {
    match (serde_json::from_str::<Value>(bundled), exported) {
        (Ok(Value::Object(b)), PolicyDocument::Json(e)) => b == *e,
        _ => false,
    }
}

/// Builds the account: users, groups, roles and customer managed policies.
/// An attached AWS managed policy stays a reference when the bundled corpus
/// (`bundled`) has the export's version of it; otherwise the export's default
/// version is carried (GAAD-SNAPSHOT: the export is the truth for the
/// account). An attached policy whose document is nowhere is an error naming
/// it: the scenario would not load.
pub fn import_account(
    details: &AuthorizationDetails,
    name: Option<&str>,
    bundled: AwsManagedLookup<'_>,
) -> Result<ImportedAccount, WireError> {
    let id = details
        .user_detail_list
        .iter()
        .map(|u| u.arn.as_str())
        .chain(details.role_detail_list.iter().map(|r| r.arn.as_str()))
        .chain(details.policies.iter().map(|p| p.arn.as_str()))
        .find_map(account_of)
        .ok_or_else(|| {
            WireError::at("(root)", "no ARN names the account: is this get-account-authorization-details output?")
        })?;
    let customer: Vec<&ManagedPolicyDetail> =
        details.policies.iter().filter(|p| account_of(&p.arn).as_deref() == Some(&id)).collect();
    // Customer managed policies of this account are referred to by name.
    let reference = |arn: &str| -> String {
        customer.iter().find(|p| p.arn == arn).map_or_else(|| arn.to_string(), |p| p.policy_name.clone())
    };
    let inline = |list: &[InlinePolicy], path: &str| -> Result<Vec<InlinePolicyDoc>, WireError> {
        list.iter()
            .enumerate()
            .map(|(i, p)| {
                Ok(InlinePolicyDoc {
                    name: p.policy_name.clone(),
                    document: document(&p.policy_document)
                        .map_err(|e| WireError::at(format!("{path}[{i}].PolicyDocument"), e.to_string()))?,
                })
            })
            .collect()
    };
    let tags = |t: &[Tag]| t.iter().map(|t| (t.key.clone(), t.value.clone())).collect::<BTreeMap<_, _>>();
    let mut policies = Vec::new();
    // Field paths index `Policies` itself (AWS managed policies included).
    for (k, p) in details.policies.iter().enumerate() {
        if account_of(&p.arn).as_deref() != Some(id.as_str()) {
            continue;
        }
        let (j, version) = default_version(k, p)?;
        policies.push(ManagedPolicyDoc {
            name: p.policy_name.clone(),
            path: p.path.clone(),
            description: p.description.clone(),
            document: document(&version.document)
                .map_err(|e| WireError::at(format!("Policies[{k}].PolicyVersionList[{j}].Document"), e.to_string()))?,
        });
    }
    let aws_managed_policies = aws_managed(details, &id, bundled)?;
    let mut users = Vec::new();
    for (i, u) in details.user_detail_list.iter().enumerate() {
        users.push(UserDoc {
            name: u.user_name.clone(),
            path: u.path.clone(),
            groups: u.group_list.clone(),
            inline_policies: inline(&u.user_policy_list, &format!("UserDetailList[{i}].UserPolicyList"))?,
            managed_policies: u.attached_managed_policies.iter().map(|p| reference(&p.policy_arn)).collect(),
            permissions_boundary: u.permissions_boundary.as_ref().map(|b| reference(&b.permissions_boundary_arn)),
            tags: tags(&u.tags),
            ..Default::default()
        });
    }
    let mut groups = Vec::new();
    for (i, g) in details.group_detail_list.iter().enumerate() {
        groups.push(GroupDoc {
            name: g.group_name.clone(),
            path: g.path.clone(),
            inline_policies: inline(&g.group_policy_list, &format!("GroupDetailList[{i}].GroupPolicyList"))?,
            managed_policies: g.attached_managed_policies.iter().map(|p| reference(&p.policy_arn)).collect(),
        });
    }
    let mut roles = Vec::new();
    for (i, r) in details.role_detail_list.iter().enumerate() {
        roles.push(RoleDoc {
            name: r.role_name.clone(),
            path: r.path.clone(),
            description: String::new(),
            trust_policy: document(&r.assume_role_policy_document)
                .map_err(|e| WireError::at(format!("RoleDetailList[{i}].AssumeRolePolicyDocument"), e.to_string()))?,
            inline_policies: inline(&r.role_policy_list, &format!("RoleDetailList[{i}].RolePolicyList"))?,
            managed_policies: r.attached_managed_policies.iter().map(|p| reference(&p.policy_arn)).collect(),
            permissions_boundary: r.permissions_boundary.as_ref().map(|b| reference(&b.permissions_boundary_arn)),
            tags: tags(&r.tags),
            max_session_duration: 3600,
            service_linked: r.path.starts_with("/aws-service-role/"),
        });
    }
    let account = AccountDoc {
        name: name.map_or_else(|| format!("account-{id}"), str::to_string),
        id,
        users,
        groups,
        roles,
        policies,
        ..Default::default()
    };
    Ok(ImportedAccount { account, aws_managed_policies })
}

/// Every managed policy attached in the export (or used as a permissions
/// boundary), with where: `UserDetailList[0].AttachedManagedPolicies[1]`.
fn attachments(details: &AuthorizationDetails) -> Vec<(String, &str)> {
    fn add<'d>(
        out: &mut Vec<(String, &'d str)>,
        path: &str,
        list: &'d [AttachedPolicy],
        boundary: Option<&'d Boundary>,
    ) {
        for (i, a) in list.iter().enumerate() {
            out.push((format!("{path}.AttachedManagedPolicies[{i}]"), a.policy_arn.as_str()));
        }
        if let Some(b) = boundary {
            out.push((format!("{path}.PermissionsBoundary"), b.permissions_boundary_arn.as_str()));
        }
    }
    let mut out = Vec::new();
    for (i, u) in details.user_detail_list.iter().enumerate() {
        add(&mut out, &format!("UserDetailList[{i}]"), &u.attached_managed_policies, u.permissions_boundary.as_ref());
    }
    for (i, g) in details.group_detail_list.iter().enumerate() {
        add(&mut out, &format!("GroupDetailList[{i}]"), &g.attached_managed_policies, None);
    }
    for (i, r) in details.role_detail_list.iter().enumerate() {
        add(&mut out, &format!("RoleDetailList[{i}]"), &r.attached_managed_policies, r.permissions_boundary.as_ref());
    }
    out
}

/// The AWS managed policies attached in the export that the scenario must
/// carry: those the bundled corpus lacks or has in another version, with the
/// export's default version (GAAD-POLICIES-MANAGED). A policy attached but
/// neither bundled nor listed with a document in `Policies` is an error.
fn aws_managed(
    details: &AuthorizationDetails,
    account: &str,
    bundled: AwsManagedLookup<'_>,
) -> Result<Vec<AwsManagedPolicyDoc>, WireError> {
    let mut out: Vec<AwsManagedPolicyDoc> = Vec::new();
    for (path, arn) in attachments(details) {
        if out.iter().any(|p| p.arn == arn) {
            continue;
        }
        let listed = details.policies.iter().enumerate().find(|(_, p)| p.arn == arn);
        let aws = arn.starts_with("arn:aws:iam::aws:policy/");
        match listed {
            Some((k, p)) if aws => {
                let (j, version) = default_version(k, p)?;
                let doc = document(&version.document).map_err(|e| {
                    WireError::at(format!("Policies[{k}].PolicyVersionList[{j}].Document"), e.to_string())
                })?;
                if bundled(arn).is_some_and(|(_, text)| same_document(&text, &doc)) {
                    continue;
                }
                out.push(AwsManagedPolicyDoc {
                    arn: arn.to_string(),
                    version_id: version.version_id.clone(),
                    document: doc,
                });
            }
            // A customer managed policy of this account: imported above.
            Some(_) if account_of(arn).as_deref() == Some(account) => {}
            None if aws && bundled(arn).is_some() => {}
            None if aws => {
                return Err(WireError::at(
                    path,
                    format!(
                        "`{arn}` is attached, but it is not an AWS managed policy in the bundled corpus and the \
                         export's `Policies` does not list it with its versions: export without `--filter` (or \
                         with `AWSManagedPolicy`) so the import has its document"
                    ),
                ));
            }
            _ => {
                let whose = if account_of(arn).as_deref() == Some(account) { "" } else { " (of another account)" };
                return Err(WireError::at(
                    path,
                    format!(
                        "`{arn}`{whose} is attached, but the export's `Policies` does not list it: export without \
                         `--filter` (or with `LocalManagedPolicy`) so the import has its document"
                    ),
                ));
            }
        }
    }
    Ok(out)
}
