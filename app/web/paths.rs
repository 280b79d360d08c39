//! The URL scheme, in one place: the patterns the route table serves and the functions views
//! use to link to them. Every page exists in English at `/…` and in French at `/fr/…`.

use crate::i18n::Lang;

/// Route patterns (without the language prefix).
pub mod pattern {
    pub const HOME: &str = "/";
    pub const SIGN_UP: &str = "/sign-up";
    pub const SIGN_IN: &str = "/sign-in";
    pub const SIGN_UP_SENT: &str = "/sign-up/sent";
    pub const SIGN_OUT: &str = "/sign-out";
    pub const VERIFY_EMAIL: &str = "/verify-email/:token";
    pub const VERIFY_EMAIL_RESEND: &str = "/account/verify-email";
    pub const ACCOUNT: &str = "/account";
    pub const ACCOUNT_PASSWORD: &str = "/account/password";
    pub const PROFILES: &str = "/account/profiles";
    pub const PROFILE: &str = "/account/profiles/:id";
    pub const PROFILE_DELETE: &str = "/account/profiles/:id/delete";
    pub const CLUBS: &str = "/clubs";
    pub const NEW_CLUB: &str = "/clubs/new";
    pub const CLUB: &str = "/clubs/:slug";
    pub const SHEETS: &str = "/clubs/:slug/sheets";
    pub const MEMBERS: &str = "/clubs/:slug/members";
    pub const CLUB_EXPORTS: &str = "/clubs/:slug/exports";
    pub const API_KEYS: &str = "/clubs/:slug/api-keys";
    pub const WEBHOOKS: &str = "/clubs/:slug/webhooks";
    pub const WEBHOOK: &str = "/clubs/:slug/webhooks/:endpoint";
    /// `rotate`, `remove`.
    pub const WEBHOOK_ACTION: &str = "/clubs/:slug/webhooks/:endpoint/:action";
    pub const WEBHOOK_REDELIVER: &str =
        "/clubs/:slug/webhooks/:endpoint/messages/:message/redeliver";
    pub const API_KEY_REVOKE: &str = "/clubs/:slug/api-keys/:key/revoke";
    pub const CLUB_EXPORT_FILE: &str = "/clubs/:slug/exports/:id/file";
    pub const CLUB_DELETE: &str = "/clubs/:slug/delete";
    pub const CLUB_DELETION: &str = "/club-deletions/:id";
    pub const MEMBER_ROLE: &str = "/clubs/:slug/members/:account/role";
    pub const MEMBER_REMOVE: &str = "/clubs/:slug/members/:account/remove";
    pub const INVITATIONS: &str = "/clubs/:slug/invitations";
    pub const INVITATION_REVOKE: &str = "/clubs/:slug/invitations/:id/revoke";
    pub const EVENTS: &str = "/clubs/:slug/events";
    pub const EVENT: &str = "/clubs/:slug/events/:event";
    pub const EVENT_TV: &str = "/clubs/:slug/events/:event/tv";
    pub const EMBED_EVENT: &str = "/embed/clubs/:slug/events/:event";
    pub const EVENT_CALENDAR: &str = "/clubs/:slug/events/:event/calendar.ics";
    pub const TEAM_CALENDAR: &str = "/clubs/:slug/events/:event/teams/:team/calendar.ics";
    pub const EMBED_GAME: &str = "/embed/clubs/:slug/games/:game";
    pub const EVENT_SPARES: &str = "/clubs/:slug/events/:event/spares";
    pub const SPARE_AVAILABILITY: &str = "/clubs/:slug/events/:event/spares/availability";
    /// `accept`, `withdraw`, `cancel`.
    pub const SPARE_ACTION: &str = "/clubs/:slug/events/:event/spares/:request/:action";
    pub const TEAM_MEMBERS: &str = "/clubs/:slug/events/:event/teams/:team/members";
    pub const TEAM_MEMBER_REMOVE: &str =
        "/clubs/:slug/events/:event/teams/:team/members/:account/remove";
    pub const ACCOUNT_CALENDAR: &str = "/account/calendar";
    pub const COURTS: &str = "/clubs/:slug/courts";
    pub const COURT_BOOK: &str = "/clubs/:slug/courts/book";
    pub const COURT_CANCEL: &str = "/clubs/:slug/courts/bookings/:booking/cancel";
    pub const COURT_RULES: &str = "/clubs/:slug/courts/rules";
    pub const COURT_BLOCKS: &str = "/clubs/:slug/courts/blocks";
    pub const COURT_WAITLIST: &str = "/clubs/:slug/courts/waitlist";
    pub const COURT_BOOKING: &str = "/clubs/:slug/courts/bookings/:booking";
    pub const COURT_BOOKING_PLAYERS: &str = "/clubs/:slug/courts/bookings/:booking/players";
    pub const COURT_BOOKING_PAID: &str = "/clubs/:slug/courts/bookings/:booking/paid";
    pub const COURT_BOOKING_RECEIPT: &str = "/clubs/:slug/courts/bookings/:booking/receipt";
    pub const COURT_WAITLIST_LEAVE: &str = "/clubs/:slug/courts/waitlist/leave";
    pub const COURT_BLOCK_REMOVE: &str = "/clubs/:slug/courts/blocks/:block/remove";
    pub const OPEN_PLAY: &str = "/clubs/:slug/open-play";
    pub const OPEN_PLAY_SESSION: &str = "/clubs/:slug/open-play/:session";
    pub const OPEN_PLAY_EDIT: &str = "/clubs/:slug/open-play/:session/edit";
    pub const OPEN_PLAY_ARCHIVE: &str = "/clubs/:slug/open-play/:session/archive";
    pub const OPEN_PLAY_SIGN_UP: &str = "/clubs/:slug/open-play/:session/sign-up";
    pub const OPEN_PLAY_CANCEL: &str = "/clubs/:slug/open-play/:session/cancel";
    pub const OPEN_PLAY_DESK: &str = "/clubs/:slug/open-play/:session/desk";
    pub const OPEN_PLAY_BOARD: &str = "/clubs/:slug/open-play/:session/board";
    pub const EVENT_MANAGE: &str = "/clubs/:slug/events/:event/manage";
    pub const EVENT_TEAMS: &str = "/clubs/:slug/events/:event/teams";
    pub const EVENT_DRAWS: &str = "/clubs/:slug/events/:event/draws";
    pub const EVENT_GAMES: &str = "/clubs/:slug/events/:event/games";
    pub const EVENT_EDIT: &str = "/clubs/:slug/events/:event/edit";
    /// `delete`, `archive`, `unarchive`.
    pub const EVENT_ACTION: &str = "/clubs/:slug/events/:event/do/:action";
    pub const EVENT_SCHEDULE: &str = "/clubs/:slug/events/:event/schedule";
    pub const EVENT_BRACKETS: &str = "/clubs/:slug/events/:event/brackets";
    pub const BRACKET_ACTION: &str = "/clubs/:slug/events/:event/brackets/:bracket/:action";
    pub const BRACKET_GAME_REMOVE: &str =
        "/clubs/:slug/events/:event/brackets/:bracket/games/:number/remove";
    pub const EVENT_SCHEDULE_CSV: &str = "/clubs/:slug/events/:event/schedule.csv";
    /// `decide`, `undecide`.
    pub const EVENT_TIES: &str = "/clubs/:slug/events/:event/ties/:action";
    pub const TEAM: &str = "/clubs/:slug/events/:event/teams/:team";
    pub const TEAM_EDIT: &str = "/clubs/:slug/events/:event/teams/:team/edit";
    /// `withdraw`, `reinstate`, `delete`.
    pub const TEAM_ACTION: &str = "/clubs/:slug/events/:event/teams/:team/do/:action";
    /// `move`, `delete`.
    pub const DRAW_ACTION: &str = "/clubs/:slug/events/:event/draws/:draw/:action";
    pub const GAME_EDIT: &str = "/clubs/:slug/games/:game/edit";
    /// `cancel`, `restore`, `forfeit`, `unforfeit`, `delete`.
    pub const GAME_CALL: &str = "/clubs/:slug/games/:game/call/:action";
    pub const GAME_LSD: &str = "/clubs/:slug/games/:game/lsd";
    pub const SHEET: &str = "/clubs/:slug/sheets/:sheet";
    /// `up`, `down`, `delete`.
    pub const SHEET_ACTION: &str = "/clubs/:slug/sheets/:sheet/:action";
    pub const CLUB_SETTINGS: &str = "/clubs/:slug/settings";
    pub const PROGRAMS: &str = "/clubs/:slug/programs";
    pub const CLUB_TAXES: &str = "/clubs/:slug/taxes";
    pub const RECEIPT_DETAILS: &str = "/clubs/:slug/receipt-details";
    pub const CLUB_TAX_REMOVE: &str = "/clubs/:slug/taxes/remove";
    pub const PROGRAM: &str = "/clubs/:slug/programs/:program";
    pub const PROGRAM_REGISTER: &str = "/clubs/:slug/programs/:program/register";
    pub const PROGRAM_MANAGE: &str = "/clubs/:slug/programs/:program/manage";
    pub const REGISTRATIONS: &str = "/clubs/:slug/registrations";
    pub const REGISTRATIONS_CSV: &str = "/clubs/:slug/registrations.csv";
    pub const MY_REGISTRATIONS: &str = "/clubs/:slug/my-registrations";
    pub const REGISTRATION_RECEIPT: &str = "/clubs/:slug/registrations/:registration/receipt";
    /// `cancel`, `payment`, `promote`, `up`, `down`.
    pub const REGISTRATION_ACTION: &str = "/clubs/:slug/registrations/:registration/:action";
    pub const GAME: &str = "/clubs/:slug/games/:game";
    pub const GAME_SCORE: &str = "/clubs/:slug/games/:game/score";
    pub const GAME_HISTORY: &str = "/clubs/:slug/games/:game/history";
    pub const INVITATION: &str = "/invitations/:token";
    pub const PASSWORD_RESET_REQUEST: &str = "/password-reset";
    pub const PASSWORD_RESET: &str = "/password-reset/:token";
    pub const OPERATOR_JOBS: &str = "/operator/jobs";
    pub const OPERATOR_JOB: &str = "/operator/jobs/:id";
    pub const OPERATOR_JOB_ACTION: &str = "/operator/jobs/:id/:action";
    pub const OPERATOR_JOBS_BULK: &str = "/operator/bulk";
    pub const OPERATOR_QUEUE: &str = "/operator/queues/:queue/:action";
    pub const OPERATOR_MAILBOX: &str = "/operator/mailbox";
    pub const OPERATOR_BACKUPS: &str = "/operator/backups";
    pub const OPERATOR_BACKUPS_VERIFY: &str = "/operator/backups/verify";
    pub const OPERATOR_EMAIL: &str = "/operator/mailbox/:id";
    pub const OPERATOR_EMAIL_HTML: &str = "/operator/mailbox/:id/html";
}

