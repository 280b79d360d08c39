// @generated automatically by Diesel CLI.

diesel::table! {
    sheets (id) {
        id -> BigInt,
        org_id -> BigInt,
        name -> Text,
        position -> BigInt,
        created_at -> BigInt,
    }
}
