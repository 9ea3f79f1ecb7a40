//! Checklist templates (R7.2): the questions an internal inspection asks of what records
//! cannot show, as a versioned YAML template, like repair protocols and maintenance
//! plans. A version is never changed nor deleted (triggers in migration 0016); importing
//! a changed text makes the next version, with the reason for the change; an unchanged
//! text changes nothing. A filled checklist names the template version it answers
//! (`checklist::apply`), so an inspection's record says which questions were asked.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::finding::SEVERITIES;
use super::msg;
use crate::db::{history, Tx};
use crate::error::{Error, Result};

/// A template as written in YAML.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateFile {
    pub code: String,
    pub title: String,
    pub items: Vec<Question>,
}

/// One question of a template.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub clause: String,
    pub question: String,
    /// The severity of a finding when the answer is fail [default: minor].
    #[serde(default = "minor")]
    pub severity: String,
}

fn minor() -> String {
    "minor".into()
}

/// The template in `yaml`, checked; else the path of the first bad field and why.
pub fn parse(yaml: &str) -> std::result::Result<TemplateFile, (String, String)> {
    let t: TemplateFile = serde_yaml::from_str(yaml).map_err(|e| {
        // The field's path when the reader names one, else the line (in the problem).
        let (path, problem) = crate::words::rows::yaml_parts(&e);
        (if path.is_empty() { "YAML".into() } else { path }, problem.to_string())
    })?;
    for (field, text) in [("code", &t.code), ("title", &t.title)] {
        if text.trim().is_empty() {
            return Err((field.into(), msg::quality_text_empty(field).to_string()));
        }
    }
    if t.items.is_empty() {
        return Err(("items".into(), msg::checklist_no_items().to_string()));
    }
    let mut seen = Vec::new();
    for (i, q) in t.items.iter().enumerate() {
        let path = |field: &str| format!("items[{i}].{field}");
        if q.id.trim().is_empty() || seen.contains(&q.id) {
            return Err((path("id"), msg::checklist_bad_id(&q.id).to_string()));
        }
        seen.push(q.id.clone());
        for (field, text) in [("clause", &q.clause), ("question", &q.question)] {
            if text.trim().is_empty() {
                return Err((path(field), msg::quality_text_empty(field).to_string()));
            }
        }
        if !SEVERITIES.contains(&q.severity.as_str()) {
            return Err((path("severity"), msg::quality_not_one_of(&q.severity, SEVERITIES.join(", ")).to_string()));
        }
    }
    Ok(t)
}

/// What tells two texts of a template apart: its title and questions, not its layout or comments.
fn fingerprint(t: &TemplateFile) -> String {
    let canonical = serde_json::to_string(&(&t.title, &t.items)).unwrap_or_default();
    Sha256::digest(canonical.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// What an import did.
#[derive(Debug, PartialEq)]
pub struct Imported {
    pub code: String,
    pub version: i64,
    /// False when the text asks what the current version asks.
    pub changed: bool,
}

/// Import a template: version 1, the next version of a changed text (with `reason`), or
/// nothing for an unchanged one.
pub fn import(tx: &Tx, name: &str, yaml: &str, reason: Option<&str>) -> Result<Imported> {
    let t = parse(yaml).map_err(|(path, why)| Error::invalid(msg::checklist_invalid(name, path, why)))?;
    let code = t.code.trim().to_string();
    let sha = fingerprint(&t);
    let last = super::store::template_last(tx.conn(), &code)?;
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    let version = match &last {
        Some((v, old)) if *old == sha => return Ok(Imported { code, version: *v, changed: false }),
        Some((v, _)) if reason.is_none() => {
            return Err(Error::refused(msg::template_needs_reason(&code, *v, *v + 1)));
        }
        Some((v, _)) => v + 1,
        None => 1,
    };
    let items = serde_json::to_string(&t.items).unwrap_or_default();
    let row = super::store::NewTemplate {
        code: &code,
        version,
        title: t.title.trim(),
        items: &items,
        source: yaml,
        sha256: &sha,
        reason,
    };
    super::store::insert_template(tx, &row)?;
    let after = json!({"version": version, "title": t.title.trim(), "items": t.items.len(), "reason": reason,
        "sha256": sha, "file": name});
    history::record(tx, "checklist", &code, "import", None, Some(&after))?;
    Ok(Imported { code, version, changed: true })
}

/// A stored version of a template.
#[derive(Debug, Clone)]
pub struct Version {
    pub id: i64,
    pub code: String,
    pub version: i64,
    pub title: String,
    pub items: Vec<Question>,
    pub source: String,
}

/// Version `version` of template `code` (the latest when `None`), or a not-found error.
pub fn get(conn: &Connection, code: &str, version: Option<i64>) -> Result<Version> {
    let row = super::store::template(conn, code, version)?;
    let Some((id, version, title, items, source)) = row else {
        return Err(Error::not_found(msg::template_not_found(
            code,
            version.map(|v| v.to_string()).unwrap_or_default(),
        )));
    };
    let items = serde_json::from_str(&items)
        .map_err(|e| Error::invalid(msg::checklist_invalid(code, "items", e.to_string())))?;
    Ok(Version { id, code: code.to_string(), version, title, items, source })
}

/// One version of a template, as listed.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub code: String,
    pub version: i64,
    pub title: String,
    pub items: i64,
    pub reason: Option<String>,
    pub added: String,
    /// Inspections that applied a checklist of this version.
    pub used: i64,
}

pub const COLUMNS: &[&str] = &["code", "version", "title", "items", "reason", "added", "used"];

/// The latest version of each template, or every version (`all_versions`), of `code` or all.
pub fn list(
    conn: &Connection,
    code: Option<&str>,
    all_versions: bool,
    each: &mut dyn FnMut(Line) -> Result<()>,
) -> Result<()> {
    super::store::templates(conn, code, all_versions, each)
}

/// The sheet an auditor fills in on site: the version's questions, each with an empty
/// result, as YAML that `svc audit checklist A FILE` takes back.
pub fn sheet(v: &Version) -> String {
    let mut out = format!(
        "# {} — {} v{}\n# {}\nchecklist: {}\nversion: {}\nitems:\n",
        v.title,
        v.code,
        v.version,
        msg::template_sheet_hint(),
        v.code,
        v.version
    );
    for q in &v.items {
        let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
        out.push_str(&format!(
            "  - id: {}\n    # {} ({}, {})\n    result:\n    note:\n    record:\n",
            quoted(&q.id),
            q.question.replace('\n', " "),
            q.clause,
            q.severity
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r7_2_a_template_names_the_path_of_a_bad_field_and_its_layout_is_no_new_version() {
        let ok = "code: T\ntitle: t\nitems:\n  - {id: a, clause: R1.3, question: q}\n";
        let t = parse(ok).unwrap();
        assert_eq!(t.items[0].severity, "minor");
        let spaced = "# a comment\ncode: T\ntitle: t\nitems:\n  - id: a\n    clause: R1.3\n    question: q\n";
        assert_eq!(fingerprint(&t), fingerprint(&parse(spaced).unwrap()));
        let bad = "code: T\ntitle: t\nitems:\n  - {id: a, clause: R1.3, question: q}\n  - {id: b, clause: R1.3, question: q, severity: huge}\n";
        assert_eq!(parse(bad).unwrap_err().0, "items[1].severity");
        assert_eq!(parse("code: T\ntitle: t\nitems: []\n").unwrap_err().0, "items");
        assert_eq!(parse("code: ' '\ntitle: t\nitems: []\n").unwrap_err().0, "code");
    }
}
