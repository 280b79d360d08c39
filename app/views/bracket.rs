//! Brackets on the event page (rounds as columns that scroll sideways on a phone, each game
//! linking to its line score) and the organiser's bracket page: the generator's form, each
//! bracket game's sources, hammer rule and place, and the log of corrections.

use maud::{Markup, html};

use super::forms::{self, Input};
use super::layout;
use super::scoreboard::draw_time;
use crate::clubs::Club;
use crate::clubs::sheets::Sheet;
use crate::i18n::{Lang, Text};
use crate::scoring::board::Board;
use crate::scoring::bracket::generate::BracketForm;
use crate::scoring::bracket::store::{self, Bracket, ChangeRecord};
use crate::scoring::bracket::{
    Hammer, Occupant, Resolution, SeedFrom, Slot, Source, Status, resolve,
};
use crate::scoring::{Game, GameState};
use crate::validation::FieldErrors;
use crate::web::{PageContext, paths};

/// The event's `#bracket` section (replaced live).
pub const BRACKET: &str = "bracket";

/// Where a side comes from, in words: "Winner of Semifinal", "2nd of pool A".
fn source_text(lang: Lang, bracket: &Bracket, source: Source) -> String {
    let label = |n: u32| {
        bracket
            .plan
            .slot(n)
            .map_or_else(|| format!("#{n}"), |s| s.label.clone())
    };
    match source {
        Source::Winner(n) => lang.format(Text::BracketWinnerOf, &[("game", &label(n))]),
        Source::Loser(n) => lang.format(Text::BracketLoserOf, &[("game", &label(n))]),
        Source::Bye => lang.t(Text::BracketBye).to_string(),
        Source::Seed(n) => match bracket.plan.seeds.get(n as usize - 1) {
            Some(SeedFrom::Place { rank, pool: None }) => {
                lang.format(Text::BracketPlace, &[("rank", &ordinal(lang, *rank))])
            }
            Some(SeedFrom::Place {
                rank,
                pool: Some(pool),
            }) => lang.format(
                Text::BracketPoolPlace,
                &[("rank", &ordinal(lang, *rank)), ("pool", pool)],
            ),
            _ => lang.format(Text::BracketSeed, &[("n", &n.to_string())]),
        },
    }
}

