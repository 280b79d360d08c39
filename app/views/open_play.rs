//! Open play: the club's sessions, a session's day (sign up, who plays, who waits), the desk
//! that checks players in and moves them on and off the courts, and the court board for the
//! club's TV. The desk and the board follow every change live.

use std::collections::HashMap;

use maud::{DOCTYPE, Markup, html};

use super::forms::{self, Input, csrf};
use super::layout;
use crate::clubs::Club;
use crate::clubs::sheets::Sheet;
use crate::courts::open_play::{Roster, Session};
use crate::courts::queue::{Floor, Format, Rotation};
use crate::courts::{self};
use crate::i18n::{Lang, Text};
use crate::validation::FieldErrors;
use crate::web::{PageContext, paths};

use super::courts::{COURTS_CHANGED, DAYS};

/// Names of the club's members, by account.
pub type Names = HashMap<i64, String>;

fn name(names: &Names, account: i64) -> String {
    names.get(&account).cloned().unwrap_or_else(|| "—".into())
}

fn rotation_text(r: Rotation) -> Text {
    match r {
        Rotation::WinnersStay => Text::OpenPlayWinnersStay,
        Rotation::AllOff => Text::OpenPlayAllOff,
        Rotation::FourOff => Text::OpenPlayFourOff,
    }
}

fn format_text(f: Format) -> Text {
    match f {
        Format::Doubles => Text::OpenPlayDoubles,
        Format::Singles => Text::OpenPlaySingles,
    }
}

fn court_names(sheets: &[Sheet], courts: &[i64]) -> String {
    courts
        .iter()
        .filter_map(|c| sheets.iter().find(|s| s.id == *c))
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Tuesday 09:00–11:00".
fn when(lang: Lang, s: &Session) -> String {
    format!(
        "{} {}–{}",
        lang.t(DAYS[s.draft.weekday.clamp(0, 6) as usize].2),
        courts::hhmm(s.draft.starts_minute),
        courts::hhmm(s.draft.ends_minute)
    )
}

/// One session in the club's list, with its next day.
pub struct Card<'a> {
    pub session: &'a Session,
    pub next: Option<(chrono::NaiveDate, &'a Roster)>,
}

/// The session form as typed.
#[derive(Debug, Clone, Default)]
pub struct SessionForm {
    pub name: String,
    pub weekday: String,
    pub starts_at: String,
    pub ends_at: String,
    pub level: String,
    pub capacity: String,
    pub format: String,
    pub rotation: String,
    pub courts: Vec<String>,
}

impl SessionForm {
    pub fn of(s: &Session) -> Self {
        let d = &s.draft;
        Self {
            name: d.name.clone(),
            weekday: d.weekday.to_string(),
            starts_at: courts::hhmm(d.starts_minute),
            ends_at: courts::hhmm(d.ends_minute),
            level: d.level.clone(),
            capacity: d.capacity.to_string(),
            format: d.format.as_str().into(),
            rotation: d.rotation.as_str().into(),
            courts: d.courts.iter().map(|c| c.to_string()).collect(),
        }
    }

    pub fn blank() -> Self {
        Self {
            weekday: "1".into(),
            starts_at: "09:00".into(),
            ends_at: "11:00".into(),
            capacity: "16".into(),
            format: "doubles".into(),
            rotation: "four_off".into(),
            ..Self::default()
        }
    }

    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let mut form = Self::default();
        for (k, v) in pairs {
            let v = v.clone();
            match k.as_str() {
                "name" => form.name = v,
                "weekday" => form.weekday = v,
                "starts_at" => form.starts_at = v,
                "ends_at" => form.ends_at = v,
                "level" => form.level = v,
                "capacity" => form.capacity = v,
                "format" => form.format = v,
                "rotation" => form.rotation = v,
                "courts" => form.courts.push(v),
                _ => {}
            }
        }
        form
    }
}

