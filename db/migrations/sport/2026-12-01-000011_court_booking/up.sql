-- Court (or sheet) booking: each club's rules, its opening hours by weekday, and bookings.

-- One row per club that set its rules (no row: booking is off). Times are minutes of the
-- club's day; a day's slots open `days_ahead` days before it, at `opens_minute`.
CREATE TABLE booking_rules (
    org_id INTEGER PRIMARY KEY NOT NULL,
    slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 15 AND 240),
    days_ahead INTEGER NOT NULL CHECK (days_ahead BETWEEN 0 AND 60),
    opens_minute INTEGER NOT NULL CHECK (opens_minute BETWEEN 0 AND 1439),
    max_active INTEGER NOT NULL CHECK (max_active BETWEEN 1 AND 50),
    max_per_day INTEGER NOT NULL CHECK (max_per_day BETWEEN 1 AND 24),
    cancel_minutes INTEGER NOT NULL CHECK (cancel_minutes BETWEEN 0 AND 10080),
    updated_at INTEGER NOT NULL
) STRICT;

-- weekday: 0 Monday … 6 Sunday. A weekday without a row is closed.
CREATE TABLE opening_hours (
    org_id INTEGER NOT NULL,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    opens_minute INTEGER NOT NULL CHECK (opens_minute BETWEEN 0 AND 1439),
    closes_minute INTEGER NOT NULL CHECK (closes_minute BETWEEN 1 AND 1440),
    PRIMARY KEY (org_id, weekday),
    CHECK (opens_minute < closes_minute)
) STRICT;

-- A slot is booked at most once: the partial unique index holds whatever the concurrency.
CREATE TABLE court_bookings (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    sheet_id INTEGER NOT NULL REFERENCES sheets (id) ON DELETE CASCADE,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    booked_by INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled')),
    created_at INTEGER NOT NULL,
    cancelled_at INTEGER,
    cancelled_by INTEGER,
    CHECK (starts_at < ends_at)
) STRICT;
CREATE UNIQUE INDEX court_bookings_slot ON court_bookings (sheet_id, starts_at)
    WHERE status = 'booked';
CREATE INDEX court_bookings_day ON court_bookings (org_id, starts_at);
CREATE INDEX court_bookings_member ON court_bookings (org_id, account_id, starts_at);
