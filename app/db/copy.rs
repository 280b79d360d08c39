//! Rows copied between the two backends, table by table, and checked on arrival.
//!
//! A row travels as one JSON object keyed by column name, which both engines build and take
//! apart natively (`json_object` / `json_each` in SQLite, `row_to_json` /
//! `json_populate_recordset` in PostgreSQL), so one copier serves every table of every
//! store without a Rust type per table. Binary values travel as `\x` + lowercase hex, the
//! text form PostgreSQL gives `bytea`.
//!
//! The checksum of a table is the sum of the SHA-256 of every row in a canonical form
//! (sorted keys, values as JSON), so it does not depend on the order rows come back in, and
//! a value changed in any column of any row changes it.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};
use sha2::{Digest, Sha256};

use super::{Conn, DbError};

/// Rows sent in one statement.
const BATCH: usize = 500;

/// A column of a table, as the copier needs to know it.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub binary: bool,
}

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    kind: String,
}

#[derive(QueryableByName)]
struct Json {
    #[diesel(sql_type = Nullable<Text>)]
    row: Option<String>,
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

/// The tables of the connection's store (`main` in SQLite, the `search_path` schema in
/// PostgreSQL), without the engines' and the migrations' own.
pub fn tables(conn: &mut Conn) -> QueryResult<Vec<String>> {
    let sql = match conn {
        Conn::Sqlite(_) => {
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name <> '__diesel_schema_migrations' ORDER BY name"
        }
        Conn::Pg(_) => {
            "SELECT table_name::text AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
             AND table_name <> '__diesel_schema_migrations' ORDER BY table_name"
        }
    };
    Ok(diesel::sql_query(sql)
        .load::<Name>(conn)?
        .into_iter()
        .map(|n| n.name)
        .collect())
}

/// The columns of `table`, in the table's order.
pub fn columns(conn: &mut Conn, table: &str) -> QueryResult<Vec<Column>> {
    let query = match conn {
        Conn::Sqlite(_) => diesel::sql_query(
            "SELECT name, upper(type) AS kind FROM pragma_table_info(?) ORDER BY cid",
        ),
        Conn::Pg(_) => diesel::sql_query(
            "SELECT column_name::text AS name, upper(data_type::text) AS kind \
             FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        ),
    };
    Ok(query
        .bind::<Text, _>(table)
        .load::<ColumnRow>(conn)?
        .into_iter()
        .map(|c| Column {
            binary: c.kind == "BLOB" || c.kind == "BYTEA",
            name: c.name,
        })
        .collect())
}

/// Every row of `table` as JSON objects; with `filter` (an SQL condition the app writes,
/// never user input) only those it holds for.
pub fn rows(
    conn: &mut Conn,
    table: &str,
    columns: &[Column],
    filter: Option<&str>,
) -> QueryResult<Vec<String>> {
    let filter = filter.map_or(String::new(), |f| format!(" WHERE {f}"));
    let sql = match conn {
        Conn::Sqlite(_) => {
            let fields: Vec<String> = columns
                .iter()
                .map(|c| {
                    let value = if c.binary {
                        format!(
                            "CASE WHEN \"{0}\" IS NULL THEN NULL ELSE '\\x' || lower(hex(\"{0}\")) END",
                            c.name
                        )
                    } else {
                        format!("\"{}\"", c.name)
                    };
                    format!("'{}', {value}", c.name)
                })
                .collect();
            format!(
                "SELECT json_object({}) AS row FROM \"{table}\"{filter}",
                fields.join(", ")
            )
        }
        Conn::Pg(_) => format!("SELECT row_to_json(t)::text AS row FROM \"{table}\" t{filter}"),
    };
    Ok(diesel::sql_query(sql)
        .load::<Json>(conn)?
        .into_iter()
        .filter_map(|j| j.row)
        .collect())
}

/// Inserts `rows` (JSON objects from [`rows`]) into `table` as they are, ids included.
pub fn insert(
    conn: &mut Conn,
    table: &str,
    columns: &[Column],
    rows: &[String],
) -> QueryResult<usize> {
    let mut inserted = 0;
    for batch in rows.chunks(BATCH) {
        let array = format!("[{}]", batch.join(","));
        inserted += match conn {
            Conn::Sqlite(_) => {
                let names: Vec<String> = columns.iter().map(|c| format!("\"{}\"", c.name)).collect();
                let values: Vec<String> = columns
                    .iter()
                    .map(|c| {
                        let value = format!("json_extract(value, '$.\"{}\"')", c.name);
                        if c.binary {
                            format!("unhex(substr({value}, 3))")
                        } else {
                            value
                        }
                    })
                    .collect();
                diesel::sql_query(format!(
                    "INSERT INTO \"{table}\" ({}) SELECT {} FROM json_each(?)",
                    names.join(", "),
                    values.join(", ")
                ))
                .bind::<Text, _>(array)
                .execute(conn)?
            }
            Conn::Pg(_) => diesel::sql_query(format!(
                "INSERT INTO \"{table}\" SELECT * FROM json_populate_recordset(NULL::\"{table}\", $1::json)"
            ))
            .bind::<Text, _>(array)
            .execute(conn)?,
        };
    }
    Ok(inserted)
}

/// A table's rows counted and summed: equal on both sides when every value arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checksum {
    pub rows: usize,
    pub sum: u64,
}

impl std::fmt::Display for Checksum {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} rows, checksum {:016x}", self.rows, self.sum)
    }
}

