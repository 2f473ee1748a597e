//! Following the selection and the open policy through changes. They are
//! vector indices (cheap to render and compare), so after every edit, undo
//! or redo they are found again by a stable key: accounts by ID, principals
//! and policies by name, resources by ARN, OUs by where the edit moved them.
//! What is gone is cleared (a selection falls back to its parent).

use super::edit::DocEdit;
use super::targets::{OrgPath, Owner, PolicyTarget, Selection, node};
use iam_wire::scenario::{OrgNodeDoc, ScenarioDoc};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    User,
    Group,
    Role,
}

/// An owner by account ID, kind and name.
#[derive(Clone, Debug, PartialEq, Eq)]
struct OwnerKey {
    account: String,
    kind: Kind,
    name: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum PolicyKey {
    Inline(OwnerKey, String),
    Trust(OwnerKey),
    Managed { account: String, name: String },
    Resource { account: String, arn: String },
    Org(String),
}

fn account_id(doc: &ScenarioDoc, a: usize) -> Option<String> {
    doc.accounts.get(a).map(|x| x.id.clone())
}

fn account_index(doc: &ScenarioDoc, id: &str) -> Option<usize> {
    doc.accounts.iter().position(|a| a.id == id)
}

fn owner_key(doc: &ScenarioDoc, o: &Owner) -> Option<OwnerKey> {
    let (account, kind, name) = match o {
        Owner::User { account, index } => (*account, Kind::User, &doc.accounts.get(*account)?.users.get(*index)?.name),
        Owner::Group { account, index } => {
            (*account, Kind::Group, &doc.accounts.get(*account)?.groups.get(*index)?.name)
        }
        Owner::Role { account, index } => (*account, Kind::Role, &doc.accounts.get(*account)?.roles.get(*index)?.name),
    };
    Some(OwnerKey { account: account_id(doc, account)?, kind, name: name.clone() })
}

fn find_owner(doc: &ScenarioDoc, k: &OwnerKey) -> Option<Owner> {
    let account = account_index(doc, &k.account)?;
    let a = doc.accounts.get(account)?;
    Some(match k.kind {
        Kind::User => Owner::User { account, index: a.users.iter().position(|u| u.name == k.name)? },
        Kind::Group => Owner::Group { account, index: a.groups.iter().position(|g| g.name == k.name)? },
        Kind::Role => Owner::Role { account, index: a.roles.iter().position(|r| r.name == k.name)? },
    })
}

fn inline_names<'a>(doc: &'a ScenarioDoc, o: &Owner) -> Option<&'a [iam_wire::scenario::InlinePolicyDoc]> {
    Some(match o {
        Owner::User { account, index } => &doc.accounts.get(*account)?.users.get(*index)?.inline_policies,
        Owner::Group { account, index } => &doc.accounts.get(*account)?.groups.get(*index)?.inline_policies,
        Owner::Role { account, index } => &doc.accounts.get(*account)?.roles.get(*index)?.inline_policies,
    })
}

fn policy_key(doc: &ScenarioDoc, t: &PolicyTarget) -> Option<PolicyKey> {
    Some(match t {
        PolicyTarget::Inline { owner, index } => {
            PolicyKey::Inline(owner_key(doc, owner)?, inline_names(doc, owner)?.get(*index)?.name.clone())
        }
        PolicyTarget::Trust { account, role } => {
            PolicyKey::Trust(owner_key(doc, &Owner::Role { account: *account, index: *role })?)
        }
        PolicyTarget::CustomerManaged { account, index } => PolicyKey::Managed {
            account: account_id(doc, *account)?,
            name: doc.accounts.get(*account)?.policies.get(*index)?.name.clone(),
        },
        PolicyTarget::Resource { account, index } => PolicyKey::Resource {
            account: account_id(doc, *account)?,
            arn: doc.accounts.get(*account)?.resources.get(*index)?.arn.clone(),
        },
        PolicyTarget::Org { index } => PolicyKey::Org(doc.organization.as_ref()?.policies.get(*index)?.name.clone()),
    })
}

