//! `iamplay check SCENARIO`: runs the scenario's assertions (policy unit tests).
//! Exit 0 only if every assertion holds; `--junit FILE` writes a JUnit report for CI.

use super::Format;
use crate::exit::Exit;
use crate::scenario::{catalog, load};
use iam_core::model::Assertion;
use iam_core::model::AssertionOutcome;
use iam_wire::explain::assertion_summary;
use iam_wire::request_check::{check_assertion, check_context};

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (JSON or YAML; `-` for standard input).
    scenario: String,
    /// `text` prints one line per assertion; `json` gives the outcomes as data.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Also write a JUnit XML report here.
    #[arg(long, value_name = "FILE")]
    junit: Option<String>,
}

pub fn run(args: &Args) -> Exit {
    let loaded = match load(&args.scenario) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let catalog = match catalog() {
        Ok(c) => c,
        Err(code) => return code,
    };
    for a in &loaded.assertions {
        if let Err(e) = check_context(assertion_context(&a.assertion), &catalog) {
            eprintln!("error: assertion `{}`: {e}", a.id);
            return Exit::BadInput;
        }
    }
    let results: Vec<(&iam_core::model::AssertionCase, AssertionOutcome)> =
        loaded.assertions.iter().map(|a| (a, check_assertion(a, &loaded.model, &catalog))).collect();
    let failed = results.iter().filter(|(_, o)| !o.passed).count();
    match args.format {
        Format::Text => {
            for (a, o) in &results {
                let mark = if o.passed { "ok  " } else { "FAIL" };
                let desc = if a.description.is_empty() { String::new() } else { format!(" — {}", a.description) };
                crate::outln!("{mark} {}{desc}\n     {}", a.id, assertion_summary(o));
            }
            crate::outln!("{} assertions, {} passed, {failed} failed", results.len(), results.len() - failed);
        }
        Format::Json => {
            let items: Vec<serde_json::Value> = results
                .iter()
                .map(|(a, o)| {
                    serde_json::json!({"id": a.id, "description": a.description, "passed": o.passed,
                        "summary": assertion_summary(o), "offenders": o.offenders})
                })
                .collect();
            crate::outln!(
                "{}",
                serde_json::json!({"scenario": loaded.model.name, "passed": failed == 0, "assertions": items})
            );
        }
    }
    if let Some(path) = &args.junit
        && let Err(e) = std::fs::write(path, junit(&loaded.model.name, &results))
    {
        eprintln!("error: cannot write `{path}`: {e}");
        return Exit::Io;
    }
    if failed == 0 { Exit::Ok } else { Exit::Failed }
}

fn junit(name: &str, results: &[(&iam_core::model::AssertionCase, AssertionOutcome)]) -> String {
    let failures = results.iter().filter(|(_, o)| !o.passed).count();
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\">\n",
        xml(name),
        results.len()
    );
    for (a, o) in results {
        let label = if a.description.is_empty() { a.id.clone() } else { format!("{}: {}", a.id, a.description) };
        s.push_str(&format!("    <testcase classname=\"{}\" name=\"{}\"", xml(name), xml(&label)));
        if o.passed {
            s.push_str("/>\n");
        } else {
            s.push_str(&format!(">\n      <failure message=\"{}\"/>\n    </testcase>\n", xml(&assertion_summary(o))));
        }
    }
    s.push_str("  </testsuite>\n</testsuites>\n");
    s
}

/// The request context an assertion gives (none for `nobody-outside-org`).
fn assertion_context(a: &Assertion) -> &iam_core::Context {
    static EMPTY: std::sync::OnceLock<iam_core::Context> = std::sync::OnceLock::new();
    match a {
        Assertion::Can { context, .. } | Assertion::Only { context, .. } => context,
        Assertion::NobodyOutsideOrg { .. } => EMPTY.get_or_init(iam_core::Context::new),
    }
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
