//! The scenario's naming rules, in one place: account IDs, the names of
//! accounts, OUs, users, groups, roles and policies (as AWS limits them), the
//! organization's two default policies, and how a principal reference is
//! written (`account/user/NAME`, `account/role/NAME`, `account/root`, an ARN,
//! `anonymous`, a service principal). The scenario resolver and the web
//! app's edits both check with these.

use crate::principal::{Caller, CallerError};
use thiserror::Error;

/// The SCP AWS attaches to every root, OU and account (`FullAWSAccess`).
pub const FULL_AWS_ACCESS: &str = "FullAWSAccess";
/// The RCP AWS attaches to every root, OU and account and that cannot be
/// detached (`RCPFullAWSAccess`, RCP-FULLAWSACCESS-DEFAULT).
pub const RCP_FULL_AWS_ACCESS: &str = "RCPFullAWSAccess";

/// Is this the name of one of the organization's two default policies?
pub fn is_default_org_policy(name: &str) -> bool {
    name == FULL_AWS_ACCESS || name == RCP_FULL_AWS_ACCESS
}

/// An AWS account ID: exactly 12 decimal digits.
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// `s` as an account ID, or why not.
pub fn check_account_id(s: &str) -> Result<(), NotAccountId> {
    if is_account_id(s) { Ok(()) } else { Err(NotAccountId(s.to_string())) }
}

/// A text that is not a 12-digit account ID.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("`{0}` is not a 12-digit account ID")]
pub struct NotAccountId(pub String);

/// What a name names; each has AWS's own limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameKind {
    /// AWS Organizations: 1 to 50 printable ASCII characters.
    Account,
    /// AWS Organizations: 1 to 128 characters.
    Ou,
    /// IAM: `[\w+=,.@-]`, 1 to 64 characters.
    User,
    /// IAM: `[\w+=,.@-]`, 1 to 128 characters.
    Group,
    /// IAM: `[\w+=,.@-]`, 1 to 64 characters.
    Role,
    /// IAM managed and inline policies, SCPs and RCPs: `[\w+=,.@-]`, 1 to 128 characters.
    Policy,
}

impl NameKind {
    /// The word for it in messages.
    pub fn word(self) -> &'static str {
        match self {
            NameKind::Account => "account",
            NameKind::Ou => "OU",
            NameKind::User => "user",
            NameKind::Group => "group",
            NameKind::Role => "role",
            NameKind::Policy => "policy",
        }
    }

    /// The longest name AWS accepts (IAM and Organizations quotas).
    pub fn max_len(self) -> usize {
        match self {
            NameKind::Account => 50,
            NameKind::User | NameKind::Role => 64,
            NameKind::Ou | NameKind::Group | NameKind::Policy => 128,
        }
    }

    /// IAM names: letters, digits and `+=,.@_-` only.
    fn iam(self) -> bool {
        !matches!(self, NameKind::Account | NameKind::Ou)
    }
}

/// Why a name is not accepted.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum NameError {
    /// An account or OU name that is empty (or only spaces).
    #[error("an {} needs a name", kind.word())]
    Empty { kind: NameKind },
    /// An account or OU name over AWS's limit, or an account name that is not printable ASCII.
    #[error("`{name}` is not a valid {} name (at most {} characters{})", kind.word(), kind.max_len(),
        if *kind == NameKind::Account { " of printable ASCII" } else { "" })]
    Invalid { kind: NameKind, name: String },
    /// An IAM name that is empty, too long, or has other characters.
    #[error("`{name}` is not a valid {} name (letters, digits and +=,.@_- up to {})", kind.word(), kind.max_len())]
    NotIamName { kind: NameKind, name: String },
}

/// Checks a name against AWS's rules for its kind.
pub fn check_name(kind: NameKind, name: &str) -> Result<(), NameError> {
    let len = name.chars().count();
    if kind.iam() {
        let ok = len > 0
            && len <= kind.max_len()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
        return if ok { Ok(()) } else { Err(NameError::NotIamName { kind, name: name.to_string() }) };
    }
    if name.trim().is_empty() {
        return Err(NameError::Empty { kind });
    }
    let ascii_ok = kind != NameKind::Account || name.chars().all(|c| (' '..='~').contains(&c));
    if len > kind.max_len() || !ascii_ok {
        return Err(NameError::Invalid { kind, name: name.to_string() });
    }
    Ok(())
}

