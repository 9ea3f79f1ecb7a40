//! The support archive (R5.1.1, R5.1.3): questions customers asked and the answers that
//! worked, with the documents that go with them, for reuse by whoever takes the next
//! call. An article is a code and its versions: an edit adds a version (the database
//! refuses to change or delete one), so what a customer was told stays readable.
//! Tickets closed with an article (`svc ticket close --kb`) are linked to it; the count
//! of those links ranks it in searches.

use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::msg;
use super::store::{self, Index};
use crate::db::{document_code, history, Tx};
use crate::error::{Error, Result};
use crate::exchange::{Check, Problem, Record, Stored};
use crate::records;

/// An article as files and commands carry it: its current version.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    pub code: String,
    pub title: String,
    pub question: String,
    pub solution: String,
    /// Models it applies to, `a, b` (empty: every model).
    pub models: String,
    /// Part numbers it concerns, `a, b`.
    pub parts: String,
    pub tags: String,
    /// Who wrote this version (staff code or name); the actor when not given.
    pub author: Option<String>,
}

/// Two articles are the same when their text is: who wrote a version is not itself a
/// reason for a new one (re-importing an export without authors changes nothing).
impl PartialEq for Article {
    fn eq(&self, o: &Self) -> bool {
        (&self.code, &self.title, &self.question, &self.solution, &self.models, &self.parts, &self.tags)
            == (&o.code, &o.title, &o.question, &o.solution, &o.models, &o.parts, &o.tags)
    }
}

/// An applies-to list as stored: items split on commas, semicolons and 、 (half- or
/// full-width), trimmed, each once, joined with `, `.
pub fn list_text(raw: &str) -> String {
    let mut items: Vec<&str> = Vec::new();
    for item in raw.split([',', '，', ';', '；', '、']).map(str::trim).filter(|s| !s.is_empty()) {
        if !items.contains(&item) {
            items.push(item);
        }
    }
    items.join(", ")
}

const COLUMNS: &[&str] = &["code", "title", "question", "solution", "models", "parts", "tags", "author"];

impl Record for Article {
    const ENTITY: &'static str = "kb_article";
    const PLURAL: &'static str = "kb";
    const COLUMNS: &'static [&'static str] = COLUMNS;
    const REQUIRED: &'static [&'static str] = &["code", "title", "question", "solution"];
    const HELP: &'static [(&'static str, &'static str)] = &[
        ("title", "A short title, as a search result shows it"),
        ("question", "The customer's question or the symptom (故障现象)"),
        ("solution", "The answer or the fix that worked"),
        ("models", "Models it applies to, comma-separated (none: every model)"),
        ("parts", "Part numbers it concerns, comma-separated"),
        ("tags", "Tags, comma-separated"),
        ("author", "Who wrote it [default: the actor]"),
    ];

    fn parse(c: &mut Check) -> Self {
        Article {
            code: c.key("code"),
            title: c.required("title"),
            question: c.required("question"),
            solution: c.required("solution"),
            models: list_text(&c.text("models").unwrap_or_default()),
            parts: list_text(&c.text("parts").unwrap_or_default()),
            tags: list_text(&c.text("tags").unwrap_or_default()),
            author: c.text("author"),
        }
    }

    fn key(&self) -> String {
        self.code.clone()
    }
}

impl Stored for Article {
    const TABLE: &'static str = "kb_articles";
    // The insert writes the article, then its version and the index.
    const INSERT_FIRST: bool = false;
    const LIST_COMMAND: &'static str = "svc kb list";
    const EDIT_COMMAND: Option<&'static str> = Some("svc kb edit");

    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        store::find_article(conn, key)
    }

    fn insert(tx: &Tx, a: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        crate::exchange::rule(insert(tx, a, "published", None).map(|(id, _)| id))
    }

    fn update(tx: &Tx, id: i64, a: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        crate::exchange::rule(new_version(tx, id, a).map(|_| ()))
    }

    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        store::each_article(conn, each)
    }
}

