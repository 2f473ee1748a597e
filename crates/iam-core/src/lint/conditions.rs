//! Condition keys and operators against the catalog: unknown keys, keys no
//! action of the statement supports, operators of the wrong type, set
//! qualifiers on the wrong kind of key, MFA checks that can be slipped past.

use super::Lint;
use super::facts::{Resolved, StatementFacts};
use super::placeholders::has_placeholder;
use super::suggest;
use crate::catalog::{Catalog, ConditionKeyDef, KeyType, ScalarType, ServiceDef};
use crate::condition::{Family, Operator, SetQualifier};
use crate::diag::Diagnostic;
use crate::lint::Code;
use crate::policy::Condition;
use rustc_hash::FxHashMap;

pub(crate) fn check(lint: &mut Lint<'_, '_>) {
    let catalog = lint.catalog;
    let mut found = Vec::new();
    let mut service_wide = ServiceWideKeys::default();
    for facts in &lint.statements {
        for cond in &facts.statement.conditions {
            let key = cond.key.value.as_str();
            if has_placeholder(key) {
                continue;
            }
            let operator = Operator::parse(&cond.operator.value).ok();
            let (def, global) = match lookup(catalog, key) {
                Lookup::Found(service, def) => (Some(def), service.is_none()),
                Lookup::IdentityProvider => (None, false),
                Lookup::Unknown => {
                    found.push(unknown_key(catalog, cond));
                    (None, false)
                }
            };
            // Global keys (`aws:SourceIp`, `ec2:SourceInstanceArn`) go with every action.
            if let (Some(def), false) = (def, global || key.to_ascii_lowercase().starts_with("aws:")) {
                not_applicable(catalog, facts, cond, def, operator, &mut service_wide, &mut found);
            }
            if let (Some(def), Some(op)) = (def, operator) {
                type_mismatch(cond, def, op, &mut found);
                set_qualifier(cond, def, op, &mut found);
            }
            if let Some(op) = operator {
                mfa(facts, cond, op, &mut found);
            }
        }
    }
    lint.findings.extend(found);
}

enum Lookup<'c> {
    /// The key and the service that documents it (`None`: a global key).
    Found(Option<&'c ServiceDef>, &'c ConditionKeyDef),
    /// A key of a web identity or SAML provider (`accounts.google.com:aud`,
    /// `token.actions.githubusercontent.com:sub`): any OIDC provider may be configured.
    IdentityProvider,
    Unknown,
}

fn lookup<'c>(catalog: &'c dyn Catalog, key: &str) -> Lookup<'c> {
    let Some((prefix, _)) = key.split_once(':') else { return Lookup::Unknown };
    match catalog.find_condition_key(key) {
        Some((service, def)) => Lookup::Found(service, def),
        None if prefix.contains(['.', '/']) || prefix.eq_ignore_ascii_case("saml") => Lookup::IdentityProvider,
        None => Lookup::Unknown,
    }
}

fn unknown_key(catalog: &dyn Catalog, cond: &Condition) -> Diagnostic {
    let key = cond.key.value.as_str();
    let prefix = key.split_once(':').map_or("", |(p, _)| p);
    let d = Diagnostic::new(
        Code::UnknownConditionKey,
        cond.key.span,
        format!("`{key}` is not a documented condition key: requests never carry it, so the condition never matches"),
    );
    let candidates: Box<dyn Iterator<Item = &ConditionKeyDef>> = if prefix.eq_ignore_ascii_case("aws") {
        Box::new(catalog.global_keys().iter())
    } else {
        match catalog.service(prefix) {
            Some(s) => Box::new(s.condition_keys.iter()),
            None => Box::new(std::iter::empty()),
        }
    };
    match suggest::key(candidates, key) {
        Some(k) => d.with_hint(format!("did you mean `{}`?", k.name)),
        None if key.split_once(':').is_none() => {
            d.with_hint("condition keys look like `service:KeyName`, such as `aws:SourceIp`")
        }
        None => d.with_hint("check the key in the Service Authorization Reference"),
    }
}

/// Keys a service documents but never ties to an action apply service-wide.
#[derive(Default)]
struct ServiceWideKeys {
    cache: FxHashMap<(usize, usize), bool>,
}

