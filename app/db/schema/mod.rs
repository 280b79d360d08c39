//! Diesel schema modules, one per kind of file, printed by `diesel print-schema` with the
//! settings in `diesel.toml` (INTEGER columns are mapped to BigInt: ids and unix times are
//! 64-bit).
//!
//! The sport schema is private to `db`: club data is reached only through
//! [`crate::db::tenant`], which scopes every query to one club.

pub mod cache;
pub mod live;
pub mod queue;
pub mod shared;
pub(in crate::db) mod sport;
