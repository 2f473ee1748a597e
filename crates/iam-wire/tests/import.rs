#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! Import from realistic AWS exports (tests/data/aws-exports, written from
//! AWS's documented response shapes) into a scenario that resolves and answers.

use iam_catalog::ManagedPolicies;
use iam_core::{Context, Decision};
use iam_wire::import::{AuthorizationDetails, OrgExport, import_account, import_org, parse_export};
use iam_wire::scenario::{ScenarioDoc, VERSION, resolve};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn exports() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/aws-exports")
}

fn org_export() -> OrgExport {
    let mut files = BTreeMap::new();
    for e in std::fs::read_dir(exports()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            files.insert(p.file_name().unwrap().to_string_lossy().to_string(), std::fs::read_to_string(&p).unwrap());
        }
    }
    OrgExport { files }
}

fn managed() -> &'static ManagedPolicies {
    static M: std::sync::OnceLock<ManagedPolicies> = std::sync::OnceLock::new();
    M.get_or_init(|| ManagedPolicies::bundled().unwrap())
}

/// The bundled AWS managed policies, as the CLI looks them up.
fn bundled(arn: &str) -> Option<(String, String)> {
    managed().by_arn(arn).map(|p| (p.name.clone(), p.document.clone()))
}

fn details() -> AuthorizationDetails {
    let text = std::fs::read_to_string(exports().join("get-account-authorization-details.json")).unwrap();
    parse_export("gaad", &text).unwrap()
}

#[test]
fn account_authorization_details_become_an_account() {
    let a = import_account(&details(), Some("payments"), &bundled).unwrap().account;
    assert_eq!(a.id, "123456789012");
    let alice = a.users.iter().find(|u| u.name == "alice").unwrap();
    assert_eq!(alice.path, "/engineering/");
    assert_eq!(alice.groups, ["Developers", "OnCall"]);
    assert!(alice.managed_policies.contains(&"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess".to_string()));
    assert_eq!(alice.permissions_boundary.as_deref(), Some("DeveloperBoundary"), "customer managed → by name");
    assert_eq!(alice.tags.get("team").map(String::as_str), Some("payments"));
    assert!(a.roles.iter().any(|r| r.service_linked && r.path.starts_with("/aws-service-role/")));
    // Only the default version of a customer managed policy is kept.
    let p = a.policies.iter().find(|p| p.name == "ReadPaymentsConfig").unwrap();
    assert!(p.document.text().contains("ssm:GetParameter"));
}

