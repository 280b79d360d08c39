-- Brackets: playoffs, knockouts, and pools feeding a final round, as one graph of games
-- (COMPETITIONS.md 2.5). A bracket game becomes a row of `games` once both its teams are
-- known; until then it is only here.

-- A team may play its round robin in a pool ("A", "B"); standings are then per pool.
ALTER TABLE teams ADD COLUMN pool TEXT;

CREATE TABLE brackets (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    event_id INTEGER NOT NULL REFERENCES events (id),
    name TEXT NOT NULL,
    -- The template and options it was generated from (JSON), for the record.
    format TEXT NOT NULL,
    -- Where each seed's team comes from, seed 1 first (JSON): a team, or a place in the
    -- event's (or a pool's) standings.
    seeds TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX brackets_event ON brackets (event_id);

CREATE TABLE bracket_games (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    bracket_id INTEGER NOT NULL REFERENCES brackets (id),
    -- Its number in the bracket: sources name games by it.
    number INTEGER NOT NULL CHECK (number > 0),
    section TEXT NOT NULL,
    label TEXT NOT NULL,
    round INTEGER NOT NULL CHECK (round > 0),
    -- 'seed:N', 'winner:N', 'loser:N' or 'bye'.
    side1 TEXT NOT NULL,
    side2 TEXT NOT NULL,
    -- 'higher_seed', 'winner_of:N', 'lsd' or 'manual'.
    hammer TEXT NOT NULL,
    -- Played only if game N's second side won it (a reset game).
    only_if_upset INTEGER,
    -- Where it is to be played; the real game is made only once it has a draw.
    draw_id INTEGER REFERENCES draws (id),
    sheet_id INTEGER REFERENCES sheets (id),
    game_id INTEGER UNIQUE REFERENCES games (id),
    UNIQUE (bracket_id, number)
) STRICT;
CREATE INDEX bracket_games_draw ON bracket_games (draw_id);

-- What a correction did to games further on (reset or removed), for the record.
CREATE TABLE bracket_changes (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    bracket_id INTEGER NOT NULL REFERENCES brackets (id),
    account_id INTEGER,
    at INTEGER NOT NULL,
    detail TEXT NOT NULL
) STRICT;
CREATE INDEX bracket_changes_bracket ON bracket_changes (bracket_id, at);
