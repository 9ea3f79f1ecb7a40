//! Cleaning values as legacy data brings them: stray whitespace, full-width characters,
//! spaced-out phone numbers, dates in every form Chinese spreadsheets use.

use std::borrow::Cow;

use chrono::{Duration, NaiveDate};

use crate::words::m;

/// Full-width ASCII (U+FF01..U+FF5E) and the ideographic space to their ASCII twins.
pub fn half_width(s: &str) -> Cow<'_, str> {
    // Full-width forms start with the byte 0xEF in UTF-8, U+3000 with 0xE3: a byte scan
    // spares the common ASCII value the char-by-char check.
    if memchr::memchr2(0xEF, 0xE3, s.as_bytes()).is_none()
        || !s.chars().any(|c| matches!(c, '\u{FF01}'..='\u{FF5E}' | '\u{3000}'))
    {
        return Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect::<String>()
        .into()
}

/// Full-width letters and digits only. Free text keeps Chinese punctuation (，。：),
/// which is correct there, while `１２３号` becomes `123号`.
pub fn half_width_alnum(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            _ => c,
        })
        .collect()
}

/// What every imported value goes through: trimmed (ASCII, ideographic and no-break
/// spaces), full-width letters and digits made ASCII, and the quote that `--excel`
/// export puts before a leading `= + - @` taken off again.
pub fn clean(s: &str) -> Cow<'_, str> {
    let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{FEFF}');
    // Exactly the cells `looks_like_formula` quotes on export, so the quote comes off.
    let t = match t.strip_prefix('\'') {
        Some(rest) if looks_like_formula(rest) => rest,
        _ => t,
    };
    // Every cell of an import comes here: the byte scans (memchr) below skip the
    // character-by-character checks for the common cell with no CR and no full-width
    // form (those all start with the byte 0xEF in UTF-8).
    let bytes = t.as_bytes();
    // Line ends inside a multi-line cell, Windows' CRLF and the lone CR of old Mac files
    // (and of values stored before svc refused it): one line break, as everywhere else.
    // So a value holding a CR comes back from its own export as the same text.
    if memchr::memchr(b'\r', bytes).is_some() {
        return Cow::Owned(half_width_alnum(&t.replace("\r\n", "\n").replace('\r', "\n")));
    }
    // Most values are clean already: copy only those that change.
    if memchr::memchr(0xEF, bytes).is_some()
        && t.chars().any(|c| matches!(c, '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}'))
    {
        Cow::Owned(half_width_alnum(t))
    } else {
        Cow::Borrowed(t)
    }
}

/// A control character that free text refuses: every one but tab and line feed. `clean`
/// folds a Windows CRLF and a lone CR to LF first; a CR that reached a value some
/// other way stays refused (it makes a terminal overwrite what it showed).
pub fn is_hostile_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n')
}

/// Characters that show nothing or reorder the text around them (zero-width spaces
/// and joiners, bidirectional overrides and isolates, the soft hyphen, BOM): never
/// inside a code, where `C1` and `C\u{200B}1` would look alike.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Is `s` a cell a spreadsheet would run as a formula?
pub fn looks_like_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

pub const DATE_FORMS: &str = "2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305 or an Excel serial number";

/// A date in any accepted form, as `YYYY-MM-DD`.
pub fn date(raw: &str) -> Result<NaiveDate, String> {
    date_as_written(raw).and_then(crate::clock::plausible)
}

fn date_as_written(raw: &str) -> Result<NaiveDate, String> {
    let s = half_width(raw.trim());
    // A time of day after the date is dropped: "2024-03-05 10:30:00".
    let s = s.split([' ', 'T']).next().unwrap_or("");
    // The message lists the same forms as DATE_FORMS.
    let bad = || m::normalize_not_a_date(raw).to_string();
    if s.chars().all(|c| c.is_ascii_digit() || c == '.') && !s.is_empty() {
        let digits = s.trim_end_matches(".0").trim_end_matches('.');
        if s.len() == 8 && s.chars().all(|c| c.is_ascii_digit()) {
            let (y, m, d) = (&s[0..4], &s[4..6], &s[6..8]);
            return ymd(y, m, d).ok_or_else(bad);
        }
        if !s.contains('.') || s.ends_with(".0") {
            return excel_serial(digits).ok_or_else(bad);
        }
    }
    let parts: Vec<&str> = if s.contains('年') {
        s.trim_end_matches('日').split(['年', '月']).collect()
    } else {
        s.split(['-', '/', '.']).collect()
    };
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => ymd(y, m, d).ok_or_else(bad),
        _ => Err(bad()),
    }
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let num = |t: &str| {
        (!t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit()))
            .then(|| t.parse::<u32>().ok())
            .flatten()
    };
    NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?)
}

