DROP TABLE spare_notifications;
DROP TABLE spare_invites;
DROP TABLE spare_requests;
DROP TABLE spare_availability;
DROP TABLE team_members;
