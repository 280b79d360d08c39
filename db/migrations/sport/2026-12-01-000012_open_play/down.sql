DROP TABLE court_blocks;
DROP TABLE open_play_places;
DROP TABLE open_play_days;
DROP TABLE open_play_signups;
DROP TABLE open_play_courts;
DROP TABLE open_play_sessions;
