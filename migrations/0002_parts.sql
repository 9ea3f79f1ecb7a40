-- 0002: spare parts (R4). The catalogue and suppliers, warehouse locations, purchase
-- orders with receipts and incoming inspection (R4.1), the stock ledger with its balance
-- (R4.2.1), stock counts (R4.2.2), requisitions and issues (R4.3).
-- Money is integer fen; quantities are whole units.

CREATE TABLE parts (
    id              INTEGER PRIMARY KEY,
    part_no         TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    spec            TEXT,
    model           TEXT,
    category        TEXT,
    unit            TEXT NOT NULL DEFAULT 'pcs',
    min_qty         INTEGER NOT NULL DEFAULT 0 CHECK (min_qty >= 0),
    reorder_qty     INTEGER NOT NULL DEFAULT 0 CHECK (reorder_qty >= 0),
    unit_cost       INTEGER CHECK (unit_cost >= 0),
    shelf_life_days INTEGER CHECK (shelf_life_days > 0),
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    -- Moving average cost of the stock on hand (fen), kept by every incoming movement.
    avg_cost        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX parts_category ON parts(category, part_no);

CREATE TABLE suppliers (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    contact         TEXT,
    phone           TEXT,
    email           TEXT,
    licence_no      TEXT,
    licence_expires TEXT,
    rating          INTEGER CHECK (rating BETWEEN 1 AND 5),
    notes           TEXT
);

-- A warehouse and a bin in it ('' for the warehouse as a whole). A bin may be given to a
-- category: parts are stored by category (R4.2.1).
CREATE TABLE locations (
    id        INTEGER PRIMARY KEY,
    warehouse TEXT NOT NULL,
    bin       TEXT NOT NULL DEFAULT '',
    category  TEXT,
    note      TEXT,
    UNIQUE (warehouse, bin)
);

CREATE TABLE purchase_orders (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    supplier_id INTEGER NOT NULL REFERENCES suppliers(id),
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'received', 'cancelled')),
    standard    TEXT,
    created_at  TEXT NOT NULL,
    note        TEXT
);
CREATE INDEX purchase_orders_supplier ON purchase_orders(supplier_id);

CREATE TABLE po_lines (
    id        INTEGER PRIMARY KEY,
    po_id     INTEGER NOT NULL REFERENCES purchase_orders(id),
    part_id   INTEGER NOT NULL REFERENCES parts(id),
    qty       INTEGER NOT NULL CHECK (qty > 0),
    price     INTEGER NOT NULL CHECK (price >= 0),
    delivery  TEXT,
    received  INTEGER NOT NULL DEFAULT 0 CHECK (received >= 0),
    UNIQUE (po_id, part_id)
);
CREATE INDEX po_lines_part ON po_lines(part_id);

-- Goods arrive in quarantine; only what incoming inspection accepts enters stock (R4.1.3).
CREATE TABLE receipts (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    po_id       INTEGER NOT NULL REFERENCES purchase_orders(id),
    location_id INTEGER NOT NULL REFERENCES locations(id),
    received_at TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'quarantine' CHECK (status IN ('quarantine', 'inspected')),
    inspected_by INTEGER REFERENCES staff(id),
    inspected_at TEXT,
    note        TEXT
);

CREATE TABLE receipt_lines (
    id         INTEGER PRIMARY KEY,
    receipt_id INTEGER NOT NULL REFERENCES receipts(id),
    po_line_id INTEGER NOT NULL REFERENCES po_lines(id),
    lot        TEXT NOT NULL DEFAULT '',
    expiry     TEXT,
    qty        INTEGER NOT NULL CHECK (qty > 0),
    accepted   INTEGER CHECK (accepted >= 0),
    rejected   INTEGER CHECK (rejected >= 0),
    CHECK (accepted IS NULL OR accepted + rejected = qty)
);
CREATE INDEX receipt_lines_receipt ON receipt_lines(receipt_id);
CREATE INDEX receipt_lines_po_line ON receipt_lines(po_line_id);
CREATE TRIGGER receipt_lines_decided BEFORE UPDATE ON receipt_lines WHEN OLD.accepted IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'an inspected receipt line cannot be changed: it is the inspection record'); END;
CREATE TRIGGER receipt_lines_no_delete BEFORE DELETE ON receipt_lines
BEGIN SELECT RAISE(ABORT, 'receipt lines cannot be deleted: they are the delivery record'); END;

-- The stock ledger (R4.2.1): every movement, never changed; a correction is a reversing row.
CREATE TABLE movements (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN
                ('opening', 'receipt', 'issue', 'return', 'transfer', 'adjustment', 'scrap', 'reversal')),
    part_id     INTEGER NOT NULL REFERENCES parts(id),
    location_id INTEGER NOT NULL REFERENCES locations(id),
    lot         TEXT NOT NULL DEFAULT '',
    expiry      TEXT,
    qty         INTEGER NOT NULL CHECK (qty <> 0),
    unit_cost   INTEGER NOT NULL CHECK (unit_cost >= 0),
    ref         TEXT,
    reverses    INTEGER REFERENCES movements(id),
    note        TEXT
);
CREATE INDEX movements_part ON movements(part_id, id);
CREATE INDEX movements_ref ON movements(ref);
CREATE INDEX movements_reverses ON movements(reverses);
CREATE TRIGGER movements_no_update BEFORE UPDATE ON movements
BEGIN SELECT RAISE(ABORT, 'the stock ledger is append-only: post a reversing movement instead'); END;
CREATE TRIGGER movements_no_delete BEFORE DELETE ON movements
BEGIN SELECT RAISE(ABORT, 'the stock ledger is append-only: its movements cannot be deleted'); END;

