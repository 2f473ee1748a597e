//! `Resource`/`NotResource` entries: ARN syntax, and whether the statement's
//! actions can act on them (the resource types of the Service Authorization
//! Reference and their ARN formats).

use super::Lint;
use super::facts::{ActionItem, Resolved, StatementFacts};
use super::placeholders::has_placeholder;
use super::text::list;
use crate::catalog::{ActionDef, ActionRef, ResourceTypeDef, ServiceDef};
use crate::diag::Diagnostic;
use crate::lint::Code;
use crate::span::Span;
use rustc_hash::FxHashMap;

const PARTITIONS: &[&str] =
    &["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];

pub(crate) fn check(lint: &mut Lint<'_, '_>) {
    let mut found = Vec::new();
    for st in &lint.policy.statements {
        for item in st.resource.iter().flat_map(|r| &r.items) {
            arn_syntax(&item.value, item.span, &mut found);
        }
    }
    let mut fit = FitCache::default();
    for facts in &lint.statements {
        statement_fit(facts, &mut fit, &mut found);
    }
    missing_required(lint, &mut fit, &mut found);
    lint.findings.extend(found);
}

fn is_pattern(component: &str) -> bool {
    component.contains(['*', '?']) || component.contains("${")
}

fn arn_syntax(value: &str, span: Span, found: &mut Vec<Diagnostic>) {
    if value == "*" || value.is_empty() || has_placeholder(value) || value.starts_with("${") {
        return;
    }
    let invalid = |message: String| {
        Diagnostic::new(Code::InvalidArn, span, message).with_hint(
            "write `arn:partition:service:region:account-id:resource` (such as `arn:aws:s3:::my-bucket/*`) or `*`",
        )
    };
    if !value.starts_with("arn:") {
        found.push(invalid(format!("`{value}` is not an ARN: a resource is an ARN or `*`")));
        return;
    }
    let parts: Vec<&str> = value.splitn(6, ':').collect();
    if parts.len() < 6 {
        incomplete(value, &parts, span, found);
        return;
    }
    let [_, partition, service, region, account, _] = parts.as_slice() else { return };
    if !is_pattern(partition) && !PARTITIONS.contains(partition) {
        found.push(invalid(format!("`{partition}` is not an AWS partition (`aws`, `aws-cn`, `aws-us-gov`, ...)")));
    }
    if service.is_empty() {
        found.push(invalid(format!("`{value}` has no service component")));
    }
    if !region.is_empty() && !is_pattern(region) && !looks_like_region(region) {
        found.push(
            Diagnostic::new(Code::InvalidArnRegion, span, format!("`{region}` does not look like a region"))
                .with_hint("regions look like `us-east-1`; use `*` for any region"),
        );
    }
    if !account.is_empty() && !is_pattern(account) && *account != "aws" && !is_account_id(account) {
        found.push(
            Diagnostic::new(
                Code::InvalidArnAccount,
                span,
                format!("`{account}` is not an account ID: account IDs have 12 digits"),
            )
            .with_hint("use the 12-digit account ID, or `*`"),
        );
    }
}

/// The component names, by position (ARN-FORMAT).
const COMPONENTS: [&str; 6] = ["`arn`", "partition", "service", "region", "account ID", "resource"];

/// An ARN with fewer than six components (ARN-FORMAT). A `*` that ends it may
/// expand beyond colons and stand for the missing components
/// (MATCH-RESOURCE-STAR-CROSSES-COLON), so `arn:aws:s3:*` matches ARNs: a
/// WARNING. Otherwise it matches nothing: an ERROR, as when the last component
/// holds what cannot be in its place (`arn:aws:s3:receipts/*`, whose
/// `receipts/` stands where the region goes).
fn incomplete(value: &str, parts: &[&str], span: Span, found: &mut Vec<Diagnostic>) {
    let n = parts.len();
    let last = parts.last().copied().unwrap_or("");
    let place = COMPONENTS.get(n.saturating_sub(1)).copied().unwrap_or("resource");
    // Partitions, services, regions and account IDs: lower-case letters, digits, `-`.
    let fits_place = last.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '*' | '?'));
    // The components it lacks, filled with empty ones before the last part
    // read as the resource: `arn:aws:s3:::receipts/*`.
    // With the service and the resource only (`arn:aws:s3:receipts/*`): the
    // empty region and account put back, as S3 ARNs have them.
    let fixed = (n == 4 && (!fits_place || !last.contains('*'))).then(|| {
        let head = parts.get(..3).unwrap_or_default().join(":");
        format!("{head}:::{last}")
    });
    let hint = |d: Diagnostic| {
        match &fixed {
        Some(f) => d.with_hint(format!(
            "did you mean `{f}`? An ARN has six components, `arn:partition:service:region:account-id:resource`, some of them empty"
        )),
        None => d.with_hint(
            "write all six components, `arn:partition:service:region:account-id:resource` (such as `arn:aws:s3:::my-bucket/*`), or `*`",
        ),
    }
    };
    let count = format!("`{value}` has {n} of the six colon-separated ARN components");
    if !last.contains('*') {
        found.push(hint(Diagnostic::new(Code::InvalidArn, span, count)));
    } else if last.ends_with('*') && fits_place {
        let message = format!("{count}; its trailing `*` stands for the rest");
        found.push(hint(Diagnostic::new(Code::IncompleteArn, span, message)).lenient());
    } else {
        let message = format!("{count}, and `{last}` cannot be a {place}: it matches no ARN");
        found.push(hint(Diagnostic::new(Code::IncompleteArn, span, message)));
    }
}

