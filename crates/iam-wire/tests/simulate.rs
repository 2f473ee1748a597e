#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! The `simulate-custom-policy` input and output: what is rejected (with the
//! spot named) and the response shape AWS documents (SIM-IN-*, SIM-OUT-*).

use iam_wire::simulate::{SimulateError, Simulation};
use serde_json::{Value, json};

const ALLOW_GET: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;

fn input_error(text: &str) -> iam_wire::WireError {
    match Simulation::from_json(text) {
        Err(SimulateError::Input(e)) => e,
        Err(SimulateError::Policies(p)) => panic!("policy problems instead of an input error: {p:?}"),
        Ok(_) => panic!("accepted: {text}"),
    }
}

fn output(input: &Value) -> Value {
    let sim = Simulation::from_json(&input.to_string()).unwrap_or_else(|e| panic!("{e}"));
    serde_json::to_value(sim.output()).unwrap()
}

#[test]
fn a_repeated_key_in_an_object_policy_is_rejected_at_its_spot() {
    // serde_json keeps the last `StringEquals`: the policy would lose a condition
    // and allow more than written.
    let text = r#"{
  "PolicyInputList": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
    "Condition": {"StringEquals": {"aws:username": "ana"},
                  "StringEquals": {"s3:prefix": "public/"}}}]}],
  "ActionNames": ["s3:GetObject"]
}"#;
    let e = input_error(text);
    assert_eq!(e.path, "PolicyInputList[0].Statement[0].Condition.StringEquals");
    assert_eq!((e.line, e.column), (Some(4), Some(19)));
    assert!(e.message.contains("duplicate key `StringEquals` (first at 3:19)"), "{e}");
    // Anywhere in the document, not only in policies.
    let e = input_error(
        r#"{"ActionNames": ["s3:GetObject"], "ContextEntries": [{"ContextKeyName": "a:b", "ContextKeyName": "c:d", "ContextKeyType": "string"}]}"#,
    );
    assert!(e.message.contains("duplicate"), "{e}");
}

#[test]
fn positions_of_object_policies_are_in_the_input_file() {
    let text = r#"{
  "ActionNames": ["s3:GetObject"],
  "PolicyInputList": [
    {"Version": "2012-10-17",
     "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
  ]
}"#;
    let sim = Simulation::from_json(text).unwrap();
    let out = serde_json::to_value(sim.output()).unwrap();
    let m = &out["EvaluationResults"][0]["MatchedStatements"][0];
    assert_eq!(m["StartPosition"], json!({"Line": 5, "Column": 20}), "the statement's `{{` in the file");
    assert_eq!(m["EndPosition"], json!({"Line": 5, "Column": 82}));
    // Errors too.
    let bad = text.replace("\"Allow\"", "\"Allowed\"");
    match Simulation::from_json(&bad) {
        Err(SimulateError::Policies(p)) => {
            assert_eq!((p[0].source_id.as_str(), p[0].line, p[0].column), ("PolicyInputList.1", 5, 31), "{p:?}")
        }
        other => panic!("{other:?}"),
    }
    // A policy given as a string keeps positions inside the string, as AWS.
    let out = output(&json!({"ActionNames": ["s3:GetObject"], "PolicyInputList": [ALLOW_GET]}));
    assert_eq!(out["EvaluationResults"][0]["MatchedStatements"][0]["StartPosition"], json!({"Line": 1, "Column": 38}));
}

