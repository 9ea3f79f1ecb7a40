//! Where imported rows come from: a file or stdin, in CSV, JSON or YAML, in any of the
//! accepted encodings, or a workbook's sheet (`workbook`). CSV, JSON and .xlsx stream
//! row by row; YAML and the other workbooks are read whole (serde_yaml has no streaming
//! reader, calamine reads an .xls, .xlsb or .ods sheet at once).

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::encoding::{self, Detected, Encoding};
use super::workbook::{self, Choice};
use super::Format;
use crate::error::{Error, Result};
use crate::words::m;

/// Counts and hashes the raw bytes as they are read, for the history entry and progress.
pub struct Tap {
    inner: Box<dyn Read>,
    hasher: Rc<std::cell::RefCell<Sha256>>,
    bytes: Rc<Cell<u64>>,
}

impl Read for Tap {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.borrow_mut().update(&buf[..n]);
        self.bytes.set(self.bytes.get() + n as u64);
        Ok(n)
    }
}

/// One source row: its line (CSV), record number (JSON/YAML) or sheet row (workbook),
/// headers and values.
pub struct RawRow {
    pub pos: u64,
    pub headers: Rc<Vec<String>>,
    pub values: Vec<String>,
    /// What each cell was, for a workbook's row; empty for text formats.
    pub kinds: Vec<workbook::Kind>,
    /// Which values were numbers in a JSON or YAML record (a code written `00123` unquoted
    /// arrives as 123); empty for other formats.
    pub numbers: Vec<bool>,
}

impl RawRow {
    pub fn new(headers: Rc<Vec<String>>) -> RawRow {
        RawRow { pos: 0, headers, values: Vec::new(), kinds: Vec::new(), numbers: Vec::new() }
    }
}

/// What a source reads from: decoded text, or a workbook's sheet.
enum Body {
    Text(encoding::DecodingReader),
    Sheet(Box<workbook::Sheet>),
}

pub struct Source {
    pub name: String,
    pub format: Format,
    pub detected: Detected,
    /// Size of the file, when known (for progress).
    pub size: Option<u64>,
    /// The CSV field separator; `None`: decided from the header line.
    pub delimiter: Option<u8>,
    /// A `.tsv` file is tab-separated whatever its header holds.
    tsv: bool,
    body: Body,
    hasher: Rc<std::cell::RefCell<Sha256>>,
    bytes: Rc<Cell<u64>>,
}

impl Source {
    /// `path` of `-` is stdin. `format` defaults from the extension, else CSV.
    pub fn open(path: &Path, format: Option<Format>, enc: Encoding) -> Result<Source> {
        Source::open_with(path, format, enc, &Choice::default())
    }

