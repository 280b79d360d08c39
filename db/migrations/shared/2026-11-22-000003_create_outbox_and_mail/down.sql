DROP TABLE password_resets;
DROP TABLE suppressions;
DROP TABLE outbox;
