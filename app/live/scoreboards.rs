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

/// The fragments that show `game`, in every language; the current draw and standings come
/// from `pages`, the event's sections already rendered in each language.
fn messages(
    club: &Club,
    board: &Board,
    game: i64,
    pages: &[(Lang, EventSections)],
) -> Vec<Message> {
    let mut out = Vec::new();
    let slug = club.slug.as_str();
    for (lang, page) in pages {
        let lang = *lang;
        let event_topic = Topic::Event {
            org: club.id,
            event: board.event.id,
            lang,
        }
        .to_string();
        let message = |topic: &str, event: &str, html: String| Message {
            topic: topic.to_string(),
            event: event.to_string(),
            html,
        };
        out.push(message(
            &event_topic,
            view::CURRENT_DRAW,
            page.current_draw.clone(),
        ));
        out.push(message(
            &event_topic,
            view::STANDINGS,
            page.standings.clone(),
        ));
        // Only an event with a bracket sends it: every tap of every other event stays as
        // small as it was.
        if !board.brackets.is_empty() {
            out.push(message(
                &event_topic,
                crate::views::bracket::BRACKET,
                page.bracket.clone(),
            ));
        }
        if let Some(game) = board.game(game) {
            // A game that ends may end its draw: the next one becomes current, and the
            // results and what is coming up change with it.
            if game.state == crate::scoring::GameState::Final {
                out.push(message(&event_topic, view::UPCOMING, page.upcoming.clone()));
                out.push(message(&event_topic, view::RESULTS, page.results.clone()));
            }
            out.push(message(
                &event_topic,
                &view::result_event(game.id),
                view::result_fragment(lang, slug, board, game).into_string(),
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
                view::line_score_fragment(lang, board, game).into_string(),
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

/// Stores the sections a page view rendered (only the language it showed) unless the cache
/// already has some: a write that came meanwhile stored newer ones, which must stay.
pub async fn store_viewed_sections(
    cache: &Cache,
    club: &Club,
    sections: &EventSections,
    lang: Lang,
) {
    let key = sections_key(club.id, sections.event, lang);
    let Ok(bytes) = serde_json::to_vec(sections) else {
        return;
    };
    if let Err(e) = cache.add(&key, bytes, Some(SECTIONS_TTL)).await {
        tracing::warn!(error = %e, key, "cache write failed");
    }
}

/// The event's sections in every language.
fn render_pages(club: &Club, board: &Board) -> Vec<(Lang, EventSections)> {
    Lang::ALL
        .into_iter()
        .map(|lang| (lang, view::event_sections(lang, &club.slug, board)))
        .collect()
}

/// Replaces the cached sections of the event in every language, in one cache write.
async fn refresh_sections(cache: &Cache, club: &Club, pages: &[(Lang, EventSections)]) {
    let entries = pages
        .iter()
        .filter_map(|(lang, page)| {
            let bytes = serde_json::to_vec(page).ok()?;
            Some((sections_key(club.id, page.event, *lang), bytes))
        })
        .collect();
    if let Err(e) = cache.set_many(entries, Some(SECTIONS_TTL)).await {
        tracing::warn!(error = %e, "cached event pages not replaced");
    }
}

/// The event's page sections, as fragments of its topic in every language.
fn section_messages(club: &Club, event: i64, pages: &[(Lang, EventSections)]) -> Vec<Message> {
    let mut out = Vec::new();
    for (lang, page) in pages {
        let topic = Topic::Event {
            org: club.id,
            event,
            lang: *lang,
        }
        .to_string();
        for (name, html) in [
            (view::CURRENT_DRAW, &page.current_draw),
            (view::STANDINGS, &page.standings),
            (view::UPCOMING, &page.upcoming),
            (view::RESULTS, &page.results),
            (crate::views::bracket::BRACKET, &page.bracket),
        ] {
            out.push(Message {
                topic: topic.clone(),
                event: name.to_string(),
                html: html.clone(),
            });
        }
    }
    out
}

/// After a write that changed an event's setup (teams, draws, games, decisions): its
/// cached page is rendered again from the board as committed, and open pages get its
/// sections. (Replacing rather than deleting the cache: a deletion could be followed by the
/// `add` of a page rendered just before the write.)
pub async fn refresh_event(hub: &Hub, cache: &Cache, db: &Database, club: &Club, event: i64) {
    let _turn = hub.inner.publish_turn.lock().await;
    let (scope, zone) = (OrgScope::new(club.id), crate::clubs::clock::zone(club));
    let board = db
        .read(move |conn| board::load(conn, &scope, event, zone).map_err(DbError::from))
        .await;
    match board {
        Ok(Some(board)) => {
            let pages = render_pages(club, &board);
            refresh_sections(cache, club, &pages).await;
            if let Err(e) = hub.publish(section_messages(club, event, &pages)).await {
                tracing::warn!(error = %e, event, "event sections not published");
            }
        }
        // Deleted: its cached page goes with it.
        Ok(None) => {
            if let Err(e) = cache.delete_prefix(&event_prefix(club.id, event)).await {
                tracing::warn!(error = %e, event, "cache entries of a deleted event not removed");
            }
        }
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
    let (scope, zone) = (OrgScope::new(club.id), crate::clubs::clock::zone(club));
    let board = db
        .read(move |conn| -> Result<_, DbError> {
            match board::event_of_game(conn, &scope, game)? {
                Some(event) => Ok(board::load(conn, &scope, event, zone)?),
                None => Ok(None),
            }
        })
        .await?;
    match board {
        Some(board) => {
            let pages = render_pages(club, &board);
            refresh_sections(cache, club, &pages).await;
            hub.publish(messages(club, &board, game, &pages)).await
        }
        None => Ok(()),
    }
}

/// Open pages of the event reload themselves: it has just become members-only, and a reload
/// asks each viewer again whether they may see it.
pub async fn reload_event_pages(hub: &Hub, club: &Club, event: i64) -> Result<(), DbError> {
    let messages = Lang::ALL
        .into_iter()
        .map(|lang| Message {
            topic: Topic::Event {
                org: club.id,
                event,
                lang,
            }
            .to_string(),
            event: "reload".into(),
            html: String::new(),
        })
        .collect();
    hub.publish(messages).await
}
