#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]

//! Every escalation technique, data-driven: a scenario where it gives the
//! attacker administrator access, and a near miss (an explicit deny, an SCP,
//! a boundary, a condition) where it does not. Rules of `docs/aws-rules.md`
//! cited per case.

use iam_catalog::ManagedPolicies;
use iam_core::Context;
use iam_findings::escalation::{Goal, Technique, escalation};
use iam_wire::scenario::{parse_document, resolve};
use serde_json::{Value, json};

const ACCT: &str = "111111111111";

fn policy(statements: Value) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

fn allow(actions: &[&str], resource: &str) -> Value {
    json!({"Effect": "Allow", "Action": actions, "Resource": resource})
}

/// One account: `attacker` (with `grants`), `victim` (a user with a console
/// password), group `Admins` (admin), role `Admin` trusted by `trusted`
/// (admin), function `f` running as `Admin`, managed policy `Shared`
/// attached to the attacker. `near` adds what should block it.
fn scenario(grants: Value, trusted: Value, near: &Near) -> Value {
    let admin = policy(json!([allow(&["*"], "*")]));
    let mut attacker = json!({"name": "attacker", "inlinePolicies": [{"name": "Grants", "document": policy(grants)}],
        "managedPolicies": [format!("arn:aws:iam::{ACCT}:policy/Shared")]});
    if let Near::Boundary(b) | Near::Deny(b) = near {
        let deny = policy(json!([{"Effect": "Deny", "Action": b, "Resource": "*"}]));
        if matches!(near, Near::Boundary(_)) {
            attacker["permissionsBoundary"] = json!(format!("arn:aws:iam::{ACCT}:policy/Boundary"));
        } else {
            attacker["inlinePolicies"].as_array_mut().unwrap().push(json!({"name": "Deny", "document": deny}));
        }
    }
    let mut doc = json!({
        "version": 1, "name": "t",
        "accounts": [{"id": ACCT, "name": "a",
            "users": [attacker, {"name": "victim", "consolePassword": true, "groups": ["Admins"]}],
            "groups": [{"name": "Admins", "inlinePolicies": [{"name": "All", "document": admin.clone()}]}],
            "roles": [{"name": "Admin", "trustPolicy": policy(json!([{"Effect": "Allow", "Principal": trusted, "Action": "sts:AssumeRole"}])),
                "inlinePolicies": [{"name": "All", "document": admin}]}],
            "policies": [
                {"name": "Shared", "document": policy(json!([allow(&["s3:ListAllMyBuckets"], "*")]))},
                {"name": "Boundary", "document": policy(json!([allow(&["*"], "*"),
                    {"Effect": "Deny", "Action": match near { Near::Boundary(b) => b.clone(), _ => json!("none:None") }, "Resource": "*"}]))}],
            "resources": [{"arn": format!("arn:aws:lambda:us-east-1:{ACCT}:function:f"), "executionRole": "Admin"}]}]
    });
    if let Near::Scp(b) = near {
        doc["organization"] = json!({"id": "o-test123456", "managementAccount": "mgmt",
            "policies": [{"name": "Block", "kind": "scp", "document": policy(json!([{"Effect": "Deny", "Action": b, "Resource": "*"}]))}],
            "root": {"name": "Root", "scps": ["FullAWSAccess", "Block"], "accounts": ["mgmt", ACCT]}});
        doc["accounts"].as_array_mut().unwrap().push(json!({"id": "999988887777", "name": "mgmt"}));
    }
    doc
}

enum Near {
    None,
    /// An explicit deny in the attacker's own policies (EVAL-DENY-WINS).
    Deny(Value),
    /// A permissions boundary that denies (EVAL-STEP6-BOUNDARY).
    Boundary(Value),
    /// An SCP that denies (SCP-ANY-LEVEL-DENY).
    Scp(Value),
}

fn techniques(doc: &Value) -> Vec<Technique> {
    let d = parse_document(&doc.to_string()).unwrap();
    let managed = ManagedPolicies::bundled().unwrap();
    let loaded = resolve(&d, &|arn: &str| managed.by_arn(arn).map(|p| (p.name.clone(), p.document.clone()))).unwrap();
    let from = loaded.model.resolve_principal("a/user/attacker").unwrap();
    let esc = escalation(&d, &loaded.model, Some(&from), &Goal::Admin, &Context::new());
    esc.paths.iter().flat_map(|p| p.steps.first().map(|s| s.technique)).collect()
}

fn case(t: Technique, grants: Value, trusted: Value, near: Near) {
    let hit = techniques(&scenario(grants.clone(), trusted.clone(), &Near::None));
    assert!(hit.contains(&t), "{t:?} should be found: {hit:?}");
    let miss = techniques(&scenario(grants, trusted, &near));
    assert!(!miss.contains(&t), "{t:?} should be blocked: {miss:?}");
}

fn nobody() -> Value {
    json!({"AWS": "arn:aws:iam::111111111111:user/victim"})
}

#[test]
fn assume_role() {
    // Same account, trust names the account: the identity policy must allow (ROLE-SAME-ACCT-EITHER); an SCP denies (SCP-ANY-LEVEL-DENY).
    let grants = json!([allow(&["sts:AssumeRole"], "*")]);
    case(
        Technique::AssumeRole,
        grants,
        json!({"AWS": format!("arn:aws:iam::{ACCT}:root")}),
        Near::Scp(json!("sts:AssumeRole")),
    );
}

