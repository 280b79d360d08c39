ALTER TABLE court_bookings DROP COLUMN payment_status;
ALTER TABLE court_bookings DROP COLUMN total;
ALTER TABLE court_bookings DROP COLUMN taxes;
ALTER TABLE court_bookings DROP COLUMN fee;
ALTER TABLE court_bookings DROP COLUMN guests;
ALTER TABLE court_bookings DROP COLUMN partners;
ALTER TABLE booking_rules DROP COLUMN guest_fee;
ALTER TABLE booking_rules DROP COLUMN max_players;
