//! Assertions: the policy unit tests of a scenario, checked against the model.

use super::Model;
use super::query::PrincipalRef;
use crate::context::Context;
use crate::eval::Decision;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expectation {
    Allow,
    /// Either kind of deny.
    Deny,
    ExplicitDeny,
    ImplicitDeny,
}

impl Expectation {
    pub fn accepts(self, d: Decision) -> bool {
        match self {
            Expectation::Allow => d == Decision::Allow,
            Expectation::Deny => d != Decision::Allow,
            Expectation::ExplicitDeny => d == Decision::ExplicitDeny,
            Expectation::ImplicitDeny => d == Decision::ImplicitDeny,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Expectation::Allow => "allow",
            Expectation::Deny => "deny",
            Expectation::ExplicitDeny => "explicit deny",
            Expectation::ImplicitDeny => "implicit deny",
        }
    }
}

#[derive(Clone, Debug)]
pub enum Assertion {
    Can { principal: PrincipalRef, action: String, resource: String, context: Context, expect: Expectation },
    NobodyOutsideOrg { action: String, resource: String },
    Only { principals: Vec<PrincipalRef>, action: String, resource: String, context: Context },
}

/// An assertion with its name and description, as written in the scenario.
#[derive(Clone, Debug)]
pub struct AssertionCase {
    pub id: String,
    pub description: String,
    /// Unknown actions and undeclared resources are meant (`allowUnknown`).
    pub allow_unknown: bool,
    pub assertion: Assertion,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssertionOutcome {
    pub passed: bool,
    /// One line saying what happened; for a `can` assertion it ends at the
    /// decision, and `can` holds the reason and the expectation (worded by
    /// `iam_wire::explain::assertion_summary`).
    pub summary: String,
    pub can: Option<(crate::eval::Reason, Expectation)>,
    /// Principals that broke the assertion (labels).
    pub offenders: Vec<String>,
}

/// Stand-ins for "anyone outside the organization": an anonymous caller and a
/// user of an unknown account whose own policies allow everything.
pub const OUTSIDER_ARN: &str = "arn:aws:iam::999999999999:user/outsider";

impl Model {
    /// Principals outside the organization: anonymous, an outsider account, and
    /// every principal of scenario accounts that are not in the organization.
    pub fn outsiders(&self) -> Vec<PrincipalRef> {
        let mut out = vec![PrincipalRef::Anonymous, PrincipalRef::External { arn: OUTSIDER_ARN.into() }];
        out.extend(self.principals().into_iter().filter(|p| p.account().is_some_and(|a| !self.in_org(a))));
        for arn in self.named_outside_principals() {
            let p = PrincipalRef::External { arn };
            if !out.contains(&p) {
                out.push(p);
            }
        }
        out
    }

    /// Principals of accounts outside the scenario that resource and trust
    /// policies name, in `Principal` or in `aws:PrincipalAccount` /
    /// `aws:PrincipalArn` conditions: a generic user of each such account,
    /// and each named user, role or session (a wildcard name part becomes
    /// `outsider`). The anonymous caller and [`OUTSIDER_ARN`] cannot stand in
    /// for them, since the grant names their account.
    fn named_outside_principals(&self) -> Vec<String> {
        let outside = |account: &str| super::names::is_account_id(account) && self.account_by_id(account).is_none();
        let mut out: Vec<String> = Vec::new();
        let mut add = |arn: String| {
            if !out.contains(&arn) {
                out.push(arn);
            }
        };
        let mut name = |text: &str| {
            if outside(text) {
                add(format!("arn:aws:iam::{text}:user/outsider"));
                return;
            }
            let Some(arn) = crate::arn::Arn::parse(text) else { return };
            if !outside(arn.account) {
                return;
            }
            add(format!("arn:aws:iam::{}:user/outsider", arn.account));
            if arn.resource != "root" {
                let concrete = text.replace('*', "outsider").replace('?', "x");
                if crate::principal::Caller::parse(&concrete).is_ok() {
                    add(concrete);
                }
            }
        };
        let guarding = self
            .accounts
            .iter()
            .flat_map(|a| a.resources.iter().filter_map(|r| r.policy).chain(a.roles.iter().map(|r| r.trust)));
        for id in guarding {
            let Some(p) = self.policy(id) else { continue };
            for st in &p.compiled.statements {
                for e in st.principal.iter().flat_map(|p| &p.entries) {
                    if let crate::compile::PrincipalEntry::Aws(text) = e {
                        name(text);
                    }
                }
                for c in &st.conditions {
                    if matches!(c.key_lower.as_ref(), "aws:principalaccount" | "aws:principalarn") {
                        c.value_texts.iter().for_each(|v| name(v));
                    }
                }
            }
        }
        out
    }

