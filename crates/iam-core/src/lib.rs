//! IAM Playground core: AWS IAM policies parsed with spans, compiled, and
//! evaluated exactly as AWS documents, with explanations.
//!
//! No I/O and no panics on input: everything user-supplied comes back as data
//! (a [`diag::Diagnostic`] or an [`eval::Explanation`]).

pub mod arn;
pub mod authoring;
pub mod catalog;
pub mod compile;
pub mod condition;
pub mod context;
pub mod diag;
pub mod eval;
pub mod glob;
pub mod json;
pub mod lint;
pub mod model;
pub mod policy;
pub mod principal;
pub mod request;
pub mod span;
pub mod text;
pub mod vars;

pub use compile::CompiledPolicy;
pub use context::{Context, ContextValue};
pub use diag::{Diagnostic, Severity};
pub use eval::{Decision, Explanation, Layer, PolicySet, Reason, Request};
pub use policy::{Policy, parse_policy};
pub use principal::{Caller, CallerKind};
pub use span::{LineCol, LineIndex, Span};
