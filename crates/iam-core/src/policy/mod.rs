//! The policy document as written: every element with its span.
//!
//! The AST keeps what the author wrote (original case, original order); the
//! compiler (`crate::compile`) turns it into the fast evaluation form.

mod parse;

pub use parse::parse_policy;

use crate::span::{Span, Spanned};

/// A parsed IAM policy document (identity, resource, SCP, RCP, trust, boundary or session).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Policy {
    /// `None` when missing or not a string (see `elements` to tell which).
    pub version: Option<Spanned<String>>,
    pub id: Option<Spanned<String>>,
    pub statements: Vec<Statement>,
    /// `true` when `Statement` was written as a single object rather than an array.
    pub statement_is_object: bool,
    /// The top-level elements written, whatever their values.
    pub elements: Elements,
    pub span: Span,
}

/// A policy or statement element, as IAM names it (names are case-sensitive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Element {
    Version,
    Id,
    Statement,
    Sid,
    Effect,
    Principal,
    NotPrincipal,
    Action,
    NotAction,
    Resource,
    NotResource,
    Condition,
}

impl Element {
    /// The elements of a policy document.
    pub const TOP: [Element; 3] = [Element::Version, Element::Id, Element::Statement];

    /// The elements of a statement.
    pub const STATEMENT: [Element; 9] = [
        Element::Sid,
        Element::Effect,
        Element::Principal,
        Element::NotPrincipal,
        Element::Action,
        Element::NotAction,
        Element::Resource,
        Element::NotResource,
        Element::Condition,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Element::Version => "Version",
            Element::Id => "Id",
            Element::Statement => "Statement",
            Element::Sid => "Sid",
            Element::Effect => "Effect",
            Element::Principal => "Principal",
            Element::NotPrincipal => "NotPrincipal",
            Element::Action => "Action",
            Element::NotAction => "NotAction",
            Element::Resource => "Resource",
            Element::NotResource => "NotResource",
            Element::Condition => "Condition",
        }
    }

    /// The element a statement cannot have together with this one
    /// (`Action`/`NotAction`, `Resource`/`NotResource`, `Principal`/`NotPrincipal`).
    pub fn exclusive_with(self) -> Option<Element> {
        match self {
            Element::Principal => Some(Element::NotPrincipal),
            Element::NotPrincipal => Some(Element::Principal),
            Element::Action => Some(Element::NotAction),
            Element::NotAction => Some(Element::Action),
            Element::Resource => Some(Element::NotResource),
            Element::NotResource => Some(Element::Resource),
            _ => None,
        }
    }
}

/// The elements written in a policy or statement, each with the span of its
/// key and value. An element with a value of the wrong type is present all the
/// same: it is reported as malformed, never also as missing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Elements(Vec<(Element, Span)>);

impl Elements {
    pub fn has(&self, element: Element) -> bool {
        self.0.iter().any(|(e, _)| *e == element)
    }

    /// The span of the element's key and value, if written.
    pub fn span(&self, element: Element) -> Option<Span> {
        self.0.iter().find(|(e, _)| *e == element).map(|(_, s)| *s)
    }

    /// The elements in the order written.
    pub fn iter(&self) -> impl Iterator<Item = (Element, Span)> + '_ {
        self.0.iter().copied()
    }

    pub(crate) fn insert(&mut self, element: Element, span: Span) {
        self.0.push((element, span));
    }
}

/// The policy language version, which decides whether `${...}` is a variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyVersion {
    /// `2012-10-17`: policy variables are substituted.
    V2012_10_17,
    /// `2008-10-17` (or no `Version`): `${...}` is literal text.
    V2008_10_17,
}

impl Policy {
    /// The language version in force. A missing `Version` behaves as `2008-10-17`
    /// (AWS: "If you do not include a Version element, the value defaults to 2008-10-17").
    pub fn language_version(&self) -> PolicyVersion {
        match self.version.as_ref().map(|v| v.value.as_str()) {
            Some("2012-10-17") => PolicyVersion::V2012_10_17,
            _ => PolicyVersion::V2008_10_17,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Effect {
    Allow,
    Deny,
}

impl Effect {
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub sid: Option<Spanned<String>>,
    /// `None` when missing or invalid (a diagnostic was reported).
    pub effect: Option<Spanned<Effect>>,
    pub principal: Option<PrincipalBlock>,
    pub action: Option<NameBlock>,
    /// `None` when the statement has neither `Resource` nor `NotResource`
    /// (trust policies and some resource policies omit it).
    pub resource: Option<NameBlock>,
    pub conditions: Vec<Condition>,
    /// The elements written, whatever their values: `action` is `None` both
    /// when `Action` is missing and when it is not a string or an array.
    pub elements: Elements,
    pub span: Span,
    /// False when an error in this statement makes it unsafe to evaluate; the
    /// evaluator then skips it and says so in every explanation.
    pub valid: bool,
}

/// `Action`/`NotAction` or `Resource`/`NotResource`: a list of patterns.
#[derive(Clone, Debug, PartialEq)]
pub struct NameBlock {
    /// `NotAction` / `NotResource`.
    pub negated: bool,
    pub items: Vec<Spanned<String>>,
    /// The span of the key and its value.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PrincipalBlock {
    /// `NotPrincipal`.
    pub negated: bool,
    pub set: PrincipalSet,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PrincipalSet {
    /// `"Principal": "*"`: everyone, including anonymous callers.
    Any,
    /// `{"AWS": [...], "Service": [...], ...}` in the order written.
    Typed(Vec<(PrincipalType, Vec<Spanned<String>>)>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PrincipalType {
    Aws,
    Service,
    Federated,
    CanonicalUser,
}

impl PrincipalType {
    /// Every key a `Principal` object may have, in documentation order.
    pub const ALL: [PrincipalType; 4] =
        [PrincipalType::Aws, PrincipalType::Service, PrincipalType::Federated, PrincipalType::CanonicalUser];

    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalType::Aws => "AWS",
            PrincipalType::Service => "Service",
            PrincipalType::Federated => "Federated",
            PrincipalType::CanonicalUser => "CanonicalUser",
        }
    }
}

/// One `operator: { key: values }` entry of a `Condition` block.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub operator: Spanned<String>,
    pub key: Spanned<String>,
    /// Values as text: JSON numbers keep their literal text, booleans become `true`/`false`.
    pub values: Vec<Spanned<String>>,
    /// Span of the `key: values` pair.
    pub span: Span,
}
