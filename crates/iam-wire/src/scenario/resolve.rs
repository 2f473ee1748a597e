//! Scenario document → core `Model`: names resolved, policies compiled, the
//! organization tree built. Every problem is reported with its field path;
//! all of them, not just the first.

use super::doc::*;
use crate::error::WireError;
use iam_core::condition::parse_date;
use iam_core::model::names::{self, NameKind, check_name};
use iam_core::model::{
    self, AccessKey, Account, Assertion, AssertionCase, Expectation, Group, Mfa, Model, NodeKind, Org, OrgNode,
    OwnerKind, PolicyEntry, PolicyId, PolicyOrigin, Resource, Role, RootUser, User,
};
use iam_core::{CompiledPolicy, Context, ContextValue, parse_policy};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// A resolved scenario.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub model: Model,
    pub assertions: Vec<AssertionCase>,
    /// The KMS keys: every resource whose ARN is a KMS key, with its `kms` fields.
    pub kms_keys: Vec<iam_kms::Key>,
}

pub use names::{FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS};
const FULL_AWS_ACCESS_DOC: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";
const RCP_FULL_AWS_ACCESS_DOC: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": \"*\",\n      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";

/// The ARN prefix of AWS managed policies.
const AWS_MANAGED_PREFIX: &str = "arn:aws:iam::aws:policy/";

/// Looks up an AWS managed policy by ARN: its name and document text.
pub type AwsManagedLookup<'a> = &'a dyn Fn(&str) -> Option<(String, String)>;

/// Compiled policies from earlier resolutions, keyed by label and text: an
/// editor resolves the whole scenario on every keystroke but only one policy
/// changed. Holds just the entries the latest resolution used.
#[derive(Default)]
pub struct PolicyCache {
    entries: HashMap<CacheKey, Compiled>,
    used: HashMap<CacheKey, Compiled>,
}

/// A policy's label and text.
type CacheKey = (String, Arc<str>);
/// A compiled policy and its diagnostics.
type Compiled = (Arc<CompiledPolicy>, Vec<iam_core::Diagnostic>);

impl PolicyCache {
    pub fn new() -> Self {
        Self::default()
    }

    fn finish(&mut self) {
        self.entries = std::mem::take(&mut self.used);
    }
}

struct Resolver<'a> {
    doc: &'a ScenarioDoc,
    cache: &'a mut PolicyCache,
    errors: Vec<WireError>,
    policies: Vec<PolicyEntry>,
    aws_managed: AwsManagedLookup<'a>,
    aws_cache: HashMap<String, PolicyId>,
    /// (account index, policy name) → id, for customer managed policies.
    customer: HashMap<(usize, String), PolicyId>,
}

