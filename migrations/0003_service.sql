-- 0003: the service flow (R3, R8.2). Settings, tickets with their SLA clocks, repairs
-- with diagnosis, visits, plans and consent, parts used, inspections against
-- protocols, signed reports, follow-ups and satisfaction surveys.
-- Times are UTC RFC 3339; money is integer fen.

-- Settings (`svc config`): SLA targets, follow-up days, labour rate. Absent = default.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE tickets (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,
    customer_id      INTEGER NOT NULL REFERENCES customers(id),
    equipment_id     INTEGER REFERENCES equipment(id),
    channel          TEXT NOT NULL CHECK (channel IN ('hotline', 'online', 'email', 'visit')),
    kind             TEXT NOT NULL CHECK (kind IN ('fault', 'enquiry', 'complaint', 'installation', 'training')),
    priority         TEXT NOT NULL CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
    symptom          TEXT NOT NULL,
    reporter         TEXT,
    -- Captured at intake (R3.1.2): what the device was and its warranty that day.
    model            TEXT,
    warranty         TEXT,
    in_warranty      INTEGER NOT NULL DEFAULT 0 CHECK (in_warranty IN (0, 1)),
    status           TEXT NOT NULL DEFAULT 'open'
                     CHECK (status IN ('open', 'assigned', 'in_progress', 'waiting', 'closed')),
    assigned_to      INTEGER REFERENCES staff(id),
    opened_at        TEXT NOT NULL,
    responded_at     TEXT,
    closed_at        TEXT,
    resolution       TEXT,
    -- The SLA clocks. A due time is NULL while the ticket waits (on the customer or on
    -- parts): the time left is kept in *_left (seconds) and the clock restarts on resume.
    response_due     TEXT,
    resolution_due   TEXT,
    response_left    INTEGER,
    resolution_left  INTEGER,
    waiting_since    TEXT,
    wait_reason      TEXT CHECK (wait_reason IN ('customer', 'parts')),
    resume_status    TEXT,
    waited_seconds   INTEGER NOT NULL DEFAULT 0,
    -- A breach, once it happened, stays recorded (R3.2.1 promptness is audited).
    response_breached   INTEGER NOT NULL DEFAULT 0 CHECK (response_breached IN (0, 1)),
    resolution_breached INTEGER NOT NULL DEFAULT 0 CHECK (resolution_breached IN (0, 1))
);
CREATE INDEX tickets_customer ON tickets(customer_id);
CREATE INDEX tickets_equipment ON tickets(equipment_id);
CREATE INDEX tickets_status ON tickets(status, code);
-- `svc ticket list --overdue`: only open tickets are in these indexes.
CREATE INDEX tickets_response_due ON tickets(response_due) WHERE responded_at IS NULL AND status <> 'closed';
CREATE INDEX tickets_resolution_due ON tickets(resolution_due) WHERE status <> 'closed';

CREATE TABLE repairs (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    ticket_id     INTEGER NOT NULL REFERENCES tickets(id),
    equipment_id  INTEGER NOT NULL REFERENCES equipment(id),
    status        TEXT NOT NULL,
    under_warranty INTEGER NOT NULL CHECK (under_warranty IN (0, 1)),
    difficulty    TEXT CHECK (difficulty IN ('simple', 'moderate', 'complex')),
    opened_at     TEXT NOT NULL,
    started_at    TEXT,
    finished_at   TEXT,
    signed_at     TEXT,
    signed_by     TEXT,
    sign_method   TEXT,
    report_sha256 TEXT
);
CREATE INDEX repairs_ticket ON repairs(ticket_id);
CREATE INDEX repairs_equipment ON repairs(equipment_id, id);
CREATE INDEX repairs_status ON repairs(status, code);
-- A signed repair is a closed record (R3.4.2): the database refuses any change to it.
CREATE TRIGGER repairs_signed_frozen BEFORE UPDATE ON repairs WHEN OLD.signed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the repair is signed by the customer and can no longer be changed: record an amendment'); END;
CREATE TRIGGER repairs_no_delete BEFORE DELETE ON repairs
BEGIN SELECT RAISE(ABORT, 'repair records are kept (R8.2.2): they cannot be deleted'); END;

-- The repair's steps, each its own record. None may be added once the repair is signed.
CREATE TABLE diagnoses (
    id         INTEGER PRIMARY KEY,
    repair_id  INTEGER NOT NULL REFERENCES repairs(id),
    at         TEXT NOT NULL,
    by_staff   INTEGER REFERENCES staff(id),
    finding    TEXT NOT NULL,
    cause      TEXT,
    difficulty TEXT NOT NULL CHECK (difficulty IN ('simple', 'moderate', 'complex'))
);
CREATE INDEX diagnoses_repair ON diagnoses(repair_id);

