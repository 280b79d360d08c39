//! Live scoreboards: after a score change commits, render the event's changed fragments once
//! per language and publish them on the event's and the game's topics.

use crate::clubs::Club;
use crate::db::tenant::OrgScope;
use crate::db::{Database, DbError};
use crate::i18n::Lang;
use crate::scoring::board::{self, Board};
use crate::views::scoreboard as view;

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

/// Reads the game's event as committed and publishes its fragments. Publishes of one process
/// are serialised, so a later state is never overtaken by an earlier one.
pub async fn publish_game(hub: &Hub, db: &Database, club: &Club, game: i64) -> Result<(), DbError> {
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
        Some(board) => hub.publish(messages(club, &board, game)).await,
        None => Ok(()),
    }
}
