//! Which kind of policy is linted: the element rules and size quotas differ.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PolicyType {
    /// Attached to a user, group or role (customer managed or inline).
    Identity,
    /// Attached to a resource (bucket, key, queue, topic, VPC endpoint, ...).
    Resource,
    /// Service control policy (AWS Organizations).
    Scp,
    /// Resource control policy (AWS Organizations).
    Rcp,
    /// A role's trust policy (`AssumeRolePolicyDocument`).
    Trust,
    /// Permissions boundary.
    Boundary,
    /// Session policy passed to `AssumeRole`/`GetFederationToken`.
    Session,
    /// An AWS managed policy: identity rules, but AWS's own policies have no size quota.
    AwsManaged,
}

/// How the `Principal` element is governed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PrincipalRule {
    Forbidden,
    Required,
}

/// A size limit on the policy text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Quota {
    pub limit: usize,
    /// SCPs and RCPs count every character; IAM does not count whitespace.
    pub counts_whitespace: bool,
    /// Above this, `policy-too-large` has its declared severity (ERROR) even where the
    /// policy type lowers it (trust policies can be raised to 4,096).
    pub hard_limit: Option<usize>,
    pub what: &'static str,
}

impl PolicyType {
    pub const ALL: [PolicyType; 8] = [
        PolicyType::Identity,
        PolicyType::Resource,
        PolicyType::Scp,
        PolicyType::Rcp,
        PolicyType::Trust,
        PolicyType::Boundary,
        PolicyType::Session,
        PolicyType::AwsManaged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PolicyType::Identity => "identity",
            PolicyType::Resource => "resource",
            PolicyType::Scp => "scp",
            PolicyType::Rcp => "rcp",
            PolicyType::Trust => "trust",
            PolicyType::Boundary => "boundary",
            PolicyType::Session => "session",
            PolicyType::AwsManaged => "aws-managed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str().eq_ignore_ascii_case(text))
    }

    /// How messages name it.
    pub fn noun(self) -> &'static str {
        match self {
            PolicyType::Identity => "an identity-based policy",
            PolicyType::Resource => "a resource-based policy",
            PolicyType::Scp => "a service control policy",
            PolicyType::Rcp => "a resource control policy",
            PolicyType::Trust => "a role trust policy",
            PolicyType::Boundary => "a permissions boundary",
            PolicyType::Session => "a session policy",
            PolicyType::AwsManaged => "an AWS managed policy",
        }
    }

    /// Is a `Sid` with characters other than letters and digits rejected? IAM
    /// ("Statement IDs (SID) must be alpha-numeric") and Organizations validate
    /// the policies they store; resource policies of other services are more
    /// lenient, and session policies are not stored.
    pub(crate) fn sid_must_be_alphanumeric(self) -> bool {
        !matches!(self, PolicyType::Resource | PolicyType::Session)
    }

    pub(crate) fn principal_rule(self) -> PrincipalRule {
        match self {
            PolicyType::Resource | PolicyType::Rcp | PolicyType::Trust => PrincipalRule::Required,
            _ => PrincipalRule::Forbidden,
        }
    }

    /// May a statement have `Principal`/`NotPrincipal`?
    pub(crate) fn allows_principal(self) -> bool {
        self.principal_rule() != PrincipalRule::Forbidden
    }

    /// May a statement have `Resource`/`NotResource`? Not in a role trust
    /// policy, whose resource is the role itself.
    pub(crate) fn allows_resource(self) -> bool {
        self != PolicyType::Trust
    }

    /// AWS quotas: IAM and STS quotas (IAM User Guide, "IAM and AWS STS quotas"),
    /// Organizations quotas ("Quotas and service limits for AWS Organizations"),
    /// and the S3 bucket policy limit for resource policies (other services differ).
    pub(crate) fn quota(self) -> Option<Quota> {
        let iam = |limit, what| Quota { limit, counts_whitespace: false, hard_limit: None, what };
        match self {
            PolicyType::Identity => Some(iam(6_144, "customer managed policies")),
            PolicyType::Boundary => Some(iam(6_144, "managed policies used as permissions boundaries")),
            PolicyType::Session => Some(iam(2_048, "session policies")),
            PolicyType::Trust => Some(Quota {
                limit: 2_048,
                counts_whitespace: false,
                hard_limit: Some(4_096),
                what: "role trust policies (the default; it can be raised to 4,096)",
            }),
            PolicyType::Scp | PolicyType::Rcp => Some(Quota {
                limit: 5_120,
                counts_whitespace: true,
                hard_limit: None,
                what: if self == PolicyType::Scp { "service control policies" } else { "resource control policies" },
            }),
            PolicyType::Resource => Some(Quota {
                limit: 20_480,
                counts_whitespace: false,
                hard_limit: None,
                what: "S3 bucket policies (other services set their own limits)",
            }),
            PolicyType::AwsManaged => None,
        }
    }
}

impl std::fmt::Display for PolicyType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
