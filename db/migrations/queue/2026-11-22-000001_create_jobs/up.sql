-- Durable background jobs. A worker claims a row by setting claimed_by/claimed_at through the
-- file's single writer; finished_at marks it done, dead_at marks it given up after retries.
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    args TEXT NOT NULL,
    queue TEXT NOT NULL,
    priority INTEGER NOT NULL DEFAULT 0,
    run_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    claimed_by TEXT,
    claimed_at INTEGER,
    finished_at INTEGER,
    dead_at INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL
) STRICT;
-- The claim query: ready, unclaimed jobs by priority then time.
CREATE INDEX jobs_ready ON jobs (queue, priority, run_at)
    WHERE claimed_by IS NULL AND finished_at IS NULL AND dead_at IS NULL;
