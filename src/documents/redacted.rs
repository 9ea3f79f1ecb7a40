//! `--redact` on a printed report (issue 9, R8.1.2): a copy to share (pasted into a
//! complaint file, mailed to a manufacturer) that hides the people and keeps the facts.
//!
//! What is personal is what the registry says is (`registry::personal_columns`): in a
//! repair, the customer's people who consented (`by`) and signed (`signed_by`); their
//! names are masked as `--redact` masks them everywhere (the surname kept). The device,
//! the findings, the parts, the checks, the charges and the staff who did the work stay:
//! they are the document's facts.
//!
//! A redacted print is never the signed original: its title and its first line say
//! `已脱敏 / redacted`, its signature block carries no fingerprint (the SHA-256 is of the
//! original), and as JSON or YAML it has `"redacted": true` and no `sha256`.

use serde_json::Value;

use super::{html, markdown, words, Block, Document, Printable};
use crate::clock::Zone;
use crate::error::{Error, Result};
use crate::exchange::sink::{redact_as, OutFormat};
use crate::words::m;

/// The mark a redacted print carries, in both languages whatever the reader's.
pub const MARK: &str = "已脱敏 / redacted";

/// A document that can hide its people.
pub trait Redact: Printable {
    /// Mask the personal facts and drop the fingerprint of the original.
    fn redact(&mut self);
}

/// `value` masked when the registry lists `column` among `entity`'s personal columns.
pub fn mask(entity: &str, column: &str, value: &mut String) {
    if crate::registry::personal_columns(entity).contains(&column) {
        if let Value::String(s) = redact_as(column, &Value::String(std::mem::take(value))) {
            *value = s;
        }
    }
}

/// `doc` redacted, then as `format` asks (as `documents::render` does for the original).
pub fn render(mut doc: impl Redact, format: Option<OutFormat>, zone: Zone) -> Result<String> {
    doc.redact();
    let bad = |e: &dyn std::fmt::Display| Error::internal(m::document_write_failed(e.to_string()));
    let facts = || -> Result<Value> {
        let mut v = serde_json::to_value(&doc).map_err(|e| bad(&e))?;
        if let Value::Object(map) = &mut v {
            map.remove("sha256");
            map.insert("redacted".into(), Value::Bool(true));
        }
        Ok(v)
    };
    Ok(match format {
        Some(OutFormat::Json) => serde_json::to_string_pretty(&facts()?).map_err(|e| bad(&e))? + "\n",
        Some(OutFormat::Yaml) => serde_yaml::to_string(&facts()?).map_err(|e| bad(&e))?,
        Some(OutFormat::Html) => html::render(&marked(doc.layout(zone))),
        _ => markdown::render(&marked(doc.layout(zone))),
    })
}

/// The layout marked as a redacted copy: in its title, in its first line, and in its
/// signature block, which shows who signed (masked) and no fingerprint.
fn marked(mut doc: Document) -> Document {
    doc.title = format!("{} ({MARK})", doc.title);
    doc.blocks.insert(0, Block::Paragraph(format!("{MARK}{}{}", words().colon, words().redacted_note)));
    for block in &mut doc.blocks {
        if let Block::Signature(Some(signed)) = block {
            signed.sha256.clear();
            signed.redacted = true;
        }
    }
    doc
}
