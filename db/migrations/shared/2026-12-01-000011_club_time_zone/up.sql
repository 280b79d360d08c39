-- The club's time zone (an IANA name such as America/Toronto); NULL: its region's.
ALTER TABLE orgs ADD COLUMN time_zone TEXT;
