//! Hover text: what an action does (with its access level, resource types and
//! condition keys), what a condition key or operator means, which resource
//! type an ARN is, and what each element is for.

use super::Hover;
use super::scan::{Cursor, Scan, Slot, scan};
use crate::catalog::{Catalog, expand};
use crate::condition::{Family, Operator, SetQualifier};
use crate::lint::facts::{Resolved, resolve};

/// Hover text for the string under byte `offset`, if there is something to say.
pub fn hover(text: &str, offset: usize, catalog: &dyn Catalog) -> Option<Hover> {
    let scan = scan(text, offset);
    let cur = scan.cursor.as_ref()?;
    let span = cur.token.filter(|_| cur.in_string)?;
    let path: Vec<&str> = cur.path.iter().map(String::as_str).collect();
    let markdown = match (cur.slot, path.as_slice()) {
        (Slot::Key, [] | ["Statement"] | ["Statement", "Principal" | "NotPrincipal"]) => {
            element(&cur.whole)?.to_string()
        }
        (Slot::Value, ["Statement", "Action" | "NotAction"]) => action(catalog, &cur.whole)?,
        (Slot::Value, ["Statement", "Resource" | "NotResource"]) => resource(catalog, &scan, cur)?,
        (Slot::Key, ["Statement", "Condition"]) => operator(&cur.whole)?,
        (Slot::Key, ["Statement", "Condition", _]) => key(catalog, &cur.whole)?,
        (Slot::Value, ["Statement", "Effect"]) => effect(&cur.whole)?.to_string(),
        _ => return None,
    };
    Some(Hover { markdown, span })
}

fn element(name: &str) -> Option<&'static str> {
    Some(match name {
        "Version" => {
            "`Version`: the policy language. Use `2012-10-17`; older or missing versions treat `${...}` as plain text."
        }
        "Id" => "`Id`: an optional identifier for the policy.",
        "Statement" => "`Statement`: one statement or an array of them; each allows or denies actions on resources.",
        "Sid" => "`Sid`: an optional statement name (letters and digits), unique within the policy.",
        "Effect" => "`Effect`: `Allow` or `Deny`. An explicit `Deny` always wins.",
        "Principal" => "`Principal`: who the statement applies to (resource, trust and resource control policies).",
        "NotPrincipal" => "`NotPrincipal`: everyone except the principals listed. Avoid with `Allow`.",
        "Action" => "`Action`: the actions the statement covers, `service:Action`, with `*` and `?` wildcards.",
        "NotAction" => "`NotAction`: every action except those listed, including actions AWS adds later.",
        "Resource" => "`Resource`: the ARNs the statement covers, or `*`.",
        "NotResource" => "`NotResource`: every resource except those listed.",
        "Condition" => "`Condition`: `{operator: {key: values}}`; operators and keys are ANDed, values of a key ORed.",
        "AWS" => "`AWS`: accounts (`111122223333` or `arn:aws:iam::111122223333:root`), users, roles, or `*`.",
        "Service" => "`Service`: AWS service principals such as `ec2.amazonaws.com`.",
        "Federated" => "`Federated`: a SAML or OIDC identity provider, such as `cognito-identity.amazonaws.com`.",
        "CanonicalUser" => "`CanonicalUser`: an S3 canonical user ID.",
        _ => return None,
    })
}

fn effect(value: &str) -> Option<&'static str> {
    match value {
        "Allow" => Some("`Allow`: grants the actions, unless a `Deny` anywhere in the evaluation applies."),
        "Deny" => Some("`Deny`: refuses the actions; an explicit deny overrides every allow."),
        _ => None,
    }
}

