//! `iamplay simulate`: evaluate every action × resource pair of a
//! `simulate-custom-policy` input with the core engine.

mod input;
mod output;
mod text;

pub use input::{ContextEntry, ContextKeyType, OrgLevel, PolicyText, SimulateInput};
pub use output::*;
pub use text::render_text;

use crate::error::WireError;
use iam_core::condition::{IpNet, parse_date, parse_number};
use iam_core::eval::{Explanation, Layer, LayerVerdict};
use iam_core::request::derive_principal_keys;
use iam_core::{Caller, CompiledPolicy, Context, ContextValue, LineIndex, PolicySet, Request, Span};

/// A policy given in the input, with its source for positions.
#[derive(Debug)]
pub struct SourcePolicy {
    /// `PolicyInputList.1`, `ResourcePolicy`, ...
    pub id: String,
    /// `IAM Policy`, `Resource Policy`, ...
    pub kind: &'static str,
    pub text: String,
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
        let caller = match &input.caller_arn {
            Some(arn) => Caller::parse(arn).map_err(|e| SimulateError::Input(WireError::at("CallerArn", e.0)))?,
            None => default_caller(input)?,
        };
        let resource_owner = match &input.resource_owner {
            Some(o) => Some(parse_account(o).ok_or_else(|| {
                SimulateError::Input(WireError::at(
                    "ResourceOwner",
                    format!("`{o}` is not an account ID or arn:aws:iam::ACCOUNT:root"),
                ))
            })?),
            None => None,
        };
        let mut sources = Vec::new();
        let mut problems = Vec::new();
        let mut compile = |id: String, kind: &'static str, p: &PolicyText, sources: &mut Vec<SourcePolicy>| {
            let text = p.text();
            let compiled = match CompiledPolicy::from_json(id.clone(), &text) {
                Ok(c) => Some(c),
                Err(diags) => {
                    let idx = LineIndex::new(&text);
                    problems.extend(diags.into_iter().map(|d| {
                        let pos = idx.line_col(d.span.start);
                        PolicyProblem {
                            source_id: id.clone(),
                            line: pos.line,
                            column: pos.column,
                            code: d.code,
                            message: d.message,
                            hint: d.hint,
                        }
                    }));
                    None
                }
            };
            sources.push(SourcePolicy { id, kind, text });
            compiled
        };
        let mut builder = PolicySet::builder();
        for (i, p) in input.policy_input_list.iter().enumerate() {
            if let Some(c) = compile(format!("PolicyInputList.{}", i + 1), "IAM Policy", p, &mut sources) {
                builder = builder.identity(c);
            }
        }
        for (i, p) in input.permissions_boundary_policy_input_list.iter().enumerate() {
            if let Some(c) = compile(
                format!("PermissionsBoundaryPolicyInputList.{}", i + 1),
                "Permissions Boundary Policy",
                p,
                &mut sources,
            ) {
                builder = builder.boundary(c);
            }
        }
        for (i, p) in input.session_policy_input_list.iter().enumerate() {
            if let Some(c) = compile(format!("SessionPolicyInputList.{}", i + 1), "Session Policy", p, &mut sources) {
                builder = builder.session(c);
            }
        }
        if let Some(p) = &input.resource_policy
            && let Some(c) = compile("ResourcePolicy".into(), "Resource Policy", p, &mut sources)
        {
            builder = builder.resource_policy(c);
        }
        let levels = &input.ordered_organization_policy_input_list;
        let has_scps = levels.iter().any(|l| !l.service_control_policy_input_list.is_empty());
        let has_rcps = levels.iter().any(|l| !l.resource_control_policy_input_list.is_empty());
        for (li, level) in levels.iter().enumerate() {
            let mut scps = Vec::new();
            let mut rcps = Vec::new();
            for (i, p) in level.service_control_policy_input_list.iter().enumerate() {
                let id =
                    format!("OrderedOrganizationPolicyInputList.{}.ServiceControlPolicyInputList.{}", li + 1, i + 1);
                scps.extend(compile(id, "Service Control Policy", p, &mut sources));
            }
            for (i, p) in level.resource_control_policy_input_list.iter().enumerate() {
                let id =
                    format!("OrderedOrganizationPolicyInputList.{}.ResourceControlPolicyInputList.{}", li + 1, i + 1);
                rcps.extend(compile(id, "Resource Control Policy", p, &mut sources));
            }
            if has_scps {
                builder = builder.scp_level(scps);
            }
            if has_rcps {
                builder = builder.rcp_level(rcps);
            }
        }
        if !problems.is_empty() {
            return Err(SimulateError::Policies(problems));
        }
        let context = read_context(&input.context_entries).map_err(SimulateError::Input)?;
        let resources =
            if input.resource_arns.is_empty() { vec!["*".to_string()] } else { input.resource_arns.clone() };
        let start = match &input.marker {
            Some(m) => m
                .parse::<usize>()
                .map_err(|_| SimulateError::Input(WireError::at("Marker", "not a marker returned by this tool")))?,
            None => 0,
        };
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

    /// Every action × resource pair with its request context, ready for
    /// repeated evaluation (benchmarks, batch checks).
    pub fn prepared(&self) -> Vec<PreparedPair<'_>> {
        self.actions
            .iter()
            .flat_map(|a| self.resources.iter().map(move |r| (a.as_str(), r.as_str())))
            .map(|(action, resource)| {
                let account = self.resource_account(resource);
                let mut context = self.context.clone();
                derive_principal_keys(&mut context, &self.caller, account);
                let required = self.has_resource_policy && resource_policy_required(action, resource);
                PreparedPair { action, resource, account, context, required }
            })
            .collect()
    }

    /// The decision for a prepared pair, on the fast path (no explanation).
    pub fn decide(&self, pair: &PreparedPair<'_>) -> iam_core::Decision {
        self.set.decide(&Request {
            caller: &self.caller,
            action: pair.action,
            resource: pair.resource,
            resource_account: pair.account,
            context: &pair.context,
            resource_policy_required: pair.required,
        })
    }

    /// Evaluates every action × resource pair (honouring `MaxItems`/`Marker`).
    pub fn run(&self) -> (Vec<PairResult<'_>>, Option<usize>) {
        let pairs: Vec<(&str, &str)> =
            self.actions.iter().flat_map(|a| self.resources.iter().map(move |r| (a.as_str(), r.as_str()))).collect();
        let end = self.max_items.map_or(pairs.len(), |m| (self.start + m).min(pairs.len()));
        let next = (end < pairs.len()).then_some(end);
        let results = pairs
            .get(self.start.min(pairs.len())..end)
            .unwrap_or(&[])
            .iter()
            .map(|&(action, resource)| {
                let account = self.resource_account(resource);
                let mut ctx = self.context.clone();
                derive_principal_keys(&mut ctx, &self.caller, account);
                let req = Request {
                    caller: &self.caller,
                    action,
                    resource,
                    resource_account: account,
                    context: &ctx,
                    resource_policy_required: self.has_resource_policy && resource_policy_required(action, resource),
                };
                let explanation = self.set.explain(&req);
                let cross_account = account.is_some_and(|a| a != self.caller.account);
                PairResult { action, resource, explanation, cross_account }
            })
            .collect();
        (results, next)
    }

    /// The AWS-shaped response.
    pub fn output(&self) -> SimulateOutput {
        let (results, next) = self.run();
        SimulateOutput {
            evaluation_results: results.iter().map(|r| self.evaluation_result(r)).collect(),
            is_truncated: next.is_some(),
            marker: next.map(|n| n.to_string()),
        }
    }

    fn evaluation_result(&self, r: &PairResult<'_>) -> EvaluationResult {
        let e = &r.explanation;
        let matched: Vec<MatchedStatement> =
            e.deciding_statements().iter().filter_map(|s| self.matched(s.policy, s.span)).collect();
        let layer_verdict = |pred: &dyn Fn(Layer) -> bool| {
            e.layers.iter().filter(|l| pred(l.layer)).map(|l| l.verdict).collect::<Vec<_>>()
        };
        let organizations_decision_detail = self.has_scps.then(|| {
            let v = layer_verdict(&|l| matches!(l, Layer::Scp(_)));
            OrganizationsDecisionDetail {
                allowed_by_organizations: v
                    .iter()
                    .all(|v| matches!(v, LayerVerdict::Allow | LayerVerdict::NotApplicable)),
            }
        });
        let permissions_boundary_decision_detail = self.has_boundary.then(|| {
            let v = layer_verdict(&|l| l == Layer::Boundary);
            PermissionsBoundaryDecisionDetail {
                allowed_by_permissions_boundary: v
                    .iter()
                    .all(|v| matches!(v, LayerVerdict::Allow | LayerVerdict::NotApplicable)),
            }
        });
        let eval_decision_details = r.cross_account.then(|| {
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
        });
        let decision = e.decision.as_aws_str().to_string();
        let resource_specific_results = if r.resource == "*" {
            Vec::new()
        } else {
            vec![ResourceSpecificResult {
                eval_resource_name: r.resource.to_string(),
                eval_resource_decision: decision.clone(),
                matched_statements: e
                    .deciding_statements()
                    .iter()
                    .filter_map(|s| self.matched(s.policy, s.span))
                    .collect(),
                missing_context_values: e.missing_context.clone(),
            }]
        };
        EvaluationResult {
            eval_action_name: r.action.to_string(),
            eval_resource_name: r.resource.to_string(),
            eval_decision: decision,
            matched_statements: matched,
            missing_context_values: e.missing_context.clone(),
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
        let (a, b) = (idx.line_col(span.start), idx.line_col(span.end));
        Some(MatchedStatement {
            source_policy_id: src.id.clone(),
            source_policy_type: src.kind.to_string(),
            start_position: Position { line: a.line, column: a.column },
            end_position: Position { line: b.line, column: b.column },
        })
    }
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

fn default_caller(input: &SimulateInput) -> Result<Caller, SimulateError> {
    // Without CallerArn the policies are evaluated for an IAM user of the
    // resource owner's account (or a placeholder account).
    let account = match &input.resource_owner {
        Some(o) => parse_account(o).unwrap_or_else(|| "123456789012".into()),
        None => "123456789012".into(),
    };
    Caller::parse(&format!("arn:aws:iam::{account}:user/simulated-caller"))
        .map_err(|e| SimulateError::Input(WireError::at("CallerArn", e.0)))
}

fn parse_account(s: &str) -> Option<String> {
    let s = s.trim();
    if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) {
        return Some(s.to_string());
    }
    let arn = iam_core::arn::Arn::parse(s)?;
    (arn.account.len() == 12 && arn.account.bytes().all(|b| b.is_ascii_digit())).then(|| arn.account.to_string())
}

