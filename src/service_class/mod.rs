//! Service personalised by customer class (R8.1.2: customers are classified, and the
//! classification serves personalised service). A rule gives a class of customers its
//! own SLA targets for a priority, over the priority's settings: a customer type
//! (`type:hospital`) or a named customer group (`group:合同医院`, e.g. the hospitals with
//! a service contract). The class whose targets applied is recorded on the ticket when it
//! is opened, so a later change of rule or membership does not rewrite old due times or
//! breaches.
//!
//! Which rule applies is `choose`, a plain function; the SQL (`store`) only gathers the
//! candidates and writes what the rules decided.

pub mod days;
pub mod msg;
mod store;

use rusqlite::Connection;
use serde_json::json;

use crate::calendar::SlaClock;
use crate::db::{history, Tx};
use crate::error::{Error, Result};

/// The SLA targets a ticket gets, and the class they came from (none: the settings).
#[derive(Debug, Clone, PartialEq)]
pub struct Targets {
    pub response: i64,
    pub resolution: i64,
    pub clock: SlaClock,
    pub class: Option<String>,
}

/// One rule: a class's targets for one priority; its clock, when none, is the
/// priority's setting.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub class: String,
    pub priority: String,
    pub response: i64,
    pub resolution: i64,
    pub clock: Option<SlaClock>,
}

/// The targets from the rules that match a customer and priority. A group rule beats a
/// type rule (a group is named for the purpose; a type is broad), and both beat the
/// settings. A customer in several groups with rules gets the tightest first response,
/// then the tightest resolution, then the first class by name: it is never served worse
/// for being in two groups, and the choice does not depend on the order rows come in.
pub fn choose(settings: Targets, rules: &[Rule]) -> Targets {
    match best_class(rules, |r| &r.class, |r| (r.response, r.resolution)) {
        Some(r) => Targets {
            response: r.response,
            resolution: r.resolution,
            clock: r.clock.unwrap_or(settings.clock),
            class: Some(r.class.clone()),
        },
        None => settings,
    }
}

/// Of the candidates of a customer's classes, the one that applies: a group's beats a
/// type's; among several, the least by `key` (the tightest terms), then the first class
/// by name, so that the choice does not depend on the order rows come in. Shared by the
/// SLA targets (`choose`) and the classes' days (`days::choose`).
fn best_class<T, K: Ord>(candidates: &[T], class: impl Fn(&T) -> &str, key: impl Fn(&T) -> K) -> Option<&T> {
    let best = |prefix: &str| {
        candidates
            .iter()
            .filter(|c| class(c).starts_with(prefix))
            .min_by(|a, b| (key(a), class(a)).cmp(&(key(b), class(b))))
    };
    best("group:").or_else(|| best("type:"))
}

/// A class as written (`type:hospital`, `group:合同医院`), checked and trimmed.
pub fn parse_class(s: &str) -> Result<String> {
    let s = s.trim();
    let bad = || Error::invalid(msg::sla_class_bad(format!("{s:?}"), crate::customer::TYPES.join(", ")));
    if let Some(t) = s.strip_prefix("type:") {
        let t = t.trim().to_lowercase();
        return if crate::customer::TYPES.contains(&t.as_str()) { Ok(format!("type:{t}")) } else { Err(bad()) };
    }
    match s.strip_prefix("group:").map(str::trim) {
        Some(g) if !g.is_empty() && !g.chars().any(char::is_control) => Ok(format!("group:{g}")),
        _ => Err(bad()),
    }
}

/// The targets a new ticket of `customer_id` and `priority` gets.
pub fn targets(conn: &Connection, customer_id: i64, priority: &str) -> Result<Targets> {
    let (response, resolution) = crate::config::sla(conn, priority)?;
    let clock = crate::calendar::sla_clock(conn, priority)?;
    let settings = Targets { response, resolution, clock, class: None };
    Ok(choose(settings, &store::rules_for(conn, customer_id, priority)?))
}

/// Every rule, by class and priority (most urgent first).
pub fn rules(conn: &Connection) -> Result<Vec<Rule>> {
    store::rules(conn)
}

fn rule_json(r: &Rule) -> serde_json::Value {
    json!({"response": r.response, "resolution": r.resolution, "clock": r.clock.map(|c| c.as_str())})
}

