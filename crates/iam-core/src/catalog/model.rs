//! The catalog's shape: services, actions, resource types and condition keys,
//! as plain data with lower-cased names precomputed for case-insensitive lookups.

use super::arn_format::ArnFormat;
use super::key_pattern::KeyPattern;
use crate::glob::Glob;
use std::cmp::Ordering;

/// Access level of an action, as the Service Authorization Reference names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccessLevel {
    List,
    Read,
    Write,
    PermissionsManagement,
    Tagging,
}

impl AccessLevel {
    pub const ALL: [AccessLevel; 5] = [
        AccessLevel::List,
        AccessLevel::Read,
        AccessLevel::Write,
        AccessLevel::PermissionsManagement,
        AccessLevel::Tagging,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions management",
            AccessLevel::Tagging => "Tagging",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == text)
    }
}

/// The value type of a condition key without its `ArrayOf` prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScalarType {
    String,
    Arn,
    Bool,
    Numeric,
    Date,
    IpAddress,
    Binary,
}

impl ScalarType {
    /// Can a request carry `text` as a value of this type? Dates (ISO 8601 or
    /// epoch seconds), numbers, Booleans and IP addresses must parse as the
    /// condition operators read them; strings, ARNs and binary take any text.
    pub fn accepts(self, text: &str) -> bool {
        use crate::condition::{IpNet, parse_date, parse_number};
        match self {
            ScalarType::Numeric => parse_number(text).is_some(),
            ScalarType::Bool => text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("false"),
            ScalarType::IpAddress => IpNet::parse(text).is_some(),
            ScalarType::Date => parse_date(text).is_some(),
            ScalarType::String | ScalarType::Arn | ScalarType::Binary => true,
        }
    }
}

/// A condition key's type: `String`, `ArrayOfString`, `ARN`, `Bool`, `Date`, ...
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeyType {
    pub scalar: ScalarType,
    /// `ArrayOf...`: the request may carry several values (use a set qualifier).
    pub multivalued: bool,
}

impl KeyType {
    pub const STRING: KeyType = KeyType { scalar: ScalarType::String, multivalued: false };

    /// Reads the catalog's type names; unknown names are `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let (multivalued, base) = match text.strip_prefix("ArrayOf") {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let scalar = match base {
            "String" => ScalarType::String,
            "ARN" | "Arn" => ScalarType::Arn,
            "Bool" | "Boolean" => ScalarType::Bool,
            "Numeric" | "Long" => ScalarType::Numeric,
            "Date" => ScalarType::Date,
            "IPAddress" | "IpAddress" => ScalarType::IpAddress,
            "Binary" => ScalarType::Binary,
            _ => return None,
        };
        Some(Self { scalar, multivalued })
    }

    pub fn as_str(self) -> &'static str {
        match (self.multivalued, self.scalar) {
            (false, ScalarType::String) => "String",
            (false, ScalarType::Arn) => "ARN",
            (false, ScalarType::Bool) => "Bool",
            (false, ScalarType::Numeric) => "Numeric",
            (false, ScalarType::Date) => "Date",
            (false, ScalarType::IpAddress) => "IPAddress",
            (false, ScalarType::Binary) => "Binary",
            (true, ScalarType::String) => "ArrayOfString",
            (true, ScalarType::Arn) => "ArrayOfARN",
            (true, ScalarType::Bool) => "ArrayOfBool",
            (true, ScalarType::Numeric) => "ArrayOfNumeric",
            (true, ScalarType::Date) => "ArrayOfDate",
            (true, ScalarType::IpAddress) => "ArrayOfIPAddress",
            (true, ScalarType::Binary) => "ArrayOfBinary",
        }
    }
}

/// A condition key as documented, such as `aws:RequestTag/${TagKey}`.
#[derive(Clone, Debug)]
pub struct ConditionKeyDef {
    pub name: Box<str>,
    pub key_type: KeyType,
    /// Matches the keys a policy may write for it (`aws:RequestTag/env`).
    pub pattern: KeyPattern,
}

impl ConditionKeyDef {
    pub fn new(name: &str, key_type: KeyType) -> Self {
        Self { name: name.into(), key_type, pattern: KeyPattern::new(name) }
    }

    /// Does a key written in a policy (any case) name this key?
    pub fn matches(&self, key: &str) -> bool {
        self.pattern.matches(key)
    }

    /// The name up to its first placeholder (`aws:RequestTag/` for
    /// `aws:RequestTag/${TagKey}`), the whole name without one.
    pub fn fixed_prefix(&self) -> &str {
        self.name.get(..self.pattern.fixed_len()).unwrap_or(&self.name)
    }
}

/// A resource type of a service, such as S3's `object`.
#[derive(Clone, Debug)]
pub struct ResourceTypeDef {
    pub name: Box<str>,
    pub arns: Vec<ArnFormat>,
    /// Indices into the service's `condition_keys`.
    pub condition_keys: Vec<u16>,
}

impl ResourceTypeDef {
    pub fn new(name: &str, arns: &[&str], condition_keys: Vec<u16>) -> Self {
        Self { name: name.into(), arns: arns.iter().map(|a| ArnFormat::new(a)).collect(), condition_keys }
    }

    /// Could a `Resource` entry (with wildcards and variables) name a resource of this type?
    pub fn fits(&self, resource: &str) -> bool {
        self.arns.iter().any(|f| f.fits(resource))
    }
}

