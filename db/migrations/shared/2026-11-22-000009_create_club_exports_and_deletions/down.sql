DROP TABLE club_deletions;
DROP TABLE club_exports;
