//! The schedule generator's page: the organiser's choices, then the proposed draws with
//! their fairness figures, then the button that creates them.

use maud::{Markup, html};

use super::forms::{self, Input};
use super::layout;
use crate::clubs::Club;
use crate::clubs::sheets::Sheet;
use crate::i18n::{Lang, Text};
use crate::scoring::board::Board;
use crate::scoring::schedule::{self, Fairness, Proposal, ScheduleForm};
use crate::sports::Sport;
use crate::validation::FieldErrors;
use crate::web::{PageContext, paths};

/// What the generator answered, if it was asked.
pub enum Preview<'a> {
    Proposal {
        proposal: &'a Proposal,
        /// The digest of the schedule it was made from (`schedule::fingerprint`).
        fingerprint: String,
    },
    /// Why nothing could be proposed, in the visitor's language.
    Refused(String),
}

pub struct SchedulePage<'a> {
    pub club: &'a Club,
    pub board: &'a Board,
    pub sheets: &'a [Sheet],
    pub form: &'a ScheduleForm,
    pub errors: &'a FieldErrors,
    pub preview: Option<Preview<'a>>,
}

fn weekday_label(day: chrono::Weekday) -> Text {
    use chrono::Weekday::*;
    match day {
        Mon => Text::Monday,
        Tue => Text::Tuesday,
        Wed => Text::Wednesday,
        Thu => Text::Thursday,
        Fri => Text::Friday,
        Sat => Text::Saturday,
        Sun => Text::Sunday,
    }
}

/// A group of checkboxes sharing one name, with the group's error.
fn boxes(
    lang: Lang,
    name: &'static str,
    legend: Text,
    items: &[(String, String, bool)],
    errors: &FieldErrors,
) -> Markup {
    let error = errors.get(name);
    html! {
        fieldset.field-invalid[error.is_some()] {
            legend { (lang.t(legend)) }
            div.box-row {
                @for (value, label, checked) in items {
                    label.box { input type="checkbox" name=(name) value=(value) checked[*checked]; " " (label) }
                }
            }
            @if let Some(error) = error { p.field-error { (lang.t(error)) } }
        }
    }
}

/// The form's values as hidden fields, so the create button sends what was previewed.
fn hidden(form: &ScheduleForm) -> Markup {
    html! {
        @for s in &form.sheet { input type="hidden" name="sheet" value=(s); }
        @for w in &form.weekday { input type="hidden" name="weekday" value=(w); }
        input type="hidden" name="first_date" value=(form.first_date);
        input type="hidden" name="draws_per_night" value=(form.draws_per_night);
        input type="hidden" name="times" value=(form.times);
        input type="hidden" name="excluded" value=(form.excluded);
        input type="hidden" name="cycles" value=(form.cycles);
        input type="hidden" name="byes" value=(form.byes);
        @if form.once_per_night.is_some() { input type="hidden" name="once_per_night" value="on"; }
    }
}

pub fn page(ctx: &PageContext, page: &SchedulePage) -> Markup {
    let lang = ctx.lang;
    let (club, board, form, errors) = (page.club, page.board, page.form, page.errors);
    let (slug, id) = (club.slug.as_str(), board.event.id);
    let url = paths::event_part(lang, slug, id, "schedule");
    let sheet_boxes: Vec<(String, String, bool)> = page
        .sheets
        .iter()
        .map(|s| {
            let v = s.id.to_string();
            let on = form.sheet.contains(&v);
            (v, s.name.clone(), on)
        })
        .collect();
    let day_boxes: Vec<(String, String, bool)> = schedule::WEEKDAYS
        .iter()
        .map(|d| {
            let v = schedule::short(*d).to_string();
            let on = form.weekday.contains(&v);
            (v, lang.t(weekday_label(*d)).to_string(), on)
        })
        .collect();
    let per_night: Vec<(String, String)> =
        (1..=4).map(|n| (n.to_string(), n.to_string())).collect();
    let cycles = vec![
        ("1".to_string(), lang.t(Text::ScheduleSingle).to_string()),
        ("2".to_string(), lang.t(Text::ScheduleDouble).to_string()),
    ];
    let sheets_legend = match club.sport {
        Sport::Curling => Text::ScheduleSheets,
        Sport::Pickleball => Text::ScheduleCourts,
    };
    let teams = schedule::active_teams(board).len();
    let kept = schedule::existing_games(board).len();
    let content = html! {
        p { a href=(paths::event_part(lang, slug, id, "manage")) { "← " (board.event.name) } }
        h1 { (lang.t(Text::ScheduleTitle)) }
        p.lead { (lang.format(Text::ScheduleLead, &[("teams", &teams.to_string())])) }
        @if kept > 0 { p.muted { (lang.format(Text::ScheduleKeeps, &[("games", &kept.to_string())])) } }
        form.stack method="post" action=(url) {
            (forms::csrf(ctx))
            input type="hidden" name="step" value="preview";
            (forms::form_error(lang, errors))
            (boxes(lang, "sheet", sheets_legend, &sheet_boxes, errors))
            (Input::text("first_date", Text::ScheduleFirstDate, &form.first_date).kind("date").render(lang, errors))
            (boxes(lang, "weekday", Text::ScheduleWeekdays, &day_boxes, errors))
            (forms::select(lang, "draws_per_night", Text::ScheduleDrawsPerNight, &per_night, &form.draws_per_night, errors))
            (Input::text("times", Text::ScheduleTimes, &form.times).hint(Text::ScheduleTimesHint).render(lang, errors))
            (forms::select(lang, "cycles", Text::ScheduleCycles, &cycles, &form.cycles, errors))
            (super::setup::checkbox(lang, "once_per_night", Text::ScheduleOncePerNight, form.once_per_night.is_some()))
            (forms::textarea(lang, "excluded", Text::ScheduleExcluded, &form.excluded, errors))
            p.field-hint { (lang.t(Text::ScheduleExcludedHint)) }
            (forms::textarea(lang, "byes", Text::ScheduleByes, &form.byes, errors))
            p.field-hint { (lang.t(Text::ScheduleByesHint)) }
            button.button type="submit" { (lang.t(Text::SchedulePreview)) }
        }
        @match &page.preview {
            Some(Preview::Refused(message)) => {
                div.flash.flash-alert role="alert" #preview { (message) }
            }
            Some(Preview::Proposal { proposal, fingerprint }) => {
                @let create = html! {
                    form.stack #create method="post" action=(url) {
                        (forms::csrf(ctx))
                        input type="hidden" name="step" value="create";
                        input type="hidden" name="fingerprint" value=(fingerprint);
                        (hidden(form))
                        button.button type="submit" {
                            (lang.format(Text::ScheduleCreate, &[("games", &proposal.draws.iter().map(|d| d.games.len()).sum::<usize>().to_string())]))
                        }
                    }
                };
                (preview(ctx, board, page.sheets, form, proposal, create))
            }
            None => {}
        }
    };
    layout::page(ctx, lang.t(Text::ScheduleTitle), content)
}

