//! Performance appraisal (R2.3) computed from the records: for each active staff member
//! and a period, the tickets they handled, first responses within SLA, repairs
//! completed, time to repair, first-time fixes, first-pass inspections, follow-up
//! satisfaction and NPS, complaints after their repairs and training hours, each figure
//! with its numerator and denominator so a person can check their own numbers
//! (docs/training.md defines each). A run is a draft until confirmed (`FLOW`); a
//! confirmed run never changes (triggers), a correction is a new run that points at it.

mod store;

use chrono::{DateTime, Datelike, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::db::{history, Tx};
use crate::error::{Error, Result};
use crate::states::{Move, Workflow};
use crate::training::msg;

/// A run's moves: the manager comments on a draft and confirms it; from then on it never
/// changes, and each person acknowledges their own appraisal (once: `acknowledge`).
pub const FLOW: Workflow = Workflow {
    name: "appraisal",
    table: "appraisal_runs",
    command: "svc appraisal",
    statuses: &["draft", "confirmed"],
    start: ("draft", "appraisal run --period P"),
    moves: &[
        Move::stay("comment", &["draft"], FROZEN).command("appraisal comment RUN --staff S --text .."),
        Move::go("confirm", &["draft"], "confirmed", "")
            .again(FROZEN)
            .command("appraisal confirm RUN --by STAFF")
            .note("by an active staff member; the database refuses any change to the run after it"),
        Move::stay("ack", &["confirmed"], "confirm it first ('svc appraisal confirm RUN --by STAFF')")
            .command("appraisal ack RUN --staff S")
            .note("each person their own appraisal, once"),
    ],
};

/// What to do instead of changing a confirmed run.
const FROZEN: &str =
    "a confirmed appraisal never changes: a correction is a new run ('svc appraisal run --period P --corrects RUN')";

/// A period as people name it: `2026-Q3`, `2026-09` or `2026`; its first day and the
/// day after its last.
pub fn period(p: &str) -> Result<(NaiveDate, NaiveDate)> {
    let bad = || Error::invalid(msg::appraisal_bad_period(format!("{p:?}")));
    let p = p.trim();
    let ymd = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1);
    let (start, months) = if let Some((y, q)) = p.split_once(['-', ' ']).filter(|(_, q)| q.starts_with(['Q', 'q'])) {
        let y: i32 = y.parse().map_err(|_| bad())?;
        let q: u32 = q[1..].parse().map_err(|_| bad())?;
        if !(1..=4).contains(&q) {
            return Err(bad());
        }
        (ymd(y, q * 3 - 2), 3)
    } else if let Some((y, m)) = p.split_once('-') {
        let (y, m): (i32, u32) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        (ymd(y, m), 1)
    } else {
        (ymd(p.parse().map_err(|_| bad())?, 1), 12)
    };
    let start = start.filter(|d| (1900..=9998).contains(&d.year())).ok_or_else(bad)?;
    let end = start.checked_add_months(chrono::Months::new(months)).ok_or_else(bad)?;
    Ok((start, end))
}

/// The weights and windows a run used (settings, copied into the run).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Weights {
    pub sla: i64,
    pub first_time_fix: i64,
    pub inspection: i64,
    pub satisfaction: i64,
    pub complaints: i64,
    pub repeat_window_days: i64,
}

impl Weights {
    pub fn from_settings(conn: &Connection) -> Result<Weights> {
        let d = |k| crate::config::days(conn, k);
        Ok(Weights {
            sla: d("appraisal.weight.sla")?,
            first_time_fix: d("appraisal.weight.first_time_fix")?,
            inspection: d("appraisal.weight.inspection")?,
            satisfaction: d("appraisal.weight.satisfaction")?,
            complaints: d("appraisal.weight.complaints")?,
            repeat_window_days: d("appraisal.repeat_window_days")?,
        })
    }
}

/// A count out of another: one definition for the appraisal and the reports.
pub use crate::report::figures::Ratio;