/// Set (add or change) a rule; the change is kept in the history.
pub fn set_rule(tx: &Tx, rule: &Rule) -> Result<()> {
    let key = format!("{}/{}", rule.class, rule.priority);
    let before = store::rule(tx.conn(), &rule.class, &rule.priority)?;
    store::put_rule(tx, rule)?;
    let action = if before.is_some() { "edit" } else { "add" };
    history::record(tx, "sla_rule", &key, action, before.as_ref().map(rule_json).as_ref(), Some(&rule_json(rule)))
}

/// Delete a rule; tickets already open keep their due times.
pub fn delete_rule(tx: &Tx, class: &str, priority: &str) -> Result<()> {
    let before = store::rule(tx.conn(), class, priority)?
        .ok_or_else(|| Error::not_found(msg::sla_rule_not_found(class, priority)))?;
    store::delete_rule(tx, class, priority)?;
    history::record(tx, "sla_rule", &format!("{class}/{priority}"), "delete", Some(&rule_json(&before)), None)
}

/// Put customers in a group: (added, already in it). Every code must name a customer.
pub fn add_to_group(tx: &Tx, group: &str, customers: &[String]) -> Result<(i64, i64)> {
    let (mut added, mut already) = (0, 0);
    for code in customers {
        let (id, _) = crate::records::get::<crate::customer::Customer>(tx.conn(), code)?;
        if store::join_group(tx, group, id)? {
            added += 1;
            history::record(tx, "customer_group", group, "add", None, Some(&json!({"customer": code})))?;
        } else {
            already += 1;
        }
    }
    Ok((added, already))
}

/// Take customers out of a group; each must be in it.
pub fn remove_from_group(tx: &Tx, group: &str, customers: &[String]) -> Result<i64> {
    for code in customers {
        let (id, _) = crate::records::get::<crate::customer::Customer>(tx.conn(), code)?;
        if !store::leave_group(tx, group, id)? {
            return Err(Error::not_found(msg::sla_group_not_member(group, code)));
        }
        history::record(tx, "customer_group", group, "remove", Some(&json!({"customer": code})), None)?;
    }
    Ok(customers.len() as i64)
}

/// Group memberships: (group, customer code, customer name), by group then code.
pub fn groups(conn: &Connection, group: Option<&str>) -> Result<Vec<(String, String, String)>> {
    store::groups(conn, group)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(class: &str, response: i64, resolution: i64) -> Rule {
        Rule { class: class.into(), priority: "urgent".into(), response, resolution, clock: None }
    }
    fn settings() -> Targets {
        Targets { response: 7200, resolution: 86400, clock: SlaClock::Business, class: None }
    }

    #[test]
    fn a_group_rule_beats_a_type_rule_which_beats_the_settings() {
        assert_eq!(choose(settings(), &[]), settings());
        let t = choose(settings(), &[rule("type:hospital", 10800, 86400)]);
        assert_eq!((t.response, t.class.as_deref()), (10800, Some("type:hospital")));
        assert_eq!(t.clock, SlaClock::Business, "a rule without a clock keeps the setting's");
        let t = choose(settings(), &[rule("type:hospital", 3600, 86400), rule("group:合同医院", 7200, 43200)]);
        assert_eq!(t.class.as_deref(), Some("group:合同医院"), "the group, even with a longer response");
    }

    #[test]
    fn of_two_groups_the_tightest_wins_whatever_the_order() {
        let a = rule("group:A", 3600, 86400);
        let b = rule("group:B", 3600, 43200);
        let c = rule("group:C", 7200, 3600);
        for rules in [vec![a.clone(), b.clone(), c.clone()], vec![c, b, a]] {
            assert_eq!(choose(settings(), &rules).class.as_deref(), Some("group:B"));
        }
    }

    #[test]
    fn classes_are_a_type_or_a_named_group() {
        assert_eq!(parse_class(" type:Hospital ").unwrap(), "type:hospital");
        assert_eq!(parse_class("group: 合同医院").unwrap(), "group:合同医院");
        for bad in ["hospital", "type:school", "group:", "group: ", "vip"] {
            assert!(parse_class(bad).is_err(), "{bad}");
        }
    }
}
