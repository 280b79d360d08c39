-- Sales taxes on club fees, by Canadian province or territory (ISO 3166-2 region code, as
-- on orgs.region). A rate applies from effective_from (inclusive) until effective_to
-- (exclusive, NULL: still in force). Rates are in thousandths of a percent: 5% = 5000,
-- 9.975% = 9975. US clubs have no rows and pay no tax.
CREATE TABLE tax_rates (
    id INTEGER PRIMARY KEY NOT NULL,
    region TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('GST', 'HST', 'PST', 'QST', 'RST')),
    rate INTEGER NOT NULL CHECK (rate > 0 AND rate < 100000),
    effective_from TEXT NOT NULL,
    effective_to TEXT,
    CHECK (effective_to IS NULL OR effective_to > effective_from)
) STRICT;
CREATE INDEX tax_rates_region ON tax_rates (region, effective_from);

-- GST: 5% since 2008-01-01, in the provinces and territories without HST.
INSERT INTO tax_rates (region, kind, rate, effective_from, effective_to) VALUES
    ('CA-AB', 'GST', 5000, '2008-01-01', NULL),
    ('CA-BC', 'GST', 5000, '2008-01-01', NULL),
    ('CA-MB', 'GST', 5000, '2008-01-01', NULL),
    ('CA-QC', 'GST', 5000, '2008-01-01', NULL),
    ('CA-SK', 'GST', 5000, '2008-01-01', NULL),
    ('CA-NT', 'GST', 5000, '2008-01-01', NULL),
    ('CA-NU', 'GST', 5000, '2008-01-01', NULL),
    ('CA-YT', 'GST', 5000, '2008-01-01', NULL);

-- HST (federal and provincial parts together).
INSERT INTO tax_rates (region, kind, rate, effective_from, effective_to) VALUES
    ('CA-ON', 'HST', 13000, '2010-07-01', NULL),
    ('CA-NB', 'HST', 15000, '2016-07-01', NULL),
    ('CA-NL', 'HST', 15000, '2016-07-01', NULL),
    ('CA-PE', 'HST', 15000, '2016-10-01', NULL),
    ('CA-NS', 'HST', 15000, '2010-07-01', '2025-04-01'),
    ('CA-NS', 'HST', 14000, '2025-04-01', NULL);

-- Provincial sales taxes beside the GST.
INSERT INTO tax_rates (region, kind, rate, effective_from, effective_to) VALUES
    ('CA-BC', 'PST', 7000, '2013-04-01', NULL),
    ('CA-MB', 'RST', 7000, '2019-07-01', NULL),
    ('CA-SK', 'PST', 6000, '2017-03-23', NULL),
    ('CA-QC', 'QST', 9975, '2013-01-01', NULL);
