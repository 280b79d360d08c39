//! Correcting a season: an event's settings and ranking, a team's page and its edit form,
//! and a game's edit form with what can be called on it.

use maud::{Markup, html};

use super::forms::{self, Input};
use super::layout;
use super::scoreboard::{draw_time, result_fragment};
use super::setup::{GameForm, TeamForm, event_fields, options};
use crate::clubs::Club;
use crate::clubs::sheets::Sheet;
use crate::i18n::{Lang, Text};
use crate::scoring::board::Board;
use crate::scoring::setup::EventForm;
use crate::scoring::standings::Criterion;
use crate::scoring::standings::settings::{CHAIN_STEPS, RankingForm};
use crate::scoring::{Game, GameState, Team};
use crate::sports::{Side, Sport};
use crate::validation::FieldErrors;
use crate::web::{PageContext, paths};

fn choices(lang: Lang, items: &[(&str, Text)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(v, t)| (v.to_string(), lang.t(*t).to_string()))
        .collect()
}

fn criterion_label(c: Criterion) -> Text {
    match c {
        Criterion::HeadToHead => Text::CriterionHeadToHead,
        Criterion::PointDiffAmongTied => Text::CriterionPointDiffAmongTied,
        Criterion::PointDiff => Text::CriterionPointDiff,
        Criterion::PointsFor => Text::CriterionPointsFor,
        Criterion::Dsc => Text::CriterionDsc,
        Criterion::BestLsd => Text::CriterionBestLsd,
    }
}

/// The ranking fields: record, points table, tiebreak chain and (curling) DSC rules.
fn ranking_fields(lang: Lang, sport: Sport, form: &RankingForm, errors: &FieldErrors) -> Markup {
    let primaries = choices(
        lang,
        &[
            ("wins", Text::RankingByWins),
            ("points", Text::RankingByPoints),
            ("win_percentage", Text::RankingByPercentage),
        ],
    );
    let criteria: Vec<Criterion> = Criterion::ALL
        .into_iter()
        .filter(|c| sport == Sport::Curling || !matches!(c, Criterion::Dsc | Criterion::BestLsd))
        .collect();
    let mut steps = vec![(String::new(), lang.t(Text::RankingNoStep).to_string())];
    steps.extend(options(
        &criteria,
        |c| c.as_str().into(),
        |c| lang.t(criterion_label(*c)).into(),
    ));
    let number = |name: &'static str, label: Text, value: &str| {
        Input::text(name, label, value)
            .kind("number")
            .render(lang, errors)
    };
    let chain_error = errors.get("tiebreaker");
    html! {
        fieldset {
            legend { (lang.t(Text::RankingTitle)) }
            (forms::select(lang, "primary", Text::RankingPrimary, &primaries, &form.primary, errors))
            details open[errors.get("points_win").is_some() || form.primary == "points"] {
                summary { (lang.t(Text::RankingPointsTable)) }
                div.stack {
                    (number("points_win", Text::PointsWin, &form.points_win))
                    @if sport == Sport::Curling {
                        (number("points_extra_end_win", Text::PointsExtraEndWin, &form.points_extra_end_win))
                    }
                    (number("points_tie", Text::PointsTie, &form.points_tie))
                    @if sport == Sport::Curling {
                        (number("points_extra_end_loss", Text::PointsExtraEndLoss, &form.points_extra_end_loss))
                    }
                    (number("points_loss", Text::PointsLoss, &form.points_loss))
                }
            }
            div.field.field-invalid[chain_error.is_some()] {
                p.label-like { (lang.t(Text::RankingChain)) }
                ol.chain {
                    @for step in 0..CHAIN_STEPS {
                        @let id = format!("field-tiebreaker-{step}");
                        @let value = form.tiebreaker.get(step).map(String::as_str).unwrap_or("");
                        li {
                            label.visually-hidden for=(id) { (lang.format(Text::RankingStep, &[("n", &(step + 1).to_string())])) }
                            select id=(id) name="tiebreaker" {
                                @for (v, text) in &steps {
                                    option value=(v) selected[v == value] { (text) }
                                }
                            }
                        }
                    }
                }
                @if let Some(error) = chain_error { p.field-error { (lang.t(error)) } }
            }
            (forms::select(lang, "split", Text::RankingSplit, &choices(lang, &[
                ("restart", Text::RankingSplitRestart), ("continue", Text::RankingSplitContinue)]), &form.split, errors))
            (forms::select(lang, "head_to_head_incomplete", Text::RankingIncomplete, &choices(lang, &[
                ("use_available", Text::RankingIncompleteUse), ("skip", Text::RankingIncompleteSkip)]), &form.head_to_head_incomplete, errors))
        }
        @if sport == Sport::Curling {
            fieldset {
                legend { (lang.t(Text::DscTitle)) }
                (Input::text("dsc_miss", Text::DscMiss, &form.dsc_miss).hint(Text::DscMissHint).render(lang, errors))
                (forms::select(lang, "dsc_aggregate", Text::DscAggregate, &choices(lang, &[
                    ("mean", Text::DscMean), ("sum", Text::DscSum)]), &form.dsc_aggregate, errors))
                (forms::select(lang, "dsc_drop", Text::DscDrop, &choices(lang, &[
                    ("wcf", Text::DscDropWcf), ("worst", Text::DscDropWorst), ("keep_best", Text::DscDropKeepBest), ("none", Text::DscDropNone)]), &form.dsc_drop, errors))
                (Input::text("dsc_drop_n", Text::DscDropCount, &form.dsc_drop_n).kind("number").optional().render(lang, errors))
                (forms::select(lang, "dsc_out_of_range", Text::DscOutOfRange, &choices(lang, &[
                    ("clamp", Text::DscClamp), ("refuse", Text::DscRefuse)]), &form.dsc_out_of_range, errors))
            }
        }
    }
}

