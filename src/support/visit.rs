//! Return visits (R5.1.2): regular calls on customers, on site or by phone, to learn
//! their needs and give advice. Each visit records the needs heard (the customer's
//! "service needs" of R8.1.1: `svc customer show` lists them) and the advice given, and
//! plans the next one: the day given, or the customer's interval after it (its own
//! schedule, else the setting for its type, `visit_days.hospital` ...; 0: none).
//! `svc due` and `svc visit due` list the visits due: each customer's latest planned
//! visit. A customer never visited has no plan yet: `svc visit due --unvisited` lists
//! those with an interval (as due today), so the first visits can be planned without
//! flooding the morning's `svc due` on the day the customer list is imported.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::json;

use super::msg;
use crate::db::{document_code, history, Tx};
use crate::due::{add_days, Found, Source, When, Window};
use crate::error::{Error, Result, SqlContext};

pub const KINDS: &[&str] = &["onsite", "phone"];

pub struct NewVisit {
    pub customer: String,
    pub by: String,
    pub kind: String,
    pub needs: String,
    pub advice: String,
    /// The day of the visit.
    pub day: NaiveDate,
    pub next_on: Option<NaiveDate>,
}

fn customer(conn: &Connection, code: &str) -> Result<(i64, String)> {
    conn.query_row("SELECT id, type FROM customers WHERE code = ?1", [code], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .ctx("looking up a customer")?
        .ok_or_else(|| Error::not_found(crate::words::m::record_not_found("customer", code, "svc customer list")))
}

/// The days between a customer's visits: its own schedule, else its type's setting.
pub fn interval(conn: &Connection, customer_id: i64, customer_type: &str) -> Result<i64> {
    Ok(interval_and_class(conn, customer_id, customer_type)?.0)
}

/// The days between a customer's visits and the class they come from: its own
/// schedule, else its class's interval (a group's, else its type's: R8.1.2), else its
/// type's setting.
pub fn interval_and_class(conn: &Connection, customer_id: i64, customer_type: &str) -> Result<(i64, Option<String>)> {
    let own: Option<i64> = conn
        .query_row("SELECT every_days FROM return_visit_schedules WHERE customer_id = ?1", [customer_id], |r| r.get(0))
        .optional()
        .ctx("reading a visit schedule")?;
    if let Some(days) = own {
        return Ok((days, None));
    }
    match crate::service_class::days::for_customer(conn, customer_id, crate::service_class::days::Kind::Visit)? {
        Some((class, days)) => Ok((days, Some(class))),
        None => Ok((crate::config::days(conn, &format!("visit_days.{customer_type}"))?, None)),
    }
}

/// The next visit after one on `day`: the day asked for, else `every` days later
/// (none when the customer has no regular visits).
pub fn next_visit(day: NaiveDate, asked: Option<NaiveDate>, every: i64) -> Option<NaiveDate> {
    asked.or_else(|| (every > 0).then(|| add_days(day, every)))
}

/// `svc visit record`: returns the visit's code and the next visit planned.
pub fn record(tx: &Tx, v: &NewVisit) -> Result<(String, Option<NaiveDate>)> {
    let (customer_id, customer_type) = customer(tx.conn(), &v.customer)?;
    let staff_id = crate::staff::active(tx.conn(), &v.by, |s| crate::words::m::staff_inactive(s))?;
    for (field, text) in [("needs", &v.needs), ("advice", &v.advice)] {
        if text.trim().is_empty() {
            return Err(Error::invalid(msg::visit_field_empty(field)));
        }
    }
    crate::ticket::event_day(tx, &v.day.to_string())?;
    if let Some(next) = v.next_on {
        if next <= v.day {
            return Err(Error::invalid(msg::visit_next_not_after(next.to_string(), v.day.to_string())));
        }
    }
    let (every, class) = interval_and_class(tx.conn(), customer_id, &customer_type)?;
    let next = next_visit(v.day, v.next_on, every);
    let code = document_code(tx, "return_visits", "RV")?;
    tx.execute(
        "INSERT INTO return_visits(code, customer_id, staff_id, day, kind, needs, advice, next_on, recorded_at, class)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            code,
            customer_id,
            staff_id,
            v.day.to_string(),
            v.kind,
            v.needs.trim(),
            v.advice.trim(),
            next.map(|d| d.to_string()),
            tx.now,
            class
        ],
    )
    .ctx("recording a return visit")?;
    let after = json!({"customer": v.customer, "by": v.by, "day": v.day.to_string(), "kind": v.kind,
        "needs": v.needs.trim(), "advice": v.advice.trim(), "next_on": next.map(|d| d.to_string()), "class": class});
    history::record(tx, "return_visit", &code, "record", None, Some(&after))?;
    Ok((code, next))
}

/// `svc visit schedule`: a customer's own interval (days; 0: no regular visits).
pub fn schedule(tx: &Tx, customer_code: &str, every: i64) -> Result<()> {
    let (customer_id, _) = customer(tx.conn(), customer_code)?;
    if !(0..=3650).contains(&every) {
        return Err(Error::invalid(msg::visit_bad_interval(every)));
    }
    let before: Option<i64> = tx
        .query_row("SELECT every_days FROM return_visit_schedules WHERE customer_id = ?1", [customer_id], |r| r.get(0))
        .optional()
        .ctx("reading a visit schedule")?;
    tx.execute(
        "INSERT INTO return_visit_schedules(customer_id, every_days, set_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(customer_id) DO UPDATE SET every_days = excluded.every_days, set_at = excluded.set_at",
        params![customer_id, every, tx.now],
    )
    .ctx("setting a visit schedule")?;
    history::record(
        tx,
        "return_visit",
        customer_code,
        "schedule",
        before.map(|b| json!({"every_days": b})).as_ref(),
        Some(&json!({"every_days": every})),
    )
}

