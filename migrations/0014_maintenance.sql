-- 0008: preventive maintenance (R1.2 维修保养). Maintenance plans per model, versioned
-- and never changed once imported; the schedule of each device under a plan; per-device
-- overrides; service contracts; meter readings; maintenance visits with their checklist
-- results, the parts they used and the report the customer signed.
-- Times are UTC RFC 3339; days are YYYY-MM-DD (local).

-- A plan version: what maintaining a model means, as imported from YAML. A new text of
-- a plan is its next version; a version is never changed nor deleted, so a visit always
-- points at the terms it was done under.
CREATE TABLE maint_plans (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL,
    version         INTEGER NOT NULL CHECK (version >= 1),
    name            TEXT NOT NULL,
    models          TEXT NOT NULL,            -- JSON array of model names it applies to
    interval_months INTEGER CHECK (interval_months BETWEEN 1 AND 120),
    interval_meter  INTEGER CHECK (interval_meter > 0),
    meter_unit      TEXT,
    risk            TEXT NOT NULL CHECK (risk IN ('high', 'medium', 'low')),
    hours_tenths    INTEGER NOT NULL CHECK (hours_tenths > 0),
    checklist       TEXT NOT NULL,            -- JSON: the protocol (repair inspections' format)
    parts           TEXT NOT NULL,            -- JSON: [{part_no, qty}] replaced at each interval
    source          TEXT NOT NULL,            -- the YAML as imported
    sha256          TEXT NOT NULL,
    added_at        TEXT NOT NULL,
    UNIQUE (code, version),
    CHECK (interval_months IS NOT NULL OR interval_meter IS NOT NULL),
    CHECK ((interval_meter IS NULL) = (meter_unit IS NULL))
);
CREATE TRIGGER maint_plans_no_update BEFORE UPDATE ON maint_plans
BEGIN SELECT RAISE(ABORT, 'a maintenance plan version is never changed: import the new text, it becomes the next version'); END;
CREATE TRIGGER maint_plans_no_delete BEFORE DELETE ON maint_plans
BEGIN SELECT RAISE(ABORT, 'maintenance plan versions are kept: visits point at them'); END;

-- Per-device terms that differ from the plan: a contract's interval, a hospital's own
-- calendar (the next date pinned), the technician who looks after it, or the device
-- taken out of the plan. A setting: changed in place, every change in the history.
CREATE TABLE maint_overrides (
    id              INTEGER PRIMARY KEY,
    equipment_id    INTEGER NOT NULL REFERENCES equipment(id),
    plan_code       TEXT NOT NULL,
    interval_months INTEGER CHECK (interval_months BETWEEN 1 AND 120),
    next_due        TEXT CHECK (next_due IS date(next_due)),
    technician_id   INTEGER REFERENCES staff(id),
    excluded        INTEGER NOT NULL DEFAULT 0 CHECK (excluded IN (0, 1)),
    reason          TEXT NOT NULL CHECK (trim(reason) <> ''),
    at              TEXT NOT NULL,
    UNIQUE (equipment_id, plan_code)
);

-- Meter readings (operating hours, exposures): a usage-based interval counts them.
CREATE TABLE maint_meters (
    id           INTEGER PRIMARY KEY,
    equipment_id INTEGER NOT NULL REFERENCES equipment(id),
    at           TEXT NOT NULL,
    reading      INTEGER NOT NULL CHECK (reading >= 0),
    source       TEXT NOT NULL
);
CREATE INDEX maint_meters_equipment ON maint_meters(equipment_id, at);
CREATE TRIGGER maint_meters_no_update BEFORE UPDATE ON maint_meters
BEGIN SELECT RAISE(ABORT, 'a meter reading is never changed: record a new one'); END;
CREATE TRIGGER maint_meters_no_delete BEFORE DELETE ON maint_meters
BEGIN SELECT RAISE(ABORT, 'meter readings are kept'); END;

-- Service contracts: what the customer bought, for how long; no device listed means
-- all of the customer's devices.
CREATE TABLE maint_contracts (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    customer_id   INTEGER NOT NULL REFERENCES customers(id),
    starts_on     TEXT NOT NULL CHECK (starts_on IS date(starts_on)),
    ends_on       TEXT NOT NULL CHECK (ends_on IS date(ends_on)),
    coverage      TEXT NOT NULL CHECK (coverage IN ('pm', 'pm_parts', 'full')),
    technician_id INTEGER REFERENCES staff(id),
    note          TEXT,
    added_at      TEXT NOT NULL,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX maint_contracts_customer ON maint_contracts(customer_id);
CREATE TABLE maint_contract_devices (
    contract_id  INTEGER NOT NULL REFERENCES maint_contracts(id),
    equipment_id INTEGER NOT NULL REFERENCES equipment(id),
    PRIMARY KEY (contract_id, equipment_id)
);
CREATE INDEX maint_contract_devices_equipment ON maint_contract_devices(equipment_id);

-- A maintenance visit: the checklist judged against the plan version's limits (the
-- verdict computed, never typed), the fault ticket a failed check opened, and the
-- parts used. Written once, never changed.
CREATE TABLE maint_visits (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    equipment_id INTEGER NOT NULL REFERENCES equipment(id),
    plan_id      INTEGER NOT NULL REFERENCES maint_plans(id),
    at           TEXT NOT NULL,
    by_staff     INTEGER NOT NULL REFERENCES staff(id),
    hours_tenths INTEGER CHECK (hours_tenths > 0),
    meter        INTEGER CHECK (meter >= 0),
    results      TEXT NOT NULL,               -- JSON: each item with its value and verdict
    passed       INTEGER NOT NULL CHECK (passed IN (0, 1)),
    ticket_id    INTEGER REFERENCES tickets(id),
    note         TEXT,
    -- The due day this visit answered (the schedule's before it), for the on-time rate.
    due_on       TEXT CHECK (due_on IS date(due_on)),
    recorded_at  TEXT NOT NULL,
    CHECK (passed = 1 OR ticket_id IS NOT NULL)
);
CREATE INDEX maint_visits_equipment ON maint_visits(equipment_id, at);
CREATE TRIGGER maint_visits_no_update BEFORE UPDATE ON maint_visits
BEGIN SELECT RAISE(ABORT, 'a maintenance visit is never changed: it is the record of what was found'); END;
CREATE TRIGGER maint_visits_no_delete BEFORE DELETE ON maint_visits
BEGIN SELECT RAISE(ABORT, 'maintenance visits are kept: they cannot be deleted'); END;

CREATE TABLE maint_visit_parts (
    id          INTEGER PRIMARY KEY,
    visit_id    INTEGER NOT NULL REFERENCES maint_visits(id),
    part_id     INTEGER NOT NULL REFERENCES parts(id),
    qty         INTEGER NOT NULL CHECK (qty > 0),
    lot         TEXT NOT NULL DEFAULT '',
    movement_id INTEGER NOT NULL REFERENCES movements(id)
);
CREATE INDEX maint_visit_parts_visit ON maint_visit_parts(visit_id);
CREATE TRIGGER maint_visit_parts_no_update BEFORE UPDATE ON maint_visit_parts
BEGIN SELECT RAISE(ABORT, 'the parts of a maintenance visit are never changed'); END;
CREATE TRIGGER maint_visit_parts_no_delete BEFORE DELETE ON maint_visit_parts
BEGIN SELECT RAISE(ABORT, 'the parts of a maintenance visit are kept'); END;

-- The maintenance report as the customer signed it, and its SHA-256.
CREATE TABLE maint_signed (
    visit_id  INTEGER PRIMARY KEY REFERENCES maint_visits(id),
    document  TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    signed_at TEXT NOT NULL
);
CREATE TRIGGER maint_signed_no_update BEFORE UPDATE ON maint_signed
BEGIN SELECT RAISE(ABORT, 'a signed maintenance report is never changed'); END;
CREATE TRIGGER maint_signed_no_delete BEFORE DELETE ON maint_signed
BEGIN SELECT RAISE(ABORT, 'a signed maintenance report cannot be deleted'); END;
CREATE TRIGGER maint_visit_parts_after_sign BEFORE INSERT ON maint_visit_parts
WHEN EXISTS (SELECT 1 FROM maint_signed WHERE visit_id = NEW.visit_id)
BEGIN SELECT RAISE(ABORT, 'the maintenance report is signed: its visit can no longer be changed'); END;

-- When each device is next due under each plan that covers its model. Kept by svc when
-- a plan, a visit, a reading or an override changes it, and by the triggers below when
-- a device arrives or its installation date changes, so `svc maint due` and `svc due`
-- read one indexed column. NULL: not known yet (no installation date, or a usage-based
-- plan with no usage read yet).
CREATE TABLE maint_schedules (
    equipment_id INTEGER NOT NULL REFERENCES equipment(id),
    plan_code    TEXT NOT NULL,
    next_due     TEXT CHECK (next_due IS date(next_due)),
    basis        TEXT NOT NULL CHECK (basis IN ('installed', 'visit', 'meter', 'pinned', 'unknown')),
    PRIMARY KEY (equipment_id, plan_code)
);
CREATE INDEX maint_schedules_due ON maint_schedules(next_due);

-- A device that arrives is scheduled under every current plan of its model, from its
-- installation date (months added as svc does: the 31st plus a month is the month's
-- last day).
CREATE TRIGGER maint_schedules_new_device AFTER INSERT ON equipment
BEGIN
    INSERT OR IGNORE INTO maint_schedules(equipment_id, plan_code, next_due, basis)
    SELECT NEW.id, p.code,
           CASE WHEN NEW.installed_on IS NULL OR p.interval_months IS NULL THEN NULL
                WHEN strftime('%d', date(NEW.installed_on, '+' || p.interval_months || ' months'))
                     = strftime('%d', NEW.installed_on)
                THEN date(NEW.installed_on, '+' || p.interval_months || ' months')
                ELSE date(NEW.installed_on, '+' || p.interval_months || ' months', 'start of month', '-1 day') END,
           CASE WHEN NEW.installed_on IS NULL OR p.interval_months IS NULL THEN 'unknown' ELSE 'installed' END
      FROM maint_plans p
     WHERE p.version = (SELECT max(version) FROM maint_plans q WHERE q.code = p.code)
       AND EXISTS (SELECT 1 FROM json_each(p.models) j, models m WHERE m.id = NEW.model_id AND j.value = m.model);
END;

-- A corrected installation date moves the schedules that count from it.
CREATE TRIGGER maint_schedules_installed AFTER UPDATE OF installed_on ON equipment
BEGIN
    UPDATE maint_schedules SET
        next_due = (SELECT CASE WHEN NEW.installed_on IS NULL OR p.interval_months IS NULL THEN NULL
                    WHEN strftime('%d', date(NEW.installed_on, '+' || p.interval_months || ' months'))
                         = strftime('%d', NEW.installed_on)
                    THEN date(NEW.installed_on, '+' || p.interval_months || ' months')
                    ELSE date(NEW.installed_on, '+' || p.interval_months || ' months', 'start of month', '-1 day') END
                      FROM maint_plans p WHERE p.code = maint_schedules.plan_code
                     ORDER BY p.version DESC LIMIT 1),
        basis = CASE WHEN NEW.installed_on IS NULL THEN 'unknown' ELSE 'installed' END
     WHERE equipment_id = NEW.id AND basis IN ('installed', 'unknown')
       AND NOT EXISTS (SELECT 1 FROM maint_overrides o
                        WHERE o.equipment_id = NEW.id AND o.plan_code = maint_schedules.plan_code);
END;

-- Maintenance records migrated from legacy systems, so schedules start from the true last
-- visit. An archive: kept as imported, never changed.
CREATE TABLE maint_archive (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    equipment_id INTEGER NOT NULL REFERENCES equipment(id),
    plan_code    TEXT NOT NULL,
    done_on      TEXT NOT NULL CHECK (done_on IS date(done_on)),
    meter        INTEGER CHECK (meter >= 0),
    technician   TEXT,
    result       TEXT NOT NULL CHECK (result IN ('passed', 'failed')),
    notes        TEXT,
    imported_at  TEXT NOT NULL
);
CREATE INDEX maint_archive_equipment ON maint_archive(equipment_id, done_on);
CREATE TRIGGER maint_archive_no_update BEFORE UPDATE ON maint_archive
BEGIN SELECT RAISE(ABORT, 'archived maintenance records are never changed'); END;
CREATE TRIGGER maint_archive_no_delete BEFORE DELETE ON maint_archive
BEGIN SELECT RAISE(ABORT, 'archived maintenance records are kept: they cannot be deleted'); END;