-- On hand per part, location and lot: the ledger's sum, kept in the same transaction by
-- this trigger, and never negative (the CHECK is the database's own guard).
CREATE TABLE stock (
    part_id     INTEGER NOT NULL REFERENCES parts(id),
    location_id INTEGER NOT NULL REFERENCES locations(id),
    lot         TEXT NOT NULL,
    expiry      TEXT,
    qty         INTEGER NOT NULL CHECK (qty >= 0),
    PRIMARY KEY (part_id, location_id, lot)
) WITHOUT ROWID;
CREATE INDEX stock_location ON stock(location_id);
-- (An upsert would not do: SQLite checks the CHECK on the inserted row before it sees
-- the conflict, so a negative movement could never be posted.)
CREATE TRIGGER movements_balance AFTER INSERT ON movements
BEGIN
    INSERT OR IGNORE INTO stock(part_id, location_id, lot, expiry, qty)
    VALUES (NEW.part_id, NEW.location_id, NEW.lot, NEW.expiry, 0);
    UPDATE stock SET qty = qty + NEW.qty, expiry = coalesce(expiry, NEW.expiry)
     WHERE part_id = NEW.part_id AND location_id = NEW.location_id AND lot = NEW.lot;
END;

-- Stock counts (R4.2.2): the book quantity of each line is frozen at the start.
CREATE TABLE counts (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    location_id INTEGER REFERENCES locations(id),
    warehouse   TEXT,
    category    TEXT,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'posted', 'cancelled')),
    started_at  TEXT NOT NULL,
    started_by  TEXT NOT NULL,
    posted_at   TEXT,
    reason      TEXT
);

-- Open counts are few; this finds them without reading every line ever counted.
CREATE INDEX counts_status ON counts(status);

CREATE TABLE count_lines (
    id          INTEGER PRIMARY KEY,
    count_id    INTEGER NOT NULL REFERENCES counts(id),
    part_id     INTEGER NOT NULL REFERENCES parts(id),
    location_id INTEGER NOT NULL REFERENCES locations(id),
    lot         TEXT NOT NULL,
    book_qty    INTEGER NOT NULL,
    counted_qty INTEGER CHECK (counted_qty >= 0),
    first_qty   INTEGER,
    recount     INTEGER NOT NULL DEFAULT 0 CHECK (recount IN (0, 1)),
    counted_at  TEXT,
    note        TEXT,
    UNIQUE (count_id, part_id, location_id, lot)
);
CREATE INDEX count_lines_part ON count_lines(part_id, location_id);
-- A posted or cancelled count is a closed record.
CREATE TRIGGER count_lines_closed BEFORE UPDATE ON count_lines
WHEN (SELECT status FROM counts WHERE id = OLD.count_id) <> 'open'
BEGIN SELECT RAISE(ABORT, 'the count is closed: its lines cannot be changed'); END;
CREATE TRIGGER count_lines_no_delete BEFORE DELETE ON count_lines
BEGIN SELECT RAISE(ABORT, 'count lines cannot be deleted: they are the count record'); END;

-- Requisitions (R4.3): asked for, approved (its own state), issued in one or more goes.
CREATE TABLE requisitions (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    repair       TEXT,
    equipment_id INTEGER REFERENCES equipment(id),
    requested_by INTEGER NOT NULL REFERENCES staff(id),
    requested_at TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
    decided_by   INTEGER REFERENCES staff(id),
    decided_at   TEXT,
    note         TEXT
);
CREATE INDEX requisitions_repair ON requisitions(repair);

CREATE TABLE requisition_lines (
    id       INTEGER PRIMARY KEY,
    req_id   INTEGER NOT NULL REFERENCES requisitions(id),
    part_id  INTEGER NOT NULL REFERENCES parts(id),
    qty      INTEGER NOT NULL CHECK (qty > 0),
    issued   INTEGER NOT NULL DEFAULT 0 CHECK (issued >= 0 AND issued <= qty),
    returned INTEGER NOT NULL DEFAULT 0 CHECK (returned >= 0 AND returned <= issued),
    UNIQUE (req_id, part_id)
);
CREATE INDEX requisition_lines_part ON requisition_lines(part_id);

-- Warehouse safety checks (R4.2.3): fire, damp and theft, with what was found. A check
-- is a record of its day and is never changed.
CREATE TABLE safety_checks (
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
CREATE INDEX safety_checks_warehouse ON safety_checks(warehouse, at);
CREATE TRIGGER safety_checks_no_update BEFORE UPDATE ON safety_checks
BEGIN SELECT RAISE(ABORT, 'a safety check is a record of its day: add a new check'); END;
CREATE TRIGGER safety_checks_no_delete BEFORE DELETE ON safety_checks
BEGIN SELECT RAISE(ABORT, 'safety checks cannot be deleted'); END;
