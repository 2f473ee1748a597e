//! Diagnostics: what the parser, validator and linter report, with a span.

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

/// One finding. `code` is a stable kebab-case identifier; `message` is lowercase
/// prose with user input in backticks; `hint` says how to fix it, when we know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
    pub span: Span,
}

impl Diagnostic {
    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, code, message: message.into(), hint: None, span }
    }

    pub fn new(severity: Severity, code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Self { severity, code, message: message.into(), hint: None, span }
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
