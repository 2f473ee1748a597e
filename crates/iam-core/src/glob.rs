//! Wildcard patterns (`*` = any run of characters, `?` = exactly one character),
//! as IAM uses them in actions, resources, principals and `*Like` operators.
//!
//! Matching never backtracks: the pattern is split at `*` into segments; the
//! first must match at the start, the last at the end, and every middle one is
//! found at its leftmost position after the previous (leftmost is always safe for
//! star-separated segments). Literal segments are found with the standard library's
//! two-way substring search and segments with `?` with a bit-parallel (shift-and)
//! scan, so a match is O(text + pattern) for segments up to 64 bytes; longer
//! segments with `?` fall back to an O(text × segment) scan. No input can blow up.

/// One token of a pattern. Literal text may contain `*` and `?` as plain
/// characters (from the `${*}` and `${?}` policy variables).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token {
    Lit(String),
    Star,
    AnyChar,
}

/// Splits pattern text into tokens, treating every `*` and `?` as a wildcard.
pub fn tokenize(pattern: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut lit = String::new();
    for c in pattern.chars() {
        match c {
            '*' | '?' => {
                if !lit.is_empty() {
                    out.push(Token::Lit(std::mem::take(&mut lit)));
                }
                out.push(if c == '*' { Token::Star } else { Token::AnyChar });
            }
            _ => lit.push(c),
        }
    }
    if !lit.is_empty() {
        out.push(Token::Lit(lit));
    }
    out
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Lit(Box<str>),
    AnyChar,
}

#[derive(Clone, Debug)]
struct Segment {
    pieces: Vec<Piece>,
    /// Number of characters the segment matches (each `?` is one).
    chars: usize,
    /// Shift-and tables for ASCII segments with `?` of at most 64 bytes.
    shift_and: Option<Box<ShiftAnd>>,
}

#[derive(Clone, Debug)]
struct ShiftAnd {
    masks: [u64; 128],
    accept: u64,
}

#[derive(Clone, Debug)]
enum Kind {
    /// `*`
    Any,
    /// No wildcard at all.
    Exact(Box<str>),
    /// `literal*`
    Prefix(Box<str>),
    /// Anything else. `segments.len() == stars + 1`.
    General { segments: Vec<Segment>, has_star: bool },
}

/// A compiled wildcard pattern.
#[derive(Clone, Debug)]
pub struct Glob {
    kind: Kind,
}

impl Glob {
    /// Compiles pattern text where every `*` and `?` is a wildcard.
    pub fn new(pattern: &str) -> Self {
        Self::from_tokens(&tokenize(pattern))
    }

    pub fn from_tokens(tokens: &[Token]) -> Self {
        // Collapse runs of literals; note where stars are.
        let mut segments: Vec<Vec<Piece>> = vec![Vec::new()];
        let mut has_star = false;
        for t in tokens {
            match t {
                Token::Star => {
                    has_star = true;
                    segments.push(Vec::new());
                }
                Token::AnyChar => push_piece(&mut segments, Piece::AnyChar),
                Token::Lit(s) if s.is_empty() => {}
                Token::Lit(s) => push_piece(&mut segments, Piece::Lit(s.as_str().into())),
            }
        }
        let all_literal = |seg: &Vec<Piece>| seg.iter().all(|p| matches!(p, Piece::Lit(_)));
        let joined = |seg: &Vec<Piece>| -> String {
            seg.iter().map(|p| if let Piece::Lit(s) = p { s.as_ref() } else { "" }).collect()
        };
        let kind = match segments.as_slice() {
            [only] if !has_star && all_literal(only) => Kind::Exact(joined(only).into()),
            [first, last] if all_literal(first) && last.is_empty() => {
                if first.is_empty() {
                    Kind::Any
                } else {
                    Kind::Prefix(joined(first).into())
                }
            }
            _ if segments.iter().all(Vec::is_empty) && has_star => Kind::Any,
            _ => Kind::General { segments: segments.into_iter().map(Segment::new).collect(), has_star },
        };
        Self { kind }
    }

