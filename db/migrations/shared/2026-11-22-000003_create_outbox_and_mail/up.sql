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

-- Addresses that bounced or complained: never emailed again.
CREATE TABLE suppressions (
    email TEXT PRIMARY KEY NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

-- Password-reset links: single use, short-lived; only the SHA-256 of the token is kept.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
) STRICT;
CREATE INDEX password_resets_account ON password_resets (account_id);
