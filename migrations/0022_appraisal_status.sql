-- An appraisal run's status is a fact with a CHECK, as every workflow's is (appraisal::FLOW):
-- until now "draft" or "confirmed" was read from confirmed_at. SQLite cannot add a CHECK
-- that ties two columns in place: this is the new table, and the Rust step in
-- src/db/upgrade.rs copies every run into it (status from confirmed_at), drops the old
-- table, renames this one and recreates the old table's triggers (foreign keys off,
-- checked after). The trigger that freezes a confirmed run is made again on the status.

DROP TRIGGER appraisal_runs_confirmed;

CREATE TABLE appraisal_runs_rebuilt (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    period       TEXT NOT NULL,
    starts_on    TEXT NOT NULL CHECK (starts_on IS date(starts_on)),
    ends_on      TEXT NOT NULL CHECK (ends_on IS date(ends_on)),
    made_at      TEXT NOT NULL,
    settings     TEXT NOT NULL,
    corrects     INTEGER REFERENCES appraisal_runs(id),
    status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'confirmed')),
    confirmed_at TEXT,
    confirmed_by INTEGER REFERENCES staff(id),
    -- Confirmed exactly when it says when and by whom.
    CHECK ((status = 'confirmed') = (confirmed_at IS NOT NULL AND confirmed_by IS NOT NULL))
);
