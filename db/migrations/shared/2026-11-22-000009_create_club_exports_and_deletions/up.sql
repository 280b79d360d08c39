-- A club's data exported to a standalone SQLite file, made by a job. The file lives under
-- <db dir>/exports/ while the row does; the row goes with its club.
CREATE TABLE club_exports (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    requested_by INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- queued, running, done, failed
    state TEXT NOT NULL,
    tables_done INTEGER NOT NULL,
    tables_total INTEGER NOT NULL,
    rows_copied INTEGER NOT NULL,
    file_name TEXT,
    bytes INTEGER,
    error TEXT,
    created_at INTEGER NOT NULL,
    finished_at INTEGER
) STRICT;
CREATE INDEX club_exports_org ON club_exports (org_id, id);

-- The tombstone of a deleted club, kept for audit: who deleted which club and when. It is
-- also the deletion job's progress. The club's id is kept as club_id, never as org_id: no
-- row anywhere carries a deleted club's org_id.
CREATE TABLE club_deletions (
    id INTEGER PRIMARY KEY NOT NULL,
    club_id INTEGER NOT NULL,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    sport TEXT NOT NULL,
    region TEXT NOT NULL,
    deleted_by INTEGER NOT NULL,
    deleted_by_email TEXT NOT NULL,
    -- queued, running, done, failed
    state TEXT NOT NULL,
    tables_done INTEGER NOT NULL,
    tables_total INTEGER NOT NULL,
    rows_deleted INTEGER NOT NULL,
    error TEXT,
    requested_at INTEGER NOT NULL,
    finished_at INTEGER
) STRICT;
CREATE INDEX club_deletions_club ON club_deletions (club_id);
