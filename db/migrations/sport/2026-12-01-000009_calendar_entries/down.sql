DROP TABLE calendar_entries;
