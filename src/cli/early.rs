//! What is read from the command line before clap parses it: the business time zone
//! (time flags are parsed in it, `zone::settle`) and the language of a message given
//! before parsing ends (a control character refused, a bad `--tz`, a malformed date).

use std::ffi::OsString;

use crate::words::catalogue::Lang;

/// The value of a long flag in `args` (`--flag V` or `--flag=V`), the last one given.
pub fn flag(args: &[OsString], name: &str) -> Option<OsString> {
    let mut found = None;
    let mut it = args.iter().skip(1);
    let eq = format!("{name}=");
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if a == name {
            found = it.next().cloned();
        } else if let Some(v) = a.to_str().and_then(|s| s.strip_prefix(&eq)) {
            found = Some(v.into());
        }
    }
    found
}

/// The language `--lang` names as typed, else `SVC_LANG`, else the locale: what the
/// parsed command line will choose (`Global::language`), known before it is parsed.
pub fn language(args: &[OsString]) -> Lang {
    flag(args, "--lang")
        .and_then(|v| v.to_str().and_then(Lang::from_tag))
        .or_else(|| std::env::var("SVC_LANG").ok().and_then(|v| Lang::from_tag(&v)))
        .unwrap_or_else(locale_language)
}

/// The language of the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`).
pub fn locale_language() -> Lang {
    Lang::from_locale(|v| std::env::var(v).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    #[test]
    fn flags_are_found_in_both_forms_and_not_after_a_double_dash() {
        assert_eq!(flag(&args(&["svc", "--tz", "UTC", "ticket", "list"]), "--tz"), Some("UTC".into()));
        assert_eq!(flag(&args(&["svc", "ticket", "list", "--tz=+08:00"]), "--tz"), Some("+08:00".into()));
        assert_eq!(flag(&args(&["svc", "ticket", "note", "--", "--tz", "UTC"]), "--tz"), None);
        assert_eq!(flag(&args(&["svc", "--tzx", "UTC"]), "--tz"), None);
    }

    #[test]
    fn a_typed_language_is_known_before_parsing_the_last_one_given() {
        assert_eq!(language(&args(&["svc", "--lang", "en", "--lang=zh-CN", "ticket", "list"])), Lang::ZhCn);
        assert_eq!(language(&args(&["svc", "--lang", "zh-CN", "ticket", "list", "--lang", "en"])), Lang::En);
    }
}
