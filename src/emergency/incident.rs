//! Activation (应急响应实施, R6.3): on a report of a major failure a plan is activated at
//! a response level. The incident takes the plan's roles and people (the call list), the
//! level's time targets and its reporting interval; each role holder acknowledges; the
//! progress is reported upwards (向上级汇报) at the interval; the response may escalate;
//! the incident closes with the equipment's downtime, then is reviewed. Every step is a
//! row of the timeline, which is only ever added to.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use super::msg as w;
use super::plan::{self, after, seconds, Plan};
use super::store;
use crate::clock::{parse_instant, show_local, utc_text};
use crate::db::{history, Tx};
use crate::due::{Source, Window};
use crate::error::{Error, Result};
use crate::exchange::Stored;
use crate::states::{Move, Workflow};

pub const FLOW: Workflow = Workflow {
    name: "incident",
    table: "incidents",
    command: "incident",
    statuses: &["active", "on_site", "closed", "reviewed"],
    start: ("active", "incident open --plan P --level L --summary .."),
    moves: &[
        Move::stay("ack", &["active", "on_site"], "a closed incident needs no acknowledgement")
            .command("incident ack I --by STAFF")
            .note("only by a holder of one of its roles, once"),
        Move::stay("update", &["active", "on_site"], "a closed incident takes no progress notes: review it")
            .command("incident update I --note .."),
        Move::go("arrive", &["active"], "on_site", "the response is on site already, or the incident is closed")
            .command("incident update I --on-site --note .."),
        Move::stay("report", &["active", "on_site"], "a closed incident is reported in its review")
            .command("incident report I --to NAME --note ..")
            .note("the next report falls due one reporting interval later"),
        Move::stay("escalate", &["active", "on_site"], "a closed incident is not escalated")
            .command("incident escalate I --level L --note ..")
            .note("the level's targets count from the activation"),
        Move::go("close", &["active", "on_site"], "closed", "the incident is closed already")
            .command("incident close I --resolution .. --restored-at T"),
        Move::go("review", &["closed"], "reviewed", "an incident is reviewed once it is closed")
            .command("incident review I --by STAFF --note .."),
    ],
};

/// How long a role holder has to acknowledge an activation.
pub const ACK_SETTING: &str = "incident_ack";

pub struct NewIncident {
    pub plan: String,
    pub level: String,
    pub summary: String,
    pub ticket: Option<String>,
    pub customer: Option<String>,
    pub equipment: Vec<String>,
    pub at: Option<DateTime<Utc>>,
}

/// One line of the call list: a role and who answers for it.
#[derive(Debug, Clone, Serialize)]
pub struct Call {
    pub role: String,
    pub name: String,
    pub staff: String,
    pub staff_name: String,
    pub phone: Option<String>,
    pub deputy: Option<String>,
    /// The primary holder has left: the deputy was called instead.
    pub stood_in: bool,
}

pub const CALL_COLUMNS: &[&str] = &["role", "name", "staff", "staff_name", "phone", "deputy", "stood_in"];

/// Who answers for each role of the plan: the primary holder, else the deputy when the
/// primary has left; a role with nobody active is refused (the plan needs revising first,
/// and `svc drill plan check` says so beforehand).
pub fn call_list(conn: &Connection, p: &Plan) -> Result<Vec<Call>> {
    let mut out = Vec::new();
    for r in &p.roles {
        let mut found = None;
        for (who, stood_in) in [(Some(&r.primary), false), (r.deputy.as_ref(), true)] {
            let Some(code) = who else { continue };
            if let Some((_, s)) = crate::staff::Staff::find(conn, code)? {
                if s.active {
                    found = Some((s, stood_in));
                    break;
                }
            }
        }
        let (s, stood_in) = found.ok_or_else(|| Error::refused(w::incident_no_holder(&p.code, &r.key)))?;
        out.push(Call {
            role: r.key.clone(),
            name: r.name.clone(),
            staff: s.code,
            staff_name: s.name,
            phone: s.phone,
            deputy: r.deputy.clone(),
            stood_in,
        });
    }
    Ok(out)
}

