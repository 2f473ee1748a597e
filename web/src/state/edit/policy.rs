//! Edits of policies: new inline and customer managed policies, deletion of
//! any policy (with what refers to it), and typing.

use super::org::{detach_everywhere, org_mut};
use super::principal::owner_lists;
use super::{EditError, Gone, account_mut};
use crate::state::refs;
use crate::state::starter;
use crate::state::targets::{Owner, PolicyTarget};
use iam_core::model::names::{NameKind, check_name};
use iam_wire::scenario::{InlinePolicyDoc, ManagedPolicyDoc, PolicyDocument, ScenarioDoc};

pub(super) fn add_inline(doc: &mut ScenarioDoc, owner: &Owner, name: &str) -> Result<(), EditError> {
    check_name(NameKind::Policy, name)?;
    let (inline, _, _) = owner_lists(doc, owner)?;
    if inline.iter().any(|p| p.name == name) {
        return Err(EditError::NameTaken { what: "an inline policy", name: name.to_string() });
    }
    inline.push(InlinePolicyDoc { name: name.to_string(), document: PolicyDocument::from_text(starter::IDENTITY) });
    Ok(())
}

pub(super) fn add_managed(doc: &mut ScenarioDoc, account: usize, name: &str) -> Result<(), EditError> {
    check_name(NameKind::Policy, name)?;
    let a = account_mut(doc, account)?;
    if a.policies.iter().any(|p| p.name == name) {
        return Err(EditError::NameTaken { what: "a policy", name: name.to_string() });
    }
    a.policies.push(ManagedPolicyDoc {
        name: name.to_string(),
        path: "/".into(),
        description: String::new(),
        document: PolicyDocument::from_text(starter::IDENTITY),
    });
    Ok(())
}

/// Deletes a policy; managed and organization policies are detached everywhere first.
pub(super) fn delete(doc: &mut ScenarioDoc, target: &PolicyTarget) -> Result<(), EditError> {
    let gone = || EditError::Gone(Gone::Policy);
    match target {
        PolicyTarget::Inline { owner, index } => {
            let (inline, _, _) = owner_lists(doc, owner)?;
            if *index >= inline.len() {
                return Err(gone());
            }
            inline.remove(*index);
        }
        PolicyTarget::Trust { .. } => return Err(EditError::TrustPolicyRequired),
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
            if *index >= org.policies.len() {
                return Err(gone());
            }
            let name = org.policies.remove(*index).name;
            detach_everywhere(doc, &name);
        }
    }
    Ok(())
}

/// Kept verbatim while editing (cheap on every keystroke); saving normalizes.
pub(super) fn set_text(doc: &mut ScenarioDoc, target: &PolicyTarget, text: &str) -> Result<(), EditError> {
    *target.get_mut(doc).ok_or(EditError::Gone(Gone::Policy))? = PolicyDocument::Text(text.to_string());
    Ok(())
}
