//! The field-size limit of JSON and YAML imports: the same 1 MiB as a CSV row
//! (`source::ROW_LIMIT_MIB`), refused with the record that holds the field, exit 5.
//!
//! JSON streams: `JsonWatch` follows the bytes on their way to serde_json and stops the
//! reading as soon as one string (a value or a key) or one bare token (a number) grows
//! past the limit, so a 100 MB value is refused after 1 MiB of it has been read, never
//! held whole. YAML is read whole (serde_yaml has no streaming reader): its fields are
//! checked once the text is parsed, before any record is used; the text's own size
//! bounds what that costs.

use std::io::{self, Read};

use super::source::ROW_LIMIT_MIB;

/// The longest field a JSON or YAML record may hold, in bytes.
pub const FIELD_LIMIT: u64 = ROW_LIMIT_MIB << 20;

/// The refusal: which record, what limit (`exchange-field-too-long`).
pub fn too_long(record: u64) -> String {
    super::msg::exchange_field_too_long(record.max(1) as i64, ROW_LIMIT_MIB as i64).to_string()
}

/// Where the reading stands in the JSON text.
#[derive(Clone, Copy, PartialEq, Debug)]
enum At {
    /// Between tokens: whitespace, `{ } [ ] , :`.
    Between,
    /// Inside a string (after its opening quote).
    Text,
    /// Inside a string, right after a backslash: the next byte is escaped.
    Escaped,
    /// Inside a bare token: a number, `true`, `false`, `null`.
    Bare,
}

/// A reader of JSON text that counts the bytes of the token being read and fails with
/// `too_long` (as an `InvalidData` I/O error, which the reader reports as the file's
/// problem) when one passes `limit`. It counts records as the elements of the top-level
/// array, to name the one that holds the field.
pub struct JsonWatch<R> {
    inner: R,
    limit: u64,
    at: At,
    /// Nesting depth: 1 inside the top-level array, 2 inside a record.
    depth: u32,
    /// At depth 1, after `[` or `,`: the next token starts a record.
    record_next: bool,
    record: u64,
    /// Bytes of the current string or bare token so far.
    token: u64,
}

impl<R: Read> JsonWatch<R> {
    pub fn new(inner: R, limit: u64) -> Self {
        JsonWatch { inner, limit, at: At::Between, depth: 0, record_next: false, record: 0, token: 0 }
    }

    /// A token starts at depth 1: the top-level array's next element, a record.
    fn token_starts(&mut self) {
        if self.depth == 1 && self.record_next {
            self.record += 1;
            self.record_next = false;
        }
    }

    /// Follow `buf`; `Err` with the record when a token grows past the limit. A string's
    /// bytes are skipped a quote or backslash at a time, so the watch costs little beside
    /// the parser it feeds.
    fn scan(&mut self, buf: &[u8]) -> Result<(), u64> {
        let mut i = 0;
        while i < buf.len() {
            match self.at {
                At::Text => match memchr::memchr2(b'"', b'\\', &buf[i..]) {
                    None => {
                        self.token += (buf.len() - i) as u64;
                        i = buf.len();
                    }
                    Some(k) => {
                        self.token += k as u64 + 1;
                        self.at = if buf[i + k] == b'"' { At::Between } else { At::Escaped };
                        i += k + 1;
                    }
                },
                At::Escaped => {
                    self.token += 1;
                    self.at = At::Text;
                    i += 1;
                }
                At::Bare => {
                    let end = buf[i..].iter().position(|&b| ends_bare(b));
                    match end {
                        None => {
                            self.token += (buf.len() - i) as u64;
                            i = buf.len();
                        }
                        Some(k) => {
                            self.token += k as u64;
                            self.at = At::Between;
                            i += k;
                        }
                    }
                }
                At::Between => {
                    let b = buf[i];
                    i += 1;
                    match b {
                        b' ' | b'\t' | b'\n' | b'\r' | b':' => {}
                        b'[' | b'{' => {
                            self.token_starts();
                            self.depth += 1;
                            self.record_next = self.depth == 1;
                        }
                        b']' | b'}' => self.depth = self.depth.saturating_sub(1),
                        b',' => self.record_next = self.depth == 1,
                        b'"' => {
                            self.token_starts();
                            self.at = At::Text;
                            self.token = 1;
                        }
                        _ => {
                            self.token_starts();
                            self.at = At::Bare;
                            self.token = 1;
                        }
                    }
                }
            }
            if self.token > self.limit {
                return Err(self.record);
            }
        }
        Ok(())
    }
}

