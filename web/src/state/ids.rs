//! Stable ids for the items of the document being edited (Yew's todomvc
//! `Entry { id }`): OUs, accounts, principals, resources and policies. The
//! scenario format has no place for them, so they live in a side table with
//! the document's shape, kept next to it in the state and in every undo
//! snapshot; they are never saved or shared. Renames leave ids alone, a
//! deletion drops the item's, new items get fresh ones.

use super::edit::DocEdit;
use super::targets::{OrgPath, Owner, PolicyTarget, after_removal};
use iam_core::model::OwnerKind;
use iam_wire::scenario::{OrgNodeDoc, ScenarioDoc};

const OWNER_KINDS: [OwnerKind; 3] = [OwnerKind::User, OwnerKind::Group, OwnerKind::Role];

/// An item's id, unique within one editing session.
pub type Id = u64;

/// Hands out ids; lives in the state, not in snapshots, so an id is never
/// given twice even after undo.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdGen(Id);

impl IdGen {
    fn fresh(&mut self) -> Id {
        self.0 += 1;
        self.0
    }
}

/// A user, group or role and its inline policies (a role's trust policy goes by the role's id).
#[derive(Clone, Debug, PartialEq, Eq)]
struct OwnerIds {
    id: Id,
    inline: Vec<Id>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct AccountIds {
    id: Id,
    users: Vec<OwnerIds>,
    groups: Vec<OwnerIds>,
    roles: Vec<OwnerIds>,
    /// Customer managed policies.
    policies: Vec<Id>,
    /// Resources (a resource-based policy goes by its resource's id).
    resources: Vec<Id>,
}

/// An organization node and its child OUs.
#[derive(Clone, Debug, PartialEq, Eq)]
struct NodeIds {
    id: Id,
    children: Vec<NodeIds>,
}

/// The ids of one document, in the document's shape.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocIds {
    accounts: Vec<AccountIds>,
    org_policies: Vec<Id>,
    root: Option<NodeIds>,
}

/// A policy by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyId {
    /// A role's trust policy.
    Trust(Id),
    /// A resource's policy.
    Resource(Id),
    /// An inline, customer managed or organization policy.
    Own(Id),
}

/// `v` with `len` entries: extra ones dropped, missing ones made.
fn fit<T>(v: &mut Vec<T>, len: usize, make: impl FnMut() -> T) {
    v.truncate(len);
    let missing = len.saturating_sub(v.len());
    v.extend(std::iter::repeat_with(make).take(missing));
}

fn remove<T>(v: &mut Vec<T>, i: usize) {
    if i < v.len() {
        v.remove(i);
    }
}

fn fit_node(n: &mut NodeIds, doc: &OrgNodeDoc, ids: &mut IdGen) {
    fit(&mut n.children, doc.children.len(), || NodeIds { id: ids.fresh(), children: Vec::new() });
    for (c, d) in n.children.iter_mut().zip(&doc.children) {
        fit_node(c, d, ids);
    }
}

fn fit_owners(v: &mut Vec<OwnerIds>, inline: impl ExactSizeIterator<Item = usize>, ids: &mut IdGen) {
    fit(v, inline.len(), || OwnerIds { id: ids.fresh(), inline: Vec::new() });
    for (o, n) in v.iter_mut().zip(inline) {
        fit(&mut o.inline, n, || ids.fresh());
    }
}

impl DocIds {
    /// Fresh ids for every item of a loaded document.
    pub fn new(doc: &ScenarioDoc, ids: &mut IdGen) -> Self {
        let mut out = Self::default();
        out.fit(doc, ids);
        out
    }

