-- Cached fragments. Rows are evicted oldest id first (FIFO) once the file outgrows its bound.
CREATE TABLE cache_entries (
    id INTEGER PRIMARY KEY NOT NULL,
    key TEXT NOT NULL UNIQUE,
    value BLOB NOT NULL,
    byte_size INTEGER NOT NULL,
    expires_at INTEGER,
    created_at INTEGER NOT NULL
) STRICT;