impl Resolver<'_> {
    /// The document of an AWS managed policy: the scenario's own copy (from
    /// the account's export, GAAD-SNAPSHOT) before the bundled corpus.
    fn aws_document(&self, arn: &str) -> Option<String> {
        match self.doc.aws_managed_policies.iter().find(|p| p.arn == arn) {
            Some(p) => Some(p.document.text()),
            None => (self.aws_managed)(arn).map(|(_, text)| text),
        }
    }

    fn err(&mut self, path: impl Into<String>, msg: impl Into<String>) {
        self.errors.push(WireError::at(path, msg));
    }

    /// Checks a name against AWS's rules for its kind.
    fn name(&mut self, path: String, kind: NameKind, name: &str) {
        if let Err(e) = check_name(kind, name) {
            self.err(path, e.to_string());
        }
    }

    fn add_policy(&mut self, origin: PolicyOrigin, text: String) -> PolicyId {
        let label = super::policy_label(self.doc, &origin).unwrap_or_default();
        let source: Arc<str> = Arc::from(text.as_str());
        let key = (label.clone(), source.clone());
        let (compiled, diagnostics) = match self.cache.entries.get(&key) {
            Some(hit) => hit.clone(),
            None => compile(&label, &text),
        };
        self.cache.used.insert(key, (compiled.clone(), diagnostics.clone()));
        self.policies.push(PolicyEntry { label, origin, source, compiled, diagnostics });
        self.policies.len() - 1
    }

    /// A managed policy reference: a customer managed policy name of `account`,
    /// or an ARN (AWS managed, or customer managed in a scenario account).
    fn managed_ref(&mut self, path: &str, account: usize, accounts: &[AccountDoc], r: &str) -> Option<PolicyId> {
        if let Some(name) = r.strip_prefix(AWS_MANAGED_PREFIX) {
            if let Some(id) = self.aws_cache.get(r) {
                return Some(*id);
            }
            return match self.aws_document(r) {
                Some(text) => {
                    let short = name.rsplit('/').next().unwrap_or(name);
                    let id = self.add_policy(PolicyOrigin::AwsManaged { name: short.to_string() }, text);
                    self.aws_cache.insert(r.to_string(), id);
                    Some(id)
                }
                None => {
                    self.err(
                        path,
                        format!(
                            "`{r}` is not an AWS managed policy in the bundled corpus, and `awsManagedPolicies` \
                             does not give its document"
                        ),
                    );
                    None
                }
            };
        }
        let Some((ai, name)) = customer_policy_ref(accounts, account, r) else {
            let acct_id =
                r.strip_prefix("arn:aws:iam::").and_then(|rest| rest.split_once(':')).map_or("", |(id, _)| id);
            self.err(path, format!("`{r}`: account `{acct_id}` is not in the scenario"));
            return None;
        };
        match self.customer.get(&(ai, name.to_string())) {
            Some(id) => Some(*id),
            None if r.starts_with("arn:aws:iam::") => {
                self.err(path, format!("`{r}`: no customer managed policy `{name}` in that account"));
                None
            }
            None => {
                let hint = if self.aws_document(&format!("{AWS_MANAGED_PREFIX}{r}")).is_some() {
                    format!("; for the AWS managed policy write `arn:aws:iam::aws:policy/{r}`")
                } else {
                    String::new()
                };
                let acct = accounts.get(account).map_or("?", |a| a.name.as_str());
                self.err(path, format!("no customer managed policy `{r}` in account `{acct}`{hint}"));
                None
            }
        }
    }
}

fn compile(label: &str, text: &str) -> (Arc<CompiledPolicy>, Vec<iam_core::Diagnostic>) {
    let (policy, mut diagnostics) = parse_policy(text);
    let compiled = match policy {
        Some(p) => {
            let (c, more) = CompiledPolicy::compile(label, &p);
            diagnostics.extend(more);
            c
        }
        // Unparseable: an empty policy that allows nothing; the diagnostics say why.
        None => CompiledPolicy::compile(label, &iam_core::Policy::default()).0,
    };
    (Arc::new(compiled), diagnostics)
}

/// An optional ISO 8601 date; one that does not parse is an error at `field`,
/// not a date silently missing.
fn date(r: &mut Resolver<'_>, field: String, s: &Option<String>) -> Option<i64> {
    let s = s.as_deref()?;
    let d = parse_date(s);
    if d.is_none() {
        r.err(field, format!("`{s}` is not a date: write ISO 8601, such as `2026-11-29T06:59:00Z`"));
    }
    d
}

/// An IAM path as the IAM API takes it: `/`, or `/` + printable ASCII + `/`,
/// 1 to 512 characters (`Path` of CreateUser, CreateGroup, CreateRole,
/// CreatePolicy). Without the slashes the ARN would read `user` + `eng` + `alice`.
fn check_path(r: &mut Resolver<'_>, field: String, path: &str) {
    let ok = path.starts_with('/')
        && path.ends_with('/')
        && path.len() <= 512
        && path.chars().all(|c| ('\u{21}'..='\u{7f}').contains(&c));
    if !ok {
        r.err(
            field,
            format!(
                "`{path}` is not an IAM path: a path is `/` or starts and ends with `/` (`/engineering/`), \
                 1 to 512 characters of printable ASCII without spaces"
            ),
        );
    }
}

fn mfa(m: MfaDevice) -> Mfa {
    match m {
        MfaDevice::None => Mfa::None,
        MfaDevice::Virtual => Mfa::Virtual,
        MfaDevice::Hardware => Mfa::Hardware,
        MfaDevice::Passkey => Mfa::Passkey,
    }
}

