//! What time it is. `SVC_NOW` overrides the clock so that tests and reports are
//! reproducible. Times are stored in UTC (RFC 3339, seconds); people see and type them
//! in the display zone, which `display_zone` alone decides.

use chrono::{DateTime, FixedOffset, Local, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, TimeZone, Utc};

use crate::error::{Error, Kind, Result};
use crate::words::m;

#[derive(Debug, Clone, Copy)]
pub struct Clock {
    now: DateTime<Utc>,
}

impl Clock {
    /// The system clock, or `SVC_NOW` when it is set.
    pub fn from_env() -> Result<Clock> {
        match std::env::var("SVC_NOW") {
            Ok(v) if !v.trim().is_empty() => {
                let now =
                    parse_instant(&v).ok_or_else(|| Error::Msg(Kind::Usage, m::clock_bad_now(format!("{v:?}"))))?;
                Ok(Clock { now })
            }
            // Not text at all: refused like any other bad value, never the real clock
            // taken silently instead of the one asked for.
            Err(std::env::VarError::NotUnicode(v)) => {
                Err(Error::Msg(Kind::Usage, m::clock_bad_now(format!("{:?}", v.to_string_lossy()))))
            }
            _ => Ok(Clock { now: Utc::now() }),
        }
    }

    pub fn fixed(now: DateTime<Utc>) -> Clock {
        Clock { now }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    pub fn now_text(&self) -> String {
        self.now.to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// Today's date in the display zone.
    pub fn today(&self) -> NaiveDate {
        display_zone().date(self.now)
    }
}

/// A zone that times are shown and typed in, for people. Inside, every time is UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// The machine's zone (`TZ`).
    Local,
    /// A fixed offset, such as +08:00 (China keeps no daylight saving time).
    Fixed(FixedOffset),
}

impl Zone {
    /// `t` as people read it here: `YYYY-MM-DD HH:MM:SS`.
    pub fn show(self, t: DateTime<Utc>) -> String {
        const FORM: &str = "%Y-%m-%d %H:%M:%S";
        match self {
            Zone::Local => t.with_timezone(&Local).format(FORM).to_string(),
            Zone::Fixed(o) => t.with_timezone(&o).format(FORM).to_string(),
        }
    }

    /// The calendar day `t` falls on here.
    pub fn date(self, t: DateTime<Utc>) -> NaiveDate {
        match self {
            Zone::Local => t.with_timezone(&Local).date_naive(),
            Zone::Fixed(o) => t.with_timezone(&o).date_naive(),
        }
    }

    /// A wall-clock time typed here, as an instant (the earlier one when a clock change
    /// makes it ambiguous; none when it never happened here).
    pub fn instant(self, wall: &NaiveDateTime) -> Option<DateTime<Utc>> {
        match self {
            Zone::Local => local_instant(wall),
            Zone::Fixed(o) => o.from_local_datetime(wall).earliest().map(|t| t.with_timezone(&Utc)),
        }
    }
}

/// A wall-clock time of the machine's zone as an instant: the earlier one in the hour
/// that autumn's clock change repeats, none in the hour spring's skips. chrono's `Local`
/// answered the repeated hour with its second instant (`2026-11-01 01:30` in New York as
/// 06:30 UTC, not 05:30), so the candidates are made here: the wall time at each offset
/// in force a day before and a day after, kept when the zone has that offset then.
fn local_instant(wall: &NaiveDateTime) -> Option<DateTime<Utc>> {
    let day = chrono::TimeDelta::days(1);
    let offsets = [wall.checked_sub_signed(day)?, wall.checked_add_signed(day)?]
        .map(|t| Local.offset_from_utc_datetime(&t).local_minus_utc());
    offsets
        .iter()
        .filter_map(|&secs| {
            let utc = wall.checked_sub_signed(chrono::TimeDelta::seconds(secs.into()))?;
            (Local.offset_from_utc_datetime(&utc).local_minus_utc() == secs).then(|| Utc.from_utc_datetime(&utc))
        })
        .min()
}

/// Zones named by the IANA database that keep one offset all year (China's, and its
/// neighbours' that a Chinese service company meets). A zone with daylight saving time
/// is given as `local`, with `TZ` naming it.
const FIXED_NAMES: &[(&str, i32)] = &[
    ("asia/shanghai", 8),
    ("asia/chongqing", 8),
    ("asia/chungking", 8),
    ("asia/harbin", 8),
    ("prc", 8),
    ("asia/hong_kong", 8),
    ("asia/macau", 8),
    ("asia/taipei", 8),
    ("asia/singapore", 8),
    ("asia/urumqi", 6),
    ("asia/kashgar", 6),
    ("asia/tokyo", 9),
    ("asia/seoul", 9),
];

impl Zone {
    /// A zone as the setting `time.zone` and `--tz` write it: `local` (the machine's
    /// `TZ`), `UTC`, an offset (`+08:00`, `+0800`, `+8`, `UTC+8`) or a name from
    /// `FIXED_NAMES` (`Asia/Shanghai`).
    pub fn parse(s: &str) -> Option<Zone> {
        let s = s.trim().to_lowercase();
        match s.as_str() {
            "local" => return Some(Zone::Local),
            "utc" | "gmt" | "z" | "etc/utc" => return FixedOffset::east_opt(0).map(Zone::Fixed),
            _ => {}
        }
        if let Some((_, hours)) = FIXED_NAMES.iter().find(|(n, _)| *n == s) {
            return FixedOffset::east_opt(hours * 3600).map(Zone::Fixed);
        }
        let offset = s.strip_prefix("utc").or_else(|| s.strip_prefix("gmt")).unwrap_or(&s);
        let (sign, rest) = match offset.as_bytes().first()? {
            b'+' => (1, &offset[1..]),
            b'-' => (-1, &offset[1..]),
            _ => return None,
        };
        let (h, m) = match rest.split_once(':') {
            Some((h, m)) => (h, m),
            None if rest.len() == 4 => rest.split_at(2),
            None => (rest, "0"),
        };
        let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
        if !(0..=14).contains(&h) || !(0..60).contains(&m) {
            return None;
        }
        FixedOffset::east_opt(sign * (h * 3600 + m * 60)).map(Zone::Fixed)
    }

