//! The AWS Artifact reports library: the kinds of third-party audit reports
//! AWS publishes, what each attests, and which layers of the shared
//! responsibility model it covers. The documents themselves live in AWS
//! Artifact (behind an AWS sign-in and, for most, a confidentiality
//! agreement); the playground only describes them.

/// One kind of report.
#[derive(Clone, Copy, Debug)]
pub struct ArtifactReport {
    pub name: &'static str,
    pub attests: &'static str,
    /// The layers of the shared responsibility model it speaks to.
    pub layers: &'static str,
}

pub const REPORTS: &[ArtifactReport] = &[
    ArtifactReport {
        name: "SOC 1 Type 2",
        attests: "An independent auditor's opinion on AWS's controls relevant to customers' financial reporting (ICFR), and that they operated effectively over the period.",
        layers: "Security of the cloud: AWS facilities, hardware, the virtualization layer and the service operations AWS runs.",
    },
    ArtifactReport {
        name: "SOC 2 Type 2",
        attests: "AWS's controls for security, availability, confidentiality (and privacy) against the AICPA Trust Services Criteria, tested over a period.",
        layers: "Security of the cloud: infrastructure and managed-service operations. Not your IAM, data or configuration.",
    },
    ArtifactReport {
        name: "SOC 3",
        attests: "A public summary of the SOC 2 opinion, freely shareable.",
        layers: "Security of the cloud, at summary level.",
    },
    ArtifactReport {
        name: "ISO/IEC 27001 certificate",
        attests: "AWS runs an information security management system (ISMS) that meets ISO/IEC 27001, for the services in scope.",
        layers: "Security of the cloud: AWS's own security management.",
    },
    ArtifactReport {
        name: "ISO/IEC 27017 certificate",
        attests: "Cloud-specific security controls (ISO/IEC 27002 guidance for cloud providers), including the split of duties between provider and customer.",
        layers: "Security of the cloud, and the boundary with the customer's side.",
    },
    ArtifactReport {
        name: "ISO/IEC 27018 certificate",
        attests: "Protection of personally identifiable information (PII) in public clouds acting as a PII processor.",
        layers: "Security of the cloud: how AWS handles customer content as a processor.",
    },
    ArtifactReport {
        name: "PCI DSS Attestation of Compliance (AOC)",
        attests: "AWS is a PCI DSS Level 1 service provider for the services in scope; with the responsibility summary, what customers must still do.",
        layers: "Security of the cloud for cardholder-data environments. Your cardholder data environment (security in the cloud) needs its own assessment.",
    },
];

/// What every entry leaves out: the customer's side.
pub const CUSTOMER_SIDE: &str = "None of these reports covers security in the cloud: your IAM users, roles and policies, your data, your network and OS configuration. This report is about that side; AWS's reports are evidence for the other.";

/// Where the real documents are.
pub const WHERE: &str = "The real documents are in AWS Artifact (console: Artifact → Reports), downloaded after accepting their terms; nothing here is an AWS audit report.";
