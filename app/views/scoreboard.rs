//! What spectators see: the event page (current draw, standings, past results), a game's line
//! score, and the full-screen TV display. The `*_fragment` functions render exactly what a
//! live update replaces, so a reload and an update always show the same thing.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::layout;
use crate::clubs::Club;
use crate::i18n::{Lang, Text};
use crate::scoring::board::Board;
use crate::scoring::standings::{self, Criterion, Primary, Why};
use crate::scoring::{Draw, Game, GameState, Score};
use crate::sports::{Outcome, Rules, Side, pickleball};
use crate::web::{PageContext, paths};

/// Live element names (the SSE event that replaces each).
pub const CURRENT_DRAW: &str = "current-draw";
pub const STANDINGS: &str = "standings";
pub const LINE_SCORE: &str = "line-score";
pub const UPCOMING: &str = "upcoming";
pub const RESULTS: &str = "results";

pub fn result_event(game: i64) -> String {
    format!("result-{game}")
}

/// A draw's time, on the club's clock.
pub fn draw_time(draw: &Draw) -> String {
    draw.local.format("%Y-%m-%d %H:%M").to_string()
}

/// A moment, in UTC, to the second (audit trail).
pub fn utc_time(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
        .unwrap_or_default()
}

pub fn rules_summary(lang: Lang, rules: &Rules) -> String {
    match rules {
        Rules::Curling(r) => {
            let mut s = lang.format(Text::RulesEnds, &[("ends", &r.ends.to_string())]);
            if r.mixed_doubles {
                s.push_str(" · ");
                s.push_str(lang.t(Text::RulesMixedDoubles));
            }
            s
        }
        Rules::Pickleball(r) => {
            let mut s = lang.format(
                Text::RulesPickleball,
                &[
                    ("points", &r.points_to_win.to_string()),
                    ("best_of", &r.best_of.to_string()),
                ],
            );
            s.push_str(" · ");
            s.push_str(lang.t(match r.scoring {
                pickleball::Scoring::SideOut => Text::RulesSideOut,
                pickleball::Scoring::Rally => Text::RulesRally,
            }));
            s.push_str(" · ");
            s.push_str(lang.t(if r.doubles {
                Text::RulesDoubles
            } else {
                Text::RulesSingles
            }));
            s
        }
    }
}

/// The side that won (a forfeit too), once decided.
fn winner_of(game: &Game, score: &Score) -> Option<Side> {
    let outcome = match game.forfeited_by {
        Some(side) => Some(Outcome::Won(side.other())),
        None => score.outcome(),
    };
    match outcome {
        Some(Outcome::Won(side)) => Some(side),
        _ => None,
    }
}

/// What is happening in a game now: "End 5", "4-2-1", "Final".
fn progress(lang: Lang, game: &Game, score: &Score) -> String {
    match (game.state, score) {
        (GameState::Scheduled, _) => lang.t(Text::GameScheduled).to_string(),
        (GameState::Cancelled, _) => lang.t(Text::GameCancelled).to_string(),
        (GameState::Final, _) if game.forfeited_by.is_some() => {
            lang.t(Text::GameForfeit).to_string()
        }
        (GameState::Final, _) => lang.t(Text::GameFinal).to_string(),
        (GameState::Live, Score::Curling(s)) if s.outcome().is_some() => {
            lang.t(Text::GameDecided).to_string()
        }
        (GameState::Live, Score::Curling(s)) => {
            lang.format(Text::GameEnd, &[("end", &(s.ends.len() + 1).to_string())])
        }
        (GameState::Live, Score::Pickleball(m)) => {
            let game_no = m.games.len().to_string();
            format!(
                "{} · {}",
                lang.format(Text::GameNumber, &[("game", &game_no)]),
                m.current().call(&m.rules)
            )
        }
    }
}

/// Whose turn marks a side: the hammer (curling) or the serve (pickleball).
fn has_marker(game: &Game, score: &Score, side: Side) -> bool {
    if game.state != GameState::Live || score.outcome().is_some() {
        return false;
    }
    match score {
        Score::Curling(s) => s.hammer == side,
        Score::Pickleball(m) => m.current().serving == side,
    }
}

fn marker_label(score: &Score) -> Text {
    match score {
        Score::Curling(_) => Text::Hammer,
        Score::Pickleball(_) => Text::Serving,
    }
}