#[test]
fn organizations_listings_become_the_tree() {
    let (org, accounts) = import_org(&org_export()).unwrap();
    assert_eq!(org.id, "o-a1b2c3d4e5");
    assert_eq!(org.management_account, "acme-management");
    assert_eq!(org.root.children.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Security", "Workloads"]);
    let workloads = &org.root.children[1];
    assert_eq!(workloads.scps.as_deref(), Some(&["FullAWSAccess".to_string(), "WorkloadsGuardrails".to_string()][..]));
    assert_eq!(workloads.children[0].name, "Prod");
    assert_eq!(org.root.rcps, ["EnforceOrgIdentities"], "RCPFullAWSAccess is implicit");
    assert!(org.policies.iter().any(|p| p.name == "WorkloadsGuardrails"));
    assert_eq!(accounts.len(), 5);
}

#[test]
fn imported_scenario_resolves_and_answers() {
    let (org, mut accounts) = import_org(&org_export()).unwrap();
    let imported = import_account(&details(), None, &bundled).unwrap();
    let iam = imported.account;
    match accounts.iter_mut().find(|a| a.id == iam.id) {
        Some(a) => {
            let name = a.name.clone();
            *a = iam;
            a.name = name;
        }
        None => accounts.push(iam),
    }
    // An S3 ARN names no account: the bucket is declared in alice's account
    // (XACCT-S3-ARN-NO-ACCOUNT), so the request is decided within it.
    if let Some(a) = accounts.iter_mut().find(|a| a.id == "123456789012") {
        a.resources
            .push(iam_wire::scenario::ResourceDoc { arn: "arn:aws:s3:::some-bucket".into(), ..Default::default() });
    }
    let doc = ScenarioDoc {
        version: VERSION,
        name: "imported".into(),
        organization: Some(org),
        accounts,
        aws_managed_policies: imported.aws_managed_policies,
        ..Default::default()
    };
    let loaded = resolve(&doc, &bundled).unwrap_or_else(|e| panic!("{e:?}"));
    let m = &loaded.model;
    let acct = m.accounts.iter().find(|a| a.id == "123456789012").unwrap().name.clone();
    let alice = m.resolve_principal(&format!("{acct}/user/alice")).unwrap();
    // AmazonS3ReadOnlyAccess (resolved from the bundled corpus) lets alice read S3
    // within her boundary, in an EU Region the Workloads SCP allows...
    let mut eu = Context::new();
    eu.insert("aws:RequestedRegion", iam_core::ContextValue::single("eu-west-1"));
    assert_eq!(m.decide(&alice, "s3:GetObject", "arn:aws:s3:::some-bucket/k", &eu), Decision::Allow);
    // ...and the SCP's region deny applies when the Region is not EU (or absent: a negated
    // operator on a missing key is true, COND-MISSING-KEY-NEGATED-TRUE).
    let r = m.can(&alice, "s3:GetObject", "arn:aws:s3:::some-bucket/k", &Context::new()).unwrap();
    assert_eq!(r.explanation.decision, Decision::ExplicitDeny);
    assert_eq!(r.explanation.missing_context, ["aws:RequestedRegion"]);
}

#[test]
fn broken_exports_name_the_file_and_spot() {
    let e = parse_export::<AuthorizationDetails>("gaad.json", "{\"UserDetailList\": [{\"UserName\": 5}]}").unwrap_err();
    assert!(e.path.starts_with("gaad.json: UserDetailList[0]"), "{e}");
    // A key given twice would lose a value: an error at its spot.
    let e = parse_export::<AuthorizationDetails>(
        "gaad.json",
        r#"{"UserDetailList": [{"UserName": "a", "Arn": "arn:aws:iam::111111111111:user/a",
  "UserPolicyList": [{"PolicyName": "p", "PolicyDocument": {"Statement": [], "Statement": [{"Effect": "Allow"}]}}]}]}"#,
    )
    .unwrap_err();
    assert_eq!(e.path, "gaad.json: UserDetailList[0].UserPolicyList[0].PolicyDocument.Statement");
    assert_eq!((e.line, e.column), (Some(2), Some(78)));
    let mut export = org_export();
    export.files.remove("list-roots.json");
    let e = import_org(&export).unwrap_err();
    assert_eq!(e.path, "list-roots.json");
    let e = import_account(
        &AuthorizationDetails {
            user_detail_list: vec![],
            group_detail_list: vec![],
            role_detail_list: vec![],
            policies: vec![],
        },
        None,
        &bundled,
    )
    .unwrap_err();
    assert!(e.message.contains("no ARN"));
}

