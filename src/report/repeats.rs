//! Repeat failures (R8.2.2): a repair signed in a period was not a first-time fix when
//! another repair of the same device was opened after the signature and at most the
//! window's days after it. The reports and the appraisal count this for every repair
//! signed in the period: a year holds about 120,000 of them on the service benchmark.
//!
//! Asked per repair, in SQL, that is one B-tree seek per repair into the device's
//! repairs, all over the index (it was most of the cost of `report monthly` and of
//! `appraisal run`). Here the repairs opened in the span that can hold a repeat are read
//! once, device by device from the index on (device, opening), which holds all that is
//! read, and kept by device in opening order; each signed repair then looks at its
//! device's list. `report monthly` reads them once for its 12 months and counts its two
//! headline months with the same lists (`covers`). The test is the SQL one, kept exactly:
//! the opening after the signature compared as stored text (`n.opened_at > r.signed_at`,
//! SQLite's binary collation is Rust's byte order), and the window compared on the
//! `julianday` values SQLite computes (`julianday(n.opened_at) <= julianday(r.signed_at,
//! '+N days')`, false when either is not a time), another repair than itself.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::figures::{day_start, Period};
use super::store;
use crate::error::Result;

/// A repair opened: its id, when (as stored: a range of `Openings::text`) and SQLite's
/// julianday of it.
struct Opening {
    id: i64,
    at: (u32, u32),
    julian: Option<f64>,
}

/// The repairs opened in a span, by device, each device's in opening order. Kept flat
/// (one list, one text for all the stored times, a range per device): a year holds about
/// 120,000 openings, and one allocation per opening and per device made the look-ups
/// slow.
pub struct Openings {
    list: Vec<Opening>,
    text: String,
    /// Each device's openings: a range of `list`.
    by_device: HashMap<i64, (usize, usize)>,
    /// The period whose signed repairs the lists answer for, and the window.
    period: Period,
    window_days: i64,
}

impl Openings {
    /// The repairs that can repeat one signed in `p` with a window of `window_days`:
    /// opened after the period's start (a repeat opens after a signature in the period)
    /// and before the period's end plus the window and three days. Stored instants are
    /// UTC RFC 3339 text (every write stores them so): the margin covers any zone suffix
    /// such text could carry, so no opening within a window is left out.
    /// Read device by device, each device's in opening order (`store::facts::openings`).
    pub fn load(conn: &Connection, p: &Period, window_days: i64) -> Result<Openings> {
        let (from, _) = p.bounds();
        let margin = u64::try_from(window_days.max(0)).unwrap_or(0) + 3;
        let until = p.until.checked_add_days(chrono::Days::new(margin)).unwrap_or(NaiveDate::MAX);
        let mut openings = Openings::empty(*p, window_days);
        store::facts::openings(conn, &from, &day_start(until), &mut |(device, id, at, julian)| {
            openings.push(device, id, &at, julian);
            Ok(())
        })?;
        Ok(openings)
    }

    fn empty(period: Period, window_days: i64) -> Openings {
        Openings { list: Vec::new(), text: String::new(), by_device: HashMap::new(), period, window_days }
    }

    /// Add an opening after the device's others: openings come device by device, each
    /// device's in opening order.
    fn push(&mut self, device: i64, id: i64, at: &str, julian: Option<f64>) {
        let start = self.text.len();
        self.text.push_str(at);
        let at = (start as u32, self.text.len() as u32);
        let n = self.list.len();
        let range = self.by_device.entry(device).or_insert((n, n));
        debug_assert_eq!(range.1, n, "a device's openings come together");
        range.1 = n + 1;
        self.list.push(Opening { id, at, julian });
    }

    fn at(&self, o: &Opening) -> &str {
        &self.text[o.at.0 as usize..o.at.1 as usize]
    }

    /// The repeat window these lists were read for, in days.
    pub fn window_days(&self) -> i64 {
        self.window_days
    }

    /// Whether the lists answer for every repair signed in `p`: `p` lies within the
    /// period they were read for (they then hold every opening that can repeat one).
    pub fn covers(&self, p: &Period) -> bool {
        self.period.from <= p.from && p.until <= self.period.until
    }

    /// Whether repair `id` of `device`, signed at `signed_at` with the window's bound
    /// `bound` (`julianday(signed_at, '+N days')`), was repeated: another repair of the
    /// device opened after the signature and by the bound.
    pub fn repeated(&self, device: i64, id: i64, signed_at: &str, bound: Option<f64>) -> bool {
        let (Some(bound), Some(&(start, end))) = (bound, self.by_device.get(&device)) else { return false };
        let list = &self.list[start..end];
        let after = list.partition_point(|o| self.at(o) <= signed_at);
        list[after..].iter().any(|o| o.id != id && o.julian.is_some_and(|j| j <= bound))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn openings(list: &[(i64, i64, &str, f64)]) -> Openings {
        let mut o = Openings::empty(Period::month_of(NaiveDate::default()), 30);
        for (device, id, at, julian) in list {
            o.push(*device, *id, at, Some(*julian));
        }
        o
    }

    #[test]
    fn r8_2_2_a_repeat_is_another_repair_of_the_device_opened_after_signing_within_the_window() {
        // Julian days: signed at 10.0, the window's bound at 40.0.
        let o = openings(&[
            (1, 1, "2026-11-01T00:00:00Z", 9.0),
            (1, 2, "2026-11-20T00:00:00Z", 39.5),
            (2, 3, "2026-11-20T00:00:00Z", 40.5),
        ]);
        assert!(o.repeated(1, 1, "2026-11-01T06:00:00Z", Some(40.0)), "inside the window");
        assert!(!o.repeated(2, 9, "2026-11-01T06:00:00Z", Some(40.0)), "just outside the window");
        assert!(!o.repeated(1, 2, "2026-11-20T06:00:00Z", Some(40.0)), "nothing opened after the signature");
        assert!(!o.repeated(1, 2, "2026-11-19T06:00:00Z", Some(40.0)), "itself is no repeat");
        assert!(!o.repeated(1, 1, "2026-11-01T06:00:00Z", None), "no bound: not a time");
        assert!(!o.repeated(3, 1, "2026-11-01T06:00:00Z", Some(40.0)), "a device without openings");
    }
}