    pub fn check(&self, assertion: &Assertion) -> AssertionOutcome {
        match assertion {
            Assertion::Can { principal, action, resource, context, expect } => {
                let label = self.principal_label(principal);
                match self.can(principal, action, resource, context) {
                    Ok(r) => {
                        let d = r.explanation.decision;
                        let passed = expect.accepts(d);
                        let got = match d {
                            Decision::Allow => "allowed",
                            Decision::ExplicitDeny => "explicitly denied",
                            Decision::ImplicitDeny => "implicitly denied",
                        };
                        AssertionOutcome {
                            passed,
                            summary: format!("{label} → {action} on {resource}: {got}"),
                            can: Some((r.explanation.reason, *expect)),
                            offenders: if passed { Vec::new() } else { vec![label] },
                        }
                    }
                    Err(e) => AssertionOutcome {
                        passed: false,
                        summary: format!("{label}: {e}"),
                        can: None,
                        offenders: vec![label],
                    },
                }
            }
            Assertion::NobodyOutsideOrg { action, resource } => {
                let offenders: Vec<String> = self
                    .outsiders()
                    .iter()
                    .filter(|p| self.decide(p, action, resource, &Context::new()) == Decision::Allow)
                    .map(|p| self.principal_label(p))
                    .collect();
                let passed = offenders.is_empty();
                let summary = if passed {
                    format!("nobody outside the organization can {action} on {resource}")
                } else {
                    format!("outside the organization, {} can {action} on {resource}", offenders.join(", "))
                };
                AssertionOutcome { passed, summary, can: None, offenders }
            }
            Assertion::Only { principals, action, resource, context } => {
                let mut everyone = self.principals();
                everyone.extend(self.outsiders().into_iter().filter(|p| p.account().is_none()));
                let allowed: Vec<PrincipalRef> = everyone
                    .into_iter()
                    .filter(|p| self.decide(p, action, resource, context) == Decision::Allow)
                    .collect();
                let same = |a: &PrincipalRef, b: &PrincipalRef| match (a, b) {
                    (
                        PrincipalRef::RoleSession { account: x, index: i, .. },
                        PrincipalRef::RoleSession { account: y, index: j, .. },
                    ) => x == y && i == j,
                    _ => a == b,
                };
                let extra: Vec<String> = allowed
                    .iter()
                    .filter(|p| !principals.iter().any(|q| same(p, q)))
                    .map(|p| self.principal_label(p))
                    .collect();
                let missing: Vec<String> = principals
                    .iter()
                    .filter(|q| !allowed.iter().any(|p| same(p, q)))
                    .map(|p| self.principal_label(p))
                    .collect();
                let passed = extra.is_empty() && missing.is_empty();
                let summary = match (extra.is_empty(), missing.is_empty()) {
                    (true, true) => format!("only the listed principals can {action} on {resource}"),
                    (false, true) => format!("also allowed: {}", extra.join(", ")),
                    (true, false) => format!("listed but not allowed: {}", missing.join(", ")),
                    (false, false) => {
                        format!("also allowed: {}; listed but not allowed: {}", extra.join(", "), missing.join(", "))
                    }
                };
                let mut offenders = extra;
                offenders.extend(missing);
                AssertionOutcome { passed, summary, can: None, offenders }
            }
        }
    }
}
