//! `iamplay simulate`: evaluate every action × resource pair of a
//! `simulate-custom-policy` input with the core engine.

mod input;
mod output;
mod text;

pub use input::{ContextEntry, ContextKeyType, InputPolicy, OrgLevel, PolicyText, SimulateInput, Slot};
pub use output::*;
pub use text::{render_result_text, render_text, render_truncated_text};

use crate::error::WireError;
use crate::json::Embedded;
use iam_core::eval::{Explanation, Layer, LayerVerdict};
use iam_core::model::names::is_account_id;
use iam_core::request::derive_principal_keys;
use iam_core::{Caller, CompiledPolicy, Context, ContextValue, LineCol, LineIndex, PolicySet, Request, Span};

/// `RCPFullAWSAccess`: attached by AWS to every root, OU and account once RCPs
/// are enabled, and impossible to detach (RCP-FULLAWSACCESS-DEFAULT).
pub const RCP_FULL_AWS_ACCESS_ID: &str = iam_core::model::names::RCP_FULL_AWS_ACCESS;
const RCP_FULL_AWS_ACCESS: &str = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

/// A policy given in the input, with its source for positions.
#[derive(Debug)]
pub struct SourcePolicy {
    /// `PolicyInputList.1`, `ResourcePolicy`, ...
    pub id: String,
    /// `IAM Policy`, `Resource Policy`, ...
    pub kind: &'static str,
    pub text: String,
    /// For a policy written as a JSON object: where its text starts in the
    /// input, so positions name the spot in the input file.
    pub origin: Option<LineCol>,
}

impl SourcePolicy {
    /// The line and column of a byte offset of `text`, in the input's terms.
    pub fn position(&self, index: &LineIndex<'_>, offset: u32) -> LineCol {
        shift(index.line_col(offset), self.origin)
    }
}

/// A position inside an embedded text, moved to where that text starts.
pub fn shift(pos: LineCol, origin: Option<LineCol>) -> LineCol {
    match origin {
        None => pos,
        Some(o) => LineCol {
            line: o.line.saturating_add(pos.line - 1),
            column: if pos.line == 1 { o.column.saturating_add(pos.column - 1) } else { pos.column },
        },
    }
}

/// A policy that failed to parse or compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyProblem {
    pub source_id: String,
    pub line: u32,
    pub column: u32,
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
}

impl std::fmt::Display for PolicyProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}:{}: {}: {}", self.source_id, self.line, self.column, self.code, self.message)?;
        if let Some(h) = &self.hint {
            write!(f, " (help: {h})")?;
        }
        Ok(())
    }
}

/// Why a simulation could not run.
#[derive(Debug)]
pub enum SimulateError {
    Input(WireError),
    Policies(Vec<PolicyProblem>),
}

impl std::fmt::Display for SimulateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SimulateError::Input(e) => write!(f, "{e}"),
            SimulateError::Policies(ps) => {
                for (i, p) in ps.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{p}")?;
                }
                Ok(())
            }
        }
    }
}

/// A checked, compiled simulation ready to run.
#[derive(Debug)]
pub struct Simulation {
    pub sources: Vec<SourcePolicy>,
    pub set: PolicySet,
    pub caller: Caller,
    pub actions: Vec<String>,
    pub resources: Vec<String>,
    pub resource_owner: Option<String>,
    pub context: Context,
    pub has_scps: bool,
    pub has_boundary: bool,
    pub has_resource_policy: bool,
    caller_given: bool,
    max_items: Option<usize>,
    start: usize,
}

/// One action × resource pair with everything needed to decide it.
pub struct PreparedPair<'a> {
    pub action: &'a str,
    pub resource: &'a str,
    pub account: Option<&'a str>,
    pub context: Context,
    pub required: bool,
}

/// One evaluated pair.
pub struct PairResult<'a> {
    pub action: &'a str,
    pub resource: &'a str,
    pub explanation: Explanation,
    pub cross_account: bool,
}

impl Simulation {
    pub fn from_json(text: &str) -> Result<Self, SimulateError> {
        let input = SimulateInput::from_json(text).map_err(SimulateError::Input)?;
        Self::new(&input)
    }

