-- Waitlists on booked slots: when a booking is cancelled the slot is offered to the first in
-- line, for `offer_minutes`, then to the next.

ALTER TABLE booking_rules ADD COLUMN offer_minutes INTEGER NOT NULL DEFAULT 30
    CHECK (offer_minutes BETWEEN 5 AND 1440);

CREATE TABLE court_waitlist (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    sheet_id INTEGER NOT NULL REFERENCES sheets (id) ON DELETE CASCADE,
    starts_at INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    status TEXT NOT NULL
        CHECK (status IN ('waiting', 'offered', 'booked', 'lapsed', 'withdrawn', 'expired')),
    -- The day's page, for the offer's email (made when they joined).
    link TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    offered_at INTEGER,
    offer_expires_at INTEGER,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX court_waitlist_once ON court_waitlist (sheet_id, starts_at, account_id)
    WHERE status IN ('waiting', 'offered');
CREATE INDEX court_waitlist_slot ON court_waitlist (org_id, sheet_id, starts_at, id);
CREATE INDEX court_waitlist_offers ON court_waitlist (offer_expires_at) WHERE status = 'offered';