/// Excel's day numbers, counted from 1899-12-30 (Excel's 1900 leap-year bug makes
/// that the base for every serial after 60). Only serials from 10000 (1927-05-18) to
/// 109574 (2199-12-31) count: a bare `2024` or `12` is a mistake, not a date in 1905.
fn excel_serial(s: &str) -> Option<NaiveDate> {
    let n: i64 = s.parse().ok()?;
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    (10_000..=109_574).contains(&n).then(|| base.checked_add_signed(Duration::days(n))).flatten()
}

/// A phone number without the spaces people type into it.
pub fn phone(raw: &str) -> Result<String, String> {
    let s: String = if raw.bytes().all(|b| b.is_ascii_graphic()) {
        raw.to_owned()
    } else {
        half_width(raw).chars().filter(|c| !c.is_whitespace()).collect()
    };
    if !s.chars().any(|c| c.is_ascii_digit()) {
        return Err(m::normalize_not_a_phone(raw).to_string());
    }
    Ok(s)
}

/// An e-mail address: something@domain.tld, no spaces.
pub fn email(raw: &str) -> Result<String, String> {
    let s = half_width(raw.trim());
    let ok = match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
                && !s.chars().any(|c| c.is_whitespace() || c == ',' || c == ';')
        }
        None => false,
    };
    if ok {
        Ok(s.into_owned())
    } else {
        Err(m::normalize_not_an_email(raw).to_string())
    }
}

/// Yes or no, as spreadsheets say it.
pub fn boolean(raw: &str) -> Result<bool, String> {
    match half_width(raw.trim()).to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "是" | "在职" | "有效" => Ok(true),
        "false" | "no" | "n" | "0" | "否" | "离职" | "无效" => Ok(false),
        _ => Err(m::normalize_not_a_boolean(raw).to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> String {
        date(s).map(|d| d.to_string()).unwrap_or_else(|e| e)
    }

    #[test]
    fn every_date_form_of_the_sample_file() {
        assert_eq!(d("2015-03-05"), "2015-03-05");
        assert_eq!(d("2016/7/9"), "2016-07-09");
        assert_eq!(d("2017年11月20日"), "2017-11-20");
        assert_eq!(d("2019.4.1"), "2019-04-01");
        assert_eq!(d("2021-6-15"), "2021-06-15");
        assert_eq!(d("43529"), "2019-03-05");
        assert_eq!(d("20240305"), "2024-03-05");
        assert_eq!(d("２０２４年３月５日"), "2024-03-05");
        assert_eq!(d("2024-03-05 10:30:00"), "2024-03-05");
        assert!(d("2018-02-30").contains("not a date"));
        assert!(d("60").contains("not a date"));
        assert!(d("2024").contains("not a date"));
        assert_eq!(date_as_written("109574").map(|d| d.to_string()), Ok("2199-12-31".into()));
        assert!(d("109574").contains("outside the dates svc takes"), "a serial past ten years ahead");
        assert!(d("next week").contains("not a date"));
        assert!(d("3/5/2024").contains("not a date"));
    }

    #[test]
    fn cleaning() {
        assert_eq!(clean("  成都华西妇幼保健院 "), "成都华西妇幼保健院");
        assert_eq!(clean("体育西路１２３号"), "体育西路123号");
        assert_eq!(clean("重复编号，电话已更新"), "重复编号，电话已更新");
        assert_eq!(clean("'=1+1"), "=1+1");
        assert_eq!(phone("139 2233 4455").unwrap(), "13922334455");
        assert!(email("sunli@hzzyy").is_err());
        assert!(email("chenzq@kangda.com.cn").is_ok());
        assert!(boolean("是").unwrap());
    }
}
