-- Whether the club is in the server's directory (its home page); owners may hide it.
ALTER TABLE orgs ADD COLUMN listed INTEGER NOT NULL DEFAULT 1 CHECK (listed IN (0, 1));
