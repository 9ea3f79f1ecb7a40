//! Follow-up delay and return-visit interval per customer class (R8.1.2, issue 17): a
//! type (`type:hospital`) or a named group (`group:合同医院`) may have its own days, over
//! the settings `followup_days` and `visit_days.TYPE`. The class that applied is recorded
//! on the follow-up and on the visit when they are planned.

use rusqlite::Connection;
use serde_json::json;

use crate::db::{history, Tx};
use crate::error::Result;

/// Which of a class's days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Followup,
    Visit,
}

/// The class's days among the candidates (class, days): a group beats a type, as for
/// SLA targets; of several groups the shortest wait wins (a customer is never served
/// later for being in two groups), then the first by name.
pub fn choose(candidates: &[(String, i64)]) -> Option<(String, i64)> {
    super::best_class(candidates, |(class, _)| class, |&(_, days)| days).cloned()
}

/// The days a customer's class gives, with the class; none when no class of the
/// customer sets them (the setting applies).
pub fn for_customer(conn: &Connection, customer_id: i64, kind: Kind) -> Result<Option<(String, i64)>> {
    Ok(choose(&super::store::class_days_for(conn, customer_id, kind)?))
}

/// The follow-up delay of a repair for this customer, and the class it came from.
pub fn followup(conn: &Connection, customer_id: i64) -> Result<(i64, Option<String>)> {
    match for_customer(conn, customer_id, Kind::Followup)? {
        Some((class, days)) => Ok((days, Some(class))),
        None => Ok((crate::config::followup_days(conn)?, None)),
    }
}

/// Set a class's days (`None`: leave as it is; `Some(None)`: back to the setting).
pub fn set(tx: &Tx, class: &str, followup: Option<Option<i64>>, visit: Option<Option<i64>>) -> Result<()> {
    let before = super::store::class_days(tx.conn(), class)?;
    let (old_f, old_v) = before.unwrap_or((None, None));
    let (f, v) = (followup.unwrap_or(old_f), visit.unwrap_or(old_v));
    super::store::put_class_days(tx, class, f, v)?;
    let as_json = |f: Option<i64>, v: Option<i64>| json!({"followup_days": f, "visit_days": v});
    let old = before.map(|_| as_json(old_f, old_v));
    history::record(tx, "sla_rule", class, "service", old.as_ref(), Some(&as_json(f, v)))
}

/// A class and its follow-up and visit days (none: the setting).
pub type ClassDays = (String, Option<i64>, Option<i64>);

/// Every class's days, by class.
pub fn list(conn: &Connection) -> Result<Vec<ClassDays>> {
    super::store::all_class_days(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_beats_a_type_and_the_shortest_group_wins() {
        let c = |v: &[(&str, i64)]| v.iter().map(|(a, b)| (a.to_string(), *b)).collect::<Vec<_>>();
        assert_eq!(choose(&c(&[("type:hospital", 3), ("group:合同医院", 7)])), Some(("group:合同医院".into(), 7)));
        assert_eq!(choose(&c(&[("group:b", 5), ("group:a", 5), ("group:c", 2)])), Some(("group:c".into(), 2)));
        assert_eq!(choose(&c(&[("type:clinic", 10)])), Some(("type:clinic".into(), 10)));
        assert_eq!(choose(&[]), None);
    }
}
