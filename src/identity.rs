//! Real identity (issue 9). A staff code typed after `--by` is a claim anyone can make:
//! a requester could approve their own requisition by typing a colleague's code
//! (R4.3.1). A staff member may therefore be bound to the operating-system login they
//! use (`svc staff edit S --login NAME`), and with the setting `identity.enforce=true`
//! every staff member named as the one acting must be the one bound to the login that
//! runs svc, as the operating system reports it (the process credentials, not USER).
//!
//! The command line says which flags name the one acting: every `--by` whose value is a
//! staff code (`value_name = "STAFF"`). They are read once from the parsed command line
//! (`note_command_line`) and checked before the command runs (`guard`), so each command
//! and each rule about people sees the identity the operating system vouches for.

use std::sync::OnceLock;

use rusqlite::{Connection, OptionalExtension};

use crate::db::Tx;
use crate::error::{Error, Result, SqlContext};
use crate::hardening::msg;

/// The setting that turns enforcement on.
pub const ENFORCE: &str = "identity.enforce";

/// What the command line says about the one acting: for each `--by STAFF` flag of the
/// command, the code given, or `None` when it was left out (a default applies).
static ACTING: OnceLock<Vec<Option<String>>> = OnceLock::new();

/// Read the acting staff flags of the command that runs from its parsed command line.
pub fn note_command_line(cmd: &clap::Command, matches: &clap::ArgMatches) {
    let _ = ACTING.set(acting_flags(cmd, matches));
}

/// The `--by STAFF` flags of the leaf subcommand: given (Some) or left out (None).
pub fn acting_flags(cmd: &clap::Command, matches: &clap::ArgMatches) -> Vec<Option<String>> {
    let (mut cmd, mut matches) = (cmd, matches);
    while let Some((name, sub)) = matches.subcommand() {
        let Some(next) = cmd.find_subcommand(name) else { break };
        (cmd, matches) = (next, sub);
    }
    cmd.get_arguments()
        .filter(|a| a.get_long() == Some("by") && a.get_value_names().is_some_and(|v| v.iter().any(|n| n == "STAFF")))
        .map(|a| matches.try_get_one::<String>(a.get_id().as_str()).ok().flatten().cloned())
        .collect()
}

/// Whether identity is enforced in this database.
pub fn enforced(conn: &Connection) -> Result<bool> {
    Ok(crate::config::get(conn, ENFORCE)? == "true")
}

/// A staff member bound to a login: code, role, active.
struct Bound {
    code: String,
    role: String,
    active: bool,
}

fn bound_to(conn: &Connection, login: &str) -> Result<Option<Bound>> {
    conn.query_row("SELECT code, role, active FROM staff WHERE login = ?1", [login], |r| {
        Ok(Bound { code: r.get(0)?, role: r.get(1)?, active: r.get(2)? })
    })
    .optional()
    .ctx("looking up the staff member bound to a login")
}

/// The login a staff member is bound to (None: none, or no such staff member).
pub fn login_of(conn: &Connection, code: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT login FROM staff WHERE code = ?1", [code], |r| r.get::<_, Option<String>>(0))
        .optional()
        .ctx("reading a staff member's login")?
        .flatten())
}

/// The pure decision: may the process running as `me` act as `code`, bound to `login`?
/// `mine` is the staff member bound to `me`, if any.
fn decide(code: &str, login: Option<&str>, me: &str, mine: Option<&str>) -> std::result::Result<(), crate::words::Msg> {
    if login == Some(me) {
        return Ok(());
    }
    Err(match mine {
        Some(mine) => msg::identity_not_you(code, me, mine),
        None => msg::identity_unbound(me),
    })
}

