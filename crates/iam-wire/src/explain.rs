//! Explanations for people (text) and machines (JSON), shared by every
//! command that decides something, and by the web app: every word said about
//! a decision (layer names, reasons, exemptions, verdicts) lives here; the
//! core returns only data.

use iam_core::condition::CondFailure;
use iam_core::eval::{Exemption, Explanation, LayerNote, LayerReport, LayerVerdict, StatementOutcome, StatementTrace};
use iam_core::model::{AccountId, AssertionOutcome, Model, NodeKind, PrincipalRef};
use iam_core::{CallerKind, CompiledPolicy, Decision, Layer, LineCol, LineIndex, Reason};
use serde_json::{Value, json};
use std::fmt::Write;

/// What the renderer needs to know about policy `i` of an explanation.
pub struct PolicyView<'a> {
    pub label: &'a str,
    pub source: &'a str,
    /// Where `source` starts in the file the user wrote, when it is embedded
    /// there (a policy written as a JSON object in a simulate input): positions
    /// are then given in that file.
    pub origin: Option<LineCol>,
    pub compiled: &'a CompiledPolicy,
}

impl PolicyView<'_> {
    fn position(&self, index: &LineIndex<'_>, offset: u32) -> LineCol {
        crate::simulate::shift(index.line_col(offset), self.origin)
    }
}

pub type Lookup<'a> = &'a dyn Fn(usize) -> Option<PolicyView<'a>>;

pub fn verdict_text(d: Decision) -> &'static str {
    match d {
        Decision::Allow => "ALLOWED",
        Decision::ExplicitDeny => "DENIED (explicit deny)",
        Decision::ImplicitDeny => "DENIED (implicit deny)",
    }
}

/// A layer's name, organization levels by number from the root (0).
pub fn layer_label(layer: Layer) -> String {
    match layer {
        Layer::Rcp(l) => format!("RCPs (level {l})"),
        Layer::Scp(l) => format!("SCPs (level {l})"),
        Layer::Resource => "resource-based policy".into(),
        Layer::Identity => "identity-based policies".into(),
        Layer::Boundary => "permissions boundary".into(),
        Layer::Session => "session policy".into(),
    }
}

/// Why the decision came out as it did, organization levels by number.
pub fn reason_text(reason: Reason) -> String {
    match reason {
        Reason::RcpNoAllow { level } => format!("no resource control policy at level {level} allows the request"),
        Reason::ScpNoAllow { level } => format!("no service control policy at level {level} allows the request"),
        other => fixed_reason(other).to_string(),
    }
}

/// The wording of reasons that name no organization level.
fn fixed_reason(reason: Reason) -> &'static str {
    match reason {
        Reason::ExplicitDeny => "an explicit Deny statement applies; a deny always wins",
        Reason::RcpNoAllow { .. } => "no resource control policy allows the request",
        Reason::ScpNoAllow { .. } => "no service control policy allows the request",
        Reason::ResourcePolicyRequired => {
            "the resource's own policy (key policy or trust policy) must allow the request, and it does not"
        }
        Reason::NoResourcePolicyAllow => "the resource-based policy does not allow this principal",
        Reason::NoIdentityAllow => "no identity-based policy allows the request",
        Reason::BoundaryNoAllow => "the permissions boundary does not allow the request",
        Reason::SessionNoAllow => "the session policy does not allow the request",
        Reason::AllowedByResourcePolicy => "the resource-based policy grants the request to this principal",
        Reason::AllowedByIdentity => "an identity-based policy allows it and nothing limits it",
        Reason::AllowedAsRootUser => "the account root user has full access to its own account",
        Reason::RootCannotAssumeRole => {
            "the account root user cannot assume roles; AWS STS refuses root user credentials"
        }
        Reason::NotCrossAccountOperation => {
            "AWS KMS does not allow this operation on a KMS key of another account, whatever the policies say; \
             only cryptographic operations, DescribeKey, GetPublicKey and the grant operations work across accounts"
        }
    }
}