#[test]
fn wrong_policy_types_say_what_is_expected() {
    let e = input_error(r#"{"PolicyInputList": [42], "ActionNames": ["s3:GetObject"]}"#);
    assert_eq!(e.path, "PolicyInputList[0]");
    assert!(e.message.contains("expected a policy: a JSON string"), "{e}");
    assert!(!e.message.contains("untagged"), "{e}");
}

#[test]
fn a_resource_policy_needs_a_caller() {
    // SIM-IN-CALLERARN: "CallerArn is required if you include a ResourcePolicy".
    let e = input_error(&json!({"ActionNames": ["s3:GetObject"], "ResourcePolicy": ALLOW_GET}).to_string());
    assert_eq!(e.path, "CallerArn");
    assert!(e.message.contains("required when ResourcePolicy is given"), "{e}");
}

#[test]
fn max_items_and_marker_are_checked_and_page_through_every_pair() {
    let base = json!({
        "ActionNames": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
        "ResourceArns": ["arn:aws:s3:::b/1", "arn:aws:s3:::b/2"],
        "PolicyInputList": [ALLOW_GET]
    });
    let with = |extra: Value| {
        let mut v = base.clone();
        v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        v.to_string()
    };
    // SIM-IN-MAXITEMS: 1 to 1000.
    for bad in [0, 1001] {
        assert_eq!(input_error(&with(json!({"MaxItems": bad}))).path, "MaxItems");
    }
    // A marker is one this input can produce: not past the end, not huge, not text.
    for bad in ["6", "18446744073709551616", "99999999999999999999", "x", "0", "-1"] {
        let e = input_error(&with(json!({"MaxItems": 4, "Marker": bad})));
        assert_eq!(e.path, "Marker", "{bad}");
    }
    // Paging visits every pair exactly once.
    let mut seen = Vec::new();
    let mut marker: Option<String> = None;
    for _ in 0..10 {
        let mut extra = json!({"MaxItems": 4});
        if let Some(m) = &marker {
            extra["Marker"] = json!(m);
        }
        let out = output(&serde_json::from_str(&with(extra)).unwrap());
        for r in out["EvaluationResults"].as_array().unwrap() {
            seen.push(format!("{} {}", r["EvalActionName"], r["EvalResourceName"]));
        }
        if out["IsTruncated"] == json!(false) {
            assert!(out.get("Marker").is_none());
            break;
        }
        marker = Some(out["Marker"].as_str().unwrap().to_string());
    }
    assert_eq!(seen.len(), 6, "{seen:?}");
    seen.dedup();
    assert_eq!(seen.len(), 6);
    // The largest page size on a huge marker-less input: no overflow.
    let out = output(&serde_json::from_str(&with(json!({"MaxItems": 1000}))).unwrap());
    assert_eq!(out["IsTruncated"], false);
}

#[test]
fn missing_context_values_go_under_the_resource_for_specific_resources() {
    // SIM-OUT-MISSING-CTX.
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"s3:prefix":"x"}}}]}"#;
    let out = output(&json!({"ActionNames": ["s3:GetObject"], "PolicyInputList": [policy],
        "ResourceArns": ["arn:aws:s3:::b/k"]}));
    let r = &out["EvaluationResults"][0];
    assert_eq!(r["MissingContextValues"], json!([]));
    assert_eq!(r["ResourceSpecificResults"][0]["MissingContextValues"], json!(["s3:prefix"]));
    let out = output(&json!({"ActionNames": ["s3:GetObject"], "PolicyInputList": [policy]}));
    let r = &out["EvaluationResults"][0];
    assert_eq!(r["MissingContextValues"], json!(["s3:prefix"]));
    assert!(r.get("ResourceSpecificResults").is_none());
}

#[test]
fn eval_decision_details_as_documented() {
    // SIM-OUT-EVALDETAILS: same account + specific resource: present but empty;
    // same account + `*`: absent; cross-account: per policy type, also per resource.
    let caller = "arn:aws:iam::111111111111:user/ana";
    let boundary = ALLOW_GET;
    let same = output(&json!({"ActionNames": ["s3:GetObject"], "PolicyInputList": [ALLOW_GET],
        "PermissionsBoundaryPolicyInputList": [boundary],
        "CallerArn": caller, "ResourceArns": ["arn:aws:s3:::b/k"]}));
    let r = &same["EvaluationResults"][0];
    assert_eq!(r["EvalDecisionDetails"], json!({}));
    assert!(r["ResourceSpecificResults"][0].get("EvalDecisionDetails").is_none(), "cross-account only");
    assert_eq!(
        r["ResourceSpecificResults"][0]["PermissionsBoundaryDecisionDetail"],
        json!({"AllowedByPermissionsBoundary": true})
    );
    let star = output(&json!({"ActionNames": ["s3:GetObject"], "PolicyInputList": [ALLOW_GET], "CallerArn": caller}));
    assert!(star["EvaluationResults"][0].get("EvalDecisionDetails").is_none());
    let bucket = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/ana"},"Action":"s3:GetObject","Resource":"*"}]}"#;
    let cross = output(&json!({"ActionNames": ["s3:GetObject"], "PolicyInputList": [ALLOW_GET],
        "ResourcePolicy": bucket, "ResourceOwner": "222222222222",
        "CallerArn": caller, "ResourceArns": ["arn:aws:s3:::b/k"]}));
    let r = &cross["EvaluationResults"][0];
    assert_eq!(r["EvalDecision"], "allowed");
    let want = json!({"IAM Policy": "allowed", "Resource Policy": "allowed"});
    assert_eq!(r["EvalDecisionDetails"], want);
    assert_eq!(r["ResourceSpecificResults"][0]["EvalDecisionDetails"], want);
}

