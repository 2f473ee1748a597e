//! Security findings and privilege-escalation paths on a scenario, computed
//! with the engine (no string matching): who can become whom or gain what,
//! and what is exploitable in what the user built. No I/O: the answers are
//! plain data the CLI prints as JSON, text or SARIF ([`render`]).

pub mod escalation;
pub mod findings;
pub mod sarif;

pub use escalation::{Escalation, Goal, Path, Step, Technique, escalation, is_admin};
pub use findings::{Evidence, Finding, FindingType, Findings, findings};
