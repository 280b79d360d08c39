//! Opening one connection: the SQLite version gate, the pragmas every connection sets, and
//! the check that they took. All of it is synchronous; callers run it off the async runtime.

use std::path::Path;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use super::DbError;

/// SQLite before 3.51.3 can corrupt a WAL database when two connections write and checkpoint
/// at the same moment (the WAL-reset bug) — exactly the app-plus-Litestream setup.
pub const MIN_SQLITE_VERSION: (u32, u32, u32) = (3, 51, 3);

/// Page cache per connection, in KiB (negative `cache_size` means KiB in SQLite).
const WRITER_CACHE_KIB: i64 = 32 * 1024;
const READER_CACHE_KIB: i64 = 16 * 1024;
const BUSY_TIMEOUT_MS: i64 = 5000;

/// How hard a file's commits are pushed to disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// `synchronous=FULL`: a commit the app acknowledged survives a power cut.
    Full,
    /// `synchronous=NORMAL`: for files that can be rebuilt (cache, pub/sub log).
    Normal,
}

impl Durability {
    fn pragma_value(self) -> i64 {
        match self {
            Durability::Full => 2,
            Durability::Normal => 1,
        }
    }
}

/// Who moves the WAL back into the database file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checkpoints {
    /// SQLite's automatic checkpoint after a commit leaves 1000 pages in the WAL.
    Sqlite,
    /// Litestream replicates the file and checkpoints it itself (`wal_autocheckpoint=0`):
    /// a checkpoint it did not see could make it miss WAL frames and start over from a full
    /// snapshot.
    Litestream,
}

impl Checkpoints {
    fn pages(self) -> i64 {
        match self {
            Checkpoints::Sqlite => 1000,
            Checkpoints::Litestream => 0,
        }
    }
}

/// What a connection is opened with, besides its role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub durability: Durability,
    pub checkpoints: Checkpoints,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Writer,
    Reader,
}

/// Refuses an SQLite older than [`MIN_SQLITE_VERSION`].
pub fn check_version(version: &str) -> Result<(), DbError> {
    let mut parts = version.split('.').map(|p| p.parse::<u32>().ok());
    let found = (
        parts.next().flatten(),
        parts.next().flatten(),
        parts.next().flatten().or(Some(0)),
    );
    match found {
        (Some(a), Some(b), Some(c)) if (a, b, c) >= MIN_SQLITE_VERSION => Ok(()),
        _ => Err(DbError::SqliteTooOld {
            found: version.to_string(),
        }),
    }
}

/// The version of the SQLite library linked into this binary.
pub fn sqlite_version() -> String {
    // SAFETY: sqlite3_libversion returns a pointer to a static NUL-terminated string.
    let raw = unsafe { std::ffi::CStr::from_ptr(libsqlite3_sys::sqlite3_libversion()) };
    raw.to_string_lossy().into_owned()
}

std::thread_local! {
    /// What [`configure`] is to set on the connection this thread opens next, and what it
    /// found: (keep the WAL on close wanted, plans stable, WAL kept on close).
    static OPENING: std::cell::Cell<(bool, bool, bool)> = const { std::cell::Cell::new((false, false, false)) };
}

/// Sets a `(int, int*)` database option and reports whether it now reads `value`.
///
/// # Safety
/// `db` must be a connection SQLite is opening or has open.
unsafe fn set_option(db: *mut libsqlite3_sys::sqlite3, option: i32, value: i32) -> bool {
    let mut now: std::ffi::c_int = -1;
    // SAFETY: the variadic arguments are the (int, int*) pair these options take.
    let rc = unsafe {
        libsqlite3_sys::sqlite3_db_config(
            db,
            option,
            value as std::ffi::c_int,
            &mut now as *mut std::ffi::c_int,
        )
    };
    rc == libsqlite3_sys::SQLITE_OK && now == value
}

/// Configures every connection this process opens (SQLite calls it; see [`open`]):
///
/// - the query-planner stability guarantee (QPSG). Without it, a statement whose plan looked
///   at a bound value — every diesel `.first()` has `LIMIT ?`, and range conditions do too —
///   is marked expired whenever that parameter is bound again, so the cached statement is
///   parsed and planned again on every run. Profiles of the registration rush showed a third
///   of the readers' time in that re-preparation. With QPSG a plan never depends on bound
///   values: cached statements run as prepared, and a query that needs a partial index
///   spells the index's condition out literally.
/// - for files Litestream replicates, no checkpoint when the last connection closes: a
///   checkpoint on close would fold WAL frames into the database before Litestream, which
///   stops after the app, has shipped them.
unsafe extern "C" fn configure(
    db: *mut libsqlite3_sys::sqlite3,
    _error: *mut *mut std::ffi::c_char,
    _api: *const libsqlite3_sys::sqlite3_api_routines,
) -> std::ffi::c_int {
    let (keep_wal, _, _) = OPENING.with(|o| o.get());
    // SAFETY: `db` is the connection SQLite is opening.
    let stable = unsafe { set_option(db, libsqlite3_sys::SQLITE_DBCONFIG_ENABLE_QPSG, 1) };
    // SAFETY: as above.
    let kept = unsafe {
        set_option(
            db,
            libsqlite3_sys::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            i32::from(keep_wal),
        )
    };
    OPENING.with(|o| o.set((keep_wal, stable, kept)));
    libsqlite3_sys::SQLITE_OK
}