/// The line that says which policies must allow a request, by who makes it:
/// anonymous callers and AWS service principals have no policies of their
/// own, so a resource-based policy alone must allow them; an IAM principal of
/// another account needs both sides (XACCT-BOTH-ALLOW). None for a request
/// within one account by an IAM principal.
pub fn request_scope_text(caller: CallerKind, cross_account: bool) -> Option<&'static str> {
    match caller {
        CallerKind::Anonymous => {
            Some("anonymous request: only a resource-based policy can allow it (anonymous callers have no policies)")
        }
        CallerKind::Service => Some(
            "request by an AWS service principal: only a resource-based policy can allow it \
             (service principals have no identity-based policies)",
        ),
        _ if cross_account => {
            Some("cross-account request: both the resource policy and the caller's policies must allow")
        }
        _ => None,
    }
}

/// Why a layer does not apply: the exemption that did.
pub fn note_text(note: LayerNote) -> &'static str {
    match note {
        LayerNote::ScpExempt(e) => match e {
            Exemption::ManagementAccount => "SCPs do not apply: the principal belongs to the management account",
            Exemption::ServiceLinkedRole => "SCPs do not apply to service-linked roles",
            _ => "SCPs do not apply: the caller is not an IAM principal of an account",
        },
        LayerNote::RcpExempt(e) => match e {
            Exemption::ManagementAccount => "RCPs do not apply: the resource belongs to the management account",
            Exemption::ServiceLinkedRole => "RCPs do not apply to service-linked roles",
            Exemption::AwsManagedKmsKey => "RCPs do not apply to AWS managed KMS keys",
            _ => "RCPs do not apply: RCPs do not cover this service or action",
        },
        LayerNote::NoIdentity(CallerKind::Service) => {
            "an AWS service principal has no identity-based policies: only a resource-based policy can allow it"
        }
        LayerNote::NoIdentity(_) => {
            "an anonymous caller has no identity-based policies: only a resource-based policy can allow it"
        }
    }
}

/// The name of the organization level `layer` sits at, for a request by
/// `principal` on a resource of `resource_account`: `the root`, `OU HR`,
/// `account shop`. None for other layers or unknown levels.
pub fn org_level(
    model: &Model,
    layer: Layer,
    principal: &PrincipalRef,
    resource_account: Option<&str>,
) -> Option<String> {
    let (acct, level): (Option<AccountId>, u8) = match layer {
        Layer::Scp(l) => (principal.account(), l),
        Layer::Rcp(l) => (resource_account.and_then(|a| model.account_by_id(a)), l),
        _ => return None,
    };
    let org = model.org.as_ref()?;
    let node = model.accounts.get(acct?)?.node?;
    let n = org.path_to(node).get(usize::from(level)).and_then(|n| org.nodes.get(*n))?;
    Some(match n.kind {
        NodeKind::Root => "the root".to_string(),
        NodeKind::Ou => format!("OU {}", n.name),
        NodeKind::Account(_) => format!("account {}", n.name),
    })
}

/// A layer's name in a scenario: `SCPs at OU HR and Legal`.
pub fn layer_title(model: &Model, layer: Layer, principal: &PrincipalRef, resource_account: Option<&str>) -> String {
    let at = |l: u8| org_level(model, layer, principal, resource_account).unwrap_or_else(|| format!("level {l}"));
    match layer {
        Layer::Scp(l) => format!("SCPs at {}", at(l)),
        Layer::Rcp(l) => format!("RCPs at {}", at(l)),
        other => layer_label(other),
    }
}

/// [`reason_text`] in a scenario, naming organization levels.
pub fn scenario_reason_text(
    model: &Model,
    reason: Reason,
    principal: &PrincipalRef,
    resource_account: Option<&str>,
) -> String {
    let at = |layer: Layer, l: u8| {
        org_level(model, layer, principal, resource_account).unwrap_or_else(|| format!("level {l}"))
    };
    match reason {
        Reason::ScpNoAllow { level } => {
            format!("{}: nothing allows it at {}", fixed_reason(reason), at(Layer::Scp(level), level))
        }
        Reason::RcpNoAllow { level } => {
            format!("{}: nothing allows it at {}", fixed_reason(reason), at(Layer::Rcp(level), level))
        }
        other => reason_text(other),
    }
}

/// The kind of policy a layer holds, as a noun: `SCP`, `identity-based policy`.
pub fn layer_policy_noun(layer: Layer) -> &'static str {
    match layer {
        Layer::Rcp(_) => "RCP",
        Layer::Scp(_) => "SCP",
        Layer::Resource => "resource-based policy",
        Layer::Identity => "identity-based policy",
        Layer::Boundary => "permissions boundary",
        Layer::Session => "session policy",
    }
}

