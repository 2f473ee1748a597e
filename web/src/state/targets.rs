//! Addresses of things in a scenario document: organization nodes, principals,
//! policies. Everything the UI selects or edits is named by one of these.

use iam_core::model::{OwnerKind, PolicyOrigin};
use iam_wire::scenario::{OrgNodeDoc, OrgPolicyKind, PolicyDocument, ScenarioDoc, policy_label};

/// Child indices from the organization root (`[]` is the root).
pub type OrgPath = Vec<usize>;

/// An IAM entity that owns policies.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Owner {
    User { account: usize, index: usize },
    Group { account: usize, index: usize },
    Role { account: usize, index: usize },
}

/// A policy document in the scenario.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PolicyTarget {
    Inline { owner: Owner, index: usize },
    Trust { account: usize, role: usize },
    CustomerManaged { account: usize, index: usize },
    Resource { account: usize, index: usize },
    Org { index: usize },
}

/// What is selected in the UI.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Selection {
    #[default]
    None,
    OrgNode(OrgPath),
    Account(usize),
    Owner(Owner),
    Resource {
        account: usize,
        index: usize,
    },
    Policy(PolicyTarget),
}

impl Owner {
    pub fn new(account: usize, kind: OwnerKind, index: usize) -> Self {
        match kind {
            OwnerKind::User => Owner::User { account, index },
            OwnerKind::Group => Owner::Group { account, index },
            OwnerKind::Role => Owner::Role { account, index },
        }
    }

    /// The owner's account, kind and index in its account's list of that kind.
    pub fn parts(&self) -> (usize, OwnerKind, usize) {
        match self {
            Owner::User { account, index } => (*account, OwnerKind::User, *index),
            Owner::Group { account, index } => (*account, OwnerKind::Group, *index),
            Owner::Role { account, index } => (*account, OwnerKind::Role, *index),
        }
    }

    pub fn account(&self) -> usize {
        self.parts().0
    }
}

pub fn node<'a>(root: &'a OrgNodeDoc, path: &[usize]) -> Option<&'a OrgNodeDoc> {
    path.iter().try_fold(root, |n, i| n.children.get(*i))
}

pub fn node_mut<'a>(root: &'a mut OrgNodeDoc, path: &[usize]) -> Option<&'a mut OrgNodeDoc> {
    path.iter().try_fold(root, |n, i| n.children.get_mut(*i))
}

/// `p` after the subtree at `removed` is taken out (None if `p` is in it).
pub fn after_removal(p: &[usize], removed: &[usize]) -> Option<OrgPath> {
    if p.starts_with(removed) {
        return None;
    }
    let (last, parent) = removed.split_last()?;
    let mut out = p.to_vec();
    if p.len() > parent.len()
        && p.starts_with(parent)
        && let Some(x) = out.get_mut(parent.len())
        && *x > *last
    {
        *x -= 1;
    }
    Some(out)
}

