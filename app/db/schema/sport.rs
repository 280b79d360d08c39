// @generated automatically by Diesel CLI.

diesel::table! {
    outbox (id) {
        id -> BigInt,
        kind -> Text,
        args -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    sheets (id) {
        id -> BigInt,
        org_id -> BigInt,
        name -> Text,
        position -> BigInt,
        created_at -> BigInt,
    }
}

diesel::allow_tables_to_appear_in_same_query!(outbox, sheets,);