    /// As `open`; a workbook's sheet and header row are chosen by `choice`. A file
    /// that starts as a workbook does is read as one whatever its extension says,
    /// unless `--format` says otherwise.
    pub fn open_with(path: &Path, format: Option<Format>, enc: Encoding, choice: &Choice) -> Result<Source> {
        let stdin = path == Path::new("-");
        crate::safe_output::protect(path);
        // The file itself, beside the reader that hashes it: a workbook is parsed from
        // the file (calamine seeks in it), never held whole in memory.
        let mut file_again = None;
        let (inner, size): (Box<dyn Read>, Option<u64>) = if stdin {
            (Box::new(io::stdin().lock()), None)
        } else {
            let file = File::open(path).map_err(|e| match e.kind() {
                io::ErrorKind::NotFound => Error::not_found(m::exchange_no_file(path.display().to_string())),
                _ => Error::io(format!("cannot open {}", path.display()), e),
            })?;
            let size = file.metadata().ok().map(|m| m.len());
            file_again = file.try_clone().ok();
            (Box::new(file), size)
        };
        let mut inner = BufReader::with_capacity(64 * 1024, inner);
        // Named by --format or the extension, else by its first bytes: a workbook saved
        // under another name (or piped in) is still read as one.
        let by_name = format.or_else(|| Format::from_path(path));
        let sniffed = match by_name {
            Some(Format::Workbook) => false,
            _ if format.is_some() => false,
            _ => {
                let head = inner.fill_buf().map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
                workbook::has_workbook_magic(head)
            }
        };
        let mut format = if sniffed { Format::Workbook } else { by_name.unwrap_or(Format::Csv) };
        let hasher = Rc::new(std::cell::RefCell::new(Sha256::new()));
        let bytes = Rc::new(Cell::new(0));
        let mut tap: Box<dyn Read> =
            Box::new(Tap { inner: Box::new(inner), hasher: hasher.clone(), bytes: bytes.clone() });
        let name = if stdin { "-".to_string() } else { display_name(path) };
        if format == Format::Workbook {
            let cannot_read = |e| Error::io(format!("cannot read {}", path.display()), e);
            // The history names the file by its SHA-256: every byte is hashed first,
            // then the workbook is parsed from the same open file (stdin: from memory).
            let input = match file_again {
                Some(file) => {
                    io::copy(&mut tap, &mut io::sink()).map_err(cannot_read)?;
                    workbook::Input::File(file)
                }
                None => {
                    let mut all = Vec::new();
                    tap.read_to_end(&mut all).map_err(cannot_read)?;
                    workbook::Input::Bytes(all.into())
                }
            };
            let kept = match &input {
                workbook::Input::Bytes(all) => Some(all.clone()),
                workbook::Input::File(_) => None,
            };
            match open_workbook(input, &name, choice) {
                Ok(sheet) => {
                    // A workbook's text is Unicode whatever its file: rejects are written as UTF-8.
                    let detected = Detected { encoding: Rc::new(Cell::new(Encoding::Utf8)), bom: false };
                    let body = Body::Sheet(Box::new(sheet));
                    return Ok(Source {
                        name,
                        format,
                        detected,
                        size,
                        delimiter: None,
                        tsv: false,
                        body,
                        hasher,
                        bytes,
                    });
                }
                Err(e) if !sniffed => return Err(e),
                // It only starts like a workbook: read it as its name says, which
                // reports what is wrong with it as that format does.
                Err(_) => {
                    format = by_name.unwrap_or(Format::Csv);
                    tap = match kept {
                        Some(all) => Box::new(io::Cursor::new(all.to_vec())),
                        None => {
                            // Read again from the start; the hash counts each byte once.
                            *hasher.borrow_mut() = Sha256::new();
                            bytes.set(0);
                            let file = File::open(path).map_err(cannot_read)?;
                            Box::new(Tap { inner: Box::new(file), hasher: hasher.clone(), bytes: bytes.clone() })
                        }
                    };
                }
            }
        }
        let (reader, detected) =
            encoding::decode(tap, enc).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        let body = Body::Text(reader);
        let tsv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
        Ok(Source { name, format, detected, size, delimiter: None, tsv, body, hasher, bytes })
    }

    pub fn bytes_read(&self) -> u64 {
        self.bytes.get()
    }

    /// The SHA-256 of every byte read so far (all of them, once `rows` has finished).
    pub fn sha256(&self) -> String {
        let digest = self.hasher.borrow().clone().finalize();
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Hand every row to `each`, in order; the first error stops the reading.
    pub fn rows(&mut self, each: &mut dyn FnMut(&RawRow, u64) -> Result<()>) -> Result<()> {
        self.rows_after_header(&mut |_| Ok(()), each)
    }

    /// As `rows`, with a CSV header going to `header` first, so that it is checked even
    /// when no row follows.
    pub fn rows_after_header(
        &mut self,
        header: &mut dyn FnMut(&[String]) -> Result<()>,
        each: &mut dyn FnMut(&RawRow, u64) -> Result<()>,
    ) -> Result<()> {
        let bytes = self.bytes.clone();
        let name = self.name.clone();
        let reader = match &mut self.body {
            Body::Text(reader) => reader,
            Body::Sheet(sheet) => return sheet.rows(header, &mut |row| each(row, bytes.get())),
        };
        let delimiter = self.delimiter.or(self.tsv.then_some(b'\t'));
        match self.format {
            Format::Csv => csv_rows(reader, &name, delimiter, header, &mut |row| each(row, bytes.get())),
            Format::Json => json_rows(reader, &name, &mut |row| each(row, bytes.get())),
            Format::Yaml | Format::Workbook => yaml_rows(reader, &name, &mut |row| each(row, bytes.get())),
        }
    }

    /// What a row's position counts, for messages: a CSV line, a sheet row, a record.
    pub fn position_word(&self) -> &'static str {
        match self.format {
            Format::Csv => "line",
            Format::Workbook => "row",
            Format::Json | Format::Yaml => "record",
        }
    }

