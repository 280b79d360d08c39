// @generated automatically by Diesel CLI.

diesel::table! {
    jobs (id) {
        id -> BigInt,
        kind -> Text,
        args -> Text,
        queue -> Text,
        priority -> BigInt,
        run_at -> BigInt,
        attempts -> BigInt,
        max_attempts -> BigInt,
        claimed_by -> Nullable<Text>,
        claimed_at -> Nullable<BigInt>,
        finished_at -> Nullable<BigInt>,
        dead_at -> Nullable<BigInt>,
        last_error -> Nullable<Text>,
        created_at -> BigInt,
    }
}