#[test]
fn scp_statements_are_not_surfaced() {
    // SIM-SCP-NO-MATCHED, and SIM-OUT-EVALDETAILS-SCP-STOP when an SCP denies.
    let deny = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#;
    let full = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
    let input = |scps: Vec<&str>| {
        json!({"ActionNames": ["s3:GetObject"], "PolicyInputList": [ALLOW_GET],
            "CallerArn": "arn:aws:iam::111111111111:user/ana", "ResourceArns": ["arn:aws:s3:::b/k"],
            "OrderedOrganizationPolicyInputList": [{"ServiceControlPolicyInputList": scps}]})
    };
    let out = output(&input(vec![full]));
    let r = &out["EvaluationResults"][0];
    let ids: Vec<&str> =
        r["MatchedStatements"].as_array().unwrap().iter().map(|m| m["SourcePolicyId"].as_str().unwrap()).collect();
    assert_eq!(ids, ["PolicyInputList.1"]);
    let out = output(&input(vec![full, deny]));
    let r = &out["EvaluationResults"][0];
    assert_eq!(r["EvalDecision"], "explicitDeny");
    assert_eq!(r["MatchedStatements"], json!([]));
    assert_eq!(r["OrganizationsDecisionDetail"], json!({"AllowedByOrganizations": false}));
    assert!(r.get("EvalDecisionDetails").is_none());
}

#[test]
fn context_entries_are_not_silently_overwritten() {
    let e = input_error(
        r#"{"ActionNames": ["s3:GetObject"], "ContextEntries": [
        {"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["10.0.0.1"], "ContextKeyType": "ip"},
        {"ContextKeyName": "AWS:sourceip", "ContextKeyValues": ["192.0.2.1"], "ContextKeyType": "ip"}]}"#,
    );
    assert_eq!(e.path, "ContextEntries[1].ContextKeyName");
    assert!(e.message.contains("already given in ContextEntries[0]"), "{e}");
}

#[test]
fn context_types_are_named_as_written() {
    let e = input_error(
        r#"{"ActionNames": ["s3:GetObject"], "ContextEntries": [
        {"ContextKeyName": "s3:prefix", "ContextKeyValues": ["a", "b"], "ContextKeyType": "string"}]}"#,
    );
    assert!(e.message.contains("has type string but 2 values; use a list type (stringList)"), "{e}");
    let e = input_error(
        r#"{"ActionNames": ["s3:GetObject"], "ContextEntries": [
        {"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["10.0.0.1", "x"], "ContextKeyType": "ipList"}]}"#,
    );
    assert_eq!(e.path, "ContextEntries[0].ContextKeyValues[1]");
    assert!(e.message.contains("is not a valid ipList value"), "{e}");
}

#[test]
fn rcp_full_aws_access_is_always_attached() {
    // RCP-FULLAWSACCESS-DEFAULT: a level that lists no RCP still lets requests through.
    let deny_delete = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"*"}]}"#;
    let out = output(&json!({"ActionNames": ["s3:GetObject"], "PolicyInputList": [ALLOW_GET],
        "CallerArn": "arn:aws:iam::111111111111:user/ana", "ResourceArns": ["arn:aws:s3:::b/k"],
        "OrderedOrganizationPolicyInputList": [{}, {"ResourceControlPolicyInputList": [deny_delete]}]}));
    assert_eq!(out["EvaluationResults"][0]["EvalDecision"], "allowed");
}

#[test]
fn streamed_json_is_the_same_text_as_the_whole_response() {
    let policy = ALLOW_GET.replace('"', "\\\"");
    let resources = r#""ResourceArns": ["arn:aws:s3:::b/k", "arn:aws:s3:::b/\"x\"é"], "#;
    for (res, extra) in
        [(resources, ""), (resources, r#", "MaxItems": 3"#), (resources, r#", "MaxItems": 2, "Marker": "4""#), ("", "")]
    {
        let text = format!(
            r#"{{"PolicyInputList": ["{policy}"], {res}"ActionNames": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]{extra}}}"#
        );
        let sim = Simulation::from_json(&text).unwrap_or_else(|e| panic!("{e}"));
        for pretty in [true, false] {
            let mut streamed = Vec::new();
            sim.write_output(&mut streamed, pretty).unwrap();
            let whole =
                if pretty { serde_json::to_string_pretty(&sim.output()) } else { serde_json::to_string(&sim.output()) };
            assert_eq!(String::from_utf8(streamed).unwrap(), whole.unwrap(), "{extra} pretty={pretty}");
        }
    }
}