/// Title, question and solution are required; each refusal names its column, so an
/// import rejects the row with the command's own words.
fn check(a: &Article) -> Result<()> {
    for (field, v) in [("title", &a.title), ("question", &a.question), ("solution", &a.solution)] {
        if v.trim().is_empty() {
            return Err(Error::invalid(msg::kb_field_empty(field)).at(field));
        }
    }
    Ok(())
}

/// The text columns of the index, in its order, each ending with two spaces as the view
/// `kb_current` gives them (what is deleted from the index must be what was indexed).
fn indexed(a: &Article) -> [String; 6] {
    [&a.title, &a.question, &a.solution, &a.tags, &a.models, &a.parts].map(|c| format!("{c}  "))
}

fn index(tx: &Tx, id: i64, a: &Article, how: Index) -> Result<()> {
    store::index(tx, id, &indexed(a), how)
}

/// An article as it is stored: text trimmed, lists normalised, the author named.
fn normalised(tx: &Tx, code: &str, a: &Article) -> Article {
    Article {
        code: code.to_string(),
        title: a.title.trim().to_string(),
        question: a.question.trim().to_string(),
        solution: a.solution.trim().to_string(),
        models: list_text(&a.models),
        parts: list_text(&a.parts),
        tags: list_text(&a.tags),
        author: Some(a.author.as_deref().map(str::trim).filter(|s| !s.is_empty()).unwrap_or(tx.actor).to_string()),
    }
}

/// Write a new article (version 1) and index it: the one write path of `kb add`, the
/// import and a draft from a ticket. An empty code gets the next `KB-000001`.
pub fn insert(tx: &Tx, a: &Article, status: &str, ticket: Option<i64>) -> Result<(i64, String)> {
    check(a)?;
    let code =
        if a.code.trim().is_empty() { document_code(tx, "kb_articles", "KB")? } else { a.code.trim().to_string() };
    let id = store::insert_article(tx, &code, status, ticket, &list_text(&a.models), &list_text(&a.parts))?;
    // The version written is `normalised`.
    let stored = normalised(tx, &code, a);
    store::insert_version(tx, id, 1, &stored)?;
    index(tx, id, &stored, Index::Add)?;
    Ok((id, code))
}

/// Add the next version of article `id` with the text of `a`, and index it in place of
/// the old one. Returns the new version number.
pub fn new_version(tx: &Tx, id: i64, a: &Article) -> Result<i64> {
    check(a)?;
    let old = store::current(tx.conn(), id)?;
    let version = store::version_of(tx.conn(), id)?;
    let new = normalised(tx, &old.code, a);
    store::insert_version(tx, id, version + 1, &new)?;
    index(tx, id, &old, Index::Delete)?;
    store::set_version(tx, id, version + 1, &new.models, &new.parts)?;
    index(tx, id, &new, Index::Add)?;
    Ok(version + 1)
}

/// `svc kb add`: returns the new article's code.
pub fn add(tx: &Tx, a: &Article) -> Result<String> {
    let (_, code) = insert(tx, a, "published", None)?;
    let stored = Article { code: code.clone(), ..a.clone() };
    history::record(tx, Article::ENTITY, &code, "add", None, Some(&stored.to_json()))?;
    Ok(code)
}

/// What `svc kb edit` changes; a field not given stays as it is.
#[derive(Debug, Default)]
pub struct Changes {
    pub title: Option<String>,
    pub question: Option<String>,
    pub solution: Option<String>,
    pub models: Option<String>,
    pub parts: Option<String>,
    pub tags: Option<String>,
    pub author: Option<String>,
}

