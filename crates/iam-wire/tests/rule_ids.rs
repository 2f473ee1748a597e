#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]

//! ARCHITECTURE.md invariant 7, "tests cite their rule": every rule id that a
//! test, a source comment, a corpus case or a known differential deviation
//! cites is defined in `docs/aws-rules.md`. An id is an upper-case token whose
//! first segment is the prefix of some defined id (`EVAL`, `COND`, `PRIN`, …);
//! a token followed by `*` (as in `SIM-OUT-*`) names the ids it begins.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The ids `docs/aws-rules.md` defines: the first cell of its table rows.
fn defined_ids(rules: &str) -> BTreeSet<String> {
    rules
        .lines()
        .filter_map(|line| line.strip_prefix('|')?.split('|').next())
        .map(str::trim)
        .filter(|cell| is_id_shape(cell))
        .map(str::to_string)
        .collect()
}

/// `ABC-DEF`, `ABC-1-X`: upper-case letters and digits in two or more segments.
fn is_id_shape(token: &str) -> bool {
    let mut segments = token.split('-');
    let first_is_word = segments.next().is_some_and(|s| s.starts_with(|c: char| c.is_ascii_uppercase()));
    first_is_word
        && token.contains('-')
        && token.split('-').all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
}

/// A rule id cited in some text: the id, or the prefix of a family (`SIM-IN-`).
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Cited {
    Id(String),
    Family(String),
}

/// Upper-case tokens in `text` whose first segment is one of `prefixes`.
fn cited(text: &str, prefixes: &BTreeSet<&str>) -> Vec<Cited> {
    let part = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-';
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut found = Vec::new();
    let mut rest = text;
    let mut before = None;
    while let Some(start) = rest.find(|c: char| c.is_ascii_uppercase()) {
        let preceded = rest[..start].chars().next_back().or(before);
        let len = rest[start..].find(|c: char| !part(c)).unwrap_or(rest.len() - start);
        let token = &rest[start..start + len];
        let after = rest[start + len..].chars().next();
        rest = &rest[start + len..];
        before = token.chars().next_back();
        if preceded.is_some_and(word) || after.is_some_and(|c| word(c) && !c.is_ascii_uppercase()) {
            continue; // part of a longer word, such as `myEVAL-X` or `SCP-Xs`
        }
        let first = token.split('-').next().unwrap_or("");
        if !prefixes.contains(first) {
            continue;
        }
        if after == Some('*') {
            found.push(Cited::Family(token.to_string()));
        } else if is_id_shape(token.trim_end_matches('-')) {
            found.push(Cited::Id(token.trim_end_matches('-').to_string()));
        }
    }
    found
}

/// The files that cite rules: Rust sources and tests of every crate and of the
/// web app, the decision corpus, and the differential run's known deviations.
fn citing_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if !path.ends_with("target") && !path.ends_with("node_modules") {
                    walk(&path, ext, out);
                }
            } else if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }
    let root = root();
    let mut files = Vec::new();
    walk(&root.join("crates"), "rs", &mut files);
    walk(&root.join("web/src"), "rs", &mut files);
    walk(&root.join("tests/corpus"), "json", &mut files);
    walk(&root.join("tests/corpus-kms"), "json", &mut files);
    files.push(root.join("tests/differential/known-deviations.json"));
    files.sort();
    files
}

#[test]
fn every_cited_rule_id_is_in_aws_rules_md() {
    let rules = std::fs::read_to_string(root().join("docs/aws-rules.md")).unwrap();
    let ids = defined_ids(&rules);
    assert!(ids.len() > 200, "only {} ids read from docs/aws-rules.md", ids.len());
    let prefixes: BTreeSet<&str> = ids.iter().filter_map(|id| id.split('-').next()).collect();
    let mut missing: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut citations = 0;
    // This file's own examples are not citations.
    for file in citing_files().into_iter().filter(|f| !f.ends_with(file!())) {
        let text = std::fs::read_to_string(&file).unwrap();
        let shown = file.strip_prefix(root()).unwrap_or(&file).display().to_string();
        for c in cited(&text, &prefixes) {
            citations += 1;
            let (known, name) = match c {
                Cited::Id(id) => (ids.contains(&id), id),
                Cited::Family(prefix) => (ids.iter().any(|id| id.starts_with(&prefix)), format!("{prefix}*")),
            };
            if !known {
                missing.entry(name).or_default().insert(shown.clone());
            }
        }
    }
    assert!(citations > 500, "only {citations} citations found: is the scan broken?");
    let report: Vec<String> = missing
        .iter()
        .map(|(id, files)| format!("{id} (cited in {})", files.iter().cloned().collect::<Vec<_>>().join(", ")))
        .collect();
    assert!(report.is_empty(), "rule ids cited but not defined in docs/aws-rules.md:\n{}", report.join("\n"));
}

#[test]
fn the_scan_finds_ids_and_families_and_skips_other_words() {
    let prefixes: BTreeSet<&str> = ["EVAL", "SIM"].into_iter().collect();
    let text = "// EVAL-DENY-WINS, EVAL-STEP2-RCP: see SIM-OUT-* and \"rule\": \"EVAL-A,SIM-B\"; not EVALS-X, myEVAL-X, NOT-EVAL";
    assert_eq!(
        cited(text, &prefixes),
        [
            Cited::Id("EVAL-DENY-WINS".into()),
            Cited::Id("EVAL-STEP2-RCP".into()),
            Cited::Family("SIM-OUT-".into()),
            Cited::Id("EVAL-A".into()),
            Cited::Id("SIM-B".into()),
        ]
    );
    let rules = "| id | URL | quote |\n|---|---|---|\n| EVAL-DENY-WINS | D | \"…\" |\n| SCP-X (cont.) | same | … |\n";
    assert_eq!(defined_ids(rules), ["EVAL-DENY-WINS".to_string()].into_iter().collect());
}
