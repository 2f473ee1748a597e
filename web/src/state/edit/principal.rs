//! Edits of users, groups and roles: adding and deleting them, group
//! membership, attached managed policies, boundaries and MFA.

use super::{EditError, Gone, Note, account_mut, deletion_note};
use crate::state::refs::{self, Entity};
use crate::state::starter;
use crate::state::targets::Owner;
use iam_core::model::names::{NameKind, check_name};
use iam_wire::scenario::{GroupDoc, InlinePolicyDoc, MfaDevice, RoleDoc, ScenarioDoc, UserDoc};

/// An owner's inline policies, attached managed policies and (not for groups) boundary.
type OwnerLists<'a> = (&'a mut Vec<InlinePolicyDoc>, &'a mut Vec<String>, Option<&'a mut Option<String>>);

pub(super) fn owner_lists<'a>(doc: &'a mut ScenarioDoc, owner: &Owner) -> Result<OwnerLists<'a>, EditError> {
    let missing = || EditError::Gone(Gone::Principal);
    match owner {
        Owner::User { account, index } => {
            let u = doc.accounts.get_mut(*account).and_then(|a| a.users.get_mut(*index)).ok_or_else(missing)?;
            Ok((&mut u.inline_policies, &mut u.managed_policies, Some(&mut u.permissions_boundary)))
        }
        Owner::Group { account, index } => {
            let g = doc.accounts.get_mut(*account).and_then(|a| a.groups.get_mut(*index)).ok_or_else(missing)?;
            Ok((&mut g.inline_policies, &mut g.managed_policies, None))
        }
        Owner::Role { account, index } => {
            let r = doc.accounts.get_mut(*account).and_then(|a| a.roles.get_mut(*index)).ok_or_else(missing)?;
            Ok((&mut r.inline_policies, &mut r.managed_policies, Some(&mut r.permissions_boundary)))
        }
    }
}

/// IAM names are unique in an account ignoring case.
fn check_free<'a>(
    mut taken: impl Iterator<Item = &'a String>,
    name: &str,
    what: &'static str,
) -> Result<(), EditError> {
    if taken.any(|n| n.eq_ignore_ascii_case(name)) {
        return Err(EditError::NameTaken { what, name: name.to_string() });
    }
    Ok(())
}

pub(super) fn add_user(doc: &mut ScenarioDoc, account: usize, name: &str) -> Result<(), EditError> {
    check_name(NameKind::User, name)?;
    let a = account_mut(doc, account)?;
    check_free(a.users.iter().map(|u| &u.name), name, "a user")?;
    a.users.push(UserDoc { name: name.to_string(), path: "/".into(), ..Default::default() });
    Ok(())
}

pub(super) fn add_group(doc: &mut ScenarioDoc, account: usize, name: &str) -> Result<(), EditError> {
    check_name(NameKind::Group, name)?;
    let a = account_mut(doc, account)?;
    check_free(a.groups.iter().map(|g| &g.name), name, "a group")?;
    a.groups.push(GroupDoc { name: name.to_string(), path: "/".into(), ..Default::default() });
    Ok(())
}

/// A new role, trusting its own account.
pub(super) fn add_role(doc: &mut ScenarioDoc, account: usize, name: &str) -> Result<(), EditError> {
    check_name(NameKind::Role, name)?;
    let a = account_mut(doc, account)?;
    check_free(a.roles.iter().map(|r| &r.name), name, "a role")?;
    let trust_policy = starter::trust(&a.id);
    a.roles.push(RoleDoc {
        name: name.to_string(),
        path: "/".into(),
        trust_policy,
        max_session_duration: 3600,
        ..Default::default()
    });
    Ok(())
}

/// Deletes a user, group or role, with the assertions that name it and a group's memberships.
pub(super) fn delete(doc: &mut ScenarioDoc, owner: &Owner) -> Result<Note, EditError> {
    let account = owner.account();
    let a = doc.accounts.get(account).ok_or(EditError::Gone(Gone::Account))?;
    // Assertions name users and roles, never groups.
    let (what, entity) = match owner {
        Owner::User { index, .. } => {
            let name = &a.users.get(*index).ok_or(EditError::Gone(Gone::User))?.name;
            (format!("user {name}"), Some(Entity::User(name.clone())))
        }
        Owner::Group { index, .. } => {
            (format!("group {}", a.groups.get(*index).ok_or(EditError::Gone(Gone::Group))?.name), None)
        }
        Owner::Role { index, .. } => {
            let name = &a.roles.get(*index).ok_or(EditError::Gone(Gone::Role))?.name;
            (format!("role {name}"), Some(Entity::Role(name.clone())))
        }
    };
    let pruned = match &entity {
        Some(e) => refs::prune_assertions(doc, |ai, x| ai == account && x == e),
        None => refs::Pruned::default(),
    };
    let a = doc.accounts.get_mut(account).ok_or(EditError::Gone(Gone::Account))?;
    match owner {
        Owner::User { index, .. } => {
            a.users.remove(*index);
        }
        Owner::Group { index, .. } => {
            let g = a.groups.remove(*index);
            for u in &mut a.users {
                u.groups.retain(|x| *x != g.name);
            }
        }
        Owner::Role { index, .. } => {
            a.roles.remove(*index);
        }
    }
    Ok(deletion_note(&what, &pruned))
}

pub(super) fn set_membership(
    doc: &mut ScenarioDoc,
    account: usize,
    user: usize,
    group: &str,
    member: bool,
) -> Result<(), EditError> {
    let a = account_mut(doc, account)?;
    if !a.groups.iter().any(|g| g.name == group) {
        return Err(EditError::NoGroup(group.to_string()));
    }
    let u = a.users.get_mut(user).ok_or(EditError::Gone(Gone::User))?;
    u.groups.retain(|g| g != group);
    if member {
        u.groups.push(group.to_string());
    }
    Ok(())
}

pub(super) fn attach_managed(doc: &mut ScenarioDoc, owner: &Owner, reference: &str) -> Result<(), EditError> {
    let (_, managed, _) = owner_lists(doc, owner)?;
    if managed.iter().any(|m| m == reference) {
        return Err(EditError::AlreadyAttached);
    }
    managed.push(reference.to_string());
    Ok(())
}

pub(super) fn detach_managed(doc: &mut ScenarioDoc, owner: &Owner, reference: &str) -> Result<(), EditError> {
    let (_, managed, _) = owner_lists(doc, owner)?;
    managed.retain(|m| m != reference);
    Ok(())
}

pub(super) fn set_boundary(doc: &mut ScenarioDoc, owner: &Owner, reference: Option<&str>) -> Result<(), EditError> {
    let (_, _, boundary) = owner_lists(doc, owner)?;
    *boundary.ok_or(EditError::GroupBoundary)? = reference.map(str::to_string);
    Ok(())
}

pub(super) fn set_user_mfa(
    doc: &mut ScenarioDoc,
    account: usize,
    user: usize,
    mfa: MfaDevice,
) -> Result<(), EditError> {
    doc.accounts.get_mut(account).and_then(|a| a.users.get_mut(user)).ok_or(EditError::Gone(Gone::User))?.mfa = mfa;
    Ok(())
}