fn find_policy(doc: &ScenarioDoc, k: &PolicyKey) -> Option<PolicyTarget> {
    let t = match k {
        PolicyKey::Inline(o, name) => {
            let owner = find_owner(doc, o)?;
            let index = inline_names(doc, &owner)?.iter().position(|p| p.name == *name)?;
            PolicyTarget::Inline { owner, index }
        }
        PolicyKey::Trust(o) => match find_owner(doc, o)? {
            Owner::Role { account, index } => PolicyTarget::Trust { account, role: index },
            _ => return None,
        },
        PolicyKey::Managed { account, name } => {
            let account = account_index(doc, account)?;
            let index = doc.accounts.get(account)?.policies.iter().position(|p| p.name == *name)?;
            PolicyTarget::CustomerManaged { account, index }
        }
        PolicyKey::Resource { account, arn } => {
            let account = account_index(doc, account)?;
            PolicyTarget::Resource { account, index: resource_index(doc, account, arn)? }
        }
        PolicyKey::Org(name) => {
            PolicyTarget::Org { index: doc.organization.as_ref()?.policies.iter().position(|p| p.name == *name)? }
        }
    };
    // A resource without a policy has no policy to open.
    t.get(doc).map(|_| t)
}

fn resource_index(doc: &ScenarioDoc, account: usize, arn: &str) -> Option<usize> {
    doc.accounts.get(account)?.resources.iter().position(|r| r.arn == arn)
}

/// The open policy after `old` became `new`.
pub fn follow_policy(t: &PolicyTarget, old: &ScenarioDoc, new: &ScenarioDoc) -> Option<PolicyTarget> {
    find_policy(new, &policy_key(old, t)?)
}

/// The selection after `old` became `new` through `edit` (None: undo, redo),
/// else its parent.
pub fn follow_selection(sel: &Selection, old: &ScenarioDoc, new: &ScenarioDoc, edit: Option<&DocEdit>) -> Selection {
    find_selection(sel, old, new, edit).unwrap_or_else(|| parent_selection(sel, old, new, edit))
}

/// The same item in `new`, if it is still there.
pub fn find_selection(
    sel: &Selection,
    old: &ScenarioDoc,
    new: &ScenarioDoc,
    edit: Option<&DocEdit>,
) -> Option<Selection> {
    let account_of = |a: usize| account_id(old, a).and_then(|id| account_index(new, &id));
    match sel {
        Selection::None => Some(Selection::None),
        Selection::OrgNode(p) => follow_node(p, old, new, edit).map(Selection::OrgNode),
        Selection::Account(a) => account_of(*a).map(Selection::Account),
        Selection::Owner(o) => owner_key(old, o).and_then(|k| find_owner(new, &k)).map(Selection::Owner),
        Selection::Resource { account, index } => {
            let arn = old.accounts.get(*account).and_then(|a| a.resources.get(*index)).map(|r| r.arn.clone());
            account_of(*account).and_then(|account| {
                resource_index(new, account, arn.as_deref()?).map(|index| Selection::Resource { account, index })
            })
        }
        Selection::Policy(t) => follow_policy(t, old, new).map(Selection::Policy),
    }
}

/// What to select when the selected item is gone: its nearest surviving
/// parent (the account of a principal or resource, the node holding an account).
fn parent_selection(sel: &Selection, old: &ScenarioDoc, new: &ScenarioDoc, edit: Option<&DocEdit>) -> Selection {
    let account_of = |a: usize| account_id(old, a).and_then(|id| account_index(new, &id));
    match sel {
        Selection::OrgNode(p) => follow_node_or_parent(p, old, new, edit),
        Selection::Owner(Owner::User { account, .. } | Owner::Group { account, .. } | Owner::Role { account, .. })
        | Selection::Resource { account, .. } => account_of(*account).map_or(Selection::None, Selection::Account),
        Selection::Account(a) => match placement(old, *a) {
            Some(p) => follow_node_or_parent(&p, old, new, edit),
            None => Selection::None,
        },
        _ => Selection::None,
    }
}

