//! Files svc reads whole: maintenance and emergency plans, audit checklists and
//! templates, inspection protocols, column maps, training ladders, seal files, an
//! export's manifest. Each is a few KiB written by a person; none is streamed, so a wrong
//! path (`/dev/zero`, a database, a 2 GB log) would be read until memory runs out. Here
//! they are read up to a limit and refused past it, without reading further (issue 9:
//! bounded memory on hostile input). Record files (CSV, JSON, workbooks) are streamed by
//! `exchange` and have their own per-field limit.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};
use crate::words::catalogue::Msg;
use crate::words::m;

/// The most a whole-read file may hold: the longest CSV row and JSON or YAML field
/// (`exchange::field_limit`) is the same number, so one figure is documented.
pub const WHOLE_FILE_LIMIT_MIB: u64 = 1;

/// What reading a whole file found, before anyone decides what to say about it.
pub enum Whole {
    Bytes(Vec<u8>),
    /// Longer than the limit: at most the limit and one byte were read.
    TooLong,
}

/// The bytes of `path`, up to `WHOLE_FILE_LIMIT_MIB`; the I/O error as it came, so a
/// caller with its own words for a missing file can say them.
pub fn bytes(path: &Path) -> std::io::Result<Whole> {
    let limit = WHOLE_FILE_LIMIT_MIB << 20;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(limit + 1).read_to_end(&mut bytes)?;
    Ok(if bytes.len() as u64 > limit { Whole::TooLong } else { Whole::Bytes(bytes) })
}

/// The text of `path`: no such file is exit 3, a file that is not UTF-8 or is longer than
/// the limit exit 5 (`too_long` says which kind of file was expected, given the file's
/// name and the limit in MiB); any other I/O error as such.
pub fn text(path: &Path, too_long: impl FnOnce(String, i64) -> Msg) -> Result<String> {
    text_if_there(path, too_long)?.ok_or_else(|| Error::not_found(m::cli_file_not_found(path.display().to_string())))
}

/// As `text`, for a file that may be absent (an export's manifest): none when there is no
/// such file.
pub fn text_if_there(path: &Path, too_long: impl FnOnce(String, i64) -> Msg) -> Result<Option<String>> {
    let shown = path.display().to_string();
    let read = match bytes(path) {
        Ok(read) => read,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(format!("cannot read {shown}"), e)),
    };
    match read {
        Whole::TooLong => Err(Error::invalid(too_long(shown, WHOLE_FILE_LIMIT_MIB as i64))),
        Whole::Bytes(b) => String::from_utf8(b).map(Some).map_err(|_| Error::invalid(m::cli_file_not_utf8(&shown))),
    }
}

/// The refusal for a file of no more particular kind: a plan, a checklist, a map.
pub fn too_long(file: String, limit: i64) -> Msg {
    crate::hardening::msg::file_too_long(file, limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_past_the_limit_is_refused_after_reading_one_byte_more() {
        let dir = tempfile::tempdir().unwrap();
        let at_limit = dir.path().join("a.yaml");
        std::fs::write(&at_limit, vec![b'a'; (WHOLE_FILE_LIMIT_MIB << 20) as usize]).unwrap();
        assert_eq!(text(&at_limit, too_long).unwrap().len() as u64, WHOLE_FILE_LIMIT_MIB << 20);
        let past = dir.path().join("b.yaml");
        std::fs::write(&past, vec![b'a'; (WHOLE_FILE_LIMIT_MIB << 20) as usize + 1]).unwrap();
        let e = text(&past, too_long).unwrap_err().to_string();
        assert!(e.contains("b.yaml") && e.contains("1 MiB"), "{e}");
        // An endless file is refused as soon as the limit is passed.
        if Path::new("/dev/zero").exists() {
            assert!(matches!(bytes(Path::new("/dev/zero")).unwrap(), Whole::TooLong));
        }
    }
}
