-- Customers' technical support (R5.1.1, R5.1.3): the support archive. An article is a
-- code and a pointer to its current version; every edit adds a version and none is ever
-- changed or deleted, so what a customer was told on a given day stays readable.
CREATE TABLE kb_articles (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    version    INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    status     TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published')),
    created_at TEXT NOT NULL,
    -- The current version's applies-to lists, copied here so that a search filters its
    -- hits by model or part without reading their text.
    models     TEXT NOT NULL DEFAULT '',
    parts      TEXT NOT NULL DEFAULT '',
    -- The ticket an article was drafted from (`svc ticket close --to-kb`).
    ticket_id  INTEGER REFERENCES tickets(id)
);

CREATE TABLE kb_versions (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES kb_articles(id),
    version    INTEGER NOT NULL CHECK (version >= 1),
    title      TEXT NOT NULL CHECK (trim(title) <> ''),
    question   TEXT NOT NULL CHECK (trim(question) <> ''),
    solution   TEXT NOT NULL CHECK (trim(solution) <> ''),
    -- Applies-to lists, each `a, b, c` (empty: every model / no particular part).
    models     TEXT NOT NULL DEFAULT '',
    parts      TEXT NOT NULL DEFAULT '',
    tags       TEXT NOT NULL DEFAULT '',
    author     TEXT NOT NULL,
    at         TEXT NOT NULL,
    UNIQUE (article_id, version)
);
CREATE TRIGGER kb_versions_no_update BEFORE UPDATE ON kb_versions
BEGIN SELECT RAISE(ABORT, 'a support article version is never changed: an edit adds a new version'); END;
CREATE TRIGGER kb_versions_no_delete BEFORE DELETE ON kb_versions
BEGIN SELECT RAISE(ABORT, 'support article versions are kept (R5.1.3): they cannot be deleted'); END;

-- Documents attached to an article (manuals, service bulletins, photos), in the file
-- itself, with the SHA-256 taken when they were added.
CREATE TABLE kb_attachments (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES kb_articles(id),
    name       TEXT NOT NULL CHECK (trim(name) <> ''),
    mime       TEXT NOT NULL,
    size       INTEGER NOT NULL CHECK (size >= 0),
    sha256     TEXT NOT NULL CHECK (length(sha256) = 64),
    content    BLOB NOT NULL,
    added_at   TEXT NOT NULL,
    added_by   TEXT NOT NULL,
    UNIQUE (article_id, name)
);
CREATE TRIGGER kb_attachments_no_update BEFORE UPDATE ON kb_attachments
BEGIN SELECT RAISE(ABORT, 'an attached document is never changed: attach the new one under another name'); END;
CREATE TRIGGER kb_attachments_no_delete BEFORE DELETE ON kb_attachments
BEGIN SELECT RAISE(ABORT, 'attached documents are kept (R5.1.3): they cannot be deleted'); END;

-- The tickets an article answered (`svc ticket close T --kb K`), with the version the
-- customer was given; an article's "answered" count is the number of its links.
CREATE TABLE kb_links (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL UNIQUE REFERENCES tickets(id),
    article_id INTEGER NOT NULL REFERENCES kb_articles(id),
    version    INTEGER NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX kb_links_article ON kb_links(article_id);

-- The current version of every article: what is searched. Each column ends with a space,
-- so that a word at the end of a column still starts a trigram (黑屏 at the end of
-- 电机黑屏 is in the trigram "黑屏 "): two-character words are found through the index.
CREATE VIEW kb_current AS
SELECT a.id, v.title || ' ' AS title, v.question || ' ' AS question, v.solution || ' ' AS solution,
       v.tags || ' ' AS tags, v.models || ' ' AS models, v.parts || ' ' AS parts
  FROM kb_articles a JOIN kb_versions v ON v.article_id = a.id AND v.version = a.version;

-- Full-text index of the current versions. Chinese has no spaces between words, so the
-- trigram tokenizer indexes every run of three characters: 开机后黑屏无显示 holds 黑屏无,
-- and a query of three or more characters finds any substring. A two-character word is
-- looked up as every indexed trigram it starts (kb_search_terms, below): see
-- src/support/search.rs. External content: the text lives once, in kb_versions;
-- 'rebuild' re-reads it from the view (a restore does).
CREATE VIRTUAL TABLE kb_search USING fts5(
    title, question, solution, tags, models, parts,
    content = 'kb_current', content_rowid = 'id', tokenize = 'trigram'
);

-- The index's vocabulary (one row per distinct trigram), read by a range on `term`.
CREATE VIRTUAL TABLE kb_search_terms USING fts5vocab(kb_search, row);

-- Return visits (R5.1.2): regular calls on customers to learn their needs and advise
-- them. A visit is a record: never changed, never deleted. `next_on` is the next visit
-- planned when this one was recorded (given, or the customer's interval after it).
CREATE TABLE return_visits (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    day         TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('onsite', 'phone')),
    needs       TEXT NOT NULL CHECK (trim(needs) <> ''),
    advice      TEXT NOT NULL CHECK (trim(advice) <> ''),
    next_on     TEXT,
    recorded_at TEXT NOT NULL
);
CREATE INDEX return_visits_customer ON return_visits(customer_id, day);
CREATE INDEX return_visits_next_on ON return_visits(next_on) WHERE next_on IS NOT NULL;
CREATE TRIGGER return_visits_no_update BEFORE UPDATE ON return_visits
BEGIN SELECT RAISE(ABORT, 'a return visit is never changed: record a new one'); END;
CREATE TRIGGER return_visits_no_delete BEFORE DELETE ON return_visits
BEGIN SELECT RAISE(ABORT, 'return visits are kept (R5.1.2): they cannot be deleted'); END;

-- A customer's own visit interval, over the one of its type (settings visit_days.TYPE);
-- 0: no regular visits.
CREATE TABLE return_visit_schedules (
    customer_id INTEGER PRIMARY KEY REFERENCES customers(id),
    every_days  INTEGER NOT NULL CHECK (every_days BETWEEN 0 AND 3650),
    set_at      TEXT NOT NULL
);
