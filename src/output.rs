//! How results reach people and programs: listings through one sink (table, csv, json,
//! yaml), single records as a vertical table or an object, messages on stderr.
//! Tables (terminal, md, html) are for people and show column keys by their display
//! labels; csv, json and yaml are for scripts and keep the canonical keys.

use std::borrow::Cow;
use std::io::{IsTerminal, Write};

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::exchange::sink::{render_html, render_markdown, render_table, table_text, Dest, OutFormat, Sink, SinkOpts};
use crate::exchange::Encoding;
use crate::words::{catalogue, m};

mod cells;
pub use cells::cells;

/// The label people see for the canonical column key `key`, in the thread's language
/// (English: the key itself). Only table, md and html headers use it.
pub fn label(key: &str) -> Cow<'_, str> {
    catalogue::label(key, catalogue::lang())
}

#[derive(Debug, Clone, Copy)]
pub struct Out {
    pub format: OutFormat,
    pub color: bool,
    pub quiet: bool,
    /// A listing's `--bom` and `--encoding` (`ListArgs`), for Excel on Windows.
    pub text: ListingText,
}

/// The ids of `ListArgs`' `--bom` and `--encoding`: read once from the parsed command
/// line (`ListingText::from_matches`) so every listing honours them through `listing`,
/// whatever command declared them.
pub const LISTING_BOM: &str = "listing_bom";
pub const LISTING_ENCODING: &str = "listing_encoding";

/// How a listing's text is written: UTF-8 unless asked, a BOM when asked (CSV only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListingText {
    pub bom: bool,
    pub encoding: Encoding,
}

impl Default for ListingText {
    fn default() -> Self {
        ListingText { bom: false, encoding: Encoding::Utf8 }
    }
}

thread_local! {
    static LISTING_TEXT: std::cell::Cell<ListingText> = std::cell::Cell::new(ListingText::default());
}

/// The command line's listing flags, set once by `main` as the language is (the parsed
/// `Cli` no longer knows which subcommand's `ListArgs` they came from).
pub fn set_listing_text(text: ListingText) {
    LISTING_TEXT.with(|t| t.set(text));
}

impl ListingText {
    /// The flags of the command run (the innermost subcommand that has them).
    pub fn from_matches(matches: &clap::ArgMatches) -> ListingText {
        let mut text = ListingText::default();
        let mut at = Some(matches);
        while let Some(m) = at {
            if let Ok(Some(bom)) = m.try_get_one::<bool>(LISTING_BOM) {
                text.bom |= *bom;
            }
            if let Ok(Some(encoding)) = m.try_get_one::<Encoding>(LISTING_ENCODING) {
                text.encoding = *encoding;
            }
            at = m.subcommand().map(|(_, sub)| sub);
        }
        text
    }
}

