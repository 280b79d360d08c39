//! Setting an event up and keeping it right: the events list, the event's setup page
//! (teams, draws, games, ties to decide) and the forms those pages post.

use maud::{Markup, html};

use super::forms::{self, Input};
use super::layout;
use super::scoreboard::{draw_time, rules_summary};
use crate::clubs::Club;
use crate::clubs::sheets::Sheet;
use crate::i18n::{Lang, Text};
use crate::scoring::board::Board;
use crate::scoring::setup::EventForm;
use crate::scoring::standings;
use crate::scoring::{Event, EventKind, GameState, Position, Team};
use crate::sports::{Side, Sport};
use crate::validation::FieldErrors;
use crate::web::{PageContext, paths};

pub fn options<T>(
    items: &[T],
    value: impl Fn(&T) -> String,
    label: impl Fn(&T) -> String,
) -> Vec<(String, String)> {
    items.iter().map(|i| (value(i), label(i))).collect()
}

pub fn checkbox(lang: Lang, name: &'static str, label: Text, checked: bool) -> Markup {
    html! {
        div.field.checkbox {
            label { input type="checkbox" name=(name) checked[checked]; " " (lang.t(label)) }
        }
    }
}

/// A team as its form shows it: the name and one field per position.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct TeamForm {
    pub name: String,
    pub skip: String,
    pub vice: String,
    pub second: String,
    pub lead: String,
    pub alternate: String,
    pub player1: String,
    pub player2: String,
    /// The pool it plays its round robin in (edit form only).
    pub pool: String,
}

impl TeamForm {
    /// The form showing `team` as it is.
    pub fn of(team: &Team) -> TeamForm {
        let mut form = TeamForm {
            name: team.name.clone(),
            pool: team.pool.clone().unwrap_or_default(),
            ..TeamForm::default()
        };
        let mut others = team
            .players
            .iter()
            .filter(|p| p.position == Position::Player);
        form.player1 = others.next().map(|p| p.name.clone()).unwrap_or_default();
        form.player2 = others.next().map(|p| p.name.clone()).unwrap_or_default();
        for player in &team.players {
            let slot = match player.position {
                Position::Skip => &mut form.skip,
                Position::Vice => &mut form.vice,
                Position::Second => &mut form.second,
                Position::Lead => &mut form.lead,
                Position::Alternate => &mut form.alternate,
                Position::Player => continue,
            };
            if slot.is_empty() {
                slot.clone_from(&player.name);
            }
        }
        form
    }

    /// The roster the form describes, in position order (blanks are left to the domain).
    pub fn roster(&self, sport: Sport) -> Vec<(Position, String)> {
        match sport {
            Sport::Curling => vec![
                (Position::Skip, self.skip.clone()),
                (Position::Vice, self.vice.clone()),
                (Position::Second, self.second.clone()),
                (Position::Lead, self.lead.clone()),
                (Position::Alternate, self.alternate.clone()),
            ],
            Sport::Pickleball => vec![
                (Position::Player, self.player1.clone()),
                (Position::Player, self.player2.clone()),
            ],
        }
    }

    fn value(&self, field: &str) -> &str {
        match field {
            "skip" => &self.skip,
            "vice" => &self.vice,
            "second" => &self.second,
            "lead" => &self.lead,
            "alternate" => &self.alternate,
            "player1" => &self.player1,
            "player2" => &self.player2,
            _ => "",
        }
    }

    /// The name and player fields.
    pub fn fields(&self, lang: Lang, sport: Sport, errors: &FieldErrors) -> Markup {
        let positions: Vec<(&'static str, Text)> = match sport {
            Sport::Curling => Position::CURLING
                .iter()
                .map(|p| (p.as_str(), p.label()))
                .collect(),
            Sport::Pickleball => vec![("player1", Text::Player1), ("player2", Text::Player2)],
        };
        html! {
            (Input::text("name", Text::TeamName, &self.name).render(lang, errors))
            @for (field, label) in &positions {
                (Input::text(field, *label, self.value(field)).optional().render(lang, errors))
            }
        }
    }
}

/// A draw's time as its form shows it (`2026-11-22T19:00`, the club's clock).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct DrawForm {
    pub starts_at: String,
}

/// A game's place and teams as its form shows them.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct GameForm {
    pub draw: String,
    pub sheet: String,
    pub team1: String,
    pub team2: String,
    /// `1` or `2`: the side with the first hammer (first serve).
    pub first: String,
}

/// A form of the setup page that was refused, with what was typed in it.
#[derive(Debug, Clone)]
pub enum SetupForm {
    Team(TeamForm),
    Draw(DrawForm),
    Game(GameForm),
    /// Moving (or deleting) the draw with this id.
    MoveDraw(i64, DrawForm),
    /// Deciding (or undeciding) a tie.
    Tie,
}

