-- A finished export's file, kept in the database when several nodes share it (PostgreSQL),
-- so any node can serve the download. On one machine the file stays in db/exports/.
CREATE TABLE club_export_files (
    export_id INTEGER PRIMARY KEY NOT NULL REFERENCES club_exports (id) ON DELETE CASCADE,
    bytes BLOB NOT NULL
) STRICT;