/// Activate a plan; returns the incident's code and its call list.
pub fn open(tx: &Tx, n: &NewIncident) -> Result<(String, Vec<Call>)> {
    let v = plan::version(tx.conn(), &n.plan, None)?;
    let level = level(&v.plan, &n.level)?;
    if n.summary.trim().is_empty() {
        return Err(Error::invalid(w::incident_no_summary()));
    }
    // The ticket that reported it brings its customer and device, unless given.
    let ticket = match &n.ticket {
        Some(t) => Some(crate::records::get::<crate::ticket::Ticket>(tx.conn(), t)?.1),
        None => None,
    };
    let customer = n.customer.clone().or_else(|| ticket.as_ref().map(|t| t.customer_code.clone()));
    let mut equipment = n.equipment.clone();
    if equipment.is_empty() {
        equipment.extend(ticket.as_ref().and_then(|t| t.serial_no.clone()));
    }
    if let Some(c) = &customer {
        crate::records::get::<crate::customer::Customer>(tx.conn(), c)?;
    }
    for serial in &equipment {
        let (_, e) = crate::records::get::<crate::equipment::Equipment>(tx.conn(), serial)?;
        if let Some(c) = customer.as_ref().filter(|c| **c != e.customer_code) {
            return Err(Error::invalid(w::incident_device_other_customer(serial, &e.customer_code, c)));
        }
    }
    let calls = call_list(tx.conn(), &v.plan)?;
    let at = crate::ticket::event_time(tx, n.at, None, "")?;
    let (on_site, resolve, every) = targets(level);
    let code = crate::db::document_code(tx, "incidents", "IN")?;
    let row = store::NewIncidentRow {
        code: &code,
        plan_id: v.plan_id,
        version: v.version,
        level: &level.level,
        summary: n.summary.trim(),
        ticket: n.ticket.as_deref(),
        customer: customer.as_deref(),
        equipment: &serde_json::to_string(&equipment).unwrap_or_default(),
        opened_at: &utc_text(at),
        on_site_due: &utc_text(after(at, on_site)),
        resolve_due: &utc_text(after(at, resolve)),
        report_every: every,
        report_due: &utc_text(after(at, every)),
    };
    let roles: Vec<(&str, &str)> = calls.iter().map(|c| (c.role.as_str(), c.staff.as_str())).collect();
    let id = store::insert_incident(tx, &row, &roles)?;
    event(tx, id, at, "open", Some(tx.actor), None, Some(&level.level), Some(n.summary.trim()))?;
    let roles: Vec<_> = calls.iter().map(|c| json!({"role": c.role, "staff": c.staff})).collect();
    let after = json!({"plan": n.plan, "version": v.version, "level": level.level, "at": utc_text(at),
        "summary": n.summary.trim(), "ticket": n.ticket, "customer": customer, "equipment": equipment, "roles": roles});
    history::record(tx, "incident", &code, "open", None, Some(&after))?;
    Ok((code, calls))
}

fn level<'a>(p: &'a Plan, name: &str) -> Result<&'a plan::Level> {
    p.level(name).ok_or_else(|| {
        let levels: Vec<&str> = p.levels.iter().map(|l| l.level.as_str()).collect();
        Error::invalid(w::incident_no_level(name, &p.code, levels.join(", ")))
    })
}

/// A level's on-site and resolution targets and its reporting interval, in seconds (the
/// plan was checked when imported; an unreadable one counts as one hour).
fn targets(l: &plan::Level) -> (i64, i64, i64) {
    let s = |t: &str| seconds(t).unwrap_or(3600);
    (s(&l.on_site), s(&l.resolution), s(&l.report_every))
}

#[allow(clippy::too_many_arguments)]
fn event(
    tx: &Tx,
    id: i64,
    at: DateTime<Utc>,
    kind: &str,
    by: Option<&str>,
    to: Option<&str>,
    level: Option<&str>,
    note: Option<&str>,
) -> Result<()> {
    store::insert_event(tx, id, &store::NewEvent { at: &utc_text(at), kind, by, to, level, note })
}

