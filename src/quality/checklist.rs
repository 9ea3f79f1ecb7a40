//! Checklists (R7.2): what an inspection checks that records cannot show (attitude,
//! tidiness, documents on site), as a YAML file the auditor fills in. Applied to an open
//! inspection, every failed item becomes a finding with its clause and severity; the
//! file is validated first, naming the path of a bad field, and nothing is written
//! unless all of it is good. Its SHA-256 and answers are kept in the history.

use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::finding::{self, NewFinding, SEVERITIES};
use super::msg;
use crate::db::{history, Tx};
use crate::error::{Error, Result};

pub const RESULTS: &[&str] = &["pass", "fail", "n/a"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    pub title: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub clause: String,
    pub question: String,
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
        let at = e.location().map(|l| format!("line {}", l.line())).unwrap_or_else(|| "the file".into());
        (at, e.to_string())
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
        for (field, text) in [("clause", &it.clause), ("question", &it.question)] {
            if text.trim().is_empty() {
                return Err((path(field), msg::quality_text_empty(field).to_string()));
            }
        }
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
    let c = parse(yaml).map_err(|(path, why)| Error::invalid(msg::checklist_invalid(name, path, why)))?;
    super::audit::FLOW.step(audit, &super::audit::state(tx, audit)?.status, "finding")?;
    let mut out = Vec::new();
    for it in &c.items {
        let result = it.result.clone().unwrap_or_default();
        let finding = if result == "fail" {
            let description = match &it.note {
                Some(n) if !n.trim().is_empty() => format!("{}: {}", it.question.trim(), n.trim()),
                _ => it.question.trim().to_string(),
            };
            Some(finding::add(
                tx,
                &NewFinding {
                    audit: Some(audit.to_string()),
                    source: "manual",
                    severity: it.severity.clone().unwrap_or_else(|| "minor".into()),
                    clause: it.clause.clone(),
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
        out.push(Answer { item: it.id.clone(), clause: it.clause.clone(), result, finding });
    }
    // A checklist with no failure still records, in the history, that it was checked.
    let sha: String = Sha256::digest(yaml.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    let answers: Vec<_> = out.iter().map(|a| json!([a.item, a.result, a.finding])).collect();
    let after = json!({"checklist": c.title, "file": name, "sha256": sha, "answers": answers});
    history::record(tx, "audit", audit, "checklist", None, Some(&after))?;
    Ok(out)
}

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
