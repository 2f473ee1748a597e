//! Policy labels for people (`coffee-shop/group/Cashiers/ReadReceipts`),
//! formatted from a policy's typed origin in this one place.

use super::doc::ScenarioDoc;
use iam_core::model::{OwnerKind, PolicyOrigin};

/// The label of the policy at `origin` in `doc`; None when the origin no
/// longer exists in the document.
pub fn policy_label(doc: &ScenarioDoc, origin: &PolicyOrigin) -> Option<String> {
    let acct = |a: usize| doc.accounts.get(a);
    Some(match origin {
        PolicyOrigin::Scp { name } => format!("org/scp/{name}"),
        PolicyOrigin::Rcp { name } => format!("org/rcp/{name}"),
        PolicyOrigin::AwsManaged { name } => format!("aws/{name}"),
        PolicyOrigin::Inline { account, owner_kind, owner, index } => {
            let a = acct(*account)?;
            let (kind, owner, list) = match owner_kind {
                OwnerKind::User => a.users.get(*owner).map(|u| ("user", &u.name, &u.inline_policies))?,
                OwnerKind::Group => a.groups.get(*owner).map(|g| ("group", &g.name, &g.inline_policies))?,
                OwnerKind::Role => a.roles.get(*owner).map(|r| ("role", &r.name, &r.inline_policies))?,
            };
            format!("{}/{kind}/{owner}/{}", a.name, list.get(*index)?.name)
        }
        PolicyOrigin::CustomerManaged { account, index } => {
            let a = acct(*account)?;
            format!("{}/policy/{}", a.name, a.policies.get(*index)?.name)
        }
        PolicyOrigin::Trust { account, role } => {
            let a = acct(*account)?;
            format!("{}/role/{}/trust", a.name, a.roles.get(*role)?.name)
        }
        PolicyOrigin::Resource { account, index } => format!("{}/policy", acct(*account)?.resources.get(*index)?.arn),
    })
}
