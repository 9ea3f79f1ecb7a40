//! Settings (`svc config`): the SLA targets per priority, the follow-up delay, the
//! interval of warehouse safety checks and the labour rate. Each key has a default, a
//! kind that checks its value, and a line of help; a value set is stored (and its
//! change kept in the history).

use rusqlite::{Connection, OptionalExtension};
use serde_json::json;

use crate::calendar::{self, msg};
use crate::db::{history, Tx};
use crate::error::{Error, Result, SqlContext};
use crate::money::Money;
use crate::words::{m, Msg};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A duration: `2h`, `90m`, `1d`, or a number of hours.
    Duration,
    /// Whole days.
    Days,
    /// Yuan, two decimals.
    Money,
    /// The days of a working week: `Mon-Fri`, `周一至周五`.
    Weekdays,
    /// The hours of a working day: `08:30-17:30`.
    Hours,
    /// How an SLA clock runs: `24x7` or `business`.
    SlaClock,
    /// A time zone: `+08:00`, `UTC`, `Asia/Shanghai`, `local`.
    Zone,
    /// true or false.
    Bool,
    /// Free text, trimmed (the company's name on printed documents); may be empty.
    Text,
}

pub struct Setting {
    pub key: &'static str,
    pub default: &'static str,
    pub kind: Kind,
    pub help: &'static str,
}

impl Setting {
    /// The help as `lang` says it: the catalogue's `value-help-<key>` (dots as hyphens),
    /// else the English written above.
    pub fn help_in(&self, lang: crate::words::Lang) -> std::borrow::Cow<'static, str> {
        crate::words::catalogue::word(&format!("value-help-{}", self.key.replace('.', "-")), lang)
            .map_or(std::borrow::Cow::Borrowed(self.help), std::borrow::Cow::Owned)
    }
}

