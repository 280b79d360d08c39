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

diesel::table! {
    cache_totals (id) {
        id -> BigInt,
        entries -> BigInt,
        bytes -> BigInt,
    }
}

diesel::allow_tables_to_appear_in_same_query!(cache_entries, cache_totals,);
