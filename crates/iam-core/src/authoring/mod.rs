//! Authoring help for an editor: completions at a cursor and hover text, from
//! the IAM action catalog. Pure functions of (text, byte offset, policy type,
//! catalog); the caller converts editor positions (UTF-16 in JavaScript) to
//! byte offsets and back (`span::LineIndex`).

mod complete;
mod hover;
mod scan;

pub use complete::complete;
pub use hover::hover;

use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompletionKind {
    /// A policy element (`Effect`, `Condition`, ...).
    Element,
    /// A fixed value (`Allow`, `2012-10-17`, `true`).
    Value,
    Service,
    Action,
    /// A resource ARN template or `*`.
    Resource,
    Operator,
    ConditionKey,
    /// A principal type (`AWS`, `Service`, ...) or service principal.
    Principal,
}

/// One suggestion: put `insert_text` in place of the text at `replace`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// Short extra text: an access level, a key type, a service name.
    pub detail: Option<String>,
    pub insert_text: String,
    /// Byte range replaced: the content of the string under the cursor, or an
    /// empty range at the cursor (then `insert_text` carries its own quotes).
    pub replace: Span,
}

/// Hover text (Markdown) for the token under the cursor, and the token's span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    pub markdown: String,
    pub span: Span,
}
