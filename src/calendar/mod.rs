//! Working time as service contracts count it (issue 17): a regular week (which days,
//! which hours) and the exceptions of China's yearly holiday schedule: public holidays,
//! and the adjusted working days (调休) when a Saturday or Sunday is worked so that a
//! holiday can be longer. An SLA target of a priority whose clock is `business` counts
//! only working seconds; `24x7` (the default, and what urgent tickets usually use)
//! counts every second.
//!
//! The arithmetic is plain functions over a `Calendar` value (unit-tested below); the
//! database is read once per write, in `measure`.

mod day;
pub mod msg;

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use rusqlite::Connection;

pub use day::CalendarDay;

use crate::clock::{display_zone, Zone};
use crate::error::{Result, SqlContext};

crate::text_enum! {
    /// What a listed day is: a public holiday (no work, though a weekday), or an
    /// adjusted working day (调休: worked, though a weekend).
    pub enum DayKind { Holiday = "holiday", Workday = "workday" }
}

crate::text_enum! {
    /// How a priority's SLA clocks run.
    pub enum SlaClock {
        /// Every second counts, nights and holidays too.
        AroundTheClock = "24x7",
        /// Only the working hours of the calendar count.
        Business = "business",
    }
}

/// The regular working week: the days worked (Monday first) and the hours of a
/// working day, `open` to `close` in the business time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Week {
    pub days: [bool; 7],
    pub open: NaiveTime,
    pub close: NaiveTime,
}

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAY_NAMES_ZH: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];

/// One weekday by name: `Mon`, `monday`, `周一`, `星期一` (`日`/`天` for Sunday); 0 is Monday.
fn weekday(s: &str) -> Option<usize> {
    let s = s.trim().to_lowercase();
    if let Some(i) = DAY_NAMES.iter().position(|d| s.len() >= 3 && d.starts_with(&s[..3]) && s.is_ascii()) {
        let full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"][i];
        return (s.len() == 3 || s == full).then_some(i);
    }
    let zh = s.trim_start_matches("星期").trim_start_matches('周').trim_start_matches("礼拜");
    let zh = if zh == "天" { "日" } else { zh };
    DAY_NAMES_ZH.iter().position(|d| *d == zh)
}

/// The days of a working week: `Mon-Fri`, `Mon-Sat`, `Mon,Wed,Fri`, `周一至周五`. A range
/// runs forward and may wrap (`Sat-Mon`). None when a name is unknown or no day is given.
pub fn parse_days(s: &str) -> Option<[bool; 7]> {
    let mut days = [false; 7];
    for part in s.split([',', '，', '、']).map(str::trim).filter(|p| !p.is_empty()) {
        let range = part.split_once('-').or_else(|| part.split_once('至')).or_else(|| part.split_once('~'));
        match range {
            Some((a, b)) => {
                let (a, b) = (weekday(a)?, weekday(b)?);
                let mut d = a;
                loop {
                    days[d] = true;
                    if d == b {
                        break;
                    }
                    d = (d + 1) % 7;
                }
            }
            None => days[weekday(part)?] = true,
        }
    }
    days.contains(&true).then_some(days)
}

/// The days of a week as the setting writes them: `Mon-Fri`, or a list.
pub fn show_days(days: &[bool; 7]) -> String {
    let title = |i: usize| {
        let n = DAY_NAMES[i];
        n[..1].to_uppercase() + &n[1..]
    };
    let on: Vec<usize> = (0..7).filter(|&i| days[i]).collect();
    let contiguous = on.windows(2).all(|w| w[1] == w[0] + 1);
    match on.as_slice() {
        [only] => title(*only),
        [first, .., last] if contiguous => format!("{}-{}", title(*first), title(*last)),
        _ => on.into_iter().map(title).collect::<Vec<_>>().join(","),
    }
}

/// The hours of a working day: `08:30-17:30`, opening before closing (no shift runs
/// past midnight: a round-the-clock service uses the `24x7` clock instead).
pub fn parse_hours(s: &str) -> Option<(NaiveTime, NaiveTime)> {
    let (a, b) = s.split_once('-').or_else(|| s.split_once('至')).or_else(|| s.split_once('~'))?;
    let time = |t: &str| NaiveTime::parse_from_str(t.trim(), "%H:%M").ok();
    let (open, close) = (time(a)?, time(b)?);
    (open < close).then_some((open, close))
}

/// The working calendar: the week and the listed exceptions.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    pub week: Week,
    pub exceptions: BTreeMap<NaiveDate, DayKind>,
}

/// How far a search for working time goes before giving up (about 110 years): a
/// calendar whose every day is a holiday would otherwise never end.
const MAX_DAYS: usize = 40_000;

