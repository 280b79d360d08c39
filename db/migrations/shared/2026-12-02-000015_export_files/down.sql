DROP TABLE club_export_files;
