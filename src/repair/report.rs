//! The service report (R3.4.2, R8.2.1), the customer's signature, and what follows it:
//! verification, amendments, the follow-up (R3.5.1).
//!
//! The report is built from the repair's records: customer, device, dates, who worked
//! on it, fault, cause, work done, parts replaced, inspection results with measured
//! values and instrument. When the customer signs, that document is frozen as it was
//! signed, with its SHA-256; the database refuses any later change to the repair and
//! its report. A correction is an amendment that names the signed report's hash.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use super::{state, step, worker};
use crate::clock::show_local;
use crate::db::{history, Tx};
use crate::error::{Error, Result, SqlContext};
use crate::money::Money;
use crate::ticket::event_time;

use crate::clock::utc_text as text;

pub struct NewReport {
    pub cause: String,
    pub process: String,
    /// The repair time actually spent (R8.2.1), checked against the estimate.
    pub labour_hours: String,
    pub by: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

/// Write the report (a new version each time, until the customer signs). It needs a
/// passing inspection of every protocol used, and costs within the consented estimate.
pub fn write(tx: &Tx, code: &str, r: &NewReport) -> Result<i64> {
    let s = state(tx, code)?;
    step(code, &s.status, "report")?;
    let failing: Option<String> = tx
        .query_row(
            "SELECT p.code FROM inspections i JOIN protocols p ON p.id = i.protocol_id
              WHERE i.repair_id = ?1 AND NOT i.passed
                AND i.id = (SELECT max(id) FROM inspections WHERE repair_id = ?1 AND protocol_id = i.protocol_id)
              LIMIT 1",
            [s.id],
            |r| r.get(0),
        )
        .optional()
        .ctx("checking the inspections")?;
    if let Some(p) = failing {
        return Err(Error::Refused(format!(
            "repair {code}: the last inspection against protocol {p} failed; repair and inspect again before the report"
        )));
    }
    if r.cause.trim().is_empty() || r.process.trim().is_empty() {
        return Err(Error::Invalid(
            "the report states the fault's cause and the repair process: --cause and --process".into(),
        ));
    }
    let (estimate, version): (Money, i64) = tx
        .query_row(
            "SELECT estimate, version FROM plans WHERE repair_id = ?1 AND consented_at IS NOT NULL
              ORDER BY version DESC LIMIT 1",
            [s.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ctx("reading the consented plan")?;
    {
        let hours = &r.labour_hours;
        let tenths = super::tenths(hours)?;
        let rate = crate::config::labour_rate(tx)?;
        let labour = Money((rate.0 * tenths + 5) / 10);
        let parts: Money = if s.under_warranty {
            Money(0)
        } else {
            tx.query_row(
                "SELECT coalesce(sum(u.qty * coalesce((SELECT pp.unit_price FROM plans p JOIN plan_parts pp ON pp.plan_id = p.id
                         WHERE p.repair_id = u.repair_id AND pp.part_id = u.part_id ORDER BY p.version DESC LIMIT 1), 0)), 0)
                   FROM part_uses u WHERE u.repair_id = ?1",
                [s.id],
                |r| r.get(0),
            )
            .ctx("valuing the parts used")?
        };
        if parts.0 + labour.0 > estimate.0 {
            return Err(Error::Refused(format!(
                "repair {code}: parts {parts} plus labour {labour} ({hours} h) pass the estimate {estimate} the customer \
                 agreed to (plan v{version}): tell the customer, make a revised plan ('svc repair plan {code} ...') and \
                 get consent again (R3.3.2); the work is then inspected again"
            )));
        }
    }
    let by = worker(tx, &s, r.by.as_deref())?;
    let at = event_time(tx, r.at, Some(&s.last_at), "the repair's last step")?;
    let version: i64 = tx
        .query_row("SELECT coalesce(max(version), 0) + 1 FROM reports WHERE repair_id = ?1", [s.id], |r| r.get(0))
        .ctx("numbering the report")?;
    tx.execute(
        "INSERT INTO reports(repair_id, version, at, by_staff, cause, process, labour_hours)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![s.id, version, text(at), by, r.cause.trim(), r.process.trim(), r.labour_hours],
    )
    .ctx("writing the report")?;
    super::set_status(tx, s.id, "reported")?;
    let after = json!({"at": text(at), "version": version, "cause": r.cause.trim(), "process": r.process.trim(),
        "labour_hours": r.labour_hours});
    history::record(tx, "repair", code, "report", None, Some(&after))?;
    Ok(version)
}

