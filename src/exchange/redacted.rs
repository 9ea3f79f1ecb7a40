//! The mark of a redacted export (issue 9: "a redacted export is marked as redacted and
//! refused by every import").
//!
//! `--redact` turns `王建国` into `王**`: imported again, the masked values would replace
//! the real ones, silently. So every file an export or a listing writes for programs
//! (CSV, JSON, YAML, .xlsx) with `--redact` carries one more column, [`COLUMN`], whose
//! cell in every row says [`VALUE`], and the import engine refuses a file with that
//! column before reading any row (exit 5), whatever the area, the format or the `--map`.
//!
//! Why a column, not a comment line or a document property: it is the one thing every
//! format keeps as it is (CSV, a JSON or YAML key, a spreadsheet column; a comment line
//! breaks other CSV readers, a property is lost when a sheet is copied), other tools read
//! it as the plain column it is, it is there even when no cell was masked (an area with no
//! personal columns, a customer without a phone) or the file has no rows, and its name
//! cannot be one of an area's columns. A person's table (`--format table|md|html`) is
//! not a file to import and shows the masks alone.

use crate::error::{Error, Result};

/// The name of the marking column: namespaced, so no area's column and no legacy
/// system's header is ever taken for it (nor it for them).
pub const COLUMN: &str = "svc_redacted";

/// What the marking column holds in every row, in both languages of svc's users.
pub const VALUE: &str = "已脱敏 redacted";

/// Whether a file's headers mark it as a redacted export (before any `--map`: a map
/// cannot map the mark away).
pub fn is_marked(headers: &[String]) -> bool {
    headers.iter().any(|h| h.trim().trim_start_matches('\u{feff}').eq_ignore_ascii_case(COLUMN))
}

/// Refuse a redacted export (exit 5), saying what to do instead.
pub fn refuse_marked(headers: &[String], file: &str) -> Result<()> {
    if is_marked(headers) {
        return Err(Error::invalid(crate::hardening::msg::import_redacted(file, COLUMN)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mark_is_found_in_any_position_and_case_and_nothing_else_is() {
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(is_marked(&h(&["code", "name", "svc_redacted"])));
        assert!(is_marked(&h(&["\u{feff}SVC_REDACTED", "code"])));
        assert!(!is_marked(&h(&["code", "redacted", "已脱敏"])));
        assert!(refuse_marked(&h(&["code", " svc_redacted "]), "f.csv").is_err());
        assert!(refuse_marked(&h(&["code"]), "f.csv").is_ok());
    }
}