fn session_fields(
    lang: Lang,
    sheets: &[Sheet],
    form: &SessionForm,
    errors: &FieldErrors,
) -> Markup {
    let weekdays: Vec<(String, String)> = DAYS
        .iter()
        .enumerate()
        .map(|(i, d)| (i.to_string(), lang.t(d.2).to_string()))
        .collect();
    let formats: Vec<(String, String)> = [Format::Doubles, Format::Singles]
        .iter()
        .map(|f| (f.as_str().to_string(), lang.t(format_text(*f)).to_string()))
        .collect();
    let rotations: Vec<(String, String)> = Rotation::ALL
        .iter()
        .map(|r| {
            (
                r.as_str().to_string(),
                lang.t(rotation_text(*r)).to_string(),
            )
        })
        .collect();
    html! {
        (forms::form_error(lang, errors))
        (Input::text("name", Text::OpenPlayName, &form.name).render(lang, errors))
        (forms::select(lang, "weekday", Text::OpenPlayWeekday, &weekdays, &form.weekday, errors))
        (Input::text("starts_at", Text::OpenPlayStarts, &form.starts_at).kind("time").render(lang, errors))
        (Input::text("ends_at", Text::OpenPlayEnds, &form.ends_at).kind("time").render(lang, errors))
        (Input::text("level", Text::OpenPlayLevel, &form.level).optional().render(lang, errors))
        (Input::text("capacity", Text::OpenPlayCapacityLabel, &form.capacity).kind("number").render(lang, errors))
        (forms::select(lang, "format", Text::OpenPlayFormat, &formats, &form.format, errors))
        (forms::select(lang, "rotation", Text::OpenPlayRotation, &rotations, &form.rotation, errors))
        fieldset.field.field-invalid[errors.get("courts").is_some()] #field-courts {
            legend { (lang.t(Text::OpenPlayCourtsLabel)) }
            @if let Some(e) = errors.get("courts") { p.field-error { (lang.t(e)) } }
            @for sheet in sheets {
                @let id = format!("court-{}", sheet.id);
                label.check for=(id) {
                    input #(id) type="checkbox" name="courts" value=(sheet.id) checked[form.courts.contains(&sheet.id.to_string())];
                    " " (sheet.name)
                }
            }
        }
    }
}

/// The club's sessions; owners and admins add one here.
pub fn list(
    ctx: &PageContext,
    club: &Club,
    cards: &[Card],
    sheets: &[Sheet],
    manager: bool,
    form: &SessionForm,
    errors: &FieldErrors,
) -> Markup {
    let lang = ctx.lang;
    let content = html! {
        p { a href=(paths::club(lang, &club.slug)) { "← " (club.name) } }
        h1 { (lang.t(Text::OpenPlayTitle)) }
        p.muted { (lang.t(Text::OpenPlayLead)) }
        @if cards.is_empty() {
            p.muted #no-sessions { (lang.t(Text::OpenPlayNone)) }
        }
        ul.rows #sessions {
            @for card in cards {
                @let s = card.session;
                li.row {
                    span.grow {
                        a href=(paths::open_play_session(lang, &club.slug, s.id, "", card.next.map(|n| n.0))) { strong { (s.draft.name) } }
                        br;
                        span.muted {
                            (when(lang, s))
                            @if !s.draft.level.is_empty() { " · " (s.draft.level) }
                            " · " (court_names(sheets, &s.draft.courts))
                        }
                    }
                    @if let Some((day, roster)) = card.next {
                        span {
                            (day.format("%Y-%m-%d").to_string()) " · "
                            (lang.format(Text::OpenPlaySpots, &[("taken", &roster.playing.len().to_string()), ("capacity", &s.draft.capacity.to_string())]))
                            @if !roster.waiting.is_empty() {
                                " · " (lang.format(Text::OpenPlayWaitingCount, &[("n", &roster.waiting.len().to_string())]))
                            }
                        }
                    }
                }
            }
        }
        @if manager {
            details.card #new-session open[!errors.is_empty()] {
                summary { (lang.t(Text::OpenPlayNew)) }
                (forms::post_form(ctx, &paths::open_play(lang, &club.slug), Text::OpenPlayNew, session_fields(lang, sheets, form, errors)))
            }
        }
    };
    layout::page(ctx, lang.t(Text::OpenPlayTitle), content)
}