impl ServiceWideKeys {
    fn is_service_wide(&mut self, svc: &ServiceDef, key: &ConditionKeyDef) -> bool {
        let id = (std::ptr::from_ref(svc) as usize, std::ptr::from_ref(key) as usize);
        *self
            .cache
            .entry(id)
            .or_insert_with(|| !svc.actions.iter().any(|a| svc.keys_of(a).any(|k| std::ptr::eq(k, key))))
    }
}

fn not_applicable(
    catalog: &dyn Catalog,
    facts: &StatementFacts<'_, '_>,
    cond: &Condition,
    def: &ConditionKeyDef,
    operator: Option<Operator>,
    service_wide: &mut ServiceWideKeys,
    found: &mut Vec<Diagnostic>,
) {
    if !facts.actions_fully_known() {
        return;
    }
    let key = cond.key.value.as_str();
    let mut supports = |(svc, a): crate::catalog::ActionRef<'_>| {
        svc.keys_of(a).any(|k| k.matches(key))
            || svc.find_key(key).is_some_and(|k| service_wide.is_service_wide(svc, k))
    };
    if facts.matched().any(&mut supports) {
        // Some actions carry the key. In an `Allow`, a condition that needs the key
        // (positive operator, no `IfExists`) is never true for the others, so the
        // statement silently does not allow them. Wildcards name a set on purpose.
        let needs_key = operator.is_some_and(|op| {
            !op.negated && !op.if_exists && op.family != Family::Null && op.set != Some(SetQualifier::ForAllValues)
        });
        if !facts.is_allow() || !needs_key {
            return;
        }
        let lacking: Vec<&str> = facts
            .actions
            .iter()
            .filter(|item| matches!(item.resolved, Resolved::Known(r) if !supports(r)))
            .map(|item| item.text)
            .collect();
        if !lacking.is_empty() {
            found.push(
                Diagnostic::new(
                    Code::ConditionKeyNotApplicable,
                    cond.key.span,
                    format!(
                        "requests for {} never carry `{key}`: this condition is never true for them, so the statement does not allow them",
                        super::text::list(lacking, 3)
                    ),
                )
                .with_hint(format!("move them to a statement without this condition, or write `{}IfExists`", cond.operator.value)),
            );
        }
        return;
    }
    let mut supporting: Vec<String> = Vec::new();
    let prefix = key.split_once(':').map_or("", |(p, _)| p);
    if let Some(svc) = catalog.service(prefix) {
        for a in &svc.actions {
            if svc.keys_of(a).any(|k| std::ptr::eq(k, def) || k.matches(key)) {
                supporting.push(format!("{}:{}", svc.prefix, a.name));
            }
        }
    }
    let names: Vec<&str> = facts.actions.iter().map(|a| a.text).collect();
    let d = Diagnostic::new(
        Code::ConditionKeyNotApplicable,
        cond.key.span,
        format!("`{key}` is not a condition key of {}: requests for them never carry it", super::text::list(names, 3)),
    );
    found.push(if supporting.is_empty() {
        d.with_hint("remove the condition, or use a key the actions support")
    } else {
        d.with_hint(format!("the key applies to {}", super::text::list(supporting, 3)))
    });
}

/// The operator family that reads values of a key type.
fn family_for(t: KeyType) -> &'static str {
    match t.scalar {
        ScalarType::String => "StringEquals/StringLike",
        ScalarType::Arn => "ArnEquals/ArnLike",
        ScalarType::Bool => "Bool",
        ScalarType::Numeric => "NumericEquals/NumericLessThan/...",
        ScalarType::Date => "DateEquals/DateLessThan/...",
        ScalarType::IpAddress => "IpAddress/NotIpAddress",
        ScalarType::Binary => "BinaryEquals",
    }
}

