//! Required training as rules (R2.2.1): every active staff member of a role needs a
//! training on a topic (a model's training is the topic `model:M`), again every N
//! months when the rule says so. Who is missing or overdue is a `due` source; the check
//! before work (`check_work`) warns, or refuses with `training.enforce=true`, when the
//! technician sent to a device lacks its model's required training.

use chrono::{Months, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use super::{msg, store};
use crate::db::{history, Tx};
use crate::due::{Found, Source, When, Window};
use crate::error::{Error, Result};

/// A rule: who (a role) needs which topic, how often.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rule {
    pub code: String,
    pub role: String,
    pub topic: String,
    pub every_months: Option<i64>,
    pub added_on: String,
}

pub const RULE_COLUMNS: &[&str] = &["code", "role", "topic", "every_months", "added_on"];

/// `--every` as months: `12m`, `1y`, `2y`, or a bare number of months.
pub fn parse_every(s: &str) -> Result<i64> {
    let t = s.trim().to_lowercase();
    let (num, mult) = match t.chars().last() {
        Some('m') => (&t[..t.len() - 1], 1),
        Some('y') => (&t[..t.len() - 1], 12),
        _ => (t.as_str(), 1),
    };
    num.trim()
        .parse::<i64>()
        .ok()
        .map(|n| n * mult)
        .filter(|n| (1..=120).contains(n))
        .ok_or_else(|| Error::invalid(msg::training_every_bad(format!("{s:?}"))))
}

/// Add a rule; returns its code. A role needs a topic once: a second rule for the same
/// pair is refused (its period is one fact).
pub fn require(tx: &Tx, role: &str, topic: &str, every_months: Option<i64>, today: NaiveDate) -> Result<String> {
    let topic = super::topic(topic);
    if topic.is_empty() || topic == "model:" {
        return Err(Error::invalid(msg::training_rule_what()));
    }
    if let Some(code) = store::rule_code(tx, role, &topic)? {
        return Err(Error::refused(msg::training_rule_exists(role, &topic, code)));
    }
    let code = crate::db::document_code(tx, "training_rules", "TR")?;
    store::insert_rule(tx, &code, role, &topic, every_months, &today.to_string())?;
    let after = json!({"role": role, "topic": topic, "every_months": every_months, "added_on": today.to_string()});
    history::record(tx, "training_rule", &code, "add", None, Some(&after))?;
    Ok(code)
}

pub fn list(conn: &Connection, each: &mut dyn FnMut(Rule) -> Result<()>) -> Result<()> {
    store::rules(conn, each)
}

/// When a staff member's next training under a rule falls due: never trained, the day
/// the rule was added; trained once for a rule without a period, never (`None`);
/// otherwise `every_months` after the last training's last day.
pub fn next_due(added_on: NaiveDate, last: Option<NaiveDate>, every_months: Option<i64>) -> Option<NaiveDate> {
    match (last, every_months) {
        (None, _) => Some(added_on),
        (Some(_), None) => None,
        (Some(d), Some(n)) => Some(d.checked_add_months(Months::new(n as u32)).unwrap_or(NaiveDate::MAX)),
    }
}

/// Whether, on `today`, a rule is met: trained, and not past the next due day.
pub fn met(added_on: NaiveDate, last: Option<NaiveDate>, every_months: Option<i64>, today: NaiveDate) -> bool {
    last.is_some() && next_due(added_on, last, every_months).is_none_or(|d| d >= today)
}

/// One staff member under one rule.
#[derive(Debug, Clone, Serialize)]
pub struct Standing {
    pub staff: String,
    pub name: String,
    pub role: String,
    pub topic: String,
    pub rule: String,
    pub last_trained: Option<String>,
    pub due: Option<String>,
    pub days_late: Option<i64>,
    /// missing (never trained), overdue, due (within the window), ok.
    pub state: String,
    #[serde(skip)]
    pub added_on: String,
    #[serde(skip)]
    pub every_months: Option<i64>,
}

pub const STANDING_COLUMNS: &[&str] =
    &["staff", "name", "role", "topic", "rule", "last_trained", "due", "days_late", "state"];

