//! Emergency plans (应急预案, R6.1): a YAML document per plan, imported as numbered
//! versions. A version is never changed (triggers refuse it); a changed document becomes
//! the next version, with its reason. A plan is checked when imported (every bad field by
//! its path, people who have left, parts the catalogue does not hold) and again later by
//! `svc drill plan check`, since people leave and reserves run short after the import.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::msg as w;
use crate::db::{history, Tx};
use crate::error::{Error, Result};
use crate::exchange::Stored;
use crate::words::Msg;

/// An emergency plan as its YAML file writes it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub code: String,
    pub title: String,
    /// The emergency it answers (imaging down in an emergency department, a model failing
    /// at many customers, a regional power failure).
    pub scenario: String,
    #[serde(default)]
    pub scope: Scope,
    /// When to activate it.
    #[serde(default)]
    pub triggers: Vec<String>,
    /// Response levels (I, II, III), each with its time targets and reporting.
    pub levels: Vec<Level>,
    pub roles: Vec<Role>,
    pub steps: Vec<Step>,
    #[serde(default)]
    pub methods: Methods,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reserve: Option<Reserve>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staffing: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    #[serde(default)]
    pub models: Vec<String>,
    #[serde(default)]
    pub customers: Vec<String>,
    #[serde(default)]
    pub provinces: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub level: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// On site within this long after activation (`2h`, `90m`, `1d`).
    pub on_site: String,
    /// The equipment back in use within this long.
    pub resolution: String,
    /// A progress report upwards at least this often.
    pub report_every: String,
    /// To whom (titles or names): 服务总监, the customer's equipment department.
    pub report_to: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub key: String,
    pub name: String,
    pub duties: String,
    /// The staff member who holds it, and who stands in.
    pub primary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deputy: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub key: String,
    pub action: String,
    /// The role that does it.
    pub role: String,
    /// Done within this long of activation (the target a drill is timed against).
    pub within: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Methods {
    #[serde(default)]
    pub diagnosis: Vec<String>,
    #[serde(default)]
    pub removal: Vec<String>,
}

