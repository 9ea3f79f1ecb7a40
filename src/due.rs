//! What is due or overdue, for every kind of deadline (the morning cron job, `svc due`).
//! Each area registers one `Source` (its kind, clause, the SQL that finds its items
//! through an index on the due column, and how a row becomes a `Found`); the arithmetic
//! (days late, the window, the order) lives here once, in plain functions. What is to be
//! done is a fact, not prose: a message of `crate::due_words` with the record's own words,
//! said only at the edge (`Subject`).

use std::cmp::{Ordering, Reverse};

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value;

use crate::clock::{display_zone, show_local, utc_text};
use crate::error::{Error, Kind, Result};
use crate::words::catalogue::{Lang, Msg};
use crate::words::m;

/// When something falls due: a day (certificates, follow-ups, deliveries, checks) or an
/// instant (SLA targets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Day(NaiveDate),
    At(DateTime<Utc>),
}

impl When {
    /// A stored value: `YYYY-MM-DD` or RFC 3339.
    pub fn parse(stored: &str) -> Option<When> {
        let s = stored.trim();
        if let Some((year, month, day)) = day_digits(s) {
            // What chrono's `%Y-%m-%d` makes of it (and RFC 3339 makes nothing), without
            // its format parser: every row of a listing holds a day or two.
            return NaiveDate::from_ymd_opt(year, month, day).map(When::Day);
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(When::Day)
            .ok()
            .or_else(|| DateTime::parse_from_rfc3339(s).ok().map(|t| When::At(t.with_timezone(&Utc))))
    }

    /// The local day it falls on.
    pub fn day(&self) -> NaiveDate {
        match self {
            When::Day(d) => *d,
            When::At(t) => display_zone().date(*t),
        }
    }

    /// The instant it falls due: a day falls due as it begins (local time).
    pub fn instant(&self) -> DateTime<Utc> {
        match self {
            When::Day(d) => day_start(*d),
            When::At(t) => *t,
        }
    }

    /// As people read it: `YYYY-MM-DD`, or local `YYYY-MM-DD HH:MM:SS`.
    pub fn show(&self) -> String {
        match self {
            When::Day(d) => day_text(*d),
            When::At(t) => show_local(&utc_text(*t)),
        }
    }

    /// A deadline `every` days after this event: the local day of the event plus `every`.
    pub fn plus_days(&self, every: i64) -> When {
        When::Day(add_days(self.day(), every))
    }
}

/// The year, month and day of `YYYY-MM-DD` written exactly so (four, two and two ASCII
/// digits), the form every day column holds; None for any other text.
fn day_digits(s: &str) -> Option<(i32, u32, u32)> {
    let b: &[u8; 10] = s.as_bytes().try_into().ok()?;
    let number =
        |digits: &[u8]| digits.iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')));
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    Some((number(&b[..4])? as i32, number(&b[5..7])?, number(&b[8..])?))
}

/// A day as chrono writes it (`YYYY-MM-DD`), written directly for the years of four
/// digits: a listing shows one on every row.
fn day_text(d: NaiveDate) -> String {
    use chrono::Datelike;
    let year = d.year();
    if !(0..=9999).contains(&year) {
        return d.to_string();
    }
    let (year, month, day) = (year as u32, d.month(), d.day());
    let digits = [year / 1000, year / 100 % 10, year / 10 % 10, year % 10, month / 10, month % 10, day / 10, day % 10];
    let mut text = String::with_capacity(10);
    for (i, digit) in digits.into_iter().enumerate() {
        if i == 4 || i == 6 {
            text.push('-');
        }
        text.push(char::from(b'0' + digit as u8));
    }
    text
}

/// A due column read as it is stored (`YYYY-MM-DD` or RFC 3339).
impl rusqlite::types::FromSql for When {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let s = v.as_str()?;
        When::parse(s)
            .ok_or_else(|| rusqlite::types::FromSqlError::Other(format!("{s:?} is not a date or time").into()))
    }
}

/// The first instant of a day in the display zone, in UTC (the earliest, across a DST change).
fn day_start(d: NaiveDate) -> DateTime<Utc> {
    let naive = d.and_time(NaiveTime::MIN);
    display_zone().instant(&naive).unwrap_or_else(|| Utc.from_utc_datetime(&naive))
}