    pub fn matches(&self, text: &str) -> bool {
        match &self.kind {
            Kind::Any => true,
            Kind::Exact(s) => text == s.as_ref(),
            Kind::Prefix(p) => text.starts_with(p.as_ref()),
            Kind::General { segments, has_star } => general_match(segments, *has_star, text),
        }
    }
}

fn push_piece(segments: &mut [Vec<Piece>], piece: Piece) {
    if let Some(seg) = segments.last_mut() {
        match (seg.last_mut(), piece) {
            (Some(Piece::Lit(prev)), Piece::Lit(s)) => {
                let mut joined = String::with_capacity(prev.len() + s.len());
                joined.push_str(prev);
                joined.push_str(&s);
                *prev = joined.into();
            }
            (_, piece) => seg.push(piece),
        }
    }
}

impl Segment {
    fn new(pieces: Vec<Piece>) -> Self {
        let chars = pieces
            .iter()
            .map(|p| match p {
                Piece::Lit(s) => s.chars().count(),
                Piece::AnyChar => 1,
            })
            .sum();
        let shift_and = ShiftAnd::build(&pieces).map(Box::new);
        Self { pieces, chars, shift_and }
    }

    fn literal(&self) -> Option<&str> {
        match self.pieces.as_slice() {
            [] => Some(""),
            [Piece::Lit(s)] => Some(s),
            _ => None,
        }
    }

    /// If the segment matches at byte `pos`, the byte position after it.
    fn match_at(&self, text: &str, mut pos: usize) -> Option<usize> {
        for piece in &self.pieces {
            let rest = text.get(pos..)?;
            match piece {
                Piece::Lit(s) => {
                    if !rest.starts_with(s.as_ref()) {
                        return None;
                    }
                    pos += s.len();
                }
                Piece::AnyChar => pos += rest.chars().next()?.len_utf8(),
            }
        }
        Some(pos)
    }

    /// Leftmost match lying entirely within `text[from..limit]`; returns its end.
    fn find(&self, text: &str, from: usize, limit: usize) -> Option<usize> {
        let window = text.get(from..limit)?;
        if let Some(lit) = self.literal() {
            return window.find(lit).map(|i| from + i + lit.len());
        }
        if let Some(sa) = &self.shift_and
            && window.is_ascii()
        {
            return sa.find(window.as_bytes()).map(|end| from + end);
        }
        // Fallback for long or non-ASCII segments: bounded O(window × segment).
        window.char_indices().find_map(|(i, _)| self.match_at(text, from + i).filter(|&end| end <= limit))
    }
}

impl ShiftAnd {
    fn build(pieces: &[Piece]) -> Option<Self> {
        if !pieces.iter().any(|p| matches!(p, Piece::AnyChar)) {
            return None;
        }
        let mut masks = [0u64; 128];
        let mut bit = 0u32;
        for piece in pieces {
            match piece {
                Piece::AnyChar => {
                    if bit >= 64 {
                        return None;
                    }
                    for m in masks.iter_mut() {
                        *m |= 1 << bit;
                    }
                    bit += 1;
                }
                Piece::Lit(s) => {
                    for b in s.bytes() {
                        if bit >= 64 || !b.is_ascii() {
                            return None;
                        }
                        *masks.get_mut(usize::from(b))? |= 1 << bit;
                        bit += 1;
                    }
                }
            }
        }
        let accept = 1u64.checked_shl(bit.checked_sub(1)?)?;
        Some(Self { masks, accept })
    }

    /// End offset of the leftmost match in an ASCII window.
    fn find(&self, window: &[u8]) -> Option<usize> {
        let mut state = 0u64;
        for (i, &b) in window.iter().enumerate() {
            let mask = self.masks.get(usize::from(b)).copied().unwrap_or(0);
            state = ((state << 1) | 1) & mask;
            if state & self.accept != 0 {
                return Some(i + 1);
            }
        }
        None
    }
}

