//! Completions: element names, actions with their access level, resource ARN
//! templates, condition operators, and the condition keys of the statement's actions.

use super::scan::{Cursor, Scan, Slot, scan};
use super::{CompletionItem, CompletionKind};
use crate::catalog::{ActionRef, Catalog, ConditionKeyDef, ScalarType};
use crate::condition::{BASE_OPERATORS, Family, Operator};
use crate::lint::PolicyType;
use crate::lint::facts::{Resolved, resolve};
use crate::policy::{Element, PrincipalType};

/// Completions at byte `offset` of `text`, best first.
pub fn complete(text: &str, offset: usize, policy_type: PolicyType, catalog: &dyn Catalog) -> Vec<CompletionItem> {
    let scan = scan(text, offset);
    let Some(cur) = &scan.cursor else { return Vec::new() };
    let path: Vec<&str> = cur.path.iter().map(String::as_str).collect();
    let mut out = Items { cur, items: Vec::new() };
    match (cur.slot, path.as_slice()) {
        (Slot::Key, []) => elements(&mut out, &scan, &Element::TOP),
        (Slot::Key, ["Statement"]) => {
            let allowed: Vec<Element> = Element::STATEMENT
                .into_iter()
                .filter(|e| policy_type.allows_principal() || !matches!(e, Element::Principal | Element::NotPrincipal))
                .filter(|e| policy_type.allows_resource() || !matches!(e, Element::Resource | Element::NotResource))
                .collect();
            elements(&mut out, &scan, &allowed);
        }
        (Slot::Value, ["Version"]) => out.value("2012-10-17", Some("current policy language (policy variables)")),
        (Slot::Value, ["Statement", "Effect"]) => {
            out.value("Allow", None);
            out.value("Deny", None);
        }
        (Slot::Value, ["Statement", "Action" | "NotAction"]) => actions(&mut out, catalog),
        (Slot::Value, ["Statement", "Resource" | "NotResource"]) => resources(&mut out, &scan, catalog),
        (Slot::Key, ["Statement", "Principal" | "NotPrincipal"]) => {
            for p in PrincipalType::ALL.map(PrincipalType::as_str) {
                out.push(p, CompletionKind::Principal, None, p.to_string());
            }
        }
        (Slot::Value, ["Statement", "Principal" | "NotPrincipal"]) => {
            out.value("*", Some("everyone, including anonymous users"))
        }
        (Slot::Value, ["Statement", "Principal" | "NotPrincipal", "Service"]) => service_principals(&mut out, catalog),
        (Slot::Key, ["Statement", "Condition"]) => operators(&mut out),
        (Slot::Key, ["Statement", "Condition", operator]) => keys(&mut out, &scan, catalog, operator),
        (Slot::Value, ["Statement", "Condition", operator, key]) => condition_values(&mut out, catalog, operator, key),
        _ => {}
    }
    out.finish()
}

/// Collects items that match what is typed, prefix matches first.
struct Items<'c> {
    cur: &'c Cursor,
    items: Vec<(u8, CompletionItem)>,
}

impl Items<'_> {
    /// How well `label` matches the typed text: 0 prefix, 1 substring, `None` not at all.
    fn rank(&self, label: &str) -> Option<u8> {
        let typed = self.cur.typed.to_ascii_lowercase();
        let label = label.to_ascii_lowercase();
        if label.starts_with(&typed) {
            Some(0)
        } else if typed.len() >= 2 && label.contains(&typed) {
            Some(1)
        } else {
            None
        }
    }

    fn push(&mut self, label: &str, kind: CompletionKind, detail: Option<String>, insert: String) {
        let Some(rank) = self.rank(label) else { return };
        let insert_text = if self.cur.in_string { insert } else { format!("\"{insert}\"") };
        self.items.push((
            rank,
            CompletionItem { label: label.to_string(), kind, detail, insert_text, replace: self.cur.replace },
        ));
    }

    fn value(&mut self, v: &str, detail: Option<&str>) {
        self.push(v, CompletionKind::Value, detail.map(str::to_string), v.to_string());
    }

    fn finish(self) -> Vec<CompletionItem> {
        let mut items = self.items;
        // Stable: keeps the order each group was pushed in (already meaningful).
        items.sort_by_key(|(rank, _)| *rank);
        let mut seen = std::collections::HashSet::new();
        items.into_iter().map(|(_, i)| i).filter(|i| seen.insert(i.label.clone())).collect()
    }
}

fn elements(out: &mut Items<'_>, scan: &Scan, allowed: &[Element]) {
    let present: Vec<&str> = out
        .cur
        .object
        .and_then(|id| scan.keys.get(&id))
        .map(|keys| keys.iter().map(String::as_str).filter(|k| *k != out.cur.whole).collect())
        .unwrap_or_default();
    for e in allowed {
        let taken = present.contains(&e.name()) || e.exclusive_with().is_some_and(|t| present.contains(&t.name()));
        if !taken {
            out.push(e.name(), CompletionKind::Element, None, e.name().to_string());
        }
    }
}

fn actions(out: &mut Items<'_>, catalog: &dyn Catalog) {
    let typed = out.cur.typed.clone();
    match typed.split_once(':') {
        None => {
            out.push("*", CompletionKind::Action, Some("every action".into()), "*".into());
            for s in catalog.services() {
                out.push(&s.prefix, CompletionKind::Service, Some(s.name.to_string()), format!("{}:", s.prefix));
            }
        }
        Some((prefix, _)) => {
            let Some(service) = catalog.service(prefix) else { return };
            let all = format!("{}:*", service.prefix);
            out.push(&all, CompletionKind::Action, Some(format!("every action of {}", service.name)), all.clone());
            for a in &service.actions {
                let label = format!("{}:{}", service.prefix, a.name);
                out.push(&label, CompletionKind::Action, Some(a.access.as_str().to_string()), label.clone());
            }
        }
    }
}