/// The latest report written for a repair.
struct Written {
    version: i64,
    at: String,
    cause: String,
    process: String,
    labour_hours: Option<String>,
    author: Option<String>,
}

fn local(t: Option<String>) -> Value {
    t.map(|t| Value::from(show_local(&t))).unwrap_or(Value::Null)
}

/// The report as built from the repair's records now. Personal data (contact names,
/// phones, addresses) is left out: a report shows the customer by name and code.
pub fn document(conn: &Connection, code: &str) -> Result<Value> {
    let s = state(conn, code)?;
    let id = s.id;
    let one = |sql: &str| -> Result<Map<String, Value>> {
        conn.query_row(sql, [id], |r| {
            let mut m = Map::new();
            for (i, name) in r.as_ref().column_names().iter().enumerate() {
                let v: rusqlite::types::Value = r.get(i)?;
                m.insert(
                    name.to_string(),
                    match v {
                        rusqlite::types::Value::Null => Value::Null,
                        rusqlite::types::Value::Integer(n) => Value::from(n),
                        rusqlite::types::Value::Real(f) => Value::from(f),
                        rusqlite::types::Value::Text(t) => Value::from(t),
                        rusqlite::types::Value::Blob(_) => Value::Null,
                    },
                );
            }
            Ok(m)
        })
        .ctx("building the report")
    };
    let head = one("SELECT r.code AS repair, t.code AS ticket, c.code AS customer_code, c.name AS customer_name,
                m.model, m.manufacturer, e.serial_no, e.registration_no, e.installed_on, t.id AS ticket_id,
                t.channel, t.symptom, t.opened_at AS ticket_opened, r.opened_at, r.started_at, r.finished_at,
                r.under_warranty, r.difficulty
           FROM repairs r JOIN tickets t ON t.id = r.ticket_id JOIN customers c ON c.id = t.customer_id
           JOIN equipment e ON e.id = r.equipment_id JOIN models m ON m.id = e.model_id WHERE r.id = ?1")?;
    let get = |k: &str| head.get(k).cloned().unwrap_or(Value::Null);
    let ticket_id = get("ticket_id").as_i64().ok_or_else(|| Error::Internal("a repair without its ticket".into()))?;
    let warranty_at_intake = crate::ticket::warranty_at_intake(conn, ticket_id)?;
    let string = |k: &str| head.get(k).and_then(Value::as_str).map(String::from);

    let rows = |sql: &str, f: &dyn Fn(&rusqlite::Row) -> rusqlite::Result<Value>| -> Result<Vec<Value>> {
        conn.prepare(sql).and_then(|mut st| st.query_map([id], |r| f(r))?.collect()).ctx("building the report")
    };
    let findings = rows(
        "SELECT d.at, d.finding, d.cause, d.difficulty, s.code, s.name FROM diagnoses d
           LEFT JOIN staff s ON s.id = d.by_staff WHERE d.repair_id = ?1 ORDER BY d.id",
        &|r| {
            Ok(json!({"at": show_local(&r.get::<_, String>(0)?), "finding": r.get::<_, String>(1)?,
                "cause": r.get::<_, Option<String>>(2)?, "difficulty": r.get::<_, String>(3)?,
                "by": r.get::<_, Option<String>>(5)?}))
        },
    )?;
    let visits = rows(
        "SELECT v.at, v.onsite, v.finding, v.tools, s.name FROM visits v LEFT JOIN staff s ON s.id = v.by_staff
          WHERE v.repair_id = ?1 ORDER BY v.id",
        &|r| {
            Ok(json!({"at": show_local(&r.get::<_, String>(0)?), "onsite": r.get::<_, bool>(1)?,
                "finding": r.get::<_, String>(2)?, "tools": r.get::<_, Option<String>>(3)?,
                "by": r.get::<_, Option<String>>(4)?}))
        },
    )?;
    let plan: Option<Value> = conn
        .query_row(
            "SELECT version, steps, labour_hours, labour_cost, parts_cost, estimate, finish_by, consented_by,
                    consent_method, consented_at FROM plans WHERE repair_id = ?1 AND consented_at IS NOT NULL
              ORDER BY version DESC LIMIT 1",
            [id],
            |r| {
                let steps: Value = serde_json::from_str(&r.get::<_, String>(1)?).unwrap_or(Value::Null);
                Ok(json!({"version": r.get::<_, i64>(0)?, "steps": steps, "labour_hours": r.get::<_, String>(2)?,
                    "labour": r.get::<_, Money>(3)?, "parts": r.get::<_, Money>(4)?, "estimate": r.get::<_, Money>(5)?,
                    "finish_by": r.get::<_, Option<String>>(6)?,
                    "consent": {"by": r.get::<_, String>(7)?, "method": r.get::<_, String>(8)?,
                                "at": show_local(&r.get::<_, String>(9)?)}}))
            },
        )
        .optional()
        .ctx("building the report")?;
    let parts = rows(
        "SELECT p.part_no, p.name, p.spec, coalesce(u.lot, '') AS lot, sum(u.qty) FROM part_uses u
           JOIN parts p ON p.id = u.part_id WHERE u.repair_id = ?1
          GROUP BY p.part_no, coalesce(u.lot, '') HAVING sum(u.qty) > 0 ORDER BY p.part_no, lot",
        &|r| {
            Ok(json!({"part_no": r.get::<_, String>(0)?, "name": r.get::<_, String>(1)?,
                "spec": r.get::<_, Option<String>>(2)?, "lot": r.get::<_, String>(3)?, "qty": r.get::<_, i64>(4)?}))
        },
    )?;
    let inspections = rows(
        "SELECT i.at, p.code, p.name, p.standard, i.instrument, i.passed, i.results, s.name FROM inspections i
           JOIN protocols p ON p.id = i.protocol_id LEFT JOIN staff s ON s.id = i.by_staff
          WHERE i.repair_id = ?1 ORDER BY i.id",
        &|r| {
            let results: Value = serde_json::from_str(&r.get::<_, String>(6)?).unwrap_or(Value::Null);
            Ok(json!({"at": show_local(&r.get::<_, String>(0)?), "protocol": r.get::<_, String>(1)?,
                "name": r.get::<_, String>(2)?, "standard": r.get::<_, Option<String>>(3)?,
                "instrument": r.get::<_, Option<String>>(4)?, "passed": r.get::<_, bool>(5)?,
                "by": r.get::<_, Option<String>>(7)?, "results": results}))
        },
    )?;
    let report = conn
        .query_row(
            "SELECT r.version, r.at, r.cause, r.process, r.labour_hours, s.name FROM reports r
               LEFT JOIN staff s ON s.id = r.by_staff WHERE r.repair_id = ?1 ORDER BY r.version DESC LIMIT 1",
            [id],
            |r| {
                Ok(Written {
                    version: r.get(0)?,
                    at: r.get(1)?,
                    cause: r.get(2)?,
                    process: r.get(3)?,
                    labour_hours: r.get(4)?,
                    author: r.get(5)?,
                })
            },
        )
        .optional()
        .ctx("building the report")?;
    let Some(Written { version, at: written, cause, process, labour_hours, author }) = report else {
        return Err(Error::Refused(format!(
            "repair {code} has no report yet: write it with 'svc repair report {code} --cause TEXT --process TEXT'"
        )));
    };
    let technicians = rows(
        "SELECT DISTINCT s.code, s.name FROM staff s WHERE s.id IN (
            SELECT by_staff FROM diagnoses WHERE repair_id = ?1 UNION SELECT by_staff FROM visits WHERE repair_id = ?1
            UNION SELECT by_staff FROM inspections WHERE repair_id = ?1 UNION SELECT by_staff FROM reports WHERE repair_id = ?1
            UNION SELECT assigned_to FROM tickets WHERE id = (SELECT ticket_id FROM repairs WHERE id = ?1))
          ORDER BY s.code",
        &|r| Ok(json!({"code": r.get::<_, String>(0)?, "name": r.get::<_, String>(1)?})),
    )?;
    Ok(json!({
        "report": format!("{}/{version}", string("repair").unwrap_or_default()),
        "repair": get("repair"),
        "ticket": get("ticket"),
        "customer": {"code": get("customer_code"), "name": get("customer_name")},
        "device": {"model": get("model"), "manufacturer": get("manufacturer"), "serial_no": get("serial_no"),
                   "registration_no": get("registration_no"), "installed_on": get("installed_on"),
                   "warranty_at_intake": warranty_at_intake},
        "dates": {"reported": local(string("ticket_opened")), "repair_opened": local(string("opened_at")),
                  "started": local(string("started_at")), "finished": local(string("finished_at")),
                  "report_written": show_local(&written)},
        "technicians": technicians,
        "fault": {"symptom": get("symptom"), "channel": get("channel"), "difficulty": get("difficulty"),
                  "diagnoses": findings, "visits": visits},
        "cause": cause,
        "work_done": {"process": process, "plan": plan, "labour_hours": labour_hours},
        "parts_replaced": parts,
        "under_warranty": get("under_warranty").as_i64() == Some(1),
        "inspections": inspections,
        "written_by": author,
    }))
}

fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The customer signs the report (R3.4.2). The document is frozen with its SHA-256;
/// the follow-up is scheduled `followup_days` later (R3.5.1). Returns the hash.
pub fn sign(tx: &Tx, code: &str, by: &str, method: &str, at: Option<DateTime<Utc>>) -> Result<String> {
    let s = state(tx, code)?;
    step(code, &s.status, "sign")?;
    if by.trim().is_empty() {
        return Err(Error::Invalid("--by is empty: who signed for the customer?".into()));
    }
    let at = event_time(tx, at, Some(&s.last_at), "the repair's last step")?;
    let mut doc = document(tx, code)?;
    doc["signature"] = json!({"by": by.trim(), "method": method, "at": show_local(&text(at))});
    let document = serde_json::to_string_pretty(&doc).unwrap_or_default();
    let hash = sha256(&document);
    tx.execute(
        "INSERT INTO signed_reports(repair_id, document, sha256, signed_at) VALUES (?1, ?2, ?3, ?4)",
        params![s.id, document, hash, text(at)],
    )
    .ctx("storing the signed report")?;
    let days = crate::config::followup_days(tx)?;
    let due = at.with_timezone(&chrono::Local).date_naive() + chrono::Days::new(days as u64);
    tx.execute("INSERT INTO followups(repair_id, due) VALUES (?1, ?2)", params![s.id, due.to_string()])
        .ctx("scheduling the follow-up")?;
    // The last change the repair row ever takes: from here the trigger refuses any.
    tx.execute(
        "UPDATE repairs SET status = 'signed', signed_at = ?2, signed_by = ?3, sign_method = ?4, report_sha256 = ?5
          WHERE id = ?1",
        params![s.id, text(at), by.trim(), method, hash],
    )
    .ctx("signing the repair")?;
    let after =
        json!({"at": text(at), "by": by.trim(), "method": method, "sha256": hash, "followup_due": due.to_string()});
    history::record(tx, "repair", code, "sign", None, Some(&after))?;
    Ok(hash)
}

