-- The account a session is signed in as (NULL for a visitor), so every session of an account
-- can be ended at once (after a password reset).
ALTER TABLE sessions ADD COLUMN account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE;
CREATE INDEX sessions_account ON sessions (account_id) WHERE account_id IS NOT NULL;
