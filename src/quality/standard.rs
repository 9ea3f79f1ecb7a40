//! The quality standards register (R7.1): the written standards and operating rules for
//! each step of the service, each version a row of its own. A revision adds a version;
//! no version is changed or deleted (triggers in migration 0008). The latest version of
//! each standard comes due for review `review_months` after it took effect.

use chrono::{Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::msg;
use crate::db::{history, Tx};
use crate::error::{Error, Result, SqlContext};

pub const STEPS: &[&str] =
    &["intake", "diagnosis", "repair", "inspection", "parts", "followup", "complaints", "audit", "emergency", "other"];

/// A version of a standard, as listed and shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standard {
    pub code: String,
    pub version: i64,
    pub title: String,
    pub step: String,
    pub effective_on: String,
    pub owner: Option<String>,
    pub review_months: i64,
    pub review_due: String,
    pub file_ref: Option<String>,
    pub file_sha256: Option<String>,
}

pub const COLUMNS: &[&str] = &[
    "code",
    "version",
    "title",
    "step",
    "effective_on",
    "owner",
    "review_months",
    "review_due",
    "file_ref",
    "file_sha256",
];

/// What a new version says; a revision leaves out what stays as it was.
#[derive(Debug, Default, Clone)]
pub struct Fields {
    pub title: Option<String>,
    pub step: Option<String>,
    pub effective_on: Option<String>,
    pub owner: Option<String>,
    pub review_months: Option<i64>,
    pub file: Option<String>,
}

/// The day a version comes due for review.
pub fn review_due(effective_on: NaiveDate, months: i64) -> NaiveDate {
    effective_on.checked_add_months(Months::new(months.clamp(0, 1200) as u32)).unwrap_or(NaiveDate::MAX)
}

/// The SHA-256 of the file a standard refers to, so a changed file is told apart.
fn file_hash(path: &str) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(msg::standard_file_unreadable(path), e))?;
    Ok(Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect())
}

const SELECT: &str = "SELECT q.code, q.version, q.title, q.step, q.effective_on, s.code, q.review_months, q.review_due,
        q.file_ref, q.file_sha256 FROM quality_standards q LEFT JOIN staff s ON s.id = q.owner_id";

fn read(r: &rusqlite::Row) -> rusqlite::Result<Standard> {
    Ok(Standard {
        code: r.get(0)?,
        version: r.get(1)?,
        title: r.get(2)?,
        step: r.get(3)?,
        effective_on: r.get(4)?,
        owner: r.get(5)?,
        review_months: r.get(6)?,
        review_due: r.get(7)?,
        file_ref: r.get(8)?,
        file_sha256: r.get(9)?,
    })
}

pub fn latest(conn: &Connection, code: &str) -> Result<Option<Standard>> {
    conn.prepare_cached(&format!("{SELECT} WHERE q.code = ?1 ORDER BY q.version DESC LIMIT 1"))
        .and_then(|mut s| s.query_row([code], read).optional())
        .ctx("reading a standard")
}

