//! Searching the support archive (R5.1.3) with SQLite FTS5.
//!
//! Chinese is written without spaces, so a word tokenizer finds nothing inside
//! 开机后黑屏无显示. The index (`kb_search`, migration 0008) uses FTS5's trigram tokenizer:
//! every run of three characters is a token, so a word of three or more characters is
//! found anywhere (黑屏无 inside 开机后黑屏无显示), ranked by BM25.
//!
//! A trigram index cannot take a two-character word as it is (黑屏 is no trigram). But
//! every place 黑屏 occurs starts a trigram: 黑屏无, 黑屏， ... (each indexed column ends with
//! two spaces, so 黑屏 at the very end starts "黑屏 "). The index's vocabulary
//! (`kb_search_terms`) lists the trigrams starting with 黑屏 by a range on its sorted
//! terms, and the word becomes their OR: still an index look-up, still ranked by BM25.
//! A one-character word is matched with LIKE as a filter on the other words' hits. Alone,
//! it too is looked up as the trigrams it starts (each column ends with two spaces, so
//! every character starts one: migration 0022), in the text columns LIKE reads (title,
//! question, solution, tags), and ranked as LIKE ranks it: a word in the title counts
//! double (`single_characters`). A word that starts too many trigrams to be worth it is
//! matched by a scan of the archive. That scan tests a Chinese substring with `instr` (a
//! byte search) rather than LIKE (which decodes every character): the same answer, since
//! SQLite's LIKE folds only ASCII case (`plain_substring`).
//!
//! Ranking: BM25 relevance (title weighs most), raised by how many tickets the article
//! answered (`rank`), so the answer that worked before comes first among equals.

use rusqlite::types::Value;
use rusqlite::Connection;
use serde::Serialize;

use super::msg;
use crate::error::{Error, Result, SqlContext};

/// Weights of the indexed columns for BM25: title, question, solution, tags, models, parts.
const WEIGHTS: &str = "10.0, 4.0, 2.0, 3.0, 1.0, 1.0";

/// A two-character word starting more trigrams than this is matched with LIKE instead
/// (an OR of thousands of terms costs more than the scan).
const MAX_EXPANSION: usize = 400;

/// A query, split by what answers each word.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    /// Words of three characters or more, each an FTS5 string; all required (AND),
    /// or any (OR) when `any`.
    pub words: Vec<String>,
    /// Two-character words, looked up through the vocabulary (lower case, as indexed).
    pub pairs: Vec<String>,
    /// LIKE patterns for one-character words (`%w%`, wildcards escaped with `\`); required.
    pub like: Vec<String>,
    /// Any word may match (a ticket's symptom); otherwise every word must.
    pub any: bool,
}

/// One quoted FTS5 string: the word as it is, no operator read in it.
fn phrase(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

fn like_pattern(term: &str) -> String {
    let escaped = term.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

fn add_word(q: &mut Query, word: &str) {
    match word.chars().count() {
        0 => {}
        1 => q.like.push(like_pattern(word)),
        2 => q.pairs.push(word.to_lowercase()),
        _ => q.words.push(phrase(word)),
    }
}

/// `svc kb search` text: words separated by spaces, every one required.
pub fn parse(text: &str) -> Result<Query> {
    let mut q = Query::default();
    for word in text.split_whitespace() {
        add_word(&mut q, word);
    }
    if q.words.is_empty() && q.pairs.is_empty() && q.like.is_empty() {
        return Err(Error::invalid(msg::kb_query_empty()));
    }
    Ok(q)
}

/// A free text (a ticket's symptom) as a query any of whose parts may match: its
/// trigrams, split at punctuation and spaces (a piece of two characters kept whole), so
/// that BM25 puts first the articles sharing the most of it.
pub fn similar(text: &str) -> Option<Query> {
    let mut q = Query { any: true, ..Query::default() };
    let separator =
        |c: char| c.is_whitespace() || (c.is_ascii_punctuation() && c != '-') || "，。、；：！？（）".contains(c);
    for piece in text.split(separator) {
        let chars: Vec<char> = piece.chars().collect();
        if chars.len() < 3 {
            if chars.len() == 2 {
                add_word(&mut q, piece);
            }
            continue;
        }
        for w in chars.windows(3) {
            let g = phrase(&w.iter().collect::<String>());
            if !q.words.contains(&g) {
                q.words.push(g);
            }
        }
    }
    (!q.words.is_empty() || !q.pairs.is_empty()).then_some(q)
}

/// The order of hits: relevance (BM25 made positive, or the LIKE score) raised by the
/// tickets the article answered. Logarithmic, so a much-used article rises among
/// similar ones without burying a far better match.
pub fn rank(relevance: f64, answered: i64) -> f64 {
    relevance * (1.0 + (1.0 + answered.max(0) as f64).ln())
}

/// What to search and how many hits to keep.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub model: Option<String>,
    pub part: Option<String>,
    /// Drafts too (`--drafts`); published articles only by default.
    pub drafts: bool,
    pub limit: usize,
}

/// A search hit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub code: String,
    pub title: String,
    pub models: String,
    pub answered: i64,
    pub version: i64,
    /// Relative to the best hit, which scores 100.
    pub score: i64,
}