fn ordinal(lang: Lang, n: u32) -> String {
    match lang {
        Lang::Fr if n == 1 => "1er".into(),
        Lang::Fr => format!("{n}e"),
        Lang::En => {
            let suffix = match (n % 10, n % 100) {
                (1, r) if r != 11 => "st",
                (2, r) if r != 12 => "nd",
                (3, r) if r != 13 => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
    }
}

/// The games people see: byes go through without being shown.
fn shown(slot: &Slot, res: &Resolution) -> bool {
    !slot.has_bye() && res.status(slot.number) != Status::Walkover
}

/// One side of a bracket game: the team, or where it will come from.
fn side_line(
    lang: Lang,
    board: &Board,
    bracket: &Bracket,
    slot: &Slot,
    res: &Resolution,
    game: Option<&Game>,
    i: usize,
) -> Markup {
    let occupant = res.sides(slot.number)[i];
    let (name, known) = match occupant {
        Occupant::Team(t) => (board.team_name(t).to_string(), true),
        Occupant::Bye => (lang.t(Text::BracketBye).to_string(), false),
        Occupant::Open => (source_text(lang, bracket, slot.sides[i]), false),
    };
    // The real game's side for this team (its sides may have been swapped on its page).
    let side = match occupant {
        Occupant::Team(t) => game.and_then(|g| g.side_of(t)),
        _ => None,
    };
    let score = game
        .zip(side)
        .map(|(g, s)| g.score(&board.event.rules).headline(s));
    let won = res
        .winner(slot.number)
        .is_some_and(|w| occupant == Occupant::Team(w));
    html! {
        span.team-line.winner[won].placeholder[!known] {
            span.team-name { (name) }
            span.points { @if let Some(points) = score { (points) } }
        }
    }
}

fn game_box(
    lang: Lang,
    slug: &str,
    board: &Board,
    bracket: &Bracket,
    slot: &Slot,
    res: &Resolution,
) -> Markup {
    let place = bracket.placement(slot.number);
    let game = place.game.and_then(|g| board.game(g));
    let status = res.status(slot.number);
    let when = place
        .draw
        .and_then(|d| board.draw(d))
        .map(draw_time)
        .unwrap_or_else(|| lang.t(Text::BracketNoTime).to_string());
    let state = match (status, game) {
        (Status::NotNeeded, _) => lang.t(Text::BracketNotNeeded).to_string(),
        (_, Some(g)) => {
            let sheet = g
                .sheet
                .as_deref()
                .map(|s| format!(" · {s}"))
                .unwrap_or_default();
            format!("{}{sheet}", lang.t(g.label()))
        }
        _ => when.clone(),
    };
    let inner = html! {
        span.game-card-head {
            span.label { (slot.label) }
            span.state { (state) }
        }
        (side_line(lang, board, bracket, slot, res, game, 0))
        (side_line(lang, board, bracket, slot, res, game, 1))
    };
    html! {
        @match game {
            Some(g) => a.bracket-game href=(paths::game(lang, slug, g.id)) data-state=(g.state.as_str()) { (inner) },
            None => div.bracket-game.pending[status != Status::NotNeeded].void[status == Status::NotNeeded] { (inner) },
        }
    }
}

/// Every bracket of the event: per section, its rounds as columns.
pub fn bracket_fragment(lang: Lang, slug: &str, board: &Board) -> Markup {
    html! {
        @for bracket in &board.brackets {
            @let known = store::known(board, bracket);
            @let res = resolve(&bracket.plan, &known);
            div.bracket {
                h2 { (bracket.name) }
                @for section in sections(bracket) {
                    @let slots: Vec<&Slot> = bracket.plan.slots.iter().filter(|s| s.section == section && shown(s, &res)).collect();
                    @if !slots.is_empty() {
                        @if sections(bracket).len() > 1 { h3 { (section) } }
                        div.bracket-rounds tabindex="0" {
                            @for round in rounds(&slots) {
                                ol.bracket-round {
                                    @for slot in slots.iter().filter(|s| s.round == round) {
                                        li { (game_box(lang, slug, board, bracket, slot, &res)) }
                                    }
                                }
                            }
                        }
                    }
                }
                @for (title, team) in podium(lang, bracket, &known, &res) {
                    p.champion { (title) " · " strong { (board.team_name(team)) } }
                }
            }
        }
    }
}

/// The sections in the order their first game comes.
fn sections(bracket: &Bracket) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for slot in &bracket.plan.slots {
        if !out.contains(&slot.section) {
            out.push(slot.section.clone());
        }
    }
    out
}

fn rounds(slots: &[&Slot]) -> Vec<u32> {
    let mut rounds: Vec<u32> = slots.iter().map(|s| s.round).collect();
    rounds.sort_unstable();
    rounds.dedup();
    rounds
}

/// Who the bracket has decided so far: the champion (the last game no winner leaves), the
/// other games no winner leaves (bronze, a losers' final without crossover, each club
/// event's final), or for a record bracket its qualifiers by losses.
fn podium(
    lang: Lang,
    bracket: &Bracket,
    known: &crate::scoring::bracket::Known,
    res: &Resolution,
) -> Vec<(String, i64)> {
    use crate::scoring::bracket::formats::{self, Format};
    if let Ok(Format::Record {
        teams,
        wins,
        losses,
    }) = serde_json::from_str::<Format>(&bracket.format)
    {
        let letters = ["A", "B", "C", "D", "E", "F", "G", "H"];
        return formats::record_qualifiers(teams, wins, losses)
            .into_iter()
            .enumerate()
            .flat_map(|(l, sources)| {
                let title = lang.format(
                    Text::BracketQualifier,
                    &[("letter", letters.get(l).copied().unwrap_or("?"))],
                );
                sources
                    .into_iter()
                    .filter_map(|s| match s {
                        Source::Winner(n) => res.winner(n),
                        Source::Seed(n) => known.seeds.get(n as usize - 1).copied().flatten(),
                        _ => None,
                    })
                    .map(move |t| (title.clone(), t))
                    .collect::<Vec<_>>()
            })
            .collect();
    }
    let fed = |n: u32| {
        bracket
            .plan
            .slots
            .iter()
            .any(|s| s.sides.contains(&Source::Winner(n)))
    };
    let mut last: Vec<&Slot> = bracket
        .plan
        .slots
        .iter()
        .filter(|s| !fed(s.number) && res.status(s.number) != Status::NotNeeded)
        .collect();
    // The champion's game first: the latest round, then the earliest section.
    last.sort_by_key(|s| (std::cmp::Reverse(s.round), s.number));
    let club_events = matches!(
        serde_json::from_str::<Format>(&bracket.format),
        Ok(Format::Events { .. })
    );
    let champion = lang.t(Text::BracketChampion);
    let mut out = Vec::new();
    for (i, slot) in last.iter().enumerate() {
        let Some(team) = res.winner(slot.number) else {
            continue;
        };
        // Each club event has its own champion; elsewhere the other last games are named
        // (bronze, third place, the losers' final without crossover).
        let title = match (club_events, i) {
            (true, _) => format!("{} · {champion}", slot.section),
            (false, 0) => champion.to_string(),
            (false, _) => slot.label.clone(),
        };
        out.push((title, team));
    }
    // A reset game not needed leaves the grand final's winner as champion.
    if out.is_empty()
        && let Some(done) = bracket
            .plan
            .slots
            .iter()
            .find(|s| res.status(s.number) == Status::NotNeeded)
        && let Some(team) = res.winner(done.number)
    {
        out.push((lang.t(Text::BracketChampion).to_string(), team));
    }
    out
}

pub struct BracketsPage<'a> {
    pub club: &'a Club,
    pub board: &'a Board,
    pub sheets: &'a [Sheet],
    pub form: &'a BracketForm,
    pub errors: &'a FieldErrors,
    pub logs: &'a [(i64, Vec<ChangeRecord>)],
    /// The bracket game being edited whose form has errors: (bracket, number).
    pub editing: Option<(i64, u32)>,
}