pub(super) struct State {
    pub id: i64,
    pub status: String,
    pub plan_id: i64,
    pub plan: String,
    pub version: i64,
    pub level: String,
    pub opened_at: String,
    pub last_at: String,
}

fn state(conn: &Connection, code: &str) -> Result<State> {
    store::incident_state(conn, code)?
        .ok_or_else(|| Error::not_found(crate::words::m::document_not_found("incident", code, "svc incident list")))
}

fn when(tx: &Tx, s: &State, at: Option<DateTime<Utc>>) -> Result<DateTime<Utc>> {
    crate::ticket::event_time(tx, at, Some(&s.opened_at), "the incident's activation")
}

/// A role holder acknowledges the activation (every role they hold in it).
pub fn ack(tx: &Tx, code: &str, by: &str, at: Option<DateTime<Utc>>) -> Result<()> {
    let s = state(tx.conn(), code)?;
    FLOW.step(code, &s.status, "ack")?;
    let at = when(tx, &s, at)?;
    let roles = store::roles_of(tx.conn(), s.id, by)?;
    if roles.is_empty() {
        return Err(Error::refused(w::incident_not_a_holder(code, by)));
    }
    if roles.iter().all(|(_, acked)| acked.is_some()) {
        return Err(Error::refused(w::incident_acked(code, by)));
    }
    store::ack_roles(tx, s.id, by, &utc_text(at))?;
    let names: Vec<&str> = roles.iter().map(|(r, _)| r.as_str()).collect();
    event(tx, s.id, at, "ack", Some(by), None, None, Some(&names.join(", ")))?;
    history::record(tx, "incident", code, "ack", None, Some(&json!({"by": by, "at": utc_text(at), "roles": names})))
}

/// A progress note; `on_site` records the response's arrival (the on-site target is met).
pub fn update(tx: &Tx, code: &str, note: &str, on_site: bool, at: Option<DateTime<Utc>>) -> Result<()> {
    let s = state(tx.conn(), code)?;
    let next = FLOW.step(code, &s.status, if on_site { "arrive" } else { "update" })?;
    if note.trim().is_empty() {
        return Err(Error::invalid(w::incident_no_note()));
    }
    let at = when(tx, &s, at)?;
    if on_site {
        store::arrived(tx, s.id, next, &utc_text(at))?;
    }
    event(tx, s.id, at, if on_site { "on_site" } else { "update" }, Some(tx.actor), None, None, Some(note.trim()))?;
    let action = if on_site { "arrive" } else { "update" };
    history::record(tx, "incident", code, action, None, Some(&json!({"at": utc_text(at), "note": note.trim()})))
}

/// A progress report upwards; the next one falls due one interval after it.
pub fn report(tx: &Tx, code: &str, to: &str, note: &str, at: Option<DateTime<Utc>>) -> Result<()> {
    let s = state(tx.conn(), code)?;
    FLOW.step(code, &s.status, "report")?;
    if note.trim().is_empty() || to.trim().is_empty() {
        return Err(Error::invalid(w::incident_no_note()));
    }
    let at = when(tx, &s, at)?;
    let every = store::report_every(tx.conn(), s.id)?;
    store::set_report_due(tx, s.id, &utc_text(after(at, every)))?;
    event(tx, s.id, at, "report", Some(tx.actor), Some(to.trim()), None, Some(note.trim()))?;
    let after = json!({"at": utc_text(at), "to": to.trim(), "note": note.trim()});
    history::record(tx, "incident", code, "report", None, Some(&after))
}

