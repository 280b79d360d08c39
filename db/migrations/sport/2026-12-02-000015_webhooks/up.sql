-- A club's webhook endpoints. The secret signs every delivery (Standard Webhooks), so it is
-- kept as is; after a rotation the previous one also signs until `previous_until`.
CREATE TABLE webhook_endpoints (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    url TEXT NOT NULL CHECK (length(url) BETWEEN 8 AND 2000),
    event_types TEXT NOT NULL CHECK (event_types <> ''),
    secret TEXT NOT NULL,
    previous_secret TEXT,
    previous_until INTEGER,
    created_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    -- When the current run of failed deliveries began (none: the last one succeeded).
    failing_since INTEGER,
    disabled_at INTEGER,
    disabled_why TEXT
) STRICT;

CREATE INDEX webhook_endpoints_org ON webhook_endpoints (org_id);

-- One event as sent: the exact bytes signed, the same on every attempt.
CREATE TABLE webhook_messages (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX webhook_messages_org ON webhook_messages (org_id, id);

-- Every attempt to deliver a message to an endpoint.
CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    endpoint_id INTEGER NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    message_id INTEGER NOT NULL REFERENCES webhook_messages (id) ON DELETE CASCADE,
    attempt INTEGER NOT NULL CHECK (attempt >= 1),
    trigger TEXT NOT NULL CHECK (trigger IN ('scheduled', 'manual')),
    started_at INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    status_code INTEGER,
    error TEXT,
    response TEXT NOT NULL,
    next_attempt_at INTEGER
) STRICT;

CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (org_id, endpoint_id, id);