CREATE TABLE visits (
    id        INTEGER PRIMARY KEY,
    repair_id INTEGER NOT NULL REFERENCES repairs(id),
    at        TEXT NOT NULL,
    by_staff  INTEGER REFERENCES staff(id),
    onsite    INTEGER NOT NULL CHECK (onsite IN (0, 1)),
    finding   TEXT NOT NULL,
    tools     TEXT
);
CREATE INDEX visits_repair ON visits(repair_id);

CREATE TABLE plans (
    id            INTEGER PRIMARY KEY,
    repair_id     INTEGER NOT NULL REFERENCES repairs(id),
    version       INTEGER NOT NULL,
    at            TEXT NOT NULL,
    steps         TEXT NOT NULL,          -- JSON array of strings
    labour_hours  TEXT NOT NULL,          -- decimal text, e.g. 2.5
    labour_cost   INTEGER NOT NULL,
    parts_cost    INTEGER NOT NULL,
    estimate      INTEGER NOT NULL,
    finish_by     TEXT,
    consented_at  TEXT,
    consented_by  TEXT,
    consent_method TEXT CHECK (consent_method IN ('signature', 'phone', 'email', 'wechat')),
    UNIQUE (repair_id, version)
);

CREATE TABLE plan_parts (
    id         INTEGER PRIMARY KEY,
    plan_id    INTEGER NOT NULL REFERENCES plans(id),
    part_id    INTEGER NOT NULL REFERENCES parts(id),
    qty        INTEGER NOT NULL CHECK (qty > 0),
    unit_price INTEGER NOT NULL,
    UNIQUE (plan_id, part_id)
);

-- Parts actually used on a repair (by hand, or by an issue against a requisition).
CREATE TABLE part_uses (
    id         INTEGER PRIMARY KEY,
    repair_id  INTEGER NOT NULL REFERENCES repairs(id),
    part_id    INTEGER NOT NULL REFERENCES parts(id),
    qty        INTEGER NOT NULL CHECK (qty <> 0),  -- negative: unused parts returned
    lot        TEXT,
    at         TEXT NOT NULL,
    source     TEXT
);
CREATE INDEX part_uses_repair ON part_uses(repair_id);

-- Inspection protocols (R3.4.1): a YAML list of checks and measurements with limits.
CREATE TABLE protocols (
    id       INTEGER PRIMARY KEY,
    code     TEXT NOT NULL UNIQUE,
    name     TEXT NOT NULL,
    standard TEXT,
    items    TEXT NOT NULL,               -- JSON, as parsed from the YAML
    source   TEXT NOT NULL,               -- the YAML as imported
    added_at TEXT NOT NULL
);

CREATE TABLE inspections (
    id          INTEGER PRIMARY KEY,
    repair_id   INTEGER NOT NULL REFERENCES repairs(id),
    protocol_id INTEGER NOT NULL REFERENCES protocols(id),
    at          TEXT NOT NULL,
    by_staff    INTEGER REFERENCES staff(id),
    instrument  TEXT,
    results     TEXT NOT NULL,            -- JSON: each item with its value and verdict
    passed      INTEGER NOT NULL CHECK (passed IN (0, 1))
);
CREATE INDEX inspections_repair ON inspections(repair_id);

-- Service reports (R3.4.2). A report is written once per version; the signed one holds
-- the frozen document and its SHA-256. Append-only.
CREATE TABLE reports (
    id         INTEGER PRIMARY KEY,
    repair_id  INTEGER NOT NULL REFERENCES repairs(id),
    version    INTEGER NOT NULL,
    at         TEXT NOT NULL,
    by_staff   INTEGER REFERENCES staff(id),
    cause      TEXT NOT NULL,
    process    TEXT NOT NULL,
    labour_hours TEXT,
    UNIQUE (repair_id, version)
);
CREATE TRIGGER reports_no_update BEFORE UPDATE ON reports
BEGIN SELECT RAISE(ABORT, 'a service report is never changed: write a new version, or an amendment once signed'); END;
CREATE TRIGGER reports_no_delete BEFORE DELETE ON reports
BEGIN SELECT RAISE(ABORT, 'service reports are kept: they cannot be deleted'); END;

-- The signed document: exactly what the customer signed, and its hash.
CREATE TABLE signed_reports (
    repair_id INTEGER PRIMARY KEY REFERENCES repairs(id),
    document  TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    signed_at TEXT NOT NULL
);
CREATE TRIGGER signed_reports_no_update BEFORE UPDATE ON signed_reports
BEGIN SELECT RAISE(ABORT, 'a signed report is never changed: record an amendment'); END;
CREATE TRIGGER signed_reports_no_delete BEFORE DELETE ON signed_reports
BEGIN SELECT RAISE(ABORT, 'a signed report cannot be deleted'); END;