    /// The sheet read, for a workbook.
    pub fn sheet(&self) -> Option<&str> {
        match &self.body {
            Body::Sheet(s) => Some(&s.sheet),
            Body::Text(_) => None,
        }
    }
}

fn display_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

/// A reading error: undecodable bytes and broken syntax are bad input (exit 5).
fn read_error(name: &str, e: impl std::fmt::Display) -> Error {
    Error::invalid(m::exchange_unreadable(name, e.to_string()))
}

/// The longest row a CSV file may hold. The reader holds a row whole, so a field of
/// gigabytes (a quote never closed in a huge file, a binary file read as text) would be
/// held whole too: it is refused at this length instead, with its line.
pub const ROW_LIMIT_MIB: u64 = 1;
const ROW_LIMIT: u64 = ROW_LIMIT_MIB << 20;

/// `--delimiter`: one character (`;`, `|`), or `tab` / `\t`.
pub fn delimiter_arg(s: &str) -> std::result::Result<u8, String> {
    match s {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ if s.len() == 1 && s.as_bytes()[0].is_ascii() && !matches!(s.as_bytes()[0], b'"' | b'\n' | b'\r') => {
            Ok(s.as_bytes()[0])
        }
        _ => Err(super::msg::exchange_delimiter_bad(s).to_string()),
    }
}

/// Follows the CSV quoting of the bytes passing through, as the CSV reader reads them,
/// to catch what that reader forgives: a quote opened and never closed, which would
/// otherwise swallow the rest of the file into one field; and a row past `ROW_LIMIT`.
struct QuoteWatch<R> {
    inner: R,
    delimiter: u8,
    state: Quoting,
    line: u64,
    opened_at: u64,
    /// Bytes since the last line end outside quotes: the length of the row being read.
    row_bytes: u64,
}

#[derive(Clone, Copy, PartialEq)]
enum Quoting {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: closes it, unless another quote follows.
    QuoteInQuoted,
}

impl<R: Read> QuoteWatch<R> {
    fn new(inner: R, delimiter: u8) -> Self {
        QuoteWatch { inner, delimiter, state: Quoting::FieldStart, line: 1, opened_at: 0, row_bytes: 0 }
    }

    /// The byte-by-byte reference for `scan` (a test compares the two).
    #[cfg(test)]
    fn step(&mut self, b: u8) {
        use Quoting::*;
        if b == b'\n' {
            self.line += 1;
        }
        self.state = match (self.state, b) {
            (FieldStart, b'"') => {
                self.opened_at = self.line;
                Quoted
            }
            (FieldStart | Unquoted | QuoteInQuoted, b'\n' | b'\r') => FieldStart,
            (FieldStart | Unquoted | QuoteInQuoted, d) if d == self.delimiter => FieldStart,
            (FieldStart | Unquoted, _) => Unquoted,
            (Quoted, b'"') => QuoteInQuoted,
            (Quoted, _) => Quoted,
            (QuoteInQuoted, b'"') => Quoted,
            (QuoteInQuoted, _) => Unquoted,
        };
    }
}

