DROP TABLE backup_sentinel;