impl Calendar {
    /// Whether `d` is worked: a listed exception decides, else the week.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.exceptions.get(&d) {
            Some(DayKind::Workday) => true,
            Some(DayKind::Holiday) => false,
            None => self.week.days[d.weekday().num_days_from_monday() as usize],
        }
    }

    /// The working hours of `d` as instants, when it is a working day.
    fn hours(&self, d: NaiveDate, zone: Zone) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        if !self.is_working_day(d) {
            return None;
        }
        let open = zone.instant(&d.and_time(self.week.open))?;
        let close = zone.instant(&d.and_time(self.week.close))?;
        (open < close).then_some((open, close))
    }

    /// The instant `secs` working seconds after `start`. A time left that is already
    /// negative (the target was missed before the clock stopped) stays a plain span
    /// before `start`: the ticket shows overdue, by as long as it was.
    pub fn add(&self, start: DateTime<Utc>, secs: i64, zone: Zone) -> DateTime<Utc> {
        if secs <= 0 {
            return start + Duration::seconds(secs);
        }
        let mut left = secs;
        let mut day = zone.date(start);
        for _ in 0..MAX_DAYS {
            if let Some((open, close)) = self.hours(day, zone) {
                let from = open.max(start);
                if from < close {
                    let here = (close - from).num_seconds();
                    if left <= here {
                        return from + Duration::seconds(left);
                    }
                    left -= here;
                }
            }
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
        // No working time for a century: count around the clock rather than never.
        start + Duration::seconds(secs)
    }

    /// Working seconds from `a` to `b`; negative when `b` is before `a`.
    pub fn between(&self, a: DateTime<Utc>, b: DateTime<Utc>, zone: Zone) -> i64 {
        if b < a {
            return -self.between(b, a, zone);
        }
        let (mut day, last) = (zone.date(a), zone.date(b));
        let mut total = 0;
        while day <= last {
            if let Some((open, close)) = self.hours(day, zone) {
                let (from, to) = (open.max(a), close.min(b));
                if from < to {
                    total += (to - from).num_seconds();
                }
            }
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
        total
    }
}

/// How a ticket's SLA clocks measure time: every second, or the calendar's working
/// seconds in a zone. The ticket's SLA arithmetic (`ticket::sla`) takes one of these.
#[derive(Debug, Clone, PartialEq)]
pub enum Measure {
    AroundTheClock,
    Working(Box<Calendar>, Zone),
}

impl Measure {
    /// The instant `secs` counted seconds after `start`.
    pub fn add(&self, start: DateTime<Utc>, secs: i64) -> DateTime<Utc> {
        match self {
            Measure::AroundTheClock => start + Duration::seconds(secs),
            Measure::Working(cal, zone) => cal.add(start, secs, *zone),
        }
    }

    /// Counted seconds from `a` to `b`; negative when `b` is before `a`.
    pub fn between(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
        match self {
            Measure::AroundTheClock => (b - a).num_seconds(),
            Measure::Working(cal, zone) => cal.between(a, b, *zone),
        }
    }
}

/// The calendar as configured: the week from the settings, the exceptions from the
/// table (`svc calendar import`).
pub fn load(conn: &Connection) -> Result<Calendar> {
    let days = crate::config::get(conn, "calendar.days")?;
    let hours = crate::config::get(conn, "calendar.hours")?;
    // Both were checked when set; a default that fails to parse is a bug, said plainly.
    let days = parse_days(&days).ok_or_else(|| crate::error::Error::internal(msg::calendar_bad_days(&days)))?;
    let (open, close) =
        parse_hours(&hours).ok_or_else(|| crate::error::Error::internal(msg::calendar_bad_hours(&hours)))?;
    let mut exceptions = BTreeMap::new();
    let mut st = conn.prepare_cached("SELECT day, kind FROM calendar_days").ctx("reading the calendar")?;
    let rows =
        st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).ctx("reading the calendar")?;
    for row in rows {
        let (day, kind) = row.ctx("reading the calendar")?;
        // The table's CHECKs admit only dates and these two kinds.
        if let (Ok(d), Ok(k)) = (NaiveDate::parse_from_str(&day, "%Y-%m-%d"), kind.parse::<DayKind>()) {
            exceptions.insert(d, k);
        }
    }
    Ok(Calendar { week: Week { days, open, close }, exceptions })
}

/// The clock a priority's SLA runs on (setting `sla.<priority>.clock`).
pub fn sla_clock(conn: &Connection, priority: &str) -> Result<SlaClock> {
    let key = format!("sla.{priority}.clock");
    let v = crate::config::get(conn, &key)?;
    v.parse().map_err(|_| crate::error::Error::internal(msg::calendar_bad_clock(&key, &v)))
}