    pub fn new(input: &SimulateInput) -> Result<Self, SimulateError> {
        let resource_owner = match &input.resource_owner {
            Some(o) => Some(parse_account(o).ok_or_else(|| {
                SimulateError::Input(WireError::at(
                    "ResourceOwner",
                    format!("`{o}` is not an account ID or arn:aws:iam::ACCOUNT:root"),
                ))
            })?),
            None => None,
        };
        let caller = match &input.caller_arn {
            Some(arn) => {
                Caller::parse(arn).map_err(|e| SimulateError::Input(WireError::at("CallerArn", e.to_string())))?
            }
            // Without CallerArn (and so without ResourcePolicy, SIM-IN-CALLERARN) the
            // identity policies are evaluated for an IAM user of the resource owner's
            // account, or of a placeholder account.
            None => {
                let account = resource_owner.as_deref().unwrap_or("123456789012");
                Caller::parse(&format!("arn:aws:iam::{account}:user/simulated-caller"))
                    .map_err(|e| SimulateError::Input(WireError::at("CallerArn", e.to_string())))?
            }
        };
        let mut sources = Vec::new();
        let mut problems = Vec::new();
        let mut compile = |id: String, kind: &'static str, text: String, origin: Option<LineCol>| {
            let compiled = match CompiledPolicy::from_json(id.clone(), &text) {
                Ok(c) => Some(c),
                Err(diags) => {
                    let idx = LineIndex::new(&text);
                    problems.extend(diags.into_iter().map(|d| {
                        let pos = shift(idx.line_col(d.span.start), origin);
                        PolicyProblem {
                            source_id: id.clone(),
                            line: pos.line,
                            column: pos.column,
                            code: d.code.as_str(),
                            message: d.message,
                            hint: d.hint,
                        }
                    }));
                    None
                }
            };
            sources.push(SourcePolicy { id, kind, text, origin });
            compiled
        };
        let levels = input.ordered_organization_policy_input_list.len();
        let has_scps = input
            .ordered_organization_policy_input_list
            .iter()
            .any(|l| !l.service_control_policy_input_list.is_empty());
        let has_rcps = input
            .ordered_organization_policy_input_list
            .iter()
            .any(|l| !l.resource_control_policy_input_list.is_empty());
        let mut scps: Vec<Vec<CompiledPolicy>> = (0..levels).map(|_| Vec::new()).collect();
        let mut rcps: Vec<Vec<CompiledPolicy>> = (0..levels).map(|_| Vec::new()).collect();
        // RCPFullAWSAccess cannot be detached: every level has it (RCP-FULLAWSACCESS-DEFAULT).
        if has_rcps {
            let full = compile(RCP_FULL_AWS_ACCESS_ID.into(), Slot::Rcp(0).kind(), RCP_FULL_AWS_ACCESS.into(), None);
            for level in &mut rcps {
                level.extend(full.clone());
            }
        }
        let mut builder = PolicySet::builder();
        for p in input.policies() {
            let (text, origin) = match input.objects.get(&p.id) {
                Some(Embedded { text, origin }) => (text.clone(), Some(*origin)),
                None => (p.policy.text(), None),
            };
            let Some(c) = compile(p.id, p.slot.kind(), text, origin) else { continue };
            builder = match p.slot {
                Slot::Identity => builder.identity(c),
                Slot::Boundary => builder.boundary(c),
                Slot::Session => builder.session(c),
                Slot::Resource => builder.resource_policy(c),
                Slot::Scp(l) => {
                    if let Some(level) = scps.get_mut(l) {
                        level.push(c);
                    }
                    builder
                }
                Slot::Rcp(l) => {
                    if let Some(level) = rcps.get_mut(l) {
                        level.push(c);
                    }
                    builder
                }
            };
        }
        for (s, r) in scps.into_iter().zip(rcps) {
            if has_scps {
                builder = builder.scp_level(s);
            }
            if has_rcps {
                builder = builder.rcp_level(r);
            }
        }
        if !problems.is_empty() {
            return Err(SimulateError::Policies(problems));
        }
        let context = read_context(&input.context_entries).map_err(SimulateError::Input)?;
        let resources =
            if input.resource_arns.is_empty() { vec!["*".to_string()] } else { input.resource_arns.clone() };
        // `SimulateInput::from_json` checked the marker against the number of pairs.
        let start = input.marker.as_deref().and_then(|m| m.parse::<usize>().ok()).unwrap_or(0);
        Ok(Self {
            sources,
            set: builder.build(),
            caller,
            actions: input.action_names.clone(),
            resources,
            resource_owner,
            context,
            has_scps,
            has_boundary: !input.permissions_boundary_policy_input_list.is_empty(),
            has_resource_policy: input.resource_policy.is_some(),
            caller_given: input.caller_arn.is_some(),
            max_items: input.max_items.map(|m| m as usize),
            start,
        })
    }

    /// The account owning a resource: its ARN's account field, else `ResourceOwner`,
    /// else the caller's account (SimulateCustomPolicy, `ResourceOwner`).
    /// Without `CallerArn` there is no second account: every resource is the caller's.
    pub fn resource_account<'a>(&'a self, resource: &'a str) -> Option<&'a str> {
        if !self.caller_given {
            return None;
        }
        iam_core::arn::Arn::parse(resource)
            .map(|a| a.account)
            .filter(|a| !a.is_empty())
            .or(self.resource_owner.as_deref())
    }

    /// Every action × resource pair, actions first (AWS's order).
    fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.actions.iter().flat_map(|a| self.resources.iter().map(move |r| (a.as_str(), r.as_str())))
    }

    fn prepare<'a>(&'a self, action: &'a str, resource: &'a str) -> PreparedPair<'a> {
        let account = self.resource_account(resource);
        let mut context = self.context.clone();
        derive_principal_keys(&mut context, &self.caller, account);
        let required = self.has_resource_policy && resource_policy_required(action, resource);
        PreparedPair { action, resource, account, context, required }
    }

    fn request<'a>(&'a self, pair: &'a PreparedPair<'_>) -> Request<'a> {
        Request {
            caller: &self.caller,
            action: pair.action,
            resource: pair.resource,
            resource_account: pair.account,
            context: &pair.context,
            resource_policy_required: pair.required,
        }
    }

    /// Every action × resource pair with its request context, ready for
    /// repeated evaluation (benchmarks, batch checks).
    pub fn prepared(&self) -> Vec<PreparedPair<'_>> {
        self.pairs().map(|(action, resource)| self.prepare(action, resource)).collect()
    }

    /// The decision for a prepared pair, on the fast path (no explanation).
    pub fn decide(&self, pair: &PreparedPair<'_>) -> iam_core::Decision {
        self.set.decide(&self.request(pair))
    }

    /// The pairs of this page (`MaxItems` from `Marker`), and the marker of
    /// the next page, if any.
    fn page(&self) -> (usize, usize, Option<usize>) {
        let total = self.actions.len().saturating_mul(self.resources.len());
        let start = self.start.min(total);
        let end = self.max_items.map_or(total, |m| start.saturating_add(m).min(total));
        (start, end, (end < total).then_some(end))
    }

    /// The marker of the page after this one, when `MaxItems` truncated it.
    pub fn next_marker(&self) -> Option<usize> {
        self.page().2
    }

    /// The pairs of this page, each evaluated when the iterator reaches it:
    /// a caller that writes each result out holds one at a time.
    pub fn results(&self) -> impl Iterator<Item = PairResult<'_>> + '_ {
        let (start, end, _) = self.page();
        self.pairs().skip(start).take(end - start).map(|(action, resource)| {
            let pair = self.prepare(action, resource);
            let explanation = self.set.explain(&self.request(&pair));
            let cross_account = pair.account.is_some_and(|a| a != self.caller.account);
            PairResult { action, resource, explanation, cross_account }
        })
    }

    /// [`Simulation::results`] in the AWS response shape, one at a time.
    pub fn evaluation_results(&self) -> impl Iterator<Item = EvaluationResult> + '_ {
        self.results().map(|r| self.evaluation_result(&r))
    }

    /// Evaluates the action × resource pairs of this page (`MaxItems` from
    /// `Marker`); also returns the marker of the next page, if any.
    pub fn run(&self) -> (Vec<PairResult<'_>>, Option<usize>) {
        (self.results().collect(), self.next_marker())
    }

    /// The AWS-shaped response.
    pub fn output(&self) -> SimulateOutput {
        let next = self.next_marker();
        SimulateOutput {
            evaluation_results: self.evaluation_results().collect(),
            is_truncated: next.is_some(),
            marker: next.map(|n| n.to_string()),
        }
    }

    /// Writes [`Simulation::output`] as JSON (pretty as `serde_json` prints it,
    /// or compact), each result written as it is evaluated: memory stays that
    /// of one result however many pairs there are.
    pub fn write_output<W: std::io::Write>(&self, mut w: W, pretty: bool) -> std::io::Result<()> {
        let next = self.next_marker();
        let (open, sep, close) = if pretty {
            ("{\n  \"EvaluationResults\": [", ",", "\n  ]")
        } else {
            ("{\"EvaluationResults\":[", ",", "]")
        };
        w.write_all(open.as_bytes())?;
        let mut any = false;
        for (i, result) in self.evaluation_results().enumerate() {
            any = true;
            if i > 0 {
                w.write_all(sep.as_bytes())?;
            }
            if pretty {
                // Indented two levels: a JSON text has no raw newline inside strings.
                let item = serde_json::to_string_pretty(&result).map_err(std::io::Error::other)?;
                for line in item.lines() {
                    w.write_all(b"\n    ")?;
                    w.write_all(line.as_bytes())?;
                }
            } else {
                serde_json::to_writer(&mut w, &result).map_err(std::io::Error::other)?;
            }
        }
        w.write_all(if any { close } else { "]" }.as_bytes())?;
        let truncated = next.is_some();
        let marker = next.map(|n| serde_json::Value::String(n.to_string()).to_string());
        if pretty {
            write!(w, ",\n  \"IsTruncated\": {truncated}")?;
            if let Some(m) = marker {
                write!(w, ",\n  \"Marker\": {m}")?;
            }
            w.write_all(b"\n}")
        } else {
            write!(w, ",\"IsTruncated\":{truncated}")?;
            if let Some(m) = marker {
                write!(w, ",\"Marker\":{m}")?;
            }
            w.write_all(b"}")
        }
    }

    /// One evaluated pair in the AWS response shape.
    pub fn evaluation_result(&self, r: &PairResult<'_>) -> EvaluationResult {
        let e = &r.explanation;
        // AWS does not surface SCP statements (SIM-SCP-NO-MATCHED); RCPs, our
        // extension, are organization policies too.
        let matched: Vec<MatchedStatement> = e
            .deciding_statements()
            .iter()
            .filter(|s| !matches!(s.layer, Layer::Scp(_) | Layer::Rcp(_)))
            .filter_map(|s| self.matched(s.policy, s.span))
            .collect();
        let allowed_by = |pred: &dyn Fn(Layer) -> bool| {
            e.layers
                .iter()
                .filter(|l| pred(l.layer))
                .all(|l| matches!(l.verdict, LayerVerdict::Allow | LayerVerdict::NotApplicable))
        };
        let organizations_decision_detail = self.has_scps.then(|| OrganizationsDecisionDetail {
            allowed_by_organizations: allowed_by(&|l| matches!(l, Layer::Scp(_))),
        });
        let permissions_boundary_decision_detail = self.has_boundary.then(|| PermissionsBoundaryDecisionDetail {
            allowed_by_permissions_boundary: allowed_by(&|l| l == Layer::Boundary),
        });
        // SIM-OUT-EVALDETAILS: per policy type for cross-account simulations; present
        // but empty within one account for a specific resource; absent for `*` within
        // one account, and absent when an SCP denied (SIM-OUT-EVALDETAILS-SCP-STOP).
        let scp_denied = organizations_decision_detail.as_ref().is_some_and(|o| !o.allowed_by_organizations);
        let eval_decision_details = if scp_denied {
            None
        } else if r.cross_account {
            Some(decision_details(e))
        } else if r.resource != "*" {
            Some(std::collections::BTreeMap::new())
        } else {
            None
        };
        let decision = e.decision.as_aws_str().to_string();
        // SIM-OUT-MISSING-CTX: for a specific resource the missing keys go under
        // ResourceSpecificResults, not at the top.
        let (missing_context_values, resource_specific_results) = if r.resource == "*" {
            (e.missing_context.clone(), Vec::new())
        } else {
            let rsr = ResourceSpecificResult {
                eval_resource_name: r.resource.to_string(),
                eval_resource_decision: decision.clone(),
                matched_statements: matched.clone(),
                missing_context_values: e.missing_context.clone(),
                eval_decision_details: if r.cross_account && !scp_denied { Some(decision_details(e)) } else { None },
                permissions_boundary_decision_detail: self.has_boundary.then(|| PermissionsBoundaryDecisionDetail {
                    allowed_by_permissions_boundary: allowed_by(&|l| l == Layer::Boundary),
                }),
            };
            (Vec::new(), vec![rsr])
        };
        EvaluationResult {
            eval_action_name: r.action.to_string(),
            eval_resource_name: r.resource.to_string(),
            eval_decision: decision,
            matched_statements: matched,
            missing_context_values,
            organizations_decision_detail,
            permissions_boundary_decision_detail,
            eval_decision_details,
            resource_specific_results,
        }
    }

    fn matched(&self, policy: usize, span: Span) -> Option<MatchedStatement> {
        let id = self.set.policies().get(policy)?.id.as_str();
        let src = self.sources.iter().find(|s| s.id == id)?;
        let idx = LineIndex::new(&src.text);
        let (a, b) = (src.position(&idx, span.start), src.position(&idx, span.end));
        Some(MatchedStatement {
            source_policy_id: src.id.clone(),
            source_policy_type: src.kind.to_string(),
            start_position: Position { line: a.line, column: a.column },
            end_position: Position { line: b.line, column: b.column },
        })
    }
}

