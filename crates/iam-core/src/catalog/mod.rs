//! The IAM action catalog as the linter and the editor need it. The core only
//! defines the shape and the lookups; `iam-catalog` loads the data (serde, I/O)
//! and implements [`Catalog`], so the core stays free of both.

mod arn_format;
mod key_pattern;
mod model;

pub use arn_format::ArnFormat;
pub use key_pattern::KeyPattern;
pub use model::{
    AccessLevel, ActionDef, ActionResource, ConditionKeyDef, KeyType, ResourceTypeDef, ScalarType, ServiceDef,
};

use crate::glob::Glob;
use model::cmp_lower;

/// Lookups over the Service Authorization Reference.
pub trait Catalog {
    /// Every service, sorted by prefix.
    fn services(&self) -> &[ServiceDef];

    /// The global condition keys (`aws:SourceIp`, `aws:PrincipalTag/tag-key`, ...).
    fn global_keys(&self) -> &[ConditionKeyDef];

    /// Does AWS support resource control policies for this (lower-case) service prefix?
    fn supports_rcp(&self, prefix: &str) -> bool;

    /// One-line description of an action (hover text), when loaded.
    fn action_description(&self, _service: &str, _action: &str) -> Option<&str> {
        None
    }

    /// One-line description of a condition key by its catalog name, when loaded.
    fn key_description(&self, _service: &str, _key: &str) -> Option<&str> {
        None
    }

    /// A service by prefix, any case.
    fn service(&self, prefix: &str) -> Option<&ServiceDef> {
        let services = self.services();
        services.binary_search_by(|s| cmp_lower(&s.prefix, prefix)).ok().and_then(|i| services.get(i))
    }

    /// `service:Action`, any case.
    fn action(&self, full_name: &str) -> Option<(&ServiceDef, &ActionDef)> {
        let (prefix, name) = full_name.split_once(':')?;
        let service = self.service(prefix)?;
        Some((service, service.action(name)?))
    }

    /// A global key written in a policy (placeholders match).
    fn global_key(&self, key: &str) -> Option<&ConditionKeyDef> {
        self.global_keys().iter().find(|k| k.matches(key))
    }

    /// Any condition key written in a policy, with the service that documents it
    /// (`None` for a global key): a global key (`aws:SourceIp`, and the few with
    /// another prefix such as `ec2:SourceInstanceArn`), a key of the service its
    /// prefix names, or a key another service documents (identity-provider keys
    /// live under `sts`).
    fn find_condition_key(&self, key: &str) -> Option<(Option<&ServiceDef>, &ConditionKeyDef)> {
        let prefix = key.split_once(':')?.0;
        if let Some(k) = self.global_key(key) {
            return Some((None, k));
        }
        if let Some(s) = self.service(prefix)
            && let Some(k) = s.find_key(key)
        {
            return Some((Some(s), k));
        }
        self.services().iter().find_map(|s| s.find_key(key).map(|k| (Some(s), k)))
    }

    /// [`Catalog::find_condition_key`] without the service.
    fn condition_key(&self, key: &str) -> Option<&ConditionKeyDef> {
        self.find_condition_key(key).map(|(_, k)| k)
    }
}

/// A resolved action: the service and the action's definition.
pub type ActionRef<'c> = (&'c ServiceDef, &'c ActionDef);

/// Every action an `Action` pattern names (`s3:Get*`, `*:List*`, `iam:PassRole`),
/// in catalog order. `*` alone expands to every action.
pub fn expand<'c>(catalog: &'c dyn Catalog, pattern: &str) -> Vec<ActionRef<'c>> {
    let lower = pattern.to_ascii_lowercase();
    let (svc, name) = match lower.split_once(':') {
        Some(parts) => parts,
        None if lower.chars().all(|c| c == '*') => ("*", "*"),
        None => return Vec::new(),
    };
    let name_glob = Glob::new(name);
    let services: Vec<&ServiceDef> = if svc.contains(['*', '?']) {
        let svc_glob = Glob::new(svc);
        catalog.services().iter().filter(|s| svc_glob.matches(&s.prefix)).collect()
    } else {
        catalog.service(svc).into_iter().collect()
    };
    let mut out = Vec::new();
    for s in services {
        out.extend(s.actions_matching(&name_glob).map(|a| (s, a)));
    }
    out
}

#[cfg(test)]
pub(crate) mod test_catalog {
    //! A tiny hand-made catalog for unit tests of the core.
    use super::*;

    pub struct TestCatalog {
        services: Vec<ServiceDef>,
        globals: Vec<ConditionKeyDef>,
    }