/// `d` moved by `n` days (either way), clamped at the calendar's ends.
pub fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    let moved =
        if n >= 0 { d.checked_add_days(Days::new(n as u64)) } else { d.checked_sub_days(Days::new(n.unsigned_abs())) };
    moved.unwrap_or(if n >= 0 { NaiveDate::MAX } else { NaiveDate::MIN })
}

/// Whole local days past due on `today`: 0 on the day it falls due, negative for days left.
pub fn days_late(when: &When, today: NaiveDate) -> i64 {
    (today - when.day()).num_days()
}

/// The question asked: as of `now`, what falls due up to the window's end. A day is in
/// it up to `last_day` (inclusive); an instant before `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
    pub last_day: NaiveDate,
    pub until: DateTime<Utc>,
}

impl Window {
    /// Overdue, and due today or within `days` more days (`0`: up to the end of today).
    pub fn within(now: DateTime<Utc>, days: i64) -> Window {
        let today = display_zone().date(now);
        let last_day = add_days(today, days.max(0));
        Window { now, today, last_day, until: day_start(add_days(last_day, 1)) }
    }

    /// Only what is past due now: a day before today, an instant before now.
    pub fn overdue(now: DateTime<Utc>) -> Window {
        let today = display_zone().date(now);
        Window { now, today, last_day: add_days(today, -1), until: now }
    }

    /// The bound for a day column: `due <= ?`.
    pub fn last_day_text(&self) -> String {
        self.last_day.to_string()
    }

    /// The bound for a time column (UTC RFC 3339): `due < ?`.
    pub fn until_text(&self) -> String {
        utc_text(self.until)
    }

    /// For deadlines `every` days after the last event (a check every 30 days): events
    /// before this instant (UTC text) leave their deadline inside the window: `at < ?`.
    pub fn events_before(&self, every: i64) -> String {
        utc_text(day_start(add_days(self.last_day, 1 - every.max(0))))
    }

    /// Whether `when` falls inside the window.
    pub fn contains(&self, when: &When) -> bool {
        match when {
            When::Day(d) => *d <= self.last_day,
            When::At(t) => *t < self.until,
        }
    }

    /// Whether `when` is past due now (a day before today, an instant before now).
    pub fn is_overdue(&self, when: &When) -> bool {
        match when {
            When::Day(d) => *d < self.today,
            When::At(t) => *t < self.now,
        }
    }
}

/// Whether a stored due value (day or RFC 3339) is past due at `now` (RFC 3339).
pub fn past(stored_due: &str, now: &str) -> bool {
    match (When::parse(stored_due), When::parse(now)) {
        (Some(due), Some(When::At(now))) => Window::overdue(now).is_overdue(&due),
        _ => false,
    }
}

/// What a source finds: one thing due, before the engine adds its kind, clause and days late.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The record's code (certificate number, repair, warehouse, PO, ticket).
    pub code: String,
    /// What is to be done: one of the messages of `crate::due_words`, with the record's
    /// own words as its arguments.
    pub subject: Msg,
    pub when: When,
    /// Who answers for it: a staff code, else the customer's or supplier's code.
    pub who: Option<String>,
}

/// What is to be done, and the language it is said in: canonical English, the text csv,
/// json, yaml and xlsx keep for scripts, unless the edge asks for the reader's language
/// (`Item::in_words`) for people (a table, Markdown, HTML). Each message's words in each
/// language are in one place, i18n/<lang>/due.ftl.
#[derive(Debug, Clone, PartialEq)]
pub struct Subject {
    pub msg: Msg,
    pub lang: Lang,
}

impl Serialize for Subject {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.msg.render(self.lang))
    }
}

/// One line of `svc due`: the same shape for every kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub kind: &'static str,
    pub code: String,
    pub subject: Subject,
    pub due: String,
    pub days_late: i64,
    pub who: Option<String>,
    pub clause: &'static str,
    #[serde(skip)]
    pub when: When,
}

pub const COLUMNS: &[&str] = &["kind", "code", "subject", "due", "days_late", "who", "clause"];

impl Item {
    pub fn new(source: &Source, found: Found, today: NaiveDate) -> Item {
        Item {
            kind: source.kind,
            code: found.code,
            subject: Subject { msg: found.subject, lang: Lang::En },
            due: found.when.show(),
            days_late: days_late(&found.when, today),
            who: found.who,
            clause: source.clause,
            when: found.when,
        }
    }

    /// The line as `lang` says it (only the subject is prose; the rest are codes, days
    /// and clauses).
    pub fn in_words(mut self, lang: Lang) -> Item {
        self.subject.lang = lang;
        self
    }

