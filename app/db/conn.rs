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
