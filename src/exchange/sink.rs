//! Where rows go: a table for people, or CSV / JSON / YAML for programs and
//! spreadsheets, to stdout or to a file that appears only when complete. One sink
//! serves every listing and every export (design.md: one renderer).

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use comfy_table::{Attribute, Cell, ContentArrangement, Table};
use serde_json::Value;

use super::encoding::{Encoding, EncodingWriter};
use super::{normalize, redacted, Format};
use crate::error::{Error, Result};
use crate::output::label;
use crate::safe_output::Staged;
use crate::words::catalogue::{self, Lang};
use crate::words::m;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    Table,
    Csv,
    Json,
    Yaml,
    /// A Markdown table (for mail and wikis)
    Md,
    /// An HTML table (for a page or a mail)
    Html,
    /// An Excel workbook (.xlsx): typed cells, header frozen (exchange/workbook_write.rs)
    Xlsx,
    /// An iCalendar file (RFC 5545) for phone calendars: the maintenance due list's trips
    Ics,
}

impl OutFormat {
    /// Formats for people to read, not for files to be imported again.
    pub fn for_people(self) -> bool {
        matches!(self, OutFormat::Table | OutFormat::Md | OutFormat::Html)
    }
}

impl From<Format> for OutFormat {
    fn from(f: Format) -> Self {
        match f {
            Format::Csv => OutFormat::Csv,
            Format::Json => OutFormat::Json,
            Format::Yaml => OutFormat::Yaml,
            Format::Workbook => OutFormat::Xlsx,
        }
    }
}

#[derive(Debug, Clone)]
pub struct SinkOpts {
    pub format: OutFormat,
    pub bom: bool,
    pub encoding: Encoding,
    /// Escape cells a spreadsheet would run as formulas (`= + - @`).
    pub excel: bool,
    /// Mask personal data (R8.1.2).
    pub redact: bool,
    pub color: bool,
    /// Write the header (or `[]`) even when there are no rows: exports do, listings don't,
    /// so that an empty cron listing prints nothing.
    pub header_when_empty: bool,
    /// csv, json and yaml headers in this language's labels (`--headers zh`) rather than
    /// the canonical keys; an import reads either back.
    pub header_lang: Option<Lang>,
}

impl SinkOpts {
    pub fn listing(format: OutFormat, color: bool) -> SinkOpts {
        SinkOpts {
            format,
            bom: false,
            encoding: Encoding::Utf8,
            excel: false,
            redact: false,
            color,
            header_when_empty: false,
            header_lang: None,
        }
    }
}

/// A destination: stdout, or a file written beside its final name and renamed into
/// place when complete, created readable by its owner only (it may hold personal data),
/// through `safe_output` (never the database, an input, a device; `File` never replaces
/// an existing file, `Replace` does: the user said `--force`).
pub enum Dest {
    Stdout,
    File(PathBuf),
    Replace(PathBuf),
}

impl Dest {
    pub fn from_arg(path: Option<&Path>) -> Dest {
        Dest::to(path, false)
    }

    /// `-o FILE` with or without `--force`.
    pub fn to(path: Option<&Path>, force: bool) -> Dest {
        match path {
            None => Dest::Stdout,
            Some(p) if p == Path::new("-") => Dest::Stdout,
            Some(p) if force => Dest::Replace(p.to_path_buf()),
            Some(p) => Dest::File(p.to_path_buf()),
        }
    }

    /// The file written, if any.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Dest::Stdout => None,
            Dest::File(p) | Dest::Replace(p) => Some(p),
        }
    }
}

/// The most rows a terminal table holds; a longer listing goes on as CSV.
pub const TABLE_ROWS_MAX: usize = 10_000;

/// A sink's output written completely but not yet in place (see `Sink::complete`).
pub struct Completed {
    pub rows: u64,
    staged: Option<Staged>,
}

impl Completed {
    /// Rename the file into place.
    pub fn publish(self) -> Result<u64> {
        if let Some(s) = self.staged {
            s.commit()?;
        }
        Ok(self.rows)
    }
}

