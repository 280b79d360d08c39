-- The time zone a club's draw times were last read in: changing the club's zone moves its
-- draws from this zone (once, whatever happens to the request), then records the new one.
CREATE TABLE club_clocks (
    org_id INTEGER PRIMARY KEY NOT NULL,
    zone TEXT NOT NULL,
    set_at INTEGER NOT NULL
) STRICT;