/// The settings form, as shown or as posted.
pub struct SettingsForm<'a> {
    pub event: &'a EventForm,
    pub ranking: &'a RankingForm,
}

pub fn event_settings(
    ctx: &PageContext,
    club: &Club,
    board: &Board,
    form: &SettingsForm,
    errors: &FieldErrors,
) -> Markup {
    let lang = ctx.lang;
    let (slug, id) = (club.slug.as_str(), board.event.id);
    let scored = board.games.iter().any(Game::started);
    let archived = board.event.archived_at.is_some();
    let content = html! {
        p { a href=(paths::event_part(lang, slug, id, "manage")) { "← " (board.event.name) } }
        h1 { (lang.t(Text::EventSettings)) }
        (forms::post_form(ctx, &paths::event_part(lang, slug, id, "edit"), Text::Save, html! {
            (forms::form_error(lang, errors))
            (event_fields(lang, club.sport, form.event, errors))
            @if scored { p.field-hint { (lang.t(Text::EventRulesLockedHint)) } }
            (ranking_fields(lang, club.sport, form.ranking, errors))
        }))
        section.card #remove {
            @if scored {
                h2 { (lang.t(if archived { Text::EventUnarchive } else { Text::EventArchive })) }
                p.muted { (lang.t(Text::EventArchiveLead)) }
                (forms::button_form(ctx, &paths::event_part(lang, slug, id, if archived { "do/unarchive" } else { "do/archive" }),
                    lang.t(if archived { Text::EventUnarchive } else { Text::EventArchive }), "button secondary"))
            } @else {
                h2 { (lang.t(Text::EventDelete)) }
                p.muted { (lang.t(Text::EventDeleteLead)) }
                (forms::confirm_form(ctx, &paths::event_part(lang, slug, id, "do/delete"), lang.t(Text::EventDelete), "button danger"))
            }
        }
    };
    layout::page(ctx, lang.t(Text::EventSettings), content)
}

/// A team's public page: its players, its results, and its games to come.
pub fn team_page(
    ctx: &PageContext,
    club: &Club,
    board: &Board,
    team: &Team,
    can_manage: bool,
) -> Markup {
    let lang = ctx.lang;
    let (slug, id) = (club.slug.as_str(), board.event.id);
    let games: Vec<&Game> = board.games_of(team.id).collect();
    let (played, to_come): (Vec<&Game>, Vec<&Game>) =
        games.into_iter().partition(|g| g.state == GameState::Final);
    let opponent = |g: &Game| {
        let side = g.side_of(team.id).unwrap_or(Side::One);
        board.team_name(g.team(side.other())).to_string()
    };
    let content = html! {
        p { a href=(paths::event(lang, slug, id)) { "← " (board.event.name) } }
        h1 { (team.name) @if team.withdrawn { " " span.badge { (lang.t(Text::TeamWithdrawnBadge)) } } }
        @if can_manage {
            p.actions { a.button.secondary href=(paths::team_part(lang, slug, id, team.id, "edit")) { (lang.t(Text::TeamEdit)) } }
        }
        @if !team.players.is_empty() {
            section.card {
                h2 { (lang.t(Text::TeamPlayers)) }
                ul.rows {
                    @for p in &team.players {
                        li.row { span.grow { (p.name) } span.muted { (lang.t(p.position.label())) } }
                    }
                }
            }
        }
        section.card #team-upcoming {
            h2 { (lang.t(Text::TeamUpcoming)) }
            @if to_come.is_empty() {
                p.muted { (lang.t(Text::TeamNoUpcoming)) }
            } @else {
                ul.rows {
                    @for g in &to_come {
                        li.row {
                            span { @if let Some(draw) = board.draw(g.draw_id) { (draw_time(draw)) } }
                            a.grow href=(paths::game(lang, slug, g.id)) { (lang.format(Text::TeamVersus, &[("team", &opponent(g))])) }
                            span.muted {
                                (g.sheet.as_deref().unwrap_or(""))
                                @if g.state != GameState::Scheduled { " · " (lang.t(g.state.label())) }
                            }
                        }
                    }
                }
            }
        }
        section.card #team-results {
            h2 { (lang.t(Text::ResultsTitle)) }
            @if played.is_empty() {
                p.muted { (lang.t(Text::TeamNoResults)) }
            } @else {
                ul.rows {
                    @for g in &played {
                        li.row {
                            span { @if let Some(draw) = board.draw(g.draw_id) { (draw_time(draw)) } }
                            span.grow { (result_fragment(lang, slug, board, g)) }
                        }
                    }
                }
            }
        }
    };
    layout::page(ctx, &team.name, content)
}