/// The catalog actions named by the statement's `Action` entries.
fn statement_actions<'c>(scan: &Scan, cur: &Cursor, catalog: &'c dyn Catalog) -> Vec<ActionRef<'c>> {
    let Some(texts) = cur.statement.and_then(|st| scan.actions.get(&st)) else { return Vec::new() };
    let mut refs = Vec::new();
    for t in texts {
        match resolve(t, catalog) {
            Resolved::Known(r) => refs.push(r),
            Resolved::Wildcard(list) if list.len() <= 400 => refs.extend(list),
            _ => {}
        }
    }
    refs
}

fn resources(out: &mut Items<'_>, scan: &Scan, catalog: &dyn Catalog) {
    out.push("*", CompletionKind::Resource, Some("every resource".into()), "*".into());
    let mut seen = Vec::new();
    for (svc, action) in statement_actions(scan, out.cur, catalog) {
        for row in &action.resources {
            let Some(rt) = svc.resource_type(row.resource_type) else { continue };
            if seen.contains(&std::ptr::from_ref(rt)) {
                continue;
            }
            seen.push(std::ptr::from_ref(rt));
            for f in &rt.arns {
                let template = f.template("aws");
                out.push(
                    &template,
                    CompletionKind::Resource,
                    Some(format!("{} ({})", rt.name, svc.name)),
                    template.clone(),
                );
            }
        }
    }
}

fn service_principals(out: &mut Items<'_>, catalog: &dyn Catalog) {
    for s in catalog.services() {
        let principal = format!("{}.amazonaws.com", s.prefix);
        out.push(&principal, CompletionKind::Principal, Some(s.name.to_string()), principal.clone());
    }
}

fn family_detail(f: Family) -> &'static str {
    match f {
        Family::String => "string, exact (case-sensitive)",
        Family::StringIgnoreCase => "string, ignoring case",
        Family::StringLike => "string with * and ? wildcards",
        Family::Numeric => "number",
        Family::Date => "date and time",
        Family::Bool => "true or false",
        Family::Binary => "base64 bytes",
        Family::Ip => "IP address or CIDR range",
        Family::Arn => "ARN, per component",
        Family::Null => "is the key absent? (true/false)",
    }
}

fn operators(out: &mut Items<'_>) {
    let typed = out.cur.typed.to_ascii_lowercase();
    let qualified = typed.starts_with("for");
    for (name, family, _, _) in BASE_OPERATORS {
        let detail = Some(family_detail(*family).to_string());
        if qualified {
            if *family != Family::Null {
                for q in ["ForAnyValue:", "ForAllValues:"] {
                    let label = format!("{q}{name}");
                    out.push(&label, CompletionKind::Operator, detail.clone(), label.clone());
                }
            }
        } else {
            out.push(name, CompletionKind::Operator, detail.clone(), name.to_string());
        }
    }
    if !qualified {
        for (name, family, _, _) in BASE_OPERATORS.iter().filter(|(_, f, _, _)| *f != Family::Null) {
            let label = format!("{name}IfExists");
            out.push(
                &label,
                CompletionKind::Operator,
                Some(format!("{}, or the key is absent", family_detail(*family))),
                label.clone(),
            );
        }
        for q in ["ForAnyValue:", "ForAllValues:"] {
            out.push(q, CompletionKind::Operator, Some("set qualifier for multivalued keys".into()), q.to_string());
        }
    }
}

fn operator_fits(family: Option<Family>, key: &ConditionKeyDef) -> bool {
    let s = key.key_type.scalar;
    match family {
        None | Some(Family::Null) => true,
        Some(Family::String | Family::StringIgnoreCase | Family::StringLike) => {
            matches!(s, ScalarType::String | ScalarType::Arn)
        }
        Some(Family::Arn) => matches!(s, ScalarType::Arn | ScalarType::String),
        Some(Family::Numeric) => s == ScalarType::Numeric,
        Some(Family::Date) => s == ScalarType::Date,
        Some(Family::Bool) => s == ScalarType::Bool,
        Some(Family::Ip) => s == ScalarType::IpAddress,
        Some(Family::Binary) => s == ScalarType::Binary,
    }
}

fn keys(out: &mut Items<'_>, scan: &Scan, catalog: &dyn Catalog, operator: &str) {
    let family = Operator::parse(operator).ok().map(|o| o.family);
    let mut candidates: Vec<(&ConditionKeyDef, String)> = Vec::new();
    for (svc, action) in statement_actions(scan, out.cur, catalog) {
        for k in svc.keys_of(action) {
            candidates.push((k, format!("{} · {}", k.key_type.as_str(), svc.prefix)));
        }
    }
    for k in catalog.global_keys() {
        candidates.push((k, format!("{} · global", k.key_type.as_str())));
    }
    // Keys whose type suits the operator first.
    candidates.sort_by_key(|(k, _)| !operator_fits(family, k));
    for (k, detail) in candidates {
        // For a key with a placeholder, the text before it (`aws:RequestTag/`).
        out.push(&k.name, CompletionKind::ConditionKey, Some(detail), k.fixed_prefix().to_string());
    }
}

fn condition_values(out: &mut Items<'_>, catalog: &dyn Catalog, operator: &str, key: &str) {
    let family = Operator::parse(operator).ok().map(|o| o.family);
    let bool_key = catalog.condition_key(key).is_some_and(|k| k.key_type.scalar == ScalarType::Bool);
    if matches!(family, Some(Family::Bool | Family::Null)) || bool_key {
        out.value("true", None);
        out.value("false", None);
    }
}
