//! Maintenance plans (R1.2): a YAML document per model (or model family), imported and
//! versioned. Importing a changed text adds the next version; a version is never changed
//! (triggers refuse it), so every visit keeps the terms it was done under. The checklist
//! is a protocol in the format of repair inspections and is read and judged by that code
//! (`repair::inspection`).

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::msg;
use super::store::plan as store;
use crate::db::{history, Tx};
use crate::error::{Error, Result};
use crate::repair::inspection::Protocol;

/// Risk classes: how long a device may run past its due day before it is overdue.
pub const RISKS: &[&str] = &["high", "medium", "low"];

/// The grace window of a risk class, in days. A high-risk device (a ventilator, a
/// defibrillator) gets a week; a medium one a month; a low one two months.
pub fn grace_days(risk: &str) -> i64 {
    match risk {
        "high" => 7,
        "medium" => 30,
        _ => 60,
    }
}

/// A stored risk class as the constant of `RISKS` (the column's CHECK allows no other;
/// anything else reads as the lowest class, as `grace_days` does).
pub fn risk_class(stored: &str) -> &'static str {
    RISKS.iter().copied().find(|r| *r == stored).unwrap_or("low")
}

/// A plan as written in its YAML file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    pub code: String,
    pub name: String,
    /// The model names (as in the equipment records) it applies to.
    pub models: Vec<String>,
    pub interval: Interval,
    pub risk: String,
    /// Estimated hours per visit.
    pub hours: f64,
    #[serde(default)]
    pub parts: Vec<PlanPart>,
    /// The checklist: a protocol in the format of `svc repair protocol import`.
    pub checklist: Protocol,
}

/// How often: every `months`, or every `meter` units of a meter (`unit`: hours,
/// exposures, cycles), whichever comes first when both are given.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Interval {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meter: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PlanPart {
    pub part_no: String,
    pub qty: i64,
}

/// A stored plan version.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Plan {
    pub id: i64,
    pub code: String,
    pub version: i64,
    pub name: String,
    pub models: Vec<String>,
    pub interval_months: Option<i64>,
    pub interval_meter: Option<i64>,
    pub meter_unit: Option<String>,
    pub risk: String,
    pub hours_tenths: i64,
    pub parts: Vec<PlanPart>,
    pub checklist: Protocol,
    pub sha256: String,
    pub added_at: String,
}

impl PlanFile {
    /// Read and check a plan file's text: every problem found, each with the field it
    /// is in, or the plan.
    pub fn parse(name: &str, text: &str) -> Result<(PlanFile, i64)> {
        let p: PlanFile =
            serde_yaml::from_str(text).map_err(|e| Error::invalid(msg::plan_unreadable(name, e.to_string())))?;
        let mut problems = Vec::new();
        if p.code.trim().is_empty() || p.code.chars().any(char::is_whitespace) {
            problems.push(msg::plan_bad_code(format!("{:?}", p.code)).to_string());
        }
        if p.name.trim().is_empty() {
            problems.push(msg::plan_no_name().to_string());
        }
        if p.models.is_empty() || p.models.iter().any(|m| m.trim().is_empty()) {
            problems.push(msg::plan_no_models().to_string());
        }
        let i = &p.interval;
        if i.months.is_none() && i.meter.is_none() {
            problems.push(msg::plan_no_interval().to_string());
        }
        if i.months.is_some_and(|m| !(1..=120).contains(&m)) {
            problems.push(msg::plan_bad_months(i.months.unwrap_or_default()).to_string());
        }
        match (i.meter, i.unit.as_deref().map(str::trim)) {
            (Some(m), Some(u)) if m > 0 && !u.is_empty() => {}
            (None, None) => {}
            (Some(m), _) if m <= 0 => problems.push(msg::plan_bad_meter(m).to_string()),
            _ => problems.push(msg::plan_meter_unit().to_string()),
        }
        if !RISKS.contains(&p.risk.as_str()) {
            problems.push(msg::plan_bad_risk(format!("{:?}", p.risk)).to_string());
        }
        let tenths = if p.hours.is_finite() { super::tenths(&format!("{}", p.hours)) } else { None };
        if tenths.is_none() {
            problems.push(msg::plan_bad_hours(format!("{}", p.hours)).to_string());
        }
        for (n, part) in p.parts.iter().enumerate() {
            if part.part_no.trim().is_empty() || part.qty <= 0 {
                problems.push(msg::plan_bad_part(n as i64 + 1, &part.part_no, part.qty).to_string());
            }
        }
        // The checklist is a protocol: the repair inspections' own reader checks it.
        let checklist_text = serde_yaml::to_string(&p.checklist).unwrap_or_default();
        if let Err(e) = Protocol::parse(&format!("{name}: checklist"), &checklist_text) {
            problems.push(e.to_string());
        }
        if !problems.is_empty() {
            return Err(Error::invalid(msg::plan_invalid(name, problems.join("; "))));
        }
        Ok((p, tenths.unwrap_or_default()))
    }
}

