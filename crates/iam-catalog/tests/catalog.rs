#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! The bundled catalog loads whole (the counts in data/README.md) and answers
//! the lookups the linter and the editor need.

use iam_catalog::IamCatalog;
use iam_core::catalog::{AccessLevel, Catalog, expand};
use std::sync::OnceLock;

fn catalog() -> &'static IamCatalog {
    static CATALOG: OnceLock<IamCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| IamCatalog::bundled_with_descriptions().unwrap())
}

#[test]
fn loads_every_service_action_and_key() {
    let c = catalog();
    assert_eq!(c.services().len(), 457);
    assert_eq!(c.action_count(), 22_321);
    assert_eq!(c.global_keys().len(), 59);
    assert!(c.supports_rcp("s3") && c.supports_rcp("sts") && !c.supports_rcp("ec2"));
    assert_eq!(c.source().version, "0.1.202610271");
}

#[test]
fn compact_form_matches_the_source_file() {
    // Every action of the source file is in the compact catalog with its access level.
    let source: serde_json::Value =
        serde_json::from_str(include_str!("../data/iam-catalog.json")).expect("source catalog");
    let c = catalog();
    let mut checked = 0;
    for (prefix, svc) in source["services"].as_object().unwrap() {
        for (name, action) in svc["actions"].as_object().unwrap() {
            let (_, def) = c.action(&format!("{prefix}:{name}")).unwrap_or_else(|| panic!("{prefix}:{name}"));
            assert_eq!(def.name.as_ref(), name);
            assert_eq!(Some(def.access), AccessLevel::parse(action["access"].as_str().unwrap()));
            let types = action.get("resources").and_then(|r| r.as_array()).map_or(0, Vec::len);
            assert_eq!(def.resources.len(), types, "{prefix}:{name}");
            checked += 1;
        }
    }
    assert_eq!(checked, 22_321);
}

#[test]
fn action_lookups_ignore_case_and_wildcards_expand() {
    let c = catalog();
    let (svc, get) = c.action("S3:getobject").unwrap();
    assert_eq!((svc.prefix.as_ref(), get.name.as_ref(), get.access), ("s3", "GetObject", AccessLevel::Read));
    // Real names that start lower case.
    assert_eq!(c.action("cloudsearch:SEARCH").unwrap().1.name.as_ref(), "search");
    // apigateway's actions are HTTP verbs.
    assert!(c.action("apigateway:GET").is_some());
    let gets = expand(c, "s3:Get*");
    assert!(gets.len() > 40, "{}", gets.len());
    assert!(gets.iter().all(|(_, a)| a.name.starts_with("Get")));
    assert!(gets.iter().any(|(_, a)| a.access == AccessLevel::Read));
    assert!(expand(c, "s3:ListObject*").iter().all(|(_, a)| a.name.starts_with("ListObject")));
    assert!(expand(c, "s3:NoSuchThing*").is_empty());
}

#[test]
fn resource_types_and_arn_fits() {
    let c = catalog();
    let (svc, get) = c.action("s3:GetObject").unwrap();
    let types: Vec<&str> =
        get.resources.iter().map(|r| svc.resource_type(r.resource_type).unwrap().name.as_ref()).collect();
    assert!(types.contains(&"object"), "{types:?}");
    let fits = |arn: &str| get.resources.iter().any(|r| svc.resource_type(r.resource_type).unwrap().fits(arn));
    assert!(fits("arn:aws:s3:::receipts/2024/*"));
    assert!(!fits("arn:aws:s3:::receipts"));
    let (svc, list) = c.action("s3:ListBucket").unwrap();
    assert!(list.resources.iter().any(|r| svc.resource_type(r.resource_type).unwrap().fits("arn:aws:s3:::receipts")));
    let types: Vec<&str> = svc.resource_types_of(list).map(|t| t.name.as_ref()).collect();
    assert_eq!(types, ["accesspoint", "bucket"]);
    // Actions without resource types support only "*".
    assert!(c.action("s3:ListAllMyBuckets").unwrap().1.resources.is_empty());
}

