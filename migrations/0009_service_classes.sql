-- 0009: service personalised by customer class (R8.1.2: classification serves
-- personalised service). SLA targets per customer type (class 'type:hospital') or per
-- named customer group (class 'group:合同医院'), over the priority's settings; the class
-- whose targets applied is recorded on the ticket, so a later change of class or rule
-- does not rewrite old due times or breaches.
CREATE TABLE customer_groups (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    UNIQUE (name, customer_id)
);
CREATE INDEX customer_groups_customer ON customer_groups(customer_id);

CREATE TABLE sla_rules (
    id         INTEGER PRIMARY KEY,
    class      TEXT NOT NULL CHECK (class GLOB 'type:?*' OR class GLOB 'group:?*'),
    priority   TEXT NOT NULL CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
    response   INTEGER NOT NULL CHECK (response > 0),
    resolution INTEGER NOT NULL CHECK (resolution > 0),
    clock      TEXT CHECK (clock IN ('24x7', 'business')),
    UNIQUE (class, priority)
);

ALTER TABLE tickets ADD COLUMN sla_class TEXT;
