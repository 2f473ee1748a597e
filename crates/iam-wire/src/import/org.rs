//! AWS Organizations listings → the organization tree with its SCPs and RCPs.
//!
//! The exports are the JSON outputs of `describe-organization`, `list-roots`,
//! `list-organizational-units-for-parent` and `list-accounts-for-parent` (one
//! per parent; the response does not name the parent, so the file name does:
//! `...-for-parent-<id>.json`), `list-policies` (per type), `describe-policy`
//! and `list-targets-for-policy` (per policy: `...-<policy-id>.json`).

use crate::error::WireError;
use crate::scenario::*;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The export files by name (as `scripts/export-org.sh` writes them).
pub struct OrgExport {
    pub files: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeOrganization {
    organization: OrganizationInfo,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct OrganizationInfo {
    id: String,
    master_account_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Roots {
    roots: Vec<Named>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Named {
    id: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Ous {
    organizational_units: Vec<Named>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Accounts {
    accounts: Vec<Named>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Policies {
    policies: Vec<PolicySummary>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PolicySummary {
    id: String,
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    aws_managed: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribePolicy {
    policy: PolicyBody,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PolicyBody {
    content: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Targets {
    targets: Vec<Target>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Target {
    target_id: String,
}

impl OrgExport {
    fn get<T: for<'de> Deserialize<'de>>(&self, name: &str) -> Result<T, WireError> {
        let text = self.files.get(name).ok_or_else(|| WireError::at(name, "this export file is missing"))?;
        if text.trim().is_empty() {
            // What `aws ... > file` leaves when the command fails.
            return Err(WireError::at(
                name,
                "this export file is empty: the `aws` command that writes it failed; run it again, or delete \
                 the file if that listing does not apply (list-policies-rcp.json when RCPs are not enabled)",
            ));
        }
        super::parse_export(name, text)
    }

    fn get_optional<T: for<'de> Deserialize<'de>>(&self, name: &str) -> Result<Option<T>, WireError> {
        if self.files.contains_key(name) { self.get(name).map(Some) } else { Ok(None) }
    }
}

/// The organization (tree, SCPs, RCPs) and a stub account for every member.
pub fn import_org(export: &OrgExport) -> Result<(OrganizationDoc, Vec<AccountDoc>), WireError> {
    let org: DescribeOrganization = export.get("describe-organization.json")?;
    let roots: Roots = export.get("list-roots.json")?;
    let root = roots.roots.first().ok_or_else(|| WireError::at("list-roots.json", "the organization has no root"))?;
    let mut accounts: Vec<AccountDoc> = Vec::new();
    let mut attachments: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
    let mut library = Vec::new();
    for (file, kind) in [("list-policies-scp.json", OrgPolicyKind::Scp), ("list-policies-rcp.json", OrgPolicyKind::Rcp)]
    {
        let Some(list) = export.get_optional::<Policies>(file)? else { continue };
        for p in list.policies {
            let targets: Targets = export.get(&format!("list-targets-for-policy-{}.json", p.id))?;
            let builtin = p.aws_managed && (p.name == "FullAWSAccess" || p.name == "RCPFullAWSAccess");
            if !builtin {
                let body: DescribePolicy = export.get(&format!("describe-policy-{}.json", p.id))?;
                library.push(OrgPolicyDoc {
                    name: p.name.clone(),
                    kind,
                    description: p.description.clone(),
                    document: super::document(&serde_json::Value::String(body.policy.content)).map_err(|e| {
                        WireError::at(format!("describe-policy-{}.json: Policy.Content", p.id), e.to_string())
                    })?,
                });
            }
            // RCPFullAWSAccess is always attached in the model; don't list it.
            if kind == OrgPolicyKind::Rcp && builtin {
                continue;
            }
            for t in targets.targets {
                let entry = attachments.entry(t.target_id).or_default();
                match kind {
                    OrgPolicyKind::Scp => entry.0.push(p.name.clone()),
                    OrgPolicyKind::Rcp => entry.1.push(p.name.clone()),
                }
            }
        }
    }
    let scps_known = export.files.contains_key("list-policies-scp.json");
    let mut walk = Walk::default();
    walk.ancestors.push((root.id.clone(), root.name.clone()));
    let mut tree = node(export, &root.id, &root.name, &attachments, scps_known, &mut accounts, &mut walk)?;
    // The tree listed accounts by ID; name them now that every name is known.
    let names = scenario_names(&accounts);
    for (a, name) in accounts.iter_mut().zip(&names) {
        a.name = name.clone();
    }
    let by_id: BTreeMap<&str, &str> = accounts.iter().map(|a| (a.id.as_str(), a.name.as_str())).collect();
    rename_accounts(&mut tree, &by_id);
    let management = by_id
        .get(org.organization.master_account_id.as_str())
        .map_or_else(|| org.organization.master_account_id.clone(), |n| n.to_string());
    Ok((
        OrganizationDoc { id: org.organization.id, management_account: management, policies: library, root: tree },
        accounts,
    ))
}

/// Scenario names for the accounts: Organizations names need not be unique and
/// may hold `/` or spaces, but a scenario refers to an account by name
/// (`sandbox/user/ana`) and needs names unique ignoring case. Characters other
/// than letters, digits and `._-+=,@` become `-`; a name that is still not
/// unique gets its account ID (`sandbox-111122223333`).
fn scenario_names(accounts: &[AccountDoc]) -> Vec<String> {
    let safe: Vec<String> = accounts
        .iter()
        .map(|a| {
            let mut out = String::new();
            for c in a.name.chars() {
                let keep = c.is_ascii_alphanumeric() || "._-+=,@".contains(c);
                if keep {
                    out.push(c);
                } else if !out.ends_with('-') {
                    out.push('-');
                }
            }
            let out = out.trim_matches('-').to_string();
            if out.is_empty() { "account".to_string() } else { out }
        })
        .collect();
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for s in &safe {
        *count.entry(s.to_ascii_lowercase()).or_default() += 1;
    }
    safe.into_iter()
        .zip(accounts)
        .map(
            |(s, a)| {
                if count.get(&s.to_ascii_lowercase()).is_some_and(|n| *n > 1) { format!("{s}-{}", a.id) } else { s }
            },
        )
        .collect()
}

fn rename_accounts(node: &mut OrgNodeDoc, by_id: &BTreeMap<&str, &str>) {
    for a in &mut node.accounts {
        if let Some(name) = by_id.get(a.as_str()) {
            *a = name.to_string();
        }
    }
    for child in &mut node.children {
        rename_accounts(child, by_id);
    }
}

/// How deep OUs nest under the root.
const MAX_OU_DEPTH: usize = 5;

/// What the walk down the tree has seen: an OU or account is placed once, and
/// an OU is never its own ancestor (a listing that says otherwise is an error,
/// not a tree to copy again and again).
#[derive(Default)]
struct Walk {
    /// The OUs from the root down to the current one: (ID, name).
    ancestors: Vec<(String, String)>,
    /// Every OU and account placed so far, with the name of its parent.
    placed: BTreeMap<String, String>,
}

impl Walk {
    /// Places `child` (an OU or account, `kind`) under the current OU `parent`.
    fn place(&mut self, file: &str, at: String, kind: &str, child: &Named, parent: &str) -> Result<(), WireError> {
        let path = |walk: &Walk| walk.ancestors.iter().map(|(_, n)| format!("`{n}`")).collect::<Vec<_>>().join(" → ");
        if self.ancestors.last().is_some_and(|(id, _)| *id == child.id) {
            return Err(WireError::at(
                format!("{file}: {at}"),
                format!("{kind} `{}` ({}) lists itself as its own child", child.name, child.id),
            ));
        }
        if self.ancestors.iter().any(|(id, _)| *id == child.id) {
            return Err(WireError::at(
                format!("{file}: {at}"),
                format!(
                    "OU `{parent}` lists {kind} `{}` ({}) as its child, but it contains `{parent}`: {} → `{}` is a cycle",
                    child.name,
                    child.id,
                    path(self),
                    child.name
                ),
            ));
        }
        if let Some(first) = self.placed.insert(child.id.clone(), parent.to_string()) {
            let message = if first == parent {
                format!("OU `{parent}` lists {kind} `{}` ({}) twice", child.name, child.id)
            } else {
                format!("{kind} `{}` ({}) is listed under both `{first}` and `{parent}`", child.name, child.id)
            };
            return Err(WireError::at(format!("{file}: {at}"), format!("{message}; it belongs in exactly one place")));
        }
        Ok(())
    }
}

fn node(
    export: &OrgExport,
    id: &str,
    name: &str,
    attachments: &BTreeMap<String, (Vec<String>, Vec<String>)>,
    scps_known: bool,
    accounts: &mut Vec<AccountDoc>,
    walk: &mut Walk,
) -> Result<OrgNodeDoc, WireError> {
    // The root is depth 0.
    let depth = walk.ancestors.len().saturating_sub(1);
    let (scps, rcps) = attachments.get(id).cloned().unwrap_or_default();
    let mut n = OrgNodeDoc {
        name: name.to_string(),
        id: id.to_string(),
        scps: scps_known.then_some(scps),
        rcps,
        ..Default::default()
    };
    let file = format!("list-accounts-for-parent-{id}.json");
    if let Some(list) = export.get_optional::<Accounts>(&file)? {
        for (i, a) in list.accounts.into_iter().enumerate() {
            walk.place(&file, format!("Accounts[{i}]"), "account", &a, name)?;
            let (scps, rcps) = attachments.get(&a.id).cloned().unwrap_or_default();
            n.accounts.push(a.id.clone());
            accounts.push(AccountDoc {
                id: a.id,
                name: a.name,
                scps: scps_known.then_some(scps),
                rcps,
                ..Default::default()
            });
        }
    }
    let file = format!("list-organizational-units-for-parent-{id}.json");
    if let Some(list) = export.get_optional::<Ous>(&file)? {
        for (i, ou) in list.organizational_units.iter().enumerate() {
            walk.place(&file, format!("OrganizationalUnits[{i}]"), "OU", ou, name)?;
            // The root is depth 0; AWS nests OUs at most five levels deep under it
            // ("For service control policies, the limit is five", CreateOrganizationalUnit).
            if depth >= MAX_OU_DEPTH {
                return Err(WireError::at(
                    format!("{file}: OrganizationalUnits[{i}]"),
                    format!(
                        "OU `{}` ({}) would be nested {} levels deep; AWS allows at most {MAX_OU_DEPTH} levels of OUs under the root",
                        ou.name,
                        ou.id,
                        depth + 1
                    ),
                ));
            }
            walk.ancestors.push((ou.id.clone(), ou.name.clone()));
            let child = node(export, &ou.id, &ou.name, attachments, scps_known, accounts, walk);
            walk.ancestors.pop();
            n.children.push(child?);
        }
    }
    Ok(n)
}
