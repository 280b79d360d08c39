//! What scorekeepers use: the phone screen at the sheet (with the last-stone draws before
//! a curling game) and a game's audit trail.

use maud::{Markup, html};

use super::forms::{self, Input};
use super::layout;
use super::scoreboard::{self, LINE_SCORE};
use crate::clubs::Club;
use crate::i18n::{Lang, Text};
use crate::scoring::board::Board;
use crate::scoring::keeping::ChangeRecord;
use crate::scoring::{Game, GameState, Score, lsd};
use crate::sports::{Rules, Side};
use crate::validation::FieldErrors;
use crate::web::{PageContext, paths};

/// A one-tap scoring button: a form of its own, so it works with and without JavaScript.
fn score_button(
    ctx: &PageContext,
    action_url: &str,
    game: &Game,
    fields: &[(&str, String)],
    label: &str,
    class: &str,
) -> Markup {
    html! {
        form.tap method="post" action=(action_url) {
            (forms::csrf(ctx))
            input type="hidden" name="version" value=(game.version);
            @for (name, value) in fields {
                input type="hidden" name=(name) value=(value);
            }
            button type="submit" class=(class) { (label) }
        }
    }
}

pub struct ScorekeeperPage<'a> {
    pub club: &'a Club,
    pub board: &'a Board,
    pub game: &'a Game,
    pub live_url: String,
    pub can_manage: bool,
    /// Why the last tap was refused.
    pub message: Option<Text>,
    /// What was wrong with the last-stone draws just entered.
    pub lsd_errors: &'a FieldErrors,
    /// Unix seconds (the last end can be undone for a while after the game ends).
    pub now: i64,
}

pub fn scorekeeper(ctx: &PageContext, page: &ScorekeeperPage) -> Markup {
    let lang = ctx.lang;
    let (club, board, game) = (page.club, page.board, page.game);
    let slug = club.slug.as_str();
    let url = paths::game_score(lang, slug, game.id);
    let score = game.score(&board.event.rules);
    let name = |side: Side| board.team_name(game.team(side)).to_string();
    let decided = score.outcome().is_some();
    let side_field = |side: Side| ("side", side.number().to_string());
    let content = html! {
        div.scorekeeper hx-ext="sse" sse-connect=(page.live_url) {
            p { a href=(paths::game(lang, slug, game.id)) { "← " (lang.t(Text::GamePage)) } }
            h1.keeper-title { (name(Side::One)) " – " (name(Side::Two)) }
            @if let Some(message) = page.message {
                div.flash.flash-alert role="alert" { (lang.t(message)) }
            }
            section.card #line-score sse-swap=(LINE_SCORE) { (scoreboard::line_score_fragment(lang, board, game)) }
            // When someone else scores, the buttons come again with the game's new version
            // (the same signal the line score follows), so the next tap is not refused.
            // (Nothing inside inherits these: its taps are whole boosted pages.)
            div #keeper-controls hx-get=(url) hx-trigger=(format!("sse:{LINE_SCORE}")) hx-select="#keeper-controls" hx-swap="outerHTML" hx-disinherit="*" {
            @match (game.state, &score) {
                (GameState::Scheduled, Score::Curling(_)) | (GameState::Scheduled, Score::Pickleball(_)) => {
                    @if let Rules::Curling(rules) = &board.event.rules {
                        (super::season::lsd_form(ctx, club, board, game, lsd::stones_per_team(rules.mixed_doubles), page.lsd_errors))
                    }
                    h2 { (lang.t(match score { Score::Curling(_) => Text::StartHammer, Score::Pickleball(_) => Text::StartServe })) }
                    div.tap-grid {
                        @for side in Side::BOTH {
                            (score_button(ctx, &url, game, &[("action", "start".into()), side_field(side)], &name(side), "button big"))
                        }
                    }
                }
                (GameState::Live, Score::Curling(s)) if !decided => {
                    h2 { (lang.format(Text::GameEnd, &[("end", &(s.ends.len() + 1).to_string())])) }
                    @for side in Side::BOTH {
                        h3 { (name(side)) @if s.hammer == side { " " span.badge { (lang.t(Text::Hammer)) } } }
                        div.tap-grid.points {
                            @for points in 1..=s.rules.max_points() {
                                (score_button(ctx, &url, game, &[("action", "enter".into()), side_field(side), ("points", points.to_string())],
                                    &points.to_string(), "button big"))
                            }
                        }
                    }
                    (score_button(ctx, &url, game, &[("action", "enter".into()), ("points", "0".into())], lang.t(Text::BlankEnd), "button big secondary wide"))
                }
                (GameState::Live, Score::Pickleball(_)) if !decided => {
                    h2 { (lang.t(Text::RallyWonBy)) }
                    div.tap-grid {
                        @for side in Side::BOTH {
                            (score_button(ctx, &url, game, &[("action", "enter".into()), side_field(side), ("points", "1".into())], &name(side), "button big"))
                        }
                    }
                }
                (GameState::Live, _) => {
                    p { (lang.t(Text::GameDecided)) }
                    (score_button(ctx, &url, game, &[("action", "finish".into())], lang.t(Text::MarkFinal), "button big"))
                }
                (GameState::Cancelled, _) => {
                    p { strong { (lang.t(Text::GameCancelled)) } }
                }
                (GameState::Final, _) => {
                    p { strong { (lang.t(Text::GameFinal)) } }
                    @if game.forfeited_by.is_none() && page.now - game.updated_at <= crate::scoring::keeping::UNDO_GRACE_SECS {
                        div.tap-grid.corrections {
                            (score_button(ctx, &url, game, &[("action", "undo".into())], lang.t(Text::UndoLast), "button secondary"))
                        }
                    }
                    @if page.can_manage {
                        (score_button(ctx, &url, game, &[("action", "reopen".into())], lang.t(Text::Reopen), "button secondary"))
                        // In an event with a bracket a result may have placed teams further
                        // on; reopening it once those games started resets them.
                        @if !board.brackets.is_empty() {
                            (score_button(ctx, &url, game, &[("action", "reopen".into()), ("force", "on".into())], &format!("{} · {}", lang.t(Text::Reopen), lang.t(Text::BracketForce)), "button danger"))
                        }
                    }
                }
            }
            @if game.state == GameState::Live {
                div.tap-grid.corrections {
                    (score_button(ctx, &url, game, &[("action", "undo".into())], lang.t(Text::UndoLast), "button secondary"))
                }
                @if let Score::Curling(s) = &score {
                    @if !s.ends.is_empty() {
                        details.card {
                            summary { (lang.t(Text::EditEnd)) }
                            form.stack method="post" action=(url) {
                                (forms::csrf(ctx))
                                input type="hidden" name="version" value=(game.version);
                                input type="hidden" name="action" value="edit";
                                (forms::select(lang, "number", Text::EndField,
                                    &(1..=s.ends.len()).map(|n| (n.to_string(), n.to_string())).collect::<Vec<_>>(),
                                    &s.ends.len().to_string(), &FieldErrors::new()))
                                (forms::select(lang, "side", Text::ScoredBy,
                                    &[("1".into(), name(Side::One)), ("2".into(), name(Side::Two))], "1", &FieldErrors::new()))
                                (Input::text("points", Text::PointsField, "0").kind("number").render(lang, &FieldErrors::new()))
                                button.button type="submit" { (lang.t(Text::Save)) }
                            }
                        }
                    }
                }
                @if !decided {
                    details.card {
                        summary { (lang.t(Text::Concede)) }
                        @for side in Side::BOTH {
                            (score_button(ctx, &url, game, &[("action", "concede".into()), side_field(side)],
                                &lang.format(Text::ConcedeBy, &[("team", &name(side))]), "button danger"))
                        }
                    }
                }
            }
            }
        }
    };
    layout::page(ctx, lang.t(Text::KeepScore), content)
}

