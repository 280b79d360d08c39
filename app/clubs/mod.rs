//! Clubs and their facilities. Domain code: synchronous functions on a connection, no HTTP.

pub mod sheets;
