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
    // Most cells neither start nor end with a space of any kind: a cell whose first and
    // last characters are printable ASCII or CJK ideographs (U+4000..U+9FFF, led by the
    // bytes 0xE4..0xE9 in UTF-8: such a byte is always the first of three) needs no
    // trimming. Every character trimmed is ASCII, or led by another byte (0xC2, 0xE1,
    // 0xE2, 0xE3, 0xEF).
    let ideograph_lead = |b: u8| (0xE4..=0xE9).contains(&b);
    let bytes = s.as_bytes();
    let n = bytes.len();
    let plain_start = n > 0 && (bytes[0].is_ascii_graphic() || ideograph_lead(bytes[0]));
    let plain_end = n > 0 && (bytes[n - 1].is_ascii_graphic() || (n >= 3 && ideograph_lead(bytes[n - 3])));
    let t = if plain_start && plain_end {
        s
    } else {
        s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{FEFF}')
    };
    // Exactly the cells `looks_like_formula` quotes on export, so the quote comes off.
    let t = match t.strip_prefix('\'') {
        Some(rest) if looks_like_formula(rest) => rest,
        _ => t,
    };
    // Every cell of an import comes here: the byte scan below skips the character-by-
    // character checks for the common cell with no CR and no full-width form (those all
    // start with the byte 0xEF in UTF-8).
    let bytes = t.as_bytes();
    if !has_byte2(bytes, b'\r', 0xEF) {
        return Cow::Borrowed(t);
    }
    // Line ends inside a multi-line cell, Windows' CRLF and the lone CR of old Mac files
    // (and of values stored before svc refused it): one line break, as everywhere else.
    // So a value holding a CR comes back from its own export as the same text.
    if memchr::memchr(b'\r', bytes).is_some() {
        return Cow::Owned(half_width_alnum(&t.replace("\r\n", "\n").replace('\r', "\n")));
    }
    // Most values are clean already: copy only those that change.
    if t.chars().any(|c| matches!(c, '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}')) {
        Cow::Owned(half_width_alnum(t))
    } else {
        Cow::Borrowed(t)
    }
}

// Byte scans of the short cells of an import, eight bytes at a time in a u64 (SWAR): a
// cell of 20 bytes is three steps, where a byte loop takes 20 and `memchr` spends more on
// its set-up than on the scan. Each word test is exact as a yes or no (the borrows
// that make these tricks wrong about *which* byte matched cannot make them wrong about
// whether one did).
const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

/// Whether a byte of `w` is below `n` (`n` at most 0x80).
fn word_has_less(w: u64, n: u8) -> bool {
    w.wrapping_sub(ONES * n as u64) & !w & HIGHS != 0
}

/// Whether a byte of `w` is `b`.
fn word_has(w: u64, b: u8) -> bool {
    word_has_less(w ^ (ONES * b as u64), 1)
}

/// `word` over `bytes`, eight at a time, and `byte` over the last few.
fn scan(bytes: &[u8], word: impl Fn(u64) -> bool, byte: impl Fn(u8) -> bool) -> bool {
    let mut words = bytes.chunks_exact(8);
    words.any(|c| word(u64::from_ne_bytes(c.try_into().expect("eight bytes"))))
        || words.remainder().iter().any(|&b| byte(b))
}

/// Whether `bytes` holds `a` or `b`.
pub fn has_byte2(bytes: &[u8], a: u8, b: u8) -> bool {
    scan(bytes, |w| word_has(w, a) || word_has(w, b), |x| x == a || x == b)
}

/// Whether `s` may hold a control character: only ASCII's (below 0x20, and 0x7F) and
/// U+0080..U+009F (0xC2 0x80..0x9F in UTF-8) are; a byte scan rules the rest out.
pub fn may_hold_control(s: &str) -> bool {
    let hit = |b: u8| b < 0x20 || b == 0x7F || b == 0xC2;
    scan(s.as_bytes(), |w| word_has_less(w, 0x20) || word_has(w, 0x7F) || word_has(w, 0xC2), hit)
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
    let s = match s.bytes().position(|b| b == b' ' || b == b'T') {
        Some(end) => &s[..end],
        None => &s[..],
    };
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
    // Three parts, and no fourth (taken one by one: no list of them is allocated).
    let parts = if !s.is_ascii() && s.contains('年') {
        let mut p = s.trim_end_matches('日').split(['年', '月']);
        (p.next(), p.next(), p.next(), p.next())
    } else {
        let mut p = s.split(['-', '/', '.']);
        (p.next(), p.next(), p.next(), p.next())
    };
    match parts {
        (Some(y), Some(m), Some(d), None) if y.len() == 4 => ymd(y, m, d).ok_or_else(bad),
        _ => Err(bad()),
    }
}

