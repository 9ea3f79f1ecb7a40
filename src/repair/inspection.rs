//! Post-repair inspection (R3.4.1). A protocol is a YAML list of test items, each a
//! check (pass or fail) or a measurement with its unit and limits. An inspection gives
//! a value for every item; svc judges each one and the whole: the verdict is computed,
//! never typed in. A failed inspection sends the repair back to work.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{state, store, worker};
use crate::db::{history, Tx};
use crate::error::{Error, Result};
use crate::states::Outcome;
use crate::ticket::event_time;
use crate::words::m;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Protocol {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub standard: Option<String>,
    pub items: Vec<Item>,
}

impl Protocol {
    /// The columns of `item_rows`, for a protocol's or a maintenance checklist's `show`.
    pub const ITEM_COLUMNS: &'static [&'static str] = &["key", "name", "kind", "unit", "min", "max"];

    /// The items as rows of `ITEM_COLUMNS`.
    pub fn item_rows(&self) -> Vec<Vec<serde_json::Value>> {
        self.items
            .iter()
            .map(|i| {
                let kind = format!("{:?}", i.kind).to_lowercase();
                vec![json!(i.key), json!(i.name), json!(kind), json!(i.unit), json!(i.min), json!(i.max)]
            })
            .collect()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub key: String,
    pub name: String,
    pub kind: ItemKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Check,
    Measure,
}

impl Protocol {
    /// Read and check a protocol file's text.
    pub fn parse(name: &str, text: &str) -> Result<Protocol> {
        let p: Protocol = serde_yaml::from_str(text).map_err(|e| {
            Error::invalid(m::repair_protocol_unreadable(name, crate::words::rows::yaml_problem(&e).to_string()))
        })?;
        let mut problems = Vec::new();
        if p.code.trim().is_empty() || p.items.is_empty() {
            problems.push(m::repair_protocol_no_items().to_string());
        }
        // Keys seen so far: a set, so a protocol of 100,000 items is checked in linear
        // time (a scan of the earlier items made it quadratic: minutes).
        let mut seen = std::collections::HashSet::with_capacity(p.items.len());
        for item in &p.items {
            if !seen.insert(item.key.as_str()) {
                problems.push(m::repair_protocol_key_twice(format!("{:?}", item.key)).to_string());
            }
            if item.key.contains('=') || item.key.trim().is_empty() {
                problems.push(m::repair_protocol_key_bad(format!("{:?}", item.key)).to_string());
            }
            for (name, limit) in [("min", item.min), ("max", item.max)] {
                if limit.is_some_and(|l| !l.is_finite()) {
                    problems.push(m::repair_protocol_limit_not_finite(&item.key, name).to_string());
                }
            }
            match item.kind {
                ItemKind::Check if item.min.is_some() || item.max.is_some() || item.unit.is_some() => {
                    problems.push(m::repair_protocol_check_limits(&item.key).to_string())
                }
                ItemKind::Measure if item.unit.is_none() || (item.min.is_none() && item.max.is_none()) => {
                    problems.push(m::repair_protocol_measure_limits(&item.key).to_string())
                }
                ItemKind::Measure if matches!((item.min, item.max), (Some(a), Some(b)) if a > b) => {
                    problems.push(m::repair_protocol_min_above_max(&item.key).to_string())
                }
                _ => {}
            }
        }
        if !problems.is_empty() {
            return Err(Error::invalid(m::repair_protocol_invalid(name, a_few(&problems))));
        }
        Ok(p)
    }

    fn limits(item: &Item) -> String {
        let unit = item.unit.as_deref().unwrap_or("");
        match (item.min, item.max) {
            (Some(a), Some(b)) => format!("{a}–{b} {unit}"),
            (Some(a), None) => format!("≥ {a} {unit}"),
            (None, Some(b)) => format!("≤ {b} {unit}"),
            (None, None) => "pass".to_string(),
        }
    }
}