pub fn edit(
    ctx: &PageContext,
    club: &Club,
    session: &Session,
    sheets: &[Sheet],
    form: &SessionForm,
    errors: &FieldErrors,
) -> Markup {
    let lang = ctx.lang;
    let content = html! {
        p { a href=(paths::open_play_session(lang, &club.slug, session.id, "", None)) { "← " (session.draft.name) } }
        h1 { (lang.t(Text::OpenPlayEdit)) }
        (forms::post_form(ctx, &paths::open_play_session(lang, &club.slug, session.id, "edit", None), Text::Save, session_fields(lang, sheets, form, errors)))
        (forms::confirm_form(ctx, &paths::open_play_session(lang, &club.slug, session.id, "archive", None), lang.t(Text::OpenPlayArchive), "button danger"))
    };
    layout::page(ctx, lang.t(Text::OpenPlayEdit), content)
}

/// A session's day, as a member sees it.
pub struct DayPage<'a> {
    pub club: &'a Club,
    pub session: &'a Session,
    pub sheets: &'a [Sheet],
    pub day: chrono::NaiveDate,
    pub days: &'a [chrono::NaiveDate],
    pub roster: &'a Roster,
    pub names: &'a Names,
    pub viewer: i64,
    /// Runs the desk (owners, admins, scorekeepers).
    pub desk: bool,
    pub manager: bool,
    pub open: bool,
    pub live_url: String,
}

pub fn day(ctx: &PageContext, p: &DayPage) -> Markup {
    let lang = ctx.lang;
    let (club, s) = (p.club, p.session);
    let url = |part: &str, day: Option<chrono::NaiveDate>| {
        paths::open_play_session(lang, &club.slug, s.id, part, day)
    };
    let place = p.roster.place_of(p.viewer);
    let content = html! {
        p { a href=(paths::open_play(lang, &club.slug)) { "← " (lang.t(Text::OpenPlayTitle)) } }
        h1 { (s.draft.name) }
        p {
            (when(lang, s))
            @if !s.draft.level.is_empty() { " · " (s.draft.level) }
            " · " (court_names(p.sheets, &s.draft.courts))
            br;
            span.muted { (lang.t(format_text(s.draft.format))) " · " (lang.t(rotation_text(s.draft.rotation))) }
        }
        @if p.days.len() > 1 {
            nav.day-nav aria-label=(lang.t(Text::OpenPlayDay)) {
                @for d in p.days {
                    @if *d == p.day {
                        span.button.small aria-current="date" { (d.format("%Y-%m-%d").to_string()) }
                    } @else {
                        a.button.small.secondary href=(url("", Some(*d))) { (d.format("%Y-%m-%d").to_string()) }
                    }
                }
            }
        }
        h2 { (p.day.format("%Y-%m-%d").to_string()) }
        section.card #my-place {
            @match place {
                Some(0) => {
                    p { strong { (lang.t(Text::OpenPlayIn)) } }
                }
                Some(n) => {
                    p { strong { (lang.format(Text::OpenPlayInLine, &[("n", &n.to_string())])) } }
                }
                None => {}
            }
            @if p.open {
                @if place.is_some() {
                    (forms::confirm_form(ctx, &url("cancel", Some(p.day)), lang.t(Text::OpenPlayCancel), "button danger"))
                } @else {
                    form.inline method="post" action=(url("sign-up", Some(p.day))) {
                        (csrf(ctx))
                        button.button type="submit" {
                            @if p.roster.playing.len() as i64 >= s.draft.capacity { (lang.t(Text::OpenPlayJoinLine)) } @else { (lang.t(Text::OpenPlaySignUp)) }
                        }
                    }
                }
            } @else {
                p.muted { (lang.t(Text::OpenPlayOver)) }
            }
        }
        (live_fragment(&url("", Some(p.day)), &p.live_url, "day-players", players(lang, p)))
        p.actions {
            @if p.desk { a.button.secondary href=(url("desk", Some(p.day))) { (lang.t(Text::OpenPlayDesk)) } " " }
            a.button.secondary href=(url("board", Some(p.day))) { (lang.t(Text::OpenPlayBoard)) }
            @if p.manager { " " a.button.secondary href=(url("edit", None)) { (lang.t(Text::OpenPlayEdit)) } }
        }
    };
    layout::page(ctx, &s.draft.name, content)
}