/// Add a standard (version 1) or, with `revise`, its next version; returns the version.
pub fn write(tx: &Tx, code: &str, f: &Fields, revise: bool) -> Result<i64> {
    let code = code.trim();
    let before = latest(tx, code)?;
    let base = match (&before, revise) {
        (Some(_), false) => return Err(Error::refused(msg::standard_exists(code))),
        (None, true) => return Err(Error::not_found(msg::standard_not_found(code))),
        (b, _) => b.clone(),
    };
    let pick = |given: &Option<String>, old: Option<&String>| given.clone().or_else(|| old.cloned());
    let title = pick(&f.title, base.as_ref().map(|b| &b.title)).filter(|t| !t.trim().is_empty());
    let step = pick(&f.step, base.as_ref().map(|b| &b.step));
    let (Some(title), Some(step)) = (title, step) else {
        return Err(Error::invalid(msg::standard_needs_title_step(code)));
    };
    if !STEPS.contains(&step.as_str()) {
        return Err(Error::invalid(msg::quality_not_one_of(step, STEPS.join(", "))));
    }
    let Some(effective) = f.effective_on.clone() else {
        return Err(Error::invalid(msg::standard_needs_effective(code)));
    };
    let effective_day = NaiveDate::parse_from_str(&effective, "%Y-%m-%d")
        .map_err(|_| Error::invalid(msg::quality_not_a_day(&effective)))?;
    if let Some(b) = &base {
        if effective < b.effective_on {
            return Err(Error::invalid(msg::standard_revision_earlier(code, &effective, &b.effective_on)));
        }
    }
    let months = f.review_months.or(base.as_ref().map(|b| b.review_months)).unwrap_or(12);
    if months <= 0 {
        return Err(Error::invalid(msg::standard_review_months()));
    }
    let owner = pick(&f.owner, base.as_ref().and_then(|b| b.owner.as_ref()));
    let owner_id = match &owner {
        Some(o) => Some(crate::staff::active(tx, o, |s| msg::quality_staff_inactive(s))?),
        None => None,
    };
    let (file_ref, sha) = match &f.file {
        Some(path) => (Some(path.clone()), Some(file_hash(path)?)),
        None => (base.as_ref().and_then(|b| b.file_ref.clone()), base.as_ref().and_then(|b| b.file_sha256.clone())),
    };
    let version = base.as_ref().map(|b| b.version + 1).unwrap_or(1);
    let due = review_due(effective_day, months).to_string();
    tx.execute(
        "INSERT INTO quality_standards(code, version, title, step, effective_on, owner_id, review_months, review_due,
                file_ref, file_sha256, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![code, version, title.trim(), step, effective, owner_id, months, due, file_ref, sha, tx.now],
    )
    .ctx("recording a standard")?;
    let after = json!({"version": version, "title": title.trim(), "step": step, "effective_on": effective,
        "owner": owner, "review_months": months, "review_due": due, "file_ref": file_ref, "file_sha256": sha});
    let action = if revise { "revise" } else { "add" };
    history::record(tx, "standard", code, action, None, Some(&after))?;
    Ok(version)
}

#[derive(Debug, Default)]
pub struct Filter {
    pub code: Option<String>,
    pub step: Option<String>,
    /// Every version, not only the latest.
    pub all_versions: bool,
    /// Latest versions due for review on or before this day.
    pub review_by: Option<String>,
    pub limit: Option<u64>,
}

pub fn list(conn: &Connection, f: &Filter, each: &mut dyn FnMut(Standard) -> Result<()>) -> Result<()> {
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    crate::db::each_row(
        conn,
        &format!(
            "{SELECT} WHERE (?1 IS NULL OR q.code = ?1) AND (?2 IS NULL OR q.step = ?2)
               AND (?3 = 1 OR NOT EXISTS (SELECT 1 FROM quality_standards n WHERE n.code = q.code
                                           AND n.version > q.version))
               AND (?4 IS NULL OR q.review_due <= ?4)
             ORDER BY q.code, q.version LIMIT ?5"
        ),
        params![f.code, f.step, f.all_versions, f.review_by, limit],
        "listing standards",
        read,
        each,
    )
}

const DUE_SQL: &str = "SELECT q.code, 'review standard v' || q.version || ': ' || q.title, q.review_due, s.code
   FROM quality_standards q LEFT JOIN staff s ON s.id = q.owner_id
  WHERE q.review_due <= ?1
    AND NOT EXISTS (SELECT 1 FROM quality_standards n WHERE n.code = q.code AND n.version > q.version)";

/// Standards whose latest version is due for review (R7.1).
pub const DUE: crate::due::Source = crate::due::Source {
    kind: "standard-review",
    clause: "R7.1",
    about: "quality standards whose latest version is due for its periodic review",
    sql: DUE_SQL,
    indexes: &["quality_standards_review"],
    find: |conn, w, each| crate::due::rows(conn, DUE_SQL, w.last_day_text(), each),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r7_1_review_falls_due_months_after_taking_effect() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(review_due(d("2026-01-31"), 1), d("2026-02-28"));
        assert_eq!(review_due(d("2026-03-05"), 12), d("2027-03-05"));
    }
}