fn keys(r: &mut Resolver<'_>, path: &str, keys: &[AccessKeyDoc]) -> Vec<AccessKey> {
    keys.iter()
        .enumerate()
        .map(|(i, k)| AccessKey {
            id: k.id.clone(),
            active: k.status == KeyStatus::Active,
            created: date(r, format!("{path}.accessKeys[{i}].created"), &Some(k.created.clone())),
            last_used: date(r, format!("{path}.accessKeys[{i}].lastUsed"), &k.last_used),
        })
        .collect()
}

fn tags(t: &BTreeMap<String, String>) -> Vec<(String, String)> {
    t.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

fn duplicates<'n>(names: impl Iterator<Item = &'n str>) -> Vec<(usize, &'n str)> {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for (i, n) in names.enumerate() {
        if seen.iter().any(|s| s.eq_ignore_ascii_case(n)) {
            out.push((i, n));
        }
        seen.push(n);
    }
    out
}

/// The customer managed policy a managed-policy reference names, as
/// (account index, policy name): a bare name is a policy of `account`, and
/// `arn:aws:iam::<account id>:policy/<path/><name>` one of the scenario
/// account with that id. None for AWS managed policies and unknown accounts.
pub fn customer_policy_ref<'r>(accounts: &[AccountDoc], account: usize, r: &'r str) -> Option<(usize, &'r str)> {
    if r.starts_with(AWS_MANAGED_PREFIX) {
        return None;
    }
    let Some(rest) = r.strip_prefix("arn:aws:iam::") else { return Some((account, r)) };
    let (acct_id, policy_path) = rest.split_once(":policy").unwrap_or(("", ""));
    let name = policy_path.rsplit('/').next().unwrap_or("");
    accounts.iter().position(|a| a.id == acct_id).map(|ai| (ai, name))
}

/// How deep OUs nest below the root (ORG-OU-DEPTH).
const MAX_OU_DEPTH: usize = 5;
const MAX_OU_DEPTH_WORD: &str = "five";

/// Resolves and compiles a scenario document.
pub fn resolve(doc: &ScenarioDoc, aws_managed: AwsManagedLookup<'_>) -> Result<Loaded, Vec<WireError>> {
    resolve_cached(doc, aws_managed, &mut PolicyCache::new())
}

/// [`resolve`], reusing policies compiled by earlier calls with the same cache.
pub fn resolve_cached(
    doc: &ScenarioDoc,
    aws_managed: AwsManagedLookup<'_>,
    cache: &mut PolicyCache,
) -> Result<Loaded, Vec<WireError>> {
    let mut r = Resolver {
        doc,
        cache,
        errors: Vec::new(),
        policies: Vec::new(),
        aws_managed,
        aws_cache: HashMap::new(),
        customer: HashMap::new(),
    };
    if doc.version != VERSION {
        r.err("version", format!("expected {VERSION}"));
    }
    // Accounts: IDs and names unique.
    for (i, a) in doc.accounts.iter().enumerate() {
        if let Err(e) = names::check_account_id(&a.id) {
            r.err(format!("accounts[{i}].id"), e.to_string());
        }
        r.name(format!("accounts[{i}].name"), NameKind::Account, &a.name);
    }
    for (i, id) in duplicates(doc.accounts.iter().map(|a| a.id.as_str())) {
        r.err(format!("accounts[{i}].id"), format!("duplicate account ID `{id}`"));
    }
    for (i, n) in duplicates(doc.accounts.iter().map(|a| a.name.as_str())) {
        r.err(format!("accounts[{i}].name"), format!("duplicate account name `{n}`"));
    }
    // AWS managed policies carried with their documents: each an AWS managed
    // policy ARN, once.
    for (i, p) in doc.aws_managed_policies.iter().enumerate() {
        let name = p.arn.strip_prefix(AWS_MANAGED_PREFIX).and_then(|rest| rest.rsplit('/').next()).unwrap_or("");
        if name.is_empty() {
            r.err(
                format!("awsManagedPolicies[{i}].arn"),
                format!("`{}` is not an AWS managed policy ARN (`{AWS_MANAGED_PREFIX}<name>`)", p.arn),
            );
        } else {
            r.name(format!("awsManagedPolicies[{i}].arn"), NameKind::Policy, name);
        }
    }
    for (i, arn) in duplicates(doc.aws_managed_policies.iter().map(|p| p.arn.as_str())) {
        r.err(format!("awsManagedPolicies[{i}].arn"), format!("duplicate AWS managed policy `{arn}`"));
    }
    // Customer managed policies first: everything else refers to them.
    for (ai, a) in doc.accounts.iter().enumerate() {
        for (i, n) in duplicates(a.policies.iter().map(|p| p.name.as_str())) {
            r.err(format!("accounts[{ai}].policies[{i}].name"), format!("duplicate policy name `{n}`"));
        }
        for (i, p) in a.policies.iter().enumerate() {
            r.name(format!("accounts[{ai}].policies[{i}].name"), NameKind::Policy, &p.name);
            check_path(&mut r, format!("accounts[{ai}].policies[{i}].path"), &p.path);
            let id = r.add_policy(PolicyOrigin::CustomerManaged { account: ai, index: i }, p.document.text());
            r.customer.insert((ai, p.name.clone()), id);
        }
    }
    let mut accounts = Vec::new();
    for (ai, a) in doc.accounts.iter().enumerate() {
        accounts.push(resolve_account(&mut r, doc, ai, a));
    }
    let org = doc.organization.as_ref().and_then(|o| resolve_org(&mut r, o, &doc.accounts, &mut accounts));
    check_report_fields(&mut r, doc, org.as_ref());
    r.cache.finish();
    let model =
        Model { name: doc.name.clone(), description: doc.description.clone(), org, accounts, policies: r.policies };
    let mut errors = r.errors;
    let assertions = resolve_assertions(&model, &doc.assertions, &mut errors);
    let kms_keys = super::kms::resolve_keys(doc, &model, &mut errors);
    if errors.is_empty() { Ok(Loaded { model, assertions, kms_keys }) } else { Err(errors) }
}

