-- 0004, second part: status columns get the CHECK their state tables imply, and tickets
-- get back the in_warranty column the edit 8f773d6 added to 0003. SQLite cannot change
-- a CHECK in place: these are the new tables, and the Rust step in src/db/upgrade.rs
-- copies every row into them, drops the old tables, renames these, and recreates the
-- old tables' indexes and triggers (SQLite's 12-step rebuild, foreign keys off, checked
-- after). The status lists are repair::STATUSES and ticket::STATUSES; a test compares.

CREATE TABLE tickets_rebuilt (
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
    -- The status a waiting ticket goes back to.
    resume_status    TEXT CHECK (resume_status IN ('open', 'assigned', 'in_progress', 'waiting', 'closed')),
    waited_seconds   INTEGER NOT NULL DEFAULT 0,
    -- A breach, once it happened, stays recorded (R3.2.1 promptness is audited).
    response_breached   INTEGER NOT NULL DEFAULT 0 CHECK (response_breached IN (0, 1)),
    resolution_breached INTEGER NOT NULL DEFAULT 0 CHECK (resolution_breached IN (0, 1))
);

CREATE TABLE repairs_rebuilt (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    ticket_id     INTEGER NOT NULL REFERENCES tickets(id),
    equipment_id  INTEGER NOT NULL REFERENCES equipment(id),
    status        TEXT NOT NULL
                  CHECK (status IN ('diagnosing', 'diagnosed', 'awaiting_consent', 'consented', 'in_repair',
                                    'inspected', 'reported', 'signed', 'declined')),
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