/// Not language-prefixed: called by machines.
pub const WEBHOOK_POSTMARK: &str = "/webhooks/postmark";
/// A member's calendar feed (`/calendar/<token>.ics`): not language-prefixed, the token
/// is the whole address.
pub const MEMBER_CALENDAR: &str = "/calendar/:token";
/// Not language-prefixed: the topics name their language.
pub const LIVE: &str = "/live";

pub fn home(lang: Lang) -> String {
    lang.path("/")
}
pub fn sign_up(lang: Lang) -> String {
    lang.path(pattern::SIGN_UP)
}
pub fn sign_in(lang: Lang) -> String {
    lang.path(pattern::SIGN_IN)
}
pub fn sign_up_sent(lang: Lang) -> String {
    lang.path(pattern::SIGN_UP_SENT)
}
/// The confirmation link, with where to go once confirmed (a local path, or nothing).
pub fn verify_email(lang: Lang, token: &str, next: Option<&str>) -> String {
    let path = lang.path(&format!("/verify-email/{token}"));
    match next {
        Some(next) => format!("{path}?next={}", super::encode(next)),
        None => path,
    }
}
pub fn verify_email_resend(lang: Lang) -> String {
    lang.path(pattern::VERIFY_EMAIL_RESEND)
}
pub fn sign_out(lang: Lang) -> String {
    lang.path(pattern::SIGN_OUT)
}
pub fn account(lang: Lang) -> String {
    lang.path(pattern::ACCOUNT)
}
pub fn account_password(lang: Lang) -> String {
    lang.path(pattern::ACCOUNT_PASSWORD)
}
pub fn profiles(lang: Lang) -> String {
    lang.path(pattern::PROFILES)
}
pub fn profile(lang: Lang, id: i64) -> String {
    lang.path(&format!("/account/profiles/{id}"))
}
pub fn profile_delete(lang: Lang, id: i64) -> String {
    lang.path(&format!("/account/profiles/{id}/delete"))
}
pub fn clubs(lang: Lang) -> String {
    lang.path(pattern::CLUBS)
}
pub fn new_club(lang: Lang) -> String {
    lang.path(pattern::NEW_CLUB)
}
pub fn club(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}"))
}
pub fn sheets(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/sheets"))
}
pub fn webhooks(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/webhooks"))
}
pub fn webhook(lang: Lang, slug: &str, endpoint: i64) -> String {
    lang.path(&format!("/clubs/{slug}/webhooks/{endpoint}"))
}
pub fn webhook_action(lang: Lang, slug: &str, endpoint: i64, action: &str) -> String {
    lang.path(&format!("/clubs/{slug}/webhooks/{endpoint}/{action}"))
}
pub fn webhook_redeliver(lang: Lang, slug: &str, endpoint: i64, message: i64) -> String {
    lang.path(&format!(
        "/clubs/{slug}/webhooks/{endpoint}/messages/{message}/redeliver"
    ))
}
pub fn api_keys(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/api-keys"))
}
pub fn api_key_revoke(lang: Lang, slug: &str, key: i64) -> String {
    lang.path(&format!("/clubs/{slug}/api-keys/{key}/revoke"))
}
/// The JSON API's reference page and document (one language: the API speaks English).
pub const API_DOCS: &str = "/api/v1/docs";
pub const API_OPENAPI: &str = "/api/v1/openapi.json";
pub fn club_exports(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/exports"))
}
pub fn club_export_file(lang: Lang, slug: &str, id: i64) -> String {
    lang.path(&format!("/clubs/{slug}/exports/{id}/file"))
}
pub fn club_delete(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/delete"))
}
pub fn club_deletion(lang: Lang, id: i64) -> String {
    lang.path(&format!("/club-deletions/{id}"))
}
pub fn members(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/members"))
}
pub fn member_role(lang: Lang, slug: &str, account: i64) -> String {
    lang.path(&format!("/clubs/{slug}/members/{account}/role"))
}
pub fn member_remove(lang: Lang, slug: &str, account: i64) -> String {
    lang.path(&format!("/clubs/{slug}/members/{account}/remove"))
}
pub fn invitations(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/invitations"))
}
pub fn invitation_revoke(lang: Lang, slug: &str, id: i64) -> String {
    lang.path(&format!("/clubs/{slug}/invitations/{id}/revoke"))
}
pub fn invitation(lang: Lang, token: &str) -> String {
    lang.path(&format!("/invitations/{token}"))
}
pub fn events(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/events"))
}
pub fn event(lang: Lang, slug: &str, event: i64) -> String {
    lang.path(&format!("/clubs/{slug}/events/{event}"))
}
/// An event page's sub-page: `tv`, `manage`, `teams`, `draws`, `games`.
pub fn event_part(lang: Lang, slug: &str, event: i64, part: &str) -> String {
    lang.path(&format!("/clubs/{slug}/events/{event}/{part}"))
}
pub fn event_spares(lang: Lang, slug: &str, event: i64) -> String {
    event_part(lang, slug, event, "spares")
}
/// A booking's page, or one of its parts (`players`, `paid`, `receipt`).
pub fn court_booking(lang: Lang, slug: &str, booking: i64, part: &str) -> String {
    match part {
        "" => lang.path(&format!("/clubs/{slug}/courts/bookings/{booking}")),
        part => lang.path(&format!("/clubs/{slug}/courts/bookings/{booking}/{part}")),
    }
}

