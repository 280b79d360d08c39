-- The registry of clubs. A club's own data lives in its sport's file, tagged with its id.
CREATE TABLE orgs (
    id INTEGER PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    sport TEXT NOT NULL,
    name TEXT NOT NULL,
    -- ISO 3166-2 code of the province or state, e.g. CA-ON; it decides the taxes.
    region TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
