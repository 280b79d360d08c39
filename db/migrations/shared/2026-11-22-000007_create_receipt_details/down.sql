DROP TABLE receipt_details;
