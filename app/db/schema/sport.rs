// @generated automatically by Diesel CLI.

diesel::table! {
    backup_sentinel (id) {
        id -> BigInt,
        token -> Text,
        written_at -> BigInt,
    }
}

diesel::table! {
    booking_rules (org_id) {
        org_id -> BigInt,
        slot_minutes -> BigInt,
        days_ahead -> BigInt,
        opens_minute -> BigInt,
        max_active -> BigInt,
        max_per_day -> BigInt,
        cancel_minutes -> BigInt,
        updated_at -> BigInt,
        offer_minutes -> BigInt,
        max_players -> BigInt,
        guest_fee -> BigInt,
    }
}

diesel::table! {
    bracket_changes (id) {
        id -> BigInt,
        org_id -> BigInt,
        bracket_id -> BigInt,
        account_id -> Nullable<BigInt>,
        at -> BigInt,
        detail -> Text,
    }
}

diesel::table! {
    bracket_games (id) {
        id -> BigInt,
        org_id -> BigInt,
        bracket_id -> BigInt,
        number -> BigInt,
        section -> Text,
        label -> Text,
        round -> BigInt,
        side1 -> Text,
        side2 -> Text,
        hammer -> Text,
        only_if_upset -> Nullable<BigInt>,
        draw_id -> Nullable<BigInt>,
        sheet_id -> Nullable<BigInt>,
        game_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    brackets (id) {
        id -> BigInt,
        org_id -> BigInt,
        event_id -> BigInt,
        name -> Text,
        format -> Text,
        seeds -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    calendar_entries (game_id) {
        game_id -> BigInt,
        org_id -> BigInt,
        event_id -> BigInt,
        fingerprint -> Text,
        sequence -> BigInt,
        changed_at -> BigInt,
    }
}

diesel::table! {
    club_clocks (org_id) {
        org_id -> BigInt,
        zone -> Text,
        set_at -> BigInt,
    }
}

diesel::table! {
    court_blocks (id) {
        id -> BigInt,
        org_id -> BigInt,
        sheet_id -> Nullable<BigInt>,
        starts_at -> BigInt,
        ends_at -> BigInt,
        reason -> Text,
        note -> Text,
        created_by -> BigInt,
        created_at -> BigInt,
    }
}

diesel::table! {
    court_bookings (id) {
        id -> BigInt,
        org_id -> BigInt,
        sheet_id -> BigInt,
        starts_at -> BigInt,
        ends_at -> BigInt,
        account_id -> BigInt,
        booked_by -> BigInt,
        status -> Text,
        created_at -> BigInt,
        cancelled_at -> Nullable<BigInt>,
        cancelled_by -> Nullable<BigInt>,
        partners -> Text,
        guests -> Text,
        fee -> BigInt,
        taxes -> Text,
        total -> BigInt,
        payment_status -> Text,
    }
}

diesel::table! {
    court_waitlist (id) {
        id -> BigInt,
        org_id -> BigInt,
        sheet_id -> BigInt,
        starts_at -> BigInt,
        account_id -> BigInt,
        status -> Text,
        link -> Text,
        created_at -> BigInt,
        offered_at -> Nullable<BigInt>,
        offer_expires_at -> Nullable<BigInt>,
        updated_at -> BigInt,
    }
}

diesel::table! {
    draws (id) {
        id -> BigInt,
        org_id -> BigInt,
        event_id -> BigInt,
        starts_at -> BigInt,
    }
}

diesel::table! {
    events (id) {
        id -> BigInt,
        org_id -> BigInt,
        name -> Text,
        kind -> Text,
        public -> BigInt,
        rules -> Text,
        created_at -> BigInt,
        archived_at -> Nullable<BigInt>,
        ranking -> Text,
    }
}

diesel::table! {
    games (id) {
        id -> BigInt,
        org_id -> BigInt,
        event_id -> BigInt,
        draw_id -> BigInt,
        sheet_id -> Nullable<BigInt>,
        team1_id -> BigInt,
        team2_id -> BigInt,
        first_side -> BigInt,
        state -> Text,
        conceded_by -> Nullable<BigInt>,
        forfeited_by -> Nullable<BigInt>,
        version -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    lsd_stones (id) {
        id -> BigInt,
        org_id -> BigInt,
        game_id -> BigInt,
        side -> BigInt,
        ordinal -> BigInt,
        distance -> Nullable<BigInt>,
        recorded_by -> Nullable<BigInt>,
        recorded_at -> BigInt,
    }
}

diesel::table! {
    open_play_courts (session_id, sheet_id) {
        org_id -> BigInt,
        session_id -> BigInt,
        sheet_id -> BigInt,
    }
}

diesel::table! {
    open_play_days (session_id, day) {
        org_id -> BigInt,
        session_id -> BigInt,
        day -> Text,
        version -> BigInt,
    }
}

diesel::table! {
    open_play_places (session_id, day, account_id) {
        org_id -> BigInt,
        session_id -> BigInt,
        day -> Text,
        account_id -> BigInt,
        sheet_id -> Nullable<BigInt>,
        side -> Nullable<BigInt>,
        seq -> BigInt,
        streak -> BigInt,
    }
}

diesel::table! {
    open_play_sessions (id) {
        id -> BigInt,
        org_id -> BigInt,
        name -> Text,
        weekday -> BigInt,
        starts_minute -> BigInt,
        ends_minute -> BigInt,
        level -> Text,
        capacity -> BigInt,
        format -> Text,
        rotation -> Text,
        archived -> BigInt,
        created_at -> BigInt,
    }
}

diesel::table! {
    open_play_signups (id) {
        id -> BigInt,
        org_id -> BigInt,
        session_id -> BigInt,
        day -> Text,
        account_id -> BigInt,
        status -> Text,
        checked_in_at -> Nullable<BigInt>,
        created_at -> BigInt,
        cancelled_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    opening_hours (org_id, weekday) {
        org_id -> BigInt,
        weekday -> BigInt,
        opens_minute -> BigInt,
        closes_minute -> BigInt,
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
    players (id) {
        id -> BigInt,
        org_id -> BigInt,
        team_id -> BigInt,
        name -> Text,
        position -> Text,
        ordinal -> BigInt,
    }
}

diesel::table! {
    programs (id) {
        id -> BigInt,
        org_id -> BigInt,
        name -> Text,
        description -> Text,
        season -> Text,
        kind -> Text,
        capacity -> Nullable<BigInt>,
        fee -> BigInt,
        opens_at -> BigInt,
        closes_at -> BigInt,
        members_only -> BigInt,
        created_at -> BigInt,
        confirmed_count -> BigInt,
        waitlisted_count -> BigInt,
    }
}

diesel::table! {
    registrations (id) {
        id -> BigInt,
        org_id -> BigInt,
        program_id -> BigInt,
        profile_id -> BigInt,
        account_id -> BigInt,
        player_name -> Text,
        contact_email -> Text,
        contact_lang -> Text,
        status -> Text,
        waitlist_rank -> Nullable<BigInt>,
        fee -> BigInt,
        taxes -> Text,
        total -> BigInt,
        payment_status -> Text,
        paid_amount -> BigInt,
        payment_note -> Text,
        created_at -> BigInt,
        confirmed_at -> Nullable<BigInt>,
        cancelled_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    score_changes (id) {
        id -> BigInt,
        org_id -> BigInt,
        game_id -> BigInt,
        account_id -> Nullable<BigInt>,
        at -> BigInt,
        action -> Text,
        before -> Text,
        after -> Text,
    }
}

diesel::table! {
    score_entries (id) {
        id -> BigInt,
        org_id -> BigInt,
        game_id -> BigInt,
        seq -> BigInt,
        side -> Nullable<BigInt>,
        points -> BigInt,
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

diesel::table! {
    spare_availability (event_id, account_id) {
        org_id -> BigInt,
        event_id -> BigInt,
        account_id -> BigInt,
        positions -> Text,
        max_up -> BigInt,
        notes -> Text,
        active -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    spare_invites (request_id, account_id) {
        org_id -> BigInt,
        request_id -> BigInt,
        account_id -> BigInt,
        declined_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    spare_notifications (request_id, account_id) {
        org_id -> BigInt,
        request_id -> BigInt,
        account_id -> BigInt,
        queue_order -> BigInt,
        bye_priority -> BigInt,
        due_at -> BigInt,
        sent_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    spare_requests (id) {
        id -> BigInt,
        org_id -> BigInt,
        event_id -> BigInt,
        game_id -> BigInt,
        team_id -> BigInt,
        requester_id -> BigInt,
        position -> Text,
        message -> Text,
        kind -> Text,
        status -> Text,
        filled_by -> Nullable<BigInt>,
        filled_at -> Nullable<BigInt>,
        had_cancellation -> BigInt,
        listed_at -> BigInt,
        created_at -> BigInt,
        version -> BigInt,
    }
}

diesel::table! {
    standing_decisions (id) {
        id -> BigInt,
        org_id -> BigInt,
        event_id -> BigInt,
        tied -> Text,
        ranked -> Text,
        decided_by -> Nullable<BigInt>,
        decided_at -> BigInt,
    }
}

diesel::table! {
    team_members (team_id, account_id) {
        org_id -> BigInt,
        team_id -> BigInt,
        account_id -> BigInt,
        position -> Text,
        added_at -> BigInt,
    }
}

diesel::table! {
    teams (id) {
        id -> BigInt,
        org_id -> BigInt,
        event_id -> BigInt,
        name -> Text,
        created_at -> BigInt,
        withdrawn_at -> Nullable<BigInt>,
        pool -> Nullable<Text>,
    }
}

diesel::table! {
    upgrades (name) {
        name -> Text,
        done_at -> BigInt,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> BigInt,
        org_id -> BigInt,
        endpoint_id -> BigInt,
        message_id -> BigInt,
        attempt -> BigInt,
        trigger -> Text,
        started_at -> BigInt,
        duration_ms -> BigInt,
        status_code -> Nullable<BigInt>,
        error -> Nullable<Text>,
        response -> Text,
        next_attempt_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    webhook_endpoints (id) {
        id -> BigInt,
        org_id -> BigInt,
        url -> Text,
        event_types -> Text,
        secret -> Text,
        previous_secret -> Nullable<Text>,
        previous_until -> Nullable<BigInt>,
        created_by -> BigInt,
        created_at -> BigInt,
        failing_since -> Nullable<BigInt>,
        disabled_at -> Nullable<BigInt>,
        disabled_why -> Nullable<Text>,
    }
}

diesel::table! {
    webhook_messages (id) {
        id -> BigInt,
        org_id -> BigInt,
        event_type -> Text,
        body -> Text,
        created_at -> BigInt,
    }
}

diesel::joinable!(bracket_changes -> brackets (bracket_id));
diesel::joinable!(bracket_games -> brackets (bracket_id));
diesel::joinable!(bracket_games -> draws (draw_id));
diesel::joinable!(bracket_games -> games (game_id));
diesel::joinable!(bracket_games -> sheets (sheet_id));
diesel::joinable!(brackets -> events (event_id));
diesel::joinable!(court_blocks -> sheets (sheet_id));
diesel::joinable!(court_bookings -> sheets (sheet_id));
diesel::joinable!(court_waitlist -> sheets (sheet_id));
diesel::joinable!(draws -> events (event_id));
diesel::joinable!(games -> draws (draw_id));
diesel::joinable!(games -> events (event_id));
diesel::joinable!(games -> sheets (sheet_id));
diesel::joinable!(lsd_stones -> games (game_id));
diesel::joinable!(open_play_courts -> open_play_sessions (session_id));
diesel::joinable!(open_play_courts -> sheets (sheet_id));
diesel::joinable!(open_play_days -> open_play_sessions (session_id));
diesel::joinable!(open_play_places -> open_play_sessions (session_id));
diesel::joinable!(open_play_signups -> open_play_sessions (session_id));
diesel::joinable!(players -> teams (team_id));
diesel::joinable!(registrations -> programs (program_id));
diesel::joinable!(score_changes -> games (game_id));
diesel::joinable!(score_entries -> games (game_id));
diesel::joinable!(spare_availability -> events (event_id));
diesel::joinable!(spare_invites -> spare_requests (request_id));
diesel::joinable!(spare_notifications -> spare_requests (request_id));
diesel::joinable!(spare_requests -> events (event_id));
diesel::joinable!(spare_requests -> games (game_id));
diesel::joinable!(spare_requests -> teams (team_id));
diesel::joinable!(standing_decisions -> events (event_id));
diesel::joinable!(team_members -> teams (team_id));
diesel::joinable!(teams -> events (event_id));
diesel::joinable!(webhook_deliveries -> webhook_endpoints (endpoint_id));
diesel::joinable!(webhook_deliveries -> webhook_messages (message_id));

diesel::allow_tables_to_appear_in_same_query!(
    backup_sentinel,
    booking_rules,
    bracket_changes,
    bracket_games,
    brackets,
    calendar_entries,
    club_clocks,
    court_blocks,
    court_bookings,
    court_waitlist,
    draws,
    events,
    games,
    lsd_stones,
    open_play_courts,
    open_play_days,
    open_play_places,
    open_play_sessions,
    open_play_signups,
    opening_hours,
    outbox,
    players,
    programs,
    registrations,
    score_changes,
    score_entries,
    sheets,
    spare_availability,
    spare_invites,
    spare_notifications,
    spare_requests,
    standing_decisions,
    team_members,
    teams,
    upgrades,
    webhook_deliveries,
    webhook_endpoints,
    webhook_messages,
);