impl<R: Read> QuoteWatch<R> {
    /// What `step` does byte by byte, a quote at a time: outside a quoted field only a
    /// quote at the start of a field matters, inside one only the next quote.
    fn scan(&mut self, buf: &[u8]) {
        use Quoting::*;
        let newlines = |s: &[u8]| memchr::memchr_iter(b'\n', s).count() as u64;
        let delimiter = self.delimiter;
        let separator = |b: u8| b == delimiter || matches!(b, b'\n' | b'\r');
        // A stretch read outside quotes may end the row; inside quotes it only grows it.
        let grow = |row_bytes: &mut u64, stretch: &[u8], outside: bool| match memchr::memrchr(b'\n', stretch) {
            Some(p) if outside => *row_bytes = (stretch.len() - p - 1) as u64,
            _ => *row_bytes += stretch.len() as u64,
        };
        let mut i = 0;
        while i < buf.len() {
            let rest = &buf[i..];
            let Some(k) = memchr::memchr(b'"', rest) else {
                grow(&mut self.row_bytes, rest, self.state != Quoted);
                self.line += newlines(rest);
                if self.state != Quoted {
                    self.state = if separator(rest[rest.len() - 1]) { FieldStart } else { Unquoted };
                }
                return;
            };
            grow(&mut self.row_bytes, &rest[..=k], self.state != Quoted);
            self.line += newlines(&rest[..k]);
            self.state = match self.state {
                Quoted => QuoteInQuoted,
                state => {
                    let before = match k {
                        0 => state,
                        _ if separator(rest[k - 1]) => FieldStart,
                        _ => Unquoted,
                    };
                    match before {
                        FieldStart => {
                            self.opened_at = self.line;
                            Quoted
                        }
                        QuoteInQuoted => Quoted,
                        _ => Unquoted,
                    }
                }
            };
            i += k + 1;
        }
    }
}

impl<R: Read> Read for QuoteWatch<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && self.state == Quoting::Quoted {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                super::msg::exchange_quote_unclosed(self.opened_at as i64).to_string(),
            ));
        }
        self.scan(&buf[..n]);
        if self.row_bytes > ROW_LIMIT {
            // The row began on the line of its first byte: the line now reached, less
            // the line ends inside its quoted fields, is past it; name where it opened.
            let line = if self.state == Quoting::Quoted { self.opened_at } else { self.line };
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                super::msg::exchange_row_too_long(line as i64, ROW_LIMIT_MIB as i64).to_string(),
            ));
        }
        Ok(n)
    }
}

/// The separator of a file that does not say: a tab when the header line holds tabs and
/// no commas (Excel's "Unicode text" and "Text (tab delimited)"), else a comma.
fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = &head[..memchr::memchr(b'\n', head).unwrap_or(head.len())];
    if line.contains(&b'\t') && !line.contains(&b',') {
        b'\t'
    } else {
        b','
    }
}

/// The CSV rows of decoded text. Only a `DecodingReader` is read (its type says so): its
/// text is UTF-8 by construction, which lets each field skip a check of its own (below).
fn csv_rows(
    reader: &mut encoding::DecodingReader,
    name: &str,
    delimiter: Option<u8>,
    header: &mut dyn FnMut(&[String]) -> Result<()>,
    each: &mut dyn FnMut(&RawRow) -> Result<()>,
) -> Result<()> {
    let mut reader = io::BufReader::with_capacity(64 * 1024, reader);
    let delimiter = match delimiter {
        Some(d) => d,
        None => sniff_delimiter(reader.fill_buf().map_err(|e| read_error(name, e))?),
    };
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .delimiter(delimiter)
        .from_reader(QuoteWatch::new(reader, delimiter));
    let headers: Vec<String> =
        csv.headers().map_err(|e| read_error(name, csv_reason(&e)))?.iter().map(str::to_string).collect();
    if headers.iter().all(|h| h.trim().is_empty()) {
        return Err(Error::invalid(m::exchange_no_header(name)));
    }
    header(&headers)?;
    let mut row = RawRow::new(Rc::new(headers));
    let mut record = csv::ByteRecord::new();
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                row.pos = record.position().map(|p| p.line()).unwrap_or(0);
                // The row's strings are reused from one record to the next.
                row.values.resize_with(record.len(), String::new);
                for (value, field) in row.values.iter_mut().zip(record.iter()) {
                    debug_assert!(std::str::from_utf8(field).is_ok(), "a field of decoded text is UTF-8");
                    // SAFETY: `field` is UTF-8. The decoder hands on only whole UTF-8
                    // characters (it refuses input it cannot decode, with its line); the CRLF
                    // folding and the quote check (`QuoteWatch`) take out or pass on ASCII
                    // bytes only; and the CSV parser cuts fields at ASCII bytes (separator,
                    // quote, line end) and takes out only ASCII quotes, none of which can be
                    // part of a multi-byte character. So each field is whole characters.
                    // Checking it again was 3% of an import's instructions.
                    value.clear();
                    value.push_str(unsafe { std::str::from_utf8_unchecked(field) });
                }
                each(&row)?;
            }
            Err(e) => return Err(read_error(name, csv_reason(&e))),
        }
    }
}

fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => io.to_string(),
        csv::ErrorKind::Utf8 { pos, err } => {
            super::msg::exchange_not_utf8(pos.as_ref().map(|p| p.line() as i64).unwrap_or(0), err.to_string())
                .to_string()
        }
        _ => e.to_string(),
    }
}

/// One value of a JSON or YAML record, as it was written.
enum Scalar {
    Null,
    Text(String),
    /// A number: the characters written (`12E4`, `1.50`), never its value printed again.
    Number(String),
    /// A list or an object: no field of a record.
    Nested,
}

/// Turn one JSON/YAML record into a row; values become text as a CSV cell would hold them.
/// A key given twice keeps its first place and its last value, as a JSON object reads.
fn object_row(pos: u64, name: &str, cells: impl IntoIterator<Item = (String, Scalar)>) -> Result<RawRow> {
    let mut texts = serde_json::Map::new();
    // Kept in a map of its own, so that a key given twice is counted as `texts` counts it.
    let mut numbers = serde_json::Map::new();
    for (key, cell) in cells {
        let (text, number) = match cell {
            Scalar::Null => (String::new(), false),
            Scalar::Text(s) => (s, false),
            Scalar::Number(s) => (s, true),
            Scalar::Nested => return Err(Error::invalid(m::exchange_record_nested(name, pos as i64, &key))),
        };
        numbers.insert(key.clone(), Value::Bool(number));
        texts.insert(key, Value::String(text));
    }
    let numbers = numbers.into_iter().map(|(_, n)| n == Value::Bool(true)).collect();
    let (headers, values): (Vec<String>, Vec<String>) = texts
        .into_iter()
        .map(|(k, v)| match v {
            Value::String(s) => (k, s),
            _ => (k, String::new()),
        })
        .unzip();
    Ok(RawRow { pos, values, numbers, ..RawRow::new(Rc::new(headers)) })
}

/// One element of a JSON array of records: its cells as written, or `None` when it is
/// not an object.
struct JsonRecord(Option<Vec<(String, Scalar)>>);