/// The reserve the plan relies on: a location of the parts ledger and what it must hold.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Reserve {
    pub location: String,
    pub items: Vec<ReserveItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ReserveItem {
    pub part: String,
    pub qty: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A duration of a plan (`2h`, `90m`, `1d`) in seconds.
pub fn seconds(text: &str) -> Option<i64> {
    crate::config::parse_duration(text)
}

impl Plan {
    /// Read a plan's text; a document that does not fit the shape is refused with the
    /// path of the bad field (serde_yaml names it: `levels[0]: missing field on_site`).
    pub fn parse(name: &str, text: &str) -> Result<Plan> {
        serde_yaml::from_str(text)
            .map_err(|e| Error::invalid(w::plan_unreadable(name, crate::words::rows::yaml_problem(&e).to_string())))
    }

    /// The rules within the document itself (pure): every problem, each with its path.
    pub fn problems(&self) -> Vec<Msg> {
        let mut out = Vec::new();
        let blank = |s: &str| s.trim().is_empty();
        if blank(&self.code) || self.code.chars().any(char::is_whitespace) {
            out.push(w::plan_bad_code("code", format!("{:?}", self.code)));
        }
        for (path, text) in [("title", &self.title), ("scenario", &self.scenario)] {
            if blank(text) {
                out.push(w::plan_empty(path));
            }
        }
        for (path, list) in [("levels", self.levels.len()), ("roles", self.roles.len()), ("steps", self.steps.len())] {
            if list == 0 {
                out.push(w::plan_empty(path));
            }
        }
        for (i, l) in self.levels.iter().enumerate() {
            if blank(&l.level) || self.levels[..i].iter().any(|o| o.level == l.level) {
                out.push(w::plan_key_twice(format!("levels[{i}].level"), format!("{:?}", l.level)));
            }
            for (field, value) in
                [("on_site", &l.on_site), ("resolution", &l.resolution), ("report_every", &l.report_every)]
            {
                if seconds(value).is_none() {
                    out.push(w::plan_bad_duration(format!("levels[{i}].{field}"), format!("{value:?}")));
                }
            }
            if l.report_to.iter().all(|r| blank(r)) {
                out.push(w::plan_empty(format!("levels[{i}].report_to")));
            }
        }
        for (i, r) in self.roles.iter().enumerate() {
            if blank(&r.key) || self.roles[..i].iter().any(|o| o.key == r.key) {
                out.push(w::plan_key_twice(format!("roles[{i}].key"), format!("{:?}", r.key)));
            }
            if r.deputy.as_deref() == Some(r.primary.as_str()) {
                out.push(w::plan_deputy_is_primary(format!("roles[{i}].deputy"), &r.primary));
            }
        }
        for (i, s) in self.steps.iter().enumerate() {
            if blank(&s.key) || s.key.contains('=') || self.steps[..i].iter().any(|o| o.key == s.key) {
                out.push(w::plan_key_twice(format!("steps[{i}].key"), format!("{:?}", s.key)));
            }
            if !self.roles.iter().any(|r| r.key == s.role) {
                let roles: Vec<&str> = self.roles.iter().map(|r| r.key.as_str()).collect();
                out.push(w::plan_no_role(format!("steps[{i}].role"), format!("{:?}", s.role), roles.join(", ")));
            }
            if seconds(&s.within).is_none() {
                out.push(w::plan_bad_duration(format!("steps[{i}].within"), format!("{:?}", s.within)));
            }
        }
        if let Some(r) = &self.reserve {
            if r.items.is_empty() {
                out.push(w::plan_empty("reserve.items"));
            }
            for (i, item) in r.items.iter().enumerate() {
                if item.qty < 1 {
                    out.push(w::plan_bad_qty(format!("reserve.items[{i}].qty"), item.qty));
                }
                if r.items[..i].iter().any(|o| o.part == item.part) {
                    out.push(w::plan_key_twice(format!("reserve.items[{i}].part"), format!("{:?}", item.part)));
                }
            }
        }
        out
    }

    /// Every staff member the plan names, with the path naming them.
    pub fn people(&self) -> Vec<(String, &str)> {
        let mut out = Vec::new();
        for (i, r) in self.roles.iter().enumerate() {
            out.push((format!("roles[{i}].primary"), r.primary.as_str()));
            if let Some(d) = &r.deputy {
                out.push((format!("roles[{i}].deputy"), d.as_str()));
            }
        }
        out
    }

    /// The level named `level`, if the plan has it.
    pub fn level(&self, level: &str) -> Option<&Level> {
        self.levels.iter().find(|l| l.level == level)
    }
}

/// What the plan names in the database and no longer (or never) holds: staff who are
/// unknown or have left, a reserve store or parts the ledger does not know. Import
/// refuses these; `plan check` lists them for plans imported before.
pub fn references(conn: &Connection, p: &Plan) -> Result<Vec<Msg>> {
    let mut out = Vec::new();
    for (path, code) in p.people() {
        match <crate::staff::Staff as Stored>::find(conn, code)?.map(|(_, s)| s) {
            None => out.push(w::plan_no_staff(path, code)),
            Some(s) if !s.active => out.push(w::plan_staff_left(path, code, s.name)),
            Some(_) => {}
        }
    }
    if let Some(r) = &p.reserve {
        if crate::parts::location::find_id(conn, &r.location)?.is_none() {
            out.push(w::plan_no_location("reserve.location", &r.location));
        }
        for (i, item) in r.items.iter().enumerate() {
            let path = format!("reserve.items[{i}].part");
            match <crate::parts::Part as Stored>::find(conn, &item.part)?.map(|(_, p)| p) {
                None => out.push(crate::records::missing_reference_msg::<crate::parts::Part>(
                    conn,
                    &item.part,
                    w::plan_no_part(path, &item.part),
                )),
                Some(part) if !part.active => out.push(w::plan_part_inactive(path, &item.part, part.name)),
                Some(_) => {}
            }
        }
    }
    Ok(out)
}

/// One stored version of a plan.
#[derive(Debug, Clone)]
pub struct Version {
    pub plan_id: i64,
    pub version: i64,
    pub plan: Plan,
    pub source: String,
    pub reason: Option<String>,
    pub drill: Option<String>,
    pub imported_at: String,
    pub imported_by: String,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq)]
pub enum Imported {
    New,
    Version(i64),
    Unchanged(i64),
}

