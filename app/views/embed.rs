//! Scoreboards for a club's own website, in a frame: compact, no navigation, live, every
//! link opening in a new tab (the frame stays a scoreboard).

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::layout;
use super::scoreboard::{
    CURRENT_DRAW, EventSections, LINE_SCORE, STANDINGS, draw_time, line_score_fragment,
};
use crate::clubs::Club;
use crate::i18n::Text;
use crate::scoring::Game;
use crate::scoring::board::Board;
use crate::sports::Side;
use crate::web::{PageContext, paths};

fn frame(ctx: &PageContext, title: &str, live_url: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(ctx.lang.tag()) {
            (layout::head(ctx, title, html! { base target="_blank"; }))
            body.embed {
                main hx-ext="sse" sse-connect=(live_url) { (body) }
            }
        }
    }
}

/// An event's current draw, standings and bracket.
pub fn event(ctx: &PageContext, club: &Club, event: &EventSections, live_url: &str) -> Markup {
    let lang = ctx.lang;
    let title = format!("{} · {}", event.name, club.name);
    frame(
        ctx,
        &title,
        live_url,
        html! {
            h1 { a href=(paths::event(lang, &club.slug, event.event)) { (event.name) } " " span.muted { (club.name) } }
            section #current-draw sse-swap=(CURRENT_DRAW) { (PreEscaped(&event.current_draw)) }
            section #bracket sse-swap=(super::bracket::BRACKET) { (PreEscaped(&event.bracket)) }
            section #standings sse-swap=(STANDINGS) { (PreEscaped(&event.standings)) }
            p.muted { a href=(paths::event(lang, &club.slug, event.event)) { (lang.t(Text::EmbedMore)) } }
        },
    )
}

/// One game's line score.
pub fn game(ctx: &PageContext, club: &Club, board: &Board, game: &Game, live_url: &str) -> Markup {
    let lang = ctx.lang;
    let title = format!(
        "{} – {}",
        board.team_name(game.team(Side::One)),
        board.team_name(game.team(Side::Two))
    );
    frame(
        ctx,
        &title,
        live_url,
        html! {
            h1 { a href=(paths::game(lang, &club.slug, game.id)) { (title) } }
            p.muted {
                (board.event.name)
                @if let Some(draw) = board.draw(game.draw_id) { " · " (draw_time(draw)) }
                @if let Some(sheet) = &game.sheet { " · " (sheet) }
            }
            section #line-score sse-swap=(LINE_SCORE) { (line_score_fragment(lang, board, game)) }
        },
    )
}

/// The HTML a club pastes into its website to show `url` (absolute).
pub fn snippet(url: &str, title: &str) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
    };
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"640\" style=\"border:0\" loading=\"lazy\"></iframe>",
        escape(url),
        escape(title)
    )
}