/// Who plays and who waits (what the live signal fetches again).
pub fn players(lang: Lang, p: &DayPage) -> Markup {
    let s = p.session;
    html! {
        section.card #players {
            h2 { (lang.format(Text::OpenPlaySpots, &[("taken", &p.roster.playing.len().to_string()), ("capacity", &s.draft.capacity.to_string())])) }
            @if p.roster.playing.is_empty() {
                p.muted { (lang.t(Text::OpenPlayNobody)) }
            } @else {
                ol { @for su in &p.roster.playing { li { (name(p.names, su.account)) } } }
            }
            @if !p.roster.waiting.is_empty() {
                h3 { (lang.t(Text::OpenPlayWaitlist)) }
                ol #waitlist { @for su in &p.roster.waiting { li { (name(p.names, su.account)) } } }
            }
        }
    }
}

/// The floor of a day, for the desk and the board.
pub struct FloorView<'a> {
    pub club: &'a Club,
    pub session: &'a Session,
    pub sheets: &'a [Sheet],
    pub day: chrono::NaiveDate,
    pub floor: &'a Floor,
    pub version: i64,
    pub roster: &'a Roster,
    pub names: &'a Names,
    pub live_url: String,
    pub alert: Option<Text>,
}

fn sheet_name(sheets: &[Sheet], id: i64) -> String {
    sheets
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.name.clone())
        .unwrap_or_default()
}

fn side_names(names: &Names, side: &[i64]) -> String {
    side.iter()
        .map(|p| name(names, *p))
        .collect::<Vec<_>>()
        .join(" & ")
}

/// A part of the page that fetches itself again on every change. No throttle: htmx keeps at
/// most one request in flight and queues only the latest event behind it, so a burst costs two
/// fetches and the last change is never dropped (a throttle drops events inside its window,
/// the last one included).
fn live_fragment(url: &str, live_url: &str, id: &str, body: Markup) -> Markup {
    html! {
        div hx-ext="sse" sse-connect=(live_url) {
            div id=(id) hx-get=(url) hx-trigger=(format!("sse:{COURTS_CHANGED}")) hx-swap="innerHTML" {
                (body)
            }
        }
    }
}

pub fn desk(ctx: &PageContext, v: &FloorView) -> Markup {
    let lang = ctx.lang;
    let url = paths::open_play_session(lang, &v.club.slug, v.session.id, "desk", Some(v.day));
    let content = html! {
        p { a href=(paths::open_play_session(lang, &v.club.slug, v.session.id, "", Some(v.day))) { "← " (v.session.draft.name) } }
        h1 { (lang.t(Text::OpenPlayDesk)) " · " (v.session.draft.name) }
        p.muted { (v.day.format("%Y-%m-%d").to_string()) " · " (when(lang, v.session)) }
        (live_fragment(&url, &v.live_url, "desk", desk_body(ctx, v)))
    };
    layout::page(ctx, lang.t(Text::OpenPlayDesk), content)
}

