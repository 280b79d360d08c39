DROP TABLE IF EXISTS cache_totals CASCADE;
DROP TABLE IF EXISTS cache_entries CASCADE;
DROP FUNCTION IF EXISTS cache_entries_added();
DROP FUNCTION IF EXISTS cache_entries_removed();
