-- Every node's log tail wakes when fragments are appended (delivered at the commit, only if
-- it commits; app/db/notify.rs listens). The payload is the newest id appended: a wake-up
-- only, each node still reads the log after the last id it has seen.
CREATE FUNCTION live_events_wake() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('clubhouse_live', (SELECT coalesce(max(id), 0)::text FROM appended));
    RETURN NULL;
END
$$;
CREATE TRIGGER live_events_wake AFTER INSERT ON live_events
    REFERENCING NEW TABLE AS appended
    FOR EACH STATEMENT EXECUTE FUNCTION live_events_wake();
