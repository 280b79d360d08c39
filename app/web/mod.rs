//! HTTP: the one route table, extractors, and errors turned into responses.
//!
//! Handlers extract, make one call into the domain, pick a view and respond. No SQL here and
//! no long `html!`; views live in `crate::views`.

mod account;
pub mod api;
mod api_keys;
mod assets;
mod auth;
mod backups;
mod billing;
mod brackets;
mod calendar;
mod client;
mod club_data;
mod club_webhooks;
mod clubs;
pub mod connections;
mod context;
mod courts;
mod csrf;
mod embed;
mod error;
mod event_settings;
mod events;
mod game_edits;
mod games;
mod health;
mod home;
mod input;
mod invitations;
mod live;
mod members;
mod metrics;
mod open_play;
mod operator;
mod password_reset;
pub mod paths;
mod programs;
mod registrations;
mod request_log;
mod respond;
mod schedule;
mod security_headers;
mod session;
mod spares;
pub mod streams;
mod teams;
mod webhooks;

use std::sync::Arc;

use poem::middleware::CatchPanic;
use poem::{Endpoint, EndpointExt, Request, Route, get, post};

pub use client::Client;
pub use context::{ClubVisitor, Flash, PageContext, Viewer, encode};
pub use error::AppError;
pub use operator::JobsQuery;
pub use respond::Redirect;

use crate::auth::session_store::SqliteSessionStore;
use crate::config::Config;
use crate::db::Databases;
use crate::i18n::Lang;
use paths::pattern as p;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub dbs: Arc<Databases>,
    pub jobs: crate::jobs::Jobs,
    pub hub: crate::live::Hub,
    pub cache: crate::cache::Cache,
    /// Whether Litestream runs (when this process supervises it).
    pub replication: crate::backup::supervisor::ReplicationState,
    /// The bounded set of password hashers.
    pub hashing: crate::auth::hashing::Hashing,
    /// The JSON API's rate limits and per-key use.
    pub api: api::Meter,
}