/// `svc kb edit`: a new version with the changes; returns its number. Refused when it
/// would change nothing (a version is a change someone made).
pub fn edit(tx: &Tx, code: &str, c: &Changes) -> Result<i64> {
    let (id, old) = records::get::<Article>(tx.conn(), code)?;
    let pick = |new: &Option<String>, old: &String| new.clone().unwrap_or_else(|| old.clone());
    let new = Article {
        code: old.code.clone(),
        title: pick(&c.title, &old.title),
        question: pick(&c.question, &old.question),
        solution: pick(&c.solution, &old.solution),
        models: list_text(&pick(&c.models, &old.models)),
        parts: list_text(&pick(&c.parts, &old.parts)),
        tags: list_text(&pick(&c.tags, &old.tags)),
        author: c.author.clone(),
    };
    let version = new_version_checked(tx, id, &old, &new)?;
    history::record(tx, Article::ENTITY, code, "edit", Some(&old.to_json()), Some(&new.to_json()))?;
    Ok(version)
}

fn new_version_checked(tx: &Tx, id: i64, old: &Article, new: &Article) -> Result<i64> {
    if new == old {
        let version = store::version_of(tx.conn(), id)?;
        return Err(Error::invalid(msg::kb_no_change(&old.code, version)));
    }
    new_version(tx, id, new)
}

/// `svc kb publish`: a draft (from a ticket) becomes searchable.
pub fn publish(tx: &Tx, code: &str) -> Result<()> {
    let (id, _) = records::get::<Article>(tx.conn(), code)?;
    if !store::publish(tx, id)? {
        return Err(Error::refused(msg::kb_not_draft(code)));
    }
    history::record(tx, Article::ENTITY, code, "publish", None, Some(&json!({"status": "published"})))
}

/// One line of `svc kb list`.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    pub code: String,
    pub title: String,
    pub models: String,
    pub tags: String,
    pub status: String,
    pub version: i64,
    pub answered: i64,
    pub updated: String,
}

pub const LIST_COLUMNS: &[&str] = &["code", "title", "models", "tags", "status", "version", "answered", "updated"];

#[derive(Debug, Default)]
pub struct Filter {
    pub model: Option<String>,
    pub tag: Option<String>,
    pub drafts: bool,
    pub limit: Option<u64>,
}

/// Articles by code: with `drafts` only the drafts waiting for review.
pub fn list(conn: &Connection, f: &Filter, each: &mut dyn FnMut(Listed) -> Result<()>) -> Result<()> {
    store::list_articles(conn, f, each)
}

/// One version of an article, as `svc kb show --version N` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct Version {
    pub code: String,
    pub version: i64,
    pub latest: i64,
    pub status: String,
    pub article: Article,
    pub at: String,
    pub answered: i64,
    pub drafted_from: Option<String>,
}

/// Version `version` of an article (the current one when `None`).
pub fn version(conn: &Connection, code: &str, version: Option<i64>) -> Result<Version> {
    let (id, _) = records::get::<Article>(conn, code)?;
    let store::Standing { latest, status, answered, drafted_from: ticket } = store::standing(conn, id)?;
    let n = version.unwrap_or(latest);
    let found = store::version(conn, id, code, n)?;
    let Some((article, at)) = found else {
        return Err(Error::not_found(msg::kb_version_not_found(code, n, latest)));
    };
    Ok(Version { code: code.to_string(), version: n, latest, status, article, at, answered, drafted_from: ticket })
}

/// Every version of an article: number, when, who, title.
pub fn versions(conn: &Connection, code: &str) -> Result<Vec<(i64, String, String, String)>> {
    let (id, _) = records::get::<Article>(conn, code)?;
    store::versions(conn, id)
}

/// The tickets an article answered: ticket, when, the version given.
pub fn answered(conn: &Connection, code: &str) -> Result<Vec<(String, String, i64)>> {
    let (id, _) = records::get::<Article>(conn, code)?;
    store::answered(conn, id)
}

// ---- Attachments -------------------------------------------------------------------

/// An attached document, without its content.
#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    pub name: String,
    pub mime: String,
    pub size: i64,
    pub sha256: String,
    pub added: String,
    pub by: String,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The media type of a document by its file name's extension (what a viewer needs to
