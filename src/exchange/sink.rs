//! Where rows go: a table for people, or CSV / JSON / YAML for programs and
//! spreadsheets, to stdout or to a file that appears only when complete. One sink
//! serves every listing and every export (design.md: one renderer).

use std::fs::{self, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use comfy_table::{Attribute, Cell, ContentArrangement, Table};
use serde_json::Value;

use super::encoding::{Encoding, EncodingWriter};
use super::{normalize, Format};
use crate::error::{Error, Result};
use crate::output::label;
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
/// place when complete, created readable by its owner only (it may hold personal data).
pub enum Dest {
    Stdout,
    File(PathBuf),
}

impl Dest {
    pub fn from_arg(path: Option<&Path>) -> Dest {
        match path {
            None => Dest::Stdout,
            Some(p) if p == Path::new("-") => Dest::Stdout,
            Some(p) => Dest::File(p.to_path_buf()),
        }
    }
}

struct Staged {
    tmp: PathBuf,
    path: PathBuf,
}

pub struct Sink {
    opts: SinkOpts,
    headers: Vec<String>,
    /// The headers a csv, json or yaml file carries: the keys, or their labels.
    written: Vec<String>,
    redact: Vec<bool>,
    out: Option<EncodingWriter<Box<dyn Write>>>,
    staged: Option<Staged>,
    csv: Option<csv::Writer<EncodingWriter<Box<dyn Write>>>>,
    table: Vec<Vec<String>>,
    xlsx: Option<super::workbook_write::XlsxOut>,
    rows: u64,
    started: bool,
}

impl Sink {
    pub fn new(dest: Dest, headers: &[&str], personal: &[&str], opts: SinkOpts) -> Result<Sink> {
        if opts.format == OutFormat::Xlsx {
            super::workbook_write::check_dest(&dest)?;
        }
        let (writer, staged): (Box<dyn Write>, Option<Staged>) = match dest {
            Dest::Stdout => (Box::new(BufWriter::new(io::stdout().lock())), None),
            Dest::File(path) => {
                let tmp = staging_name(&path);
                let file = OpenOptions::new()
                    .write(true)
                    .create(true)
                    .truncate(true)
                    .mode(0o600)
                    .open(&tmp)
                    .map_err(|e| Error::io(format!("cannot write {}", tmp.display()), e))?;
                (Box::new(BufWriter::new(file)), Some(Staged { tmp, path }))
            }
        };
        let bom = opts.bom && opts.format == OutFormat::Csv;
        let mut out =
            Some(EncodingWriter::new(writer, opts.encoding, bom).map_err(|e| Error::io("cannot write output", e))?);
        let csv = match opts.format {
            OutFormat::Csv => out.take().map(|w| csv::WriterBuilder::new().from_writer(w)),
            _ => None,
        };
        let written = headers
            .iter()
            .map(|h| match opts.header_lang {
                Some(lang) => catalogue::label(h, lang).into_owned(),
                None => h.to_string(),
            })
            .collect();
        Ok(Sink {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            written,
            redact: headers.iter().map(|h| opts.redact && personal.contains(h)).collect(),
            out,
            staged,
            csv,
            table: Vec::new(),
            xlsx: match opts.format {
                OutFormat::Xlsx => Some(super::workbook_write::XlsxOut::new(
                    &headers.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
                )?),
                _ => None,
            },
            rows: 0,
            started: false,
            opts,
        })
    }

    /// The column names this sink writes.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    fn w(&mut self) -> &mut EncodingWriter<Box<dyn Write>> {
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
            OutFormat::Yaml | OutFormat::Table | OutFormat::Md | OutFormat::Html | OutFormat::Xlsx => {}
        }
        Ok(())
    }

    fn csv_row(&mut self, cells: &[String]) -> Result<()> {
        let csv = self.csv.as_mut().expect("a CSV sink has a CSV writer");
        csv.write_record(cells).map_err(|e| match e.into_kind() {
            csv::ErrorKind::Io(io) => Self::io(io),
            other => Error::internal(m::exchange_csv_failed(format!("{other:?}"))),
        })
    }

    pub fn row(&mut self, values: &[Value]) -> Result<()> {
        self.start()?;
        self.rows += 1;
        let values: Vec<Value> = values
            .iter()
            .enumerate()
            .map(|(i, v)| if self.redact.get(i).copied().unwrap_or(false) { redact(v) } else { v.clone() })
            .collect();
        match self.opts.format {
            OutFormat::Csv => {
                let excel = self.opts.excel || self.opts.bom;
                let cells: Vec<String> = values.iter().map(|v| csv_cell(v, excel)).collect();
                self.csv_row(&cells)
            }
            OutFormat::Json => {
                let obj = self.object(&values);
                let sep = if self.rows == 1 { "\n  " } else { ",\n  " };
                let text = serde_json::to_string(&obj)
                    .map_err(|e| Error::internal(m::exchange_encode_failed(e.to_string())))?;
                let w = self.w();
                w.write_all(sep.as_bytes()).and_then(|()| w.write_all(text.as_bytes())).map_err(Self::io)
            }
            OutFormat::Yaml => {
                let obj = self.object(&values);
                let text = serde_yaml::to_string(&[obj])
                    .map_err(|e| Error::internal(m::exchange_encode_failed(e.to_string())))?;
                self.w().write_all(text.as_bytes()).map_err(Self::io)
            }
            OutFormat::Table | OutFormat::Md | OutFormat::Html => {
                // For people: a status or kind in their words (in_repair → 维修中).
                let lang = catalogue::lang();
                let cells = values.iter().enumerate().map(|(i, v)| match (v, self.headers.get(i)) {
                    (Value::String(s), Some(h)) => catalogue::value_label(h, s, lang).into_owned(),
                    (v, _) => csv_cell(v, false),
                });
                self.table.push(cells.collect());
                Ok(())
            }
            OutFormat::Xlsx => self.xlsx.as_mut().expect("an xlsx sink has a workbook").row(&values),
        }
    }

    fn object(&self, values: &[Value]) -> serde_json::Map<String, Value> {
        self.written.iter().cloned().zip(values.iter().cloned()).collect()
    }

    /// Complete the output; returns the number of rows written.
    pub fn finish(mut self) -> Result<u64> {
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
            inner.write_all(&xlsx.finish()?).map_err(Self::io)?;
        }
        inner.flush().map_err(Self::io)?;
        drop(inner);
        if let Some(s) = self.staged.take() {
            fs::rename(&s.tmp, &s.path).map_err(|e| Error::io(format!("cannot write {}", s.path.display()), e))?;
        }
        Ok(self.rows)
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        // Unfinished (an error happened): leave no half-written file behind.
        if let Some(s) = self.staged.take() {
            let _ = fs::remove_file(&s.tmp);
        }
    }
}