/// The inline policies of `owner` (account, kind, index).
fn inline(
    r: &mut Resolver<'_>,
    owner: (usize, OwnerKind, usize),
    policies: &[InlinePolicyDoc],
    path: &str,
) -> Vec<PolicyId> {
    for (i, n) in duplicates(policies.iter().map(|p| p.name.as_str())) {
        r.err(format!("{path}.inlinePolicies[{i}].name"), format!("duplicate inline policy name `{n}`"));
    }
    let (account, owner_kind, owner) = owner;
    policies
        .iter()
        .enumerate()
        .map(|(index, p)| {
            r.name(format!("{path}.inlinePolicies[{index}].name"), NameKind::Policy, &p.name);
            r.add_policy(PolicyOrigin::Inline { account, owner_kind, owner, index }, p.document.text())
        })
        .collect()
}

fn managed(r: &mut Resolver<'_>, refs: &[String], path: &str, ai: usize, all: &[AccountDoc]) -> Vec<PolicyId> {
    refs.iter()
        .enumerate()
        .filter_map(|(i, m)| r.managed_ref(&format!("{path}.managedPolicies[{i}]"), ai, all, m))
        .collect()
}

fn resolve_account(r: &mut Resolver<'_>, doc: &ScenarioDoc, ai: usize, a: &AccountDoc) -> Account {
    let base = format!("accounts[{ai}]");
    for (kind, names) in [
        ("users", a.users.iter().map(|u| u.name.as_str()).collect::<Vec<_>>()),
        ("groups", a.groups.iter().map(|g| g.name.as_str()).collect()),
        ("roles", a.roles.iter().map(|x| x.name.as_str()).collect()),
    ] {
        for (i, n) in duplicates(names.into_iter()) {
            r.err(
                format!("{base}.{kind}[{i}].name"),
                format!("duplicate name `{n}` (IAM names are unique ignoring case)"),
            );
        }
    }
    let groups: Vec<Group> = a
        .groups
        .iter()
        .enumerate()
        .map(|(gi, g)| {
            let path = format!("{base}.groups[{gi}]");
            r.name(format!("{path}.name"), NameKind::Group, &g.name);
            check_path(r, format!("{path}.path"), &g.path);
            let mut policies = inline(r, (ai, OwnerKind::Group, gi), &g.inline_policies, &path);
            policies.extend(managed(r, &g.managed_policies, &path, ai, &doc.accounts));
            Group {
                name: g.name.clone(),
                path: g.path.clone(),
                arn: format!("arn:aws:iam::{}:group{}{}", a.id, g.path, g.name),
                policies,
            }
        })
        .collect();
    let users = a
        .users
        .iter()
        .enumerate()
        .map(|(ui, u)| {
            let path = format!("{base}.users[{ui}]");
            r.name(format!("{path}.name"), NameKind::User, &u.name);
            check_path(r, format!("{path}.path"), &u.path);
            let member_of = u
                .groups
                .iter()
                .enumerate()
                .filter_map(|(i, g)| {
                    // IAM keeps a membership once: a group listed twice is a mistake to say.
                    if let Some(first) = u.groups.iter().take(i).position(|x| x == g) {
                        r.err(
                            format!("{path}.groups[{i}]"),
                            format!("group `{g}` is listed twice (also at groups[{first}])"),
                        );
                        return None;
                    }
                    let found = a.groups.iter().position(|x| x.name == *g);
                    if found.is_none() {
                        r.err(format!("{path}.groups[{i}]"), format!("no group `{g}` in account `{}`", a.name));
                    }
                    found
                })
                .collect();
            let mut policies = inline(r, (ai, OwnerKind::User, ui), &u.inline_policies, &path);
            policies.extend(managed(r, &u.managed_policies, &path, ai, &doc.accounts));
            let boundary = u
                .permissions_boundary
                .as_ref()
                .and_then(|b| r.managed_ref(&format!("{path}.permissionsBoundary"), ai, &doc.accounts, b));
            User {
                name: u.name.clone(),
                path: u.path.clone(),
                arn: format!("arn:aws:iam::{}:user{}{}", a.id, u.path, u.name),
                groups: member_of,
                policies,
                boundary,
                tags: tags(&u.tags),
                console_password: u.console_password,
                password_last_used: date(r, format!("{path}.passwordLastUsed"), &u.password_last_used),
                mfa: mfa(u.mfa),
                access_keys: keys(r, &path, &u.access_keys),
            }
        })
        .collect();
    let roles = a
        .roles
        .iter()
        .enumerate()
        .map(|(ri, x)| {
            let path = format!("{base}.roles[{ri}]");
            r.name(format!("{path}.name"), NameKind::Role, &x.name);
            check_path(r, format!("{path}.path"), &x.path);
            let role_path =
                if x.service_linked && x.path == "/" { "/aws-service-role/".to_string() } else { x.path.clone() };
            let trust = r.add_policy(PolicyOrigin::Trust { account: ai, role: ri }, x.trust_policy.text());
            let mut policies = inline(r, (ai, OwnerKind::Role, ri), &x.inline_policies, &path);
            policies.extend(managed(r, &x.managed_policies, &path, ai, &doc.accounts));
            let boundary = x
                .permissions_boundary
                .as_ref()
                .and_then(|b| r.managed_ref(&format!("{path}.permissionsBoundary"), ai, &doc.accounts, b));
            if !(3600..=43200).contains(&x.max_session_duration) {
                r.err(format!("{path}.maxSessionDuration"), "must be between 3600 and 43200 seconds");
            }
            Role {
                name: x.name.clone(),
                arn: format!("arn:aws:iam::{}:role{}{}", a.id, role_path, x.name),
                path: role_path,
                trust,
                policies,
                boundary,
                tags: tags(&x.tags),
                max_session_duration: x.max_session_duration,
                service_linked: x.service_linked,
            }
        })
        .collect();
    for (i, arn) in duplicates(a.resources.iter().map(|x| x.arn.as_str())) {
        r.err(format!("{base}.resources[{i}].arn"), format!("duplicate resource `{arn}`"));
    }
    let resources = a
        .resources
        .iter()
        .enumerate()
        .map(|(i, x)| {
            match iam_core::arn::Arn::parse(&x.arn) {
                None => r.err(format!("{base}.resources[{i}].arn"), format!("`{}` is not an ARN", x.arn)),
                Some(arn) if !arn.account.is_empty() && arn.account != a.id => r.err(
                    format!("{base}.resources[{i}].arn"),
                    format!(
                        "`{}` names account {} but is listed under account `{}` ({})",
                        x.arn, arn.account, a.name, a.id
                    ),
                ),
                Some(_) => {}
            }
            let policy =
                x.policy.as_ref().map(|p| r.add_policy(PolicyOrigin::Resource { account: ai, index: i }, p.text()));
            Resource { arn: x.arn.clone(), policy, tags: tags(&x.tags), aws_managed: x.aws_managed }
        })
        .collect();
    let password_policy = a.password_policy.as_ref().map(|p| model::PasswordPolicy {
        minimum_length: p.minimum_length,
        require_symbols: p.require_symbols,
        require_numbers: p.require_numbers,
        require_uppercase: p.require_uppercase,
        require_lowercase: p.require_lowercase,
        max_age_days: p.max_age_days,
        reuse_prevention: p.reuse_prevention,
    });
    let managed_policies =
        (0..r.policies.len()).filter(|id| r.customer.iter().any(|((acct, _), pid)| *acct == ai && pid == id)).collect();
    Account {
        id: a.id.clone(),
        name: a.name.clone(),
        node: None,
        root_user: RootUser {
            mfa: mfa(a.root_user.mfa),
            access_keys: keys(r, &format!("{base}.rootUser"), &a.root_user.access_keys),
            last_used: date(r, format!("{base}.rootUser.lastUsed"), &a.root_user.last_used),
        },
        password_policy,
        users,
        groups,
        roles,
        resources,
        managed_policies,
    }
}