impl Out {
    /// `format` None: a table on a terminal, CSV otherwise. Colour only on a terminal,
    /// never with NO_COLOR, unless forced.
    pub fn new(format: Option<OutFormat>, color: ColorChoice, quiet: bool) -> Out {
        let tty = std::io::stdout().is_terminal();
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        };
        let format = format.unwrap_or(if tty { OutFormat::Table } else { OutFormat::Csv });
        Out { format, color, quiet, text: LISTING_TEXT.with(|t| t.get()) }
    }

    /// The language a listing's free text is written in: the reader's in a table,
    /// Markdown or HTML; English (what scripts read) in csv, json, yaml and xlsx.
    pub fn words_lang(&self) -> crate::words::Lang {
        match self.format {
            OutFormat::Table | OutFormat::Md | OutFormat::Html => crate::words::catalogue::lang(),
            _ => crate::words::Lang::En,
        }
    }

    /// A listing on stdout; nothing at all is printed when it has no rows. `--bom` and
    /// `--encoding` apply here, to every listing at once.
    pub fn listing(&self, headers: &[&str]) -> Result<Sink> {
        if !self.text.encoding.writable() {
            let msg = crate::exchange::msg::exchange_encoding_read_only(self.text.encoding.name());
            return Err(Error::Msg(crate::error::Kind::Usage, msg));
        }
        let opts =
            SinkOpts { bom: self.text.bom, encoding: self.text.encoding, ..SinkOpts::listing(self.format, self.color) };
        Sink::new(Dest::Stdout, headers, &[], opts)
    }

    /// A message for people, on stderr; silent with -q.
    pub fn note(&self, msg: impl std::fmt::Display) {
        if !self.quiet {
            // Not eprintln!: it panics when stderr is full (`2>/dev/full`).
            let _ = writeln!(std::io::stderr(), "{msg}");
        }
    }

    /// One record: its fields, then named sub-listings (e.g. a customer's equipment).
    pub fn detail(&self, fields: &[(&str, Value)], sections: &[Section]) -> Result<()> {
        let stdout = std::io::stdout();
        let mut w = stdout.lock();
        let io = |e| Error::io("cannot write output", e);
        match self.format {
            OutFormat::Json | OutFormat::Yaml => {
                let mut obj: Map<String, Value> = fields.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
                for s in sections {
                    let rows = s
                        .rows
                        .iter()
                        .map(|r| {
                            Value::Object(s.headers.iter().map(|h| h.to_string()).zip(r.iter().cloned()).collect())
                        })
                        .collect();
                    obj.insert(s.title.to_string(), Value::Array(rows));
                }
                let text = if self.format == OutFormat::Json {
                    serde_json::to_string_pretty(&obj)
                        .map(|t| t + "\n")
                        .map_err(|e| Error::internal(m::output_write_failed(e.to_string())))?
                } else {
                    serde_yaml::to_string(&obj).map_err(|e| Error::internal(m::output_write_failed(e.to_string())))?
                };
                w.write_all(text.as_bytes()).map_err(io)
            }
            OutFormat::Csv => {
                // The fields as `field,value`; then each non-empty sub-listing after a
                // blank line, every row led by the section's name, so that
                // `svc ticket show T | grep ^timeline,` picks one out.
                let csv_err = |e: csv::Error| Error::internal(m::output_write_failed(e.to_string()));
                // On a terminal, no program reads it: its cells are shown as a table's.
                let tty = std::io::stdout().is_terminal();
                let text = |v: &Value| if tty { crate::hostile::for_terminal(&text(v)).into_owned() } else { text(v) };
                let mut csv = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
                csv.write_record(["field", "value"]).map_err(csv_err)?;
                for (k, v) in fields {
                    csv.write_record([*k, text(v).as_str()]).map_err(csv_err)?;
                }
                let mut out = csv.into_inner().map_err(|e| Error::internal(m::output_write_failed(e.to_string())))?;
                for s in sections.iter().filter(|s| !s.rows.is_empty()) {
                    out.push(b'\n');
                    let mut csv = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
                    csv.write_record(std::iter::once("section").chain(s.headers.iter().copied())).map_err(csv_err)?;
                    for r in &s.rows {
                        let cells: Vec<String> =
                            std::iter::once(s.title.to_string()).chain(r.iter().map(&text)).collect();
                        csv.write_record(&cells).map_err(csv_err)?;
                    }
                    out.extend(csv.into_inner().map_err(|e| Error::internal(m::output_write_failed(e.to_string())))?);
                }
                w.write_all(&out).map_err(io)
            }
            OutFormat::Ics => Err(Error::Msg(crate::error::Kind::Usage, crate::maint::msg::ics_only())),
            OutFormat::Xlsx => {
                // One sheet of field and value (a workbook's sections would need sheets).
                let mut sink =
                    Sink::new(Dest::Stdout, &["field", "value"], &[], SinkOpts::listing(self.format, false))?;
                for (k, v) in fields {
                    sink.row(&[Value::from(*k), v.clone()])?;
                }
                sink.finish().map(|_| ())
            }
            OutFormat::Table | OutFormat::Md | OutFormat::Html => {
                let render = |headers: &[String], rows: &[Vec<String>]| match self.format {
                    OutFormat::Md => render_markdown(headers, rows),
                    OutFormat::Html => render_html(headers, rows),
                    _ => render_table(headers, rows, self.color),
                };
                let title = |t: &str, n: usize| match self.format {
                    OutFormat::Md => format!("\n### {t} ({n})\n\n"),
                    OutFormat::Html => format!("<h3>{t} ({n})</h3>\n"),
                    _ => format!("\n{t} ({n})\n"),
                };
                // A terminal table's cells are clipped as they are made (`table_text`):
                // never a whole copy of a long value, only what is shown.
                let cell = |k: &str, v: &Value| match self.format {
                    OutFormat::Table => table_text(k, v),
                    _ => shown(k, v),
                };
                let rows: Vec<Vec<String>> =
                    fields.iter().map(|(k, v)| vec![label(k).into_owned(), cell(k, v)]).collect();
                // The second header of a record shown field by field reads 内容, not the
                // 数值 a listing's `value` column (a KPI, a measurement) reads.
                let value = catalogue::word("col-show-value", catalogue::lang()).unwrap_or_else(|| "value".into());
                let mut out = render(&["field".into(), value], &rows);
                for s in sections {
                    out.push_str(&title(&label(s.title), s.rows.len()));
                    if !s.rows.is_empty() {
                        let headers: Vec<String> = s.headers.iter().map(|h| h.to_string()).collect();
                        let rows: Vec<Vec<String>> = s
                            .rows
                            .iter()
                            .map(|r| r.iter().zip(&s.headers).map(|(v, h)| cell(h, v)).collect())
                            .collect();
                        out.push_str(&render(&headers, &rows));
                    }
                }
                w.write_all(out.as_bytes()).map_err(io)
            }
        }
    }
}