/// Each (rule, staff member) pair with its standing on `today`, `window` deciding
/// what is due: rules for one staff member, or one topic, when given.
pub fn standings(
    conn: &Connection,
    window: &Window,
    staff: Option<&str>,
    topic: Option<&str>,
    each: &mut dyn FnMut(Standing) -> Result<()>,
) -> Result<()> {
    store::rule_staff(conn, window.last_day_text(), staff, topic, &mut |r| {
        each(standing(window, r.rule, r.role, r.topic, r.every_months, r.added_on, r.staff, r.name, r.last))
    })
}

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[allow(clippy::too_many_arguments)]
fn standing(
    window: &Window,
    rule: String,
    role: String,
    topic: String,
    every_months: Option<i64>,
    added_on: String,
    staff: String,
    name: String,
    last: Option<String>,
) -> Standing {
    let added = day(&added_on).unwrap_or(window.today);
    let last_day = last.as_deref().and_then(day);
    let due = next_due(added, last_day, every_months);
    let state = match (last_day, due) {
        (None, _) => "missing",
        (Some(_), Some(d)) if d < window.today => "overdue",
        (Some(_), Some(d)) if d <= window.last_day => "due",
        _ => "ok",
    };
    Standing {
        staff,
        name,
        role,
        topic,
        rule,
        last_trained: last,
        due: due.map(|d| d.to_string()),
        days_late: due.map(|d| (window.today - d).num_days()),
        state: state.to_string(),
        added_on,
        every_months,
    }
}

/// Required training of active staff: never trained (due the day the rule was added)
/// or due again `every_months` after the last training (R2.2.1).
pub const DUE: Source = Source {
    kind: "training",
    clause: "R2.2.1",
    about: "required training of active staff: missing (due the day the rule was added) or due again every N months",
    sql: store::RULES_DUE_SQL,
    indexes: &["training_rules_added", "attendances_staff"],
    find: |conn, w, each| {
        standings(conn, w, None, None, &mut |s| {
            let Some(due) = s.due.as_deref().and_then(day) else { return Ok(()) };
            let subject = match s.last_trained {
                None => crate::due_words::training_never(s.topic, s.role, s.name, &s.rule),
                Some(last) => crate::due_words::training(s.topic, s.role, s.name, last, &s.rule),
            };
            each(Found { code: s.rule.clone(), subject, when: When::Day(due), who: Some(s.staff) })
        })
    },
};

/// Whether `training.enforce` is on: then a gap refuses the work instead of warning.
pub fn enforced(conn: &Connection) -> Result<bool> {
    Ok(crate::config::get(conn, "training.enforce")? == "true")
}

/// The check before work (R2.2.1): `staff_id` is about to work on the device of ticket
/// `ticket_id`. For each rule requiring the model's training of the staff member's
/// role that they do not meet today, a warning on stderr; with `training.enforce=true`,
/// a refusal (exit 4) instead. A ticket without a device, or a model no rule names,
/// passes.
pub fn check_work(tx: &Tx, staff_id: i64, ticket_id: i64) -> Result<()> {
    let Some((staff, model)) = store::model_worked_on(tx, staff_id, ticket_id)? else { return Ok(()) };
    let now =
        crate::clock::parse_instant(&tx.now).ok_or_else(|| Error::internal(crate::words::m::clock_bad_now(&tx.now)))?;
    let window = Window::within(now, 0);
    let topic = format!("model:{model}");
    let mut gaps = Vec::new();
    standings(tx.conn(), &window, Some(&staff), Some(&topic), &mut |s| {
        let added = day(&s.added_on).unwrap_or(window.today);
        if !met(added, s.last_trained.as_deref().and_then(day), s.every_months, window.today) {
            gaps.push(s);
        }
        Ok(())
    })?;
    let enforce = !gaps.is_empty() && enforced(tx.conn())?;
    for g in gaps {
        let state = match &g.last_trained {
            None => "never trained".to_string(),
            Some(last) => format!("last trained {last}, due again {}", g.due.unwrap_or_default()),
        };
        if enforce {
            return Err(Error::refused(msg::training_lacks_refused(&g.staff, &g.role, &g.topic, &g.rule, state)));
        }
        super::warn(msg::training_lacks(&g.staff, &g.role, &g.topic, &g.rule, state));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        day(s).unwrap()
    }

    #[test]
    fn every_is_months_or_years() {
        assert_eq!(parse_every("12m").unwrap(), 12);
        assert_eq!(parse_every("2y").unwrap(), 24);
        assert_eq!(parse_every("6").unwrap(), 6);
        assert!(parse_every("0m").is_err());
        assert!(parse_every("often").is_err());
        assert!(parse_every("11y").is_err());
    }

    #[test]
    fn a_rule_is_due_when_added_then_every_period_after_the_last_training() {
        let added = d("2026-01-10");
        assert_eq!(next_due(added, None, Some(12)), Some(added));
        assert_eq!(next_due(added, Some(d("2025-03-31")), Some(12)), Some(d("2026-03-31")));
        assert_eq!(next_due(added, Some(d("2025-08-31")), Some(6)), Some(d("2026-02-28")), "month ends clamp");
        assert_eq!(next_due(added, Some(d("2020-01-01")), None), None, "once is enough without a period");
        assert!(met(added, Some(d("2025-03-31")), Some(12), d("2026-03-31")), "due today is still met");
        assert!(!met(added, Some(d("2025-03-31")), Some(12), d("2026-04-01")));
        assert!(!met(added, None, None, d("2026-01-10")));
    }
}