    impl Catalog for TestCatalog {
        fn services(&self) -> &[ServiceDef] {
            &self.services
        }
        fn global_keys(&self) -> &[ConditionKeyDef] {
            &self.globals
        }
        fn supports_rcp(&self, prefix: &str) -> bool {
            prefix == "s3"
        }
        fn action_description(&self, service: &str, action: &str) -> Option<&str> {
            (service == "s3" && action == "GetObject").then_some("Grants permission to retrieve objects from Amazon S3")
        }
    }

    fn key(name: &str, ty: &str) -> ConditionKeyDef {
        ConditionKeyDef::new(name, KeyType::parse(ty).unwrap_or(KeyType::STRING))
    }

    pub fn catalog() -> TestCatalog {
        let s3_keys =
            vec![key("s3:prefix", "String"), key("aws:ResourceTag/${TagKey}", "String"), key("s3:max-keys", "Numeric")];
        let s3 = ServiceDef::new(
            "s3",
            "Amazon S3",
            vec![
                ActionDef::new(
                    "GetObject",
                    AccessLevel::Read,
                    vec![ActionResource { resource_type: 1, required: true, condition_keys: vec![] }],
                    vec![],
                ),
                ActionDef::new(
                    "ListBucket",
                    AccessLevel::List,
                    vec![ActionResource { resource_type: 0, required: true, condition_keys: vec![0, 2] }],
                    vec![],
                ),
                ActionDef::new("ListAllMyBuckets", AccessLevel::List, vec![], vec![]),
                ActionDef::new(
                    "PutObject",
                    AccessLevel::Write,
                    vec![ActionResource { resource_type: 1, required: true, condition_keys: vec![] }],
                    vec![],
                ),
            ],
            vec![
                ResourceTypeDef::new("bucket", &["arn:${Partition}:s3:::${BucketName}"], vec![1]),
                ResourceTypeDef::new("object", &["arn:${Partition}:s3:::${BucketName}/${ObjectName}"], vec![]),
            ],
            s3_keys,
        );
        let iam = ServiceDef::new(
            "iam",
            "AWS Identity and Access Management",
            vec![ActionDef::new(
                "PassRole",
                AccessLevel::Write,
                vec![ActionResource { resource_type: 0, required: true, condition_keys: vec![] }],
                vec![0],
            )],
            vec![ResourceTypeDef::new("role", &["arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"], vec![])],
            vec![key("iam:PassedToService", "String")],
        );
        TestCatalog {
            services: vec![iam, s3],
            globals: vec![
                key("aws:SourceIp", "IPAddress"),
                key("aws:CurrentTime", "Date"),
                key("aws:PrincipalTag/tag-key", "String"),
                key("aws:TagKeys", "ArrayOfString"),
                key("aws:MultiFactorAuthPresent", "Bool"),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_are_case_insensitive() {
        let c = test_catalog::catalog();
        let c: &dyn Catalog = &c;
        assert_eq!(c.service("S3").map(|s| s.name.as_ref()), Some("Amazon S3"));
        let (s, a) = c.action("s3:getobject").unwrap();
        assert_eq!((s.prefix.as_ref(), a.name.as_ref()), ("s3", "GetObject"));
        assert!(c.action("s3:Nope").is_none());
        assert!(c.action("nope:GetObject").is_none());
        assert_eq!(c.global_key("aws:principaltag/team").map(|k| k.name.as_ref()), Some("aws:PrincipalTag/tag-key"));
        assert_eq!(c.condition_key("S3:Prefix").map(|k| k.key_type.as_str()), Some("String"));
        assert_eq!(c.condition_key("aws:ResourceTag/env").map(|k| k.name.as_ref()), Some("aws:ResourceTag/${TagKey}"));
        assert!(c.condition_key("s3:nothing").is_none());
        let (svc, k) = c.find_condition_key("aws:sourceip").unwrap();
        assert!(svc.is_none() && k.name.as_ref() == "aws:SourceIp");
        let (svc, _) = c.find_condition_key("s3:prefix").unwrap();
        assert_eq!(svc.map(|s| s.prefix.as_ref()), Some("s3"));
    }

    #[test]
    fn wildcards_expand_to_actions() {
        let c = test_catalog::catalog();
        let names = |p: &str| expand(&c, p).iter().map(|(s, a)| format!("{}:{}", s.prefix, a.name)).collect::<Vec<_>>();
        assert_eq!(names("s3:Get*"), ["s3:GetObject"]);
        assert_eq!(names("S3:list*"), ["s3:ListAllMyBuckets", "s3:ListBucket"]);
        assert_eq!(names("*").len(), 5);
        assert_eq!(names("*:PassRole"), ["iam:PassRole"]);
        assert!(names("s3:Nothing*").is_empty());
    }
}