/// `us-east-1`, `us-gov-west-1`, `eu-isoe-west-1`, and the European Sovereign
/// Cloud's `eusc-de-east-1` (partition `aws-eusc`, whose region prefix has four letters).
fn looks_like_region(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    parts.len() >= 3
        && parts.first().is_some_and(|p| (2..=4).contains(&p.len()) && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts.last().is_some_and(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()))
        && parts
            .iter()
            .skip(1)
            .take(parts.len().saturating_sub(2))
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
}

fn is_account_id(account: &str) -> bool {
    crate::model::names::is_account_id(account)
}

/// Memoizes "does resource entry X fit resource type T" (the same pairs recur
/// across a policy's actions).
#[derive(Default)]
struct FitCache<'a> {
    results: FxHashMap<(usize, &'a str), bool>,
}

impl<'a> FitCache<'a> {
    fn fits(&mut self, rt: &ResourceTypeDef, resource: &'a str) -> bool {
        let key = (std::ptr::from_ref(rt) as usize, resource);
        *self.results.entry(key).or_insert_with(|| rt.fits(resource))
    }

    /// Does the action accept any of these resources?
    fn action_accepts(&mut self, (svc, action): ActionRef<'_>, resources: &[(&'a str, Span)]) -> bool {
        action
            .resources
            .iter()
            .filter_map(|r| svc.resource_type(r.resource_type))
            .any(|rt| resources.iter().any(|(r, _)| self.fits(rt, r)))
    }
}

fn statement_fit<'a>(facts: &StatementFacts<'a, '_>, fit: &mut FitCache<'a>, found: &mut Vec<Diagnostic>) {
    if facts.is_not_action() {
        return;
    }
    let Some(resources) = facts.specific_resources() else { return };
    // With a placeholder left in (reported on its own), the author's intent is unknowable.
    if resources.iter().any(|(r, _)| has_placeholder(r)) {
        return;
    }
    let resources: Vec<(&str, Span)> = resources.into_iter().filter(|(r, _)| r.starts_with("arn:")).collect();
    if resources.is_empty() {
        return;
    }
    let mut some_action_fits = false;
    for item in &facts.actions {
        let refs: &[ActionRef<'_>] = match &item.resolved {
            Resolved::Known(r) => std::slice::from_ref(r),
            Resolved::Wildcard(list) if !list.is_empty() => list,
            _ => continue,
        };
        if refs.iter().any(|r| fit.action_accepts(*r, &resources)) {
            some_action_fits = true;
        } else {
            found.push(action_mismatch(item, refs));
        }
    }
    if !some_action_fits || !facts.actions_fully_known() {
        return;
    }
    for (resource, span) in &resources {
        let fits_any = facts.matched().any(|(svc, a)| {
            a.resources.iter().filter_map(|r| svc.resource_type(r.resource_type)).any(|rt| fit.fits(rt, resource))
        });
        if !fits_any {
            let types = facts.matched().flat_map(|(svc, a)| resource_type_names(svc, a)).collect::<Vec<_>>();
            let mut types_dedup: Vec<&str> = Vec::new();
            for t in types {
                if !types_dedup.contains(&t) {
                    types_dedup.push(t);
                }
            }
            found.push(
                Diagnostic::new(
                    Code::ResourceMismatch,
                    *span,
                    format!("`{resource}` is not a resource that any action of this statement acts on"),
                )
                .with_hint(format!(
                    "the actions here act on {} resources; fix the ARN or remove it",
                    list(types_dedup, 4)
                )),
            );
        }
    }
}

fn resource_type_names<'c>(svc: &'c ServiceDef, action: &'c ActionDef) -> impl Iterator<Item = &'c str> + 'c {
    action.resources.iter().filter_map(move |r| svc.resource_type(r.resource_type)).map(|rt| rt.name.as_ref())
}