pub struct Sink {
    opts: SinkOpts,
    headers: Vec<String>,
    /// The headers a csv, json or yaml file carries: the keys, or their labels.
    written: Vec<String>,
    redact: Vec<bool>,
    out: Option<EncodingWriter<Box<dyn Write + Send>>>,
    staged: Option<Staged>,
    csv: Option<csv::Writer<EncodingWriter<Box<dyn Write + Send>>>>,
    table: Vec<Vec<String>>,
    xlsx: Option<super::workbook_write::XlsxOut>,
    rows: u64,
    started: bool,
    /// A redacted file for programs: one more column, `redacted::COLUMN`.
    marked: bool,
    /// No two written headers alike: a JSON or YAML row is written from its cells as
    /// they are, not gathered into an object first (which would keep one of two alike).
    unique_keys: bool,
    /// Buffers reused from row to row: a CSV cell made (a number, an escaped formula),
    /// a JSON row encoded.
    cell: String,
    text: Vec<u8>,
    /// Standard output is a terminal: CSV cells are shown as a table's are
    /// (`hostile::for_terminal`), as no program reads them there.
    terminal: bool,
}

impl Sink {
    pub fn new(dest: Dest, headers: &[&str], personal: &[&str], opts: SinkOpts) -> Result<Sink> {
        // A calendar is not a table: only the maintenance due list writes one (maint/calendar.rs).
        if opts.format == OutFormat::Ics {
            return Err(Error::Msg(crate::error::Kind::Usage, crate::maint::msg::ics_only()));
        }
        if opts.format == OutFormat::Xlsx {
            super::workbook_write::check_dest(&dest)?;
        }
        let force = matches!(dest, Dest::Replace(_));
        let terminal = matches!(dest, Dest::Stdout) && std::io::IsTerminal::is_terminal(&io::stdout());
        // `Send`, as rust_xlsxwriter wants of what it zips a workbook into: stdout itself,
        // not its lock (the buffer takes the lock once per 8 KB it writes).
        let (writer, staged): (Box<dyn Write + Send>, Option<Staged>) = match dest {
            Dest::Stdout => (Box::new(BufWriter::new(io::stdout())), None),
            Dest::File(path) | Dest::Replace(path) => {
                let (file, staged) = Staged::create(&path, &[], force)?;
                (Box::new(BufWriter::new(file)), Some(staged))
            }
        };
        let bom = opts.bom && opts.format == OutFormat::Csv;
        let mut out =
            Some(EncodingWriter::new(writer, opts.encoding, bom).map_err(|e| Error::io("cannot write output", e))?);
        let csv = match opts.format {
            OutFormat::Csv => out.take().map(|w| csv::WriterBuilder::new().from_writer(w)),
            _ => None,
        };
        let mut written: Vec<String> = headers
            .iter()
            .map(|h| match opts.header_lang {
                Some(lang) => catalogue::label(h, lang).into_owned(),
                None => h.to_string(),
            })
            .collect();
        let mut all: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        // A redacted file for programs says so in a column of its own, which every
        // import refuses (exchange/redacted.rs).
        let marked = opts.redact && !opts.format.for_people();
        if marked {
            written.push(redacted::COLUMN.to_string());
            all.push(redacted::COLUMN.to_string());
        }
        Ok(Sink {
            redact: headers.iter().map(|h| opts.redact && personal.contains(h)).collect(),
            out,
            staged,
            csv,
            table: Vec::new(),
            xlsx: match opts.format {
                OutFormat::Xlsx => Some(super::workbook_write::XlsxOut::new(&all, &written)?),
                _ => None,
            },
            headers: all,
            unique_keys: {
                let mut keys: Vec<&String> = written.iter().collect();
                keys.sort_unstable();
                keys.windows(2).all(|w| w[0] != w[1])
            },
            written,
            marked,
            cell: String::new(),
            text: Vec::new(),
            terminal,
            rows: 0,
            started: false,
            opts,
        })
    }