-- Corrections after signing point at the signed report they correct.
CREATE TABLE amendments (
    id        INTEGER PRIMARY KEY,
    repair_id INTEGER NOT NULL REFERENCES repairs(id),
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    text      TEXT NOT NULL,
    report_sha256 TEXT NOT NULL
);
CREATE TRIGGER amendments_no_update BEFORE UPDATE ON amendments
BEGIN SELECT RAISE(ABORT, 'an amendment is never changed: add another'); END;
CREATE TRIGGER amendments_no_delete BEFORE DELETE ON amendments
BEGIN SELECT RAISE(ABORT, 'amendments cannot be deleted'); END;

-- Nothing is added to a signed repair's record except amendments and its follow-up.
CREATE TRIGGER diagnoses_after_sign BEFORE INSERT ON diagnoses
WHEN (SELECT signed_at FROM repairs WHERE id = NEW.repair_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the repair is signed: its record can no longer be changed'); END;
CREATE TRIGGER visits_after_sign BEFORE INSERT ON visits
WHEN (SELECT signed_at FROM repairs WHERE id = NEW.repair_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the repair is signed: its record can no longer be changed'); END;
CREATE TRIGGER plans_after_sign BEFORE INSERT ON plans
WHEN (SELECT signed_at FROM repairs WHERE id = NEW.repair_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the repair is signed: its record can no longer be changed'); END;
CREATE TRIGGER part_uses_after_sign BEFORE INSERT ON part_uses
WHEN (SELECT signed_at FROM repairs WHERE id = NEW.repair_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the repair is signed: its record can no longer be changed'); END;
CREATE TRIGGER inspections_after_sign BEFORE INSERT ON inspections
WHEN (SELECT signed_at FROM repairs WHERE id = NEW.repair_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the repair is signed: its record can no longer be changed'); END;
CREATE TRIGGER reports_after_sign BEFORE INSERT ON reports
WHEN (SELECT signed_at FROM repairs WHERE id = NEW.repair_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the repair is signed: its report can no longer be changed'); END;
CREATE TRIGGER plans_frozen BEFORE UPDATE ON plans
WHEN (SELECT signed_at FROM repairs WHERE id = OLD.repair_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the repair is signed: its plans can no longer be changed'); END;

-- Follow-up visits and calls (R3.5.1): scheduled when the repair is signed.
CREATE TABLE followups (
    repair_id    INTEGER PRIMARY KEY REFERENCES repairs(id),
    due          TEXT NOT NULL,           -- YYYY-MM-DD
    done_at      TEXT,
    by_staff     INTEGER REFERENCES staff(id),
    satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    nps          INTEGER CHECK (nps BETWEEN 0 AND 10),
    comment      TEXT
);
CREATE INDEX followups_due ON followups(due) WHERE done_at IS NULL;
CREATE TRIGGER followups_done BEFORE UPDATE ON followups WHEN OLD.done_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the follow-up is recorded: it cannot be changed'); END;

-- Periodic satisfaction surveys (R3.5.2).
CREATE TABLE surveys (
    id            INTEGER PRIMARY KEY,
    customer_id   INTEGER NOT NULL REFERENCES customers(id),
    date          TEXT NOT NULL,
    channel       TEXT NOT NULL CHECK (channel IN ('questionnaire', 'phone', 'online', 'visit')),
    respondent    TEXT,
    speed         INTEGER CHECK (speed BETWEEN 1 AND 5),
    quality       INTEGER CHECK (quality BETWEEN 1 AND 5),
    attitude      INTEGER CHECK (attitude BETWEEN 1 AND 5),
    communication INTEGER CHECK (communication BETWEEN 1 AND 5),
    overall       INTEGER NOT NULL CHECK (overall BETWEEN 1 AND 5),
    nps           INTEGER CHECK (nps BETWEEN 0 AND 10),
    comment       TEXT,
    UNIQUE (customer_id, date, channel)
);
CREATE INDEX surveys_date ON surveys(date);

-- Repair records migrated from legacy systems (R8.2.1: every repair on record). They
-- keep their own numbers and are never changed: an archive, not a workflow.
CREATE TABLE repair_archive (
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
CREATE INDEX repair_archive_equipment ON repair_archive(equipment_id);
CREATE TRIGGER repair_archive_no_update BEFORE UPDATE ON repair_archive
BEGIN SELECT RAISE(ABORT, 'archived repair records are never changed'); END;
CREATE TRIGGER repair_archive_no_delete BEFORE DELETE ON repair_archive
BEGIN SELECT RAISE(ABORT, 'archived repair records are kept (R8.2.2): they cannot be deleted'); END;
