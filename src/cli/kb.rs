//! `svc kb ...` (R5.1.1, R5.1.3): the support archive: articles with their versions,
//! attached documents, full-text search that finds Chinese substrings.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::{json, Value};

use super::args::{self, ExportArgs, ImportArgs, ListArgs};
use super::Ctx;
use crate::error::{Error, Result};
use crate::output::{row_of, Section};
use crate::support::kb::{self, Article, Changes};
use crate::support::{msg, search};

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Add an article; prints its code
    #[command(
        after_help = "Example:\n  svc kb add --title '开机后黑屏' --question '开机后黑屏无显示' \\\n      --solution '检查背光板供电，更换背光板' --models PM-9000 --parts 0100 --tags 显示,电源"
    )]
    Add {
        #[command(flatten)]
        text: Text,
    },
    /// Change an article: a new version (the old ones stay readable with show --version)
    #[command(after_help = "Example:\n  svc kb edit KB-000001 --solution '先检查背光板供电，再更换背光板'")]
    Edit {
        /// The article's code (KB-000001)
        article: String,
        #[command(flatten)]
        text: Text,
    },
    /// Make a draft (from 'svc ticket close --to-kb') searchable
    #[command(after_help = "Example:\n  svc kb list --drafts && svc kb publish KB-000007")]
    Publish {
        /// The article's code (KB-000001)
        article: String,
    },
    /// Show an article: its text, versions, documents and the tickets it answered
    #[command(after_help = "Example:\n  svc kb show KB-000001\n  svc kb show KB-000001 --version 1")]
    Show {
        /// The article's code (KB-000001)
        article: String,
        /// An older version [default: the current one]
        #[arg(long, value_name = "N")]
        version: Option<i64>,
    },
    /// List articles by code
    #[command(after_help = "Example:\n  svc kb list --model PM-9000\n  svc kb list --drafts")]
    List {
        /// Only articles for this model (articles for every model included)
        #[arg(long)]
        model: Option<String>,
        /// Only articles with this tag
        #[arg(long)]
        tag: Option<String>,
        /// Only drafts waiting to be reviewed and published
        #[arg(long)]
        drafts: bool,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Search the archive: every word must occur (any substring, Chinese included), best first
    #[command(after_help = "Words of three characters or more are looked up in the trigram index; a shorter word \
(黑屏) is matched as a substring with LIKE. Ranked by relevance, raised by the tickets an article answered.\n\n\
Example:\n  svc kb search 黑屏 --model PM-9000\n  svc kb search '无显示 背光' --part 0100")]
    Search {
        /// The words to find, separated by spaces
        text: String,
        /// Only articles for this model (articles for every model included)
        #[arg(long)]
        model: Option<String>,
        /// Only articles concerning this part number
        #[arg(long)]
        part: Option<String>,
        /// Drafts too
        #[arg(long)]
        drafts: bool,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Attached documents: manuals, service bulletins, photos
    #[command(
        subcommand,
        after_help = "Example:\n  svc kb attachment add KB-000001 手册.pdf\n  svc kb attachment get KB-000001 手册.pdf -o /tmp/手册.pdf"
    )]
    Attachment(AttachmentCmd),
    /// Import articles (code, title, question, solution, models, parts, tags, author); a changed one gets a new version
    #[command(after_help = "Example:\n  svc kb import faq.csv --encoding gbk --rejects bad.csv")]
    Import(ImportArgs),
    /// Export the current version of every article
    #[command(after_help = "Example:\n  svc kb export -o kb.csv")]
    Export(ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct Text {
    /// A short title, as a search result shows it
    #[arg(long)]
    title: Option<String>,
    /// The customer's question or the symptom (故障现象)
    #[arg(long)]
    question: Option<String>,
    /// The answer or the fix that worked
    #[arg(long)]
    solution: Option<String>,
    /// Models it applies to, comma-separated (none: every model)
    #[arg(long)]
    models: Option<String>,
    /// Part numbers it concerns, comma-separated
    #[arg(long)]
    parts: Option<String>,
    /// Tags, comma-separated
    #[arg(long)]
    tags: Option<String>,
    /// Who wrote it [default: the actor]
    #[arg(long)]
    author: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AttachmentCmd {
    /// Attach a file: stored in the database with its type, size and SHA-256
    #[command(after_help = "Example:\n  svc kb attachment add KB-000001 PM-9000维修手册.pdf")]
    Add {
        /// The article's code (KB-000001)
        article: String,
        /// The file to attach
        file: PathBuf,
        /// The name it is kept under [default: the file's name]
        #[arg(long)]
        name: Option<String>,
        /// Its media type [default: from the extension]
        #[arg(long = "type", value_name = "MIME")]
        mime: Option<String>,
    },
    /// Write an attached document out, checked against its SHA-256
    #[command(after_help = "Example:\n  svc kb attachment get KB-000001 PM-9000维修手册.pdf -o /tmp/manual.pdf")]
    Get {
        /// The article's code (KB-000001)
        article: String,
        /// The document's name
        name: String,
        /// Where to write it [default: its name, in the current directory]; '-' for stdout
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Replace the file if it exists
        #[arg(long)]
        force: bool,
    },
    /// List an article's documents
    #[command(after_help = "Example:\n  svc kb attachment list KB-000001")]
    List {
        /// The article's code (KB-000001)
        article: String,
    },
}

const ATTACHMENT_COLUMNS: &[&str] = &["name", "mime", "size", "sha256", "added", "by"];

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<i32> {
    match cmd {
        Cmd::Add { text } => {
            let a = Article {
                code: String::new(),
                title: text.title.unwrap_or_default(),
                question: text.question.unwrap_or_default(),
                solution: text.solution.unwrap_or_default(),
                models: kb::list_text(&text.models.unwrap_or_default()),
                parts: kb::list_text(&text.parts.unwrap_or_default()),
                tags: kb::list_text(&text.tags.unwrap_or_default()),
                author: text.author,
            };
            let mut db = ctx.open()?;
            let code = db.write(|tx| kb::add(tx, &a))?;
            args::print_code(&code)
        }
        Cmd::Edit { article, text } => {
            let c = Changes {
                title: text.title,
                question: text.question,
                solution: text.solution,
                models: text.models,
                parts: text.parts,
                tags: text.tags,
                author: text.author,
            };
            let mut db = ctx.open()?;
            let version = db.write(|tx| kb::edit(tx, &article, &c))?;
            ctx.out.note(msg::kb_edited(&article, version));
            Ok(0)
        }
        Cmd::Publish { article } => {
            let mut db = ctx.open()?;
            db.write(|tx| kb::publish(tx, &article))?;
            ctx.out.note(msg::kb_published(&article));
            Ok(0)
        }
        Cmd::Show { article, version } => show(ctx, &article, version),
        Cmd::List { model, tag, drafts, list } => {
            let db = ctx.open()?;
            let filter = kb::Filter { model, tag, drafts, limit: list.limit };
            let mut sink = ctx.out.listing(kb::LIST_COLUMNS)?;
            kb::list(db.conn(), &filter, &mut |a| sink.row(&row_of(kb::LIST_COLUMNS, &a)))?;
            Ok(list.exit(sink.finish()?))
        }
        Cmd::Search { text, model, part, drafts, list } => {
            let db = ctx.open()?;
            let q = search::parse(&text)?;
            let limit = list.limit.map(|l| l as usize).unwrap_or(20);
            let hits = search::run(db.conn(), &q, &search::Filter { model, part, drafts, limit })?;
            args::listing(ctx, search::HIT_COLUMNS, Some(&list), |each| hits.into_iter().try_for_each(each))
        }
        Cmd::Attachment(a) => attachment(ctx, a),
        Cmd::Import(a) => args::import::<Article>(ctx, &a),
        Cmd::Export(a) => args::export::<Article>(ctx, &a),
    }
}

fn show(ctx: &Ctx, code: &str, version: Option<i64>) -> Result<i32> {
    let db = ctx.open()?;
    let v = kb::version(db.conn(), code, version)?;
    let a = &v.article;
    let fields = [
        ("code", json!(v.code)),
        ("title", json!(a.title)),
        ("status", json!(v.status)),
        ("version", json!(format!("{} / {}", v.version, v.latest))),
        ("question", json!(a.question)),
        ("solution", json!(a.solution)),
        ("models", json!(a.models)),
        ("parts", json!(a.parts)),
        ("tags", json!(a.tags)),
        ("author", json!(a.author)),
        ("written", json!(crate::clock::show_local(&v.at))),
        ("answered", json!(v.answered)),
        ("drafted_from", json!(v.drafted_from)),
    ];
    let versions: Vec<Vec<Value>> = kb::versions(db.conn(), code)?
        .into_iter()
        .map(|(n, at, by, title)| vec![json!(n), json!(at), json!(by), json!(title)])
        .collect();
    let docs: Vec<Vec<Value>> =
        kb::attachments(db.conn(), code)?.iter().map(|d| row_of(ATTACHMENT_COLUMNS, d)).collect();
    let tickets: Vec<Vec<Value>> =
        kb::answered(db.conn(), code)?.into_iter().map(|(t, at, n)| vec![json!(t), json!(at), json!(n)]).collect();
    ctx.out.detail(
        &fields,
        &[
            Section { title: "versions", headers: vec!["version", "at", "author", "title"], rows: versions },
            Section { title: "attachments", headers: ATTACHMENT_COLUMNS.to_vec(), rows: docs },
            Section { title: "tickets", headers: vec!["ticket", "at", "version"], rows: tickets },
        ],
    )?;
    Ok(0)
}

fn attachment(ctx: &Ctx, cmd: AttachmentCmd) -> Result<i32> {
    match cmd {
        AttachmentCmd::Add { article, file, name, mime } => {
            let bytes = std::fs::read(&file).map_err(|e| {
                Error::invalid(msg::kb_attachment_unreadable(file.display().to_string(), e.to_string()))
            })?;
            let name = name.unwrap_or_else(|| {
                file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| file.display().to_string())
            });
            let mut db = ctx.open()?;
            let a = db.write(|tx| kb::attach(tx, &article, &name, mime.as_deref(), &bytes))?;
            ctx.out.note(msg::kb_attached(&article, &a.name, a.size, &a.sha256));
            Ok(0)
        }
        AttachmentCmd::Get { article, name, output, force } => {
            let db = ctx.open()?;
            let (a, bytes) = kb::attachment(db.conn(), &article, &name)?;
            let path = match output {
                Some(path) => path,
                None => kb::default_output(&a)?,
            };
            if path.as_os_str() == "-" {
                use std::io::Write;
                std::io::stdout().write_all(&bytes).map_err(|e| Error::io("cannot write output", e))?;
            } else {
                // Through the one output path: never the database, a device or a file
                // already there (unless --force), and written whole or not at all.
                crate::safe_output::write(&path, &bytes, force)?;
                ctx.out.note(msg::kb_written(&a.name, path.display().to_string(), a.size));
            }
            Ok(0)
        }
        AttachmentCmd::List { article } => {
            let db = ctx.open()?;
            let docs = kb::attachments(db.conn(), &article)?;
            args::listing(ctx, ATTACHMENT_COLUMNS, None, |each| docs.into_iter().try_for_each(each))
        }
    }
}

/// `svc ticket close`'s flags for the archive: which article answered the ticket, or a
/// draft to write from it.
#[derive(Debug, clap::Args)]
pub struct CloseKb {
    /// The support article that answered it (counts towards the article's rank)
    #[arg(long = "kb", value_name = "ARTICLE", conflicts_with = "to_kb")]
    article: Option<String>,
    /// Draft a support article from the ticket's symptom and resolution ('svc kb publish' it once reviewed)
    #[arg(long)]
    to_kb: bool,
}

impl CloseKb {
    /// In the close's transaction: link or draft; what to tell the user.
    pub fn record(&self, tx: &crate::db::Tx, ticket: &str) -> Result<Vec<crate::words::catalogue::Msg>> {
        if let Some(code) = &self.article {
            let answered = kb::link(tx, ticket, code)?;
            return Ok(vec![msg::kb_linked(ticket, code, answered)]);
        }
        if self.to_kb {
            let code = kb::draft_from_ticket(tx, ticket)?;
            return Ok(vec![msg::kb_drafted(&code, ticket)]);
        }
        Ok(Vec::new())
    }
}

/// After `svc ticket open`: the best known answers for the symptom and the device's
/// model, on stderr (silent with -q), so the person on the phone sees them first. A
/// search failure never fails the ticket, already written.
pub fn hint(ctx: &Ctx, db: &rusqlite::Connection, ticket: &str) {
    let Ok(hits) = kb::for_ticket(db, ticket, 3) else { return };
    if hits.is_empty() {
        return;
    }
    ctx.out.note(msg::kb_hint(hits.len() as i64));
    for h in hits {
        ctx.out.note(msg::kb_hint_line(&h.code, &h.title, h.answered));
    }
}