fn action_mismatch(item: &ActionItem<'_, '_>, refs: &[ActionRef<'_>]) -> Diagnostic {
    let star_only = refs.iter().all(|(_, a)| a.resources.is_empty());
    if star_only {
        let what = if refs.len() == 1 { "supports" } else { "actions support" };
        return Diagnostic::new(
            Code::ActionResourceMismatch,
            item.span,
            format!("`{}` {what} only \"Resource\": \"*\", so the ARNs of this statement never match it", item.text),
        )
        .with_hint("move it to a statement with \"Resource\": \"*\"");
    }
    // The shortest format is usually the plain one (`bucket/object` rather than an access point's).
    let example = refs
        .iter()
        .flat_map(|(svc, a)| a.resources.iter().filter_map(|r| svc.resource_type(r.resource_type)))
        .flat_map(|rt| rt.arns.iter())
        .map(|f| f.template("aws"))
        .min_by_key(String::len);
    let types: Vec<&str> = refs.iter().flat_map(|(svc, a)| resource_type_names(svc, a)).collect();
    let mut names: Vec<&str> = Vec::new();
    for t in types {
        if !names.contains(&t) {
            names.push(t);
        }
    }
    let d = Diagnostic::new(
        Code::ActionResourceMismatch,
        item.span,
        format!("`{}` acts on {} resources, and none of this statement's resources is one", item.text, list(names, 4)),
    );
    match example {
        Some(arn) => {
            d.with_hint(format!("add a resource of the form `{arn}`, or move the action to another statement"))
        }
        None => d.with_hint("move the action to a statement with matching resources"),
    }
}

/// Actions whose every request names several resources (the SAR's required
/// types): an `Allow` that covers only some of them never succeeds on its own.
fn missing_required<'a>(lint: &Lint<'a, '_>, fit: &mut FitCache<'a>, found: &mut Vec<Diagnostic>) {
    let allows: Vec<&StatementFacts<'a, '_>> = lint.statements.iter().filter(|f| f.is_allow()).collect();
    let mut reported: Vec<(usize, usize)> = Vec::new();
    for facts in &allows {
        if facts.is_not_action() {
            continue;
        }
        let Some(resources) = facts.specific_resources() else { continue };
        for item in &facts.actions {
            let Resolved::Known((svc, action)) = &item.resolved else { continue };
            if !requires_several(svc, action) || !fit.action_accepts((svc, action), &resources) {
                continue;
            }
            for row in action.resources.iter().filter(|r| r.required) {
                let Some(rt) = svc.resource_type(row.resource_type) else { continue };
                let key = (std::ptr::from_ref(*action) as usize, std::ptr::from_ref(rt) as usize);
                if reported.contains(&key) || allowed_somewhere(&allows, action, rt, fit) {
                    continue;
                }
                reported.push(key);
                let example = rt.arns.first().map(|f| f.template("aws")).unwrap_or_default();
                found.push(
                    Diagnostic::new(
                        Code::MissingRequiredResource,
                        item.span,
                        format!(
                            "the Service Authorization Reference lists `{}` resources as required for `{}`, and no statement of this policy allows them: requests that name one are denied",
                            rt.name, item.text
                        ),
                    )
                    .with_hint(format!("allow the action on `{example}` as well (in this statement or another)")),
                );
            }
        }
    }
}

/// Does every request for the action name several resources? The catalog marks
/// alternatives as required too (all twelve model types of `bedrock:InvokeModel`,
/// a cluster or a workgroup for `redshift-data`), so the marks are trusted only
/// when mixed with optional types (`ec2:RunInstances`), and even then some are
/// alternatives (`iot:CreateJob` targets things or groups): hence a SUGGESTION.
fn requires_several(svc: &ServiceDef, action: &ActionDef) -> bool {
    let required: Vec<&ResourceTypeDef> =
        action.resources.iter().filter(|r| r.required).filter_map(|r| svc.resource_type(r.resource_type)).collect();
    if required.len() < 2 {
        return false;
    }
    required.len() < action.resources.len()
}

fn allowed_somewhere<'a>(
    allows: &[&StatementFacts<'a, '_>],
    action: &ActionDef,
    rt: &ResourceTypeDef,
    fit: &mut FitCache<'a>,
) -> bool {
    allows.iter().any(|facts| {
        let names_action = |item: &ActionItem<'_, '_>| match &item.resolved {
            Resolved::All => true,
            Resolved::Known((_, a)) => std::ptr::eq(*a, action),
            Resolved::Wildcard(list) => list.iter().any(|(_, a)| std::ptr::eq(*a, action)),
            _ => false,
        };
        let covers_action = facts.actions.iter().any(names_action) != facts.is_not_action();
        if !covers_action {
            return false;
        }
        // `*`, `NotResource` or no `Resource` (a resource policy's own resource) may cover it.
        match facts.specific_resources() {
            None => true,
            Some(resources) => resources.iter().any(|(r, _)| fit.fits(rt, r)),
        }
    })
}
