-- People. Email is stored lowercased; the UNIQUE index is what makes "one account per email"
-- true under concurrent sign-ups.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    lang TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

-- Player profiles an account manages: the person themself (is_self = 1) and, for example,
-- their children. Registrations are made per profile.
CREATE TABLE profiles (
    id INTEGER PRIMARY KEY NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    birth_year INTEGER,
    is_self INTEGER NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX profiles_account ON profiles (account_id);

-- tower-sessions records: the id is the cookie value, data the JSON of the record.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    data TEXT NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Who belongs to which club, and as what (owner, admin, scorekeeper, member).
CREATE TABLE memberships (
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (org_id, account_id)
) STRICT;
CREATE INDEX memberships_account ON memberships (account_id);

-- One-time invitation links. Only the SHA-256 of the token is stored.
CREATE TABLE invitations (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    email TEXT,
    created_by INTEGER NOT NULL REFERENCES accounts (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    accepted_by INTEGER REFERENCES accounts (id),
    accepted_at INTEGER
) STRICT;
CREATE INDEX invitations_org ON invitations (org_id);

-- Failed sign-ins per key ("email:…" or "addr:…"), for back-off.
CREATE TABLE sign_in_throttles (
    key TEXT PRIMARY KEY NOT NULL,
    failures INTEGER NOT NULL,
    last_failure_at INTEGER NOT NULL,
    blocked_until INTEGER NOT NULL
) STRICT;
