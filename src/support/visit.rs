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
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use super::{msg, store};
use crate::db::{document_code, history, Tx};
use crate::due::{add_days, Found, Source, When, Window};
use crate::error::{Error, Result};

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
    store::customer(conn, code)?
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
    if let Some(days) = store::own_interval(conn, customer_id)? {
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
    store::insert_visit(
        tx,
        &store::VisitRow {
            code: &code,
            customer_id,
            staff_id,
            day: v.day.to_string(),
            kind: &v.kind,
            needs: v.needs.trim(),
            advice: v.advice.trim(),
            next_on: next.map(|d| d.to_string()),
            class: class.as_deref(),
        },
    )?;
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
    let before = store::own_interval(tx.conn(), customer_id)?;
    store::set_interval(tx, customer_id, every)?;
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
    store::visits(conn, f, each)
}

/// A customer's service needs as its visits recorded them (R8.1.1): day, kind, needs,
/// advice, newest first.
pub fn needs(conn: &Connection, customer_code: &str) -> Result<Vec<(String, String, String, String)>> {
    store::needs(conn, customer_code)
}

pub const DUE: Source = Source {
    kind: "visit",
    clause: "R5.1.2",
    about: "return visits: the next one planned at each customer's last visit",
    sql: store::DUE_SQL,
    indexes: &["return_visits_next_on"],
    find: |conn, w, each| {
        store::due(conn, w.last_day_text(), &mut |(code, name, when, who)| {
            each(Found { code, subject: crate::due_words::visit(name), when, who })
        })
    },
};

/// Customers never visited whose interval is not 0, as due today (`--unvisited`).
pub fn never_visited(conn: &Connection, w: &Window, each: &mut dyn FnMut(Found) -> Result<()>) -> Result<()> {
    for (id, code, name, kind) in store::never_visited(conn)? {
        if interval(conn, id, &kind)? > 0 {
            each(Found { code, subject: crate::due_words::first_visit(name), when: When::Day(w.today), who: None })?;
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
