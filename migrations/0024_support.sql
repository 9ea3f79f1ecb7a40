-- A one-character search word through the index (issue 17). Each indexed column of the
-- current versions now ends with two spaces instead of one, so that every character of
-- the text starts a trigram: 屏 at the very end of 显示屏 starts "屏  ". A one-character
-- word is then every indexed trigram it starts (a range on kb_search_terms), like a
-- two-character word, instead of a scan of the archive's text (src/support/search.rs).
DROP VIEW kb_current;
CREATE VIEW kb_current AS
SELECT a.id, v.title || '  ' AS title, v.question || '  ' AS question, v.solution || '  ' AS solution,
       v.tags || '  ' AS tags, v.models || '  ' AS models, v.parts || '  ' AS parts
  FROM kb_articles a JOIN kb_versions v ON v.article_id = a.id AND v.version = a.version;

-- The index re-read from the view, with the new ends.
INSERT INTO kb_search(kb_search) VALUES ('rebuild');
