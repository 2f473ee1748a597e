//! Text and layout arithmetic of the editor: caret offsets (a textarea counts
//! UTF-16 units, the engine bytes), edits the editor makes, line geometry.

use iam_core::authoring::CompletionItem;

/// Height of a line of code, in CSS pixels (matches `style.css`).
pub const LINE_PX: f64 = 20.0;
/// Padding of the code area, in CSS pixels.
pub const PAD_PX: f64 = 8.0;

/// Byte offset of a UTF-16 position (what a textarea reports).
pub fn byte_of_utf16(text: &str, units: u32) -> usize {
    let mut seen = 0u32;
    for (i, c) in text.char_indices() {
        if seen >= units {
            return i;
        }
        seen += c.len_utf16() as u32;
    }
    text.len()
}

/// The text with a completion inserted, and the byte offset just after it.
pub fn with_completion(text: &str, item: &CompletionItem) -> Option<(String, usize)> {
    let (s, e) = (item.replace.start as usize, item.replace.end as usize);
    let (before, after) = (text.get(..s)?, text.get(e..)?);
    Some((format!("{before}{}{after}", item.insert_text), s + item.insert_text.len()))
}

/// The text with two spaces (a Tab) inserted at byte `at`.
pub fn with_indent(text: &str, at: usize) -> String {
    format!("{}  {}", text.get(..at).unwrap_or(""), text.get(at..).unwrap_or(""))
}

/// The scroll offset that shows 1-based `line` with two lines above it.
pub fn scroll_top_for_line(line: u32) -> i32 {
    ((f64::from(line) - 3.0).max(0.0) * LINE_PX) as i32
}

/// The gutter's line numbers (1-based), each with whether it has an error.
pub fn gutter_lines(line_count: usize, error_lines: &[u32]) -> Vec<(usize, bool)> {
    let errors: std::collections::HashSet<u32> = error_lines.iter().copied().collect();
    (1..=line_count.max(1)).map(|n| (n, errors.contains(&u32::try_from(n).unwrap_or(u32::MAX)))).collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;
    use iam_core::Span;
    use iam_core::authoring::CompletionKind;

    #[test]
    fn utf16_positions_map_to_byte_offsets() {
        let text = "a€😀b";
        assert_eq!(byte_of_utf16(text, 0), 0);
        assert_eq!(byte_of_utf16(text, 1), 1);
        assert_eq!(byte_of_utf16(text, 2), 4); // after €
        assert_eq!(byte_of_utf16(text, 4), 8); // after the surrogate pair
        assert_eq!(byte_of_utf16(text, 99), text.len());
    }

    #[test]
    fn completions_replace_their_range_and_tabs_indent() {
        let item = CompletionItem {
            label: "s3:GetObject".into(),
            kind: CompletionKind::Action,
            detail: None,
            insert_text: "s3:GetObject".into(),
            replace: Span { start: 1, end: 4 },
        };
        assert_eq!(with_completion("\"s3:\"", &item), Some(("\"s3:GetObject\"".into(), 13)));
        assert_eq!(with_completion("\"s", &item), None);
        assert_eq!(with_indent("{}", 1), "{  }");
    }

    #[test]
    fn the_gutter_numbers_lines_and_marks_errors() {
        assert_eq!(gutter_lines(2, &[2]), vec![(1, false), (2, true)]);
        assert_eq!(gutter_lines(0, &[]), vec![(1, false)]);
        assert_eq!(scroll_top_for_line(1), 0);
        assert_eq!(scroll_top_for_line(5), 40);
    }
}
