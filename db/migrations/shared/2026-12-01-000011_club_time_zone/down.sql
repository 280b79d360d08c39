ALTER TABLE orgs DROP COLUMN time_zone;
