//! An event's spares page: the open requests (live), asking for a spare, and one's
//! availability. Contact details appear only between a requester and their spare.

use std::collections::HashMap;

use maud::{Markup, html};

use super::forms::{self, confirm_form, csrf};
use super::layout;
use crate::clubs::Club;
use crate::i18n::{Lang, Text};
use crate::scoring::board::Board;
use crate::scoring::{GameState, Position};
use crate::spares::notices::Contact;
use crate::spares::{Kind, SpareBoard, Status};
use crate::validation::FieldErrors;
use crate::web::{PageContext, paths};

/// The SSE event that tells a spares page to fetch its board again.
pub const SPARES_CHANGED: &str = "spares";

/// The ask form as typed (kept after a refusal).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct AskForm {
    pub game: String,
    pub position: String,
    pub message: String,
    pub kind: String,
    pub invitees: Vec<String>,
    pub allow_duplicate: String,
}

/// The availability form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct AvailabilityForm {
    pub active: String,
    pub positions: Vec<String>,
    pub max_up: String,
    pub notes: String,
}

pub struct SparesPage<'a> {
    pub club: &'a Club,
    pub board: &'a Board,
    pub spares: &'a SpareBoard,
    /// Names and addresses of the people on the board (addresses shown only where allowed).
    pub people: &'a HashMap<i64, Contact>,
    /// Club members who may be named in a private request (id, name).
    pub members: &'a [(i64, String)],
    pub viewer: i64,
    pub live_url: String,
    pub now: i64,
    /// A refused ask or availability form, with its messages.
    pub ask: Option<(&'a AskForm, &'a FieldErrors)>,
    pub offer: Option<(&'a AvailabilityForm, &'a FieldErrors)>,
    /// Why an accept, withdrawal or cancellation did not happen.
    pub alert: Option<Text>,
}

pub fn page(ctx: &PageContext, page: &SparesPage) -> Markup {
    let lang = ctx.lang;
    let (club, board) = (page.club, page.board);
    let board_url = paths::event_spares(lang, &club.slug, board.event.id);
    let title = format!("{} — {}", lang.t(Text::SparesTitle), board.event.name);
    let content = html! {
        p { a href=(paths::event(lang, &club.slug, board.event.id)) { "← " (board.event.name) } }
        h1 { (lang.t(Text::SparesTitle)) }
        p.lead { (lang.t(Text::SparesLead)) }
        // Outside the live board, so the board's next refresh does not take it away.
        @if let Some(alert) = page.alert {
            div.flash.flash-alert role="alert" tabindex="-1" autofocus { (lang.t(alert)) }
        }
        div.spares-grid {
            section.card aria-labelledby="open-requests" {
                h2 #open-requests { (lang.t(Text::SparesBoardTitle)) }
                div hx-ext="sse" sse-connect=(page.live_url) {
                    div #spare-board hx-get=(board_url)
                        hx-trigger=(format!("sse:{SPARES_CHANGED}"))
                        hx-swap="innerHTML" {
                        (board_fragment(ctx, page))
                    }
                }
            }
            div.stack {
                (ask_section(ctx, page))
                (availability_section(ctx, page))
            }
        }
    };
    layout::page(ctx, &title, content)
}

fn game_line(lang: Lang, board: &Board, game: i64) -> (String, String, String) {
    let Some(g) = board.game(game) else {
        return Default::default();
    };
    let when = board
        .draw(g.draw_id)
        .map(|d| d.local.format("%a %Y-%m-%d %H:%M").to_string())
        .unwrap_or_default();
    let teams = format!(
        "{} {} {}",
        board.team_name(g.teams[0]),
        lang.t(Text::Versus),
        board.team_name(g.teams[1])
    );
    (when, g.sheet.clone().unwrap_or_default(), teams)
}

