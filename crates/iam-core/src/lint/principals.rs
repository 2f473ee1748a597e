//! What principal values look like, per type (IAM User Guide, "AWS JSON policy
//! elements: Principal"). IAM rejects malformed `AWS` principals and wildcards
//! inside them; service and federated principals are checked more loosely.

use super::Lint;
use super::placeholders::has_placeholder;
use crate::diag::Diagnostic;
use crate::lint::Code;
use crate::policy::{PrincipalSet, PrincipalType};

/// Identity providers IAM names by host rather than by provider ARN.
const BUILT_IN_PROVIDERS: &[&str] =
    &["cognito-identity.amazonaws.com", "www.amazon.com", "graph.facebook.com", "accounts.google.com"];

pub(crate) fn check(lint: &mut Lint<'_, '_>) {
    let mut found = Vec::new();
    for st in &lint.policy.statements {
        let Some(PrincipalSet::Typed(groups)) = st.principal.as_ref().map(|p| &p.set) else { continue };
        for (ty, values) in groups {
            for v in values.iter().filter(|v| !v.value.is_empty() && !has_placeholder(&v.value)) {
                let Some((why, hint)) = problem(*ty, &v.value) else { continue };
                let d = Diagnostic::new(
                    Code::InvalidPrincipalFormat,
                    v.span,
                    format!("`{}` is not a valid `{}` principal: {why}", v.value, ty.as_str()),
                )
                .with_hint(hint);
                // Service and federated principals are checked loosely (the declared lenient cases).
                let loose = matches!(ty, PrincipalType::Service | PrincipalType::Federated);
                found.push(if loose { d.lenient() } else { d });
            }
        }
    }
    lint.findings.extend(found);
}

/// Reason and fix for a malformed principal value.
fn problem(ty: PrincipalType, value: &str) -> Option<(String, &'static str)> {
    match ty {
        PrincipalType::Aws => aws(value).map(|why| {
            let hint = "name an account (`111122223333` or `arn:aws:iam::111122223333:root`), a user or a role; \
                        to match many, use `*` with a condition on `aws:PrincipalArn`";
            (why, hint)
        }),
        PrincipalType::CanonicalUser => (value.len() != 64 || !value.chars().all(|c| c.is_ascii_hexdigit()))
            .then(|| ("a canonical user ID has 64 hexadecimal digits".into(), "copy the ID from the S3 console")),
        PrincipalType::Service => {
            let ok = value == "*"
                || [".amazonaws.com", ".amazonaws.com.cn", ".amazon.com"].iter().any(|s| value.ends_with(s));
            (!ok).then(|| {
                let why = "service principals are host names".to_string();
                (why, "write the service's principal, such as `ec2.amazonaws.com`")
            })
        }
        PrincipalType::Federated => {
            let provider_arn =
                value.starts_with("arn:") && (value.contains(":saml-provider/") || value.contains(":oidc-provider/"));
            (!provider_arn && !BUILT_IN_PROVIDERS.contains(&value)).then(|| {
                let why = "federated principals are SAML or OIDC provider ARNs or a built-in provider".to_string();
                (why, "write `arn:aws:iam::111122223333:oidc-provider/HOST` or, e.g., `accounts.google.com`")
            })
        }
    }
}

/// Why an `AWS` principal value is malformed, if it is.
fn aws(value: &str) -> Option<String> {
    if value == "*" || crate::model::names::is_account_id(value) {
        return None;
    }
    if value.contains(['*', '?']) {
        return Some("wildcards cannot match part of a principal".into());
    }
    let parts: Vec<&str> = value.splitn(6, ':').collect();
    let [arn, _partition, service, region, account, resource] = parts.as_slice() else {
        return Some("it is neither a 12-digit account ID nor an ARN".into());
    };
    let account_ok = crate::model::names::is_account_id(account) || *account == "cloudfront";
    let resource_ok = match *service {
        "iam" => *resource == "root" || ["user/", "role/", "federated-user/"].iter().any(|p| resource.starts_with(p)),
        "sts" => ["assumed-role/", "federated-user/"].iter().any(|p| resource.starts_with(p)),
        _ => false,
    };
    if *arn != "arn" || !region.is_empty() || !account_ok || !resource_ok {
        return Some("principal ARNs name an account (`:root`), a user, a role or a role session".into());
    }
    None
}
