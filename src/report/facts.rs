//! The records the figures count, read once each: one row per ticket, repair,
//! follow-up, survey, complaint, parts movement, wait for parts and counted line in or
//! around a period, with what a figure may be grouped by. `svc report kpi` and
//! `svc appraisal run` both count these rows, so a figure has one definition. The rows
//! are read by the report's store (`store::facts`); a repair's repeat failure is decided
//! here, from the openings `repeats` keeps.

use rusqlite::Connection;

use super::figures::Period;
use super::repeats;
use super::store;
use crate::error::Result;

pub use store::facts::{complaints, devices, followups, parts, surveys, tickets, tickets_opened_by_staff};

/// What a record may be grouped by, besides its time.
#[derive(Debug, Clone, Default)]
pub struct Tags {
    pub staff_id: Option<i64>,
    pub technician: Option<String>,
    pub model: Option<String>,
    pub customer: Option<String>,
    pub province: Option<String>,
    pub priority: Option<String>,
    /// The device's serial number.
    pub device: Option<String>,
}

/// Whether the rows carry their tags. Figures not grouped (`report kpi` without `--by`,
/// the monthly headline) put every record in one group: their rows leave the tags out
/// (NULL), and with them each repair's look-up of its technician and the LEFT JOINs that
/// only fetch names (on primary keys: they never add nor drop a row). The inner joins
/// stay, so the same records are counted either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tagged {
    Yes,
    No,
}

/// A ticket opened or closed in the period.
#[derive(Debug, Clone)]
pub struct TicketFact {
    pub tags: Tags,
    pub opened_at: String,
    pub responded_at: Option<String>,
    pub closed_at: Option<String>,
    /// Seconds the ticket waited on the customer or on parts (the SLA clock stopped).
    pub waited_seconds: i64,
    /// Breaches as the ticket's SLA clock recorded them, pauses excluded.
    pub response_breached: bool,
    pub resolution_breached: bool,
}

/// The tickets of `tickets` opened in the period, per technician assigned: how many,
/// how many were answered and how many of those within the SLA (as the ticket's clock
/// recorded it, pauses excluded). Counted in the database for the appraisal, which
/// needs no other tag: a year is about 200,000 tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenedBy {
    pub staff_id: i64,
    pub opened: i64,
    pub answered: i64,
    pub answered_in_sla: i64,
}

/// A repair opened, signed, or still open at the end of the period (declined later
/// included: it was open then).
#[derive(Debug, Clone)]
pub struct RepairFact {
    pub tags: Tags,
    /// The customer's call: the ticket's opening (downtime starts there).
    pub called_at: String,
    pub opened_at: String,
    pub signed_at: Option<String>,
    /// When the customer declined the plan (the repair ended unrepaired), if so.
    pub declined_at: Option<String>,
    /// Another repair of the same device opened within the repeat window after signing
    /// (`repeats`); looked up for the repairs signed in the period only, false for others.
    pub repeated: bool,
    /// The first inspection's result, when inspected.
    pub first_pass: Option<bool>,
    /// The follow-up's answers, when it was held.
    pub satisfaction: Option<i64>,
    pub nps: Option<i64>,
}

/// A repair as read, with what its repeat test needs (`repeats::Openings::repeated`):
/// its fact (`repeated` not yet decided), its id, its device, and the repeat window's
/// bound of its signature (`julianday(signed_at, '+N days')`).
#[derive(Debug, Clone)]
pub struct RepairRow {
    pub fact: RepairFact,
    pub id: i64,
    pub device: i64,
    pub bound: Option<f64>,
}

/// The repairs of a period with their tags, their repeats found in the openings read
/// for it.
pub fn repairs(
    conn: &Connection,
    p: &Period,
    window_days: i64,
    each: &mut dyn FnMut(RepairFact) -> Result<()>,
) -> Result<()> {
    let openings = repeats::Openings::load(conn, p, window_days)?;
    repairs_with(conn, p, &openings, Tagged::Yes, each)
}

/// The repairs of `repairs`, their repeats found in `openings` (read for `p` or for a
/// longer span that covers it: `repeats::Openings::covers`): looked up for the repairs
/// signed in the period only.
pub fn repairs_with(
    conn: &Connection,
    p: &Period,
    openings: &repeats::Openings,
    tagged: Tagged,
    each: &mut dyn FnMut(RepairFact) -> Result<()>,
) -> Result<()> {
    debug_assert!(openings.covers(p), "the openings are read for the period");
    let (from, to) = p.bounds();
    store::facts::repairs(conn, p, openings.window_days(), tagged, &mut |mut r| {
        r.fact.repeated = match r.fact.signed_at.as_deref() {
            Some(s) if s >= from.as_str() && s < to.as_str() => openings.repeated(r.device, r.id, s, r.bound),
            _ => false,
        };
        each(r.fact)
    })
}

/// A follow-up due in the period: held by its due day, or not; one neither held nor
/// yet due on `today` is not counted (it may still be held on time).
#[derive(Debug, Clone)]
pub struct FollowupFact {
    pub tags: Tags,
    pub due: String,
    pub done_on: Option<String>,
}

/// A survey answered in the period (overall 1–5, NPS 0–10).
#[derive(Debug, Clone)]
pub struct SurveyFact {
    pub tags: Tags,
    pub date: String,
    pub overall: i64,
    pub nps: Option<i64>,
}

/// A complaint received in the period (quality's complaints register, R7.3), attributed
/// to the technician of the device's last repair signed before it was received.
#[derive(Debug, Clone)]
pub struct ComplaintFact {
    pub tags: Tags,
    pub received_at: String,
}

/// A stock event with a value in fen: parts issued (net of returns), a wait for parts,
/// a counted difference.
#[derive(Debug, Clone)]
pub struct PartsFact {
    pub tags: Tags,
    pub at: String,
    pub kind: PartsKind,
    pub fen: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartsKind {
    Consumed,
    StockOut,
    Variance,
}