/// One person's figures over a period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// Tickets assigned to them, opened in the period.
    pub tickets: i64,
    /// Of those answered, answered within the SLA's response target.
    pub response_in_sla: Ratio,
    /// Repairs signed in the period whose latest report they wrote (no report: their ticket's).
    pub repairs: i64,
    /// Hours from opening to signature, summed over those repairs (tenths of an hour).
    pub repair_tenths: i64,
    /// Of those repairs, not followed by another repair of the device within the window.
    pub first_time_fix: Ratio,
    /// Of those repairs inspected, passed at the first inspection.
    pub inspection_first_pass: Ratio,
    /// Follow-up satisfaction (1-5) on those repairs: the sum (`kept`) over the answers (`of`).
    pub satisfaction: Ratio,
    /// NPS answers on those repairs: promoters (9-10) and detractors (0-6) of answers.
    pub promoters: i64,
    pub detractors: i64,
    pub nps_answers: i64,
    /// Complaints (quality's register) received in the period on a device whose last
    /// repair signed before it was theirs.
    pub complaints: i64,
    /// Training hours (tenths) of trainings starting in the period.
    pub training_tenths: i64,
}

impl Figures {
    /// Mean hours to repair, one decimal.
    pub fn mean_hours(&self) -> Option<String> {
        (self.repairs > 0).then(|| format!("{:.1}", self.repair_tenths as f64 / 10.0 / self.repairs as f64))
    }

    pub fn mean_satisfaction(&self) -> Option<String> {
        (self.satisfaction.of > 0)
            .then(|| format!("{:.2}", self.satisfaction.kept as f64 / self.satisfaction.of as f64))
    }

    pub fn nps(&self) -> Option<i64> {
        let n = crate::report::figures::Nps {
            promoters: self.promoters,
            detractors: self.detractors,
            answers: self.nps_answers,
        };
        n.value()
    }

    /// Repairs in the period less complaints in the period (never below 0), of the repairs:
    /// a rate, so a busy technician is not punished for the number of repairs they do.
    pub fn complaint_free(&self) -> Ratio {
        Ratio { kept: (self.repairs - self.complaints).max(0), of: self.repairs }
    }

    /// The score (0-100, one decimal): the weighted mean of the rates that have anything
    /// to count (SLA kept, first-time fix, first-pass inspection, satisfaction as a
    /// percentage of 5, repairs without a complaint); none when no rate counts.
    pub fn score(&self, w: &Weights) -> Option<String> {
        let rates = [
            (w.complaints, self.complaint_free().percent()),
            (w.sla, self.response_in_sla.percent()),
            (w.first_time_fix, self.first_time_fix.percent()),
            (w.inspection, self.inspection_first_pass.percent()),
            (
                w.satisfaction,
                (self.satisfaction.of > 0).then(|| self.satisfaction.kept as f64 * 20.0 / self.satisfaction.of as f64),
            ),
        ];
        let (sum, weights) = rates
            .iter()
            .filter_map(|(w, r)| r.map(|r| (*w as f64 * r, *w as f64)))
            .fold((0.0, 0.0), |(s, n), (x, w)| (s + x, n + w));
        if weights == 0.0 {
            return None;
        }
        Some(format!("{:.1}", (sum / weights).clamp(0.0, 100.0)))
    }
}

/// Tenths of an hour between two stored instants.
fn tenths_between(from: &str, to: &str) -> i64 {
    match (DateTime::parse_from_rfc3339(from), DateTime::parse_from_rfc3339(to)) {
        (Ok(a), Ok(b)) => ((b - a).num_seconds().max(0) + 180) / 360,
        _ => 0,
    }
}

