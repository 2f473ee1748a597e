//! Where the cursor is in a policy being typed. The text is often not valid
//! JSON yet (an unterminated string, a missing comma), so this is a tolerant
//! token walk rather than a parse: it tracks the keys from the root to the
//! cursor, whether a key or a value is being typed, and each statement's
//! actions (including those after the cursor).

use crate::span::Span;
use rustc_hash::FxHashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Slot {
    /// An object key is being typed.
    Key,
    /// A value (or an array element) is being typed.
    Value,
}

/// What the cursor is on.
#[derive(Clone, Debug)]
pub(crate) struct Cursor {
    pub slot: Slot,
    /// Keys from the root: `["Statement", "Condition", "StringEquals"]` for a
    /// condition key; for a value, the path ends with the value's own key.
    pub path: Vec<String>,
    /// Text of the string up to the cursor (empty outside a string).
    pub typed: String,
    /// Whole text of the string under the cursor.
    pub whole: String,
    /// What a completion replaces: the string's content, or an empty span at the cursor.
    pub replace: Span,
    /// The span of the string token under the cursor (with quotes).
    pub token: Option<Span>,
    pub in_string: bool,
    /// Start offset of the innermost object (identifies its keys).
    pub object: Option<u32>,
    /// Start offset of the statement the cursor is in.
    pub statement: Option<u32>,
}

#[derive(Default)]
pub(crate) struct Scan {
    pub cursor: Option<Cursor>,
    /// Keys of each object, by the object's start offset.
    pub keys: FxHashMap<u32, Vec<String>>,
    /// `Action`/`NotAction` strings of each statement, by its start offset.
    pub actions: FxHashMap<u32, Vec<String>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ObjState {
    ExpectKey,
    ExpectColon,
    ExpectValue,
    AfterValue,
}

#[derive(Clone, Debug)]
enum Frame {
    Object { id: u32, path: Vec<String>, key: Option<String>, state: ObjState, statement: Option<u32> },
    Array { path: Vec<String>, statement: Option<u32> },
}

#[derive(Clone, Debug)]
enum Token {
    Open(char),
    Close(char),
    Colon,
    Comma,
    Str { span: Span, content: String, terminated: bool },
    Other,
}

fn tokens(text: &str) -> Vec<(Span, Token)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let start = i;
        match b {
            b'{' | b'[' => {
                out.push((Span::from_range(i, i + 1), Token::Open(b as char)));
                i += 1;
            }
            b'}' | b']' => {
                out.push((Span::from_range(i, i + 1), Token::Close(b as char)));
                i += 1;
            }
            b':' => {
                out.push((Span::from_range(i, i + 1), Token::Colon));
                i += 1;
            }
            b',' => {
                out.push((Span::from_range(i, i + 1), Token::Comma));
                i += 1;
            }
            b'"' => {
                i += 1;
                let content_start = i;
                let mut terminated = false;
                // Only ASCII bytes stop the walk, so `i` stays on character boundaries.
                while let Some(&c) = bytes.get(i) {
                    match c {
                        b'"' => {
                            terminated = true;
                            break;
                        }
                        // An unfinished string ends at the line break.
                        b'\n' => break,
                        b'\\' => {
                            i += 1;
                            match text.get(i..).and_then(|r| r.chars().next()) {
                                Some('\n') | None => {}
                                Some(escaped) => i += escaped.len_utf8(),
                            }
                        }
                        _ => i += 1,
                    }
                }
                let content = decode(text.get(content_start..i).unwrap_or(""));
                if terminated {
                    i += 1;
                }
                let end = i.min(bytes.len());
                out.push((
                    Span::from_range(start, end),
                    Token::Str { span: Span::from_range(start, end), content, terminated },
                ));
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                while let Some(&c) = bytes.get(i) {
                    if matches!(c, b'{' | b'}' | b'[' | b']' | b':' | b',' | b'"') || c.is_ascii_whitespace() {
                        break;
                    }
                    i += 1;
                }
                out.push((Span::from_range(start, i), Token::Other));
            }
        }
    }
    out
}

/// Decodes the escapes of a JSON string's content as the JSON parser does
/// (`\n`, `\b`, `\u00e9`, surrogate pairs); an unfinished escape is kept as
/// written, and an escape JSON does not have stands for its character.
fn decode(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(pos) = rest.find('\\') {
        out.push_str(rest.get(..pos).unwrap_or(""));
        let mut chars = rest.get(pos + 1..).unwrap_or("").chars();
        let Some(escape) = chars.next() else {
            out.push('\\');
            return out;
        };
        rest = chars.as_str();
        match escape {
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'u' => match hex4(rest) {
                Some(unit) => {
                    rest = rest.get(4..).unwrap_or("");
                    let low = rest.strip_prefix("\\u").and_then(hex4).filter(|l| (0xDC00..0xE000).contains(l));
                    let code = match (unit, low) {
                        (0xD800..=0xDBFF, Some(low)) => {
                            rest = rest.get(6..).unwrap_or("");
                            0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        }
                        _ => unit,
                    };
                    out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                }
                None => out.push_str("\\u"),
            },
            // `\"`, `\\`, `\/`, and (leniently) anything else: the character itself.
            other => out.push(other),
        }
    }
    out.push_str(rest);
    out
}

