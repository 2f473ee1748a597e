//! JSON syntax highlighting as an HTML string, with diagnostic and highlight
//! ranges underlined. Built as one string (not thousands of virtual nodes) so
//! that a 100 KB policy still re-renders within a frame.

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

fn escape_into(out: &mut String, s: &str) {
    for ch in s.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// The highlighted HTML of `text`. A trailing newline gets a space so the
/// overlay keeps the same height as the textarea.
pub fn highlight(text: &str, marks: &[Mark]) -> String {
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
    let mut out = String::with_capacity(text.len() * 2);
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
        let piece = text.get(a..b).unwrap_or("");
        if class.is_empty() {
            escape_into(&mut out, piece);
        } else {
            out.push_str("<span class=\"");
            out.push_str(&class);
            out.push_str("\">");
            escape_into(&mut out, piece);
            out.push_str("</span>");
        }
    }
    if text.ends_with('\n') || text.is_empty() {
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_strings_numbers_and_marks() {
        let html = highlight(r#"{"Effect": "Allow", "n": 1}"#, &[Mark { start: 11, end: 18, class: "d-error" }]);
        assert!(html.contains(r#"<span class="tk">&quot;Effect&quot;</span>"#), "{html}");
        assert!(html.contains(r#"<span class="ts d-error">&quot;Allow&quot;</span>"#), "{html}");
        assert!(html.contains(r#"<span class="tn">1</span>"#));
    }

    #[test]
    fn escapes_and_survives_broken_text_and_unicode() {
        let html = highlight("{\"a<b\": \"é😀\n", &[Mark { start: 100, end: 200, class: "x" }]);
        assert!(html.contains("a&lt;b"));
        assert!(html.contains("é😀"));
        let plain: String = html.replace(|c: char| c != '\n' && !c.is_alphanumeric(), "");
        assert!(plain.contains('\n'));
    }

    #[test]
    fn large_policies_stay_linear() {
        let big = r#"{"Effect": "Allow", "Action": "s3:GetObject"},"#.repeat(2500);
        let html = highlight(&big, &[]);
        assert!(html.len() > big.len());
    }
}
