DROP TRIGGER cache_entries_removed;
DROP TRIGGER cache_entries_added;
DROP TABLE cache_totals;