    /// After `edit` made `doc`: the ids of what it removed go, new items get fresh ones.
    pub fn after(&mut self, edit: &DocEdit, doc: &ScenarioDoc, ids: &mut IdGen) {
        match edit {
            // As the edits do: a deleted OU's children move up to the end
            // of its parent's, a moved OU becomes the last child of its destination.
            DocEdit::DeleteOu { path } => {
                if let Some(gone) = self.take_node(path)
                    && let Some(parent) = path.split_last().and_then(|(_, p)| self.node_mut(p))
                {
                    parent.children.extend(gone.children);
                }
            }
            DocEdit::MoveOu { path, new_parent } => {
                if let Some(moved) = self.take_node(path)
                    && let Some(dest) = after_removal(new_parent, path).and_then(|p| self.node_mut(&p))
                {
                    dest.children.push(moved);
                }
            }
            DocEdit::DeleteAccount { account } => remove(&mut self.accounts, *account),
            DocEdit::DeleteOwner { owner } => {
                let (account, kind, index) = owner.parts();
                if let Some(list) = self.accounts.get_mut(account).map(|a| a.owners_mut(kind)) {
                    remove(list, index);
                }
            }
            DocEdit::DeleteResource { account, index } => {
                if let Some(a) = self.accounts.get_mut(*account) {
                    remove(&mut a.resources, *index);
                }
            }
            DocEdit::DeletePolicy { target: PolicyTarget::Inline { owner, index } } => {
                let (account, kind, o) = owner.parts();
                if let Some(o) = self.accounts.get_mut(account).and_then(|a| a.owners_mut(kind).get_mut(o)) {
                    remove(&mut o.inline, *index);
                }
            }
            DocEdit::DeletePolicy { target: PolicyTarget::CustomerManaged { account, index } } => {
                if let Some(a) = self.accounts.get_mut(*account) {
                    remove(&mut a.policies, *index);
                }
            }
            DocEdit::DeletePolicy { target: PolicyTarget::Org { index } } => remove(&mut self.org_policies, *index),
            _ => {}
        }
        self.fit(doc, ids);
    }

    /// Gives the table the document's shape (items past the end are new).
    fn fit(&mut self, doc: &ScenarioDoc, ids: &mut IdGen) {
        match &doc.organization {
            Some(org) => {
                let root = self.root.get_or_insert_with(|| NodeIds { id: ids.fresh(), children: Vec::new() });
                fit_node(root, &org.root, ids);
            }
            None => self.root = None,
        }
        let org_policies = doc.organization.as_ref().map_or(0, |o| o.policies.len());
        fit(&mut self.org_policies, org_policies, || ids.fresh());
        fit(&mut self.accounts, doc.accounts.len(), || AccountIds {
            id: ids.fresh(),
            users: Vec::new(),
            groups: Vec::new(),
            roles: Vec::new(),
            policies: Vec::new(),
            resources: Vec::new(),
        });
        for (a, d) in self.accounts.iter_mut().zip(&doc.accounts) {
            fit_owners(&mut a.users, d.users.iter().map(|x| x.inline_policies.len()), ids);
            fit_owners(&mut a.groups, d.groups.iter().map(|x| x.inline_policies.len()), ids);
            fit_owners(&mut a.roles, d.roles.iter().map(|x| x.inline_policies.len()), ids);
            fit(&mut a.policies, d.policies.len(), || ids.fresh());
            fit(&mut a.resources, d.resources.len(), || ids.fresh());
        }
    }

    fn node_mut(&mut self, path: &[usize]) -> Option<&mut NodeIds> {
        path.iter().try_fold(self.root.as_mut()?, |n, i| n.children.get_mut(*i))
    }

    /// Takes the OU at `path` out of the tree.
    fn take_node(&mut self, path: &[usize]) -> Option<NodeIds> {
        let (last, parent) = path.split_last()?;
        let p = self.node_mut(parent)?;
        (*last < p.children.len()).then(|| p.children.remove(*last))
    }

    pub fn node_id(&self, path: &[usize]) -> Option<Id> {
        path.iter().try_fold(self.root.as_ref()?, |n, i| n.children.get(*i)).map(|n| n.id)
    }

    /// The path of the node with this id.
    pub fn node(&self, id: Id) -> Option<OrgPath> {
        fn find(n: &NodeIds, id: Id, path: &mut OrgPath) -> bool {
            if n.id == id {
                return true;
            }
            for (i, c) in n.children.iter().enumerate() {
                path.push(i);
                if find(c, id, path) {
                    return true;
                }
                path.pop();
            }
            false
        }
        let mut path = Vec::new();
        find(self.root.as_ref()?, id, &mut path).then_some(path)
    }

