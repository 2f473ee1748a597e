//! Diagnostics: what the parser, validator and linter report, with a span.

use crate::lint::{Code, PolicyType};
use crate::span::{LineIndex, Span};

/// Severity, named as IAM Access Analyzer's policy validation names its finding types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    SecurityWarning,
    Warning,
    Suggestion,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "ERROR",
            Severity::SecurityWarning => "SECURITY_WARNING",
            Severity::Warning => "WARNING",
            Severity::Suggestion => "SUGGESTION",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding. `code` names the check (declared with its severity in
/// `lint/checks.rs`); `message` is lowercase prose with user input in
/// backticks; `hint` says how to fix it, when we know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub hint: Option<String>,
    pub span: Span,
}

impl Diagnostic {
    /// A finding with the severity its code declares.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Self { severity: code.severity(), code, message: message.into(), hint: None, span }
    }

    /// With the severity its code declares for this policy type.
    pub fn in_policy(mut self, ty: PolicyType) -> Self {
        self.severity = self.code.severity_for(ty);
        self
    }

    /// One of the lenient cases its code's summary names, with the severity declared for them.
    pub fn lenient(mut self) -> Self {
        self.severity = self.code.lenient_severity();
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `line:col: SEVERITY code: message (hint)` for a terminal.
    pub fn render(&self, index: &LineIndex<'_>) -> String {
        let pos = index.line_col(self.span.start);
        match &self.hint {
            Some(h) => format!("{pos}: {} {}: {} (help: {h})", self.severity, self.code, self.message),
            None => format!("{pos}: {} {}: {}", self.severity, self.code, self.message),
        }
    }
}