/// The bytes that end a bare token.
fn ends_bare(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b',' | b':' | b'[' | b']' | b'{' | b'}' | b'"')
}

impl<R: Read> Read for JsonWatch<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        match self.scan(&buf[..n]) {
            Ok(()) => Ok(n),
            Err(record) => Err(io::Error::new(io::ErrorKind::InvalidData, too_long(record))),
        }
    }
}

/// The first record (counted from 1) of a YAML list, read with each scalar as written,
/// whose key or value is longer than `limit` bytes.
pub fn yaml_too_long<'a>(
    records: impl IntoIterator<Item = &'a serde_json::Map<String, serde_json::Value>>,
    limit: u64,
) -> Option<u64> {
    let long = |s: &str| s.len() as u64 > limit;
    records
        .into_iter()
        .position(|map| map.iter().any(|(k, v)| long(k) || v.as_str().is_some_and(long)))
        .map(|i| i as u64 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the watch says of `text` read in chunks of `chunk` bytes: `Ok` or the record.
    fn watch(text: &str, limit: u64, chunk: usize) -> Result<(), u64> {
        let mut w = JsonWatch::new(&b""[..], limit);
        text.as_bytes().chunks(chunk).try_for_each(|c| w.scan(c))
    }

    #[test]
    fn a_field_past_the_limit_is_named_by_its_record_whatever_the_chunks() {
        let text = r#"[{"code": "A1", "n": 12345}, {"code": "B2"},
            {"code": "C3", "notes": "0123456789abcdef\"\\x"}]"#;
        for chunk in [1, 2, 3, 7, 64, 4096] {
            assert_eq!(watch(text, 24, chunk), Ok(()), "every token fits in 24 bytes");
            assert_eq!(watch(text, 16, chunk), Err(3), "the notes of record 3 ({chunk})");
        }
        // A key counts as a field; a number as its characters.
        assert_eq!(watch(r#"[{"a": 1}, {"abcdefgh": 1}]"#, 8, 5), Err(2));
        assert_eq!(watch("[1, 123456789]", 8, 3), Err(2));
        // Escapes neither end a string nor hide its length.
        assert_eq!(watch(r#"[{"a": "\"\"\"\"\"\""}]"#, 12, 1), Err(1));
        assert_eq!(watch(r#"[{"a": "\"\"\"\"\""}]"#, 12, 1), Ok(()));
        // Whitespace between tokens is no field, however long.
        assert_eq!(watch(&format!("[{}{{\"a\": 1}}]", " ".repeat(100)), 8, 7), Ok(()));
        // Nested values are counted within their record.
        assert_eq!(watch(r#"[{"a": [1, 2]}, {"b": {"c": "0123456789"}}]"#, 8, 2), Err(2));
    }

    #[test]
    fn a_long_yaml_key_or_value_is_found_by_its_record() {
        let items: Vec<serde_json::Map<String, serde_json::Value>> =
            serde_json::from_str(r#"[{"a": "x"}, {"b": null}, {"c": "0123456789"}, {"0123456789": null}]"#).unwrap();
        assert_eq!(yaml_too_long(&items, 10), None);
        assert_eq!(yaml_too_long(&items, 9), Some(3));
        assert_eq!(yaml_too_long(&items[3..], 9), Some(1));
    }
}