pub struct Section {
    pub title: &'static str,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Value>>,
}

/// A value of the column `key` as people read it: a status or kind in their words.
pub fn shown(key: &str, v: &Value) -> String {
    match v {
        Value::String(s) => catalogue::value_label(key, s, catalogue::lang()).into_owned(),
        Value::Bool(b) => catalogue::bool_label(*b, catalogue::lang()).into_owned(),
        other => text(other),
    }
}

pub fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// A serializable value's fields in the given column order, for listings of computed
/// rows (stock lines, variances...) that are not stored records: a column the value
/// lacks is Null, and so is every column of a value that is no object. Written from the
/// value's fields directly (`cells`), not through a JSON object per row.
pub fn row_of<T: serde::Serialize>(columns: &[&str], item: &T) -> Vec<Value> {
    cells(columns, item).unwrap_or_else(|| vec![Value::Null; columns.len()])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::catalogue::{set_lang, Lang};

    /// A listing of two columns in `format`, as written.
    fn listing(format: OutFormat) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out");
        let mut sink =
            Sink::new(Dest::File(path.clone()), &["customer_code", "name"], &[], SinkOpts::listing(format, false))
                .unwrap();
        sink.row(&[Value::from("C-1"), Value::from("Ward 3")]).unwrap();
        sink.finish().unwrap();
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn labels_are_for_people_and_csv_json_yaml_keep_canonical_keys() {
        // Pseudo-localised labels show which output went through the label seam.
        set_lang(Lang::Pseudo);
        assert_eq!(listing(OutFormat::Csv), "customer_code,name\nC-1,Ward 3\n");
        for format in [OutFormat::Json, OutFormat::Yaml] {
            let text = listing(format);
            assert!(text.contains("customer_code") && !text.contains("[customer_code]"), "{text}");
        }
        assert!(listing(OutFormat::Table).contains("[customer_code]"));
        assert!(listing(OutFormat::Md).starts_with("| [customer_code] | [name] |"));
        assert!(listing(OutFormat::Html).contains("<th>[customer_code]</th>"));
        set_lang(Lang::En);
        assert!(listing(OutFormat::Table).contains("customer_code"));
        assert!(!listing(OutFormat::Table).contains("[customer_code]"));
    }
}
