//! Access findings, decided by the engine: the anonymous caller and
//! principals outside the organization (`Model::outsiders`) make the
//! resource's requests; conditions such as `aws:PrincipalOrgID`,
//! `aws:SourceAccount` and `aws:SourceVpce` fail for them (the key is absent
//! or differs), so a policy that restricts by them yields no finding.

use super::{Evidence, Finding, FindingType};
use crate::escalation::graph_grant;
use iam_core::model::{Model, PrincipalRef};
use iam_core::{Context, Decision};
use iam_reports::Severity;

/// Read and write requests per resource type: (ARN prefix, read, write).
/// An S3 bucket's object requests go to `ARN/iamplay-probe`.
const RESOURCE_ACTIONS: &[(&str, &[&str], &[&str])] = &[
    ("arn:aws:s3:::", &["s3:GetObject", "s3:ListBucket"], &["s3:PutObject", "s3:DeleteObject", "s3:PutBucketPolicy"]),
    ("arn:aws:kms:", &["kms:Decrypt"], &["kms:Encrypt", "kms:PutKeyPolicy"]),
    ("arn:aws:sqs:", &["sqs:ReceiveMessage"], &["sqs:SendMessage", "sqs:DeleteMessage"]),
    ("arn:aws:sns:", &["sns:Subscribe"], &["sns:Publish"]),
    ("arn:aws:lambda:", &["lambda:GetFunction"], &["lambda:InvokeFunction", "lambda:UpdateFunctionCode"]),
    ("arn:aws:secretsmanager:", &["secretsmanager:GetSecretValue"], &["secretsmanager:PutSecretValue"]),
];

/// The ARN a request of `action` goes to for resource `arn`.
fn target(arn: &str, action: &str) -> String {
    let object = matches!(action, "s3:GetObject" | "s3:PutObject" | "s3:DeleteObject");
    if object { format!("{arn}/iamplay-probe") } else { arn.to_string() }
}

/// Outsiders for a resource of `account`: the organization's outsiders, less
/// the resource's own account (the zone of trust when there is no organization).
fn outsiders(model: &Model, account: usize) -> Vec<PrincipalRef> {
    model.outsiders().into_iter().filter(|p| p.account() != Some(account)).collect()
}

/// Resources anyone or an outsider can read or write.
pub(super) fn external_access(model: &Model) -> Vec<Finding> {
    let ctx = Context::new();
    let mut out = Vec::new();
    for (a, acct) in model.accounts.iter().enumerate() {
        let who = outsiders(model, a);
        for r in &acct.resources {
            let Some((_, read, write)) = RESOURCE_ACTIONS.iter().find(|(p, _, _)| r.arn.starts_with(p)) else {
                continue;
            };
            for p in &who {
                let mut evidence = Vec::new();
                let mut writes = false;
                for (action, is_write) in read.iter().map(|x| (x, false)).chain(write.iter().map(|x| (x, true))) {
                    let res = target(&r.arn, action);
                    if model.decide(p, action, &res, &ctx) != Decision::Allow {
                        continue;
                    }
                    writes |= is_write;
                    let principal = model.principal_label(p);
                    evidence.push(Evidence::Request { principal, action: action.to_string(), resource: res.clone() });
                    if let Some(s) = graph_grant(model, p, action, &res, &ctx)
                        && !evidence.contains(&Evidence::from(s.clone()))
                    {
                        evidence.push(s.into());
                    }
                }
                if evidence.is_empty() {
                    continue;
                }
                let anyone = matches!(p, PrincipalRef::Anonymous);
                let who_text = if anyone { "anyone".to_string() } else { model.principal_label(p) };
                let verb = if writes { "read and write" } else { "read" };
                let title = format!("{who_text} can {verb} {}", r.arn);
                let f = Finding::new(FindingType::ExternalAccess, title, vec![r.arn.clone()], evidence);
                out.push(match (anyone, writes) {
                    (true, true) => f.ranked(Severity::Critical, 9.5),
                    (true, false) => f.ranked(Severity::High, 8.5),
                    (false, true) => f.ranked(Severity::High, 7.5),
                    (false, false) => f.ranked(Severity::Medium, 6.0),
                });
                if anyone {
                    break; // anyone includes every outsider
                }
            }
        }
    }
    out
}

