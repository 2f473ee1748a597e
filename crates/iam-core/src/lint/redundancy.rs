//! Entries and statements that add nothing: an action listed twice or already
//! covered by a wildcard in the same list, and statements another statement
//! already covers.

use super::Lint;
use crate::diag::Diagnostic;
use crate::glob::{self, Glob};
use crate::lint::Code;
use crate::policy::{Condition, NameBlock, PrincipalBlock, PrincipalSet, Statement};
use crate::span::Span;
use rustc_hash::{FxHashMap, FxHashSet};

pub(crate) fn check(lint: &mut Lint<'_, '_>) {
    let mut found = Vec::new();
    for st in &lint.policy.statements {
        if let Some(block) = &st.action {
            redundant_entries(block, true, Code::RedundantAction, &mut found);
        }
        if let Some(block) = &st.resource {
            redundant_entries(block, false, Code::RedundantResource, &mut found);
        }
    }
    statements(&lint.policy.statements, &mut found);
    lint.findings.extend(found);
}

/// A list entry as a comparable pattern (actions ignore case, ARNs do not).
struct Entry {
    text: String,
    glob: Option<Glob>,
    span: Span,
}

fn entries(block: &NameBlock, ignore_case: bool) -> Vec<Entry> {
    block
        .items
        .iter()
        .map(|i| {
            let text = if ignore_case { i.value.to_ascii_lowercase() } else { i.value.clone() };
            let glob = text.contains(['*', '?']).then(|| Glob::new(&text));
            Entry { text, glob, span: i.span }
        })
        .collect()
}

/// Does `wide` match every string `narrow` matches? `wide` matching the text
/// of `narrow` (wildcards read as characters) is necessary and cheap; the exact
/// inclusion check then rules out `logs-?` "covering" `logs-*`.
fn covers(wide: &Entry, narrow: &Entry) -> bool {
    wide.text == narrow.text
        || wide.glob.as_ref().is_some_and(|g| g.matches(&narrow.text) && glob::covers(&wide.text, &narrow.text))
}

fn redundant_entries(block: &NameBlock, ignore_case: bool, code: Code, found: &mut Vec<Diagnostic>) {
    let list = entries(block, ignore_case);
    let wildcards: Vec<usize> = (0..list.len()).filter(|&i| list.get(i).is_some_and(|e| e.glob.is_some())).collect();
    let what = if code == Code::RedundantAction { "action" } else { "resource" };
    let mut first_seen: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, entry) in list.iter().enumerate() {
        let first = *first_seen.entry(entry.text.as_str()).or_insert(i);
        let earlier_duplicate = (first != i).then(|| list.get(first)).flatten();
        let covering = wildcards
            .iter()
            .filter(|&&w| w != i)
            .filter_map(|&w| list.get(w))
            .find(|w| w.text != entry.text && covers(w, entry));
        let Some(other) = earlier_duplicate.or(covering) else { continue };
        let raw = block.items.get(i).map_or("", |s| s.value.as_str());
        let other_raw = block.items.iter().find(|s| s.span == other.span).map_or("", |s| s.value.as_str());
        let message = if other.text == entry.text {
            format!("`{raw}` is listed twice")
        } else {
            format!("`{raw}` is already covered by `{other_raw}`")
        };
        found.push(
            Diagnostic::new(code, entry.span, message)
                .with_hint(format!("remove this {what}; the list means the same without it")),
        );
    }
}

/// A statement is redundant when another with the same effect, principal and
/// conditions (or no conditions) covers all its actions and resources.
fn statements(all: &[Statement], found: &mut Vec<Diagnostic>) {
    let shapes: Vec<Option<Shape>> = all.iter().map(Shape::of).collect();
    for (j, narrow) in shapes.iter().enumerate() {
        let Some(narrow) = narrow else { continue };
        let cover = shapes.iter().enumerate().find(|(i, wide)| {
            *i != j
                && wide.as_ref().is_some_and(|wide| {
                    let mutual = wide.covers(narrow) && narrow.covers(wide);
                    // Of two identical statements, the later one is the redundant one.
                    wide.covers(narrow) && (!mutual || *i < j)
                })
        });
        let (Some((i, _)), Some(st)) = (cover, all.get(j)) else { continue };
        let span = st.sid.as_ref().map(|s| s.span).or(st.effect.as_ref().map(|e| e.span)).unwrap_or(st.span);
        let name = |s: Option<&Statement>, n: usize| match s.and_then(|s| s.sid.as_ref()) {
            Some(sid) => format!("statement `{}`", sid.value),
            None => format!("statement {}", n + 1),
        };
        found.push(
            Diagnostic::new(
                Code::RedundantStatement,
                span,
                format!(
                    "{} adds nothing: {} already covers its actions and resources",
                    name(Some(st), j),
                    name(all.get(i), i)
                ),
            )
            .with_hint("remove it, or merge the two statements"),
        );
    }
}

/// What decides whether one statement covers another.
struct Shape {
    allow: bool,
    principal: Option<String>,
    conditions: Vec<String>,
    actions: PatternSet,
    resources: Option<PatternSet>,
}

/// A list as a set: exact entries hashed, wildcard entries matched.
struct PatternSet {
    entries: Vec<Entry>,
    exact: FxHashSet<String>,
}

impl PatternSet {
    fn new(entries: Vec<Entry>) -> Self {
        let exact = entries.iter().map(|e| e.text.clone()).collect();
        Self { entries, exact }
    }

    /// Does this list match everything `other` matches?
    fn contains_all(&self, other: &PatternSet) -> bool {
        let wildcards: Vec<&Entry> = self.entries.iter().filter(|e| e.glob.is_some()).collect();
        other.entries.iter().all(|n| self.exact.contains(&n.text) || wildcards.iter().any(|w| covers(w, n)))
    }
}

impl Shape {
    fn of(st: &Statement) -> Option<Self> {
        let action = st.action.as_ref().filter(|a| !a.negated)?;
        if !st.valid || st.resource.as_ref().is_some_and(|r| r.negated) {
            return None;
        }
        let mut conditions: Vec<String> = st.conditions.iter().map(condition_text).collect();
        conditions.sort();
        Some(Self {
            allow: st.effect.as_ref()?.value == crate::policy::Effect::Allow,
            principal: st.principal.as_ref().map(principal_text),
            conditions,
            actions: PatternSet::new(entries(action, true)),
            resources: st.resource.as_ref().map(|r| PatternSet::new(entries(r, false))),
        })
    }

    fn covers(&self, other: &Shape) -> bool {
        self.allow == other.allow
            && self.principal == other.principal
            && (self.conditions.is_empty() || self.conditions == other.conditions)
            && match (&self.resources, &other.resources) {
                (Some(w), Some(n)) => w.contains_all(n),
                (None, None) => true,
                _ => false,
            }
            && self.actions.contains_all(&other.actions)
    }
}

fn condition_text(c: &Condition) -> String {
    let mut values: Vec<&str> = c.values.iter().map(|v| v.value.as_str()).collect();
    values.sort_unstable();
    format!("{}|{}|{}", c.operator.value, c.key.value.to_ascii_lowercase(), values.join("\u{1f}"))
}

fn principal_text(p: &PrincipalBlock) -> String {
    match &p.set {
        PrincipalSet::Any => format!("{}*", p.negated),
        PrincipalSet::Typed(groups) => {
            let mut parts: Vec<String> = groups
                .iter()
                .flat_map(|(t, vs)| vs.iter().map(move |v| format!("{}={}", t.as_str(), v.value)))
                .collect();
            parts.sort();
            format!("{}{}", p.negated, parts.join(","))
        }
    }
}