/// What `svc repair verify` found.
#[derive(Debug, Serialize)]
pub struct Verification {
    pub check: &'static str,
    pub ok: bool,
    pub detail: String,
}

/// Recompute the signed report's hash, and compare the frozen document with what the
/// records give today.
pub fn verify(conn: &Connection, code: &str) -> Result<Vec<Verification>> {
    let s = state(conn, code)?;
    let found: Option<(String, String, String)> = conn
        .query_row(
            "SELECT sr.document, sr.sha256, r.report_sha256 FROM signed_reports sr JOIN repairs r ON r.id = sr.repair_id
              WHERE sr.repair_id = ?1",
            [s.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, Option<String>>(2)?.unwrap_or_default())),
        )
        .optional()
        .ctx("reading the signed report")?;
    let Some((frozen, stored, on_repair)) = found else {
        return Err(Error::Refused(format!("repair {code} is {}: there is no signed report to verify", s.status)));
    };
    let actual = sha256(&frozen);
    let mut out = vec![
        Verification {
            check: "document hash",
            ok: actual == stored,
            detail: if actual == stored {
                actual.clone()
            } else {
                format!("stored {stored}, document hashes to {actual}")
            },
        },
        Verification {
            check: "hash on the repair",
            ok: on_repair == stored,
            detail: if on_repair == stored { "matches".into() } else { format!("repair holds {on_repair}") },
        },
    ];
    // The repair's own record is frozen by the database; the customer's, the device's
    // and the staff's records may change later (a renamed hospital) without touching
    // what was signed, so they are not compared.
    const OWN: &[&str] = &["repair", "ticket", "dates", "fault", "cause", "work_done", "parts_replaced", "inspections"];
    let now = document(conn, code)?;
    let signed: Value = serde_json::from_str(&frozen).unwrap_or(Value::Null);
    let changed: Vec<&str> = OWN.iter().copied().filter(|k| now.get(*k) != signed.get(*k)).collect();
    let same = changed.is_empty();
    out.push(Verification {
        check: "records behind the report",
        ok: same,
        detail: if same {
            "unchanged since signing".into()
        } else {
            format!("changed since signing: {}", changed.join(", "))
        },
    });
    Ok(out)
}