fn formats(lang: Lang) -> Vec<(String, String)> {
    [
        ("page", Text::FormatPage),
        ("single", Text::FormatSingle),
        ("double", Text::FormatDouble),
        ("record", Text::FormatRecord),
        ("events", Text::FormatEvents),
    ]
    .into_iter()
    .map(|(v, t)| (v.to_string(), lang.t(t).to_string()))
    .collect()
}

pub fn page(ctx: &PageContext, page: &BracketsPage) -> Markup {
    let lang = ctx.lang;
    let (club, board, form, errors) = (page.club, page.board, page.form, page.errors);
    let (slug, id) = (club.slug.as_str(), board.event.id);
    let url = paths::event_part(lang, slug, id, "brackets");
    let seedings: Vec<(String, String)> = [
        ("standings", Text::BracketSeedingStandings),
        ("pools", Text::BracketSeedingPools),
        ("order", Text::BracketSeedingTeams),
    ]
    .into_iter()
    .map(|(v, t)| (v.to_string(), lang.t(t).to_string()))
    .collect();
    let hammers = vec![
        (
            "winner".to_string(),
            lang.t(Text::BracketFinalHammerWinner).to_string(),
        ),
        (
            "seed".to_string(),
            lang.t(Text::BracketFinalHammerSeed).to_string(),
        ),
    ];
    let content = html! {
        p { a href=(paths::event_part(lang, slug, id, "manage")) { "← " (board.event.name) } }
        h1 { (lang.t(Text::BracketsTitle)) }
        @for bracket in &board.brackets {
            (bracket_editor(ctx, page, bracket))
        }
        section.card {
            h2 { (lang.t(Text::BracketNew)) }
            form.stack method="post" action=(url) {
                (forms::csrf(ctx))
                @if page.editing.is_none() { (forms::form_error(lang, errors)) }
                (Input::text("name", Text::BracketName, &form.name).render(lang, errors))
                (forms::select(lang, "format", Text::BracketFormat, &formats(lang), &form.format, errors))
                (Input::text("teams", Text::BracketTeams, &form.teams).kind("number").render(lang, errors))
                (forms::select(lang, "seeding", Text::BracketSeeding, &seedings, &form.seeding, errors))
                (forms::textarea(lang, "order", Text::BracketSeedOrder, &form.order, errors))
                p.field-hint { (lang.t(Text::BracketSeedOrderHint)) }
                fieldset {
                    legend { (lang.t(Text::FormatPage)) " · " (lang.t(Text::FormatSingle)) }
                    (super::setup::checkbox(lang, "bronze", Text::BracketBronzeGame, form.bronze.is_some()))
                    (forms::select(lang, "final_hammer", Text::BracketFinalHammer, &hammers, &form.final_hammer, errors))
                }
                fieldset {
                    legend { (lang.t(Text::FormatDouble)) }
                    (super::setup::checkbox(lang, "crossover", Text::BracketCrossover, form.crossover.is_some()))
                    (super::setup::checkbox(lang, "reset", Text::BracketReset, form.reset.is_some()))
                }
                fieldset {
                    legend { (lang.t(Text::FormatRecord)) }
                    (Input::text("wins", Text::BracketWins, &form.wins).kind("number").render(lang, errors))
                    (Input::text("losses", Text::BracketLosses, &form.losses).kind("number").render(lang, errors))
                }
                fieldset {
                    legend { (lang.t(Text::FormatEvents)) }
                    (Input::text("events", Text::BracketEventCount, &form.events).kind("number").render(lang, errors))
                }
                (Input::text("first", Text::BracketFirstTime, &form.first).kind("datetime-local").optional().render(lang, errors))
                (Input::text("gap", Text::BracketRoundGap, &form.gap).kind("number").render(lang, errors))
                button.button type="submit" { (lang.t(Text::BracketCreate)) }
            }
        }
    };
    layout::page(ctx, lang.t(Text::BracketsTitle), content)
}

