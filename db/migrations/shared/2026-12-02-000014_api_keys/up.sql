-- A club's keys for the JSON API. Only the SHA-256 of a key is kept (the key is shown once);
-- `prefix` is its first characters, enough to tell keys apart in the list. Scopes are
-- space-separated words. A key acts as the account that made it, and stops working when that
-- account is no longer an owner or admin of the club.
CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    prefix TEXT NOT NULL,
    digest TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL CHECK (scopes <> ''),
    created_by INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    revoked_at INTEGER,
    last_used_at INTEGER
) STRICT;

CREATE INDEX api_keys_org ON api_keys (org_id, created_at);

-- Requests and errors per key per UTC day, added in batches from memory.
CREATE TABLE api_usage (
    key_id INTEGER NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    requests INTEGER NOT NULL CHECK (requests >= 0),
    errors INTEGER NOT NULL CHECK (errors >= 0),
    PRIMARY KEY (key_id, day)
) STRICT, WITHOUT ROWID;