    /// The zone as the setting stores it: `local`, or an offset such as `+08:00`.
    pub fn name(self) -> String {
        match self {
            Zone::Local => "local".to_string(),
            Zone::Fixed(o) => o.to_string(),
        }
    }

    /// The machine's offset at `now`, as a fixed zone: what `svc init` stores, so that
    /// the database keeps the zone it was made in whatever machine later opens it.
    pub fn here(now: DateTime<Utc>) -> Zone {
        Zone::Fixed(*now.with_timezone(&Local).offset())
    }
}

/// The business zone, once the edge has read it (`set_display_zone`): an offset in
/// seconds, or `LOCAL` for the machine's zone. An atomic, not a thread-local: every
/// thread of a run shows times alike.
static ZONE: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(LOCAL);
const LOCAL: i32 = i32::MIN;
/// Not read yet: `PENDING_ZONE` says from where (`defer_display_zone`).
const PENDING: i32 = i32::MIN + 1;

/// The database whose setting names the zone, and how to read it on a connection of its
/// own, while the zone is `PENDING`.
type ZoneReader = fn(&std::path::Path) -> Option<Zone>;
static PENDING_ZONE: std::sync::Mutex<Option<(std::path::PathBuf, ZoneReader)>> = std::sync::Mutex::new(None);

/// The zone is the setting of the database at `path`, read when first needed: by the
/// command's own connection as it opens that file (`settle_display_zone`), so a run
/// opens the file once, or with `read` if a time is typed or shown before that (a
/// time flag, parsed as the command line is read). A database naming no zone leaves
/// the machine's.
pub fn defer_display_zone(path: std::path::PathBuf, read: ZoneReader) {
    let mut pending = PENDING_ZONE.lock().unwrap_or_else(|e| e.into_inner());
    *pending = Some((path, read));
    ZONE.store(PENDING, std::sync::atomic::Ordering::Relaxed);
}

/// The database at `path` has just been opened: if the zone waits for its setting, take
/// it from `stored` (a query on that connection). Any other file changes nothing.
pub fn settle_display_zone(path: &std::path::Path, stored: impl FnOnce() -> Option<Zone>) {
    if ZONE.load(std::sync::atomic::Ordering::Relaxed) != PENDING {
        return;
    }
    let mut pending = PENDING_ZONE.lock().unwrap_or_else(|e| e.into_inner());
    if pending.as_ref().is_some_and(|(p, _)| p == path) && ZONE.load(std::sync::atomic::Ordering::Relaxed) == PENDING {
        *pending = None;
        set_display_zone(stored().unwrap_or(Zone::Local));
    }
}

/// Use `zone` for every time shown, typed or dated from now on. The edge calls it
/// before the command line is read (`cli::zone`), since time flags are parsed then.
pub fn set_display_zone(zone: Zone) {
    let v = match zone {
        Zone::Local => LOCAL,
        Zone::Fixed(o) => o.local_minus_utc(),
    };
    ZONE.store(v, std::sync::atomic::Ordering::Relaxed);
}

/// The zone people see and type times in: the one place that decides it. The business
/// time zone kept in the database (setting `time.zone`, stored by `svc init`), or
/// `--tz` for one run; the machine's zone for a database that names none.
pub fn display_zone() -> Zone {
    match ZONE.load(std::sync::atomic::Ordering::Relaxed) {
        LOCAL => Zone::Local,
        PENDING => {
            let mut pending = PENDING_ZONE.lock().unwrap_or_else(|e| e.into_inner());
            if ZONE.load(std::sync::atomic::Ordering::Relaxed) == PENDING {
                let zone = pending.take().and_then(|(path, read)| read(&path)).unwrap_or(Zone::Local);
                set_display_zone(zone);
            }
            drop(pending);
            display_zone()
        }
        secs => FixedOffset::east_opt(secs).map_or(Zone::Local, Zone::Fixed),
    }
}

/// An instant as a user writes it: RFC 3339, or local `YYYY-MM-DD[ HH:MM[:SS]]`.
pub fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    display_zone().instant(&parse_wall(s)?)
}