    pub fn account_id(&self, account: usize) -> Option<Id> {
        self.accounts.get(account).map(|a| a.id)
    }

    pub fn account(&self, id: Id) -> Option<usize> {
        self.accounts.iter().position(|a| a.id == id)
    }

    fn owner_ids(&self, owner: &Owner) -> Option<&OwnerIds> {
        let (account, kind, index) = owner.parts();
        self.accounts.get(account)?.owners(kind).get(index)
    }

    pub fn owner_id(&self, owner: &Owner) -> Option<Id> {
        self.owner_ids(owner).map(|o| o.id)
    }

    pub fn owner(&self, id: Id) -> Option<Owner> {
        self.accounts.iter().enumerate().find_map(|(account, a)| {
            OWNER_KINDS.into_iter().find_map(|kind| {
                let index = a.owners(kind).iter().position(|o| o.id == id)?;
                Some(Owner::new(account, kind, index))
            })
        })
    }

    pub fn resource_id(&self, account: usize, index: usize) -> Option<Id> {
        self.accounts.get(account)?.resources.get(index).copied()
    }

    /// The account and index of the resource with this id.
    pub fn resource(&self, id: Id) -> Option<(usize, usize)> {
        self.accounts.iter().enumerate().find_map(|(a, x)| Some((a, x.resources.iter().position(|r| *r == id)?)))
    }

    pub fn policy_id(&self, t: &PolicyTarget) -> Option<PolicyId> {
        Some(match t {
            PolicyTarget::Inline { owner, index } => PolicyId::Own(*self.owner_ids(owner)?.inline.get(*index)?),
            PolicyTarget::Trust { account, role } => {
                PolicyId::Trust(self.owner_id(&Owner::Role { account: *account, index: *role })?)
            }
            PolicyTarget::CustomerManaged { account, index } => {
                PolicyId::Own(*self.accounts.get(*account)?.policies.get(*index)?)
            }
            PolicyTarget::Resource { account, index } => PolicyId::Resource(self.resource_id(*account, *index)?),
            PolicyTarget::Org { index } => PolicyId::Own(*self.org_policies.get(*index)?),
        })
    }

    /// Where the policy with this id is (a resource's whether or not it has one).
    pub fn policy(&self, id: PolicyId) -> Option<PolicyTarget> {
        match id {
            PolicyId::Trust(role) => match self.owner(role)? {
                Owner::Role { account, index } => Some(PolicyTarget::Trust { account, role: index }),
                _ => None,
            },
            PolicyId::Resource(r) => self.resource(r).map(|(account, index)| PolicyTarget::Resource { account, index }),
            PolicyId::Own(id) => self.own_policy(id),
        }
    }

    fn own_policy(&self, id: Id) -> Option<PolicyTarget> {
        if let Some(index) = self.org_policies.iter().position(|p| *p == id) {
            return Some(PolicyTarget::Org { index });
        }
        self.accounts.iter().enumerate().find_map(|(account, a)| {
            if let Some(index) = a.policies.iter().position(|p| *p == id) {
                return Some(PolicyTarget::CustomerManaged { account, index });
            }
            OWNER_KINDS.into_iter().find_map(|kind| {
                a.owners(kind).iter().enumerate().find_map(|(o, x)| {
                    let index = x.inline.iter().position(|p| *p == id)?;
                    Some(PolicyTarget::Inline { owner: Owner::new(account, kind, o), index })
                })
            })
        })
    }
}

impl AccountIds {
    fn owners(&self, kind: OwnerKind) -> &Vec<OwnerIds> {
        match kind {
            OwnerKind::User => &self.users,
            OwnerKind::Group => &self.groups,
            OwnerKind::Role => &self.roles,
        }
    }

    fn owners_mut(&mut self, kind: OwnerKind) -> &mut Vec<OwnerIds> {
        match kind {
            OwnerKind::User => &mut self.users,
            OwnerKind::Group => &mut self.groups,
            OwnerKind::Role => &mut self.roles,
        }
    }
}
