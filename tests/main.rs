//! The one integration-test binary: real SQLite files in a temp dir per test, a real server
//! on loopback, the real `clubhouse` binary where start-up itself is under test.

mod accounts;
mod api;
mod backup;
mod brackets;
mod browser;
mod cache;
mod calendar;
mod cli;
mod club_data;
mod clubs;
mod container;
mod courts;
mod demo;
mod directory;
mod jobs;
mod live;
mod loadtest;
mod mail;
mod metrics;
mod nodes;
mod open_play;
mod operator;
mod proxy;
mod registration;
mod restore;
mod s3;
mod scoring;
mod season;
mod security;
mod spares;
mod storage;
mod support;
mod taxes;
mod web;
mod webhooks;
