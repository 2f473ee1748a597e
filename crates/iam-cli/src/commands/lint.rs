//! `iamplay lint [--type TYPE] [--format json|text] PATH...`: validates policy
//! documents against the IAM action catalog (see `iam_core::lint`).

use crate::exit::Exit;
use crate::io::read_input;
use iam_catalog::IamCatalog;
use iam_core::diag::{Diagnostic, Severity};
use iam_core::lint::{PolicyType, lint};
use iam_core::span::LineIndex;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Policy files, directories (every `*.json` inside, recursively), or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
    /// The kind of policy: rules and size quotas differ.
    #[arg(long = "type", value_parser = policy_type_parser(), default_value = "identity")]
    policy_type: PolicyType,
    /// `json`: an array of findings; `text`: one line per finding; `sarif`: SARIF 2.1.0.
    #[arg(long, value_enum, default_value = "text")]
    format: LintFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LintFormat {
    Json,
    Text,
    Sarif,
}

/// Parses `--type` with the core's own names, listed in `--help`.
fn policy_type_parser() -> impl clap::builder::TypedValueParser<Value = PolicyType> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(PolicyType::ALL.map(PolicyType::as_str))
        .try_map(|s| PolicyType::parse(&s).ok_or_else(|| format!("`{s}` is not a policy type")))
}

/// One finding as the JSON output shows it.
#[derive(serde::Serialize)]
struct Finding<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    severity: &'static str,
    code: &'static str,
    message: &'a str,
    hint: Option<&'a str>,
}

pub fn run(args: &Args) -> Exit {
    let files = match expand(&args.paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::Io;
        }
    };
    let catalog = match IamCatalog::bundled() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: the bundled catalog: {e}");
            return Exit::Io;
        }
    };
    let policy_type = args.policy_type;
    let mut results: Vec<(String, String, Vec<Diagnostic>)> = Vec::with_capacity(files.len());
    for path in files {
        let text = match read_input(&path) {
            Ok(t) => t,
            Err(code) => return code,
        };
        let findings = lint(&text, policy_type, &catalog);
        results.push((path, text, findings));
    }
    let failed = results.iter().any(|(_, _, f)| f.iter().any(Diagnostic::is_error));
    match args.format {
        LintFormat::Json => {
            let mut out = Vec::new();
            for (path, text, findings) in &results {
                let index = LineIndex::new(text);
                for d in findings {
                    let pos = index.line_col(d.span.start);
                    out.push(Finding {
                        path,
                        line: pos.line,
                        column: pos.column,
                        severity: d.severity.as_str(),
                        code: d.code.as_str(),
                        message: &d.message,
                        hint: d.hint.as_deref(),
                    });
                }
            }
            match serde_json::to_string_pretty(&out) {
                Ok(s) => crate::outln!("{s}"),
                Err(e) => {
                    eprintln!("error: {e}");
                    return Exit::Io;
                }
            }
        }
        LintFormat::Text => crate::out!("{}", render_text(&results)),
        LintFormat::Sarif => crate::outln!("{}", serde_json::to_string_pretty(&sarif(&results)).unwrap_or_default()),
    }
    if failed { Exit::Failed } else { Exit::Ok }
}

/// SARIF 2.1.0: one rule per lint code found, one result per finding.
fn sarif(results: &[(String, String, Vec<Diagnostic>)]) -> serde_json::Value {
    use iam_findings::sarif::{Rule, SarifResult, log};
    let mut rules: Vec<Rule> = Vec::new();
    let mut out = Vec::new();
    for (path, text, findings) in results {
        let index = LineIndex::new(text);
        for d in findings {
            let code = d.code.as_str();
            if !rules.iter().any(|r| r.id == code) {
                let security = d.severity == Severity::SecurityWarning;
                rules.push(Rule {
                    id: code.into(),
                    description: code.into(),
                    help: d.hint.clone().unwrap_or_else(|| d.message.clone()),
                    security_severity: security.then_some(7.0),
                });
            }
            let pos = index.line_col(d.span.start);
            let level = match d.severity {
                Severity::Error => "error",
                Severity::SecurityWarning | Severity::Warning => "warning",
                Severity::Suggestion => "note",
            };
            out.push(SarifResult {
                rule_id: code.into(),
                level,
                message: d.message.clone(),
                uri: path.clone(),
                region: Some((pos.line, pos.column)),
                logical: Vec::new(),
            });
        }
    }
    log("iamplay lint", &rules, &out)
}

fn render_text(results: &[(String, String, Vec<Diagnostic>)]) -> String {
    let mut out = String::new();
    let mut counts = [0usize; 4];
    for (path, text, findings) in results {
        let index = LineIndex::new(text);
        for d in findings {
            out.push_str(&format!("{path}:{}\n", d.render(&index)));
            let slot = match d.severity {
                Severity::Error => 0,
                Severity::SecurityWarning => 1,
                Severity::Warning => 2,
                Severity::Suggestion => 3,
            };
            if let Some(c) = counts.get_mut(slot) {
                *c += 1;
            }
        }
    }
    let [errors, security, warnings, suggestions] = counts;
    out.push_str(&format!(
        "{} file(s): {errors} error(s), {security} security warning(s), {warnings} warning(s), {suggestions} suggestion(s)\n",
        results.len()
    ));
    out
}

/// Paths as given; directories become their `*.json` files, sorted.
fn expand(paths: &[String]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for p in paths {
        let path = Path::new(p);
        if p != "-" && path.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files).map_err(|e| format!("cannot read `{p}`: {e}"))?;
            files.sort();
            out.extend(files.into_iter().map(|f| f.display().to_string()));
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}
