//! The support area's SQL (the storage seam, issue 8): the archive's articles, their
//! versions, full-text index entries, attachments and ticket links, and the return
//! visits with their schedules. Small named reads returning typed rows and writes
//! taking typed values; the rules (what is a change, what is refused, when the next
//! visit falls) decide in `kb` and `visit`. The search's query compiler over FTS5 is
//! `search`. A second storage engine would implement these functions.

use rusqlite::{params, Connection, OptionalExtension};

use super::kb::{Article, Attachment, Listed};
use super::visit::{Filter as VisitFilter, Visit};
use crate::db::Tx;
use crate::due::When;
use crate::error::{Result, SqlContext};

// ---- Articles ----------------------------------------------------------------------

const CURRENT: &str = "SELECT a.id, a.code, v.title, v.question, v.solution, v.models, v.parts, v.tags, v.author
   FROM kb_articles a JOIN kb_versions v ON v.article_id = a.id AND v.version = a.version";

fn read(r: &rusqlite::Row) -> rusqlite::Result<(i64, Article)> {
    Ok((
        r.get(0)?,
        Article {
            code: r.get(1)?,
            title: r.get(2)?,
            question: r.get(3)?,
            solution: r.get(4)?,
            models: r.get(5)?,
            parts: r.get(6)?,
            tags: r.get(7)?,
            author: r.get(8)?,
        },
    ))
}

/// The article with this code, at its current version.
pub fn find_article(conn: &Connection, code: &str) -> Result<Option<(i64, Article)>> {
    conn.prepare_cached(&format!("{CURRENT} WHERE a.code = ?1"))
        .and_then(|mut s| s.query_row([code], read).optional())
        .ctx("looking up a support article")
}

/// Article `id` at its current version.
pub fn current(conn: &Connection, id: i64) -> Result<Article> {
    conn.prepare_cached(&format!("{CURRENT} WHERE a.id = ?1"))
        .and_then(|mut s| s.query_row([id], read))
        .map(|(_, a)| a)
        .ctx("reading a support article")
}

/// Every article at its current version, by code.
pub fn each_article(conn: &Connection, each: &mut dyn FnMut(Article) -> Result<()>) -> Result<()> {
    crate::db::each_row(
        conn,
        &format!("{CURRENT} ORDER BY a.code"),
        [],
        "exporting the support archive",
        |r| read(r).map(|(_, a)| a),
        each,
    )
}

/// Which way an index entry goes: FTS5 deletes an entry by inserting its text again.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Index {
    Add,
    Delete,
}

/// Add or delete article `id`'s index entry with these six text columns (title,
/// question, solution, tags, models, parts): what is deleted must be what was indexed.
pub fn index(tx: &Tx, id: i64, text: &[String; 6], how: Index) -> Result<()> {
    let sql = match how {
        Index::Delete => {
            "INSERT INTO kb_search(kb_search, rowid, title, question, solution, tags, models, parts)
         VALUES ('delete', ?1, ?2, ?3, ?4, ?5, ?6, ?7)"
        }
        Index::Add => {
            "INSERT INTO kb_search(rowid, title, question, solution, tags, models, parts) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
        }
    };
    let [t, q, s, g, m, p] = text;
    tx.prepare_cached(sql)
        .and_then(|mut st| st.execute(params![id, t, q, s, g, m, p]))
        .ctx("indexing a support article")?;
    Ok(())
}

/// Write version `version` of article `id`, at the transaction's time.
pub fn insert_version(tx: &Tx, id: i64, version: i64, a: &Article) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO kb_versions(article_id, version, title, question, solution, models, parts, tags, author, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )
    .and_then(|mut s| {
        s.execute(params![id, version, a.title, a.question, a.solution, a.models, a.parts, a.tags, a.author, tx.now])
    })
    .ctx("writing a support article version")?;
    Ok(())
}

/// Write a new article at version 1 with its status, the ticket it was drafted from and
/// its applies-to lists; its id.
pub fn insert_article(
    tx: &Tx,
    code: &str,
    status: &str,
    ticket: Option<i64>,
    models: &str,
    parts: &str,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO kb_articles(code, version, status, created_at, ticket_id, models, parts)
         VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
    )
    .and_then(|mut s| s.query_row(params![code, status, tx.now, ticket, models, parts], |r| r.get(0)))
    .ctx("adding a support article")
}

/// Article `id`'s current version number.
pub fn version_of(conn: &Connection, id: i64) -> Result<i64> {
    conn.query_row("SELECT version FROM kb_articles WHERE id = ?1", [id], |r| r.get(0)).ctx("reading a version")
}

