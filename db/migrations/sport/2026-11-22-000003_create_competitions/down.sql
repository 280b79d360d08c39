DROP TABLE score_changes;
DROP TABLE score_entries;
DROP TABLE games;
DROP TABLE draws;
DROP TABLE players;
DROP TABLE teams;
DROP TABLE events;
