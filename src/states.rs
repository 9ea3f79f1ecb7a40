//! State machines as data: a record's allowed moves are one table in its area (tickets,
//! repairs); this is the one place that reads such a table and words the refusal.

use crate::error::{Error, Result};

/// A move: the statuses it may start from, the status it leads to (`None`: the status
/// stays, or the step itself decides, as an inspection's verdict does), and what must
/// happen first when it is refused.
pub struct Move {
    pub action: &'static str,
    pub from: &'static [&'static str],
    pub to: Option<&'static str>,
    pub first: &'static str,
}

/// Where `action` leads a `what` (`ticket`, `repair`) in `status`, or the refusal
/// (exit 4) naming the statuses it needs and what must happen first. The first row
/// whose `from` holds the status wins.
pub fn step(moves: &[Move], what: &str, code: &str, status: &str, action: &str) -> Result<Option<&'static str>> {
    if let Some(m) = moves.iter().find(|m| m.action == action && m.from.contains(&status)) {
        return Ok(m.to);
    }
    // Asked again for what is done already (a second signature, a second first response).
    if moves.iter().any(|m| m.action == action && m.to == Some(status)) {
        return Err(Error::Refused(format!("{what} {code} is {status} already: '{action}' is done")));
    }
    let allowed: Vec<&str> = moves.iter().filter(|m| m.action == action).flat_map(|m| m.from.iter().copied()).collect();
    let first = moves.iter().filter(|m| m.action == action).map(|m| m.first).find(|f| !f.is_empty()).unwrap_or("");
    Err(Error::Refused(format!("{what} {code} is {status}: '{action}' needs it {}; {first}", allowed.join(" or "))))
}

/// Every status a table names is one of `statuses` (a unit test of each area calls it).
pub fn check_table(moves: &[Move], statuses: &[&str]) -> std::result::Result<(), String> {
    for m in moves {
        for s in m.from.iter().chain(m.to.iter()) {
            if !statuses.contains(s) {
                return Err(format!("move {} names unknown status {s}", m.action));
            }
        }
    }
    Ok(())
}
