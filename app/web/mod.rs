//! HTTP: the one route table, extractors, and errors turned into responses.
//!
//! Handlers extract, make one call into the domain, pick a view and respond. No SQL here and
//! no long `html!`; views live in `crate::views`.

mod assets;
mod body_limit;
mod context;
mod error;
mod health;
mod home;
mod request_log;
mod security_headers;

use std::sync::Arc;

use poem::middleware::CatchPanic;
use poem::{Endpoint, EndpointExt, Route, get};

pub use context::PageContext;
pub use error::AppError;

use crate::config::Config;
use crate::db::Databases;
use crate::i18n::Lang;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub dbs: Arc<Databases>,
}

/// Every URL of the app. Pages exist in English at `/…` and in French at `/fr/…`.
pub fn routes(state: AppState) -> impl Endpoint {
    let mut route = Route::new()
        .at("/up", get(health::up))
        .at("/assets/:file", get(assets::show));
    for lang in Lang::ALL {
        route = pages(route, lang);
    }
    route
        .data(state)
        .with(CatchPanic::new())
        .map_to_response()
        .around(body_limit::limit)
        .around(error::render)
        .around(security_headers::add)
        .around(request_log::log)
}

/// The pages, under one language's prefix.
fn pages(route: Route, lang: Lang) -> Route {
    let at = |path: &str| lang.path(path);
    let route = route.at(at("/"), get(home::index));
    match lang {
        // `/fr` without the slash is the French home page too.
        Lang::Fr => route.at("/fr", get(home::index)),
        Lang::En => route,
    }
}