/// Whether `s` is a well-formed local time that the display zone skips (the hour
/// daylight saving time begins with): said as such, not as a malformed time.
pub fn is_skipped_local_time(s: &str) -> bool {
    let s = s.trim();
    DateTime::parse_from_rfc3339(s).is_err() && parse_wall(s).is_some_and(|w| display_zone().instant(&w).is_none())
}

/// A wall-clock time as typed: `YYYY-MM-DD[ HH:MM[:SS]]`, or a date as imports read it.
fn parse_wall(s: &str) -> Option<NaiveDateTime> {
    let naive = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .or_else(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().map(|d| d.and_time(NaiveTime::MIN)));
    let naive = match naive {
        Some(n) => n,
        // Legacy forms: a date as imports accept it (2024/5/1, 2024年5月1日), then HH:MM[:SS].
        None => {
            let (day, time) = s.split_once(char::is_whitespace).unwrap_or((s, ""));
            let day = crate::exchange::normalize::date(day).ok()?;
            let time = time.trim();
            let time = if time.is_empty() {
                NaiveTime::MIN
            } else {
                NaiveTime::parse_from_str(time, "%H:%M:%S")
                    .or_else(|_| NaiveTime::parse_from_str(time, "%H:%M"))
                    .ok()?
            };
            day.and_time(time)
        }
    };
    Some(naive)
}

/// A time as it is stored: UTC, RFC 3339, whole seconds.
pub fn utc_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An optional `--since`/`--until` flag as a stored time.
pub fn utc_opt(t: Option<DateTime<Utc>>) -> Option<String> {
    t.map(utc_text)
}

/// A stored date (`YYYY-MM-DD`), or none when it is not one.
pub fn stored_day(stored: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(stored, "%Y-%m-%d").ok()
}

/// The day of a time in the display zone: the day a person would name for it.
pub fn local_day(t: DateTime<Utc>) -> NaiveDate {
    display_zone().date(t)
}

/// The date, in the display zone, of a stored UTC time.
pub fn local_date(stored: &str) -> Option<NaiveDate> {
    DateTime::parse_from_rfc3339(stored).ok().map(|t| display_zone().date(t.with_timezone(&Utc)))
}

/// A stored UTC time shown in `zone`, `YYYY-MM-DD HH:MM:SS`. Text that is no RFC 3339
/// time (a document signed by an earlier build froze local text) is shown as it is.
pub fn show_in(stored: &str, zone: Zone) -> String {
    DateTime::parse_from_rfc3339(stored)
        .map(|t| zone.show(t.with_timezone(&Utc)))
        .unwrap_or_else(|_| stored.to_string())
}

/// A stored UTC time shown in the display zone.
pub fn show_local(stored: &str) -> String {
    show_in(stored, display_zone())
}

/// A span flag's value (`--expiring-within 30d`), for clap: the number of days.
pub fn span_arg(s: &str) -> Result<i64, String> {
    parse_days(s).ok_or_else(|| "use a span such as 30d, 8w or 3m".to_string())
}

/// The first day svc takes: an earlier one is a typo (1026 for 2026), never a record.
pub const EARLIEST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => panic!("1900-01-01 is a date"),
};

/// How far ahead of today a typed day may be: a certificate, a warranty or a plan ten
/// years out is as far as any record looks; beyond is a typo (2062 for 2026).
const YEARS_AHEAD: u32 = 10;

/// The last day svc takes, from the clock (`SVC_NOW` read as a plain ISO date or time,
/// the system clock otherwise). None when `SVC_NOW` is in another form: parsing it here
/// would go through the date parser that asks this.
fn latest_day() -> Option<NaiveDate> {
    static LATEST: std::sync::OnceLock<Option<NaiveDate>> = std::sync::OnceLock::new();
    *LATEST.get_or_init(|| {
        let today = match std::env::var("SVC_NOW") {
            Ok(v) if !v.trim().is_empty() => {
                v.trim().get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())?
            }
            _ => Clock::from_env().ok()?.now().date_naive(),
        };
        today.checked_add_months(chrono::Months::new(12 * YEARS_AHEAD))
    })
}

