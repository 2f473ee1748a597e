//! Edits of the scenario document. Each is pure and all-or-nothing: it either
//! applies completely or returns a message and leaves the document unchanged.

use super::refs::{self, Entity};
use super::starter;
use super::targets::{OrgPath, Owner, PolicyTarget, node, node_mut};
use iam_core::model::names::{
    FULL_AWS_ACCESS, NameError, NameKind, NotAccountId, RCP_FULL_AWS_ACCESS, check_account_id, check_name,
    is_default_org_policy,
};
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

/// Something an edit refers to that is no longer in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gone {
    Parent,
    Ou,
    Node,
    Destination,
    Account,
    Principal,
    User,
    Group,
    Role,
    Resource,
    Policy,
    Assertion,
}

impl std::fmt::Display for Gone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Gone::Parent => "that parent",
            Gone::Ou => "that OU",
            Gone::Node => "that node",
            Gone::Destination => "the destination",
            Gone::Account => "that account",
            Gone::Principal => "that principal",
            Gone::User => "that user",
            Gone::Group => "that group",
            Gone::Role => "that role",
            Gone::Resource => "that resource",
            Gone::Policy => "that policy",
            Gone::Assertion => "that assertion",
        })
    }
}

/// Why an edit was refused (the document is then unchanged).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("{0} no longer exists")]
    Gone(Gone),
    #[error(transparent)]
    Name(#[from] NameError),
    #[error(transparent)]
    AccountId(#[from] NotAccountId),
    #[error("create an organization first")]
    NoOrganization,
    #[error("there already is an organization")]
    OrganizationExists,
    #[error("add an account first: it becomes the management account")]
    NoAccount,
    #[error("`{0}` already exists here")]
    OuExists(String),
    #[error("the root keeps its name")]
    RootKeepsName,
    #[error("the root cannot be deleted")]
    RootCannotBeDeleted,
    #[error("the root cannot move")]
    RootCannotMove,
    #[error("an OU cannot move into itself")]
    OuIntoItself,
    #[error("an account with that name or ID exists")]
    AccountExists,
    #[error("`{0}` is empty or taken")]
    AccountNameTaken(String),
    #[error("the management account cannot be removed from its organization")]
    ManagementAccount,
    /// `what` is "a user", "an inline policy", ...
    #[error("{what} named `{name}` exists")]
    NameTaken { what: &'static str, name: String },
    /// `kind` is "SCP" or "RCP".
    #[error("no {kind} named `{name}`")]
    NoOrgPolicy { kind: &'static str, name: String },
    #[error("{RCP_FULL_AWS_ACCESS} is always attached and cannot be detached")]
    RcpFullAwsAccessFixed,
    #[error("`{0}` is already attached here")]
    AlreadyAttachedHere(String),
    #[error("already attached")]
    AlreadyAttached,
    #[error("`{0}` is not an ARN")]
    NotAnArn(String),
    #[error("`{arn}` belongs to account {account}")]
    ForeignResource { arn: String, account: String },
    #[error("that resource exists")]
    ResourceExists,
    #[error("that resource already has a policy")]
    ResourceHasPolicy,
    #[error("no group `{0}`")]
    NoGroup(String),
    #[error("groups cannot have a permissions boundary")]
    GroupBoundary,
    #[error("a role always has a trust policy; edit it instead")]
    TrustPolicyRequired,
}

fn org_mut(doc: &mut ScenarioDoc) -> Result<&mut OrganizationDoc, EditError> {
    doc.organization.as_mut().ok_or(EditError::NoOrganization)
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

fn owner_lists<'a>(doc: &'a mut ScenarioDoc, owner: &Owner) -> Result<OwnerLists<'a>, EditError> {
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

/// A successful edit: the new document and, when the edit did more than
/// asked (removed exercises that named a deleted user...), a message saying so.
#[derive(Debug)]
pub struct Applied {
    pub doc: ScenarioDoc,
    pub note: Option<String>,
}

impl DocEdit {
    /// Applies the edit to a copy; the original is untouched on error.
    pub fn apply(&self, doc: &ScenarioDoc) -> Result<Applied, EditError> {
        let mut d = doc.clone();
        let note = self.apply_in_place(&mut d)?;
        Ok(Applied { doc: d, note })
    }

    fn apply_in_place(&self, doc: &mut ScenarioDoc) -> Result<Option<String>, EditError> {
        match self {
            DocEdit::CreateOrganization => {
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
            }
            DocEdit::AddOu { parent, name } => {
                check_name(NameKind::Ou, name)?;
                let org = org_mut(doc)?;
                let p = node_mut(&mut org.root, parent).ok_or(EditError::Gone(Gone::Parent))?;
                if p.children.iter().any(|c| c.name == *name) {
                    return Err(EditError::OuExists(name.clone()));
                }
                p.children.push(OrgNodeDoc { name: name.clone(), ..Default::default() });
            }
            DocEdit::RenameOu { path, name } => {
                if path.is_empty() {
                    return Err(EditError::RootKeepsName);
                }
                check_name(NameKind::Ou, name)?;
                let org = org_mut(doc)?;
                node_mut(&mut org.root, path).ok_or(EditError::Gone(Gone::Ou))?.name = name.clone();
            }
            DocEdit::DeleteOu { path } => {
                let (last, parent_path) = path.split_last().ok_or(EditError::RootCannotBeDeleted)?;
                let org = org_mut(doc)?;
                let parent = node_mut(&mut org.root, parent_path).ok_or(EditError::Gone(Gone::Ou))?;
                if *last >= parent.children.len() {
                    return Err(EditError::Gone(Gone::Ou));
                }
                let removed = parent.children.remove(*last);
                parent.accounts.extend(removed.accounts);
                parent.children.extend(removed.children);
            }
            DocEdit::MoveOu { path, new_parent } => {
                if new_parent.starts_with(path) {
                    return Err(EditError::OuIntoItself);
                }
                let (last, parent_path) = path.split_last().ok_or(EditError::RootCannotMove)?;
                let org = org_mut(doc)?;
                node(&org.root, new_parent).ok_or(EditError::Gone(Gone::Destination))?;
                let parent = node_mut(&mut org.root, parent_path).ok_or(EditError::Gone(Gone::Ou))?;
                if *last >= parent.children.len() {
                    return Err(EditError::Gone(Gone::Ou));
                }
                let moved = parent.children.remove(*last);
                // Removing a sibling before the destination shifts its index.
                let dest = super::keys::after_removal(new_parent, path).ok_or(EditError::OuIntoItself)?;
                node_mut(&mut org.root, &dest).ok_or(EditError::Gone(Gone::Destination))?.children.push(moved);
            }
            DocEdit::AddAccount { name, id, parent } => {
                check_account_id(id)?;
                if doc.accounts.iter().any(|a| a.id == *id || a.name == *name) {
                    return Err(EditError::AccountExists);
                }
                check_name(NameKind::Account, name)?;
                doc.accounts.push(AccountDoc { id: id.clone(), name: name.clone(), ..Default::default() });
                if let Some(p) = parent {
                    let org = org_mut(doc)?;
                    node_mut(&mut org.root, p).ok_or(EditError::Gone(Gone::Parent))?.accounts.push(name.clone());
                }
            }
            DocEdit::RenameAccount { account, name } => {
                // Tree entries and principal references name accounts by name or ID: keep them apart.
                if name.trim().is_empty() || doc.accounts.iter().any(|a| a.name == *name || a.id == *name) {
                    return Err(EditError::AccountNameTaken(name.clone()));
                }
                check_name(NameKind::Account, name)?;
                let old = doc.accounts.get(*account).ok_or(EditError::Gone(Gone::Account))?.name.clone();
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
                let acct = doc.accounts.get(*account).ok_or(EditError::Gone(Gone::Account))?.clone();
                if doc.organization.as_ref().is_some_and(|o| names(&o.management_account, &acct)) {
                    return Err(EditError::ManagementAccount);
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
                let acct = doc.accounts.get(*account).ok_or(EditError::Gone(Gone::Account))?.clone();
                let org = org_mut(doc)?;
                node(&org.root, parent).ok_or(EditError::Gone(Gone::Destination))?;
                unplace(&mut org.root, &acct);
                node_mut(&mut org.root, parent).ok_or(EditError::Gone(Gone::Destination))?.accounts.push(acct.name);
            }
            DocEdit::AddOrgPolicy { name, kind } => {
                check_name(NameKind::Policy, name)?;
                let org = org_mut(doc)?;
                if org.policies.iter().any(|p| p.name == *name) || is_default_org_policy(name) {
                    return Err(EditError::NameTaken { what: "a policy", name: name.clone() });
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
                let known = is_default_org_policy(policy)
                    || doc
                        .organization
                        .as_ref()
                        .is_some_and(|o| o.policies.iter().any(|p| p.name == *policy && p.kind == *kind));
                if attach && !known {
                    let kind = if *kind == OrgPolicyKind::Scp { "SCP" } else { "RCP" };
                    return Err(EditError::NoOrgPolicy { kind, name: policy.clone() });
                }
                if *kind == OrgPolicyKind::Rcp && policy == RCP_FULL_AWS_ACCESS {
                    return Err(EditError::RcpFullAwsAccessFixed);
                }
                let (scps, rcps) = match at {
                    AttachPoint::Node(path) => {
                        let org = org_mut(doc)?;
                        let n = node_mut(&mut org.root, path).ok_or(EditError::Gone(Gone::Node))?;
                        (&mut n.scps, &mut n.rcps)
                    }
                    AttachPoint::Account(name) => {
                        let a =
                            doc.accounts.iter_mut().find(|a| a.name == *name).ok_or(EditError::Gone(Gone::Account))?;
                        (&mut a.scps, &mut a.rcps)
                    }
                };
                match kind {
                    OrgPolicyKind::Scp => {
                        let list = scps.get_or_insert_with(|| vec![FULL_AWS_ACCESS.to_string()]);
                        if attach {
                            if list.contains(policy) {
                                return Err(EditError::AlreadyAttachedHere(policy.clone()));
                            }
                            list.push(policy.clone());
                        } else {
                            list.retain(|p| p != policy);
                        }
                    }
                    OrgPolicyKind::Rcp => {
                        if attach {
                            if rcps.contains(policy) {
                                return Err(EditError::AlreadyAttachedHere(policy.clone()));
                            }
                            rcps.push(policy.clone());
                        } else {
                            rcps.retain(|p| p != policy);
                        }
                    }
                }
            }
            DocEdit::AddUser { account, name } => {
                check_name(NameKind::User, name)?;
                let a = doc.accounts.get_mut(*account).ok_or(EditError::Gone(Gone::Account))?;
                if a.users.iter().any(|u| u.name.eq_ignore_ascii_case(name)) {
                    return Err(EditError::NameTaken { what: "a user", name: name.clone() });
                }
                a.users.push(UserDoc { name: name.clone(), path: "/".into(), ..Default::default() });
            }
            DocEdit::AddGroup { account, name } => {
                check_name(NameKind::Group, name)?;
                let a = doc.accounts.get_mut(*account).ok_or(EditError::Gone(Gone::Account))?;
                if a.groups.iter().any(|g| g.name.eq_ignore_ascii_case(name)) {
                    return Err(EditError::NameTaken { what: "a group", name: name.clone() });
                }
                a.groups.push(GroupDoc { name: name.clone(), path: "/".into(), ..Default::default() });
            }
            DocEdit::AddRole { account, name } => {
                check_name(NameKind::Role, name)?;
                let a = doc.accounts.get_mut(*account).ok_or(EditError::Gone(Gone::Account))?;
                if a.roles.iter().any(|r| r.name.eq_ignore_ascii_case(name)) {
                    return Err(EditError::NameTaken { what: "a role", name: name.clone() });
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
                let parsed = iam_core::arn::Arn::parse(arn).ok_or_else(|| EditError::NotAnArn(arn.clone()))?;
                let a = doc.accounts.get_mut(*account).ok_or(EditError::Gone(Gone::Account))?;
                if !parsed.account.is_empty() && parsed.account != a.id {
                    return Err(EditError::ForeignResource { arn: arn.clone(), account: parsed.account.to_string() });
                }
                if a.resources.iter().any(|r| r.arn == *arn) {
                    return Err(EditError::ResourceExists);
                }
                a.resources.push(ResourceDoc { arn: arn.clone(), ..Default::default() });
            }
            DocEdit::AddResourcePolicy { account, index } => {
                let a = doc.accounts.get_mut(*account).ok_or(EditError::Gone(Gone::Account))?;
                let id = a.id.clone();
                let r = a.resources.get_mut(*index).ok_or(EditError::Gone(Gone::Resource))?;
                if r.policy.is_some() {
                    return Err(EditError::ResourceHasPolicy);
                }
                r.policy = Some(starter::resource(&r.arn, &id));
            }
            DocEdit::DeleteOwner { owner } => return delete_owner(doc, owner),
            DocEdit::DeleteResource { account, index } => {
                let a = doc.accounts.get_mut(*account).ok_or(EditError::Gone(Gone::Account))?;
                if *index >= a.resources.len() {
                    return Err(EditError::Gone(Gone::Resource));
                }
                a.resources.remove(*index);
            }
            DocEdit::SetMembership { account, user, group, member } => {
                let a = doc.accounts.get_mut(*account).ok_or(EditError::Gone(Gone::Account))?;
                if !a.groups.iter().any(|g| g.name == *group) {
                    return Err(EditError::NoGroup(group.clone()));
                }
                let u = a.users.get_mut(*user).ok_or(EditError::Gone(Gone::User))?;
                u.groups.retain(|g| g != group);
                if *member {
                    u.groups.push(group.clone());
                }
            }
            DocEdit::AddInlinePolicy { owner, name } => {
                check_name(NameKind::Policy, name)?;
                let (inline, _, _) = owner_lists(doc, owner)?;
                if inline.iter().any(|p| p.name == *name) {
                    return Err(EditError::NameTaken { what: "an inline policy", name: name.clone() });
                }
                inline.push(InlinePolicyDoc {
                    name: name.clone(),
                    document: PolicyDocument::from_text(starter::IDENTITY),
                });
            }
            DocEdit::AddManagedPolicy { account, name } => {
                check_name(NameKind::Policy, name)?;
                let a = doc.accounts.get_mut(*account).ok_or(EditError::Gone(Gone::Account))?;
                if a.policies.iter().any(|p| p.name == *name) {
                    return Err(EditError::NameTaken { what: "a policy", name: name.clone() });
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
                    return Err(EditError::AlreadyAttached);
                }
                managed.push(reference.clone());
            }
            DocEdit::DetachManaged { owner, reference } => {
                let (_, managed, _) = owner_lists(doc, owner)?;
                managed.retain(|m| m != reference);
            }
            DocEdit::SetBoundary { owner, reference } => {
                let (_, _, boundary) = owner_lists(doc, owner)?;
                *boundary.ok_or(EditError::GroupBoundary)? = reference.clone();
            }
            DocEdit::SetPolicyText { target, text } => {
                // Kept verbatim while editing (cheap on every keystroke); saving normalizes.
                *target.get_mut(doc).ok_or(EditError::Gone(Gone::Policy))? = PolicyDocument::Text(text.clone());
            }
            DocEdit::SetRootMfa { account, mfa } => {
                doc.accounts.get_mut(*account).ok_or(EditError::Gone(Gone::Account))?.root_user.mfa = *mfa;
            }
            DocEdit::SetUserMfa { account, user, mfa } => {
                doc.accounts
                    .get_mut(*account)
                    .and_then(|a| a.users.get_mut(*user))
                    .ok_or(EditError::Gone(Gone::User))?
                    .mfa = *mfa;
            }
            DocEdit::AddAssertion { assertion } => doc.assertions.push(assertion.clone()),
            DocEdit::DeleteAssertion { index } => {
                if *index >= doc.assertions.len() {
                    return Err(EditError::Gone(Gone::Assertion));
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

fn delete_owner(doc: &mut ScenarioDoc, owner: &Owner) -> Result<Option<String>, EditError> {
    let account = match owner {
        Owner::User { account, .. } | Owner::Group { account, .. } | Owner::Role { account, .. } => *account,
    };
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

fn delete_policy(doc: &mut ScenarioDoc, target: &PolicyTarget) -> Result<(), EditError> {
    let gone = || EditError::Gone(Gone::Policy);
    match target {
        PolicyTarget::Inline { owner, index } => {
            let (inline, _, _) = owner_lists(doc, owner)?;
            if *index >= inline.len() {
                return Err(gone());
            }
            inline.remove(*index);
        }
        PolicyTarget::Trust { .. } => {
            return Err(EditError::TrustPolicyRequired);
        }
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
