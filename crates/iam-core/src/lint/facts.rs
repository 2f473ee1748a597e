//! What the catalog says about each statement's `Action` entries, worked out
//! once and shared by every check.

use crate::catalog::{ActionRef, Catalog, expand};
use crate::policy::{Effect, Statement};
use crate::span::Span;

/// What one `Action`/`NotAction` entry names.
#[derive(Clone, Debug)]
pub(crate) enum Resolved<'c> {
    /// `*`: every action.
    All,
    /// An exact action name.
    Known(ActionRef<'c>),
    /// A wildcard pattern and the actions it matches (possibly none).
    Wildcard(Vec<ActionRef<'c>>),
    UnknownService,
    UnknownAction,
    /// Not `service:action` at all.
    Malformed,
}

#[derive(Clone, Debug)]
pub(crate) struct ActionItem<'a, 'c> {
    pub text: &'a str,
    pub span: Span,
    pub resolved: Resolved<'c>,
}

/// A statement with its actions resolved against the catalog.
pub(crate) struct StatementFacts<'a, 'c> {
    pub statement: &'a Statement,
    pub actions: Vec<ActionItem<'a, 'c>>,
}

impl<'a, 'c> StatementFacts<'a, 'c> {
    pub fn new(statement: &'a Statement, catalog: &'c dyn Catalog) -> Self {
        let actions = statement
            .action
            .iter()
            .flat_map(|block| &block.items)
            .map(|item| ActionItem { text: &item.value, span: item.span, resolved: resolve(&item.value, catalog) })
            .collect();
        Self { statement, actions }
    }

    pub fn is_allow(&self) -> bool {
        self.statement.effect.as_ref().is_some_and(|e| e.value == Effect::Allow)
    }

    pub fn is_not_action(&self) -> bool {
        self.statement.action.as_ref().is_some_and(|a| a.negated)
    }

    /// True when every action the statement names is known (an `Action` list
    /// without `*`, unknown names or malformed entries): only then can checks
    /// that reason about "the statement's actions" avoid guessing.
    pub fn actions_fully_known(&self) -> bool {
        !self.is_not_action()
            && !self.actions.is_empty()
            && self.actions.iter().all(|a| matches!(a.resolved, Resolved::Known(_) | Resolved::Wildcard(_)))
    }

    /// Every catalog action named, exact or through a wildcard.
    pub fn matched(&self) -> impl Iterator<Item = ActionRef<'c>> + '_ {
        self.actions
            .iter()
            .flat_map(|a| match &a.resolved {
                Resolved::Known(r) => std::slice::from_ref(r),
                Resolved::Wildcard(list) => list.as_slice(),
                _ => &[],
            })
            .copied()
    }

    /// The specific (non-`*`) resources, or `None` when the statement has `*`,
    /// `NotResource` or no `Resource` at all.
    pub fn specific_resources(&self) -> Option<Vec<(&'a str, Span)>> {
        let block = self.statement.resource.as_ref()?;
        if block.negated || block.items.iter().any(|r| r.value == "*") {
            return None;
        }
        Some(block.items.iter().map(|r| (r.value.as_str(), r.span)).collect())
    }

    /// Does the statement's `Resource` include `*` (or `NotResource`, which is close to it)?
    pub fn resource_is_broad(&self) -> bool {
        self.statement.resource.as_ref().is_some_and(|r| r.negated || r.items.iter().any(|i| i.value == "*"))
    }

    pub fn has_condition_on(&self, key: &str) -> bool {
        self.statement.conditions.iter().any(|c| c.key.value.eq_ignore_ascii_case(key))
    }
}

pub(crate) fn resolve<'c>(text: &str, catalog: &'c dyn Catalog) -> Resolved<'c> {
    if text == "*" || text == "*:*" {
        return Resolved::All;
    }
    let Some((prefix, name)) = text.split_once(':') else {
        return Resolved::Malformed;
    };
    if prefix.is_empty() || name.is_empty() || name.contains(':') || text.contains(char::is_whitespace) {
        return Resolved::Malformed;
    }
    if prefix.contains(['*', '?']) {
        return Resolved::Wildcard(expand(catalog, text));
    }
    let Some(service) = catalog.service(prefix) else {
        return Resolved::UnknownService;
    };
    if name.contains(['*', '?']) {
        return Resolved::Wildcard(expand(catalog, text));
    }
    match service.action(name) {
        Some(a) => Resolved::Known((service, a)),
        None => Resolved::UnknownAction,
    }
}
