-- 0001: the foundation. History, customers (R8.1), the model catalogue and installed
-- equipment (R1.2, R8.1.1), staff and their certificates (R2.1).
-- Released migrations are never edited; later changes go in new files.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Counters behind generated codes (C-000001, ...).
CREATE TABLE sequences (
    name TEXT PRIMARY KEY,
    next INTEGER NOT NULL
);

-- Every change: when, who, what, before and after (JSON). Append-only.
CREATE TABLE history (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    entity TEXT NOT NULL,
    code   TEXT NOT NULL,
    action TEXT NOT NULL,
    before TEXT,
    after  TEXT
);
CREATE INDEX history_code ON history(code, id);
CREATE INDEX history_entity ON history(entity, id);
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only: a correction is a new entry'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only: its entries cannot be deleted'); END;

CREATE TABLE customers (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    type       TEXT NOT NULL CHECK (type IN ('hospital', 'clinic', 'distributor', 'other')),
    contact    TEXT,
    phone      TEXT,
    email      TEXT,
    province   TEXT,
    city       TEXT,
    address    TEXT,
    created_on TEXT,
    notes      TEXT
);

CREATE TABLE models (
    id           INTEGER PRIMARY KEY,
    model        TEXT NOT NULL,
    manufacturer TEXT NOT NULL,
    added_at     TEXT NOT NULL,
    UNIQUE (model, manufacturer)
);

CREATE TABLE equipment (
    id              INTEGER PRIMARY KEY,
    serial_no       TEXT NOT NULL UNIQUE,
    model_id        INTEGER NOT NULL REFERENCES models(id),
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    installed_on    TEXT,
    warranty_until  TEXT,
    location        TEXT,
    registration_no TEXT,
    status          TEXT NOT NULL DEFAULT 'in_service'
                    CHECK (status IN ('in_service', 'down', 'retired'))
);
CREATE INDEX equipment_customer ON equipment(customer_id);
CREATE INDEX equipment_model ON equipment(model_id);

CREATE TABLE staff (
    id     INTEGER PRIMARY KEY,
    code   TEXT NOT NULL UNIQUE,
    name   TEXT NOT NULL,
    role   TEXT NOT NULL
           CHECK (role IN ('technician', 'engineer', 'service', 'warehouse', 'manager')),
    phone  TEXT,
    email  TEXT,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE certificates (
    id       INTEGER PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    type     TEXT NOT NULL,
    number   TEXT NOT NULL,
    issued   TEXT,
    expires  TEXT,
    UNIQUE (type, number)
);
CREATE INDEX certificates_staff ON certificates(staff_id);
CREATE INDEX certificates_expires ON certificates(expires);