pub const HIT_COLUMNS: &[&str] = &["code", "title", "models", "answered", "version", "score"];

/// The trigrams of the index starting with `pair`, or `None` when there are too many.
fn expand(conn: &Connection, pair: &str) -> Result<Option<Vec<String>>> {
    let what = "reading the search index's vocabulary";
    let mut stmt =
        conn.prepare_cached("SELECT term FROM kb_search_terms WHERE term >= ?1 AND term < ?2 LIMIT ?3").ctx(what)?;
    // Every term starting with `pair` sorts between it and it followed by the last code point.
    let upper = format!("{pair}\u{10FFFF}");
    let terms: Vec<String> = stmt
        .query_map(rusqlite::params![pair, upper, MAX_EXPANSION as i64 + 1], |r| r.get(0))
        .and_then(|rows| rows.collect())
        .ctx(what)?;
    Ok((terms.len() <= MAX_EXPANSION).then_some(terms))
}

/// The MATCH expression for `q`, with the two-character words expanded; words that
/// could not be expanded are returned as LIKE patterns. `Ok(None)` with no patterns
/// either: a required word is in no article.
fn match_expr(conn: &Connection, q: &Query) -> Result<(Option<String>, Vec<String>, bool)> {
    let mut parts: Vec<String> = q.words.clone();
    let mut like = q.like.clone();
    for pair in &q.pairs {
        match expand(conn, pair)? {
            Some(terms) if terms.is_empty() => {
                if !q.any {
                    return Ok((None, like, true));
                }
            }
            Some(terms) => {
                parts.push(format!("({})", terms.iter().map(|t| phrase(t)).collect::<Vec<_>>().join(" OR ")))
            }
            None => like.push(like_pattern(pair)),
        }
    }
    let joiner = if q.any { " OR " } else { " AND " };
    Ok(((!parts.is_empty()).then(|| parts.join(joiner)), like, false))
}

/// The plain substring of a LIKE pattern when LIKE adds nothing to it: no wildcard or
/// escape inside and no ASCII letter (SQLite folds only ASCII case). Then `instr`, a
/// byte search, answers the same as LIKE, which decodes every character of the text
/// (a one-character Chinese word scans the archive: this is its cost).
fn plain_substring(pattern: &str) -> Option<&str> {
    let inner = pattern.strip_prefix('%')?.strip_suffix('%')?;
    (!inner.is_empty() && !inner.contains(['%', '_', '\\']) && !inner.bytes().any(|b| b.is_ascii_alphabetic()))
        .then_some(inner)
}

/// A LIKE pattern as the query's parameter: the substring itself when `instr` answers.
fn like_param(pattern: &str) -> Value {
    Value::Text(plain_substring(pattern).unwrap_or(pattern).to_string())
}

/// The pattern (parameter `?n`) found in one column.
fn column_test(column: &str, n: usize, pattern: &str) -> String {
    match plain_substring(pattern) {
        Some(_) => format!("instr({column}, ?{n}) > 0"),
        None => format!("{column} LIKE ?{n} ESCAPE '\\'"),
    }
}

