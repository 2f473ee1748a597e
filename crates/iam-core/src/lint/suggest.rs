//! "Did you mean" for actions, services and condition keys.

use crate::catalog::{ActionDef, Catalog, ConditionKeyDef, ServiceDef};
use crate::text::edit_distance;

/// API names whose permission is named differently. Edit distance alone would
/// suggest `s3:GetObject` for `s3:ListObject`; the permission is `s3:ListBucket`.
const API_ALIASES: &[(&str, &str, &str)] = &[
    ("s3", "listobject", "ListBucket"),
    ("s3", "listobjects", "ListBucket"),
    ("s3", "listobjectsv2", "ListBucket"),
    ("s3", "headbucket", "ListBucket"),
    ("s3", "headobject", "GetObject"),
    ("s3", "listbuckets", "ListAllMyBuckets"),
    ("s3", "listobjectversions", "ListBucketVersions"),
    ("s3", "listmultipartuploads", "ListBucketMultipartUploads"),
    ("s3", "deleteobjects", "DeleteObject"),
    ("s3", "copyobject", "PutObject"),
    ("s3", "uploadpart", "PutObject"),
    ("s3", "uploadpartcopy", "PutObject"),
    ("s3", "createmultipartupload", "PutObject"),
    ("s3", "completemultipartupload", "PutObject"),
    ("lambda", "invoke", "InvokeFunction"),
    ("lambda", "invokeasync", "InvokeFunction"),
    ("lambda", "invokewithresponsestream", "InvokeFunction"),
];

/// How a suggestion was found.
pub(crate) enum ActionSuggestion<'s> {
    /// The name is an API call whose permission has another name.
    Permission(&'s ActionDef),
    /// A close spelling.
    Spelling(&'s ActionDef),
}

/// The action meant by an unknown name of a known service, if one is close.
pub(crate) fn action<'s>(service: &'s ServiceDef, name: &str) -> Option<ActionSuggestion<'s>> {
    let lower = name.to_ascii_lowercase();
    if let Some((_, _, target)) = API_ALIASES.iter().find(|(s, n, _)| *s == service.prefix.as_ref() && *n == lower) {
        return service.action(target).map(ActionSuggestion::Permission);
    }
    closest(service.actions.iter(), |a| &a.lower, &lower).map(ActionSuggestion::Spelling)
}

/// The service prefix meant by an unknown one.
pub(crate) fn service<'c>(catalog: &'c dyn Catalog, prefix: &str) -> Option<&'c ServiceDef> {
    closest(catalog.services().iter(), |s| &s.prefix, &prefix.to_ascii_lowercase())
}

/// The key meant by an unknown condition key, among `candidates`.
pub(crate) fn key<'k>(candidates: impl Iterator<Item = &'k ConditionKeyDef>, key: &str) -> Option<&'k ConditionKeyDef> {
    let lower = key.to_ascii_lowercase();
    let mut best: Option<(usize, &ConditionKeyDef)> = None;
    for k in candidates {
        let name = k.name.to_ascii_lowercase();
        // `aws:SourceIpAddress` means `aws:SourceIp`: a key extended by a word.
        if name.len() > 6 && (lower.starts_with(&name) || name.starts_with(&lower)) {
            return Some(k);
        }
        let d = edit_distance(&lower, &name);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, k));
        }
    }
    best.filter(|(d, _)| *d <= threshold(&lower)).map(|(_, k)| k)
}

fn threshold(name: &str) -> usize {
    (name.chars().count() / 4).clamp(2, 4)
}

fn closest<'a, T, F: Fn(&T) -> &str>(items: impl Iterator<Item = &'a T>, name_of: F, lower: &str) -> Option<&'a T>
where
    T: 'a,
{
    let mut best: Option<(usize, &T)> = None;
    for item in items {
        let candidate = name_of(item);
        // Cheap bound first: the length difference is a lower bound of the distance.
        if candidate.len().abs_diff(lower.len()) > threshold(lower) {
            continue;
        }
        let d = edit_distance(lower, candidate);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, item));
        }
    }
    best.filter(|(d, _)| *d <= threshold(lower)).map(|(_, item)| item)
}