/// One game in a few lines: sheet, state, both teams with their score.
pub fn game_card(lang: Lang, slug: &str, board: &Board, game: &Game) -> Markup {
    let score = game.score(&board.event.rules);
    let winner = winner_of(game, &score);
    html! {
        a.game-card href=(paths::game(lang, slug, game.id)) data-state=(game.state.as_str()) {
            span.game-card-head {
                span.sheet { (game.sheet.as_deref().unwrap_or("")) }
                span.state { (progress(lang, game, &score)) }
            }
            @for side in Side::BOTH {
                span.team-line.winner[winner == Some(side)] {
                    span.marker title=(lang.t(marker_label(&score))) {
                        @if has_marker(game, &score, side) { "●" }
                    }
                    span.team-name { (board.team_name(game.team(side))) }
                    // Shown on the TV only: each end's points, or the game in play's rallies.
                    @match &score {
                        Score::Curling(s) => {
                            span.ends aria-hidden="true" {
                                @for end in &s.ends {
                                    span.end.scored[end.scored_by == Some(side)] {
                                        @if end.scored_by == Some(side) { (end.points) } @else { "0" }
                                    }
                                }
                            }
                        }
                        Score::Pickleball(m) => {
                            @if game.state == GameState::Live {
                                span.rally aria-hidden="true" { (m.current().score(side)) }
                            }
                        }
                    }
                    span.points { (score.headline(side)) }
                }
            }
        }
    }
}

pub fn current_draw_fragment(lang: Lang, slug: &str, board: &Board) -> Markup {
    html! {
        @if let Some(draw) = board.current_draw() {
            h2 { (lang.t(Text::DrawCurrent)) " · " (draw_time(draw)) }
            div.game-grid {
                @for game in board.games_in(draw.id) {
                    (game_card(lang, slug, board, game))
                }
            }
        } @else {
            p.muted { (lang.t(Text::DrawsNone)) }
        }
    }
}

/// Why a row ranks above the next, in a few words.
fn why_text(lang: Lang, why: Option<Why>) -> Option<&'static str> {
    Some(lang.t(match why? {
        Why::Record => return None,
        Why::Criterion(Criterion::HeadToHead) => Text::WhyHeadToHead,
        Why::Criterion(Criterion::PointDiffAmongTied) => Text::WhyPointDiffAmongTied,
        Why::Criterion(Criterion::PointDiff) => Text::WhyPointDiff,
        Why::Criterion(Criterion::PointsFor) => Text::WhyPointsFor,
        Why::Criterion(Criterion::Dsc) => Text::WhyDsc,
        Why::Criterion(Criterion::BestLsd) => Text::WhyBestLsd,
        Why::Decision => Text::WhyDecision,
    }))
}

pub fn standings_fragment(lang: Lang, slug: &str, board: &Board) -> Markup {
    let pools = board.pools();
    html! {
        h2 { (lang.t(Text::StandingsTitle)) }
        @if pools.is_empty() {
            (standings_table(lang, slug, board, &standings::of(board)))
        } @else {
            @for pool in pools {
                h3 { (lang.format(Text::StandingsPool, &[("pool", pool)])) }
                (standings_table(lang, slug, board, &standings::of_pool(board, Some(pool))))
            }
        }
    }
}

fn standings_table(lang: Lang, slug: &str, board: &Board, rows: &[standings::Row]) -> Markup {
    let ranking = &board.event.ranking;
    let points = ranking.primary == Primary::Points;
    let curling = matches!(board.event.rules, Rules::Curling(_));
    let dsc = curling && rows.iter().any(|r| r.dsc.is_some());
    let unresolved = rows.iter().any(|r| r.unresolved);
    html! {
        @if rows.is_empty() {
            p.muted { (lang.t(Text::TeamsNone)) }
        } @else {
            div.table-scroll tabindex="0" {
                table.standings {
                    thead { tr {
                        th scope="col" title=(lang.t(Text::StandingsRank)) { "#" }
                        th.team scope="col" { (lang.t(Text::StandingsTeam)) }
                        th scope="col" title=(lang.t(Text::StandingsWins)) { (lang.t(Text::StandingsW)) }
                        th scope="col" title=(lang.t(Text::StandingsLosses)) { (lang.t(Text::StandingsL)) }
                        th scope="col" title=(lang.t(Text::StandingsTies)) { (lang.t(Text::StandingsT)) }
                        @if points { th scope="col" title=(lang.t(Text::StandingsPointsTitle)) { (lang.t(Text::StandingsPts)) } }
                        th scope="col" title=(lang.t(Text::StandingsPointsFor)) { (lang.t(Text::StandingsPf)) }
                        th scope="col" title=(lang.t(Text::StandingsPointsAgainst)) { (lang.t(Text::StandingsPa)) }
                        @if dsc { th scope="col" title=(lang.t(Text::StandingsDscTitle)) { "DSC" } }
                    } }
                    tbody {
                        @for row in rows {
                            tr.unresolved[row.unresolved].withdrawn[row.withdrawn] {
                                td.rank { (row.rank) @if row.unresolved { "=" } }
                                th scope="row" {
                                    a href=(paths::team(lang, slug, board.event.id, row.team)) { (row.name) }
                                    @if row.withdrawn { " " span.badge { (lang.t(Text::TeamWithdrawnBadge)) } }
                                    @if let Some(why) = why_text(lang, row.why) { br; span.why { (why) } }
                                }
                                td { (row.wins) } td { (row.losses) } td { (row.ties) }
                                @if points { td { (row.points) } }
                                td { (row.points_for) } td { (row.points_against) }
                                @if dsc { td { @if let Some(d) = row.dsc { (super::backups::decimal(lang, d.cm(), 2)) } @else { "–" } } }
                            }
                        }
                    }
                }
            }
            @if unresolved {
                p.tie-note { (lang.t(Text::StandingsNeedsDecision)) }
            }
        }
    }
}

