DROP TABLE registrations;
DROP TABLE programs;