/// One change as a sentence, with the team names and the score after it.
fn sentence(lang: Lang, board: &Board, game: &Game, change: &ChangeRecord) -> String {
    use crate::scoring::history::{Happened, Recorded, Snapshot, happened};
    let team = |side: Side| board.team_name(game.team(side)).to_string();
    let score = |after: &Snapshot| match &after.score {
        Recorded::Ends(_) => {
            let (a, b) = after.totals();
            format!("{a}–{b}")
        }
        Recorded::Games(games) => games
            .iter()
            .map(|(a, b)| format!("{a}–{b}"))
            .collect::<Vec<_>>()
            .join(", "),
    };
    match happened(change) {
        Happened::Started => lang.t(Text::HistoryStarted).to_string(),
        Happened::End {
            end,
            by: Some(by),
            points,
            after,
        } => lang.format(
            Text::HistoryEnd,
            &[
                ("end", &end.to_string()),
                ("team", &team(by)),
                ("points", &points.to_string()),
                ("score", &score(&after)),
            ],
        ),
        Happened::End { end, after, .. } => lang.format(
            Text::HistoryBlankEnd,
            &[("end", &end.to_string()), ("score", &score(&after))],
        ),
        Happened::Rally {
            game: number,
            by: Some(by),
            after,
        } => lang.format(
            Text::HistoryRally,
            &[
                ("game", &number.to_string()),
                ("team", &team(by)),
                ("score", &score(&after)),
            ],
        ),
        Happened::Rally {
            game: number,
            after,
            ..
        } => lang.format(
            Text::HistorySideOut,
            &[("game", &number.to_string()), ("score", &score(&after))],
        ),
        Happened::Undone { after } => {
            lang.format(Text::HistoryUndone, &[("score", &score(&after))])
        }
        Happened::Corrected { number, after } => lang.format(
            Text::HistoryCorrected,
            &[("end", &number.to_string()), ("score", &score(&after))],
        ),
        Happened::Conceded(side) => lang.format(Text::Conceded, &[("team", &team(side))]),
        Happened::Finished => lang.t(Text::HistoryFinished).to_string(),
        Happened::Reopened => lang.t(Text::HistoryReopened).to_string(),
        Happened::Reset => lang.t(Text::HistoryReset).to_string(),
        Happened::Unknown => format!("{}: {} → {}", change.action, change.before, change.after),
    }
}

pub fn history(
    ctx: &PageContext,
    club: &Club,
    board: &Board,
    game: &Game,
    changes: &[(ChangeRecord, String)],
) -> Markup {
    let lang = ctx.lang;
    let content = html! {
        p { a href=(paths::game(lang, &club.slug, game.id)) { "← " (board.team_name(game.team(Side::One))) " – " (board.team_name(game.team(Side::Two))) } }
        h1 { (lang.t(Text::ScoreHistory)) }
        p.muted { (lang.t(Text::ScoreHistoryLead)) }
        div.table-scroll tabindex="0" {
            table.history {
                thead { tr {
                    th scope="col" { (lang.t(Text::HistoryWhen)) }
                    th scope="col" { (lang.t(Text::HistoryWho)) }
                    th.what scope="col" { (lang.t(Text::HistoryAction)) }
                } }
                tbody {
                    @for (change, who) in changes {
                        tr {
                            td { (scoreboard::utc_time(change.at)) }
                            td { (who) }
                            td.what { (sentence(lang, board, game, change)) }
                        }
                    }
                }
            }
        }
    };
    layout::page(ctx, lang.t(Text::ScoreHistory), content)
}