/// The checksum of `rows` (JSON objects from [`rows`], from either backend).
pub fn checksum(rows: &[String]) -> Result<Checksum, DbError> {
    let mut sum = 0u64;
    for row in rows {
        let digest = Sha256::digest(canonical(row)?.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        sum = sum.wrapping_add(u64::from_be_bytes(first));
    }
    Ok(Checksum {
        rows: rows.len(),
        sum,
    })
}

/// A row's JSON object with its keys sorted, so both engines' objects of one row read alike
/// whatever their column order.
fn canonical(row: &str) -> Result<String, DbError> {
    let bad = |e: serde_json::Error| {
        DbError::Diesel(diesel::result::Error::DeserializationError(Box::new(e)))
    };
    let object: std::collections::BTreeMap<String, serde_json::Value> =
        serde_json::from_str(row).map_err(bad)?;
    serde_json::to_string(&object).map_err(bad)
}

/// SQLite's high-water marks of its AUTOINCREMENT tables: ids it will never hand out again.
pub fn sqlite_sequences(conn: &mut Conn) -> QueryResult<Vec<(String, i64)>> {
    #[derive(QueryableByName)]
    struct Seq {
        #[diesel(sql_type = Text)]
        name: String,
        #[diesel(sql_type = BigInt)]
        seq: i64,
    }
    let exists = diesel::sql_query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'",
    )
    .load::<Name>(conn)?;
    if exists.is_empty() {
        return Ok(Vec::new());
    }
    Ok(diesel::sql_query("SELECT name, seq FROM sqlite_sequence")
        .load::<Seq>(conn)?
        .into_iter()
        .map(|s| (s.name, s.seq))
        .collect())
}

/// Moves PostgreSQL's identity sequence of `table` past every copied id and past `floor`
/// (SQLite's high-water mark), so new rows never take an id that was used.
pub fn advance_identity(conn: &mut Conn, table: &str, floor: i64) -> QueryResult<()> {
    #[derive(QueryableByName)]
    struct Identity {
        #[diesel(sql_type = Text)]
        column: String,
    }
    let identity: Vec<Identity> = diesel::sql_query(
        "SELECT column_name::text AS column FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'YES'",
    )
    .bind::<Text, _>(table)
    .load(conn)?;
    for Identity { column } in identity {
        diesel::sql_query(format!(
            "SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), \
             GREATEST((SELECT max(\"{column}\") FROM \"{table}\"), $1, 1), \
             (SELECT max(\"{column}\") FROM \"{table}\") IS NOT NULL OR $1 > 0)"
        ))
        .bind::<BigInt, _>(floor)
        .execute(conn)?;
    }
    Ok(())
}

/// Some rows of a table, with their columns, on their way between backends.
pub struct Rows {
    pub table: String,
    pub columns: Vec<Column>,
    pub rows: Vec<String>,
}

/// A new SQLite file at `path` with `store`'s schema (its SQLite migrations, without the
/// triggers: the rows arrive with the counts the triggers keep) holding `tables`. The club
/// export builds its file from such copies when the app runs on PostgreSQL. Blocking.
pub fn sqlite_file_of(
    path: &std::path::Path,
    store: super::Store,
    tables: &[Rows],
) -> anyhow::Result<()> {
    use anyhow::Context;
    use diesel::connection::SimpleConnection;
    let _ = std::fs::remove_file(path);
    let name = path.display().to_string();
    let mut conn = Conn::Sqlite(
        diesel::SqliteConnection::establish(&name).with_context(|| format!("creating {name}"))?,
    );
    // No journal (a failed copy is thrown away) and no foreign-key checks: the rows arrive
    // in any order, and point at rows of other stores that a copy of one store lacks.
    conn.batch_execute(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;",
    )?;
    super::migrations::run(store.name(), &mut conn, store.migrations())?;
    let triggers: Vec<Name> =
        diesel::sql_query("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            .load(&mut conn)?;
    for Name { name } in triggers {
        conn.batch_execute(&format!("DROP TRIGGER \"{name}\""))?;
    }
    conn.batch_execute("BEGIN;")?;
    for Rows {
        table,
        columns,
        rows,
    } in tables
    {
        insert(&mut conn, table, columns, rows).with_context(|| format!("copying {table}"))?;
    }
    conn.batch_execute("COMMIT;")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_reads_alike_whatever_its_column_order() {
        assert_eq!(
            canonical(r#"{"b":1,"a":"x","c":null}"#).ok(),
            Some(r#"{"a":"x","b":1,"c":null}"#.to_string())
        );
        let one = checksum(&[r#"{"id":1,"v":"\\x00ff"}"#.into()]).ok();
        let same = checksum(&[r#"{"v":"\\x00ff","id":1}"#.into()]).ok();
        let changed = checksum(&[r#"{"v":"\\x00fe","id":1}"#.into()]).ok();
        assert_eq!(one, same);
        assert_ne!(one, changed);
        // The order of the rows does not matter either; their number does.
        let rows = |r: &[&str]| checksum(&r.iter().map(|s| s.to_string()).collect::<Vec<_>>()).ok();
        assert_eq!(
            rows(&[r#"{"id":1}"#, r#"{"id":2}"#]),
            rows(&[r#"{"id":2}"#, r#"{"id":1}"#])
        );
        assert_ne!(
            rows(&[r#"{"id":1}"#]),
            rows(&[r#"{"id":1}"#, r#"{"id":1}"#])
        );
        assert!(checksum(&["not json".into()]).is_err());
    }
}
