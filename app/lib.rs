//! Clubhouse: runs amateur sports clubs on one server and a few SQLite files.
//!
//! `main.rs` is only the command line; this crate builds and runs the app. Data flows one
//! way: `web` (HTTP) → domain modules (`clubs`, …) → `db`; `views` turn values into HTML.

pub mod api_cli;
pub mod assets;
pub mod auth;
pub mod backup;
pub mod cache;
pub mod calendar;
pub mod clubs;
pub mod config;
pub mod courts;
pub mod db;
pub mod demo;
pub mod i18n;
pub mod jobs;
pub mod live;
pub mod loadtest;
pub mod mail;
pub mod metrics;
pub mod money;
pub mod registration;
pub mod scoring;
pub mod server;
pub mod spares;
pub mod sports;
pub mod taxes;
pub mod telemetry;
pub mod validation;
pub mod views;
pub mod web;
pub mod webhooks;

pub use config::Config;
pub use server::{
    OperatorCommand, Running, backup, health, migrate, move_to_postgres, operator, restore, serve,
    start, work,
};
