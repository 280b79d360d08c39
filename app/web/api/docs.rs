//! The API's OpenAPI 3.1 document, generated from the handlers' annotations and the answer
//! types (utoipa: it writes 3.1, where poem-openapi writes only 3.0), and a reference page
//! rendered from that same document — plain HTML under the app's strict CSP.

use std::sync::OnceLock;

use maud::{Markup, html};
use poem::{Request, Response, handler};
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{Modify, OpenApi};

use super::model::*;
use super::problem::{FieldProblem, Problem};
use super::{generate, reads, registration, scoring, setup, spares};

/// Answers every operation may give besides its own: a bad key, the rate limit, a busy or
/// failing server, a malformed request.
const COMMON: [(&str, &str); 5] = [
    (
        "400",
        "The request is malformed (a header, the query string).",
    ),
    (
        "401",
        "The key is missing where one is needed, malformed, unknown, revoked or expired.",
    ),
    ("429", "Too many requests: wait `Retry-After` seconds."),
    ("500", "Something went wrong on the server."),
    ("503", "The server is busy: try again shortly."),
];

struct Common;

impl Modify for Common {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("chk_…")
                    .description(Some(
                        "A club's API key, made on the club's API keys page by an owner or admin.",
                    ))
                    .build(),
            ),
        );
        let problem = || {
            ContentBuilder::new()
                .schema(Some(RefOr::Ref(Ref::from_schema_name("Problem"))))
                .build()
        };
        for item in openapi.paths.paths.values_mut() {
            for op in [&mut item.get, &mut item.post].into_iter().flatten() {
                for (status, text) in COMMON {
                    op.responses
                        .responses
                        .entry(status.to_string())
                        .or_insert_with(|| {
                            ResponseBuilder::new()
                                .description(text)
                                .content("application/problem+json", problem())
                                .build()
                                .into()
                        });
                }
            }
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Clubhouse API",
        version = "1",
        description = "A club's events, games, standings, brackets, spares and programs as JSON; scorekeeping, season setup and registration. Public events need no key; everything else needs a club's API key as a bearer token. Errors are RFC 9457 problem documents."
    ),
    paths(
        reads::show_club,
        reads::list_events,
        reads::show_event,
        reads::list_games,
        reads::show_game,
        reads::show_standings,
        reads::list_brackets,
        spares::list,
        reads::list_programs,
        reads::list_registrations,
        scoring::act,
        setup::create_event,
        setup::add_team,
        setup::add_draw,
        setup::add_game,
        generate::generate_schedule,
        generate::generate_bracket,
        registration::register,
    ),
    components(schemas(Problem, FieldProblem, ScoreAction)),
    modifiers(&Common),
    tags(
        (name = "clubs", description = "A club's public facts."),
        (name = "events", description = "Events, their teams, draws, games, standings and brackets."),
        (name = "scoring", description = "Scorekeeping, one action at a time, on the game's ETag."),
        (name = "setup", description = "Season setup: events, teams, draws and games, the schedule generator and playoff brackets."),
        (name = "registration", description = "Programs and registrations."),
    )
)]
struct ApiDoc;

/// The document, made once.
pub fn document() -> &'static serde_json::Value {
    static DOC: OnceLock<serde_json::Value> = OnceLock::new();
    DOC.get_or_init(|| serde_json::to_value(ApiDoc::openapi()).unwrap_or_default())
}

#[handler]
pub async fn openapi_json(req: &Request) -> Response {
    reads::cached_json(req, document(), true, None)
}

#[handler]
pub async fn reference() -> Markup {
    page(document())
}

fn text(v: &serde_json::Value, key: &str) -> String {
    v.get(key)
        .and_then(|s| s.as_str())
        .unwrap_or_default()
        .to_string()
}

/// What an operation needs: nothing, or a key with these scopes.
fn needs(op: &serde_json::Value) -> String {
    let Some(list) = op.get("security").and_then(|s| s.as_array()) else {
        return "no key".into();
    };
    let optional = list
        .iter()
        .any(|r| r.as_object().is_some_and(|o| o.is_empty()));
    let scopes: Vec<String> = list
        .iter()
        .filter_map(|r| r.get("bearer").and_then(|s| s.as_array()))
        .flat_map(|s| s.iter().filter_map(|x| x.as_str()).map(str::to_string))
        .collect();
    let key = if scopes.is_empty() {
        "a key".to_string()
    } else {
        format!("a key with {}", scopes.join(" or "))
    };
    if optional {
        format!("no key for public events; {key} for members-only ones")
    } else {
        key
    }
}

