//! Who is calling, and whether a policy's `Principal` names them.

use crate::arn::Arn;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CallerKind {
    /// The account's root user (`arn:aws:iam::111122223333:root`).
    Root,
    User,
    /// An assumed-role session (`arn:aws:sts::…:assumed-role/Role/session`).
    RoleSession,
    /// A federated user session (`arn:aws:sts::…:federated-user/name`).
    FederatedUser,
    /// An AWS service principal (`s3.amazonaws.com`).
    Service,
    /// An unauthenticated request.
    Anonymous,
}

/// The calling principal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    pub kind: CallerKind,
    /// The caller's ARN (session ARN for role sessions); the service name for services; empty when anonymous.
    pub arn: String,
    /// The 12-digit account; empty for services and anonymous callers.
    pub account: String,
    /// For role sessions: the role's IAM ARN (`arn:aws:iam::…:role/path/Name`).
    pub role_arn: Option<String>,
    /// Whether the role is a service-linked role (SCPs and RCPs don't apply to them).
    pub service_linked: bool,
}

/// Why a caller ARN could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CallerError {
    #[error("`{0}` is not an ARN")]
    NotAnArn(String),
    #[error("`{0}` has no 12-digit account ID")]
    NoAccountId(String),
    #[error("`{0}` must look like arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION")]
    BadSessionArn(String),
    #[error("`{0}` is not a user, role, assumed-role session, federated user or root ARN")]
    NotAPrincipalArn(String),
    #[error("`{0}` is not a role ARN")]
    NotARoleArn(String),
}

impl Caller {
    /// Reads a caller from an ARN, a service principal name (`*.amazonaws.com`)
    /// or `anonymous`. Role sessions lose the role's path (AWS session ARNs don't carry it).
    pub fn parse(text: &str) -> Result<Self, CallerError> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("anonymous") || text == "*" {
            return Ok(Self::anonymous());
        }
        if !text.starts_with("arn:") && text.ends_with(".amazonaws.com") {
            return Ok(Self::service(text));
        }
        let arn = Arn::parse(text).ok_or_else(|| CallerError::NotAnArn(text.to_string()))?;
        if !crate::model::names::is_account_id(arn.account) {
            return Err(CallerError::NoAccountId(text.to_string()));
        }
        let (kind, role_arn, service_linked) = match (arn.service, arn.resource) {
            ("iam", "root") => (CallerKind::Root, None, false),
            ("iam", r) if r.starts_with("user/") => (CallerKind::User, None, false),
            ("iam", r) if r.starts_with("role/") => {
                // A role itself is not a caller; treat it as a session of that role.
                let linked = r.starts_with("role/aws-service-role/");
                (CallerKind::RoleSession, Some(text.to_string()), linked)
            }
            ("sts", r) if r.starts_with("assumed-role/") => {
                let mut parts = r.splitn(3, '/');
                parts.next();
                let role = parts.next().filter(|s| !s.is_empty());
                let session = parts.next().filter(|s| !s.is_empty());
                let (Some(role), Some(_)) = (role, session) else {
                    return Err(CallerError::BadSessionArn(text.to_string()));
                };
                (
                    CallerKind::RoleSession,
                    Some(format!("arn:{}:iam::{}:role/{role}", arn.partition, arn.account)),
                    role.starts_with("AWSServiceRoleFor"),
                )
            }
            ("sts", r) if r.starts_with("federated-user/") => (CallerKind::FederatedUser, None, false),
            _ => {
                return Err(CallerError::NotAPrincipalArn(text.to_string()));
            }
        };
        Ok(Self { kind, arn: text.to_string(), account: arn.account.to_string(), role_arn, service_linked })
    }

    pub fn anonymous() -> Self {
        Self {
            kind: CallerKind::Anonymous,
            arn: String::new(),
            account: String::new(),
            role_arn: None,
            service_linked: false,
        }
    }

    pub fn service(name: &str) -> Self {
        Self {
            kind: CallerKind::Service,
            arn: name.to_string(),
            account: String::new(),
            role_arn: None,
            service_linked: false,
        }
    }

    /// A session of a role whose full ARN (with path) is known.
    pub fn role_session(role_arn: &str, session_name: &str) -> Result<Self, CallerError> {
        let not_role = || CallerError::NotARoleArn(role_arn.to_string());
        let arn = Arn::parse(role_arn).ok_or_else(not_role)?;
        let name = arn.resource.strip_prefix("role/").ok_or_else(not_role)?;
        let short = name.rsplit('/').next().unwrap_or(name);
        Ok(Self {
            kind: CallerKind::RoleSession,
            arn: format!("arn:{}:sts::{}:assumed-role/{short}/{session_name}", arn.partition, arn.account),
            account: arn.account.to_string(),
            role_arn: Some(role_arn.to_string()),
            service_linked: name.starts_with("aws-service-role/"),
        })
    }

    /// The IAM user or role name (for `aws:username` and friends).
    pub fn name(&self) -> Option<&str> {
        match self.kind {
            CallerKind::User => self.arn.rsplit('/').next(),
            CallerKind::RoleSession => self.role_arn.as_deref().and_then(|r| r.rsplit('/').next()),
            _ => None,
        }
    }

    /// `aws:PrincipalArn`: the role ARN for sessions, else the caller ARN.
    pub fn principal_arn(&self) -> &str {
        self.role_arn.as_deref().unwrap_or(&self.arn)
    }
}