/// The statement that decided, in one line: `denied by SCP DenyEC2 at OU
/// Sandbox, line 6`, `allowed by identity-based policy ReadReceipts (statement
/// "ReadReceipts"), line 10`. `policy` is the policy's own name; the
/// statement id is given when it differs from it. None for an implicit deny
/// (no statement decided it; [`scenario_reason_text`] says which layer lacked an Allow).
#[allow(clippy::too_many_arguments, reason = "each part of the sentence is one argument")]
pub fn decided_by_text(
    model: &Model,
    decision: Decision,
    layer: Layer,
    principal: &PrincipalRef,
    resource_account: Option<&str>,
    policy: &str,
    sid: Option<&str>,
    line: u32,
) -> Option<String> {
    let verb = match decision {
        Decision::Allow => "allowed by",
        Decision::ExplicitDeny => "denied by",
        Decision::ImplicitDeny => return None,
    };
    let at = org_level(model, layer, principal, resource_account).map(|l| format!(" at {l}")).unwrap_or_default();
    let statement =
        sid.filter(|s| !s.is_empty() && *s != policy).map(|s| format!(" (statement \"{s}\")")).unwrap_or_default();
    Some(format!("{verb} {} {policy}{at}{statement}, line {line}", layer_policy_noun(layer)))
}

/// An assertion's outcome in one line: what happened and, for a `can`
/// assertion, why and what was expected.
pub fn assertion_summary(o: &AssertionOutcome) -> String {
    match &o.can {
        Some((reason, expect)) => format!("{} ({}); expected {}", o.summary, reason_text(*reason), expect.as_str()),
        None => o.summary.clone(),
    }
}

/// A layer's verdict in a line of text.
pub fn verdict_word(v: LayerVerdict) -> &'static str {
    match v {
        LayerVerdict::Allow => "allows",
        LayerVerdict::Deny => "DENIES",
        LayerVerdict::NoMatch => "no matching statement",
        LayerVerdict::NotApplicable => "does not apply",
    }
}

/// A layer's verdict in a line of text, saying "none" for the policies an
/// anonymous caller or a service principal does not have.
pub fn layer_verdict_text(report: &LayerReport) -> &'static str {
    match (report.verdict, report.note) {
        (LayerVerdict::NotApplicable, Some(LayerNote::NoIdentity(_))) => "none for this caller",
        (v, _) => verdict_word(v),
    }
}

/// The layers and statements, indented, after a first line the caller writes;
/// the caller names the layers (organization levels by name or number).
pub fn render_body_titled(
    e: &Explanation,
    lookup: Lookup<'_>,
    title: &dyn Fn(iam_core::Layer) -> String,
    out: &mut String,
) {
    render_body_with(e, lookup, title, &reason_text(e.reason), out);
}

/// As [`render_body_titled`], with the caller's wording of the reason.
pub fn render_body_with(
    e: &Explanation,
    lookup: Lookup<'_>,
    title: &dyn Fn(iam_core::Layer) -> String,
    why: &str,
    out: &mut String,
) {
    let _ = writeln!(out, "  why: {why}");
    for layer in &e.layers {
        let _ = writeln!(out, "  {:<28} {}", title(layer.layer), layer_verdict_text(layer));
        if let Some(note) = layer.note {
            let _ = writeln!(out, "      ({})", note_text(note));
        }
        for st in e.statements.iter().filter(|s| s.layer == layer.layer) {
            let Some(view) = lookup(st.policy) else { continue };
            let pos = view.position(&LineIndex::new(view.source), st.span.start);
            let sid = st.sid.as_deref().map(|s| format!(" \"{s}\"")).unwrap_or_default();
            let (mark, what) = describe(st, view.compiled);
            let _ = writeln!(
                out,
                "    {mark} {} statement {}{sid} ({}) at {pos}: {what}",
                view.label,
                st.statement + 1,
                st.effect.as_str()
            );
        }
    }
    if !e.skipped_statements.is_empty() {
        let _ = writeln!(out, "  skipped statements (they have errors): {}", e.skipped_statements.len());
    }
    if !e.missing_context.is_empty() {
        let _ = writeln!(out, "  missing context keys: {}", e.missing_context.join(", "));
    }
}

