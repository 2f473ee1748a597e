//! Entries and statements that add nothing: an action listed twice or already
//! covered by a wildcard in the same list, and statements another statement
//! already covers.
//!
//! Both are pairwise questions; they stay near-linear in the policy size: a
//! pattern is only compared with the patterns that could cover it (an index
//! by literal prefix, [`PatternIndex`]), and each entry or statement with at
//! most [`MAX_CANDIDATES`] others. A cap can only miss a finding, never make
//! a wrong one.

use super::Lint;
use crate::diag::Diagnostic;
use crate::glob::{self, Glob};
use crate::lint::Code;
use crate::policy::{Condition, NameBlock, PrincipalBlock, PrincipalSet, Statement};
use crate::span::Span;
use rustc_hash::{FxHashMap, FxHashSet};

/// The most patterns (or statements) one entry (or statement) is compared
/// with when looking for one that covers it.
pub const MAX_CANDIDATES: usize = 64;

/// Literal prefixes longer than this share an index bucket.
const PREFIX: usize = 24;

pub(crate) fn check(lint: &mut Lint<'_, '_>) {
    let mut found = Vec::new();
    let mut work = 0;
    for st in &lint.policy.statements {
        if let Some(block) = &st.action {
            redundant_entries(block, true, Code::RedundantAction, &mut found, &mut work);
        }
        if let Some(block) = &st.resource {
            redundant_entries(block, false, Code::RedundantResource, &mut found, &mut work);
        }
    }
    // A policy AWS rejects for its size gets that error; comparing its statements would only cost time.
    if !lint.over_quota {
        statements(&lint.policy.statements, &mut found, &mut work);
    }
    lint.findings.extend(found);
    lint.work = lint.work.saturating_add(work);
}

/// Where to look for the patterns that could cover a text: a wildcard
/// pattern matches only texts that start with its literal prefix (what comes
/// before its first `*` or `?`), so it is filed under that prefix (cut to
/// [`PREFIX`] bytes) and a text looks in the buckets of its own prefixes.
/// Exact patterns are filed under their text. Each bucket lists owners
/// (entry or statement indices) in increasing order.
#[derive(Default)]
struct PatternIndex<'a> {
    exact: FxHashMap<&'a str, Vec<usize>>,
    wild: FxHashMap<&'a [u8], Vec<usize>>,
}

impl<'a> PatternIndex<'a> {
    fn add(&mut self, entry: &'a Entry, owner: usize, with_exact: bool) {
        let list = if entry.glob.is_some() {
            let literal = entry.text.find(['*', '?']).unwrap_or(entry.text.len());
            let key = entry.text.as_bytes().get(..literal.min(PREFIX)).unwrap_or_default();
            self.wild.entry(key).or_default()
        } else if with_exact {
            self.exact.entry(entry.text.as_str()).or_default()
        } else {
            return;
        };
        if list.last() != Some(&owner) {
            list.push(owner);
        }
    }

    /// The buckets that may hold a pattern covering `text`.
    fn lists<'s>(&'s self, text: &'s str) -> impl Iterator<Item = &'s Vec<usize>> + 's {
        let bytes = text.as_bytes();
        let prefixes =
            (0..=bytes.len().min(PREFIX)).filter_map(move |k| bytes.get(..k)).filter_map(|k| self.wild.get(k));
        self.exact.get(text).into_iter().chain(prefixes)
    }

    fn count(&self, text: &str) -> usize {
        self.lists(text).map(Vec::len).sum()
    }

    /// The first `limit` owners that may cover `text`, in increasing order.
    fn candidates(&self, text: &str, limit: usize) -> Vec<usize> {
        let lists: Vec<&Vec<usize>> = self.lists(text).collect();
        let mut heads = vec![0usize; lists.len()];
        let mut out: Vec<usize> = Vec::new();
        while out.len() < limit {
            let next = lists.iter().zip(&heads).filter_map(|(l, &h)| l.get(h).copied()).min();
            let Some(next) = next else { break };
            for (l, h) in lists.iter().zip(heads.iter_mut()) {
                if l.get(*h) == Some(&next) {
                    *h += 1;
                }
            }
            out.push(next);
        }
        out
    }
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

