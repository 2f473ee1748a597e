#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
//! Issue 10, item 10: every positional argument of the query commands has help
//! text, and the explanation for an anonymous caller says that a resource-based
//! policy alone must allow it (PRIN-STAR-ALLOW): it has no identity-based
//! policies, so nothing says that "both" sides must allow (XACCT-BOTH-ALLOW
//! is for IAM principals of another account).

use expect_test::{Expect, expect};
use std::process::{Command, Stdio};

fn iamplay(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_iamplay"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The `Arguments:` section of a command's `--help`.
fn arguments(command: &str) -> String {
    let help = iamplay(&[command, "--help"]);
    let start = help.find("Arguments:").unwrap();
    let end = help[start..].find("\n\n").map_or(help.len(), |e| start + e);
    help[start..end].to_string()
}

fn check(command: &str, expect: Expect) {
    expect.assert_eq(&arguments(command));
}

#[test]
fn can_explains_its_arguments() {
    check(
        "can",
        expect![[r#"
            Arguments:
              <SCENARIO>   The scenario file
              <PRINCIPAL>  `account/user/NAME`, `account/role/NAME`, `account/root`, an ARN, or `anonymous`
              <ACTION>     The action, `service:Action` (such as `s3:GetObject`)
              <RESOURCE>   The resource's ARN (such as `arn:aws:s3:::bucket/key`), or `*`"#]],
    );
}

#[test]
fn who_can_and_what_can_explain_their_arguments() {
    check(
        "who-can",
        expect![[r#"
        Arguments:
          <SCENARIO>  The scenario file (JSON or YAML; `-` for standard input)
          <ACTION>    The action, `service:Action` (such as `s3:GetObject`)
          <RESOURCE>  The resource's ARN (such as `arn:aws:s3:::bucket/key`), or `*`"#]],
    );
    check(
        "what-can",
        expect![[r#"
        Arguments:
          <SCENARIO>   The scenario file (JSON or YAML; `-` for standard input)
          <PRINCIPAL>  `account/user/NAME`, `account/role/NAME`, `account/root`, an ARN, or `anonymous`"#]],
    );
}

#[test]
fn every_query_argument_has_help() {
    for command in ["can", "who-can", "what-can", "check", "simulate"] {
        let help = iamplay(&[command, "--help"]);
        for line in help.lines().filter(|l| l.trim_start().starts_with('<') || l.trim_start().starts_with('-')) {
            // clap's own `[default: text] [possible values: ...]` is no help.
            let own = line.split(" [default:").next().unwrap().split(" [possible values:").next().unwrap();
            let words: Vec<&str> = own.split_whitespace().collect();
            // `<ACTION>  The action...`, `--format <FORMAT>  ...`: more than the name (and its value).
            let name_len = if words[0].starts_with('<') {
                1
            } else {
                words.iter().take_while(|w| w.starts_with(['-', '<'])).count()
            };
            assert!(words.len() > name_len, "`iamplay {command} --help`: no help for `{}`", line.trim());
        }
    }
}

#[test]
fn an_anonymous_caller_needs_only_the_resource_policy() {
    let out = iamplay(&[
        "can",
        "scenarios/coffee-shop.json",
        "anonymous",
        "s3:GetObject",
        "arn:aws:s3:::awsdoc-example-bucket/x",
    ]);
    expect![[r#"
        anonymous → s3:GetObject on arn:aws:s3:::awsdoc-example-bucket/x: DENIED (implicit deny)
          why: the resource-based policy does not allow this principal
          resource-based policy        no matching statement
            - arn:aws:s3:::awsdoc-example-bucket/policy statement 1 "DenyInsecureTransport" (Deny) at 4:5: condition failed: Bool `aws:SecureTransport`: key missing from the request
          identity-based policies      none for this caller
              (an anonymous caller has no identity-based policies: only a resource-based policy can allow it)
          missing context keys: aws:SecureTransport
    "#]].assert_eq(&out);
}
