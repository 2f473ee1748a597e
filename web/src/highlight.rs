//! JSON syntax highlighting as lines of classed text runs, with diagnostic and
//! highlight ranges underlined. The editor renders each line as a component,
//! so a keystroke re-renders only the lines whose runs changed.

/// A byte range to decorate, with the CSS class to add.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub class: &'static str,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tok {
    Plain,
    Key,
    Str,
    Num,
    Word,
    Punct,
}

impl Tok {
    fn class(self) -> &'static str {
        match self {
            Tok::Plain => "",
            Tok::Key => "tk",
            Tok::Str => "ts",
            Tok::Num => "tn",
            Tok::Word => "tw",
            Tok::Punct => "tp",
        }
    }
}

/// Token kinds of each byte (lenient: works on broken JSON too).
fn tokens(text: &str) -> Vec<(usize, usize, Tok)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b.get(i).copied().unwrap_or(b' ');
        let start = i;
        let tok = match c {
            b'"' => {
                i += 1;
                while i < b.len() {
                    match b.get(i) {
                        Some(b'\\') => i += 2,
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        Some(b'\n') => break,
                        _ => i += 1,
                    }
                }
                i = i.min(b.len());
                // A string followed by `:` is a key.
                let mut j = i;
                while b.get(j).is_some_and(|x| *x == b' ' || *x == b'\t') {
                    j += 1;
                }
                if b.get(j) == Some(&b':') { Tok::Key } else { Tok::Str }
            }
            b'-' | b'0'..=b'9' => {
                while b.get(i).is_some_and(|x| x.is_ascii_digit() || b"+-.eE".contains(x)) {
                    i += 1;
                }
                Tok::Num
            }
            b'a'..=b'z' | b'A'..=b'Z' => {
                while b.get(i).is_some_and(u8::is_ascii_alphanumeric) {
                    i += 1;
                }
                Tok::Word
            }
            b'{' | b'}' | b'[' | b']' | b':' | b',' => {
                i += 1;
                Tok::Punct
            }
            _ => {
                // Advance one whole character.
                i += text.get(i..).and_then(|s| s.chars().next()).map_or(1, char::len_utf8);
                Tok::Plain
            }
        };
        out.push((start, i, tok));
    }
    out
}

/// A run of text with its CSS classes (empty: plain text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub class: String,
    pub text: String,
}

/// One line of the highlighted text (without its newline).
pub type Line = Vec<Piece>;

/// The highlighted lines of `text`: text and class names only, never markup,
/// so that the editor builds its overlay as DOM nodes and nothing in a policy
/// can become HTML. An empty last line (after a trailing newline, or of an
/// empty text) holds a space, so the overlay keeps the textarea's height.
pub fn highlight(text: &str, marks: &[Mark]) -> Vec<Line> {
    // Boundaries: token edges and mark edges, on character boundaries.
    let toks = tokens(text);
    let mut cuts: Vec<usize> = Vec::with_capacity(toks.len() * 2 + marks.len() * 2);
    for (s, e, _) in &toks {
        cuts.push(*s);
        cuts.push(*e);
    }
    for m in marks {
        let clamp = |mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        cuts.push(clamp(m.start));
        cuts.push(clamp(m.end.max(m.start + 1)));
    }
    cuts.push(0);
    cuts.push(text.len());
    cuts.sort_unstable();
    cuts.dedup();
    let mut lines: Vec<Line> = vec![Vec::new()];
    let mut ti = 0;
    for w in cuts.windows(2) {
        let (Some(&a), Some(&b)) = (w.first(), w.get(1)) else { continue };
        if a >= b {
            continue;
        }
        while toks.get(ti).is_some_and(|t| t.1 <= a) {
            ti += 1;
        }
        let tok = toks.get(ti).filter(|t| t.0 <= a).map_or(Tok::Plain, |t| t.2);
        let mut class = String::from(tok.class());
        for m in marks {
            let end = m.end.max(m.start + 1);
            if m.start <= a && a < end {
                if !class.is_empty() {
                    class.push(' ');
                }
                class.push_str(m.class);
            }
        }
        // A piece may span lines (a mark over several statements).
        let piece = text.get(a..b).unwrap_or("");
        for (i, part) in piece.split('\n').enumerate() {
            if i > 0 {
                lines.push(Vec::new());
            }
            if part.is_empty() {
                continue;
            }
            if let Some(line) = lines.last_mut() {
                line.push(Piece { class: class.clone(), text: part.to_string() });
            }
        }
    }
    if let Some(last) = lines.last_mut()
        && last.is_empty()
    {
        last.push(Piece { class: String::new(), text: " ".into() });
    }
    lines
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing, reason = "tests")]
    use super::*;

    fn piece(class: &str, text: &str) -> Piece {
        Piece { class: class.into(), text: text.into() }
    }

    #[test]
    fn keys_strings_numbers_and_marks() {
        let lines = highlight(r#"{"Effect": "Allow", "n": 1}"#, &[Mark { start: 11, end: 18, class: "d-error" }]);
        assert_eq!(lines.len(), 1);
        let line = &lines[0];
        assert!(line.contains(&piece("tk", "\"Effect\"")), "{line:?}");
        assert!(line.contains(&piece("ts d-error", "\"Allow\"")), "{line:?}");
        assert!(line.contains(&piece("tn", "1")));
    }

    #[test]
    fn markup_stays_text_and_broken_text_and_unicode_survive() {
        let lines =
            highlight("{\"a<b\": \"é😀\n<img src=x onerror=alert(1)>", &[Mark { start: 100, end: 200, class: "x" }]);
        assert_eq!(lines.len(), 2);
        let text: String = lines.iter().flatten().map(|p| p.text.as_str()).collect();
        assert_eq!(text, "{\"a<b\": \"é😀<img src=x onerror=alert(1)>");
        assert!(
            lines.iter().flatten().all(|p| p.class.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-'))
        );
    }

    #[test]
    fn a_mark_over_lines_splits_and_a_trailing_newline_keeps_a_line() {
        let lines = highlight("ab\ncd\n", &[Mark { start: 1, end: 4, class: "hl" }]);
        assert_eq!(lines.len(), 3);
        assert!(lines[0].contains(&piece("tw hl", "b")), "{lines:?}");
        assert!(lines[1].contains(&piece("tw hl", "c")), "{lines:?}");
        assert_eq!(lines[2], vec![piece("", " ")]);
        assert_eq!(highlight("", &[]), vec![vec![piece("", " ")]]);
    }

    #[test]
    fn large_policies_stay_linear() {
        let line = "{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\"},\n";
        let small = highlight(&line.repeat(1000), &[]);
        let big = highlight(&line.repeat(2000), &[]);
        let count = |l: &[Line]| l.iter().map(Vec::len).sum::<usize>();
        // Both end with the one-space last line.
        assert_eq!(count(&big) - 1, 2 * (count(&small) - 1));
    }
}
