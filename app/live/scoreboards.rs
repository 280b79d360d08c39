//! Live scoreboards: after a score change commits, render the event's changed fragments once
//! per language, store the event page's sections in the cache, and publish the fragments on
//! the event's and the game's topics.
//!
//! The cache is written before the publish: a page that reads the live log's head after a
//! publish then finds the new sections (or nothing, and reads the board). A page rendered from
//! an older board only `add`s its sections, so it never overwrites newer ones; whatever it
//! shows, its live feed starts at the head it read first and replays what came after.

use std::time::Duration;

use crate::cache::Cache;
use crate::clubs::Club;
use crate::db::tenant::OrgScope;
use crate::db::{Database, DbError, OrgId};
use crate::i18n::Lang;
use crate::scoring::board::{self, Board};
use crate::views::scoreboard::{self as view, EventSections};

use super::{Hub, Message, Topic};

/// The fragments that show `game`, in every language.
pub fn messages(club: &Club, board: &Board, game: i64) -> Vec<Message> {
    let mut out = Vec::new();
    let slug = club.slug.as_str();
    for lang in Lang::ALL {
        let event_topic = Topic::Event {
            org: club.id,
            event: board.event.id,
            lang,
        }
        .to_string();
        let message = |topic: &str, event: &str, html: maud::Markup| Message {
            topic: topic.to_string(),
            event: event.to_string(),
            html: html.into_string(),
        };
        out.push(message(
            &event_topic,
            view::CURRENT_DRAW,
            view::current_draw_fragment(lang, slug, board),
        ));
        out.push(message(
            &event_topic,
            view::STANDINGS,
            view::standings_fragment(lang, board),
        ));
        if let Some(game) = board.game(game) {
            out.push(message(
                &event_topic,
                &view::result_event(game.id),
                view::result_fragment(lang, slug, board, game),
            ));
            let game_topic = Topic::Game {
                org: club.id,
                game: game.id,
                lang,
            }
            .to_string();
            out.push(message(
                &game_topic,
                view::LINE_SCORE,
                view::line_score_fragment(lang, board, game),
            ));
        }
    }
    out
}

/// Cached sections outlive their last change by at most this long: a safety net for a
/// rendering that lost a race with eviction, and for sheet names, which no score changes.
const SECTIONS_TTL: Duration = Duration::from_secs(3600);

fn sections_key(org: OrgId, event: i64, lang: Lang) -> String {
    format!("{}{}", event_prefix(org, event), lang.tag())
}

fn event_prefix(org: OrgId, event: i64) -> String {
    format!("{}{event}:", club_prefix(org))
}

/// Every cached page of a club starts with this (its deletion removes them all).
pub fn club_prefix(org: OrgId) -> String {
    format!("scoreboard:{org}:")
}

/// The event page's sections in `lang` from the cache, if there. A cache that fails to
/// answer is a miss: the page is then rendered from the board.
pub async fn cached_sections(
    cache: &Cache,
    club: &Club,
    event: i64,
    lang: Lang,
) -> Option<EventSections> {
    let bytes = match cache.get(&sections_key(club.id, event, lang)).await {
        Ok(found) => found?,
        Err(e) => {
            tracing::warn!(error = %e, "cache read failed");
            return None;
        }
    };
    serde_json::from_slice(&bytes).ok()
}

/// Whether stored sections replace what is there (after a write) or only fill a gap (a page
/// that read the board while nothing was cached).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    Fresh,
    IfMissing,
}

/// Stores the sections of `board` in `lang` (for a page view: only the language it showed).
pub async fn store_sections(
    cache: &Cache,
    club: &Club,
    sections: &EventSections,
    lang: Lang,
    how: Store,
) {
    let key = sections_key(club.id, sections.event, lang);
    let Ok(bytes) = serde_json::to_vec(sections) else {
        return;
    };
    let stored = match how {
        Store::Fresh => cache.set(&key, bytes, Some(SECTIONS_TTL)).await,
        Store::IfMissing => cache.add(&key, bytes, Some(SECTIONS_TTL)).await.map(|_| ()),
    };
    if let Err(e) = stored {
        tracing::warn!(error = %e, key, "cache write failed");
    }
}

/// Replaces the cached sections of `board`'s event in every language.
async fn refresh_sections(cache: &Cache, club: &Club, board: &Board) {
    for lang in Lang::ALL {
        let sections = view::event_sections(lang, &club.slug, board);
        store_sections(cache, club, &sections, lang, Store::Fresh).await;
    }
}

/// After a write that changed an event's setup (teams, draws, games): its cached page is
/// rendered again from the board as committed. (Replacing rather than deleting: a deletion
/// could be followed by the `add` of a page rendered just before the write.)
pub async fn refresh_event(cache: &Cache, db: &Database, club: &Club, event: i64) {
    let scope = OrgScope::new(club.id);
    let board = db
        .read(move |conn| board::load(conn, &scope, event).map_err(DbError::from))
        .await;
    match board {
        Ok(Some(board)) => refresh_sections(cache, club, &board).await,
        Ok(None) => {}
        Err(e) => {
            tracing::warn!(error = %e, event, "cached event page not refreshed; removing it");
            if let Err(e) = cache.delete_prefix(&event_prefix(club.id, event)).await {
                tracing::warn!(error = %e, event, "cache entries not removed");
            }
        }
    }
}

/// Reads the game's event as committed, refreshes its cached page and publishes its
/// fragments. Publishes of one process are serialised, so a later state is never overtaken
/// by an earlier one.
pub async fn publish_game(
    hub: &Hub,
    cache: &Cache,
    db: &Database,
    club: &Club,
    game: i64,
) -> Result<(), DbError> {
    let _turn = hub.inner.publish_turn.lock().await;
    let scope = OrgScope::new(club.id);
    let board = db
        .read(move |conn| -> Result<_, DbError> {
            match board::event_of_game(conn, &scope, game)? {
                Some(event) => Ok(board::load(conn, &scope, event)?),
                None => Ok(None),
            }
        })
        .await?;
    match board {
        Some(board) => {
            refresh_sections(cache, club, &board).await;
            hub.publish(messages(club, &board, game)).await
        }
        None => Ok(()),
    }
}
