-- Customer training (R5.2): the training the company gives its customers' staff on the
-- equipment it services. A plan (customer, topic, model, mode, due day) is held in one
-- or more sessions (trainer, day, hours, the customer's attendees, kb articles used as
-- materials), then evaluated (R5.2.3): each attendee's score and feedback from the
-- questionnaire, the trainer's notes, the improvements decided. A plan is complete only
-- when evaluated. What a session and its evaluation record never changes (triggers).

CREATE TABLE customer_training_plans (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    customer_id  INTEGER NOT NULL REFERENCES customers(id),
    topic        TEXT NOT NULL CHECK (topic IN ('operation', 'maintenance', 'troubleshooting')),
    model        TEXT NOT NULL,
    mode         TEXT NOT NULL CHECK (mode IN ('onsite', 'central', 'online')),
    due_on       TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'evaluated')),
    planned_at   TEXT NOT NULL,
    -- The evaluation (R5.2.3), written once, with the move to 'evaluated'.
    evaluated_by INTEGER REFERENCES staff(id),
    evaluated_on TEXT,
    notes        TEXT,
    improvements TEXT
);
-- `svc due` and `svc training plans --due-within`: plans not yet evaluated, by due day.
CREATE INDEX customer_training_plans_due ON customer_training_plans(due_on)
    WHERE status IN ('planned', 'held');
CREATE INDEX customer_training_plans_customer ON customer_training_plans(customer_id, model, topic);

-- What a plan is never changed into: another customer, topic or model; back to an
-- earlier status; an evaluation rewritten. It is never deleted.
CREATE TRIGGER customer_training_plans_facts BEFORE UPDATE ON customer_training_plans
WHEN NEW.code IS NOT OLD.code OR NEW.customer_id IS NOT OLD.customer_id OR NEW.topic IS NOT OLD.topic
  OR NEW.model IS NOT OLD.model OR NEW.planned_at IS NOT OLD.planned_at
  OR (OLD.status <> 'planned' AND (NEW.mode IS NOT OLD.mode OR NEW.due_on IS NOT OLD.due_on))
  OR (OLD.status = 'held' AND NEW.status = 'planned')
  OR OLD.status = 'evaluated'
BEGIN
    SELECT RAISE(ABORT, 'a customer training plan once held keeps its facts; an evaluated plan never changes');
END;
CREATE TRIGGER customer_training_plans_no_delete BEFORE DELETE ON customer_training_plans
BEGIN
    SELECT RAISE(ABORT, 'customer training plans are never deleted');
END;

CREATE TABLE customer_training_sessions (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    plan_id     INTEGER NOT NULL REFERENCES customer_training_plans(id),
    trainer_id  INTEGER NOT NULL REFERENCES staff(id),
    day         TEXT NOT NULL,
    -- Tenths of an hour (7.5 hours is 75), as staff training keeps them.
    hours       INTEGER NOT NULL CHECK (hours > 0),
    -- kb article codes joined by ';', each checked to exist when recorded.
    materials   TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL
);
CREATE INDEX customer_training_sessions_plan ON customer_training_sessions(plan_id);
CREATE TRIGGER customer_training_sessions_no_update BEFORE UPDATE ON customer_training_sessions
BEGIN
    SELECT RAISE(ABORT, 'a held training session is never changed');
END;
CREATE TRIGGER customer_training_sessions_no_delete BEFORE DELETE ON customer_training_sessions
BEGIN
    SELECT RAISE(ABORT, 'a held training session is never deleted');
END;

-- The customer's people who attended (names are personal data: --redact masks them),
-- and what the questionnaire said: a score (0-100) and feedback, written once.
CREATE TABLE customer_training_attendees (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES customer_training_sessions(id),
    name       TEXT NOT NULL,
    score      INTEGER CHECK (score BETWEEN 0 AND 100),
    feedback   TEXT,
    scored_at  TEXT,
    UNIQUE (session_id, name)
);
CREATE TRIGGER customer_training_attendees_once BEFORE UPDATE ON customer_training_attendees
WHEN NEW.session_id IS NOT OLD.session_id OR NEW.name IS NOT OLD.name OR OLD.scored_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'an attendee and their evaluation are recorded once and never changed');
END;
CREATE TRIGGER customer_training_attendees_no_delete BEFORE DELETE ON customer_training_attendees
BEGIN
    SELECT RAISE(ABORT, 'an attendee of a held session is never deleted');
END;