/// Move article `id` to version `version` with these applies-to lists.
pub fn set_version(tx: &Tx, id: i64, version: i64, models: &str, parts: &str) -> Result<()> {
    tx.execute(
        "UPDATE kb_articles SET version = ?2, models = ?3, parts = ?4 WHERE id = ?1",
        params![id, version, models, parts],
    )
    .ctx("moving a support article to its new version")?;
    Ok(())
}

/// Publish article `id` if it is a draft; whether it was one.
pub fn publish(tx: &Tx, id: i64) -> Result<bool> {
    let changed = tx
        .execute("UPDATE kb_articles SET status = 'published' WHERE id = ?1 AND status = 'draft'", [id])
        .ctx("publishing a support article")?;
    Ok(changed > 0)
}

/// Articles by code, with how many tickets each answered: those for a model (or for
/// every model), with a tag, only drafts.
pub fn list_articles(
    conn: &Connection,
    f: &super::kb::Filter,
    each: &mut dyn FnMut(Listed) -> Result<()>,
) -> Result<()> {
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    crate::db::each_row(
        conn,
        "SELECT a.code, v.title, v.models, v.tags, a.status, a.version,
                (SELECT count(*) FROM kb_links l WHERE l.article_id = a.id), v.at
           FROM kb_articles a JOIN kb_versions v ON v.article_id = a.id AND v.version = a.version
          WHERE (?1 IS NULL OR v.models = '' OR instr(', ' || lower(v.models) || ', ', ', ' || lower(?1) || ', ') > 0)
            AND (?2 IS NULL OR instr(', ' || lower(v.tags) || ', ', ', ' || lower(?2) || ', ') > 0)
            AND (?3 = 0 OR a.status = 'draft')
          ORDER BY a.code LIMIT ?4",
        params![f.model, f.tag, f.drafts, limit],
        "listing support articles",
        |r| {
            Ok(Listed {
                code: r.get(0)?,
                title: r.get(1)?,
                models: r.get(2)?,
                tags: r.get(3)?,
                status: r.get(4)?,
                version: r.get(5)?,
                answered: r.get(6)?,
                updated: crate::clock::show_local(&r.get::<_, String>(7)?),
            })
        },
        each,
    )
}

/// An article's current version, status, tickets answered and the ticket it was drafted
/// from.
pub struct Standing {
    pub latest: i64,
    pub status: String,
    pub answered: i64,
    pub drafted_from: Option<String>,
}

/// Where article `id` stands.
pub fn standing(conn: &Connection, id: i64) -> Result<Standing> {
    conn.query_row(
        "SELECT a.version, a.status, (SELECT count(*) FROM kb_links l WHERE l.article_id = a.id),
                (SELECT t.code FROM tickets t WHERE t.id = a.ticket_id)
           FROM kb_articles a WHERE a.id = ?1",
        [id],
        |r| Ok(Standing { latest: r.get(0)?, status: r.get(1)?, answered: r.get(2)?, drafted_from: r.get(3)? }),
    )
    .ctx("reading a support article")
}

/// Version `version` of article `id` (coded `code`) and when it was written.
pub fn version(conn: &Connection, id: i64, code: &str, version: i64) -> Result<Option<(Article, String)>> {
    conn.query_row(
        "SELECT title, question, solution, models, parts, tags, author, at FROM kb_versions
          WHERE article_id = ?1 AND version = ?2",
        params![id, version],
        |r| {
            Ok((
                Article {
                    code: code.to_string(),
                    title: r.get(0)?,
                    question: r.get(1)?,
                    solution: r.get(2)?,
                    models: r.get(3)?,
                    parts: r.get(4)?,
                    tags: r.get(5)?,
                    author: r.get(6)?,
                },
                r.get::<_, String>(7)?,
            ))
        },
    )
    .optional()
    .ctx("reading a support article version")
}

/// Every version of article `id`: number, when (local time), who, title.
pub fn versions(conn: &Connection, id: i64) -> Result<Vec<(i64, String, String, String)>> {
    crate::db::all_rows(
        conn,
        "SELECT version, at, author, title FROM kb_versions WHERE article_id = ?1 ORDER BY version",
        [id],
        "listing an article's versions",
        |r| Ok((r.get(0)?, crate::clock::show_local(&r.get::<_, String>(1)?), r.get(2)?, r.get(3)?)),
    )
}

/// The tickets article `id` answered: ticket, when (local time), the version given.
pub fn answered(conn: &Connection, id: i64) -> Result<Vec<(String, String, i64)>> {
    crate::db::all_rows(
        conn,
        "SELECT t.code, l.at, l.version FROM kb_links l JOIN tickets t ON t.id = l.ticket_id
          WHERE l.article_id = ?1 ORDER BY l.at, t.code",
        [id],
        "listing the tickets an article answered",
        |r| Ok((r.get(0)?, crate::clock::show_local(&r.get::<_, String>(1)?), r.get(2)?)),
    )
}

