//! Permissions that let the holder grant itself more: IAM privilege
//! escalation paths (Bishop Fox's "5 privesc attack vectors in AWS", as
//! Parliament's community auditor lists them) and S3 bucket permissions that
//! can rewrite the bucket's own policy.

use super::Lint;
use super::facts::{ActionItem, Resolved, StatementFacts};
use super::policy_type::PolicyType;
use crate::diag::Diagnostic;
use crate::glob::Glob;
use crate::lint::Code;
use crate::span::Span;

/// Action sets that together let the holder act with more privilege than granted.
const ESCALATIONS: &[(&[&str], &str)] = &[
    (&["iam:CreateAccessKey"], "create access keys for another user and act as them"),
    (&["iam:CreateLoginProfile"], "give another user a console password and sign in as them"),
    (&["iam:UpdateLoginProfile"], "change another user's console password and sign in as them"),
    (&["iam:CreatePolicyVersion"], "rewrite a managed policy attached to itself"),
    (&["iam:SetDefaultPolicyVersion"], "switch a policy to a more permissive version"),
    (&["iam:AttachUserPolicy"], "attach AdministratorAccess to a user"),
    (&["iam:AttachGroupPolicy"], "attach AdministratorAccess to its group"),
    (&["iam:AttachRolePolicy", "sts:AssumeRole"], "attach AdministratorAccess to a role and assume it"),
    (&["iam:PutUserPolicy"], "write an inline admin policy on a user"),
    (&["iam:PutGroupPolicy"], "write an inline admin policy on its group"),
    (&["iam:PutRolePolicy", "sts:AssumeRole"], "write an inline admin policy on a role and assume it"),
    (&["iam:AddUserToGroup"], "add itself to an administrators group"),
    (&["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"], "let itself assume any role"),
    (&["iam:PassRole", "ec2:RunInstances"], "launch an instance with a powerful role and use its credentials"),
    (&["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], "run code as a powerful role in Lambda"),
    (
        &["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"],
        "run code as a powerful role in Lambda, triggered by an event source",
    ),
    (&["iam:PassRole", "glue:CreateDevEndpoint"], "run code as a powerful role on a Glue endpoint"),
    (
        &["iam:PassRole", "cloudformation:CreateStack"],
        "create any resource through CloudFormation with a powerful role",
    ),
    (&["iam:PassRole", "datapipeline:CreatePipeline"], "run commands as a powerful role in Data Pipeline"),
    (&["glue:UpdateDevEndpoint"], "take over a Glue endpoint and its role"),
    (&["lambda:UpdateFunctionCode"], "replace a function's code and act as its role"),
];

/// Bucket permissions that can grant object access the policy withholds (as Parliament checks).
const BUCKET_ESCALATIONS: &[(&str, &[&str])] = &[
    ("s3:PutBucketPolicy", &["s3:PutObject", "s3:GetObject", "s3:DeleteObject"]),
    ("s3:PutBucketAcl", &["s3:PutObject", "s3:GetObject", "s3:DeleteObject"]),
    ("s3:PutLifecycleConfiguration", &["s3:DeleteObject"]),
];

pub(crate) fn check(lint: &mut Lint<'_, '_>) {
    if !matches!(lint.policy_type, PolicyType::Identity | PolicyType::Session | PolicyType::AwsManaged) {
        return;
    }
    let allows: Vec<&StatementFacts<'_, '_>> =
        lint.statements.iter().filter(|f| f.is_allow() && !f.is_not_action() && grants_others(f)).collect();
    // `Action: *` on `*` is reported as full access; every path below is implied.
    if allows.iter().any(|f| f.resource_is_broad() && f.actions.iter().any(|a| matches!(a.resolved, Resolved::All))) {
        return;
    }
    let mut found = Vec::new();
    let grants = Grants::new(&allows);
    for (actions, what) in ESCALATIONS {
        let spans: Option<Vec<Span>> =
            actions.iter().map(|a| first_grant(&allows, &grants, a).map(|(span, _)| span)).collect();
        let Some(spans) = spans else { continue };
        let Some(&span) = spans.first() else { continue };
        let names: Vec<String> = actions.iter().map(|a| format!("`{a}`")).collect();
        found.push(
            Diagnostic::new(
                Code::PrivilegeEscalation,
                span,
                format!("this policy allows {}: the holder can {what} (privilege escalation)", names.join(" with ")),
            )
            .with_hint(
                "limit these actions to specific resources, or guard them with conditions and a permissions boundary",
            ),
        );
    }
    bucket_escalation(&allows, &grants, &mut found);
    lint.findings.extend(found);
}

/// Statements whose resources are all the holder's own (`${aws:username}`)
/// cannot reach other principals.
fn grants_others(facts: &StatementFacts<'_, '_>) -> bool {
    match facts.specific_resources() {
        Some(resources) => resources.iter().any(|(r, _)| !r.contains("${")),
        None => true,
    }
}

/// For each action the checks ask about, the `Allow` statements (indices in
/// `allows`, in order) that grant it: worked out in one pass over the
/// statements, so each question is a lookup, not a scan of every statement.
struct Grants {
    /// `service:action`, lower case.
    statements: rustc_hash::FxHashMap<String, Vec<usize>>,
}

impl Grants {
    fn new(allows: &[&StatementFacts<'_, '_>]) -> Self {
        let names = ESCALATIONS
            .iter()
            .flat_map(|(actions, _)| actions.iter())
            .chain(BUCKET_ESCALATIONS.iter().flat_map(|(b, objects)| std::iter::once(b).chain(objects.iter())))
            .map(|n| n.to_ascii_lowercase());
        let mut statements: rustc_hash::FxHashMap<String, Vec<usize>> = names.map(|n| (n, Vec::new())).collect();
        let wanted: rustc_hash::FxHashMap<(String, String), String> = statements
            .keys()
            .filter_map(|k| k.split_once(':').map(|(s, a)| ((s.to_string(), a.to_string()), k.clone())))
            .collect();
        let by_pair: rustc_hash::FxHashMap<(&str, &str), &str> =
            wanted.iter().map(|((s, a), k)| ((s.as_str(), a.as_str()), k.as_str())).collect();
        let mut hits: Vec<(String, usize)> = Vec::new();
        for (k, f) in allows.iter().enumerate() {
            for item in &f.actions {
                match &item.resolved {
                    Resolved::All => hits.extend(by_pair.values().map(|n| (n.to_string(), k))),
                    Resolved::Known((s, a)) => {
                        hits.extend(by_pair.get(&(s.prefix.as_ref(), a.lower.as_ref())).map(|n| (n.to_string(), k)));
                    }
                    Resolved::Wildcard(list) => hits.extend(
                        list.iter()
                            .filter_map(|(s, a)| by_pair.get(&(s.prefix.as_ref(), a.lower.as_ref())))
                            .map(|n| (n.to_string(), k)),
                    ),
                    _ => {}
                }
            }
        }
        for (name, k) in hits {
            if let Some(list) = statements.get_mut(&name)
                && list.last() != Some(&k)
            {
                list.push(k);
            }
        }
        Self { statements }
    }

    /// The statements granting `full_name`, in order.
    fn of(&self, full_name: &str) -> &[usize] {
        self.statements.get(&full_name.to_ascii_lowercase()).map_or(&[], Vec::as_slice)
    }
}

fn names(item: &ActionItem<'_, '_>, service: &str, action: &str) -> bool {
    match &item.resolved {
        Resolved::All => true,
        Resolved::Known((s, a)) => s.prefix.as_ref() == service && a.lower.as_ref() == action,
        Resolved::Wildcard(list) => {
            list.iter().any(|(s, a)| s.prefix.as_ref() == service && a.lower.as_ref() == action)
        }
        _ => false,
    }
}

/// The first `Allow` entry granting `service:Action`, with its statement.
fn first_grant<'f, 'a, 'c>(
    allows: &[&'f StatementFacts<'a, 'c>],
    grants: &Grants,
    full_name: &str,
) -> Option<(Span, &'f StatementFacts<'a, 'c>)> {
    let lower = full_name.to_ascii_lowercase();
    let (service, action) = lower.split_once(':')?;
    grants
        .of(full_name)
        .iter()
        .filter_map(|&k| allows.get(k))
        .find_map(|f| f.actions.iter().find(|i| names(i, service, action)).map(|i| (i.span, *f)))
}

/// Resources an `Allow` grants `service:Action` on (`*` for broad statements).
fn granted_resources<'a>(allows: &[&StatementFacts<'a, '_>], grants: &Grants, full_name: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    for f in grants.of(full_name).iter().filter_map(|&k| allows.get(k)) {
        match f.specific_resources() {
            Some(rs) => out.extend(rs.into_iter().map(|(r, _)| r)),
            None => out.push("*"),
        }
    }
    out
}