#[test]
fn gaad_field_paths_index_the_policies_list() {
    // The error path counts every entry of `Policies` (the AWS managed one too)
    // and names the version's `Document`.
    let text = r#"{"Policies": [
      {"PolicyName": "ReadOnlyAccess", "Arn": "arn:aws:iam::aws:policy/ReadOnlyAccess", "DefaultVersionId": "v1",
       "PolicyVersionList": [{"Document": {}, "VersionId": "v1", "IsDefaultVersion": true}]},
      {"PolicyName": "Mine", "Arn": "arn:aws:iam::111111111111:policy/Mine", "DefaultVersionId": "v2",
       "PolicyVersionList": [{"Document": {}, "VersionId": "v1"}, {"Document": 5, "VersionId": "v2", "IsDefaultVersion": true}]}]}"#;
    let details: AuthorizationDetails = parse_export("gaad.json", text).unwrap();
    let e = import_account(&details, None, &bundled).unwrap_err();
    assert_eq!(e.path, "Policies[1].PolicyVersionList[1].Document");
    let no_default = text
        .replace(r#""IsDefaultVersion": true}]}]}"#, r#""IsDefaultVersion": false}]}]}"#)
        .replace(r#""DefaultVersionId": "v2""#, r#""DefaultVersionId": "v9""#);
    let details: AuthorizationDetails = parse_export("gaad.json", &no_default).unwrap();
    assert_eq!(import_account(&details, None, &bundled).unwrap_err().path, "Policies[1].PolicyVersionList");
}

/// An organization whose OUs nest `depth` levels under the root.
fn nested_org(depth: usize) -> OrgExport {
    let mut files = BTreeMap::new();
    files.insert(
        "describe-organization.json".into(),
        r#"{"Organization": {"Id": "o-abcdefghij", "MasterAccountId": "111111111111"}}"#.into(),
    );
    files.insert("list-roots.json".into(), r#"{"Roots": [{"Id": "r-root", "Name": "Root"}]}"#.into());
    let mut parent = "r-root".to_string();
    for level in 1..=depth {
        let id = format!("ou-root-level{level}");
        files.insert(
            format!("list-organizational-units-for-parent-{parent}.json"),
            format!(r#"{{"OrganizationalUnits": [{{"Id": "{id}", "Name": "L{level}"}}]}}"#),
        );
        parent = id;
    }
    OrgExport { files }
}

#[test]
fn ous_nest_at_most_five_levels_under_the_root() {
    let (org, _) = import_org(&nested_org(5)).unwrap();
    let mut depth = 0;
    let mut node = &org.root;
    while let Some(child) = node.children.first() {
        depth += 1;
        node = child;
    }
    assert_eq!(depth, 5);
    let e = import_org(&nested_org(6)).unwrap_err();
    assert_eq!(e.path, "list-organizational-units-for-parent-ou-root-level5.json: OrganizationalUnits[0]");
    assert!(e.message.contains("at most 5 levels"), "{e}");
}

#[test]
fn account_names_become_unique_and_usable_in_references() {
    // Organizations names need not be unique and may hold `/` or spaces; the
    // scenario refers to accounts by name, so the import must still load.
    let mut export = nested_org(1);
    export.files.insert(
        "list-accounts-for-parent-r-root.json".into(),
        r#"{"Accounts": [{"Id": "111111111111", "Name": "Management"},
                         {"Id": "222222222222", "Name": "Sandbox"},
                         {"Id": "333333333333", "Name": "sandbox"}]}"#
            .into(),
    );
    export.files.insert(
        "list-accounts-for-parent-ou-root-level1.json".into(),
        r#"{"Accounts": [{"Id": "444444444444", "Name": "Team A / Prod"}]}"#.into(),
    );
    let (org, accounts) = import_org(&export).unwrap();
    let names: Vec<&str> = accounts.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Management", "Sandbox-222222222222", "sandbox-333333333333", "Team-A-Prod"]);
    assert_eq!(org.root.accounts, ["Management", "Sandbox-222222222222", "sandbox-333333333333"]);
    assert_eq!(org.root.children[0].accounts, ["Team-A-Prod"]);
    assert_eq!(org.management_account, "Management");
    let doc =
        ScenarioDoc { version: VERSION, name: "x".into(), organization: Some(org), accounts, ..Default::default() };
    let loaded = resolve(&doc, &|_| None).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(loaded.model.resolve_principal("Team-A-Prod/root").is_ok());
}

/// An export whose user `ana` has one AWS managed policy attached, listed in
/// `Policies` as `listed` (a JSON value) or not at all.
fn export_with_aws_policy(arn: &str, listed: Option<&str>) -> AuthorizationDetails {
    let policies = listed.map_or_else(String::new, |doc| {
        format!(
            r#"{{"PolicyName": "p", "Arn": "{arn}", "Path": "/", "DefaultVersionId": "v7",
                "PolicyVersionList": [{{"Document": {doc}, "VersionId": "v7", "IsDefaultVersion": true}},
                                      {{"Document": {{}}, "VersionId": "v6", "IsDefaultVersion": false}}]}}"#
        )
    });
    let text = format!(
        r#"{{"UserDetailList": [{{"UserName": "ana", "Arn": "arn:aws:iam::111122223333:user/ana",
              "AttachedManagedPolicies": [{{"PolicyName": "p", "PolicyArn": "{arn}"}}]}}],
            "Policies": [{policies}]}}"#
    );
    parse_export("gaad.json", &text).unwrap()
}

