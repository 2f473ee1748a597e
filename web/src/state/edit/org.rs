//! Edits of the organization: its tree of OUs and its SCPs and RCPs.

use super::{AttachPoint, EditError, Gone};
use crate::state::starter;
use crate::state::targets::{after_removal, node, node_mut};
use iam_core::model::names::{FULL_AWS_ACCESS, NameKind, RCP_FULL_AWS_ACCESS, check_name, is_default_org_policy};
use iam_wire::scenario::{OrgNodeDoc, OrgPolicyDoc, OrgPolicyKind, OrganizationDoc, PolicyDocument, ScenarioDoc};

pub(super) fn org_mut(doc: &mut ScenarioDoc) -> Result<&mut OrganizationDoc, EditError> {
    doc.organization.as_mut().ok_or(EditError::NoOrganization)
}

/// The node at `path`, or `gone` if there is none.
fn node_at<'a>(org: &'a mut OrganizationDoc, path: &[usize], gone: Gone) -> Result<&'a mut OrgNodeDoc, EditError> {
    node_mut(&mut org.root, path).ok_or(EditError::Gone(gone))
}

/// An organization with the first account as its management account.
pub(super) fn create(doc: &mut ScenarioDoc) -> Result<(), EditError> {
    if doc.organization.is_some() {
        return Err(EditError::OrganizationExists);
    }
    let first = doc.accounts.first().map(|a| a.name.clone()).ok_or(EditError::NoAccount)?;
    doc.organization = Some(OrganizationDoc {
        id: "o-example1234".into(),
        management_account: first.clone(),
        policies: Vec::new(),
        root: OrgNodeDoc { name: "Root".into(), accounts: vec![first], ..Default::default() },
    });
    Ok(())
}

pub(super) fn add_ou(doc: &mut ScenarioDoc, parent: &[usize], name: &str) -> Result<(), EditError> {
    check_name(NameKind::Ou, name)?;
    let p = node_at(org_mut(doc)?, parent, Gone::Parent)?;
    if p.children.iter().any(|c| c.name == name) {
        return Err(EditError::OuExists(name.to_string()));
    }
    p.children.push(OrgNodeDoc { name: name.to_string(), ..Default::default() });
    Ok(())
}

pub(super) fn rename_ou(doc: &mut ScenarioDoc, path: &[usize], name: &str) -> Result<(), EditError> {
    if path.is_empty() {
        return Err(EditError::RootKeepsName);
    }
    check_name(NameKind::Ou, name)?;
    node_at(org_mut(doc)?, path, Gone::Ou)?.name = name.to_string();
    Ok(())
}

/// Takes child OU `index` out of `parent`.
fn take_child(parent: &mut OrgNodeDoc, index: usize) -> Result<OrgNodeDoc, EditError> {
    if index >= parent.children.len() {
        return Err(EditError::Gone(Gone::Ou));
    }
    Ok(parent.children.remove(index))
}

/// Its accounts and child OUs move up to its parent.
pub(super) fn delete_ou(doc: &mut ScenarioDoc, path: &[usize]) -> Result<(), EditError> {
    let (last, parent_path) = path.split_last().ok_or(EditError::RootCannotBeDeleted)?;
    let parent = node_at(org_mut(doc)?, parent_path, Gone::Ou)?;
    let removed = take_child(parent, *last)?;
    parent.accounts.extend(removed.accounts);
    parent.children.extend(removed.children);
    Ok(())
}

pub(super) fn move_ou(doc: &mut ScenarioDoc, path: &[usize], new_parent: &[usize]) -> Result<(), EditError> {
    if new_parent.starts_with(path) {
        return Err(EditError::OuIntoItself);
    }
    let (last, parent_path) = path.split_last().ok_or(EditError::RootCannotMove)?;
    let org = org_mut(doc)?;
    node(&org.root, new_parent).ok_or(EditError::Gone(Gone::Destination))?;
    let moved = take_child(node_at(org, parent_path, Gone::Ou)?, *last)?;
    // Removing a sibling before the destination shifts its index.
    let dest = after_removal(new_parent, path).ok_or(EditError::OuIntoItself)?;
    node_at(org, &dest, Gone::Destination)?.children.push(moved);
    Ok(())
}

pub(super) fn add_policy(doc: &mut ScenarioDoc, name: &str, kind: OrgPolicyKind) -> Result<(), EditError> {
    check_name(NameKind::Policy, name)?;
    let org = org_mut(doc)?;
    if org.policies.iter().any(|p| p.name == name) || is_default_org_policy(name) {
        return Err(EditError::NameTaken { what: "a policy", name: name.to_string() });
    }
    org.policies.push(OrgPolicyDoc {
        name: name.to_string(),
        kind,
        description: String::new(),
        document: PolicyDocument::from_text(starter::org(kind)),
    });
    Ok(())
}

/// Attaches (`attach`) or detaches an SCP or RCP at a node or an account.
pub(super) fn attach(
    doc: &mut ScenarioDoc,
    at: &AttachPoint,
    kind: OrgPolicyKind,
    policy: &str,
    attach: bool,
) -> Result<(), EditError> {
    let known = is_default_org_policy(policy)
        || doc.organization.as_ref().is_some_and(|o| o.policies.iter().any(|p| p.name == policy && p.kind == kind));
    if attach && !known {
        let kind = if kind == OrgPolicyKind::Scp { "SCP" } else { "RCP" };
        return Err(EditError::NoOrgPolicy { kind, name: policy.to_string() });
    }
    if kind == OrgPolicyKind::Rcp && policy == RCP_FULL_AWS_ACCESS {
        return Err(EditError::RcpFullAwsAccessFixed);
    }
    let (scps, rcps) = match at {
        AttachPoint::Node(path) => {
            let n = node_at(org_mut(doc)?, path, Gone::Node)?;
            (&mut n.scps, &mut n.rcps)
        }
        AttachPoint::Account(name) => {
            let a = doc.accounts.iter_mut().find(|a| a.name == *name).ok_or(EditError::Gone(Gone::Account))?;
            (&mut a.scps, &mut a.rcps)
        }
    };
    let list = match kind {
        OrgPolicyKind::Scp => scps.get_or_insert_with(|| vec![FULL_AWS_ACCESS.to_string()]),
        OrgPolicyKind::Rcp => rcps,
    };
    if !attach {
        list.retain(|p| p != policy);
    } else if list.iter().any(|p| p == policy) {
        return Err(EditError::AlreadyAttachedHere(policy.to_string()));
    } else {
        list.push(policy.to_string());
    }
    Ok(())
}

/// Detaches an SCP or RCP from every node of the tree and every account.
pub(super) fn detach_everywhere(doc: &mut ScenarioDoc, name: &str) {
    fn in_tree(n: &mut OrgNodeDoc, name: &str) {
        if let Some(s) = &mut n.scps {
            s.retain(|x| x != name);
        }
        n.rcps.retain(|x| x != name);
        for c in &mut n.children {
            in_tree(c, name);
        }
    }
    if let Some(org) = &mut doc.organization {
        in_tree(&mut org.root, name);
    }
    for a in &mut doc.accounts {
        if let Some(s) = &mut a.scps {
            s.retain(|x| x != name);
        }
        a.rcps.retain(|x| x != name);
    }
}
