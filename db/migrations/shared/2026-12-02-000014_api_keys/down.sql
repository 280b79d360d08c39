DROP TABLE api_usage;
DROP TABLE api_keys;