impl PolicyTarget {
    /// The document, if the target exists.
    pub fn get<'a>(&self, doc: &'a ScenarioDoc) -> Option<&'a PolicyDocument> {
        match self {
            PolicyTarget::Inline { owner, index } => {
                let list = match owner {
                    Owner::User { account, index } => &doc.accounts.get(*account)?.users.get(*index)?.inline_policies,
                    Owner::Group { account, index } => &doc.accounts.get(*account)?.groups.get(*index)?.inline_policies,
                    Owner::Role { account, index } => &doc.accounts.get(*account)?.roles.get(*index)?.inline_policies,
                };
                list.get(*index).map(|p| &p.document)
            }
            PolicyTarget::Trust { account, role } => Some(&doc.accounts.get(*account)?.roles.get(*role)?.trust_policy),
            PolicyTarget::CustomerManaged { account, index } => {
                Some(&doc.accounts.get(*account)?.policies.get(*index)?.document)
            }
            PolicyTarget::Resource { account, index } => {
                doc.accounts.get(*account)?.resources.get(*index)?.policy.as_ref()
            }
            PolicyTarget::Org { index } => Some(&doc.organization.as_ref()?.policies.get(*index)?.document),
        }
    }

    pub fn get_mut<'a>(&self, doc: &'a mut ScenarioDoc) -> Option<&'a mut PolicyDocument> {
        match self {
            PolicyTarget::Inline { owner, index } => {
                let list = match owner {
                    Owner::User { account, index } => {
                        &mut doc.accounts.get_mut(*account)?.users.get_mut(*index)?.inline_policies
                    }
                    Owner::Group { account, index } => {
                        &mut doc.accounts.get_mut(*account)?.groups.get_mut(*index)?.inline_policies
                    }
                    Owner::Role { account, index } => {
                        &mut doc.accounts.get_mut(*account)?.roles.get_mut(*index)?.inline_policies
                    }
                };
                list.get_mut(*index).map(|p| &mut p.document)
            }
            PolicyTarget::Trust { account, role } => {
                Some(&mut doc.accounts.get_mut(*account)?.roles.get_mut(*role)?.trust_policy)
            }
            PolicyTarget::CustomerManaged { account, index } => {
                Some(&mut doc.accounts.get_mut(*account)?.policies.get_mut(*index)?.document)
            }
            PolicyTarget::Resource { account, index } => {
                let r = doc.accounts.get_mut(*account)?.resources.get_mut(*index)?;
                Some(r.policy.get_or_insert_with(PolicyDocument::default))
            }
            PolicyTarget::Org { index } => Some(&mut doc.organization.as_mut()?.policies.get_mut(*index)?.document),
        }
    }

    /// Where the engine says this policy lives; None if it is gone.
    pub fn origin(&self, doc: &ScenarioDoc) -> Option<PolicyOrigin> {
        Some(match self {
            PolicyTarget::Inline { owner, index } => {
                let (account, owner_kind, owner) = owner.parts();
                PolicyOrigin::Inline { account, owner_kind, owner, index: *index }
            }
            PolicyTarget::Trust { account, role } => PolicyOrigin::Trust { account: *account, role: *role },
            PolicyTarget::CustomerManaged { account, index } => {
                PolicyOrigin::CustomerManaged { account: *account, index: *index }
            }
            PolicyTarget::Resource { account, index } => PolicyOrigin::Resource { account: *account, index: *index },
            PolicyTarget::Org { index } => {
                let p = doc.organization.as_ref()?.policies.get(*index)?;
                let name = p.name.clone();
                match p.kind {
                    OrgPolicyKind::Scp => PolicyOrigin::Scp { name },
                    OrgPolicyKind::Rcp => PolicyOrigin::Rcp { name },
                }
            }
        })
    }

    /// The editable policy at an engine origin (None for AWS managed
    /// policies and the organization's defaults).
    pub fn from_origin(origin: &PolicyOrigin, doc: &ScenarioDoc) -> Option<Self> {
        Some(match origin {
            PolicyOrigin::Inline { account, owner_kind, owner, index } => {
                PolicyTarget::Inline { owner: Owner::new(*account, *owner_kind, *owner), index: *index }
            }
            PolicyOrigin::Trust { account, role } => PolicyTarget::Trust { account: *account, role: *role },
            PolicyOrigin::CustomerManaged { account, index } => {
                PolicyTarget::CustomerManaged { account: *account, index: *index }
            }
            PolicyOrigin::Resource { account, index } => PolicyTarget::Resource { account: *account, index: *index },
            PolicyOrigin::Scp { name } | PolicyOrigin::Rcp { name } => {
                let index = doc.organization.as_ref()?.policies.iter().position(|p| p.name == *name)?;
                PolicyTarget::Org { index }
            }
            PolicyOrigin::AwsManaged { .. } => return None,
        })
    }

    /// The label the engine gives this policy (`PolicyEntry::label`), for titles.
    pub fn label(&self, doc: &ScenarioDoc) -> Option<String> {
        policy_label(doc, &self.origin(doc)?)
    }

    /// The policy type, for the linter and the editor's title.
    pub fn kind_name(&self, doc: &ScenarioDoc) -> &'static str {
        match self {
            PolicyTarget::Inline { .. } => "inline identity policy",
            PolicyTarget::Trust { .. } => "trust policy",
            PolicyTarget::CustomerManaged { .. } => "customer managed policy",
            PolicyTarget::Resource { .. } => "resource-based policy",
            PolicyTarget::Org { index } => {
                match doc.organization.as_ref().and_then(|o| o.policies.get(*index)).map(|p| p.kind) {
                    Some(OrgPolicyKind::Rcp) => "resource control policy",
                    _ => "service control policy",
                }
            }
        }
    }
}

/// How many inline policies an owner has (0 if it is gone).
pub fn inline_count(doc: &ScenarioDoc, owner: &Owner) -> usize {
    let Some(a) = doc.accounts.get(owner.account()) else { return 0 };
    match owner {
        Owner::User { index, .. } => a.users.get(*index).map_or(0, |u| u.inline_policies.len()),
        Owner::Group { index, .. } => a.groups.get(*index).map_or(0, |g| g.inline_policies.len()),
        Owner::Role { index, .. } => a.roles.get(*index).map_or(0, |r| r.inline_policies.len()),
    }
}

/// Every policy document of the scenario, in document order.
pub fn all_policy_targets(doc: &ScenarioDoc) -> Vec<PolicyTarget> {
    let mut out = Vec::new();
    if let Some(org) = &doc.organization {
        out.extend((0..org.policies.len()).map(|index| PolicyTarget::Org { index }));
    }
    for (a, acct) in doc.accounts.iter().enumerate() {
        out.extend((0..acct.policies.len()).map(|index| PolicyTarget::CustomerManaged { account: a, index }));
        for (g, x) in acct.groups.iter().enumerate() {
            let owner = Owner::Group { account: a, index: g };
            out.extend((0..x.inline_policies.len()).map(|index| PolicyTarget::Inline { owner: owner.clone(), index }));
        }
        for (u, x) in acct.users.iter().enumerate() {
            let owner = Owner::User { account: a, index: u };
            out.extend((0..x.inline_policies.len()).map(|index| PolicyTarget::Inline { owner: owner.clone(), index }));
        }
        for (r, x) in acct.roles.iter().enumerate() {
            out.push(PolicyTarget::Trust { account: a, role: r });
            let owner = Owner::Role { account: a, index: r };
            out.extend((0..x.inline_policies.len()).map(|index| PolicyTarget::Inline { owner: owner.clone(), index }));
        }
        for (i, r) in acct.resources.iter().enumerate() {
            if r.policy.is_some() {
                out.push(PolicyTarget::Resource { account: a, index: i });
            }
        }
    }
    out
}
