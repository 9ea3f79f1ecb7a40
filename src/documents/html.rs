//! Documents as a standalone HTML page: the same blocks as the Markdown, every text
//! escaped.

use super::{fill, words, Block, Document, Item, Signed};
use crate::exchange::sink::{html_escape as escape, render_html as table};

pub fn render(doc: &Document) -> String {
    let body: String = doc.blocks.iter().map(block).collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
         <style>body{{font-family:sans-serif;max-width:50em;margin:2em auto}}table{{border-collapse:collapse}}\
         td,th{{border:1px solid #999;padding:.2em .5em}}thead{{display:table-header-group}}tr{{break-inside:avoid}}\
         @page{{size:A4;margin:12mm 15mm}}@media print{{body{{max-width:none;margin:0;font-size:10pt;line-height:1.35}}\
         h1{{font-size:15pt;margin:0 0 .4em}}h2{{font-size:11.5pt;margin:.7em 0 .25em}}ul,ol,p{{margin:.2em 0}}\
         li{{margin:0}}td,th{{padding:.1em .4em}}}}</style>\n</head>\n<body>\n<h1>{title}</h1>\n{body}</body>\n</html>\n",
        title = escape(&doc.title),
        lang = crate::words::catalogue::lang().tag()
    )
}

fn block(b: &Block) -> String {
    match b {
        Block::Heading(level, text) => format!("<h{level}>{}</h{level}>\n", escape(text)),
        Block::Paragraph(text) => format!("<p>{}</p>\n", escape(text)),
        Block::List(items) if items.is_empty() => String::new(),
        Block::List(items) => format!("<ul>\n{}</ul>\n", items.iter().map(item).collect::<String>()),
        Block::Numbered(steps) if steps.is_empty() => String::new(),
        Block::Numbered(steps) => {
            format!("<ol>\n{}</ol>\n", steps.iter().map(|s| format!("<li>{}</li>\n", escape(s))).collect::<String>())
        }
        Block::Table { headers, rows } => table(headers, rows),
        Block::Signature(signed) => signature(signed.as_ref()),
    }
}

fn item(i: &Item) -> String {
    match i {
        Item::Field(label, value) => {
            format!("<li><strong>{}</strong>{}{}</li>\n", escape(label), words().colon, escape(value))
        }
        Item::Note(text) => format!("<li>{}</li>\n", escape(text)),
    }
}

fn signature(signed: Option<&Signed>) -> String {
    match signed {
        None => {
            format!("<p>{}</p>\n<p class=\"sign-here\">{}</p>\n", escape(words().not_signed), escape(words().sign_here))
        }
        Some(s) if s.redacted => format!(
            "<p>{}</p>\n<p>{}</p>\n",
            escape(&fill(words().signed, &[("by", &s.by), ("method", &s.method), ("at", &s.at)])),
            escape(words().no_fingerprint)
        ),
        Some(s) => format!(
            "<p>{}</p>\n<p>{}{}<code>{}</code></p>\n",
            escape(&fill(words().signed, &[("by", &s.by), ("method", &s.method), ("at", &s.at)])),
            words().fingerprint,
            words().colon,
            escape(&s.sha256)
        ),
    }
}
