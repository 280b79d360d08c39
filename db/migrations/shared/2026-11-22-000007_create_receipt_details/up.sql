-- What a club's receipts say about the club besides its name: its postal address and its
-- sales-tax registration number (a GST/HST registrant must show it on receipts).
CREATE TABLE receipt_details (
    org_id INTEGER PRIMARY KEY NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    address TEXT NOT NULL,
    tax_number TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