    /// The column names this sink writes.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    fn w(&mut self) -> &mut EncodingWriter<Box<dyn Write + Send>> {
        self.out.as_mut().expect("a json, yaml or table sink writes directly")
    }

    fn io(e: io::Error) -> Error {
        if e.kind() == io::ErrorKind::InvalidData {
            Error::invalid(m::exchange_bad_output(e.to_string()))
        } else {
            Error::io("cannot write output", e)
        }
    }

    fn start(&mut self) -> Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        match self.opts.format {
            OutFormat::Csv => {
                let headers = self.written.clone();
                self.csv_row(&headers)?;
            }
            OutFormat::Json => self.w().write_all(b"[").map_err(Self::io)?,
            OutFormat::Yaml | OutFormat::Table | OutFormat::Md | OutFormat::Html | OutFormat::Xlsx | OutFormat::Ics => {
            }
        }
        Ok(())
    }

    fn csv_row(&mut self, cells: &[String]) -> Result<()> {
        let csv = self.csv.as_mut().expect("a CSV sink has a CSV writer");
        csv.write_record(cells).map_err(Self::csv_error)
    }

    fn csv_error(e: csv::Error) -> Error {
        match e.into_kind() {
            csv::ErrorKind::Io(io) => Self::io(io),
            other => Error::internal(m::exchange_csv_failed(format!("{other:?}"))),
        }
    }

    /// One row, its cells in the order of the headers. The cells are borrowed as they
    /// are: a listing of 200,000 rows copies none of them (only a redacted cell is made
    /// anew), and CSV and JSON are written straight from them into buffers reused row
    /// after row.
    pub fn row(&mut self, values: &[Value]) -> Result<()> {
        self.start()?;
        self.rows += 1;
        let owned;
        let values: &[Value] = if self.redact.contains(&true) || self.marked {
            owned = self.masked(values);
            &owned
        } else {
            values
        };
        match self.opts.format {
            OutFormat::Csv => {
                let excel = self.opts.excel || self.opts.bom;
                let csv = self.csv.as_mut().expect("a CSV sink has a CSV writer");
                for v in values {
                    let cell = csv_text(v, excel, &mut self.cell);
                    let cell = if self.terminal { crate::hostile::for_terminal(cell) } else { cell.into() };
                    csv.write_field(cell.as_bytes()).map_err(Self::csv_error)?;
                }
                csv.write_record(std::iter::empty::<&[u8]>()).map_err(Self::csv_error)
            }
            OutFormat::Json => {
                let sep: &[u8] = if self.rows == 1 { b"\n  " } else { b",\n  " };
                self.text.clear();
                self.text.extend_from_slice(sep);
                let encoded = if self.unique_keys {
                    serde_json::to_writer(&mut self.text, &Pairs(&self.written, values))
                } else {
                    let obj = self.object(values);
                    serde_json::to_writer(&mut self.text, &obj)
                };
                encoded.map_err(|e| Error::internal(m::exchange_encode_failed(e.to_string())))?;
                let text = std::mem::take(&mut self.text);
                let written = self.w().write_all(&text).map_err(Self::io);
                self.text = text;
                written
            }
            OutFormat::Yaml => {
                let text = if self.unique_keys {
                    serde_yaml::to_string(&[Pairs(&self.written, values)])
                } else {
                    serde_yaml::to_string(&[self.object(values)])
                }
                .map_err(|e| Error::internal(m::exchange_encode_failed(e.to_string())))?;
                self.w().write_all(text.as_bytes()).map_err(Self::io)
            }
            OutFormat::Table | OutFormat::Md | OutFormat::Html => {
                // For people: a status or kind in their words (in_repair → 维修中). A
                // terminal table's cell is clipped here, as the row comes: the table held
                // until the end keeps only what it shows.
                let lang = catalogue::lang();
                let table = self.opts.format == OutFormat::Table;
                let cells = values.iter().enumerate().map(|(i, v)| match (v, self.headers.get(i)) {
                    (v, Some(h)) if table => table_text(h, v),
                    (Value::String(s), Some(h)) => catalogue::value_label(h, s, lang).into_owned(),
                    (Value::Bool(b), Some(_)) => catalogue::bool_label(*b, lang).into_owned(),
                    (v, _) => csv_cell(v, false),
                });
                self.table.push(cells.collect());
                if self.opts.format == OutFormat::Table && self.table.len() >= TABLE_ROWS_MAX {
                    self.fall_back_to_csv()?;
                }
                Ok(())
            }
            OutFormat::Xlsx => self.xlsx.as_mut().expect("an xlsx sink has a workbook").row(values),
            // `new` refuses it: no sink writes a calendar.
            OutFormat::Ics => Ok(()),
        }
    }

    /// A row with its personal data masked and, in a redacted file for programs, the
    /// column that says so.
    fn masked(&self, values: &[Value]) -> Vec<Value> {
        let mut out: Vec<Value> =
            values
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    if self.redact.get(i).copied().unwrap_or(false) {
                        redact_as(&self.headers[i], v)
                    } else {
                        v.clone()
                    }
                })
                .collect();
        if self.marked {
            out.push(Value::from(redacted::VALUE));
        }
        out
    }

    /// A terminal table is laid out whole (every row's width decides every column's), so
    /// it is held in memory: past `TABLE_ROWS_MAX` rows the listing goes on as CSV,
    /// streamed, with a note on stderr, instead of growing without bound (2 GB for
    /// 500,000 rows).
    fn fall_back_to_csv(&mut self) -> Result<()> {
        let _ = writeln!(io::stderr(), "{}", crate::hardening::msg::table_too_long(TABLE_ROWS_MAX as i64));
        let out = self.out.take().expect("a table sink writes directly");
        self.csv = Some(csv::WriterBuilder::new().from_writer(out));
        self.opts.format = OutFormat::Csv;
        let headers = self.headers.clone();
        self.csv_row(&headers)?;
        for row in std::mem::take(&mut self.table) {
            self.csv_row(&row)?;
        }
        Ok(())
    }

    fn object(&self, values: &[Value]) -> serde_json::Map<String, Value> {
        self.written.iter().cloned().zip(values.iter().cloned()).collect()
    }

    /// Complete the output and put it in place; returns the number of rows written.
    pub fn finish(self) -> Result<u64> {
        self.complete()?.publish()
    }

    /// Write everything and flush it to disk, but leave a file in its staging place:
    /// an import completes its rejects inside its transaction (a rejects file that cannot
    /// be written rolls the import back) and publishes it once committed.
    pub fn complete(mut self) -> Result<Completed> {
        if self.rows > 0 || self.opts.header_when_empty {
            self.start()?;
            match self.opts.format {
                OutFormat::Json if self.rows == 0 => self.w().write_all(b"]\n").map_err(Self::io)?,
                OutFormat::Json => self.w().write_all(b"\n]\n").map_err(Self::io)?,
                OutFormat::Yaml if self.rows == 0 => self.w().write_all(b"[]\n").map_err(Self::io)?,
                OutFormat::Table => {
                    let text = render_table(&self.headers, &self.table, self.opts.color);
                    self.w().write_all(text.as_bytes()).map_err(Self::io)?;
                }
                OutFormat::Md => {
                    let text = render_markdown(&self.headers, &self.table);
                    self.w().write_all(text.as_bytes()).map_err(Self::io)?;
                }
                OutFormat::Html => {
                    let text = render_html(&self.headers, &self.table);
                    self.w().write_all(text.as_bytes()).map_err(Self::io)?;
                }
                _ => {}
            }
        }
        let out = match self.csv.take() {
            Some(csv) => csv.into_inner().map_err(|e| Self::io(e.into_error()))?,
            None => self.out.take().expect("open until finish"),
        };
        let mut inner = out.into_inner().map_err(Self::io)?;
        if let Some(xlsx) = self.xlsx.take() {
            // A workbook, even with no rows (an empty file is no workbook); binary, so
            // past the text encoder.
            xlsx.finish_into(&mut inner)?;
        }
        inner.flush().map_err(Self::io)?;
        drop(inner);
        // An unfinished sink (an error happened) drops its staging file: nothing
        // half-written is left behind.
        Ok(Completed { rows: self.rows, staged: self.staged.take() })
    }
}