impl<'de> serde::Deserialize<'de> for JsonRecord {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Element;
        impl<'de> Visitor<'de> for Element {
            type Value = JsonRecord;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object, one per record")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<JsonRecord, A::Error> {
                let mut cells = Vec::new();
                // Each value's own characters (a `RawValue`): serde_json would otherwise
                // read `12E4` as 120000.0 and `1.50` as 1.5.
                while let Some((key, raw)) = map.next_entry::<String, Box<serde_json::value::RawValue>>()? {
                    cells.push((key, json_cell(&raw).map_err(serde::de::Error::custom)?));
                }
                Ok(JsonRecord(Some(cells)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<JsonRecord, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(JsonRecord(None))
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> std::result::Result<JsonRecord, E> {
                Ok(JsonRecord(None))
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> std::result::Result<JsonRecord, E> {
                Ok(JsonRecord(None))
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> std::result::Result<JsonRecord, E> {
                Ok(JsonRecord(None))
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> std::result::Result<JsonRecord, E> {
                Ok(JsonRecord(None))
            }
            fn visit_str<E: serde::de::Error>(self, _: &str) -> std::result::Result<JsonRecord, E> {
                Ok(JsonRecord(None))
            }
            fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<JsonRecord, E> {
                Ok(JsonRecord(None))
            }
        }
        d.deserialize_any(Element)
    }
}

/// What one JSON value's characters are.
fn json_cell(raw: &serde_json::value::RawValue) -> serde_json::Result<Scalar> {
    let text = raw.get();
    Ok(match text.as_bytes().first() {
        Some(b'"') => Scalar::Text(serde_json::from_str(text)?),
        Some(b'{' | b'[') => Scalar::Nested,
        Some(b'n') => Scalar::Null,
        Some(b't' | b'f') => Scalar::Text(text.to_string()),
        _ => Scalar::Number(text.to_string()),
    })
}

/// JSON: an array of objects, read one element at a time.
fn json_rows(reader: &mut dyn Read, name: &str, each: &mut dyn FnMut(&RawRow) -> Result<()>) -> Result<()> {
    struct Rows<'a> {
        name: &'a str,
        each: &'a mut dyn FnMut(&RawRow) -> Result<()>,
        failure: &'a mut Option<Error>,
    }
    impl<'de> DeserializeSeed<'de> for Rows<'_> {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            // `any`, so that a single object reaches `visit_map` and its clearer message.
            d.deserialize_any(self)
        }
    }
    impl<'de> Visitor<'de> for Rows<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an array of objects, one per record")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let mut pos = 0;
            while let Some(JsonRecord(record)) = seq.next_element::<JsonRecord>()? {
                pos += 1;
                let result = match record {
                    Some(cells) => object_row(pos, self.name, cells).and_then(|row| (self.each)(&row)),
                    None => Err(Error::invalid(m::exchange_record_not_object(self.name, pos as i64))),
                };
                if let Err(e) = result {
                    *self.failure = Some(e);
                    return Err(serde::de::Error::custom("stopped"));
                }
            }
            Ok(())
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Err(serde::de::Error::custom("expected an array of records, found a single object"))
        }
    }
    let mut failure = None;
    // A field past the limit stops the reading there (`field_limit`), never read whole.
    let watched = super::field_limit::JsonWatch::new(reader, super::field_limit::FIELD_LIMIT);
    let mut de = serde_json::Deserializer::from_reader(io::BufReader::new(watched));
    let result = Rows { name, each, failure: &mut failure }.deserialize(&mut de).and_then(|()| de.end());
    match (failure, result) {
        (Some(e), _) => Err(e),
        (None, Err(e)) => Err(read_error(name, json_reason(&e))),
        (None, Ok(())) => Ok(()),
    }
}

fn json_reason(e: &serde_json::Error) -> String {
    if e.is_io() {
        // Decoding errors already name their line.
        return e.to_string().split(" at line").next().unwrap_or_default().to_string();
    }
    super::msg::exchange_json_invalid(e.to_string()).to_string()
}

/// YAML: a sequence of mappings. A plain scalar is taken as the text it was written
/// as: YAML reads `0b101` as the number 5, `12E4` as 120000.0 and `0013` as 13, which
/// in a phone, a note or a serial number is another value than the one written.
///
/// The file is read twice: once as values (what each record is, which values YAML
/// takes as numbers, for the warning about codes written as numbers), then once with
/// every scalar asked for as text (`Written`), which serde_yaml answers with the
/// scalar's own characters.
fn yaml_rows(reader: &mut dyn Read, name: &str, each: &mut dyn FnMut(&RawRow) -> Result<()>) -> Result<()> {
    let mut text = String::new();
    reader.read_to_string(&mut text).map_err(|e| read_error(name, e))?;
    if text.trim().is_empty() {
        return Err(Error::invalid(m::exchange_yaml_empty(name)));
    }
    let invalid = |e: serde_yaml::Error| read_error(name, super::msg::exchange_yaml_invalid(e.to_string()));
    let items: Vec<Value> = serde_yaml::from_str(&text).map_err(invalid)?;
    // The shape first: every record a mapping of scalars (the written text cannot be
    // asked of a list or a mapping).
    let mut numbers = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let pos = i as i64 + 1;
        let Value::Object(map) = item else { return Err(Error::invalid(m::exchange_yaml_not_mapping(name, pos))) };
        if let Some((k, _)) = map.iter().find(|(_, v)| v.is_array() || v.is_object()) {
            return Err(Error::invalid(m::exchange_record_nested(name, pos, k)));
        }
        numbers.push(map.values().map(Value::is_number).collect::<Vec<bool>>());
    }
    let records: Vec<Written> = serde_yaml::from_str(&text).map_err(invalid)?;
    // The field-size limit, before any record is used (the text is already whole).
    if let Some(record) =
        super::field_limit::yaml_too_long(records.iter().map(|r| &r.0), super::field_limit::FIELD_LIMIT)
    {
        return Err(read_error(name, super::field_limit::too_long(record)));
    }
    for (i, (record, numbers)) in records.into_iter().zip(numbers).enumerate() {
        // Both readings keep a record's keys alike (the same map, the same order).
        let cells = record.0.into_iter().zip(numbers).map(|((key, value), number)| {
            let cell = match value {
                Value::String(s) if number => Scalar::Number(s),
                Value::String(s) => Scalar::Text(s),
                _ => Scalar::Null,
            };
            (key, cell)
        });
        each(&object_row(i as u64 + 1, name, cells)?)?;
    }
    Ok(())
}

