-- 0008: quality (R7). The standards register (R7.1), internal inspections with their
-- findings and rectification rounds (R7.2), and complaints (R7.3). What the regulation
-- protects is append-only: a standard's versions, every rectification round.

-- R7.1: written standards and operating rules, one row per version. A revision is a new
-- row; no version is ever changed or deleted.
CREATE TABLE quality_standards (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL,
    version       INTEGER NOT NULL CHECK (version >= 1),
    title         TEXT NOT NULL,
    step          TEXT NOT NULL,
    effective_on  TEXT NOT NULL,           -- YYYY-MM-DD
    owner_id      INTEGER REFERENCES staff(id),
    review_months INTEGER NOT NULL CHECK (review_months > 0),
    review_due    TEXT NOT NULL,           -- YYYY-MM-DD: effective_on + review_months
    file_ref      TEXT,
    file_sha256   TEXT,
    added_at      TEXT NOT NULL,
    UNIQUE (code, version)
);
CREATE INDEX quality_standards_review ON quality_standards(review_due);
CREATE TRIGGER quality_standards_no_update BEFORE UPDATE ON quality_standards
BEGIN SELECT RAISE(ABORT, 'a standard''s version is never changed: revise it (a new version)'); END;
CREATE TRIGGER quality_standards_no_delete BEFORE DELETE ON quality_standards
BEGIN SELECT RAISE(ABORT, 'versions of standards are kept: they cannot be deleted'); END;

-- Sampling draws from the repairs signed since a day: a range on this index, not a scan.
CREATE INDEX repairs_signed ON repairs(signed_at) WHERE signed_at IS NOT NULL;

-- R7.2: internal inspections (內部監督與檢查), planned, held, closed.
CREATE TABLE audits (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    scope       TEXT NOT NULL,
    planned_on  TEXT NOT NULL,             -- YYYY-MM-DD
    auditor_id  INTEGER NOT NULL REFERENCES staff(id),
    status      TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'open', 'closed', 'cancelled')),
    opened_at   TEXT,
    closed_at   TEXT,
    summary     TEXT
);
CREATE INDEX audits_planned ON audits(planned_on) WHERE status = 'planned';

-- Findings: by sampling (the machine), by checklist or by hand; with an owner and a
-- deadline each is a rectification notice (整改通知).
CREATE TABLE findings (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    audit_id    INTEGER REFERENCES audits(id),
    source      TEXT NOT NULL CHECK (source IN ('sample', 'manual', 'complaint')),
    severity    TEXT NOT NULL CHECK (severity IN ('major', 'minor', 'observation')),
    clause      TEXT NOT NULL,
    record_ref  TEXT,
    description TEXT NOT NULL,
    raised_by   INTEGER REFERENCES staff(id),
    raised_at   TEXT NOT NULL,
    owner_id    INTEGER REFERENCES staff(id),
    deadline    TEXT,                      -- YYYY-MM-DD
    round       INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1),
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'actioned', 'closed')),
    closed_at   TEXT
);
CREATE INDEX findings_deadline ON findings(deadline) WHERE status <> 'closed';
CREATE INDEX findings_audit ON findings(audit_id);
-- Closed only on an effective re-check of its current round, whoever writes the row.
CREATE TRIGGER findings_close_needs_recheck BEFORE UPDATE OF status ON findings
WHEN NEW.status = 'closed' AND NOT EXISTS (
    SELECT 1 FROM rectifications r
     WHERE r.finding_id = NEW.id AND r.round = NEW.round AND r.kind = 'recheck' AND r.result = 'effective')
BEGIN SELECT RAISE(ABORT, 'a finding is closed only by an effective re-check'); END;
CREATE TRIGGER findings_closed_stay BEFORE UPDATE ON findings WHEN OLD.status = 'closed'
BEGIN SELECT RAISE(ABORT, 'a closed finding is never changed'); END;
CREATE TRIGGER findings_no_delete BEFORE DELETE ON findings
BEGIN SELECT RAISE(ABORT, 'findings are kept: they cannot be deleted'); END;

