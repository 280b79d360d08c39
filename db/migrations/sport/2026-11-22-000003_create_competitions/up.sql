-- Competitions and live scoring. Every row carries its club's org_id (see app/db/tenant.rs).

-- A league season, bonspiel or championship, with the sport's rules as JSON.
CREATE TABLE events (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('league', 'bonspiel', 'championship')),
    -- 1: anyone may watch; 0: the club's members only.
    public INTEGER NOT NULL CHECK (public IN (0, 1)),
    rules TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX events_org ON events (org_id, id);

CREATE TABLE teams (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    event_id INTEGER NOT NULL REFERENCES events (id),
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (event_id, name)
) STRICT;

-- position: skip, vice, second, lead, alternate (curling); player (pickleball).
CREATE TABLE players (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    team_id INTEGER NOT NULL REFERENCES teams (id),
    name TEXT NOT NULL,
    position TEXT NOT NULL,
    ordinal INTEGER NOT NULL
) STRICT;
CREATE INDEX players_team ON players (team_id, ordinal);

CREATE TABLE draws (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    event_id INTEGER NOT NULL REFERENCES events (id),
    -- Unix seconds.
    starts_at INTEGER NOT NULL
) STRICT;
CREATE INDEX draws_event ON draws (event_id, starts_at);

-- first_side: the side (1 or 2) with the hammer in the first end (curling) or serving
-- first (pickleball). version grows with every change, so two scorekeepers never silently
-- overwrite each other.
CREATE TABLE games (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    event_id INTEGER NOT NULL REFERENCES events (id),
    draw_id INTEGER NOT NULL REFERENCES draws (id),
    sheet_id INTEGER REFERENCES sheets (id),
    team1_id INTEGER NOT NULL REFERENCES teams (id),
    team2_id INTEGER NOT NULL REFERENCES teams (id),
    first_side INTEGER NOT NULL CHECK (first_side IN (1, 2)),
    state TEXT NOT NULL CHECK (state IN ('scheduled', 'live', 'final')),
    conceded_by INTEGER CHECK (conceded_by IN (1, 2)),
    version INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (team1_id <> team2_id)
) STRICT;
CREATE INDEX games_event ON games (event_id, draw_id);

-- The game's log: a curling end (side and points, or a blank end: no side, 0 points) or a
-- pickleball rally (the side that won it). Totals are derived from it, never stored.
CREATE TABLE score_entries (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    game_id INTEGER NOT NULL REFERENCES games (id),
    seq INTEGER NOT NULL,
    side INTEGER CHECK (side IN (1, 2)),
    points INTEGER NOT NULL CHECK (points BETWEEN 0 AND 8),
    UNIQUE (game_id, seq)
) STRICT;

-- Every score change: who, when, what it was before and after (as the line score read).
CREATE TABLE score_changes (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    game_id INTEGER NOT NULL REFERENCES games (id),
    account_id INTEGER,
    at INTEGER NOT NULL,
    action TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL
) STRICT;
CREATE INDEX score_changes_game ON score_changes (game_id, id);