fn type_mismatch(cond: &Condition, def: &ConditionKeyDef, op: Operator, found: &mut Vec<Diagnostic>) {
    let scalar = def.key_type.scalar;
    // aws:EpochTime is documented for both date and numeric operators.
    let epoch = def.name.eq_ignore_ascii_case("aws:EpochTime");
    let fits = match op.family {
        Family::Null => true,
        Family::String | Family::StringIgnoreCase | Family::StringLike => {
            matches!(scalar, ScalarType::String | ScalarType::Arn | ScalarType::Bool)
        }
        Family::Numeric => scalar == ScalarType::Numeric || epoch,
        Family::Date => scalar == ScalarType::Date,
        Family::Bool => scalar == ScalarType::Bool,
        Family::Ip => scalar == ScalarType::IpAddress,
        // ARN operators read ARNs kept in string-typed keys too.
        Family::Arn => matches!(scalar, ScalarType::Arn | ScalarType::String),
        Family::Binary => matches!(scalar, ScalarType::Binary | ScalarType::String),
    };
    if fits {
        return;
    }
    found.push(
        Diagnostic::new(
            Code::ConditionTypeMismatch,
            cond.operator.span,
            format!(
                "`{}` compares {} values, but `{}` is of type {}",
                cond.operator.value,
                family_noun(op.family),
                cond.key.value,
                def.key_type.as_str()
            ),
        )
        .with_hint(format!("use a {} operator", family_for(def.key_type))),
    );
}

fn family_noun(f: Family) -> &'static str {
    match f {
        Family::String | Family::StringIgnoreCase | Family::StringLike => "string",
        Family::Numeric => "numeric",
        Family::Date => "date",
        Family::Bool => "Boolean",
        Family::Binary => "binary",
        Family::Ip => "IP address",
        Family::Arn => "ARN",
        Family::Null => "presence",
    }
}

fn set_qualifier(cond: &Condition, def: &ConditionKeyDef, op: Operator, found: &mut Vec<Diagnostic>) {
    let key = cond.key.value.as_str();
    let span = cond.operator.span;
    match (op.set, def.key_type.multivalued) {
        (Some(SetQualifier::ForAllValues), false) => found.push(
            Diagnostic::new(
                Code::ForAllValuesSingleValued,
                span,
                format!(
                    "`ForAllValues` on the single-valued key `{key}`: it is also true when the request lacks the key"
                ),
            )
            .with_hint(format!("drop the qualifier: write `{}`", op_without_qualifier(&cond.operator.value))),
        ),
        (Some(SetQualifier::ForAnyValue), false) => found.push(
            Diagnostic::new(
                Code::ForAnyValueSingleValued,
                span,
                format!("`ForAnyValue` on the single-valued key `{key}` adds nothing"),
            )
            .with_hint(format!("write `{}`", op_without_qualifier(&cond.operator.value))),
        ),
        (None, true) if op.family != Family::Null => found.push(
            Diagnostic::new(
                Code::MissingSetQualifier,
                span,
                format!(
                    "`{key}` can have several values in a request; `{}` without a set qualifier is ambiguous",
                    cond.operator.value
                ),
            )
            .with_hint(format!(
                "write `ForAnyValue:{0}` (any value matches) or `ForAllValues:{0}` (every value matches)",
                cond.operator.value
            )),
        ),
        _ => {}
    }
}

fn op_without_qualifier(op: &str) -> &str {
    op.split_once(':').map_or(op, |(_, rest)| rest)
}

/// `aws:MultiFactorAuthPresent` is absent (not `false`) for long-term access
/// keys: `{"Bool": {"aws:MultiFactorAuthPresent": "false"}}` in a `Deny` never
/// denies them, and `{"Null": {...: "false"}}` in an `Allow` only checks
/// presence (IAM User Guide, "Condition with MFA").
fn mfa(facts: &StatementFacts<'_, '_>, cond: &Condition, op: Operator, found: &mut Vec<Diagnostic>) {
    if !cond.key.value.eq_ignore_ascii_case("aws:MultiFactorAuthPresent") || op.set.is_some() {
        return;
    }
    let says_false = cond.values.iter().any(|v| v.value.eq_ignore_ascii_case("false"));
    let problem = match op.family {
        Family::Bool if says_false && !op.if_exists => Some((
            "`Bool` with `aws:MultiFactorAuthPresent` `false` does not match requests signed with long-term access keys, which lack the key",
            "in a `Deny`, use `BoolIfExists` with `false`; in an `Allow`, require `true`",
        )),
        Family::Null if says_false && facts.is_allow() => Some((
            "`Null` `false` on `aws:MultiFactorAuthPresent` only checks that the key is present, not that MFA was used",
            "use `{\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}}`",
        )),
        _ => None,
    };
    if let Some((message, hint)) = problem {
        found.push(Diagnostic::new(Code::MfaCheckBypassable, cond.span, message).with_hint(hint));
    }
}
