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

/// Opens `path` (creating it for the writer), sets the pragmas and checks that they took.
pub fn open(path: &Path, role: Role, durability: Durability) -> Result<SqliteConnection, DbError> {
    let file = path.display().to_string();
    let mut conn = SqliteConnection::establish(&file).map_err(|source| DbError::Open {
        file: file.clone(),
        source,
    })?;
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

/// Reads an integer pragma. `name` is one of our own constants, never user input.
pub fn pragma_int(conn: &mut SqliteConnection, name: &str) -> QueryResult<i64> {
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