fn staging_name(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".{}.partial", std::process::id()));
    path.with_file_name(name)
}

fn csv_cell(v: &Value, excel: bool) -> String {
    let s = match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if excel && normalize::looks_like_formula(&s) {
        format!("'{s}")
    } else {
        s
    }
}

/// A Markdown table, headers by their display labels; `|` and line breaks in cells are
/// escaped.
pub fn render_markdown(headers: &[String], rows: &[Vec<String>]) -> String {
    let cell = |c: &str| c.replace('|', "\\|").replace(['\n', '\r'], " ");
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
    let mut out = String::from("<table>\n<tr>");
    for h in headers {
        out.push_str(&format!("<th>{}</th>", esc(&label(h))));
    }
    out.push_str("</tr>\n");
    for r in rows {
        out.push_str("<tr>");
        for c in r {
            out.push_str(&format!("<td>{}</td>", esc(c)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    out
}

/// Personal data masked: enough left to recognise a record, not to contact anyone.
pub fn redact(v: &Value) -> Value {
    let Value::String(s) = v else { return v.clone() };
    let chars: Vec<char> = s.chars().collect();
    let masked = if let Some((local, domain)) = s.split_once('@') {
        let first: String = local.chars().take(1).collect();
        format!("{first}***@{domain}")
    } else if chars.iter().filter(|c| c.is_ascii_digit()).count() >= 7 {
        // A phone number: keep the last four digits.
        let keep = 4;
        let n = chars.len();
        chars.iter().enumerate().map(|(i, c)| if i + keep < n && c.is_ascii_digit() { '*' } else { *c }).collect()
    } else {
        // A name or an address: keep the first character (a surname, a district).
        let first: String = chars.iter().take(1).collect();
        format!("{first}{}", "*".repeat(chars.len().saturating_sub(1).clamp(1, 6)))
    };
    Value::String(masked)
}

/// A table for the terminal, headers by their display labels.
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
        table.add_row(r);
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
    fn formula_cells_are_escaped_for_spreadsheets() {
        assert_eq!(csv_cell(&Value::from("=HYPERLINK(\"x\")"), true), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell(&Value::from("=1"), false), "=1");
    }
}
