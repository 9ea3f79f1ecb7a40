//! Hostile text at the two edges of a terminal (the attack review): what comes in on the
//! command line, and what goes out in a table. English in `i18n/en/hostile.ftl`, Chinese
//! in `i18n/zh-CN/hostile.ftl`.
//!
//! Imported files are checked cell by cell (`exchange::Check::text`), but most commands
//! take their free text straight from their arguments (`ticket open --symptom`, `ticket
//! note`, a diagnosis, a complaint): an escape sequence typed or pasted there was stored,
//! and retitled or repainted the terminal of whoever listed it. The rule is kept here
//! once, for every argument of every command, before the command line is parsed.

use std::borrow::Cow;
use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;

use crate::error::{Error, Result};
use crate::exchange::normalize;

pub mod msg {
    use crate::words::catalogue::{Arg, Msg};

    crate::words::catalogue::messages! {
        argument_control = "hostile-argument-control" (value, char);
        argument_carriage_return = "hostile-argument-carriage-return" (value);
        attachment_name = "hostile-attachment-name" (name);
        database_not_regular = "hostile-database-not-regular" (path);
        database_damaged = "hostile-database-damaged" (what);
        time_in_gap = "hostile-time-in-gap" (time);
        help_not_written = "hostile-help-not-written" (reason);
        output_system_place = "hostile-output-system-place" (path);
    }
}

/// Refuse a command line with a control character other than tab and newline in any
/// argument (exit 5, nothing done): a terminal acts on it when the text is shown. A
/// carriage return gets its own words: it is what a script saved with Windows line ends
/// passes at the end of every line (`T-000001\r`).
pub fn refuse_control_in_arguments(args: &[OsString]) -> Result<()> {
    for arg in args.iter().skip(1) {
        let bytes = arg.as_bytes();
        // Only bytes below 0x20, 0x7F and the lead byte of U+0080..U+009F can start one.
        if !bytes.iter().any(|&b| b < 0x20 || b == 0x7F || b == 0xC2) {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        if let Some(c) = text.chars().find(|c| normalize::is_hostile_control(*c)) {
            let value = format!("{text:?}");
            return Err(Error::invalid(if c == '\r' {
                msg::argument_carriage_return(value)
            } else {
                msg::argument_control(value, format!("U+{:04X}", c as u32))
            }));
        }
    }
    Ok(())
}

/// A cell of a table for a terminal, made harmless: a control character (other than
/// tab and newline) is shown as its visible picture (ESC as `␛`), and a character that
/// reorders the text around it (`U+202E`) as `<U+202E>`. A value stored before the rules
/// on input, or written with the sqlite3 shell, can then neither move the cursor,
/// retitle the terminal nor make the rest of its line read backwards.
pub fn for_terminal(cell: &str) -> Cow<'_, str> {
    let harmful = |c: char| normalize::is_hostile_control(c) || is_reordering(c);
    if cell.is_ascii() && !cell.bytes().any(|b| b.is_ascii_control() && b != b'\t' && b != b'\n') {
        return cell.into();
    }
    if !cell.chars().any(harmful) {
        return cell.into();
    }
    let mut out = String::with_capacity(cell.len() + 8);
    for c in cell.chars() {
        match c {
            c if normalize::is_hostile_control(c) && (c as u32) < 0x20 => {
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('�'))
            }
            '\u{7F}' => out.push('\u{2421}'),
            c if harmful(c) => out.push_str(&format!("<U+{:04X}>", c as u32)),
            c => out.push(c),
        }
    }
    out.into()
}

/// Bidirectional embeddings, overrides and isolates: they reverse or reorder the text
/// after them up to the end of the line.
fn is_reordering(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_terminal_cell_shows_controls_and_overrides_as_visible_marks() {
        assert_eq!(for_terminal("协和医院"), "协和医院");
        assert_eq!(for_terminal("a\tb\nc"), "a\tb\nc");
        assert_eq!(for_terminal("A\u{1b}]0;X\u{7}B"), "A\u{241b}]0;X\u{2407}B");
        assert_eq!(for_terminal("x\rY\u{7f}"), "x\u{240d}Y\u{2421}");
        assert_eq!(for_terminal("\u{202e}txt.exe"), "<U+202E>txt.exe");
        assert_eq!(for_terminal("a\u{9b}31m"), "a<U+009B>31m");
    }

    #[test]
    fn arguments_with_a_control_character_are_refused_and_plain_ones_pass() {
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert!(refuse_control_in_arguments(&args(&["svc", "ticket", "note", "T-1", "两行\n文字\t制表"])).is_ok());
        assert!(refuse_control_in_arguments(&args(&["svc", "ticket", "note", "T-1", "a\u{1b}[2J"])).is_err());
        assert!(refuse_control_in_arguments(&args(&["svc", "ticket", "show", "T-1\r"])).is_err());
        assert!(refuse_control_in_arguments(&args(&["svc", "x", "\u{85}"])).is_err());
        // The program's own name is not an argument.
        assert!(refuse_control_in_arguments(&args(&["sv\u{1b}c"])).is_ok());
    }
}
