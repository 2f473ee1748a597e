//! Condition operators: compiling `Condition` entries and evaluating them
//! against a request context, with AWS's rules for missing keys, negation,
//! `...IfExists` and the `ForAllValues`/`ForAnyValue` set qualifiers.

mod eval;
mod operator;
mod values;

pub use eval::{CompiledCondition, CondFailure, CondResult, Operand};
pub use operator::{BASE_OPERATORS, Cmp, Family, Operator, OperatorError, SetQualifier};
pub use values::{IpNet, parse_date, parse_number};