/// With enforcement on, each staff member the command line names as acting is the one
/// bound to the OS login, and a left-out `--by` (whose default would be someone else's
/// code, or the declared actor) must be given. Refused (exit 4) otherwise.
pub fn guard(open: impl FnOnce() -> Result<crate::db::Db>) -> Result<()> {
    let Some(flags) = ACTING.get().filter(|f| !f.is_empty()) else { return Ok(()) };
    let db = open()?;
    if !enforced(db.conn())? {
        return Ok(());
    }
    let me = &crate::os_account::current().login();
    let mine = bound_to(db.conn(), me)?.map(|b| b.code);
    for flag in flags {
        match flag {
            Some(code) => {
                // A staff code that does not exist is the command's to report (exit 3).
                let exists: bool = db
                    .query_row("SELECT EXISTS (SELECT 1 FROM staff WHERE code = ?1)", [code], |r| r.get(0))
                    .ctx("looking up a staff member")?;
                if exists {
                    decide(code, login_of(db.conn(), code)?.as_deref(), me, mine.as_deref()).map_err(Error::refused)?;
                }
            }
            None => {
                return Err(Error::refused(match &mine {
                    Some(mine) => msg::identity_say_who(me, mine),
                    None => msg::identity_unbound(me),
                }))
            }
        }
    }
    Ok(())
}

/// Who may change who is who: turning enforcement on or off, and binding a login while
/// it is on, take a manager, active and bound to the login that runs svc. Turning it on
/// takes one too, so that someone can always turn it off again through svc.
pub fn require_manager(tx: &Tx, what: &str) -> Result<()> {
    let me = &crate::os_account::current().login();
    match bound_to(tx.conn(), me)? {
        Some(b) if b.active && b.role == "manager" => Ok(()),
        _ => Err(Error::refused(msg::identity_manager_only(what, me))),
    }
}

/// A login as typed: no spaces, control or invisible characters, at most 64 bytes
/// (what login names are on every system svc runs on).
fn valid_login(login: &str) -> bool {
    !login.is_empty()
        && login.len() <= 64
        && login.chars().all(|c| !c.is_whitespace() && !c.is_control() && !crate::exchange::normalize::is_invisible(c))
}

/// Bind a staff member to an OS login, or clear the binding (an empty login).
pub fn set_login(tx: &Tx, code: &str, login: &str) -> Result<()> {
    let login = login.trim();
    let (id, _) = crate::records::get::<crate::staff::Staff>(tx.conn(), code)?;
    if !login.is_empty() && !valid_login(login) {
        return Err(Error::invalid(msg::identity_bad_login(format!("{login:?}"))));
    }
    if enforced(tx.conn())? {
        require_manager(tx, "staff logins")?;
    }
    let before = login_of(tx.conn(), code)?;
    let after = (!login.is_empty()).then(|| login.to_string());
    if before == after {
        return Ok(());
    }
    if let Some(l) = &after {
        if let Some(other) = bound_to(tx.conn(), l)? {
            return Err(Error::refused(msg::identity_login_taken(l.as_str(), other.code)));
        }
    }
    tx.execute("UPDATE staff SET login = ?2 WHERE id = ?1", rusqlite::params![id, after])
        .ctx("binding a staff member to a login")?;
    crate::db::history::record(
        tx,
        "staff",
        code,
        "login",
        Some(&serde_json::json!({ "login": before })),
        Some(&serde_json::json!({ "login": after })),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_staff_member_bound_to_the_login_may_act() {
        assert!(decide("S1", Some("alice"), "alice", Some("S1")).is_ok());
        let other = decide("S2", Some("bob"), "alice", Some("S1")).unwrap_err();
        assert_eq!(other.key, "hardening-identity-not-you");
        // Unbound staff are nobody's: they cannot be acted as under enforcement.
        assert!(decide("S3", None, "alice", Some("S1")).is_err());
        assert_eq!(decide("S1", Some("alice"), "bob", None).unwrap_err().key, "hardening-identity-unbound");
    }

    #[test]
    fn logins_are_plain_names() {
        assert!(valid_login("zhang.wei"));
        assert!(valid_login("uid:1001"));
        assert!(!valid_login("zhang wei"));
        assert!(!valid_login("a\u{202e}b"));
        assert!(!valid_login(&"x".repeat(65)));
    }
}
