-- When the account's owner followed the link emailed to its current address (NULL: not yet).
-- Accounts that existed before verification count as verified.
ALTER TABLE accounts ADD COLUMN email_verified_at INTEGER;
UPDATE accounts SET email_verified_at = created_at;

-- Links that confirm an address: single use, 24 hours. Only the SHA-256 of the token is
-- stored; `email` is the address the link was sent to, so a link for an old address cannot
-- confirm a new one.
CREATE TABLE email_verifications (
    token_hash TEXT PRIMARY KEY NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
) STRICT;
CREATE INDEX email_verifications_account ON email_verifications (account_id);

-- The server's operators, added with `clubhouse operator add EMAIL` (besides those named in
-- CLUBHOUSE_OPERATORS). An address, not an account: it may be added before its account exists,
-- and it counts only once the account has confirmed it.
CREATE TABLE operators (
    email TEXT PRIMARY KEY NOT NULL,
    added_at INTEGER NOT NULL
) STRICT;
