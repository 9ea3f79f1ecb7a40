-- 0008: the team (R2.2, R2.3). Training and exchange events with their attendance,
-- required training as rules, promotions along the career ladder, and appraisal runs
-- computed from the records, frozen once confirmed.

-- A training or exchange event (R2.2.1, R2.2.2). Topics are words joined by ';'
-- (safe-operation;troubleshooting;model:PM-9000); hours are decimal text (7.5).
CREATE TABLE trainings (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    title     TEXT NOT NULL,
    kind      TEXT NOT NULL
              CHECK (kind IN ('internal', 'manufacturer', 'external', 'exchange', 'on_the_job')),
    topics    TEXT NOT NULL,
    starts_on TEXT NOT NULL CHECK (starts_on IS date(starts_on)),
    ends_on   TEXT CHECK (ends_on IS date(ends_on) AND ends_on >= starts_on),
    hours     TEXT NOT NULL,
    trainer   TEXT,
    place     TEXT
);
CREATE INDEX trainings_starts ON trainings(starts_on);

-- Who attended, for how long, the exam and the certificate it earned. A certificate
-- earned is also a row of `certificates` (written in the same transaction).
CREATE TABLE attendances (
    id                  INTEGER PRIMARY KEY,
    training_id         INTEGER NOT NULL REFERENCES trainings(id),
    staff_id            INTEGER NOT NULL REFERENCES staff(id),
    hours               TEXT NOT NULL,
    score               INTEGER CHECK (score BETWEEN 0 AND 100),
    passed              INTEGER CHECK (passed IN (0, 1)),
    certificate_type    TEXT,
    certificate_number  TEXT,
    certificate_expires TEXT CHECK (certificate_expires IS date(certificate_expires)),
    UNIQUE (training_id, staff_id)
);
CREATE INDEX attendances_staff ON attendances(staff_id, training_id);

-- Required training (R2.2.1): every active staff member of a role needs a training on
-- the topic (a model's training is the topic model:M), again every N months if set.
CREATE TABLE training_rules (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    role         TEXT NOT NULL
                 CHECK (role IN ('technician', 'engineer', 'service', 'warehouse', 'manager')),
    topic        TEXT NOT NULL,
    every_months INTEGER CHECK (every_months BETWEEN 1 AND 120),
    added_on     TEXT NOT NULL CHECK (added_on IS date(added_on)),
    UNIQUE (role, topic)
);
CREATE INDEX training_rules_added ON training_rules(added_on);

-- Promotions along the career ladder (R2.2.3): kept, never changed.
CREATE TABLE promotions (
    id       INTEGER PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    grade    TEXT NOT NULL,
    on_day   TEXT NOT NULL CHECK (on_day IS date(on_day)),
    reason   TEXT NOT NULL,
    by_staff INTEGER NOT NULL REFERENCES staff(id)
);
CREATE INDEX promotions_staff ON promotions(staff_id, on_day);
CREATE TRIGGER promotions_no_update BEFORE UPDATE ON promotions
BEGIN SELECT RAISE(ABORT, 'a promotion is never changed: record a new one'); END;
CREATE TRIGGER promotions_no_delete BEFORE DELETE ON promotions
BEGIN SELECT RAISE(ABORT, 'promotions are kept: they cannot be deleted'); END;

-- Appraisal runs (R2.3): the figures of each active staff member over a period, with
-- the settings used. A draft until confirmed; a confirmed run never changes, and a
-- correction is a new run that points at it.
CREATE TABLE appraisal_runs (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    period       TEXT NOT NULL,
    starts_on    TEXT NOT NULL CHECK (starts_on IS date(starts_on)),
    ends_on      TEXT NOT NULL CHECK (ends_on IS date(ends_on)),
    made_at      TEXT NOT NULL,
    settings     TEXT NOT NULL,
    corrects     INTEGER REFERENCES appraisal_runs(id),
    confirmed_at TEXT,
    confirmed_by INTEGER REFERENCES staff(id)
);
CREATE TABLE appraisal_lines (
    id       INTEGER PRIMARY KEY,
    run_id   INTEGER NOT NULL REFERENCES appraisal_runs(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    figures  TEXT NOT NULL,
    score    TEXT,
    comment  TEXT,
    UNIQUE (run_id, staff_id)
);
-- The person's acknowledgement of a confirmed appraisal: apart, so the run stays frozen.
CREATE TABLE appraisal_acks (
    run_id   INTEGER NOT NULL REFERENCES appraisal_runs(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    at       TEXT NOT NULL,
    PRIMARY KEY (run_id, staff_id)
);
CREATE TRIGGER appraisal_runs_confirmed BEFORE UPDATE ON appraisal_runs WHEN OLD.confirmed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the appraisal is confirmed and never changes: a correction is a new run'); END;
CREATE TRIGGER appraisal_runs_no_delete BEFORE DELETE ON appraisal_runs
BEGIN SELECT RAISE(ABORT, 'appraisal runs are kept: they cannot be deleted'); END;
CREATE TRIGGER appraisal_lines_confirmed_update BEFORE UPDATE ON appraisal_lines
WHEN (SELECT confirmed_at FROM appraisal_runs WHERE id = OLD.run_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the appraisal is confirmed and never changes: a correction is a new run'); END;
CREATE TRIGGER appraisal_lines_confirmed_insert BEFORE INSERT ON appraisal_lines
WHEN (SELECT confirmed_at FROM appraisal_runs WHERE id = NEW.run_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the appraisal is confirmed and never changes: a correction is a new run'); END;
CREATE TRIGGER appraisal_lines_no_delete BEFORE DELETE ON appraisal_lines
BEGIN SELECT RAISE(ABORT, 'appraisal lines are kept: they cannot be deleted'); END;
CREATE TRIGGER appraisal_acks_no_update BEFORE UPDATE ON appraisal_acks
BEGIN SELECT RAISE(ABORT, 'an acknowledgement is never changed'); END;
CREATE TRIGGER appraisal_acks_no_delete BEFORE DELETE ON appraisal_acks
BEGIN SELECT RAISE(ABORT, 'acknowledgements are kept: they cannot be deleted'); END;
