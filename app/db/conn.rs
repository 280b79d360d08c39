//! The connection every store hands its closures: SQLite on one machine, PostgreSQL past it.
//!
//! Domain code takes `&mut Conn` and writes diesel's common subset once. Where the two
//! dialects part (upserts, locking, raw SQL), [`per_backend!`] writes the body once and has it
//! type-checked against each backend, or a `match` gives each its own.

#[derive(diesel::MultiConnection)]
pub enum Conn {
    Sqlite(diesel::SqliteConnection),
    Pg(diesel::PgConnection),
}

/// Runs `$body` with `$conn` as the concrete connection of whichever backend it is: one
/// body, checked by the compiler against SQLite and PostgreSQL alike.
#[macro_export]
macro_rules! per_backend {
    ($conn:ident => $body:expr) => {
        match $conn {
            $crate::db::Conn::Sqlite($conn) => $body,
            $crate::db::Conn::Pg($conn) => $body,
        }
    };
}

/// The columns of `T` as a plain tuple, for `RETURNING`: each backend writes it itself
/// (`as_returning()` is typed for one backend, which the connection of two cannot take).
pub fn columns_of<T: diesel::Selectable<MultiBackend>>() -> T::SelectExpression {
    T::construct_selection()
}

/// `diesel::sql_query(text)` for this connection's backend: `text` is written with `?` for
/// each bind (as SQLite numbers them), and PostgreSQL gets `$1, $2, …` instead. `text` is
/// the app's own SQL, with no `?` other than its binds.
pub fn sql(conn: &Conn, text: &str) -> diesel::query_builder::SqlQuery {
    match conn {
        Conn::Sqlite(_) => diesel::sql_query(text),
        Conn::Pg(_) => diesel::sql_query(numbered(text)),
    }
}

fn numbered(text: &str) -> String {
    let mut n = 0;
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '?' {
            n += 1;
            out.push_str(&format!("${n}"));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn binds_are_numbered_for_postgres() {
        assert_eq!(
            super::numbered("DELETE FROM t WHERE a = ? AND b < ?"),
            "DELETE FROM t WHERE a = $1 AND b < $2"
        );
        assert_eq!(super::numbered("SELECT 1"), "SELECT 1");
    }
}