fn action(catalog: &dyn Catalog, text: &str) -> Option<String> {
    match resolve(text, catalog) {
        Resolved::Known((svc, a)) => {
            let mut md = format!("`{}:{}` · {} · {}", svc.prefix, a.name, a.access.as_str(), svc.name);
            if let Some(d) = catalog.action_description(&svc.prefix, &a.name) {
                md.push_str(&format!("\n\n{d}"));
            }
            if a.resources.is_empty() {
                md.push_str("\n\nResource: only `*` (no resource-level permissions).");
            } else {
                md.push_str("\n\nResource types:");
                for row in &a.resources {
                    if let Some(rt) = svc.resource_type(row.resource_type) {
                        let arn = rt.arns.first().map(|f| f.text.as_ref()).unwrap_or("");
                        let required = if row.required { " (required)" } else { "" };
                        md.push_str(&format!("\n- `{}`{required}: `{arn}`", rt.name));
                    }
                }
            }
            let keys: Vec<String> =
                a.condition_keys.iter().filter_map(|i| svc.key(*i)).map(|k| format!("`{}`", k.name)).collect();
            if !keys.is_empty() {
                md.push_str(&format!("\n\nCondition keys: {}", keys.join(", ")));
            }
            Some(md)
        }
        Resolved::Wildcard(_) | Resolved::All => {
            let list = expand(catalog, text);
            let mut counts: Vec<(&str, usize)> = Vec::new();
            for (_, a) in &list {
                match counts.iter_mut().find(|(l, _)| *l == a.access.as_str()) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((a.access.as_str(), 1)),
                }
            }
            let summary: Vec<String> = counts.iter().map(|(l, n)| format!("{n} {l}")).collect();
            let mut md = format!("`{text}` matches {} actions ({})", list.len(), summary.join(", "));
            for (svc, a) in list.iter().take(12) {
                md.push_str(&format!("\n- `{}:{}` · {}", svc.prefix, a.name, a.access.as_str()));
            }
            if list.len() > 12 {
                md.push_str(&format!("\n- … and {} more", list.len() - 12));
            }
            Some(md)
        }
        _ => None,
    }
}

fn resource(catalog: &dyn Catalog, scan: &Scan, cur: &Cursor) -> Option<String> {
    let arn = cur.whole.as_str();
    if arn == "*" {
        return Some("`*`: every resource the statement's actions can act on.".into());
    }
    let texts = cur.statement.and_then(|st| scan.actions.get(&st))?;
    let mut fits: Vec<String> = Vec::new();
    for t in texts {
        let refs = match resolve(t, catalog) {
            Resolved::Known(r) => vec![r],
            Resolved::Wildcard(list) => list,
            _ => Vec::new(),
        };
        for (svc, a) in refs {
            for row in &a.resources {
                if let Some(rt) = svc.resource_type(row.resource_type).filter(|rt| rt.fits(arn)) {
                    let line = format!(
                        "`{}` of {} (`{}`)",
                        rt.name,
                        svc.name,
                        rt.arns.first().map(|f| f.text.as_ref()).unwrap_or("")
                    );
                    if !fits.contains(&line) {
                        fits.push(line);
                    }
                }
            }
        }
    }
    Some(if fits.is_empty() {
        format!("`{arn}` fits no resource type of this statement's actions.")
    } else {
        format!("`{arn}` is a resource of type:\n- {}", fits.join("\n- "))
    })
}

fn operator(name: &str) -> Option<String> {
    let op = Operator::parse(name).ok()?;
    let base = match op.family {
        Family::String => "compares strings exactly (case-sensitive)",
        Family::StringIgnoreCase => "compares strings ignoring case",
        Family::StringLike => "matches strings with `*` and `?` wildcards",
        Family::Numeric => "compares numbers",
        Family::Date => "compares dates (ISO 8601 or epoch seconds)",
        Family::Bool => "compares `true`/`false`",
        Family::Binary => "compares base64-encoded bytes",
        Family::Ip => "matches IP addresses against CIDR ranges",
        Family::Arn => "matches ARNs component by component",
        Family::Null => "`true`: the key is absent from the request; `false`: it is present",
    };
    let mut md = format!("`{name}` {base}");
    if op.negated {
        md.push_str("; negated: true when no value matches, and when the key is absent");
    }
    if op.if_exists {
        md.push_str("; `IfExists`: also true when the request lacks the key");
    }
    match op.set {
        Some(SetQualifier::ForAllValues) => {
            md.push_str("; `ForAllValues`: every request value must match (true when the key is absent or empty)")
        }
        Some(SetQualifier::ForAnyValue) => md.push_str("; `ForAnyValue`: at least one request value must match"),
        None => {}
    }
    md.push('.');
    Some(md)
}

fn key(catalog: &dyn Catalog, text: &str) -> Option<String> {
    let (svc, def) = catalog.find_condition_key(text)?;
    let scope = svc.map_or_else(|| "global key".to_string(), |s| format!("{} key", s.name));
    let mut md = format!("`{}` · {} · {scope}", def.name, def.key_type.as_str());
    if def.key_type.multivalued {
        md.push_str("\n\nMultivalued: use `ForAnyValue:` or `ForAllValues:`.");
    }
    let description = svc.and_then(|s| catalog.key_description(&s.prefix, &def.name)).or_else(|| {
        // Tag keys are described by every service that supports them.
        catalog.services().iter().find_map(|s| catalog.key_description(&s.prefix, &def.name))
    });
    if let Some(d) = description {
        md.push_str(&format!("\n\n{d}"));
    }
    Some(md)
}
