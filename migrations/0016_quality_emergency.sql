-- 0016: checklist templates of internal inspections (R7.2). A checklist is a versioned
-- YAML template, like repair protocols and maintenance plans: a version is never changed
-- nor deleted; a changed text is the next version, with the reason for the change. An
-- inspection records which version of which template each applied checklist answered.

CREATE TABLE checklist_templates (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL,
    version   INTEGER NOT NULL CHECK (version >= 1),
    title     TEXT NOT NULL,
    items     TEXT NOT NULL,           -- JSON: [{id, clause, question, severity}]
    source    TEXT NOT NULL,           -- the YAML as imported
    sha256    TEXT NOT NULL,           -- of the items and title, so a new layout is no new version
    reason    TEXT,                    -- why this version replaced the one before
    added_at  TEXT NOT NULL,
    UNIQUE (code, version),
    CHECK (version = 1 OR reason IS NOT NULL)
);
CREATE TRIGGER checklist_templates_no_update BEFORE UPDATE ON checklist_templates
BEGIN SELECT RAISE(ABORT, 'a checklist template version is never changed: import the new text, it becomes the next version'); END;
CREATE TRIGGER checklist_templates_no_delete BEFORE DELETE ON checklist_templates
BEGIN SELECT RAISE(ABORT, 'checklist template versions are kept: inspections point at them'); END;

-- Each filled checklist applied to an inspection: the template version it answered and
-- the SHA-256 of the filled file. Append-only.
CREATE TABLE audit_checklists (
    id          INTEGER PRIMARY KEY,
    audit_id    INTEGER NOT NULL REFERENCES audits(id),
    template_id INTEGER NOT NULL REFERENCES checklist_templates(id),
    sha256      TEXT NOT NULL,
    applied_at  TEXT NOT NULL
);
CREATE INDEX audit_checklists_audit ON audit_checklists(audit_id);
CREATE INDEX audit_checklists_template ON audit_checklists(template_id);
CREATE TRIGGER audit_checklists_no_update BEFORE UPDATE ON audit_checklists
BEGIN SELECT RAISE(ABORT, 'an applied checklist is never changed'); END;
CREATE TRIGGER audit_checklists_no_delete BEFORE DELETE ON audit_checklists
BEGIN SELECT RAISE(ABORT, 'applied checklists are kept: they cannot be deleted'); END;
