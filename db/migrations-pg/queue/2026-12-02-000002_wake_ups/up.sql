-- Every node's idle workers wake when a job is enqueued (delivered at the commit, only if
-- it commits; app/db/notify.rs listens). Once per statement: the wake-up carries nothing.
CREATE FUNCTION jobs_wake() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('clubhouse_jobs', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER jobs_wake AFTER INSERT ON jobs
    FOR EACH STATEMENT EXECUTE FUNCTION jobs_wake();