-- Every round of the loop (限期整改, 跟蹤復查): the action taken, then its re-check.
CREATE TABLE rectifications (
    id           INTEGER PRIMARY KEY,
    finding_id   INTEGER NOT NULL REFERENCES findings(id),
    round        INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('action', 'recheck')),
    at           TEXT NOT NULL,
    by_staff     INTEGER NOT NULL REFERENCES staff(id),
    text         TEXT NOT NULL,
    result       TEXT CHECK (result IN ('effective', 'not-effective')),
    new_deadline TEXT,
    CHECK ((kind = 'recheck') = (result IS NOT NULL))
);
CREATE INDEX rectifications_finding ON rectifications(finding_id);
CREATE TRIGGER rectifications_no_update BEFORE UPDATE ON rectifications
BEGIN SELECT RAISE(ABORT, 'a rectification round is never changed: record the next one'); END;
CREATE TRIGGER rectifications_no_delete BEFORE DELETE ON rectifications
BEGIN SELECT RAISE(ABORT, 'rectification rounds are kept: they cannot be deleted'); END;

-- R7.3: complaints, from intake to closure with the customer's answer.
CREATE TABLE complaints (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,
    customer_id      INTEGER NOT NULL REFERENCES customers(id),
    equipment_id     INTEGER REFERENCES equipment(id),
    ticket_id        INTEGER REFERENCES tickets(id),
    model            TEXT,
    channel          TEXT NOT NULL CHECK (channel IN ('hotline', 'online', 'email', 'visit', 'letter', 'regulator')),
    category         TEXT NOT NULL CHECK (category IN ('repair-quality', 'response-time', 'attitude', 'parts',
                                                       'product', 'billing', 'other')),
    severity         TEXT NOT NULL CHECK (severity IN ('high', 'normal', 'low')),
    patient_harm     TEXT NOT NULL DEFAULT 'none'
                     CHECK (patient_harm IN ('none', 'possible', 'serious-injury', 'death')),
    group_event      INTEGER NOT NULL DEFAULT 0 CHECK (group_event IN (0, 1)),
    description      TEXT NOT NULL,
    received_at      TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'open'
                     CHECK (status IN ('open', 'acknowledged', 'investigating', 'resolved', 'informed', 'closed')),
    ack_due          TEXT NOT NULL,
    resolve_due      TEXT NOT NULL,
    acknowledged_at  TEXT,
    finding          TEXT,
    root_cause       TEXT CHECK (root_cause IN ('people', 'method', 'parts', 'equipment', 'environment', 'other')),
    solution         TEXT,
    resolved_at      TEXT,
    informed_at      TEXT,
    informed_by      INTEGER REFERENCES staff(id),
    inform_method    TEXT CHECK (inform_method IN ('phone', 'letter', 'visit', 'email')),
    customer_response TEXT CHECK (customer_response IN ('accepted', 'disputed')),
    closed_at        TEXT,
    report_due       TEXT,
    reported_on      TEXT,
    report_reference TEXT,
    corrective_id    INTEGER REFERENCES findings(id)
);
CREATE INDEX complaints_ack_due ON complaints(ack_due) WHERE acknowledged_at IS NULL;
CREATE INDEX complaints_resolve_due ON complaints(resolve_due) WHERE resolved_at IS NULL;
CREATE INDEX complaints_report_due ON complaints(report_due) WHERE reported_on IS NULL;
CREATE INDEX complaints_received ON complaints(received_at);
CREATE TRIGGER complaints_closed_stay BEFORE UPDATE ON complaints WHEN OLD.status = 'closed'
     AND NOT (NEW.reported_on IS NOT NULL AND OLD.reported_on IS NULL)
BEGIN SELECT RAISE(ABORT, 'a closed complaint is never changed'); END;
CREATE TRIGGER complaints_no_delete BEFORE DELETE ON complaints
BEGIN SELECT RAISE(ABORT, 'complaints are kept: they cannot be deleted'); END;