/// What only reports read (the as-of date, Artifact agreements): checked here
/// so a scenario with a date that does not parse, or an organization-wide
/// agreement outside the management account, is invalid for every command.
fn check_report_fields(r: &mut Resolver<'_>, doc: &ScenarioDoc, org: Option<&Org>) {
    date(r, "asOf".into(), &doc.as_of);
    for (ai, a) in doc.accounts.iter().enumerate() {
        for (i, g) in a.agreements.iter().enumerate() {
            let base = format!("accounts[{ai}].agreements[{i}]");
            date(r, format!("{base}.accepted"), &Some(g.accepted.clone()));
            if g.scope == AgreementScope::Organization && org.and_then(|o| o.management_account) != Some(ai) {
                r.err(
                    format!("{base}.scope"),
                    "only the organization's management account can accept an agreement for the whole organization",
                );
            }
        }
    }
}

fn resolve_org(
    r: &mut Resolver<'_>,
    o: &OrganizationDoc,
    docs: &[AccountDoc],
    accounts: &mut [Account],
) -> Option<Org> {
    // The policy library, with the two AWS managed defaults.
    let mut library: HashMap<String, (OrgPolicyKind, PolicyId)> = HashMap::new();
    library.insert(
        FULL_AWS_ACCESS.into(),
        (
            OrgPolicyKind::Scp,
            r.add_policy(PolicyOrigin::Scp { name: FULL_AWS_ACCESS.into() }, FULL_AWS_ACCESS_DOC.into()),
        ),
    );
    library.insert(
        RCP_FULL_AWS_ACCESS.into(),
        (
            OrgPolicyKind::Rcp,
            r.add_policy(PolicyOrigin::Rcp { name: RCP_FULL_AWS_ACCESS.into() }, RCP_FULL_AWS_ACCESS_DOC.into()),
        ),
    );
    for (i, p) in o.policies.iter().enumerate() {
        if library.contains_key(&p.name) && !names::is_default_org_policy(&p.name) {
            r.err(format!("organization.policies[{i}].name"), format!("duplicate policy name `{}`", p.name));
            continue;
        }
        r.name(format!("organization.policies[{i}].name"), NameKind::Policy, &p.name);
        let name = p.name.clone();
        let origin = match p.kind {
            OrgPolicyKind::Scp => PolicyOrigin::Scp { name },
            OrgPolicyKind::Rcp => PolicyOrigin::Rcp { name },
        };
        let id = r.add_policy(origin, p.document.text());
        library.insert(p.name.clone(), (p.kind, id));
    }
    let rcp_full = library.get(RCP_FULL_AWS_ACCESS).map(|(_, id)| *id);
    let mut org = Org { id: o.id.clone(), management_account: None, nodes: Vec::new() };
    let mut placed: Vec<Option<String>> = vec![None; docs.len()];
    let attach = |r: &mut Resolver<'_>,
                  path: &str,
                  names: &Option<Vec<String>>,
                  rcps: &[String]|
     -> (Vec<PolicyId>, Vec<PolicyId>) {
        let default = [FULL_AWS_ACCESS.to_string()];
        let scp_names: &[String] = names.as_deref().unwrap_or(&default);
        let mut scps = Vec::new();
        for (i, n) in scp_names.iter().enumerate() {
            match library.get(n) {
                Some((OrgPolicyKind::Scp, id)) => scps.push(*id),
                Some((OrgPolicyKind::Rcp, _)) => {
                    r.err(format!("{path}.scps[{i}]"), format!("`{n}` is an RCP, not an SCP"))
                }
                None => r.err(format!("{path}.scps[{i}]"), format!("no SCP named `{n}` in organization.policies")),
            }
        }
        let mut out_rcps: Vec<PolicyId> = rcp_full.into_iter().collect();
        for (i, n) in rcps.iter().enumerate() {
            match library.get(n) {
                Some((OrgPolicyKind::Rcp, id)) if Some(*id) != rcp_full => out_rcps.push(*id),
                Some((OrgPolicyKind::Rcp, _)) => {}
                Some((OrgPolicyKind::Scp, _)) => {
                    r.err(format!("{path}.rcps[{i}]"), format!("`{n}` is an SCP, not an RCP"))
                }
                None => r.err(format!("{path}.rcps[{i}]"), format!("no RCP named `{n}` in organization.policies")),
            }
        }
        (scps, out_rcps)
    };
    // Depth-first over the tree (nested JSON cannot form a cycle; an account
    // placed twice is the error to catch).
    let mut stack: Vec<(&OrgNodeDoc, Option<usize>, String)> = vec![(&o.root, None, "organization.root".to_string())];
    while let Some((node, parent, path)) = stack.pop() {
        // Reported once, at the first OU too deep.
        if path.matches(".children[").count() == MAX_OU_DEPTH + 1 {
            r.err(
                path.clone(),
                format!("OUs can be nested at most {MAX_OU_DEPTH_WORD} levels below the root (AWS Organizations)"),
            );
        }
        if parent.is_some() {
            r.name(format!("{path}.name"), NameKind::Ou, &node.name);
        }
        let (scps, rcps) = attach(r, &path, &node.scps, &node.rcps);
        let index = org.nodes.len();
        let default_id = if parent.is_none() { "r-root".to_string() } else { format!("ou-{}", slug(&node.name)) };
        org.nodes.push(OrgNode {
            name: node.name.clone(),
            id: if node.id.is_empty() { default_id } else { node.id.clone() },
            kind: if parent.is_none() { NodeKind::Root } else { NodeKind::Ou },
            parent,
            scps,
            rcps,
        });
        for (i, acct) in node.accounts.iter().enumerate() {
            let apath = format!("{path}.accounts[{i}]");
            let Some(ai) = docs.iter().position(|a| a.name == *acct || a.id == *acct) else {
                r.err(apath, format!("no account `{acct}` in the scenario"));
                continue;
            };
            if let Some(prev) = placed.get(ai).cloned().flatten() {
                r.err(
                    apath,
                    format!("account `{acct}` is already placed at {prev}; an account sits in exactly one place"),
                );
                continue;
            }
            if let Some(slot) = placed.get_mut(ai) {
                *slot = Some(format!("{path}.accounts[{i}]"));
            }
            let doc = docs.get(ai);
            let (scps, rcps) = attach(
                r,
                &format!("accounts[{ai}]"),
                &doc.and_then(|d| d.scps.clone()),
                doc.map_or(&[][..], |d| &d.rcps),
            );
            let node_index = org.nodes.len();
            org.nodes.push(OrgNode {
                name: doc.map(|d| d.name.clone()).unwrap_or_default(),
                id: doc.map(|d| d.id.clone()).unwrap_or_default(),
                kind: NodeKind::Account(ai),
                parent: Some(index),
                scps,
                rcps,
            });
            if let Some(a) = accounts.get_mut(ai) {
                a.node = Some(node_index);
            }
        }
        for (i, child) in node.children.iter().enumerate().rev() {
            stack.push((child, Some(index), format!("{path}.children[{i}]")));
        }
    }
    match docs.iter().position(|a| a.name == o.management_account || a.id == o.management_account) {
        Some(m) if placed.get(m).is_some_and(Option::is_some) => org.management_account = Some(m),
        Some(_) => r.err(
            "organization.managementAccount",
            format!(
                "the management account `{}` must be placed in the organization tree (usually under the root)",
                o.management_account
            ),
        ),
        None => {
            r.err("organization.managementAccount", format!("no account `{}` in the scenario", o.management_account))
        }
    }
    Some(org)
}

