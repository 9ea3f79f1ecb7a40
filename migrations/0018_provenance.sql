-- Issue 17: where did this record come from? Each import run, and for the records it
-- inserted or updated, the line (row, record) of the file each came from, so that
-- `svc history CODE` shows the file, its SHA-256, the line and the run.
--
-- Rows are kept as segments, not one row per record: an import inserts consecutive row
-- ids from consecutive lines, so a clean file of a million rows is one segment, and the
-- import stays as fast as it was. A record's line is first_line + (id - first_id).
-- The run's own facts (file, SHA-256, actor, time) are in its history entry, which the
-- hash chain protects; `history_id` names it.
CREATE TABLE import_runs (
    id INTEGER PRIMARY KEY,
    history_id INTEGER NOT NULL REFERENCES history(id),
    entity TEXT NOT NULL,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    -- What a position in the file is called: line (CSV), row (workbook), record (JSON, YAML).
    unit TEXT NOT NULL CHECK (unit IN ('line', 'row', 'record'))
);
CREATE TABLE import_rows (
    -- The run's row is written when the run ends (its history entry comes last), hence
    -- a deferred reference: checked when the import's transaction commits.
    run INTEGER NOT NULL REFERENCES import_runs(id) DEFERRABLE INITIALLY DEFERRED,
    entity TEXT NOT NULL,
    first_id INTEGER NOT NULL,
    last_id INTEGER NOT NULL CHECK (last_id >= first_id),
    first_line INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('insert', 'update'))
);
CREATE INDEX import_rows_by_record ON import_rows(entity, first_id);
CREATE TRIGGER import_runs_no_update BEFORE UPDATE ON import_runs
BEGIN SELECT RAISE(ABORT, 'import provenance is append-only'); END;
CREATE TRIGGER import_runs_no_delete BEFORE DELETE ON import_runs
BEGIN SELECT RAISE(ABORT, 'import provenance is append-only'); END;
CREATE TRIGGER import_rows_no_update BEFORE UPDATE ON import_rows
BEGIN SELECT RAISE(ABORT, 'import provenance is append-only'); END;
CREATE TRIGGER import_rows_no_delete BEFORE DELETE ON import_rows
BEGIN SELECT RAISE(ABORT, 'import provenance is append-only'); END;

-- Issue 17, R8.1.2: a customer class (a type, `type:hospital`, or a named group,
-- `group:合同医院`) carries its own follow-up delay and return-visit interval, over the
-- settings followup_days and visit_days.TYPE (NULL: the setting). The class that applied
-- is recorded on the follow-up and on the visit, so a later change of class or of its
-- days does not rewrite what was planned.
CREATE TABLE class_service (
    class         TEXT PRIMARY KEY CHECK (class GLOB 'type:?*' OR class GLOB 'group:?*'),
    followup_days INTEGER CHECK (followup_days >= 0),
    visit_days    INTEGER CHECK (visit_days >= 0)
);
ALTER TABLE followups ADD COLUMN class TEXT;
ALTER TABLE return_visits ADD COLUMN class TEXT;
