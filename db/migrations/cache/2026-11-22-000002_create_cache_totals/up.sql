-- The cache's size, kept by triggers so that eviction reads one row instead of summing the
-- table, and stays exact when more than one process writes the file.
CREATE TABLE cache_totals (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    entries INTEGER NOT NULL,
    bytes INTEGER NOT NULL
) STRICT;
INSERT INTO cache_totals (id, entries, bytes)
    SELECT 1, count(*), coalesce(sum(byte_size), 0) FROM cache_entries;

CREATE TRIGGER cache_entries_added AFTER INSERT ON cache_entries BEGIN
    UPDATE cache_totals SET entries = entries + 1, bytes = bytes + NEW.byte_size WHERE id = 1;
END;
CREATE TRIGGER cache_entries_removed AFTER DELETE ON cache_entries BEGIN
    UPDATE cache_totals SET entries = entries - 1, bytes = bytes - OLD.byte_size WHERE id = 1;
END;