/// A CSV cell's text, as `csv_cell` gives it, borrowed from the value when it is a
/// string written as it is, else made in `buf` (reused from cell to cell).
fn csv_text<'a>(v: &'a Value, excel: bool, buf: &'a mut String) -> &'a str {
    use std::fmt::Write as _;
    fn text<'t>(v: &'t Value, buf: &'t str) -> &'t str {
        match v {
            Value::Null => "",
            Value::String(s) => s,
            _ => buf,
        }
    }
    if !matches!(v, Value::Null | Value::String(_)) {
        buf.clear();
        let _ = write!(buf, "{v}");
    }
    let escape = excel && {
        let s = text(v, buf);
        normalize::looks_like_formula(s) && !is_plain_number(s)
    };
    if escape {
        let escaped = format!("'{}", text(v, buf));
        *buf = escaped;
        return buf;
    }
    text(v, buf)
}

/// A row as a JSON or YAML object, keys and cells borrowed: what serializing the
/// `serde_json::Map` of them gives (keys in header order), without building it.
struct Pairs<'a>(&'a [String], &'a [Value]);

impl serde::Serialize for Pairs<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let n = self.0.len().min(self.1.len());
        let mut map = s.serialize_map(Some(n))?;
        for (k, v) in self.0.iter().zip(self.1) {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

fn csv_cell(v: &Value, excel: bool) -> String {
    let s = match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if excel && normalize::looks_like_formula(&s) && !is_plain_number(&s) {
        format!("'{s}")
    } else {
        s
    }
}

/// `-3`, `+86`, `-0.05`: a number a spreadsheet reads as a number, never a formula
/// (escaping it would turn every negative quantity into text).
fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && !frac.is_empty()
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// A Markdown table, headers by their display labels; `|` and line breaks in cells are
/// escaped, and HTML too: Markdown renders inline HTML, so a customer named
/// `<img src=x onerror=...>` would run in the reader's wiki or mail.
pub fn render_markdown(headers: &[String], rows: &[Vec<String>]) -> String {
    let cell = |c: &str| html_escape(c).replace('|', "\\|").replace(['\n', '\r'], " ");
    let line = |cells: &[String]| format!("| {} |\n", cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | "));
    let mut out = line(&headers.iter().map(|h| label(h).into_owned()).collect::<Vec<_>>());
    out.push_str(&format!("|{}\n", "---|".repeat(headers.len())));
    for r in rows {
        out.push_str(&line(r));
    }
    out
}

/// Text made safe inside an HTML element or attribute.
pub fn html_escape(t: &str) -> String {
    t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// An HTML table, headers by their display labels, every cell escaped.
pub fn render_html(headers: &[String], rows: &[Vec<String>]) -> String {
    let esc = html_escape;
    // The header row in <thead>: a browser repeats it on every printed page a long table
    // runs onto (issue 10: the printed report's parts table).
    let mut out = String::from("<table>\n<thead><tr>");
    for h in headers {
        out.push_str(&format!("<th>{}</th>", esc(&label(h))));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in rows {
        out.push_str("<tr>");
        for c in r {
            out.push_str(&format!("<td>{}</td>", esc(c)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// Personal data masked by what it means, not by how many digits it holds: enough left
/// to recognise a record, not to contact or locate anyone. The column says what a value
/// is (`phone`, `email`, `address`, else a person's name).
pub fn redact_as(column: &str, v: &Value) -> Value {
    let Value::String(s) = v else { return v.clone() };
    Value::String(if column.contains("email") {
        mask_email(s)
    } else if column.contains("phone") || column.contains("mobile") {
        mask_phone(s)
    } else if column.contains("address") {
        mask_address(s)
    } else {
        mask_name(s)
    })
}

/// A value masked by what it looks like, where no column names it (history entries).
pub fn redact(v: &Value) -> Value {
    let Value::String(s) = v else { return v.clone() };
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let phone_like = s.chars().all(|c| c.is_ascii_digit() || " -+()".contains(c));
    Value::String(if s.contains('@') {
        mask_email(s)
    } else if digits >= 7 && phone_like {
        mask_phone(s)
    } else if ADMIN_SUFFIXES.iter().any(|x| s.contains(*x)) && s.chars().count() > 6 {
        mask_address(s)
    } else {
        mask_name(s)
    })
}

fn mask_email(s: &str) -> String {
    match s.split_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().take(1).collect::<String>()),
        None => mask_name(s),
    }
}

/// Every digit but the last four hidden.
fn mask_phone(s: &str) -> String {
    let total = s.chars().filter(char::is_ascii_digit).count();
    let mut seen = 0;
    s.chars()
        .map(|c| {
            if !c.is_ascii_digit() {
                return c;
            }
            seen += 1;
            if seen + 4 > total {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// The surname (the first character) and a star per hidden character, at most three.
fn mask_name(s: &str) -> String {
    let n = s.chars().count();
    format!("{}{}", s.chars().take(1).collect::<String>(), "*".repeat(n.saturating_sub(1).clamp(1, 3)))
}

/// The ends of China's administrative divisions, as addresses write them.
const ADMIN_SUFFIXES: &[&str] = &["自治区", "自治州", "省", "市", "区", "县", "州", "盟", "旗"];

/// Province, city and district kept (the administrative prefix, at most three levels),
/// everything after them hidden; an address without that prefix is hidden whole.
fn mask_address(s: &str) -> String {
    let mut end = 0;
    let mut levels = 0;
    let mut rest = s;
    while levels < 3 {
        // The nearest division end within a few characters (a division's name is short).
        let next = ADMIN_SUFFIXES
            .iter()
            .filter_map(|x| rest.find(x).map(|i| (i, i + x.len())))
            .filter(|(i, _)| rest[..*i].chars().count() <= 8 && !rest[..*i].chars().any(|c| c.is_ascii_digit()))
            .min_by_key(|(i, _)| *i);
        match next {
            Some((_, after)) => {
                end += after;
                // `杭州市`: a division whose name itself ends like one.
                while let Some(x) = ADMIN_SUFFIXES.iter().find(|x| s[end..].starts_with(**x)) {
                    end += x.len();
                }
                rest = &s[end..];
                levels += 1;
            }
            None => break,
        }
    }
    if end == 0 {
        return "****".to_string();
    }
    format!("{}****", &s[..end])
}

/// The most characters a terminal table shows of one cell. The table's layout works per
/// character and line of every cell (a 5 MB cell took minutes, a 100 MB one would take
/// hours); no one reads more than this on a terminal. The rest is named, not dropped:
/// the cell ends saying how much more there is and which formats show it whole.
pub const TABLE_CELL_MAX: usize = 4096;

/// `cell` as a terminal table shows it: whole, or its first `TABLE_CELL_MAX` characters
/// and a note of how many more there are. Linear in the cell's length.
pub fn clip_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.len() <= TABLE_CELL_MAX {
        return cell.into();
    }
    match cell.char_indices().nth(TABLE_CELL_MAX) {
        None => cell.into(),
        Some((cut, _)) => {
            let more = cell[cut..].chars().count();
            format!("{}{}", &cell[..cut], crate::hardening::msg::table_cell_clipped(more as i64)).into()
        }
    }
}

/// The value of the column `key` as a terminal table shows it: a status or kind in the
/// reader's words (`catalogue::value_label`), clipped (`clip_cell`). Made from the value
/// as it is read, so that neither a table nor its label holds a copy of a long value.
/// Its control characters and text-reordering marks are shown as visible marks
/// (`hostile::for_terminal`): a stored value never acts on the terminal that shows it.
pub fn table_text(key: &str, v: &Value) -> String {
    let text = match v {
        Value::String(s) => clip_cell(&catalogue::value_label(key, s, catalogue::lang())).into_owned(),
        Value::Bool(b) => catalogue::bool_label(*b, catalogue::lang()).into_owned(),
        other => clip_cell(&csv_cell(other, false)).into_owned(),
    };
    match crate::hostile::for_terminal(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(safe) => safe,
    }
}

/// A table for the terminal, headers by their display labels; its cells as `table_text`
/// makes them (clipped already).
pub fn render_table(headers: &[String], rows: &[Vec<String>], color: bool) -> String {
    let mut table = Table::new();
    // Borderless, with a rule under the header: easy to read, easy to copy.
    table.load_preset("     ──            ");
    if color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table.set_content_arrangement(ContentArrangement::Disabled);
    table.set_header(headers.iter().map(|h| {
        let h = label(h);
        if color {
            Cell::new(h).add_attribute(Attribute::Bold)
        } else {
            Cell::new(h)
        }
    }));
    for r in rows {
        table.add_row(r.iter().map(String::as_str));
    }
    let mut text = table.to_string();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_keeps_only_a_hint() {
        assert_eq!(redact(&Value::from("13800138000")), Value::from("*******8000"));
        assert_eq!(redact(&Value::from("wangjg@bj1h.cn")), Value::from("w***@bj1h.cn"));
        assert_eq!(redact(&Value::from("王建国")), Value::from("王**"));
        assert_eq!(redact(&Value::Null), Value::Null);
    }

    #[test]
    fn redaction_goes_by_meaning_not_by_digit_count() {
        // An address with seven digits is no phone; one without digits is no name.
        assert_eq!(
            redact_as("address", &Value::from("北京市东城区帅府园1号1234567室")),
            Value::from("北京市东城区****")
        );
        assert_eq!(
            redact_as("address", &Value::from("浙江省杭州市西湖区文三路")),
            Value::from("浙江省杭州市西湖区****")
        );
        assert_eq!(redact_as("address", &Value::from("Room 5, Long Street")), Value::from("****"));
        assert_eq!(redact_as("phone", &Value::from("010-6529 5000")), Value::from("***-**** 5000"));
        assert_eq!(redact_as("contact", &Value::from("欧阳娜娜")), Value::from("欧***"));
        assert_eq!(redact_as("email", &Value::from("li@x.cn")), Value::from("l***@x.cn"));
    }

    #[test]
    fn markdown_cells_carry_no_html() {
        let md = render_markdown(&["name".into()], &[vec!["<img src=x onerror=alert(1)> | a".into()]]);
        assert!(md.contains("&lt;img src=x onerror=alert(1)&gt; \\| a"), "{md}");
    }

    #[test]
    fn a_csv_cell_is_borrowed_or_made_as_csv_cell_makes_it() {
        let values = [
            Value::Null,
            Value::from("王建国"),
            Value::from(""),
            Value::from(-3),
            Value::from(2.5),
            Value::from(true),
            Value::from("=1+2"),
            Value::from("-0.05"),
            serde_json::json!(["=a", 1]),
            serde_json::json!({"k": "v"}),
        ];
        let mut buf = String::from("left over");
        for excel in [false, true] {
            for v in &values {
                assert_eq!(csv_text(v, excel, &mut buf), csv_cell(v, excel), "{v} excel={excel}");
            }
        }
        // A string written as it is is not copied.
        let v = Value::from("SN-1");
        let Value::String(s) = &v else { unreachable!() };
        assert!(std::ptr::eq(csv_text(&v, true, &mut buf), s.as_str()));
    }

    #[test]
    fn a_row_object_is_what_the_map_of_it_gives() {
        let keys = ["b".to_string(), "a".to_string(), "状态".to_string()];
        let cells = [Value::from(1), Value::Null, Value::from("维修中")];
        let map: serde_json::Map<String, Value> = keys.iter().cloned().zip(cells.iter().cloned()).collect();
        assert_eq!(serde_json::to_string(&Pairs(&keys, &cells)).unwrap(), serde_json::to_string(&map).unwrap());
        assert_eq!(serde_yaml::to_string(&[Pairs(&keys, &cells)]).unwrap(), serde_yaml::to_string(&[map]).unwrap());
        // Fewer cells than keys: as the zip into a map, the missing ones left out.
        let map: serde_json::Map<String, Value> = keys.iter().cloned().zip(cells[..2].iter().cloned()).collect();
        assert_eq!(serde_json::to_string(&Pairs(&keys, &cells[..2])).unwrap(), serde_json::to_string(&map).unwrap());
    }

    #[test]
    fn formula_cells_are_escaped_for_spreadsheets() {
        assert_eq!(csv_cell(&Value::from("=HYPERLINK(\"x\")"), true), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell(&Value::from("=1"), false), "=1");
        assert_eq!(csv_cell(&Value::from("-2+3+cmd|' /C calc'!A0"), true), "'-2+3+cmd|' /C calc'!A0");
        assert_eq!(csv_cell(&Value::from("@SUM(A1)"), true), "'@SUM(A1)");
        assert_eq!(csv_cell(&Value::from("-3"), true), "-3", "a negative quantity stays a number");
        assert_eq!(csv_cell(&Value::from("-0.05"), true), "-0.05");
        assert_eq!(csv_cell(&Value::from("-"), true), "'-");
    }
}
