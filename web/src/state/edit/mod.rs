//! Edits of the scenario document. Each is pure and all-or-nothing: it either
//! applies completely or returns a message and leaves the document unchanged.
//! One function per edit, grouped by what they change: the organization
//! (`org.rs`), accounts and their resources (`account.rs`), principals
//! (`principal.rs`), policies (`policy.rs`); failures are [`EditError`]s.

mod account;
mod error;
mod org;
mod policy;
mod principal;

pub use account::new_account;
pub use error::{EditError, Gone};

use super::refs;
use super::targets::{OrgPath, Owner, PolicyTarget};
use iam_wire::scenario::{AccountDoc, AssertionDoc, MfaDevice, OrgPolicyKind, ScenarioDoc};

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

/// A successful edit: the new document and, when the edit did more than
/// asked (removed exercises that named a deleted user...), a message saying so.
#[derive(Debug)]
pub struct Applied {
    pub doc: ScenarioDoc,
    pub note: Option<String>,
}

/// What an edit did beyond the change asked for, for a message.
type Note = Option<String>;

impl DocEdit {
    /// Applies the edit to a copy; the original is untouched on error.
    pub fn apply(&self, doc: &ScenarioDoc) -> Result<Applied, EditError> {
        let mut d = doc.clone();
        let note = self.apply_in_place(&mut d)?;
        Ok(Applied { doc: d, note })
    }

    fn apply_in_place(&self, doc: &mut ScenarioDoc) -> Result<Note, EditError> {
        match self {
            DocEdit::CreateOrganization => org::create(doc)?,
            DocEdit::AddOu { parent, name } => org::add_ou(doc, parent, name)?,
            DocEdit::RenameOu { path, name } => org::rename_ou(doc, path, name)?,
            DocEdit::DeleteOu { path } => org::delete_ou(doc, path)?,
            DocEdit::MoveOu { path, new_parent } => org::move_ou(doc, path, new_parent)?,
            DocEdit::AddOrgPolicy { name, kind } => org::add_policy(doc, name, *kind)?,
            DocEdit::Attach { at, kind, policy } => org::attach(doc, at, *kind, policy, true)?,
            DocEdit::Detach { at, kind, policy } => org::attach(doc, at, *kind, policy, false)?,
            DocEdit::AddAccount { name, id, parent } => account::add(doc, name, id, parent.as_deref())?,
            DocEdit::RenameAccount { account, name } => account::rename(doc, *account, name)?,
            DocEdit::DeleteAccount { account } => return account::delete(doc, *account),
            DocEdit::MoveAccount { account, parent } => account::place(doc, *account, parent)?,
            DocEdit::SetRootMfa { account, mfa } => account::set_root_mfa(doc, *account, *mfa)?,
            DocEdit::AddResource { account, arn } => account::add_resource(doc, *account, arn)?,
            DocEdit::AddResourcePolicy { account, index } => account::add_resource_policy(doc, *account, *index)?,
            DocEdit::DeleteResource { account, index } => account::delete_resource(doc, *account, *index)?,
            DocEdit::AddUser { account, name } => principal::add_user(doc, *account, name)?,
            DocEdit::AddGroup { account, name } => principal::add_group(doc, *account, name)?,
            DocEdit::AddRole { account, name } => principal::add_role(doc, *account, name)?,
            DocEdit::DeleteOwner { owner } => return principal::delete(doc, owner),
            DocEdit::SetMembership { account, user, group, member } => {
                principal::set_membership(doc, *account, *user, group, *member)?
            }
            DocEdit::AttachManaged { owner, reference } => principal::attach_managed(doc, owner, reference)?,
            DocEdit::DetachManaged { owner, reference } => principal::detach_managed(doc, owner, reference)?,
            DocEdit::SetBoundary { owner, reference } => principal::set_boundary(doc, owner, reference.as_deref())?,
            DocEdit::SetUserMfa { account, user, mfa } => principal::set_user_mfa(doc, *account, *user, *mfa)?,
            DocEdit::AddInlinePolicy { owner, name } => policy::add_inline(doc, owner, name)?,
            DocEdit::AddManagedPolicy { account, name } => policy::add_managed(doc, *account, name)?,
            DocEdit::DeletePolicy { target } => policy::delete(doc, target)?,
            DocEdit::SetPolicyText { target, text } => policy::set_text(doc, target, text)?,
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

fn account_mut(doc: &mut ScenarioDoc, account: usize) -> Result<&mut AccountDoc, EditError> {
    doc.accounts.get_mut(account).ok_or(EditError::Gone(Gone::Account))
}

/// "Deleted user ana; removed exercise x that named it. Undo brings it all back."
fn deletion_note(what: &str, pruned: &refs::Pruned) -> Note {
    (!pruned.is_empty()).then(|| format!("Deleted {what}{}. Undo brings it all back.", pruned.describe()))
}
