DROP TABLE court_bookings;
DROP TABLE opening_hours;
DROP TABLE booking_rules;