pub fn court_waitlist(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/courts/waitlist"))
}

pub fn court_waitlist_leave(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/courts/waitlist/leave"))
}

pub fn court_blocks(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/courts/blocks"))
}

pub fn court_block_remove(lang: Lang, slug: &str, block: i64) -> String {
    lang.path(&format!("/clubs/{slug}/courts/blocks/{block}/remove"))
}

pub fn open_play(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/open-play"))
}

/// A session's page (or one of its parts: `edit`, `sign-up`, `desk`…), for `day` when given.
pub fn open_play_session(
    lang: Lang,
    slug: &str,
    session: i64,
    part: &str,
    day: Option<chrono::NaiveDate>,
) -> String {
    let base = match part {
        "" => format!("/clubs/{slug}/open-play/{session}"),
        part => format!("/clubs/{slug}/open-play/{session}/{part}"),
    };
    let path = lang.path(&base);
    match day {
        Some(day) => format!("{path}?date={}", day.format("%Y-%m-%d")),
        None => path,
    }
}

pub fn courts(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/courts"))
}
pub fn court_book(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/courts/book"))
}
pub fn court_cancel(lang: Lang, slug: &str, booking: i64) -> String {
    lang.path(&format!("/clubs/{slug}/courts/bookings/{booking}/cancel"))
}
pub fn court_rules(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/courts/rules"))
}
pub fn account_calendar(lang: Lang) -> String {
    lang.path(pattern::ACCOUNT_CALENDAR)
}
pub fn member_calendar(token: &str) -> String {
    format!("/calendar/{token}.ics")
}
pub fn game(lang: Lang, slug: &str, game: i64) -> String {
    lang.path(&format!("/clubs/{slug}/games/{game}"))
}
/// A game's sub-page or action: `edit`, `lsd`, `call/cancel`…
pub fn game_part(lang: Lang, slug: &str, game: i64, part: &str) -> String {
    lang.path(&format!("/clubs/{slug}/games/{game}/{part}"))
}
pub fn team(lang: Lang, slug: &str, event: i64, team: i64) -> String {
    lang.path(&format!("/clubs/{slug}/events/{event}/teams/{team}"))
}
/// A team's sub-page or action: `edit`, `do/withdraw`…
pub fn team_part(lang: Lang, slug: &str, event: i64, team: i64, part: &str) -> String {
    lang.path(&format!("/clubs/{slug}/events/{event}/teams/{team}/{part}"))
}
pub fn draw_action(lang: Lang, slug: &str, event: i64, draw: i64, action: &str) -> String {
    lang.path(&format!(
        "/clubs/{slug}/events/{event}/draws/{draw}/{action}"
    ))
}
pub fn sheet(lang: Lang, slug: &str, sheet: i64) -> String {
    lang.path(&format!("/clubs/{slug}/sheets/{sheet}"))
}
pub fn sheet_action(lang: Lang, slug: &str, sheet: i64, action: &str) -> String {
    lang.path(&format!("/clubs/{slug}/sheets/{sheet}/{action}"))
}
pub fn club_settings(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/settings"))
}
pub fn game_score(lang: Lang, slug: &str, game: i64) -> String {
    lang.path(&format!("/clubs/{slug}/games/{game}/score"))
}
pub fn game_history(lang: Lang, slug: &str, game: i64) -> String {
    lang.path(&format!("/clubs/{slug}/games/{game}/history"))
}
pub fn receipt_details(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/receipt-details"))
}
pub fn club_taxes(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/taxes"))
}
pub fn club_tax_remove(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/taxes/remove"))
}
pub fn programs(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/programs"))
}
pub fn program(lang: Lang, slug: &str, program: i64) -> String {
    lang.path(&format!("/clubs/{slug}/programs/{program}"))
}
/// A program's sub-page: `register`, `manage`.
pub fn program_part(lang: Lang, slug: &str, program: i64, part: &str) -> String {
    lang.path(&format!("/clubs/{slug}/programs/{program}/{part}"))
}
pub fn registrations(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/registrations"))
}
pub fn registrations_csv(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/registrations.csv"))
}
pub fn my_registrations(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/my-registrations"))
}
/// A registration's receipt, or an action on it: `receipt`, `cancel`, `payment`, `promote`,
/// `up`, `down`.
pub fn registration_part(lang: Lang, slug: &str, registration: i64, part: &str) -> String {
    lang.path(&format!(
        "/clubs/{slug}/registrations/{registration}/{part}"
    ))
}
/// The SSE stream of `topics`, replaying what was published after `after`.
pub fn live(topics: &[String], after: i64) -> String {
    let mut query: Vec<(&str, String)> = topics.iter().map(|t| ("topic", t.clone())).collect();
    query.push(("after", after.to_string()));
    format!(
        "{LIVE}?{}",
        serde_urlencoded::to_string(&query).unwrap_or_default()
    )
}