/// One desk button: a form carrying the floor's version, so a tap on an old floor is
/// refused instead of applied twice.
fn desk_button(
    ctx: &PageContext,
    v: &FloorView,
    fields: &[(&str, String)],
    label: &str,
    class: &str,
) -> Markup {
    html! {
        form.inline method="post" action=(paths::open_play_session(ctx.lang, &v.club.slug, v.session.id, "desk", Some(v.day))) hx-boost="false" {
            (csrf(ctx))
            input type="hidden" name="version" value=(v.version);
            @for (k, val) in fields { input type="hidden" name=(k) value=(val); }
            button type="submit" class=(class) { (label) }
        }
    }
}

pub fn desk_body(ctx: &PageContext, v: &FloorView) -> Markup {
    let lang = ctx.lang;
    let format = v.session.draft.format;
    let arrivals: Vec<_> = v
        .roster
        .playing
        .iter()
        .filter(|s| s.checked_in_at.is_none())
        .collect();
    let resting: Vec<_> = v
        .roster
        .playing
        .iter()
        .filter(|s| s.checked_in_at.is_some() && !v.floor.has(s.account))
        .collect();
    html! {
        @if let Some(alert) = v.alert {
            div.flash.flash-alert role="alert" tabindex="-1" autofocus { (lang.t(alert)) }
        }
        div.court-floor {
            @for court in &v.floor.courts {
                section.card.court-card {
                    h2 { (sheet_name(v.sheets, court.sheet)) }
                    @if court.playing(format) {
                        @for (i, side) in court.sides.iter().enumerate() {
                            @let label = lang.t(if i == 0 { Text::OpenPlaySideA } else { Text::OpenPlaySideB });
                            p.side { span.muted { (label) " " } (side_names(v.names, side)) }
                        }
                        div.actions {
                            @for (i, side) in [Text::OpenPlaySideA, Text::OpenPlaySideB].iter().enumerate() {
                                (desk_button(ctx, v, &[("action", "finish".into()), ("sheet", court.sheet.to_string()), ("winner", i.to_string())],
                                    &lang.format(Text::OpenPlayWon, &[("side", lang.t(*side))]), "button small"))
                            }
                        }
                    } @else {
                        p.muted { (lang.t(Text::OpenPlayWaitingForPlayers)) }
                        @for side in &court.sides { @if !side.is_empty() { p.side { (side_names(v.names, side)) } } }
                    }
                    // Someone hurt or going home leaves mid-game; the next in the queue takes
                    // their place.
                    @if court.sides.iter().any(|s| !s.is_empty()) {
                        details.take-off {
                            summary.link-button { (lang.t(Text::OpenPlayTakeOffTitle)) }
                            div.actions {
                                @for p in court.sides.iter().flatten() {
                                    (desk_button(ctx, v, &[("action", "leave".into()), ("account", p.to_string())],
                                        &lang.format(Text::OpenPlayTakeOff, &[("name", &name(v.names, *p))]), "button small secondary"))
                                }
                            }
                        }
                    }
                }
            }
        }
        section.card #queue {
            h2 { (lang.t(Text::OpenPlayQueue)) }
            @if v.floor.queue.is_empty() {
                p.muted { (lang.t(Text::OpenPlayQueueEmpty)) }
            } @else {
                ol.rows {
                    @for p in &v.floor.queue {
                        li.row {
                            span.grow { (name(v.names, *p)) }
                            (desk_button(ctx, v, &[("action", "leave".into()), ("account", p.to_string())], lang.t(Text::OpenPlayLeave), "button small secondary"))
                        }
                    }
                }
            }
        }
        section.card #arrivals {
            h2 { (lang.t(Text::OpenPlayArrivals)) }
            @if arrivals.is_empty() {
                p.muted { (lang.t(Text::OpenPlayNobody)) }
            } @else {
                ul.rows {
                    @for s in &arrivals {
                        li.row {
                            span.grow { (name(v.names, s.account)) }
                            (desk_button(ctx, v, &[("action", "check_in".into()), ("account", s.account.to_string())], lang.t(Text::OpenPlayCheckIn), "button small"))
                        }
                    }
                }
            }
        }
        @let walk_ins: Vec<(String, String)> = {
            let mut people: Vec<(String, String)> = v
                .names
                .iter()
                .filter(|(id, _)| v.roster.place_of(**id).is_none())
                .map(|(id, n)| (id.to_string(), n.clone()))
                .collect();
            people.sort_by(|a, b| a.1.cmp(&b.1));
            people
        };
        @if !walk_ins.is_empty() && (v.roster.playing.len() as i64) < v.session.draft.capacity {
            section.card #walk-in {
                h2 { (lang.t(Text::OpenPlayWalkIn)) }
                form.stack method="post" action=(paths::open_play_session(lang, &v.club.slug, v.session.id, "desk", Some(v.day))) hx-boost="false" {
                    (csrf(ctx))
                    input type="hidden" name="version" value=(v.version);
                    input type="hidden" name="action" value="walk_in";
                    (forms::select(lang, "account", Text::TeamMemberAccount, &walk_ins, "", &FieldErrors::new()))
                    button.button.small type="submit" { (lang.t(Text::OpenPlayWalkInAdd)) }
                }
            }
        }
        @if !resting.is_empty() {
            section.card #resting {
                h2 { (lang.t(Text::OpenPlayResting)) }
                ul.rows {
                    @for s in &resting {
                        li.row {
                            span.grow { (name(v.names, s.account)) }
                            (desk_button(ctx, v, &[("action", "rejoin".into()), ("account", s.account.to_string())], lang.t(Text::OpenPlayRejoin), "button small secondary"))
                        }
                    }
                }
            }
        }
    }
}