// A protocol is read whole (serde_yaml has no streaming reader, and a protocol is checked
// as a whole), at about twenty times its size in memory: `safe_input`'s 1 MiB bounds that.
// Real protocols (IEC 62353 and the like) have tens of items, a few KiB; 1 MiB holds more
// than 10,000 items, already more `--value KEY=VALUE` arguments than one
// `svc repair inspect` command line can carry (the kernel's limit is 2 MiB).

/// A protocol file's text: refused past the whole-file limit without reading more than
/// that, and when it is not UTF-8.
pub fn read_file(path: &std::path::Path) -> Result<String> {
    crate::safe_input::text(path, crate::hardening::msg::protocol_too_long)
}

/// Import (or replace, when never used) a protocol from its YAML text.
pub fn import(tx: &Tx, name: &str, text: &str) -> Result<(String, bool)> {
    let p = Protocol::parse(name, text)?;
    let items = serde_json::to_string(&p.items).unwrap_or_default();
    match store::protocol_items(tx.conn(), &p.code)? {
        None => {
            store::insert_protocol(tx, &p, &items, text)?;
            history::record(
                tx,
                "protocol",
                &p.code,
                "import",
                None,
                Some(&serde_json::to_value(&p).unwrap_or_default()),
            )?;
            Ok((p.code, true))
        }
        Some((id, old_items)) => {
            let used = store::protocol_uses(tx.conn(), id)?;
            if old_items == items {
                return Ok((p.code, false));
            }
            if used > 0 {
                return Err(Error::refused(m::repair_protocol_used(&p.code, used)));
            }
            store::replace_protocol(tx, id, &p, &items, text)?;
            history::record(
                tx,
                "protocol",
                &p.code,
                "replace",
                None,
                Some(&serde_json::to_value(&p).unwrap_or_default()),
            )?;
            Ok((p.code, true))
        }
    }
}

pub fn protocol(conn: &Connection, code: &str) -> Result<(i64, Protocol)> {
    let found = store::protocol(conn, code)?;
    let (id, name, standard, items) = found.ok_or_else(|| Error::not_found(m::repair_protocol_not_found(code)))?;
    let items =
        serde_json::from_str(&items).map_err(|e| Error::internal(m::repair_protocol_stored(code, e.to_string())))?;
    Ok((id, Protocol { code: code.to_string(), name, standard, items }))
}

/// A protocol in `svc repair protocol list`.
#[derive(Debug, Serialize)]
pub struct Listed {
    pub code: String,
    pub name: String,
    pub standard: Option<String>,
    pub items: i64,
}

pub fn list(conn: &Connection) -> Result<Vec<Listed>> {
    store::protocols(conn)
}

/// One judged item of an inspection.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Judged {
    pub key: String,
    pub name: String,
    pub value: String,
    pub unit: Option<String>,
    pub limits: String,
    pub pass: bool,
}

fn check_value(raw: &str) -> Option<bool> {
    match raw.trim().to_lowercase().as_str() {
        "pass" | "ok" | "yes" | "y" | "1" | "true" | "合格" | "通过" | "正常" => Some(true),
        "fail" | "ng" | "no" | "n" | "0" | "false" | "不合格" | "不通过" | "异常" => Some(false),
        _ => None,
    }
}

/// One item's verdict: a check passes as given; a measurement passes within its
/// limits, both ends included. A value that is neither, or a limit that is not a finite
/// number (a protocol stored before limits were checked), is a problem, never a verdict.
pub fn verdict(item: &Item, raw: &str) -> std::result::Result<bool, String> {
    match item.kind {
        ItemKind::Check => check_value(raw).ok_or_else(|| m::repair_inspection_not_a_check(&item.key, raw).to_string()),
        ItemKind::Measure => {
            if [item.min, item.max].into_iter().flatten().any(|l| !l.is_finite()) {
                return Err(m::repair_inspection_bad_limit(&item.key, Protocol::limits(item)).to_string());
            }
            match raw.trim().parse::<f64>() {
                Ok(v) if v.is_finite() => Ok(item.min.is_none_or(|m| v >= m) && item.max.is_none_or(|m| v <= m)),
                _ => {
                    Err(m::repair_inspection_not_a_number(&item.key, raw, item.unit.as_deref().unwrap_or(""))
                        .to_string())
                }
            }
        }
    }
}

