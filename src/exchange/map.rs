//! Column maps (`--map FILE.yaml`): how a legacy file's headers and values translate to
//! an area's canonical columns.
//!
//! ```yaml
//! encoding: gbk            # optional; --encoding on the command line wins
//! columns:                 # source header -> canonical column
//!   客户编号: code
//!   客户名称: name
//! values:                  # per canonical column: source value -> canonical value
//!   type: {医院: hospital, 诊所: clinic}
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::encoding::Encoding;
use crate::error::{Error, Result};
use crate::words::m;

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct MapFile {
    encoding: Option<Encoding>,
    #[serde(default)]
    columns: BTreeMap<String, String>,
    #[serde(default)]
    values: BTreeMap<String, BTreeMap<String, String>>,
}

/// A validated map for one area.
#[derive(Debug, Default)]
pub struct ColumnMap {
    pub encoding: Option<Encoding>,
    /// normalised source header -> canonical column index
    columns: HashMap<String, usize>,
    /// canonical column index -> (source value -> canonical value)
    values: Vec<HashMap<String, String>>,
}

// Headers compare trimmed and case-insensitively, so ` Name ` finds `name`.
use super::columns::header_key;

impl ColumnMap {
    pub fn load(path: &Path, columns: &[&str]) -> Result<ColumnMap> {
        crate::safe_output::protect(path);
        let shown = || path.display().to_string();
        let bytes = match crate::safe_input::bytes(path) {
            Ok(crate::safe_input::Whole::Bytes(b)) => b,
            Ok(crate::safe_input::Whole::TooLong) => {
                return Err(Error::invalid(crate::safe_input::too_long(
                    shown(),
                    crate::safe_input::WHOLE_FILE_LIMIT_MIB as i64,
                )))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::not_found(m::exchange_map_not_found(shown())))
            }
            Err(e) => return Err(Error::invalid(m::exchange_map_unreadable(shown(), e.to_string()))),
        };
        // A map saved by a Chinese Windows editor is GBK: say so, not a decoder's words.
        let text = String::from_utf8(bytes).map_err(|_| Error::invalid(super::msg::exchange_map_not_utf8(shown())))?;
        let file: MapFile = serde_yaml::from_str(&text)
            .map_err(|e| Error::invalid(m::exchange_map_invalid(path.display().to_string(), e.to_string())))?;
        let index = |target: &str| -> Result<usize> {
            columns.iter().position(|c| *c == target.trim()).ok_or_else(|| {
                Error::invalid(m::exchange_map_no_column(path.display().to_string(), target, columns.join(", ")))
            })
        };
        let mut map = ColumnMap { encoding: file.encoding, ..Default::default() };
        map.values = vec![HashMap::new(); columns.len()];
        for (source, target) in &file.columns {
            map.columns.insert(header_key(source), index(target)?);
        }
        for (target, pairs) in &file.values {
            let i = index(target)?;
            let entry = &mut map.values[i];
            for (from, to) in pairs {
                entry.insert(from.trim().to_string(), to.trim().to_string());
            }
        }
        Ok(map)
    }

    /// The canonical column a source header stands for: the map's word, else the
    /// header itself when it is a column's name (its key, or its label: `客户编号`).
    pub fn column_of(&self, header: &str, columns: &[&str]) -> Option<usize> {
        let key = header_key(header);
        self.columns.get(&key).copied().or_else(|| super::columns::position(columns, header))
    }

    /// A value translated through the map's `values:` for its column.
    pub fn value<'a>(&'a self, column: usize, value: &'a str) -> &'a str {
        self.values.get(column).and_then(|m| m.get(value)).map(String::as_str).unwrap_or(value)
    }
}
