-- Sheets (curling) or courts (pickleball) of a club.
CREATE TABLE sheets (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (org_id, name)
) STRICT;