fn fairness(lang: Lang, f: &Fairness) -> Markup {
    let yes_no = |ok: bool| {
        lang.t(if ok {
            Text::FairnessOk
        } else {
            Text::FairnessOff
        })
    };
    html! {
        dl.facts.fairness {
            dt { (lang.t(Text::FairnessPairs)) }
            dd { (yes_no(f.pairs_off == 0)) @if f.pairs_off > 0 { " (" (f.pairs_off) ")" } }
            dt { (lang.t(Text::FairnessDoubleBooked)) }
            dd { (f.double_booked) }
            dt { (lang.t(Text::FairnessSheetSpread)) }
            dd { (f.sheet_spread) }
            dt { (lang.t(Text::FairnessHammer)) }
            dd { (f.hammer_imbalance) }
            @if let Some(spread) = f.time_spread {
                dt { (lang.t(Text::FairnessTimeSpread)) }
                dd { (spread) }
            }
            dt { (lang.t(Text::FairnessByes)) }
            dd { (f.byes.0) "–" (f.byes.1) }
            dt { (lang.t(Text::FairnessByesInARow)) }
            dd { (f.byes_in_a_row) }
            dt { (lang.t(Text::FairnessBreaks)) }
            dd { (f.breaks) }
            dt { (lang.t(Text::FairnessDraws)) }
            dd { (f.draws) }
            dt { (lang.t(Text::FairnessMostEmpty)) }
            dd { (f.most_empty) }
        }
    }
}

fn preview(
    ctx: &PageContext,
    board: &Board,
    sheets: &[Sheet],
    form: &ScheduleForm,
    proposal: &Proposal,
    create: Markup,
) -> Markup {
    let lang = ctx.lang;
    let sheet_name = |id: i64| {
        sheets
            .iter()
            .find(|s| s.id == id)
            .map_or(String::new(), |s| s.name.clone())
    };
    // The figures count games per chosen sheet, in the club's order.
    let chosen: Vec<&Sheet> = sheets
        .iter()
        .filter(|s| form.sheet.contains(&s.id.to_string()))
        .collect();
    html! {
        section.card #preview {
            h2 { (lang.t(Text::SchedulePreviewTitle)) }
            @for time in &proposal.ambiguous {
                p.flash.flash-notice { (lang.format(Text::ScheduleAmbiguous, &[("time", &time.format("%Y-%m-%d %H:%M").to_string())])) }
            }
            p.verdict {
                @if proposal.optimal {
                    strong { (lang.t(Text::ScheduleOptimal)) }
                } @else {
                    strong { (lang.t(Text::ScheduleBestFound)) }
                }
            }
            (fairness(lang, &proposal.fairness))
            (create)
            details {
                summary { (lang.t(Text::FairnessSheetCounts)) }
                div.table-scroll tabindex="0" {
                    table.data {
                        thead { tr {
                            th.team scope="col" { (lang.t(Text::StandingsTeam)) }
                            @for s in &chosen { th scope="col" { (s.name) } }
                        } }
                        tbody {
                            @for (team, counts) in &proposal.fairness.sheet_counts {
                                tr {
                                    th scope="row" { (board.team_name(*team)) }
                                    @for count in counts { td { (count) } }
                                }
                            }
                        }
                    }
                }
            }
            @for draw in &proposal.draws {
                h3 { (draw.local.format("%Y-%m-%d %H:%M").to_string()) }
                ul.rows {
                    @for game in &draw.games {
                        li.row {
                            span.sheet-name { (sheet_name(game.sheet)) }
                            span.grow { (board.team_name(game.teams[0])) " – " (board.team_name(game.teams[1])) }
                        }
                    }
                }
                @if !draw.byes.is_empty() {
                    p.muted { (lang.t(Text::ScheduleByesOn)) " " (draw.byes.iter().map(|t| board.team_name(*t)).collect::<Vec<_>>().join(", ")) }
                }
            }
        }
    }
}
