//! Edits of accounts: adding, renaming, deleting and placing them in the
//! organization, their root user, and their resources.

use super::org::org_mut;
use super::{EditError, Gone, Note, account_mut, deletion_note};
use crate::state::targets::{node, node_mut};
use crate::state::{refs, starter};
use iam_core::model::names::{NameKind, check_account_id, check_name};
use iam_wire::scenario::{AccountDoc, MfaDevice, OrgNodeDoc, ResourceDoc, ScenarioDoc};

/// Does a tree entry or the management account (a name or an ID) name this account?
fn names(entry: &str, account: &AccountDoc) -> bool {
    entry == account.name || entry == account.id
}

/// Takes an account out of every node of the tree, however it is named there.
fn unplace(root: &mut OrgNodeDoc, account: &AccountDoc) {
    root.accounts.retain(|a| !names(a, account));
    for c in &mut root.children {
        unplace(c, account);
    }
}

/// Entries naming the account by its old name follow the rename; entries by ID stay valid.
fn rename_in_tree(root: &mut OrgNodeDoc, from: &str, to: &str) {
    for a in &mut root.accounts {
        if a == from {
            *a = to.to_string();
        }
    }
    for c in &mut root.children {
        rename_in_tree(c, from, to);
    }
}

/// A free name and a free 12-digit ID for a new account (deletions leave gaps,
/// so the count of accounts alone could name one that exists).
pub fn new_account(doc: &ScenarioDoc) -> (String, String) {
    let taken = |s: &str| doc.accounts.iter().any(|a| a.name == s || a.id == s);
    let first_free = |make: &dyn Fn(u64) -> String| {
        (doc.accounts.len() as u64 + 1..).map(make).find(|s| !taken(s)).unwrap_or_default()
    };
    let name = first_free(&|k| format!("account-{k}"));
    let id = first_free(&|k| format!("{:012}", 100_000_000_000u64 + 1_111_111 * k));
    (name, id)
}

/// A new account, placed under `parent` when given.
pub(super) fn add(doc: &mut ScenarioDoc, name: &str, id: &str, parent: Option<&[usize]>) -> Result<(), EditError> {
    check_account_id(id)?;
    if doc.accounts.iter().any(|a| a.id == id || a.name == name) {
        return Err(EditError::AccountExists);
    }
    check_name(NameKind::Account, name)?;
    doc.accounts.push(AccountDoc { id: id.to_string(), name: name.to_string(), ..Default::default() });
    if let Some(p) = parent {
        let org = org_mut(doc)?;
        node_mut(&mut org.root, p).ok_or(EditError::Gone(Gone::Parent))?.accounts.push(name.to_string());
    }
    Ok(())
}

/// Renames an account and what names it: tree entries, the management account, assertions.
pub(super) fn rename(doc: &mut ScenarioDoc, account: usize, name: &str) -> Result<(), EditError> {
    // Tree entries and principal references name accounts by name or ID: keep them apart.
    if name.trim().is_empty() || doc.accounts.iter().any(|a| a.name == name || a.id == name) {
        return Err(EditError::AccountNameTaken(name.to_string()));
    }
    check_name(NameKind::Account, name)?;
    let a = account_mut(doc, account)?;
    let old = std::mem::replace(&mut a.name, name.to_string());
    if let Some(org) = &mut doc.organization {
        rename_in_tree(&mut org.root, &old, name);
        if org.management_account == old {
            org.management_account = name.to_string();
        }
    }
    refs::rename_account(&mut doc.assertions, &old, name);
    Ok(())
}

/// Deletes an account (not the management account) with the references to it and its policies.
pub(super) fn delete(doc: &mut ScenarioDoc, account: usize) -> Result<Note, EditError> {
    let acct = doc.accounts.get(account).ok_or(EditError::Gone(Gone::Account))?.clone();
    if doc.organization.as_ref().is_some_and(|o| names(&o.management_account, &acct)) {
        return Err(EditError::ManagementAccount);
    }
    for p in &acct.policies {
        refs::detach_customer_policy(doc, account, &p.name);
    }
    let pruned = refs::prune_assertions(doc, |a, _| a == account);
    doc.accounts.remove(account);
    if let Some(org) = &mut doc.organization {
        unplace(&mut org.root, &acct);
    }
    Ok(deletion_note(&format!("account {}", acct.name), &pruned))
}

/// Places an account under a node (taking it out of wherever it was).
pub(super) fn place(doc: &mut ScenarioDoc, account: usize, parent: &[usize]) -> Result<(), EditError> {
    let acct = doc.accounts.get(account).ok_or(EditError::Gone(Gone::Account))?.clone();
    let org = org_mut(doc)?;
    node(&org.root, parent).ok_or(EditError::Gone(Gone::Destination))?;
    unplace(&mut org.root, &acct);
    node_mut(&mut org.root, parent).ok_or(EditError::Gone(Gone::Destination))?.accounts.push(acct.name);
    Ok(())
}

pub(super) fn set_root_mfa(doc: &mut ScenarioDoc, account: usize, mfa: MfaDevice) -> Result<(), EditError> {
    account_mut(doc, account)?.root_user.mfa = mfa;
    Ok(())
}

pub(super) fn add_resource(doc: &mut ScenarioDoc, account: usize, arn: &str) -> Result<(), EditError> {
    let parsed = iam_core::arn::Arn::parse(arn).ok_or_else(|| EditError::NotAnArn(arn.to_string()))?;
    let a = account_mut(doc, account)?;
    if !parsed.account.is_empty() && parsed.account != a.id {
        return Err(EditError::ForeignResource { arn: arn.to_string(), account: parsed.account.to_string() });
    }
    if a.resources.iter().any(|r| r.arn == arn) {
        return Err(EditError::ResourceExists);
    }
    a.resources.push(ResourceDoc { arn: arn.to_string(), ..Default::default() });
    Ok(())
}

/// Gives a resource without a policy a starter policy for its service.
pub(super) fn add_resource_policy(doc: &mut ScenarioDoc, account: usize, index: usize) -> Result<(), EditError> {
    let a = account_mut(doc, account)?;
    let id = a.id.clone();
    let r = a.resources.get_mut(index).ok_or(EditError::Gone(Gone::Resource))?;
    if r.policy.is_some() {
        return Err(EditError::ResourceHasPolicy);
    }
    r.policy = Some(starter::resource(&r.arn, &id));
    Ok(())
}

pub(super) fn delete_resource(doc: &mut ScenarioDoc, account: usize, index: usize) -> Result<(), EditError> {
    let a = account_mut(doc, account)?;
    if index >= a.resources.len() {
        return Err(EditError::Gone(Gone::Resource));
    }
    a.resources.remove(index);
    Ok(())
}
