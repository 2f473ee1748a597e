//! `Action`/`NotAction` entries against the catalog: unknown services and
//! actions (with "did you mean"), wildcards that match nothing.

use super::Lint;
use super::facts::Resolved;
use super::placeholders::has_placeholder;
use super::suggest::{self, ActionSuggestion};
use crate::diag::Diagnostic;
use crate::lint::Code;

pub(crate) fn check(lint: &mut Lint<'_, '_>) {
    let catalog = lint.catalog;
    let mut found = Vec::new();
    for facts in &lint.statements {
        for item in &facts.actions {
            if has_placeholder(item.text) {
                continue; // reported as a leftover placeholder
            }
            let (prefix, name) = item.text.split_once(':').unwrap_or((item.text, ""));
            match &item.resolved {
                Resolved::Malformed if !item.text.is_empty() => found.push(
                    Diagnostic::new(Code::InvalidAction, item.span, format!("`{}` is not an action", item.text))
                        .with_hint("write `service:ActionName`, such as `s3:GetObject`, or `*`"),
                ),
                Resolved::UnknownService => {
                    let d = Diagnostic::new(
                        Code::UnknownService,
                        item.span,
                        format!("`{prefix}` is not a known service prefix"),
                    );
                    found.push(match suggest::service(catalog, prefix) {
                        Some(s) => {
                            d.with_hint(format!("did you mean `{}:{name}`? (`{}` is {})", s.prefix, s.prefix, s.name))
                        }
                        None => d.with_hint(
                            "check the prefix in the Service Authorization Reference; retired services are not listed",
                        ),
                    });
                }
                Resolved::UnknownAction => {
                    let service = catalog.service(prefix);
                    let d = Diagnostic::new(
                        Code::UnknownAction,
                        item.span,
                        format!("`{}` is not an action of {}", item.text, service.map_or(prefix, |s| s.name.as_ref())),
                    );
                    found.push(match service.and_then(|s| suggest::action(s, name).map(|a| (s, a))) {
                        Some((s, ActionSuggestion::Permission(a))) => d.with_hint(format!(
                            "did you mean `{0}:{1}`? (the `{name}` API call is authorized by `{0}:{1}`, access level {2})",
                            s.prefix,
                            a.name,
                            a.access.as_str()
                        )),
                        Some((s, ActionSuggestion::Spelling(a))) => {
                            d.with_hint(format!("did you mean `{}:{}`? (access level {})", s.prefix, a.name, a.access.as_str()))
                        }
                        None => d.with_hint(format!("check the name in the Service Authorization Reference page of `{prefix}`")),
                    });
                }
                Resolved::Wildcard(list) if list.is_empty() => found.push(
                    Diagnostic::new(
                        Code::WildcardMatchesNothing,
                        item.span,
                        format!("`{}` matches no action: the entry has no effect", item.text),
                    )
                    .with_hint("check the spelling of the service prefix and the action name"),
                ),
                _ => {}
            }
            if prefix.contains(['*', '?']) && item.text != "*" && prefix != "*" {
                found.push(
                    Diagnostic::new(
                        Code::WildcardInService,
                        item.span,
                        format!(
                            "`{}` has a wildcard in the service prefix: it may match services added later",
                            item.text
                        ),
                    )
                    .with_hint("name the services explicitly"),
                );
            }
        }
    }
    lint.findings.extend(found);
}