fn bucket_escalation(allows: &[&StatementFacts<'_, '_>], grants: &Grants, found: &mut Vec<Diagnostic>) {
    for (bucket_action, object_actions) in BUCKET_ESCALATIONS {
        let Some((span, _)) = first_grant(allows, grants, bucket_action) else { continue };
        // Each object action's resources once: exact ones hashed, patterns compiled.
        let object_grants: Vec<(rustc_hash::FxHashSet<&str>, Vec<Glob>)> = object_actions
            .iter()
            .map(|o| {
                let rs = granted_resources(allows, grants, o);
                let patterns = rs.iter().filter(|r| r.contains(['*', '?'])).map(|r| Glob::new(r)).collect();
                (rs.into_iter().collect(), patterns)
            })
            .collect();
        for bucket in granted_resources(allows, grants, bucket_action) {
            // Object ARNs (`bucket/*`) are not what a bucket action applies to.
            if bucket.contains('/') {
                continue;
            }
            let objects = if bucket == "*" { "*".to_string() } else { format!("{bucket}/*") };
            let missing: Vec<&str> = object_actions
                .iter()
                .copied()
                .zip(&object_grants)
                .filter(|(_, (exact, patterns))| {
                    !exact.contains(objects.as_str()) && !patterns.iter().any(|g| g.matches(&objects))
                })
                .map(|(o, _)| o)
                .collect();
            if missing.is_empty() {
                continue;
            }
            let list: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
            found.push(
                Diagnostic::new(
                    Code::ResourcePolicyEscalation,
                    span,
                    format!(
                        "`{bucket_action}` on `{bucket}` lets the holder grant itself {} through the bucket, which this policy does not allow",
                        list.join(", ")
                    ),
                )
                .with_hint(format!("remove `{bucket_action}`, or allow the object actions deliberately")),
            );
        }
    }
}
