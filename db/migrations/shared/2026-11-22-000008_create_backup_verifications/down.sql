DROP TABLE backup_verifications;
DROP TABLE backup_sentinel;