/// The MATCH expressions that find one-character words alone through the index: every
/// word in a text column that LIKE reads (the first), and each word in the title (the
/// rest, one a word). `Ok(None)` when a word is not a plain character or starts too many
/// trigrams: the scan answers then. `Ok(Some(None))`: a word is in no article.
#[allow(clippy::type_complexity)]
fn single_characters(conn: &Connection, like: &[String]) -> Result<Option<Option<(String, Vec<String>)>>> {
    let mut all = Vec::new();
    let mut titles = Vec::new();
    for pattern in like {
        let Some(word) = plain_substring(pattern).filter(|w| w.chars().count() == 1) else {
            return Ok(None);
        };
        let Some(terms) = expand(conn, word)? else {
            return Ok(None);
        };
        if terms.is_empty() {
            return Ok(Some(None));
        }
        let any = terms.iter().map(|t| phrase(t)).collect::<Vec<_>>().join(" OR ");
        all.push(format!("{{title question solution tags}} : ({any})"));
        titles.push(format!("{{title}} : ({any})"));
    }
    Ok(Some(Some((all.join(" AND "), titles))))
}

/// A required substring in any text column of the current version.
fn like_clause(n: usize, pattern: &str) -> String {
    let tests: Vec<String> =
        ["v.title", "v.question", "v.solution", "v.tags"].iter().map(|c| column_test(c, n, pattern)).collect();
    format!("({})", tests.join(" OR "))
}

