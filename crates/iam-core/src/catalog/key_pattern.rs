//! Condition key names with placeholders. The catalog writes them several ways
//! (`aws:ResourceTag/${TagKey}`, `s3:ExistingObjectTag/<key>`,
//! `aws:PrincipalTag/tag-key`, `glacier:ResourceTag/` with an empty suffix,
//! `token.actions.githubusercontent.com/${SubPath}:actor`); all become one
//! wildcard so `aws:RequestTag/env` finds `aws:RequestTag/${TagKey}`.

use crate::glob::{Glob, Token};

#[derive(Clone, Debug)]
pub struct KeyPattern {
    glob: Glob,
    /// Byte length of the name before its first placeholder (all of it without
    /// one): what an editor inserts for the key (`aws:RequestTag/`).
    fixed_len: usize,
}

impl KeyPattern {
    pub fn new(name: &str) -> Self {
        let lower = name.to_ascii_lowercase();
        let mut tokens = Vec::new();
        let mut rest = lower.as_str();
        while let Some((start, end)) = next_placeholder(rest) {
            let (before, after) = (rest.get(..start).unwrap_or(""), rest.get(end..).unwrap_or(""));
            if !before.is_empty() {
                tokens.push(Token::Lit(before.to_string()));
            }
            tokens.push(Token::Star);
            rest = after;
        }
        if let Some(stem) = rest.strip_suffix("/tag-key") {
            tokens.push(Token::Lit(format!("{stem}/")));
            tokens.push(Token::Star);
        } else if rest.ends_with('/') {
            tokens.push(Token::Lit(rest.to_string()));
            tokens.push(Token::Star);
        } else if !rest.is_empty() {
            tokens.push(Token::Lit(rest.to_string()));
        }
        // Lower-casing ASCII keeps byte lengths, so this also measures `name`.
        let fixed_len = match tokens.first() {
            Some(Token::Lit(s)) => s.len(),
            _ => 0,
        };
        Self { glob: Glob::from_tokens(&tokens), fixed_len }
    }

    /// Does a key as written in a policy (any case) match?
    pub fn matches(&self, key: &str) -> bool {
        if key.bytes().any(|b| b.is_ascii_uppercase()) {
            self.glob.matches(&key.to_ascii_lowercase())
        } else {
            self.glob.matches(key)
        }
    }

    /// Byte length of the text before the first placeholder (the whole name without one).
    pub fn fixed_len(&self) -> usize {
        self.fixed_len
    }
}

/// Byte range of the next `${...}` or `<...>` placeholder.
fn next_placeholder(text: &str) -> Option<(usize, usize)> {
    let dollar = text.find("${").and_then(|s| text.get(s..)?.find('}').map(|e| (s, s + e + 1)));
    let angle = text.find('<').and_then(|s| text.get(s..)?.find('>').map(|e| (s, s + e + 1)));
    match (dollar, angle) {
        (Some(d), Some(a)) => Some(if d.0 < a.0 { d } else { a }),
        (d, a) => d.or(a),
    }
}

#[cfg(test)]
mod tests {
    use super::KeyPattern;

    #[test]
    fn every_placeholder_style_matches_a_concrete_key() {
        assert!(KeyPattern::new("aws:RequestTag/${TagKey}").matches("aws:RequestTag/env"));
        assert!(KeyPattern::new("aws:RequestTag/${TagKey}").matches("AWS:requesttag/Team:Name"));
        assert!(KeyPattern::new("s3:ExistingObjectTag/<key>").matches("s3:ExistingObjectTag/classification"));
        assert!(KeyPattern::new("aws:PrincipalTag/tag-key").matches("aws:PrincipalTag/department"));
        assert!(KeyPattern::new("glacier:ResourceTag/").matches("glacier:ResourceTag/owner"));
        let web = KeyPattern::new("token.actions.githubusercontent.com/${SubPath}:actor");
        assert!(web.matches("token.actions.githubusercontent.com/octo-org:actor"));
        assert!(!web.matches("token.actions.githubusercontent.com/octo-org:sub"));
        assert!(KeyPattern::new("s3:prefix").matches("S3:Prefix"));
        assert!(!KeyPattern::new("s3:prefix").matches("s3:prefixes"));
        fn fixed(name: &str) -> &str {
            &name[..KeyPattern::new(name).fixed_len()]
        }
        assert_eq!(fixed("aws:RequestTag/${TagKey}"), "aws:RequestTag/");
        assert_eq!(fixed("s3:ExistingObjectTag/<key>"), "s3:ExistingObjectTag/");
        assert_eq!(fixed("aws:PrincipalTag/tag-key"), "aws:PrincipalTag/");
        assert_eq!(fixed("glacier:ResourceTag/"), "glacier:ResourceTag/");
        assert_eq!(
            fixed("token.actions.githubusercontent.com/${SubPath}:actor"),
            "token.actions.githubusercontent.com/"
        );
        assert_eq!(fixed("s3:prefix"), "s3:prefix");
        assert_eq!(fixed("${Key}:x"), "");
    }
}