// ---- Attachments -------------------------------------------------------------------

/// Whether article `id` has an attachment of this name.
pub fn has_attachment(conn: &Connection, id: i64, name: &str) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM kb_attachments WHERE article_id = ?1 AND name = ?2", params![id, name], |_| Ok(()))
        .optional()
        .ctx("looking up an attachment")?
        .is_some())
}

/// Store a document with article `id`.
pub fn insert_attachment(tx: &Tx, id: i64, a: &Attachment, bytes: &[u8]) -> Result<()> {
    tx.execute(
        "INSERT INTO kb_attachments(article_id, name, mime, size, sha256, content, added_at, added_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![id, a.name, a.mime, a.size, a.sha256, bytes, a.added, a.by],
    )
    .ctx("attaching a document")?;
    Ok(())
}

/// Article `id`'s attachments by name, without their content (times in local time).
pub fn attachments(conn: &Connection, id: i64) -> Result<Vec<Attachment>> {
    crate::db::all_rows(
        conn,
        "SELECT name, mime, size, sha256, added_at, added_by FROM kb_attachments WHERE article_id = ?1 ORDER BY name",
        [id],
        "listing attachments",
        |r| {
            Ok(Attachment {
                name: r.get(0)?,
                mime: r.get(1)?,
                size: r.get(2)?,
                sha256: r.get(3)?,
                added: crate::clock::show_local(&r.get::<_, String>(4)?),
                by: r.get(5)?,
            })
        },
    )
}

/// An attachment of article `id` with its content, as stored.
pub fn attachment(conn: &Connection, id: i64, name: &str) -> Result<Option<(Attachment, Vec<u8>)>> {
    conn.query_row(
        "SELECT name, mime, size, sha256, added_at, added_by, content FROM kb_attachments
          WHERE article_id = ?1 AND name = ?2",
        params![id, name],
        |r| {
            Ok((
                Attachment {
                    name: r.get(0)?,
                    mime: r.get(1)?,
                    size: r.get(2)?,
                    sha256: r.get(3)?,
                    added: r.get(4)?,
                    by: r.get(5)?,
                },
                r.get::<_, Vec<u8>>(6)?,
            ))
        },
    )
    .optional()
    .ctx("reading an attachment")
}

// ---- Tickets -----------------------------------------------------------------------

/// A ticket as the archive reads it: id, symptom, resolution and its device's model.
pub type TicketText = (i64, String, Option<String>, Option<String>);

/// The ticket with this code.
pub fn ticket(conn: &Connection, code: &str) -> Result<Option<TicketText>> {
    conn.query_row(
        "SELECT t.id, t.symptom, t.resolution, m.model FROM tickets t
           LEFT JOIN equipment e ON e.id = t.equipment_id LEFT JOIN models m ON m.id = e.model_id
          WHERE t.code = ?1",
        [code],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
    .optional()
    .ctx("looking up a ticket")
}

/// The code of the article that answered ticket `ticket_id`, if one did.
pub fn ticket_article(conn: &Connection, ticket_id: i64) -> Result<Option<String>> {
    conn.query_row(
        "SELECT a.code FROM kb_links l JOIN kb_articles a ON a.id = l.article_id WHERE l.ticket_id = ?1",
        [ticket_id],
        |r| r.get(0),
    )
    .optional()
    .ctx("looking up a ticket's article")
}

/// Link ticket `ticket_id` to version `version` of article `id`, now.
pub fn insert_link(tx: &Tx, ticket_id: i64, id: i64, version: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO kb_links(ticket_id, article_id, version, at) VALUES (?1, ?2, ?3, ?4)",
        params![ticket_id, id, version, tx.now],
    )
    .ctx("linking a ticket to its article")?;
    Ok(())
}

/// How many tickets article `id` answered.
pub fn links(conn: &Connection, id: i64) -> Result<i64> {
    conn.query_row("SELECT count(*) FROM kb_links WHERE article_id = ?1", [id], |r| r.get(0)).ctx("counting links")
}

// ---- Return visits -----------------------------------------------------------------

