//! ARNs: `arn:partition:service:region:account-id:resource`.
//!
//! Matching follows the IAM documentation for `ArnLike`/`ArnEquals`: "each of
//! the six colon-delimited components of the ARN is checked separately and each
//! can include multi-character match wildcards (*) or single-character match
//! wildcards (?)". A wildcard therefore never spans a colon between the first
//! five components; the sixth component (the resource) keeps its own colons.
//! Patterns that are not six-component ARNs (such as `*`) match as a whole.

use crate::glob::{Glob, Token};

/// The parts of a parsed ARN, borrowed from the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    pub fn parse(s: &'a str) -> Option<Self> {
        let mut it = s.splitn(6, ':');
        if it.next()? != "arn" {
            return None;
        }
        Some(Self {
            partition: it.next()?,
            service: it.next()?,
            region: it.next()?,
            account: it.next()?,
            resource: it.next()?,
        })
    }

    fn components(&self) -> [&'a str; 6] {
        ["arn", self.partition, self.service, self.region, self.account, self.resource]
    }
}

/// A compiled ARN pattern.
#[derive(Clone, Debug)]
pub struct ArnPattern {
    /// Per-component globs when the pattern has six components.
    components: Option<Box<[Glob; 6]>>,
    whole: Glob,
}

impl ArnPattern {
    pub fn new(pattern: &str) -> Self {
        Self::from_tokens(&crate::glob::tokenize(pattern))
    }

    pub fn from_tokens(tokens: &[Token]) -> Self {
        let whole = Glob::from_tokens(tokens);
        let components = split_components(tokens).map(|parts| {
            let globs: Vec<Glob> = parts.iter().map(|p| Glob::from_tokens(p)).collect();
            globs.try_into().ok().map(Box::new)
        });
        Self { components: components.flatten(), whole }
    }

    pub fn matches(&self, value: &str) -> bool {
        match (&self.components, Arn::parse(value)) {
            (Some(globs), Some(arn)) => globs.iter().zip(arn.components()).all(|(g, c)| g.matches(c)),
            (Some(_), None) => false,
            (None, _) => self.whole.matches(value),
        }
    }
}

/// Splits pattern tokens at `:` into exactly six components (the sixth keeps
/// any further colons), or `None` if there are fewer than six.
fn split_components(tokens: &[Token]) -> Option<Vec<Vec<Token>>> {
    let mut parts: Vec<Vec<Token>> = vec![Vec::new()];
    for t in tokens {
        match t {
            Token::Lit(s) => {
                let mut first = true;
                for piece in s.split(':') {
                    if !first {
                        if parts.len() < 6 {
                            parts.push(Vec::new());
                        } else if let Some(last) = parts.last_mut() {
                            last.push(Token::Lit(":".into()));
                        }
                    }
                    first = false;
                    if !piece.is_empty()
                        && let Some(last) = parts.last_mut()
                    {
                        last.push(Token::Lit(piece.into()));
                    }
                }
            }
            other => {
                if let Some(last) = parts.last_mut() {
                    last.push(other.clone());
                }
            }
        }
    }
    (parts.len() == 6).then_some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_arns() {
        let a = Arn::parse("arn:aws:s3:::bucket/key:with:colons").unwrap();
        assert_eq!(a.service, "s3");
        assert_eq!(a.account, "");
        assert_eq!(a.resource, "bucket/key:with:colons");
        assert!(Arn::parse("arn:aws:s3").is_none());
        assert!(Arn::parse("nope:aws:s3:::b").is_none());
    }

    #[test]
    fn components_match_separately() {
        let p = ArnPattern::new("arn:aws:iam::*:role/*");
        assert!(p.matches("arn:aws:iam::123456789012:role/admin"));
        assert!(p.matches("arn:aws:iam::123456789012:role/path/admin"));
        assert!(!p.matches("arn:aws:iam::123456789012:user/admin"));
        // `*` in the account component does not swallow the colon before the resource.
        assert!(ArnPattern::new("arn:aws:s3:::b/*").matches("arn:aws:s3:::b/x:y"));
        assert!(ArnPattern::new("*").matches("arn:aws:s3:::b"));
        assert!(!ArnPattern::new("arn:aws:s3:::b").matches("not-an-arn"));
        assert!(ArnPattern::new("arn:aws:ec2:*:*:instance/*").matches("arn:aws:ec2:us-east-1:1:instance/i-1"));
        assert!(!ArnPattern::new("arn:aws:ec2:*:*:instance/*").matches("arn:aws:ec2:us-east-1:1:volume/v-1"));
    }
}