pub fn password_reset_request(lang: Lang) -> String {
    lang.path(pattern::PASSWORD_RESET_REQUEST)
}
pub fn password_reset(lang: Lang, token: &str) -> String {
    lang.path(&format!("/password-reset/{token}"))
}
pub fn operator_jobs(lang: Lang) -> String {
    lang.path(pattern::OPERATOR_JOBS)
}
pub fn operator_job(lang: Lang, id: i64) -> String {
    lang.path(&format!("/operator/jobs/{id}"))
}
pub fn operator_job_action(lang: Lang, id: i64, action: &str) -> String {
    lang.path(&format!("/operator/jobs/{id}/{action}"))
}
pub fn operator_bulk(lang: Lang) -> String {
    lang.path(pattern::OPERATOR_JOBS_BULK)
}
pub fn operator_queue(lang: Lang, queue: &str, action: &str) -> String {
    lang.path(&format!("/operator/queues/{queue}/{action}"))
}
pub fn operator_backups(lang: Lang) -> String {
    lang.path(pattern::OPERATOR_BACKUPS)
}
pub fn operator_backups_verify(lang: Lang) -> String {
    lang.path(pattern::OPERATOR_BACKUPS_VERIFY)
}
pub fn operator_mailbox(lang: Lang) -> String {
    lang.path(pattern::OPERATOR_MAILBOX)
}
pub fn operator_email(lang: Lang, id: i64) -> String {
    lang.path(&format!("/operator/mailbox/{id}"))
}
pub fn operator_email_html(lang: Lang, id: i64) -> String {
    lang.path(&format!("/operator/mailbox/{id}/html"))
}