/// A customer's id and type.
pub fn customer(conn: &Connection, code: &str) -> Result<Option<(i64, String)>> {
    conn.query_row("SELECT id, type FROM customers WHERE code = ?1", [code], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .ctx("looking up a customer")
}

/// A customer's own visit interval (days), if one was set.
pub fn own_interval(conn: &Connection, customer_id: i64) -> Result<Option<i64>> {
    conn.query_row("SELECT every_days FROM return_visit_schedules WHERE customer_id = ?1", [customer_id], |r| r.get(0))
        .optional()
        .ctx("reading a visit schedule")
}

/// A return visit as it is written.
pub struct VisitRow<'a> {
    pub code: &'a str,
    pub customer_id: i64,
    pub staff_id: i64,
    pub day: String,
    pub kind: &'a str,
    pub needs: &'a str,
    pub advice: &'a str,
    pub next_on: Option<String>,
    pub class: Option<&'a str>,
}

/// Write a return visit, recorded at the transaction's time.
pub fn insert_visit(tx: &Tx, v: &VisitRow) -> Result<()> {
    tx.execute(
        "INSERT INTO return_visits(code, customer_id, staff_id, day, kind, needs, advice, next_on, recorded_at, class)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![v.code, v.customer_id, v.staff_id, v.day, v.kind, v.needs, v.advice, v.next_on, tx.now, v.class],
    )
    .ctx("recording a return visit")?;
    Ok(())
}

/// Set a customer's own visit interval, now.
pub fn set_interval(tx: &Tx, customer_id: i64, every: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO return_visit_schedules(customer_id, every_days, set_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(customer_id) DO UPDATE SET every_days = excluded.every_days, set_at = excluded.set_at",
        params![customer_id, every, tx.now],
    )
    .ctx("setting a visit schedule")?;
    Ok(())
}

/// Visits by day, then code.
pub fn visits(conn: &Connection, f: &VisitFilter, each: &mut dyn FnMut(Visit) -> Result<()>) -> Result<()> {
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    crate::db::each_row(
        conn,
        "SELECT v.code, c.code, v.day, v.kind, s.code, v.needs, v.advice, v.next_on
           FROM return_visits v JOIN customers c ON c.id = v.customer_id JOIN staff s ON s.id = v.staff_id
          WHERE (?1 IS NULL OR c.code = ?1) AND (?2 IS NULL OR v.day >= ?2) AND (?3 IS NULL OR v.day <= ?3)
          ORDER BY v.day, v.code LIMIT ?4",
        params![f.customer, f.since, f.until, limit],
        "listing return visits",
        |r| {
            Ok(Visit {
                code: r.get(0)?,
                customer: r.get(1)?,
                day: r.get(2)?,
                kind: r.get(3)?,
                by: r.get(4)?,
                needs: r.get(5)?,
                advice: r.get(6)?,
                next_on: r.get(7)?,
            })
        },
        each,
    )
}

/// A customer's visits, newest first: day, kind, needs, advice.
pub fn needs(conn: &Connection, customer_code: &str) -> Result<Vec<(String, String, String, String)>> {
    crate::db::all_rows(
        conn,
        "SELECT v.day, v.kind, v.needs, v.advice FROM return_visits v JOIN customers c ON c.id = v.customer_id
          WHERE c.code = ?1 ORDER BY v.day DESC, v.id DESC",
        [customer_code],
        "listing a customer's service needs",
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
}

/// Customers whose latest visit planned the next one by the window's last day: the
/// partial index on `next_on` finds them; a later visit of the customer supersedes.
pub const DUE_SQL: &str = "SELECT c.code, c.name, v.next_on, s.code
   FROM return_visits v JOIN customers c ON c.id = v.customer_id JOIN staff s ON s.id = v.staff_id
  WHERE v.next_on IS NOT NULL AND v.next_on <= ?1
    AND NOT EXISTS (SELECT 1 FROM return_visits w WHERE w.customer_id = v.customer_id
                     AND (w.day > v.day OR (w.day = v.day AND w.id > v.id)))";

/// A visit due: the customer's code and name, the day planned, who made the last visit.
pub type DueVisit = (String, String, When, Option<String>);

/// The visits due by `last_day` (`DUE_SQL`).
pub fn due(conn: &Connection, last_day: String, each: &mut dyn FnMut(DueVisit) -> Result<()>) -> Result<()> {
    crate::db::each_row(
        conn,
        DUE_SQL,
        [last_day],
        "looking for return visits due",
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        each,
    )
}

/// Customers never visited, by code: id, code, name, type.
pub fn never_visited(conn: &Connection) -> Result<Vec<(i64, String, String, String)>> {
    crate::db::all_rows(
        conn,
        "SELECT c.id, c.code, c.name, c.type FROM customers c
  WHERE NOT EXISTS (SELECT 1 FROM return_visits v WHERE v.customer_id = c.id) ORDER BY c.code",
        [],
        "looking for customers never visited",
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?)),
    )
}
