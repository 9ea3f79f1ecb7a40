//! State machines as data (design.md, "Workflow"): every record with a status declares
//! one `Workflow` in its area: its statuses and its moves. This is the one place that
//! reads such a table, words the refusal (exit 4), and renders the table for docs/.

use crate::error::{Error, Result};
use crate::words::m;

/// A record type's statuses and the moves between them.
pub struct Workflow {
    /// What the record is called in messages: `ticket`, `purchase order`.
    pub name: &'static str,
    /// The table whose `status` column holds it; its CHECK lists `statuses`.
    pub table: &'static str,
    /// The command that runs a move, without the action (`svc ticket`): docs only.
    pub command: &'static str,
    /// Every status, in its canonical text (what the column, filters and exports hold).
    pub statuses: &'static [&'static str],
    /// The status a new record starts in, and the command that creates it (docs only).
    pub start: (&'static str, &'static str),
    pub moves: &'static [Move],
}

/// Where a move leads.
#[derive(Debug, Clone, Copy)]
pub enum To {
    /// The status stays (a note, a visit, parts used).
    Stay,
    /// Always this status.
    Status(&'static str),
    /// One of these, picked by the outcome the caller passes (an inspection's verdict).
    Choice(&'static [(Outcome, &'static str)]),
}

/// What the data says when a step's target depends on it: the guard the caller
/// computes (pure, from the record) and passes to `step`, which picks the target the
/// table lists for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// An inspection passed.
    Pass,
    /// An inspection failed.
    Fail,
    /// The work had started before (a consent to a revised plan).
    Started,
    /// The work had not started yet.
    NotStarted,
    /// Everything asked for is done (an order received in full and accepted).
    Complete,
    /// Something is still outstanding.
    Partial,
    /// A ticket that had its first response.
    Answered,
    /// A ticket assigned to a technician, not answered yet.
    Assigned,
    /// A ticket nobody was assigned.
    Unassigned,
}

impl Outcome {
    /// How the docs name it.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Pass => "passed",
            Outcome::Fail => "failed",
            Outcome::Started => "the work had started",
            Outcome::NotStarted => "the work had not started",
            Outcome::Complete => "every line arrived and was accepted",
            Outcome::Partial => "goods still outstanding",
            Outcome::Answered => "it had its first response",
            Outcome::Assigned => "assigned, not answered",
            Outcome::Unassigned => "never assigned",
        }
    }
}

/// A move: the statuses it may start from, where it leads, what must happen first when
/// it is refused, and what to do instead when it is done already.
#[derive(Debug, Clone, Copy)]
pub struct Move {
    pub action: &'static str,
    pub from: &'static [&'static str],
    pub to: To,
    pub first: &'static str,
    /// Said when the move is asked again of a record it led there already.
    pub again: &'static str,
    /// Docs only: the command when it is not `{workflow.command} {action}`.
    pub command: &'static str,
    /// Docs only: other rules that refuse the move, or what else it does.
    pub note: &'static str,
}

impl Move {
    const fn new(action: &'static str, from: &'static [&'static str], to: To, first: &'static str) -> Move {
        Move { action, from, to, first, again: "", command: "", note: "" }
    }
    /// A move to one status.
    pub const fn go(
        action: &'static str,
        from: &'static [&'static str],
        to: &'static str,
        first: &'static str,
    ) -> Move {
        Move::new(action, from, To::Status(to), first)
    }
    /// A move that keeps the status.
    pub const fn stay(action: &'static str, from: &'static [&'static str], first: &'static str) -> Move {
        Move::new(action, from, To::Stay, first)
    }
    /// A move whose target the caller's `Outcome` picks among these.
    pub const fn choose(
        action: &'static str,
        from: &'static [&'static str],
        to: &'static [(Outcome, &'static str)],
        first: &'static str,
    ) -> Move {
        Move::new(action, from, To::Choice(to), first)
    }
    pub const fn again(self, again: &'static str) -> Move {
        Move { again, ..self }
    }
    pub const fn command(self, command: &'static str) -> Move {
        Move { command, ..self }
    }
    pub const fn note(self, note: &'static str) -> Move {
        Move { note, ..self }
    }
    /// Every status the move may lead to.
    pub fn targets(&self) -> Vec<&'static str> {
        match self.to {
            To::Stay => self.from.to_vec(),
            To::Status(s) => vec![s],
            To::Choice(c) => c.iter().map(|(_, s)| *s).collect(),
        }
    }
}