/// Where to go after signing in or up: `next` in `lang` if the result is a path on this
/// site, else `None`. The check runs on the final location (after the language prefix is
/// changed), because `/fr//evil.example` becomes `//evil.example`.
pub fn local_next(next: &str, lang: Lang) -> Option<String> {
    let unprefixed = Lang::strip(next);
    if !is_local_path(next) || !is_local_path(unprefixed) {
        return None;
    }
    Some(lang.path(unprefixed)).filter(|path| is_local_path(path))
}

/// Whether a browser reads `location` as a path on this origin: it starts with one `/`, and
/// holds only visible ASCII without a backslash. Browsers drop tabs and newlines from URLs
/// and read `\` as `/`, so `/\t/evil.example` and `/\\evil.example` are other hosts.
pub fn is_local_path(location: &str) -> bool {
    let bytes = location.as_bytes();
    bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/' | b'\\'))
        && bytes.iter().all(|&b| b.is_ascii_graphic() && b != b'\\')
}

/// The embeddable scoreboard of an event (framed by clubs' own sites).
pub fn embed_event(lang: Lang, slug: &str, event: i64) -> String {
    lang.path(&format!("/embed/clubs/{slug}/events/{event}"))
}
pub fn embed_game(lang: Lang, slug: &str, game: i64) -> String {
    lang.path(&format!("/embed/clubs/{slug}/games/{game}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_must_be_a_local_path_after_the_language_prefix_changes() {
        assert_eq!(
            local_next("/clubs/x", Lang::En).as_deref(),
            Some("/clubs/x")
        );
        assert_eq!(
            local_next("/clubs/x", Lang::Fr).as_deref(),
            Some("/fr/clubs/x")
        );
        assert_eq!(
            local_next("/fr/clubs/x", Lang::En).as_deref(),
            Some("/clubs/x")
        );
        assert_eq!(local_next("/fr", Lang::En).as_deref(), Some("/"));
        for bad in [
            "//evil.example",
            "/fr//evil.example",
            "/fr/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n//evil.example",
            "/\\evil.example",
            "/ /evil.example",
            "/\u{7f}/evil.example",
            "/\u{a0}/evil.example",
            "https://evil.example",
            "http:/evil.example",
            "clubs",
            "",
        ] {
            for lang in Lang::ALL {
                assert_eq!(local_next(bad, lang), None, "{bad:?} in {lang:?}");
            }
        }
    }
}