/// The requests the viewer may see, by draw and sheet, with what they can do about each.
pub fn board_fragment(ctx: &PageContext, page: &SparesPage) -> Markup {
    let lang = ctx.lang;
    let (club, board) = (page.club, page.board);
    let name = |a: i64| {
        page.people
            .get(&a)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    let contact = |a: i64| {
        page.people
            .get(&a)
            .map(|c| html! { (c.name) " — " a href=(format!("mailto:{}", c.email)) { (c.email) } })
    };
    html! {
        @if page.spares.requests.is_empty() {
            p.muted { (lang.t(Text::SparesNone)) }
        } @else {
            ul.spare-list {
                @for r in &page.spares.requests {
                    @let (when, sheet, teams) = game_line(lang, board, r.game_id);
                    @let action = |what: &str| paths::event_part(lang, &club.slug, board.event.id, &format!("spares/{}/{what}", r.id));
                    li.spare.card id=(format!("spare-{}", r.id)) {
                        p.spare-when {
                            strong { (when) }
                            @if !sheet.is_empty() { " · " (sheet) }
                        }
                        p { (teams) }
                        p {
                            (board.team_name(r.team_id)) " — " (lang.t(r.position.label()))
                            @if r.kind == Kind::Private { " · " span.badge { (lang.t(Text::SparePrivateBadge)) } }
                            " · " span.badge { (lang.t(r.status.text())) }
                        }
                        @if !r.message.is_empty() { p.spare-message { "“" (r.message) "”" } }
                        @if r.requester == page.viewer {
                            @match r.filled_by {
                                Some(filler) => {
                                    p { (lang.t(Text::SpareFilledBy)) " " @if let Some(c) = contact(filler) { (c) } }
                                }
                                None => {
                                    p.muted { (lang.t(Text::SpareYourRequest)) }
                                }
                            }
                            (confirm_form(ctx, &action("cancel"), lang.t(Text::SpareCancel), "button secondary"))
                        } @else if r.filled_by == Some(page.viewer) {
                            p { strong { (lang.t(Text::SpareYouSpare)) } }
                            p { (lang.t(Text::SpareRequestedBy)) " " @if let Some(c) = contact(r.requester) { (c) } }
                            details.confirm {
                                summary.button.secondary { (lang.t(Text::SpareWithdraw)) }
                                form.stack.confirm-body method="post" action=(action("withdraw")) {
                                    (csrf(ctx))
                                    (forms::textarea(lang, "comment", Text::SpareWithdrawComment, "", &FieldErrors::new()))
                                    button.button.danger type="submit" { (lang.t(Text::SpareWithdraw)) }
                                }
                            }
                        } @else if page.spares.can_fill.contains(&r.id) {
                            p.muted { (lang.format(Text::SpareAskedBy, &[("name", &name(r.requester))])) }
                            // A whole-page post: a live refresh of the board while it is on its
                            // way must not swallow the answer ("someone else took it").
                            form.inline method="post" action=(action("accept")) hx-boost="false" {
                                (csrf(ctx))
                                button.button type="submit" { (lang.t(Text::SpareAccept)) }
                            }
                        } @else if r.status == Status::Open {
                            p.muted { (lang.t(Text::SpareNotForYou)) }
                        } @else if r.status == Status::Filled {
                            p.muted { (lang.t(Text::SpareTaken)) }
                        }
                    }
                }
            }
        }
    }
}

fn ask_section(ctx: &PageContext, page: &SparesPage) -> Markup {
    let lang = ctx.lang;
    let (club, board) = (page.club, page.board);
    let teams = &page.spares.teams;
    let games: Vec<(String, String)> = board
        .games
        .iter()
        .filter(|g| g.state == GameState::Scheduled)
        .filter(|g| {
            board
                .draw(g.draw_id)
                .is_some_and(|d| d.starts_at > page.now)
        })
        .filter(|g| teams.iter().any(|m| g.teams.contains(&m.team)))
        .map(|g| {
            let (when, sheet, versus) = game_line(lang, board, g.id);
            let sheet = if sheet.is_empty() {
                String::new()
            } else {
                format!(" · {sheet}")
            };
            (g.id.to_string(), format!("{when}{sheet} — {versus}"))
        })
        .collect();
    let none = FieldErrors::new();
    let default = AskForm {
        position: teams
            .first()
            .map(|m| m.position)
            .filter(|p| *p != Position::Alternate)
            .unwrap_or(crate::spares::positions(club.sport)[0])
            .as_str()
            .to_string(),
        kind: "public".into(),
        ..AskForm::default()
    };
    let (form, errors) = page.ask.unwrap_or((&default, &none));
    let positions: Vec<(String, String)> = crate::spares::positions(club.sport)
        .iter()
        .map(|p| (p.as_str().to_string(), lang.t(p.label()).to_string()))
        .collect();
    let kinds = [
        (Kind::Public, Text::SpareKindPublic),
        (Kind::Private, Text::SpareKindPrivate),
    ];
    html! {
        section.card aria-labelledby="ask" {
            h2 #ask { (lang.t(Text::SpareAskTitle)) }
            @if teams.is_empty() || games.is_empty() { (forms::form_error(lang, errors)) }
            @if teams.is_empty() {
                p.muted { (lang.t(Text::SpareNoTeam)) }
            } @else if games.is_empty() {
                p.muted { (lang.t(Text::SpareNoGames)) }
            } @else {
                form.stack method="post" action=(paths::event_part(lang, &club.slug, board.event.id, "spares")) {
                    (csrf(ctx))
                    (forms::form_error(lang, errors))
                    (forms::select(lang, "game", Text::SpareGame, &games, &form.game, errors))
                    @if errors.get("game") == Some(Text::SpareDuplicate) {
                        div.field.checkbox {
                            label { input type="checkbox" name="allow_duplicate" value="on"; " " (lang.t(Text::SpareAllowDuplicate)) }
                        }
                    }
                    @if positions.len() > 1 {
                        (forms::select(lang, "position", Text::SparePosition, &positions, &form.position, errors))
                    } @else {
                        input type="hidden" name="position" value=(positions[0].0);
                    }
                    (forms::textarea(lang, "message", Text::SpareMessage, &form.message, errors))
                    fieldset.field.field-invalid[errors.get("kind").is_some()] {
                        legend { (lang.t(Text::SpareKind)) }
                        @for (kind, label) in kinds {
                            label.choice { input type="radio" name="kind" value=(kind.as_str()) checked[form.kind == kind.as_str()]; " " (lang.t(label)) }
                        }
                    }
                    @if !page.members.is_empty() {
                        fieldset.field.field-invalid[errors.get("invitees").is_some()] {
                            legend { (lang.t(Text::SpareInvitees)) }
                            @if let Some(e) = errors.get("invitees") { p.field-error { (lang.t(e)) } }
                            div.choices {
                                @for (id, member) in page.members.iter().filter(|(id, _)| *id != page.viewer) {
                                    label.choice { input type="checkbox" name="invitees" value=(id) checked[form.invitees.contains(&id.to_string())]; " " (member) }
                                }
                            }
                        }
                    }
                    button.button type="submit" { (lang.t(Text::SpareAskButton)) }
                }
            }
        }
    }
}

fn availability_section(ctx: &PageContext, page: &SparesPage) -> Markup {
    let lang = ctx.lang;
    let (club, board) = (page.club, page.board);
    let mine = page.spares.mine.as_ref();
    let saved = AvailabilityForm {
        active: if mine.is_some_and(|m| m.active) {
            "on".into()
        } else {
            String::new()
        },
        positions: mine
            .map(|m| m.positions.iter().map(|p| p.as_str().to_string()).collect())
            .unwrap_or_default(),
        max_up: mine.map_or(0, |m| m.max_up).to_string(),
        notes: mine.map(|m| m.notes.clone()).unwrap_or_default(),
    };
    let none = FieldErrors::new();
    let (form, errors) = page.offer.unwrap_or((&saved, &none));
    let max_up: Vec<(String, String)> = [
        Text::SpareMaxUp0,
        Text::SpareMaxUp1,
        Text::SpareMaxUp2,
        Text::SpareMaxUp3,
    ]
    .iter()
    .enumerate()
    .map(|(i, t)| (i.to_string(), lang.t(*t).to_string()))
    .collect();
    let positions = crate::spares::positions(club.sport);
    html! {
        section.card aria-labelledby="availability" {
            h2 #availability { (lang.t(Text::AvailabilityTitle)) }
            p.muted { (lang.t(Text::AvailabilityLead)) }
            form.stack method="post" action=(paths::event_part(lang, &club.slug, board.event.id, "spares/availability")) {
                (csrf(ctx))
                (forms::form_error(lang, errors))
                div.field.checkbox {
                    label { input type="checkbox" name="active" value="on" checked[form.active == "on"]; " " (lang.t(Text::AvailabilityActive)) }
                }
                @if positions.len() > 1 {
                    fieldset.field.field-invalid[errors.get("positions").is_some()] {
                        legend { (lang.t(Text::AvailabilityPositions)) }
                        @if let Some(e) = errors.get("positions") { p.field-error { (lang.t(e)) } }
                        div.choices {
                            @for p in positions {
                                label.choice { input type="checkbox" name="positions" value=(p.as_str()) checked[form.positions.iter().any(|v| v == p.as_str())]; " " (lang.t(p.label())) }
                            }
                        }
                    }
                    (forms::select(lang, "max_up", Text::AvailabilityMaxUp, &max_up, &form.max_up, errors))
                } @else {
                    input type="hidden" name="positions" value=(positions[0].as_str());
                    input type="hidden" name="max_up" value="0";
                }
                (forms::Input::text("notes", Text::AvailabilityNotes, &form.notes).optional().render(lang, errors))
                button.button type="submit" { (lang.t(Text::Save)) }
            }
        }
    }
}

/// The team edit page's section linking club members to the team.
pub struct TeamMembersPart<'a> {
    pub club: &'a Club,
    pub event: i64,
    pub team: i64,
    /// On this team: (account, name, position).
    pub linked: &'a [(i64, String, Position)],
    /// Club members on no team of the event (id, name).
    pub free: &'a [(i64, String)],
}

