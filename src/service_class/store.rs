//! The service classes' SQL (the storage seam, issue 8): the SLA rules, the customer
//! groups and the classes' days, read as typed rows and written with the values the
//! rules decided. Which class applies (`super::choose`, `super::days::choose`) is
//! decided in plain functions over the candidates read here.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::days::{ClassDays, Kind};
use super::Rule;
use crate::db::{all_rows, Tx};
use crate::error::{Result, SqlContext};

const RULES: &str = "reading the SLA rules";

fn rule_row(r: &Row) -> rusqlite::Result<Rule> {
    let clock: Option<String> = r.get(4)?;
    Ok(Rule {
        class: r.get(0)?,
        priority: r.get(1)?,
        response: r.get(2)?,
        resolution: r.get(3)?,
        // The table's CHECK admits only the two clocks.
        clock: clock.and_then(|c| c.parse().ok()),
    })
}

/// The rules for `priority` of the classes customer `customer_id` is in: its type's
/// and its groups'.
pub fn rules_for(conn: &Connection, customer_id: i64, priority: &str) -> Result<Vec<Rule>> {
    all_rows(
        conn,
        "SELECT class, priority, response, resolution, clock FROM sla_rules
          WHERE priority = ?2
            AND (class = 'type:' || (SELECT type FROM customers WHERE id = ?1)
                 OR class IN (SELECT 'group:' || name FROM customer_groups WHERE customer_id = ?1))",
        params![customer_id, priority],
        RULES,
        rule_row,
    )
}

/// Every rule, by class and priority (most urgent first).
pub fn rules(conn: &Connection) -> Result<Vec<Rule>> {
    all_rows(
        conn,
        "SELECT class, priority, response, resolution, clock FROM sla_rules
          ORDER BY class, CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END",
        [],
        RULES,
        rule_row,
    )
}

/// The rule of `class` for `priority`, if there is one.
pub fn rule(conn: &Connection, class: &str, priority: &str) -> Result<Option<Rule>> {
    conn.query_row(
        "SELECT class, priority, response, resolution, clock FROM sla_rules WHERE class = ?1 AND priority = ?2",
        params![class, priority],
        rule_row,
    )
    .optional()
    .ctx("reading an SLA rule")
}

/// Write a rule, over the one of its class and priority if there is one.
pub fn put_rule(tx: &Tx, rule: &Rule) -> Result<()> {
    tx.execute(
        "INSERT INTO sla_rules(class, priority, response, resolution, clock) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(class, priority) DO UPDATE SET response = excluded.response,
                resolution = excluded.resolution, clock = excluded.clock",
        params![rule.class, rule.priority, rule.response, rule.resolution, rule.clock.map(|c| c.as_str())],
    )
    .ctx("storing an SLA rule")?;
    Ok(())
}

pub fn delete_rule(tx: &Tx, class: &str, priority: &str) -> Result<()> {
    tx.execute("DELETE FROM sla_rules WHERE class = ?1 AND priority = ?2", params![class, priority])
        .ctx("deleting an SLA rule")?;
    Ok(())
}

/// Put a customer in a group; false when it was in it already.
pub fn join_group(tx: &Tx, group: &str, customer_id: i64) -> Result<bool> {
    let n = tx
        .execute(
            "INSERT OR IGNORE INTO customer_groups(name, customer_id) VALUES (?1, ?2)",
            params![group, customer_id],
        )
        .ctx("adding a customer to a group")?;
    Ok(n == 1)
}

/// Take a customer out of a group; false when it was not in it.
pub fn leave_group(tx: &Tx, group: &str, customer_id: i64) -> Result<bool> {
    let n = tx
        .execute("DELETE FROM customer_groups WHERE name = ?1 AND customer_id = ?2", params![group, customer_id])
        .ctx("taking a customer out of a group")?;
    Ok(n == 1)
}

/// Group memberships: (group, customer code, customer name), by group then code.
pub fn groups(conn: &Connection, group: Option<&str>) -> Result<Vec<(String, String, String)>> {
    all_rows(
        conn,
        "SELECT g.name, c.code, c.name FROM customer_groups g JOIN customers c ON c.id = g.customer_id
          WHERE ?1 IS NULL OR g.name = ?1 ORDER BY g.name, c.code",
        [group],
        "reading the customer groups",
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// The column of `class_service` that holds a kind of days.
fn days_column(kind: Kind) -> &'static str {
    match kind {
        Kind::Followup => "followup_days",
        Kind::Visit => "visit_days",
    }
}

/// The days of `kind` that the classes of customer `customer_id` set: (class, days).
pub fn class_days_for(conn: &Connection, customer_id: i64, kind: Kind) -> Result<Vec<(String, i64)>> {
    let column = days_column(kind);
    let sql = format!(
        "SELECT class, {column} FROM class_service
          WHERE {column} IS NOT NULL
            AND (class = 'type:' || (SELECT type FROM customers WHERE id = ?1)
                 OR class IN (SELECT 'group:' || name FROM customer_groups WHERE customer_id = ?1))"
    );
    all_rows(conn, &sql, [customer_id], "reading the class's days", |r| Ok((r.get(0)?, r.get(1)?)))
}

const SETTING_DAYS: &str = "setting the class's days";

/// A class's (follow-up, visit) days as stored, if it has a row.
pub fn class_days(conn: &Connection, class: &str) -> Result<Option<(Option<i64>, Option<i64>)>> {
    conn.query_row("SELECT followup_days, visit_days FROM class_service WHERE class = ?1", [class], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()
    .ctx(SETTING_DAYS)
}

/// Write a class's days (none: the setting applies).
pub fn put_class_days(tx: &Tx, class: &str, followup: Option<i64>, visit: Option<i64>) -> Result<()> {
    tx.execute(
        "INSERT INTO class_service(class, followup_days, visit_days) VALUES (?1, ?2, ?3)
         ON CONFLICT(class) DO UPDATE SET followup_days = excluded.followup_days, visit_days = excluded.visit_days",
        params![class, followup, visit],
    )
    .ctx(SETTING_DAYS)?;
    Ok(())
}

/// Every class's days, by class.
pub fn all_class_days(conn: &Connection) -> Result<Vec<ClassDays>> {
    all_rows(
        conn,
        "SELECT class, followup_days, visit_days FROM class_service ORDER BY class",
        [],
        "reading the classes' days",
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}