/// The inspection's verdict: it passes when every item passes (and it has items).
pub fn passed(judged: &[Judged]) -> bool {
    !judged.is_empty() && judged.iter().all(|j| j.pass)
}

/// Judge the given values against the protocol: every item needs a value, no value
/// may name an unknown item, and each verdict follows from the limits. Linear in the
/// items and values (keys looked up in maps): a protocol may have thousands of items.
pub fn judge(p: &Protocol, values: &[(String, String)]) -> Result<Vec<Judged>> {
    use std::collections::HashMap;
    let mut problems = Vec::new();
    let items: std::collections::HashSet<&str> = p.items.iter().map(|i| i.key.as_str()).collect();
    // Each key's value (the first given), and how many times it was given.
    let mut given: HashMap<&str, (&str, usize)> = HashMap::with_capacity(values.len());
    for (key, raw) in values {
        given.entry(key.as_str()).or_insert((raw.as_str(), 0)).1 += 1;
    }
    for (key, _) in values {
        if !items.contains(key.as_str()) {
            problems.push(m::repair_inspection_not_an_item(key, &p.code, item_keys(p)).to_string());
        }
        if given.get(key.as_str()).is_some_and(|&(_, n)| n > 1) {
            problems.push(m::repair_inspection_given_twice(key).to_string());
        }
    }
    let mut out = Vec::new();
    for item in &p.items {
        let Some(&(raw, _)) = given.get(item.key.as_str()) else {
            problems.push(m::repair_inspection_no_value(&item.key, &item.name).to_string());
            continue;
        };
        let pass = match verdict(item, raw) {
            Ok(pass) => pass,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        out.push(Judged {
            key: item.key.clone(),
            name: item.name.clone(),
            value: raw.trim().to_string(),
            unit: item.unit.clone(),
            limits: Protocol::limits(item),
            pass,
        });
    }
    if !problems.is_empty() {
        return Err(Error::invalid(m::repair_inspection_invalid(a_few(&problems))));
    }
    Ok(out)
}

/// The first few problems, which name the kind of mistake, and how many there are: a
/// protocol of thousands of items can have a problem per item, and the message would be
/// megabytes long.
fn a_few(problems: &[String]) -> String {
    const SHOWN: usize = 20;
    let mut said = problems.iter().take(SHOWN).cloned().collect::<Vec<_>>().join("; ");
    if problems.len() > SHOWN {
        said.push_str(&format!("; … ({} in all)", problems.len()));
    }
    said
}

/// The protocol's item keys for a message: the first few and how many in all, so that a
/// message stays short whatever the protocol's size.
fn item_keys(p: &Protocol) -> String {
    const SHOWN: usize = 20;
    let mut keys = p.items.iter().take(SHOWN).map(|i| i.key.as_str()).collect::<Vec<_>>().join(", ");
    if p.items.len() > SHOWN {
        keys.push_str(&format!(", … ({} in all)", p.items.len()));
    }
    keys
}

pub struct NewInspection {
    pub protocol: String,
    pub values: Vec<(String, String)>,
    pub instrument: Option<String>,
    pub by: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

/// Inspect a repair against a protocol. Passing moves it on to the report; failing
/// sends it back to work (it stays in repair). Returns the verdict and the items.
pub fn inspect(tx: &Tx, code: &str, i: &NewInspection) -> Result<(bool, Vec<Judged>)> {
    let s = state(tx.conn(), code)?;
    super::FLOW.may(code, &s.status, "inspect")?;
    let (protocol_id, p) = protocol(tx.conn(), &i.protocol)?;
    let judged = judge(&p, &i.values)?;
    let passed = passed(&judged);
    let next = super::FLOW.step_by(code, &s.status, "inspect", if passed { Outcome::Pass } else { Outcome::Fail })?;
    let by = worker(tx, &s, i.by.as_deref())?;
    let at = event_time(tx, i.at, Some(&s.last_at), "the repair's last step")?;
    let at = at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let results = serde_json::to_string(&judged).unwrap_or_default();
    let row = store::InspectionRow {
        protocol_id,
        at: &at,
        by,
        instrument: i.instrument.as_deref(),
        results: &results,
        passed,
    };
    // A pass moves the repair on to its report; a failure sends it back to work, even
    // when another protocol had passed before (the report needs every one to pass).
    store::inspect(tx, s.id, &row, next)?;
    let after = json!({"at": at, "protocol": p.code, "instrument": i.instrument, "passed": passed, "results": judged});
    history::record(tx, "repair", code, "inspect", None, Some(&after))?;
    Ok((passed, judged))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure(min: Option<f64>, max: Option<f64>) -> Item {
        Item { key: "leak".into(), name: "Leakage".into(), kind: ItemKind::Measure, unit: Some("uA".into()), min, max }
    }

    fn check() -> Item {
        Item { key: "alarm".into(), name: "Alarm".into(), kind: ItemKind::Check, unit: None, min: None, max: None }
    }

    #[test]
    fn a_measurement_passes_within_its_limits_ends_included() {
        let both = measure(Some(-1.5), Some(100.0));
        assert_eq!(verdict(&both, "100"), Ok(true), "exactly the max");
        assert_eq!(verdict(&both, "-1.5"), Ok(true), "exactly the min");
        assert_eq!(verdict(&both, "0"), Ok(true));
        assert_eq!(verdict(&both, " 100.0001 "), Ok(false));
        assert_eq!(verdict(&both, "-1.6"), Ok(false), "negative and below the min");
        assert_eq!(verdict(&measure(None, Some(0.0)), "0"), Ok(true), "zero at a zero max");
        assert_eq!(verdict(&measure(None, Some(0.0)), "-0"), Ok(true));
        assert_eq!(verdict(&measure(Some(0.0), None), "-0.1"), Ok(false));
        assert_eq!(verdict(&measure(Some(0.0), None), "1e9"), Ok(true), "no max");
    }

    #[test]
    fn a_value_that_is_not_a_number_is_a_problem_not_a_verdict() {
        let m = measure(Some(0.0), Some(100.0));
        for raw in ["", "abc", "inf", "-inf", "NaN", "1,5"] {
            assert!(verdict(&m, raw).is_err(), "{raw:?}");
        }
        assert!(verdict(&check(), "maybe").is_err());
        assert_eq!(verdict(&check(), " PASS "), Ok(true));
        assert_eq!(verdict(&check(), "不合格"), Ok(false));
    }

    #[test]
    fn a_limit_that_is_not_finite_is_invalid_never_no_limit() {
        // Issue 9: `.inf`/`.nan` are refused when the protocol is read...
        for limit in [".inf", "-.inf", ".nan"] {
            let yaml = format!(
                "code: P1\nname: Safety\nitems:\n  - key: leak\n    name: Leakage\n    kind: measure\n    unit: uA\n    max: {limit}\n"
            );
            let e = Protocol::parse("p.yaml", &yaml).unwrap_err().to_string();
            assert!(e.contains("max is not a finite number"), "{limit}: {e}");
        }
        let yaml = "code: P1\nname: Safety\nitems:\n  - key: leak\n    name: Leakage\n    kind: measure\n    unit: uA\n    min: .nan\n    max: 5\n";
        assert!(Protocol::parse("p.yaml", yaml).unwrap_err().to_string().contains("min is not a finite number"));
        // ...and a limit that got in some other way is never judged against.
        assert!(verdict(&measure(Some(f64::NAN), Some(5.0)), "1").is_err());
        assert!(verdict(&measure(None, Some(f64::INFINITY)), "1").is_err());
    }

    #[test]
    fn the_inspection_passes_only_when_every_item_passes() {
        let j = |pass| Judged {
            key: "k".into(),
            name: "n".into(),
            value: "v".into(),
            unit: None,
            limits: "pass".into(),
            pass,
        };
        assert!(passed(&[j(true), j(true)]));
        assert!(!passed(&[j(true), j(false)]));
        assert!(!passed(&[]), "nothing inspected is no pass");
    }
}
