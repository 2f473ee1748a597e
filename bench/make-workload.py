#!/usr/bin/env python3
"""Writes bench/workload.json: the benchmark workload as a simulate-custom-policy
input. 10 identity policies of 10 statements (wildcards, NotAction, conditions,
variables), 3 SCP levels, a cross-account bucket policy, a permissions boundary,
and 24 action x resource pairs. Deterministic (fixed seed)."""
import json
import random

rng = random.Random(20261129)
ME, OTHER = "111111111111", "222222222222"
services = {
    "s3": (["GetObject", "PutObject", "DeleteObject", "ListBucket", "GetObjectTagging", "PutObjectAcl"], "arn:aws:s3:::data-lake/*"),
    "sqs": (["SendMessage", "ReceiveMessage", "DeleteMessage", "GetQueueAttributes"], f"arn:aws:sqs:us-east-1:{ME}:orders"),
    "dynamodb": (["GetItem", "PutItem", "Query", "Scan", "DeleteItem"], f"arn:aws:dynamodb:us-east-1:{ME}:table/Orders"),
    "kms": (["Decrypt", "Encrypt", "GenerateDataKey"], f"arn:aws:kms:us-east-1:{ME}:key/*"),
    "ec2": (["RunInstances", "DescribeInstances", "TerminateInstances", "StartInstances"], "*"),
    "lambda": (["InvokeFunction", "GetFunction", "UpdateFunctionCode"], f"arn:aws:lambda:us-east-1:{ME}:function:*"),
    "iam": (["PassRole", "GetRole", "ListRoles"], f"arn:aws:iam::{ME}:role/*"),
}
conditions = [
    {"StringEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}},
    {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
    {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]}},
    {"StringLike": {"aws:PrincipalTag/team": ["data-*", "platform"]}},
    {"DateLessThan": {"aws:CurrentTime": "2027-01-01T00:00:00Z"}},
    {"StringEqualsIfExists": {"aws:ResourceTag/env": "prod"}},
    {"ForAnyValue:StringEquals": {"aws:TagKeys": ["owner", "cost-center"]}},
    {"NumericLessThanEquals": {"aws:MultiFactorAuthAge": "3600"}},
]


def statement(i):
    svc = rng.choice(list(services))
    actions, arn = services[svc]
    style = rng.random()
    if style < 0.15:
        action = {"Action": f"{svc}:*"}
    elif style < 0.45:
        picked = rng.sample(actions, k=min(len(actions), rng.randint(1, 3)))
        action = {"Action": [f"{svc}:{a}" for a in picked]}
    elif style < 0.6:
        action = {"Action": f"{svc}:{rng.choice(actions)[:3]}*"}
    elif style < 0.65:
        action = {"NotAction": [f"{svc}:{rng.choice(actions)}"]}
    else:
        action = {"Action": f"{svc}:{rng.choice(actions)}"}
    st = {"Sid": f"S{i}", "Effect": "Deny" if rng.random() < 0.12 else "Allow", **action, "Resource": arn}
    if rng.random() < 0.5:
        st["Condition"] = rng.choice(conditions)
    if svc == "s3" and rng.random() < 0.3:
        st["Resource"] = "arn:aws:s3:::data-lake/home/${aws:username}/*"
    return st


identity = [{"Version": "2012-10-17", "Statement": [statement(i) for i in range(10)]} for _ in range(10)]
full = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
region_deny = {"Version": "2012-10-17", "Statement": [{"Sid": "DenyOtherRegions", "Effect": "Deny",
    "NotAction": ["iam:*", "sts:*", "organizations:*", "support:*"], "Resource": "*",
    "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}}]}
protect = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": ["iam:CreateUser", "iam:CreateAccessKey",
    "cloudtrail:StopLogging", "organizations:LeaveOrganization"], "Resource": "*"}]}
bucket = {"Version": "2012-10-17", "Statement": [
    {"Sid": "CrossAccountRead", "Effect": "Allow", "Principal": {"AWS": [f"arn:aws:iam::{ME}:root"]},
     "Action": ["s3:GetObject", "s3:ListBucket", "s3:PutObject"], "Resource": ["arn:aws:s3:::data-lake", "arn:aws:s3:::data-lake/*"]},
    {"Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::data-lake/*",
     "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}
boundary = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "sqs:*", "dynamodb:*", "kms:*", "lambda:*", "ec2:Describe*"], "Resource": "*"}]}

# Every pair is valid for AWS (object actions on object ARNs), so the oracle accepts it too.
actions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectTagging", "s3:PutObjectAcl",
           "s3:GetObjectVersion", "s3:AbortMultipartUpload", "s3:RestoreObject"]
doc = {
    "PolicyInputList": [json.dumps(p) for p in identity],
    "PermissionsBoundaryPolicyInputList": [json.dumps(boundary)],
    "OrderedOrganizationPolicyInputList": [
        {"ServiceControlPolicyInputList": [json.dumps(full), json.dumps(protect)]},
        {"ServiceControlPolicyInputList": [json.dumps(full), json.dumps(region_deny)]},
        {"ServiceControlPolicyInputList": [json.dumps(full)]},
    ],
    "ResourcePolicy": json.dumps(bucket),
    "ResourceOwner": f"arn:aws:iam::{OTHER}:root",
    "CallerArn": f"arn:aws:iam::{ME}:user/analyst",
    "ActionNames": actions,
    "ResourceArns": ["arn:aws:s3:::data-lake/home/analyst/report.csv", "arn:aws:s3:::data-lake/raw/2026/11/events.json",
                     "arn:aws:s3:::data-lake/curated/sales.parquet"],
    "ContextEntries": [
        {"ContextKeyName": "aws:RequestedRegion", "ContextKeyValues": ["us-east-1"], "ContextKeyType": "string"},
        {"ContextKeyName": "aws:MultiFactorAuthPresent", "ContextKeyValues": ["true"], "ContextKeyType": "boolean"},
        {"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["10.1.2.3"], "ContextKeyType": "ip"},
        {"ContextKeyName": "aws:PrincipalTag/team", "ContextKeyValues": ["data-eng"], "ContextKeyType": "string"},
        {"ContextKeyName": "aws:CurrentTime", "ContextKeyValues": ["2026-11-29T12:00:00Z"], "ContextKeyType": "date"},
        {"ContextKeyName": "aws:SecureTransport", "ContextKeyValues": ["true"], "ContextKeyType": "boolean"},
        {"ContextKeyName": "aws:MultiFactorAuthAge", "ContextKeyValues": ["120"], "ContextKeyType": "numeric"},
    ],
}
with open("bench/workload.json", "w") as f:
    json.dump(doc, f, indent=2)
print(f"{len(actions) * 3} pairs, {sum(len(p['Statement']) for p in identity)} identity statements")