/// Import a plan's text: its first version, the next one when the document changed (a
/// reason is required, and `drill` names the drill whose findings it answers), or
/// nothing when it is the same as the latest version.
pub fn import(
    tx: &Tx,
    name: &str,
    text: &str,
    reason: Option<&str>,
    drill: Option<&str>,
) -> Result<(String, Imported)> {
    let p = Plan::parse(name, text)?;
    let mut problems = p.problems();
    problems.extend(references(tx.conn(), &p)?);
    if !problems.is_empty() {
        let lines: Vec<String> = problems.iter().map(|m| format!("\n  {m}")).collect();
        return Err(Error::invalid(w::plan_invalid(name, lines.concat())));
    }
    let document = serde_json::to_string(&p).unwrap_or_default();
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    let latest = match find(tx.conn(), &p.code)? {
        Some(id) => latest(tx.conn(), id, &p.code).map(|v| Some((id, v)))?,
        None => None,
    };
    let drill_id = match drill {
        Some(d) => Some(crate::db::document_id(tx.conn(), "drills", "drill", "svc drill list", d)?),
        None => None,
    };
    let (plan_id, version) = match &latest {
        Some((id, v)) => {
            if serde_json::to_string(&v.plan).unwrap_or_default() == document {
                return Ok((p.code, Imported::Unchanged(v.version)));
            }
            if reason.is_none() {
                return Err(Error::refused(w::plan_needs_reason(&p.code, v.version, v.version + 1)));
            }
            (*id, v.version + 1)
        }
        None => (super::store::insert_plan(tx, &p.code)?, 1),
    };
    if let (Some(drill_id), Some(d)) = (drill_id, drill) {
        if super::store::plan_of_drill(tx.conn(), drill_id)? != plan_id {
            return Err(Error::refused(w::plan_drill_other_plan(d, &p.code)));
        }
    }
    let row = super::store::NewVersion {
        plan_id,
        version,
        title: &p.title,
        source: text,
        document: &document,
        reason,
        drill_id,
    };
    super::store::insert_version(tx, &row)?;
    if let Some(r) = &p.reserve {
        super::reserve::register(tx, &r.location)?;
    }
    // A revision that names a drill answers that drill's open findings. The answer is the
    // fact itself (this version names the drill, imported at the instant of the answer),
    // said in the reader's language when shown (`FindingRow::note`); no note in words.
    if let Some(drill_id) = drill_id {
        super::store::answer_by_revision(tx, drill_id)?;
    }
    let after = json!({"version": version, "title": p.title, "reason": reason, "drill": drill});
    history::record(tx, "plan", &p.code, if version == 1 { "import" } else { "revise" }, None, Some(&after))?;
    Ok((p.code, if version == 1 { Imported::New } else { Imported::Version(version) }))
}

/// The plan's id, if it exists.
pub fn find(conn: &Connection, code: &str) -> Result<Option<i64>> {
    super::store::find_plan(conn, code)
}

/// The plan's id, or a not-found error.
pub fn id(conn: &Connection, code: &str) -> Result<i64> {
    find(conn, code)?.ok_or_else(|| Error::not_found(w::plan_not_found(code)))
}

/// A version of a plan (the latest when `version` is `None`).
pub fn version(conn: &Connection, code: &str, version: Option<i64>) -> Result<Version> {
    let plan_id = id(conn, code)?;
    match version {
        None => latest(conn, plan_id, code),
        Some(n) => read(conn, plan_id, code, n)?.ok_or_else(|| Error::not_found(w::plan_no_version(code, n))),
    }
}

fn latest(conn: &Connection, plan_id: i64, code: &str) -> Result<Version> {
    let n = super::store::latest_version(conn, plan_id)?;
    read(conn, plan_id, code, n)?.ok_or_else(|| Error::not_found(w::plan_no_version(code, n)))
}

fn read(conn: &Connection, plan_id: i64, code: &str, n: i64) -> Result<Option<Version>> {
    let row = super::store::version(conn, plan_id, n)?;
    let Some((source, document, reason, drill, imported_at, imported_by)) = row else {
        return Ok(None);
    };
    let plan = serde_json::from_str(&document).map_err(|e| Error::internal(w::plan_stored(code, n, e.to_string())))?;
    Ok(Some(Version { plan_id, version: n, plan, source, reason, drill, imported_at, imported_by }))
}

/// The document as svc reads it, in YAML: what `diff` compares (comments and layout of
/// the file do not count as changes).
pub fn canonical(p: &Plan) -> String {
    serde_yaml::to_string(p).unwrap_or_default()
}

/// The lines that differ between two texts, as `- old` / `+ new`, each change with
/// up to two unchanged lines around it (`  same`) and `...` between distant changes.
pub fn diff(a: &str, b: &str) -> Vec<String> {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    // Longest common subsequence, by the usual table from the ends.
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let mut ops: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            // What goes comes before what replaces it.
            ops.push(('-', a[i]));
            i += 1;
        } else {
            ops.push(('+', b[j]));
            j += 1;
        }
    }
    const CONTEXT: usize = 2;
    let near = |k: usize| {
        let lo = k.saturating_sub(CONTEXT);
        let hi = (k + CONTEXT + 1).min(ops.len());
        ops[lo..hi].iter().any(|(op, _)| *op != ' ')
    };
    let mut out = Vec::new();
    let mut skipped = false;
    for (k, (op, line)) in ops.iter().enumerate() {
        if near(k) {
            if skipped && !out.is_empty() {
                out.push("...".to_string());
            }
            skipped = false;
            out.push(format!("{op} {line}"));
        } else {
            skipped = true;
        }
    }
    out
}