/// Where account `a` is placed in the organization tree.
fn placement(doc: &ScenarioDoc, a: usize) -> Option<OrgPath> {
    fn find(n: &OrgNodeDoc, name: &str, id: &str, path: &mut OrgPath) -> bool {
        if n.accounts.iter().any(|x| x == name || x == id) {
            return true;
        }
        for (i, c) in n.children.iter().enumerate() {
            path.push(i);
            if find(c, name, id, path) {
                return true;
            }
            path.pop();
        }
        false
    }
    let acct = doc.accounts.get(a)?;
    let mut path = Vec::new();
    find(&doc.organization.as_ref()?.root, &acct.name, &acct.id, &mut path).then_some(path)
}

fn follow_node_or_parent(p: &[usize], old: &ScenarioDoc, new: &ScenarioDoc, edit: Option<&DocEdit>) -> Selection {
    // The node, else its nearest surviving ancestor.
    (0..=p.len())
        .rev()
        .find_map(|n| follow_node(p.get(..n)?, old, new, edit))
        .map_or(Selection::None, Selection::OrgNode)
}

fn follow_node(p: &[usize], old: &ScenarioDoc, new: &ScenarioDoc, edit: Option<&DocEdit>) -> Option<OrgPath> {
    let (old_root, new_root) = (&old.organization.as_ref()?.root, &new.organization.as_ref()?.root);
    let path = match edit {
        Some(DocEdit::DeleteOu { path: gone }) => after_delete(p, gone, old_root)?,
        Some(DocEdit::MoveOu { path: from, new_parent }) => after_move(p, from, new_parent, new_root)?,
        // No other edit reorders OUs (new ones are appended).
        Some(_) => p.to_vec(),
        None => by_names(p, old_root, new_root).or_else(|| by_unique_name(p, old_root, new_root))?,
    };
    node(new_root, &path).map(|_| path)
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

/// A deleted OU's children move up to the end of its parent's children.
fn after_delete(p: &[usize], gone: &[usize], old_root: &OrgNodeDoc) -> Option<OrgPath> {
    let Some(rest) = p.strip_prefix(gone) else { return after_removal(p, gone) };
    let (first, deeper) = rest.split_first()?;
    let (_, parent) = gone.split_last()?;
    let siblings = node(old_root, parent)?.children.len();
    let mut out = parent.to_vec();
    out.push(siblings - 1 + first);
    out.extend_from_slice(deeper);
    Some(out)
}

/// A moved OU becomes the last child of its destination.
fn after_move(p: &[usize], from: &[usize], to: &[usize], new_root: &OrgNodeDoc) -> Option<OrgPath> {
    let Some(rest) = p.strip_prefix(from) else { return after_removal(p, from) };
    let mut out = after_removal(to, from)?;
    out.push(node(new_root, &out)?.children.len().checked_sub(1)?);
    out.extend_from_slice(rest);
    Some(out)
}

/// The same OU found by its names from the root. A child whose name is gone
/// keeps its place when its siblings did not change in number (a rename).
fn by_names(p: &[usize], old_root: &OrgNodeDoc, new_root: &OrgNodeDoc) -> Option<OrgPath> {
    let (mut o, mut n) = (old_root, new_root);
    let mut out = Vec::with_capacity(p.len());
    for i in p {
        let name = &o.children.get(*i)?.name;
        let j = n
            .children
            .iter()
            .position(|c| c.name == *name)
            .or_else(|| (n.children.len() == o.children.len()).then_some(*i))?;
        o = o.children.get(*i)?;
        n = n.children.get(j)?;
        out.push(j);
    }
    Some(out)
}

/// The one OU anywhere in the new tree with the node's name (undoing a move).
fn by_unique_name(p: &[usize], old_root: &OrgNodeDoc, new_root: &OrgNodeDoc) -> Option<OrgPath> {
    fn walk(n: &OrgNodeDoc, name: &str, path: &mut OrgPath, found: &mut Vec<OrgPath>) {
        for (i, c) in n.children.iter().enumerate() {
            path.push(i);
            if c.name == name {
                found.push(path.clone());
            }
            walk(c, name, path, found);
            path.pop();
        }
    }
    let name = &node(old_root, p)?.name;
    let mut found = Vec::new();
    walk(new_root, name, &mut Vec::new(), &mut found);
    if found.len() == 1 { found.pop() } else { None }
}