/// The principal a `account/...` reference names within its account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntityText<'a> {
    Root,
    User(&'a str),
    Role(&'a str),
}

/// A principal reference as written in a scenario, read but not yet looked up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrincipalRefText<'a> {
    Anonymous,
    /// A service principal (`lambda.amazonaws.com`).
    Service(&'a str),
    /// An IAM or STS ARN, read as a caller.
    Arn(Caller),
    /// `account/user/NAME`, `account/role/NAME` or `account/root`, the account
    /// by name or ID. `entity` is `None` when the part after the account is
    /// none of those.
    Path {
        account: &'a str,
        entity: Option<EntityText<'a>>,
    },
}

/// The reference shape people are told to write.
pub const PRINCIPAL_REF_SHAPES: &str = "`account/user/NAME`, `account/role/NAME` or `account/root`";

impl<'a> PrincipalRefText<'a> {
    /// Reads a reference (surrounding spaces ignored). Only an ARN can fail
    /// here; a malformed path is reported once its account is known.
    pub fn parse(text: &'a str) -> Result<Self, CallerError> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("anonymous") {
            return Ok(Self::Anonymous);
        }
        if t.ends_with(".amazonaws.com") {
            return Ok(Self::Service(t));
        }
        if t.starts_with("arn:") {
            return Caller::parse(t).map(Self::Arn);
        }
        let mut parts = t.splitn(3, '/');
        let account = parts.next().unwrap_or_default();
        let entity = match (parts.next(), parts.next()) {
            (Some("root"), None) => Some(EntityText::Root),
            (Some("user"), Some(n)) => Some(EntityText::User(n)),
            (Some("role"), Some(n)) => Some(EntityText::Role(n)),
            _ => None,
        };
        Ok(Self::Path { account, entity })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_are_twelve_digits() {
        assert!(is_account_id("111122223333"));
        assert!(!is_account_id("11112222333"));
        assert!(!is_account_id("11112222333x"));
        assert_eq!(check_account_id("12").unwrap_err().to_string(), "`12` is not a 12-digit account ID");
    }

    #[test]
    fn names_follow_aws_limits() {
        assert!(check_name(NameKind::User, "ana.maria@x").is_ok());
        assert_eq!(
            check_name(NameKind::User, "a b").unwrap_err().to_string(),
            "`a b` is not a valid user name (letters, digits and +=,.@_- up to 64)"
        );
        assert!(check_name(NameKind::User, &"a".repeat(65)).is_err());
        assert!(check_name(NameKind::Group, &"a".repeat(128)).is_ok());
        assert_eq!(check_name(NameKind::Ou, " ").unwrap_err().to_string(), "an OU needs a name");
        assert!(check_name(NameKind::Ou, "Human Resources").is_ok());
        assert!(check_name(NameKind::Account, &"a".repeat(51)).is_err());
    }

    #[test]
    fn references_are_read_once() {
        assert_eq!(PrincipalRefText::parse(" anonymous "), Ok(PrincipalRefText::Anonymous));
        assert_eq!(PrincipalRefText::parse("s3.amazonaws.com"), Ok(PrincipalRefText::Service("s3.amazonaws.com")));
        assert_eq!(
            PrincipalRefText::parse("shop/user/ana"),
            Ok(PrincipalRefText::Path { account: "shop", entity: Some(EntityText::User("ana")) })
        );
        assert_eq!(
            PrincipalRefText::parse("shop/root"),
            Ok(PrincipalRefText::Path { account: "shop", entity: Some(EntityText::Root) })
        );
        assert_eq!(PrincipalRefText::parse("shop/x"), Ok(PrincipalRefText::Path { account: "shop", entity: None }));
        assert!(matches!(PrincipalRefText::parse("arn:aws:iam::111122223333:root"), Ok(PrincipalRefText::Arn(_))));
        assert!(PrincipalRefText::parse("arn:aws:iam::1:root").is_err());
    }
}
