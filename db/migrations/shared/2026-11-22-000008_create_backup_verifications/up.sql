-- The verification job writes a fresh token here, then restores the file from the replica
-- and looks for it: proof that the replica holds recent changes and restores.
CREATE TABLE backup_sentinel (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    token TEXT NOT NULL,
    written_at INTEGER NOT NULL
) STRICT;

-- One row per file per verification: what the operator's page and /up report.
CREATE TABLE backup_verifications (
    id INTEGER PRIMARY KEY NOT NULL,
    file TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER NOT NULL,
    ok INTEGER NOT NULL,
    -- Milliseconds from the sentinel's commit until a restore from the replica held it.
    lag_ms INTEGER,
    detail TEXT NOT NULL
) STRICT;
CREATE INDEX backup_verifications_file ON backup_verifications (file, id);
