-- A member's secret calendar feed: only the SHA-256 of the token is kept; rotating it
-- replaces the row, so the old address stops answering.
CREATE TABLE calendar_tokens (
    account_id INTEGER PRIMARY KEY NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
) STRICT;
