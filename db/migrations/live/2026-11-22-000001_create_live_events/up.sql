-- The pub/sub log. AUTOINCREMENT so an id is never reused after old rows are trimmed: a
-- browser's Last-Event-ID must always mean the same event.
CREATE TABLE live_events (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    topic TEXT NOT NULL,
    event TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX live_events_topic ON live_events (topic, id);