#[test]
fn take_over_users() {
    // A new access key or console password for `victim` (admin via its group); an explicit deny wins (EVAL-DENY-WINS).
    for (t, action) in
        [(Technique::CreateAccessKey, "iam:CreateAccessKey"), (Technique::UpdateLoginProfile, "iam:UpdateLoginProfile")]
    {
        let grants = json!([allow(&[action], "*")]);
        case(t, grants, nobody(), Near::Deny(json!(action)));
    }
    // CreateLoginProfile only for a user without a password: victim has one, so never.
    let none = techniques(&scenario(json!([allow(&["iam:CreateLoginProfile"], "*")]), nobody(), &Near::None));
    assert!(!none.contains(&Technique::CreateLoginProfile));
}

#[test]
fn update_assume_role_policy() {
    case(
        Technique::UpdateAssumeRolePolicy,
        json!([allow(&["iam:UpdateAssumeRolePolicy"], "*")]),
        nobody(),
        Near::Boundary(json!("iam:UpdateAssumeRolePolicy")),
    );
}

#[test]
fn self_modification() {
    // Boundaries limit what an attached policy can give (EVAL-STEP6-BOUNDARY): a boundary that denies the action blocks it.
    for (t, action) in [
        (Technique::AttachUserPolicy, "iam:AttachUserPolicy"),
        (Technique::PutUserPolicy, "iam:PutUserPolicy"),
        (Technique::AddUserToGroup, "iam:AddUserToGroup"),
        (Technique::CreatePolicyVersion, "iam:CreatePolicyVersion"),
    ] {
        case(t, json!([allow(&[action], "*")]), nobody(), Near::Boundary(json!(action)));
    }
}

#[test]
fn attach_policy_bounded_by_boundary_gives_nothing() {
    // Attaching AdministratorAccess to yourself does not make you admin when a boundary denies iam:* (BOUND-SCP-ALL-THREE).
    let grants = json!([allow(&["iam:AttachUserPolicy"], format!("arn:aws:iam::{ACCT}:user/attacker").as_str())]);
    let hit = techniques(&scenario(grants.clone(), nobody(), &Near::None));
    assert!(hit.contains(&Technique::AttachUserPolicy));
    let bounded = techniques(&scenario(grants, nobody(), &Near::Boundary(json!("iam:CreateUser"))));
    assert!(bounded.is_empty(), "{bounded:?}");
}

#[test]
fn pass_role_services() {
    // iam:PassRole to a service that runs code as the role (ESC-PASSROLE); iam:PassedToService scopes it (ESC-PASSEDTOSERVICE).
    let lambda = json!({"Service": "lambda.amazonaws.com"});
    let grants = json!([allow(&["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], "*")]);
    case(Technique::PassRoleLambda, grants, lambda.clone(), Near::Deny(json!("lambda:CreateFunction")));
    let scoped = json!([allow(&["lambda:CreateFunction", "lambda:InvokeFunction"], "*"),
        {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}}]);
    assert!(!techniques(&scenario(scoped, lambda, &Near::None)).contains(&Technique::PassRoleLambda));
    for (t, svc, actions) in [
        (Technique::PassRoleEc2, "ec2.amazonaws.com", vec!["ec2:RunInstances"]),
        (Technique::PassRoleCloudformation, "cloudformation.amazonaws.com", vec!["cloudformation:CreateStack"]),
        (Technique::PassRoleGlue, "glue.amazonaws.com", vec!["glue:CreateDevEndpoint"]),
        (Technique::PassRoleEcs, "ecs-tasks.amazonaws.com", vec!["ecs:RegisterTaskDefinition", "ecs:RunTask"]),
        (
            Technique::PassRoleSagemaker,
            "sagemaker.amazonaws.com",
            vec!["sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"],
        ),
        (
            Technique::PassRoleCodebuild,
            "codebuild.amazonaws.com",
            vec!["codebuild:CreateProject", "codebuild:StartBuild"],
        ),
        (
            Technique::PassRoleDatapipeline,
            "datapipeline.amazonaws.com",
            vec!["datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition", "datapipeline:ActivatePipeline"],
        ),
    ] {
        let mut all = actions.clone();
        all.push("iam:PassRole");
        case(t, json!([allow(&all, "*")]), json!({"Service": svc}), Near::Scp(json!(actions[0])));
    }
}

#[test]
fn update_function_code() {
    case(
        Technique::UpdateFunctionCode,
        json!([allow(&["lambda:UpdateFunctionCode"], "*")]),
        nobody(),
        Near::Deny(json!("lambda:UpdateFunctionCode")),
    );
}

#[test]
fn shipped_trap_shows_its_paths_and_sofia_has_none() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/privilege-escalation-trap.json"))
            .unwrap();
    let d = parse_document(&text).unwrap();
    let managed = ManagedPolicies::bundled().unwrap();
    let loaded = resolve(&d, &|arn: &str| managed.by_arn(arn).map(|p| (p.name.clone(), p.document.clone()))).unwrap();
    let esc = escalation(&d, &loaded.model, None, &Goal::Admin, &Context::new());
    let found: Vec<(&str, Technique)> = esc.paths.iter().map(|p| (p.from.as_str(), p.steps[0].technique)).collect();
    assert!(found.contains(&("orders-dev/user/dave", Technique::PassRoleLambda)), "{found:?}");
    assert!(found.contains(&("orders-dev/user/dave", Technique::AttachUserPolicy)), "{found:?}");
    assert!(esc.paths.iter().all(|p| p.from != "orders-dev/user/sofia"));
    let pass = esc.paths.iter().find(|p| p.steps[0].technique == Technique::PassRoleLambda).unwrap();
    assert_eq!(pass.steps[0].gains, "orders-dev/role/ops-automation-admin");
    let st = pass.steps[0].statement.as_ref().unwrap();
    assert_eq!(st.policy, "orders-dev/user/dave/LambdaDeveloper");
}
