DROP TABLE court_waitlist;
ALTER TABLE booking_rules DROP COLUMN offer_minutes;