/// open it again); unknown kinds are `application/octet-stream`.
pub fn mime_of(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "txt" | "log" => "text/plain",
        "md" => "text/markdown",
        "html" | "htm" => "text/html",
        "csv" => "text/csv",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "zip" => "application/zip",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

/// `svc kb attachment add`: the document goes into the database with its SHA-256.
pub fn attach(tx: &Tx, code: &str, name: &str, mime: Option<&str>, bytes: &[u8]) -> Result<Attachment> {
    let (id, _) = records::get::<Article>(tx.conn(), code)?;
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid(msg::kb_field_empty("name")));
    }
    if !is_plain_file_name(name) {
        return Err(Error::invalid(crate::hostile::msg::attachment_name(format!("{name:?}"))));
    }
    if store::has_attachment(tx.conn(), id, name)? {
        return Err(Error::refused(msg::kb_attachment_exists(code, name)));
    }
    let a = Attachment {
        name: name.to_string(),
        mime: mime.map(str::to_string).unwrap_or_else(|| mime_of(name).to_string()),
        size: bytes.len() as i64,
        sha256: sha256_hex(bytes),
        added: tx.now.clone(),
        by: tx.actor.to_string(),
    };
    store::insert_attachment(tx, id, &a, bytes)?;
    let after = json!({"name": a.name, "type": a.mime, "size": a.size, "sha256": a.sha256});
    history::record(tx, Article::ENTITY, code, "attach", None, Some(&after))?;
    Ok(a)
}

/// Whether `name` can be written as a file in the current directory and nowhere else:
/// `get` writes a document under its name, so `../x` or `/etc/x` would write outside
/// it, and a control or invisible character would hide what the file is called
/// (`\u{202E}fdp.exe` shows as `exe.pdf`).
fn is_plain_file_name(name: &str) -> bool {
    use crate::exchange::normalize::is_invisible;
    !matches!(name, "." | "..")
        && !name.contains(['/', '\\'])
        && !name.chars().any(|c| c.is_control() || is_invisible(c))
}

/// Where `svc kb attachment get` writes a document when not told: its name in the
/// current directory. A name stored before names were held to a file name keeps only
/// its last part, so it is never a path elsewhere.
pub fn default_output(a: &Attachment) -> Result<std::path::PathBuf> {
    match std::path::Path::new(&a.name).file_name() {
        Some(last) if is_plain_file_name(&last.to_string_lossy()) => Ok(last.into()),
        _ => Err(Error::invalid(crate::hostile::msg::attachment_name(format!("{:?}", a.name)))),
    }
}

/// An article's attachments, by name.
pub fn attachments(conn: &Connection, code: &str) -> Result<Vec<Attachment>> {
    let (id, _) = records::get::<Article>(conn, code)?;
    store::attachments(conn, id)
}

/// `svc kb attachment get`: the document's bytes, checked against the SHA-256 taken
/// when it was attached (a document that changed in the file is refused, not handed out).
pub fn attachment(conn: &Connection, code: &str, name: &str) -> Result<(Attachment, Vec<u8>)> {
    let (id, _) = records::get::<Article>(conn, code)?;
    let found = store::attachment(conn, id, name)?;
    let Some((a, bytes)) = found else {
        let names: Vec<String> = attachments(conn, code)?.into_iter().map(|a| a.name).collect();
        let names = if names.is_empty() { "-".to_string() } else { names.join(", ") };
        return Err(Error::not_found(msg::kb_attachment_not_found(code, name, names)));
    };
    let actual = sha256_hex(&bytes);
    if actual != a.sha256 {
        return Err(Error::internal(msg::kb_attachment_corrupt(code, name, &a.sha256, actual)));
    }
    Ok((a, bytes))
}

// ---- Tickets -----------------------------------------------------------------------