fn general_match(segments: &[Segment], has_star: bool, text: &str) -> bool {
    let (Some(first), Some(last)) = (segments.first(), segments.last()) else {
        return text.is_empty();
    };
    if !has_star {
        return first.match_at(text, 0) == Some(text.len());
    }
    let Some(mut pos) = first.match_at(text, 0) else {
        return false;
    };
    // Where the last segment must start so that it ends exactly at the end.
    let Some(tail_start) = start_of_last_chars(text, last.chars) else {
        return false;
    };
    if tail_start < pos || last.match_at(text, tail_start) != Some(text.len()) {
        return false;
    }
    let middle = segments.get(1..segments.len().saturating_sub(1)).unwrap_or(&[]);
    for seg in middle {
        match seg.find(text, pos, tail_start) {
            Some(end) => pos = end,
            None => return false,
        }
    }
    true
}

/// Byte offset where the last `n` characters of `text` begin.
fn start_of_last_chars(text: &str, n: usize) -> Option<usize> {
    if n == 0 {
        return Some(text.len());
    }
    if text.is_ascii() {
        return text.len().checked_sub(n);
    }
    text.char_indices().rev().nth(n - 1).map(|(i, _)| i)
}

/// Does `wide` match every string `narrow` matches? Both are pattern texts in
/// which every `*` and `?` is a wildcard. Exact, not a heuristic: a `?` in
/// `wide` covers one character of `narrow` (a literal or a `?`) but never a `*`,
/// which may stand for nothing or for many characters.
///
/// Each run of wildcards in `wide` is a length constraint (`?*?` is "at least
/// two characters"), so `wide` is read as literals and runs, and a dynamic
/// program over (position in `wide`, position in `narrow`) asks whether each
/// run can absorb a stretch of `narrow` that always has the right length:
/// exactly `k` characters without a `*` for `?`×k, at least `k` non-`*`
/// tokens for a run with a star. O(|wide| × |narrow|) time, O(|narrow|) memory.
pub fn covers(wide: &str, narrow: &str) -> bool {
    let literal = |s: &str| !s.contains(['*', '?']);
    if literal(wide) {
        return wide == narrow;
    }
    // The common shapes: `prefix*` and `*suffix` with literal text.
    if let Some(prefix) = wide.strip_suffix('*').filter(|p| literal(p)) {
        return narrow.starts_with(prefix);
    }
    if let Some(suffix) = wide.strip_prefix('*').filter(|s| literal(s)) {
        return narrow.ends_with(suffix);
    }
    let narrow: Vec<char> = narrow.chars().collect();
    let n = narrow.len();
    // Prefix counts over `narrow`: stars, and the tokens that are exactly one character.
    let mut stars = Vec::with_capacity(n + 1);
    let mut fixed = Vec::with_capacity(n + 1);
    let (mut s, mut f) = (0usize, 0usize);
    stars.push(0);
    fixed.push(0);
    for &c in &narrow {
        if c == '*' {
            s += 1;
        } else {
            f += 1;
        }
        stars.push(s);
        fixed.push(f);
    }
    // `next[j]`: the rest of `wide` (after the current item) covers `narrow[j..]`.
    let mut next: Vec<bool> = (0..=n).map(|j| j == n).collect();
    let mut cur = vec![false; n + 1];
    let mut suffix_any = vec![false; n + 2];
    for item in wide_items(wide).iter().rev() {
        match *item {
            WideItem::Lit(c) => {
                for (j, slot) in cur.iter_mut().enumerate() {
                    *slot = narrow.get(j) == Some(&c) && next.get(j + 1).copied().unwrap_or(false);
                }
            }
            WideItem::Run { min, star: false } => {
                for (j, slot) in cur.iter_mut().enumerate() {
                    let end = j + min;
                    *slot = end <= n && stars.get(end) == stars.get(j) && next.get(end).copied().unwrap_or(false);
                }
            }
            WideItem::Run { min, star: true } => {
                // suffix_any[e]: some position >= e where the rest covers.
                for e in (0..=n).rev() {
                    let here = next.get(e).copied().unwrap_or(false);
                    let later = suffix_any.get(e + 1).copied().unwrap_or(false);
                    if let Some(slot) = suffix_any.get_mut(e) {
                        *slot = here || later;
                    }
                }
                for (j, slot) in cur.iter_mut().enumerate() {
                    // The run covers narrow[j..e] whenever that stretch has at
                    // least `min` one-character tokens: from the first such e on.
                    let need = fixed.get(j).copied().unwrap_or(usize::MAX).saturating_add(min);
                    let first_end = fixed.partition_point(|&x| x < need).max(j);
                    *slot = suffix_any.get(first_end).copied().unwrap_or(false);
                }
            }
        }
        std::mem::swap(&mut cur, &mut next);
    }
    next.first().copied().unwrap_or(false)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum WideItem {
    Lit(char),
    /// A maximal run of wildcards: `min` `?`s, and whether it has a `*`.
    Run {
        min: usize,
        star: bool,
    },
}

fn wide_items(pattern: &str) -> Vec<WideItem> {
    let mut out: Vec<WideItem> = Vec::with_capacity(pattern.len());
    for c in pattern.chars() {
        let wildcard = match c {
            '*' => Some((0, true)),
            '?' => Some((1, false)),
            _ => None,
        };
        match (wildcard, out.last_mut()) {
            (Some((add, has_star)), Some(WideItem::Run { min, star })) => {
                *min += add;
                *star |= has_star;
            }
            (Some((min, star)), _) => out.push(WideItem::Run { min, star }),
            (None, _) => out.push(WideItem::Lit(c)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn m(p: &str, t: &str) -> bool {
        Glob::new(p).matches(t)
    }

    #[test]
    fn basics() {
        assert!(m("*", ""));
        assert!(m("*", "anything"));
        assert!(m("s3:Get*", "s3:GetObject"));
        assert!(!m("s3:Get*", "s3:PutObject"));
        assert!(m("s3:*Object", "s3:GetObject"));
        assert!(m("s3:?etObject", "s3:GetObject"));
        assert!(!m("s3:?etObject", "s3:etObject"));
        assert!(m("a*b*c", "abc"));
        assert!(m("a*b*c", "aXbYbZc"));
        assert!(!m("a*b*c", "acb"));
        assert!(m("*a?c*", "zzabczz"));
        assert!(m("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c"));
        assert!(!m("ab", "abc"));
        assert!(m("**", "x"));
        assert!(m("é?x", "éüx"), "? is one character, not one byte");
        assert!(m("*?", "ü"));
        assert!(!m("??", "ü"));
        assert!(m("a*?*?b", "axyb"));
        assert!(!m("a*?*?b", "axb"));
    }

    #[test]
    fn literal_star_tokens_are_not_wildcards() {
        let g = Glob::from_tokens(&[Token::Lit("a*b".into())]);
        assert!(g.matches("a*b"));
        assert!(!g.matches("aXb"));
        let g = Glob::from_tokens(&[Token::Lit("?".into()), Token::Star]);
        assert!(g.matches("?x"));
        assert!(!g.matches("xx"));
    }

    #[test]
    fn hostile_patterns_stay_fast() {
        // Exponential for a naive backtracker; linear here.
        let text = "a".repeat(50_000);
        let pattern = format!("{}b", "a*".repeat(2_000));
        assert!(!m(&pattern, &text));
        let pattern = format!("*{}?b*", "?".repeat(60));
        assert!(!m(&pattern, &text));
    }

    /// Reference implementation: dynamic programming over characters.
    fn reference(p: &str, t: &str) -> bool {
        let p: Vec<char> = p.chars().collect();
        let t: Vec<char> = t.chars().collect();
        let mut dp = vec![vec![false; t.len() + 1]; p.len() + 1];
        dp[0][0] = true;
        for i in 1..=p.len() {
            dp[i][0] = dp[i - 1][0] && p[i - 1] == '*';
            for j in 1..=t.len() {
                dp[i][j] = match p[i - 1] {
                    '*' => dp[i - 1][j] || dp[i][j - 1],
                    '?' => dp[i - 1][j - 1],
                    c => dp[i - 1][j - 1] && c == t[j - 1],
                };
            }
        }
        dp[p.len()][t.len()]
    }

    #[test]
    fn pattern_inclusion() {
        assert!(covers("arn:aws:s3:::logs-*/*", "arn:aws:s3:::logs-?/*"));
        assert!(!covers("arn:aws:s3:::logs-?/*", "arn:aws:s3:::logs-*/*"), "`?` cannot cover `*`");
        assert!(!covers("a?", "a*"));
        assert!(covers("*", "a*?b"));
        assert!(covers("?*", "*a"), "both need at least one character");
        assert!(covers("*?", "*a"));
        assert!(!covers("??*", "?*"));
        assert!(covers("s3:get*", "s3:get*"));
        assert!(covers("s3:*", "s3:getobject"));
        assert!(!covers("s3:getobject", "s3:get*"));
        assert!(covers("a*b", "a*b*b"));
        assert!(!covers("*ab*", "*a*b*"));
        assert!(covers("é?", "éü"));
    }

    /// Every string over {a, b, c} up to `max` characters: `c` never appears in
    /// the patterns, so it stands for "any other character".
    fn strings(max: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut level = vec![String::new()];
        for _ in 0..max {
            level = level.iter().flat_map(|s| ["a", "b", "c"].map(|c| format!("{s}{c}"))).collect();
            all.extend(level.iter().cloned());
        }
        all
    }

    fn brute_force_includes(wide: &str, narrow: &str, strings: &[String]) -> bool {
        let (w, n) = (Glob::new(wide), Glob::new(narrow));
        strings.iter().all(|s| !n.matches(s) || w.matches(s))
    }

    #[test]
    fn inclusion_agrees_with_brute_force_for_every_short_pattern() {
        // Patterns up to 4 characters; with strings up to 8 characters every
        // non-inclusion has a witness.
        let strings = strings(8);
        let mut patterns = vec![String::new()];
        let mut level = vec![String::new()];
        for _ in 0..4 {
            level = level.iter().flat_map(|p| ["a", "b", "*", "?"].map(|c| format!("{p}{c}"))).collect();
            patterns.extend(level.iter().cloned());
        }
        let matched: Vec<Vec<bool>> = patterns
            .iter()
            .map(|p| {
                let g = Glob::new(p);
                strings.iter().map(|s| g.matches(s)).collect()
            })
            .collect();
        for (wi, w) in patterns.iter().enumerate() {
            for (ni, n) in patterns.iter().enumerate() {
                let included = matched[ni].iter().zip(&matched[wi]).all(|(&in_n, &in_w)| !in_n || in_w);
                assert_eq!(covers(w, n), included, "wide {w:?} narrow {n:?}");
            }
        }
    }

    proptest! {
        #[test]
        fn inclusion_agrees_with_brute_force(wide in "[ab*?]{0,5}", narrow in "[ab*?]{0,5}") {
            let strings = strings(8);
            prop_assert_eq!(covers(&wide, &narrow), brute_force_includes(&wide, &narrow, &strings));
        }

        #[test]
        fn inclusion_is_sound_on_longer_patterns(wide in "[ab*?]{0,14}", narrow in "[ab*?]{0,14}", fill in "[abc]{0,24}") {
            // Instantiate `narrow`'s wildcards from `fill`: the string must then match `wide`.
            if covers(&wide, &narrow) {
                let mut fill = fill.chars().cycle();
                let mut s = String::new();
                for c in narrow.chars() {
                    match c {
                        '*' => s.extend(fill.by_ref().take(3)),
                        '?' => s.extend(fill.by_ref().take(1).chain(std::iter::repeat('c')).take(1)),
                        c => s.push(c),
                    }
                }
                prop_assert!(Glob::new(&wide).matches(&s), "{} {} {}", wide, narrow, s);
            }
        }

        #[test]
        fn agrees_with_reference(p in "[ab*?é]{0,12}", t in "[abé]{0,16}") {
            prop_assert_eq!(m(&p, &t), reference(&p, &t), "pattern {:?} text {:?}", p, t);
        }

        #[test]
        fn long_segments_agree_with_reference(p in "[ab?]{60,70}\\*[ab?]{0,4}", t in "[ab]{55,80}") {
            prop_assert_eq!(m(&p, &t), reference(&p, &t));
        }
    }
}
