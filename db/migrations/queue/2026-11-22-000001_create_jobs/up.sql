-- Durable background jobs. Times here are unix milliseconds (scheduling and latency need them).
-- A worker claims a row by setting claimed_by/claimed_at through the file's single writer;
-- finished_at marks it done; dead_at marks it given up after its last attempt.
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    args TEXT NOT NULL,
    queue TEXT NOT NULL,
    priority INTEGER NOT NULL,
    run_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    max_attempts INTEGER NOT NULL,
    -- At most `concurrency_limit` jobs with the same key run at once.
    concurrency_key TEXT,
    concurrency_limit INTEGER,
    -- Enqueueing a second job with the same key is a no-op (outbox relay, recurring slots).
    unique_key TEXT,
    claimed_by TEXT,
    claimed_at INTEGER,
    finished_at INTEGER,
    dead_at INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL
) STRICT;
-- The claim query: unclaimed jobs that are neither finished nor dead, in claim order, so a
-- claim reads the first rows of the index instead of sorting every waiting job. (The queue is
-- filtered on the way; leading with it would force a sort when a worker takes all queues.)
CREATE INDEX jobs_ready ON jobs (priority DESC, run_at, id)
    WHERE claimed_by IS NULL AND finished_at IS NULL AND dead_at IS NULL;
CREATE INDEX jobs_running ON jobs (claimed_by)
    WHERE claimed_by IS NOT NULL AND finished_at IS NULL AND dead_at IS NULL;
CREATE INDEX jobs_concurrency ON jobs (concurrency_key)
    WHERE concurrency_key IS NOT NULL AND claimed_by IS NOT NULL AND finished_at IS NULL AND dead_at IS NULL;
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX jobs_dead ON jobs (dead_at) WHERE dead_at IS NOT NULL;
CREATE UNIQUE INDEX jobs_unique_key ON jobs (unique_key) WHERE unique_key IS NOT NULL;

-- Worker processes and their last sign of life; jobs of a worker that stops heartbeating are
-- put back in the queue.
CREATE TABLE workers (
    id TEXT PRIMARY KEY NOT NULL,
    pid INTEGER NOT NULL,
    host TEXT NOT NULL,
    queues TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL
) STRICT;

CREATE TABLE paused_queues (
    queue TEXT PRIMARY KEY NOT NULL,
    paused_at INTEGER NOT NULL
) STRICT;

-- Recurring tasks: the last slot each one enqueued (the job's unique_key makes a slot run once).
CREATE TABLE recurring_tasks (
    name TEXT PRIMARY KEY NOT NULL,
    last_slot INTEGER NOT NULL,
    last_enqueued_at INTEGER NOT NULL
) STRICT;

-- Every email the app sent or would have sent: the delivery log, and in development (no
-- SMTP_URL) the mailbox an operator reads.
CREATE TABLE emails (
    id INTEGER PRIMARY KEY NOT NULL,
    job_id INTEGER NOT NULL UNIQUE,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    -- sent (over SMTP), mailbox (no SMTP configured), or suppressed (never sent).
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
