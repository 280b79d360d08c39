-- What each game's calendar entry last said (its time, sheet, teams, state), so a feed's
-- SEQUENCE goes up only when one of them changes, and DTSTAMP stays put in between.
CREATE TABLE calendar_entries (
    game_id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    event_id INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    changed_at INTEGER NOT NULL
) STRICT;
CREATE INDEX calendar_entries_event ON calendar_entries (event_id);
