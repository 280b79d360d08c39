DROP TABLE operators;
DROP TABLE email_verifications;
ALTER TABLE accounts DROP COLUMN email_verified_at;