/// Change the response level: the level's targets, counted from the activation, and its
/// reporting interval, counted from the last report (or the activation).
pub fn escalate(tx: &Tx, code: &str, to_level: &str, note: &str, at: Option<DateTime<Utc>>) -> Result<()> {
    let s = state(tx.conn(), code)?;
    FLOW.step(code, &s.status, "escalate")?;
    let v = plan::version(tx.conn(), &s.plan, Some(s.version))?;
    let l = level(&v.plan, to_level)?;
    if l.level == s.level {
        return Err(Error::refused(w::incident_same_level(code, &s.level)));
    }
    let at = when(tx, &s, at)?;
    let opened = instant(&s.opened_at)?;
    let last_report = store::last_report(tx.conn(), s.id)?;
    let since = match &last_report {
        Some(t) => instant(t)?,
        None => opened,
    };
    let (on_site, resolve, every) = targets(l);
    let targets = store::LevelTargets {
        level: &l.level,
        on_site_due: &utc_text(after(opened, on_site)),
        resolve_due: &utc_text(after(opened, resolve)),
        report_every: every,
        report_due: &utc_text(after(since, every)),
    };
    store::escalated(tx, s.id, &targets)?;
    event(tx, s.id, at, "escalate", Some(tx.actor), None, Some(&l.level), Some(note.trim()))?;
    let after = json!({"at": utc_text(at), "from": s.level, "to": l.level, "note": note.trim()});
    history::record(tx, "incident", code, "escalate", None, Some(&after))
}

fn instant(stored: &str) -> Result<DateTime<Utc>> {
    parse_instant(stored).ok_or_else(|| Error::internal(w::stored_time(stored)))
}

/// A device's downtime in an incident.
#[derive(Debug, Clone, Serialize)]
pub struct Downtime {
    pub serial: String,
    pub from: String,
    pub restored: String,
    pub minutes: i64,
}

/// Close the incident: the equipment was back in use at `restored`; each device's
/// downtime runs from the activation to then.
pub fn close(
    tx: &Tx,
    code: &str,
    resolution: &str,
    restored: DateTime<Utc>,
    at: Option<DateTime<Utc>>,
) -> Result<Vec<Downtime>> {
    let s = state(tx.conn(), code)?;
    let next = FLOW.step(code, &s.status, "close")?;
    if resolution.trim().is_empty() {
        return Err(Error::invalid(w::incident_no_resolution()));
    }
    let at = when(tx, &s, at)?;
    let opened = instant(&s.opened_at)?;
    if restored < opened || restored > at {
        return Err(Error::invalid(w::incident_restored_outside(
            show_local(&utc_text(restored)),
            show_local(&s.opened_at),
            show_local(&utc_text(at)),
        )));
    }
    store::close_incident(tx, s.id, next, &utc_text(restored), resolution.trim(), &utc_text(at))?;
    event(tx, s.id, at, "close", Some(tx.actor), None, None, Some(resolution.trim()))?;
    let downtime = downtimes(tx.conn(), s.id)?;
    let after = json!({"at": utc_text(at), "restored_at": utc_text(restored), "resolution": resolution.trim(),
        "downtime": downtime});
    history::record(tx, "incident", code, "close", None, Some(&after))?;
    Ok(downtime)
}

/// The after-action review of a closed incident, by a staff member.
pub fn review(tx: &Tx, code: &str, by: &str, note: &str) -> Result<()> {
    let s = state(tx.conn(), code)?;
    let next = FLOW.step(code, &s.status, "review")?;
    if note.trim().is_empty() {
        return Err(Error::invalid(w::incident_no_note()));
    }
    crate::staff::active(tx.conn(), by, |s| crate::words::m::staff_inactive(s))?;
    let at = instant(&tx.now)?.max(instant(&s.last_at)?);
    store::reviewed(tx, s.id, next, note.trim())?;
    event(tx, s.id, at, "review", Some(by), None, None, Some(note.trim()))?;
    history::record(tx, "incident", code, "review", None, Some(&json!({"by": by, "note": note.trim()})))
}

fn downtimes(conn: &Connection, id: i64) -> Result<Vec<Downtime>> {
    let (equipment, opened, restored) = store::downtime_facts(conn, id)?;
    let Some(restored) = restored else { return Ok(Vec::new()) };
    let serials: Vec<String> = serde_json::from_str(&equipment).unwrap_or_default();
    let minutes = (instant(&restored)? - instant(&opened)?).num_minutes();
    Ok(serials
        .into_iter()
        .map(|serial| Downtime { serial, from: show_local(&opened), restored: show_local(&restored), minutes })
        .collect())
}

