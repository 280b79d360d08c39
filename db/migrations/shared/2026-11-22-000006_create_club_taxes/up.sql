-- Sales taxes a club outside Canada charges on its fees, set by its owners or admins (a US
-- state's or city's sales tax, where it applies to the club's programs). Canadian clubs are
-- taxed from tax_rates by province and never use this table. Rate in thousandths of a
-- percent, as in tax_rates.
CREATE TABLE club_taxes (
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    rate INTEGER NOT NULL CHECK (rate > 0 AND rate < 100000),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (org_id, name)
) STRICT;