/// A date as stored, `YYYY-MM-DD`; `written`, the text it was read from, is kept when it
/// is that already (no new string for the usual cell).
pub fn date_text(day: NaiveDate, written: String) -> String {
    use chrono::Datelike;
    let (y, m, d) = (day.year(), day.month(), day.day());
    if !(0..=9999).contains(&y) {
        return day.to_string(); // chrono's own form of a year outside four digits
    }
    let mut out = [0u8; 10];
    let digits = |out: &mut [u8], mut n: u32| {
        for b in out.iter_mut().rev() {
            *b = b'0' + (n % 10) as u8;
            n /= 10;
        }
    };
    digits(&mut out[0..4], y as u32);
    out[4] = b'-';
    digits(&mut out[5..7], m);
    out[7] = b'-';
    digits(&mut out[8..10], d);
    if written.as_bytes() == out {
        return written;
    }
    let mut text = String::with_capacity(out.len());
    text.extend(out.iter().map(|b| *b as char));
    text
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
pub fn phone(raw: &str) -> Result<Cow<'_, str>, String> {
    let s: Cow<'_, str> = if raw.bytes().all(|b| b.is_ascii_graphic()) {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(half_width(raw).chars().filter(|c| !c.is_whitespace()).collect())
    };
    if !s.chars().any(|c| c.is_ascii_digit()) {
        return Err(m::normalize_not_a_phone(raw).to_string());
    }
    Ok(s)
}

/// An e-mail address: something@domain.tld, no spaces.
pub fn email(raw: &str) -> Result<Cow<'_, str>, String> {
    let s = half_width(raw.trim());
    let ok = match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.as_bytes().windows(2).any(|w| w == b"..")
                && !(if s.is_ascii() {
                    // char::is_whitespace of ASCII: tab to CR (0x09..0x0D), and the space
                    s.bytes().any(|b| matches!(b, b'\t'..=b'\r' | b' ' | b',' | b';'))
                } else {
                    s.chars().any(|c| c.is_whitespace() || c == ',' || c == ';')
                })
        }
        None => false,
    };
    if ok {
        Ok(s)
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
    fn byte_scans_agree_with_looking_at_each_byte() {
        let mut seed = 7u64;
        let alphabet = [b'a', b'0', b' ', b'\r', b'\n', b'\t', 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0xC2, 0xE4, 0xEF, 0xFF];
        for _ in 0..20000 {
            let len = (seed % 40) as usize;
            let mut bytes = Vec::new();
            for _ in 0..len {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                // Mostly plain bytes, so that a hit is as often in a word as in the tail.
                let pick = (seed >> 33) as usize % (alphabet.len() * 4);
                bytes.push(if pick < alphabet.len() { alphabet[pick] } else { b'x' });
            }
            let each = |hit: &dyn Fn(u8) -> bool| bytes.iter().any(|&b| hit(b));
            assert_eq!(has_byte2(&bytes, b'\r', 0xEF), each(&|b| b == b'\r' || b == 0xEF), "{bytes:?}");
            if let Ok(s) = std::str::from_utf8(&bytes) {
                assert_eq!(may_hold_control(s), each(&|b| b < 0x20 || b == 0x7F || b == 0xC2), "{bytes:?}");
            }
            seed = seed.wrapping_add(1);
        }
        // Every control character is caught, whatever its place in a word.
        for c in (0u32..0xA0).filter_map(char::from_u32).filter(|c| c.is_control()) {
            for pad in 0..9 {
                let s = format!("{}{c}{}", "x".repeat(pad), "y".repeat(8 - pad));
                assert!(may_hold_control(&s), "{s:?}");
            }
        }
    }

    #[test]
    fn a_cell_is_trimmed_whatever_its_first_and_last_characters() {
        for (raw, want) in [
            ("院", "院"),
            (" 院 ", "院"),
            ("\u{3000}院\u{3000}", "院"),
            ("\u{FEFF}KH1", "KH1"),
            ("KH1\u{00A0}", "KH1"),
            ("a\u{2003}", "a"),
            ("医院\u{205F}", "医院"),
            ("x", "x"),
            (" ", ""),
            ("", ""),
        ] {
            assert_eq!(clean(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn a_date_is_kept_as_written_when_it_is_stored_so() {
        let kept = String::from("2024-03-05");
        let ptr = kept.as_ptr();
        let out = date_text(date(&kept).unwrap(), kept);
        assert_eq!((out.as_str(), out.as_ptr()), ("2024-03-05", ptr));
        assert_eq!(date_text(date("2024/3/5").unwrap(), "2024/3/5".into()), "2024-03-05");
        assert_eq!(date_text(NaiveDate::from_ymd_opt(12345, 1, 2).unwrap(), String::new()), "+12345-01-02");
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
