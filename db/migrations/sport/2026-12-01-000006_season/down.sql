DROP TABLE upgrades;
DROP TABLE standing_decisions;
DROP TABLE lsd_stones;
ALTER TABLE teams DROP COLUMN withdrawn_at;
ALTER TABLE events DROP COLUMN ranking;
ALTER TABLE events DROP COLUMN archived_at;
PRAGMA defer_foreign_keys = ON;
CREATE TABLE games_old (
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
INSERT INTO games_old SELECT id, org_id, event_id, draw_id, sheet_id, team1_id, team2_id,
    first_side, CASE state WHEN 'cancelled' THEN 'scheduled' ELSE state END, conceded_by,
    version, updated_at FROM games;
DROP TABLE games;
ALTER TABLE games_old RENAME TO games;
CREATE INDEX games_event ON games (event_id, draw_id);