/// A plan in `svc drill plan list`.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    pub code: String,
    pub version: i64,
    pub title: String,
    pub imported_at: String,
    pub last_drill: Option<String>,
    pub review_due: String,
    #[serde(skip)]
    pub review_when: crate::due::When,
}

pub const LIST_COLUMNS: &[&str] = &["code", "version", "title", "imported_at", "last_drill", "review_due"];

/// When a plan must next be drilled and reviewed: `every` days after its last evaluated
/// drill, or after it was first adopted when it has never been drilled (pure).
pub fn review_due(created_at: &str, last_drill: Option<&str>, every: i64) -> Option<crate::due::When> {
    crate::due::When::parse(last_drill.unwrap_or(created_at)).map(|w| w.plus_days(every))
}

/// Every plan's latest version with its review date, by code.
pub fn list(conn: &Connection) -> Result<Vec<Listed>> {
    let every = crate::config::days(conn, super::REVIEW_SETTING)?;
    let mut out = Vec::new();
    super::store::plans(
        conn,
        &mut |(code, version, title, imported_at, created_at, last): super::store::LatestPlan| {
            let when = review_due(&created_at, last.as_deref(), every)
                .ok_or_else(|| Error::internal(w::plan_stored(&code, version, created_at.clone())))?;
            out.push(Listed {
                code,
                version,
                title,
                imported_at: crate::clock::show_local(&imported_at),
                last_drill: last.as_deref().map(crate::clock::show_local),
                review_due: when.show(),
                review_when: when,
            });
            Ok(())
        },
    )?;
    Ok(out)
}

/// One version in `svc drill plan versions`.
#[derive(Debug, Clone, Serialize)]
pub struct VersionRow {
    pub version: i64,
    pub title: String,
    pub imported_at: String,
    pub imported_by: String,
    pub reason: Option<String>,
    pub drill: Option<String>,
}

pub const VERSION_COLUMNS: &[&str] = &["version", "title", "imported_at", "imported_by", "reason", "drill"];

pub fn versions(conn: &Connection, code: &str) -> Result<Vec<VersionRow>> {
    let plan_id = id(conn, code)?;
    super::store::versions(conn, plan_id)
}

/// An instant `seconds` after `from`.
pub fn after(from: DateTime<Utc>, seconds: i64) -> DateTime<Utc> {
    from + chrono::Duration::seconds(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = "code: EP-1\ntitle: T\nscenario: S\nlevels:\n  - level: I\n    on_site: 2h\n    resolution: 24h\n    report_every: 1h\n    report_to: [服务总监]\nroles:\n  - key: lead\n    name: Lead\n    duties: leads\n    primary: E001\nsteps:\n  - key: call\n    action: call back\n    role: lead\n    within: 15m\n";

    #[test]
    fn a_bad_field_is_named_by_its_path() {
        let e = Plan::parse("p.yaml", &PLAN.replace("    on_site: 2h\n", "")).unwrap_err().to_string();
        assert!(e.contains("levels[0]") && e.contains("on_site"), "{e}");
        let e = Plan::parse("p.yaml", &PLAN.replace("within: 15m", "within: 15m\n    colour: red")).unwrap_err();
        assert!(e.to_string().contains("steps[0]") && e.to_string().contains("colour"), "{e}");
    }

    #[test]
    fn the_document_rules_name_each_problem_by_path() {
        let p = Plan::parse("p.yaml", PLAN).unwrap();
        assert!(p.problems().is_empty(), "{:?}", p.problems());
        let bad = PLAN.replace("within: 15m", "within: soon").replace("role: lead", "role: boss");
        let problems: Vec<String> =
            Plan::parse("p.yaml", &bad).unwrap().problems().iter().map(|m| m.render(crate::words::Lang::En)).collect();
        assert!(problems.iter().any(|p| p.starts_with("steps[0].within")), "{problems:?}");
        assert!(problems.iter().any(|p| p.starts_with("steps[0].role")), "{problems:?}");
    }

    #[test]
    fn a_diff_shows_changed_lines_with_context() {
        let a = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let b = "a\nB\nc\nd\ne\nf\ng\nh\ni\n";
        assert_eq!(diff(a, b), ["  a", "- b", "+ B", "  c", "  d", "...", "  g", "  h", "+ i"]);
        assert!(diff(a, a).is_empty());
    }

    #[test]
    fn review_falls_due_after_the_last_drill_else_after_adoption() {
        let due = review_due("2026-01-10T02:00:00Z", None, 365).unwrap();
        assert_eq!(due.show(), "2027-01-10");
        let due = review_due("2026-01-10T02:00:00Z", Some("2026-06-01T02:00:00Z"), 30).unwrap();
        assert_eq!(due.show(), "2026-07-01");
    }
}
