//! Errors in wire input: always with the field path or line/column.

use std::fmt;

/// A problem with an input document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireError {
    /// Field path such as `ContextEntries[1].ContextKeyType`, or `(root)`.
    pub path: String,
    /// 1-based line/column in the input document, when known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl WireError {
    pub fn at(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { path: path.into(), line: None, column: None, message: message.into() }
    }

    /// Converts a serde error, keeping the path and position it knows.
    pub fn from_serde(err: serde_path_to_error::Error<serde_json::Error>) -> Self {
        let path = err.path().to_string();
        let inner = err.into_inner();
        let (line, column) = (inner.line(), inner.column());
        // serde's message ends with " at line L column C"; we print the position ourselves.
        let raw = inner.to_string();
        let message = match raw.rfind(" at line ") {
            Some(i) => raw.get(..i).unwrap_or(&raw).to_string(),
            None => raw,
        };
        Self {
            path: if path == "." { "(root)".into() } else { path },
            line: (line > 0).then_some(line),
            column: (line > 0).then_some(column),
            message,
        }
    }
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{}: {}: {}", l, c, self.path, self.message),
            _ => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for WireError {}
