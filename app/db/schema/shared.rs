// @generated automatically by Diesel CLI.

diesel::table! {
    orgs (id) {
        id -> BigInt,
        slug -> Text,
        sport -> Text,
        name -> Text,
        region -> Text,
        created_at -> BigInt,
    }
}