/// The name, kind, audience and rule fields of an event.
pub fn event_fields(lang: Lang, sport: Sport, form: &EventForm, errors: &FieldErrors) -> Markup {
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
    let pairs = |values: &[&str]| -> Vec<(String, String)> {
        values
            .iter()
            .map(|v| (v.to_string(), v.to_string()))
            .collect()
    };
    html! {
        (Input::text("name", Text::FieldName, &form.name).render(lang, errors))
        (forms::select(lang, "kind", Text::EventKindField, &kinds, &form.kind, errors))
        (forms::select(lang, "audience", Text::EventAudienceField, &audiences, &form.audience, errors))
        @match sport {
            Sport::Curling => {
                (forms::select(lang, "ends", Text::RulesEndsField, &pairs(&["8", "10"]), &form.ends, errors))
                (checkbox(lang, "mixed_doubles", Text::RulesMixedDoubles, form.mixed_doubles.is_some()))
                (checkbox(lang, "extra_ends", Text::RulesExtraEnds, form.extra_ends.is_some()))
            }
            Sport::Pickleball => {
                (forms::select(lang, "points_to_win", Text::RulesPointsField, &pairs(&["11", "15", "21"]), &form.points_to_win, errors))
                (checkbox(lang, "win_by_two", Text::RulesWinByTwo, form.win_by_two.is_some()))
                (forms::select(lang, "best_of", Text::RulesBestOfField, &pairs(&["1", "3", "5"]), &form.best_of, errors))
                (forms::select(lang, "scoring", Text::RulesScoringField,
                    &[("side_out".into(), lang.t(Text::RulesSideOut).into()), ("rally".into(), lang.t(Text::RulesRally).into())], &form.scoring, errors))
                (forms::select(lang, "format", Text::RulesFormatField,
                    &[("doubles".into(), lang.t(Text::RulesDoubles).into()), ("singles".into(), lang.t(Text::RulesSingles).into())], &form.format, errors))
            }
        }
    }
}