/// Everyone's figures over [start, end) (local days), by staff id.
pub fn compute(conn: &Connection, start: NaiveDate, end: NaiveDate, w: &Weights) -> Result<Vec<(i64, Figures)>> {
    let mut staff: Vec<(i64, Figures)> =
        store::active_staff(conn)?.into_iter().map(|id| (id, Figures::default())).collect();
    let index = |staff: &[(i64, Figures)], id: i64| staff.iter().position(|(s, _)| *s == id);

    // The same records `svc report kpi` counts (crate::report::facts), so a figure of a
    // person and the figure of the team have one definition.
    let p = crate::report::figures::Period { from: start, until: end };
    let (from, to) = p.bounds();
    let inside = |at: &str| at >= from.as_str() && at < to.as_str();

    // Tickets assigned to them, opened in the period; first responses as the ticket's SLA
    // clock recorded them (pauses excluded): the rows of `facts::tickets`, counted per
    // person in the database.
    crate::report::facts::tickets_opened_by_staff(conn, &p, &mut |t| {
        if let Some(i) = index(&staff, t.staff_id) {
            let f = &mut staff[i].1;
            f.tickets += t.opened;
            f.response_in_sla.of += t.answered;
            f.response_in_sla.kept += t.answered_in_sla;
        }
        Ok(())
    })?;

    // Repairs completed: signed in the period, by the author of their latest report (a
    // repair with no report on record, as some imported ones: by the ticket's technician).
    crate::report::facts::repairs(conn, &p, w.repeat_window_days, &mut |r| {
        let Some(signed) = r.signed_at.as_deref().filter(|s| inside(s)) else { return Ok(()) };
        let Some(i) = r.tags.staff_id.and_then(|w| index(&staff, w)) else { return Ok(()) };
        let f = &mut staff[i].1;
        f.repairs += 1;
        f.repair_tenths += tenths_between(&r.opened_at, signed);
        f.first_time_fix.add(!r.repeated);
        if let Some(p) = r.first_pass {
            f.inspection_first_pass.add(p);
        }
        if let Some(s) = r.satisfaction {
            f.satisfaction.of += 1;
            f.satisfaction.kept += s;
        }
        if let Some(n) = r.nps {
            f.nps_answers += 1;
            f.promoters += i64::from(n >= 9);
            f.detractors += i64::from(n <= 6);
        }
        Ok(())
    })?;

    // Complaints from quality's register (R7.3), attributed to the technician of the
    // device's last repair signed before the complaint was received.
    crate::report::facts::complaints(conn, &p, &mut |c| {
        if let Some(i) = c.tags.staff_id.and_then(|w| index(&staff, w)) {
            staff[i].1.complaints += 1;
        }
        Ok(())
    })?;

    for (id, f) in staff.iter_mut() {
        f.training_tenths = crate::training::hours_between(conn, *id, &start.to_string(), &end.to_string())?;
    }
    Ok(staff)
}

/// Make a draft run for the period; returns its code and how many people it appraises.
pub fn run(tx: &Tx, period_name: &str, corrects: Option<&str>) -> Result<(String, usize)> {
    let (start, end) = period(period_name)?;
    let corrects_id = corrects.map(|c| run_id(tx.conn(), c)).transpose()?;
    let weights = Weights::from_settings(tx.conn())?;
    let figures = compute(tx.conn(), start, end, &weights)?;
    let code = crate::db::document_code(tx, "appraisal_runs", "AP")?;
    let settings = serde_json::to_string(&weights).unwrap_or_default();
    let run = store::insert_run(
        tx,
        &store::NewRun {
            code: &code,
            period: period_name.trim(),
            starts_on: start.to_string(),
            ends_on: end.to_string(),
            settings: &settings,
            corrects: corrects_id,
        },
    )?;
    for (staff, f) in &figures {
        let figures = serde_json::to_string(f).unwrap_or_default();
        store::insert_line(tx, run, *staff, &figures, f.score(&weights).as_deref())?;
    }
    let after = json!({"period": period_name.trim(), "from": start.to_string(), "until": end.to_string(),
                       "people": figures.len(), "corrects": corrects, "settings": weights});
    history::record(tx, "appraisal", &code, "run", None, Some(&after))?;
    Ok((code, figures.len()))
}