/// A YAML record whose scalars are the text written: each value is `null` (no value)
/// or a string of the scalar's characters (`0b101`, `12E4`, `0013`, `true`).
struct Written(serde_json::Map<String, Value>);

impl<'de> serde::Deserialize<'de> for Written {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Record;
        impl<'de> Visitor<'de> for Record {
            type Value = Written;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping of column names to values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Written, A::Error> {
                let mut out = serde_json::Map::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value = map.next_value::<AsWritten>()?;
                    out.insert(key, value.0.map_or(Value::Null, Value::String));
                }
                Ok(Written(out))
            }
        }
        d.deserialize_map(Record)
    }
}

/// One scalar as written: `None` for YAML's null (`~`, `null`, nothing), else the
/// scalar's characters. serde_yaml resolves a plain scalar's type only when asked for
/// any value; asked for a string, it gives the characters (quoted or not).
struct AsWritten(Option<String>);

impl<'de> serde::Deserialize<'de> for AsWritten {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Scalar;
        impl<'de> Visitor<'de> for Scalar {
            type Value = AsWritten;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a scalar value")
            }
            fn visit_none<E: serde::de::Error>(self) -> std::result::Result<AsWritten, E> {
                Ok(AsWritten(None))
            }
            fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<AsWritten, E> {
                Ok(AsWritten(None))
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<AsWritten, D::Error> {
                String::deserialize(d).map(|s| AsWritten(Some(s)))
            }
        }
        use serde::Deserialize;
        d.deserialize_option(Scalar)
    }
}

/// `workbook::open`, whose reader (calamine) can panic on a damaged file: its panic is
/// a damaged file, said as such (exit 5; `reader_guard`).
fn open_workbook(input: workbook::Input, name: &str, choice: &Choice) -> Result<workbook::Sheet> {
    super::reader_guard::guarded(|| workbook::open(input, name, choice))
        .unwrap_or_else(|| Err(Error::invalid(crate::hardening::msg::workbook_damaged(name))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn watch(text: &str) -> io::Result<String> {
        let mut out = String::new();
        QuoteWatch::new(text.as_bytes(), b',').read_to_string(&mut out)?;
        Ok(out)
    }

    #[test]
    fn quoting_that_the_csv_reader_accepts_passes() {
        assert!(watch("a,\"b,c\",\"say \"\"hi\"\"\"\n12\" monitor,x\n\"multi\nline\",y\n").is_ok());
        assert!(watch("a,\"\"\n").is_ok());
    }

    #[test]
    fn scan_agrees_with_step() {
        let mut seed = 12345u64;
        for _ in 0..20000 {
            let len = (seed % 40) as usize;
            let mut bytes = Vec::new();
            for _ in 0..len {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                bytes.push(b"\",\n\rab"[(seed >> 33) as usize % 6]);
            }
            let mut a = QuoteWatch::new(&b""[..], b',');
            for &b in &bytes {
                a.step(b);
            }
            let mut b = QuoteWatch::new(&b""[..], b',');
            let cut = if bytes.is_empty() { 0 } else { (seed as usize >> 7) % bytes.len() };
            b.scan(&bytes[..cut]);
            b.scan(&bytes[cut..]);
            assert!(
                a.state == b.state && a.line == b.line && a.opened_at == b.opened_at,
                "{:?}",
                String::from_utf8_lossy(&bytes)
            );
        }
    }

    #[test]
    fn a_quote_never_closed_is_an_error_naming_its_line() {
        let err = watch("a,b\nc,\"d\ne,f\n").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }
}
