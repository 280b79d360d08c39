DROP TABLE club_taxes;