/// The court board for the club's TV: large type, each court's players and who is next.
pub fn board(ctx: &PageContext, v: &FloorView) -> Markup {
    let lang = ctx.lang;
    let url = paths::open_play_session(lang, &v.club.slug, v.session.id, "board", Some(v.day));
    html! {
        (DOCTYPE)
        html lang=(lang.tag()) {
            (layout::head(ctx, &format!("{} · {}", v.session.draft.name, v.club.name), html! {}))
            body.tv {
                div {
                    header.tv-head {
                        h1 { (v.session.draft.name) }
                        p { (v.club.name) " · " (v.day.format("%Y-%m-%d").to_string()) }
                    }
                    main.board-body {
                        (live_fragment(&url, &v.live_url, "court-board", board_body(lang, v)))
                    }
                }
            }
        }
    }
}

pub fn board_body(lang: Lang, v: &FloorView) -> Markup {
    let format = v.session.draft.format;
    html! {
        div.court-floor {
            @for court in &v.floor.courts {
                section.game-card.court-card {
                    h2 { (sheet_name(v.sheets, court.sheet)) }
                    @if court.playing(format) {
                        p.board-players { (side_names(v.names, &court.sides[0])) }
                        p.board-vs { (lang.t(Text::Versus)) }
                        p.board-players { (side_names(v.names, &court.sides[1])) }
                    } @else {
                        p.muted { (lang.t(Text::OpenPlayWaitingForPlayers)) }
                    }
                }
            }
        }
        section.game-card #next-up {
            h2 { (lang.t(Text::OpenPlayNextUp)) }
            @let next = v.floor.next_up();
            @if next.is_empty() {
                p.muted { (lang.t(Text::OpenPlayQueueEmpty)) }
            } @else {
                p.board-players { (side_names(v.names, &next)) }
                @let rest = v.floor.queue.len().saturating_sub(next.len());
                @if rest > 0 { p.muted { (lang.format(Text::OpenPlayWaitingCount, &[("n", &rest.to_string())])) } }
            }
        }
    }
}
