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
    /// wrapper per type: that keeps the Wasm small). The position reported is
    /// where that field's value (or, for a bad key, the key) starts: serde
    /// finds many mistakes only at a value's end, or after an object it read
    /// whole.
    pub fn from_json(err: &serde_json::Error, text: &str) -> Self {
        let message = strip_position(&err.to_string());
        let (line, column) = (err.line(), err.column());
        if line == 0 {
            return Self { path: "(root)".into(), line: None, column: None, message };
        }
        match locate(text, line, column, &message) {
            Some((path, start)) => {
                let at = iam_core::LineIndex::new(text).line_col(start);
                Self { path, line: Some(at.line as usize), column: Some(at.column as usize), message }
            }
            None => Self { path: "(root)".into(), line: Some(line), column: Some(column), message },
        }
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
    locate(text, line, column, "").map_or_else(|| "(root)".into(), |(path, _)| path)
}

/// The field path at a 1-based line/column of a JSON text, and the byte
/// offset where that field's value (or key) starts. `message` is the error
/// found there: an "unknown field `x`" raised after an object was read whole
/// (a kind that does not take `x`) is located at the key `x`.
fn locate(text: &str, line: usize, column: usize, message: &str) -> Option<(String, u32)> {
    use iam_core::json::{Value, parse, span_of};
    let offset = byte_offset(text, line, column);
    let root = parse(text).ok()??;
    let mut path = String::new();
    let mut node = &root;
    let mut start = span_of(&root).start;
    let mut on_a_key = false;
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
                    let on_key = offset <= name.end as usize || offset < span_of(&p.value).start as usize;
                    (&p.value, if on_key { name.start } else { span_of(&p.value).start }, on_key)
                })
            }),
            Value::Array(a) => {
                // An element's error may come after it was read whole: at the
                // `,` or `]` that follows it. The array itself has no errors
                // of its own here (syntax was checked before).
                let close = span_of(a).end as usize;
                a.elements.iter().enumerate().find_map(|(i, e)| {
                    let s = span_of(e);
                    let until = a.elements.get(i + 1).map_or(close, |n| span_of(n).start as usize);
                    ((s.start as usize) <= offset && offset < until.max(s.end as usize + 1)).then(|| {
                        path.push_str(&format!("[{i}]"));
                        (e, s.start, false)
                    })
                })
            }
            _ => None,
        };
        match next {
            Some((n, at, on_key)) => {
                node = n;
                start = at;
                if on_key {
                    on_a_key = true;
                    break;
                }
            }
            None => break,
        }
    }
    // "unknown field `x` for kind `k`": found after the object, named in the message.
    if let (Value::Object(o), Some(field), false) = (node, unknown_field(message), on_a_key)
        && let Some(p) = o.properties.iter().find(|p| p.name.as_str() == field)
    {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(field);
        start = span_of(&p.name).start;
    }
    if path.is_empty() { None } else { Some((path, start)) }
}

/// The `x` of a message "unknown field `x`...".
fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.get(..rest.find('`')?)
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