/// The options a side can take in this bracket.
fn source_options(lang: Lang, bracket: &Bracket) -> Vec<(String, String)> {
    let mut out = vec![(
        Source::Bye.to_string(),
        lang.t(Text::BracketBye).to_string(),
    )];
    for n in 1..=bracket.plan.seeds.len() as u32 {
        let s = Source::Seed(n);
        let text = format!(
            "{} · {}",
            lang.format(Text::BracketSeed, &[("n", &n.to_string())]),
            source_text(lang, bracket, s)
        );
        out.push((s.to_string(), text));
    }
    for slot in &bracket.plan.slots {
        for s in [Source::Winner(slot.number), Source::Loser(slot.number)] {
            out.push((s.to_string(), source_text(lang, bracket, s)));
        }
    }
    out
}

fn hammer_options(lang: Lang, bracket: &Bracket, slot: Option<&Slot>) -> Vec<(String, String)> {
    let mut out = vec![
        (
            Hammer::HigherSeed.to_string(),
            lang.t(Text::BracketHammerSeed).to_string(),
        ),
        (
            Hammer::Lsd.to_string(),
            lang.t(Text::BracketHammerLsd).to_string(),
        ),
        (
            Hammer::Manual.to_string(),
            lang.t(Text::BracketHammerManual).to_string(),
        ),
    ];
    for source in slot.map(|s| s.sides.to_vec()).unwrap_or_default() {
        if let Source::Winner(n) = source {
            let label = bracket
                .plan
                .slot(n)
                .map_or(String::new(), |s| s.label.clone());
            out.push((
                Hammer::WinnerOf(n).to_string(),
                lang.format(Text::BracketHammerWinnerOf, &[("game", &label)]),
            ));
        }
    }
    out
}

fn draw_options(lang: Lang, board: &Board) -> Vec<(String, String)> {
    std::iter::once((String::new(), lang.t(Text::BracketNoDraw).to_string()))
        .chain(board.draws.iter().map(|d| (d.id.to_string(), draw_time(d))))
        .collect()
}

fn sheet_options(lang: Lang, sheets: &[Sheet]) -> Vec<(String, String)> {
    std::iter::once((String::new(), lang.t(Text::SheetNone).to_string()))
        .chain(sheets.iter().map(|s| (s.id.to_string(), s.name.clone())))
        .collect()
}

