-- Who plays on a booking (the member who booked, partners from the club, named guests) and
-- the guest fee, with its taxes fixed when the players are saved, as on a registration.

ALTER TABLE booking_rules ADD COLUMN max_players INTEGER NOT NULL DEFAULT 4
    CHECK (max_players BETWEEN 1 AND 4);
-- Cents per guest, before tax.
ALTER TABLE booking_rules ADD COLUMN guest_fee INTEGER NOT NULL DEFAULT 0
    CHECK (guest_fee BETWEEN 0 AND 100000);

-- JSON arrays: partners' account ids, guests' names.
ALTER TABLE court_bookings ADD COLUMN partners TEXT NOT NULL DEFAULT '[]';
ALTER TABLE court_bookings ADD COLUMN guests TEXT NOT NULL DEFAULT '[]';
ALTER TABLE court_bookings ADD COLUMN fee INTEGER NOT NULL DEFAULT 0 CHECK (fee >= 0);
-- JSON [[name, rate in thousandths of a percent, cents], …]
ALTER TABLE court_bookings ADD COLUMN taxes TEXT NOT NULL DEFAULT '[]';
ALTER TABLE court_bookings ADD COLUMN total INTEGER NOT NULL DEFAULT 0 CHECK (total >= 0);
ALTER TABLE court_bookings ADD COLUMN payment_status TEXT NOT NULL DEFAULT 'none'
    CHECK (payment_status IN ('none', 'unpaid', 'paid'));
