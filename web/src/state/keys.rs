//! Following the selection and the open policy through changes. They are
//! vector indices and paths (cheap to render and compare), so after every
//! edit, undo or redo they are found again by the stable ids of their items
//! ([`super::ids`]). What is gone is cleared (a selection falls back to its
//! parent).

use super::ids::DocIds;
use super::targets::{OrgPath, PolicyTarget, Selection};
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

/// The selection after `old` became `new`, else its parent.
pub fn follow_selection(sel: &Selection, old: Version, new: Version) -> Selection {
    find_selection(sel, old, new).unwrap_or_else(|| parent_selection(sel, old, new))
}

/// The same item in `new`, if it is still there.
pub fn find_selection(sel: &Selection, old: Version, new: Version) -> Option<Selection> {
    match sel {
        Selection::None => Some(Selection::None),
        Selection::OrgNode(p) => new.ids.node(old.ids.node_id(p)?).map(Selection::OrgNode),
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
fn parent_selection(sel: &Selection, old: Version, new: Version) -> Selection {
    let account = match sel {
        Selection::OrgNode(p) => return node_or_ancestor(p, old, new),
        Selection::Account(a) => {
            return placement(old.doc, *a).map_or(Selection::None, |p| node_or_ancestor(&p, old, new));
        }
        Selection::Owner(o) => o.account(),
        Selection::Resource { account, .. } => *account,
        Selection::None | Selection::Policy(_) => return Selection::None,
    };
    find_selection(&Selection::Account(account), old, new).unwrap_or_default()
}

/// The node at `p` in `old`, else its nearest ancestor still in `new`.
fn node_or_ancestor(p: &[usize], old: Version, new: Version) -> Selection {
    (0..=p.len())
        .rev()
        .find_map(|n| new.ids.node(old.ids.node_id(p.get(..n)?)?))
        .map_or(Selection::None, Selection::OrgNode)
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
