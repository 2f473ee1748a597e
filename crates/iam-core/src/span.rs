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
    /// Offsets of UTF-8 continuation bytes (empty for ASCII text), so a
    /// column is a subtraction and two binary searches, not a scan of the line.
    continuation: Vec<usize>,
    /// Offsets of the first byte of every four-byte character (two UTF-16 units).
    astral: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let (mut continuation, mut astral) = (Vec::new(), Vec::new());
        if !text.is_ascii() {
            for (i, b) in text.bytes().enumerate() {
                if b & 0xC0 == 0x80 {
                    continuation.push(i);
                } else if b >= 0xF0 {
                    astral.push(i);
                }
            }
        }
        Self { text, line_starts, continuation, astral }
    }

    /// How many of `sorted` lie in `from..to`.
    fn count_in(sorted: &[usize], from: usize, to: usize) -> usize {
        sorted.partition_point(|&i| i < to).saturating_sub(sorted.partition_point(|&i| i < from))
    }

    /// Position of a byte offset; offsets past the end map to the end, offsets
    /// inside a multi-byte character map to that character.
    pub fn line_col(&self, offset: u32) -> LineCol {
        let offset = (offset as usize).min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        // Characters starting in `start..offset`: its bytes less the continuation bytes.
        let column = offset.saturating_sub(start).saturating_sub(Self::count_in(&self.continuation, start, offset));
        LineCol {
            line: u32::try_from(line + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }

    /// Converts a byte offset to a UTF-16 code unit offset (what JS editors use).
    pub fn utf16_offset(&self, offset: u32) -> u32 {
        let offset = (offset as usize).min(self.text.len());
        // Characters starting before `offset`, plus one more unit for each four-byte one.
        let chars = offset.saturating_sub(Self::count_in(&self.continuation, 0, offset));
        let units = chars + Self::count_in(&self.astral, 0, offset);
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

    #[test]
    fn positions_agree_with_a_scan_at_every_offset() {
        let text = "{\n  \"é😀x\": \"日本\",\n\n  \"a\" }😀";
        let idx = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            let o = offset.min(text.len());
            let bytes = &text.as_bytes()[..o];
            let line_start = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = text[line_start..].char_indices().take_while(|(i, _)| line_start + i < o).count();
            let line = bytes.iter().filter(|&&b| b == b'\n').count();
            let at = idx.line_col(offset as u32);
            assert_eq!((at.line as usize, at.column as usize), (line + 1, column + 1), "offset {offset}");
            let units: usize = text.char_indices().take_while(|(i, _)| *i < o).map(|(_, c)| c.len_utf16()).sum();
            assert_eq!(idx.utf16_offset(offset as u32) as usize, units, "offset {offset}");
        }
    }
}