fn ticket(conn: &Connection, code: &str) -> Result<store::TicketText> {
    store::ticket(conn, code)?.ok_or_else(|| Error::not_found(msg::kb_ticket_not_found(code)))
}

/// `svc ticket close T --kb K`: the article answered the ticket (the version current
/// now is the one the customer was given). A ticket is answered by one article.
/// Returns how many tickets the article has answered.
pub fn link(tx: &Tx, ticket_code: &str, code: &str) -> Result<i64> {
    let (ticket_id, ..) = ticket(tx.conn(), ticket_code)?;
    let (id, _) = records::get::<Article>(tx.conn(), code)?;
    if let Some(other) = store::ticket_article(tx.conn(), ticket_id)? {
        return Err(Error::refused(msg::kb_ticket_linked(ticket_code, other)));
    }
    let version = store::version_of(tx.conn(), id)?;
    store::insert_link(tx, ticket_id, id, version)?;
    history::record(
        tx,
        Article::ENTITY,
        code,
        "answered",
        None,
        Some(&json!({"ticket": ticket_code, "version": version})),
    )?;
    store::links(tx.conn(), id)
}

/// `svc ticket close T --to-kb`: a draft article from the ticket's symptom, resolution
/// and model, linked to the ticket; `svc kb edit` polishes it, `svc kb publish` makes it
/// searchable. Returns the draft's code.
pub fn draft_from_ticket(tx: &Tx, ticket_code: &str) -> Result<String> {
    let (ticket_id, symptom, resolution, model) = ticket(tx.conn(), ticket_code)?;
    let resolution = resolution.filter(|r| !r.trim().is_empty());
    let Some(resolution) = resolution else {
        return Err(Error::refused(msg::kb_ticket_no_resolution(ticket_code)));
    };
    let title: String = symptom.chars().take(40).collect();
    let a = Article {
        code: String::new(),
        title,
        question: symptom,
        solution: resolution,
        models: model.unwrap_or_default(),
        parts: String::new(),
        tags: String::new(),
        author: None,
    };
    let (_, code) = insert(tx, &a, "draft", Some(ticket_id))?;
    let stored = Article { code: code.clone(), ..a };
    history::record(
        tx,
        Article::ENTITY,
        &code,
        "draft",
        None,
        Some(&json!({"ticket": ticket_code, "article": stored.to_json()})),
    )?;
    link(tx, ticket_code, &code)?;
    Ok(code)
}

/// The best published articles for a ticket's symptom and device model, for the person
/// taking the call (`svc ticket open` prints them).
pub fn for_ticket(conn: &Connection, ticket_code: &str, limit: usize) -> Result<Vec<super::search::Hit>> {
    let (_, symptom, _, model) = ticket(conn, ticket_code)?;
    let Some(q) = super::search::similar(&symptom) else { return Ok(Vec::new()) };
    let filter = super::search::Filter { model, part: None, drafts: false, limit };
    super::search::run(conn, &q, &filter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_to_lists_are_split_trimmed_and_deduplicated() {
        assert_eq!(list_text("PM-9000， DC-70;PM-9000、 SV300 ,"), "PM-9000, DC-70, SV300");
        assert_eq!(list_text("  "), "");
    }

    #[test]
    fn documents_get_their_media_type_from_the_extension() {
        assert_eq!(mime_of("手册.PDF"), "application/pdf");
        assert_eq!(mime_of("photo.jpeg"), "image/jpeg");
        assert_eq!(mime_of("noext"), "application/octet-stream");
    }

    #[test]
    fn the_author_alone_is_no_change() {
        let a = Article {
            code: "KB-1".into(),
            title: "t".into(),
            question: "q".into(),
            solution: "s".into(),
            models: String::new(),
            parts: String::new(),
            tags: String::new(),
            author: Some("E001".into()),
        };
        assert_eq!(a, Article { author: None, ..a.clone() });
        assert_ne!(a, Article { solution: "s2".into(), ..a.clone() });
    }
}
