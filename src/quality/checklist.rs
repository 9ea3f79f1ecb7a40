//! Filled checklists (R7.2): what an inspection checks that records cannot show
//! (attitude, tidiness, documents on site). The questions are a versioned template
//! (`template`); the auditor fills in its sheet (`svc audit template sheet`) and applies
//! it to an open inspection: every failed item becomes a finding with the template's
//! clause and severity. The file is validated first, naming the path of a bad field,
//! and nothing is written unless all of it is good and it answers exactly the questions
//! of the version it names. The inspection keeps that version and the file's SHA-256.

use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::finding::{self, NewFinding, SEVERITIES};
use super::msg;
use super::template;
use crate::db::{history, Tx};
use crate::error::{Error, Result};

pub const RESULTS: &[&str] = &["pass", "fail", "n/a"];

/// A filled checklist: the template version it answers, and the answers.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    /// The template's code.
    #[serde(default)]
    pub checklist: Option<String>,
    /// The template's version [default: the latest].
    #[serde(default)]
    pub version: Option<i64>,
    #[serde(default)]
    pub title: Option<String>,
    pub items: Vec<Item>,
}

/// One answer. Clause, question and severity are the template's; a sheet may repeat
/// them, but not change them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    #[serde(default)]
    pub clause: Option<String>,
    #[serde(default)]
    pub question: Option<String>,
    #[serde(default)]
    pub severity: Option<String>,
    #[serde(default)]
    pub result: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub record: Option<String>,
}

/// The checklist in `yaml`, every item answered and every word one svc knows; else the
/// path of the first bad field and what is wrong with it.
pub fn parse(yaml: &str) -> std::result::Result<Checklist, (String, String)> {
    let c: Checklist = serde_yaml::from_str(yaml).map_err(|e| {
        // The field's path when the reader names one, else the line (in the problem).
        let (path, problem) = crate::words::rows::yaml_parts(&e);
        (if path.is_empty() { "YAML".into() } else { path }, problem.to_string())
    })?;
    if c.items.is_empty() {
        return Err(("items".into(), msg::checklist_no_items().to_string()));
    }
    let mut seen = Vec::new();
    for (i, it) in c.items.iter().enumerate() {
        let path = |field: &str| format!("items[{i}].{field}");
        if it.id.trim().is_empty() || seen.contains(&it.id) {
            return Err((path("id"), msg::checklist_bad_id(&it.id).to_string()));
        }
        seen.push(it.id.clone());
        match it.result.as_deref() {
            None => return Err((path("result"), msg::checklist_unanswered(&it.id).to_string())),
            Some(r) if !RESULTS.contains(&r) => {
                return Err((path("result"), msg::quality_not_one_of(r, RESULTS.join(", ")).to_string()))
            }
            _ => {}
        }
        if let Some(s) = it.severity.as_deref().filter(|s| !SEVERITIES.contains(s)) {
            return Err((path("severity"), msg::quality_not_one_of(s, SEVERITIES.join(", ")).to_string()));
        }
    }
    Ok(c)
}

/// The answers of `c` laid against the questions of template version `v`: one per
/// question, in the template's order; else the path of the first mismatch and why.
fn match_template<'a>(
    c: &'a Checklist,
    v: &'a template::Version,
) -> std::result::Result<Vec<(&'a template::Question, &'a Item)>, (String, String)> {
    let label = format!("{} v{}", v.code, v.version);
    for (i, it) in c.items.iter().enumerate() {
        let path = |field: &str| format!("items[{i}].{field}");
        let Some(q) = v.items.iter().find(|q| q.id == it.id) else {
            return Err((path("id"), msg::checklist_not_in_template(&it.id, &label).to_string()));
        };
        for (field, given, asked) in [
            ("clause", &it.clause, &q.clause),
            ("question", &it.question, &q.question),
            ("severity", &it.severity, &q.severity),
        ] {
            if given.as_deref().is_some_and(|g| g.trim() != asked.trim()) {
                return Err((path(field), msg::checklist_differs(&it.id, field, &label).to_string()));
            }
        }
    }
    v.items
        .iter()
        .map(|q| match c.items.iter().find(|it| it.id == q.id) {
            Some(it) => Ok((q, it)),
            None => Err(("items".to_string(), msg::checklist_unanswered(&q.id).to_string())),
        })
        .collect()
}

