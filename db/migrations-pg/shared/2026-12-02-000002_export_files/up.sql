-- A finished export's file, kept in the database so that any node serves the download
-- (on one machine, with SQLite, the file stays in db/exports/).
CREATE TABLE club_export_files (
    export_id BIGINT PRIMARY KEY NOT NULL REFERENCES club_exports (id) ON DELETE CASCADE,
    bytes BYTEA NOT NULL
);