fn event_rows(lang: Lang, club: &Club, events: &[&Event]) -> Markup {
    html! {
        ul.rows {
            @for event in events {
                li.row {
                    a.grow href=(paths::event(lang, &club.slug, event.id)) { (event.name) }
                    span.muted { (lang.t(event.kind.label())) " · " (rules_summary(lang, &event.rules)) }
                }
            }
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
    let (current, archived): (Vec<&Event>, Vec<&Event>) =
        events.iter().partition(|e| e.archived_at.is_none());
    let content = html! {
        p { a href=(paths::club(lang, &club.slug)) { "← " (club.name) } }
        h1 { (lang.t(Text::EventsTitle)) }
        @if current.is_empty() {
            p.muted { (lang.t(Text::EventsNone)) }
        } @else {
            (event_rows(lang, club, &current))
        }
        @if !archived.is_empty() {
            details.card #archived {
                summary { (lang.t(Text::EventsArchived)) " (" (archived.len()) ")" }
                (event_rows(lang, club, &archived))
            }
        }
        @if can_manage {
            section.card {
                h2 { (lang.t(Text::EventNew)) }
                (forms::post_form(ctx, &paths::events(lang, &club.slug), Text::EventCreate, html! {
                    (forms::form_error(lang, errors))
                    (event_fields(lang, club.sport, form, errors))
                }))
            }
        }
    };
    layout::page(ctx, lang.t(Text::EventsTitle), content)
}

/// What the setup page shows besides the board.
pub struct ManagePage<'a> {
    pub club: &'a Club,
    pub board: &'a Board,
    pub sheets: &'a [Sheet],
    /// The refused form, with its messages.
    pub failed: Option<(SetupForm, &'a FieldErrors)>,
    /// `https://host` of this server, for the embed snippet.
    pub base: String,
}

pub fn manage(ctx: &PageContext, page: &ManagePage) -> Markup {
    let lang = ctx.lang;
    let (club, board) = (page.club, page.board);
    let slug = club.slug.as_str();
    let id = board.event.id;
    let none = FieldErrors::new();
    let mut team_form = TeamForm::default();
    let mut draw_form = DrawForm::default();
    let mut game_form = GameForm::default();
    let (mut team_errors, mut draw_errors, mut game_errors, mut tie_errors) =
        (&none, &none, &none, &none);
    let mut moved: Option<(i64, DrawForm, &FieldErrors)> = None;
    if let Some((form, errors)) = &page.failed {
        match form {
            SetupForm::Team(f) => (team_form, team_errors) = (f.clone(), errors),
            SetupForm::Draw(f) => (draw_form, draw_errors) = (f.clone(), errors),
            SetupForm::Game(f) => (game_form, game_errors) = (f.clone(), errors),
            SetupForm::MoveDraw(draw, f) => moved = Some((*draw, f.clone(), errors)),
            SetupForm::Tie => tie_errors = errors,
        }
    }
    let teams = options(
        &board
            .teams
            .iter()
            .filter(|t| !t.withdrawn)
            .collect::<Vec<_>>(),
        |t| t.id.to_string(),
        |t| t.name.clone(),
    );
    let draws = options(&board.draws, |d| d.id.to_string(), draw_time);
    let mut sheet_options = vec![(String::new(), lang.t(Text::SheetNone).to_string())];
    sheet_options.extend(options(
        page.sheets,
        |s| s.id.to_string(),
        |s| s.name.clone(),
    ));
    let content = html! {
        p { a href=(paths::event(lang, slug, id)) { "← " (board.event.name) } }
        h1 { (lang.t(Text::EventManage)) }
        p.actions {
            a.button href=(paths::event_part(lang, slug, id, "schedule")) { (lang.t(Text::ScheduleTitle)) }
            a.button href=(paths::event_part(lang, slug, id, "brackets")) { (lang.t(Text::BracketsTitle)) }
            a.button.secondary href=(paths::event_part(lang, slug, id, "edit")) { (lang.t(Text::EventSettings)) }
            a.button.secondary href=(paths::event_part(lang, slug, id, "schedule.csv")) { (lang.t(Text::ScheduleCsv)) }
        }
        section.card #embed {
            h2 { (lang.t(Text::EmbedTitle)) }
            p.muted { (lang.t(Text::EmbedLead)) }
            @let url = format!("{}{}", page.base, paths::embed_event(lang, slug, id));
            div.field {
                label for="embed-snippet" { (lang.t(Text::EmbedSnippet)) }
                textarea #embed-snippet readonly rows="3" { (super::embed::snippet(&url, &board.event.name)) }
            }
            p { a href=(url) target="_blank" { (lang.t(Text::EmbedPreview)) } }
        }
        section.card #teams {
            h2 { (lang.t(Text::TeamsTitle)) " (" (board.teams.len()) ")" }
            ul.rows {
                @for team in &board.teams {
                    li.row {
                        a.grow href=(paths::team(lang, slug, id, team.id)) {
                            (team.name)
                        }
                        @if team.withdrawn { span.badge { (lang.t(Text::TeamWithdrawnBadge)) } }
                        span.muted { @for (i, p) in team.players.iter().enumerate() { @if i > 0 { ", " } (p.name) } }
                        a.button.small.secondary href=(paths::team_part(lang, slug, id, team.id, "edit")) { (lang.t(Text::Edit)) }
                    }
                }
            }
            details open[!team_errors.is_empty() || board.teams.len() < 2] {
                summary { (lang.t(Text::TeamAdd)) }
                (forms::post_form(ctx, &paths::event_part(lang, slug, id, "teams"), Text::TeamAdd, html! {
                    (forms::form_error(lang, team_errors))
                    (team_form.fields(lang, club.sport, team_errors))
                }))
            }
        }
        section.card #draws {
            h2 { (lang.t(Text::DrawsTitle)) " (" (board.draws.len()) ")" }
            @if board.draws.is_empty() { p.muted { (lang.t(Text::DrawsNone)) } }
            @for draw in &board.draws {
                @let mine = moved.as_ref().filter(|(d, _, _)| *d == draw.id);
                @let started = board.games_in(draw.id).any(|g| g.started());
                div.draw id=(format!("draw-{}", draw.id)) {
                    h3 { (draw_time(draw)) }
                    ul.rows {
                        @for game in board.games_in(draw.id) {
                            li.row {
                                a.grow href=(paths::game(lang, slug, game.id)) {
                                    (board.team_name(game.team(Side::One))) " – " (board.team_name(game.team(Side::Two)))
                                }
                                span.muted { (game.sheet.as_deref().unwrap_or("")) " · " (lang.t(game.state.label())) }
                                @if !game.started() || game.state == GameState::Cancelled {
                                    a.button.small.secondary href=(paths::game_part(lang, slug, game.id, "edit")) { (lang.t(Text::Edit)) }
                                }
                            }
                        }
                    }
                    details open[mine.is_some()] {
                        summary { (lang.t(Text::DrawMoveOrDelete)) }
                        @let (value, errors) = match mine {
                            Some((_, f, e)) => (f.starts_at.clone(), *e),
                            None => (crate::clubs::clock::input_value(board.zone, draw.starts_at), &none),
                        };
                        (forms::post_form(ctx, &paths::draw_action(lang, slug, id, draw.id, "move"), Text::DrawMove, html! {
                            (forms::form_error(lang, errors))
                            (Input::text("starts_at", Text::DrawStartsAt, &value).kind("datetime-local").render(lang, errors))
                        }))
                        @if !started {
                            (forms::confirm_form(ctx, &paths::draw_action(lang, slug, id, draw.id, "delete"), lang.t(Text::DrawDelete), "button small danger"))
                        }
                    }
                }
            }
            details open[!draw_errors.is_empty()] {
                summary { (lang.t(Text::DrawAdd)) }
                (forms::post_form(ctx, &paths::event_part(lang, slug, id, "draws"), Text::DrawAdd, html! {
                    (forms::form_error(lang, draw_errors))
                    (Input::text("starts_at", Text::DrawStartsAt, &draw_form.starts_at).kind("datetime-local").render(lang, draw_errors))
                }))
            }
        }
        @if !board.draws.is_empty() && board.teams.len() >= 2 {
            section.card #games {
                h2 { (lang.t(Text::GameAdd)) }
                (forms::post_form(ctx, &paths::event_part(lang, slug, id, "games"), Text::GameAdd, html! {
                    (forms::form_error(lang, game_errors))
                    (forms::select(lang, "draw", Text::DrawField, &draws, &game_form.draw, game_errors))
                    (forms::select(lang, "sheet", Text::SheetField, &sheet_options, &game_form.sheet, game_errors))
                    (forms::select(lang, "team1", Text::Team1Field, &teams, &game_form.team1, game_errors))
                    (forms::select(lang, "team2", Text::Team2Field, &teams, &game_form.team2, game_errors))
                }))
            }
        }
        (ties(ctx, club, board, tie_errors))
    };
    layout::page(ctx, lang.t(Text::EventManage), content)
}

