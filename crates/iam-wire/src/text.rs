//! Input bytes as text, one rule for every reader: UTF-8, with a leading
//! byte-order mark dropped (as the AWS CLI accepts it), and bytes that are
//! not UTF-8 reported at their offset.

/// The UTF-8 byte-order mark.
pub const BOM: &str = "\u{feff}";

/// Input that is not UTF-8 text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not UTF-8 text: invalid byte 0x{byte:02x} at byte offset {offset} (line {line})")]
pub struct NotUtf8 {
    /// Offset of the first invalid byte in the input as given (a byte-order mark counted).
    pub offset: usize,
    pub byte: u8,
    pub line: usize,
}

/// Decodes input bytes: a leading byte-order mark is dropped.
pub fn decode(bytes: Vec<u8>) -> Result<String, NotUtf8> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with(BOM) {
                text.drain(..BOM.len());
            }
            Ok(text)
        }
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = 1 + bytes.get(..offset).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
            Err(NotUtf8 { offset, byte: bytes.get(offset).copied().unwrap_or(0), line })
        }
    }
}

/// Text without a leading byte-order mark (for text that arrives decoded).
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix(BOM).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_is_dropped_and_bad_bytes_are_located() {
        assert_eq!(decode(b"\xef\xbb\xbf{}".to_vec()).unwrap(), "{}");
        assert_eq!(decode(b"{}".to_vec()).unwrap(), "{}");
        let e = decode(b"{\n\"a\": \"\xff\"}".to_vec()).unwrap_err();
        assert_eq!((e.offset, e.byte, e.line), (8, 0xff, 2));
        assert_eq!(e.to_string(), "not UTF-8 text: invalid byte 0xff at byte offset 8 (line 2)");
        assert_eq!(strip_bom("\u{feff}x"), "x");
    }
}