/// A correction to a signed report: a new record that points at the signed one.
pub fn amend(tx: &Tx, code: &str, note: &str) -> Result<()> {
    let s = state(tx, code)?;
    step(code, &s.status, "amend")?;
    if note.trim().is_empty() {
        return Err(Error::Invalid("the amendment's text is empty".into()));
    }
    let sha: String = tx
        .query_row("SELECT sha256 FROM signed_reports WHERE repair_id = ?1", [s.id], |r| r.get(0))
        .ctx("reading the signed report")?;
    tx.execute(
        "INSERT INTO amendments(repair_id, at, actor, text, report_sha256) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![s.id, tx.now, tx.actor, note.trim(), sha],
    )
    .ctx("recording an amendment")?;
    history::record(tx, "repair", code, "amend", None, Some(&json!({"text": note.trim(), "report_sha256": sha})))
}

/// The report to print: the signed document as signed (with its hash and any
/// amendments), or, before signing, the current draft.
pub fn printable(conn: &Connection, code: &str) -> Result<Value> {
    let s = state(conn, code)?;
    let signed: Option<(String, String)> = conn
        .query_row("SELECT document, sha256 FROM signed_reports WHERE repair_id = ?1", [s.id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()
        .ctx("reading the signed report")?;
    let mut doc = match &signed {
        Some((document, _)) => {
            serde_json::from_str(document).map_err(|e| Error::Internal(format!("signed report: {e}")))?
        }
        None => document(conn, code)?,
    };
    let amendments: Vec<Value> = conn
        .prepare("SELECT at, actor, text FROM amendments WHERE repair_id = ?1 ORDER BY id")
        .and_then(|mut st| {
            st.query_map([s.id], |r| {
                Ok(json!({"at": show_local(&r.get::<_, String>(0)?), "by": r.get::<_, String>(1)?, "text": r.get::<_, String>(2)?}))
            })?
            .collect()
        })
        .ctx("reading amendments")?;
    doc["status"] = Value::from(if signed.is_some() { "signed" } else { "draft, not signed" });
    doc["sha256"] = signed.map(|(_, h)| Value::from(h)).unwrap_or(Value::Null);
    doc["amendments"] = Value::Array(amendments);
    Ok(doc)
}

fn s(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(t) => t.clone(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        other => other.to_string(),
    }
}

/// The report as Markdown, for printing or mail.
pub fn markdown(doc: &Value) -> String {
    let mut o = String::new();
    let line = |o: &mut String, k: &str, v: &Value| o.push_str(&format!("- **{k}**: {}\n", s(v)));
    o.push_str(&format!("# Service report {}\n\n", s(&doc["report"])));
    o.push_str(&format!("Status: {}\n\n", s(&doc["status"])));
    o.push_str("## Customer and device\n\n");
    line(&mut o, "Customer", &json!(format!("{} ({})", s(&doc["customer"]["name"]), s(&doc["customer"]["code"]))));
    let d = &doc["device"];
    line(
        &mut o,
        "Device",
        &json!(format!("{} {} — serial {}", s(&d["manufacturer"]), s(&d["model"]), s(&d["serial_no"]))),
    );
    line(&mut o, "Registration no.", &d["registration_no"]);
    line(&mut o, "Installed", &d["installed_on"]);
    line(&mut o, "Warranty at intake", &d["warranty_at_intake"]);
    line(&mut o, "Ticket", &doc["ticket"]);
    o.push_str("\n## Dates\n\n");
    for (k, label) in [
        ("reported", "Reported"),
        ("repair_opened", "Repair opened"),
        ("started", "Work started"),
        ("finished", "Work finished"),
        ("report_written", "Report written"),
    ] {
        line(&mut o, label, &doc["dates"][k]);
    }
    o.push_str("\n## Who worked on it\n\n");
    for t in doc["technicians"].as_array().into_iter().flatten() {
        o.push_str(&format!("- {} ({})\n", s(&t["name"]), s(&t["code"])));
    }
    o.push_str("\n## Fault\n\n");
    line(&mut o, "Symptom", &doc["fault"]["symptom"]);
    line(&mut o, "Difficulty", &doc["fault"]["difficulty"]);
    for d in doc["fault"]["diagnoses"].as_array().into_iter().flatten() {
        let cause = if d["cause"].is_null() { String::new() } else { format!(" (cause: {})", s(&d["cause"])) };
        o.push_str(&format!("- Diagnosis {} by {}: {}{cause}\n", s(&d["at"]), s(&d["by"]), s(&d["finding"])));
    }
    for v in doc["fault"]["visits"].as_array().into_iter().flatten() {
        let onsite = if v["onsite"].as_bool() == Some(true) { "on-site visit" } else { "remote check" };
        o.push_str(&format!(
            "- {onsite} {} by {}: {} (tools: {})\n",
            s(&v["at"]),
            s(&v["by"]),
            s(&v["finding"]),
            s(&v["tools"])
        ));
    }
    o.push_str(&format!(
        "\n## Cause\n\n{}\n\n## Work done\n\n{}\n\n",
        s(&doc["cause"]),
        s(&doc["work_done"]["process"])
    ));
    let plan = &doc["work_done"]["plan"];
    if !plan.is_null() {
        o.push_str(&format!(
            "Plan v{} (consented by {} by {} on {}):\n\n",
            s(&plan["version"]),
            s(&plan["consent"]["by"]),
            s(&plan["consent"]["method"]),
            s(&plan["consent"]["at"])
        ));
        for (i, st) in plan["steps"].as_array().into_iter().flatten().enumerate() {
            o.push_str(&format!("{}. {}\n", i + 1, s(st)));
        }
        let fen = |k: &str| plan[k].as_str().and_then(|t| Money::parse(t).ok()).unwrap_or_default();
        let other = Money(fen("estimate").0 - fen("parts").0 - fen("labour").0);
        let other = if other.0 > 0 { format!(", other {other}") } else { String::new() };
        let warranty = if doc["under_warranty"].as_bool() == Some(true) { "; parts free under warranty" } else { "" };
        o.push_str(&format!(
            "\nEstimate {} (parts {}, labour {} for {} h{other}){warranty}\n",
            s(&plan["estimate"]),
            s(&plan["parts"]),
            s(&plan["labour"]),
            s(&plan["labour_hours"])
        ));
    }
    o.push_str("\n## Parts replaced\n\n| part_no | name | spec | lot | qty |\n|---|---|---|---|---|\n");
    for p in doc["parts_replaced"].as_array().into_iter().flatten() {
        o.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            s(&p["part_no"]),
            s(&p["name"]),
            s(&p["spec"]),
            s(&p["lot"]),
            s(&p["qty"])
        ));
    }
    o.push_str("\n## Inspection\n\n");
    for i in doc["inspections"].as_array().into_iter().flatten() {
        let verdict = if i["passed"].as_bool() == Some(true) { "PASSED" } else { "FAILED" };
        o.push_str(&format!(
            "### {} — {} ({}): {verdict}\n\n{} by {}, instrument: {}\n\n",
            s(&i["protocol"]),
            s(&i["name"]),
            s(&i["standard"]),
            s(&i["at"]),
            s(&i["by"]),
            s(&i["instrument"])
        ));
        o.push_str("| item | value | limits | result |\n|---|---|---|---|\n");
        for r in i["results"].as_array().into_iter().flatten() {
            let value = format!("{} {}", s(&r["value"]), s(&r["unit"]));
            let result = if r["pass"].as_bool() == Some(true) { "pass" } else { "FAIL" };
            o.push_str(&format!("| {} | {} | {} | {result} |\n", s(&r["name"]), value.trim(), s(&r["limits"])));
        }
        o.push('\n');
    }
    o.push_str("## Signature\n\n");
    let sig = &doc["signature"];
    if sig.is_null() {
        o.push_str("Not signed yet.\n");
    } else {
        o.push_str(&format!(
            "Signed by {} ({}) on {}.\n\nSHA-256: `{}`\n",
            s(&sig["by"]),
            s(&sig["method"]),
            s(&sig["at"]),
            s(&doc["sha256"])
        ));
    }
    let amendments = doc["amendments"].as_array().cloned().unwrap_or_default();
    if !amendments.is_empty() {
        o.push_str("\n## Amendments\n\n");
        for a in amendments {
            o.push_str(&format!("- {} by {}: {}\n", s(&a["at"]), s(&a["by"]), s(&a["text"])));
        }
    }
    o
}

