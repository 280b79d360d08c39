-- Running a season: games can be cancelled or forfeited, events archived and ranked by
-- their own rules, teams withdrawn; last-stone draws; decided ties; draw times as instants.

-- games: a new state ('cancelled') and a forfeit, so the table is rebuilt (SQLite cannot
-- change a CHECK). Foreign keys to games are checked at commit, once the new table has the
-- old one's name and rows.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE games_new (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    event_id INTEGER NOT NULL REFERENCES events (id),
    draw_id INTEGER NOT NULL REFERENCES draws (id),
    sheet_id INTEGER REFERENCES sheets (id),
    team1_id INTEGER NOT NULL REFERENCES teams (id),
    team2_id INTEGER NOT NULL REFERENCES teams (id),
    first_side INTEGER NOT NULL CHECK (first_side IN (1, 2)),
    state TEXT NOT NULL CHECK (state IN ('scheduled', 'live', 'final', 'cancelled')),
    conceded_by INTEGER CHECK (conceded_by IN (1, 2)),
    -- The side that forfeited a game that was never played (it is then final).
    forfeited_by INTEGER CHECK (forfeited_by IN (1, 2)),
    version INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (team1_id <> team2_id)
) STRICT;
INSERT INTO games_new (id, org_id, event_id, draw_id, sheet_id, team1_id, team2_id,
                       first_side, state, conceded_by, version, updated_at)
    SELECT id, org_id, event_id, draw_id, sheet_id, team1_id, team2_id,
           first_side, state, conceded_by, version, updated_at FROM games;
DROP TABLE games;
ALTER TABLE games_new RENAME TO games;
CREATE INDEX games_event ON games (event_id, draw_id);
CREATE INDEX games_sheet ON games (sheet_id);

-- An archived event (one with scores cannot be deleted) is kept but listed apart.
ALTER TABLE events ADD COLUMN archived_at INTEGER;
-- How standings are ranked, as JSON (points, the tiebreak chain, DSC settings); '' means
-- the sport's default.
ALTER TABLE events ADD COLUMN ranking TEXT NOT NULL DEFAULT '';

-- A withdrawn team keeps its played games; its future ones were made byes or removed.
ALTER TABLE teams ADD COLUMN withdrawn_at INTEGER;

-- Last-stone draws thrown before a game: distance from the pin to the stone's centre in
-- tenths of a centimetre, or NULL for a stone that missed the house.
CREATE TABLE lsd_stones (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    game_id INTEGER NOT NULL REFERENCES games (id) ON DELETE CASCADE,
    side INTEGER NOT NULL CHECK (side IN (1, 2)),
    ordinal INTEGER NOT NULL CHECK (ordinal >= 0),
    distance INTEGER CHECK (distance >= 0),
    recorded_by INTEGER,
    recorded_at INTEGER NOT NULL,
    UNIQUE (game_id, side, ordinal)
) STRICT;
CREATE INDEX lsd_stones_org ON lsd_stones (org_id, game_id);

-- A tie no criterion breaks, decided by the event's managers: the tied teams (ids, sorted,
-- comma-separated) and the order chosen for them.
CREATE TABLE standing_decisions (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    tied TEXT NOT NULL,
    ranked TEXT NOT NULL,
    decided_by INTEGER,
    decided_at INTEGER NOT NULL,
    UNIQUE (event_id, tied)
) STRICT;

-- One-time upgrades of the data itself, done by the app at start-up (the schema cannot
-- express them): e.g. draw times read as the club's wall clock and stored as instants.
CREATE TABLE upgrades (
    name TEXT PRIMARY KEY NOT NULL,
    done_at INTEGER NOT NULL
) STRICT;
