//! Errors in wire input: always with the field path and, when known, the
//! line and column.

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

    /// Converts a serde_json error on `text`, finding the field path of its
    /// position in the document (one serde instantiation, not a path-tracking
    /// wrapper per type: that keeps the Wasm small).
    pub fn from_json(err: &serde_json::Error, text: &str) -> Self {
        let message = strip_position(&err.to_string());
        let (line, column) = (err.line(), err.column());
        let path = if line > 0 { path_at(text, line, column) } else { "(root)".into() };
        Self { path, line: (line > 0).then_some(line), column: (line > 0).then_some(column), message }
    }
}

/// A serde message without its trailing " at line L column C" (the position
/// is reported separately).
pub fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg.get(..i).unwrap_or(msg).to_string(),
        None => msg.to_string(),
    }
}

/// The field path (`accounts[0].users[1].name`) of the value or key at a
/// 1-based line/column of a JSON text.
pub fn path_at(text: &str, line: usize, column: usize) -> String {
    use iam_core::json::{Value, parse, span_of};
    let offset = byte_offset(text, line, column);
    let Ok(Some(root)) = parse(text) else { return "(root)".into() };
    let mut path = String::new();
    let mut node = &root;
    loop {
        let next = match node {
            Value::Object(o) => o.properties.iter().find_map(|p| {
                let name = span_of(&p.name);
                let whole = span_of(p);
                // serde reports a bad key just after it, a bad value inside it.
                let inside = (name.start as usize) <= offset && offset <= (whole.end as usize);
                inside.then(|| {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(p.name.as_str());
                    &p.value
                })
            }),
            Value::Array(a) => a.elements.iter().enumerate().find_map(|(i, e)| {
                let s = span_of(e);
                ((s.start as usize) <= offset && offset <= (s.end as usize)).then(|| {
                    path.push_str(&format!("[{i}]"));
                    e
                })
            }),
            _ => None,
        };
        match next {
            Some(n) => node = n,
            None => break,
        }
    }
    if path.is_empty() { "(root)".into() } else { path }
}

fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = text.get(start..).unwrap_or("");
    let col = rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(i, _)| i);
    (start + col).min(text.len())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_from_positions() {
        let text = "{\"a\": [1, {\"b\": \"x\"}],\n \"c\": {\"d\": true}}";
        assert_eq!(path_at(text, 1, 18), "a[1].b");
        assert_eq!(path_at(text, 2, 12), "c.d");
        assert_eq!(path_at(text, 1, 1), "(root)");
        assert_eq!(path_at("not json", 1, 1), "(root)");
    }
}
