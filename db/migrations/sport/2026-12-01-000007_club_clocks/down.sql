DROP TABLE club_clocks;