/// Something of an open incident that is late (pure facts, worded at the edge).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    pub incident: String,
    pub level: String,
    pub alert: String,
    pub subject: String,
    pub due: String,
    pub who: Option<String>,
}

pub const ALERT_COLUMNS: &[&str] = &["incident", "level", "alert", "subject", "due", "who"];

/// The facts of one open incident that `alerts` judges.
#[derive(Debug, Clone)]
pub struct Open {
    pub code: String,
    pub level: String,
    pub opened_at: DateTime<Utc>,
    pub on_site_due: DateTime<Utc>,
    pub on_site_at: Option<DateTime<Utc>>,
    pub resolve_due: DateTime<Utc>,
    pub report_due: Option<DateTime<Utc>>,
    /// Roles not acknowledged yet, with their holders.
    pub unacked: Vec<(String, String)>,
}

/// What is late at `now` (pure): roles unacknowledged past `ack_within` seconds, the
/// progress report past its interval, the on-site and resolution targets passed.
pub fn alerts(i: &Open, now: DateTime<Utc>, ack_within: i64) -> Vec<Alert> {
    let mut out = Vec::new();
    let alert = |kind: &str, subject: String, due: DateTime<Utc>, who: Option<String>| Alert {
        incident: i.code.clone(),
        level: i.level.clone(),
        alert: kind.to_string(),
        subject,
        due: show_local(&utc_text(due)),
        who,
    };
    let ack_due = after(i.opened_at, ack_within);
    if ack_due < now {
        for (role, staff) in &i.unacked {
            out.push(alert("ack", w::alert_ack(role).to_string(), ack_due, Some(staff.clone())));
        }
    }
    if let Some(due) = i.report_due.filter(|d| *d < now) {
        out.push(alert("report", w::alert_report().to_string(), due, None));
    }
    if i.on_site_at.is_none() && i.on_site_due < now {
        out.push(alert("on_site", w::alert_on_site().to_string(), i.on_site_due, None));
    }
    if i.resolve_due < now {
        out.push(alert("resolution", w::alert_resolution().to_string(), i.resolve_due, None));
    }
    out
}

/// Every open incident's facts.
pub fn open_incidents(conn: &Connection) -> Result<Vec<Open>> {
    let mut out = Vec::new();
    for (id, code, level, [opened, on_site_due, resolve_due], on_site_at, report_due) in store::open_incidents(conn)? {
        let unacked = store::unacked(conn, id)?;
        out.push(Open {
            code,
            level,
            opened_at: instant(&opened)?,
            on_site_due: instant(&on_site_due)?,
            on_site_at: on_site_at.as_deref().map(instant).transpose()?,
            resolve_due: instant(&resolve_due)?,
            report_due: report_due.as_deref().map(instant).transpose()?,
            unacked,
        });
    }
    Ok(out)
}

/// Everything late across the open incidents at `now`.
pub fn overdue(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<Alert>> {
    let ack = crate::config::get(conn, ACK_SETTING)?;
    let ack_within = seconds(&ack).unwrap_or(900);
    Ok(open_incidents(conn)?.iter().flat_map(|i| alerts(i, now, ack_within)).collect())
}

/// One incident in `svc incident list`.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    pub code: String,
    pub plan: String,
    pub level: String,
    pub status: String,
    pub opened_at: String,
    pub summary: String,
    pub report_due: Option<String>,
    pub resolve_due: String,
}

pub const LIST_COLUMNS: &[&str] =
    &["code", "plan", "level", "status", "opened_at", "summary", "report_due", "resolve_due"];

pub fn list(conn: &Connection, status: Option<&str>, each: &mut dyn FnMut(Listed) -> Result<()>) -> Result<()> {
    store::incidents(conn, status, each)
}