pub fn team_edit(
    ctx: &PageContext,
    club: &Club,
    board: &Board,
    team: &Team,
    form: &TeamForm,
    errors: &FieldErrors,
    members: Markup,
) -> Markup {
    let lang = ctx.lang;
    let (slug, id) = (club.slug.as_str(), board.event.id);
    let has_games = board.games_of(team.id).next().is_some();
    let action = |part: &str| paths::team_part(lang, slug, id, team.id, part);
    let content = html! {
        p { a href=(paths::event_part(lang, slug, id, "manage")) { "← " (board.event.name) } }
        h1 { (lang.t(Text::TeamEdit)) }
        (forms::post_form(ctx, &action("edit"), Text::Save, html! {
            (forms::form_error(lang, errors))
            (form.fields(lang, club.sport, errors))
            (Input::text("pool", Text::TeamPool, &form.pool).optional().hint(Text::TeamPoolHint).render(lang, errors))
        }))
        (members)
        section.card #withdraw {
            @if team.withdrawn {
                h2 { (lang.t(Text::TeamReinstate)) }
                p.muted { (lang.t(Text::TeamReinstateLead)) }
                (forms::button_form(ctx, &action("do/reinstate"), lang.t(Text::TeamReinstate), "button secondary"))
            } @else {
                h2 { (lang.t(Text::TeamWithdraw)) }
                p.muted { (lang.t(Text::TeamWithdrawLead)) }
                form.stack method="post" action=(action("do/withdraw")) {
                    (forms::csrf(ctx))
                    fieldset {
                        legend { (lang.t(Text::TeamWithdrawGames)) }
                        div.field.checkbox { label { input type="radio" name="games" value="byes" checked; " " (lang.t(Text::TeamWithdrawByes)) } }
                        div.field.checkbox { label { input type="radio" name="games" value="remove"; " " (lang.t(Text::TeamWithdrawRemove)) } }
                    }
                    button.button.danger type="submit" { (lang.t(Text::TeamWithdraw)) }
                }
            }
            @if !has_games {
                h2 { (lang.t(Text::TeamDelete)) }
                (forms::confirm_form(ctx, &action("do/delete"), lang.t(Text::TeamDelete), "button danger"))
            }
        }
    };
    layout::page(ctx, lang.t(Text::TeamEdit), content)
}

/// What a game's edit page offers.
pub struct GameEditPage<'a> {
    pub club: &'a Club,
    pub board: &'a Board,
    pub game: &'a Game,
    pub sheets: &'a [Sheet],
    pub form: &'a GameForm,
    pub errors: &'a FieldErrors,
}

