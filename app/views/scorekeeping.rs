//! What the club's people use to run competitions: the events list, setting an event up,
//! the scorekeeper's phone screen, and a game's audit trail.

use maud::{Markup, html};

use super::forms::{self, Input};
use super::layout;
use super::scoreboard::{self, LINE_SCORE, draw_time, rules_summary};
use crate::clubs::Club;
use crate::clubs::sheets::Sheet;
use crate::i18n::{Lang, Text};
use crate::scoring::board::Board;
use crate::scoring::keeping::ChangeRecord;
use crate::scoring::setup::EventForm;
use crate::scoring::{Event, EventKind, Game, GameState, Position, Score};
use crate::sports::{Side, Sport};
use crate::validation::FieldErrors;
use crate::web::{PageContext, paths};

fn options<T>(
    items: &[T],
    value: impl Fn(&T) -> String,
    label: impl Fn(&T) -> String,
) -> Vec<(String, String)> {
    items.iter().map(|i| (value(i), label(i))).collect()
}

fn checkbox(lang: Lang, name: &'static str, label: Text, checked: bool) -> Markup {
    html! {
        div.field.checkbox {
            label { input type="checkbox" name=(name) checked[checked]; " " (lang.t(label)) }
        }
    }
}

pub fn events(
    ctx: &PageContext,
    club: &Club,
    events: &[Event],
    can_manage: bool,
    form: &EventForm,
    errors: &FieldErrors,
) -> Markup {
    let lang = ctx.lang;
    let kinds = options(
        &EventKind::ALL,
        |k| k.as_str().into(),
        |k| lang.t(k.label()).into(),
    );
    let audiences = vec![
        ("public".to_string(), lang.t(Text::EventPublic).to_string()),
        (
            "members".to_string(),
            lang.t(Text::EventMembersOnly).to_string(),
        ),
    ];
    let rules = match club.sport {
        Sport::Curling => html! {
            (forms::select(lang, "ends", Text::RulesEndsField,
                &[("8".into(), "8".into()), ("10".into(), "10".into())], &form.ends, errors))
            (checkbox(lang, "mixed_doubles", Text::RulesMixedDoubles, form.mixed_doubles.is_some()))
            (checkbox(lang, "extra_ends", Text::RulesExtraEnds, form.extra_ends.is_some()))
        },
        Sport::Pickleball => html! {
            (forms::select(lang, "points_to_win", Text::RulesPointsField,
                &[("11".into(), "11".into()), ("15".into(), "15".into()), ("21".into(), "21".into())], &form.points_to_win, errors))
            (checkbox(lang, "win_by_two", Text::RulesWinByTwo, form.win_by_two.is_some()))
            (forms::select(lang, "best_of", Text::RulesBestOfField,
                &[("1".into(), "1".into()), ("3".into(), "3".into()), ("5".into(), "5".into())], &form.best_of, errors))
            (forms::select(lang, "scoring", Text::RulesScoringField,
                &[("side_out".into(), lang.t(Text::RulesSideOut).into()), ("rally".into(), lang.t(Text::RulesRally).into())], &form.scoring, errors))
            (forms::select(lang, "format", Text::RulesFormatField,
                &[("doubles".into(), lang.t(Text::RulesDoubles).into()), ("singles".into(), lang.t(Text::RulesSingles).into())], &form.format, errors))
        },
    };
    let content = html! {
        p { a href=(paths::club(lang, &club.slug)) { "← " (club.name) } }
        h1 { (lang.t(Text::EventsTitle)) }
        @if events.is_empty() {
            p.muted { (lang.t(Text::EventsNone)) }
        } @else {
            ul.rows {
                @for event in events {
                    li.row {
                        a.grow href=(paths::event(lang, &club.slug, event.id)) { (event.name) }
                        span.muted { (lang.t(event.kind.label())) " · " (rules_summary(lang, &event.rules)) }
                    }
                }
            }
        }
        @if can_manage {
            section.card {
                h2 { (lang.t(Text::EventNew)) }
                (forms::post_form(ctx, &paths::events(lang, &club.slug), Text::EventCreate, html! {
                    (forms::form_error(lang, errors))
                    (Input::text("name", Text::FieldName, &form.name).render(lang, errors))
                    (forms::select(lang, "kind", Text::EventKindField, &kinds, &form.kind, errors))
                    (forms::select(lang, "audience", Text::EventAudienceField, &audiences, &form.audience, errors))
                    (rules)
                }))
            }
        }
    };
    layout::page(ctx, lang.t(Text::EventsTitle), content)
}

/// Which setup form an error belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupForm {
    Team,
    Draw,
    Game,
}

