//! Documents as Markdown, for printing or mail: each block, then a blank line.

use super::{fill, words, Block, Document, Item, Signed};
use crate::exchange::sink::render_markdown as table;

pub fn render(doc: &Document) -> String {
    let mut out = format!("# {}\n", doc.title);
    for block in &doc.blocks {
        out.push('\n');
        out.push_str(&self::block(block));
    }
    out
}

fn block(b: &Block) -> String {
    match b {
        Block::Heading(level, text) => format!("{} {text}\n", "#".repeat(usize::from(*level))),
        Block::Paragraph(text) => format!("{text}\n"),
        Block::List(items) => items.iter().map(item).collect(),
        Block::Numbered(steps) => steps.iter().enumerate().map(|(i, s)| format!("{}. {s}\n", i + 1)).collect(),
        Block::Table { headers, rows } => table(headers, rows),
        Block::Signature(signed) => signature(signed.as_ref()),
    }
}

fn item(i: &Item) -> String {
    match i {
        Item::Field(label, value) => format!("- **{label}**{}{value}\n", words().colon),
        Item::Note(text) => format!("- {text}\n"),
    }
}

fn signature(signed: Option<&Signed>) -> String {
    match signed {
        None => format!("{}\n\n{}\n", words().not_signed, words().sign_here),
        Some(s) if s.redacted => format!(
            "{}\n\n{}\n",
            fill(words().signed, &[("by", &s.by), ("method", &s.method), ("at", &s.at)]),
            words().no_fingerprint
        ),
        Some(s) => format!(
            "{}\n\n{}{}`{}`\n",
            fill(words().signed, &[("by", &s.by), ("method", &s.method), ("at", &s.at)]),
            words().fingerprint,
            words().colon,
            s.sha256
        ),
    }
}