/// Every setting there is. SLA targets follow the table: urgent 2h/24h, high
/// 4h/48h, normal 24h/120h, low 72h/240h.
pub const SETTINGS: &[Setting] = &[
    Setting { key: "sla.urgent.response", default: "2h", kind: Kind::Duration, help: "first response, urgent tickets" },
    Setting { key: "sla.urgent.resolution", default: "24h", kind: Kind::Duration, help: "resolution, urgent tickets" },
    Setting { key: "sla.high.response", default: "4h", kind: Kind::Duration, help: "first response, high priority" },
    Setting { key: "sla.high.resolution", default: "48h", kind: Kind::Duration, help: "resolution, high priority" },
    Setting {
        key: "sla.normal.response",
        default: "24h",
        kind: Kind::Duration,
        help: "first response, normal priority",
    },
    Setting {
        key: "sla.normal.resolution",
        default: "120h",
        kind: Kind::Duration,
        help: "resolution, normal priority",
    },
    Setting { key: "sla.low.response", default: "72h", kind: Kind::Duration, help: "first response, low priority" },
    Setting { key: "sla.low.resolution", default: "240h", kind: Kind::Duration, help: "resolution, low priority" },
    Setting {
        key: "followup_days",
        default: "7",
        kind: Kind::Days,
        help: "days after signing a repair is followed up (R3.5.1)",
    },
    Setting {
        key: "safety_check_days",
        default: "30",
        kind: Kind::Days,
        help: "days between warehouse safety checks, for 'svc due' (R4.2.3)",
    },
    Setting {
        key: "time.zone",
        default: "local",
        kind: Kind::Zone,
        help:
            "the business time zone every time is shown and typed in (set by 'svc init'; --tz overrides it for one run)",
    },
    Setting {
        key: "calendar.days",
        default: "Mon-Fri",
        kind: Kind::Weekdays,
        help: "working days of the week, for SLA clocks that run in working hours",
    },
    Setting {
        key: "calendar.hours",
        default: "08:30-17:30",
        kind: Kind::Hours,
        help: "working hours of a working day; holidays and 调休 days: 'svc calendar import'",
    },
    Setting {
        key: "sla.urgent.clock",
        default: "24x7",
        kind: Kind::SlaClock,
        help: "urgent tickets' SLA clock: 24x7 or business",
    },
    Setting {
        key: "sla.high.clock",
        default: "24x7",
        kind: Kind::SlaClock,
        help: "high priority SLA clock: 24x7 or business",
    },
    Setting {
        key: "sla.normal.clock",
        default: "24x7",
        kind: Kind::SlaClock,
        help: "normal priority SLA clock: 24x7 or business",
    },
    Setting {
        key: "sla.low.clock",
        default: "24x7",
        kind: Kind::SlaClock,
        help: "low priority SLA clock: 24x7 or business",
    },
    Setting {
        key: "visit_days.hospital",
        default: "90",
        kind: Kind::Days,
        help: "days between return visits to a hospital (R5.1.2; 0: none)",
    },
    Setting {
        key: "visit_days.clinic",
        default: "180",
        kind: Kind::Days,
        help: "days between return visits to a clinic (R5.1.2; 0: none)",
    },
    Setting {
        key: "visit_days.distributor",
        default: "180",
        kind: Kind::Days,
        help: "days between return visits to a distributor (R5.1.2; 0: none)",
    },
    Setting {
        key: "visit_days.other",
        default: "0",
        kind: Kind::Days,
        help: "days between return visits to other customers (R5.1.2; 0: none)",
    },
    Setting {
        key: "labour_rate",
        default: "200.00",
        kind: Kind::Money,
        help: "labour per hour in repair estimates, yuan",
    },
    // The team (R2.2, R2.3): docs/training.md.
    Setting {
        key: "training.enforce",
        default: "false",
        kind: Kind::Bool,
        help: "true: refuse work on a model whose required training the technician lacks (else a warning)",
    },
    Setting {
        key: "appraisal.weight.sla",
        default: "20",
        kind: Kind::Days,
        help: "appraisal score weight: first responses within SLA",
    },
    Setting {
        key: "appraisal.weight.first_time_fix",
        default: "20",
        kind: Kind::Days,
        help: "appraisal score weight: first-time fix rate",
    },
    Setting {
        key: "appraisal.weight.inspection",
        default: "20",
        kind: Kind::Days,
        help: "appraisal score weight: inspection first-pass rate",
    },
    Setting {
        key: "appraisal.weight.satisfaction",
        default: "20",
        kind: Kind::Days,
        help: "appraisal score weight: follow-up satisfaction",
    },
    Setting {
        key: "appraisal.weight.complaints",
        default: "20",
        kind: Kind::Days,
        help: "appraisal score weight: repairs without a complaint",
    },
    Setting {
        key: "appraisal.repeat_window_days",
        default: "30",
        kind: Kind::Days,
        help: "days after signing within which another repair of the device is a repeat (first-time fix)",
    },
    Setting {
        key: "drill_review_days",
        default: "365",
        kind: Kind::Days,
        help: "days within which an emergency plan is drilled and reviewed again (R6.1)",
    },
    Setting {
        key: "incident_ack",
        default: "15m",
        kind: Kind::Duration,
        help: "time for each role holder to acknowledge an activated emergency plan (R6.3)",
    },
    Setting {
        key: "reserve_check_days",
        default: "90",
        kind: Kind::Days,
        help: "days between checks of an emergency reserve store, for 'svc due' (R6.2)",
    },
    // Complaints (R7.3): acknowledgement and resolution targets per severity, and the
    // reporting deadlines of suspected adverse events (医疗器械不良事件监测和再评价管理办法).
    Setting {
        key: "complaint.high.acknowledge",
        default: "4h",
        kind: Kind::Duration,
        help: "acknowledge a high-severity complaint",
    },
    Setting {
        key: "complaint.high.resolve",
        default: "5d",
        kind: Kind::Duration,
        help: "resolve a high-severity complaint",
    },
    Setting {
        key: "complaint.normal.acknowledge",
        default: "24h",
        kind: Kind::Duration,
        help: "acknowledge a complaint",
    },
    Setting { key: "complaint.normal.resolve", default: "15d", kind: Kind::Duration, help: "resolve a complaint" },
    Setting {
        key: "complaint.low.acknowledge",
        default: "48h",
        kind: Kind::Duration,
        help: "acknowledge a low-severity complaint",
    },
    Setting {
        key: "complaint.low.resolve",
        default: "30d",
        kind: Kind::Duration,
        help: "resolve a low-severity complaint",
    },
    Setting {
        key: "adverse_event.death_days",
        default: "7",
        kind: Kind::Days,
        help: "report a suspected adverse event with a death (days)",
    },
    Setting {
        key: "adverse_event.serious_days",
        default: "20",
        kind: Kind::Days,
        help: "report a suspected serious injury or possible one (days)",
    },
    Setting {
        key: "adverse_event.group_hours",
        default: "12h",
        kind: Kind::Duration,
        help: "report a group adverse event (several patients, same model)",
    },
    // The service company on printed documents a customer signs (issue 10).
    Setting {
        key: "company.name",
        default: "",
        kind: Kind::Text,
        help: "the service company's name, on printed reports",
    },
    Setting {
        key: "company.address",
        default: "",
        kind: Kind::Text,
        help: "the company's address, on printed reports",
    },
    Setting {
        key: "company.phone",
        default: "",
        kind: Kind::Text,
        help: "the company's service phone, on printed reports",
    },
    Setting {
        key: "company.licence",
        default: "",
        kind: Kind::Text,
        help: "the company's licence number (医疗器械经营/维修许可), on printed reports",
    },
    // Real identity (issue 9): docs/security.md.
    Setting {
        key: crate::identity::ENFORCE,
        default: "false",
        kind: Kind::Bool,
        help: "true: --by STAFF must be the staff member bound to the OS login running svc (staff edit --login)",
    },
];

