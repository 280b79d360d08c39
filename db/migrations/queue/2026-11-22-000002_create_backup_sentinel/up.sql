-- The verification job writes a fresh token here, then restores the file from the replica
-- and looks for it: proof that the replica holds recent changes and restores.
CREATE TABLE backup_sentinel (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    token TEXT NOT NULL,
    written_at INTEGER NOT NULL
) STRICT;