fn slug(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

/// An assertion's request context. Key names are case-insensitive
/// (COND-KEY-NAME-CI): two spellings of one key are an error, not one value
/// silently replacing the other.
fn context(map: &BTreeMap<String, ContextValueDoc>, path: &str, errors: &mut Vec<WireError>) -> Context {
    fn text(v: &ContextValueDoc) -> Vec<String> {
        match v {
            ContextValueDoc::Bool(b) => vec![b.to_string()],
            ContextValueDoc::Number(n) => vec![n.to_string()],
            ContextValueDoc::Text(t) => vec![t.clone()],
            ContextValueDoc::List(items) => items.iter().flat_map(text).collect(),
        }
    }
    let mut ctx = Context::new();
    let mut seen: HashMap<String, &str> = HashMap::new();
    for (k, v) in map {
        if let Some(first) = seen.insert(k.to_ascii_lowercase(), k) {
            errors.push(WireError::at(
                format!("{path}.context.{k}"),
                format!("`{k}` and `{first}` are the same context key (names are case-insensitive); give it once"),
            ));
            continue;
        }
        ctx.insert(k, ContextValue { values: text(v), multi: matches!(v, ContextValueDoc::List(_)) });
    }
    ctx
}

fn expectation(e: Expect) -> Expectation {
    match e {
        Expect::Allow => Expectation::Allow,
        Expect::Deny => Expectation::Deny,
        Expect::ExplicitDeny => Expectation::ExplicitDeny,
        Expect::ImplicitDeny => Expectation::ImplicitDeny,
    }
}

fn resolve_assertions(model: &Model, docs: &[AssertionDoc], errors: &mut Vec<WireError>) -> Vec<AssertionCase> {
    let mut out = Vec::new();
    for (i, a) in docs.iter().enumerate() {
        let path = format!("assertions[{i}]");
        let case = match a {
            AssertionDoc::Can { id, description, principal, action, resource, context: c, expect, allow_unknown } => {
                match model.resolve_principal(principal) {
                    Ok(p) => Some((
                        id,
                        description,
                        *allow_unknown,
                        Assertion::Can {
                            principal: p,
                            action: action.clone(),
                            resource: resource.clone(),
                            context: context(c, &path, errors),
                            expect: expectation(*expect),
                        },
                    )),
                    Err(e) => {
                        errors.push(WireError::at(format!("{path}.principal"), e.to_string()));
                        None
                    }
                }
            }
            AssertionDoc::NobodyOutsideOrg { id, description, action, resource, allow_unknown } => {
                if model.org.is_none() {
                    errors.push(WireError::at(path.clone(), "`nobody-outside-org` needs an organization"));
                }
                Some((
                    id,
                    description,
                    *allow_unknown,
                    Assertion::NobodyOutsideOrg { action: action.clone(), resource: resource.clone() },
                ))
            }
            AssertionDoc::Only { id, description, principals, action, resource, context: c, allow_unknown } => {
                let mut ps = Vec::new();
                for (j, p) in principals.iter().enumerate() {
                    match model.resolve_principal(p) {
                        Ok(x) => ps.push(x),
                        Err(e) => errors.push(WireError::at(format!("{path}.principals[{j}]"), e.to_string())),
                    }
                }
                Some((
                    id,
                    description,
                    *allow_unknown,
                    Assertion::Only {
                        principals: ps,
                        action: action.clone(),
                        resource: resource.clone(),
                        context: context(c, &path, errors),
                    },
                ))
            }
        };
        if let Some((id, description, allow_unknown, assertion)) = case {
            let id = if id.is_empty() { format!("assertion-{}", i + 1) } else { id.clone() };
            out.push(AssertionCase { id, description: description.clone(), allow_unknown, assertion });
        }
    }
    out
}
