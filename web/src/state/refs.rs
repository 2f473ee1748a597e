//! References between parts of a scenario that are written as text:
//! assertions name principals (`finance/user/ana`, ARNs) and principals name
//! customer managed policies (a name, or an ARN from any account). A rename
//! rewrites them and a deletion removes them, because a reference that no
//! longer resolves makes the whole scenario fail to load.

use iam_core::model::names::{EntityText, PrincipalRefText};
use iam_core::principal::CallerKind;
use iam_wire::scenario::{AccountDoc, AssertionDoc, ScenarioDoc, customer_policy_ref};

/// A principal of one account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entity {
    Root,
    User(String),
    Role(String),
}

/// The scenario account and principal a reference names, read with the
/// engine's grammar ([`PrincipalRefText`]).
pub fn named(accounts: &[AccountDoc], text: &str) -> Option<(usize, Entity)> {
    match PrincipalRefText::parse(text).ok()? {
        PrincipalRefText::Arn(caller) => {
            let account = accounts.iter().position(|a| a.id == caller.account)?;
            let entity = match caller.kind {
                CallerKind::Root => Entity::Root,
                CallerKind::User => Entity::User(caller.name()?.to_string()),
                CallerKind::RoleSession => Entity::Role(caller.name()?.to_string()),
                _ => return None,
            };
            Some((account, entity))
        }
        PrincipalRefText::Path { account, entity } => {
            let index = accounts.iter().position(|a| a.name == account || a.id == account)?;
            let entity = match entity? {
                EntityText::Root => Entity::Root,
                EntityText::User(n) => Entity::User(n.to_string()),
                EntityText::Role(n) => Entity::Role(n.to_string()),
            };
            Some((index, entity))
        }
        PrincipalRefText::Anonymous | PrincipalRefText::Service(_) => None,
    }
}

/// `text` naming account `old` by name, rewritten to name it `new`; None when
/// it does not (IDs and ARNs survive a rename unchanged).
pub fn renamed(text: &str, old: &str, new: &str) -> Option<String> {
    let rest = text.strip_prefix(old)?.strip_prefix('/')?;
    Some(format!("{new}/{rest}"))
}

/// Rewrites every assertion principal that names account `old` by name.
pub fn rename_account(assertions: &mut [AssertionDoc], old: &str, new: &str) {
    let fix = |p: &mut String| {
        if let Some(n) = renamed(p, old, new) {
            *p = n;
        }
    };
    for a in assertions {
        match a {
            AssertionDoc::Can { principal, .. } => fix(principal),
            AssertionDoc::Only { principals, .. } => principals.iter_mut().for_each(fix),
            AssertionDoc::NobodyOutsideOrg { .. } => {}
        }
    }
}

/// What removing principals did to the assertions, for a notice.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pruned {
    /// Assertions removed (they named a removed principal).
    pub removed: Vec<String>,
    /// `only` assertions that lost a principal from their list.
    pub trimmed: Vec<String>,
}

impl Pruned {
    /// "; removed exercise a, b that named it" (empty when nothing changed).
    pub fn describe(&self) -> String {
        let mut out = String::new();
        let list = |v: &[String]| v.join(", ");
        if !self.removed.is_empty() {
            let what = if self.removed.len() == 1 { "exercise" } else { "exercises" };
            out.push_str(&format!("; removed {what} {} that named it", list(&self.removed)));
        }
        if !self.trimmed.is_empty() {
            out.push_str(&format!("; took it out of the principals of {}", list(&self.trimmed)));
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.removed.is_empty() && self.trimmed.is_empty()
    }
}

fn title(a: &AssertionDoc, i: usize) -> String {
    let (AssertionDoc::Can { id, description, .. }
    | AssertionDoc::NobodyOutsideOrg { id, description, .. }
    | AssertionDoc::Only { id, description, .. }) = a;
    if !id.is_empty() {
        id.clone()
    } else if !description.is_empty() {
        format!("\u{201c}{description}\u{201d}")
    } else {
        format!("#{}", i + 1)
    }
}

/// Removes `can` assertions whose principal `gone` matches and takes such
/// principals out of `only` lists. Call it before removing the principals:
/// references are read against the accounts as they are.
pub fn prune_assertions(doc: &mut ScenarioDoc, gone: impl Fn(usize, &Entity) -> bool) -> Pruned {
    let names_gone = |p: &str| named(&doc.accounts, p).is_some_and(|(a, e)| gone(a, &e));
    let mut pruned = Pruned::default();
    let mut keep = Vec::with_capacity(doc.assertions.len());
    for (i, mut a) in std::mem::take(&mut doc.assertions).into_iter().enumerate() {
        match &mut a {
            AssertionDoc::Can { principal, .. } if names_gone(principal) => {
                pruned.removed.push(title(&a, i));
                continue;
            }
            AssertionDoc::Only { principals, .. } => {
                let before = principals.len();
                principals.retain(|p| !names_gone(p));
                if principals.len() != before {
                    pruned.trimmed.push(title(&a, i));
                }
            }
            _ => {}
        }
        keep.push(a);
    }
    doc.assertions = keep;
    pruned
}

/// Detaches customer managed policy `name` of account `account` from every
/// user, group and role of the scenario, whether they name it or use its ARN.
pub fn detach_customer_policy(doc: &mut ScenarioDoc, account: usize, name: &str) {
    let accounts = doc.accounts.clone();
    for (ai, a) in doc.accounts.iter_mut().enumerate() {
        let is_it = |r: &str| customer_policy_ref(&accounts, ai, r) == Some((account, name));
        let drop_boundary = |b: &mut Option<String>| {
            if b.as_deref().is_some_and(is_it) {
                *b = None;
            }
        };
        for u in &mut a.users {
            u.managed_policies.retain(|m| !is_it(m));
            drop_boundary(&mut u.permissions_boundary);
        }
        for g in &mut a.groups {
            g.managed_policies.retain(|m| !is_it(m));
        }
        for r in &mut a.roles {
            r.managed_policies.retain(|m| !is_it(m));
            drop_boundary(&mut r.permissions_boundary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::gallery::default_scenario;

    #[test]
    fn references_name_what_the_engine_resolves() {
        let doc = default_scenario();
        let finance = doc.accounts.iter().position(|a| a.name == "finance").unwrap();
        let id = doc.accounts[finance].id.clone();
        assert_eq!(named(&doc.accounts, "finance/user/ana"), Some((finance, Entity::User("ana".into()))));
        assert_eq!(named(&doc.accounts, &format!("{id}/root")), Some((finance, Entity::Root)));
        assert_eq!(
            named(&doc.accounts, &format!("arn:aws:sts::{id}:assumed-role/Cashier/s")),
            Some((finance, Entity::Role("Cashier".into())))
        );
        assert_eq!(named(&doc.accounts, "anonymous"), None);
        assert_eq!(named(&doc.accounts, "arn:aws:iam::999999999999:user/x"), None);
    }

    #[test]
    fn renames_touch_only_references_by_name() {
        assert_eq!(renamed("finance/user/ana", "finance", "money").as_deref(), Some("money/user/ana"));
        assert_eq!(renamed("financeX/user/ana", "finance", "money"), None);
        assert_eq!(renamed("111122223333/root", "finance", "money"), None);
    }
}