    /// The line's cells in `COLUMNS` order, its text moved rather than copied: what
    /// `output::row_of` gives, without a JSON object built and searched per line (a
    /// third of a long listing's time went there).
    pub fn into_cells(self) -> Vec<Value> {
        vec![
            self.kind.into(),
            self.code.into(),
            self.subject.msg.render(self.subject.lang).into(),
            self.due.into(),
            self.days_late.into(),
            self.who.into(),
            self.clause.into(),
        ]
    }
}

/// What the listing is ordered by: most overdue first; then by the instant it fell due,
/// kind and code, so that the listing is the same every run.
fn rank(item: &Item) -> (Reverse<i64>, DateTime<Utc>, &'static str, &str) {
    (Reverse(item.days_late), item.when.instant(), item.kind, &item.code)
}

/// Two lines in the listing's order (`rank`).
pub fn order(a: &Item, b: &Item) -> Ordering {
    rank(a).cmp(&rank(b))
}

/// How a source finds what is due in a window, handing each to the callback.
pub type Find = fn(&Connection, &Window, &mut dyn FnMut(Found) -> Result<()>) -> Result<()>;

/// A kind of deadline, registered once by the area that owns it.
pub struct Source {
    /// The name `--kind` takes and the listing shows.
    pub kind: &'static str,
    /// The clause of the regulation it serves.
    pub clause: &'static str,
    /// What it lists, for `--help` and docs.
    pub about: &'static str,
    /// The query behind `find` (its one parameter `?1`: the window's bound on the due
    /// column), and the indexes its plan must use (a test explains it): each searched
    /// with a range on the due column, or a partial index of the pending records only,
    /// read whole (the open tickets).
    pub sql: &'static str,
    pub indexes: &'static [&'static str],
    /// Everything of this kind due inside the window.
    pub find: Find,
}

/// Every kind of deadline there is. A new area adds its entry here.
pub const SOURCES: &[&Source] = &[
    &crate::staff::DUE,
    &crate::ticket::DUE,
    &crate::repair::report::DUE,
    &crate::parts::purchase::DUE,
    &crate::parts::safety::DUE,
    &crate::training::rules::DUE,
    &crate::emergency::drill::DUE,
    &crate::emergency::drill::REVIEW_DUE,
    &crate::emergency::incident::DUE,
    &crate::emergency::reserve::DUE,
    &crate::support::visit::DUE,
    &crate::quality::complaint::DUE,
    &crate::quality::complaint::EVENT_DUE,
    &crate::quality::finding::DUE,
    &crate::quality::audit::DUE,
    &crate::quality::standard::DUE,
    &crate::maint::schedule::DUE,
    &crate::training::customer::DUE,
];

/// The source of a kind, or a usage error naming the kinds there are.
pub fn source(kind: &str) -> Result<&'static Source> {
    SOURCES.iter().copied().find(|s| s.kind == kind).ok_or_else(|| {
        let kinds: Vec<&str> = SOURCES.iter().map(|s| s.kind).collect();
        Error::Msg(Kind::Usage, m::due_no_kind(format!("{kind:?}"), kinds.join(", ")))
    })
}

/// Everything due in the window from the given sources (all when empty), most overdue first.
pub fn list(conn: &Connection, window: &Window, kinds: &[String]) -> Result<Vec<Item>> {
    let mut sources: Vec<&Source> =
        if kinds.is_empty() { SOURCES.to_vec() } else { kinds.iter().map(|k| source(k)).collect::<Result<_>>()? };
    // A kind asked for twice is listed once.
    sources.sort_by_key(|s| s.kind);
    sources.dedup_by_key(|s| s.kind);
    let mut items = Vec::new();
    for s in sources {
        (s.find)(conn, window, &mut |found| {
            if window.contains(&found.when) {
                items.push(Item::new(s, found, window.today));
            }
            Ok(())
        })?;
    }
    items.sort_by(order);
    Ok(items)
}

/// How the usual `find` makes a row's subject: the message and its arguments, read from
/// the columns after the first three.
pub type Says = fn(&rusqlite::Row) -> rusqlite::Result<Msg>;