pub fn team_members(ctx: &PageContext, part: &TeamMembersPart) -> Markup {
    let lang = ctx.lang;
    let slug = &part.club.slug;
    let positions: Vec<(String, String)> = match part.club.sport {
        crate::sports::Sport::Curling => Position::CURLING.to_vec(),
        crate::sports::Sport::Pickleball => vec![Position::Player],
    }
    .into_iter()
    .map(|p| (p.as_str().to_string(), lang.t(p.label()).to_string()))
    .collect();
    let members: Vec<(String, String)> = part
        .free
        .iter()
        .map(|(id, name)| (id.to_string(), name.clone()))
        .collect();
    let none = FieldErrors::new();
    html! {
        section.card aria-labelledby="team-members" {
            h2 #team-members { (lang.t(Text::TeamMembersTitle)) }
            p.muted { (lang.t(Text::TeamMembersLead)) }
            @if part.linked.is_empty() {
                p { (lang.t(Text::TeamMembersNone)) }
            } @else {
                ul.plain {
                    @for (account, name, position) in part.linked {
                        li {
                            (name) " — " (lang.t(position.label())) " "
                            (confirm_form(ctx, &paths::team_part(lang, slug, part.event, part.team, &format!("members/{account}/remove")), lang.t(Text::Remove), "link-button"))
                        }
                    }
                }
            }
            @if !members.is_empty() {
                form.stack method="post" action=(paths::team_part(lang, slug, part.event, part.team, "members")) {
                    (csrf(ctx))
                    (forms::select(lang, "account", Text::TeamMemberAccount, &members, "", &none))
                    @if positions.len() > 1 {
                        (forms::select(lang, "position", Text::SparePosition, &positions, "lead", &none))
                    } @else {
                        input type="hidden" name="position" value="player";
                    }
                    button.button type="submit" { (lang.t(Text::TeamMemberAdd)) }
                }
            }
        }
    }
}