pub fn game_edit(ctx: &PageContext, page: &GameEditPage) -> Markup {
    let lang = ctx.lang;
    let (club, board, game) = (page.club, page.board, page.game);
    let slug = club.slug.as_str();
    let errors = page.errors;
    let name = |side: Side| board.team_name(game.team(side)).to_string();
    let draws = options(&board.draws, |d| d.id.to_string(), draw_time);
    let mut sheets = vec![(String::new(), lang.t(Text::SheetNone).to_string())];
    sheets.extend(options(
        page.sheets,
        |s| s.id.to_string(),
        |s| s.name.clone(),
    ));
    let teams = options(
        &board
            .teams
            .iter()
            .filter(|t| !t.withdrawn || game.teams.contains(&t.id))
            .collect::<Vec<_>>(),
        |t| t.id.to_string(),
        |t| t.name.clone(),
    );
    let firsts = vec![
        (
            "1".to_string(),
            format!("{} ({})", lang.t(Text::FirstTeamFirst), name(Side::One)),
        ),
        (
            "2".to_string(),
            format!("{} ({})", lang.t(Text::SecondTeamFirst), name(Side::Two)),
        ),
    ];
    let first_label = match club.sport {
        Sport::Curling => Text::FirstHammerField,
        Sport::Pickleball => Text::FirstServeField,
    };
    let call = |action: &str| paths::game_part(lang, slug, game.id, &format!("call/{action}"));
    let content = html! {
        p { a href=(paths::event_part(lang, slug, board.event.id, "manage")) { "← " (board.event.name) } }
        h1 { (lang.t(Text::GameEdit)) ": " (name(Side::One)) " – " (name(Side::Two)) }
        p.muted { (lang.t(game.state.label())) }
        (forms::form_error(lang, errors))
        @if game.state == GameState::Scheduled {
            (forms::post_form(ctx, &paths::game_part(lang, slug, game.id, "edit"), Text::Save, html! {
                (forms::select(lang, "draw", Text::DrawField, &draws, &page.form.draw, errors))
                (forms::select(lang, "sheet", Text::SheetField, &sheets, &page.form.sheet, errors))
                (forms::select(lang, "team1", Text::Team1Field, &teams, &page.form.team1, errors))
                (forms::select(lang, "team2", Text::Team2Field, &teams, &page.form.team2, errors))
                (forms::select(lang, "first", first_label, &firsts, &page.form.first, errors))
            }))
        } @else if game.started() {
            p { (lang.t(Text::GameStartedLocked)) " " a href=(paths::game_score(lang, slug, game.id)) { (lang.t(Text::KeepScore)) } }
        }
        section.card #calls {
            h2 { (lang.t(Text::GameCalls)) }
            div.actions {
                @match game.state {
                    GameState::Scheduled => {
                        (forms::button_form(ctx, &call("cancel"), lang.t(Text::GameCancel), "button secondary"))
                        @for side in Side::BOTH {
                            (forms::button_form(ctx, &call(&format!("forfeit-{}", side.number())),
                                &lang.format(Text::GameForfeitBy, &[("team", &name(side))]), "button danger"))
                        }
                    }
                    GameState::Cancelled => {
                        (forms::button_form(ctx, &call("restore"), lang.t(Text::GameRestore), "button secondary"))
                    }
                    GameState::Final if game.forfeited_by.is_some() => {
                        (forms::button_form(ctx, &call("unforfeit"), lang.t(Text::GameUnforfeit), "button secondary"))
                    }
                    _ => {}
                }
                @if matches!(game.state, GameState::Scheduled | GameState::Cancelled) {
                    (forms::confirm_form(ctx, &call("delete"), lang.t(Text::GameDelete), "button danger"))
                }
            }
        }
    };
    layout::page(ctx, lang.t(Text::GameEdit), content)
}

/// The last-stone draw form of a curling game not started: each team's stones, in cm or
/// missed. Shown on the scorekeeper's screen.
pub fn lsd_form(
    ctx: &PageContext,
    club: &Club,
    board: &Board,
    game: &Game,
    stones: usize,
    errors: &FieldErrors,
) -> Markup {
    let lang = ctx.lang;
    let recorded = |side: Side, i: usize| {
        game.lsd
            .iter()
            .find(|s| s.side == side && usize::from(s.ordinal) == i)
            .copied()
    };
    html! {
        details.card #lsd open[!errors.is_empty()] {
            summary { (lang.t(Text::LsdTitle)) }
            p.muted { (lang.t(Text::LsdLead)) }
            form.stack method="post" action=(paths::game_part(lang, &club.slug, game.id, "lsd")) {
                (forms::csrf(ctx))
                input type="hidden" name="version" value=(game.version);
                (forms::form_error(lang, errors))
                @for side in Side::BOTH {
                    fieldset {
                        legend { (board.team_name(game.team(side))) }
                        @for i in 0..stones {
                            @let field = format!("d{}{}", side.number(), i);
                            @let stone = recorded(side, i);
                            @let value = stone.and_then(|s| s.distance).map(|d| format!("{}.{}", d / 10, d % 10)).unwrap_or_default();
                            div.field.lsd-stone {
                                label for=(format!("field-{field}")) { (lang.format(Text::LsdStone, &[("n", &(i + 1).to_string())])) }
                                input id=(format!("field-{field}")) type="text" inputmode="decimal" name=(field) value=(value) autocomplete="off";
                                (checkbox_named(lang, &format!("m{}{}", side.number(), i), stone.is_some_and(|s| s.distance.is_none())))
                            }
                        }
                    }
                }
                button.button type="submit" { (lang.t(Text::LsdSave)) }
            }
        }
    }
}

fn checkbox_named(lang: Lang, name: &str, checked: bool) -> Markup {
    html! {
        label.lsd-miss { input type="checkbox" name=(name) checked[checked]; " " (lang.t(Text::LsdMissed)) }
    }
}
