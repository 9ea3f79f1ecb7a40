//! What time it is. `SVC_NOW` overrides the clock so that tests and reports are
//! reproducible. Times are stored in UTC (RFC 3339, seconds) and shown in local time.

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, TimeZone, Utc};

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy)]
pub struct Clock {
    now: DateTime<Utc>,
}

impl Clock {
    /// The system clock, or `SVC_NOW` when it is set.
    pub fn from_env() -> Result<Clock> {
        match std::env::var("SVC_NOW") {
            Ok(v) if !v.trim().is_empty() => {
                let now = parse_instant(&v).ok_or_else(|| {
                    Error::Usage(format!(
                        "SVC_NOW={v:?} is not a time: use RFC 3339 (2026-03-05T09:30:00+08:00) or local '2026-03-05 09:30' or a date"
                    ))
                })?;
                Ok(Clock { now })
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

    /// Today's date in local time.
    pub fn today(&self) -> NaiveDate {
        self.now.with_timezone(&Local).date_naive()
    }
}

/// An instant as a user writes it: RFC 3339, or local `YYYY-MM-DD[ HH:MM[:SS]]`.
pub fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
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
    Local.from_local_datetime(&naive).earliest().map(|t| t.with_timezone(&Utc))
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

/// The local day of a time: the day a person would name for it.
pub fn local_day(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&Local).date_naive()
}

/// A stored UTC time shown in local time, `YYYY-MM-DD HH:MM:SS`.
pub fn show_local(stored: &str) -> String {
    DateTime::parse_from_rfc3339(stored)
        .map(|t| t.with_timezone(&Local).format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_else(|_| stored.to_string())
}

/// An `--at` flag's value, for clap: a time in local time or RFC 3339.
pub fn instant_arg(s: &str) -> Result<DateTime<Utc>, String> {
    parse_instant(s).ok_or_else(|| "use a local time such as '2026-03-05 09:30', a date, or RFC 3339".to_string())
}

/// A span flag's value (`--expiring-within 30d`), for clap: the number of days.
pub fn span_arg(s: &str) -> Result<i64, String> {
    parse_days(s).ok_or_else(|| "use a span such as 30d, 8w or 3m".to_string())
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
    fn spans_in_days() {
        assert_eq!(parse_days("30d"), Some(30));
        assert_eq!(parse_days("2w"), Some(14));
        assert_eq!(parse_days("45"), Some(45));
        assert_eq!(parse_days("x"), None);
        assert_eq!(parse_days("-3d"), None);
        assert_eq!(parse_days("99999999999999d"), None);
    }
}