fn escape(t: &str) -> String {
    t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The report as a standalone HTML page (the Markdown's content, escaped).
pub fn html(doc: &Value) -> String {
    let mut body = String::new();
    let mut in_table = false;
    let mut in_list = false;
    for line in markdown(doc).lines() {
        let close = |body: &mut String, in_table: &mut bool, in_list: &mut bool| {
            if *in_table {
                body.push_str("</table>\n");
                *in_table = false;
            }
            if *in_list {
                body.push_str("</ul>\n");
                *in_list = false;
            }
        };
        if let Some(cells) = line.strip_prefix('|') {
            if line.starts_with("|---") {
                continue;
            }
            if !in_table {
                body.push_str("<table>\n");
                in_table = true;
            }
            let row: Vec<String> =
                cells.trim_end_matches('|').split(" | ").map(|c| format!("<td>{}</td>", escape(c.trim()))).collect();
            body.push_str(&format!("<tr>{}</tr>\n", row.join("")));
            continue;
        }
        if let Some(item) = line.strip_prefix("- ") {
            if !in_list {
                body.push_str("<ul>\n");
                in_list = true;
            }
            body.push_str(&format!("<li>{}</li>\n", escape(&item.replace("**", ""))));
            continue;
        }
        close(&mut body, &mut in_table, &mut in_list);
        if let Some(h) = line.strip_prefix("### ") {
            body.push_str(&format!("<h3>{}</h3>\n", escape(h)));
        } else if let Some(h) = line.strip_prefix("## ") {
            body.push_str(&format!("<h2>{}</h2>\n", escape(h)));
        } else if let Some(h) = line.strip_prefix("# ") {
            body.push_str(&format!("<h1>{}</h1>\n", escape(h)));
        } else if !line.trim().is_empty() {
            body.push_str(&format!("<p>{}</p>\n", escape(&line.replace('`', ""))));
        }
    }
    if in_table {
        body.push_str("</table>\n");
    }
    if in_list {
        body.push_str("</ul>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n<title>Service report {}</title>\n\
         <style>body{{font-family:sans-serif;max-width:50em;margin:2em auto}}table{{border-collapse:collapse}}\
         td{{border:1px solid #999;padding:.2em .5em}}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(&s(&doc["report"]))
    )
}

/// Record the follow-up call or visit (R3.5.1).
pub struct Followup {
    pub by: String,
    pub satisfaction: i64,
    pub nps: Option<i64>,
    pub comment: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

pub fn followup(tx: &Tx, code: &str, f: &Followup) -> Result<()> {
    let s = state(tx, code)?;
    step(code, &s.status, "followup")?;
    let (staff_id, staff) = crate::records::get::<crate::staff::Staff>(tx, &f.by)?;
    if !staff.active {
        return Err(Error::Refused(format!("staff member {} is inactive", f.by)));
    }
    let done: Option<String> = tx
        .query_row("SELECT done_at FROM followups WHERE repair_id = ?1", [s.id], |r| r.get(0))
        .ctx("reading the follow-up")?;
    if let Some(done) = done {
        return Err(Error::Refused(format!(
            "repair {code} was followed up on {}: that record stands",
            show_local(&done)
        )));
    }
    let signed: String =
        tx.query_row("SELECT signed_at FROM repairs WHERE id = ?1", [s.id], |r| r.get(0)).ctx("reading a repair")?;
    let at = event_time(tx, f.at, Some(&signed), "the customer signed")?;
    tx.execute(
        "UPDATE followups SET done_at = ?2, by_staff = ?3, satisfaction = ?4, nps = ?5, comment = ?6 WHERE repair_id = ?1",
        params![s.id, text(at), staff_id, f.satisfaction, f.nps, f.comment],
    )
    .ctx("recording the follow-up")?;
    let after = json!({"at": text(at), "by": f.by, "satisfaction": f.satisfaction, "nps": f.nps, "comment": f.comment});
    history::record(tx, "repair", code, "followup", None, Some(&after))
}

const DUE_SQL: &str = "SELECT r.code, c.code, c.name, e.serial_no, r.signed_at, f.due,
        CAST(julianday(?1) - julianday(f.due) AS INTEGER), s.code
   FROM followups f JOIN repairs r ON r.id = f.repair_id JOIN tickets t ON t.id = r.ticket_id
   JOIN customers c ON c.id = t.customer_id JOIN equipment e ON e.id = r.equipment_id
   LEFT JOIN staff s ON s.id = t.assigned_to
  WHERE f.done_at IS NULL AND f.due <= ?2
  ORDER BY f.due, r.code";

/// SQLite's plan for `svc repair followups`, for the test that keeps it on its index.
pub fn explain_due(conn: &Connection) -> Result<Vec<String>> {
    crate::db::explain(conn, DUE_SQL, 2)
}

/// One follow-up waiting to be made.
#[derive(Debug, Serialize)]
pub struct Due {
    pub repair: String,
    pub customer: String,
    pub customer_name: String,
    pub equipment: String,
    pub signed: String,
    pub due: String,
    pub days_overdue: i64,
    pub technician: Option<String>,
}

pub const DUE_COLUMNS: &[&str] =
    &["repair", "customer", "customer_name", "equipment", "signed", "due", "days_overdue", "technician"];

/// Follow-ups not yet made that are due on or before `until` (the partial index on
/// `due` keeps this fast however many repairs there are). `overdue_only`: due before today.
pub fn due(
    conn: &Connection,
    today: chrono::NaiveDate,
    until: chrono::NaiveDate,
    each: &mut dyn FnMut(Due) -> Result<()>,
) -> Result<()> {
    crate::db::each_row(
        conn,
        "SELECT r.code, c.code, c.name, e.serial_no, r.signed_at, f.due,
                    CAST(julianday(?1) - julianday(f.due) AS INTEGER), s.code
               FROM followups f JOIN repairs r ON r.id = f.repair_id JOIN tickets t ON t.id = r.ticket_id
               JOIN customers c ON c.id = t.customer_id JOIN equipment e ON e.id = r.equipment_id
               LEFT JOIN staff s ON s.id = t.assigned_to
              WHERE f.done_at IS NULL AND f.due <= ?2
              ORDER BY f.due, r.code",
        params![today.to_string(), until.to_string()],
        "listing follow-ups",
        |r| {
            Ok(Due {
                repair: r.get(0)?,
                customer: r.get(1)?,
                customer_name: r.get(2)?,
                equipment: r.get(3)?,
                signed: show_local(&r.get::<_, String>(4)?),
                due: r.get(5)?,
                days_overdue: r.get::<_, i64>(6)?.max(0),
                technician: r.get(7)?,
            })
        },
        each,
    )
}