/// Ties no criterion breaks, each with a form to store its order; and the decisions stored.
fn ties(ctx: &PageContext, club: &Club, board: &Board, errors: &FieldErrors) -> Markup {
    let lang = ctx.lang;
    let (slug, id) = (club.slug.as_str(), board.event.id);
    let rows = standings::of(board);
    let mut groups: Vec<Vec<&standings::Row>> = Vec::new();
    for row in rows.iter().filter(|r| r.unresolved) {
        match groups.last_mut() {
            Some(group) if group[0].rank == row.rank => group.push(row),
            _ => groups.push(vec![row]),
        }
    }
    let names = |ids: &[i64]| -> String {
        ids.iter()
            .map(|t| board.team_name(*t))
            .collect::<Vec<_>>()
            .join(", ")
    };
    html! {
        @if !groups.is_empty() || !board.decisions.is_empty() || !errors.is_empty() {
            section.card #ties {
                h2 { (lang.t(Text::TiesTitle)) }
                (forms::form_error(lang, errors))
                @for group in &groups {
                    @let tied: Vec<i64> = group.iter().map(|r| r.team).collect();
                    @let choices = options(&tied, |t| t.to_string(), |t| board.team_name(*t).to_string());
                    form.stack method="post" action=(paths::event_part(lang, slug, id, "ties/decide")) {
                        (forms::csrf(ctx))
                        p { (lang.format(Text::TieNeedsDecision, &[("rank", &group[0].rank.to_string()), ("teams", &names(&tied))])) }
                        input type="hidden" name="tied" value=(standings::tie_key(&tied));
                        @for (place, team) in tied.iter().enumerate() {
                            @let label = lang.format(Text::TiePlace, &[("place", &(group[0].rank + place).to_string())]);
                            div.field {
                                label for=(format!("tie-{}-{place}", group[0].rank)) { (label) }
                                select id=(format!("tie-{}-{place}", group[0].rank)) name="order" {
                                    @for (value, text) in &choices {
                                        option value=(value) selected[*value == team.to_string()] { (text) }
                                    }
                                }
                            }
                        }
                        button.button type="submit" { (lang.t(Text::TieDecide)) }
                    }
                }
                @if !board.decisions.is_empty() {
                    h3 { (lang.t(Text::TiesDecided)) }
                    ul.rows {
                        @for decision in &board.decisions {
                            li.row {
                                span.grow { (names(&decision.ranked)) }
                                form.inline method="post" action=(paths::event_part(lang, slug, id, "ties/undecide")) {
                                    (forms::csrf(ctx))
                                    input type="hidden" name="tied" value=(standings::tie_key(&decision.ranked));
                                    button.button.small.danger type="submit" { (lang.t(Text::TieUndecide)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
