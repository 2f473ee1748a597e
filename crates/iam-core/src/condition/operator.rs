//! Condition operator names: `[ForAllValues:|ForAnyValue:]Base[IfExists]`.

/// The operator family decides how values are read and compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    String,
    StringIgnoreCase,
    StringLike,
    Numeric,
    Date,
    Bool,
    Binary,
    Ip,
    Arn,
    Null,
}

impl Family {
    /// Policy variables are substituted only in string and ARN values
    /// (VAR-CONDITION-OPS), and in Bool values, which the condition operator
    /// page lists as supporting them (COND-BOOL; see docs/aws-rules.md §10).
    pub fn takes_variables(self) -> bool {
        matches!(self, Family::String | Family::StringIgnoreCase | Family::StringLike | Family::Arn | Family::Bool)
    }
}

/// Comparison within a family; `Ne`/`NotLike`/`NotIp` forms are expressed by
/// [`Operator::negated`] over the positive comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cmp {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SetQualifier {
    ForAllValues,
    ForAnyValue,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Operator {
    pub set: Option<SetQualifier>,
    pub family: Family,
    pub cmp: Cmp,
    /// `StringNotEquals`, `StringNotLike`, `NumericNotEquals`, `DateNotEquals`,
    /// `NotIpAddress`, `ArnNotEquals`, `ArnNotLike`, `StringNotEqualsIgnoreCase`.
    pub negated: bool,
    pub if_exists: bool,
}

/// Every base operator name with its meaning, in documentation order.
pub const BASE_OPERATORS: &[(&str, Family, Cmp, bool)] = &[
    ("StringEquals", Family::String, Cmp::Eq, false),
    ("StringNotEquals", Family::String, Cmp::Eq, true),
    ("StringEqualsIgnoreCase", Family::StringIgnoreCase, Cmp::Eq, false),
    ("StringNotEqualsIgnoreCase", Family::StringIgnoreCase, Cmp::Eq, true),
    ("StringLike", Family::StringLike, Cmp::Eq, false),
    ("StringNotLike", Family::StringLike, Cmp::Eq, true),
    ("NumericEquals", Family::Numeric, Cmp::Eq, false),
    ("NumericNotEquals", Family::Numeric, Cmp::Eq, true),
    ("NumericLessThan", Family::Numeric, Cmp::Lt, false),
    ("NumericLessThanEquals", Family::Numeric, Cmp::Le, false),
    ("NumericGreaterThan", Family::Numeric, Cmp::Gt, false),
    ("NumericGreaterThanEquals", Family::Numeric, Cmp::Ge, false),
    ("DateEquals", Family::Date, Cmp::Eq, false),
    ("DateNotEquals", Family::Date, Cmp::Eq, true),
    ("DateLessThan", Family::Date, Cmp::Lt, false),
    ("DateLessThanEquals", Family::Date, Cmp::Le, false),
    ("DateGreaterThan", Family::Date, Cmp::Gt, false),
    ("DateGreaterThanEquals", Family::Date, Cmp::Ge, false),
    ("Bool", Family::Bool, Cmp::Eq, false),
    ("BinaryEquals", Family::Binary, Cmp::Eq, false),
    ("IpAddress", Family::Ip, Cmp::Eq, false),
    ("NotIpAddress", Family::Ip, Cmp::Eq, true),
    ("ArnEquals", Family::Arn, Cmp::Eq, false),
    ("ArnLike", Family::Arn, Cmp::Eq, false),
    ("ArnNotEquals", Family::Arn, Cmp::Eq, true),
    ("ArnNotLike", Family::Arn, Cmp::Eq, true),
    ("Null", Family::Null, Cmp::Eq, false),
];

/// Why an operator name is not valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OperatorError {
    Unknown {
        suggestion: Option<String>,
    },
    /// `Null` takes no `IfExists` or set qualifier.
    NullQualified,
}

impl Operator {
    pub fn parse(name: &str) -> Result<Self, OperatorError> {
        let (set, rest) = if let Some(r) = name.strip_prefix("ForAllValues:") {
            (Some(SetQualifier::ForAllValues), r)
        } else if let Some(r) = name.strip_prefix("ForAnyValue:") {
            (Some(SetQualifier::ForAnyValue), r)
        } else {
            (None, name)
        };
        let (base, if_exists) = match rest.strip_suffix("IfExists") {
            Some(b) => (b, true),
            None => (rest, false),
        };
        let Some(&(_, family, cmp, negated)) = BASE_OPERATORS.iter().find(|(n, ..)| *n == base) else {
            return Err(OperatorError::Unknown { suggestion: suggest(name) });
        };
        if family == Family::Null && (if_exists || set.is_some()) {
            return Err(OperatorError::NullQualified);
        }
        Ok(Self { set, family, cmp, negated, if_exists })
    }
}

/// A close operator name: same letters ignoring case, or a known typo distance.
fn suggest(name: &str) -> Option<String> {
    let (prefix, rest) = match name.split_once(':') {
        Some((p, r)) => (format!("{p}:"), r),
        None => (String::new(), name),
    };
    let fixed_prefix = match prefix.to_ascii_lowercase().as_str() {
        "" => String::new(),
        "forallvalues:" => "ForAllValues:".into(),
        "foranyvalue:" | "foranyvalues:" => "ForAnyValue:".into(),
        _ => prefix.clone(),
    };
    let (base, suffix) = match rest.len().checked_sub(8).and_then(|i| rest.get(i..)) {
        Some(s) if s.eq_ignore_ascii_case("IfExists") => (rest.get(..rest.len() - 8).unwrap_or(rest), "IfExists"),
        _ => (rest, ""),
    };
    let best = BASE_OPERATORS
        .iter()
        .map(|(n, ..)| (*n, crate::text::edit_distance(&base.to_ascii_lowercase(), &n.to_ascii_lowercase())))
        .min_by_key(|(_, d)| *d)?;
    (best.1 <= 3).then(|| format!("{fixed_prefix}{}{suffix}", best.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_qualifiers_and_if_exists() {
        let op = Operator::parse("ForAllValues:StringNotLikeIfExists").unwrap();
        assert_eq!(op.set, Some(SetQualifier::ForAllValues));
        assert_eq!(op.family, Family::StringLike);
        assert!(op.negated && op.if_exists);
        assert_eq!(Operator::parse("NumericLessThanEquals").unwrap().cmp, Cmp::Le);
        assert_eq!(Operator::parse("NullIfExists"), Err(OperatorError::NullQualified));
    }

    #[test]
    fn unknown_operators_get_suggestions() {
        assert_eq!(
            Operator::parse("StringEqual"),
            Err(OperatorError::Unknown { suggestion: Some("StringEquals".into()) })
        );
        assert_eq!(
            Operator::parse("forallvalues:stringequalsifexists"),
            Err(OperatorError::Unknown { suggestion: Some("ForAllValues:StringEqualsIfExists".into()) })
        );
    }
}