/// One bracket on the organiser's page: its games, each with a form to change it, a form
/// to add one, its corrections, and its deletion.
fn bracket_editor(ctx: &PageContext, page: &BracketsPage, bracket: &Bracket) -> Markup {
    let lang = ctx.lang;
    let (club, board) = (page.club, page.board);
    let slug = club.slug.as_str();
    let action = |what: &str| {
        paths::event_part(
            lang,
            slug,
            board.event.id,
            &format!("brackets/{}/{what}", bracket.id),
        )
    };
    let res = resolve(&bracket.plan, &store::known(board, bracket));
    let sources = source_options(lang, bracket);
    let draws = draw_options(lang, board);
    let sheets = sheet_options(lang, page.sheets);
    let no_errors = FieldErrors::new();
    let log = page
        .logs
        .iter()
        .find(|(b, _)| *b == bracket.id)
        .map(|(_, l)| l.as_slice())
        .unwrap_or(&[]);
    let slot_form = |slot: Option<&Slot>| {
        let number = slot.map(|s| s.number);
        let errors = if page.editing == Some((bracket.id, number.unwrap_or(0))) {
            page.errors
        } else {
            &no_errors
        };
        let place = number.map(|n| bracket.placement(n)).unwrap_or_default();
        let value = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        html! {
            form.stack.slot-form method="post" action=(action("save")) {
                (forms::csrf(ctx))
                (forms::form_error(lang, errors))
                input type="hidden" name="number" value=(number.map(|n| n.to_string()).unwrap_or_default());
                (Input::text("label", Text::BracketName, slot.map_or("", |s| s.label.as_str())).render(lang, errors))
                (forms::select(lang, "side1", Text::BracketSideOne, &sources, &slot.map(|s| s.sides[0].to_string()).unwrap_or_default(), errors))
                (forms::select(lang, "side2", Text::BracketSideTwo, &sources, &slot.map(|s| s.sides[1].to_string()).unwrap_or_default(), errors))
                (forms::select(lang, "hammer", Text::BracketHammer, &hammer_options(lang, bracket, slot), &slot.map(|s| s.hammer.to_string()).unwrap_or_default(), errors))
                (forms::select(lang, "draw", Text::DrawField, &draws, &value(place.draw), errors))
                (forms::select(lang, "sheet", Text::SheetField, &sheets, &value(place.sheet), errors))
                button.button type="submit" { (lang.t(if slot.is_some() { Text::Save } else { Text::BracketAddGame })) }
            }
        }
    };
    html! {
        section.card {
            h2 { (bracket.name) }
            @if page.editing == Some((bracket.id, u32::MAX)) { (forms::form_error(lang, page.errors)) }
            // Every game, byes too: anything made can be changed or removed.
            @for slot in &bracket.plan.slots {
                details.slot open[page.editing == Some((bracket.id, slot.number))] {
                    summary {
                        strong { (slot.label) } " · "
                        (side_name(lang, board, bracket, slot, &res, 0)) " – " (side_name(lang, board, bracket, slot, &res, 1))
                    }
                    (slot_form(Some(slot)))
                    (forms::confirm_form(ctx, &action(&format!("games/{}/remove", slot.number)), lang.t(Text::BracketRemoveGame), "button secondary"))
                }
            }
            details.slot open[page.editing == Some((bracket.id, 0))] {
                summary { (lang.t(Text::BracketAddGame)) }
                (slot_form(None))
            }
            @if !log.is_empty() {
                h3 { (lang.t(Text::BracketLog)) }
                ul.rows {
                    @for change in log {
                        li.row { span.muted { (super::scoreboard::utc_time(change.at)) } " " (change.detail) }
                    }
                }
            }
            (forms::confirm_form(ctx, &action("delete"), lang.t(Text::BracketDelete), "button danger"))
        }
    }
}

fn side_name(
    lang: Lang,
    board: &Board,
    bracket: &Bracket,
    slot: &Slot,
    res: &Resolution,
    i: usize,
) -> String {
    match res.sides(slot.number)[i] {
        Occupant::Team(t) => board.team_name(t).to_string(),
        Occupant::Bye => lang.t(Text::BracketBye).to_string(),
        Occupant::Open => source_text(lang, bracket, slot.sides[i]),
    }
}

/// Whether the event is in its playoff stage: a bracket game has a real game.
pub fn in_playoffs(board: &Board) -> bool {
    board.brackets.iter().any(|b| {
        b.placements.values().filter_map(|p| p.game).any(|g| {
            board
                .game(g)
                .is_some_and(|g| g.state != GameState::Cancelled)
        })
    })
}