/// How a `Principal` element named the caller. The distinction matters for
/// same-account resource policies (see `eval`): a grant to the account delegates
/// to identity policies, a grant to a role ARN is still limited by boundaries
/// and session policies, a grant to a user or session ARN is not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PrincipalMatch {
    /// Named through its account (`"AWS": "111122223333"` or `…:root`).
    Account,
    /// Named through the role it is a session of.
    RoleArn,
    /// `"*"` (everyone, including anonymous callers).
    Wildcard,
    /// Named exactly: user ARN, session ARN, federated user, service, root.
    Exact,
}

/// Does one `AWS` principal value name the caller?
pub fn aws_value_matches(value: &str, caller: &Caller) -> Option<PrincipalMatch> {
    if value == "*" {
        return Some(PrincipalMatch::Wildcard);
    }
    if matches!(caller.kind, CallerKind::Anonymous | CallerKind::Service) {
        return None;
    }
    // A bare account ID means the account.
    if crate::model::names::is_account_id(value) {
        return (value == caller.account).then_some(PrincipalMatch::Account);
    }
    let arn = Arn::parse(value)?;
    if arn.account != caller.account {
        return None;
    }
    match (arn.service, arn.resource) {
        ("iam", "root") => {
            Some(if caller.kind == CallerKind::Root { PrincipalMatch::Exact } else { PrincipalMatch::Account })
        }
        ("iam", r) if r.starts_with("user/") => {
            (caller.kind == CallerKind::User && caller.arn == value).then_some(PrincipalMatch::Exact)
        }
        ("iam", r) if r.starts_with("role/") => {
            (caller.kind == CallerKind::RoleSession && names_role(caller, value)).then_some(PrincipalMatch::RoleArn)
        }
        ("sts", r) if r.starts_with("assumed-role/") || r.starts_with("federated-user/") => {
            (caller.arn == value).then_some(PrincipalMatch::Exact)
        }
        _ => None,
    }
}

/// Does a role ARN name the caller's role? Exactly; or, when the caller's role
/// ARN has no path (as one rebuilt from an `assumed-role` session ARN, which
/// does not carry it), by account and role name, which IAM keeps unique.
fn names_role(caller: &Caller, value: &str) -> bool {
    let Some(role) = caller.role_arn.as_deref() else { return false };
    if role == value {
        return true;
    }
    let path_unknown = role.split_once(":role/").is_some_and(|(_, name)| !name.contains('/'));
    let name = |s: &str| s.rsplit('/').next().map(str::to_string);
    let acct = |s: &str| Arn::parse(s).map(|x| x.account.to_string());
    path_unknown && name(role) == name(value) && acct(role) == acct(value)
}

/// Does a `Service` principal value name the caller?
pub fn service_value_matches(value: &str, caller: &Caller) -> bool {
    caller.kind == CallerKind::Service && (value == "*" || caller.arn.eq_ignore_ascii_case(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_caller_forms() {
        let u = Caller::parse("arn:aws:iam::111122223333:user/team/alice").unwrap();
        assert_eq!(u.kind, CallerKind::User);
        assert_eq!(u.name(), Some("alice"));
        let s = Caller::parse("arn:aws:sts::111122223333:assumed-role/Inventory/bob").unwrap();
        assert_eq!(s.kind, CallerKind::RoleSession);
        assert_eq!(s.principal_arn(), "arn:aws:iam::111122223333:role/Inventory");
        assert_eq!(Caller::parse("arn:aws:iam::111122223333:root").unwrap().kind, CallerKind::Root);
        assert_eq!(Caller::parse("s3.amazonaws.com").unwrap().kind, CallerKind::Service);
        assert!(Caller::parse("arn:aws:s3:::bucket").is_err());
        assert!(Caller::parse("arn:aws:iam::1:user/x").is_err());
        assert!(Caller::parse("nonsense").is_err());
    }

    #[test]
    fn principal_values() {
        let s = Caller::role_session("arn:aws:iam::111122223333:role/ops/Inventory", "bob").unwrap();
        assert_eq!(aws_value_matches("111122223333", &s), Some(PrincipalMatch::Account));
        assert_eq!(aws_value_matches("arn:aws:iam::111122223333:root", &s), Some(PrincipalMatch::Account));
        assert_eq!(
            aws_value_matches("arn:aws:iam::111122223333:role/ops/Inventory", &s),
            Some(PrincipalMatch::RoleArn)
        );
        assert_eq!(
            aws_value_matches("arn:aws:sts::111122223333:assumed-role/Inventory/bob", &s),
            Some(PrincipalMatch::Exact)
        );
        assert_eq!(aws_value_matches("arn:aws:sts::111122223333:assumed-role/Inventory/eve", &s), None);
        assert_eq!(aws_value_matches("444455556666", &s), None);
        // A role ARN names the role with its path; a session ARN has no path,
        // so it matches by name.
        assert_eq!(aws_value_matches("arn:aws:iam::111122223333:role/Inventory", &s), None);
        assert_eq!(aws_value_matches("arn:aws:iam::111122223333:role/dev/Inventory", &s), None);
        let from_sts = Caller::parse("arn:aws:sts::111122223333:assumed-role/Inventory/bob").unwrap();
        assert_eq!(
            aws_value_matches("arn:aws:iam::111122223333:role/ops/Inventory", &from_sts),
            Some(PrincipalMatch::RoleArn)
        );
        assert_eq!(aws_value_matches("*", &Caller::anonymous()), Some(PrincipalMatch::Wildcard));
        assert!(service_value_matches("s3.amazonaws.com", &Caller::service("s3.amazonaws.com")));
    }
}