/// How to measure a ticket's SLA time, from the clock recorded on it when it was opened
/// (none on tickets opened before working-hour clocks existed: around the clock).
pub fn measure(conn: &Connection, clock: Option<&str>) -> Result<Measure> {
    Ok(match clock.map(str::parse::<SlaClock>) {
        Some(Ok(SlaClock::Business)) => Measure::Working(Box::new(load(conn)?), display_zone()),
        _ => Measure::AroundTheClock,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn zone() -> Zone {
        Zone::Fixed(FixedOffset::east_opt(8 * 3600).unwrap())
    }
    fn t(s: &str) -> DateTime<Utc> {
        let naive = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        zone().instant(&naive).unwrap()
    }
    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    /// Mon–Fri 08:30–17:30 with China's 2026 National Day week: 1–7 October off, Sunday
    /// 20 September and Saturday 10 October worked.
    fn cal() -> Calendar {
        let (open, close) = parse_hours("08:30-17:30").unwrap();
        let mut exceptions = BTreeMap::new();
        for day in 1..=7 {
            exceptions.insert(d(&format!("2026-10-0{day}")), DayKind::Holiday);
        }
        exceptions.insert(d("2026-09-20"), DayKind::Workday);
        exceptions.insert(d("2026-10-10"), DayKind::Workday);
        Calendar { week: Week { days: parse_days("Mon-Fri").unwrap(), open, close }, exceptions }
    }

    #[test]
    fn weeks_are_read_in_english_and_chinese() {
        let mon_fri = [true, true, true, true, true, false, false];
        assert_eq!(parse_days("Mon-Fri"), Some(mon_fri));
        assert_eq!(parse_days("周一至周五"), Some(mon_fri));
        assert_eq!(parse_days("monday-friday"), Some(mon_fri));
        assert_eq!(parse_days("Sat-Mon"), Some([true, false, false, false, false, true, true]));
        assert_eq!(parse_days("Mon,Wed,星期五"), Some([true, false, true, false, true, false, false]));
        assert_eq!(parse_days("Mo-Fr"), None);
        assert_eq!(parse_days("Mond"), None);
        assert_eq!(parse_days(""), None);
        assert_eq!(show_days(&mon_fri), "Mon-Fri");
        assert_eq!(show_days(&[true, false, true, false, true, false, false]), "Mon,Wed,Fri");
        assert_eq!(
            parse_hours("08:30-17:30").map(|(a, b)| (a.to_string(), b.to_string())),
            Some(("08:30:00".into(), "17:30:00".into()))
        );
        assert_eq!(parse_hours("17:30-08:30"), None);
        assert_eq!(parse_hours("8.30-17.30"), None);
    }

    #[test]
    fn exceptions_decide_before_the_week() {
        let c = cal();
        assert!(!c.is_working_day(d("2026-10-01")), "a holiday on a Thursday");
        assert!(c.is_working_day(d("2026-10-10")), "调休: a Saturday worked");
        assert!(!c.is_working_day(d("2026-10-11")), "an ordinary Sunday");
        assert!(c.is_working_day(d("2026-10-12")));
    }

    #[test]
    fn working_time_skips_nights_weekends_and_holidays() {
        let c = cal();
        // Friday 17:00 + 4 h: half an hour on Friday, 3.5 h on Monday.
        assert_eq!(c.add(t("2026-11-27 17:00"), 4 * 3600, zone()), t("2026-11-30 12:00"));
        // At night, the clock starts when work starts.
        assert_eq!(c.add(t("2026-11-30 22:00"), 3600, zone()), t("2026-12-01 09:30"));
        // Wednesday 30 September 16:30 + 2 h: 1 h that day, the National Day week off,
        // the other hour on Thursday 8 October.
        assert_eq!(c.add(t("2026-09-30 16:30"), 2 * 3600, zone()), t("2026-10-08 09:30"));
        // Friday 9 October 17:00 + 1 h: the 调休 Saturday is worked.
        assert_eq!(c.add(t("2026-10-09 17:00"), 3600, zone()), t("2026-10-10 09:00"));
        // Exactly at closing the target is met that day.
        assert_eq!(c.add(t("2026-11-30 16:30"), 3600, zone()), t("2026-11-30 17:30"));
    }

    #[test]
    fn between_is_the_inverse_of_add() {
        let c = cal();
        for (start, secs) in [("2026-11-27 17:00", 4 * 3600), ("2026-09-30 16:30", 7200), ("2026-10-09 03:00", 36_000)]
        {
            let end = c.add(t(start), secs, zone());
            assert_eq!(c.between(t(start), end, zone()), secs, "from {start}");
            assert_eq!(c.between(end, t(start), zone()), -secs);
        }
        // A whole holiday week holds no working time.
        assert_eq!(c.between(t("2026-10-01 00:00"), t("2026-10-08 00:00"), zone()), 0);
    }

    #[test]
    fn time_already_past_stays_past() {
        let c = cal();
        assert_eq!(c.add(t("2026-11-30 10:00"), -600, zone()), t("2026-11-30 09:50"));
    }

    #[test]
    fn a_calendar_with_no_working_day_counts_around_the_clock_rather_than_never() {
        let mut c = cal();
        c.week.days = [false; 7];
        c.exceptions.clear();
        assert_eq!(c.add(t("2026-11-30 10:00"), 60, zone()), t("2026-11-30 10:01"));
    }
}