/// A typed day, if it is plausible: not before 1900, not more than ten years ahead.
/// Every date svc reads (flags and imported cells) passes here, so a slip of the
/// finger is refused with a hint instead of being kept as a record.
pub fn plausible(day: NaiveDate) -> std::result::Result<NaiveDate, String> {
    let latest = latest_day();
    if day < EARLIEST_DAY || latest.is_some_and(|l| day > l) {
        let latest = latest.map(|l| l.to_string()).unwrap_or_else(|| "…".into());
        return Err(
            crate::hardening::msg::date_out_of_range(day.to_string(), EARLIEST_DAY.to_string(), latest).to_string()
        );
    }
    Ok(day)
}

/// A span such as `30d`, `2w`, `12h` or a bare number of days.
pub fn parse_days(s: &str) -> Option<i64> {
    let s = s.trim();
    let (num, mult) = match s.chars().last()? {
        'd' => (&s[..s.len() - 1], 1),
        'w' => (&s[..s.len() - 1], 7),
        'm' => (&s[..s.len() - 1], 30),
        'y' => (&s[..s.len() - 1], 365),
        c if c.is_ascii_digit() => (s, 1),
        _ => return None,
    };
    // A century is span enough for any listing, and keeps date arithmetic in range.
    num.trim().parse::<i64>().ok().filter(|n| *n >= 0).map(|n| n * mult).filter(|d| *d <= 36_500)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_by_offset_name_or_local() {
        let fixed = |s: &str| match Zone::parse(s) {
            Some(Zone::Fixed(o)) => Some(o.local_minus_utc()),
            _ => None,
        };
        for s in ["+08:00", "+0800", "+8", "UTC+8", "utc+08:00", "Asia/Shanghai", "PRC"] {
            assert_eq!(fixed(s), Some(8 * 3600), "{s}");
        }
        assert_eq!(fixed("-05:30"), Some(-(5 * 3600 + 1800)));
        assert_eq!(fixed("UTC"), Some(0));
        assert_eq!(Zone::parse("local"), Some(Zone::Local));
        for bad in ["", "+", "+25:00", "+08:60", "Europe/Paris", "8", "+8h"] {
            assert_eq!(Zone::parse(bad), None, "{bad}");
        }
        assert_eq!(Zone::parse("+8").unwrap().name(), "+08:00");
    }

    #[test]
    fn instants_in_every_accepted_form() {
        assert_eq!(
            parse_instant("2026-03-05T09:30:00+08:00").unwrap().to_rfc3339_opts(SecondsFormat::Secs, true),
            "2026-03-05T01:30:00Z"
        );
        assert!(parse_instant("2026-03-05 09:30").is_some());
        assert!(parse_instant("2026-03-05").is_some());
        assert!(parse_instant("yesterday").is_none());
        assert!(parse_instant("2024/5/1 09:00").is_some());
        assert!(parse_instant("2024年5月1日").is_some());
        assert!(parse_instant("2024/5/1 25:00").is_none());
    }

    #[test]
    fn stored_times_are_shown_in_the_zone_asked_for() {
        let beijing = Zone::Fixed(FixedOffset::east_opt(8 * 3600).unwrap());
        let new_york = Zone::Fixed(FixedOffset::west_opt(5 * 3600).unwrap());
        assert_eq!(show_in("2026-03-05T08:00:00Z", beijing), "2026-03-05 16:00:00");
        assert_eq!(show_in("2026-03-05T02:00:00Z", new_york), "2026-03-04 21:00:00");
        assert_eq!(beijing.date(parse_instant("2026-03-05T20:00:00Z").unwrap()).to_string(), "2026-03-06");
        // Local text frozen by an earlier build is left as it was.
        assert_eq!(show_in("2026-03-05 16:00:00", beijing), "2026-03-05 16:00:00");
        let wall = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap().and_hms_opt(16, 0, 0).unwrap();
        assert_eq!(beijing.instant(&wall).map(utc_text).as_deref(), Some("2026-03-05T08:00:00Z"));
    }

    #[test]
    fn spans_in_days() {
        assert_eq!(parse_days("30d"), Some(30));
        assert_eq!(parse_days("2w"), Some(14));
        assert_eq!(parse_days("45"), Some(45));
        assert_eq!(parse_days("x"), None);
        assert_eq!(parse_days("-3d"), None);
        assert_eq!(parse_days("99999999999999d"), None);
    }

    #[test]
    fn a_typed_day_is_not_before_1900_nor_ten_years_ahead() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(plausible(d("1900-01-01")).is_ok());
        assert!(plausible(d("1899-12-31")).unwrap_err().contains("1900-01-01"));
        let latest = latest_day().unwrap();
        assert!(plausible(latest).is_ok());
        assert!(plausible(latest.succ_opt().unwrap()).is_err());
    }
}