/// The best hits for `q`, best first. First the matching article ids with their
/// relevance and tickets answered (the index and the small article rows only), then
/// the text of the few kept.
pub fn run(conn: &Connection, q: &Query, f: &Filter) -> Result<Vec<Hit>> {
    let (expr, like, none) = match_expr(conn, q)?;
    if none || (expr.is_none() && like.is_empty()) {
        return Ok(Vec::new());
    }
    let mut params: Vec<Value> = Vec::new();
    let mut wheres: Vec<String> = Vec::new();
    let (from, relevance) = match expr {
        Some(m) => {
            params.push(Value::Text(m));
            wheres.push("kb_search MATCH ?1".into());
            if !like.is_empty() {
                let start = params.len();
                let clauses: Vec<String> =
                    like.iter().enumerate().map(|(i, p)| like_clause(start + i + 1, p)).collect();
                params.extend(like.iter().map(|p| like_param(p)));
                wheres.push(format!(
                    "EXISTS (SELECT 1 FROM kb_versions v WHERE v.article_id = a.id AND v.version = a.version AND {})",
                    clauses.join(" AND ")
                ));
            }
            ("kb_search JOIN kb_articles a ON a.id = kb_search.rowid", format!("-bm25(kb_search, {WEIGHTS})"))
        }
        None => match single_characters(conn, &like)? {
            Some(None) => return Ok(Vec::new()),
            Some(Some((all, titles))) => {
                // One-character words alone, through the index; a word found in the
                // title counts double, as in the scan below.
                params.push(Value::Text(all));
                wheres.push("kb_search MATCH ?1".into());
                let mut title = Vec::new();
                for t in titles {
                    params.push(Value::Text(t));
                    title.push(format!(
                        "(a.id IN (SELECT rowid FROM kb_search WHERE kb_search MATCH ?{}))",
                        params.len()
                    ));
                }
                ("kb_search JOIN kb_articles a ON a.id = kb_search.rowid", format!("1.0 + {}", title.join(" + ")))
            }
            None => {
                // LIKE only: a scan; a word found in the title counts double.
                let mut title = Vec::new();
                for (i, p) in like.iter().enumerate() {
                    params.push(like_param(p));
                    wheres.push(like_clause(i + 1, p));
                    title.push(format!("({})", column_test("v.title", i + 1, p)));
                }
                (
                    "kb_articles a JOIN kb_versions v ON v.article_id = a.id AND v.version = a.version",
                    format!("1.0 + {}", title.join(" + ")),
                )
            }
        },
    };
    if !f.drafts {
        wheres.push("a.status = 'published'".into());
    }
    if let Some(model) = &f.model {
        // An article for no particular model applies to every model.
        params.push(Value::Text(model.trim().to_lowercase()));
        wheres.push(format!(
            "(a.models = '' OR instr(', ' || lower(a.models) || ', ', ', ' || ?{} || ', ') > 0)",
            params.len()
        ));
    }
    if let Some(part) = &f.part {
        params.push(Value::Text(part.trim().to_lowercase()));
        wheres.push(format!("instr(', ' || lower(a.parts) || ', ', ', ' || ?{} || ', ') > 0", params.len()));
    }
    let sql = format!(
        "SELECT a.id, a.code, a.version, {relevance}, (SELECT count(*) FROM kb_links l WHERE l.article_id = a.id)
           FROM {from} WHERE {}",
        wheres.join(" AND ")
    );
    let what = "searching the support archive";
    let mut stmt = conn.prepare(&sql).ctx(what)?;
    let mut found: Vec<(i64, f64, Hit)> = stmt
        .query_map(rusqlite::params_from_iter(params), |r| {
            let answered: i64 = r.get(4)?;
            let hit = Hit {
                code: r.get(1)?,
                title: String::new(),
                models: String::new(),
                version: r.get(2)?,
                answered,
                score: 0,
            };
            Ok((r.get(0)?, rank(r.get(3)?, answered), hit))
        })
        .and_then(|rows| rows.collect())
        .ctx(what)?;
    found.sort_by(|(_, a, ha), (_, b, hb)| b.total_cmp(a).then_with(|| ha.code.cmp(&hb.code)));
    found.truncate(f.limit);
    // BM25 values mean little to people and depend on the archive's size: the score
    // shown is relative to the best hit (100).
    let best = found.first().map(|(_, s, _)| *s).filter(|s| *s > 0.0).unwrap_or(1.0);
    let mut text = conn
        .prepare_cached("SELECT title, models FROM kb_versions WHERE article_id = ?1 AND version = ?2")
        .ctx(what)?;
    let mut hits = Vec::with_capacity(found.len());
    for (id, score, mut h) in found {
        (h.title, h.models) =
            text.query_row(rusqlite::params![id, h.version], |r| Ok((r.get(0)?, r.get(1)?))).ctx(what)?;
        h.score = (100.0 * score / best).round() as i64;
        hits.push(h);
    }
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_go_to_the_index_by_length_and_one_character_to_like() {
        let q = parse("黑屏无显示 PM 报警 屏").unwrap();
        assert_eq!(q.words, ["\"黑屏无显示\""]);
        assert_eq!(q.pairs, ["pm", "报警"]);
        assert_eq!(q.like, ["%屏%"]);
        assert!(!q.any);
    }

    #[test]
    fn a_chinese_substring_is_searched_by_instr_and_a_latin_one_by_like() {
        assert_eq!(plain_substring("%屏%"), Some("屏"));
        assert_eq!(plain_substring("%黑屏%"), Some("黑屏"));
        // LIKE folds ASCII case; instr would not.
        assert_eq!(plain_substring("%x%"), None);
        assert_eq!(plain_substring("%\\%%"), None);
        assert_eq!(column_test("v.title", 1, "%屏%"), "instr(v.title, ?1) > 0");
        assert_eq!(column_test("v.title", 2, "%x%"), "v.title LIKE ?2 ESCAPE '\\'");
    }

    #[test]
    fn query_words_are_text_never_operators() {
        let q = parse("a\"b OR NEAR(x)").unwrap();
        assert_eq!(q.words, ["\"a\"\"b\"", "\"NEAR(x)\""]);
        assert_eq!(q.pairs, ["or"]);
        assert_eq!(parse("%").unwrap().like, ["%\\%%"]);
        assert!(parse("   ").is_err());
    }

    #[test]
    fn a_symptom_becomes_its_trigrams_any_of_which_may_match() {
        let q = similar("开机后黑屏，无显示").unwrap();
        assert_eq!(q.words, ["\"开机后\"", "\"机后黑\"", "\"后黑屏\"", "\"无显示\""]);
        assert!(q.any);
        assert_eq!(similar("黑屏").unwrap().pairs, ["黑屏"]);
        assert_eq!(similar(" ，"), None);
    }

    #[test]
    fn answered_tickets_raise_an_article_among_equals_but_not_above_a_far_better_match() {
        assert!(rank(2.0, 5) > rank(2.0, 0));
        assert!(rank(2.0, 1) > rank(2.0, 0));
        assert!(rank(10.0, 0) > rank(2.0, 20));
        assert_eq!(rank(3.0, 0), 3.0);
    }
}