fn run_id(conn: &Connection, code: &str) -> Result<i64> {
    crate::db::document_id(conn, "appraisal_runs", "appraisal run", "svc appraisal list", code)
}

/// The run's id and status.
fn run_status(conn: &Connection, code: &str) -> Result<(i64, String)> {
    let run = run_id(conn, code)?;
    Ok((run, store::status(conn, run)?))
}

fn line_id(conn: &Connection, run: i64, code: &str, staff: &str) -> Result<(i64, i64)> {
    store::line(conn, run, staff)?.ok_or_else(|| Error::not_found(msg::appraisal_not_in_run(staff, code)))
}

/// Confirm a draft: from now on it never changes.
pub fn confirm(tx: &Tx, code: &str, by: &str) -> Result<()> {
    let (run, status) = run_status(tx.conn(), code)?;
    let to = FLOW.step(code, &status, "confirm")?;
    let by_id = crate::staff::active(tx.conn(), by, |s| crate::words::m::staff_inactive(s))?;
    store::confirm(tx, run, to, by_id)?;
    history::record(tx, "appraisal", code, "confirm", None, Some(&json!({"at": tx.now, "by": by})))
}

/// The manager's comment on one person's appraisal, while it is a draft.
pub fn comment(tx: &Tx, code: &str, staff: &str, text: &str) -> Result<()> {
    let (run, status) = run_status(tx.conn(), code)?;
    FLOW.step(code, &status, "comment")?;
    let (line, _) = line_id(tx.conn(), run, code, staff)?;
    let before = store::comment(tx.conn(), line)?;
    store::set_comment(tx, line, text.trim())?;
    history::record(
        tx,
        "appraisal",
        code,
        "comment",
        Some(&json!({"staff": staff, "comment": before})),
        Some(&json!({"staff": staff, "comment": text.trim()})),
    )
}

/// The person's acknowledgement of their confirmed appraisal, once.
pub fn acknowledge(tx: &Tx, code: &str, staff: &str) -> Result<()> {
    let (run, status) = run_status(tx.conn(), code)?;
    FLOW.step(code, &status, "ack")?;
    let (_, staff_id) = line_id(tx.conn(), run, code, staff)?;
    if store::acknowledged(tx.conn(), run, staff_id)? {
        return Err(Error::refused(msg::appraisal_acknowledged(staff, code)));
    }
    store::acknowledge(tx, run, staff_id)?;
    history::record(tx, "appraisal", code, "acknowledge", None, Some(&json!({"staff": staff, "at": tx.now})))
}

/// A run as listed.
#[derive(Debug, Clone, Serialize)]
pub struct RunRow {
    pub code: String,
    pub period: String,
    pub from: String,
    pub until: String,
    pub made_at: String,
    pub status: String,
    pub confirmed_by: Option<String>,
    pub corrects: Option<String>,
    pub people: i64,
}

pub const RUN_COLUMNS: &[&str] =
    &["code", "period", "from", "until", "made_at", "status", "confirmed_by", "corrects", "people"];

pub fn runs(conn: &Connection, each: &mut dyn FnMut(RunRow) -> Result<()>) -> Result<()> {
    store::runs(conn, each)
}

/// One person's appraisal in a run, as the HR office reads it.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub staff: String,
    pub name: String,
    pub role: String,
    pub tickets: i64,
    pub response_in_sla: String,
    pub repairs: i64,
    pub mean_hours_to_repair: Option<String>,
    pub first_time_fix: String,
    pub inspection_first_pass: String,
    pub satisfaction: Option<String>,
    pub satisfaction_answers: i64,
    pub nps: Option<i64>,
    pub nps_answers: i64,
    pub complaints: i64,
    pub training_hours: String,
    pub score: Option<String>,
    pub comment: Option<String>,
    pub acknowledged: Option<String>,
    #[serde(skip)]
    pub figures: Figures,
}

