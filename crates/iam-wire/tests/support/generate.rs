//! Generated scenarios for property tests and benchmarks: an organization of
//! `accounts` accounts in nested OUs, each with users, groups, roles (trusted by
//! the account), resources with policies, and a few SCPs.

use iam_wire::scenario::*;
use serde_json::json;

fn doc(v: serde_json::Value) -> PolicyDocument {
    match v {
        serde_json::Value::Object(o) => PolicyDocument::Json(o),
        other => PolicyDocument::Text(other.to_string()),
    }
}

/// A deterministic pseudo-random source (splitmix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "s3:*",
    "s3:Get*",
    "sqs:SendMessage",
    "dynamodb:*",
    "kms:Decrypt",
    "ec2:Describe*",
    "*",
];

/// `users_per_account + roles_per_account` principals per account.
pub fn scenario(seed: u64, accounts: usize, users_per_account: usize, roles_per_account: usize) -> ScenarioDoc {
    let mut rng = Rng::new(seed);
    let ids: Vec<String> = (0..accounts).map(|i| format!("{:012}", 100_000_000_000u64 + i as u64)).collect();
    let mut docs = Vec::new();
    for (a, id) in ids.iter().enumerate() {
        let bucket = format!("arn:aws:s3:::bucket-{a}");
        let mut groups = Vec::new();
        for g in 0..3 {
            let action = *rng.pick(ACTIONS);
            let resource = if rng.below(2) == 0 { format!("{bucket}/*") } else { "*".to_string() };
            groups.push(GroupDoc {
                name: format!("g{g}"),
                path: "/".into(),
                inline_policies: vec![InlinePolicyDoc {
                    name: "p".into(),
                    document: doc(json!({"Version": "2012-10-17", "Statement": [
                        {"Effect": "Allow", "Action": action, "Resource": resource}
                    ]})),
                }],
                managed_policies: Vec::new(),
            });
        }
        let users = (0..users_per_account)
            .map(|u| UserDoc {
                name: format!("u{u}"),
                path: "/".into(),
                groups: vec![format!("g{}", rng.below(3))],
                inline_policies: if rng.below(3) == 0 {
                    vec![InlinePolicyDoc {
                        name: "assume".into(),
                        document: doc(json!({"Version": "2012-10-17", "Statement": [
                            {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": format!("arn:aws:iam::{id}:role/*")}
                        ]})),
                    }]
                } else {
                    Vec::new()
                },
                tags: [("team".to_string(), format!("t{}", rng.below(4)))].into_iter().collect(),
                ..Default::default()
            })
            .collect();
        let roles = (0..roles_per_account)
            .map(|r| {
                let other = &ids[rng.below(accounts as u64) as usize];
                RoleDoc {
                    name: format!("r{r}"),
                    path: "/".into(),
                    trust_policy: doc(json!({"Version": "2012-10-17", "Statement": [
                        {"Effect": "Allow", "Principal": {"AWS": [format!("arn:aws:iam::{id}:root"), format!("arn:aws:iam::{other}:root")]}, "Action": "sts:AssumeRole"}
                    ]})),
                    inline_policies: vec![InlinePolicyDoc {
                        name: "p".into(),
                        document: doc(json!({"Version": "2012-10-17", "Statement": [
                            {"Effect": "Allow", "Action": *rng.pick(ACTIONS), "Resource": "*",
                             "Condition": {"StringEqualsIfExists": {"aws:RequestedRegion": "us-east-1"}}}
                        ]})),
                    }],
                    max_session_duration: 3600,
                    ..Default::default()
                }
            })
            .collect();
        let shared_with = &ids[rng.below(accounts as u64) as usize];
        docs.push(AccountDoc {
            id: id.clone(),
            name: format!("acct{a}"),
            groups,
            users,
            roles,
            resources: vec![ResourceDoc {
                arn: bucket.clone(),
                policy: Some(doc(json!({"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{shared_with}:root")}, "Action": "s3:GetObject", "Resource": format!("{bucket}/*")},
                    {"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": format!("{bucket}/*")}
                ]}))),
                ..Default::default()
            }],
            ..Default::default()
        });
    }
    // Five OUs, two nested; accounts spread over them; account 0 manages.
    let deny_ec2 = OrgPolicyDoc {
        name: "DenyRunInstances".into(),
        kind: OrgPolicyKind::Scp,
        description: String::new(),
        document: doc(
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ec2:RunInstances", "Resource": "*"}]}),
        ),
    };
    let mut ous: Vec<OrgNodeDoc> =
        (0..5).map(|o| OrgNodeDoc { name: format!("ou{o}"), ..Default::default() }).collect();
    for (a, d) in docs.iter().enumerate().skip(1) {
        ous[a % 5].accounts.push(d.name.clone());
    }
    ous[1].scps = Some(vec!["FullAWSAccess".into(), "DenyRunInstances".into()]);
    let nested = ous.remove(4);
    ous[0].children.push(nested);
    let root =
        OrgNodeDoc { name: "Root".into(), accounts: vec![docs[0].name.clone()], children: ous, ..Default::default() };
    ScenarioDoc {
        version: VERSION,
        name: format!("generated-{seed}"),
        description: String::new(),
        as_of: None,
        organization: Some(OrganizationDoc {
            id: "o-generated".into(),
            management_account: docs[0].name.clone(),
            policies: vec![deny_ec2],
            root,
        }),
        accounts: docs,
        aws_managed_policies: Vec::new(),
        assertions: Vec::new(),
    }
}