/// The decision of each policy type that took part (keys are ours: AWS does not
/// document its strings, SIM-OUT-EVALDETAILS-KEYS).
fn decision_details(e: &Explanation) -> std::collections::BTreeMap<String, String> {
    let mut m = std::collections::BTreeMap::new();
    for l in &e.layers {
        let key = match l.layer {
            Layer::Identity => "IAM Policy",
            Layer::Resource => "Resource Policy",
            Layer::Boundary => "Permissions Boundary Policy",
            Layer::Session => "Session Policy",
            _ => continue,
        };
        let d = match l.verdict {
            LayerVerdict::Allow => "allowed",
            LayerVerdict::Deny => "explicitDeny",
            LayerVerdict::NoMatch | LayerVerdict::NotApplicable => "implicitDeny",
        };
        m.insert(key.to_string(), d.to_string());
    }
    m
}

/// KMS key policies and role trust policies must allow even within one account
/// (EVAL-RBP-MANDATORY-TRUST-KMS), so the simulated `ResourcePolicy` is mandatory for them.
pub fn resource_policy_required(action: &str, resource: &str) -> bool {
    let Some(arn) = iam_core::arn::Arn::parse(resource) else {
        return false;
    };
    let action = action.to_ascii_lowercase();
    (arn.service == "kms" && arn.resource.starts_with("key/"))
        || (arn.service == "iam" && arn.resource.starts_with("role/") && action.starts_with("sts:assumerole"))
}

