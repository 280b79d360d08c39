-- Spares: which club members play on which team, who is available to spare in an event,
-- requests for a spare and who is told about them (COMPETITIONS.md section 5.4).

-- The club members on a team (the printed roster stays names; this links accounts to it).
CREATE TABLE team_members (
    org_id INTEGER NOT NULL,
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL,
    position TEXT NOT NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (team_id, account_id)
) STRICT;
CREATE INDEX team_members_account ON team_members (org_id, account_id);

-- A member's offer to spare in an event: the positions they play (comma-separated) and how
-- many positions above those they accept.
CREATE TABLE spare_availability (
    org_id INTEGER NOT NULL,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL,
    positions TEXT NOT NULL,
    max_up INTEGER NOT NULL CHECK (max_up BETWEEN 0 AND 3),
    notes TEXT NOT NULL,
    active INTEGER NOT NULL CHECK (active IN (0, 1)),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, account_id)
) STRICT;

-- listed_at: when the request shows on the club's spares board (bye-day members first).
CREATE TABLE spare_requests (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    game_id INTEGER NOT NULL REFERENCES games (id) ON DELETE CASCADE,
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    requester_id INTEGER NOT NULL,
    position TEXT NOT NULL,
    message TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('public', 'private')),
    status TEXT NOT NULL CHECK (status IN ('open', 'filled', 'cancelled', 'expired')),
    filled_by INTEGER,
    filled_at INTEGER,
    had_cancellation INTEGER NOT NULL CHECK (had_cancellation IN (0, 1)),
    listed_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    version INTEGER NOT NULL,
    CHECK ((status = 'filled') = (filled_by IS NOT NULL))
) STRICT;
CREATE INDEX spare_requests_event ON spare_requests (org_id, event_id, status);
CREATE INDEX spare_requests_game ON spare_requests (game_id);

-- The members a private request is for.
CREATE TABLE spare_invites (
    org_id INTEGER NOT NULL,
    request_id INTEGER NOT NULL REFERENCES spare_requests (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL,
    declined_at INTEGER,
    PRIMARY KEY (request_id, account_id)
) STRICT;

-- Who is told about a request, in what order and when (due_at, Unix seconds).
CREATE TABLE spare_notifications (
    org_id INTEGER NOT NULL,
    request_id INTEGER NOT NULL REFERENCES spare_requests (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL,
    queue_order INTEGER NOT NULL,
    bye_priority INTEGER NOT NULL CHECK (bye_priority IN (0, 1)),
    due_at INTEGER NOT NULL,
    sent_at INTEGER,
    PRIMARY KEY (request_id, account_id)
) STRICT;
CREATE INDEX spare_notifications_due ON spare_notifications (request_id, sent_at, due_at);
