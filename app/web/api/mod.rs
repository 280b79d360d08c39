//! The JSON API under `/api/v1`: bearer keys only (the session cookie is never read, so no
//! CSRF), problem+json errors, ETags on reads, `If-Match` on scorekeeping, and an OpenAPI 3.1
//! document generated from these handlers.

mod access;
mod docs;
mod generate;
mod model;
pub mod problem;
mod reads;
mod registration;
mod scoring;
mod setup;
mod spares;

use poem::{Endpoint, EndpointExt, Route, get, post};

pub use access::{Meter, RateLimits};
pub use docs::document;

/// The API's routes, relative to `/api/v1`.
pub fn routes() -> impl Endpoint<Output = poem::Response> {
    Route::new()
        .at("/openapi.json", get(docs::openapi_json))
        .at("/docs", get(docs::reference))
        .at("/clubs/:club", get(reads::show_club))
        .at(
            "/clubs/:club/events",
            get(reads::list_events).post(setup::create_event),
        )
        .at("/clubs/:club/events/:event", get(reads::show_event))
        .at(
            "/clubs/:club/events/:event/games",
            get(reads::list_games).post(setup::add_game),
        )
        .at("/clubs/:club/events/:event/teams", post(setup::add_team))
        .at("/clubs/:club/events/:event/draws", post(setup::add_draw))
        .at(
            "/clubs/:club/events/:event/standings",
            get(reads::show_standings),
        )
        .at(
            "/clubs/:club/events/:event/brackets",
            get(reads::list_brackets).post(generate::generate_bracket),
        )
        .at(
            "/clubs/:club/events/:event/schedule",
            post(generate::generate_schedule),
        )
        .at("/clubs/:club/events/:event/spares", get(spares::list))
        .at("/clubs/:club/games/:game", get(reads::show_game))
        .at("/clubs/:club/games/:game/actions", post(scoring::act))
        .at("/clubs/:club/programs", get(reads::list_programs))
        .at("/clubs/:club/registrations", get(reads::list_registrations))
        .at(
            "/clubs/:club/programs/:program/registrations",
            post(registration::register),
        )
        .around(access::meter)
        .map_to_response()
}

/// The methods a path of the API answers (for `Allow` on a 405).
pub fn allowed(path: &str) -> &'static str {
    if path.ends_with("/actions")
        || path.ends_with("/teams")
        || path.ends_with("/draws")
        || path.ends_with("/schedule")
        || (path.contains("/programs/") && path.ends_with("/registrations"))
    {
        "POST"
    } else if path.ends_with("/events") || path.ends_with("/games") || path.ends_with("/brackets") {
        "GET, HEAD, POST"
    } else {
        "GET, HEAD"
    }
}