/// Every workflow: the registry's list, which also names each one's history entity.
pub fn all() -> impl Iterator<Item = &'static Workflow> {
    crate::registry::FLOWS.iter().map(|(_, w)| *w)
}

impl Workflow {
    /// Where `action` leads for `outcome`, when the table chooses by outcome.
    pub fn target(&self, action: &str, outcome: Outcome) -> Option<&'static str> {
        self.moves.iter().filter(|m| m.action == action).find_map(|m| match m.to {
            To::Choice(choices) => choices.iter().find(|(o, _)| *o == outcome).map(|(_, s)| *s),
            _ => None,
        })
    }

    /// Whether a record in `status` is still open: some move leads it on to another
    /// status. The ends of a workflow (signed, declined, closed...) have none.
    pub fn is_open(&self, status: &str) -> bool {
        self.moves.iter().any(|m| m.from.contains(&status) && m.targets().iter().any(|to| *to != status))
    }

    /// `step` for a move whose target the table fixes (or that keeps the status).
    pub fn step(&self, code: &str, status: &str, action: &str) -> Result<&'static str> {
        step(self, code, status, action, None)
    }

    /// `step` for a move whose target depends on the data: `outcome` picks it.
    pub fn step_by(&self, code: &str, status: &str, action: &str, outcome: Outcome) -> Result<&'static str> {
        step(self, code, status, action, Some(outcome))
    }

    /// The refusal `step` would give, before the data that picks the target is known
    /// (an inspection refused before its values are judged).
    pub fn may(&self, code: &str, status: &str, action: &str) -> Result<()> {
        find(self, code, status, action).map(|_| ())
    }
}

/// The status `action` leads the record `code` in `status` to, or the refusal (exit 4)
/// naming the statuses it needs and what must happen first; a move asked again of a
/// record it led there already is refused as done. The first row whose `from` holds the
/// status wins. A choice needs the `outcome` it is to pick by, and only a target the
/// table lists for that outcome is taken: anything else is a fault of the caller.
pub fn step(w: &Workflow, code: &str, status: &str, action: &str, outcome: Option<Outcome>) -> Result<&'static str> {
    let m = find(w, code, status, action)?;
    let name = w.name;
    match (m.to, outcome) {
        (To::Stay, _) => Ok(m.from.iter().copied().find(|s| *s == status).unwrap_or_default()),
        (To::Status(to), _) => Ok(to),
        (To::Choice(choices), Some(o)) => choices
            .iter()
            .find(|(c, _)| *c == o)
            .map(|(_, to)| *to)
            .ok_or_else(|| Error::internal(m::workflow_no_target(name, code, action, status, format!("{o:?}")))),
        (To::Choice(_), None) => Err(Error::internal(m::workflow_no_outcome(name, code, action, status))),
    }
}

/// The move `action` makes from `status`, or the refusal.
fn find(w: &Workflow, code: &str, status: &str, action: &str) -> Result<Move> {
    let name = w.name;
    if let Some(m) = w.moves.iter().find(|m| m.action == action && m.from.contains(&status)) {
        return Ok(*m);
    }
    let of_action = || w.moves.iter().filter(|m| m.action == action);
    if of_action().next().is_none() {
        return Err(Error::internal(m::workflow_no_move(name, code, action)));
    }
    // Asked again for what is done already (a second signature, a second first response).
    if let Some(mv) = of_action().find(|mv| matches!(mv.to, To::Status(to) if to == status)) {
        return Err(Error::refused(match mv.again {
            "" => m::workflow_done(name, code, status, action),
            hint => m::workflow_done_then(name, code, status, action, hint),
        }));
    }
    let allowed = of_action().flat_map(|mv| mv.from.iter().copied()).collect::<Vec<_>>().join(" or ");
    Err(Error::refused(match of_action().map(|mv| mv.first).find(|f| !f.is_empty()) {
        None => m::workflow_needs(name, code, status, action, allowed),
        Some(hint) => m::workflow_needs_then(name, code, status, action, allowed, hint),
    }))
}

/// Every status a table names (and the one it starts in) is one of its statuses.
pub fn check_table(w: &Workflow) -> std::result::Result<(), String> {
    for m in w.moves {
        for s in m.from.iter().copied().chain(m.targets()) {
            if !w.statuses.contains(&s) {
                return Err(format!("{}: move {} names unknown status {s}", w.name, m.action));
            }
        }
    }
    if !w.statuses.contains(&w.start.0) {
        return Err(format!("{}: starts in unknown status {}", w.name, w.start.0));
    }
    Ok(())
}

fn code_list(items: &[&str]) -> String {
    items.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
}