fn setting(key: &str) -> Result<&'static Setting> {
    SETTINGS.iter().find(|s| s.key == key).ok_or_else(|| Error::not_found(m::config_no_setting(format!("{key:?}"))))
}

/// A duration in seconds: `2h`, `90m`, `1d`, `1.5h`, or a bare number of hours.
pub fn parse_duration(v: &str) -> Option<i64> {
    let v = v.trim();
    let (num, unit) = match v.char_indices().last()? {
        (i, 'h') => (&v[..i], 3600.0),
        (i, 'm') => (&v[..i], 60.0),
        (i, 'd') => (&v[..i], 86400.0),
        _ => (v, 3600.0),
    };
    let n: f64 = num.trim().parse().ok()?;
    // Up to a year: an SLA target beyond that is a typo, and times stay in range.
    (n.is_finite() && n > 0.0 && n * unit <= 366.0 * 86400.0).then(|| (n * unit).round() as i64)
}

fn check(s: &Setting, value: &str) -> Result<String> {
    // The value is shown quoted, as given.
    let quoted = format!("{value:?}");
    let bad = |msg: fn(&'static str, &String) -> Msg| Error::invalid(msg(s.key, &quoted));
    Ok(match s.kind {
        Kind::Duration => {
            parse_duration(value).ok_or_else(|| bad(|k, v| m::config_bad_duration(k, v)))?;
            value.trim().to_string()
        }
        Kind::Days => {
            let d: i64 = value.trim().parse().map_err(|_| bad(|k, v| m::config_bad_days(k, v)))?;
            if !(0..=3650).contains(&d) {
                return Err(bad(|k, v| m::config_days_range(k, v)));
            }
            d.to_string()
        }
        Kind::Bool => crate::exchange::normalize::boolean(value)
            .map_err(|_| Error::invalid(crate::training::msg::training_not_a_bool(s.key, &quoted)))?
            .to_string(),
        Kind::Money => {
            Money::parse(value).map_err(|e| Error::invalid(m::config_bad_money(s.key, &quoted, e)))?.to_string()
        }
        Kind::Weekdays => {
            let days = calendar::parse_days(value).ok_or_else(|| bad(|k, v| msg::config_bad_days_of_week(k, v)))?;
            calendar::show_days(&days)
        }
        Kind::Hours => {
            let (open, close) = calendar::parse_hours(value).ok_or_else(|| bad(|k, v| msg::config_bad_hours(k, v)))?;
            format!("{}-{}", open.format("%H:%M"), close.format("%H:%M"))
        }
        Kind::SlaClock => {
            let clock: calendar::SlaClock =
                value.trim().to_lowercase().parse().map_err(|_| bad(|k, v| msg::config_bad_clock(k, v)))?;
            clock.to_string()
        }
        Kind::Text => value.trim().to_string(),
        Kind::Zone => {
            crate::clock::Zone::parse(value).ok_or_else(|| bad(|k, v| msg::config_bad_zone(k, v)))?;
            value.trim().to_string()
        }
    })
}

/// The value of a setting: stored, or its default.
pub fn get(conn: &Connection, key: &str) -> Result<String> {
    let s = setting(key)?;
    let stored: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")
        .and_then(|mut st| st.query_row([key], |r| r.get(0)).optional())
        .ctx("reading a setting")?;
    Ok(stored.unwrap_or_else(|| s.default.to_string()))
}

/// Set a setting after checking its value; returns the value as stored.
pub fn set(tx: &Tx, key: &str, value: &str) -> Result<String> {
    let s = setting(key)?;
    let value = check(s, value)?;
    let before = get(tx.conn(), key)?;
    if key == crate::identity::ENFORCE && before != value {
        crate::identity::require_manager(tx, key)?;
    }
    tx.execute(
        "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, &value],
    )
    .ctx("storing a setting")?;
    history::record(tx, "setting", key, "set", Some(&json!({ "value": before })), Some(&json!({ "value": value })))?;
    Ok(value)
}

/// The first value of a setting in a database being created (`svc init`): part of
/// making the file, like its schema, so no history entry; later changes use `set`.
pub fn initial(tx: &Tx, key: &str, value: &str) -> Result<()> {
    let value = check(setting(key)?, value)?;
    tx.execute("INSERT OR IGNORE INTO settings(key, value) VALUES (?1, ?2)", [key, &value]).ctx("storing a setting")?;
    Ok(())
}

/// Every setting with its value and whether it is the default.
pub fn list(conn: &Connection) -> Result<Vec<(&'static Setting, String)>> {
    SETTINGS.iter().map(|s| Ok((s, get(conn, s.key)?))).collect()
}

/// The SLA targets of a priority, in seconds: (first response, resolution).
pub fn sla(conn: &Connection, priority: &str) -> Result<(i64, i64)> {
    let secs = |which: &str| -> Result<i64> {
        let key = format!("sla.{priority}.{which}");
        let v = get(conn, &key)?;
        parse_duration(&v).ok_or_else(|| Error::internal(m::config_not_duration(&key, format!("{v:?}"))))
    };
    Ok((secs("response")?, secs("resolution")?))
}

/// A setting of whole days (`followup_days`, `safety_check_days`).
pub fn days(conn: &Connection, key: &str) -> Result<i64> {
    let v = get(conn, key)?;
    v.parse().map_err(|_| Error::internal(m::config_not_days(key, format!("{v:?}"))))
}

pub fn followup_days(conn: &Connection) -> Result<i64> {
    days(conn, "followup_days")
}

pub fn labour_rate(conn: &Connection) -> Result<Money> {
    let v = get(conn, "labour_rate")?;
    Money::parse(&v).map_err(|e| Error::internal(m::config_bad_labour_rate(e)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_setting_has_its_help_in_chinese() {
        for s in super::SETTINGS {
            let zh = s.help_in(crate::words::Lang::ZhCn);
            assert_ne!(
                zh,
                s.help,
                "{} has no zh-CN help (value-help-{} in i18n/zh-CN/settings.ftl)",
                s.key,
                s.key.replace('.', "-")
            );
            assert_eq!(s.help_in(crate::words::Lang::En), s.help);
        }
    }

    use super::parse_duration;

    #[test]
    fn durations_in_hours_minutes_days() {
        assert_eq!(parse_duration("2h"), Some(7200));
        assert_eq!(parse_duration("90m"), Some(5400));
        assert_eq!(parse_duration("1d"), Some(86400));
        assert_eq!(parse_duration("1.5h"), Some(5400));
        assert_eq!(parse_duration("24"), Some(86400));
        assert_eq!(parse_duration("0h"), None);
        assert_eq!(parse_duration("soon"), None);
        assert_eq!(parse_duration("1e300h"), None);
    }
}
