//! The app state and the one reducer that changes it. Pure: tested natively by
//! replaying actions.

use std::rc::Rc;
use yew::Reducible;

pub const DEFAULT_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "CashiersReadReceipts",
      "Effect": "Allow",
      "Action": ["s3:ListBucket", "s3:GetObject"],
      "Resource": [
        "arn:aws:s3:::coffee-shop-receipts",
        "arn:aws:s3:::coffee-shop-receipts/*"
      ]
    }
  ]
}"#;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Playground {
    /// Bumped on every change; analyses are memoised on it.
    pub revision: u64,
    pub policy: String,
    pub action: String,
    pub resource: String,
    pub caller: String,
}

impl Default for Playground {
    fn default() -> Self {
        Self {
            revision: 0,
            policy: DEFAULT_POLICY.to_string(),
            action: "s3:GetObject".into(),
            resource: "arn:aws:s3:::coffee-shop-receipts/2026/11/29.csv".into(),
            caller: "arn:aws:iam::111122223333:user/cashier-ana".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    SetPolicy(String),
    SetAction(String),
    SetResource(String),
    SetCaller(String),
    Reset,
}

impl Playground {
    /// The pure transition function.
    pub fn apply(&self, action: Action) -> Self {
        let mut next = self.clone();
        match action {
            Action::SetPolicy(p) => next.policy = p,
            Action::SetAction(a) => next.action = a,
            Action::SetResource(r) => next.resource = r,
            Action::SetCaller(c) => next.caller = c,
            Action::Reset => next = Self { revision: self.revision, ..Self::default() },
        }
        next.revision = self.revision + 1;
        next
    }
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaying_actions_bumps_revision_and_changes_fields() {
        let s = Playground::default();
        let s = s.apply(Action::SetAction("s3:PutObject".into()));
        let s = s.apply(Action::SetPolicy("{}".into()));
        assert_eq!(s.revision, 2);
        assert_eq!(s.action, "s3:PutObject");
        assert_eq!(s.policy, "{}");
        let s = s.apply(Action::Reset);
        assert_eq!(s.revision, 3);
        assert_eq!(s.policy, DEFAULT_POLICY);
    }
}
