// @generated automatically by Diesel CLI.

diesel::table! {
    cache_entries (id) {
        id -> BigInt,
        key -> Text,
        value -> Binary,
        byte_size -> BigInt,
        expires_at -> Nullable<BigInt>,
        created_at -> BigInt,
    }
}