/// Reads `ContextEntries`, checking each value against its declared type.
pub fn read_context(entries: &[ContextEntry]) -> Result<Context, WireError> {
    let mut ctx = Context::new();
    for (i, e) in entries.iter().enumerate() {
        let path = |j: usize| format!("ContextEntries[{i}].ContextKeyValues[{j}]");
        if e.context_key_name.trim().is_empty() {
            return Err(WireError::at(format!("ContextEntries[{i}].ContextKeyName"), "empty context key name"));
        }
        let ty = e.context_key_type;
        if !ty.is_list() && e.context_key_values.len() > 1 {
            return Err(WireError::at(
                format!("ContextEntries[{i}].ContextKeyValues"),
                format!(
                    "`{}` has type {:?} but {} values; use a list type",
                    e.context_key_name,
                    ty,
                    e.context_key_values.len()
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
            let ok = match ty {
                ContextKeyType::Numeric | ContextKeyType::NumericList => parse_number(&text).is_some(),
                ContextKeyType::Boolean | ContextKeyType::BooleanList => {
                    text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("false")
                }
                ContextKeyType::Ip | ContextKeyType::IpList => IpNet::parse(&text).is_some(),
                ContextKeyType::Date | ContextKeyType::DateList => parse_date(&text).is_some(),
                _ => true,
            };
            if !ok {
                return Err(WireError::at(path(j), format!("`{text}` is not a valid {:?} value", ty)));
            }
            values.push(text);
        }
        ctx.insert(&e.context_key_name, ContextValue { values, multi: ty.is_list() });
    }
    Ok(ctx)
}
