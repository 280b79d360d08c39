//! HTML, as plain functions returning `Markup`. Views render the values they are given and
//! never query; they never fail.

pub mod account;
pub mod api_keys;
pub mod auth;
pub mod backups;
pub mod bracket;
pub mod club_webhooks;
pub mod clubs;
pub mod courts;
pub mod embed;
pub mod error;
pub mod exports;
pub mod forms;
pub mod home;
pub mod layout;
pub mod mail;
pub mod open_play;
pub mod operator;
pub mod programs;
pub mod registrations;
pub mod schedule;
pub mod scoreboard;
pub mod scorekeeping;
pub mod season;
pub mod setup;
pub mod spares;