#[test]
fn condition_keys_with_placeholders_and_types() {
    let c = catalog();
    let (svc, put) = c.action("s3:PutObject").unwrap();
    let keys: Vec<_> = put.key_indices(svc).filter_map(|i| svc.key(i)).collect();
    assert!(keys.iter().any(|k| k.matches("s3:x-amz-server-side-encryption")));
    assert!(keys.iter().any(|k| k.matches("s3:RequestObjectTag/classification")));
    assert!(c.service("s3").unwrap().keys_of(put).any(|k| k.name.as_ref() == "s3:x-amz-acl"));
    assert_eq!(c.condition_key("ec2:InstanceType").unwrap().key_type.as_str(), "String");
    let (svc, tag) = c.action("ec2:CreateTags").unwrap();
    let keys: Vec<_> = tag.key_indices(svc).filter_map(|i| svc.key(i)).collect();
    assert!(keys.iter().any(|k| k.matches("aws:RequestTag/env")), "`aws:RequestTag/${{TagKey}}` matches a tag");
    let ip = c.global_key("aws:SourceIp").unwrap();
    assert_eq!(ip.key_type.as_str(), "IPAddress");
    assert_eq!(c.global_key("aws:principaltag/team").unwrap().key_type.as_str(), "String");
    assert_eq!(c.global_key("aws:TagKeys").unwrap().key_type.as_str(), "ArrayOfString");
    assert_eq!(c.global_key_category("aws:SourceVpce"), Some("network"));
    assert_eq!(
        c.service("s3").unwrap().find_key("s3:object-lock-retain-until-date").unwrap().key_type.as_str(),
        "Date"
    );
}

#[test]
fn descriptions_are_aligned_with_actions_and_keys() {
    let c = catalog();
    let d = c.action_description("s3", "GetObject").unwrap();
    assert!(d.starts_with("Grants permission to retrieve objects"), "{d}");
    let d = c.action_description("iam", "passrole").unwrap();
    assert!(d.contains("pass a role"), "{d}");
    let d = c.key_description("s3", "s3:prefix").unwrap();
    assert!(d.starts_with("Filters access by"), "{d}");
    assert!(IamCatalog::bundled().unwrap().action_description("s3", "GetObject").is_none(), "loaded lazily");
}

/// A compact catalog with one service, `svc`, whose rows are given as JSON.
fn compact(global: &str, keys: &str, resource_types: &str, actions: &str) -> String {
    format!(
        r#"{{"schema":1,"types":["String","Bool"],"access":["List","Read"],"global":{global},"rcp":[],
            "services":[["svc","Some Service",{keys},{resource_types},{actions}]]}}"#
    )
}

#[test]
fn every_index_in_the_compact_file_is_checked() {
    let ok = compact(
        r#"[["aws:SourceIp",1,"network"]]"#,
        r#"[["svc:Key",0]]"#,
        r#"[["thing",["arn:${Partition}:svc:::${Name}"],[0]]]"#,
        r#"[["Get",1,[[0,1,[0]]],[0]]]"#,
    );
    let c = IamCatalog::from_json(&ok).unwrap();
    assert_eq!(c.action("svc:Get").unwrap().1.access, AccessLevel::Read);
    let broken = [
        ("a global key's type", compact(r#"[["aws:SourceIp",2,"network"]]"#, "[]", "[]", "[]")),
        ("a service key's type", compact("[]", r#"[["svc:Key",9]]"#, "[]", "[]")),
        ("an access level", compact("[]", "[]", "[]", r#"[["Get",2]]"#)),
        ("a resource type", compact("[]", "[]", "[]", r#"[["Get",0,[[0,1]]]]"#)),
        ("an action's key", compact("[]", r#"[["svc:Key",0]]"#, "[]", r#"[["Get",0,[],[1]]]"#)),
        (
            "a resource row's key",
            compact("[]", "[]", r#"[["thing",["arn:${Partition}:svc:::${Name}"]]]"#, r#"[["Get",0,[[0,1,[0]]]]]"#),
        ),
        ("a resource type's key", compact("[]", "[]", r#"[["thing",["arn:${Partition}:svc:::${Name}"],[3]]]"#, "[]")),
    ];
    for (what, text) in broken {
        match IamCatalog::from_json(&text) {
            Err(iam_catalog::CatalogError::Schema(message)) => {
                assert!(message.contains("index"), "{what}: {message}")
            }
            other => panic!("{what}: {other:?}"),
        }
    }
}

#[test]
fn descriptions_must_match_the_catalog_counts() {
    let text = compact("[]", r#"[["svc:Key",0],["svc:Other",0]]"#, "[]", r#"[["Get",0],["Put",0]]"#);
    let mut c = IamCatalog::from_json(&text).unwrap();
    c.load_descriptions(r#"{"schema":1,"services":[["svc",["get","put"],["key","other"]]]}"#).unwrap();
    assert_eq!(c.key_description("svc", "svc:Other"), Some("other"));
    for bad in [
        r#"{"schema":1,"services":[["svc",["get"],[]]]}"#,
        r#"{"schema":1,"services":[["svc",["get","put"],["key"]]]}"#,
        r#"{"schema":1,"services":[["svc",[],["key","other","third"]]]}"#,
    ] {
        assert!(matches!(c.load_descriptions(bad), Err(iam_catalog::CatalogError::Schema(_))), "{bad}");
    }
}
