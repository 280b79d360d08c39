-- Work caused by a change, written in the same transaction as the change; a relay moves each
-- row into the job queue (queue.db) and deletes it. Crash-safe: the job unique_key is
-- "outbox:<file>:<id>", so a row relayed twice is enqueued once. AUTOINCREMENT: an id is
-- never reused after its row is deleted, or a new row would look already relayed.
CREATE TABLE outbox (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    args TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
