//! The organization tree flattened into rows, the way `components::org_tree`
//! draws it (root, then each node's accounts, then its child OUs), and the
//! edits that dragging and the node menu make from rows. Pure and typed: a row
//! carries the account's index, name and id as fields, never a display string
//! to parse back.

use crate::state::edit::{AttachPoint, DocEdit};
use crate::state::targets::{OrgPath, Selection};
use iam_wire::scenario::{AccountDoc, OrgNodeDoc, OrgPolicyKind, ScenarioDoc};

pub use iam_core::model::names::{FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowKind {
    Root,
    Ou,
    /// An account placed in the node at `path`: its index in `doc.accounts`,
    /// or None when the node names an account the scenario does not have.
    Account(Option<usize>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub kind: RowKind,
    /// The node's path (for accounts: the node that holds them).
    pub path: OrgPath,
    pub depth: usize,
    pub parent_row: Option<usize>,
    /// The node's name; for accounts, the account's name (or the reference
    /// as the node writes it, when no account has that name or id).
    pub name: String,
    /// For accounts that exist: their 12-digit id.
    pub account_id: Option<String>,
    pub scps: Vec<String>,
    pub rcps: Vec<String>,
    pub management: bool,
}

/// Every row of the organization tree, in drawing order; empty without an organization.
pub fn rows(doc: &ScenarioDoc) -> Vec<Row> {
    let mut out = Vec::new();
    if let Some(org) = &doc.organization {
        walk(doc, &org.root, Vec::new(), 0, None, &org.management_account, &mut out);
    }
    out
}

fn walk(
    doc: &ScenarioDoc,
    n: &OrgNodeDoc,
    path: OrgPath,
    depth: usize,
    parent: Option<usize>,
    mgmt: &str,
    out: &mut Vec<Row>,
) {
    let me = out.len();
    out.push(Row {
        kind: if path.is_empty() { RowKind::Root } else { RowKind::Ou },
        path: path.clone(),
        depth,
        parent_row: parent,
        name: n.name.clone(),
        account_id: None,
        scps: scps_or_default(n.scps.as_ref()),
        rcps: n.rcps.clone(),
        management: false,
    });
    for reference in &n.accounts {
        let index = doc.accounts.iter().position(|a| a.name == *reference || a.id == *reference);
        let acct: Option<&AccountDoc> = index.and_then(|i| doc.accounts.get(i));
        out.push(Row {
            kind: RowKind::Account(index),
            path: path.clone(),
            depth: depth + 1,
            parent_row: Some(me),
            name: acct.map_or_else(|| reference.clone(), |a| a.name.clone()),
            account_id: acct.map(|a| a.id.clone()),
            scps: scps_or_default(acct.and_then(|a| a.scps.as_ref())),
            rcps: acct.map(|a| a.rcps.clone()).unwrap_or_default(),
            management: acct.is_some_and(|a| a.name == mgmt || a.id == mgmt),
        });
    }
    for (i, c) in n.children.iter().enumerate() {
        let mut p = path.clone();
        p.push(i);
        walk(doc, c, p, depth + 1, Some(me), mgmt, out);
    }
}

fn scps_or_default(scps: Option<&Vec<String>>) -> Vec<String> {
    scps.cloned().unwrap_or_else(|| vec![FULL_AWS_ACCESS.into()])
}

impl Row {
    pub fn is_account(&self) -> bool {
        matches!(self.kind, RowKind::Account(_))
    }

    /// The name as the tree shows it: accounts with their id.
    pub fn title(&self) -> String {
        match (&self.kind, &self.account_id) {
            (RowKind::Account(_), Some(id)) => format!("{} · {id}", self.name),
            (RowKind::Account(_), None) => format!("{} (missing)", self.name),
            _ => self.name.clone(),
        }
    }

    /// What the row is, for screen readers and the node menu's heading.
    pub fn label(&self) -> String {
        match self.kind {
            // The root is usually called "Root": no "Root Root".
            RowKind::Root if self.name.eq_ignore_ascii_case("root") => "Organization root".to_string(),
            RowKind::Root => format!("Organization root {}", self.title()),
            RowKind::Ou => format!("OU {}", self.title()),
            RowKind::Account(_) => {
                format!("Account {}{}", self.title(), if self.management { " (management)" } else { "" })
            }
        }
    }

    /// Where policies dropped on this row attach.
    pub fn attach_point(&self) -> AttachPoint {
        match self.kind {
            RowKind::Account(_) => AttachPoint::Account(self.name.clone()),
            _ => AttachPoint::Node(self.path.clone()),
        }
    }

    /// What selecting the row selects (nothing for a missing account).
    pub fn selection(&self) -> Option<Selection> {
        match self.kind {
            RowKind::Account(a) => a.map(Selection::Account),
            _ => Some(Selection::OrgNode(self.path.clone())),
        }
    }

    /// Is this the row of `selection`?
    pub fn is_selected(&self, selection: &Selection) -> bool {
        match (selection, &self.kind) {
            (Selection::OrgNode(p), RowKind::Root | RowKind::Ou) => *p == self.path,
            (Selection::Account(a), RowKind::Account(b)) => Some(*a) == *b,
            _ => false,
        }
    }

    /// The edit that moves this row under the node at `parent`.
    pub fn move_to(&self, parent: OrgPath) -> Option<DocEdit> {
        match self.kind {
            RowKind::Account(Some(a)) => Some(DocEdit::MoveAccount { account: a, parent }),
            RowKind::Ou => Some(DocEdit::MoveOu { path: self.path.clone(), new_parent: parent }),
            RowKind::Root | RowKind::Account(None) => None,
        }
    }
}

/// What is being dragged in the tree: a row, or a policy from the library.
#[derive(Clone, Debug, PartialEq)]
pub enum Drag {
    Row(usize),
    Policy { kind: OrgPolicyKind, name: String },
}

/// The edit for dropping `drag` on row `target`, if it makes sense.
pub fn drop_edit(rows: &[Row], drag: &Drag, target: usize) -> Option<DocEdit> {
    let t = rows.get(target)?;
    match drag {
        Drag::Row(src) => {
            let s = rows.get(*src)?;
            if *src == target || t.is_account() {
                return None;
            }
            s.move_to(t.path.clone())
        }
        Drag::Policy { kind, name } => {
            Some(DocEdit::Attach { at: t.attach_point(), kind: *kind, policy: name.clone() })
        }
    }
}

/// Where `row` can move: the root and OUs, indented, without an OU's own subtree.
pub fn destinations(rows: &[Row], row: &Row) -> Vec<(OrgPath, String)> {
    rows.iter()
        .filter(|x| !x.is_account())
        .filter(|x| row.is_account() || !x.path.starts_with(&row.path))
        .map(|x| (x.path.clone(), format!("{}{}", "  ".repeat(x.depth), x.name)))
        .collect()
}

/// The policies of `kind` that can still be attached to `row`.
pub fn attachable(doc: &ScenarioDoc, row: &Row, kind: OrgPolicyKind) -> Vec<String> {
    let mut names: Vec<String> = doc
        .organization
        .as_ref()
        .map(|o| o.policies.iter().filter(|p| p.kind == kind).map(|p| p.name.clone()).collect())
        .unwrap_or_default();
    if kind == OrgPolicyKind::Scp {
        names.insert(0, FULL_AWS_ACCESS.into());
    }
    let attached = if kind == OrgPolicyKind::Scp { &row.scps } else { &row.rcps };
    names.retain(|n| !attached.contains(n));
    names
}

/// Accounts of the scenario that no row places in the organization.
pub fn standalone_accounts<'a>(doc: &'a ScenarioDoc, rows: &[Row]) -> Vec<(usize, &'a AccountDoc)> {
    let placed: Vec<usize> = rows
        .iter()
        .filter_map(|r| match r.kind {
            RowKind::Account(a) => a,
            _ => None,
        })
        .collect();
    doc.accounts.iter().enumerate().filter(|(i, _)| !placed.contains(i)).collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
    use super::*;
    use crate::state::gallery::default_scenario;

    fn doc() -> ScenarioDoc {
        default_scenario()
    }

    fn account_row<'a>(rows: &'a [Row], name: &str) -> &'a Row {
        rows.iter().find(|r| r.is_account() && r.name == name).unwrap()
    }

    #[test]
    fn rows_list_nodes_then_their_accounts_then_child_ous() {
        let d = doc();
        let rows = rows(&d);
        let root = &rows[0];
        assert_eq!(root.kind, RowKind::Root);
        assert_eq!((root.depth, root.parent_row), (0, None));
        let org = d.organization.as_ref().unwrap();
        // The root's accounts come right after it, one level deeper.
        for (i, name) in org.root.accounts.iter().enumerate() {
            let r = &rows[i + 1];
            assert!(r.is_account());
            assert_eq!((r.depth, r.parent_row, r.path.as_slice()), (1, Some(0), &[][..]));
            assert!(r.name == *name || r.account_id.as_deref() == Some(name.as_str()));
        }
        // Every OU is there with its path, under its parent's row.
        let ous: Vec<&Row> = rows.iter().filter(|r| r.kind == RowKind::Ou).collect();
        assert_eq!(ous.len(), count_ous(&org.root));
        for ou in ous {
            let parent = &rows[ou.parent_row.unwrap()];
            assert_eq!(parent.path.as_slice(), &ou.path[..ou.path.len() - 1]);
            assert_eq!(ou.depth, ou.path.len());
        }
    }

    fn count_ous(n: &OrgNodeDoc) -> usize {
        n.children.iter().map(|c| 1 + count_ous(c)).sum()
    }

    #[test]
    fn accounts_carry_name_and_id_as_fields_and_default_to_full_aws_access() {
        let mut d = doc();
        let finance = d.accounts.iter().position(|a| a.name == "finance").unwrap();
        d.accounts[finance].scps = None;
        let rows = rows(&d);
        let r = account_row(&rows, "finance");
        assert_eq!(r.kind, RowKind::Account(Some(finance)));
        assert_eq!(r.account_id.as_deref(), Some(d.accounts[finance].id.as_str()));
        assert_eq!(r.title(), format!("finance · {}", d.accounts[finance].id));
        assert_eq!(r.scps, [FULL_AWS_ACCESS]);
        assert_eq!(r.attach_point(), AttachPoint::Account("finance".into()));
        assert_eq!(r.selection(), Some(Selection::Account(finance)));
        assert!(r.is_selected(&Selection::Account(finance)));
    }

    #[test]
    fn the_management_account_is_marked_and_missing_accounts_are_named_as_written() {
        let mut d = doc();
        let mgmt = d.organization.as_ref().unwrap().management_account.clone();
        d.organization.as_mut().unwrap().root.accounts.push("ghost".into());
        let rows = rows(&d);
        assert!(rows.iter().any(|r| r.management && (r.name == mgmt || r.account_id.as_deref() == Some(&mgmt))));
        assert_eq!(rows.iter().filter(|r| r.management).count(), 1);
        let ghost = account_row(&rows, "ghost");
        assert_eq!(ghost.kind, RowKind::Account(None));
        assert_eq!(ghost.title(), "ghost (missing)");
        assert_eq!(ghost.label(), "Account ghost (missing)");
        assert_eq!(ghost.selection(), None);
        assert_eq!(ghost.move_to(Vec::new()), None);
    }

    #[test]
    fn dropping_rows_and_policies_makes_the_matching_edit() {
        let d = doc();
        let rows = rows(&d);
        let finance_row = rows.iter().position(|r| r.name == "finance").unwrap();
        let ou_row = rows.iter().position(|r| r.kind == RowKind::Ou).unwrap();
        let finance = d.accounts.iter().position(|a| a.name == "finance").unwrap();
        assert_eq!(
            drop_edit(&rows, &Drag::Row(finance_row), ou_row),
            Some(DocEdit::MoveAccount { account: finance, parent: rows[ou_row].path.clone() })
        );
        // Nothing drops on an account, on itself, or moves the root.
        assert_eq!(drop_edit(&rows, &Drag::Row(ou_row), finance_row), None);
        assert_eq!(drop_edit(&rows, &Drag::Row(ou_row), ou_row), None);
        assert_eq!(drop_edit(&rows, &Drag::Row(0), ou_row), None);
        let policy = Drag::Policy { kind: OrgPolicyKind::Scp, name: "DenyS3".into() };
        assert_eq!(
            drop_edit(&rows, &policy, finance_row),
            Some(DocEdit::Attach {
                at: AttachPoint::Account("finance".into()),
                kind: OrgPolicyKind::Scp,
                policy: "DenyS3".into()
            })
        );
    }

    #[test]
    fn an_ou_cannot_move_into_its_own_subtree_and_attached_policies_are_not_offered() {
        let d = doc();
        let rows = rows(&d);
        let ou = rows.iter().find(|r| r.kind == RowKind::Ou).unwrap();
        let dest = destinations(&rows, ou);
        assert!(dest.iter().all(|(p, _)| !p.starts_with(&ou.path)));
        assert!(dest.iter().any(|(p, _)| p.is_empty()));
        let root = &rows[0];
        let offered = attachable(&d, root, OrgPolicyKind::Scp);
        assert!(offered.iter().all(|n| !root.scps.contains(n)));
    }

    #[test]
    fn accounts_outside_the_organization_are_standalone() {
        let mut d = doc();
        assert!(standalone_accounts(&d, &rows(&d)).is_empty());
        let org = d.organization.as_mut().unwrap();
        org.root.accounts.retain(|a| a != "finance");
        let loose = standalone_accounts(&d, &rows(&d));
        assert_eq!(loose.iter().map(|(_, a)| a.name.as_str()).collect::<Vec<_>>(), ["finance"]);
    }
}
