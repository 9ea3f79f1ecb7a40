-- 0008: emergency response (R6). Plans are YAML documents kept as numbered versions that
-- never change; drills practise a version and their findings must be answered; an
-- incident activates a version at a response level and keeps a timeline that is only
-- ever added to.

-- A plan: its code, and the versions below.
CREATE TABLE emergency_plans (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE TRIGGER emergency_plans_no_delete BEFORE DELETE ON emergency_plans
BEGIN SELECT RAISE(ABORT, 'emergency plans are kept (R6.1): they cannot be deleted'); END;

-- Each version as imported: the file's text, the document as read (JSON), why it changed
-- and, when it answers a drill's findings, which drill. Never changed, never deleted.
CREATE TABLE emergency_plan_versions (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES emergency_plans(id),
    version     INTEGER NOT NULL CHECK (version >= 1),
    title       TEXT NOT NULL,
    source      TEXT NOT NULL,
    document    TEXT NOT NULL,
    reason      TEXT,
    drill_id    INTEGER REFERENCES drills(id),
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    UNIQUE (plan_id, version),
    CHECK (version = 1 OR (reason IS NOT NULL AND trim(reason) <> ''))
);
CREATE TRIGGER plan_versions_no_update BEFORE UPDATE ON emergency_plan_versions
BEGIN SELECT RAISE(ABORT, 'a plan version is never changed: import the changed plan as a new version'); END;
CREATE TRIGGER plan_versions_no_delete BEFORE DELETE ON emergency_plan_versions
BEGIN SELECT RAISE(ABORT, 'plan versions are kept (R6.1): they cannot be deleted'); END;

-- Drills (演练): scheduled for a day, held (timed step by step), evaluated.
CREATE TABLE drills (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    plan_id       INTEGER NOT NULL REFERENCES emergency_plans(id),
    kind          TEXT NOT NULL CHECK (kind IN ('tabletop', 'functional', 'full')),
    scheduled_on  TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('scheduled', 'held', 'evaluated', 'cancelled')),
    version       INTEGER,
    held_at       TEXT,
    observer      TEXT,
    participants  TEXT,
    timings       TEXT,
    result        TEXT,
    rating        INTEGER CHECK (rating BETWEEN 1 AND 5),
    lessons       TEXT,
    evaluated_at  TEXT,
    evaluated_by  TEXT,
    note          TEXT
);
CREATE INDEX drills_scheduled ON drills(scheduled_on) WHERE status = 'scheduled';
CREATE INDEX drills_plan ON drills(plan_id, held_at);
CREATE TRIGGER drills_no_delete BEFORE DELETE ON drills
BEGIN SELECT RAISE(ABORT, 'drill records are kept (R6.1): they cannot be deleted'); END;
-- What a held drill recorded (who took part, the timings, the result) stays as recorded.
CREATE TRIGGER drills_held_frozen BEFORE UPDATE OF plan_id, version, held_at, observer, participants, timings, result
ON drills WHEN OLD.held_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a held drill''s record is never changed'); END;

-- A drill's findings: steps over their target, role holders absent, and those the
-- evaluation adds. Each is answered once: by a plan revision that names the drill, or
-- by a decision that no change is needed.
CREATE TABLE drill_findings (
    id          INTEGER PRIMARY KEY,
    drill_id    INTEGER NOT NULL REFERENCES drills(id),
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('over_target', 'absent', 'not_timed', 'lesson')),
    subject     TEXT NOT NULL,
    detail      TEXT NOT NULL,
    answer      TEXT CHECK (answer IN ('revision', 'no_change')),
    answered_at TEXT,
    answered_by TEXT,
    answer_note TEXT,
    UNIQUE (drill_id, seq)
);
CREATE INDEX drill_findings_open ON drill_findings(drill_id) WHERE answer IS NULL;
CREATE TRIGGER drill_findings_answered_once BEFORE UPDATE ON drill_findings WHEN OLD.answer IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a drill finding is answered once: its answer is never changed'); END;
CREATE TRIGGER drill_findings_no_delete BEFORE DELETE ON drill_findings
BEGIN SELECT RAISE(ABORT, 'drill findings are kept: they cannot be deleted'); END;