#[test]
fn aws_managed_policies_missing_from_the_bundle_come_from_the_export() {
    // GAAD-SNAPSHOT, GAAD-POLICIES-MANAGED: the export lists the attached AWS
    // managed policy with its versions; the default one (GAAD-DEFAULT-VERSION,
    // here URL-encoded as the raw API returns it: GAAD-URL-ENCODED) is the
    // truth for the account, bundled or not.
    let arn = "arn:aws:iam::aws:policy/service-role/CafeReceiptsReaderNotBundled";
    assert!(bundled(arn).is_none());
    let encoded = "\"%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C\
                   %22Action%22%3A%22s3%3AGetObject%22%2C%22Resource%22%3A%22*%22%7D%5D%7D\"";
    let imported = import_account(&export_with_aws_policy(arn, Some(encoded)), None, &bundled).unwrap();
    assert_eq!(imported.account.users[0].managed_policies, [arn]);
    assert_eq!(imported.aws_managed_policies.len(), 1);
    assert_eq!(imported.aws_managed_policies[0].arn, arn);
    assert_eq!(imported.aws_managed_policies[0].version_id, "v7", "the default version, not the other");
    let mut account = imported.account;
    // The bucket is ana's (XACCT-S3-ARN-NO-ACCOUNT: S3 ARNs name no account).
    account.resources.push(iam_wire::scenario::ResourceDoc { arn: "arn:aws:s3:::b".into(), ..Default::default() });
    let doc = ScenarioDoc {
        version: VERSION,
        name: "x".into(),
        accounts: vec![account],
        aws_managed_policies: imported.aws_managed_policies,
        ..Default::default()
    };
    // The scenario carries the document through a save and load, and answers with it.
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let doc = iam_wire::scenario::parse_document(&text).unwrap();
    let loaded = resolve(&doc, &bundled).unwrap_or_else(|e| panic!("{e:?}"));
    let ana = loaded.model.resolve_principal("account-111122223333/user/ana").unwrap();
    let decide = |action| loaded.model.decide(&ana, action, "arn:aws:s3:::b/k", &Context::new());
    assert_eq!(decide("s3:GetObject"), Decision::Allow);
    assert_eq!(decide("s3:PutObject"), Decision::ImplicitDeny);
    // A document written as an object (the AWS CLI decodes it) works the same.
    let object =
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#;
    let imported = import_account(&export_with_aws_policy(arn, Some(object)), None, &bundled).unwrap();
    assert!(imported.aws_managed_policies[0].document.text().contains("s3:GetObject"));
}

#[test]
fn an_aws_managed_policy_with_no_document_anywhere_fails_the_import() {
    // Not bundled, and the export (taken with `--filter` leaving policies out)
    // does not list it: a scenario referring to it could not load.
    let arn = "arn:aws:iam::aws:policy/CafeReceiptsReaderNotBundled";
    let e = import_account(&export_with_aws_policy(arn, None), None, &bundled).unwrap_err();
    assert_eq!(e.path, "UserDetailList[0].AttachedManagedPolicies[0]");
    assert!(e.message.contains(arn), "{e}");
    // The same for a customer managed policy the export does not list.
    let mine = "arn:aws:iam::111122223333:policy/Mine";
    let e = import_account(&export_with_aws_policy(mine, None), None, &bundled).unwrap_err();
    assert!(e.message.contains(mine), "{e}");
    // A bundled policy needs no document in the export...
    let s3 = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
    assert_eq!(import_account(&export_with_aws_policy(s3, None), None, &bundled).unwrap().aws_managed_policies, []);
    // ...and one listed with the bundled document stays a reference...
    let same = bundled(s3).unwrap().1;
    let imported = import_account(&export_with_aws_policy(s3, Some(&same)), None, &bundled).unwrap();
    assert_eq!(imported.aws_managed_policies, []);
    // ...while another version in the export is carried (the export is the truth).
    let other =
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}"#;
    let imported = import_account(&export_with_aws_policy(s3, Some(other)), None, &bundled).unwrap();
    assert_eq!(imported.aws_managed_policies.len(), 1);
}