/// One answered item and the finding it raised.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Answer {
    pub item: String,
    pub clause: String,
    pub result: String,
    pub finding: Option<String>,
}

pub const COLUMNS: &[&str] = &["item", "clause", "result", "finding"];

/// Apply a filled checklist to the open inspection `audit`.
pub fn apply(tx: &Tx, audit: &str, name: &str, yaml: &str) -> Result<Vec<Answer>> {
    let invalid = |(path, why): (String, String)| Error::invalid(msg::checklist_invalid(name, path, why));
    let c = parse(yaml).map_err(invalid)?;
    let Some(code) = c.checklist.as_deref() else {
        return Err(invalid(("checklist".into(), msg::checklist_needs_template().to_string())));
    };
    let v = template::get(tx.conn(), code, c.version)?;
    let answers = match_template(&c, &v).map_err(invalid)?;
    let state = super::audit::state(tx.conn(), audit)?;
    super::audit::FLOW.step(audit, &state.status, "finding")?;
    let mut out = Vec::new();
    for (q, it) in answers {
        let result = it.result.clone().unwrap_or_default();
        let finding = if result == "fail" {
            let description = match &it.note {
                Some(n) if !n.trim().is_empty() => format!("{}: {}", q.question.trim(), n.trim()),
                _ => q.question.trim().to_string(),
            };
            Some(finding::add(
                tx,
                &NewFinding {
                    audit: Some(audit.to_string()),
                    source: "manual",
                    severity: q.severity.clone(),
                    clause: q.clause.clone(),
                    record: it.record.clone(),
                    description,
                    by: None,
                    owner: None,
                    deadline: None,
                },
            )?)
        } else {
            None
        };
        out.push(Answer { item: q.id.clone(), clause: q.clause.clone(), result, finding });
    }
    // A checklist with no failure still records that it was checked, and against what.
    let sha: String = Sha256::digest(yaml.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    super::store::checklist_applied(tx, state.id, v.id, &sha)?;
    let answers: Vec<_> = out.iter().map(|a| json!([a.item, a.result, a.finding])).collect();
    let after = json!({"checklist": v.code, "version": v.version, "title": v.title, "file": name, "sha256": sha,
        "answers": answers});
    history::record(tx, "audit", audit, "checklist", None, Some(&after))?;
    Ok(out)
}

/// The checklists an inspection answered: template, version, title, when, the file's SHA-256.
pub fn applied(conn: &rusqlite::Connection, audit_id: i64) -> Result<Vec<Vec<serde_json::Value>>> {
    super::store::checklists_applied(conn, audit_id)
}

pub const APPLIED_COLUMNS: &[&str] = &["checklist", "version", "title", "applied", "sha256"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r7_2_a_checklist_names_the_path_of_a_bad_field() {
        let ok = "title: t\nitems:\n  - {id: a, clause: R1.3, question: q, result: pass}\n";
        assert!(parse(ok).is_ok());
        let unanswered = "title: t\nitems:\n  - {id: a, clause: R1.3, question: q}\n";
        assert_eq!(parse(unanswered).unwrap_err().0, "items[0].result");
        let bad = "title: t\nitems:\n  - {id: a, clause: R1.3, question: q, result: pass}\n  - {id: b, clause: R1.3, question: q, result: pass, severity: huge}\n";
        assert_eq!(parse(bad).unwrap_err().0, "items[1].severity");
        let twice = "title: t\nitems:\n  - {id: a, clause: R1.3, question: q, result: pass}\n  - {id: a, clause: R1.3, question: q, result: pass}\n";
        assert_eq!(parse(twice).unwrap_err().0, "items[1].id");
        assert!(parse("title: t\nitems: []\n").is_err());
        assert!(parse("title: t\nitemz: []\n").is_err());
    }
}