fn register_configure() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: registers a function with the signature SQLite expects; it stays valid for
        // the life of the process.
        unsafe {
            libsqlite3_sys::sqlite3_auto_extension(Some(configure));
        }
    });
}

/// Opens `path` (creating it for the writer), sets the pragmas and checks that they took.
pub fn open(path: &Path, role: Role, settings: Settings) -> Result<SqliteConnection, DbError> {
    let durability = settings.durability;
    let checkpoint_pages = settings.checkpoints.pages();
    let file = path.display().to_string();
    register_configure();
    let keep_wal = settings.checkpoints == Checkpoints::Litestream;
    OPENING.with(|o| o.set((keep_wal, false, false)));
    let mut conn = SqliteConnection::establish(&file).map_err(|source| DbError::Open {
        file: file.clone(),
        source,
    })?;
    // Read, then reset: a connection opened elsewhere on this thread gets the defaults.
    let (_, stable, kept) = OPENING.with(|o| o.replace((false, false, false)));
    for (option, ok, want) in [
        ("SQLITE_DBCONFIG_ENABLE_QPSG", stable, 1),
        (
            "SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE",
            kept,
            i32::from(keep_wal),
        ),
    ] {
        if !ok {
            return Err(DbError::Pragma {
                file,
                pragma: option,
                expected: want.to_string(),
                found: "something else".into(),
            });
        }
    }
    let cache_kib = match role {
        Role::Writer => WRITER_CACHE_KIB,
        Role::Reader => READER_CACHE_KIB,
    };
    // journal_mode is stored in the file; the writer sets it, readers only check it.
    let journal = if role == Role::Writer {
        "PRAGMA journal_mode = WAL;"
    } else {
        ""
    };
    let query_only = i64::from(role == Role::Reader);
    conn.batch_execute(&format!(
        "{journal}
         PRAGMA busy_timeout = {BUSY_TIMEOUT_MS};
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -{cache_kib};
         PRAGMA synchronous = {};
         PRAGMA wal_autocheckpoint = {checkpoint_pages};
         PRAGMA query_only = {query_only};",
        durability.pragma_value()
    ))
    .map_err(|source| DbError::query(&file, source))?;

    let expect = [
        ("busy_timeout", BUSY_TIMEOUT_MS),
        ("foreign_keys", 1),
        ("temp_store", 2),
        ("cache_size", -cache_kib),
        ("synchronous", durability.pragma_value()),
        ("wal_autocheckpoint", checkpoint_pages),
        ("query_only", query_only),
    ];
    for (pragma, want) in expect {
        let found =
            pragma_int(&mut conn, pragma).map_err(|source| DbError::query(&file, source))?;
        if found != want {
            return Err(DbError::Pragma {
                file,
                pragma,
                expected: want.to_string(),
                found: found.to_string(),
            });
        }
    }
    let journal = pragma_text(&mut conn, "journal_mode").map_err(|s| DbError::query(&file, s))?;
    if journal != "wal" {
        return Err(DbError::Pragma {
            file,
            pragma: "journal_mode",
            expected: "wal".into(),
            found: journal,
        });
    }
    Ok(conn)
}

#[derive(QueryableByName)]
struct IntValue {
    #[diesel(sql_type = BigInt)]
    value: i64,
}

#[derive(QueryableByName)]
struct TextValue {
    #[diesel(sql_type = Text)]
    value: String,
}

#[derive(QueryableByName)]
struct AutoCheckpoint {
    #[diesel(sql_type = BigInt)]
    wal_autocheckpoint: i64,
}

/// Reads an integer pragma. `name` is one of our own constants, never user input.
pub fn pragma_int(conn: &mut SqliteConnection, name: &str) -> QueryResult<i64> {
    // A pragma that can change something has no table-valued form: ask it directly.
    if name == "wal_autocheckpoint" {
        return diesel::sql_query("PRAGMA wal_autocheckpoint")
            .get_result::<AutoCheckpoint>(conn)
            .map(|row| row.wal_autocheckpoint);
    }
    // PRAGMA busy_timeout names its result column `timeout`; every other one is its own name.
    let column = if name == "busy_timeout" {
        "timeout"
    } else {
        name
    };
    diesel::sql_query(format!("SELECT {column} AS value FROM pragma_{name}"))
        .get_result::<IntValue>(conn)
        .map(|row| row.value)
}

/// Reads a text pragma. `name` is one of our own constants, never user input.
pub fn pragma_text(conn: &mut SqliteConnection, name: &str) -> QueryResult<String> {
    diesel::sql_query(format!("SELECT {name} AS value FROM pragma_{name}"))
        .get_result::<TextValue>(conn)
        .map(|row| row.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_gate_refuses_sqlite_before_3_51_3() {
        for old in ["3.51.2", "3.45.0", "3.8.11", "2.99.99", "garbage", ""] {
            assert!(check_version(old).is_err(), "{old} must be refused");
        }
        for ok in ["3.51.3", "3.52.0", "3.53.2", "4.0"] {
            assert!(check_version(ok).is_ok(), "{ok} must be accepted");
        }
    }

    #[test]
    fn the_linked_sqlite_passes_the_gate() {
        check_version(&sqlite_version()).expect("bundled SQLite is current");
    }
}
