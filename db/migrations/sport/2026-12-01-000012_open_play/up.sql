-- Open play (recurring sessions with sign-up, check-in and a paddle queue) and court blocks.

-- A weekly session on some courts: e.g. Tuesdays 09:00–11:00, courts 1–4, level 3.0–3.5,
-- 16 players. Times are minutes of the club's day.
CREATE TABLE open_play_sessions (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    starts_minute INTEGER NOT NULL CHECK (starts_minute BETWEEN 0 AND 1439),
    ends_minute INTEGER NOT NULL CHECK (ends_minute BETWEEN 1 AND 1440),
    level TEXT NOT NULL CHECK (length(level) <= 40),
    capacity INTEGER NOT NULL CHECK (capacity BETWEEN 2 AND 200),
    format TEXT NOT NULL CHECK (format IN ('doubles', 'singles')),
    rotation TEXT NOT NULL CHECK (rotation IN ('winners_stay', 'all_off', 'four_off')),
    archived INTEGER NOT NULL CHECK (archived IN (0, 1)),
    created_at INTEGER NOT NULL,
    CHECK (starts_minute < ends_minute)
) STRICT;

CREATE TABLE open_play_courts (
    org_id INTEGER NOT NULL,
    session_id INTEGER NOT NULL REFERENCES open_play_sessions (id) ON DELETE CASCADE,
    sheet_id INTEGER NOT NULL REFERENCES sheets (id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, sheet_id)
) STRICT;

-- Sign-ups for one day of a session. Who is in and who waits is their order: the first
-- `capacity` active sign-ups play, the rest wait in line, so the line has no gaps and a
-- cancellation moves the next one in.
CREATE TABLE open_play_signups (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    session_id INTEGER NOT NULL REFERENCES open_play_sessions (id) ON DELETE CASCADE,
    day TEXT NOT NULL CHECK (length(day) = 10),
    account_id INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'cancelled')),
    checked_in_at INTEGER,
    created_at INTEGER NOT NULL,
    cancelled_at INTEGER
) STRICT;
CREATE UNIQUE INDEX open_play_signups_once ON open_play_signups (session_id, day, account_id)
    WHERE status = 'active';

-- Where each checked-in player is during a day's session: in the queue (no court, in `seq`
-- order) or on a court's side. `version` on the day guards the desk against stale taps.
CREATE TABLE open_play_days (
    org_id INTEGER NOT NULL,
    session_id INTEGER NOT NULL REFERENCES open_play_sessions (id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (session_id, day)
) STRICT;

CREATE TABLE open_play_places (
    org_id INTEGER NOT NULL,
    session_id INTEGER NOT NULL REFERENCES open_play_sessions (id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    account_id INTEGER NOT NULL,
    sheet_id INTEGER,
    side INTEGER CHECK (side IN (0, 1)),
    seq INTEGER NOT NULL,
    streak INTEGER NOT NULL,
    PRIMARY KEY (session_id, day, account_id),
    CHECK ((sheet_id IS NULL) = (side IS NULL))
) STRICT;

-- A court closed for a while: maintenance, a lesson, an event. No court: every court.
CREATE TABLE court_blocks (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    sheet_id INTEGER REFERENCES sheets (id) ON DELETE CASCADE,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('maintenance', 'lesson', 'event')),
    note TEXT NOT NULL CHECK (length(note) <= 200),
    created_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    CHECK (starts_at < ends_at)
) STRICT;
CREATE INDEX court_blocks_time ON court_blocks (org_id, starts_at);
