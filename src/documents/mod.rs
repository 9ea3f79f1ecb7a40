//! Printed documents (the Documents mechanism of design.md): the service report today;
//! the maintenance report, rectification notice, drill report and monthly report next.
//! An area gathers a document's facts as typed data; this layer lays them out in a few
//! building blocks (title, headings, key-value lists, tables, a signature block) and
//! renders those as Markdown or HTML, or writes the facts as JSON or YAML. Times are
//! facts in UTC; a layout shows them in the zone it is given.

pub mod frame;
mod html;
pub mod maintenance_report;
mod markdown;
pub mod redacted;
pub mod service_report;

use serde::Serialize;

use crate::clock::{show_in, Zone};
use crate::error::{Error, Result};
use crate::exchange::sink::OutFormat;
use crate::words::catalogue::{self, Lang};
use crate::words::m;

/// A document's facts that know how to lay themselves out for a person.
pub trait Printable: Serialize {
    /// The document for people, its times shown in `zone`.
    fn layout(&self, zone: Zone) -> Document;
}

/// A document laid out for a person: a title, then blocks in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// The building blocks every document is made of.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A section (level 2) or sub-section (level 3) heading; the title is level 1.
    Heading(u8, String),
    Paragraph(String),
    /// A bulleted list of label-value lines and plain notes.
    List(Vec<Item>),
    /// Steps in order.
    Numbered(Vec<String>),
    Table {
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// Who signed, how and when, with the document's fingerprint; `None`: not yet.
    Signature(Option<Signed>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Field(String, String),
    Note(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Signed {
    pub by: String,
    pub method: String,
    /// Already shown in the reader's zone.
    pub at: String,
    pub sha256: String,
    /// A redacted copy (`redacted.rs`): no fingerprint, it is not the signed original.
    pub redacted: bool,
}

/// The words the shared blocks print, one set per language (`words()` picks the
/// thread's).
pub struct Words {
    /// `{by}`, `{method}`, `{at}`.
    pub signed: &'static str,
    pub not_signed: &'static str,
    /// The lines a customer signs, dates and stamps on a printed copy not signed yet.
    pub sign_here: &'static str,
    pub fingerprint: &'static str,
    /// Between a label and its value.
    pub colon: &'static str,
    /// After `已脱敏 / redacted` at the top of a redacted copy.
    pub redacted_note: &'static str,
    /// In place of the fingerprint on a redacted copy.
    pub no_fingerprint: &'static str,
}

pub const EN: Words = Words {
    signed: "Signed by {by} ({method}) on {at}.",
    not_signed: "Not signed yet.",
    sign_here: "Customer signature: ______________    Date: ______________    Stamp:",
    fingerprint: "SHA-256",
    colon: ": ",
    redacted_note: "a copy to share, the personal data masked. It is not the signed original: print the report without --redact for that",
    no_fingerprint: "No fingerprint: a redacted copy is not the signed original.",
};

pub const ZH_CN: Words = Words {
    signed: "{by} 于 {at} 签字确认（确认方式：{method}）。",
    not_signed: "尚未签字。",
    sign_here: "客户签字：______________　　日期：______________　　盖章：",
    fingerprint: "SHA-256 指纹",
    colon: "：",
    redacted_note: "供外发的副本，个人信息已遮盖。本副本不是签字确认的原件，原件请不加 --redact 打印",
    no_fingerprint: "无指纹：脱敏副本不是签字确认的原件。",
};

/// The shared words in the thread's language.
pub fn words() -> &'static Words {
    match catalogue::lang() {
        Lang::ZhCn => &ZH_CN,
        Lang::En | Lang::Pseudo => &EN,
    }
}

/// A stored time (RFC 3339) shown in `zone` as people of the thread's language write
/// it: `2026-11-30 09:30:00`, or `2026年11月30日 09:30`. A day alone (`2026-11-30`)
/// is shown as a day. Text that is neither stays as it is. Only the layout calls this:
/// the facts that are signed keep their stored form, whatever the language.
pub fn when(stored: &str, zone: Zone) -> String {
    let shown = show_in(stored, zone);
    if catalogue::lang() != Lang::ZhCn {
        return shown;
    }
    if let Ok(t) = chrono::NaiveDateTime::parse_from_str(&shown, "%Y-%m-%d %H:%M:%S") {
        return t.format("%Y年%-m月%-d日 %H:%M").to_string();
    }
    day(&shown)
}

/// A day (`2026-11-30`) as people of the thread's language write it (`2026年11月30日`);
/// other text as it is.
pub fn day(text: &str) -> String {
    match chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
        Ok(d) if catalogue::lang() == Lang::ZhCn => d.format("%Y年%-m月%-d日").to_string(),
        _ => text.to_string(),
    }
}

impl Block {
    /// A key-value section: one `label: value` line each.
    pub fn fields<'a>(pairs: impl IntoIterator<Item = (&'a str, String)>) -> Block {
        Block::List(pairs.into_iter().map(|(k, v)| Item::Field(k.to_string(), v)).collect())
    }

    /// Plain bulleted lines.
    pub fn notes(lines: impl IntoIterator<Item = String>) -> Block {
        Block::List(lines.into_iter().map(Item::Note).collect())
    }

    pub fn table(headers: &[&str], rows: Vec<Vec<String>>) -> Block {
        Block::Table { headers: headers.iter().map(|h| h.to_string()).collect(), rows }
    }
}