pub fn manage(
    ctx: &PageContext,
    club: &Club,
    board: &Board,
    sheets: &[Sheet],
    failed: Option<(SetupForm, &FieldErrors)>,
) -> Markup {
    let lang = ctx.lang;
    let slug = club.slug.as_str();
    let id = board.event.id;
    let none = FieldErrors::new();
    let errors_for = |form: SetupForm| match failed {
        Some((f, e)) if f == form => e,
        _ => &none,
    };
    let positions: Vec<(&'static str, Text)> = match club.sport {
        Sport::Curling => Position::CURLING
            .iter()
            .map(|p| (p.as_str(), p.label()))
            .collect(),
        Sport::Pickleball => vec![("player1", Text::Player1), ("player2", Text::Player2)],
    };
    let teams = options(&board.teams, |t| t.id.to_string(), |t| t.name.clone());
    let draws = options(&board.draws, |d| d.id.to_string(), draw_time);
    let mut sheet_options = vec![(String::new(), lang.t(Text::SheetNone).to_string())];
    sheet_options.extend(options(sheets, |s| s.id.to_string(), |s| s.name.clone()));
    let team_errors = errors_for(SetupForm::Team);
    let content = html! {
        p { a href=(paths::event(lang, slug, id)) { "← " (board.event.name) } }
        h1 { (lang.t(Text::EventManage)) }
        section.card #teams {
            h2 { (lang.t(Text::TeamsTitle)) }
            ul.rows {
                @for team in &board.teams {
                    li.row {
                        span.grow { (team.name) }
                        span.muted { @for (i, p) in team.players.iter().enumerate() { @if i > 0 { ", " } (p.name) } }
                    }
                }
            }
            (forms::post_form(ctx, &paths::event_part(lang, slug, id, "teams"), Text::TeamAdd, html! {
                (forms::form_error(lang, team_errors))
                (Input::text("name", Text::TeamName, "").render(lang, team_errors))
                @for (field, label) in &positions {
                    (Input { name: field, label: *label, value: "", kind: "text", autocomplete: "off", required: false, hint: None }.render(lang, team_errors))
                }
            }))
        }
        section.card #draws {
            h2 { (lang.t(Text::DrawsTitle)) }
            @for draw in &board.draws {
                h3 { (draw_time(draw)) }
                ul.rows {
                    @for game in board.games_in(draw.id) {
                        li.row {
                            span.grow { (board.team_name(game.team(Side::One))) " – " (board.team_name(game.team(Side::Two))) }
                            span.muted { (game.sheet.as_deref().unwrap_or("")) " · " (lang.t(game.state.label())) }
                        }
                    }
                }
            }
            (forms::post_form(ctx, &paths::event_part(lang, slug, id, "draws"), Text::DrawAdd, html! {
                (forms::form_error(lang, errors_for(SetupForm::Draw)))
                (Input::text("starts_at", Text::DrawStartsAt, "").kind("datetime-local").render(lang, errors_for(SetupForm::Draw)))
            }))
        }
        @if !board.draws.is_empty() && board.teams.len() >= 2 {
            section.card #games {
                h2 { (lang.t(Text::GameAdd)) }
                (forms::post_form(ctx, &paths::event_part(lang, slug, id, "games"), Text::GameAdd, html! {
                    @let e = errors_for(SetupForm::Game);
                    (forms::form_error(lang, e))
                    (forms::select(lang, "draw", Text::DrawField, &draws, "", e))
                    (forms::select(lang, "sheet", Text::SheetField, &sheet_options, "", e))
                    (forms::select(lang, "team1", Text::Team1Field, &teams, "", e))
                    (forms::select(lang, "team2", Text::Team2Field, &teams, "", e))
                }))
            }
        }
    };
    layout::page(ctx, lang.t(Text::EventManage), content)
}

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
            p { a href=(paths::game(lang, slug, game.id)) { "← " (name(Side::One)) " – " (name(Side::Two)) } }
            @if let Some(message) = page.message {
                div.flash.flash-alert role="alert" { (lang.t(message)) }
            }
            section.card #line-score sse-swap=(LINE_SCORE) { (scoreboard::line_score_fragment(lang, board, game)) }
            @match (game.state, &score) {
                (GameState::Scheduled, Score::Curling(_)) | (GameState::Scheduled, Score::Pickleball(_)) => {
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
                    @if page.can_manage {
                        (score_button(ctx, &url, game, &[("action", "reopen".into())], lang.t(Text::Reopen), "button secondary"))
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
    };
    layout::page(ctx, lang.t(Text::KeepScore), content)
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
        div.table-scroll {
            table.history {
                thead { tr {
                    th { (lang.t(Text::HistoryWhen)) } th { (lang.t(Text::HistoryWho)) } th { (lang.t(Text::HistoryAction)) }
                    th { (lang.t(Text::HistoryBefore)) } th { (lang.t(Text::HistoryAfter)) }
                } }
                tbody {
                    @for (change, who) in changes {
                        tr {
                            td { (scoreboard::utc_time(change.at)) }
                            td { (who) }
                            td { (change.action) }
                            td { code { (change.before) } }
                            td { code { (change.after) } }
                        }
                    }
                }
            }
        }
    };
    layout::page(ctx, lang.t(Text::ScoreHistory), content)
}
