//! Emergency response (R6): plans as versioned YAML documents (plan), drills that practise
//! them (drill), the reserves they rely on in the parts ledger (reserve), and incidents
//! that activate them (incident). `check` answers the readiness question: which plans
//! no longer hold.

pub mod document;
pub mod drill;
pub mod incident;
pub mod msg;
pub mod plan;
pub mod reserve;
pub mod sheet;
mod store;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use crate::due::Window;
use crate::error::Result;

/// The setting: days within which a plan is drilled and reviewed again (R6.1).
pub const REVIEW_SETTING: &str = "drill_review_days";

/// One reason a plan no longer holds, in `svc drill plan check`.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub plan: String,
    pub version: i64,
    pub problem: String,
    pub detail: String,
}

pub const PROBLEM_COLUMNS: &[&str] = &["plan", "version", "problem", "detail"];

/// Every plan whose people, reserves, drills or review no longer hold, as of `window`:
/// people who have left, parts no longer in the catalogue, reserve items short or
/// expired, drill findings not answered, a review past due.
pub fn check(conn: &Connection, window: &Window, horizon: NaiveDate) -> Result<Vec<Problem>> {
    let mut out = Vec::new();
    for listed in plan::list(conn)? {
        let v = plan::version(conn, &listed.code, Some(listed.version))?;
        let mut add = |problem: &str, detail: String| {
            out.push(Problem { plan: listed.code.clone(), version: listed.version, problem: problem.into(), detail })
        };
        for m in plan::references(conn, &v.plan)? {
            add("reference", m.to_string());
        }
        for (path, code) in v.plan.people() {
            if let Some(name) = uncertified(conn, window, code)? {
                add("certificate", msg::check_certificate(path, code, name).to_string());
            }
        }
        for l in reserve::plan_lines(conn, &v.plan, window.today, horizon)? {
            if l.short > 0 {
                add("reserve_short", msg::check_short(&l.part_no, &l.location, l.need, l.usable).to_string());
            }
            if l.expired > 0 {
                add("reserve_expired", msg::check_expired(&l.part_no, &l.location, l.expired).to_string());
            }
        }
        for f in drill::list_findings(conn, None, Some(&listed.code), true)? {
            add("finding_open", msg::check_finding(&f.drill, f.seq, &f.finding).to_string());
        }
        if window.is_overdue(&listed.review_when) {
            add("review_due", msg::check_review(&listed.review_due).to_string());
        }
    }
    Ok(out)
}

/// An active technician or engineer with no certificate valid now (R2.1): their name.
/// Staff of other roles, and staff who left (a reference problem already), pass.
fn uncertified(conn: &Connection, window: &Window, code: &str) -> Result<Option<String>> {
    use crate::exchange::Stored;
    let Some((_, s)) = crate::staff::Staff::find(conn, code)? else { return Ok(None) };
    if !s.active || !crate::staff::CERTIFIED_ROLES.contains(&s.role.as_str()) {
        return Ok(None);
    }
    let f = crate::staff::CertFilter { staff: Some(code.to_string()), ..Default::default() };
    let certs = crate::staff::certificates(conn, window.now, &f)?;
    Ok((!certs.iter().any(|c| c.state != "expired")).then_some(s.name))
}