/// A resource type an action accepts.
#[derive(Clone, Debug)]
pub struct ActionResource {
    /// Index into the service's `resource_types`.
    pub resource_type: u16,
    /// The SAR marks the types every request names with `*`.
    pub required: bool,
    /// Keys that apply with this resource type (indices into the service's keys).
    pub condition_keys: Vec<u16>,
}

#[derive(Clone, Debug)]
pub struct ActionDef {
    /// Canonical case (`GetObject`, `cloudsearch:search` has `search`).
    pub name: Box<str>,
    pub lower: Box<str>,
    pub access: AccessLevel,
    /// Empty: the action supports only `"Resource": "*"`.
    pub resources: Vec<ActionResource>,
    /// Action-level keys (indices into the service's `condition_keys`).
    pub condition_keys: Vec<u16>,
}

impl ActionDef {
    pub fn new(name: &str, access: AccessLevel, resources: Vec<ActionResource>, condition_keys: Vec<u16>) -> Self {
        Self { name: name.into(), lower: name.to_ascii_lowercase().into(), access, resources, condition_keys }
    }

    /// Every key index that applies to the action: its own and those of its resource types.
    pub fn key_indices<'a>(&'a self, service: &'a ServiceDef) -> impl Iterator<Item = u16> + 'a {
        let per_row = self.resources.iter().flat_map(move |r| {
            let type_keys = service
                .resource_types
                .get(usize::from(r.resource_type))
                .map_or(&[][..], |t| t.condition_keys.as_slice());
            r.condition_keys.iter().chain(type_keys).copied()
        });
        self.condition_keys.iter().copied().chain(per_row)
    }
}

#[derive(Clone, Debug)]
pub struct ServiceDef {
    /// Service prefix as IAM writes it (`s3`); always lower case.
    pub prefix: Box<str>,
    pub name: Box<str>,
    /// Sorted by `lower`.
    pub actions: Vec<ActionDef>,
    pub resource_types: Vec<ResourceTypeDef>,
    pub condition_keys: Vec<ConditionKeyDef>,
}

impl ServiceDef {
    pub fn new(
        prefix: &str,
        name: &str,
        mut actions: Vec<ActionDef>,
        resource_types: Vec<ResourceTypeDef>,
        condition_keys: Vec<ConditionKeyDef>,
    ) -> Self {
        actions.sort_by(|a, b| a.lower.cmp(&b.lower));
        Self { prefix: prefix.to_ascii_lowercase().into(), name: name.into(), actions, resource_types, condition_keys }
    }

    /// An action by name, any case.
    pub fn action(&self, name: &str) -> Option<&ActionDef> {
        let i = self.actions.binary_search_by(|a| cmp_lower(&a.lower, name)).ok()?;
        self.actions.get(i)
    }

    /// Actions whose lower-case name matches a lower-case wildcard pattern.
    pub fn actions_matching<'s, 'g>(&'s self, glob: &'g Glob) -> impl Iterator<Item = &'s ActionDef> + 'g
    where
        's: 'g,
    {
        self.actions.iter().filter(move |a| glob.matches(&a.lower))
    }

    pub fn resource_type(&self, index: u16) -> Option<&ResourceTypeDef> {
        self.resource_types.get(usize::from(index))
    }

    pub fn key(&self, index: u16) -> Option<&ConditionKeyDef> {
        self.condition_keys.get(usize::from(index))
    }

    /// The resource types an action of this service accepts (empty: only `*`).
    pub fn resource_types_of<'s>(&'s self, action: &'s ActionDef) -> impl Iterator<Item = &'s ResourceTypeDef> + 's {
        action.resources.iter().filter_map(|r| self.resource_type(r.resource_type))
    }

    /// The condition keys valid for an action of this service: its own and those
    /// of its resource types (a key may appear twice).
    pub fn keys_of<'s>(&'s self, action: &'s ActionDef) -> impl Iterator<Item = &'s ConditionKeyDef> + 's {
        action.key_indices(self).filter_map(|i| self.key(i))
    }

    /// The service's definition of a key written in a policy (placeholders match).
    pub fn find_key(&self, key: &str) -> Option<&ConditionKeyDef> {
        self.condition_keys.iter().find(|k| k.matches(key))
    }
}

/// Compares an already lower-case string with another string, ignoring ASCII case.
pub(crate) fn cmp_lower(lower: &str, other: &str) -> Ordering {
    lower.bytes().cmp(other.bytes().map(|b| b.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_types_round_trip() {
        for name in
            ["String", "ArrayOfString", "ARN", "ArrayOfARN", "Bool", "ArrayOfBool", "Numeric", "Date", "IPAddress"]
        {
            assert_eq!(KeyType::parse(name).unwrap().as_str(), name);
        }
        assert!(KeyType::parse("Whatever").is_none());
        assert!(KeyType::parse("ArrayOfString").unwrap().multivalued);
    }

    #[test]
    fn actions_are_found_in_any_case() {
        let s = ServiceDef::new(
            "s3",
            "Amazon S3",
            vec![
                ActionDef::new("PutObject", AccessLevel::Write, vec![], vec![]),
                ActionDef::new("GetObject", AccessLevel::Read, vec![], vec![]),
            ],
            vec![],
            vec![],
        );
        assert_eq!(s.action("getobject").unwrap().name.as_ref(), "GetObject");
        assert_eq!(s.action("GETOBJECT").unwrap().access, AccessLevel::Read);
        assert!(s.action("GetObjects").is_none());
        let g = Glob::new("*object");
        assert_eq!(s.actions_matching(&g).count(), 2);
    }
}
