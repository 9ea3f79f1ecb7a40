//! The due list as an iCalendar file (RFC 5545) that technicians import into their phone
//! calendars: one all-day event per trip (one customer's devices), on the earliest due
//! day of the trip, or today when it is already late.

use chrono::{DateTime, NaiveDate, Utc};

use super::schedule::DueRow;

/// Text escaped for a property value: backslash, semicolon, comma and newlines.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets (never inside a character), ending in CRLF.
fn line(out: &mut String, text: &str) {
    let mut width = 0;
    for c in text.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// The calendar of the trips in `rows` (as `schedule::due` orders them).
pub fn ics(rows: &[DueRow], today: NaiveDate, now: DateTime<Utc>) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//svc//preventive maintenance//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    let mut trips: Vec<&[DueRow]> = Vec::new();
    let mut start = 0;
    for i in 1..=rows.len() {
        if i == rows.len() || rows[i].trip != rows[start].trip {
            trips.push(&rows[start..i]);
            start = i;
        }
    }
    for trip in trips.into_iter().filter(|t| !t.is_empty()) {
        let first = &trip[0];
        let earliest = trip.iter().map(|r| r.due_day).min().unwrap_or(today);
        let day = earliest.max(today);
        let hours: i64 = trip.iter().filter_map(|r| super::tenths(&r.hours)).sum();
        let devices: Vec<String> = trip
            .iter()
            .map(|r| format!("{} {} {} ({}, due {}, {} risk)", r.plan, r.model, r.serial_no, r.state, r.due, r.risk))
            .collect();
        let technicians: Vec<&str> = {
            let mut t: Vec<&str> = trip.iter().filter_map(|r| r.technician.as_deref()).collect();
            t.sort_unstable();
            t.dedup();
            t
        };
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}-{}@svc", first.customer, earliest.format("%Y%m%d")));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(&mut out, &format!("DTSTART;VALUE=DATE:{}", day.format("%Y%m%d")));
        line(&mut out, &format!("DTEND;VALUE=DATE:{}", day.succ_opt().unwrap_or(day).format("%Y%m%d")));
        line(
            &mut out,
            &format!(
                "SUMMARY:{}",
                escape(&format!(
                    "PM {} ({} device(s), {} h)",
                    first.customer_name,
                    trip.len(),
                    super::hours_text(hours)
                ))
            ),
        );
        let place = [first.province.as_deref(), first.city.as_deref(), Some(first.customer_name.as_str())];
        line(&mut out, &format!("LOCATION:{}", escape(&place.into_iter().flatten().collect::<Vec<_>>().join(" "))));
        let mut description = devices.join("\n");
        if !technicians.is_empty() {
            description.push_str(&format!("\ntechnician: {}", technicians.join(", ")));
        }
        line(&mut out, &format!("DESCRIPTION:{}", escape(&description)));
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_long_lines_fold_between_characters() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "北京市第一人民医院".repeat(5));
        line(&mut out, &long);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{physical:?} is {} octets", physical.len());
        }
        // Unfolding (CRLF and one space removed) gives the line back.
        assert_eq!(out.replace("\r\n ", "").trim_end_matches("\r\n"), long);
    }
}
