-- 0004: what edits of released migrations left out. 0002 and 0003 were edited after
-- databases had been made with them (d58714d, cf3d9a8, 8f773d6, 5b522b4), so files made
-- by earlier builds lack what the edits added. Every statement is IF NOT EXISTS: a
-- database made by a later build has these already and is left as it is.
-- The column the edit 8f773d6 added to tickets (in_warranty) comes back in the table
-- rebuild that follows this file (0004_status_checks.sql, step in src/db/upgrade.rs).

-- 0002, edited in d58714d: open counts by index.
CREATE INDEX IF NOT EXISTS counts_status ON counts(status);

-- 0002, edited in cf3d9a8: warehouse safety checks (R4.2.3), never changed.
CREATE TABLE IF NOT EXISTS safety_checks (
    id          INTEGER PRIMARY KEY,
    warehouse   TEXT NOT NULL,
    at          TEXT NOT NULL,
    by_staff    INTEGER NOT NULL REFERENCES staff(id),
    fire        TEXT NOT NULL CHECK (fire IN ('ok', 'issue')),
    damp        TEXT NOT NULL CHECK (damp IN ('ok', 'issue')),
    security    TEXT NOT NULL CHECK (security IN ('ok', 'issue')),
    temperature REAL,
    humidity    REAL CHECK (humidity BETWEEN 0 AND 100),
    note        TEXT,
    CHECK ((fire = 'ok' AND damp = 'ok' AND security = 'ok') OR note IS NOT NULL)
);
CREATE INDEX IF NOT EXISTS safety_checks_warehouse ON safety_checks(warehouse, at);
CREATE TRIGGER IF NOT EXISTS safety_checks_no_update BEFORE UPDATE ON safety_checks
BEGIN SELECT RAISE(ABORT, 'a safety check is a record of its day: add a new check'); END;
CREATE TRIGGER IF NOT EXISTS safety_checks_no_delete BEFORE DELETE ON safety_checks
BEGIN SELECT RAISE(ABORT, 'safety checks cannot be deleted'); END;

-- 0003, edited in 5b522b4: repair records migrated from legacy systems, never changed.
CREATE TABLE IF NOT EXISTS repair_archive (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    equipment_id INTEGER NOT NULL REFERENCES equipment(id),
    reported_on  TEXT NOT NULL,
    finished_on  TEXT,
    symptom      TEXT NOT NULL,
    cause        TEXT,
    process      TEXT,
    parts        TEXT,
    technician   TEXT,
    cost         INTEGER CHECK (cost >= 0),
    signed_by    TEXT,
    imported_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS repair_archive_equipment ON repair_archive(equipment_id);
CREATE TRIGGER IF NOT EXISTS repair_archive_no_update BEFORE UPDATE ON repair_archive
BEGIN SELECT RAISE(ABORT, 'archived repair records are never changed'); END;
CREATE TRIGGER IF NOT EXISTS repair_archive_no_delete BEFORE DELETE ON repair_archive
BEGIN SELECT RAISE(ABORT, 'archived repair records are kept (R8.2.2): they cannot be deleted'); END;