-- Incidents (应急响应): a plan version activated at a level. The targets are instants
-- (UTC); `report_due` is when the next progress report upwards is due.
CREATE TABLE incidents (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    plan_id       INTEGER NOT NULL REFERENCES emergency_plans(id),
    version       INTEGER NOT NULL,
    level         TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('active', 'on_site', 'closed', 'reviewed')),
    summary       TEXT NOT NULL,
    ticket        TEXT,
    customer      TEXT,
    equipment     TEXT,
    opened_at     TEXT NOT NULL,
    on_site_due   TEXT NOT NULL,
    resolve_due   TEXT NOT NULL,
    report_every  INTEGER NOT NULL CHECK (report_every > 0),
    report_due    TEXT,
    on_site_at    TEXT,
    restored_at   TEXT,
    resolution    TEXT,
    closed_at     TEXT,
    review        TEXT
);
CREATE INDEX incidents_report_due ON incidents(report_due) WHERE report_due IS NOT NULL;
CREATE TRIGGER incidents_no_delete BEFORE DELETE ON incidents
BEGIN SELECT RAISE(ABORT, 'incident records are kept (R6.3): they cannot be deleted'); END;

-- Who answers for each role of the plan in this incident, and when they acknowledged.
CREATE TABLE incident_roles (
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    role        TEXT NOT NULL,
    staff       TEXT NOT NULL,
    acked_at    TEXT,
    PRIMARY KEY (incident_id, role)
);
CREATE TRIGGER incident_roles_acked_once BEFORE UPDATE ON incident_roles WHEN OLD.acked_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'an acknowledgement is recorded once'); END;
CREATE TRIGGER incident_roles_no_delete BEFORE DELETE ON incident_roles
BEGIN SELECT RAISE(ABORT, 'an incident''s call list is kept'); END;

-- The timeline: every step of the response, in order, only ever added to.
CREATE TABLE incident_events (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('open', 'ack', 'update', 'on_site', 'report', 'escalate', 'close', 'review')),
    by_whom     TEXT,
    to_whom     TEXT,
    level       TEXT,
    note        TEXT
);
CREATE INDEX incident_events_incident ON incident_events(incident_id, at);
CREATE TRIGGER incident_events_no_update BEFORE UPDATE ON incident_events
BEGIN SELECT RAISE(ABORT, 'an incident''s timeline is never changed: add an update'); END;
CREATE TRIGGER incident_events_no_delete BEFORE DELETE ON incident_events
BEGIN SELECT RAISE(ABORT, 'an incident''s timeline is kept'); END;

-- Reserve stores (R6.2): the locations of the parts ledger that plans name as their
-- reserve, registered when a plan naming one is imported; each is checked at an interval.
CREATE TABLE reserve_stores (
    location TEXT PRIMARY KEY,
    since    TEXT NOT NULL
);

-- A check of a reserve store: who, when, and per lot what was on hand, damaged and
-- expired (written off through the ledger in the same transaction), and the replacements
-- it proposed. Never changed.
CREATE TABLE reserve_checks (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    location  TEXT NOT NULL,
    at        TEXT NOT NULL,
    by_staff  TEXT NOT NULL,
    note      TEXT,
    lines     TEXT NOT NULL,
    proposals TEXT NOT NULL
);
CREATE INDEX reserve_checks_location ON reserve_checks(location, at);
CREATE TRIGGER reserve_checks_no_update BEFORE UPDATE ON reserve_checks
BEGIN SELECT RAISE(ABORT, 'a reserve check is never changed: check again'); END;
CREATE TRIGGER reserve_checks_no_delete BEFORE DELETE ON reserve_checks
BEGIN SELECT RAISE(ABORT, 'reserve checks are kept (R6.2): they cannot be deleted'); END;