/// One visit, as `svc visit list` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct Visit {
    pub code: String,
    pub customer: String,
    pub day: String,
    pub kind: String,
    pub by: String,
    pub needs: String,
    pub advice: String,
    pub next_on: Option<String>,
}

pub const LIST_COLUMNS: &[&str] = &["code", "customer", "day", "kind", "by", "needs", "advice", "next_on"];

#[derive(Debug, Default)]
pub struct Filter {
    pub customer: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub limit: Option<u64>,
}

/// Visits by day, then code; a customer's newest last.
pub fn list(conn: &Connection, f: &Filter, each: &mut dyn FnMut(Visit) -> Result<()>) -> Result<()> {
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    crate::db::each_row(
        conn,
        "SELECT v.code, c.code, v.day, v.kind, s.code, v.needs, v.advice, v.next_on
           FROM return_visits v JOIN customers c ON c.id = v.customer_id JOIN staff s ON s.id = v.staff_id
          WHERE (?1 IS NULL OR c.code = ?1) AND (?2 IS NULL OR v.day >= ?2) AND (?3 IS NULL OR v.day <= ?3)
          ORDER BY v.day, v.code LIMIT ?4",
        params![f.customer, f.since, f.until, limit],
        "listing return visits",
        |r| {
            Ok(Visit {
                code: r.get(0)?,
                customer: r.get(1)?,
                day: r.get(2)?,
                kind: r.get(3)?,
                by: r.get(4)?,
                needs: r.get(5)?,
                advice: r.get(6)?,
                next_on: r.get(7)?,
            })
        },
        each,
    )
}

/// A customer's service needs as its visits recorded them (R8.1.1): day, kind, needs,
/// advice, newest first.
pub fn needs(conn: &Connection, customer_code: &str) -> Result<Vec<(String, String, String, String)>> {
    let mut out = Vec::new();
    crate::db::each_row(
        conn,
        "SELECT v.day, v.kind, v.needs, v.advice FROM return_visits v JOIN customers c ON c.id = v.customer_id
          WHERE c.code = ?1 ORDER BY v.day DESC, v.id DESC",
        [customer_code],
        "listing a customer's service needs",
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        &mut |n| {
            out.push(n);
            Ok(())
        },
    )?;
    Ok(out)
}

/// Customers whose latest visit planned the next one by the window's last day: the
/// partial index on `next_on` finds them; a later visit of the customer supersedes.
const DUE_SQL: &str = "SELECT c.code, c.name, v.next_on, s.code
   FROM return_visits v JOIN customers c ON c.id = v.customer_id JOIN staff s ON s.id = v.staff_id
  WHERE v.next_on IS NOT NULL AND v.next_on <= ?1
    AND NOT EXISTS (SELECT 1 FROM return_visits w WHERE w.customer_id = v.customer_id
                     AND (w.day > v.day OR (w.day = v.day AND w.id > v.id)))";

/// Customers never visited whose interval is not 0: due today.
const NEVER_SQL: &str = "SELECT c.id, c.code, c.name, c.type FROM customers c
  WHERE NOT EXISTS (SELECT 1 FROM return_visits v WHERE v.customer_id = c.id) ORDER BY c.code";

pub const DUE: Source = Source {
    kind: "visit",
    clause: "R5.1.2",
    about: "return visits: the next one planned at each customer's last visit",
    sql: DUE_SQL,
    indexes: &["return_visits_next_on"],
    find: |conn, w, each| {
        crate::db::each_row(
            conn,
            DUE_SQL,
            [w.last_day_text()],
            "looking for return visits due",
            |r| {
                Ok(Found {
                    code: r.get(0)?,
                    subject: format!("return visit to {}", r.get::<_, String>(1)?),
                    when: r.get(2)?,
                    who: r.get(3)?,
                })
            },
            each,
        )
    },
};

/// Customers never visited whose interval is not 0, as due today (`--unvisited`).
pub fn never_visited(conn: &Connection, w: &Window, each: &mut dyn FnMut(Found) -> Result<()>) -> Result<()> {
    let mut rows = Vec::new();
    crate::db::each_row(
        conn,
        NEVER_SQL,
        [],
        "looking for customers never visited",
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?)),
        &mut |row| {
            rows.push(row);
            Ok(())
        },
    )?;
    for (id, code, name, kind) in rows {
        if interval(conn, id, &kind)? > 0 {
            each(Found {
                code,
                subject: format!("first return visit to {name}"),
                when: When::Day(w.today),
                who: None,
            })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_next_visit_is_the_day_asked_else_the_interval_after_else_none() {
        assert_eq!(next_visit(day("2026-03-05"), None, 90), Some(day("2026-06-03")));
        assert_eq!(next_visit(day("2026-03-05"), Some(day("2026-04-01")), 90), Some(day("2026-04-01")));
        assert_eq!(next_visit(day("2026-03-05"), None, 0), None);
    }
}
