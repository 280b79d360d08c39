// @generated automatically by Diesel CLI.

diesel::table! {
    live_events (id) {
        id -> BigInt,
        topic -> Text,
        event -> Text,
        payload -> Text,
        created_at -> BigInt,
    }
}