pub const LINE_COLUMNS: &[&str] = &[
    "staff",
    "name",
    "role",
    "tickets",
    "response_in_sla",
    "repairs",
    "mean_hours_to_repair",
    "first_time_fix",
    "inspection_first_pass",
    "satisfaction",
    "satisfaction_answers",
    "nps",
    "nps_answers",
    "complaints",
    "training_hours",
    "score",
    "comment",
    "acknowledged",
];

/// The lines of a run (one person's, when named), by staff code.
pub fn lines(conn: &Connection, code: &str, staff: Option<&str>) -> Result<Vec<Line>> {
    let run = run_id(conn, code)?;
    if let Some(s) = staff {
        line_id(conn, run, code, s)?;
    }
    let mut out = Vec::new();
    store::lines(conn, run, staff, &mut |l| {
        let store::StoredLine { staff, name, role, figures, score, comment, acknowledged: ack } = l;
        let f: Figures = serde_json::from_str(&figures).unwrap_or_default();
        out.push(Line {
            staff,
            name,
            role,
            tickets: f.tickets,
            response_in_sla: f.response_in_sla.show(),
            repairs: f.repairs,
            mean_hours_to_repair: f.mean_hours(),
            first_time_fix: f.first_time_fix.show(),
            inspection_first_pass: f.inspection_first_pass.show(),
            satisfaction: f.mean_satisfaction(),
            satisfaction_answers: f.satisfaction.of,
            nps: f.nps(),
            nps_answers: f.nps_answers,
            complaints: f.complaints,
            training_hours: crate::training::show_tenths(f.training_tenths),
            score,
            comment,
            acknowledged: ack.map(|a| crate::clock::show_local(&a)),
            figures: f,
        });
        Ok(())
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_are_quarters_months_or_years() {
        assert_eq!(period("2026-Q3").unwrap(), (d("2026-07-01"), d("2026-10-01")));
        assert_eq!(period("2026-q4").unwrap(), (d("2026-10-01"), d("2027-01-01")));
        assert_eq!(period("2026-09").unwrap(), (d("2026-09-01"), d("2026-10-01")));
        assert_eq!(period("2026").unwrap(), (d("2026-01-01"), d("2027-01-01")));
        for bad in ["2026-Q5", "2026-13", "soon", "", "2026-Q"] {
            assert!(period(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_score_weighs_the_rates_that_count_complaints_per_repair_among_them() {
        let w = Weights {
            sla: 25,
            first_time_fix: 25,
            inspection: 25,
            satisfaction: 25,
            complaints: 25,
            repeat_window_days: 30,
        };
        let mut f = Figures::default();
        assert_eq!(f.score(&w), None, "nothing to count: no score");
        f.response_in_sla = Ratio { kept: 3, of: 4 }; // 75
        f.first_time_fix = Ratio { kept: 1, of: 2 }; // 50
        assert_eq!(f.score(&w).unwrap(), "62.5");
        f.satisfaction = Ratio { kept: 9, of: 2 }; // 4.5 of 5: 90
        f.complaints = 1;
        assert_eq!(f.score(&w).unwrap(), "71.7", "no repair in the period: no complaint rate"); // (75 + 50 + 90) / 3
        f.repairs = 4;
        assert_eq!(f.complaint_free(), Ratio { kept: 3, of: 4 });
        assert_eq!(f.score(&w).unwrap(), "72.5"); // (75 + 50 + 90 + 75) / 4
        f.complaints = 9;
        assert_eq!(f.complaint_free(), Ratio { kept: 0, of: 4 }, "never below none");
        f.nps_answers = 4;
        f.promoters = 2;
        f.detractors = 1;
        assert_eq!(f.nps(), Some(25));
    }

    #[test]
    fn hours_to_repair_round_to_tenths() {
        assert_eq!(tenths_between("2026-03-05T02:00:00Z", "2026-03-05T08:00:00Z"), 60);
        assert_eq!(tenths_between("2026-03-05T02:00:00Z", "2026-03-05T02:20:00Z"), 3);
        assert_eq!(tenths_between("x", "2026-03-05T02:20:00Z"), 0);
    }
}