/// The timeline and facts an after-action review needs (`svc incident show`).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub code: String,
    pub plan: String,
    pub version: i64,
    pub title: String,
    pub level: String,
    pub status: String,
    pub summary: String,
    pub ticket: Option<String>,
    pub customer: Option<String>,
    pub opened_at: String,
    pub on_site_due: String,
    pub resolve_due: String,
    /// Seconds between progress reports at the current level.
    pub report_every: i64,
    pub on_site_at: Option<String>,
    pub restored_at: Option<String>,
    pub resolution: Option<String>,
    pub review: Option<String>,
    pub roles: Vec<RoleState>,
    pub timeline: Vec<Event>,
    pub downtime: Vec<Downtime>,
    /// The drill that last practised the plan, and when.
    pub last_drill: Option<(String, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleState {
    pub role: String,
    pub staff: String,
    pub acked_at: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub at: String,
    pub kind: String,
    pub by: Option<String>,
    pub to: Option<String>,
    pub level: Option<String>,
    pub note: Option<String>,
}

pub fn report_of(conn: &Connection, code: &str) -> Result<Report> {
    let s = state(conn, code)?;
    let store::IncidentFacts {
        summary,
        ticket,
        customer,
        on_site_due,
        resolve_due,
        on_site_at,
        restored_at,
        resolution,
        review,
        report_every,
    } = store::incident_facts(conn, s.id)?;
    let v = plan::version(conn, &s.plan, Some(s.version))?;
    let roles = store::call_list(conn, s.id)?;
    let timeline = store::timeline(conn, s.id)?;
    Ok(Report {
        code: code.to_string(),
        plan: s.plan,
        version: s.version,
        title: v.plan.title,
        level: s.level,
        status: s.status,
        summary,
        ticket,
        customer,
        opened_at: s.opened_at,
        on_site_due,
        resolve_due,
        report_every,
        on_site_at,
        restored_at,
        resolution,
        review,
        roles,
        timeline,
        downtime: downtimes(conn, s.id)?,
        last_drill: super::drill::last_held(conn, s.plan_id)?,
    })
}

/// Progress reports upwards due: the next one, an interval after the last (or the activation).
const DUE_SQL: &str = store::INCIDENT_REPORTS_DUE;

pub const DUE: Source = Source {
    kind: "incident_report",
    clause: "R6.3",
    about: "progress reports of open incidents, due at the plan's reporting interval",
    sql: DUE_SQL,
    indexes: &["incidents_report_due"],
    find: |conn, w: &Window, each| {
        let says =
            |r: &rusqlite::Row| Ok(crate::due_words::incident_report(r.get::<_, String>(0)?, r.get::<_, String>(3)?));
        crate::due::rows(conn, DUE_SQL, w.until_text(), says, each)
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        parse_instant(s).unwrap()
    }

    #[test]
    fn late_acks_reports_and_targets_are_alerts_and_nothing_before() {
        let i = Open {
            code: "IN-1".into(),
            level: "I".into(),
            opened_at: t("2026-03-05T00:00:00Z"),
            on_site_due: t("2026-03-05T02:00:00Z"),
            on_site_at: None,
            resolve_due: t("2026-03-06T00:00:00Z"),
            report_due: Some(t("2026-03-05T01:00:00Z")),
            unacked: vec![("lead".into(), "E001".into())],
        };
        assert!(alerts(&i, t("2026-03-05T00:10:00Z"), 900).is_empty(), "within the ack time");
        let kinds = |now| alerts(&i, t(now), 900).into_iter().map(|a| a.alert).collect::<Vec<_>>();
        assert_eq!(kinds("2026-03-05T00:20:00Z"), ["ack"]);
        assert_eq!(kinds("2026-03-05T01:30:00Z"), ["ack", "report"]);
        assert_eq!(kinds("2026-03-06T00:00:01Z"), ["ack", "report", "on_site", "resolution"]);
        let arrived = Open { on_site_at: Some(t("2026-03-05T01:00:00Z")), unacked: vec![], report_due: None, ..i };
        assert_eq!(alerts(&arrived, t("2026-03-05T03:00:00Z"), 900), []);
    }
}
