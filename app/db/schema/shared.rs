// @generated automatically by Diesel CLI.

diesel::table! {
    accounts (id) {
        id -> BigInt,
        email -> Text,
        name -> Text,
        password_hash -> Text,
        lang -> Text,
        created_at -> BigInt,
        updated_at -> BigInt,
        email_verified_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    api_keys (id) {
        id -> BigInt,
        org_id -> BigInt,
        name -> Text,
        prefix -> Text,
        digest -> Text,
        scopes -> Text,
        created_by -> BigInt,
        created_at -> BigInt,
        expires_at -> Nullable<BigInt>,
        revoked_at -> Nullable<BigInt>,
        last_used_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    api_usage (key_id, day) {
        key_id -> BigInt,
        day -> Text,
        requests -> BigInt,
        errors -> BigInt,
    }
}

diesel::table! {
    backup_sentinel (id) {
        id -> BigInt,
        token -> Text,
        written_at -> BigInt,
    }
}

diesel::table! {
    backup_verifications (id) {
        id -> BigInt,
        file -> Text,
        started_at -> BigInt,
        finished_at -> BigInt,
        ok -> BigInt,
        lag_ms -> Nullable<BigInt>,
        detail -> Text,
    }
}

diesel::table! {
    calendar_tokens (account_id) {
        account_id -> BigInt,
        token_hash -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    club_deletions (id) {
        id -> BigInt,
        club_id -> BigInt,
        slug -> Text,
        name -> Text,
        sport -> Text,
        region -> Text,
        deleted_by -> BigInt,
        deleted_by_email -> Text,
        state -> Text,
        tables_done -> BigInt,
        tables_total -> BigInt,
        rows_deleted -> BigInt,
        error -> Nullable<Text>,
        requested_at -> BigInt,
        finished_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    club_export_files (export_id) {
        export_id -> BigInt,
        bytes -> Binary,
    }
}

diesel::table! {
    club_exports (id) {
        id -> BigInt,
        org_id -> BigInt,
        requested_by -> BigInt,
        state -> Text,
        tables_done -> BigInt,
        tables_total -> BigInt,
        rows_copied -> BigInt,
        file_name -> Nullable<Text>,
        bytes -> Nullable<BigInt>,
        error -> Nullable<Text>,
        created_at -> BigInt,
        finished_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    club_taxes (org_id, name) {
        org_id -> BigInt,
        name -> Text,
        rate -> BigInt,
        created_at -> BigInt,
    }
}

diesel::table! {
    email_verifications (token_hash) {
        token_hash -> Text,
        account_id -> BigInt,
        email -> Text,
        created_at -> BigInt,
        expires_at -> BigInt,
        used_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    invitations (id) {
        id -> BigInt,
        org_id -> BigInt,
        token_hash -> Text,
        role -> Text,
        email -> Nullable<Text>,
        created_by -> BigInt,
        created_at -> BigInt,
        expires_at -> BigInt,
        accepted_by -> Nullable<BigInt>,
        accepted_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    memberships (org_id, account_id) {
        org_id -> BigInt,
        account_id -> BigInt,
        role -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    operators (email) {
        email -> Text,
        added_at -> BigInt,
    }
}

diesel::table! {
    orgs (id) {
        id -> BigInt,
        slug -> Text,
        sport -> Text,
        name -> Text,
        region -> Text,
        created_at -> BigInt,
        time_zone -> Nullable<Text>,
        listed -> BigInt,
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        kind -> Text,
        args -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    password_resets (token_hash) {
        token_hash -> Text,
        account_id -> BigInt,
        created_at -> BigInt,
        expires_at -> BigInt,
        used_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    profiles (id) {
        id -> BigInt,
        account_id -> BigInt,
        name -> Text,
        birth_year -> Nullable<BigInt>,
        is_self -> BigInt,
        created_at -> BigInt,
    }
}

diesel::table! {
    receipt_details (org_id) {
        org_id -> BigInt,
        address -> Text,
        tax_number -> Text,
        updated_at -> BigInt,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        data -> Text,
        expires_at -> BigInt,
        account_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    sign_in_throttles (key) {
        key -> Text,
        failures -> BigInt,
        last_failure_at -> BigInt,
        blocked_until -> BigInt,
    }
}

diesel::table! {
    suppressions (email) {
        email -> Text,
        reason -> Text,
        detail -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    tax_rates (id) {
        id -> BigInt,
        region -> Text,
        kind -> Text,
        rate -> BigInt,
        effective_from -> Text,
        effective_to -> Nullable<Text>,
    }
}

diesel::joinable!(api_keys -> accounts (created_by));
diesel::joinable!(api_keys -> orgs (org_id));
diesel::joinable!(api_usage -> api_keys (key_id));
diesel::joinable!(calendar_tokens -> accounts (account_id));
diesel::joinable!(club_export_files -> club_exports (export_id));
diesel::joinable!(club_exports -> accounts (requested_by));
diesel::joinable!(club_exports -> orgs (org_id));
diesel::joinable!(club_taxes -> orgs (org_id));
diesel::joinable!(email_verifications -> accounts (account_id));
diesel::joinable!(invitations -> orgs (org_id));
diesel::joinable!(memberships -> accounts (account_id));
diesel::joinable!(memberships -> orgs (org_id));
diesel::joinable!(password_resets -> accounts (account_id));
diesel::joinable!(profiles -> accounts (account_id));
diesel::joinable!(receipt_details -> orgs (org_id));
diesel::joinable!(sessions -> accounts (account_id));

diesel::allow_tables_to_appear_in_same_query!(
    accounts,
    api_keys,
    api_usage,
    backup_sentinel,
    backup_verifications,
    calendar_tokens,
    club_deletions,
    club_export_files,
    club_exports,
    club_taxes,
    email_verifications,
    invitations,
    memberships,
    operators,
    orgs,
    outbox,
    password_resets,
    profiles,
    receipt_details,
    sessions,
    sign_in_throttles,
    suppressions,
    tax_rates,
);