/// The usual `find`: `sql` takes the window's bound as `?1` and returns, in order, the
/// code, the due date or time and who answers for it, then the words of the subject,
/// which `says` makes into its message.
pub fn rows(
    conn: &Connection,
    sql: &str,
    bound: String,
    says: Says,
    each: &mut dyn FnMut(Found) -> Result<()>,
) -> Result<()> {
    crate::db::each_row(
        conn,
        sql,
        [bound],
        "looking for what is due",
        |r| Ok(Found { code: r.get(0)?, when: r.get(1)?, who: r.get(2)?, subject: says(r)? }),
        each,
    )
}

/// SQLite's plan for a source's query, for the test that keeps it on its indexes.
pub fn explain(conn: &Connection, source: &Source) -> Result<Vec<String>> {
    crate::db::explain(conn, source.sql, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    const TEST: Source =
        Source { kind: "test", clause: "R0", about: "", sql: "", indexes: &[], find: |_, _, _| Ok(()) };

    fn item(when: When, code: &str, today: &str) -> Item {
        let found = Found { code: code.into(), subject: crate::due_words::inspection(code), when, who: None };
        Item::new(&TEST, found, day(today))
    }

    #[test]
    fn days_late_count_whole_local_days_and_negative_is_days_left() {
        let today = day("2026-03-05");
        assert_eq!(days_late(&When::Day(day("2026-03-05")), today), 0);
        assert_eq!(days_late(&When::Day(day("2026-03-01")), today), 4);
        assert_eq!(days_late(&When::Day(day("2026-03-12")), today), -7);
        // An instant counts by the local day it falls on (noon UTC is that day in most zones).
        assert_eq!(days_late(&When::At(at("2026-03-03T12:00:00Z")), today), 2);
    }

    #[test]
    fn a_window_holds_days_up_to_its_last_day_and_instants_before_its_end() {
        let now = at("2026-03-05T12:00:00Z");
        let w = Window::within(now, 3);
        assert_eq!(w.last_day, add_days(w.today, 3));
        assert!(w.contains(&When::Day(w.last_day)));
        assert!(!w.contains(&When::Day(add_days(w.last_day, 1))));
        assert!(w.contains(&When::Day(day("2020-01-01"))), "long overdue stays in");
        assert!(w.contains(&When::At(w.until - chrono::Duration::seconds(1))));
        assert!(!w.contains(&When::At(w.until)));
        assert_eq!(When::At(w.until).day(), add_days(w.last_day, 1), "the window ends as the next day begins");

        let o = Window::overdue(now);
        assert!(!o.contains(&When::Day(o.today)), "due today is not overdue yet");
        assert!(o.contains(&When::Day(add_days(o.today, -1))));
        assert!(o.contains(&When::At(now - chrono::Duration::seconds(1))));
        assert!(!o.contains(&When::At(now)));
        assert!(o.is_overdue(&When::At(now - chrono::Duration::seconds(1))));
        assert!(!o.is_overdue(&When::Day(o.today)));
    }

    #[test]
    fn a_deadline_after_an_event_is_in_the_window_when_the_event_is_old_enough() {
        let now = at("2026-03-05T12:00:00Z");
        let w = Window::within(now, 0);
        let bound = at(&w.events_before(30));
        let last = When::At(bound - chrono::Duration::seconds(1));
        assert!(w.contains(&last.plus_days(30)), "checked just before the bound: due by today");
        assert!(!w.contains(&When::At(bound).plus_days(30)), "checked at the bound: due tomorrow");
        assert_eq!(days_late(&last.plus_days(30), w.today), 0);
    }

    #[test]
    fn stored_values_parse_as_days_or_instants() {
        assert_eq!(When::parse("2026-03-05"), Some(When::Day(day("2026-03-05"))));
        assert_eq!(When::parse("2026-03-05T02:00:00Z"), Some(When::At(at("2026-03-05T02:00:00Z"))));
        assert_eq!(When::parse("soon"), None);
        assert!(past("2026-03-05T02:00:00Z", "2026-03-05T02:00:01Z"));
        assert!(!past("2026-03-05T02:00:00Z", "2026-03-05T02:00:00Z"));
        assert!(!past("garbage", "2026-03-05T02:00:00Z"));
    }

    #[test]
    fn the_most_overdue_comes_first_then_the_earliest_then_kind_and_code() {
        let today = "2026-03-05";
        let mut items = [
            item(When::Day(day("2026-03-09")), "soon", today),
            item(When::Day(day("2026-03-01")), "b-late", today),
            item(When::At(at("2026-02-20T12:00:00Z")), "latest", today),
            item(When::Day(day("2026-03-01")), "a-late", today),
            item(When::Day(day("2026-03-05")), "today", today),
        ];
        items.sort_by(order);
        let codes: Vec<&str> = items.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(codes, ["latest", "a-late", "b-late", "today", "soon"]);
        assert_eq!(items.iter().map(|i| i.days_late).collect::<Vec<_>>(), [13, 4, 4, 0, -4]);
        // Two lines alike in all the order looks at stay as they came (a ticket's two
        // targets at one time).
        let due = When::At(at("2026-03-01T12:00:00Z"));
        let (first, second) = (item(due, "T-1", today), item(due, "T-1", today));
        let second =
            Item { subject: Subject { msg: crate::due_words::inspection("second"), lang: Lang::En }, ..second };
        for mut pair in [vec![first.clone(), second.clone()], vec![second, first]] {
            let before = pair.clone();
            pair.sort_by(order);
            assert_eq!(pair, before);
        }
    }

    #[test]
    fn a_line_says_its_subject_in_english_for_scripts_and_in_the_readers_language_when_asked() {
        let found = Found {
            code: "D-000001".into(),
            subject: crate::due_words::drill("functional", "EP-CT-ED"),
            when: When::Day(day("2026-03-01")),
            who: None,
        };
        let line = Item::new(&TEST, found, day("2026-03-05"));
        let subject = |item: &Item| crate::output::row_of(COLUMNS, item)[2].clone();
        assert_eq!(subject(&line), "drill (functional) of plan EP-CT-ED");
        assert_eq!(subject(&line.clone().in_words(Lang::ZhCn)), "预案 EP-CT-ED 的功能演练");
        assert_eq!(subject(&line.in_words(Lang::En)), "drill (functional) of plan EP-CT-ED");
    }

    #[test]
    fn a_day_is_read_and_written_as_chrono_reads_and_writes_it() {
        let chrono_parse = |s: &str| {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .map(When::Day)
                .ok()
                .or_else(|| DateTime::parse_from_rfc3339(s.trim()).ok().map(|t| When::At(t.with_timezone(&Utc))))
        };
        let texts = [
            "2026-03-05",
            " 2026-03-05 ",
            "2024-02-29",
            "2023-02-29",
            "0000-01-01",
            "9999-12-31",
            "2026-13-01",
            "2026-00-10",
            "2026-01-32",
            "2026-01-00",
            "2026-1-05",
            "2026-01-5",
            "+2026-01-05",
            "2026/01/05",
            "2026-01-0a",
            "２０２６-01-05",
            "20260105",
            "2026-01-05T00:00:00Z",
            "",
        ];
        for text in texts {
            assert_eq!(When::parse(text), chrono_parse(text), "{text:?}");
        }
        // Every day of a leap year and its neighbours, and the years of fewer and more digits.
        let leap = (0..400).map(|n| add_days(day("1999-12-01"), n));
        let ends = [0, 1, 9, 99, 999, 1000, 9999, 10_000, -1, 262_142]
            .into_iter()
            .filter_map(|y| NaiveDate::from_ymd_opt(y, 12, 31))
            .chain([NaiveDate::MIN, NaiveDate::MAX]);
        for d in leap.chain(ends) {
            assert_eq!(day_text(d), d.to_string());
            assert_eq!(When::parse(&d.to_string()), chrono_parse(&d.to_string()), "{d}");
        }
        assert_eq!(day_text(day("2026-03-05")), "2026-03-05");
    }

    #[test]
    fn a_lines_cells_are_what_its_serialized_form_gives() {
        let lines = [
            item(When::Day(day("2026-03-01")), "late", "2026-03-05"),
            item(When::At(at("2026-03-09T12:00:00Z")), "soon", "2026-03-05"),
            Item { who: Some("ST-001".into()), ..item(When::Day(day("2026-03-05")), "today", "2026-03-05") },
        ];
        for line in lines {
            for lang in [Lang::En, Lang::ZhCn] {
                let line = line.clone().in_words(lang);
                assert_eq!(line.clone().into_cells(), crate::output::row_of(COLUMNS, &line), "{line:?}");
            }
        }
    }

    #[test]
    fn dates_stay_in_range_at_the_calendar_ends() {
        assert_eq!(add_days(NaiveDate::MAX, 1), NaiveDate::MAX);
        assert_eq!(add_days(NaiveDate::MIN, -1), NaiveDate::MIN);
        let w = Window::within(at("2026-03-05T12:00:00Z"), 36_500);
        assert!(w.last_day > w.today);
    }
}
