//! Backups: Litestream's continuous replication of the files that hold accepted data, restore
//! from the replica, the recurring proof that the replica restores, and on-demand snapshots.
//!
//! - [`litestream`]: the settings, and running the `litestream` binary with them;
//! - [`supervisor`]: `clubhouse serve` keeping `litestream replicate` alive (CLUBHOUSE_LITESTREAM=1);
//! - [`restore`]: `clubhouse restore`;
//! - [`verify`]: the verification job and its recorded results;
//! - [`status`]: what the operator's backups page and `/up` report;
//! - [`snapshot`]: `clubhouse backup --to DIR`.

pub mod litestream;
pub mod restore;
pub mod snapshot;
pub mod status;
pub mod supervisor;
pub mod verify;

pub use litestream::{Mode, Replica, Settings};
pub use supervisor::{Replication, Supervisor};

use crate::db::Store;
use crate::sports::Sport;

/// The files Litestream replicates: those that hold accepted data. The cache and the pub/sub
/// log are rebuilt by the app (and `db/litestream.yml` leaves them out).
pub fn replicated(sports: &[Sport]) -> Vec<Store> {
    Store::all(sports)
        .into_iter()
        .filter(|store| store.is_replicated())
        .collect()
}
