//! The quality standards register (R7.1): the written standards and operating rules for
//! each step of the service, each version a row of its own. A revision adds a version;
//! no version is changed or deleted (triggers in migration 0008). The latest version of
//! each standard comes due for review `review_months` after it took effect.

use chrono::{Months, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::msg;
use crate::db::{history, Tx};
use crate::error::{Error, Result};
use crate::exchange::{rule, Check, Problem, Record, Stored};

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

pub fn latest(conn: &Connection, code: &str) -> Result<Option<Standard>> {
    super::store::latest_standard(conn, code)
}

/// Add a standard (version 1) or, with `revise`, its next version; returns the version.
/// What a revision leaves out stays as it was.
pub fn write(tx: &Tx, code: &str, f: &Fields, revise: bool) -> Result<i64> {
    let code = code.trim();
    let before = latest(tx.conn(), code)?;
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
    let Some(effective_on) = f.effective_on.clone() else {
        return Err(Error::invalid(msg::standard_needs_effective(code)));
    };
    let owner = pick(&f.owner, base.as_ref().and_then(|b| b.owner.as_ref()));
    if let Some(o) = &owner {
        crate::staff::active(tx.conn(), o, |s| msg::quality_staff_inactive(s))?;
    }
    let (file_ref, file_sha256) = match &f.file {
        Some(path) => (Some(path.clone()), Some(file_hash(path)?)),
        None => (base.as_ref().and_then(|b| b.file_ref.clone()), base.as_ref().and_then(|b| b.file_sha256.clone())),
    };
    let s = Standard {
        code: code.to_string(),
        version: base.as_ref().map(|b| b.version + 1).unwrap_or(1),
        title: title.trim().to_string(),
        step,
        effective_on,
        owner,
        review_months: f.review_months.or(base.as_ref().map(|b| b.review_months)).unwrap_or(12),
        review_due: String::new(),
        file_ref,
        file_sha256,
    };
    let (_, stored) = insert(tx, &s)?;
    let action = if revise { "revise" } else { "add" };
    history::record(tx, "standard", code, action, None, Some(&stored.to_json()))?;
    Ok(stored.version)
}

/// The one write path of a version (the commands and the import): the next version of
/// its code, taking effect no earlier than the one it replaces, for a known step and
/// owner; its review day follows from its effective day. Returns its row id and the
/// version as stored.
fn insert(tx: &Tx, s: &Standard) -> Result<(i64, Standard)> {
    if !STEPS.contains(&s.step.as_str()) {
        return Err(Error::invalid(msg::quality_not_one_of(&s.step, STEPS.join(", "))).at("step"));
    }
    let effective_day = NaiveDate::parse_from_str(&s.effective_on, "%Y-%m-%d")
        .map_err(|_| Error::invalid(msg::quality_not_a_day(&s.effective_on)).at("effective_on"))?;
    if s.review_months <= 0 {
        return Err(Error::invalid(msg::standard_review_months()).at("review_months"));
    }
    let before = latest(tx.conn(), &s.code)?;
    let next = before.as_ref().map(|b| b.version + 1).unwrap_or(1);
    if s.version != next {
        return Err(Error::refused(msg::standard_version_next(&s.code, s.version, next)).at("version"));
    }
    if let Some(b) = &before {
        if s.effective_on < b.effective_on {
            return Err(Error::invalid(msg::standard_revision_earlier(&s.code, &s.effective_on, &b.effective_on))
                .at("effective_on"));
        }
    }
    // The owner is whoever the file names, active or not (an old version's owner may have left).
    let owner_id = match &s.owner {
        Some(o) => Some(crate::records::get::<crate::staff::Staff>(tx.conn(), o).map_err(|e| e.at("owner"))?.0),
        None => None,
    };
    let stored = Standard { review_due: review_due(effective_day, s.review_months).to_string(), ..s.clone() };
    let id = super::store::insert_standard(tx, &stored, owner_id)?;
    Ok((id, stored))
}

impl Record for Standard {
    const ENTITY: &'static str = "standard";
    const PLURAL: &'static str = "standards";
    const COLUMNS: &'static [&'static str] = COLUMNS;
    const REQUIRED: &'static [&'static str] = &["code", "version", "title", "step", "effective_on"];

    fn parse(c: &mut Check) -> Self {
        let version = c.integer("version", 1);
        if version.is_none() && c.problems.iter().all(|p| p.column.as_deref() != Some("version")) {
            c.problems.push(Problem::new("version", msg::standard_version_missing().to_string()));
        }
        let effective_on = c.date("effective_on");
        if effective_on.is_none() && c.problems.iter().all(|p| p.column.as_deref() != Some("effective_on")) {
            c.problems.push(Problem::new("effective_on", msg::quality_text_empty("effective_on").to_string()));
        }
        Standard {
            code: c.key("code"),
            version: version.unwrap_or(0),
            title: c.required("title"),
            step: c.choice("step", STEPS, None),
            effective_on: effective_on.unwrap_or_default(),
            owner: c.text("owner"),
            review_months: c.integer("review_months", 1).unwrap_or(12),
            // Computed from effective_on and review_months: what a file says is not kept.
            review_due: c.date("review_due").unwrap_or_default(),
            file_ref: c.text("file_ref"),
            file_sha256: c.text("file_sha256"),
        }
    }

    /// Code and version, as a JSON pair.
    fn key(&self) -> String {
        serde_json::to_string(&(&self.code, self.version)).unwrap_or_default()
    }

    fn label(&self) -> String {
        format!("{} v{}", self.code, self.version)
    }
}

impl Stored for Standard {
    const TABLE: &'static str = "quality_standards";
    const LIST_COMMAND: &'static str = "svc audit standard list --all-versions";
    const EDIT_COMMAND: Option<&'static str> = None;

    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        let Ok((code, version)) = serde_json::from_str::<(String, i64)>(key) else { return Ok(None) };
        super::store::standard_version(conn, &code, version)
    }

    /// An imported version goes through the same write as `add` and `revise`.
    fn insert(tx: &Tx, s: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        Ok(rule(insert(tx, s))?.map(|(id, _)| id))
    }

    fn update(_tx: &Tx, _id: i64, s: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        Ok(Err(Problem::new("version", msg::standard_version_kept(&s.code, s.version).to_string())))
    }

    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        let f = Filter { all_versions: true, ..Default::default() };
        list(conn, &f, each)
    }
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
    super::store::standards(conn, f, each)
}

const DUE_SQL: &str = super::store::STANDARDS_DUE;

/// Standards whose latest version is due for review (R7.1).
pub const DUE: crate::due::Source = crate::due::Source {
    kind: "standard-review",
    clause: "R7.1",
    about: "quality standards whose latest version is due for its periodic review",
    sql: DUE_SQL,
    indexes: &["quality_standards_review"],
    find: |conn, w, each| {
        let says =
            |r: &rusqlite::Row| Ok(crate::due_words::standard_review(r.get::<_, i64>(3)?, r.get::<_, String>(4)?));
        crate::due::rows(conn, DUE_SQL, w.last_day_text(), says, each)
    },
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