/// A statement's outcome: a mark and the words for it.
pub fn describe(st: &StatementTrace, compiled: &CompiledPolicy) -> (&'static str, String) {
    match &st.outcome {
        StatementOutcome::Applied if st.true_by_absence.is_empty() => ("+", "applies".into()),
        StatementOutcome::Applied => ("+", format!("applies ({})", absent_keys(st, compiled))),
        StatementOutcome::ResourceMismatch => ("-", "resource does not match".into()),
        StatementOutcome::ResourceVariableMissing(k) => {
            ("-", format!("resource uses `${{{k}}}`, which the request lacks"))
        }
        StatementOutcome::PrincipalMismatch => ("-", "principal does not match the caller".into()),
        StatementOutcome::ConditionFailed(fails) => {
            ("-", format!("condition failed: {}", condition_failures(st, compiled, fails)))
        }
    }
}

/// "`StringNotEquals `aws:SourceVpc``: true because the key is absent"
fn absent_keys(st: &StatementTrace, compiled: &CompiledPolicy) -> String {
    let stmt = compiled.statements.iter().find(|s| s.index == st.statement);
    st.true_by_absence
        .iter()
        .filter_map(|ci| stmt.and_then(|s| s.conditions.get(*ci)))
        .map(|c| format!("{} `{}`: true because the key is absent", c.operator_text, c.key))
        .collect::<Vec<_>>()
        .join("; ")
}

/// "`Bool aws:MultiFactorAuthPresent`: key missing from the request; ..."
pub fn condition_failures(st: &StatementTrace, compiled: &CompiledPolicy, fails: &[(usize, CondFailure)]) -> String {
    let stmt = compiled.statements.iter().find(|s| s.index == st.statement);
    fails
        .iter()
        .map(|(ci, why)| {
            let cond = stmt.and_then(|s| s.conditions.get(*ci));
            let name = cond.map(|c| format!("{} `{}`", c.operator_text, c.key)).unwrap_or_default();
            let why = match why {
                CondFailure::UnknownOperator => "unknown operator, never true".to_string(),
                CondFailure::KeyMissing => "key missing from the request".to_string(),
                CondFailure::NoMatch { request_values } => {
                    let want = cond.map(|c| c.value_texts.join(", ")).unwrap_or_default();
                    format!("request has [{}], policy wants [{want}]", request_values.join(", "))
                }
                CondFailure::VariableMissing { variable } => format!("variable `${{{variable}}}` has no value"),
            };
            format!("{name}: {why}")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The explanation as JSON (for `iamplay can --format json`).
pub fn explanation_json(e: &Explanation, lookup: Lookup<'_>) -> Value {
    let layers: Vec<Value> = e
        .layers
        .iter()
        .map(|l| {
            json!({
                "layer": layer_label(l.layer),
                "verdict": match l.verdict {
                    LayerVerdict::Allow => "allow",
                    LayerVerdict::Deny => "deny",
                    LayerVerdict::NoMatch => "no-match",
                    LayerVerdict::NotApplicable => "not-applicable",
                },
                "note": l.note.map(note_text),
            })
        })
        .collect();
    let statements: Vec<Value> = e
        .statements
        .iter()
        .filter_map(|st| {
            let view = lookup(st.policy)?;
            let idx = LineIndex::new(view.source);
            let (a, b) = (view.position(&idx, st.span.start), view.position(&idx, st.span.end));
            let (_, detail) = describe(st, view.compiled);
            Some(json!({
                "policy": view.label,
                "layer": layer_label(st.layer),
                "statement": st.statement + 1,
                "sid": st.sid,
                "effect": st.effect.as_str(),
                "applied": st.outcome == StatementOutcome::Applied,
                "detail": detail,
                "start": {"line": a.line, "column": a.column},
                "end": {"line": b.line, "column": b.column},
            }))
        })
        .collect();
    json!({
        "decision": e.decision.as_aws_str(),
        "reason": reason_text(e.reason),
        "layers": layers,
        "statements": statements,
        "missingContextValues": e.missing_context,
        "skippedStatements": e.skipped_statements.len(),
    })
}

/// What the model assumed about a request, in words.
pub fn request_note_text(note: &iam_core::model::RequestNote) -> String {
    use iam_core::model::RequestNote;
    match note {
        RequestNote::UnknownOwner { bucket } => format!(
            "bucket `{bucket}` is not in the scenario and S3 ARNs name no account, so its owner is unknown: \
             decided as a bucket of an account outside the scenario (declare it under its account's resources)"
        ),
        RequestNote::Derived { key, value } => format!("{key}={value} derived from the resource ARN"),
    }
}