/// Commands in code spans; a remark in brackets after them stays outside.
fn command_cell(command: &str) -> String {
    let (commands, remark) = command.split_at(command.find(" (").unwrap_or(command.len()));
    let spans: Vec<String> = commands.split(", ").map(|c| format!("`{}`", c.replace('|', "\\|"))).collect();
    format!("{}{remark}", spans.join(", "))
}

/// The workflow as the Markdown table docs/cli.md shows.
pub fn markdown(w: &Workflow) -> String {
    let mut o = String::from("| command | from | to | when refused, what must happen first |\n|---|---|---|---|\n");
    for m in w.moves {
        let command = if m.command.is_empty() { format!("{} {}", w.command, m.action) } else { m.command.to_string() };
        let from = if m.from.len() == w.statuses.len() { "any status".to_string() } else { code_list(m.from) };
        let to = match m.to {
            To::Stay => "(stays)".to_string(),
            To::Status(s) => format!("`{s}`"),
            To::Choice(c) => c.iter().map(|(o, s)| format!("`{s}` when {}", o.label())).collect::<Vec<_>>().join(", "),
        };
        let mut refused: Vec<String> = Vec::new();
        if !m.first.is_empty() {
            refused.push(format!("\"{}\"", m.first));
        }
        if !m.again.is_empty() {
            refused.push(format!("done already: \"{}\"", m.again));
        }
        if !m.note.is_empty() {
            refused.push(m.note.to_string());
        }
        let cell = |s: &str| s.replace('|', "\\|");
        o.push_str(&format!("| {} | {from} | {to} | {} |\n", command_cell(&command), cell(&refused.join("; "))));
    }
    o
}

