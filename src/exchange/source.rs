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
        let reader: &mut dyn Read = match &mut self.body {
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

fn csv_rows(
    reader: &mut dyn Read,
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
    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                row.pos = record.position().map(|p| p.line()).unwrap_or(0);
                // The row's strings are reused from one record to the next.
                row.values.resize_with(record.len(), String::new);
                for (value, field) in row.values.iter_mut().zip(record.iter()) {
                    value.clear();
                    value.push_str(field);
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

/// Turn one JSON/YAML record into a row; values become text as a CSV cell would hold them.
fn object_row(pos: u64, name: &str, map: serde_json::Map<String, Value>) -> Result<RawRow> {
    let mut headers = Vec::with_capacity(map.len());
    let mut values = Vec::with_capacity(map.len());
    let numbers = map.values().map(Value::is_number).collect();
    for (k, v) in map {
        let text = match v {
            Value::Null => String::new(),
            Value::String(s) => s,
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => n.to_string(),
            Value::Array(_) | Value::Object(_) => {
                return Err(Error::invalid(m::exchange_record_nested(name, pos as i64, &k)))
            }
        };
        headers.push(k);
        values.push(text);
    }
    Ok(RawRow { pos, values, numbers, ..RawRow::new(Rc::new(headers)) })
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
            while let Some(v) = seq.next_element::<Value>()? {
                pos += 1;
                let result = match v {
                    Value::Object(map) => object_row(pos, self.name, map).and_then(|row| (self.each)(&row)),
                    _ => Err(Error::invalid(m::exchange_record_not_object(self.name, pos as i64))),
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
    let mut de = serde_json::Deserializer::from_reader(io::BufReader::new(reader));
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

/// YAML: a sequence of mappings.
fn yaml_rows(reader: &mut dyn Read, name: &str, each: &mut dyn FnMut(&RawRow) -> Result<()>) -> Result<()> {
    let mut text = String::new();
    reader.read_to_string(&mut text).map_err(|e| read_error(name, e))?;
    if text.trim().is_empty() {
        return Err(Error::invalid(m::exchange_yaml_empty(name)));
    }
    let items: Vec<Value> =
        serde_yaml::from_str(&text).map_err(|e| read_error(name, super::msg::exchange_yaml_invalid(e.to_string())))?;
    for (i, item) in items.into_iter().enumerate() {
        let pos = i as u64 + 1;
        match item {
            Value::Object(map) => each(&object_row(pos, name, map)?)?,
            _ => return Err(Error::invalid(m::exchange_yaml_not_mapping(name, pos as i64))),
        }
    }
    Ok(())
}

/// `workbook::open`, whose reader (calamine) can panic on a damaged file: a truncated
/// .xls stream made it index past a slice (found by tests/fuzz_import.rs). Its panic is
/// a damaged file, said as such (exit 5), never an abort with a backtrace; the panic's
/// own message is kept off the user's screen while the workbook is read.
fn open_workbook(input: workbook::Input, name: &str, choice: &Choice) -> Result<workbook::Sheet> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let opened = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| workbook::open(input, name, choice)));
    std::panic::set_hook(hook);
    opened.unwrap_or_else(|_| Err(Error::invalid(crate::hardening::msg::workbook_damaged(name))))
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