/// The fingerprint of what a plan says (not of its comments or layout): a text that says
/// the same is the same version.
fn fingerprint(p: &PlanFile) -> String {
    let canonical = serde_json::to_string(p).unwrap_or_default();
    Sha256::digest(canonical.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// What an import did.
#[derive(Debug, PartialEq)]
pub struct Imported {
    pub code: String,
    pub version: i64,
    /// False when the text says what the current version says.
    pub new: bool,
    /// Devices now scheduled under the plan.
    pub devices: i64,
}

/// Import a plan: its next version when it says something new. Every part it names must
/// be in the catalogue. The schedules of the plan's devices follow the new terms.
pub fn import(tx: &Tx, name: &str, text: &str) -> Result<Imported> {
    let (p, hours_tenths) = PlanFile::parse(name, text)?;
    let unknown: Vec<String> = p
        .parts
        .iter()
        .filter(|part| crate::parts::stock::part_id(tx.conn(), &part.part_no).is_err())
        .map(|part| part.part_no.clone())
        .collect();
    if !unknown.is_empty() {
        return Err(Error::invalid(msg::plan_unknown_parts(name, unknown.join(", "))));
    }
    let sha = fingerprint(&p);
    let latest = store::latest(tx.conn(), &p.code)?;
    if let Some((version, old)) = &latest {
        if *old == sha {
            let devices = super::schedule::refresh_plan(tx, &p.code)?;
            return Ok(Imported { code: p.code, version: *version, new: false, devices });
        }
    }
    let version = latest.map(|(v, _)| v + 1).unwrap_or(1);
    store::insert(
        tx,
        &store::NewVersion {
            code: &p.code,
            version,
            name: p.name.trim(),
            models: &serde_json::to_string(&p.models).unwrap_or_default(),
            interval_months: p.interval.months,
            interval_meter: p.interval.meter,
            meter_unit: p.interval.unit.as_deref().map(str::trim),
            risk: &p.risk,
            hours_tenths,
            checklist: &serde_json::to_string(&p.checklist).unwrap_or_default(),
            parts: &serde_json::to_string(&p.parts).unwrap_or_default(),
            source: text,
            sha256: &sha,
        },
    )?;
    let after = json!({"version": version, "name": p.name.trim(), "models": p.models, "interval": p.interval,
        "risk": p.risk, "hours": super::hours_text(hours_tenths), "parts": p.parts,
        "checklist": p.checklist.code, "sha256": sha});
    history::record(tx, "maint_plan", &p.code, "import", None, Some(&after))?;
    let devices = super::schedule::refresh_plan(tx, &p.code)?;
    Ok(Imported { code: p.code, version, new: true, devices })
}

/// A plan's current (latest) version, or the version asked for.
pub fn get(conn: &Connection, code: &str, version: Option<i64>) -> Result<Plan> {
    store::get(conn, code, version)?.ok_or_else(|| match version {
        Some(v) => Error::not_found(msg::plan_version_not_found(code, v)),
        None => Error::not_found(msg::plan_not_found(code)),
    })
}

/// A plan version by its row id (a visit's plan).
pub use super::store::plan::by_id;

/// The number of a plan's current version.
pub fn current_version(conn: &Connection, code: &str) -> Result<i64> {
    store::current_version(conn, code)?.ok_or_else(|| Error::not_found(msg::plan_not_found(code)))
}

/// One plan in `svc maint plan list`: its current version.
#[derive(Debug, Serialize)]
pub struct Listed {
    pub code: String,
    pub version: i64,
    pub name: String,
    pub models: String,
    pub interval: String,
    pub risk: String,
    pub grace_days: i64,
    pub hours: String,
    pub checks: i64,
    pub parts: i64,
    pub devices: i64,
}

pub const LIST_COLUMNS: &[&str] =
    &["code", "version", "name", "models", "interval", "risk", "grace_days", "hours", "checks", "parts", "devices"];

/// `12 months`, `5000 hours`, `12 months or 5000 hours`.
pub fn interval_text(months: Option<i64>, meter: Option<i64>, unit: Option<&str>) -> String {
    let months = months.map(|m| format!("{m} months"));
    let meter = meter.map(|m| format!("{m} {}", unit.unwrap_or("")));
    [months, meter].into_iter().flatten().collect::<Vec<_>>().join(" or ")
}

pub fn list(conn: &Connection, each: &mut dyn FnMut(Listed) -> Result<()>) -> Result<()> {
    for p in store::current(conn)? {
        let devices = store::devices(conn, &p.code)?;
        each(Listed {
            interval: interval_text(p.interval_months, p.interval_meter, p.meter_unit.as_deref()),
            models: p.models.join(", "),
            grace_days: grace_days(&p.risk),
            hours: super::hours_text(p.hours_tenths),
            checks: p.checklist.items.len() as i64,
            parts: p.parts.len() as i64,
            code: p.code,
            version: p.version,
            name: p.name,
            risk: p.risk,
            devices,
        })?;
    }
    Ok(())
}

/// Every version of a plan, oldest first: (version, added_at, sha256, visits done under it).
pub fn versions(conn: &Connection, code: &str) -> Result<Vec<(i64, String, String, i64)>> {
    let rows = store::versions(conn, code)?;
    if rows.is_empty() {
        return Err(Error::not_found(msg::plan_not_found(code)));
    }
    Ok(rows)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A stored plan version with these intervals (a meter's in hours), for the
    /// decisions that read one.
    pub fn plan(months: Option<i64>, meter: Option<i64>) -> Plan {
        let (p, hours_tenths) = PlanFile::parse("x.yaml", GOOD).unwrap();
        Plan {
            id: 1,
            code: p.code,
            version: 1,
            name: p.name,
            models: p.models,
            interval_months: months,
            interval_meter: meter,
            meter_unit: meter.map(|_| "hours".into()),
            risk: p.risk,
            hours_tenths,
            parts: p.parts,
            checklist: p.checklist,
            sha256: String::new(),
            added_at: String::new(),
        }
    }

    const GOOD: &str = "code: PM-X\nname: X\nmodels: [M1]\ninterval: {months: 12}\nrisk: high\nhours: 1.5\n\
        checklist:\n  code: CL-X\n  name: X checks\n  items:\n    - {key: leak, name: Leakage, kind: measure, unit: uA, max: 500}\n";

    #[test]
    fn a_plan_reads_its_checklist_with_the_inspection_rules() {
        let (p, tenths) = PlanFile::parse("x.yaml", GOOD).unwrap();
        assert_eq!(tenths, 15);
        assert_eq!(p.checklist.items[0].max, Some(500.0));
        // A measurement without limits is refused by the protocol reader, inside the plan.
        let bad = GOOD.replace(", max: 500", "");
        let e = PlanFile::parse("x.yaml", &bad).unwrap_err().to_string();
        assert!(e.contains("x.yaml: checklist") && e.contains("needs its unit and a min and/or max"), "{e}");
    }

    #[test]
    fn a_plan_needs_an_interval_a_risk_class_and_hours() {
        let e = PlanFile::parse(
            "x.yaml",
            &GOOD.replace("{months: 12}", "{meter: 500}").replace("risk: high", "risk: urgent").replace("1.5", "0"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("unit"), "{e}");
        assert!(e.contains("\"urgent\""), "{e}");
        assert!(e.contains("hours"), "{e}");
        let e = PlanFile::parse("x.yaml", &GOOD.replace("{months: 12}", "{}")).unwrap_err().to_string();
        assert!(e.contains("interval"), "{e}");
        let e = PlanFile::parse("x.yaml", &GOOD.replace("risk: high", "risk: high\ncolour: red")).unwrap_err();
        assert!(e.to_string().contains("colour"), "{e}");
    }

    #[test]
    fn the_fingerprint_ignores_layout_and_comments() {
        let (a, _) = PlanFile::parse("x.yaml", GOOD).unwrap();
        let (b, _) = PlanFile::parse("x.yaml", &format!("# a comment\n{GOOD}")).unwrap();
        assert_eq!(fingerprint(&a), fingerprint(&b));
        let (c, _) = PlanFile::parse("x.yaml", &GOOD.replace("max: 500", "max: 400")).unwrap();
        assert_ne!(fingerprint(&a), fingerprint(&c));
    }

    #[test]
    fn grace_windows_follow_the_risk_class() {
        assert!(grace_days("high") < grace_days("medium"));
        assert!(grace_days("medium") < grace_days("low"));
    }
}
