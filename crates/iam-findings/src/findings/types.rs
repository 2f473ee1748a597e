//! The catalog of finding types: stable kebab-case names, default severity
//! and score, remediation. Documented in the README's "Findings" table.

use iam_reports::Severity;
use schemars::JsonSchema;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FindingType {
    /// A resource that anyone, or an account outside the organization, can read or write.
    ExternalAccess,
    /// A role whose trust policy lets anyone or an outside account assume it.
    TrustOpenToOutside,
    /// An identity policy statement allowing `*` on `*`.
    WildcardAdminGrant,
    /// An IAM user with a console password and no MFA device.
    ConsoleUserWithoutMfa,
    /// An active access key older than 90 days.
    AccessKeyNotRotated,
    /// An active access key unused for 90 days (or never used).
    AccessKeyUnused,
    /// A role no principal of the scenario, no service and no outsider can assume.
    UnassumableRole,
    /// A privilege-escalation path.
    PrivilegeEscalation,
}

impl FindingType {
    pub const ALL: [FindingType; 8] = [
        FindingType::ExternalAccess,
        FindingType::TrustOpenToOutside,
        FindingType::WildcardAdminGrant,
        FindingType::ConsoleUserWithoutMfa,
        FindingType::AccessKeyNotRotated,
        FindingType::AccessKeyUnused,
        FindingType::UnassumableRole,
        FindingType::PrivilegeEscalation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FindingType::ExternalAccess => "external-access",
            FindingType::TrustOpenToOutside => "trust-open-to-outside",
            FindingType::WildcardAdminGrant => "wildcard-admin-grant",
            FindingType::ConsoleUserWithoutMfa => "console-user-without-mfa",
            FindingType::AccessKeyNotRotated => "access-key-not-rotated",
            FindingType::AccessKeyUnused => "access-key-unused",
            FindingType::UnassumableRole => "unassumable-role",
            FindingType::PrivilegeEscalation => "privilege-escalation",
        }
    }

    /// The default severity and score (some findings rank higher case by case).
    pub fn severity(self) -> (Severity, f32) {
        match self {
            FindingType::ExternalAccess => (Severity::High, 7.5),
            FindingType::TrustOpenToOutside => (Severity::High, 7.5),
            FindingType::WildcardAdminGrant => (Severity::High, 7.0),
            FindingType::ConsoleUserWithoutMfa => (Severity::Medium, 5.5),
            FindingType::AccessKeyNotRotated => (Severity::Medium, 4.5),
            FindingType::AccessKeyUnused => (Severity::Low, 3.5),
            FindingType::UnassumableRole => (Severity::Informational, 1.0),
            FindingType::PrivilegeEscalation => (Severity::High, 8.0),
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            FindingType::ExternalAccess => {
                "A resource anyone, or an account outside the organization, can read or write."
            }
            FindingType::TrustOpenToOutside => {
                "A role that anyone, or an account outside the organization, can assume."
            }
            FindingType::WildcardAdminGrant => "An identity policy statement allowing every action on every resource.",
            FindingType::ConsoleUserWithoutMfa => "An IAM user who signs in to the console with a password alone.",
            FindingType::AccessKeyNotRotated => "An active access key older than 90 days.",
            FindingType::AccessKeyUnused => "An active access key not used for 90 days, or never used.",
            FindingType::UnassumableRole => "A role nobody in the scenario, no service and no outsider can assume.",
            FindingType::PrivilegeEscalation => {
                "A principal can become a stronger one, or give itself more permissions."
            }
        }
    }

    pub fn remediation(self) -> &'static str {
        match self {
            FindingType::ExternalAccess => {
                "Remove the resource policy statement that grants `*` or the outside account, or restrict it with aws:PrincipalOrgID, aws:SourceAccount or aws:SourceVpce."
            }
            FindingType::TrustOpenToOutside => {
                "Name the exact principals in the trust policy, and require sts:ExternalId or aws:PrincipalOrgID for third parties."
            }
            FindingType::WildcardAdminGrant => {
                "Replace `\"Action\": \"*\", \"Resource\": \"*\"` with the actions and resources the job needs (IAM Access Analyzer can generate a policy from activity)."
            }
            FindingType::ConsoleUserWithoutMfa => {
                "Enable an MFA device for the user (a passkey or hardware key), or remove the console password."
            }
            FindingType::AccessKeyNotRotated => {
                "Rotate the access key: create a new one, switch to it, deactivate and delete the old one."
            }
            FindingType::AccessKeyUnused => "Deactivate and delete the unused access key.",
            FindingType::UnassumableRole => "Delete the role if nothing uses it, or fix its trust policy.",
            FindingType::PrivilegeEscalation => {
                "Remove the permission of the first step (or scope it: iam:PassRole to named roles with iam:PassedToService; IAM write actions not on the principal itself), or set a permissions boundary that denies it."
            }
        }
    }
}
