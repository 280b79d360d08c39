DROP TABLE bracket_changes;
DROP TABLE bracket_games;
DROP TABLE brackets;
ALTER TABLE teams DROP COLUMN pool;
