// @generated automatically by Diesel CLI.

diesel::table! {
    backup_sentinel (id) {
        id -> BigInt,
        token -> Text,
        written_at -> BigInt,
    }
}

diesel::table! {
    emails (id) {
        id -> BigInt,
        job_id -> BigInt,
        recipient -> Text,
        subject -> Text,
        text_body -> Text,
        html_body -> Text,
        status -> Text,
        created_at -> BigInt,
    }
}

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
        concurrency_key -> Nullable<Text>,
        concurrency_limit -> Nullable<BigInt>,
        unique_key -> Nullable<Text>,
        claimed_by -> Nullable<Text>,
        claimed_at -> Nullable<BigInt>,
        finished_at -> Nullable<BigInt>,
        dead_at -> Nullable<BigInt>,
        last_error -> Nullable<Text>,
        created_at -> BigInt,
    }
}

diesel::table! {
    paused_queues (queue) {
        queue -> Text,
        paused_at -> BigInt,
    }
}

diesel::table! {
    recurring_tasks (name) {
        name -> Text,
        last_slot -> BigInt,
        last_enqueued_at -> BigInt,
    }
}

diesel::table! {
    workers (id) {
        id -> Text,
        pid -> BigInt,
        host -> Text,
        queues -> Text,
        started_at -> BigInt,
        heartbeat_at -> BigInt,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    backup_sentinel,
    emails,
    jobs,
    paused_queues,
    recurring_tasks,
    workers,
);