/// The draws after the current one, each with its games (sheet, teams), soonest first.
pub fn upcoming_fragment(lang: Lang, slug: &str, board: &Board) -> Markup {
    // A playoff draw whose games are not made yet shows in the bracket, not here.
    let upcoming: Vec<_> = board
        .upcoming_draws()
        .into_iter()
        .filter(|d| board.games_in(d.id).next().is_some())
        .collect();
    html! {
        @if !upcoming.is_empty() {
            h2 { (lang.t(Text::UpcomingTitle)) }
            @for draw in upcoming {
                h3 { (draw_time(draw)) }
                ul.rows {
                    @for game in board.games_in(draw.id) {
                        li.row {
                            a.grow href=(paths::game(lang, slug, game.id)) {
                                (board.team_name(game.team(Side::One))) " – " (board.team_name(game.team(Side::Two)))
                            }
                            span.muted {
                                (game.sheet.as_deref().unwrap_or(""))
                                @if game.state == GameState::Cancelled { " · " (lang.t(Text::GameCancelled)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A past game in one line.
pub fn result_fragment(lang: Lang, slug: &str, board: &Board, game: &Game) -> Markup {
    let score = game.score(&board.event.rules);
    let winner = winner_of(game, &score);
    html! {
        a href=(paths::game(lang, slug, game.id)) {
            span.winner[winner == Some(Side::One)] { (board.team_name(game.team(Side::One))) }
            " " strong { (score.headline(Side::One)) "–" (score.headline(Side::Two)) } " "
            span.winner[winner == Some(Side::Two)] { (board.team_name(game.team(Side::Two))) }
        }
        " " span.muted { (progress(lang, game, &score)) }
    }
}

/// A game's full score: the curling line score end by end, or the pickleball games.
pub fn line_score_fragment(lang: Lang, board: &Board, game: &Game) -> Markup {
    let score = game.score(&board.event.rules);
    let winner = winner_of(game, &score);
    let name = |side: Side| board.team_name(game.team(side));
    html! {
        p.game-progress { (progress(lang, game, &score)) }
        @match &score {
            Score::Curling(s) => {
                div.table-scroll tabindex="0" {
                    table.line-score {
                        thead { tr {
                            th scope="col" { span.visually-hidden { (lang.t(Text::FirstHammerField)) } }
                            th.team scope="col" { (lang.t(Text::StandingsTeam)) }
                            @for n in 1..=s.columns() { th scope="col" { (n) } }
                            th scope="col" { (lang.t(Text::Total)) }
                        } }
                        tbody {
                            @for side in Side::BOTH {
                                tr.winner[winner == Some(side)] {
                                    // The first end's hammer, told apart from the current one
                                    // (which the game card and the scorekeeper show).
                                    td.marker.first-hammer title=(lang.t(Text::FirstHammerField)) {
                                        @if s.ends.first().map_or(game.first_side, |e| e.hammer) == side { "●" }
                                    }
                                    th scope="row" { (name(side)) }
                                    @for n in 0..s.columns() {
                                        @match s.ends.get(n) {
                                            Some(end) if end.scored_by == Some(side) => td.scored { (end.points) },
                                            Some(_) => td { "0" },
                                            None if s.outcome().is_some() => td.unplayed { "X" },
                                            None => td {},
                                        }
                                    }
                                    td.total { (s.total(side)) }
                                }
                            }
                        }
                    }
                }
                p.muted.legend { span.marker aria-hidden="true" { "●" } " " (lang.t(Text::FirstHammerField)) }
                @if let Some(side) = s.conceded_by {
                    p.muted { (lang.format(Text::Conceded, &[("team", name(side))])) }
                }
            }
            Score::Pickleball(m) => {
                table.line-score {
                    thead { tr {
                        th scope="col" { span.visually-hidden { (lang.t(Text::Serving)) } }
                        th.team scope="col" { (lang.t(Text::StandingsTeam)) }
                        @for n in 1..=m.games.len() { th scope="col" { (lang.format(Text::GameNumber, &[("game", &n.to_string())])) } }
                        th scope="col" { (lang.t(Text::GamesWon)) }
                    } }
                    tbody {
                        @for side in Side::BOTH {
                            tr.winner[winner == Some(side)] {
                                td.marker title=(lang.t(Text::Serving)) {
                                    @if has_marker(game, &score, side) { "●" }
                                }
                                th scope="row" { (name(side)) }
                                @for g in &m.games { td.winner[g.winner == Some(side)] { (g.score(side)) } }
                                td.total { (m.games_won(side)) }
                            }
                        }
                    }
                }
                @if game.state == GameState::Live && score.outcome().is_none() {
                    p.call { (lang.t(Text::ScoreCall)) " " strong { (m.current().call(&m.rules)) } }
                }
                @if let Some(side) = m.conceded_by {
                    p.muted { (lang.format(Text::Conceded, &[("team", name(side))])) }
                }
            }
        }
    }
}

/// What an event page shows of its board, rendered: everything but the visitor's own links
/// and the live feed's position. This is what the cache keeps per event and language.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EventSections {
    pub event: i64,
    pub public: bool,
    pub name: String,
    pub summary: String,
    pub current_draw: String,
    pub standings: String,
    pub upcoming: String,
    pub results: String,
    /// The brackets (empty without one).
    pub bracket: String,
    /// A bracket game is on the schedule: the TV shows the bracket.
    pub playoffs: bool,
}

pub fn event_sections(lang: Lang, slug: &str, board: &Board) -> EventSections {
    let event = &board.event;
    let past = board.past_draws();
    let results = html! {
        @if !past.is_empty() {
            div.card {
                h2 { (lang.t(Text::ResultsTitle)) }
                @for draw in past {
                    h3 { (draw_time(draw)) }
                    ul.rows {
                        @for game in board.games_in(draw.id) {
                            li.row id=(result_event(game.id)) sse-swap=(result_event(game.id)) {
                                (result_fragment(lang, slug, board, game))
                            }
                        }
                    }
                }
            }
        }
    };
    let mut summary = format!(
        "{} · {}",
        lang.t(event.kind.label()),
        rules_summary(lang, &event.rules)
    );
    if !event.public {
        summary = format!("{summary} · {}", lang.t(Text::EventMembersOnly));
    }
    EventSections {
        event: event.id,
        public: event.public,
        name: event.name.clone(),
        summary,
        current_draw: current_draw_fragment(lang, slug, board).into_string(),
        standings: standings_fragment(lang, slug, board).into_string(),
        upcoming: upcoming_fragment(lang, slug, board).into_string(),
        results: results.into_string(),
        bracket: super::bracket::bracket_fragment(lang, slug, board).into_string(),
        playoffs: super::bracket::in_playoffs(board),
    }
}

/// The event page: current draw, standings and past results, all live.
pub struct EventPage<'a> {
    pub club: &'a Club,
    pub sections: &'a EventSections,
    pub live_url: String,
    pub can_manage: bool,
    /// A member of the club (they see the spares page).
    pub is_member: bool,
    /// The public event's calendar feed (`https://…/calendar.ics`).
    pub calendar: Option<String>,
}

pub fn event_page(ctx: &PageContext, page: &EventPage) -> Markup {
    let lang = ctx.lang;
    let (club, event) = (page.club, page.sections);
    let slug = club.slug.as_str();
    let content = html! {
        div hx-ext="sse" sse-connect=(page.live_url) {
            p { a href=(paths::club(lang, slug)) { "← " (club.name) } }
            h1 { (event.name) }
            p.muted { (event.summary) }
            p.actions {
                a.button.secondary href=(paths::event_part(lang, slug, event.event, "tv")) hx-boost="false" { (lang.t(Text::TvDisplay)) }
                @if page.is_member {
                    " " a.button.secondary href=(paths::event_spares(lang, slug, event.event)) { (lang.t(Text::SparesTitle)) }
                }
                @if page.can_manage {
                    " " a.button.secondary href=(paths::event_part(lang, slug, event.event, "manage")) { (lang.t(Text::EventManage)) }
                }
            }
            section #current-draw sse-swap=(CURRENT_DRAW) { (PreEscaped(&event.current_draw)) }
            div.beside {
                section #bracket sse-swap=(super::bracket::BRACKET) { (PreEscaped(&event.bracket)) }
                section.card #standings sse-swap=(STANDINGS) { (PreEscaped(&event.standings)) }
            }
            section.card #upcoming sse-swap=(UPCOMING) { (PreEscaped(&event.upcoming)) }
            section #results sse-swap=(RESULTS) { (PreEscaped(&event.results)) }
            @if let Some(feed) = &page.calendar {
                p.calendar-links {
                    (lang.t(Text::CalendarAdd)) " "
                    a href=(feed.replacen("https://", "webcal://", 1).replacen("http://", "webcal://", 1)) { (lang.t(Text::CalendarSubscribe)) }
                    " · " a href=(feed) { (lang.t(Text::CalendarLink)) }
                    br; span.muted { (lang.t(Text::CalendarLag)) }
                }
            }
        }
    };
    layout::page(ctx, &event.name, content)
}

pub struct GamePage<'a> {
    pub club: &'a Club,
    pub board: &'a Board,
    pub game: &'a Game,
    pub live_url: String,
    pub can_keep_score: bool,
    pub can_manage: bool,
}

pub fn game_page(ctx: &PageContext, page: &GamePage) -> Markup {
    let lang = ctx.lang;
    let (club, board, game) = (page.club, page.board, page.game);
    let slug = club.slug.as_str();
    let title = format!(
        "{} – {}",
        board.team_name(game.team(Side::One)),
        board.team_name(game.team(Side::Two))
    );
    let content = html! {
        div hx-ext="sse" sse-connect=(page.live_url) {
            p { a href=(paths::event(lang, slug, board.event.id)) { "← " (board.event.name) } }
            h1 { (title) }
            p.muted {
                @if let Some(draw) = board.draw(game.draw_id) { (draw_time(draw)) }
                @if let Some(sheet) = &game.sheet { " · " (sheet) }
            }
            section.card #line-score sse-swap=(LINE_SCORE) { (line_score_fragment(lang, board, game)) }
            p.actions {
                @if page.can_keep_score {
                    a.button href=(paths::game_score(lang, slug, game.id)) { (lang.t(Text::KeepScore)) }
                }
                @if page.can_manage {
                    " " a.button.secondary href=(paths::game_history(lang, slug, game.id)) { (lang.t(Text::ScoreHistory)) }
                    @if !game.started() || game.state == GameState::Cancelled {
                        " " a.button.secondary href=(paths::game_part(lang, slug, game.id, "edit")) { (lang.t(Text::GameEdit)) }
                    }
                }
            }
            @for side in Side::BOTH {
                @if let Some(team) = board.team(game.team(side)) {
                    @if !team.players.is_empty() {
                        section.card {
                            h2 { a href=(paths::team(lang, slug, board.event.id, team.id)) { (team.name) } }
                            ul.rows {
                                @for p in &team.players {
                                    li.row { span.grow { (p.name) } span.muted { (lang.t(p.position.label())) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout::page(ctx, &title, content)
}

/// The lounge screen: large type, no navigation, follows the current draw by itself.
pub fn tv(ctx: &PageContext, club: &Club, event: &EventSections, live_url: &str) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(ctx.lang.tag()) {
            (layout::head(ctx, &format!("{} · {}", event.name, club.name), html! {
                // A long-running screen reloads now and then, in case a draw changed while
                // nothing was scored.
                meta http-equiv="refresh" content="900";
            }))
            body.tv {
                div hx-ext="sse" sse-connect=(live_url) {
                    header.tv-head {
                        h1 { (event.name) }
                        p { (club.name) }
                    }
                    div.tv-body.playoffs[event.playoffs] {
                        section #current-draw sse-swap=(CURRENT_DRAW) { (PreEscaped(&event.current_draw)) }
                        // In the playoffs the bracket takes the standings' place.
                        section #bracket sse-swap=(super::bracket::BRACKET) { (PreEscaped(&event.bracket)) }
                        section #standings sse-swap=(STANDINGS) { (PreEscaped(&event.standings)) }
                    }
                }
            }
        }
    }
}
