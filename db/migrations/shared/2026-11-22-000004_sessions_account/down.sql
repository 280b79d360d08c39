DROP INDEX sessions_account;
ALTER TABLE sessions DROP COLUMN account_id;