fn parse_account(s: &str) -> Option<String> {
    let s = s.trim();
    if is_account_id(s) {
        return Some(s.to_string());
    }
    let arn = iam_core::arn::Arn::parse(s)?;
    is_account_id(arn.account).then(|| arn.account.to_string())
}

/// Reads `ContextEntries`, checking each value against its declared type.
/// A key given twice (names are case-insensitive, COND-KEY-NAME-CI) is an
/// error rather than one entry silently replacing the other.
pub fn read_context(entries: &[ContextEntry]) -> Result<Context, WireError> {
    let mut ctx = Context::new();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        let path = |j: usize| format!("ContextEntries[{i}].ContextKeyValues[{j}]");
        if e.context_key_name.trim().is_empty() {
            return Err(WireError::at(format!("ContextEntries[{i}].ContextKeyName"), "empty context key name"));
        }
        if let Some(first) = seen.insert(e.context_key_name.to_ascii_lowercase(), i) {
            return Err(WireError::at(
                format!("ContextEntries[{i}].ContextKeyName"),
                format!(
                    "`{}` is already given in ContextEntries[{first}] (context key names are case-insensitive); \
                     give one entry with a list type for several values",
                    e.context_key_name
                ),
            ));
        }
        let ty = e.context_key_type;
        if !ty.is_list() && e.context_key_values.len() > 1 {
            return Err(WireError::at(
                format!("ContextEntries[{i}].ContextKeyValues"),
                format!(
                    "`{}` has type {} but {} values; use a list type ({}List)",
                    e.context_key_name,
                    ty.as_str(),
                    e.context_key_values.len(),
                    ty.as_str()
                ),
            ));
        }
        let mut values = Vec::with_capacity(e.context_key_values.len());
        for (j, v) in e.context_key_values.iter().enumerate() {
            let text = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::Bool(b) => b.to_string(),
                other => return Err(WireError::at(path(j), format!("expected a string, found `{other}`"))),
            };
            if !ty.scalar().accepts(&text) {
                return Err(WireError::at(path(j), format!("`{text}` is not a valid {} value", ty.as_str())));
            }
            values.push(text);
        }
        ctx.insert(&e.context_key_name, ContextValue { values, multi: ty.is_list() });
    }
    Ok(ctx)
}
