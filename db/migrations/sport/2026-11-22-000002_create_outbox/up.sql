-- Work caused by a change, written in the same transaction as the change; a relay moves each
-- row into the job queue (queue.db) and deletes it. Crash-safe: the job unique_key is
-- "outbox:<file>:<id>", so a row relayed twice is enqueued once.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    args TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