fn redundant_entries(block: &NameBlock, ignore_case: bool, code: Code, found: &mut Vec<Diagnostic>, work: &mut usize) {
    let list = entries(block, ignore_case);
    let mut wildcards = PatternIndex::default();
    for (i, e) in list.iter().enumerate() {
        wildcards.add(e, i, false);
    }
    let what = if code == Code::RedundantAction { "action" } else { "resource" };
    let mut first_seen: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, entry) in list.iter().enumerate() {
        let first = *first_seen.entry(entry.text.as_str()).or_insert(i);
        let earlier_duplicate = (first != i).then(|| list.get(first)).flatten();
        let covering = wildcards
            .candidates(&entry.text, MAX_CANDIDATES)
            .into_iter()
            .filter(|&w| w != i)
            .filter_map(|w| list.get(w))
            .find(|w| {
                *work += 1;
                w.text != entry.text && covers(w, entry)
            });
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
/// Only statements whose actions could cover one of `narrow`'s actions are
/// compared: those of the same effect, principal and conditions (or none),
/// found through an index of their action patterns.
fn statements(all: &[Statement], found: &mut Vec<Diagnostic>, work: &mut usize) {
    let shapes: Vec<Option<Shape>> = all.iter().map(Shape::of).collect();
    let mut groups: FxHashMap<(bool, Option<&str>, &[String]), PatternIndex<'_>> = FxHashMap::default();
    for (i, shape) in shapes.iter().enumerate() {
        let Some(shape) = shape else { continue };
        let index = groups.entry(shape.group()).or_default();
        for e in &shape.actions.entries {
            index.add(e, i, true);
        }
    }
    for (j, narrow) in shapes.iter().enumerate() {
        let Some(narrow) = narrow else { continue };
        let (allow, principal, conditions) = narrow.group();
        let mut indexes: Vec<&PatternIndex<'_>> = groups.get(&(allow, principal, conditions)).into_iter().collect();
        if !conditions.is_empty() {
            indexes.extend(groups.get(&(allow, principal, &[][..])));
        }
        // A cover must cover every action: look among those that could cover the rarest one.
        let Some(rarest) =
            narrow.actions.entries.iter().min_by_key(|e| indexes.iter().map(|x| x.count(&e.text)).sum::<usize>())
        else {
            continue;
        };
        let mut candidates: Vec<usize> =
            indexes.iter().flat_map(|x| x.candidates(&rarest.text, MAX_CANDIDATES)).collect();
        candidates.sort_unstable();
        candidates.dedup();
        candidates.truncate(MAX_CANDIDATES);
        let cover = candidates.into_iter().filter_map(|i| Some((i, shapes.get(i)?))).find(|(i, wide)| {
            *i != j
                && wide.as_ref().is_some_and(|wide| {
                    *work += 1;
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

/// A list as a set: exact entries hashed, wildcard entries indexed by their
/// literal prefix (entry indices, as [`PatternIndex`] files them).
struct PatternSet {
    entries: Vec<Entry>,
    exact: FxHashSet<String>,
    wild: FxHashMap<Vec<u8>, Vec<usize>>,
}

impl PatternSet {
    fn new(entries: Vec<Entry>) -> Self {
        let exact = entries.iter().map(|e| e.text.clone()).collect();
        let mut wild: FxHashMap<Vec<u8>, Vec<usize>> = FxHashMap::default();
        for (i, e) in entries.iter().enumerate().filter(|(_, e)| e.glob.is_some()) {
            let literal = e.text.find(['*', '?']).unwrap_or(e.text.len()).min(PREFIX);
            wild.entry(e.text.as_bytes().get(..literal).unwrap_or_default().to_vec()).or_default().push(i);
        }
        Self { entries, exact, wild }
    }

    /// Does this list match everything `other` matches? (At most
    /// [`MAX_CANDIDATES`] wildcards are tried for each entry of `other`.)
    fn contains_all(&self, other: &PatternSet) -> bool {
        other.entries.iter().all(|n| {
            self.exact.contains(&n.text) || {
                let bytes = n.text.as_bytes();
                (0..=bytes.len().min(PREFIX))
                    .filter_map(|k| self.wild.get(bytes.get(..k)?))
                    .flatten()
                    .take(MAX_CANDIDATES)
                    .filter_map(|&w| self.entries.get(w))
                    .any(|w| covers(w, n))
            }
        })
    }
}

impl Shape {
    /// Statements may cover each other only within a group (conditions: the
    /// same, or none on the covering one).
    fn group(&self) -> (bool, Option<&str>, &[String]) {
        (self.allow, self.principal.as_deref(), self.conditions.as_slice())
    }

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