/// The workflow as a mermaid state diagram: every move that changes the status (the
/// moves that keep it are in the table).
pub fn mermaid(w: &Workflow) -> String {
    let mut o = format!("```mermaid\nstateDiagram-v2\n    [*] --> {}: {}\n", w.start.0, w.start.1);
    let mut lines: Vec<String> = Vec::new();
    for m in w.moves {
        let targets: Vec<(&str, String)> = match m.to {
            To::Stay => continue,
            To::Status(s) => vec![(s, m.action.to_string())],
            To::Choice(c) => c.iter().map(|(oc, s)| (*s, format!("{} ({})", m.action, oc.label()))).collect(),
        };
        for from in m.from {
            for (to, label) in &targets {
                let line = format!("    {from} --> {to}: {label}\n");
                if !lines.contains(&line) {
                    lines.push(line);
                }
            }
        }
    }
    lines.iter().for_each(|l| o.push_str(l));
    for s in w.statuses {
        let leaves = w.moves.iter().any(|m| m.from.contains(s) && m.targets().iter().any(|t| t != s));
        if !leaves {
            o.push_str(&format!("    {s} --> [*]\n"));
        }
    }
    o.push_str("```\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;
    use std::path::Path;

    /// The answer of the real rules to every (status, action) pair of a workflow: the
    /// status it leads to (one line per outcome of a choice), or the refusal.
    fn walk(w: &Workflow) -> Vec<(String, String, String)> {
        let mut actions: Vec<&str> = w.moves.iter().map(|m| m.action).collect();
        actions.dedup();
        let mut out = Vec::new();
        for status in w.statuses {
            for action in &actions {
                let outcomes: Vec<Option<Outcome>> = match find(w, "CODE", status, action).map(|m| m.to) {
                    Ok(To::Choice(c)) => c.iter().map(|(o, _)| Some(*o)).collect(),
                    _ => vec![None],
                };
                for o in outcomes {
                    let answer = match step(w, "CODE", status, action, o) {
                        Ok(to) if to == *status => "(stays)".to_string(),
                        Ok(to) => format!("→ `{to}`"),
                        Err(e) if e.kind() == Kind::Refused => format!("refused: {e}"),
                        Err(e) => panic!("{} {status} {action}: not a refusal: {e}", w.name),
                    };
                    let action = match o {
                        Some(o) => format!("{action} ({})", o.label()),
                        None => action.to_string(),
                    };
                    out.push((status.to_string(), action, answer));
                }
            }
        }
        out
    }

    /// Every pair answers as its table says: allowed moves lead to a target the table
    /// lists; a move done already is refused as done; any other is refused naming the
    /// statuses it needs and what must happen first.
    #[test]
    fn every_status_and_action_of_every_table_answers_as_the_table_says() {
        for w in all() {
            check_table(w).unwrap();
            for status in w.statuses {
                for m in w.moves {
                    let action = m.action;
                    let of_action = || w.moves.iter().filter(|n| n.action == action);
                    let row = of_action().find(|n| n.from.contains(status));
                    let outcomes: Vec<Option<Outcome>> = match row.map(|r| r.to) {
                        Some(To::Choice(c)) => c.iter().map(|(o, _)| Some(*o)).collect(),
                        _ => vec![None],
                    };
                    for o in outcomes {
                        let got = step(w, "X-1", status, action, o);
                        let what = format!("{} {status} {action} {o:?}", w.name);
                        match row {
                            Some(r) => {
                                let to = got.unwrap_or_else(|e| panic!("{what}: refused: {e}"));
                                match r.to {
                                    To::Stay => assert_eq!(to, *status, "{what}"),
                                    To::Status(s) => assert_eq!(to, s, "{what}"),
                                    To::Choice(c) => assert!(c.contains(&(o.unwrap(), to)), "{what}"),
                                }
                            }
                            None => {
                                let e = got.expect_err(&what);
                                assert_eq!(e.exit(), crate::error::Exit::Refused, "{what}");
                                let done = of_action().find(|n| matches!(n.to, To::Status(s) if s == *status));
                                let text = e.to_string();
                                if let Some(d) = done {
                                    let again =
                                        if d.again.is_empty() { String::new() } else { format!("; {}", d.again) };
                                    let want = format!("{} X-1 is {status} already: '{action}' is done{again}", w.name);
                                    assert_eq!(text, want, "{what}");
                                } else {
                                    let needs: Vec<&str> = of_action().flat_map(|n| n.from.iter().copied()).collect();
                                    let first = of_action().map(|n| n.first).find(|f| !f.is_empty());
                                    let first =
                                        first.unwrap_or_else(|| panic!("{what}: refused, but says nothing to do"));
                                    let want = format!(
                                        "{} X-1 is {status}: '{action}' needs it {}; {first}",
                                        w.name,
                                        needs.join(" or ")
                                    );
                                    assert_eq!(text, want, "{what}");
                                }
                            }
                        }
                    }
                    // An outcome the table does not list for a choice is never taken.
                    if let Some(Move { to: To::Choice(c), .. }) = row {
                        for o in
                            [Outcome::Pass, Outcome::Fail, Outcome::Complete, Outcome::Partial, Outcome::Unassigned]
                        {
                            if !c.iter().any(|(l, _)| *l == o) {
                                assert!(
                                    step(w, "X-1", status, action, Some(o)).is_err(),
                                    "{} {status} {action} {o:?}",
                                    w.name
                                );
                            }
                        }
                        assert!(step(w, "X-1", status, action, None).is_err());
                    }
                }
            }
        }
    }

    /// A few answers spelled out, as a user reads them.
    #[test]
    fn refusals_name_the_status_needed_and_what_to_do() {
        let refused = |w: &Workflow, status, action| step(w, "C-1", status, action, None).unwrap_err().to_string();
        assert_eq!(
            refused(&crate::parts::purchase::ORDER, "received", "cancel"),
            "purchase order C-1 is received: 'cancel' needs it open; only an open order can be cancelled; \
             what was received stays recorded"
        );
        assert_eq!(
            refused(&crate::parts::purchase::RECEIPT, "inspected", "inspect"),
            "receipt C-1 is inspected already: 'inspect' is done; its decision is final (goods found faulty later \
             leave stock with 'svc parts scrap', with the reason)"
        );
        assert_eq!(
            refused(&crate::parts::count::FLOW, "cancelled", "post"),
            "stock count C-1 is cancelled: 'post' needs it open; start a new count to count again \
             ('svc parts count start')"
        );
        assert_eq!(
            refused(&crate::repair::FLOW, "signed", "sign"),
            "repair C-1 is signed already: 'sign' is done; a correction to a signed report is an amendment \
             ('svc repair amend R TEXT')"
        );
        assert_eq!(crate::repair::FLOW.step_by("C-1", "in_repair", "inspect", Outcome::Fail).unwrap(), "in_repair");
        assert_eq!(crate::ticket::FLOW.step_by("C-1", "closed", "reopen", Outcome::Unassigned).unwrap(), "open");
        let e = crate::repair::FLOW.step_by("C-1", "in_repair", "inspect", Outcome::Complete).unwrap_err();
        assert_eq!(e.exit(), crate::error::Exit::Internal);
    }

    /// The status values each table's CHECK allows, from the schema of a fresh database.
    fn checked_statuses(conn: &rusqlite::Connection) -> Vec<(String, Vec<String>)> {
        let mut s = conn.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").unwrap();
        let rows: Vec<(String, String)> =
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
        rows.into_iter()
            .filter_map(|(name, sql)| {
                let flat = sql.split_whitespace().collect::<Vec<_>>().join(" ").replace("( ", "(").replace(" (", "(");
                let i = flat.find("CHECK(status IN(")? + "CHECK(status IN(".len();
                let list = &flat[i..i + flat[i..].find(')')?];
                Some((name, list.split(',').map(|v| v.trim().trim_matches('\'').to_string()).collect()))
            })
            .collect()
    }

    /// Tables whose status column has no CHECK: none since 0004 rebuilt `repairs`.
    const UNCHECKED: &[&str] = &[];

    #[test]
    fn every_workflow_lists_the_statuses_its_tables_check_allows() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        crate::db::migrate::migrate(&mut conn, Path::new(":memory:"), "test").unwrap();
        let checks = checked_statuses(&conn);
        let mut unchecked = Vec::new();
        for w in all() {
            // A new row takes the column's default, if it has one: where the table starts.
            let default: Option<String> = conn
                .query_row("SELECT dflt_value FROM pragma_table_info(?1) WHERE name = 'status'", [w.table], |r| {
                    r.get(0)
                })
                .unwrap();
            if let Some(d) = default {
                assert_eq!(
                    d,
                    format!("'{}'", w.start.0),
                    "{}: the status column's default is not where it starts",
                    w.table
                );
            }
            match checks.iter().find(|(t, _)| t == w.table) {
                Some((_, allowed)) => assert_eq!(allowed, w.statuses, "{}: the workflow and the CHECK differ", w.table),
                None => unchecked.push(w.table),
            }
        }
        assert_eq!(
            unchecked, UNCHECKED,
            "tables whose status column has no CHECK; once one has it, take it off UNCHECKED"
        );
    }

    /// What docs/cli.md shows of a workflow between its markers.
    fn doc_block(w: &Workflow) -> String {
        format!("{}\n{}", markdown(w), mermaid(w))
    }

    /// The walk of every table, as docs/states.md shows it.
    fn walk_page() -> String {
        let mut o = String::from(
            "# Every move of every record\n\n<!-- Generated by `SVC_UPDATE_DOCS=1 cargo test states`: do not edit. -->\n\n\
             What svc answers to every action asked of a record in every status: the status it \
             goes to, or the refusal (exit 4) with its message. `CODE` stands for the record's code. \
             The tables and diagrams of [the CLI reference](cli.md) come from the same tables in the code.\n",
        );
        for w in all() {
            o.push_str(&format!("\n## {}\n\n| status | action | answer |\n|---|---|---|\n", w.name));
            for (status, action, answer) in walk(w) {
                o.push_str(&format!("| `{status}` | {action} | {} |\n", answer.replace('|', "\\|")));
            }
        }
        o
    }

    /// Replace (or, with `SVC_UPDATE_DOCS=1`, write) the text between `<!-- states:KEY -->`
    /// and `<!-- /states:KEY -->`; the failures say what to run.
    fn sync(doc: &str, text: &str, blocks: &[(String, String)]) -> std::result::Result<String, String> {
        let mut out = text.to_string();
        for (key, body) in blocks {
            let (open, close) = (format!("<!-- states:{key} -->\n"), format!("<!-- /states:{key} -->"));
            let start = out.find(&open).ok_or(format!("{doc} lacks the marker {open}"))? + open.len();
            let end = start + out[start..].find(&close).ok_or(format!("{doc} lacks the marker {close}"))?;
            out.replace_range(start..end, body);
        }
        Ok(out)
    }

    fn check_doc(name: &str, want: impl Fn(&str) -> std::result::Result<String, String>) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs").join(name);
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        let want = want(&have).unwrap_or_else(|e| panic!("{e}"));
        if have != want {
            if std::env::var_os("SVC_UPDATE_DOCS").is_some_and(|v| v == "1") {
                std::fs::write(&path, want).unwrap();
            } else {
                panic!(
                    "docs/{name} is out of date with the workflow tables in the code: \
                     run 'SVC_UPDATE_DOCS=1 cargo test states' and commit the result"
                );
            }
        }
    }

    #[test]
    fn the_docs_state_tables_are_the_code_s() {
        let blocks: Vec<(String, String)> = all().map(|w| (w.name.replace(' ', "-"), doc_block(w))).collect();
        check_doc("cli.md", |have| sync("docs/cli.md", have, &blocks));
        check_doc("states.md", |_| Ok(walk_page()));
    }
}