fn page(doc: &serde_json::Value) -> Markup {
    let empty = serde_json::Map::new();
    let paths = doc
        .get("paths")
        .and_then(|p| p.as_object())
        .unwrap_or(&empty);
    html! {
        (maud::DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Clubhouse API reference" }
                link rel="stylesheet" href=(crate::assets::url("app.css"));
            }
            body {
                div.page { main #main .api-docs {
                    h1 { "Clubhouse API" }
                    p { (text(&doc["info"], "description")) }
                    p { a href=(crate::web::paths::API_OPENAPI) { "The OpenAPI 3.1 document" } " describes every operation below, for code generators and test tools." }
                    section.card {
                        h2 #keys { "Keys" }
                        p { "A club's owners and admins make keys on the club's " em { "API keys" } " page. Send one as " code { "Authorization: Bearer chk_…" } ". The session cookie of the web pages is never read here: a request without a key is anonymous." }
                        p { "Scopes: " code { "read" } " (members-only events), " code { "score" } ", " code { "manage" } ", " code { "registrations:read" } ", " code { "registrations:write" } ". A key of one club finds nothing of another club (404)." }
                    }
                    section.card {
                        h2 #conditional { "Caching and lost updates" }
                        p { "Every read has an " code { "ETag" } "; send it back in " code { "If-None-Match" } " for a 304. A game's ETag starts with its version. Scorekeeping needs " code { "If-Match" } " with the ETag you read: 428 without it, 412 when the game changed since (the body's " code { "current" } " is the game now)." }
                    }
                    section.card {
                        h2 #limits { "Rate limits and pages" }
                        p { "Each key (and each address without a key) has a budget per minute, announced in " code { "RateLimit-Policy" } " and " code { "RateLimit" } "; past it the answer is 429 with " code { "Retry-After" } ". Lists come in pages: follow " code { "next" } " (also in the " code { "Link" } " header)." }
                    }
                    section.card {
                        h2 #problems { "Errors" }
                        p { "Every error is " code { "application/problem+json" } " (RFC 9457). Its " code { "type" } " is one of these, and stays:" }
                        ul {
                            @for (kind, what) in PROBLEMS {
                                li id=(format!("problem-{kind}")) { code { (kind) } " — " (what) }
                            }
                        }
                    }
                    @for (path, item) in paths {
                        @for method in ["get", "post"] {
                            @if let Some(op) = item.get(method) {
                                section.card.api-operation {
                                    h2 { code { (method.to_uppercase()) " " (path) } }
                                    p { strong { (text(op, "summary")) } }
                                    @if !text(op, "description").is_empty() { p { (text(op, "description")) } }
                                    p.muted { "Needs " (needs(op)) "." }
                                    @if let Some(params) = op.get("parameters").and_then(|p| p.as_array()) {
                                        h3 { "Parameters" }
                                        ul {
                                            @for p in params {
                                                li { code { (text(p, "name")) } " (" (text(p, "in")) ") " (text(p, "description")) }
                                            }
                                        }
                                    }
                                    h3 { "Answers" }
                                    ul {
                                        @if let Some(responses) = op.get("responses").and_then(|r| r.as_object()) {
                                            @for (status, r) in responses {
                                                li { code { (status) } " " (text(r, "description")) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                } }
            }
        }
    }
}

/// The problem types and what each means (their `type` is `/api/v1/docs#problem-<kind>`).
pub const PROBLEMS: [(&str, &str); 13] = [
    (
        "unauthorized",
        "no key where one is needed, or the key is malformed, unknown, revoked or expired (401)",
    ),
    ("forbidden", "the key lacks the scope this needs (403)"),
    ("not-found", "no such thing, or not for this key (404)"),
    (
        "method-not-allowed",
        "the path does not take this method (405)",
    ),
    ("bad-request", "a malformed header or query (400)"),
    (
        "invalid",
        "fields that cannot be accepted, listed in `errors` (422)",
    ),
    (
        "conflict",
        "not possible in this state, e.g. an end after the game ended (409)",
    ),
    ("if-match-required", "scorekeeping without If-Match (428)"),
    (
        "stale",
        "the game changed since it was read; `current` holds it now (412)",
    ),
    (
        "rate-limited",
        "over the key's budget; see Retry-After (429)",
    ),
    ("too-large", "the body is too large (413)"),
    ("unavailable", "the server is busy (503)"),
    ("internal", "the server failed (500)"),
];
