//! Source positions. Offsets are **byte** offsets into the UTF-8 source text;
//! line/column conversion happens here, UTF-16 conversion only at the JS boundary.

/// A half-open byte range `[start, end)` in a source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub const fn new(start: u32, end: u32) -> Self {
        Self { start, end }
    }

    /// Builds a span from `usize` offsets, saturating (texts over 4 GiB are not supported).
    pub fn from_range(start: usize, end: usize) -> Self {
        Self { start: u32::try_from(start).unwrap_or(u32::MAX), end: u32::try_from(end).unwrap_or(u32::MAX) }
    }

    pub fn len(&self) -> u32 {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A value together with where it was written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

/// A 1-based line and 1-based column (columns count Unicode scalar values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

impl std::fmt::Display for LineCol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Maps byte offsets of one text to line/column positions.
#[derive(Clone, Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset where each line starts; always starts with 0.
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { text, line_starts }
    }

    /// Position of a byte offset; offsets past the end map to the end, offsets
    /// inside a multi-byte character map to that character.
    pub fn line_col(&self, offset: u32) -> LineCol {
        let offset = (offset as usize).min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..)
            .map(|rest| rest.char_indices().take_while(|(i, _)| start + i < offset).count())
            .unwrap_or(0);
        LineCol {
            line: u32::try_from(line + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }

    /// Converts a byte offset to a UTF-16 code unit offset (what JS editors use).
    pub fn utf16_offset(&self, offset: u32) -> u32 {
        let offset = (offset as usize).min(self.text.len());
        let units: usize = self.text.char_indices().take_while(|(i, _)| *i < offset).map(|(_, c)| c.len_utf16()).sum();
        u32::try_from(units).unwrap_or(u32::MAX)
    }

    pub fn text(&self) -> &'a str {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_is_one_based_and_counts_chars() {
        let text = "{\n  \"é\": 1,\n  \"x\"\n}";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(2), LineCol { line: 2, column: 1 });
        let x = text.find("\"x\"").unwrap() as u32;
        assert_eq!(idx.line_col(x), LineCol { line: 3, column: 3 });
        // after the two-byte é the column counts one character
        let one = text.find('1').unwrap() as u32;
        assert_eq!(idx.line_col(one), LineCol { line: 2, column: 8 });
        assert_eq!(idx.line_col(10_000).line, 4);
    }

    #[test]
    fn utf16_offsets_count_surrogate_pairs() {
        let text = "a😀b";
        let idx = LineIndex::new(text);
        assert_eq!(idx.utf16_offset(1), 1);
        assert_eq!(idx.utf16_offset(5), 3);
    }
}
