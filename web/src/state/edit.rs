//! Edits of the scenario document. Each is pure and all-or-nothing: it either
//! applies completely or returns a message and leaves the document unchanged.

use super::refs::{self, Entity};
use super::starter;
use super::targets::{OrgPath, Owner, PolicyTarget, node, node_mut};
use iam_wire::scenario::*;

/// Where an SCP or RCP is attached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttachPoint {
    Node(OrgPath),
    Account(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum DocEdit {
    CreateOrganization,
    AddOu {
        parent: OrgPath,
        name: String,
    },
    RenameOu {
        path: OrgPath,
        name: String,
    },
    /// Deletes an OU; its accounts and child OUs move up to its parent.
    DeleteOu {
        path: OrgPath,
    },
    MoveOu {
        path: OrgPath,
        new_parent: OrgPath,
    },
    AddAccount {
        name: String,
        id: String,
        parent: Option<OrgPath>,
    },
    RenameAccount {
        account: usize,
        name: String,
    },
    DeleteAccount {
        account: usize,
    },
    /// Places an account under a node (taking it out of wherever it was).
    MoveAccount {
        account: usize,
        parent: OrgPath,
    },
    AddOrgPolicy {
        name: String,
        kind: OrgPolicyKind,
    },
    Attach {
        at: AttachPoint,
        kind: OrgPolicyKind,
        policy: String,
    },
    Detach {
        at: AttachPoint,
        kind: OrgPolicyKind,
        policy: String,
    },
    AddUser {
        account: usize,
        name: String,
    },
    AddGroup {
        account: usize,
        name: String,
    },
    AddRole {
        account: usize,
        name: String,
    },
    AddResource {
        account: usize,
        arn: String,
    },
    /// Gives a resource without a policy a starter policy for its service.
    AddResourcePolicy {
        account: usize,
        index: usize,
    },
    DeleteOwner {
        owner: Owner,
    },
    DeleteResource {
        account: usize,
        index: usize,
    },
    SetMembership {
        account: usize,
        user: usize,
        group: String,
        member: bool,
    },
    AddInlinePolicy {
        owner: Owner,
        name: String,
    },
    AddManagedPolicy {
        account: usize,
        name: String,
    },
    DeletePolicy {
        target: PolicyTarget,
    },
    AttachManaged {
        owner: Owner,
        reference: String,
    },
    DetachManaged {
        owner: Owner,
        reference: String,
    },
    SetBoundary {
        owner: Owner,
        reference: Option<String>,
    },
    SetPolicyText {
        target: PolicyTarget,
        text: String,
    },
    SetRootMfa {
        account: usize,
        mfa: MfaDevice,
    },
    SetUserMfa {
        account: usize,
        user: usize,
        mfa: MfaDevice,
    },
    AddAssertion {
        assertion: AssertionDoc,
    },
    DeleteAssertion {
        index: usize,
    },
}

fn org_mut(doc: &mut ScenarioDoc) -> Result<&mut OrganizationDoc, String> {
    doc.organization.as_mut().ok_or_else(|| "create an organization first".to_string())
}

fn valid_name(name: &str, what: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
    if ok { Ok(()) } else { Err(format!("`{name}` is not a valid {what} name (letters, digits and +=,.@_- up to 64)")) }
}

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

fn detach_everywhere(root: &mut OrgNodeDoc, name: &str) {
    if let Some(s) = &mut root.scps {
        s.retain(|x| x != name);
    }
    root.rcps.retain(|x| x != name);
    for c in &mut root.children {
        detach_everywhere(c, name);
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

/// An owner's inline policies, attached managed policies and (not for groups) boundary.
type OwnerLists<'a> = (&'a mut Vec<InlinePolicyDoc>, &'a mut Vec<String>, Option<&'a mut Option<String>>);

fn owner_lists<'a>(doc: &'a mut ScenarioDoc, owner: &Owner) -> Result<OwnerLists<'a>, String> {
    let missing = || "that principal no longer exists".to_string();
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

/// A successful edit: the new document and, when the edit did more than
/// asked (removed exercises that named a deleted user...), a message saying so.
#[derive(Debug)]
pub struct Applied {
    pub doc: ScenarioDoc,
    pub note: Option<String>,
}

impl DocEdit {
    /// Applies the edit to a copy; the original is untouched on error.
    pub fn apply(&self, doc: &ScenarioDoc) -> Result<Applied, String> {
        let mut d = doc.clone();
        let note = self.apply_in_place(&mut d)?;
        Ok(Applied { doc: d, note })
    }

    fn apply_in_place(&self, doc: &mut ScenarioDoc) -> Result<Option<String>, String> {
        match self {
            DocEdit::CreateOrganization => {
                if doc.organization.is_some() {
                    return Err("there already is an organization".into());
                }
                let first = doc
                    .accounts
                    .first()
                    .map(|a| a.name.clone())
                    .ok_or("add an account first: it becomes the management account")?;
                doc.organization = Some(OrganizationDoc {
                    id: "o-example1234".into(),
                    management_account: first.clone(),
                    policies: Vec::new(),
                    root: OrgNodeDoc { name: "Root".into(), accounts: vec![first], ..Default::default() },
                });
            }
            DocEdit::AddOu { parent, name } => {
                if name.trim().is_empty() {
                    return Err("an OU needs a name".into());
                }
                let org = org_mut(doc)?;
                let p = node_mut(&mut org.root, parent).ok_or("that parent no longer exists")?;
                if p.children.iter().any(|c| c.name == *name) {
                    return Err(format!("`{name}` already exists here"));
                }
                p.children.push(OrgNodeDoc { name: name.clone(), ..Default::default() });
            }
            DocEdit::RenameOu { path, name } => {
                if path.is_empty() {
                    return Err("the root keeps its name".into());
                }
                if name.trim().is_empty() {
                    return Err("an OU needs a name".into());
                }
                let org = org_mut(doc)?;
                node_mut(&mut org.root, path).ok_or("that OU no longer exists")?.name = name.clone();
            }
            DocEdit::DeleteOu { path } => {
                let (last, parent_path) = path.split_last().ok_or("the root cannot be deleted")?;
                let org = org_mut(doc)?;
                let parent = node_mut(&mut org.root, parent_path).ok_or("that OU no longer exists")?;
                if *last >= parent.children.len() {
                    return Err("that OU no longer exists".into());
                }
                let removed = parent.children.remove(*last);
                parent.accounts.extend(removed.accounts);
                parent.children.extend(removed.children);
            }
            DocEdit::MoveOu { path, new_parent } => {
                if new_parent.starts_with(path) {
                    return Err("an OU cannot move into itself".into());
                }
                let (last, parent_path) = path.split_last().ok_or("the root cannot move")?;
                let org = org_mut(doc)?;
                node(&org.root, new_parent).ok_or("the destination no longer exists")?;
                let parent = node_mut(&mut org.root, parent_path).ok_or("that OU no longer exists")?;
                if *last >= parent.children.len() {
                    return Err("that OU no longer exists".into());
                }
                let moved = parent.children.remove(*last);
                // Removing a sibling before the destination shifts its index.
                let dest = super::keys::after_removal(new_parent, path).ok_or("an OU cannot move into itself")?;
                node_mut(&mut org.root, &dest).ok_or("the destination no longer exists")?.children.push(moved);
            }
            DocEdit::AddAccount { name, id, parent } => {
                if id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(format!("`{id}` is not a 12-digit account ID"));
                }
                if doc.accounts.iter().any(|a| a.id == *id || a.name == *name) {
                    return Err("an account with that name or ID exists".into());
                }
                if name.trim().is_empty() {
                    return Err("an account needs a name".into());
                }
                doc.accounts.push(AccountDoc { id: id.clone(), name: name.clone(), ..Default::default() });
                if let Some(p) = parent {
                    let org = org_mut(doc)?;
                    node_mut(&mut org.root, p).ok_or("that parent no longer exists")?.accounts.push(name.clone());
                }
            }
            DocEdit::RenameAccount { account, name } => {
                // Tree entries and principal references name accounts by name or ID: keep them apart.
                if name.trim().is_empty() || doc.accounts.iter().any(|a| a.name == *name || a.id == *name) {
                    return Err(format!("`{name}` is empty or taken"));
                }
                let old = doc.accounts.get(*account).ok_or("that account no longer exists")?.name.clone();
                if let Some(a) = doc.accounts.get_mut(*account) {
                    a.name = name.clone();
                }
                if let Some(org) = &mut doc.organization {
                    rename_in_tree(&mut org.root, &old, name);
                    if org.management_account == old {
                        org.management_account = name.clone();
                    }
                }
                refs::rename_account(&mut doc.assertions, &old, name);
            }
            DocEdit::DeleteAccount { account } => {
                let acct = doc.accounts.get(*account).ok_or("that account no longer exists")?.clone();
                if doc.organization.as_ref().is_some_and(|o| names(&o.management_account, &acct)) {
                    return Err("the management account cannot be removed from its organization".into());
                }
                for p in &acct.policies {
                    refs::detach_customer_policy(doc, *account, &p.name);
                }
                let pruned = refs::prune_assertions(doc, |a, _| a == *account);
                doc.accounts.remove(*account);
                if let Some(org) = &mut doc.organization {
                    unplace(&mut org.root, &acct);
                }
                return Ok(deletion_note(&format!("account {}", acct.name), &pruned));
            }
            DocEdit::MoveAccount { account, parent } => {
                let acct = doc.accounts.get(*account).ok_or("that account no longer exists")?.clone();
                let org = org_mut(doc)?;
                node(&org.root, parent).ok_or("the destination no longer exists")?;
                unplace(&mut org.root, &acct);
                node_mut(&mut org.root, parent).ok_or("the destination no longer exists")?.accounts.push(acct.name);
            }
            DocEdit::AddOrgPolicy { name, kind } => {
                valid_name(name, "policy")?;
                let org = org_mut(doc)?;
                if org.policies.iter().any(|p| p.name == *name) || name == "FullAWSAccess" || name == "RCPFullAWSAccess"
                {
                    return Err(format!("a policy named `{name}` exists"));
                }
                let document = starter::org(*kind);
                org.policies.push(OrgPolicyDoc {
                    name: name.clone(),
                    kind: *kind,
                    description: String::new(),
                    document: PolicyDocument::from_text(document),
                });
            }
            DocEdit::Attach { at, kind, policy } | DocEdit::Detach { at, kind, policy } => {
                let attach = matches!(self, DocEdit::Attach { .. });
                let known = policy == "FullAWSAccess"
                    || policy == "RCPFullAWSAccess"
                    || doc
                        .organization
                        .as_ref()
                        .is_some_and(|o| o.policies.iter().any(|p| p.name == *policy && p.kind == *kind));
                if attach && !known {
                    return Err(format!(
                        "no {} named `{policy}`",
                        if *kind == OrgPolicyKind::Scp { "SCP" } else { "RCP" }
                    ));
                }
                if *kind == OrgPolicyKind::Rcp && policy == "RCPFullAWSAccess" {
                    return Err("RCPFullAWSAccess is always attached and cannot be detached".into());
                }
                let (scps, rcps) = match at {
                    AttachPoint::Node(path) => {
                        let org = org_mut(doc)?;
                        let n = node_mut(&mut org.root, path).ok_or("that node no longer exists")?;
                        (&mut n.scps, &mut n.rcps)
                    }
                    AttachPoint::Account(name) => {
                        let a =
                            doc.accounts.iter_mut().find(|a| a.name == *name).ok_or("that account no longer exists")?;
                        (&mut a.scps, &mut a.rcps)
                    }
                };
                match kind {
                    OrgPolicyKind::Scp => {
                        let list = scps.get_or_insert_with(|| vec!["FullAWSAccess".to_string()]);
                        if attach {
                            if list.contains(policy) {
                                return Err(format!("`{policy}` is already attached here"));
                            }
                            list.push(policy.clone());
                        } else {
                            list.retain(|p| p != policy);
                        }
                    }
                    OrgPolicyKind::Rcp => {
                        if attach {
                            if rcps.contains(policy) {
                                return Err(format!("`{policy}` is already attached here"));
                            }
                            rcps.push(policy.clone());
                        } else {
                            rcps.retain(|p| p != policy);
                        }
                    }
                }
            }
            DocEdit::AddUser { account, name } => {
                valid_name(name, "user")?;
                let a = doc.accounts.get_mut(*account).ok_or("that account no longer exists")?;
                if a.users.iter().any(|u| u.name.eq_ignore_ascii_case(name)) {
                    return Err(format!("a user named `{name}` exists"));
                }
                a.users.push(UserDoc { name: name.clone(), path: "/".into(), ..Default::default() });
            }
            DocEdit::AddGroup { account, name } => {
                valid_name(name, "group")?;
                let a = doc.accounts.get_mut(*account).ok_or("that account no longer exists")?;
                if a.groups.iter().any(|g| g.name.eq_ignore_ascii_case(name)) {
                    return Err(format!("a group named `{name}` exists"));
                }
                a.groups.push(GroupDoc { name: name.clone(), path: "/".into(), ..Default::default() });
            }
            DocEdit::AddRole { account, name } => {
                valid_name(name, "role")?;
                let a = doc.accounts.get_mut(*account).ok_or("that account no longer exists")?;
                if a.roles.iter().any(|r| r.name.eq_ignore_ascii_case(name)) {
                    return Err(format!("a role named `{name}` exists"));
                }
                let trust_policy = starter::trust(&a.id);
                a.roles.push(RoleDoc {
                    name: name.clone(),
                    path: "/".into(),
                    trust_policy,
                    max_session_duration: 3600,
                    ..Default::default()
                });
            }
            DocEdit::AddResource { account, arn } => {
                let parsed = iam_core::arn::Arn::parse(arn).ok_or_else(|| format!("`{arn}` is not an ARN"))?;
                let a = doc.accounts.get_mut(*account).ok_or("that account no longer exists")?;
                if !parsed.account.is_empty() && parsed.account != a.id {
                    return Err(format!("`{arn}` belongs to account {}", parsed.account));
                }
                if a.resources.iter().any(|r| r.arn == *arn) {
                    return Err("that resource exists".into());
                }
                a.resources.push(ResourceDoc { arn: arn.clone(), ..Default::default() });
            }
            DocEdit::AddResourcePolicy { account, index } => {
                let a = doc.accounts.get_mut(*account).ok_or("that account no longer exists")?;
                let id = a.id.clone();
                let r = a.resources.get_mut(*index).ok_or("that resource no longer exists")?;
                if r.policy.is_some() {
                    return Err("that resource already has a policy".into());
                }
                r.policy = Some(starter::resource(&r.arn, &id));
            }
            DocEdit::DeleteOwner { owner } => return delete_owner(doc, owner),
            DocEdit::DeleteResource { account, index } => {
                let a = doc.accounts.get_mut(*account).ok_or("that account no longer exists")?;
                if *index >= a.resources.len() {
                    return Err("that resource no longer exists".into());
                }
                a.resources.remove(*index);
            }
            DocEdit::SetMembership { account, user, group, member } => {
                let a = doc.accounts.get_mut(*account).ok_or("that account no longer exists")?;
                if !a.groups.iter().any(|g| g.name == *group) {
                    return Err(format!("no group `{group}`"));
                }
                let u = a.users.get_mut(*user).ok_or("that user no longer exists")?;
                u.groups.retain(|g| g != group);
                if *member {
                    u.groups.push(group.clone());
                }
            }
            DocEdit::AddInlinePolicy { owner, name } => {
                valid_name(name, "policy")?;
                let (inline, _, _) = owner_lists(doc, owner)?;
                if inline.iter().any(|p| p.name == *name) {
                    return Err(format!("an inline policy named `{name}` exists"));
                }
                inline.push(InlinePolicyDoc {
                    name: name.clone(),
                    document: PolicyDocument::from_text(starter::IDENTITY),
                });
            }
            DocEdit::AddManagedPolicy { account, name } => {
                valid_name(name, "policy")?;
                let a = doc.accounts.get_mut(*account).ok_or("that account no longer exists")?;
                if a.policies.iter().any(|p| p.name == *name) {
                    return Err(format!("a policy named `{name}` exists"));
                }
                a.policies.push(ManagedPolicyDoc {
                    name: name.clone(),
                    path: "/".into(),
                    description: String::new(),
                    document: PolicyDocument::from_text(starter::IDENTITY),
                });
            }
            DocEdit::DeletePolicy { target } => delete_policy(doc, target)?,
            DocEdit::AttachManaged { owner, reference } => {
                let (_, managed, _) = owner_lists(doc, owner)?;
                if managed.contains(reference) {
                    return Err("already attached".into());
                }
                managed.push(reference.clone());
            }
            DocEdit::DetachManaged { owner, reference } => {
                let (_, managed, _) = owner_lists(doc, owner)?;
                managed.retain(|m| m != reference);
            }
            DocEdit::SetBoundary { owner, reference } => {
                let (_, _, boundary) = owner_lists(doc, owner)?;
                *boundary.ok_or("groups cannot have a permissions boundary")? = reference.clone();
            }
            DocEdit::SetPolicyText { target, text } => {
                // Kept verbatim while editing (cheap on every keystroke); saving normalizes.
                *target.get_mut(doc).ok_or("that policy no longer exists")? = PolicyDocument::Text(text.clone());
            }
            DocEdit::SetRootMfa { account, mfa } => {
                doc.accounts.get_mut(*account).ok_or("that account no longer exists")?.root_user.mfa = *mfa;
            }
            DocEdit::SetUserMfa { account, user, mfa } => {
                doc.accounts
                    .get_mut(*account)
                    .and_then(|a| a.users.get_mut(*user))
                    .ok_or("that user no longer exists")?
                    .mfa = *mfa;
            }
            DocEdit::AddAssertion { assertion } => doc.assertions.push(assertion.clone()),
            DocEdit::DeleteAssertion { index } => {
                if *index >= doc.assertions.len() {
                    return Err("that assertion no longer exists".into());
                }
                doc.assertions.remove(*index);
            }
        }
        Ok(None)
    }
}

