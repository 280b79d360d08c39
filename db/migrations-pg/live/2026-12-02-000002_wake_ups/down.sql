DROP TRIGGER live_events_wake ON live_events;
DROP FUNCTION live_events_wake();