/// The value of four hexadecimal digits at the start of `text`.
fn hex4(text: &str) -> Option<u32> {
    let digits = text.get(..4)?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

impl Frame {
    /// Path of a value written here, and the statement it belongs to.
    fn value_path(&self) -> (Vec<String>, Option<u32>) {
        match self {
            Frame::Object { path, key, statement, .. } => {
                let mut p = path.clone();
                p.extend(key.clone());
                (p, *statement)
            }
            Frame::Array { path, statement } => (path.clone(), *statement),
        }
    }

    fn slot(&self) -> Slot {
        match self {
            Frame::Object { state: ObjState::ExpectKey | ObjState::AfterValue, .. } => Slot::Key,
            _ => Slot::Value,
        }
    }
}

fn is_action_path(path: &[String]) -> bool {
    matches!(path, [s, a] if s == "Statement" && (a == "Action" || a == "NotAction"))
}

/// Walks `text` and notes the context at byte `offset`.
pub(crate) fn scan(text: &str, offset: usize) -> Scan {
    let offset = u32::try_from(offset.min(text.len())).unwrap_or(u32::MAX);
    let mut scan = Scan::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut prev_end = 0u32;
    for (span, token) in tokens(text) {
        // The cursor between tokens.
        if scan.cursor.is_none() && prev_end <= offset && offset <= span.start {
            scan.cursor = Some(between(&stack, offset));
        }
        match token {
            Token::Open(c) => {
                let (path, statement) = stack.last().map_or((Vec::new(), None), Frame::value_path);
                if let Some(Frame::Object { state, .. }) = stack.last_mut() {
                    *state = ObjState::AfterValue;
                }
                if c == '{' {
                    let is_statement = path.len() == 1 && path.first().is_some_and(|p| p == "Statement");
                    let statement = if is_statement { Some(span.start) } else { statement };
                    scan.keys.entry(span.start).or_default();
                    stack.push(Frame::Object {
                        id: span.start,
                        path,
                        key: None,
                        state: ObjState::ExpectKey,
                        statement,
                    });
                } else {
                    stack.push(Frame::Array { path, statement });
                }
            }
            Token::Close(c) => {
                let wanted_object = c == '}';
                while let Some(frame) = stack.pop() {
                    if matches!(frame, Frame::Object { .. }) == wanted_object {
                        break;
                    }
                }
            }
            Token::Colon => {
                if let Some(Frame::Object { state, .. }) = stack.last_mut() {
                    *state = ObjState::ExpectValue;
                }
            }
            Token::Comma => {
                if let Some(Frame::Object { state, .. }) = stack.last_mut() {
                    *state = ObjState::ExpectKey;
                }
            }
            Token::Str { span, content, terminated } => {
                let inside = span.start < offset && (offset < span.end || (!terminated && offset <= span.end));
                let slot = stack.last().map_or(Slot::Value, Frame::slot);
                if inside && scan.cursor.is_none() {
                    scan.cursor = Some(in_string(&stack, text, span, &content, terminated, offset, slot));
                }
                match (stack.last_mut(), slot) {
                    (Some(Frame::Object { id, key, state, .. }), Slot::Key) => {
                        scan.keys.entry(*id).or_default().push(content.clone());
                        *key = Some(content);
                        *state = ObjState::ExpectColon;
                    }
                    (top, _) => {
                        let (path, statement) = top.as_deref().map_or((Vec::new(), None), Frame::value_path);
                        if let (true, Some(st)) = (is_action_path(&path), statement) {
                            scan.actions.entry(st).or_default().push(content);
                        }
                        if let Some(Frame::Object { state, .. }) = top {
                            *state = ObjState::AfterValue;
                        }
                    }
                }
            }
            Token::Other => {
                if let Some(Frame::Object { state, .. }) = stack.last_mut() {
                    *state = ObjState::AfterValue;
                }
            }
        }
        prev_end = span.end;
    }
    if scan.cursor.is_none() && prev_end <= offset {
        scan.cursor = Some(between(&stack, offset));
    }
    scan
}

fn context(stack: &[Frame], slot: Slot) -> (Vec<String>, Option<u32>, Option<u32>) {
    let object = stack.iter().rev().find_map(|f| match f {
        Frame::Object { id, .. } => Some(*id),
        Frame::Array { .. } => None,
    });
    match (stack.last(), slot) {
        (Some(Frame::Object { path, statement, .. }), Slot::Key) => (path.clone(), object, *statement),
        (Some(top), _) => {
            let (path, statement) = top.value_path();
            (path, object, statement)
        }
        (None, _) => (Vec::new(), None, None),
    }
}

fn between(stack: &[Frame], offset: u32) -> Cursor {
    let slot = stack.last().map_or(Slot::Value, Frame::slot);
    let (path, object, statement) = context(stack, slot);
    Cursor {
        slot,
        path,
        typed: String::new(),
        whole: String::new(),
        replace: Span::new(offset, offset),
        token: None,
        in_string: false,
        object,
        statement,
    }
}

fn in_string(
    stack: &[Frame],
    text: &str,
    span: Span,
    content: &str,
    terminated: bool,
    offset: u32,
    slot: Slot,
) -> Cursor {
    let (path, object, statement) = context(stack, slot);
    let content_start = span.start + 1;
    let content_end = if terminated { span.end.saturating_sub(1) } else { span.end };
    let typed = decode(text.get(content_start as usize..offset.min(content_end) as usize).unwrap_or(""));
    Cursor {
        slot,
        path,
        typed,
        whole: content.to_string(),
        replace: Span::new(content_start, content_end.max(content_start)),
        token: Some(span),
        in_string: true,
        object,
        statement,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text_with_bar: &str) -> Cursor {
        let offset = text_with_bar.find('|').unwrap();
        let text = text_with_bar.replacen('|', "", 1);
        scan(&text, offset).cursor.unwrap()
    }

    #[test]
    fn keys_and_values_along_the_path() {
        let c = at(r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Act|"#);
        assert_eq!((c.slot, c.path.as_slice(), c.typed.as_str()), (Slot::Key, &["Statement".to_string()][..], "Act"));
        let c = at(r#"{"Statement": [{"Action": ["s3:Get|"]}]}"#);
        assert_eq!((c.slot, c.path.join("/"), c.typed.as_str()), (Slot::Value, "Statement/Action".into(), "s3:Get"));
        assert_eq!(c.whole, "s3:Get");
        let c = at(r#"{"Statement": {"Action": "s3:GetObject", "Condition": {"StringEquals": {"|"#);
        assert_eq!((c.slot, c.path.join("/")), (Slot::Key, "Statement/Condition/StringEquals".into()));
        let c = at(r#"{"Statement": [{"Condition": {"|"#);
        assert_eq!(c.path.join("/"), "Statement/Condition");
        let c = at(r#"{"Statement": [{"Effect": |}]}"#);
        assert!(!c.in_string);
        assert_eq!((c.slot, c.path.join("/")), (Slot::Value, "Statement/Effect".into()));
        let c = at(r#"{"Statement": [{"Effect": "Allow", |}]}"#);
        assert_eq!((c.slot, c.path.join("/")), (Slot::Key, "Statement".into()));
        let c = at(r#"{|}"#);
        assert_eq!((c.slot, c.path.len()), (Slot::Key, 0));
    }

    #[test]
    fn statements_collect_their_actions_even_after_the_cursor() {
        let text = r#"{"Statement": [{"Condition": {"StringEquals": {"": "x"}}, "Action": ["s3:GetObject", "s3:ListBucket"]}, {"Action": "ec2:*"}]}"#;
        let offset = text.find(r#""": "x""#).unwrap() + 1;
        let s = scan(text, offset);
        let c = s.cursor.unwrap();
        assert_eq!(c.path.join("/"), "Statement/Condition/StringEquals");
        assert_eq!(s.actions.get(&c.statement.unwrap()).unwrap(), &["s3:GetObject", "s3:ListBucket"]);
        assert_eq!(s.actions.len(), 2);
    }

    #[test]
    fn string_escapes_are_decoded_like_json() {
        let content = |json_string: &str| match tokens(json_string).first() {
            Some((_, Token::Str { content, .. })) => content.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(content(r#""s3:Get\u004fbject""#), "s3:GetObject");
        assert_eq!(content(r#""a\b\f\r\n\t\/\\\"z""#), "a\u{8}\u{c}\r\n\t/\\\"z");
        assert_eq!(content(r#""\u00e9\u00E9""#), "éé");
        assert_eq!(content(r#""\ud83d\ude00!""#), "😀!");
        assert_eq!(content(r#""\ud83d""#), "\u{fffd}", "a lone surrogate");
        // Non-ASCII after a backslash is one character, not bytes.
        assert_eq!(content(r#""a\éb""#), "aéb");
        assert_eq!(content(r#""a\😀b""#), "a😀b");
        // Unfinished escapes stay as written.
        assert_eq!(content(r#""s3:\u00"#), "s3:\\u00");
        assert_eq!(content("\"abc\\"), "abc\\");
        // A string cut by a line break ends there.
        assert_eq!(content("\"ab\\\ncd\""), "ab\\");
        let c = at(r#"{"Statement": [{"Action": "s3:Get\u004f|bject"}]}"#);
        assert_eq!((c.typed.as_str(), c.whole.as_str()), ("s3:GetO", "s3:GetObject"));
    }

    #[test]
    fn replace_spans_cover_the_string_content() {
        let text = r#"{"Statement": [{"Action": "s3:GetObj"}]}"#;
        let offset = text.find("GetObj").unwrap() + 3;
        let c = scan(text, offset).cursor.unwrap();
        assert_eq!(&text[c.replace.start as usize..c.replace.end as usize], "s3:GetObj");
        assert_eq!(c.typed, "s3:Get");
    }
}
