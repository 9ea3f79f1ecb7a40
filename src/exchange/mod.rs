//! Import and export for every area (design.md, "Import and export"): formats,
//! encodings, column maps, normalisation, validation with reasons, rejects, and one
//! transaction per import. Areas implement `Record`/`Stored`; this module does the rest.

pub mod columns;
pub mod damaged;
pub mod encoding;
pub mod field_limit;
pub mod fields;
pub mod import;
pub mod map;
pub mod msg;
pub mod normalize;
pub mod provenance;
pub mod reader_guard;
pub mod record;
pub mod redacted;
pub mod sink;
pub mod source;
pub mod workbook;
pub mod workbook_write;

use std::path::Path;

pub use encoding::Encoding;
pub use fields::{Check, Fields, Problem};
pub use record::{rule, Record, Stored};

/// File formats for data (tables are for people, see `sink::OutFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
    Yaml,
    /// A workbook: .xlsx, .xls or .ods read (`workbook`), .xlsx written (`workbook_write`).
    Workbook,
}

impl Format {
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" | "txt" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "yaml" | "yml" => Some(Format::Yaml),
            ext if workbook::is_workbook_extension(ext) => Some(Format::Workbook),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Yaml => "yaml",
            Format::Workbook => "xlsx",
        }
    }
}
