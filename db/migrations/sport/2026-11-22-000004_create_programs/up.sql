-- Programs and registrations. Every row carries its club's org_id (see app/db/tenant.rs).
-- Money is integer cents; times are Unix seconds (UTC).

-- A league, clinic, bonspiel or drop-in that people register for.
CREATE TABLE programs (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    season TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('league', 'clinic', 'bonspiel', 'drop_in')),
    -- NULL: unlimited.
    capacity INTEGER CHECK (capacity IS NULL OR capacity > 0),
    fee INTEGER NOT NULL CHECK (fee >= 0),
    opens_at INTEGER NOT NULL,
    closes_at INTEGER NOT NULL,
    -- 1: the club's members only; 0: anyone with an account.
    members_only INTEGER NOT NULL CHECK (members_only IN (0, 1)),
    created_at INTEGER NOT NULL,
    -- Kept by the triggers below, in the same transaction as every change of status: the
    -- spots-left counter and the register path read one row instead of counting.
    confirmed_count INTEGER NOT NULL DEFAULT 0 CHECK (confirmed_count >= 0),
    waitlisted_count INTEGER NOT NULL DEFAULT 0 CHECK (waitlisted_count >= 0),
    CHECK (closes_at > opens_at),
    -- The file itself refuses to oversell.
    CHECK (capacity IS NULL OR confirmed_count <= capacity)
) STRICT;
CREATE INDEX programs_org ON programs (org_id, opens_at);

-- One player profile (shared.db profiles) in one program. The profile's name and the
-- registering account's email and language are copied in: a receipt shows the sale as it was
-- made, and the waitlist can email whoever it promotes without reading another file.
-- The fee and its taxes are fixed when the registration is made.
CREATE TABLE registrations (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL,
    program_id INTEGER NOT NULL REFERENCES programs (id),
    profile_id INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    player_name TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    contact_lang TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
    -- The place in line, while waitlisted (smaller goes first).
    waitlist_rank INTEGER,
    fee INTEGER NOT NULL CHECK (fee >= 0),
    -- JSON [[name, rate in thousandths of a percent, cents], …]
    taxes TEXT NOT NULL,
    total INTEGER NOT NULL CHECK (total >= fee),
    payment_status TEXT NOT NULL CHECK (payment_status IN ('unpaid', 'paid', 'refunded')),
    paid_amount INTEGER NOT NULL CHECK (paid_amount >= 0),
    payment_note TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    confirmed_at INTEGER,
    cancelled_at INTEGER,
    CHECK ((status = 'waitlisted') = (waitlist_rank IS NOT NULL))
) STRICT;
-- What makes a double click, a retry or a second tab harmless: one live registration per
-- profile per program.
CREATE UNIQUE INDEX registrations_once ON registrations (program_id, profile_id)
    WHERE status <> 'cancelled';
-- The lookup behind that rule: plans never depend on bound values (see app/db/connection.rs),
-- so the partial index above cannot serve a query whose status is a parameter.
CREATE INDEX registrations_profile ON registrations (program_id, profile_id);
CREATE UNIQUE INDEX registrations_waitlist ON registrations (program_id, waitlist_rank)
    WHERE waitlist_rank IS NOT NULL;
CREATE INDEX registrations_program ON registrations (org_id, program_id, status);
CREATE INDEX registrations_account ON registrations (org_id, account_id);

CREATE TRIGGER registrations_counted_on_insert AFTER INSERT ON registrations BEGIN
    UPDATE programs
    SET confirmed_count = confirmed_count + (NEW.status = 'confirmed'),
        waitlisted_count = waitlisted_count + (NEW.status = 'waitlisted')
    WHERE id = NEW.program_id;
END;

CREATE TRIGGER registrations_counted_on_update AFTER UPDATE OF status ON registrations
WHEN OLD.status <> NEW.status BEGIN
    UPDATE programs
    SET confirmed_count = confirmed_count + (NEW.status = 'confirmed') - (OLD.status = 'confirmed'),
        waitlisted_count = waitlisted_count + (NEW.status = 'waitlisted') - (OLD.status = 'waitlisted')
    WHERE id = NEW.program_id;
END;

CREATE TRIGGER registrations_counted_on_delete AFTER DELETE ON registrations BEGIN
    UPDATE programs
    SET confirmed_count = confirmed_count - (OLD.status = 'confirmed'),
        waitlisted_count = waitlisted_count - (OLD.status = 'waitlisted')
    WHERE id = OLD.program_id;
END;