#[test]
fn two_exports_of_one_aws_managed_policy_keep_the_later_version() {
    use iam_wire::import::merge_aws_managed;
    use iam_wire::scenario::{AwsManagedPolicyDoc, PolicyDocument};
    let p = |v: &str| AwsManagedPolicyDoc {
        arn: "arn:aws:iam::aws:policy/X".into(),
        version_id: v.into(),
        document: PolicyDocument::Text(v.into()),
    };
    let mut all = vec![p("v9")];
    merge_aws_managed(&mut all, vec![p("v10")]);
    merge_aws_managed(&mut all, vec![p("v2")]);
    assert_eq!(all, [p("v10")]);
}

#[test]
fn an_ou_listing_a_child_twice_is_an_error_naming_both() {
    let mut export = nested_org(2);
    // L1 lists L2 twenty times: one error, not a tree copied 20^depth times.
    let repeated = vec![r#"{"Id": "ou-root-level2", "Name": "L2"}"#; 20].join(",");
    export.files.insert(
        "list-organizational-units-for-parent-ou-root-level1.json".into(),
        format!(r#"{{"OrganizationalUnits": [{repeated}]}}"#),
    );
    let e = import_org(&export).unwrap_err();
    assert_eq!(e.path, "list-organizational-units-for-parent-ou-root-level1.json: OrganizationalUnits[1]");
    assert_eq!(e.message, "OU `L1` lists OU `L2` (ou-root-level2) twice; it belongs in exactly one place");
    // An account listed under two OUs.
    let mut export = nested_org(1);
    let account = r#"{"Accounts": [{"Id": "111111111111", "Name": "Management"}]}"#;
    export.files.insert("list-accounts-for-parent-r-root.json".into(), account.into());
    export.files.insert("list-accounts-for-parent-ou-root-level1.json".into(), account.into());
    let e = import_org(&export).unwrap_err();
    assert_eq!(e.path, "list-accounts-for-parent-ou-root-level1.json: Accounts[0]");
    assert!(e.message.contains("account `Management` (111111111111) is listed under both `Root` and `L1`"), "{e}");
}

#[test]
fn an_ou_that_contains_itself_is_a_cycle_not_a_depth() {
    let mut export = nested_org(2);
    export.files.insert(
        "list-organizational-units-for-parent-ou-root-level2.json".into(),
        r#"{"OrganizationalUnits": [{"Id": "ou-root-level1", "Name": "L1"}]}"#.into(),
    );
    let e = import_org(&export).unwrap_err();
    assert_eq!(e.path, "list-organizational-units-for-parent-ou-root-level2.json: OrganizationalUnits[0]");
    assert_eq!(
        e.message,
        "OU `L2` lists OU `L1` (ou-root-level1) as its child, but it contains `L2`: `Root` → `L1` → `L2` → `L1` is a cycle"
    );
    // An OU listing itself.
    let mut export = nested_org(1);
    export.files.insert(
        "list-organizational-units-for-parent-ou-root-level1.json".into(),
        r#"{"OrganizationalUnits": [{"Id": "ou-root-level1", "Name": "L1"}]}"#.into(),
    );
    assert_eq!(import_org(&export).unwrap_err().message, "OU `L1` (ou-root-level1) lists itself as its own child");
}
