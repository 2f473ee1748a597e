//! Following the selection and the open policy through changes. They are
//! vector indices (cheap to render and compare), so after every edit, undo
//! or redo they are found again: accounts, principals, resources and
//! policies by their stable ids ([`super::ids`]), OUs by where the edit
//! moved them. What is gone is cleared (a selection falls back to its parent).

use super::edit::DocEdit;
use super::ids::DocIds;
use super::targets::{OrgPath, PolicyTarget, Selection, node};
use iam_wire::scenario::{OrgNodeDoc, ScenarioDoc};

/// A document and the ids of its items.
#[derive(Clone, Copy)]
pub struct Version<'a> {
    pub doc: &'a ScenarioDoc,
    pub ids: &'a DocIds,
}

/// The open policy after `old` became `new`.
pub fn follow_policy(t: &PolicyTarget, old: Version, new: Version) -> Option<PolicyTarget> {
    let t = new.ids.policy(old.ids.policy_id(t)?)?;
    // A resource without a policy has no policy to open.
    t.get(new.doc).map(|_| t)
}

/// The selection after `old` became `new` through `edit` (None: undo, redo),
/// else its parent.
pub fn follow_selection(sel: &Selection, old: Version, new: Version, edit: Option<&DocEdit>) -> Selection {
    find_selection(sel, old, new, edit).unwrap_or_else(|| parent_selection(sel, old, new, edit))
}

/// The same item in `new`, if it is still there.
pub fn find_selection(sel: &Selection, old: Version, new: Version, edit: Option<&DocEdit>) -> Option<Selection> {
    match sel {
        Selection::None => Some(Selection::None),
        Selection::OrgNode(p) => follow_node(p, old.doc, new.doc, edit).map(Selection::OrgNode),
        Selection::Account(a) => new.ids.account(old.ids.account_id(*a)?).map(Selection::Account),
        Selection::Owner(o) => new.ids.owner(old.ids.owner_id(o)?).map(Selection::Owner),
        Selection::Resource { account, index } => {
            let (account, index) = new.ids.resource(old.ids.resource_id(*account, *index)?)?;
            Some(Selection::Resource { account, index })
        }
        Selection::Policy(t) => follow_policy(t, old, new).map(Selection::Policy),
    }
}

/// What to select when the selected item is gone: its nearest surviving
/// parent (the account of a principal or resource, the node holding an account).
fn parent_selection(sel: &Selection, old: Version, new: Version, edit: Option<&DocEdit>) -> Selection {
    let account = match sel {
        Selection::OrgNode(p) => return follow_node_or_parent(p, old.doc, new.doc, edit),
        Selection::Account(a) => {
            return match placement(old.doc, *a) {
                Some(p) => follow_node_or_parent(&p, old.doc, new.doc, edit),
                None => Selection::None,
            };
        }
        Selection::Owner(o) => o.account(),
        Selection::Resource { account, .. } => *account,
        Selection::None | Selection::Policy(_) => return Selection::None,
    };
    find_selection(&Selection::Account(account), old, new, edit).unwrap_or_default()
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