/// Roles that anyone or an outsider can assume.
pub(super) fn open_trust(model: &Model) -> Vec<Finding> {
    let ctx = Context::new();
    let mut out = Vec::new();
    for (a, acct) in model.accounts.iter().enumerate() {
        let who = outsiders(model, a);
        for (ri, role) in acct.roles.iter().enumerate() {
            for p in &who {
                if model.decide(p, "sts:AssumeRole", &role.arn, &ctx) != Decision::Allow {
                    continue;
                }
                let anyone = matches!(p, PrincipalRef::Anonymous);
                let principal = model.principal_label(p);
                let mut evidence = vec![Evidence::Request {
                    principal: principal.clone(),
                    action: "sts:AssumeRole".into(),
                    resource: role.arn.clone(),
                }];
                evidence.extend(graph_grant(model, p, "sts:AssumeRole", &role.arn, &ctx).map(Evidence::from));
                let who_text = if anyone { "anyone" } else { principal.as_str() };
                let label = model.principal_label(&PrincipalRef::RoleSession {
                    account: a,
                    index: ri,
                    session: "session".into(),
                });
                let f = Finding::new(
                    FindingType::TrustOpenToOutside,
                    format!("{who_text} can assume {label}"),
                    vec![label],
                    evidence,
                );
                out.push(if anyone { f.ranked(Severity::Critical, 9.0) } else { f });
                break;
            }
        }
    }
    out
}

/// Roles that no principal of the scenario, no service named in the trust
/// policy and no outsider can assume (service-linked roles aside).
pub(super) fn unassumable_roles(model: &Model) -> Vec<Finding> {
    // Signed in with MFA: a trust policy that requires MFA is still assumable.
    let mut ctx = Context::new();
    ctx.insert("aws:MultiFactorAuthPresent", iam_core::ContextValue::single("true"));
    ctx.insert("aws:MultiFactorAuthAge", iam_core::ContextValue::single("60"));
    let edges = model.assume_edges_in(&ctx);
    let mut out = Vec::new();
    for (a, acct) in model.accounts.iter().enumerate() {
        let who = outsiders(model, a);
        for (ri, role) in acct.roles.iter().enumerate() {
            if role.service_linked || edges.iter().any(|e| e.account == a && e.role == ri) {
                continue;
            }
            let services = model.policy(role.trust).map(|t| trusted_services(&t.compiled)).unwrap_or_default();
            let mut svc_ctx = Context::new();
            svc_ctx.insert("aws:SourceAccount", iam_core::ContextValue::single(acct.id.clone()));
            let by_service = services.iter().any(|s| {
                model.decide(&PrincipalRef::Service(s.clone()), "sts:AssumeRole", &role.arn, &svc_ctx)
                    == Decision::Allow
            });
            let by_outsider = who.iter().any(|p| model.decide(p, "sts:AssumeRole", &role.arn, &ctx) == Decision::Allow);
            if by_service || by_outsider {
                continue;
            }
            let label =
                model.principal_label(&PrincipalRef::RoleSession { account: a, index: ri, session: "session".into() });
            let trust = model.policy(role.trust).map(|t| t.label.clone()).unwrap_or_default();
            let evidence = vec![Evidence::Setting { name: "trust policy".into(), value: trust }];
            out.push(Finding::new(
                FindingType::UnassumableRole,
                format!("nobody can assume {label}"),
                vec![label],
                evidence,
            ));
        }
    }
    out
}

/// Service principals a trust policy names.
fn trusted_services(p: &iam_core::CompiledPolicy) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for st in &p.statements {
        for e in st.principal.iter().flat_map(|pr| &pr.entries) {
            if let iam_core::compile::PrincipalEntry::Service(s) = e
                && !out.iter().any(|x| x.as_str() == &**s)
            {
                out.push(s.to_string());
            }
        }
    }
    out
}