impl AppState {
    /// `https://club.example` for links that leave the page (invitations): the configured
    /// public URL, or else the host this request came to. (With `SMTP_URL` the public URL is
    /// required, so an emailed link never takes its host from a request.)
    pub fn public_base(&self, req: &Request) -> String {
        if let Some(url) = &self.config.public_url {
            return url.trim_end_matches('/').to_string();
        }
        let host = req
            .headers()
            .get("host")
            .and_then(|h| h.to_str().ok())
            .unwrap_or("127.0.0.1");
        let scheme = if Client::of(req).https {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{host}")
    }
}

impl AppState {
    /// The file of a club's sport. A club of a sport this server no longer runs is not found.
    pub fn sport_db(&self, sport: crate::sports::Sport) -> Result<&crate::db::Database, AppError> {
        self.dbs.sport(sport).ok_or(AppError::NotFound)
    }
}

/// Every URL of the app. Pages exist in English at `/…` and in French at `/fr/…`.
pub fn routes(state: AppState) -> impl Endpoint<Output = poem::Response> {
    let mut route = Route::new()
        .at("/up", get(health::up))
        .at("/metrics", get(metrics::show))
        .at("/assets/:file", get(assets::show))
        .at(paths::WEBHOOK_POSTMARK, post(webhooks::postmark))
        .at(paths::LIVE, get(live::stream))
        .at(paths::MEMBER_CALENDAR, get(calendar::member_feed))
        .nest("/api/v1", api::routes());
    for lang in Lang::ALL {
        route = pages(route, lang);
    }
    let sessions = session::SessionLayer {
        store: Arc::new(SqliteSessionStore::new(state.dbs.clone())),
        secure: state.config.secure_cookies(),
    };
    let proxies = Arc::new(client::TrustedProxies {
        nets: state.config.trusted_proxies.clone(),
        header: state.config.forwarded_header,
    });
    let body_timeout = state.config.connections.body;
    route
        .around(error::render)
        .data(state)
        .around(csrf::check)
        .around(move |ep, req| session::handle(ep, req, sessions.clone()))
        .with(CatchPanic::new())
        .map_to_response()
        // Type erasure here keeps the nested middleware types (and compile times) small.
        .boxed()
        .around(move |ep, req| input::check(ep, body_timeout, req))
        .around(error::render)
        .around(security_headers::add)
        .around(request_log::log)
        .around(move |ep, req| client::identify(ep, proxies.clone(), req))
        .boxed()
}

/// The pages, under one language's prefix.
fn pages(route: Route, lang: Lang) -> Route {
    let at = |path: &str| lang.path(path);
    let route = route
        .at(at(p::HOME), get(home::index))
        .at(at(p::SIGN_UP), get(auth::sign_up_page).post(auth::sign_up))
        .at(at(p::SIGN_UP_SENT), get(auth::sign_up_sent))
        .at(
            at(p::VERIFY_EMAIL),
            get(auth::verify_page).post(auth::verify),
        )
        .at(at(p::VERIFY_EMAIL_RESEND), post(auth::resend_verification))
        .at(at(p::SIGN_IN), get(auth::sign_in_page).post(auth::sign_in))
        .at(at(p::SIGN_OUT), post(auth::sign_out))
        .at(at(p::ACCOUNT), get(account::show).post(account::update))
        .at(at(p::ACCOUNT_PASSWORD), post(account::change_password))
        .at(at(p::ACCOUNT_CALENDAR), post(account::rotate_calendar))
        .at(at(p::PROFILES), post(account::add_profile))
        .at(
            at(p::PROFILE),
            get(account::edit_profile).post(account::update_profile),
        )
        .at(at(p::PROFILE_DELETE), post(account::remove_profile))
        .at(at(p::CLUBS), get(clubs::index).post(clubs::create))
        .at(at(p::NEW_CLUB), get(clubs::new))
        .at(at(p::CLUB), get(clubs::show))
        .at(at(p::SHEETS), post(clubs::add_sheet))
        .at(at(p::SHEET), post(clubs::rename_sheet))
        .at(at(p::SHEET_ACTION), post(clubs::sheet_action))
        .at(
            at(p::CLUB_SETTINGS),
            get(clubs::settings_page).post(clubs::save_settings),
        )
        .at(at(p::MEMBERS), get(members::index))
        .at(at(p::MEMBER_ROLE), post(members::change_role))
        .at(at(p::MEMBER_REMOVE), post(members::remove))
        .at(at(p::INVITATIONS), post(members::invite))
        .at(at(p::INVITATION_REVOKE), post(members::revoke_invitation))
        .at(
            at(p::CLUB_EXPORTS),
            get(club_data::exports).post(club_data::start_export),
        )
        .at(at(p::CLUB_EXPORT_FILE), get(club_data::export_file))
        .at(at(p::API_KEYS), get(api_keys::index).post(api_keys::create))
        .at(at(p::API_KEY_REVOKE), post(api_keys::revoke))
        .at(
            at(p::WEBHOOKS),
            get(club_webhooks::index).post(club_webhooks::create),
        )
        .at(
            at(p::WEBHOOK),
            get(club_webhooks::show).post(club_webhooks::update),
        )
        .at(at(p::WEBHOOK_ACTION), post(club_webhooks::act))
        .at(at(p::WEBHOOK_REDELIVER), post(club_webhooks::redeliver))
        .at(
            at(p::CLUB_DELETE),
            get(club_data::delete_page).post(club_data::delete),
        )
        .at(at(p::CLUB_DELETION), get(club_data::deletion_progress))
        .at(at(p::EVENTS), get(events::index).post(events::create))
        .at(at(p::EVENT), get(events::show))
        .at(at(p::EVENT_TV), get(events::tv))
        .at(at(p::EMBED_EVENT), get(embed::event))
        .at(at(p::EVENT_CALENDAR), get(calendar::event_feed))
        .at(at(p::TEAM_CALENDAR), get(calendar::team_feed))
        .at(at(p::EMBED_GAME), get(embed::game))
        .at(
            at(p::EVENT_SPARES),
            get(spares::show).post(spares::post_ask),
        )
        .at(at(p::SPARE_AVAILABILITY), post(spares::availability))
        .at(at(p::SPARE_ACTION), post(spares::act))
        .at(at(p::TEAM_MEMBERS), post(teams::add_member))
        .at(at(p::TEAM_MEMBER_REMOVE), post(teams::remove_member))
        .at(at(p::COURTS), get(courts::day))
        .at(at(p::COURT_BOOK), post(courts::book))
        .at(at(p::COURT_CANCEL), post(courts::cancel))
        .at(
            at(p::OPEN_PLAY),
            get(open_play::list).post(open_play::create),
        )
        .at(at(p::OPEN_PLAY_SESSION), get(open_play::show))
        .at(
            at(p::OPEN_PLAY_EDIT),
            get(open_play::edit_page).post(open_play::update),
        )
        .at(at(p::OPEN_PLAY_ARCHIVE), post(open_play::archive))
        .at(at(p::OPEN_PLAY_SIGN_UP), post(open_play::sign_up))
        .at(at(p::OPEN_PLAY_CANCEL), post(open_play::cancel))
        .at(
            at(p::OPEN_PLAY_DESK),
            get(open_play::desk).post(open_play::desk_act),
        )
        .at(at(p::OPEN_PLAY_BOARD), get(open_play::board))
        .at(at(p::COURT_WAITLIST), post(courts::join_waitlist))
        .at(at(p::COURT_BOOKING), get(courts::booking_page))
        .at(at(p::COURT_BOOKING_PLAYERS), post(courts::save_players))
        .at(at(p::COURT_BOOKING_PAID), post(courts::set_paid))
        .at(at(p::COURT_BOOKING_RECEIPT), get(courts::receipt))
        .at(at(p::COURT_WAITLIST_LEAVE), post(courts::leave_waitlist))
        .at(at(p::COURT_BLOCKS), post(courts::add_block))
        .at(at(p::COURT_BLOCK_REMOVE), post(courts::remove_block))
        .at(
            at(p::COURT_RULES),
            get(courts::rules_page).post(courts::save_rules),
        )
        .at(at(p::EVENT_MANAGE), get(events::manage))
        .at(at(p::EVENT_TEAMS), post(events::add_team))
        .at(at(p::EVENT_DRAWS), post(events::add_draw))
        .at(at(p::EVENT_GAMES), post(events::add_game))
        .at(at(p::DRAW_ACTION), post(events::draw_action))
        .at(
            at(p::EVENT_EDIT),
            get(event_settings::edit_page).post(event_settings::update),
        )
        .at(at(p::EVENT_ACTION), post(event_settings::act))
        .at(at(p::EVENT_TIES), post(event_settings::ties))
        .at(
            at(p::EVENT_SCHEDULE),
            get(schedule::show).post(schedule::post),
        )
        .at(at(p::EVENT_SCHEDULE_CSV), get(schedule::export_csv))
        .at(
            at(p::EVENT_BRACKETS),
            get(brackets::show).post(brackets::create),
        )
        .at(at(p::BRACKET_ACTION), post(brackets::act))
        .at(at(p::BRACKET_GAME_REMOVE), post(brackets::remove_game))
        .at(at(p::TEAM), get(teams::show))
        .at(at(p::TEAM_EDIT), get(teams::edit_form).post(teams::update))
        .at(at(p::TEAM_ACTION), post(teams::act))
        .at(at(p::PROGRAMS), get(programs::index).post(programs::create))
        .at(at(p::CLUB_TAXES), post(billing::add_tax))
        .at(at(p::RECEIPT_DETAILS), post(billing::save_receipt_details))
        .at(at(p::CLUB_TAX_REMOVE), post(billing::remove_tax))
        .at(at(p::PROGRAM), get(programs::show))
        .at(at(p::PROGRAM_REGISTER), post(programs::register))
        .at(
            at(p::PROGRAM_MANAGE),
            get(programs::manage).post(programs::update),
        )
        .at(at(p::REGISTRATIONS), get(registrations::index))
        .at(at(p::REGISTRATIONS_CSV), get(registrations::csv))
        .at(at(p::MY_REGISTRATIONS), get(registrations::mine))
        .at(at(p::REGISTRATION_RECEIPT), get(registrations::receipt))
        .at(at(p::REGISTRATION_ACTION), post(registrations::act))
        .at(at(p::GAME), get(games::show))
        .at(at(p::GAME_SCORE), get(games::score_page).post(games::score))
        .at(at(p::GAME_HISTORY), get(games::history))
        .at(
            at(p::GAME_EDIT),
            get(game_edits::edit_form).post(game_edits::update),
        )
        .at(at(p::GAME_CALL), post(game_edits::call))
        .at(at(p::GAME_LSD), post(games::record_lsd))
        .at(
            at(p::INVITATION),
            get(invitations::show).post(invitations::accept),
        )
        .at(
            at(p::PASSWORD_RESET_REQUEST),
            get(password_reset::request_page).post(password_reset::request),
        )
        .at(
            at(p::PASSWORD_RESET),
            get(password_reset::reset_page).post(password_reset::reset),
        )
        .at(at(p::OPERATOR_JOBS), get(operator::jobs))
        .at(at(p::OPERATOR_JOB), get(operator::job))
        .at(at(p::OPERATOR_JOB_ACTION), post(operator::job_action))
        .at(at(p::OPERATOR_JOBS_BULK), post(operator::bulk))
        .at(at(p::OPERATOR_QUEUE), post(operator::queue_action))
        .at(at(p::OPERATOR_MAILBOX), get(operator::mailbox))
        .at(at(p::OPERATOR_BACKUPS), get(backups::page))
        .at(at(p::OPERATOR_BACKUPS_VERIFY), post(backups::verify_now))
        .at(at(p::OPERATOR_EMAIL), get(operator::message))
        .at(at(p::OPERATOR_EMAIL_HTML), get(operator::message_html));
    match lang {
        // `/fr` without the slash is the French home page too.
        Lang::Fr => route.at("/fr", get(home::index)),
        Lang::En => route,
    }
}