/// "Deleted user ana; removed exercise x that named it. Undo brings it all back."
fn deletion_note(what: &str, pruned: &refs::Pruned) -> Option<String> {
    (!pruned.is_empty()).then(|| format!("Deleted {what}{}. Undo brings it all back.", pruned.describe()))
}

fn delete_owner(doc: &mut ScenarioDoc, owner: &Owner) -> Result<Option<String>, String> {
    let account = match owner {
        Owner::User { account, .. } | Owner::Group { account, .. } | Owner::Role { account, .. } => *account,
    };
    let a = doc.accounts.get(account).ok_or("that account no longer exists")?;
    // Assertions name users and roles, never groups.
    let (what, entity) = match owner {
        Owner::User { index, .. } => {
            let name = &a.users.get(*index).ok_or("that user no longer exists")?.name;
            (format!("user {name}"), Some(Entity::User(name.clone())))
        }
        Owner::Group { index, .. } => {
            (format!("group {}", a.groups.get(*index).ok_or("that group no longer exists")?.name), None)
        }
        Owner::Role { index, .. } => {
            let name = &a.roles.get(*index).ok_or("that role no longer exists")?.name;
            (format!("role {name}"), Some(Entity::Role(name.clone())))
        }
    };
    let pruned = match &entity {
        Some(e) => refs::prune_assertions(doc, |ai, x| ai == account && x == e),
        None => refs::Pruned::default(),
    };
    let a = doc.accounts.get_mut(account).ok_or("that account no longer exists")?;
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

fn delete_policy(doc: &mut ScenarioDoc, target: &PolicyTarget) -> Result<(), String> {
    let gone = || "that policy no longer exists".to_string();
    match target {
        PolicyTarget::Inline { owner, index } => {
            let (inline, _, _) = owner_lists(doc, owner)?;
            if *index >= inline.len() {
                return Err(gone());
            }
            inline.remove(*index);
        }
        PolicyTarget::Trust { .. } => return Err("a role always has a trust policy; edit it instead".into()),
        PolicyTarget::CustomerManaged { account, index } => {
            let name = doc.accounts.get(*account).and_then(|a| a.policies.get(*index)).ok_or_else(gone)?.name.clone();
            // Detach it everywhere (by name or ARN, from any account), as IAM requires before deletion.
            refs::detach_customer_policy(doc, *account, &name);
            if let Some(a) = doc.accounts.get_mut(*account) {
                a.policies.remove(*index);
            }
        }
        PolicyTarget::Resource { account, index } => {
            doc.accounts.get_mut(*account).and_then(|a| a.resources.get_mut(*index)).ok_or_else(gone)?.policy = None;
        }
        PolicyTarget::Org { index } => {
            let org = org_mut(doc)?;
            let name = org.policies.get(*index).ok_or_else(gone)?.name.clone();
            org.policies.remove(*index);
            detach_everywhere(&mut org.root, &name);
            for a in &mut doc.accounts {
                if let Some(s) = &mut a.scps {
                    s.retain(|x| *x != name);
                }
                a.rcps.retain(|x| *x != name);
            }
        }
    }
    Ok(())
}