/// `template` with each `{name}` replaced by its value, in one pass (a value that holds
/// braces is not read again). Word order lives in the template, so a translation can
/// change it. An unknown name stays as written.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// An optional fact as printed: absent is blank.
pub fn or_blank(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// `doc` as `format` asks: its facts as JSON or YAML, else laid out as HTML or, by
/// default, Markdown, its times shown in `zone`.
pub fn render(doc: &impl Printable, format: Option<OutFormat>, zone: Zone) -> Result<String> {
    let bad = |e: &dyn std::fmt::Display| Error::internal(m::document_write_failed(e.to_string()));
    Ok(match format {
        Some(OutFormat::Json) => serde_json::to_string_pretty(doc).map_err(|e| bad(&e))? + "\n",
        Some(OutFormat::Yaml) => serde_yaml::to_string(doc).map_err(|e| bad(&e))?,
        Some(OutFormat::Html) => html::render(&doc.layout(zone)),
        _ => markdown::render(&doc.layout(zone)),
    })
}

/// `doc` on standard output as `format` asks; with `redact`, the redacted copy
/// (`redacted.rs`) instead of the original.
pub fn print(doc: impl redacted::Redact, redact: bool, format: Option<OutFormat>, zone: Zone) -> Result<()> {
    use std::io::Write;
    let text = if redact { redacted::render(doc, format, zone)? } else { render(&doc, format, zone)? };
    std::io::stdout().write_all(text.as_bytes()).map_err(|e| Error::io("cannot write output", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_block_renders_as_markdown_and_as_escaped_html() {
        let blocks = vec![
            Block::Heading(2, "S".into()),
            Block::fields([("K", "v".to_string())]),
            Block::notes(["n".to_string()]),
            Block::Numbered(vec!["a".into()]),
            Block::table(&["h"], vec![vec!["a|b".into()]]),
            Block::Signature(None),
        ];
        let doc = Document { title: "T <1>".into(), blocks };
        assert_eq!(
            markdown::render(&doc),
            "# T <1>\n\n## S\n\n- **K**: v\n\n- n\n\n1. a\n\n| h |\n|---|\n| a\\|b |\n\nNot signed yet.\n\nCustomer signature: ______________    Date: ______________    Stamp:\n"
        );
        let page = html::render(&doc);
        for part in [
            "<title>T &lt;1&gt;</title>",
            "<h2>S</h2>",
            "<li><strong>K</strong>: v</li>",
            "<ol>\n<li>a</li>\n</ol>",
            "<th>h</th>",
            "<td>a|b</td>",
            "<p>Not signed yet.</p>",
        ] {
            assert!(page.contains(part), "{part} in {page}");
        }
    }

    #[test]
    fn templates_fill_once_and_keep_what_they_do_not_know() {
        assert_eq!(fill("{a} by {b}", &[("a", "x"), ("b", "y")]), "x by y");
        assert_eq!(fill("{a}{b}", &[("a", "{b}"), ("b", "y")]), "{b}y");
        assert_eq!(fill("{c} {", &[("a", "x")]), "{c} {");
        assert_eq!(fill("价格 {a}", &[("a", "¥1")]), "价格 ¥1");
    }
}
