DROP TABLE sign_in_throttles;
DROP TABLE invitations;
DROP TABLE memberships;
DROP TABLE sessions;
DROP TABLE profiles;
DROP TABLE accounts;
